"""Shared pieces of the voting handlers: organisations, board rights, finding the poll a
command is about, and sending privately.

Which organisation a command is about follows from where it is typed: a group chat belongs to
exactly one organisation (created on first use, named after the group; more groups can be
linked to it with /koppel); in a private chat the poll number decides, or the organisations the
user is board or member of.
"""

from __future__ import annotations

import html
import logging
import re

from telegram import (
    CallbackQuery,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
    User,
)

from bot import callbacks
from bot.context import BotContext
from bot.delivery.private import send_private
from bot.permissions import is_group_admin, is_operator
from bot.polls import records as pr
from bot.polls.render import poll_ref
from bot.polls.service import Voter
from bot.texts import board as board_texts
from bot.texts import common as common_texts
from bot.texts import roster as roster_texts
from bot.texts.common import escape as escape
from bot.texts.votes import VOTE_UNKNOWN_POLL

log = logging.getLogger(__name__)

MESSAGE_LIMIT = 3800  # below Telegram's 4096, leaving room for a heading
PICK_LIMIT = 8  # polls offered as buttons to a command typed without a number

_COMMAND_PREFIX = re.compile(r"^/\w+(?:@\w+)?\s*")


def command_body(message: Message) -> str:
    """The text after the command, with its line breaks kept."""
    return _COMMAND_PREFIX.sub("", (message.text or "").strip(), count=1).strip()


def poll_number(arg: str) -> int | None:
    """A poll number as typed ("12" or "#12"); None when it is not one."""
    number = arg.lstrip("#")
    return int(number) if number.isdigit() else None


def display_name(user: User) -> str:
    return user.full_name or user.first_name


def signed_name(user: User) -> str:
    """How a person is named in a record that keeps it as it was: "name (@user)"."""
    name = display_name(user)
    return pr.person_label(name, user.username, name)


def voter(user: User) -> Voter:
    return Voter(user.id, user.username, display_name(user))


async def link_user(context: BotContext, user: User | None) -> None:
    """Roster rows imported with only a username get this user's id on first contact."""
    if user is not None:
        await context.polls.roster.link_username(user.id, user.username, display_name(user))


# --- organisations and rights ----------------------------------------------------------


async def group_organisation(context: BotContext, chat: Chat) -> pr.Organisation:
    return await context.polls.orgs.for_group(chat.id, chat.title)


async def is_org_board(context: BotContext, org: pr.Organisation, user: User | None) -> bool:
    """Board of this organisation: an operator or an administrator of one of its groups."""
    if await is_operator(context, user):
        return True
    for chat_id in org.chat_ids:
        if await is_group_admin(context, chat_id, user):
            return True
    return False


async def is_board_here(
    context: BotContext, chat: Chat, org: pr.Organisation, user: User | None
) -> bool:
    """Board rights for a command: typed in a group, board of that group (an administrator
    there or an operator); typed in private, board of any group linked to the organisation."""
    if chat.type == Chat.PRIVATE:
        return await is_org_board(context, org, user)
    return await is_operator(context, user) or await is_group_admin(context, chat.id, user)


async def board_organisations(context: BotContext, user: User | None) -> list[pr.Organisation]:
    organisations = await context.polls.orgs.organisations()
    if await is_operator(context, user):
        return organisations
    return [org for org in organisations if await is_org_board(context, org, user)]


async def user_organisations(
    context: BotContext, user: User | None, *, board: bool
) -> list[pr.Organisation]:
    """The organisations a private command may be about: where the user is board, and for a
    member's command also those where they are a member (each once, board ones first)."""
    organisations = await board_organisations(context, user)
    if not board and user is not None:
        known = {org.id for org in organisations}
        organisations += [
            org
            for org in await context.polls.orgs.member_organisations(user.id)
            if org.id not in known
        ]
    return organisations


async def board_press(
    query: CallbackQuery, context: BotContext, org_id: int | None, gone: str
) -> pr.Organisation | None:
    """The organisation of what a board button names, if the presser is its board; otherwise
    the press is answered (`gone` when the thing or its organisation no longer exists)."""
    org = await context.polls.orgs.organisation(org_id) if org_id is not None else None
    if org is None:
        await query.answer(gone, show_alert=True)
        return None
    if not await is_org_board(context, org, query.from_user):
        await query.answer(common_texts.BOARD_ONLY, show_alert=True)
        return None
    return org


