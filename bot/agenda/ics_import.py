"""Reading an uploaded .ics file into agenda events, within a budget.

Files come from members' Outlook and Google exports (and from the bot's own export), so the
reader keeps what the file means: a series stays one event with its RRULE, EXDATEs and moved
occurrences (RECURRENCE-ID), an all-day event stays all-day, and UIDs are kept so a re-import
is recognised. Series with extra dates (RDATE) or several rules, which the bot's one-RRULE
model cannot hold, are expanded by `recurring-ical-events` into single meetings.

Uploads can be hostile or just huge, so work is bounded before and during parsing: file size,
number of VEVENTs (counted on the raw bytes, before parsing), rule shape (no sub-daily
frequencies, no rules that never match), occurrences in the horizon, and wall time. Every
refusal is an `IcsImportError` with a Dutch sentence.
"""

from __future__ import annotations

import hashlib
import time as clock
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import recurring_ical_events
import x_wr_timezone
from icalendar import Calendar
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from bot.agenda.events import ALL_DAY_TIME, AgendaEvent, OccurrenceOverride
from bot.agenda.recurrence import ExpansionLimitError, RecurrenceError, normalize_rrule
from bot.errors import UserFacingError
from bot.texts import agenda as texts
from bot.texts import agenda_series as series_texts

_TITLE_MAX = 200
_TEXT_MAX = 1000
# Windows zone names for the Central European zone family (same rules as Amsterdam since
# 1996). We use IANA rules instead of the (often stale) VTIMEZONE that Outlook embeds.
_CET_WINDOWS_ZONES = frozenset(
    {
        "W. Europe Standard Time",
        "Romance Standard Time",
        "Central Europe Standard Time",
        "Central European Standard Time",
    }
)
_CET_ZONES = frozenset({"Europe/Amsterdam", "Europe/Berlin", "Europe/Brussels", "Europe/Paris"})


class IcsImportError(UserFacingError):
    """A refused .ics file; `message` is the Dutch sentence for the user."""


@dataclass(frozen=True)
class ImportBudget:
    max_bytes: int = 1024 * 1024
    max_components: int = 1000
    max_occurrences: int = 500
    max_seconds: float = 5.0
    horizon_days: int = 365


@dataclass(frozen=True)
class CalendarFile:
    """What an uploaded file holds: its events (series level, upcoming in the horizon) and
    the identity of the calendar it came from (None when the file does not say)."""

    events: tuple[AgendaEvent, ...]
    source: str | None
    name: str | None
    notes: tuple[str, ...] = ()


