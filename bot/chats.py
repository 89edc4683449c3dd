"""Which chats and users the bot knows: one service, called by one tracking handler.

Kept apart from the features so that no feature handler has to remember chats itself, and so
that a group that becomes a supergroup keeps everything stored under its old id.
"""

from __future__ import annotations

from bot.storage import Storage


class ChatDirectory:
    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        # What was last written, so a busy group costs one write per change, not per message.
        self._chats: dict[int, tuple[str, str | None]] = {}
        self._users: dict[int, tuple[str, str | None, bool]] = {}
        self._linked: set[tuple[int, str]] = set()

    async def seen_chat(self, chat_id: int, chat_type: str, title: str | None) -> None:
        if self._chats.get(chat_id) == (chat_type, title):
            return
        await self.storage.chats.remember_chat(chat_id, chat_type, title)
        self._chats[chat_id] = (chat_type, title)

    async def seen_user(
        self, user_id: int, first_name: str, username: str | None, *, started: bool
    ) -> None:
        if self._users.get(user_id) == (first_name, username, started):
            return
        await self.storage.chats.remember_user(user_id, first_name, username, started=started)
        self._users[user_id] = (first_name, username, started)

    async def seen_username(self, user_id: int, username: str, display_name: str) -> None:
        """Roster rows imported with only a username get this user's id on first contact."""
        key = (user_id, username.lower())
        if key in self._linked:
            return
        await self.storage.roster.link_username(user_id, username, display_name)
        self._linked.add(key)

    async def group_ids(self) -> list[int]:
        """Every group the bot has seen a message in (an organisation or not yet)."""
        return list(await self.storage.chats.group_chats())

    def forget(self, user_id: int) -> None:
        """After a removal the next message of this user is written again (as a new user)."""
        self._users.pop(user_id, None)
        self._linked = {key for key in self._linked if key[0] != user_id}

    async def migrated(self, old_chat_id: int, new_chat_id: int) -> None:
        """Telegram gives a supergroup a new id; every stored reference follows it."""
        await self.storage.chats.migrate_chat(old_chat_id, new_chat_id)
        self._chats.pop(old_chat_id, None)
