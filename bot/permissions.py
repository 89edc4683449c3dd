"""Who may do what: one table of roles for every command and every button, and the checks.

Roles, from least to most: a stranger (anyone who writes to the bot), a member (of an
organisation: approved in its roster or in one of its groups), the board (an administrator of
one of the organisation's groups, or an operator) and an operator (RAO_BOT_ADMINS).

The gate in `bot/handlers/__init__.py` enforces the board and operator rows before any
handler runs, with a short Dutch reply, so a refused command changes nothing. Member rows are
checked by the features themselves, because membership depends on the organisation a vote or
meeting belongs to; their handlers answer non-members with a reply of their own. Handlers still
check the precise organisation (board of *this* vote's organisation).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum

from telegram import Bot, Chat, User
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError

from bot.context import BotContext


class Role(IntEnum):
    STRANGER = 0
    MEMBER = 1
    BOARD = 2
    OPERATOR = 3


S, M, B, OP = Role.STRANGER, Role.MEMBER, Role.BOARD, Role.OPERATOR

COMMANDS: dict[str, Role] = {
    # basics and privacy
    "start": S, "help": S, "mijngegevens": S, "vergeetmij": S, "status": OP,
    # questions
    "vraag": S, "v": S, "begrippen": S, "acmwacht": B, "herlaad": B, "acmlog": B,
    "onbeantwoord": B,
    # votes, roster, organisations
    "aanmelden": S, "stop": S, "stemmingen": M, "uitslag": M, "toelichting": M,
    "organisatie": M, "mandaat": B, "peiling": B, "scan": B, "sluit": B, "verleng": B,
    "herinner": B, "opkomst": B, "uitkomst": B, "export": B, "wijzig": B, "leden": B,
    "stemwijze": B, "koppelcode": B, "koppel": B, "ontkoppel": B, "volmachten": B,
    "intrekken": B,
    "volmacht": M, "besluiten": M,
    # agenda
    "agenda": M, "ics": M, "volg": M, "ontvolg": M, "vergadering": B, "annuleer": B,
    "verplaats": B, "abonneer": B, "opzeggen": B,
    # shown to members, changed by the board only (the handler checks a change)
    "vergaderduur": M, "herinneringen": M,
    # the dashboard (members get their own view) and the board's calendar feed link
    "dashboard": M, "agendalink": B,
}  # fmt: skip

# Buttons by the prefix of their callback route (bot/callbacks.py).
BUTTONS: dict[str, Role] = {
    "pv": M, "pvc": M, "pvk": M, "ps": M, "pq": M, "pw": M, "pl": B, "pm": B, "pmk": B,
    "pk": B, "pr": S, "lr": B, "la": B, "ly": B, "lv": B, "pb": B, "pe": B, "po": B, "pu": B,
    # the vote picker serves member commands (/uitslag) too; the command's handler checks
    "pp": M,
    "agd:x": B, "agd:w": B, "agd:y": B, "agd:n": B, "agd:k": B, "agd:d": B, "agd:m": B, "agd:r": B,
    "agd:s": B, "agd:o": B, "agd:a": M, "agd:i": M, "agd:f": M, "agd:u": M,
    "k": S, "ks": S, "kb": S, "km": S, "kr": S,
}  # fmt: skip


# Dashboard pages (bot/web) by name: what each needs in the organisation it shows.
WEB_PAGES: dict[str, Role] = {
    "board": B, "poll": B, "export": B, "remind": B, "decide": B, "member": M,
}  # fmt: skip


# Board commands (in the board's menu) whose bare form only shows a setting, which members may
# see; their handlers check the board for a change.
BOARD_SETTINGS_SHOWN_TO_MEMBERS = frozenset({"vergaderduur", "herinneringen"})


def command_role(name: str) -> Role:
    """Unknown commands need no role: nothing handles them."""
    return COMMANDS.get(name.lower(), Role.STRANGER)


def button_role(data: str) -> Role | None:
    """The role of the longest route prefix that `data` starts with; None for no route."""
    best: tuple[int, Role] | None = None
    for prefix, role in BUTTONS.items():
        if data.startswith(prefix + ":") and (best is None or len(prefix) > best[0]):
            best = (len(prefix), role)
    return best[1] if best else None


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


async def is_board_somewhere(context: BotContext, user: User | None) -> bool:
    """In a private chat: board of at least one group (the handler then checks which)."""
    return await is_operator(context, user) or bool(await board_groups(context, user, first=True))


async def board_groups(context: BotContext, user: User | None, *, first: bool = False) -> list[int]:
    """The groups (of an organisation, or any the bot has seen, before a feature made one its
    organisation) where the user is an administrator: a board member's first private command
    must not be told they are not the board. `first`: stop at the first one (every private
    board command asks, and each group is a getChatMember call)."""
    if user is None:
        return []
    chat_ids = [c for org in await context.polls.orgs.organisations() for c in org.chat_ids]
    chat_ids += [c for c in await context.chats.group_ids() if c not in chat_ids]
    found = []
    for chat_id in chat_ids:
        if await is_group_admin(context, chat_id, user):
            found.append(chat_id)
            if first:
                break
    return found


async def has_role(context: BotContext, chat: Chat | None, user: User | None, role: Role) -> bool:
    """The gate's check; member rows pass here (see the module docstring)."""
    if role is Role.OPERATOR:
        return await is_operator(context, user)
    if role is Role.BOARD:
        if chat is not None and chat.type != Chat.PRIVATE:
            return await is_board(context, chat, user)
        return await is_board_somewhere(context, user)
    return True


async def org_role(
    bot: Bot, admins: Sequence[int], chat_ids: Sequence[int], user_id: int, in_roster: bool
) -> Role:
    """A dashboard user's role in one organisation: the Mini App has no chat, so the rows above
    are applied to the organisation's groups (administrator: board; member there or approved
    in the roster: member)."""
    if user_id in admins:
        return Role.OPERATOR
    role = Role.MEMBER if in_roster else Role.STRANGER
    for chat_id in chat_ids:
        try:
            member = await bot.get_chat_member(chat_id, user_id)
        except TelegramError:
            continue
        if member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER):
            return Role.BOARD
        if member.status in (ChatMemberStatus.MEMBER, ChatMemberStatus.RESTRICTED):
            role = Role.MEMBER
    return role
