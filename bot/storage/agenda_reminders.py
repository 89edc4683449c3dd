"""Reminder rows of the agenda (table `agenda_reminders`): one row per event occurrence, lead
time and target chat, claimed before sending and finished after. Part of `storage.agenda`."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.agenda import records as ar
from bot.storage.db import Repository, chunks, from_iso, to_iso


class AgendaReminderRows(Repository):
    @staticmethod
    def _agenda_reminder(row: sqlite3.Row) -> ar.Reminder:
        return ar.Reminder(
            id=row["id"],
            chat_id=row["chat_id"],
            target_chat=row["target_chat"],
            event_uid=row["event_uid"],
            occurrence_utc=from_iso(row["occurrence_utc"]),
            lead=row["lead"],
            due_utc=from_iso(row["due_utc"]),
            state=ar.ReminderState(row["state"]),
            late=bool(row["late"]),
            sent_utc=from_iso(row["sent_utc"]) if row["sent_utc"] else None,
            note=row["note"],
        )

    async def sync_agenda_reminders(
        self, chat_id: int, wanted: Sequence[ar.ReminderDraft], now: datetime
    ) -> ar.SyncCounts:
        """Make the group's pending reminders for future events match `wanted`, atomically.

        Missing reminders are added only while still due in the future (a new lead time must
        not fire for a moment that already passed); pending ones whose event, lead time or
        target disappeared are deleted. Sent and skipped rows are history and stay, which also
        keeps the UNIQUE key from ever creating the same reminder twice.
        """
        # DECISION: "a reminder whose moment has passed is not added" is an agenda rule
        # (minor; it also keeps the sync atomic).
        now_iso = to_iso(now)
        keys = {(w.target_chat, w.event_uid, to_iso(w.occurrence_utc), w.lead): w for w in wanted}
        async with self.db.transaction() as db:
            async with db.execute(
                "SELECT id, target_chat, event_uid, occurrence_utc, lead FROM agenda_reminders "
                "WHERE chat_id = ? AND state = 'pending' AND occurrence_utc > ?",
                (chat_id, now_iso),
            ) as cursor:
                existing = list(await cursor.fetchall())
            stale = [(r[0],) for r in existing if (r[1], r[2], r[3], r[4]) not in keys]
            if stale:
                await db.executemany("DELETE FROM agenda_reminders WHERE id = ?", stale)
            have = {(r[1], r[2], r[3], r[4]) for r in existing}
            fresh = [
                (chat_id, key[0], key[1], key[2], key[3], to_iso(w.due_utc))
                for key, w in keys.items()
                if key not in have and w.due_utc > now
            ]
            before = db.total_changes
            if fresh:
                await db.executemany(
                    "INSERT OR IGNORE INTO agenda_reminders(chat_id, target_chat, event_uid, "
                    "occurrence_utc, lead, due_utc) VALUES (?, ?, ?, ?, ?, ?)",
                    fresh,
                )
            inserted = db.total_changes - before
        return ar.SyncCounts(inserted=inserted, deleted=len(stale))

    async def agenda_reminders(
        self, chat_id: int | None = None, state: ar.ReminderState | None = None
    ) -> list[ar.Reminder]:
        sql = "SELECT * FROM agenda_reminders WHERE 1 = 1"
        params: list[Any] = []
        if chat_id is not None:
            sql += " AND chat_id = ?"
            params.append(chat_id)
        if state is not None:
            sql += " AND state = ?"
            params.append(state.value)
        rows = await self.db.fetchall(sql + " ORDER BY due_utc, id", params)
        return [self._agenda_reminder(r) for r in rows]

    async def pending_agenda_reminders(self, upto: datetime, limit: int = 500) -> list[ar.Reminder]:
        """Pending reminders due at or before `upto`, oldest first."""
        rows = await self.db.fetchall(
            "SELECT * FROM agenda_reminders WHERE state = 'pending' AND due_utc <= ? "
            "ORDER BY due_utc, id LIMIT ?",
            (to_iso(upto), limit),
        )
        return [self._agenda_reminder(r) for r in rows]

    async def pending_agenda_due_moments(self, after: datetime, upto: datetime) -> list[datetime]:
        """Distinct due moments of pending reminders in (after, upto]: one timer each."""
        rows = await self.db.fetchall(
            "SELECT DISTINCT due_utc FROM agenda_reminders WHERE state = 'pending' "
            "AND due_utc > ? AND due_utc <= ? ORDER BY due_utc",
            (to_iso(after), to_iso(upto)),
        )
        return [from_iso(r[0]) for r in rows]

    async def claim_agenda_reminders(self, ids: Sequence[int], now: datetime) -> list[int]:
        """Move pending reminders to 'sending'; returns the ids this caller now owns."""
        claimed: list[int] = []
        async with self.db.transaction() as db:
            for chunk in chunks(ids, 400):
                marks = ", ".join("?" * len(chunk))
                async with db.execute(
                    "UPDATE agenda_reminders SET state = 'sending', claimed_utc = ? "
                    f"WHERE state = 'pending' AND id IN ({marks}) RETURNING id",
                    (to_iso(now), *chunk),
                ) as cursor:
                    claimed.extend(int(r[0]) for r in await cursor.fetchall())
        return claimed

    async def finish_agenda_reminders(
        self,
        ids: Sequence[int],
        state: ar.ReminderState,
        now: datetime,
        late: bool = False,
        note: str | None = None,
    ) -> int:
        """Record the outcome (sent, skipped, failed, cancelled) of pending or claimed rows."""
        done = 0
        async with self.db.transaction() as db:
            for chunk in chunks(ids, 400):
                marks = ", ".join("?" * len(chunk))
                cursor = await db.execute(
                    "UPDATE agenda_reminders SET state = ?, late = ?, sent_utc = ?, note = ? "
                    f"WHERE state IN ('pending', 'sending') AND id IN ({marks})",
                    (state.value, int(late), to_iso(now), note, *chunk),
                )
                done += cursor.rowcount
        return done

    async def release_agenda_reminders(self, ids: Sequence[int] | None = None) -> int:
        """Hand claimed-but-unsent reminders back (None: all of them, after a restart)."""
        async with self.db.transaction() as db:
            if ids is None:
                cursor = await db.execute(
                    "UPDATE agenda_reminders SET state = 'pending', claimed_utc = NULL "
                    "WHERE state = 'sending'"
                )
                return cursor.rowcount
            released = 0
            for chunk in chunks(ids, 400):
                marks = ", ".join("?" * len(chunk))
                cursor = await db.execute(
                    "UPDATE agenda_reminders SET state = 'pending', claimed_utc = NULL "
                    f"WHERE state = 'sending' AND id IN ({marks})",
                    tuple(chunk),
                )
                released += cursor.rowcount
            return released

    async def agenda_reminder_counts(self) -> dict[str, int]:
        rows = await self.db.fetchall(
            "SELECT state, COUNT(*) FROM agenda_reminders GROUP BY state ORDER BY state"
        )
        return {str(r[0]): int(r[1]) for r in rows}
