"""Dutch date/time input and output, shared by the agenda and voting features.

Board members type moments the way they would in a chat ("vrijdag 12:00", "15 dec om 17u").
The common forms are parsed by hand so the result is predictable; dateparser is only a strict
last resort. Anything doubtful becomes a `DateInputError` with a Dutch sentence the handler can
show as is, because a silently wrong deadline is worse than asking again.

The Dutch error sentences live here rather than in bot/texts/ because this module *is* the
Dutch-language layer for dates and is shared by several features.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bot.errors import UserFacingError
from bot.texts.dates import (
    MSG_BAD_MONTH,
    MSG_BAD_TIME,
    MSG_DST_GAP,
    MSG_EMPTY,
    MSG_NEED_DAY,
    MSG_NEED_TIME,
    MSG_NO_SUCH_DAY,
    MSG_NO_SUCH_DAY_NO_YEAR,
    MSG_PAST,
    MSG_RECURRENCE_UNKNOWN,
    MSG_RELATIVE_TOO_FAR,
    MSG_UNPARSEABLE,
    MSG_WEEKDAY_MISMATCH,
)

WEEKDAYS_FULL = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
WEEKDAYS_SHORT = ("ma", "di", "wo", "do", "vr", "za", "zo")
MONTHS_FULL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
MONTHS_SHORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")

_WEEKDAY_LOOKUP: dict[str, int] = {
    **{name: i for i, name in enumerate(WEEKDAYS_FULL)},
    **{name: i for i, name in enumerate(WEEKDAYS_SHORT)},
    **{"din": 1, "woe": 2, "don": 3, "vrij": 4, "zat": 5, "zon": 6},
}
_MONTH_LOOKUP: dict[str, int] = {
    **{name: i + 1 for i, name in enumerate(MONTHS_FULL)},
    **{name: i + 1 for i, name in enumerate(MONTHS_SHORT)},
    **{"maa": 3, "mar": 3, "sept": 9, "oct": 10, "juni": 6, "juli": 7},
}
_NUMBER_WORDS: dict[str, int] = {
    "een": 1,
    "één": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
}

_RELATIVE_MAX_DAYS = 3660


class DateInputError(UserFacingError):
    """User input that cannot become a moment; `message` is the Dutch sentence to show."""


# --------------------------------------------------------------------------- output


def format_moment(dt: datetime, tz: ZoneInfo) -> str:
    """Short Dutch moment as shown in chats: 'di 12 jan 2027 19:30'."""
    local = _require_aware(dt).astimezone(tz)
    return f"{format_day(local, tz)} {local:%H:%M}"


def format_day(dt: datetime, tz: ZoneInfo) -> str:
    """Short Dutch date without time: 'di 12 jan 2027' (for milestones and headings)."""
    local = _require_aware(dt).astimezone(tz)
    return (
        f"{WEEKDAYS_SHORT[local.weekday()]} {local.day} {MONTHS_SHORT[local.month - 1]} "
        f"{local.year}"
    )


def month_heading(year: int, month: int) -> str:
    """Month group heading such as 'januari 2027'."""
    return f"{MONTHS_FULL[month - 1]} {year}"


def _require_aware(dt: datetime) -> datetime:
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("naive datetime; the agenda only works with aware datetimes")
    return dt


# --------------------------------------------------------------------------- input

_TIME_AT_END = re.compile(
    r"(?:^|\s)(?:om\s+)?(?P<h>\d{1,2})(?:[:.](?P<m>\d{2})|u(?:ur)?(?P<m2>\d{2})?|\s+uur)"
    r"(?:\s*uur)?$"
)
_NUMERIC_DATE = re.compile(r"^(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})(?:[-/.](?P<y>\d{4}|\d{2}))?$")
_ISO_DATE = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")
_TEXT_DATE = re.compile(r"^(?P<d>\d{1,2})e?\s+(?P<mon>[a-z]+)\.?(?:\s+(?P<y>\d{4}))?$")
_RELATIVE = re.compile(
    r"^over\s+(?P<n>\d+|[a-zé]+|een half|anderhalf)\s*"
    r"(?P<unit>minuten|minuut|min|m|uur|u|h|dagen|dag|d|weken|week|w)$"
)
_FILLERS = re.compile(r"(?:^|\s)(?:a\.s\.?|as|aanstaande|komende|volgende)(?=\s|$)")


def parse_moment(
    text: str,
    now: datetime,
    tz: ZoneInfo,
    *,
    default_time: time | None = None,
    allow_fallback: bool = True,
) -> datetime:
    """Parse a Dutch moment typed by a user into an aware datetime in `tz`.

    `now` is passed in (never read from the clock) so results are reproducible. A moment that is
    not strictly after `now` is refused: every caller schedules something in the future.
    """
    now_local = _require_aware(now).astimezone(tz)
    raw = text.strip()
    norm = _normalise(raw)
    if not norm:
        raise DateInputError(MSG_EMPTY)

    relative = _RELATIVE.match(norm)
    if relative:
        return _parse_relative(relative, now_local, tz, raw)

    date_part, clock = _split_time(norm)
    if not date_part:
        raise DateInputError(MSG_NEED_DAY.format(text=raw))

    resolved = _resolve_date(date_part, clock, default_time, now_local, tz, raw)
    if resolved is None:
        if allow_fallback:
            return _fallback(raw, now_local, tz, default_time)
        raise DateInputError(MSG_UNPARSEABLE.format(text=raw))
    return _finish(resolved, now_local, tz)


def _normalise(text: str) -> str:
    norm = text.lower().replace(",", " ").replace("’", "'")
    norm = re.sub(r"\s+", " ", norm).strip().rstrip(".").strip()
    return norm


def _split_time(norm: str) -> tuple[str, time | None]:
    match = _TIME_AT_END.search(norm)
    if not match:
        return norm, None
    hour = int(match.group("h"))
    minute_text = match.group("m") or match.group("m2") or "0"
    minute = int(minute_text)
    if hour > 23 or minute > 59:
        raise DateInputError(MSG_BAD_TIME.format(text=match.group(0).strip()))
    rest = norm[: match.start()].strip()
    rest = re.sub(r"\s*\bom$", "", rest).strip()
    return rest, time(hour, minute)


def _resolve_date(
    date_part: str,
    clock: time | None,
    default_time: time | None,
    now_local: datetime,
    tz: ZoneInfo,
    raw: str,
) -> datetime | None:
    """Turn the date words into a local wall-clock datetime, or None if not understood."""
    part = _FILLERS.sub(" ", date_part)
    part = re.sub(r"\s+", " ", part).strip()
    today = now_local.date()

    def with_time(day: date) -> datetime:
        chosen = clock if clock is not None else default_time
        if chosen is None:
            raise DateInputError(MSG_NEED_TIME.format(text=raw))
        return datetime.combine(day, chosen, tzinfo=tz)

    if part in ("vandaag", "straks", "vanavond", "vanmiddag"):
        return with_time(today)
    if part == "morgen":
        return with_time(today + timedelta(days=1))
    if part == "overmorgen":
        return with_time(today + timedelta(days=2))

    if part in _WEEKDAY_LOOKUP:
        target = _WEEKDAY_LOOKUP[part]
        ahead = (target - today.weekday()) % 7
        candidate = with_time(today + timedelta(days=ahead))
        if candidate <= now_local:
            candidate = with_time(today + timedelta(days=ahead + 7))
        return candidate

    stated_weekday: int | None = None
    first, _, rest = part.partition(" ")
    if rest and first in _WEEKDAY_LOOKUP:
        stated_weekday = _WEEKDAY_LOOKUP[first]
        part = rest

    parsed = _parse_absolute(part)
    if parsed is None:
        return None
    day_num, month, year = parsed
    if not 1 <= month <= 12:
        raise DateInputError(MSG_BAD_MONTH.format(month=month))
    month_name = MONTHS_FULL[month - 1]

    if year is not None:
        try:
            day = date(year, month, day_num)
        except ValueError:
            raise DateInputError(
                MSG_NO_SUCH_DAY.format(day=day_num, month=month_name, year=year)
            ) from None
        _check_weekday(stated_weekday, day)
        return with_time(day)

    # Year omitted: the next occurrence that is still in the future.
    for candidate_year in range(today.year, today.year + 9):
        try:
            day = date(candidate_year, month, day_num)
        except ValueError:
            if day_num <= 28 or month != 2:
                raise DateInputError(
                    MSG_NO_SUCH_DAY_NO_YEAR.format(day=day_num, month=month_name)
                ) from None
            continue
        moment = with_time(day)
        if moment > now_local:
            _check_weekday(stated_weekday, day)
            return moment
    raise DateInputError(MSG_NO_SUCH_DAY_NO_YEAR.format(day=day_num, month=month_name))


def _parse_absolute(part: str) -> tuple[int, int, int | None] | None:
    match = _NUMERIC_DATE.match(part)
    if match:
        year_text = match.group("y")
        year = None
        if year_text is not None:
            year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        return int(match.group("d")), int(match.group("m")), year
    match = _ISO_DATE.match(part)
    if match:
        return int(match.group("d")), int(match.group("m")), int(match.group("y"))
    match = _TEXT_DATE.match(part)
    if match and match.group("mon") in _MONTH_LOOKUP:
        year_text = match.group("y")
        return (
            int(match.group("d")),
            _MONTH_LOOKUP[match.group("mon")],
            int(year_text) if year_text else None,
        )
    return None


def _check_weekday(stated: int | None, day: date) -> None:
    if stated is not None and stated != day.weekday():
        raise DateInputError(
            MSG_WEEKDAY_MISMATCH.format(
                day=f"{day.day} {MONTHS_FULL[day.month - 1]} {day.year}",
                actual=WEEKDAYS_FULL[day.weekday()],
                given=WEEKDAYS_FULL[stated],
            )
        )


def _parse_relative(match: re.Match[str], now_local: datetime, tz: ZoneInfo, raw: str) -> datetime:
    amount_text = match.group("n")
    unit = match.group("unit")
    half_hours: int | None = None
    if amount_text == "een half":
        half_hours = 1
    elif amount_text == "anderhalf":
        half_hours = 3
    if half_hours is not None:
        if unit not in ("uur", "u", "h"):
            raise DateInputError(MSG_UNPARSEABLE.format(text=raw))
        return (now_local + timedelta(minutes=30 * half_hours)).astimezone(tz)
    if amount_text.isdigit():
        amount = int(amount_text)
    elif amount_text in _NUMBER_WORDS:
        amount = _NUMBER_WORDS[amount_text]
    else:
        raise DateInputError(MSG_UNPARSEABLE.format(text=raw))
    if amount <= 0:
        raise DateInputError(MSG_UNPARSEABLE.format(text=raw))
    if unit in ("minuten", "minuut", "min", "m"):
        delta = timedelta(minutes=amount)
    elif unit in ("uur", "u", "h"):
        delta = timedelta(hours=amount)
    elif unit in ("dagen", "dag", "d"):
        delta = timedelta(days=amount)
    else:
        delta = timedelta(weeks=amount)
    if delta > timedelta(days=_RELATIVE_MAX_DAYS):
        raise DateInputError(MSG_RELATIVE_TOO_FAR.format(days=_RELATIVE_MAX_DAYS))
    if delta >= timedelta(days=1):
        # Whole days keep the wall-clock time, also across a DST change.
        wall = now_local.replace(tzinfo=None) + delta
        return _finish(wall.replace(tzinfo=tz), now_local, tz)
    return (now_local.astimezone(UTC) + delta).astimezone(tz)


def _finish(local: datetime, now_local: datetime, tz: ZoneInfo) -> datetime:
    """Reject wall-clock times skipped by DST and moments that are not in the future."""
    round_trip = local.astimezone(UTC).astimezone(tz)
    if round_trip.replace(tzinfo=None) != local.replace(tzinfo=None):
        raise DateInputError(
            MSG_DST_GAP.format(
                time=f"{local:%H:%M}",
                day=f"{local.day} {MONTHS_FULL[local.month - 1]} {local.year}",
            )
        )
    result = round_trip
    if result <= now_local:
        raise DateInputError(MSG_PAST.format(moment=format_moment(result, tz)))
    return result


_TIME_HINT = re.compile(r"\d{1,2}\s*(?:[:.]\d{2}|u\b|u\d{2}|uur)")


def _fallback(raw: str, now_local: datetime, tz: ZoneInfo, default_time: time | None) -> datetime:
    """Strict dateparser fallback: day and month must be present, and a time or a default."""
    import dateparser  # imported lazily: it is slow to load and rarely needed

    has_time = bool(_TIME_HINT.search(raw.lower()))
    if not has_time and default_time is None:
        # Do not let dateparser invent midnight; only ask for a time if it is a date at all.
        probe = dateparser.parse(
            raw,
            languages=["nl"],
            settings={
                "REQUIRE_PARTS": ["day", "month"],
                "PREFER_DATES_FROM": "future",
                "RELATIVE_BASE": now_local.replace(tzinfo=None),
            },
        )
        if probe is None or not _confirms(raw, probe, False):
            raise DateInputError(MSG_UNPARSEABLE.format(text=raw))
        raise DateInputError(MSG_NEED_TIME.format(text=raw))
    parsed = dateparser.parse(
        raw,
        languages=["nl"],
        settings={
            "REQUIRE_PARTS": ["day", "month"],
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": now_local.replace(tzinfo=None),
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    if parsed is None or not _confirms(raw, parsed, has_time):
        raise DateInputError(MSG_UNPARSEABLE.format(text=raw))
    if not has_time and default_time is not None:
        parsed = datetime.combine(parsed.date(), default_time)
    return _finish(parsed.replace(tzinfo=tz), now_local, tz)


def _confirms(raw: str, parsed: datetime, has_time: bool) -> bool:
    """Accept a dateparser result only if the day number and the time are literally typed.

    This keeps the fallback from "correcting" input such as '25:00 morgen' into a guess.
    """
    low = raw.lower()
    numbers = {int(n) for n in re.findall(r"(?<![\d:.])(\d{1,2})(?![\d:.])(?:e|ste|de)?", low)}
    if parsed.day not in numbers:
        return False
    if not has_time:
        return True
    times = {
        (int(h), int(m1 or m2 or 0))
        for h, m1, m2 in re.findall(r"(?<!\d)(\d{1,2})\s*(?:[:.](\d{2})|u(\d{2})?|uur)", low)
    }
    return (parsed.hour, parsed.minute) in times and all(h < 24 and m < 60 for h, m in times)


# --------------------------------------------------------------------------- recurrence

_ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_ORDINALS: dict[str, int] = {
    "eerste": 1,
    "1e": 1,
    "1ste": 1,
    "tweede": 2,
    "2e": 2,
    "2de": 2,
    "derde": 3,
    "3e": 3,
    "3de": 3,
    "vierde": 4,
    "4e": 4,
    "4de": 4,
    "laatste": -1,
}
_ORDINAL_WORDS = {1: "eerste", 2: "tweede", 3: "derde", 4: "vierde", -1: "laatste"}
_NO_RECURRENCE = {"", "-", "nee", "geen", "niet", "eenmalig", "eenmaal", "geen herhaling", "los"}
_EVERY = r"(?:elke|iedere|ieder|elk)"
_WEEKDAY_ALT = "|".join(sorted(_WEEKDAY_LOOKUP, key=len, reverse=True))
_ORDINAL_ALT = "|".join(sorted(_ORDINALS, key=len, reverse=True))
_MAX_OCCURRENCES = 5000


@dataclass(frozen=True)
class Recurrence:
    """A meeting repetition that both the reminder scheduler and .ics export understand.

    `weekday` is 0=Monday..6=Sunday; None means "the weekday of the first meeting". For monthly
    rules `week_of_month` is 1..4 or -1 (last); None means "derive from the first meeting", which
    is what "maandelijks" means to a board ("every third Thursday").
    """

    freq: Literal["WEEKLY", "MONTHLY"]
    interval: int = 1
    weekday: int | None = None
    week_of_month: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.interval <= 12:
            raise ValueError("interval must be 1..12")
        if self.weekday is not None and not 0 <= self.weekday <= 6:
            raise ValueError("weekday must be 0..6")
        if self.week_of_month is not None and self.week_of_month not in (1, 2, 3, 4, -1):
            raise ValueError("week_of_month must be 1..4 or -1")
        if self.freq == "WEEKLY" and self.week_of_month is not None:
            raise ValueError("week_of_month only applies to monthly rules")

    def anchored(self, first_local: datetime) -> Recurrence:
        """Fill in what was left to the first meeting (weekday, week of month)."""
        weekday = self.weekday if self.weekday is not None else first_local.weekday()
        week = self.week_of_month
        if self.freq == "MONTHLY" and week is None:
            week = _week_of_month(first_local.date())
        return Recurrence(self.freq, self.interval, weekday, week)

    def to_rrule(self, first_local: datetime | None = None) -> str:
        """RFC 5545 RRULE value, e.g. 'FREQ=MONTHLY;BYDAY=2TU'."""
        rule = self.anchored(first_local) if first_local is not None else self
        parts = [f"FREQ={rule.freq}"]
        if rule.interval != 1:
            parts.append(f"INTERVAL={rule.interval}")
        if rule.freq == "MONTHLY":
            if rule.weekday is None or rule.week_of_month is None:
                raise ValueError("a monthly rule needs the first meeting to pick its weekday")
            parts.append(f"BYDAY={rule.week_of_month}{_ICAL_DAYS[rule.weekday]}")
        elif rule.weekday is not None:
            parts.append(f"BYDAY={_ICAL_DAYS[rule.weekday]}")
        return ";".join(parts)

    @classmethod
    def from_rrule(cls, value: str) -> Recurrence:
        """Read back a rule produced by `to_rrule` (a deliberately small RRULE subset)."""
        fields: dict[str, str] = {}
        for piece in value.strip().removeprefix("RRULE:").split(";"):
            key, sep, val = piece.partition("=")
            if not sep:
                raise ValueError(f"bad RRULE part: {piece!r}")
            fields[key.upper()] = val.upper()
        freq = fields.pop("FREQ", "")
        interval = int(fields.pop("INTERVAL", "1"))
        byday = fields.pop("BYDAY", "")
        if fields:
            raise ValueError(f"unsupported RRULE parts: {sorted(fields)}")
        weekday: int | None = None
        week: int | None = None
        if byday:
            match = re.fullmatch(r"(-1|[1-4])?(MO|TU|WE|TH|FR|SA|SU)", byday)
            if not match:
                raise ValueError(f"unsupported BYDAY: {byday!r}")
            weekday = _ICAL_DAYS.index(match.group(2))
            week = int(match.group(1)) if match.group(1) else None
        if freq == "WEEKLY":
            if week is not None:
                raise ValueError("weekly rule with an ordinal BYDAY")
            return cls("WEEKLY", interval, weekday)
        if freq == "MONTHLY":
            return cls("MONTHLY", interval, weekday, week)
        raise ValueError(f"unsupported FREQ: {freq!r}")

    def describe(self) -> str:
        """Dutch description for confirmations: 'elke tweede dinsdag van de maand'."""
        if self.freq == "WEEKLY":
            if self.weekday is None:
                if self.interval == 1:
                    return "elke week"
                return "om de week" if self.interval == 2 else f"elke {self.interval} weken"
            day = WEEKDAYS_FULL[self.weekday]
            if self.interval == 1:
                return f"elke {day}"
            return (
                f"om de week op {day}"
                if self.interval == 2
                else (f"elke {self.interval} weken op {day}")
            )
        if self.weekday is None or self.week_of_month is None:
            base = "elke maand"
        else:
            base = (
                f"elke {_ORDINAL_WORDS[self.week_of_month]} {WEEKDAYS_FULL[self.weekday]} "
                "van de maand"
            )
        return base if self.interval == 1 else f"{base}, om de {self.interval} maanden"

    def occurrences(
        self, first_start: datetime, tz: ZoneInfo, window_start: datetime, window_end: datetime
    ) -> list[datetime]:
        """Starts (UTC) in [window_start, window_end), keeping the first meeting's local time.

        Like RFC 5545, the first meeting always counts even if it does not match the rule.
        """
        first_local = _require_aware(first_start).astimezone(tz)
        rule = self.anchored(first_local)
        wall = first_local.timetz().replace(tzinfo=None)
        start_utc = _require_aware(window_start).astimezone(UTC)
        end_utc = _require_aware(window_end).astimezone(UTC)
        result: list[datetime] = []
        for day in _iter_days(rule, first_local.date()):
            moment = datetime.combine(day, wall, tzinfo=tz).astimezone(UTC)
            if moment >= end_utc or len(result) >= _MAX_OCCURRENCES:
                break
            if moment >= start_utc:
                result.append(moment)
        return result


def _week_of_month(day: date) -> int:
    week = (day.day - 1) // 7 + 1
    return -1 if week == 5 else week


def _nth_weekday(year: int, month: int, weekday: int, week: int) -> date | None:
    if week == -1:
        last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (week - 1))
    return day if day.month == month else None


def _iter_days(rule: Recurrence, first: date) -> Iterator[date]:
    """Endless local dates of an anchored rule, starting with the first meeting."""
    weekday = rule.weekday if rule.weekday is not None else first.weekday()
    yield first
    step = 1
    if rule.freq == "WEEKLY":
        base = first - timedelta(days=(first.weekday() - weekday) % 7)
        while True:
            day = base + timedelta(weeks=rule.interval * step)
            step += 1
            if day > first:
                yield day
    week = rule.week_of_month if rule.week_of_month is not None else _week_of_month(first)
    first_month = first.year * 12 + first.month - 1
    step = 0
    while True:
        year, month0 = divmod(first_month + rule.interval * step, 12)
        step += 1
        found = _nth_weekday(year, month0 + 1, weekday, week)
        if found is not None and found > first:
            yield found


def parse_recurrence(text: str) -> Recurrence | None:
    """Parse how a meeting repeats; None means it does not repeat.

    Unknown text raises DateInputError instead of returning None, so a typo never silently turns
    a recurring meeting into a one-off.
    """
    norm = _normalise(text)
    norm = re.sub(r"\s+(?:van|in) (?:de|elke|iedere) maand$", "", norm)
    norm = re.sub(r"\s+per maand$", "", norm)
    if norm in _NO_RECURRENCE:
        return None
    if norm in ("wekelijks", "elke week", "iedere week", "elke week op dezelfde dag"):
        return Recurrence("WEEKLY")
    if norm in ("om de week", "tweewekelijks", "om de twee weken", "om de 2 weken"):
        return Recurrence("WEEKLY", interval=2)
    if norm in ("maandelijks", "elke maand", "iedere maand"):
        return Recurrence("MONTHLY")
    match = re.fullmatch(rf"{_EVERY} (\d+|[a-z]+) weken", norm)
    if match:
        amount = _amount(match.group(1))
        if amount is not None and 1 <= amount <= 12:
            return Recurrence("WEEKLY", interval=amount)
    match = re.fullmatch(rf"(?:{_EVERY}|op) ({_WEEKDAY_ALT})(?:avond|middag|ochtend)?", norm)
    if match:
        return Recurrence("WEEKLY", weekday=_WEEKDAY_LOOKUP[match.group(1)])
    match = re.fullmatch(rf"om de (?:week op |twee weken op |2 weken op )?({_WEEKDAY_ALT})", norm)
    if match:
        return Recurrence("WEEKLY", interval=2, weekday=_WEEKDAY_LOOKUP[match.group(1)])
    match = re.fullmatch(
        rf"{_EVERY} ({_ORDINAL_ALT}) ({_WEEKDAY_ALT})(?:avond|middag|ochtend)?", norm
    )
    if match:
        return Recurrence(
            "MONTHLY",
            weekday=_WEEKDAY_LOOKUP[match.group(2)],
            week_of_month=_ORDINALS[match.group(1)],
        )
    raise DateInputError(MSG_RECURRENCE_UNKNOWN.format(text=text.strip()))


def _amount(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return _NUMBER_WORDS.get(text)
