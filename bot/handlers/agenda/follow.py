"""Following a group's reminders in private: /volg, /ontvolg and the `/start volg...` link.

In private the bot asks which group with buttons when the member is in several (linked groups
of one organisation share an agenda and count once); membership is what Telegram says
(getChatMember) about the groups the bot has seen.
"""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import Chat, Message, Update, User
from telegram.helpers import create_deep_linked_url

from bot import callbacks
from bot.clock import now_utc
from bot.context import BotContext
from bot.handlers.agenda.shared import (
    MAX_BUTTONS,
    group_title,
    is_member,
    markup,
    member_agendas,
)
from bot.handlers.common import edit_or_reply
from bot.texts import agenda as texts


@dataclass(frozen=True)
class _GroupChoice:
    """What /volg or /ontvolg does to one group, and how it offers a choice of several."""

    action: Callable[[BotContext, User, int], Awaitable[str]]
    route: callbacks.Route
    none_text: str
    choose_text: str


async def _for_groups(
    context: BotContext,
    message: Message,
    user: User,
    groups: list[int],
    choice: _GroupChoice,
) -> None:
    """Nothing to do, the one group at once, or buttons."""
    if not groups:
        await message.reply_text(choice.none_text)
    elif len(groups) == 1:
        await message.reply_text(await choice.action(context, user, groups[0]))
    else:
        rows = [(await group_title(context, g), choice.route.data(g)) for g in groups]
        await message.reply_text(choice.choose_text, reply_markup=markup(rows[:MAX_BUTTONS]))


async def _follow(context: BotContext, user: User, chat_id: int) -> str:
    group = html.escape(await group_title(context, chat_id), quote=False)
    added = await context.agenda.follow(user.id, chat_id, now_utc())
    reply = (texts.FOLLOW_DONE if added else texts.FOLLOW_ALREADY).format(group=group)
    if await context.agenda.has_started(user.id):
        return reply
    link = create_deep_linked_url(context.bot.username, callbacks.FOLLOW_LINK.payload(chat_id))
    return reply + "\n\n" + texts.FOLLOW_START_FIRST.format(link=link)


_FOLLOW = _GroupChoice(
    _follow, callbacks.AGENDA_FOLLOW, texts.FOLLOW_NO_GROUPS, texts.FOLLOW_CHOOSE
)


async def follow_command(update: Update, context: BotContext) -> None:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    if chat.type != Chat.PRIVATE:
        await message.reply_text(await _follow(context, user, chat.id))
        return
    groups = await member_agendas(context, user.id)
    followed = set(await context.agenda.followed(user.id))
    open_groups = []
    for chat_id in groups:
        if not followed & set(await context.agenda.scope(chat_id)):
            open_groups.append(chat_id)
    if groups and not open_groups:
        names = [html.escape(await group_title(context, g), quote=False) for g in groups]
        await message.reply_text(texts.FOLLOW_ALL_DONE.format(groups=texts.join_words(names)))
        return
    await _for_groups(context, message, user, open_groups, _FOLLOW)


async def follow_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or context.match is None or not isinstance(query.message, Message):
        return
    chat_id = int(context.match.group("chat"))
    if not await is_member(context, chat_id, query.from_user.id):
        await query.answer(texts.FOLLOW_NOT_MEMBER, show_alert=True)
        return
    await query.answer()
    await edit_or_reply(query.message, await _follow(context, query.from_user, chat_id))


async def follow_start(update: Update, context: BotContext) -> None:
    """`/start volg-1001` from the link in FOLLOW_START_FIRST: confirm the subscription."""
    message, user = update.effective_message, update.effective_user
    value = callbacks.FOLLOW_LINK.value_of(message.text if message else None)
    if value is None or message is None or user is None:
        return
    chat_id = int(value)
    if not await is_member(context, chat_id, user.id):
        await message.reply_text(texts.FOLLOW_NOT_MEMBER)
        return
    await message.reply_text(await _follow(context, user, chat_id))


async def _unfollow(context: BotContext, user: User, chat_id: int) -> str:
    group = html.escape(await group_title(context, chat_id), quote=False)
    removed = await context.agenda.unfollow(user.id, chat_id, now_utc())
    return (texts.UNFOLLOW_DONE if removed else texts.UNFOLLOW_NOT_FOLLOWING).format(group=group)


_UNFOLLOW = _GroupChoice(
    _unfollow, callbacks.AGENDA_UNFOLLOW, texts.UNFOLLOW_NONE, texts.UNFOLLOW_CHOOSE
)


async def unfollow_command(update: Update, context: BotContext) -> None:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    if chat.type != Chat.PRIVATE:
        await message.reply_text(await _unfollow(context, user, chat.id))
        return
    followed = await context.agenda.followed(user.id)
    await _for_groups(context, message, user, followed, _UNFOLLOW)


async def unfollow_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or context.match is None or not isinstance(query.message, Message):
        return
    chat_id = int(context.match.group("chat"))
    await query.answer()
    await edit_or_reply(query.message, await _unfollow(context, query.from_user, chat_id))
