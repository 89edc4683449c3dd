"""Per-chat settings of the competition-law guard (table `chat_settings`)."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.storage.db import Repository, from_iso, to_iso


class KnowledgeRepository(Repository):
    async def guard_state(self, chat_id: int) -> tuple[bool, datetime | None]:
        """Whether the guard is on in a chat (default on) and when it last warned there."""
        row = await self.db.fetchone(
            "SELECT guard_enabled, guard_last_warned_utc FROM chat_settings WHERE chat_id = ?",
            (chat_id,),
        )
        if row is None:
            return True, None
        return bool(row[0]), from_iso(row[1]) if row[1] else None

    async def set_guard(self, chat_id: int, enabled: bool) -> None:
        await self.db.execute(
            "INSERT INTO chat_settings(chat_id, guard_enabled) VALUES (?, ?) "
            "ON CONFLICT(chat_id) DO UPDATE SET guard_enabled = excluded.guard_enabled",
            (chat_id, int(enabled)),
        )

    async def claim_guard_warning(self, chat_id: int, now: datetime, quiet: timedelta) -> bool:
        """Atomically reserves the right to warn: true at most once per `quiet` per chat."""
        async with self.db.transaction() as db:
            async with db.execute(
                "SELECT guard_enabled, guard_last_warned_utc FROM chat_settings WHERE chat_id = ?",
                (chat_id,),
            ) as cursor:
                row = await cursor.fetchone()
            # DECISION: a disabled guard never warns, and at most one warning per `quiet`; kept
            # here because check and claim must be one transaction (a conditional write).
            if row is not None:
                if not row[0]:
                    return False
                if row[1] and now - from_iso(row[1]) < quiet:
                    return False
            await db.execute(
                "INSERT INTO chat_settings(chat_id, guard_last_warned_utc) VALUES (?, ?) "
                "ON CONFLICT(chat_id) DO UPDATE SET "
                "guard_last_warned_utc = excluded.guard_last_warned_utc",
                (chat_id, to_iso(now)),
            )
            return True