def read_calendar(
    data: bytes,
    tz: ZoneInfo,
    now_utc: datetime,
    budget: ImportBudget = ImportBudget(),
    *,
    monotonic: Callable[[], float] = clock.monotonic,
) -> CalendarFile:
    """Parse an .ics file into series-level events that have an occurrence in the horizon."""
    deadline = monotonic() + budget.max_seconds
    if len(data) > budget.max_bytes:
        raise IcsImportError(texts.ICS_TOO_LARGE.format(max_mb=budget.max_bytes // (1024 * 1024)))
    count = data.upper().count(b"BEGIN:VEVENT")
    if count > budget.max_components:
        raise IcsImportError(
            series_texts.ICS_TOO_MANY_COMPONENTS.format(
                count=count, max_count=budget.max_components
            )
        )
    calendar = _parse_calendar(data)
    vevents = list(calendar.walk("VEVENT"))
    if not vevents:
        raise IcsImportError(texts.ICS_NO_EVENTS)
    window_start = now_utc.astimezone(UTC)
    window_end = window_start + timedelta(days=budget.horizon_days)
    try:
        events, notes = _Reader(tz, calendar, (window_start, window_end)).events(vevents)
        kept: list[AgendaEvent] = []
        total = 0
        for event in events:
            if monotonic() > deadline:
                raise IcsImportError(series_texts.RULE_TOO_SLOW)
            left = budget.max_occurrences - total
            found = event.expand(tz, window_start, window_end, limit=left + 1, deadline=deadline)
            total += len(found)
            if total > budget.max_occurrences:
                raise IcsImportError(
                    texts.ICS_TOO_MANY.format(
                        max_count=budget.max_occurrences, days=budget.horizon_days
                    )
                )
            if found:
                kept.append(event)
    except ExpansionLimitError as exc:
        raise IcsImportError(
            texts.ICS_TOO_MANY.format(max_count=budget.max_occurrences, days=budget.horizon_days)
        ) from exc
    except RecurrenceError as exc:
        raise IcsImportError(exc.message) from exc
    except IcsImportError:
        raise
    except Exception as exc:  # the parser raises many types on hostile input
        raise IcsImportError(texts.ICS_NOT_CALENDAR) from exc
    if not kept:
        raise IcsImportError(texts.ICS_NONE_UPCOMING.format(days=budget.horizon_days))
    kept.sort(key=lambda event: (event.start_utc, event.uid))
    return CalendarFile(tuple(kept), _source(calendar), _name(calendar), tuple(notes))


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
    try:
        # Google's X-WR-TIMEZONE: UTC times repeat on that zone's wall clock (as in the app).
        standard = x_wr_timezone.to_standard(calendar)
    except Exception as exc:  # unknown zone names and the like
        raise IcsImportError(texts.ICS_NOT_CALENDAR) from exc
    if not isinstance(standard, Calendar):  # pragma: no cover - the library returns one
        raise IcsImportError(texts.ICS_NOT_CALENDAR)
    return standard


def _name(calendar: Calendar) -> str | None:
    value = calendar.get("X-WR-CALNAME")
    return _text(value, _TITLE_MAX)


def _source(calendar: Calendar) -> str | None:
    """Which calendar a file is an export of: the same source re-imported may drop events.

    Outlook and Apple write X-WR-RELCALID; otherwise the calendar name together with the
    product that wrote it. A file that names neither has no source (nothing is reported
    as removed then).
    """
    relcalid = _text(calendar.get("X-WR-RELCALID"), _TITLE_MAX)
    if relcalid:
        return f"relcalid:{relcalid}"
    name = _name(calendar)
    if not name:
        return None
    product = (_text(calendar.get("PRODID"), _TITLE_MAX) or "").split("//")
    vendor = product[1] if len(product) > 1 else product[0]
    return f"name:{name}|{vendor}"


class _Reader:
    def __init__(self, tz: ZoneInfo, calendar: Calendar, window: tuple[datetime, datetime]) -> None:
        self.tz = tz
        self.calendar = calendar
        self.window = window

    def events(self, vevents: list[Any]) -> tuple[list[AgendaEvent], list[str]]:
        masters: dict[str, Any] = {}
        overrides: dict[str, list[Any]] = {}
        singles: list[AgendaEvent] = []
        notes: list[str] = []
        for component in vevents:
            uid = self._uid(component)
            if "RECURRENCE-ID" in component:
                overrides.setdefault(uid, []).append(component)
            elif uid not in masters:
                masters[uid] = component
        for uid, component in masters.items():
            if _cancelled(component):
                continue
            if any(key in component for key in ("RDATE", "EXRULE")) or isinstance(
                component.get("RRULE"), list
            ):
                singles += self._expanded(uid)
                notes.append(series_texts.ICS_SERIES_EXPANDED.format(title=self._title(component)))
                continue
            singles.append(self._series(uid, component, overrides.pop(uid, [])))
        for uid, orphans in overrides.items():  # moved occurrences whose series is absent
            for component in orphans:
                if not _cancelled(component):
                    original, _ = self._moment(component, "RECURRENCE-ID")
                    single = self._event(f"{uid}#{original:%Y-%m-%dT%H:%M:%SZ}", component)
                    singles.append(single)
        return singles, notes

    def _uid(self, component: Any) -> str:
        raw = str(component.get("UID", "")).strip()
        if raw:
            return raw
        start = component.get("DTSTART")
        stamp = start.to_ical().decode() if start is not None else ""
        digest = hashlib.sha256(f"{component.get('SUMMARY', '')}|{stamp}".encode()).hexdigest()
        return f"import-{digest[:16]}"

    def _title(self, component: Any) -> str:
        return _text(component.get("SUMMARY"), _TITLE_MAX) or texts.ICS_UNTITLED

    def _event(self, uid: str, component: Any) -> AgendaEvent:
        start, all_day = self._moment(component, "DTSTART")
        return AgendaEvent(
            uid=uid,
            kind="meeting",
            title=self._title(component),
            start_utc=start,
            location=_text(component.get("LOCATION"), _TITLE_MAX),
            description=_text(component.get("DESCRIPTION"), _TEXT_MAX),
            end_utc=self._end(component, start, all_day),
            all_day=all_day,
            tzid=self._tzid(component, "DTSTART"),
        )

    def _series(self, uid: str, component: Any, changed: list[Any]) -> AgendaEvent:
        event = self._event(uid, component)
        rule = component.get("RRULE")
        if rule is None:
            return event
        exdates: list[datetime] = []
        for entry in _as_list(component.get("EXDATE")):
            for value in entry.dts:
                exdates.append(self._value(value.dt, entry.params.get("TZID"), event))
        moved: list[OccurrenceOverride] = []
        for item in changed:
            original, _ = self._moment(item, "RECURRENCE-ID")
            original = self._anchor(original, event)
            if _cancelled(item):
                exdates.append(original)
                continue
            start, _ = self._moment(item, "DTSTART")
            title, location = self._title(item), _text(item.get("LOCATION"), _TITLE_MAX)
            moved.append(
                OccurrenceOverride(
                    recurrence_id=original,
                    start_utc=start,
                    end_utc=self._end(item, start, event.all_day),
                    title=title if title != event.title else None,
                    location=location if location != event.location else None,
                )
            )
        return replace(
            event,
            recurrence=normalize_rrule(rule.to_ical().decode()),
            exdates=tuple(sorted(set(exdates))),
            overrides=tuple(sorted(moved, key=lambda o: o.recurrence_id)),
        )

    def _expanded(self, uid: str) -> list[AgendaEvent]:
        """A series the one-RRULE model cannot hold, as single meetings (one per date)."""
        result = []
        query = recurring_ical_events.of(self.calendar)
        for occurrence in query.between(*self.window):
            if str(occurrence.get("UID", "")).strip() != uid or _cancelled(occurrence):
                continue
            start, _ = self._moment(occurrence, "DTSTART")
            result.append(self._event(f"{uid}#{start:%Y-%m-%dT%H:%M:%SZ}", occurrence))
        return result

    def _end(self, component: Any, start: datetime, all_day: bool) -> datetime | None:
        if "DTEND" in component:
            end, _ = self._moment(component, "DTEND")
            if all_day:
                days = (component.decoded("DTEND") - component.decoded("DTSTART")).days
                return start + timedelta(days=max(1, days))
            return max(end, start)
        if "DURATION" in component:
            length = component.decoded("DURATION")
            if isinstance(length, timedelta) and length >= timedelta(0):
                return start + (max(length, timedelta(days=1)) if all_day else length)
        return start + timedelta(days=1) if all_day else None

    def _tzid(self, component: Any, key: str) -> str | None:
        """The zone a series repeats in; None for the bot's own zone (or its CET twins)."""
        value = component.decoded(key)
        if not isinstance(value, datetime):
            return None
        zone = self._zone(component[key].params.get("TZID"), value)
        if zone is None:
            return None
        name = getattr(zone, "key", None)
        if zone is UTC or name in ("UTC", "Etc/UTC"):
            return "UTC"
        if not isinstance(name, str) or name == self.tz.key:
            return None
        if name in _CET_ZONES and self.tz.key in _CET_ZONES:
            return None
        return name

    def _zone(self, tzid: object, value: datetime) -> tzinfo | None:
        """Windows names mapped to IANA, IANA names as such, else what icalendar made of it."""
        if isinstance(tzid, str):
            if tzid in _CET_WINDOWS_ZONES:
                return self.tz if self.tz.key in _CET_ZONES else ZoneInfo("Europe/Amsterdam")
            if tzid in WINDOWS_TO_OLSON:
                return ZoneInfo(WINDOWS_TO_OLSON[tzid])
            try:
                return ZoneInfo(tzid)
            except (ZoneInfoNotFoundError, ValueError):
                pass
        return value.tzinfo if value.utcoffset() is not None else None

    def _moment(self, component: Any, key: str) -> tuple[datetime, bool]:
        """A property's moment in UTC; all-day dates count as 09:00 local, like milestones."""
        prop = component[key]
        value = component.decoded(key)
        params = prop.params if hasattr(prop, "params") else {}
        if isinstance(value, datetime):
            return self._value(value, params.get("TZID"), None), False
        if isinstance(value, date):
            return datetime.combine(value, ALL_DAY_TIME, tzinfo=self.tz).astimezone(UTC), True
        raise ValueError(f"unsupported {key}: {value!r}")

    def _value(self, value: object, tzid: object, series: AgendaEvent | None) -> datetime:
        if isinstance(value, datetime):
            # Floating times and unknown zones are read as the bot's local time.
            zone = self._zone(tzid, value) or self.tz
            moment = value.replace(tzinfo=zone).astimezone(UTC)
            return self._anchor(moment, series) if series is not None else moment
        if isinstance(value, date):
            wall = series.start_utc.astimezone(self.tz).time() if series else ALL_DAY_TIME
            return datetime.combine(value, wall, tzinfo=self.tz).astimezone(UTC)
        raise ValueError(f"unsupported date value: {value!r}")

    def _anchor(self, moment: datetime, series: AgendaEvent) -> datetime:
        """All-day series key their exceptions by date: use the series' 09:00 anchor."""
        if not series.all_day:
            return moment
        day = moment.astimezone(self.tz).date()
        return datetime.combine(day, ALL_DAY_TIME, tzinfo=self.tz).astimezone(UTC)


def _as_list(value: object) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _cancelled(component: Any) -> bool:
    return str(component.get("STATUS", "")).upper() == "CANCELLED"


def _text(value: object, limit: int) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split()) if limit <= _TITLE_MAX else str(value).strip()
    if not text:
        return None
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
