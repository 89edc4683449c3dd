"""/mijngegevens and /vergeetmij: in the private chat only, removal after a confirmation."""

from __future__ import annotations

import contextlib
from html import escape

from telegram import Chat, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError

from bot import callbacks
from bot.clock import now_utc
from bot.context import BotContext
from bot.delivery.private import send_private
from bot.handlers.polls.common import split_message
from bot.texts import privacy as texts


async def _private(update: Update) -> Message | None:
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return None
    if chat.type != Chat.PRIVATE:
        await message.reply_text(texts.PRIVATE_ONLY)
        return None
    return message


async def my_data_command(update: Update, context: BotContext) -> None:
    message = await _private(update)
    user = update.effective_user
    if message is None or user is None:
        return
    data = await context.privacy.export(user.id, now_utc(), context.settings.tz)
    for chunk in split_message(data.summary):
        await message.reply_text(chunk)
    await message.reply_document(
        data.json_file, filename=texts.MY_DATA_FILENAME, caption=texts.MY_DATA_CAPTION
    )


async def forget_command(update: Update, context: BotContext) -> None:
    message = await _private(update)
    user = update.effective_user
    if message is None or user is None:
        return
    board = await context.privacy.has_board_actions(user.id)
    markup = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(texts.FORGET_YES, callback_data=callbacks.FORGET.data("ja"))],
            [InlineKeyboardButton(texts.FORGET_NO, callback_data=callbacks.FORGET.data("nee"))],
        ]
    )
    ask = texts.FORGET_ASK + (texts.FORGET_BOARD_NOTE if board else "")
    await message.reply_text(ask, reply_markup=markup)


async def forget_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or context.match is None or not isinstance(query.message, Message):
        return
    await query.answer()
    if context.match.group("answer") != "ja":
        await query.message.edit_text(texts.FORGET_CANCELLED)
        return
    # The button is in the private chat of the user who pressed it: only they can forget
    # themselves, whoever sent the command.
    forgotten = await context.privacy.forget(query.from_user.id, now_utc())
    await query.message.edit_text(texts.FORGET_DONE if forgotten.removed else texts.FORGET_NOTHING)
    for proxy in forgotten.ended_proxies:
        if proxy.grantor_user_id is not None:
            notice = texts.proxy_ended_by_forget(proxy.poll_id, escape(proxy.unit_label))
            with contextlib.suppress(TelegramError):  # a notice never undoes the removal
                await send_private(context.bot, proxy.grantor_user_id, notice)
