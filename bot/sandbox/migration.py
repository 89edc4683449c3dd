"""A basic group upgraded to a supergroup, the way Telegram does it.

Telegram gives the supergroup a new id and leaves the old group deactivated. The bot gets two
service messages: one in the old group with `migrate_to_chat_id`, one in the new supergroup
with `migrate_from_chat_id` (the sandbox sends them in that order; bots must not rely on it).
From then on the Bot API answers writes to the old id, and reads of its members, with
400 "Bad Request: group chat was upgraded to a supergroup chat" and
`parameters.migrate_to_chat_id`; getChat on the old id still answers (a deactivated group).
Members and administrators carry over to the supergroup.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from telegram import Message, Update

from bot.sandbox.errors import bad_request
from bot.sandbox.state import SandboxChat, SandboxState


def supergroup_id_for(old_chat_id: int) -> int:
    """A supergroup-shaped id (-100…) derived from the old one, for when the test names none."""
    return int(f"-100{abs(old_chat_id)}")


async def migrate(
    state: SandboxState, chat_id: int, new_chat_id: int | None, from_id: int | None
) -> dict[str, Any]:
    """Upgrades basic group `chat_id`; returns the new id and the two update ids."""
    old = state.chats.get(chat_id)
    if old is None:
        raise bad_request("chat not found")
    if old.type != "group":
        raise bad_request(f"only a basic group (type group) can be upgraded, not a {old.type}")
    if old.migrated_to is not None:
        raise bad_request(f"chat {chat_id} was already upgraded to {old.migrated_to}")
    new_id = new_chat_id if new_chat_id is not None else supergroup_id_for(chat_id)
    if new_id >= 0 or new_id in state.chats or new_id in state.users:
        raise bad_request(f"chat id {new_id} is taken or not a group id")
    members = [u for u in state.users.values() if chat_id in u.chats]
    if from_id is None:
        admins = sorted(u.id for u in members if chat_id in u.admin_of)
        if not admins:
            raise bad_request("name from_id: the group has no administrator to upgrade it")
        from_id = admins[0]
    user = state.user(from_id)
    if chat_id not in user.admin_of:
        raise bad_request(f"user {from_id} is no administrator of chat {chat_id}")

    new = SandboxChat(id=new_id, type="supergroup", title=old.title)
    state.chats[new_id] = new
    old.migrated_to = new_id
    for member in members:
        member.chats.discard(chat_id)
        member.chats.add(new_id)
        if chat_id in member.admin_of:
            member.admin_of.discard(chat_id)
            member.admin_of.add(new_id)

    now = datetime.now(UTC)
    sender = user.to_user()
    to_message = Message(
        message_id=state.next_message_id(chat_id),
        date=now,
        chat=old.to_chat(),
        from_user=sender,
        migrate_to_chat_id=new_id,
    )
    from_message = Message(
        message_id=state.next_message_id(new_id),
        date=now,
        chat=new.to_chat(),
        from_user=sender,
        migrate_from_chat_id=chat_id,
    )
    update_ids = []
    for message in (to_message, from_message):
        state.messages[(message.chat.id, message.message_id)] = message.to_dict()
        update_ids.append(
            await state.push_update(Update(update_id=state.new_update_id(), message=message))
        )
    return {"chat_id": chat_id, "new_chat_id": new_id, "update_ids": update_ids}
