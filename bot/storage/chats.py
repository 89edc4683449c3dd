"""Chats and users the bot has seen."""

from __future__ import annotations

from bot.storage.db import Repository, utc_now_iso


class ChatsRepository(Repository):
    async def remember_chat(self, chat_id: int, chat_type: str, title: str | None) -> None:
        await self.db.execute(
            "INSERT INTO chats(id, type, title, first_seen_utc) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET type=excluded.type, title=excluded.title",
            (chat_id, chat_type, title, utc_now_iso()),
            bookkeeping=True,
        )

    async def group_chats(self) -> dict[int, str | None]:
        """Group chats the bot has seen, with their titles."""
        rows = await self.db.fetchall(
            "SELECT id, title FROM chats WHERE type IN ('group', 'supergroup') ORDER BY id"
        )
        return {int(r[0]): r[1] for r in rows}

    async def remember_user(
        self, user_id: int, first_name: str, username: str | None, started: bool = False
    ) -> None:
        await self.db.execute(
            "INSERT INTO users(id, first_name, username, started_private, updated_utc) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "first_name=excluded.first_name, username=excluded.username, "
            "started_private=MAX(users.started_private, excluded.started_private), "
            "updated_utc=excluded.updated_utc",
            (user_id, first_name, username, int(started), utc_now_iso()),
            bookkeeping=True,
        )

    async def has_started(self, user_id: int) -> bool:
        row = await self.db.fetchone("SELECT started_private FROM users WHERE id = ?", (user_id,))
        return bool(row and row[0])

    # Every (table, column) that holds a group's chat id; a supergroup migration moves them all.
    CHAT_COLUMNS = (
        ("chats", "id"),
        ("chat_settings", "chat_id"),
        ("organisation_chats", "chat_id"),
        ("polls", "chat_id"),
        ("agenda_settings", "chat_id"),
        ("agenda_meetings", "chat_id"),
        ("agenda_subscriptions", "chat_id"),
        ("agenda_followers", "chat_id"),
        ("agenda_reminders", "chat_id"),
        ("agenda_reminders", "target_chat"),
        ("organisation_link_codes", "created_chat"),
        ("organisation_link_codes", "used_chat"),
        ("knowledge_questions", "chat_id"),
        ("guard_warnings", "chat_id"),
        ("guard_log", "chat_id"),
    )

    async def migrate_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """Moves every row of a group to its supergroup id in one transaction. Idempotent: a
        second call finds nothing under the old id. Rows already stored under the new id win
        (OR IGNORE on unique keys), and what is left under the old id is then removed."""
        async with self.db.transaction() as db:
            for table, column in self.CHAT_COLUMNS:
                await db.execute(
                    f"UPDATE OR IGNORE {table} SET {column} = ? WHERE {column} = ?",
                    (new_chat_id, old_chat_id),
                )
            for table, column in self.CHAT_COLUMNS:
                await db.execute(f"DELETE FROM {table} WHERE {column} = ?", (old_chat_id,))
