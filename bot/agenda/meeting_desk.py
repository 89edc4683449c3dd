"""Meetings as the board types them: reading `/vergadering`, asking back when the input has
two readings or repeats a meeting, cancelling one occurrence, the rest or all of a series,
and moving one occurrence.

Questions wait in `PendingActions` under a token that the handler puts in the buttons. Every
change is stored as the meeting's series (RRULE, EXDATEs, moved occurrences), so reminders,
/agenda and the .ics export all follow from the one expansion.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from bot.agenda import records as ar
from bot.agenda.events import AgendaEvent, Occurrence
from bot.agenda.meeting_input import (
    MeetingQuestion,
    MeetingRequest,
    find_duplicate,
    read_meeting,
)
from bot.agenda.occurrences import (
    OccurrenceError,
    cancel_occurrence,
    end_series,
    move_occurrence,
    upcoming,
)
from bot.agenda.reminders import reminder_times
from bot.dutch_dates import parse_moment
from bot.errors import UserFacingError
from bot.texts import agenda_series as texts

if TYPE_CHECKING:
    from bot.agenda.service import AgendaService

MAX_MEETINGS = 600  # active meetings per group
MAX_CHOICES = 10
CancelScope = Literal["een", "volgende", "reeks"]


class AgendaLimitError(UserFacingError):
    """A group would get more meetings than the bot is willing to remind about."""


@dataclass(frozen=True)
class MeetingSaved:
    """A stored meeting; `leads` are the reminders still ahead of its first occurrence and
    `following` the next occurrences of a series, for the reply."""

    meeting: ar.Meeting
    request: MeetingRequest
    leads: tuple[str, ...]
    following: tuple[datetime, ...]


@dataclass(frozen=True)
class MeetingAsk:
    """The input has two readings; the board picks one with a button."""

    token: str
    question: MeetingQuestion


@dataclass(frozen=True)
class DuplicateFound:
    """The same title at the same start is on the agenda already: confirm first."""

    token: str
    request: MeetingRequest
    existing: AgendaEvent


Proposal = MeetingSaved | MeetingAsk | DuplicateFound


@dataclass(frozen=True)
class _Choosing:
    question: MeetingQuestion


@dataclass(frozen=True)
class _Confirming:
    request: MeetingRequest


@dataclass(frozen=True)
class _Moving:
    start_utc: datetime


@dataclass(frozen=True)
class Cancelled:
    """What a cancellation did: one occurrence, it and the rest, or the whole meeting."""

    meeting: ar.Meeting
    scope: CancelScope
    at: datetime


@dataclass(frozen=True)
class MoveAsk:
    token: str
    start_utc: datetime
    choices: tuple[tuple[ar.Meeting, Occurrence], ...]


@dataclass(frozen=True)
class Moved:
    meeting: ar.Meeting
    title: str
    old_start: datetime
    new_start: datetime


class MeetingDesk:
    def __init__(self, service: AgendaService) -> None:
        self.service = service
        self.tz = service.tz

    # --- /vergadering ----------------------------------------------------------------------

    async def propose(self, chat_id: int, text: str, by: int | None, now: datetime) -> Proposal:
        """Read the command; store it, or say what to ask (raises MeetingInputError)."""
        duration = await self.service.default_duration(chat_id)
        result = read_meeting(text, now, self.tz, default_duration=duration)
        if isinstance(result, MeetingQuestion):
            token = self.service.pending.put(chat_id, _Choosing(result), now)
            return MeetingAsk(token, result)
        return await self._unless_duplicate(chat_id, result, by, now)

    async def choose(
        self, chat_id: int, token: str, index: int, by: int | None, now: datetime
    ) -> Proposal | None:
        """The reading the board picked; None when the question expired."""
        waiting = self.service.pending.pop(token, chat_id, _Choosing, now)
        if waiting is None or not 0 <= index < len(waiting.question.choices):
            return None
        request = waiting.question.choices[index].request
        return await self._unless_duplicate(chat_id, request, by, now)

    async def confirm(
        self, chat_id: int, token: str, by: int | None, now: datetime
    ) -> MeetingSaved | None:
        """Add the duplicate after all; None when the question expired."""
        waiting = self.service.pending.pop(token, chat_id, _Confirming, now)
        if waiting is None:
            return None
        return await self._save(chat_id, waiting.request, by, now)

    def drop(self, chat_id: int, token: str, now: datetime) -> bool:
        """The board said no: forget the question (False when it had expired)."""
        for kind in (_Confirming, _Choosing, _Moving):
            if self.service.pending.pop(token, chat_id, kind, now) is not None:
                return True
        return False

    async def _unless_duplicate(
        self, chat_id: int, request: MeetingRequest, by: int | None, now: datetime
    ) -> Proposal:
        events = [m.to_event() for m in await self.service.shared_meetings(chat_id)]
        existing = find_duplicate(request, events, self.tz)
        if existing is not None:
            token = self.service.pending.put(chat_id, _Confirming(request), now)
            return DuplicateFound(token, request, existing)
        return await self._save(chat_id, request, by, now)

    async def _save(
        self, chat_id: int, request: MeetingRequest, by: int | None, now: datetime
    ) -> MeetingSaved:
        meeting = await self.service.add_meeting(chat_id, request, by, now)
        leads, _ = await self.service.leads(chat_id)
        labels = tuple(
            lead.label()
            for lead, due in reminder_times(meeting.start_utc, leads, self.tz)
            if due > now
        )
        following: tuple[datetime, ...] = ()
        if meeting.recurrence:
            after = meeting.start_utc + timedelta(seconds=1)
            starts = meeting.to_event().occurrences(self.tz, after, after + timedelta(days=400))
            following = tuple(starts[:2])
        return MeetingSaved(meeting, request, labels, following)

    # --- /annuleer -------------------------------------------------------------------------

    async def occurrences(
        self, chat_id: int, meeting_id: int, now: datetime
    ) -> tuple[ar.Meeting, list[Occurrence]] | None:
        """The coming occurrences of a meeting of the shared agenda, to pick one."""
        meeting = await self.service.shared_meeting(chat_id, meeting_id)
        if meeting is None or meeting.cancelled:
            return None
        return meeting, upcoming(meeting.to_event(), self.tz, now, MAX_CHOICES)

    async def cancel(
        self,
        chat_id: int,
        meeting_id: int,
        at: datetime,
        scope: CancelScope,
        by: int | None,
        now: datetime,
    ) -> Cancelled | None:
        """Cancel occurrence `at` (its original start), it and the later ones, or the whole
        meeting. None when the meeting is gone; OccurrenceError when `at` is not (or no
        longer) one of its occurrences."""
        meeting = await self.service.shared_meeting(chat_id, meeting_id)
        if meeting is None or meeting.cancelled:
            return None
        event = meeting.to_event()
        if scope == "reeks" or not meeting.recurrence:
            done = await self.service.cancel_meeting(chat_id, meeting_id, now)
            return Cancelled(meeting, "reeks", at) if done is not None else None
        changed = (
            cancel_occurrence(event, at, self.tz)
            if scope == "een"
            else end_series(event, at, self.tz)
        )
        if changed is None:  # "deze en volgende" from the first one: nothing is left
            done = await self.service.cancel_meeting(chat_id, meeting_id, now)
            return Cancelled(meeting, "reeks", at) if done is not None else None
        await self._store(meeting, changed, by, now)
        await self.service.changed(chat_id, now)
        return Cancelled(meeting, scope, at)

    async def _store(
        self, meeting: ar.Meeting, event: AgendaEvent, by: int | None, now: datetime
    ) -> None:
        draft = ar.MeetingDraft.from_event(
            meeting.chat_id, event, meeting.origin, by, source=meeting.source
        )
        await self.service.storage.agenda.update_agenda_meeting(meeting.id, draft, now)

    # --- /verplaats ------------------------------------------------------------------------

    async def propose_move(self, chat_id: int, text: str, now: datetime) -> MoveAsk:
        """Read the new moment and offer the coming occurrences that could move there."""
        start = parse_moment(text, now, self.tz, allow_fallback=False, require_time=True)
        choices: list[tuple[ar.Meeting, Occurrence]] = []
        for meeting in await self.service.shared_meetings(chat_id):
            choices += [(meeting, o) for o in upcoming(meeting.to_event(), self.tz, now, 4)]
        choices.sort(key=lambda pair: (pair[1].start_utc, pair[0].id))
        if not choices:
            raise OccurrenceError(texts.MOVE_NONE)
        token = self.service.pending.put(chat_id, _Moving(start.astimezone(UTC)), now)
        return MoveAsk(token, start.astimezone(UTC), tuple(choices[:MAX_CHOICES]))

    async def move(
        self,
        chat_id: int,
        token: str,
        meeting_id: int,
        at: datetime,
        by: int | None,
        now: datetime,
    ) -> Moved | None:
        """Move occurrence `at` of the meeting to the moment waiting under `token`: a
        RECURRENCE-ID override for a series, a new start for a single meeting."""
        waiting = self.service.pending.get(token, chat_id, _Moving, now)
        meeting = await self.service.shared_meeting(chat_id, meeting_id)
        if waiting is None or meeting is None or meeting.cancelled:
            return None
        event = meeting.to_event()
        new_start = waiting.start_utc
        if meeting.recurrence:
            original = next(
                (
                    o
                    for o in event.expand(self.tz, now, now + timedelta(days=800))
                    if o.recurrence_id == at
                ),
                None,
            )
            if original is None:
                raise OccurrenceError(texts.OCCURRENCE_NOT_FOUND)
            changed = move_occurrence(event, at, new_start, self.tz)
            old_start, title = original.start_utc, original.title
        else:
            if at != event.start_utc:
                raise OccurrenceError(texts.OCCURRENCE_NOT_FOUND)
            duration = event.duration
            changed = replace(
                event,
                start_utc=new_start,
                end_utc=new_start + duration if duration is not None else None,
            )
            old_start, title = event.start_utc, event.title
        self.service.pending.pop(token, chat_id, _Moving, now)
        await self._store(meeting, changed, by, now)
        await self.service.changed(chat_id, now)
        return Moved(meeting, title, old_start, new_start)

    # --- a description that follows its source ----------------------------------------------

    async def redescribe(
        self, chat_id: int, meeting_id: int, description: str, now: datetime
    ) -> bool:
        """A new description for an item whose text comes from elsewhere (a review date
        follows a replaced outcome); date, reminders and uid stay."""
        meeting = await self.service.shared_meeting(chat_id, meeting_id)
        if meeting is None or meeting.cancelled:
            return False
        changed = replace(meeting.to_event(), description=description)
        await self._store(meeting, changed, meeting.created_by, now)
        await self.service.changed(chat_id, now)
        return True
