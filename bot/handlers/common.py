"""Small pieces every feature's handlers need, kept once so the features cannot drift apart."""

from __future__ import annotations

import logging

from telegram import Chat, InlineKeyboardMarkup, Message, Update, User
from telegram.error import BadRequest

log = logging.getLogger(__name__)


async def edit_or_reply(
    message: Message, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Replace a message the user pressed a button on; Telegram refuses edits of old or
    unchanged messages, and then a fresh reply still gets the answer across."""
    try:
        await message.edit_text(text, reply_markup=markup)
    except BadRequest:
        log.debug("could not edit message %s; replying instead", message.message_id)
        await message.reply_text(text, reply_markup=markup)


async def in_group(update: Update, refusal: str) -> tuple[Message, Chat, User] | None:
    """The message, group and user of a command that belongs to a group; in a private chat the
    user hears `refusal` and gets None."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return None
    if chat.type == Chat.PRIVATE:
        await message.reply_text(refusal)
        return None
    return message, chat, user
