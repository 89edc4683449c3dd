"""The agenda feature between storage and the domain: meetings, subscriptions, lead times,
followers, the agenda view and export, and which reminders exist and are due.

No Telegram here: handlers call these methods with `now` (so tests choose the clock) and turn
the results into messages; the reminder job sends what `due_reminders` hands out and reports
back with `mark_sent` / `mark_failed` / `release`.

Reminders are rows, one per (event occurrence, lead time, target chat). `sync_group` derives
the rows a group should have from its meetings, subscriptions, lead times and followers and
makes the table match; every change calls it, so the database is the truth and the scheduler
only ever reads it.
"""

from __future__ import annotations

import html
import logging
import secrets
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.agenda import records as ar
from bot.agenda.events import AgendaEvent, render_agenda
from bot.agenda.ics import export_ics, import_ics
from bot.agenda.meeting_input import MeetingRequest
from bot.agenda.reminders import (
    DEFAULT_MAX_LATE,
    DEFAULT_MEETING_LEADS,
    LeadTime,
    delivery_decision,
    format_lead_times,
    occurrence_reminders,
    parse_lead_times,
)
from bot.agenda.schedules import (
    Schedule,
    load_valid_schedules,
    resolve_schedules_dir,
    schedule_events,
)
from bot.dutch_dates import format_day, format_moment
from bot.dutch_recurrence import describe_rrule
from bot.errors import UserFacingError
from bot.storage import Storage
from bot.texts import agenda as texts

log = logging.getLogger(__name__)

AGENDA_DAYS = 60
HORIZON = timedelta(days=366)  # reminders exist for occurrences this far ahead
IMPORT_HORIZON_DAYS = 365
MAX_MEETINGS = 600  # active meetings per group (an imported weekly series counts per week)
MAX_LATE = DEFAULT_MAX_LATE

Listener = Callable[[], Awaitable[None]]


class UnknownScheduleError(LookupError):
    def __init__(self, name: str, known: Sequence[str]) -> None:
        super().__init__(name)
        self.name = name
        self.known = list(known)


class AgendaLimitError(UserFacingError):
    """A group would get more meetings than the bot is willing to remind about."""


@dataclass(frozen=True)
class Outgoing:
    """A claimed reminder and the message to send for it."""

    reminder: ar.Reminder
    html: str
    late: bool


@dataclass(frozen=True)
class ImportOutcome:
    counts: ar.ImportCounts
    first: list[AgendaEvent]


