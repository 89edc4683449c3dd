"""RFC 5545 recurrence rules: the one place where a series becomes dates.

Reminders, the /agenda listing, the .ics export (written as the same RRULE) and imported
calendars all go through `expand`, which is python-dateutil's `rrule` run on the local wall
clock of the series' zone. A 19:30 meeting therefore stays 19:30 across daylight saving, and
the instants agree with what calendar apps (and `recurring-ical-events`, used as the oracle in
the property tests) compute from the exported file.

Only a well-behaved subset of RRULE is accepted: no sub-daily frequencies (a FREQ=SECONDLY
rule would mean a reminder per second) and no BY-part combinations that can never match.
dateutil searches up to the year 9999 for a rule that never matches, which takes seconds, so
those are refused up front instead of being expanded.
"""

from __future__ import annotations

import html
import re
import time as clock
from collections.abc import Collection
from datetime import UTC, date, datetime, timedelta, tzinfo

from dateutil.rrule import rrule, rrulestr

from bot.errors import UserFacingError
from bot.texts import agenda_series as texts

ALLOWED_FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
ALLOWED_PARTS = ("FREQ", "INTERVAL", "COUNT", "UNTIL", "BYMONTH", "BYMONTHDAY", "BYDAY")
_OPTIONAL_PARTS = ("BYSETPOS", "WKST")
_PART_ORDER = (*ALLOWED_PARTS, *_OPTIONAL_PARTS)
MAX_INTERVAL = 366
MAX_COUNT = 1000
MAX_EXPANSION = 5000
_DEADLINE_EVERY = 128
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_BYDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")


def _shown(typed: str) -> str:
    """A rule from a message or an uploaded file, safe inside an HTML reply."""
    return html.escape(typed, quote=False)


class RecurrenceError(UserFacingError):
    """A rule the bot will not expand; `message` is the Dutch sentence for the user."""


class ExpansionBudgetError(RecurrenceError):
    """Expansion ran out of time or occurrences (a hostile or huge calendar)."""


class ExpansionLimitError(ExpansionBudgetError):
    """More occurrences in the window than the caller allows."""


def rrule_parts(value: str) -> dict[str, str]:
    """Validated parts of an RRULE value; raises RecurrenceError with a Dutch reason."""
    text = value.strip()
    text = text[len("RRULE:") :] if text.upper().startswith("RRULE:") else text
    parts: dict[str, str] = {}
    for piece in text.split(";"):
        key, sep, val = piece.partition("=")
        key, val = key.strip().upper(), val.strip().upper()
        if not sep or not key or not val or key in parts:
            raise RecurrenceError(texts.RULE_UNREADABLE.format(rule=_shown(value.strip()[:80])))
        parts[key] = val
    freq = parts.get("FREQ", "")
    if freq in ("SECONDLY", "MINUTELY", "HOURLY"):
        raise RecurrenceError(
            texts.RULE_TOO_FREQUENT.format(freq=freq, freq_nl=texts.FREQ_WORDS[freq])
        )
    if freq not in ALLOWED_FREQS:
        raise RecurrenceError(texts.RULE_UNREADABLE.format(rule=_shown(value.strip()[:80])))
    unknown = sorted(set(parts) - set(_PART_ORDER))
    if unknown:
        raise RecurrenceError(texts.RULE_UNSUPPORTED.format(parts=_shown(", ".join(unknown))))
    try:
        _check_structure(parts)
    except (ValueError, IndexError) as exc:
        if isinstance(exc, RecurrenceError):
            raise
        raise RecurrenceError(
            texts.RULE_UNREADABLE.format(rule=_shown(value.strip()[:80]))
        ) from None
    return parts


def normalize_rrule(value: str) -> str:
    """Canonical text of a rule, so 'FREQ=WEEKLY;WKST=MO;INTERVAL=1' equals 'FREQ=WEEKLY'.

    Import compares stored and re-imported rules textually; Outlook and Google reorder the
    parts and spell out defaults.
    """
    parts = rrule_parts(value)
    if parts.get("INTERVAL") == "1":
        del parts["INTERVAL"]
    if parts.get("WKST") == "MO":
        del parts["WKST"]
    if "BYDAY" in parts:
        parts["BYDAY"] = ",".join(_canonical_byday(p) for p in parts["BYDAY"].split(","))
    return ";".join(f"{key}={parts[key]}" for key in _PART_ORDER if key in parts)


