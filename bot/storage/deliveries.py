"""The delivery ledger: what happened to each tracked send (rules in bot.delivery.ledger)."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from bot.delivery.records import DeliveryEntry, DeliveryState
from bot.storage.db import Repository, from_iso, to_iso


def _entry(row: sqlite3.Row) -> DeliveryEntry:
    return DeliveryEntry(
        ref=row["ref"],
        chat_id=int(row["chat_id"]),
        method=row["method"],
        state=DeliveryState(row["state"]),
        attempts=int(row["attempts"]),
        at_utc=from_iso(row["at_utc"]),
        reason=row["reason"],
    )


class DeliveriesRepository(Repository):
    async def entry(self, ref: str) -> DeliveryEntry | None:
        row = await self.db.fetchone("SELECT * FROM delivery_ledger WHERE ref = ?", (ref,))
        return None if row is None else _entry(row)

    async def claim(
        self, ref: str, chat_id: int, method: str, now: datetime, seen: DeliveryEntry | None
    ) -> bool:
        """Mark `ref` as being sent, only if its row is still as `seen` (absent when None):
        of two callers deciding on the same row, one wins."""
        if seen is None:
            changed = await self.db.execute(
                "INSERT OR IGNORE INTO delivery_ledger(ref, chat_id, method, state, attempts, "
                "at_utc) VALUES (?, ?, ?, 'sending', 1, ?)",
                (ref, chat_id, method, to_iso(now)),
            )
        else:
            changed = await self.db.execute(
                "UPDATE delivery_ledger SET state = 'sending', attempts = attempts + 1, "
                "at_utc = ?, chat_id = ?, method = ? "
                "WHERE ref = ? AND state = ? AND attempts = ?",
                (to_iso(now), chat_id, method, ref, seen.state.value, seen.attempts),
            )
        return changed == 1

    async def finish(
        self, ref: str, state: DeliveryState, now: datetime, reason: str | None = None
    ) -> None:
        await self.db.execute(
            "UPDATE delivery_ledger SET state = ?, at_utc = ?, reason = ? WHERE ref = ?",
            (state.value, to_iso(now), reason, ref),
        )

    async def prune(self, before: datetime) -> int:
        """Forget rows last changed before `before`."""
        return await self.db.execute(
            "DELETE FROM delivery_ledger WHERE at_utc < ?", (to_iso(before),)
        )

    async def counts(self) -> dict[str, int]:
        rows = await self.db.fetchall(
            "SELECT state, COUNT(*) FROM delivery_ledger GROUP BY state ORDER BY state"
        )
        return {str(r[0]): int(r[1]) for r in rows}
