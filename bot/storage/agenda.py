"""The agenda: settings, meetings with their series exceptions, schedule subscriptions and
followers (tables `agenda_*`); the reminder rows live in `agenda_reminders.py`.

Rows in, rows out: which meetings exist, change or are cancelled is decided by the agenda
service; every method here loads or saves what it is handed, a multi-row save in one
transaction.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime

import aiosqlite

from bot.agenda import records as ar
from bot.agenda.events import OccurrenceOverride
from bot.storage.agenda_reminders import AgendaReminderRows
from bot.storage.db import chunks, from_iso, to_iso

_MEETING_FIELDS = (
    "title",
    "start_utc",
    "end_utc",
    "all_day",
    "tzid",
    "location",
    "description",
    "recurrence",
    "source",
)


def _opt_iso(moment: datetime | None) -> str | None:
    return to_iso(moment) if moment is not None else None


def _opt_moment(text: str | None) -> datetime | None:
    return from_iso(text) if text else None


def _meeting_values(draft: ar.MeetingDraft) -> tuple[object, ...]:
    """The stored columns of `_MEETING_FIELDS`, in that order."""
    return (
        draft.title,
        to_iso(draft.start_utc),
        _opt_iso(draft.end_utc),
        int(draft.all_day),
        draft.tzid,
        draft.location,
        draft.description,
        draft.recurrence,
        draft.source,
    )


class AgendaRepository(AgendaReminderRows):
    # --- settings --------------------------------------------------------------------------

    async def agenda_leads(self, chat_id: int) -> str | None:
        """The group's lead times as typed ('14d 3d 2u'); None means the defaults."""
        row = await self.db.fetchone(
            "SELECT leads FROM agenda_settings WHERE chat_id = ?", (chat_id,)
        )
        return str(row[0]) if row is not None and row[0] is not None else None

    async def set_agenda_leads(self, chat_id: int, leads: str | None, now: datetime) -> None:
        await self._set_setting(chat_id, "leads", leads, now)

    async def agenda_settings(self, chat_id: int) -> ar.AgendaSettings:
        row = await self.db.fetchone(
            "SELECT leads, default_minutes, post_reminders FROM agenda_settings WHERE chat_id = ?",
            (chat_id,),
        )
        if row is None:
            return ar.AgendaSettings()
        return ar.AgendaSettings(row["leads"], row["default_minutes"], bool(row["post_reminders"]))

    async def set_agenda_default_minutes(
        self, chat_id: int, minutes: int | None, now: datetime
    ) -> None:
        await self._set_setting(chat_id, "default_minutes", minutes, now)

    async def set_agenda_post_reminders(self, chat_id: int, post: bool, now: datetime) -> None:
        await self._set_setting(chat_id, "post_reminders", int(post), now)

    async def _set_setting(self, chat_id: int, column: str, value: object, now: datetime) -> None:
        assert column in ("leads", "default_minutes", "post_reminders")
        await self.db.execute(
            f"INSERT INTO agenda_settings(chat_id, {column}, updated_utc) VALUES (?, ?, ?) "
            f"ON CONFLICT(chat_id) DO UPDATE SET {column} = excluded.{column}, "
            "updated_utc = excluded.updated_utc",
            (chat_id, value, to_iso(now)),
        )

    async def linked_chats(self, chat_id: int) -> list[int]:
        """The groups linked to the same organisation as `chat_id`, first-linked first (read
        from `organisation_chats`); just the group itself when it is not linked."""
        rows = await self.db.fetchall(
            "SELECT chat_id FROM organisation_chats WHERE org_id = "
            "(SELECT org_id FROM organisation_chats WHERE chat_id = ?) "
            "ORDER BY linked_utc, chat_id",
            (chat_id,),
        )
        chats = [int(r[0]) for r in rows]
        return chats if chat_id in chats else [chat_id]

    # --- meetings --------------------------------------------------------------------------

    @staticmethod
    def _agenda_meeting(row: sqlite3.Row, changes: Sequence[sqlite3.Row] = ()) -> ar.Meeting:
        exdates = tuple(
            from_iso(c["recurrence_id_utc"]) for c in changes if c["kind"] == "cancelled"
        )
        overrides = tuple(
            OccurrenceOverride(
                recurrence_id=from_iso(c["recurrence_id_utc"]),
                start_utc=from_iso(c["start_utc"]),
                end_utc=_opt_moment(c["end_utc"]),
                title=c["title"],
                location=c["location"],
            )
            for c in changes
            if c["kind"] == "moved"
        )
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
            end_utc=_opt_moment(row["end_utc"]),
            all_day=bool(row["all_day"]),
            exdates=tuple(sorted(exdates)),
            overrides=tuple(sorted(overrides, key=lambda o: o.recurrence_id)),
            tzid=row["tzid"],
            source=row["source"],
        )

    async def _with_changes(self, rows: Sequence[sqlite3.Row]) -> list[ar.Meeting]:
        changes: dict[int, list[sqlite3.Row]] = defaultdict(list)
        ids = [int(r["id"]) for r in rows if r["recurrence"]]
        for chunk in chunks(ids, 400):
            marks = ", ".join("?" * len(chunk))
            for change in await self.db.fetchall(
                "SELECT * FROM agenda_occurrence_changes "
                f"WHERE meeting_id IN ({marks}) ORDER BY recurrence_id_utc",
                tuple(chunk),
            ):
                changes[int(change["meeting_id"])].append(change)
        return [self._agenda_meeting(r, changes.get(int(r["id"]), ())) for r in rows]

    @staticmethod
    async def _insert(db: aiosqlite.Connection, draft: ar.MeetingDraft, now: datetime) -> int:
        cursor = await db.execute(
            "INSERT INTO agenda_meetings(chat_id, uid, origin, created_by, created_utc, "
            f"updated_utc, {', '.join(_MEETING_FIELDS)}) "
            f"VALUES (?, ?, ?, ?, ?, ?, {', '.join('?' * len(_MEETING_FIELDS))})",
            (
                draft.chat_id,
                draft.uid,
                draft.origin,
                draft.created_by,
                to_iso(now),
                to_iso(now),
                *_meeting_values(draft),
            ),
        )
        meeting_id = int(cursor.lastrowid or 0)
        await AgendaRepository._write_changes(db, meeting_id, draft, now)
        return meeting_id

    @staticmethod
    async def _write_changes(
        db: aiosqlite.Connection, meeting_id: int, draft: ar.MeetingDraft, now: datetime
    ) -> None:
        """Replace the series' exceptions by the draft's."""
        await db.execute(
            "DELETE FROM agenda_occurrence_changes WHERE meeting_id = ?", (meeting_id,)
        )
        rows: list[tuple[object, ...]] = [
            (meeting_id, to_iso(m), "cancelled", None, None, None, None) for m in draft.exdates
        ]
        rows += [
            (
                meeting_id,
                to_iso(o.recurrence_id),
                "moved",
                to_iso(o.start_utc),
                _opt_iso(o.end_utc),
                o.title,
                o.location,
            )
            for o in draft.overrides
        ]
        if rows:
            await db.executemany(
                "INSERT OR REPLACE INTO agenda_occurrence_changes(meeting_id, "
                "recurrence_id_utc, kind, start_utc, end_utc, title, location, created_by, "
                "created_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(*row, draft.created_by, to_iso(now)) for row in rows],
            )

    async def add_agenda_meeting(self, draft: ar.MeetingDraft, now: datetime) -> ar.Meeting:
        async with self.db.transaction() as db:
            meeting_id = await self._insert(db, draft, now)
        meeting = await self.agenda_meeting_by_id(meeting_id)
        assert meeting is not None
        return meeting

    async def update_agenda_meeting(
        self, meeting_id: int, draft: ar.MeetingDraft, now: datetime
    ) -> None:
        """Store the draft's fields and exceptions over the meeting (uid and origin stay)."""
        async with self.db.transaction() as db:
            await self._update(db, meeting_id, draft, now)

    async def _update(
        self, db: aiosqlite.Connection, meeting_id: int, draft: ar.MeetingDraft, now: datetime
    ) -> None:
        sets = ", ".join(f"{field} = ?" for field in _MEETING_FIELDS)
        await db.execute(
            f"UPDATE agenda_meetings SET {sets}, updated_utc = ? WHERE id = ?",
            (*_meeting_values(draft), to_iso(now), meeting_id),
        )
        await self._write_changes(db, meeting_id, draft, now)

    async def save_agenda_import(
        self,
        new: Sequence[ar.MeetingDraft],
        changed: Sequence[tuple[int, ar.MeetingDraft]],
        cancelled: Sequence[int],
        now: datetime,
    ) -> None:
        """An import plan applied all at once: new meetings, updated ones, cancelled ones."""
        async with self.db.transaction() as db:
            for draft in new:
                await self._insert(db, draft, now)
            for meeting_id, draft in changed:
                await self._update(db, meeting_id, draft, now)
            await self._cancel(db, cancelled, now)

    async def agenda_meetings(
        self, chat_ids: int | Iterable[int], include_cancelled: bool = False
    ) -> list[ar.Meeting]:
        """The meetings of one group or several (linked groups), with their exceptions."""
        chats = [chat_ids] if isinstance(chat_ids, int) else list(chat_ids)
        marks = ", ".join("?" * len(chats))
        sql = f"SELECT * FROM agenda_meetings WHERE chat_id IN ({marks})"
        if not include_cancelled:
            sql += " AND cancelled_utc IS NULL"
        rows = await self.db.fetchall(sql + " ORDER BY start_utc, id", chats)
        return await self._with_changes(rows)

    async def agenda_meeting(self, chat_id: int, meeting_id: int) -> ar.Meeting | None:
        meeting = await self.agenda_meeting_by_id(meeting_id)
        return meeting if meeting is not None and meeting.chat_id == chat_id else None

    async def agenda_meeting_by_id(self, meeting_id: int) -> ar.Meeting | None:
        row = await self.db.fetchone("SELECT * FROM agenda_meetings WHERE id = ?", (meeting_id,))
        return (await self._with_changes([row]))[0] if row is not None else None

    async def cancel_agenda_meeting(self, chat_id: int, meeting_id: int, now: datetime) -> bool:
        changed = await self.db.execute(
            "UPDATE agenda_meetings SET cancelled_utc = ?, updated_utc = ? "
            "WHERE chat_id = ? AND id = ? AND cancelled_utc IS NULL",
            (to_iso(now), to_iso(now), chat_id, meeting_id),
        )
        return changed > 0

    async def cancel_agenda_meetings(self, meeting_ids: Sequence[int], now: datetime) -> int:
        async with self.db.transaction() as db:
            return await self._cancel(db, meeting_ids, now)

    @staticmethod
    async def _cancel(db: aiosqlite.Connection, meeting_ids: Sequence[int], now: datetime) -> int:
        done = 0
        for chunk in chunks(meeting_ids, 400):
            marks = ", ".join("?" * len(chunk))
            cursor = await db.execute(
                "UPDATE agenda_meetings SET cancelled_utc = ?, updated_utc = ? "
                f"WHERE cancelled_utc IS NULL AND id IN ({marks})",
                (to_iso(now), to_iso(now), *chunk),
            )
            done += cursor.rowcount
        return done

    # --- schedule subscriptions ------------------------------------------------------------

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

    # --- followers -------------------------------------------------------------------------

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
