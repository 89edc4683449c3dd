"""The agenda feature between storage and the domain: one agenda per organisation, its
schedules, settings, followers, views and the reminders that follow from them.

No Telegram here: handlers call these methods with `now` (so tests choose the clock) and turn
the results into messages. Three desks hold the larger flows: `meetings` (typing, confirming,
cancelling and moving meetings), `calendars` (.ics export and import) and `delivery` (which
reminder rows exist and handing them to the sender).

One agenda per organisation: groups linked to the same organisation (the polls feature links
them) see the same meetings and milestones, whichever group added them. Reminder rows stay
per group: each group gets them posted unless its board switched that off
(`/herinneringen uit`), and a member who follows several linked groups gets one copy.
"""

from __future__ import annotations

import html
import logging
import secrets
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.agenda import records as ar
from bot.agenda.calendar_desk import CalendarDesk, VoteLink
from bot.agenda.deadlines import vote_deadline_event
from bot.agenda.delivery import HORIZON, MAX_LATE, Outgoing, ReminderDelivery
from bot.agenda.events import AgendaEvent, all_day_anchor, render_agenda
from bot.agenda.meeting_desk import MAX_MEETINGS, AgendaLimitError, MeetingDesk
from bot.agenda.meeting_input import DEFAULT_DURATION, MeetingRequest, parse_duration
from bot.agenda.pending import PendingActions
from bot.agenda.reminders import (
    DEFAULT_MEETING_LEADS,
    LeadTime,
    format_lead_times,
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
from bot.polls.records import PollRecord
from bot.storage import Storage
from bot.texts import agenda as texts
from bot.texts import agenda_series as series_texts

__all__ = [
    "AGENDA_DAYS",
    "HORIZON",
    "MAX_LATE",
    "MAX_MEETINGS",
    "AgendaLimitError",
    "AgendaService",
    "Outgoing",
    "UnknownScheduleError",
]

log = logging.getLogger(__name__)

AGENDA_DAYS = 60

Listener = Callable[[], Awaitable[None]]


class UnknownScheduleError(LookupError):
    def __init__(self, name: str, known: Sequence[str]) -> None:
        super().__init__(name)
        self.name = name
        self.known = list(known)


class AgendaService:
    def __init__(self, storage: Storage, tz: ZoneInfo, schedules_dir: Path) -> None:
        self.storage = storage
        self.tz = tz
        self.schedules_dir = resolve_schedules_dir(schedules_dir)
        self.schedules: dict[str, Schedule] = {}
        self.schedule_problems: list[str] = []
        self.milestones: dict[str, tuple[str, AgendaEvent]] = {}
        self.listeners: list[Listener] = []
        self.pending = PendingActions()
        self.meetings = MeetingDesk(self)
        self.calendars = CalendarDesk(self)
        self.delivery = ReminderDelivery(self)
        self.reload_schedules()

    # --- organisation scope ----------------------------------------------------------------

    async def scope(self, chat_id: int) -> list[int]:
        """The groups that share this group's agenda (linked to one organisation), the
        first-linked first; just the group itself when it is not linked."""
        return await self.storage.agenda.linked_chats(chat_id)

    # --- schedules -------------------------------------------------------------------------

    def reload_schedules(self) -> list[str]:
        """Load the schedule files; broken files are reported and left out, never fatal."""
        self.schedules, self.schedule_problems = load_valid_schedules(self.schedules_dir)
        for problem in self.schedule_problems:
            log.error("schedule problem: %s", problem)
        self.milestones = {
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

    async def subscribable(self, chat_id: int, now: datetime) -> list[Schedule]:
        """Schedules with dates to come that the shared agenda does not have yet."""
        have = {s.id for s in await self.subscriptions(chat_id)}
        return [s for s in self.schedule_choices(now) if s.id not in have]

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
        """Subscribe the shared agenda; False when a linked group already did."""
        schedule = self.find_schedule(name)
        if schedule.id in {s.id for s in await self.subscriptions(chat_id)}:
            return schedule, False
        added = await self.storage.agenda.subscribe_schedule(chat_id, schedule.id, by, now)
        if added:
            await self.changed(chat_id, now)
        return schedule, added

    async def unsubscribe(self, chat_id: int, name: str, now: datetime) -> tuple[Schedule, bool]:
        """Unsubscribe the shared agenda, whichever linked group subscribed it."""
        schedule = self.find_schedule(name)
        removed = False
        for chat in await self.scope(chat_id):
            removed = await self.storage.agenda.unsubscribe_schedule(chat, schedule.id) or removed
        if removed:
            await self.changed(chat_id, now)
        return schedule, removed

    async def subscriptions(self, chat_id: int) -> list[Schedule]:
        """The schedules on the shared agenda (subscribed by any linked group)."""
        ids: set[str] = set()
        for chat in await self.scope(chat_id):
            ids.update(await self.storage.agenda.schedule_subscriptions(chat))
        return [self.schedules[i] for i in sorted(ids) if i in self.schedules]

    # --- settings --------------------------------------------------------------------------

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

    async def set_posting(self, chat_id: int, post: bool, now: datetime) -> None:
        """Whether reminders of the shared agenda are posted in this group."""
        await self.storage.agenda.set_agenda_post_reminders(chat_id, post, now)
        await self.changed(chat_id, now)

    async def default_duration(self, chat_id: int) -> timedelta:
        minutes = (await self.storage.agenda.agenda_settings(chat_id)).default_minutes
        return timedelta(minutes=minutes) if minutes else DEFAULT_DURATION

    async def set_default_duration(self, chat_id: int, text: str | None, now: datetime) -> None:
        """Store the group's meeting length ('90 min', '1u30'), or None for the default;
        raises MeetingInputError. Meetings already stored keep their own end."""
        minutes = None
        if text is not None:
            minutes = int(parse_duration(text).total_seconds() // 60)
        await self.storage.agenda.set_agenda_default_minutes(chat_id, minutes, now)

    async def duration_text(self, chat_id: int) -> str:
        settings = await self.storage.agenda.agenda_settings(chat_id)
        length = await self.default_duration(chat_id)
        return series_texts.DURATION_CURRENT.format(
            length=texts.duration_label(int(length.total_seconds() // 60)),
            default="" if settings.default_minutes else series_texts.DURATION_DEFAULT_MARK,
        )

    async def leads_text(self, chat_id: int) -> str:
        leads, is_default = await self.leads(chat_id)
        milestone = self.milestone_leads(leads)
        settings = await self.storage.agenda.agenda_settings(chat_id)
        text = texts.LEADS_CURRENT.format(
            leads=texts.leads_phrase([lead.label() for lead in leads]),
            default=texts.LEADS_DEFAULT_MARK if is_default else "",
            milestone_leads=(
                texts.leads_phrase([lead.label() for lead in milestone])
                if milestone
                else texts.LEADS_MILESTONES_NONE
            ),
        )
        if not settings.post_reminders:
            text += "\n" + texts.LEADS_POSTING_OFF
        elif len(await self.scope(chat_id)) > 1:
            text += "\n" + texts.LEADS_POSTING_SHARED
        return text

    # --- meetings --------------------------------------------------------------------------

    async def add_meeting(
        self, chat_id: int, request: MeetingRequest, by: int | None, now: datetime
    ) -> ar.Meeting:
        """Store a meeting as asked, without questions (see `meetings.propose` for those)."""
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

    async def add_all_day(
        self,
        chat_id: int,
        title: str,
        day: date,
        description: str | None,
        by: int | None,
        now: datetime,
        uid_prefix: str = "item",
    ) -> ar.Meeting:
        """A one-day item (a review date, a deadline) in the shared agenda; it is reminded
        like a milestone, at the group's day and week lead times."""
        if len(await self.storage.agenda.agenda_meetings(chat_id)) >= MAX_MEETINGS:
            raise AgendaLimitError(texts.MEETING_LIMIT.format(max=MAX_MEETINGS))
        start = all_day_anchor(day, self.tz)
        draft = ar.MeetingDraft(
            chat_id=chat_id,
            uid=f"{uid_prefix}-{secrets.token_hex(8)}@rao-bot",
            title=title,
            start_utc=start,
            origin="chat",
            description=description,
            created_by=by,
            end_utc=start + timedelta(days=1),
            all_day=True,
        )
        meeting = await self.storage.agenda.add_agenda_meeting(draft, now)
        await self.changed(chat_id, now)
        return meeting

    async def shared_meetings(self, chat_id: int) -> list[ar.Meeting]:
        """The active meetings of the shared agenda, each UID once."""
        seen: dict[str, ar.Meeting] = {}
        for meeting in await self.storage.agenda.agenda_meetings(await self.scope(chat_id)):
            seen.setdefault(meeting.uid, meeting)
        return list(seen.values())

    async def shared_meeting(self, chat_id: int, meeting_id: int) -> ar.Meeting | None:
        """A meeting of the shared agenda by id (None when it belongs to another agenda)."""
        meeting = await self.storage.agenda.agenda_meeting_by_id(meeting_id)
        if meeting is None or meeting.chat_id not in await self.scope(chat_id):
            return None
        return meeting

    def next_start(self, meeting: ar.Meeting, now: datetime) -> datetime | None:
        starts = meeting.to_event().occurrences(self.tz, now, now + HORIZON)
        return starts[0] if starts else None

    async def upcoming_meetings(
        self, chat_id: int, now: datetime
    ) -> list[tuple[ar.Meeting, datetime]]:
        pairs = []
        for meeting in await self.shared_meetings(chat_id):
            start = self.next_start(meeting, now)
            if start is not None:
                pairs.append((meeting, start))
        return sorted(pairs, key=lambda pair: (pair[1], pair[0].id))

    async def cancel_meeting(
        self, chat_id: int, meeting_id: int, now: datetime
    ) -> ar.Meeting | None:
        """Cancel a whole meeting (every occurrence of a series) of the shared agenda."""
        meeting = await self.shared_meeting(chat_id, meeting_id)
        if meeting is None or not await self.storage.agenda.cancel_agenda_meeting(
            meeting.chat_id, meeting_id, now
        ):
            return None
        await self.changed(chat_id, now)
        return meeting

    # --- members, followers and groups -----------------------------------------------------

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

    async def followed(self, user_id: int) -> list[int]:
        return await self.storage.agenda.followed_agendas(user_id)

    async def has_started(self, user_id: int) -> bool:
        return await self.storage.chats.has_started(user_id)

    async def known_groups(self) -> dict[int, str | None]:
        """Every group the bot has seen (title or None), to check membership against."""
        groups = dict(await self.storage.chats.group_chats())
        for chat_id in await self.storage.agenda.agenda_chats():
            groups.setdefault(chat_id, None)
        return groups

    async def group_title(self, chat_id: int) -> str | None:
        return (await self.storage.chats.group_chats()).get(chat_id)

    # --- views -----------------------------------------------------------------------------

    async def events(self, chat_id: int) -> list[AgendaEvent]:
        """Meetings and subscribed milestones of the shared agenda, each once."""
        events: dict[str, AgendaEvent] = {
            meeting.uid: meeting.to_event() for meeting in await self.shared_meetings(chat_id)
        }
        for schedule in await self.subscriptions(chat_id):
            for event in schedule_events(schedule, self.tz):
                events.setdefault(event.uid, event)
        return list(events.values())

    async def vote_deadlines(
        self, chat_id: int, now: datetime, link: VoteLink | None
    ) -> list[AgendaEvent]:
        """Closing days of the organisation's open votes (read-only from the polls tables),
        as all-day deadlines with the closing time in the title and a link to vote."""
        if link is None:
            return []
        org = await self.storage.orgs.organisation_for_chat(chat_id)
        if org is None:
            return []
        return [
            vote_deadline_event(
                poll.id, poll.question, poll.closes_utc, link(poll), self.tz, all_day=True
            )
            for poll in await self.storage.polls.open_polls(org.id)
            if poll.closes_utc is not None and poll.closes_utc > now
        ]

    async def open_vote(self, poll_id: int, now: datetime) -> PollRecord | None:
        """An open vote by number, for the deadline's link (read-only)."""
        poll = await self.storage.polls.poll(poll_id)
        if poll is None or not poll.is_open or poll.due(now):
            return None
        return poll

    async def agenda_html(self, chat_id: int, now: datetime, link: VoteLink | None = None) -> str:
        events = await self.events(chat_id) + await self.vote_deadlines(chat_id, now, link)
        return render_agenda(events, now, self.tz, AGENDA_DAYS)

    def event_line(self, event: AgendaEvent) -> str:
        """'di 12 jan 2027 19:30 – ALV' for confirmations and lists."""
        when = (
            format_day(event.start_utc, self.tz)
            if event.kind == "milestone" or event.all_day
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

    # --- reminders -------------------------------------------------------------------------

    async def changed(self, chat_id: int, now: datetime) -> None:
        """After any change to an agenda: bring the reminders of every group sharing it up to
        date, then tell listeners (the scheduler) so a reminder due soon gets its timer."""
        for chat in await self.scope(chat_id):
            await self.sync_group(chat, now)
        for listener in self.listeners:
            await listener()

    async def sync_group(self, chat_id: int, now: datetime) -> ar.SyncCounts:
        return await self.delivery.sync_group(chat_id, now)

    async def sync_all(self, now: datetime) -> ar.SyncCounts:
        return await self.delivery.sync_all(now)

    async def due_reminders(self, now: datetime, upto: datetime | None = None) -> list[Outgoing]:
        return await self.delivery.due_reminders(now, upto)

    async def mark_sent(self, outgoing: Outgoing, now: datetime) -> None:
        await self.delivery.finish(outgoing, ar.ReminderState.SENT, now)

    async def mark_failed(self, outgoing: Outgoing, now: datetime, reason: str) -> None:
        await self.delivery.finish(outgoing, ar.ReminderState.FAILED, now, reason[:200])

    async def release(self, outgoing: Outgoing) -> None:
        """A send that may be retried (network trouble): back to pending for the next tick."""
        await self.storage.agenda.release_agenda_reminders([outgoing.reminder.id])