def rule_for_start(value: str, zone: tzinfo, all_day: bool) -> str:
    """The canonical rule with UNTIL in the value type RFC 5545 demands for its DTSTART:
    a DATE for all-day series, a UTC moment for timed ones. Export writes this, and import
    comparisons use it, so 'UNTIL=20270101' and 'UNTIL=20270101T000000Z' of one all-day
    series count as the same rule."""
    parts = rrule_parts(normalize_rrule(value))
    wall = until_wall(parts, zone)
    if wall is not None:
        if all_day:
            parts["UNTIL"] = f"{wall:%Y%m%d}"
        else:
            moment = wall.replace(tzinfo=zone).astimezone(UTC)
            parts["UNTIL"] = f"{moment:%Y%m%dT%H%M%SZ}"
    return ";".join(f"{key}={val}" for key, val in parts.items())


def _canonical_byday(token: str) -> str:
    match = _BYDAY.match(token)
    if not match:
        raise RecurrenceError(texts.RULE_UNREADABLE.format(rule=_shown(token)))
    ordinal = int(match.group(1)) if match.group(1) else None
    return f"{ordinal if ordinal is not None else ''}{match.group(2)}"


def _ints(text: str) -> list[int]:
    return [int(piece) for piece in text.split(",")]


def _check_structure(parts: dict[str, str]) -> None:
    """Refuse what is malformed or can never match (dateutil would then search until 9999)."""
    freq = parts["FREQ"]
    if not 1 <= int(parts.get("INTERVAL", "1")) <= MAX_INTERVAL:
        raise ValueError("interval")
    if "COUNT" in parts and not 1 <= int(parts["COUNT"]) <= MAX_COUNT:
        raise ValueError("count")
    if "COUNT" in parts and "UNTIL" in parts:
        raise ValueError("count and until")
    if "UNTIL" in parts:
        _parse_until(parts["UNTIL"])
    if parts.get("WKST", "MO") not in ICAL_DAYS:
        raise ValueError("wkst")
    months = _ints(parts["BYMONTH"]) if "BYMONTH" in parts else list(range(1, 13))
    if not all(1 <= m <= 12 for m in months):
        raise ValueError("bymonth")
    longest = max(_MONTH_DAYS[m - 1] for m in months)
    if "BYMONTHDAY" in parts:
        days = _ints(parts["BYMONTHDAY"])
        if not all(1 <= abs(d) <= 31 for d in days) or all(abs(d) > longest for d in days):
            raise ValueError("bymonthday")
        if freq == "WEEKLY":
            raise ValueError("weekly bymonthday")
    ordinals: list[int] = []
    weekdays = 0
    if "BYDAY" in parts:
        for token in parts["BYDAY"].split(","):
            match = _BYDAY.match(token)
            if not match:
                raise ValueError("byday")
            weekdays += 1
            if match.group(1):
                ordinals.append(int(match.group(1)))
    limit = {"MONTHLY": 5, "YEARLY": 5 if "BYMONTH" in parts else 53}.get(freq, 0)
    if any(o == 0 or abs(o) > limit for o in ordinals):
        raise ValueError("ordinal byday")
    if "BYSETPOS" in parts:
        # Only the Outlook shape "last working day of the month": plain weekdays, no month
        # days, and a position that every period has (each weekday occurs >= 4 times a month).
        per_period = {"WEEKLY": 1, "MONTHLY": 4, "YEARLY": 4}.get(freq, 0) * weekdays
        positions = _ints(parts["BYSETPOS"])
        if ordinals or "BYMONTHDAY" in parts or not per_period:
            raise ValueError("bysetpos")
        if any(p == 0 or abs(p) > per_period for p in positions):
            raise ValueError("bysetpos range")


def _parse_until(text: str) -> datetime | date:
    if re.fullmatch(r"\d{8}", text):
        return datetime.strptime(text, "%Y%m%d").date()
    if re.fullmatch(r"\d{8}T\d{6}Z", text):
        return datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    if re.fullmatch(r"\d{8}T\d{6}", text):
        return datetime.strptime(text, "%Y%m%dT%H%M%S")
    raise ValueError("until")


def until_wall(parts: dict[str, str], zone: tzinfo) -> datetime | None:
    """UNTIL as a naive wall-clock moment of the series' zone (a date means its whole day)."""
    if "UNTIL" not in parts:
        return None
    value = _parse_until(parts["UNTIL"])
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            return value.astimezone(zone).replace(tzinfo=None)
        return value
    return datetime.combine(value, datetime.max.time()).replace(microsecond=0)


