"""In-memory world of the sandbox: chats, users, messages, pending updates and the outbox.

Payloads are built with python-telegram-bot's own classes and `to_dict()`, so whatever the
sandbox sends is guaranteed to parse in the pinned PTB version.
"""

from __future__ import annotations

import asyncio
import itertools
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from telegram import (
    CallbackQuery,
    Chat,
    Document,
    InlineQuery,
    Message,
    Poll,
    PollAnswer,
    PollOption,
    Update,
    User,
)

from bot.sandbox.delivery import UpdateDelivery, unconfirmed_after
from bot.sandbox.errors import ApiError, bad_request, chat_migrated
from bot.sandbox.faults import RESPONSE_LOST, Fault, FaultPlan
from bot.sandbox.flood import FloodGate
from bot.sandbox.idle import Activity
from bot.sandbox.menus import Menus
from bot.sandbox.text_entities import find_entities, guess_mime

__all__ = ["ApiError", "Fault", "SandboxState", "bad_request"]

BOT_USERNAME = "rao_sandbox_bot"
BOT_FIRST_NAME = "RAO-bot"


@dataclass
class SandboxUser:
    id: int
    first_name: str
    username: str | None = None
    last_name: str | None = None
    chats: set[int] = field(default_factory=set)
    admin_of: set[int] = field(default_factory=set)
    started: bool = False  # has a private chat with the bot (wrote to it, or set by a test)
    blocked: bool = False  # blocked the bot: sends to them are refused until they write again

    def to_user(self) -> User:
        return User(
            id=self.id,
            first_name=self.first_name,
            is_bot=False,
            last_name=self.last_name,
            username=self.username,
            language_code="nl",
        )


@dataclass
class SandboxChat:
    id: int
    type: str
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    migrated_to: int | None = None  # a basic group upgraded to this supergroup
    bot_admin: bool = False  # the bot is an administrator allowed to delete messages
    bot_left: bool = False  # the bot is not in it (left, removed): no updates, may not write
    bot_kicked: bool = False  # removed by an administrator (status "kicked"), not left

    def to_chat(self) -> Chat:
        return Chat(
            id=self.id,
            type=self.type,
            title=self.title,
            username=self.username,
            first_name=self.first_name,
        )


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    file_name: str
    content: bytes
    mime_type: str | None = None


