"""iCalendar (.ics) export of the agenda and import of meetings from other calendars.

Export writes local Europe/Amsterdam times with a VTIMEZONE so every calendar app shows the
meeting at the time the board typed. Import is defensive: files come from members' Outlook and
Google exports, so size and occurrence counts are capped, Windows zone names are mapped to IANA
zones, and every refusal carries a Dutch sentence for the user.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import recurring_ical_events
from icalendar import Alarm, Calendar, Event, vRecur
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from bot.agenda.events import AgendaEvent
from bot.agenda.reminders import DAY_REMINDER_TIME, LeadTime, default_leads
from bot.errors import UserFacingError
from bot.texts import agenda as texts

MAX_ICS_BYTES = 1024 * 1024
MAX_OCCURRENCES = 500
ALL_DAY_TIME = time(9, 0)
PRODID = "-//rao-bot//agenda//NL"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_TITLE_MAX = 200
_TEXT_MAX = 1000

# Windows zone names for the Central European zone family (same rules as Amsterdam since 1996).
# icalendar's own table maps them to Berlin/Paris/...; we pin them to Amsterdam so imported
# meetings carry the bot's zone, and use IANA rules instead of the (often stale) VTIMEZONE that
# Outlook embeds.
_CET_WINDOWS_ZONES = frozenset(
    {
        "W. Europe Standard Time",
        "Romance Standard Time",
        "Central Europe Standard Time",
        "Central European Standard Time",
    }
)


class IcsImportError(UserFacingError):
    """A refused .ics file; `message` is the Dutch sentence for the user."""


@dataclass(frozen=True)
class ImportedEvent:
    """One occurrence from an imported calendar; `uid` is stable across re-imports."""

    uid: str
    title: str
    start_utc: datetime
    location: str | None = None
    description: str | None = None
    all_day: bool = False

    def to_agenda_event(self) -> AgendaEvent:
        """Imported events become one-off meetings (recurrences are already expanded)."""
        return AgendaEvent(
            uid=self.uid,
            kind="meeting",
            title=self.title,
            start_utc=self.start_utc,
            location=self.location,
            description=self.description,
        )


# --------------------------------------------------------------------------- export


def export_ics(
    events: Iterable[AgendaEvent],
    tz: ZoneInfo,
    calendar_name: str,
    *,
    leads: Mapping[str, Sequence[LeadTime]] | None = None,
    now_utc: datetime | None = None,
) -> bytes:
    """Serialize agenda events to an .ics file with one VALARM per lead time.

    `leads` maps an event kind to its lead times (default: the bot's defaults per kind).
    `now_utc` only fills DTSTAMP; it defaults to the clock because export is a thin wrapper
    around the user's "export now" request.
    """
    stamp = (now_utc or datetime.now(UTC)).astimezone(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", calendar_name)
    cal.add("x-wr-timezone", tz.key)
    first_year = stamp.year
    for event in events:
        cal.add_component(_vevent(event, tz, stamp, _leads_for(event.kind, leads)))
        first_year = min(first_year, event.start_utc.year)
    # Only the DST transitions around our events: keeps the VTIMEZONE small.
    cal.add_missing_timezones(
        first_date=date(first_year - 1, 1, 1), last_date=date(max(2038, stamp.year + 12), 1, 1)
    )
    data: bytes = cal.to_ical()
    return data


def _leads_for(kind: str, leads: Mapping[str, Sequence[LeadTime]] | None) -> Sequence[LeadTime]:
    if leads is not None and kind in leads:
        return leads[kind]
    return default_leads(kind)


def _vevent(event: AgendaEvent, tz: ZoneInfo, stamp: datetime, leads: Sequence[LeadTime]) -> Event:
    start_local = event.start_utc.astimezone(tz)
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", start_local)
    if event.end_utc is not None:
        vevent.add("dtend", event.end_utc.astimezone(tz))
    vevent.add("summary", event.title)
    description = event.description or ""
    if event.source:
        description = f"{description}\n\nBron: {event.source}".strip()
    if description:
        vevent.add("description", description)
    if event.location:
        vevent.add("location", event.location)
    vevent.add("status", "TENTATIVE" if event.status == "verwacht" else "CONFIRMED")
    vevent.add("categories", ["Mijlpaal" if event.kind == "milestone" else "Overleg"])
    if event.recurrence:
        vevent.add("rrule", vRecur.from_ical(event.recurrence))
    for lead in leads:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", texts.ICS_ALARM.format(title=event.title))
        alarm.add("trigger", -_trigger_offset(start_local, lead))
        vevent.add_component(alarm)
    return vevent


def _trigger_offset(start_local: datetime, lead: LeadTime) -> timedelta:
    """How long before the start the alarm fires, matching `reminder_time`.

    Day leads fire at 09:00 local, so the offset is whole days plus the gap between 09:00 and the
    start time on the wall clock (calendar apps treat the day part as nominal days).
    """
    if not lead.whole_days:
        return lead.delta
    wall_start = start_local.replace(tzinfo=None)
    wall_due = datetime.combine(wall_start.date() - timedelta(days=lead.days), DAY_REMINDER_TIME)
    return wall_start - wall_due


# --------------------------------------------------------------------------- import


def import_ics(
    data: bytes, now_utc: datetime, tz: ZoneInfo, horizon_days: int = 365
) -> list[ImportedEvent]:
    """Parse an .ics file into occurrences starting in [now, now + horizon_days].

    Occurrences of recurring events get `uid#<start in UTC>` (the original start, for moved
    occurrences) so importing the same file again updates instead of duplicating.
    """
    if len(data) > MAX_ICS_BYTES:
        raise IcsImportError(texts.ICS_TOO_LARGE.format(max_mb=MAX_ICS_BYTES // (1024 * 1024)))
    calendar = _parse_calendar(data)
    vevents = list(calendar.walk("VEVENT"))
    if not vevents:
        raise IcsImportError(texts.ICS_NO_EVENTS)
    recurring_uids = {
        str(component.get("UID", ""))
        for component in vevents
        if any(key in component for key in ("RRULE", "RDATE", "RECURRENCE-ID"))
    }

    window_start = now_utc.astimezone(UTC)
    window_end = window_start + timedelta(days=horizon_days)
    imported: dict[str, ImportedEvent] = {}
    try:
        query = recurring_ical_events.of(calendar)
        occurrences = query.after(window_start)
        for occurrence in occurrences:
            start_utc, all_day = _start_utc(occurrence, "DTSTART", tz)
            if start_utc > window_end:
                break
            if start_utc < window_start:
                continue
            if str(occurrence.get("STATUS", "")).upper() == "CANCELLED":
                continue
            uid = _uid(occurrence, recurring_uids, tz, start_utc)
            if uid in imported:
                continue
            if len(imported) >= MAX_OCCURRENCES:
                raise IcsImportError(
                    texts.ICS_TOO_MANY.format(max_count=MAX_OCCURRENCES, days=horizon_days)
                )
            imported[uid] = ImportedEvent(
                uid=uid,
                title=_text(occurrence.get("SUMMARY"), _TITLE_MAX) or texts.ICS_UNTITLED,
                start_utc=start_utc,
                location=_text(occurrence.get("LOCATION"), _TITLE_MAX),
                description=_text(occurrence.get("DESCRIPTION"), _TEXT_MAX),
                all_day=all_day,
            )
    except IcsImportError:
        raise
    except Exception as exc:  # the parser raises many types on hostile input
        raise IcsImportError(texts.ICS_NOT_CALENDAR) from exc
    if not imported:
        raise IcsImportError(texts.ICS_NONE_UPCOMING.format(days=horizon_days))
    return sorted(imported.values(), key=lambda event: (event.start_utc, event.uid))


def _parse_calendar(data: bytes) -> Calendar:
    body = data.removeprefix(b"\xef\xbb\xbf").strip()
    if not body.upper().startswith(b"BEGIN:VCALENDAR"):
        raise IcsImportError(texts.ICS_NOT_CALENDAR)
    try:
        calendar = Calendar.from_ical(body)
    except Exception as exc:  # icalendar raises ValueError, KeyError, IndexError, ...
        raise IcsImportError(texts.ICS_NOT_CALENDAR) from exc
    if not isinstance(calendar, Calendar) or calendar.name != "VCALENDAR":
        raise IcsImportError(texts.ICS_NOT_CALENDAR)
    return calendar


def _start_utc(component: Any, key: str, tz: ZoneInfo) -> tuple[datetime, bool]:
    """A property's moment in UTC; all-day dates count as 09:00 local, like milestones."""
    prop = component[key]
    value = component.decoded(key)
    if isinstance(value, datetime):
        tzid = prop.params.get("TZID") if hasattr(prop, "params") else None
        if tzid in _CET_WINDOWS_ZONES:
            value = value.replace(tzinfo=AMSTERDAM)
        elif isinstance(tzid, str) and tzid in WINDOWS_TO_OLSON:
            value = value.replace(tzinfo=ZoneInfo(WINDOWS_TO_OLSON[tzid]))
        elif value.tzinfo is None or value.utcoffset() is None:
            value = value.replace(tzinfo=tz)  # floating time or unknown TZID: read as local
        return value.astimezone(UTC), False
    if isinstance(value, date):
        return datetime.combine(value, ALL_DAY_TIME, tzinfo=tz).astimezone(UTC), True
    raise ValueError(f"unsupported {key}: {value!r}")


def _uid(component: Any, recurring_uids: set[str], tz: ZoneInfo, start_utc: datetime) -> str:
    raw_uid = str(component.get("UID", "")).strip()
    if not raw_uid:
        digest = hashlib.sha256(
            f"{component.get('SUMMARY', '')}|{start_utc.isoformat()}".encode()
        ).hexdigest()[:16]
        return f"import-{digest}"
    if raw_uid not in recurring_uids:
        return raw_uid
    original = start_utc
    if "RECURRENCE-ID" in component:
        original, _ = _start_utc(component, "RECURRENCE-ID", tz)
    return f"{raw_uid}#{original:%Y-%m-%dT%H:%M:%SZ}"


def _text(value: object, limit: int) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split()) if limit <= _TITLE_MAX else str(value).strip()
    if not text:
        return None
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
