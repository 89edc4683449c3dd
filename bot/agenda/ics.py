"""The agenda's .ics entry points: export, reading an upload, and the per-occurrence import
that the current storage (one row per occurrence of an imported series) still uses.

`import_ics` is an adapter: it reads the file with `read_calendar` (series level, budgeted)
and expands each series with the one expansion, giving occurrence `uid#<original start>` so a
re-import updates instead of duplicating. Once storage keeps rules, exceptions and end
times (PROPOSED_MIGRATION.sql), the service can store `read_calendar`'s series directly and
use `plan_import` for the counts and the removed events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.agenda.events import ALL_DAY_TIME, AgendaEvent
from bot.agenda.ics_export import DEFAULT_DURATION, PRODID, event_duration, export_ics
from bot.agenda.ics_import import (
    CalendarFile,
    IcsImportError,
    ImportBudget,
    read_calendar,
)

__all__ = [
    "ALL_DAY_TIME",
    "DEFAULT_DURATION",
    "MAX_ICS_BYTES",
    "MAX_OCCURRENCES",
    "PRODID",
    "CalendarFile",
    "IcsImportError",
    "ImportBudget",
    "ImportedEvent",
    "event_duration",
    "export_ics",
    "import_ics",
    "read_calendar",
]

MAX_ICS_BYTES = ImportBudget().max_bytes
MAX_OCCURRENCES = ImportBudget().max_occurrences


@dataclass(frozen=True)
class ImportedEvent:
    """One occurrence from an imported calendar; `uid` is stable across re-imports."""

    uid: str
    title: str
    start_utc: datetime
    location: str | None = None
    description: str | None = None
    all_day: bool = False
    end_utc: datetime | None = None

    def to_agenda_event(self) -> AgendaEvent:
        """An occurrence as a one-off meeting (all-day stays all-day)."""
        return AgendaEvent(
            uid=self.uid,
            kind="meeting",
            title=self.title,
            start_utc=self.start_utc,
            location=self.location,
            description=self.description,
            all_day=self.all_day,
            end_utc=self.end_utc,
        )


def import_ics(
    data: bytes, now_utc: datetime, tz: ZoneInfo, horizon_days: int = 365
) -> list[ImportedEvent]:
    """Occurrences starting in [now, now + horizon_days], one per date of each series."""
    budget = ImportBudget(horizon_days=horizon_days)
    calendar = read_calendar(data, tz, now_utc, budget)
    window_start = now_utc.astimezone(UTC)
    window_end = window_start + timedelta(days=horizon_days)
    imported: dict[str, ImportedEvent] = {}
    for event in calendar.events:
        series = bool(event.recurrence)
        for occurrence in event.expand(tz, window_start, window_end):
            original = occurrence.recurrence_id or occurrence.start_utc
            uid = f"{event.uid}#{original:%Y-%m-%dT%H:%M:%SZ}" if series else event.uid
            imported.setdefault(
                uid,
                ImportedEvent(
                    uid=uid,
                    title=occurrence.title,
                    start_utc=occurrence.start_utc,
                    location=occurrence.location,
                    description=event.description,
                    all_day=event.all_day,
                    end_utc=occurrence.end_utc,
                ),
            )
    return sorted(imported.values(), key=lambda event: (event.start_utc, event.uid))