class AgendaService:
    def __init__(self, storage: Storage, tz: ZoneInfo, schedules_dir: Path) -> None:
        self.storage = storage
        self.tz = tz
        self.schedules_dir = resolve_schedules_dir(schedules_dir)
        self.schedules: dict[str, Schedule] = {}
        self.schedule_problems: list[str] = []
        self._milestones: dict[str, tuple[str, AgendaEvent]] = {}
        self.listeners: list[Listener] = []
        self.reload_schedules()

    # --- schedules -------------------------------------------------------------------------

    def reload_schedules(self) -> list[str]:
        """Load the schedule files; broken files are reported and left out, never fatal."""
        self.schedules, self.schedule_problems = load_valid_schedules(self.schedules_dir)
        for problem in self.schedule_problems:
            log.error("schedule problem: %s", problem)
        self._milestones = {
            event.uid: (schedule.id, event)
            for schedule in self.schedules.values()
            for event in schedule_events(schedule, self.tz)
        }
        return self.schedule_problems

    def schedule_choices(self, now: datetime) -> list[Schedule]:
        """Schedules with at least one item still to come, soonest first."""
        upcoming = [
            (min(starts), schedule)
            for schedule in self.schedules.values()
            if (
                starts := [
                    e.start_utc for e in schedule_events(schedule, self.tz) if e.start_utc > now
                ]
            )
        ]
        return [schedule for _, schedule in sorted(upcoming, key=lambda p: (p[0], p[1].id))]

    def find_schedule(self, name: str) -> Schedule:
        """By id, or by a title that contains the typed text once."""
        key = name.strip().lower()
        if key in self.schedules:
            return self.schedules[key]
        matches = [s for s in self.schedules.values() if key and key in s.title.lower()]
        if len(matches) == 1:
            return matches[0]
        raise UnknownScheduleError(name, sorted(self.schedules))

    def upcoming_items(self, schedule: Schedule, now: datetime, limit: int = 3) -> list[str]:
        events = [e for e in schedule_events(schedule, self.tz) if e.start_utc > now]
        return [self.event_line(e) for e in events[:limit]]

    async def subscribe(
        self, chat_id: int, name: str, by: int | None, now: datetime
    ) -> tuple[Schedule, bool]:
        schedule = self.find_schedule(name)
        added = await self.storage.agenda.subscribe_schedule(chat_id, schedule.id, by, now)
        if added:
            await self.changed(chat_id, now)
        return schedule, added

    async def unsubscribe(self, chat_id: int, name: str, now: datetime) -> tuple[Schedule, bool]:
        schedule = self.find_schedule(name)
        removed = await self.storage.agenda.unsubscribe_schedule(chat_id, schedule.id)
        if removed:
            await self.changed(chat_id, now)
        return schedule, removed

    async def subscriptions(self, chat_id: int) -> list[Schedule]:
        ids = await self.storage.agenda.schedule_subscriptions(chat_id)
        return [self.schedules[i] for i in ids if i in self.schedules]

    # --- lead times ------------------------------------------------------------------------

    async def leads(self, chat_id: int) -> tuple[list[LeadTime], bool]:
        """The group's lead times and whether they are the defaults."""
        stored = await self.storage.agenda.agenda_leads(chat_id)
        if stored is None:
            return list(DEFAULT_MEETING_LEADS), True
        return parse_lead_times(stored), False

    @staticmethod
    def milestone_leads(leads: Sequence[LeadTime]) -> list[LeadTime]:
        """Milestones are whole-day deadlines: only day and week leads apply to them."""
        return [lead for lead in leads if lead.whole_days]

    async def set_leads(self, chat_id: int, text: str | None, now: datetime) -> list[LeadTime]:
        """Store lead times ('14d 3d 2u'), or None for the defaults; raises LeadTimeError."""
        stored = format_lead_times(parse_lead_times(text)) if text is not None else None
        await self.storage.agenda.set_agenda_leads(chat_id, stored, now)
        await self.changed(chat_id, now)
        leads, _ = await self.leads(chat_id)
        return leads

    async def leads_text(self, chat_id: int) -> str:
        leads, is_default = await self.leads(chat_id)
        milestone = self.milestone_leads(leads)
        return texts.LEADS_CURRENT.format(
            leads=texts.leads_phrase([lead.label() for lead in leads]),
            default=texts.LEADS_DEFAULT_MARK if is_default else "",
            milestone_leads=(
                texts.leads_phrase([lead.label() for lead in milestone])
                if milestone
                else texts.LEADS_MILESTONES_NONE
            ),
        )

    # --- meetings --------------------------------------------------------------------------

    async def add_meeting(
        self, chat_id: int, request: MeetingRequest, by: int | None, now: datetime
    ) -> ar.Meeting:
        if len(await self.storage.agenda.agenda_meetings(chat_id)) >= MAX_MEETINGS:
            raise AgendaLimitError(texts.MEETING_LIMIT.format(max=MAX_MEETINGS))
        draft = ar.MeetingDraft(
            chat_id=chat_id,
            uid=f"vergadering-{secrets.token_hex(8)}@rao-bot",
            title=request.title,
            start_utc=request.start_utc,
            origin="chat",
            location=request.location,
            recurrence=request.rrule(),
            created_by=by,
            end_utc=request.end_utc,
        )
        meeting = await self.storage.agenda.add_agenda_meeting(draft, now)
        await self.changed(chat_id, now)
        return meeting

    def next_start(self, meeting: ar.Meeting, now: datetime) -> datetime | None:
        starts = meeting.to_event().occurrences(self.tz, now, now + HORIZON)
        return starts[0] if starts else None

    async def upcoming_meetings(
        self, chat_id: int, now: datetime
    ) -> list[tuple[ar.Meeting, datetime]]:
        pairs = []
        for meeting in await self.storage.agenda.agenda_meetings(chat_id):
            start = self.next_start(meeting, now)
            if start is not None:
                pairs.append((meeting, start))
        return sorted(pairs, key=lambda pair: (pair[1], pair[0].id))

    async def cancel_meeting(
        self, chat_id: int, meeting_id: int, now: datetime
    ) -> ar.Meeting | None:
        meeting = await self.storage.agenda.agenda_meeting(chat_id, meeting_id)
        if meeting is None or not await self.storage.agenda.cancel_agenda_meeting(
            chat_id, meeting_id, now
        ):
            return None
        await self.changed(chat_id, now)
        return meeting

    async def import_calendar(
        self, chat_id: int, data: bytes, by: int | None, now: datetime
    ) -> ImportOutcome:
        """Import an .ics file; raises IcsImportError (Dutch message) or AgendaLimitError."""
        imported = import_ics(data, now, self.tz, IMPORT_HORIZON_DAYS)
        existing = {m.uid for m in await self.storage.agenda.agenda_meetings(chat_id)}
        new = sum(1 for event in imported if event.uid not in existing)
        if len(existing) + new > MAX_MEETINGS:
            raise AgendaLimitError(texts.ICS_IMPORT_LIMIT.format(max=MAX_MEETINGS))
        drafts = [
            ar.MeetingDraft(
                chat_id=chat_id,
                uid=event.uid,
                title=event.title,
                start_utc=event.start_utc,
                origin="ics",
                location=event.location,
                description=event.description,
                created_by=by,
            )
            for event in imported
        ]
        counts = await self.storage.agenda.upsert_agenda_meetings(drafts, now)
        await self.changed(chat_id, now)
        return ImportOutcome(counts, [e.to_agenda_event() for e in imported[:5]])

    # --- followers -------------------------------------------------------------------------

    async def follow(self, user_id: int, chat_id: int, now: datetime) -> bool:
        added = await self.storage.agenda.follow_agenda(user_id, chat_id, now)
        if added:
            await self.changed(chat_id, now)
        return added

    async def unfollow(self, user_id: int, chat_id: int, now: datetime) -> bool:
        removed = await self.storage.agenda.unfollow_agenda(user_id, chat_id)
        if removed:
            await self.changed(chat_id, now)
        return removed

    # --- views -----------------------------------------------------------------------------

    async def events(self, chat_ids: Sequence[int]) -> list[AgendaEvent]:
        """Meetings and subscribed milestones of the groups (shared milestones once)."""
        events: dict[str, AgendaEvent] = {}
        for chat_id in chat_ids:
            for meeting in await self.storage.agenda.agenda_meetings(chat_id):
                events.setdefault(f"{chat_id}/{meeting.uid}", meeting.to_event())
            for schedule in await self.subscriptions(chat_id):
                for event in schedule_events(schedule, self.tz):
                    events.setdefault(event.uid, event)
        return list(events.values())

    async def agenda_html(self, chat_ids: Sequence[int], now: datetime) -> str:
        return render_agenda(await self.events(chat_ids), now, self.tz, AGENDA_DAYS)

    async def export(
        self, chat_ids: Sequence[int], now: datetime, calendar_name: str
    ) -> tuple[bytes, int] | None:
        """The coming events as .ics with alarms at the groups' lead times; None if empty."""
        coming = [
            event
            for event in await self.events(chat_ids)
            if event.occurrences(self.tz, now, now + HORIZON)
        ]
        if not coming:
            return None
        leads, _ = await self.leads(chat_ids[0])
        data = export_ics(
            coming,
            self.tz,
            calendar_name,
            leads={"meeting": leads, "milestone": self.milestone_leads(leads)},
            now_utc=now,
        )
        return data, len(coming)

    def event_line(self, event: AgendaEvent) -> str:
        """'di 12 jan 2027 19:30 – ALV' for confirmations and lists."""
        when = (
            format_day(event.start_utc, self.tz)
            if event.kind == "milestone"
            else format_moment(event.start_utc, self.tz)
        )
        line = f"{when} – {html.escape(event.title, quote=False)}"
        if event.status == "verwacht":
            line += f" {texts.AGENDA_EXPECTED}"
        return line

    def describe_rule(self, meeting: ar.Meeting) -> str | None:
        if not meeting.recurrence:
            return None
        return describe_rrule(meeting.recurrence)

    # --- reminders: which rows should exist ------------------------------------------------

    async def changed(self, chat_id: int, now: datetime) -> None:
        """After any change to a group: bring its reminders up to date, then tell listeners
        (the scheduler) so a reminder due in a few seconds gets its timer right away."""
        await self.sync_group(chat_id, now)
        for listener in self.listeners:
            await listener()

    async def wanted_reminders(self, chat_id: int, now: datetime) -> list[ar.ReminderDraft]:
        leads, _ = await self.leads(chat_id)
        milestone_leads = self.milestone_leads(leads)
        targets = [chat_id, *await self.storage.agenda.agenda_followers(chat_id)]
        plan: list[tuple[AgendaEvent, Sequence[LeadTime]]] = [
            (meeting.to_event(), leads)
            for meeting in await self.storage.agenda.agenda_meetings(chat_id)
        ]
        for schedule in await self.subscriptions(chat_id):
            plan += [(event, milestone_leads) for event in schedule_events(schedule, self.tz)]
        return [
            ar.ReminderDraft(chat_id, target, uid, start, str(lead), due)
            for uid, start, lead, due in occurrence_reminders(plan, self.tz, now, now + HORIZON)
            for target in targets
        ]

    async def sync_group(self, chat_id: int, now: datetime) -> ar.SyncCounts:
        wanted = await self.wanted_reminders(chat_id, now)
        return await self.storage.agenda.sync_agenda_reminders(chat_id, wanted, now)

    async def sync_all(self, now: datetime) -> ar.SyncCounts:
        """Every group at once: new occurrences entering the horizon, edited schedule files."""
        inserted = deleted = 0
        for chat_id in await self.storage.agenda.agenda_chats():
            counts = await self.sync_group(chat_id, now)
            inserted += counts.inserted
            deleted += counts.deleted
        return ar.SyncCounts(inserted, deleted)

    # --- reminders: delivery ---------------------------------------------------------------

    async def due_reminders(self, now: datetime, upto: datetime | None = None) -> list[Outgoing]:
        """Claim the pending reminders due by `upto` and return what to send for each.

        Too late (over 12 hours, or the event already began): marked skipped and logged.
        Event gone (meeting cancelled, schedule unsubscribed, member unfollowed): cancelled.
        A claim is atomic, so two timers firing together never send the same row twice.
        """
        rows = await self.storage.agenda.pending_agenda_reminders(max(now, upto or now))
        if not rows:
            return []
        titles = await self.storage.chats.group_chats()
        lookup = _EventLookup(self)
        outgoing: list[Outgoing] = []
        skipped: list[int] = []
        cancelled: list[int] = []
        for row in rows:
            event = await lookup.resolve(row)
            if event is None:
                cancelled.append(row.id)
                continue
            decision = delivery_decision(
                row.due_utc, now, MAX_LATE, event_start_utc=row.occurrence_utc
            )
            if decision == "skip":
                log.warning(
                    "skipping reminder %s (%s, lead %s, chat %s): due %s, now %s",
                    row.id,
                    row.event_uid,
                    row.lead,
                    row.target_chat,
                    row.due_utc.isoformat(),
                    now.isoformat(),
                )
                skipped.append(row.id)
                continue
            late = decision == "late"
            group = titles.get(row.chat_id) or texts.UNKNOWN_GROUP
            text = self.reminder_html(event, row, now, late, group)
            outgoing.append(Outgoing(row, text, late))
        if skipped:
            await self.storage.agenda.finish_agenda_reminders(
                skipped, ar.ReminderState.SKIPPED, now, note="too late"
            )
        if cancelled:
            await self.storage.agenda.finish_agenda_reminders(
                cancelled, ar.ReminderState.CANCELLED, now, note="event gone"
            )
        claimed = set(
            await self.storage.agenda.claim_agenda_reminders([o.reminder.id for o in outgoing], now)
        )
        return [o for o in outgoing if o.reminder.id in claimed]

    def reminder_html(
        self,
        event: AgendaEvent,
        row: ar.Reminder,
        now: datetime,
        late: bool,
        group: str,
    ) -> str:
        start = row.occurrence_utc
        local_start, local_now = start.astimezone(self.tz), now.astimezone(self.tz)
        relative = texts.relative_label(
            (local_start.date() - local_now.date()).days,
            max(0, round((start - now).total_seconds() / 60)),
        )
        lines = []
        if row.target_chat != row.chat_id:
            lines.append(texts.REMINDER_FROM_GROUP.format(group=html.escape(group, quote=False)))
        lines.append(texts.REMINDER_HEADER.format(title=html.escape(event.title, quote=False)))
        if event.kind == "milestone":
            day = format_day(start, self.tz)
            lines.append(texts.REMINDER_WHEN_DAY.format(day=day, relative=relative))
        else:
            moment = format_moment(start, self.tz)
            lines.append(texts.REMINDER_WHEN.format(moment=moment, relative=relative))
        if event.location:
            place = html.escape(event.location, quote=False)
            lines.append(texts.REMINDER_PLACE.format(place=place))
        if event.kind == "milestone":
            if event.description:
                lines += ["", html.escape(event.description, quote=False)]
            if event.status == "verwacht":
                lines.append(texts.REMINDER_EXPECTED)
            if event.source:
                source = html.escape(event.source, quote=False)
                lines.append(texts.REMINDER_SOURCE.format(source=source))
        if late:
            lines.append(texts.REMINDER_LATE)
        return "\n".join(lines)

    async def mark_sent(self, outgoing: Outgoing, now: datetime) -> None:
        await self.storage.agenda.finish_agenda_reminders(
            [outgoing.reminder.id], ar.ReminderState.SENT, now, late=outgoing.late
        )

    async def mark_failed(self, outgoing: Outgoing, now: datetime, reason: str) -> None:
        await self.storage.agenda.finish_agenda_reminders(
            [outgoing.reminder.id], ar.ReminderState.FAILED, now, note=reason[:200]
        )

    async def release(self, outgoing: Outgoing) -> None:
        """A send that may be retried (network trouble): back to pending for the next tick."""
        await self.storage.agenda.release_agenda_reminders([outgoing.reminder.id])


