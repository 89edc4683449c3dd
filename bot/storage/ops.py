"""Counts for the operator's /status: reads only."""

from __future__ import annotations

from bot.storage.db import Repository


class OpsRepository(Repository):
    async def pending_reminders(self) -> int:
        """Agenda reminders not yet sent (poll reminders are jobs derived from open polls)."""
        row = await self.db.fetchone(
            "SELECT COUNT(*) FROM agenda_reminders WHERE state IN ('pending', 'sending')"
        )
        return int(row[0]) if row else 0

    async def open_polls(self) -> int:
        row = await self.db.fetchone("SELECT COUNT(*) FROM polls WHERE closed_utc IS NULL")
        return int(row[0]) if row else 0
