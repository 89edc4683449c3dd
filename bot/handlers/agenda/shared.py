"""What the agenda handlers share: buttons, where a command may run, who may press, which
groups a member is in, and links to a vote."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from telegram import Chat, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update, User
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError
from telegram.helpers import create_deep_linked_url

from bot import callbacks
from bot.agenda.calendar_desk import VoteLink
from bot.context import BotContext
from bot.handlers.common import in_group
from bot.permissions import is_board
from bot.polls.records import PollRecord
from bot.texts import agenda as texts

MAX_BUTTONS = 20
MAX_GROUPS_CHECKED = 50
_MEMBER_STATUSES = (
    ChatMemberStatus.MEMBER,
    ChatMemberStatus.ADMINISTRATOR,
    ChatMemberStatus.OWNER,
    ChatMemberStatus.RESTRICTED,
)


def markup(rows: list[tuple[str, str]]) -> InlineKeyboardMarkup | None:
    """One button per row: (label, callback data)."""
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label[:64], callback_data=data)] for label, data in rows]
    )


def argument_text(message: Message) -> str:
    """Everything after the command word, with the user's own spacing."""
    parts = re.split(r"\s", message.text or "", maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


def epoch(moment: datetime) -> int:
    """An occurrence in callback data: seconds since 1970 (UTC)."""
    return int(moment.timestamp())


def from_epoch(value: str) -> datetime:
    return datetime.fromtimestamp(int(value), UTC)


async def group_title(context: BotContext, chat_id: int) -> str:
    title = await context.agenda.group_title(chat_id)
    if title:
        return title
    try:
        chat = await context.bot.get_chat(chat_id)
    except TelegramError:
        return texts.UNKNOWN_GROUP
    return chat.title or texts.UNKNOWN_GROUP


async def board_in_group(
    update: Update, context: BotContext, action: str
) -> tuple[Message, Chat, User] | None:
    found = await in_group(update, texts.GROUP_ONLY)
    if found is None:
        return None
    message, chat, user = found
    if not await is_board(context, chat, user):
        await message.reply_text(texts.NOT_BOARD.format(action=action))
        return None
    return found


async def board_button(update: Update, context: BotContext) -> tuple[Message, Chat, User] | None:
    """A button pressed in a group by a board member (others get an alert)."""
    query = update.callback_query
    if query is None or context.match is None or not isinstance(query.message, Message):
        return None
    chat = query.message.chat
    if not await is_board(context, chat, query.from_user):
        await query.answer(texts.BUTTON_NOT_BOARD, show_alert=True)
        return None
    await query.answer()
    return query.message, chat, query.from_user


async def is_member(context: BotContext, chat_id: int, user_id: int) -> bool:
    try:
        member = await context.bot.get_chat_member(chat_id, user_id)
    except TelegramError:
        return False
    return member.status in _MEMBER_STATUSES


async def member_agendas(context: BotContext, user_id: int) -> list[int]:
    """The groups the bot knows that the member is in, one per shared agenda (linked groups
    of one organisation count once), so private commands can ask "which group?"."""
    groups = sorted(await context.agenda.known_groups())[:MAX_GROUPS_CHECKED]
    result: list[int] = []
    covered: set[int] = set()
    for chat_id in groups:
        if chat_id in covered or not await is_member(context, chat_id, user_id):
            continue
        result.append(chat_id)
        covered.update(await context.agenda.scope(chat_id))
    return result


def vote_link(context: BotContext) -> VoteLink:
    """Where to vote: the vote's message in a supergroup, else the bot's deep link."""
    username = context.bot.username

    def link(poll: PollRecord) -> str:
        chat = str(poll.chat_id)
        if chat.startswith("-100") and len(chat) > 4 and poll.message_id is not None:
            return f"https://t.me/c/{chat[4:]}/{poll.message_id}"
        return create_deep_linked_url(username, callbacks.VOTE_LINK.payload(poll.id))

    return link
