"""The agenda's .ics entry points in one place: writing a calendar (`ics_export`) and reading
one at series level within a budget (`ics_import`). The agenda service stores what
`read_calendar` reads as it is (series, exceptions, ends, all-day) and compares re-imports
with `plan_import`, so there is no per-occurrence import any more."""

from __future__ import annotations

from bot.agenda.events import ALL_DAY_TIME
from bot.agenda.ics_export import DEFAULT_DURATION, PRODID, event_duration, export_ics
from bot.agenda.ics_import import CalendarFile, IcsImportError, ImportBudget, read_calendar

__all__ = [
    "ALL_DAY_TIME",
    "DEFAULT_DURATION",
    "MAX_ICS_BYTES",
    "PRODID",
    "CalendarFile",
    "IcsImportError",
    "ImportBudget",
    "event_duration",
    "export_ics",
    "read_calendar",
]

MAX_ICS_BYTES = ImportBudget().max_bytes
