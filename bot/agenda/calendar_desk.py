"""The shared agenda as an .ics file, and .ics files read back into it.

Export writes every meeting, subscribed milestone and open vote's closing day with its stable
UID (a series is one VEVENT with RRULE, EXDATEs and RECURRENCE-ID overrides). Import reads a
file at series level with `read_calendar` and compares it by UID with `plan_import`, so the
bot's own export (or an Outlook copy of it) creates nothing new, an all-day event stays
all-day, and meetings that an earlier import of the same calendar brought in but that are gone
from the file are reported and cancelled only after the board confirms.

Parsing runs in a worker thread within the import budget (size, events, occurrences, wall
time), and at most two files are read at once, so a hostile upload never stalls other chats.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from bot.agenda import records as ar
from bot.agenda.delivery import HORIZON
from bot.agenda.events import AgendaEvent, agenda_rows
from bot.agenda.ics_export import export_ics
from bot.agenda.ics_import import CalendarFile, ImportBudget, read_calendar
from bot.agenda.import_plan import is_bot_uid, plan_import
from bot.agenda.meeting_desk import MAX_MEETINGS, AgendaLimitError
from bot.polls.records import PollRecord
from bot.texts import agenda as texts

if TYPE_CHECKING:
    from bot.agenda.service import AgendaService

VoteLink = Callable[[PollRecord], str]
"""Where a member votes: built by the handler (a message link or a deep link to the bot)."""

PARALLEL_IMPORTS = 2
MAX_FIRST = 5


@dataclass(frozen=True)
class ImportReport:
    counts: ar.ImportCounts
    first: tuple[AgendaEvent, ...]
    notes: tuple[str, ...]
    removed: tuple[ar.Meeting, ...]
    token: str | None  # for the "cancel the removed ones" button


@dataclass(frozen=True)
class _Removing:
    meeting_ids: tuple[int, ...]


class CalendarDesk:
    def __init__(self, service: AgendaService) -> None:
        self.service = service
        self.tz = service.tz
        self.budget = ImportBudget()
        self._slots = asyncio.Semaphore(PARALLEL_IMPORTS)

    @property
    def max_bytes(self) -> int:
        return self.budget.max_bytes

    # --- export ----------------------------------------------------------------------------

    async def export(
        self, chat_id: int, now: datetime, calendar_name: str, link: VoteLink | None
    ) -> tuple[bytes, int] | None:
        """The coming events as .ics with alarms at the group's lead times; None if empty."""
        service = self.service
        horizon = now + HORIZON
        events = await service.events(chat_id) + await service.vote_deadlines(chat_id, now, link)
        coming = [e for e in events if e.occurrences(self.tz, now, horizon)]
        if not coming:
            return None
        leads, _ = await service.leads(chat_id)
        data = export_ics(
            coming,
            self.tz,
            calendar_name,
            leads={"meeting": leads, "milestone": service.milestone_leads(leads)},
            now_utc=now,
            default_duration=await service.default_duration(chat_id),
        )
        return data, len(coming)

    # --- import ----------------------------------------------------------------------------

    async def read(self, data: bytes, now: datetime) -> CalendarFile:
        """Parse off the event loop, within the budget; raises IcsImportError."""
        async with self._slots:
            return await asyncio.to_thread(read_calendar, data, self.tz, now, self.budget)

    def known_uids(self, calendar: CalendarFile) -> set[str]:
        """UIDs that are the bot's own milestones or vote deadlines: never new meetings
        (typed meetings of the bot, `vergadering-...@rao-bot`, are matched as meetings)."""
        return {
            event.uid
            for event in calendar.events
            if is_bot_uid(event.uid) and not event.uid.startswith("vergadering-")
        } | set(self.service.milestones)

    async def import_file(
        self, chat_id: int, data: bytes, by: int | None, now: datetime
    ) -> ImportReport:
        """Read the file and apply it to the shared agenda; new meetings belong to this group.
        Raises IcsImportError (Dutch message) or AgendaLimitError."""
        calendar = await self.read(data, now)
        service, storage = self.service, self.service.storage
        scope = await service.scope(chat_id)
        existing = await storage.agenda.agenda_meetings(scope, include_cancelled=True)
        plan = plan_import(existing, calendar, self.tz, now, known_uids=self.known_uids(calendar))
        active = sum(1 for m in existing if m.chat_id == chat_id and not m.cancelled)
        if active + len(plan.new) > MAX_MEETINGS:
            raise AgendaLimitError(texts.ICS_IMPORT_LIMIT.format(max=MAX_MEETINGS))
        new = [
            ar.MeetingDraft.from_event(chat_id, event, "ics", by, source=calendar.source)
            for event in plan.new
        ]
        # An import never revives a cancelled meeting: it counts as unchanged.
        changed = [(m, e) for m, e in plan.changed if not m.cancelled]
        updates = [
            (
                meeting.id,
                ar.MeetingDraft.from_event(
                    meeting.chat_id,
                    event,
                    meeting.origin,
                    by,
                    source=calendar.source if meeting.origin == "ics" else meeting.source,
                ),
            )
            for meeting, event in changed
        ]
        superseded = [m.id for m in plan.superseded if not m.cancelled]
        await storage.agenda.save_agenda_import(new, updates, superseded, now)
        await service.changed(chat_id, now)
        counts = ar.ImportCounts(
            created=len(new),
            updated=len(updates),
            unchanged=plan.counts.unchanged + len(plan.changed) - len(changed),
        )
        token = None
        if plan.removed:
            removing = _Removing(tuple(m.id for m in plan.removed))
            token = service.pending.put(chat_id, removing, now)
        rows = agenda_rows(calendar.events, now, self.tz, self.budget.horizon_days)
        first = [replace(e, start_utc=o.start_utc, title=o.title) for o, e in rows[:MAX_FIRST]]
        return ImportReport(
            counts,
            tuple(first),
            calendar.notes,
            plan.removed,
            token,
        )

    async def cancel_removed(
        self, chat_id: int, token: str, now: datetime
    ) -> list[ar.Meeting] | None:
        """Cancel the meetings an import reported as removed; None when the question expired."""
        waiting = self.service.pending.pop(token, chat_id, _Removing, now)
        if waiting is None:
            return None
        done: list[ar.Meeting] = []
        for meeting_id in waiting.meeting_ids:
            meeting = await self.service.shared_meeting(chat_id, meeting_id)
            if meeting is not None and not meeting.cancelled:
                done.append(meeting)
        await self.service.storage.agenda.cancel_agenda_meetings([m.id for m in done], now)
        await self.service.changed(chat_id, now)
        return done

    def keep_removed(self, chat_id: int, token: str, now: datetime) -> bool:
        return self.service.pending.pop(token, chat_id, _Removing, now) is not None
