"""Rows of the dashboard's own table: the secret of each organisation's calendar feed."""

from __future__ import annotations

from datetime import datetime

from bot.storage.db import Repository, to_iso


class WebRepository(Repository):
    async def feed_secret(self, org_id: int) -> str | None:
        row = await self.db.fetchone("SELECT secret FROM web_feeds WHERE org_id = ?", (org_id,))
        return str(row[0]) if row else None

    async def feed_org(self, secret: str) -> int | None:
        row = await self.db.fetchone("SELECT org_id FROM web_feeds WHERE secret = ?", (secret,))
        return int(row[0]) if row else None

    async def set_feed_secret(
        self, org_id: int, secret: str, by: int | None, now: datetime
    ) -> None:
        """Replaces the organisation's secret: the old URL stops working at once."""
        await self.db.execute(
            "INSERT INTO web_feeds (org_id, secret, created_utc, created_by) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(org_id) DO UPDATE SET secret = excluded.secret, "
            "created_utc = excluded.created_utc, created_by = excluded.created_by",
            (org_id, secret, to_iso(now), by),
        )

    async def change_mark(self) -> int | None:
        """A number that changes whenever anything was written to the database (SQLite's
        data_version on the read connection, which the writes of the writing connection
        move); None for an in-memory database, whose one connection sees no such change."""
        if self.db.reader is self.db.writer:
            return None
        row = await self.db.fetchone("PRAGMA data_version")
        return int(row[0]) if row else None
