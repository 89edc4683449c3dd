"""The agenda: meetings, schedule subscriptions, followers, lead times and reminders (tables
`agenda_*`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.agenda import records as ar
from bot.storage.db import Repository, chunks, from_iso, to_iso


class AgendaRepository(Repository):
    async def agenda_leads(self, chat_id: int) -> str | None:
        """The group's lead times as typed ('14d 3d 2u'); None means the defaults."""
        row = await self.db.fetchone(
            "SELECT leads FROM agenda_settings WHERE chat_id = ?", (chat_id,)
        )
        return str(row[0]) if row is not None and row[0] is not None else None

    async def set_agenda_leads(self, chat_id: int, leads: str | None, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO agenda_settings(chat_id, leads, updated_utc) VALUES (?, ?, ?) "
            "ON CONFLICT(chat_id) DO UPDATE SET leads = excluded.leads, "
            "updated_utc = excluded.updated_utc",
            (chat_id, leads, to_iso(now)),
        )

    @staticmethod
    def _agenda_meeting(row: sqlite3.Row) -> ar.Meeting:
        return ar.Meeting(
            id=row["id"],
            chat_id=row["chat_id"],
            uid=row["uid"],
            title=row["title"],
            start_utc=from_iso(row["start_utc"]),
            origin=row["origin"],
            location=row["location"],
            description=row["description"],
            recurrence=row["recurrence"],
            created_by=row["created_by"],
            cancelled=row["cancelled_utc"] is not None,
        )

    async def add_agenda_meeting(self, draft: ar.MeetingDraft, now: datetime) -> ar.Meeting:
        async with self.db.transaction() as db:
            cursor = await db.execute(
                "INSERT INTO agenda_meetings(chat_id, uid, title, start_utc, location, "
                "description, recurrence, origin, created_by, created_utc, updated_utc) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    draft.chat_id,
                    draft.uid,
                    draft.title,
                    to_iso(draft.start_utc),
                    draft.location,
                    draft.description,
                    draft.recurrence,
                    draft.origin,
                    draft.created_by,
                    to_iso(now),
                    to_iso(now),
                ),
            )
            meeting_id = cursor.lastrowid
            async with db.execute(
                "SELECT * FROM agenda_meetings WHERE id = ?", (meeting_id,)
            ) as read:
                row = await read.fetchone()
        assert row is not None
        return self._agenda_meeting(row)

    async def upsert_agenda_meetings(
        self, drafts: Sequence[ar.MeetingDraft], now: datetime
    ) -> ar.ImportCounts:
        """Insert new UIDs, update changed ones in place; a cancelled meeting stays cancelled."""
        # DECISION: "an import never revives a cancelled meeting" is an agenda rule.
        created = updated = unchanged = 0
        fields = ("title", "start_utc", "location", "description", "recurrence")
        async with self.db.transaction() as db:
            for draft in drafts:
                values = (
                    draft.title,
                    to_iso(draft.start_utc),
                    draft.location,
                    draft.description,
                    draft.recurrence,
                )
                async with db.execute(
                    "SELECT id, cancelled_utc, " + ", ".join(fields) + " FROM agenda_meetings "
                    "WHERE chat_id = ? AND uid = ?",
                    (draft.chat_id, draft.uid),
                ) as cursor:
                    row = await cursor.fetchone()
                if row is None:
                    await db.execute(
                        "INSERT INTO agenda_meetings(chat_id, uid, title, start_utc, location, "
                        "description, recurrence, origin, created_by, created_utc, updated_utc) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            *(draft.chat_id, draft.uid, *values),
                            *(draft.origin, draft.created_by, to_iso(now), to_iso(now)),
                        ),
                    )
                    created += 1
                elif row["cancelled_utc"] is not None or tuple(row[f] for f in fields) == values:
                    unchanged += 1
                else:
                    await db.execute(
                        "UPDATE agenda_meetings SET title = ?, start_utc = ?, location = ?, "
                        "description = ?, recurrence = ?, updated_utc = ? WHERE id = ?",
                        (*values, to_iso(now), row["id"]),
                    )
                    updated += 1
        return ar.ImportCounts(created, updated, unchanged)

    async def agenda_meetings(
        self, chat_id: int, include_cancelled: bool = False
    ) -> list[ar.Meeting]:
        sql = "SELECT * FROM agenda_meetings WHERE chat_id = ?"
        if not include_cancelled:
            sql += " AND cancelled_utc IS NULL"
        rows = await self.db.fetchall(sql + " ORDER BY start_utc, id", (chat_id,))
        return [self._agenda_meeting(r) for r in rows]

    async def agenda_meeting(self, chat_id: int, meeting_id: int) -> ar.Meeting | None:
        row = await self.db.fetchone(
            "SELECT * FROM agenda_meetings WHERE chat_id = ? AND id = ?", (chat_id, meeting_id)
        )
        return self._agenda_meeting(row) if row is not None else None

    async def cancel_agenda_meeting(self, chat_id: int, meeting_id: int, now: datetime) -> bool:
        changed = await self.db.execute(
            "UPDATE agenda_meetings SET cancelled_utc = ?, updated_utc = ? "
            "WHERE chat_id = ? AND id = ? AND cancelled_utc IS NULL",
            (to_iso(now), to_iso(now), chat_id, meeting_id),
        )
        return changed > 0

    async def subscribe_schedule(
        self, chat_id: int, schedule_id: str, by: int | None, now: datetime
    ) -> bool:
        """False when the group was already subscribed."""
        changed = await self.db.execute(
            "INSERT OR IGNORE INTO agenda_subscriptions(chat_id, schedule_id, created_by, "
            "created_utc) VALUES (?, ?, ?, ?)",
            (chat_id, schedule_id, by, to_iso(now)),
        )
        return changed > 0

    async def unsubscribe_schedule(self, chat_id: int, schedule_id: str) -> bool:
        changed = await self.db.execute(
            "DELETE FROM agenda_subscriptions WHERE chat_id = ? AND schedule_id = ?",
            (chat_id, schedule_id),
        )
        return changed > 0

    async def schedule_subscriptions(self, chat_id: int) -> list[str]:
        rows = await self.db.fetchall(
            "SELECT schedule_id FROM agenda_subscriptions WHERE chat_id = ? ORDER BY schedule_id",
            (chat_id,),
        )
        return [str(r[0]) for r in rows]

    async def follow_agenda(self, user_id: int, chat_id: int, now: datetime) -> bool:
        """False when the member already followed this group."""
        changed = await self.db.execute(
            "INSERT OR IGNORE INTO agenda_followers(user_id, chat_id, created_utc) "
            "VALUES (?, ?, ?)",
            (user_id, chat_id, to_iso(now)),
        )
        return changed > 0

    async def unfollow_agenda(self, user_id: int, chat_id: int) -> bool:
        changed = await self.db.execute(
            "DELETE FROM agenda_followers WHERE user_id = ? AND chat_id = ?",
            (user_id, chat_id),
        )
        return changed > 0

    async def agenda_followers(self, chat_id: int) -> list[int]:
        rows = await self.db.fetchall(
            "SELECT user_id FROM agenda_followers WHERE chat_id = ? ORDER BY user_id", (chat_id,)
        )
        return [int(r[0]) for r in rows]

    async def followed_agendas(self, user_id: int) -> list[int]:
        rows = await self.db.fetchall(
            "SELECT chat_id FROM agenda_followers WHERE user_id = ? ORDER BY chat_id", (user_id,)
        )
        return [int(r[0]) for r in rows]

    async def agenda_chats(self) -> list[int]:
        """Every group that has anything on its agenda (meetings, schedules, settings)."""
        rows = await self.db.fetchall(
            "SELECT chat_id FROM agenda_meetings WHERE cancelled_utc IS NULL "
            "UNION SELECT chat_id FROM agenda_subscriptions "
            "UNION SELECT chat_id FROM agenda_settings "
            "UNION SELECT chat_id FROM agenda_followers ORDER BY 1"
        )
        return [int(r[0]) for r in rows]

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
