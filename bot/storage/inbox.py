"""The update inbox: every received update, stored before Telegram is told it arrived.

Rows are written by the delivery layer (bot/delivery) and marked done either by
`Database.transaction()` together with the update's effect or by `mark_handled` after handling
an update that wrote nothing. Done rows keep only ids and times, until `prune`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.storage.db import Repository, from_iso, to_iso


def _precise(moment: datetime) -> str:
    """Receipt times to the millisecond: a vote's moment is when its update arrived."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime given to storage")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class StoredUpdate:
    update_id: int
    payload: str
    received_utc: datetime
    attempts: int


class InboxRepository(Repository):
    async def store(self, updates: Sequence[tuple[int, str]], now: datetime) -> list[int]:
        """Stores a batch of (update id, JSON) in one transaction; returns the ids that were not
        stored before (a re-delivered update keeps its row, and whether it is done)."""
        new: list[int] = []
        async with self.db.transaction() as db:
            for update_id, payload in updates:
                cursor = await db.execute(
                    "INSERT OR IGNORE INTO update_inbox(update_id, payload, received_utc) "
                    "VALUES (?, ?, ?)",
                    (update_id, payload, _precise(now)),
                )
                if cursor.rowcount:
                    new.append(update_id)
        return new

    async def status(self, update_id: int) -> tuple[bool, datetime] | None:
        """(done, received) of a stored update; None when it is not in the inbox."""
        row = await self.db.fetchone(
            "SELECT done_utc, received_utc FROM update_inbox WHERE update_id = ?", (update_id,)
        )
        return None if row is None else (row[0] is not None, from_iso(row[1]))

    async def mark_handled(self, update_id: int, now: datetime) -> bool:
        """Done after handling that committed no effect of its own; False if already done."""
        changed = await self.db.execute(
            "UPDATE update_inbox SET done_utc = ?, outcome = 'handled', payload = NULL "
            "WHERE update_id = ? AND done_utc IS NULL",
            (to_iso(now), update_id),
        )
        return changed > 0

    async def give_up(self, update_id: int, now: datetime) -> None:
        await self.db.execute(
            "UPDATE update_inbox SET done_utc = ?, outcome = 'abandoned', payload = NULL "
            "WHERE update_id = ? AND done_utc IS NULL",
            (to_iso(now), update_id),
        )

    async def unfinished(self) -> list[StoredUpdate]:
        """Stored updates not done yet, oldest first (the order Telegram sent them)."""
        rows = await self.db.fetchall(
            "SELECT update_id, payload, received_utc, attempts FROM update_inbox "
            "WHERE done_utc IS NULL ORDER BY update_id"
        )
        return [StoredUpdate(r[0], r[1] or "{}", from_iso(r[2]), r[3]) for r in rows]

    async def count_attempt(self, update_id: int) -> None:
        await self.db.execute(
            "UPDATE update_inbox SET attempts = attempts + 1 WHERE update_id = ?", (update_id,)
        )

    async def prune(self, received_before: datetime) -> int:
        """Forgets done updates received before the cut-off; unfinished ones stay."""
        return await self.db.execute(
            "DELETE FROM update_inbox WHERE done_utc IS NOT NULL AND received_utc < ?",
            (_precise(received_before),),
        )

    async def outcomes(self) -> dict[int, str | None]:
        """{update id: outcome} of every stored update (None while unfinished)."""
        rows = await self.db.fetchall("SELECT update_id, outcome FROM update_inbox")
        return {int(r[0]): r[1] for r in rows}