class _EventLookup:
    """Resolves a reminder row to its current event, caching per group for one batch."""

    def __init__(self, service: AgendaService) -> None:
        self.service = service
        self._meetings: dict[int, dict[str, ar.Meeting]] = {}
        self._subscribed: dict[int, set[str]] = {}
        self._followers: dict[int, set[int]] = {}

    async def resolve(self, row: ar.Reminder) -> AgendaEvent | None:
        storage = self.service.storage
        if row.target_chat != row.chat_id:
            if row.chat_id not in self._followers:
                self._followers[row.chat_id] = set(
                    await storage.agenda.agenda_followers(row.chat_id)
                )
            if row.target_chat not in self._followers[row.chat_id]:
                return None
        milestone = self.service._milestones.get(row.event_uid)
        if milestone is not None:
            schedule_id, event = milestone
            if row.chat_id not in self._subscribed:
                ids = await storage.agenda.schedule_subscriptions(row.chat_id)
                self._subscribed[row.chat_id] = set(ids)
            if schedule_id not in self._subscribed[row.chat_id]:
                return None
            return event if event.start_utc == row.occurrence_utc else None
        if row.chat_id not in self._meetings:
            meetings = await storage.agenda.agenda_meetings(row.chat_id)
            self._meetings[row.chat_id] = {m.uid: m for m in meetings}
        meeting = self._meetings[row.chat_id].get(row.event_uid)
        if meeting is None:
            return None
        event = meeting.to_event()
        moment = row.occurrence_utc
        if event.occurrences(self.service.tz, moment, moment + timedelta(seconds=1)):
            return event
        return None