class SandboxState:
    """Everything the sandbox knows; all access happens on the server's event loop."""

    def __init__(self) -> None:
        self.users: dict[int, SandboxUser] = {}
        self.chats: dict[int, SandboxChat] = {}
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.files: dict[str, StoredFile] = {}
        self.polls: dict[str, dict[str, Any]] = {}
        self.callback_queries: dict[str, dict[str, Any]] = {}
        self.inline_queries: set[str] = set()
        self.faults = FaultPlan()
        self.flood = FloodGate()  # Telegram's flood limits; off unless configured
        self.revoked: set[int] = set()  # bot ids whose token was revoked: every call is 401
        self.updates: list[dict[str, Any]] = []
        self.outbox: list[dict[str, Any]] = []
        self.menus = Menus()
        self.activity = Activity()
        self.poll_generation = 0  # bumped to end every waiting getUpdates at once
        self.closing = False
        self.outbox_waiters = 0  # control clients long-polling the outbox right now
        self.allowed_updates: list[str] | None = None
        self.last_bot: User | None = None  # the bot that last called the Bot API
        self.delivery = UpdateDelivery()
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._seq = itertools.count(1)
        self.updates_changed = asyncio.Condition()
        self.outbox_changed = asyncio.Condition()
        self.stats: dict[str, int] = {}

    # --- identity -----------------------------------------------------------------------

    @staticmethod
    def bot_user(token: str) -> User:
        bot_id = int(token.split(":", 1)[0])
        return User(
            id=bot_id,
            first_name=BOT_FIRST_NAME,
            is_bot=True,
            username=BOT_USERNAME,
            can_join_groups=True,
            can_read_all_group_messages=False,
            supports_inline_queries=True,
        )

    def next_message_id(self, chat_id: int) -> int:
        counter = self._message_ids.setdefault(chat_id, itertools.count(1))
        return next(counter)

    # --- control side ---------------------------------------------------------------------

    def add_chat(
        self, chat_id: int, chat_type: str, title: str | None, bot_admin: bool = False
    ) -> SandboxChat:
        if chat_type not in {"group", "supergroup", "channel"}:
            raise bad_request("chat type must be group, supergroup or channel")
        if chat_id >= 0:
            raise bad_request("group chat ids are negative")
        chat = SandboxChat(chat_id, chat_type, title or f"Groep {chat_id}", bot_admin=bot_admin)
        self.chats[chat_id] = chat
        return chat

    def add_user(
        self,
        user_id: int,
        first_name: str,
        username: str | None,
        chats: list[int],
        admin_of: list[int],
        last_name: str | None = None,
    ) -> SandboxUser:
        if user_id <= 0:
            raise bad_request("user ids are positive")
        for chat_id in [*chats, *admin_of]:
            if chat_id not in self.chats:
                raise bad_request(f"chat {chat_id} not found; create it first")
        user = self.users.get(user_id) or SandboxUser(id=user_id, first_name=first_name)
        user.first_name, user.username, user.last_name = first_name, username, last_name
        user.chats |= set(chats) | set(admin_of)
        user.admin_of |= set(admin_of)
        self.users[user_id] = user
        return user

    @property
    def commands(self) -> dict[str, list[dict[str, str]]]:
        """{scope JSON: commands} of the lists without a language; `menus` has them all."""
        return self.menus.legacy_view()

    def deliverable(self, update: dict[str, Any]) -> bool:
        """Whether the bot receives this update at all (its `allowed_updates`)."""
        if not self.allowed_updates:
            return True
        return any(key in update for key in self.allowed_updates)

    def unconfirmed(self) -> int:
        """Updates the bot will receive that it has not confirmed with a later offset."""
        return sum(self.deliverable(u) for u in self.updates)

    def confirm(self, offset: int) -> None:
        """getUpdates with `offset` confirms every update before it: Telegram forgets them
        (see bot.sandbox.delivery for the rules, a negative offset included)."""
        before = len(self.updates)
        self.updates[:] = unconfirmed_after(self.updates, offset)
        if len(self.updates) != before:
            self.activity.changed()

    async def release_polls(self) -> None:
        """Answers every waiting getUpdates now (with what it has, often nothing), so a bot
        that stops, or a sandbox that stops, does not wait out a long-poll timeout."""
        async with self.updates_changed:
            self.poll_generation += 1
            self.updates_changed.notify_all()

    async def close(self) -> None:
        """The sandbox stops: every long poll, the bot's and the control API's, ends now."""
        self.closing = True
        self.delivery.release(drop=True)
        await self.release_polls()
        async with self.outbox_changed:
            self.outbox_changed.notify_all()

    def private_chat(self, user: SandboxUser) -> SandboxChat:
        return SandboxChat(
            id=user.id, type="private", username=user.username, first_name=user.first_name
        )

    def resolve_chat(self, chat_id: int, access: str = "read") -> SandboxChat:
        """The chat behind an id, checked like the Bot API checks it for `access`: "read"
        (getChat), "edit" (edits), "write" (sending, deleting) or "members" (member lists).
        An upgraded group still reads, refuses writes and member reads with the migration
        error, and refuses edits the way Telegram refuses edits in a deactivated group."""
        if chat_id in self.chats:
            chat = self.chats[chat_id]
            if chat.migrated_to is not None:
                if access in ("write", "members"):
                    raise chat_migrated(chat.migrated_to)
                if access == "edit":
                    raise bad_request("message can't be edited")
            if chat.bot_left and access in ("write", "edit", "members"):
                raise ApiError(403, f"Forbidden: bot is not a member of the {chat.type} chat")
            return chat
        if chat_id in self.users:
            return self.private_chat(self.users[chat_id])
        raise bad_request("chat not found")

    def control_chat(self, chat_id: int) -> SandboxChat:
        """A chat a control call acts in; an upgraded group is gone for its members too."""
        chat = self.resolve_chat(chat_id)
        if chat.migrated_to is not None:
            raise bad_request(f"chat {chat_id} was upgraded to supergroup {chat.migrated_to}")
        return chat

    def user(self, user_id: int) -> SandboxUser:
        if user_id not in self.users:
            raise bad_request(f"user {user_id} not found; create it with /sandbox/users")
        return self.users[user_id]

    async def push_update(self, update: Update) -> int:
        payload = update.to_dict()
        async with self.updates_changed:
            self.updates.append(payload)
            self.updates_changed.notify_all()
        self.activity.changed()
        return update.update_id

    def new_update_id(self) -> int:
        self.delivery.last_update_id = next(self._update_ids)
        return self.delivery.last_update_id

    async def user_message(
        self,
        chat_id: int,
        from_id: int,
        text: str | None = None,
        reply_to_message_id: int | None = None,
        document: Document | None = None,
        caption: str | None = None,
    ) -> tuple[int, int]:
        user = self.user(from_id)
        chat = self.control_chat(chat_id)
        if chat.type != "private" and chat_id not in user.chats:
            raise bad_request(f"user {from_id} is not a member of chat {chat_id}")
        if chat.type == "private" and chat_id != from_id:
            raise bad_request("a private chat with the bot has chat_id equal to the user id")
        reply_to: Message | None = None
        if reply_to_message_id is not None:
            stored = self.messages.get((chat_id, reply_to_message_id))
            if stored is None:
                raise bad_request("message to reply to not found")
            reply_to = Message.de_json(stored, None)
        message_id = self.next_message_id(chat_id)
        message = Message(
            message_id=message_id,
            date=datetime.now(UTC),
            chat=chat.to_chat(),
            from_user=user.to_user(),
            text=text,
            entities=find_entities(text) if text else None,
            reply_to_message=reply_to,
            document=document,
            caption=caption,
            caption_entities=find_entities(caption) if caption else None,
        )
        payload = message.to_dict()
        self.messages[(chat_id, message_id)] = payload
        if chat.type == "private":
            # Writing to the bot is starting it (and, after a block, unblocking it).
            user.started, user.blocked = True, False
        if chat.bot_left:
            return message_id, 0  # the bot is no longer in the group: no update for it
        update_id = self.new_update_id()
        await self.push_update(Update(update_id=update_id, message=message))
        return message_id, update_id

    async def press(
        self,
        chat_id: int,
        from_id: int,
        message_id: int,
        data: str | None,
        button: str | None,
        *,
        forged: bool = False,
    ) -> str:
        """A press on a button of a stored message. `forged` sends `data` that is on no button,
        as a modified client can (python-telegram-bot warns that callback data can be forged);
        bots must not trust it."""
        user = self.user(from_id)
        stored = self.messages.get((chat_id, message_id))
        if stored is None:
            raise bad_request("message not found")
        rows = (stored.get("reply_markup") or {}).get("inline_keyboard") or []
        buttons = [b for row in rows for b in row]
        chosen: dict[str, Any] | None = None
        for candidate in buttons:
            if (button is not None and candidate.get("text") == button) or (
                button is None and data is not None and candidate.get("callback_data") == data
            ):
                chosen = candidate
                break
        if forged and data is not None:
            chosen = {"callback_data": data}
        if chosen is None or "callback_data" not in chosen:
            raise bad_request("no inline button with that text or data on this message")
        query_id = uuid.uuid4().hex[:16]
        chat = self.control_chat(chat_id)
        query = CallbackQuery(
            id=query_id,
            from_user=user.to_user(),
            chat_instance=str(chat.id),
            message=Message.de_json(stored, None),
            data=chosen["callback_data"],
        )
        self.callback_queries[query_id] = {"answered": False}
        await self.push_update(Update(update_id=self.new_update_id(), callback_query=query))
        return query_id

    async def inline(self, from_id: int, query: str) -> str:
        user = self.user(from_id)
        query_id = uuid.uuid4().hex[:16]
        self.inline_queries.add(query_id)
        inline_query = InlineQuery(id=query_id, from_user=user.to_user(), query=query, offset="")
        await self.push_update(Update(update_id=self.new_update_id(), inline_query=inline_query))
        return query_id

    def store_file(
        self, file_name: str, content: bytes, mime_type: str | None = None
    ) -> StoredFile:
        file_id = "F" + uuid.uuid4().hex
        stored = StoredFile(file_id, uuid.uuid4().hex[:12], file_name, content, mime_type)
        self.files[file_id] = stored
        return stored

    async def upload(
        self, chat_id: int, from_id: int, file_name: str, content: bytes, caption: str | None
    ) -> tuple[int, int]:
        stored = self.store_file(file_name, content)
        document = Document(
            file_id=stored.file_id,
            file_unique_id=stored.file_unique_id,
            file_name=file_name,
            file_size=len(content),
            mime_type=guess_mime(file_name),
        )
        return await self.user_message(chat_id, from_id, document=document, caption=caption)

    async def poll_answer(self, poll_id: str, from_id: int, option_ids: list[int]) -> int:
        user = self.user(from_id)
        poll = self.polls.get(poll_id)
        if poll is None:
            raise bad_request("poll not found")
        if poll["is_anonymous"]:
            raise bad_request("anonymous polls send no poll_answer updates")
        if any(not 0 <= i < len(poll["options"]) for i in option_ids):
            raise bad_request("option id out of range")
        answer = PollAnswer(
            poll_id=poll_id,
            option_ids=option_ids,
            user=user.to_user(),
            option_persistent_ids=[str(i) for i in option_ids],
        )
        return await self.push_update(Update(update_id=self.new_update_id(), poll_answer=answer))

    # --- outbox ---------------------------------------------------------------------------

    async def record(self, entry: dict[str, Any]) -> None:
        async with self.outbox_changed:
            entry["seq"] = next(self._seq)
            if RESPONSE_LOST.get():
                entry["response_lost"] = True  # done, but the bot saw the connection drop
            self.outbox.append(entry)
            self.outbox_changed.notify_all()

    def outbox_after(self, after: int, chat_id: int | None) -> list[dict[str, Any]]:
        return [
            e
            for e in self.outbox
            if e["seq"] > after and (chat_id is None or e.get("chat_id") == chat_id)
        ]

    # --- faults ---------------------------------------------------------------------------

    def take_fault(self, method: str) -> Fault | None:
        return self.faults.take(method)

    def make_poll(
        self,
        question: str,
        options: list[str],
        is_anonymous: bool,
        allows_multiple_answers: bool,
    ) -> Poll:
        poll_id = str(uuid.uuid4().int)[:18]
        poll = Poll(
            id=poll_id,
            question=question,
            options=[
                PollOption(text=o, voter_count=0, persistent_id=str(i))
                for i, o in enumerate(options)
            ],
            total_voter_count=0,
            is_closed=False,
            is_anonymous=is_anonymous,
            type=Poll.REGULAR,
            allows_multiple_answers=allows_multiple_answers,
            allows_revoting=True,
            members_only=False,
        )
        self.polls[poll_id] = poll.to_dict()
        return poll
