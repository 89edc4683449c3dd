"""Plain records that storage hands back for the agenda feature.

Storage speaks SQL and returns these frozen dataclasses, so the service and the handlers never
see database rows. Every moment is an aware UTC datetime.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Literal

from bot.agenda.events import AgendaEvent, OccurrenceOverride

MeetingOrigin = Literal["chat", "ics"]


class ReminderState(StrEnum):
    """Life of a reminder row: pending -> sending (claimed) -> sent / failed.

    `skipped` is a reminder found too late (more than the grace after its due moment, or after
    the event began); `cancelled` is one whose event disappeared before it was sent.
    """

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    SKIPPED = "skipped"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class MeetingDraft:
    """A meeting to store: typed by the board (`chat`) or imported from a calendar (`ics`)."""

    chat_id: int
    uid: str
    title: str
    start_utc: datetime
    origin: MeetingOrigin
    location: str | None = None
    description: str | None = None
    recurrence: str | None = None
    created_by: int | None = None
    end_utc: datetime | None = None
    all_day: bool = False
    exdates: tuple[datetime, ...] = ()
    overrides: tuple[OccurrenceOverride, ...] = ()
    tzid: str | None = None
    source: str | None = None

    @classmethod
    def from_event(
        cls,
        chat_id: int,
        event: AgendaEvent,
        origin: MeetingOrigin,
        created_by: int | None,
        source: str | None = None,
    ) -> MeetingDraft:
        """A domain event (typed or imported) as a row to store."""
        return cls(
            chat_id=chat_id,
            uid=event.uid,
            title=event.title,
            start_utc=event.start_utc,
            origin=origin,
            location=event.location,
            description=event.description,
            recurrence=event.recurrence,
            created_by=created_by,
            end_utc=event.end_utc,
            all_day=event.all_day,
            exdates=event.exdates,
            overrides=event.overrides,
            tzid=event.tzid,
            source=source,
        )


@dataclass(frozen=True)
class Meeting:
    """A stored meeting with its series exceptions (migration 007). `end_utc` None (older
    rows) means the group's default length; `chat_id` is the group that added it, while the
    agenda it belongs to is that of every group linked to the same organisation."""

    id: int
    chat_id: int
    uid: str
    title: str
    start_utc: datetime
    origin: MeetingOrigin
    location: str | None
    description: str | None
    recurrence: str | None
    created_by: int | None
    cancelled: bool
    end_utc: datetime | None = None
    all_day: bool = False
    exdates: tuple[datetime, ...] = ()
    overrides: tuple[OccurrenceOverride, ...] = ()
    tzid: str | None = None
    source: str | None = None

    def to_event(self) -> AgendaEvent:
        return AgendaEvent(
            uid=self.uid,
            kind="meeting",
            title=self.title,
            start_utc=self.start_utc,
            location=self.location,
            description=self.description,
            recurrence=self.recurrence,
            end_utc=self.end_utc,
            all_day=self.all_day,
            exdates=self.exdates,
            overrides=self.overrides,
            tzid=self.tzid,
        )


@dataclass(frozen=True)
class AgendaSettings:
    """A group's agenda settings; the defaults hold until the board changes one."""

    leads: str | None = None  # as typed ('14d 3d 2u'); None: the defaults
    default_minutes: int | None = None  # meeting length when none is typed; None: 2 hours
    post_reminders: bool = True  # reminders are posted in the group itself


@dataclass(frozen=True)
class ImportCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class ReminderDraft:
    """One wanted reminder: an event occurrence, a lead time and the chat it goes to."""

    chat_id: int
    target_chat: int
    event_uid: str
    occurrence_utc: datetime
    lead: str
    due_utc: datetime


@dataclass(frozen=True)
class Reminder:
    id: int
    chat_id: int
    target_chat: int
    event_uid: str
    occurrence_utc: datetime
    lead: str
    due_utc: datetime
    state: ReminderState
    late: bool
    sent_utc: datetime | None
    note: str | None


@dataclass(frozen=True)
class SyncCounts:
    inserted: int = 0
    deleted: int = 0