async def board_poll_press(
    update: Update, context: BotContext
) -> tuple[CallbackQuery, Message, pr.PollRecord] | None:
    """A confirmation button on a poll ("nu sluiten?", "eerder sluiten?", "uitkomst
    vervangen?"): the press, its message and the poll, answered, if the presser is board of
    the poll's organisation; otherwise the press is answered with why not."""
    query = update.callback_query
    if query is None or context.match is None or not isinstance(query.message, Message):
        return None
    poll = await context.polls.votes.poll(int(context.match.group("poll")))
    org_id = poll.org_id if poll else None
    org = await board_press(query, context, org_id, VOTE_UNKNOWN_POLL)  # answers a refusal
    if poll is None or org is None:
        return None
    await query.answer()
    return query, query.message, poll


async def is_member(context: BotContext, org: pr.Organisation, user: User | None) -> bool:
    if user is None:
        return False
    return await context.polls.roster.is_member(org.id, user.id)


async def command_organisation(
    update: Update, context: BotContext, *, board: bool, command: str
) -> pr.Organisation | None:
    """The organisation a poll-less command is about, replying when there is none.

    Group: that group's organisation (board rights checked when `board`). Private: the one
    organisation the user is board of, or buttons to choose when there are several.
    """
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None:
        return None
    await link_user(context, user)
    if chat.type != Chat.PRIVATE:
        org = await group_organisation(context, chat)
        if board and not await is_board_here(context, chat, org, user):
            await message.reply_text(common_texts.BOARD_ONLY)
            return None
        return org
    candidates = await user_organisations(context, user, board=board)
    if not candidates:
        await message.reply_text(
            roster_texts.NO_ORGANISATION if not board else roster_texts.NO_BOARD_ORG
        )
        return None
    if len(candidates) == 1:
        return candidates[0]
    buttons = [
        [
            InlineKeyboardButton(
                org.name[:60], callback_data=callbacks.CHOOSE_ORG.data(command, org.id)
            )
        ]
        for org in candidates[:20]
    ]
    await message.reply_text(roster_texts.CHOOSE_ORG, reply_markup=InlineKeyboardMarkup(buttons))
    return None


async def open_poll_and_rest(
    update: Update, context: BotContext, *, board: bool, usage: str
) -> tuple[pr.PollRecord, str] | None:
    """'/cmd <nr> <rest>': the open poll and the rest of the command; None (after the usage or
    the refusal) when either is missing."""
    message = update.effective_message
    args = context.args or []
    if message is None:
        return None
    if len(args) < 2:
        await message.reply_text(usage)
        return None
    poll = await resolve_poll(update, context, args[:1], board=board, usage=usage, open_only=True)
    if poll is None:
        return None
    return poll, command_body(message).split(maxsplit=1)[1]


async def resolve_poll(
    update: Update,
    context: BotContext,
    args: list[str],
    *,
    board: bool,
    usage: str,
    open_only: bool = False,
    command: str | None = None,
    allow_withdrawn: bool = False,
) -> pr.PollRecord | None:
    """The poll named by the first argument, within the organisations the user may see.

    Without a number: in a group the only open poll of its organisation (or the latest when
    `open_only` is false and none is open); otherwise, for a `command` that can be chosen by
    button, the open (or recent) polls as buttons (`callbacks.POLL_PICK`), else `usage`.
    Replies itself when the poll cannot be used.
    """
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None:
        return None
    await link_user(context, user)
    group_org = await group_organisation(context, chat) if chat.type != Chat.PRIVATE else None
    if not args:
        poll = None
        if group_org is not None:
            poll = await context.polls.votes.implied_poll(group_org.id, open_only=open_only)
        if poll is None:
            if command is None or not await _offer_polls(
                update, context, command, group_org, board=board, open_only=open_only
            ):
                await message.reply_text(usage)
            return None
    else:
        number = poll_number(args[0])
        if number is None:
            await message.reply_text(
                board_texts.poll_number_invalid(html.escape(args[0])) + "\n\n" + usage
            )
            return None
        poll = await context.polls.votes.poll(number)
        if poll is None:
            await message.reply_text(board_texts.poll_not_found(number))
            return None
    allowed = await check_poll(
        update, context, poll, board=board, open_only=open_only, allow_withdrawn=allow_withdrawn
    )
    return poll if allowed else None


