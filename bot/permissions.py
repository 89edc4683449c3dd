"""Who counts as board: operators from the configuration plus the group's administrators."""

from __future__ import annotations

from telegram import Chat, User
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError

from bot.context import BotContext


async def is_operator(context: BotContext, user: User | None) -> bool:
    return user is not None and user.id in context.settings.admins


async def is_group_admin(context: BotContext, chat_id: int, user: User | None) -> bool:
    if user is None:
        return False
    try:
        member = await context.bot.get_chat_member(chat_id, user.id)
    except TelegramError:
        return False
    return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


async def is_board(context: BotContext, chat: Chat | None, user: User | None) -> bool:
    """Board rights in a group chat: an operator or an administrator of that group."""
    if await is_operator(context, user):
        return True
    if chat is None or chat.type == Chat.PRIVATE:
        return False
    return await is_group_admin(context, chat.id, user)
