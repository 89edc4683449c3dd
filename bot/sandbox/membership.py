"""The bot added to a group, promoted, demoted or removed by a user, the way Telegram tells it.

Telegram sends the bot a `my_chat_member` update (a ChatMemberUpdated: chat, `from` the user
who did it, date, old and new ChatMember of the bot) whenever its own status in a chat
changes. It is one of the default `allowed_updates`, so a bot that names its own list must
include it; the sandbox hands it out only then (see `SandboxState.deliverable`). When the bot
joins, Telegram also posts the service message `new_chat_members` (the bot) in the group; the
sandbox sends it after the `my_chat_member` update, and bots must not rely on the order.

A member may add the bot; only an administrator may promote, demote or remove it. Removed from
a supergroup the bot is "kicked" (banned until removed from the ban list), from a basic group
it is "left". A group created with `bot_member=False` has never had the bot in it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiohttp import web
from telegram import (
    ChatMember,
    ChatMemberAdministrator,
    ChatMemberBanned,
    ChatMemberLeft,
    ChatMemberMember,
    ChatMemberUpdated,
    Message,
    Update,
    User,
)

from bot.sandbox.botapi import ADMIN_RIGHTS
from bot.sandbox.errors import bad_request
from bot.sandbox.fault_control import control
from bot.sandbox.state import SandboxChat, SandboxState

PRESENT = ("member", "administrator")


def bot_status(chat: SandboxChat) -> str:
    if chat.bot_left:
        return "kicked" if chat.bot_kicked else "left"
    return "administrator" if chat.bot_admin else "member"


def _member(status: str, bot: User) -> ChatMember:
    if status == "administrator":
        return ChatMemberAdministrator(user=bot, **ADMIN_RIGHTS)
    if status == "member":
        return ChatMemberMember(user=bot)
    if status == "kicked":
        return ChatMemberBanned(user=bot, until_date=datetime.fromtimestamp(0, UTC))
    return ChatMemberLeft(user=bot)


async def change_bot_status(
    state: SandboxState, chat_id: int, by: int, status: str
) -> dict[str, Any]:
    """User `by` makes the bot `status` ("member", "administrator", or "removed") in the group;
    returns the old and new status and the ids of the updates sent."""
    bot = state.last_bot
    if bot is None:
        raise bad_request("no bot has called the Bot API yet, so there is no bot to add")
    chat = state.control_chat(chat_id)
    if chat.type == "private":
        raise bad_request("the bot cannot be added to a private chat")
    user = state.user(by)
    if chat_id not in user.chats:
        raise bad_request(f"user {by} is not a member of chat {chat_id}")
    old = bot_status(chat)
    new = status
    if status == "removed":
        new = "left" if chat.type == "group" else "kicked"
        if old not in PRESENT:
            raise bad_request(f"the bot is not a member of chat {chat_id}")
    elif status not in PRESENT:
        raise bad_request("status must be member, administrator or removed")
    elif old == new:
        raise bad_request(f"the bot already is {new} of chat {chat_id}")
    if old in PRESENT and chat_id not in user.admin_of:
        raise bad_request(f"user {by} is no administrator of chat {chat_id}")

    chat.bot_left, chat.bot_kicked = new not in PRESENT, new == "kicked"
    chat.bot_admin = new == "administrator"
    now = datetime.now(UTC)
    change = ChatMemberUpdated(
        chat=chat.to_chat(),
        from_user=user.to_user(),
        date=now,
        old_chat_member=_member(old, bot),
        new_chat_member=_member(new, bot),
    )
    update_ids = [
        await state.push_update(Update(update_id=state.new_update_id(), my_chat_member=change))
    ]
    if old not in PRESENT:
        joined = Message(
            message_id=state.next_message_id(chat_id),
            date=now,
            chat=chat.to_chat(),
            from_user=user.to_user(),
            new_chat_members=(bot,),
        )
        state.messages[(chat_id, joined.message_id)] = joined.to_dict()
        update_ids.append(
            await state.push_update(Update(update_id=state.new_update_id(), message=joined))
        )
    return {"chat_id": chat_id, "old_status": old, "new_status": new, "update_ids": update_ids}


class MembershipControl:
    """The control route `/sandbox/bot_status`: {"chat_id", "by", "status"}."""

    def __init__(self, state: SandboxState) -> None:
        self.state = state

    def routes(self) -> list[web.RouteDef]:
        return [web.post("/sandbox/bot_status", self.handle_bot_status)]

    async def handle_bot_status(self, request: web.Request) -> web.Response:
        async def action(body: dict[str, Any]) -> Any:
            return await change_bot_status(
                self.state, int(body["chat_id"]), int(body["by"]), str(body["status"])
            )

        return await control(request, action)