def _dateutil_rule(parts: dict[str, str], wall_start: datetime) -> rrule:
    body = ";".join(f"{k}={v}" for k, v in parts.items() if k != "UNTIL")
    rule = rrulestr(body, dtstart=wall_start)
    if not isinstance(rule, rrule):  # pragma: no cover - rrulestr of one RRULE is an rrule
        raise RecurrenceError(texts.RULE_UNREADABLE.format(rule=_shown(body)))
    return rule


def expand(
    first: datetime,
    rule_text: str | None,
    window_start: datetime,
    window_end: datetime,
    *,
    exdates: Collection[datetime] = (),
    limit: int = MAX_EXPANSION,
    deadline: float | None = None,
    whole_days: bool = False,
) -> list[datetime]:
    """Original starts (UTC) of a series in [window_start, window_end), EXDATEs left out.

    `first` is the series' DTSTART, aware in the series' own zone (its wall clock is what
    repeats). Like RFC 5545 and calendar apps, DTSTART is always an occurrence, also when it
    does not fit the rule, unless UNTIL lies before it. `whole_days` (all-day series) makes
    UNTIL cover its whole local day, as a DATE-valued UNTIL does in the exported file.
    `deadline` is a `time.monotonic()` moment; past it (or past `limit` occurrences in the
    window) ExpansionBudgetError is raised instead of working on.
    """
    if first.tzinfo is None or window_start.tzinfo is None or window_end.tzinfo is None:
        raise ValueError("expand needs aware datetimes")
    zone = first.tzinfo
    start_utc, end_utc = window_start.astimezone(UTC), window_end.astimezone(UTC)
    excluded = {moment.astimezone(UTC) for moment in exdates}
    first_utc = first.astimezone(UTC)
    if not rule_text:
        inside = start_utc <= first_utc < end_utc and first_utc not in excluded
        return [first_utc] if inside else []
    parts = rrule_parts(rule_text)
    wall_first = first.replace(tzinfo=None)
    stop = (window_end.astimezone(zone) + timedelta(days=2)).replace(tzinfo=None)
    until = until_wall(parts, zone)
    if until is not None and whole_days:
        until = datetime.combine(until.date(), datetime.max.time()).replace(microsecond=0)
    if until is not None and until < wall_first:
        return []
    rule = _dateutil_rule(parts, wall_first)
    if "COUNT" not in parts:
        rule = rule.replace(until=min(until, stop) if until is not None else stop)
    result: list[datetime] = []
    pending_first = True
    for index, wall in enumerate(rule):
        if index % _DEADLINE_EVERY == 0 and deadline is not None and clock.monotonic() > deadline:
            raise ExpansionBudgetError(texts.RULE_TOO_SLOW)
        if wall > stop:
            break
        if pending_first:
            pending_first = False
            if wall != wall_first:
                _keep(first_utc, start_utc, end_utc, excluded, result, limit)
        _keep(
            wall.replace(tzinfo=zone).astimezone(UTC), start_utc, end_utc, excluded, result, limit
        )
    if pending_first:
        _keep(first_utc, start_utc, end_utc, excluded, result, limit)
    return sorted(set(result))


def _keep(
    moment: datetime,
    start: datetime,
    end: datetime,
    excluded: set[datetime],
    result: list[datetime],
    limit: int,
) -> None:
    if start <= moment < end and moment not in excluded:
        if len(result) >= limit:
            raise ExpansionLimitError(texts.RULE_TOO_MANY.format(max_count=limit))
        result.append(moment)


def occurs_at(
    first: datetime, rule_text: str | None, moment: datetime, *, whole_days: bool = False
) -> bool:
    """Whether `moment` is an original start of the series (EXDATEs not considered), by the
    same expansion as everywhere else (an all-day series ends on UNTIL's day, not its hour)."""
    window_end = moment + timedelta(seconds=1)
    return bool(expand(first, rule_text, moment, window_end, whole_days=whole_days))


def first_on_or_after(rule_text: str, typed: datetime) -> datetime:
    """The first moment on or after `typed` (aware, local) that the rule produces.

    Used to anchor a new series: its DTSTART must fit its own rule, otherwise calendars show
    an extra meeting on the typed date that the board never meant.
    """
    parts = rrule_parts(rule_text)
    zone = typed.tzinfo
    if zone is None:
        raise ValueError("typed must be aware")
    rule = _dateutil_rule(parts, typed.replace(tzinfo=None))
    horizon = typed.replace(tzinfo=None) + timedelta(days=2 * 366)
    for wall in rule.replace(until=horizon) if "COUNT" not in parts else rule:
        return wall.replace(tzinfo=zone)
    raise RecurrenceError(texts.RULE_NEVER.format(rule=_shown(rule_text)))