async def check_poll(
    update: Update,
    context: BotContext,
    poll: pr.PollRecord,
    *,
    board: bool,
    open_only: bool = False,
    allow_withdrawn: bool = False,
) -> bool:
    """Whether the user may use `poll` here (replying why not): it belongs to this group's
    organisation, the user is board (`board`) or member of it, it is open (`open_only`) and
    not withdrawn (unless `allow_withdrawn`)."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None:
        return False
    group_org = await group_organisation(context, chat) if chat.type != Chat.PRIVATE else None
    org = await context.polls.orgs.organisation(poll.org_id)
    assert org is not None
    if group_org is not None and group_org.id != org.id:
        await message.reply_text(board_texts.poll_not_found(poll.id))
        return False
    if board:
        if not await is_board_here(context, chat, org, user):
            if group_org is None and not await is_member(context, org, user):
                await message.reply_text(board_texts.poll_not_found(poll.id))
            else:
                await message.reply_text(common_texts.BOARD_ONLY)
            return False
    elif (
        group_org is None
        and not await is_member(context, org, user)
        and not await is_org_board(context, org, user)
    ):
        await message.reply_text(board_texts.poll_not_found(poll.id))
        return False
    if poll.withdrawn and not allow_withdrawn:
        await message.reply_text(board_texts.poll_withdrawn(poll.id))
        return False
    if open_only and not poll.is_open:
        await message.reply_text(board_texts.poll_already_closed(poll.id, poll_ref(poll)))
        return False
    return True


async def _offer_polls(
    update: Update,
    context: BotContext,
    command: str,
    group_org: pr.Organisation | None,
    *,
    board: bool,
    open_only: bool,
) -> bool:
    """The polls a command without a number may be about, as buttons; false when there are
    none to offer (the caller shows its usage). A member gets no board command's choice."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None:
        return False
    if group_org is not None:
        if board and not await is_board_here(context, chat, group_org, user):
            await message.reply_text(common_texts.BOARD_ONLY)
            return True
        organisations = [group_org]
    else:
        organisations = await user_organisations(context, user, board=board)
    polls: list[pr.PollRecord] = []
    for org in organisations[:10]:
        polls += await context.polls.votes.recent(org.id, limit=PICK_LIMIT, open_only=open_only)
    if not polls:
        return False
    polls.sort(key=lambda p: (not p.is_open, -p.id))
    rows = [
        [
            InlineKeyboardButton(
                board_texts.pick_button(poll.id, poll.question, poll.is_open),
                callback_data=callbacks.POLL_PICK.data(command, poll.id),
            )
        ]
        for poll in polls[:PICK_LIMIT]
    ]
    await message.reply_text(
        board_texts.pick_poll(command, open_only), reply_markup=InlineKeyboardMarkup(rows)
    )
    return True


async def linked_org(
    update: Update, context: BotContext, link: callbacks.DeepLink
) -> tuple[Message, User, pr.Organisation] | None:
    """The organisation a `/start` deep link names, or a reply saying it is unknown."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return None
    await link_user(context, user)
    number = link.value_of(message.text)
    org = await context.polls.orgs.organisation(int(number)) if number else None
    if org is None:
        await message.reply_text(roster_texts.REGISTER_UNKNOWN_ORG)
        return None
    return message, user, org


# --- sending -----------------------------------------------------------------------------


async def reply_privately(update: Update, context: BotContext, *parts: str) -> bool:
    """Board reports go to the private chat; in a group the bot says so, or how to start."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return False
    for part in parts:
        if chat.type == Chat.PRIVATE:
            await message.reply_text(part)
        elif not await send_private(context.bot, user.id, part):
            await message.reply_text(board_texts.start_private_first(context.bot.username))
            return False
    if chat.type != Chat.PRIVATE:
        await message.reply_text(board_texts.SENT_PRIVATELY)
    return True


def split_message(lines: list[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Lines joined into messages that stay under Telegram's length limit."""
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for line in lines:
        if current and size + len(line) + 1 > limit:
            chunks.append("\n".join(current))
            current, size = [], 0
        current.append(line[:limit])
        size += len(line) + 1
    if current:
        chunks.append("\n".join(current))
    return chunks
