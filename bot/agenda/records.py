"""Plain records that storage hands back for the agenda feature.

Storage speaks SQL and returns these frozen dataclasses, so the service and the handlers never
see database rows. Every moment is an aware UTC datetime.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Literal

from bot.agenda.events import AgendaEvent

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


@dataclass(frozen=True)
class Meeting:
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

    def to_event(self) -> AgendaEvent:
        return AgendaEvent(
            uid=self.uid,
            kind="meeting",
            title=self.title,
            start_utc=self.start_utc,
            location=self.location,
            description=self.description,
            recurrence=self.recurrence,
        )


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
