"""Dutch date/time input, shared by the agenda and voting features.

Board members type moments the way they would in a chat ("vrijdag 12:00", "15 dec om 17u",
"over 2 weken 20:00", "volgende week dinsdag 19:30"). The common forms are parsed by hand so
the result is predictable; dateparser is only a strict last resort. Anything doubtful becomes
a `DateInputError` with a Dutch sentence the handler can show as is, because a silently wrong
deadline is worse than asking again. Input with two sensible readings ("volgende dinsdag" on a
Monday: tomorrow or in eight days?) is not guessed either: `read_moment` returns a
`MomentQuestion` with both moments, and `parse_moment` raises it as `AmbiguousMomentError`.

Rules worth knowing:
- "over N dagen/weken" keeps the wall-clock time (also across DST), or takes the typed time:
  "over 2 weken 20:00" is 20:00 on the day two weeks from today.
- "volgende week <dag>" is that day in next (Monday-based) week; "aanstaande/komende <dag>"
  the first such day after now; "volgende <dag>" is asked back when that day is still to come
  this week.
- "vanavond 8 uur" / "morgenavond 8 uur" / "morgen 8 uur 's avonds" mean 20:00; a part of the
  day that contradicts the hour ("20:00 's ochtends") is refused, never silently dropped.
- "gisteren" is understood, so a moment in the past is refused as such.
- A wall-clock time that happens twice (the night the clock goes back) is refused, like one
  that never happens (the night it goes forward): guessing one of the two is a silent error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot import dutch_dayparts as dayparts
from bot.dutch_words import (
    MONTH_LOOKUP,
    MONTHS_FULL,
    WEEKDAY_ALT,
    WEEKDAY_LOOKUP,
    WEEKDAYS_FULL,
    amount,
    format_day,
    format_moment,
    month_heading,
    normalise,
    require_aware,
)
from bot.errors import UserFacingError
from bot.texts.common import escape
from bot.texts.dates import (
    MSG_AMBIGUOUS_WEEKDAY,
    MSG_BAD_MONTH,
    MSG_BAD_TIME,
    MSG_DST_FOLD,
    MSG_DST_GAP,
    MSG_EMPTY,
    MSG_NEED_DAY,
    MSG_NEED_TIME,
    MSG_NEED_TIME_RELATIVE,
    MSG_NO_SUCH_DAY,
    MSG_NO_SUCH_DAY_NO_YEAR,
    MSG_PART_OF_DAY,
    MSG_PAST,
    MSG_RELATIVE_TOO_FAR,
    MSG_UNPARSEABLE,
    MSG_WEEKDAY_MISMATCH,
)

__all__ = [
    "AmbiguousMomentError",
    "DateInputError",
    "MomentChoice",
    "MomentQuestion",
    "format_day",
    "format_moment",
    "month_heading",
    "parse_moment",
    "read_moment",
]

_RELATIVE_MAX_DAYS = 3660
_WithTime = Callable[[date], datetime]


class DateInputError(UserFacingError):
    """User input that cannot become a moment; `message` is the Dutch sentence to show, as
    HTML: the typed text it quotes is escaped where it is raised, so no caller escapes it."""


class PastMomentError(DateInputError):
    """Carries the moment, so a caller asking for a day only can word it without the time."""

    def __init__(self, message: str, moment: datetime) -> None:
        super().__init__(message)
        self.moment = moment


@dataclass(frozen=True)
class MomentChoice:
    label: str
    moment: datetime


@dataclass(frozen=True)
class MomentQuestion:
    """Input with more than one sensible reading: ask, with the readings as choices."""

    question: str  # HTML: the typed text it quotes is escaped
    choices: tuple[MomentChoice, ...]


class AmbiguousMomentError(DateInputError):
    """`parse_moment`'s form of a `MomentQuestion`; its message asks the question in full."""

    def __init__(self, question: MomentQuestion) -> None:
        super().__init__(question.question)
        self.question = question


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
_RELATIVE_DAYS = re.compile(r"^over (?P<n>\d+|[a-zé]+) (?P<unit>dagen|dag|weken|week)$")
_NEXT_WEEK_DAY = re.compile(
    rf"^(?:volgende week (?P<a>{WEEKDAY_ALT})|(?P<b>{WEEKDAY_ALT}) volgende week)$"
)
_NEXT_DAY = re.compile(rf"^volgende (?P<d>{WEEKDAY_ALT})$")
_FILLERS = re.compile(r"(?:^|\s)(?:a\.s\.?|as|aanstaande|komende|volgende|deze)(?=\s|$)")
_PAST_DAYS = {"gisteren": 1, "eergisteren": 2}


def read_moment(
    text: str,
    now: datetime,
    tz: ZoneInfo,
    *,
    default_time: time | None = None,
    allow_fallback: bool = True,
    require_time: bool = False,
) -> datetime | MomentQuestion:
    """Like `parse_moment`, but an ambiguous input comes back as a `MomentQuestion`."""
    try:
        return parse_moment(
            text,
            now,
            tz,
            default_time=default_time,
            allow_fallback=allow_fallback,
            require_time=require_time,
        )
    except AmbiguousMomentError as exc:
        return exc.question


def parse_moment(
    text: str,
    now: datetime,
    tz: ZoneInfo,
    *,
    default_time: time | None = None,
    allow_fallback: bool = True,
    require_time: bool = False,
) -> datetime:
    """Parse a Dutch moment typed by a user into an aware datetime in `tz`.

    `now` is passed in (never read from the clock) so results are reproducible. A moment that is
    not strictly after `now` is refused: every caller schedules something in the future.
    `require_time` refuses "over 3 dagen" without a clock time (a meeting at the current
    minute is never meant); an ambiguous input raises AmbiguousMomentError.
    """
    now_local = require_aware(now).astimezone(tz)
    raw = text.strip()
    norm = normalise(raw)
    if not norm:
        raise DateInputError(MSG_EMPTY)

    relative = _RELATIVE.match(norm)
    if relative:
        return _parse_relative(relative, now_local, tz, raw, require_time)

    norm, part_of_day = dayparts.split_part_of_day(norm)
    date_part, clock = _split_time(norm)
    if part_of_day is not None and clock is not None:
        hour = dayparts.hour_in_part(clock.hour, part_of_day)
        if hour is None:
            raise DateInputError(MSG_PART_OF_DAY.format(time=f"{clock:%H:%M}", part=part_of_day))
        clock = clock.replace(hour=hour)
    if not date_part:
        raise DateInputError(MSG_NEED_DAY)

    resolved = _resolve_date(date_part, clock, default_time, now_local, tz, raw)
    if resolved is None:
        if allow_fallback:
            from bot.dutch_date_fallback import fallback_moment  # rarely needed, slow to load

            return fallback_moment(raw, now_local, tz, default_time)
        raise DateInputError(MSG_UNPARSEABLE.format(text=escape(raw)))
    return finish_moment(resolved, now_local, tz)


def _split_time(norm: str) -> tuple[str, time | None]:
    match = _TIME_AT_END.search(norm)
    if not match:
        return norm, None
    hour = int(match.group("h"))
    minute_text = match.group("m") or match.group("m2") or "0"
    minute = int(minute_text)
    if hour > 23 or minute > 59:
        raise DateInputError(MSG_BAD_TIME.format(text=escape(match.group(0).strip())))
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
    part = re.sub(r"\s+", " ", date_part).strip()
    today = now_local.date()
    part, clock = dayparts.day_and_clock(part, clock)

    def with_time(day: date) -> datetime:
        chosen = clock if clock is not None else default_time
        if chosen is None:
            raise DateInputError(MSG_NEED_TIME.format(text=escape(raw)))
        return datetime.combine(day, chosen, tzinfo=tz)

    special = _relative_day(part, today, with_time, now_local, tz)
    if special is not None:
        return special
    part = re.sub(r"\s+", " ", _FILLERS.sub(" ", part)).strip()

    if part in _PAST_DAYS:
        return with_time(today - timedelta(days=_PAST_DAYS[part]))
    if part in ("vandaag", "straks", *dayparts.EVENING_WORDS):
        return with_time(today)
    if part == "morgen":
        return with_time(today + timedelta(days=1))
    if part == "overmorgen":
        return with_time(today + timedelta(days=2))

    if part in WEEKDAY_LOOKUP:
        return _coming(WEEKDAY_LOOKUP[part], today, with_time, now_local)

    stated_weekday: int | None = None
    first, _, rest = part.partition(" ")
    if rest and first in WEEKDAY_LOOKUP:
        stated_weekday = WEEKDAY_LOOKUP[first]
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


def _coming(weekday: int, today: date, with_time: _WithTime, now_local: datetime) -> datetime:
    """The first such weekday whose moment is still ahead (today counts if still ahead)."""
    ahead = (weekday - today.weekday()) % 7
    candidate = with_time(today + timedelta(days=ahead))
    if candidate <= now_local:
        candidate = with_time(today + timedelta(days=ahead + 7))
    return candidate


def _relative_day(
    part: str, today: date, with_time: _WithTime, now_local: datetime, tz: ZoneInfo
) -> datetime | None:
    """'over 2 weken', 'volgende week dinsdag', 'volgende dinsdag' (asked back if unclear)."""
    match = _RELATIVE_DAYS.match(part)
    if match:
        count = amount(match.group("n"))
        if count is None or count <= 0:
            return None
        days = count * (7 if match.group("unit").startswith("we") else 1)
        if days > _RELATIVE_MAX_DAYS:
            raise DateInputError(MSG_RELATIVE_TOO_FAR.format(days=_RELATIVE_MAX_DAYS))
        return with_time(today + timedelta(days=days))
    match = _NEXT_WEEK_DAY.match(part)
    if match:
        weekday = WEEKDAY_LOOKUP[match.group("a") or match.group("b")]
        monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
        return with_time(monday + timedelta(days=weekday))
    match = _NEXT_DAY.match(part)
    if match:
        weekday = WEEKDAY_LOOKUP[match.group("d")]
        if weekday <= today.weekday():
            # That day already came this week: the next one is next week, in both readings.
            return with_time(today + timedelta(days=(weekday - today.weekday()) % 7 or 7))
        this_week = with_time(today + timedelta(days=weekday - today.weekday()))
        next_week = this_week + timedelta(days=7)
        options = [finish_moment(m, now_local, tz) for m in (this_week, next_week) if m > now_local]
        if len(options) == 1:
            return options[0]
        choices = tuple(MomentChoice(format_moment(m, tz), m) for m in options)
        raise AmbiguousMomentError(
            MomentQuestion(
                MSG_AMBIGUOUS_WEEKDAY.format(
                    text=escape(part), first=choices[0].label, second=choices[1].label
                ),
                choices,
            )
        )
    return None


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
    if match and match.group("mon") in MONTH_LOOKUP:
        year_text = match.group("y")
        return (
            int(match.group("d")),
            MONTH_LOOKUP[match.group("mon")],
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


def _parse_relative(
    match: re.Match[str], now_local: datetime, tz: ZoneInfo, raw: str, require_time: bool
) -> datetime:
    amount_text = match.group("n")
    unit = match.group("unit")
    half_hours: int | None = None
    if amount_text == "een half":
        half_hours = 1
    elif amount_text == "anderhalf":
        half_hours = 3
    if half_hours is not None:
        if unit not in ("uur", "u", "h"):
            raise DateInputError(MSG_UNPARSEABLE.format(text=escape(raw)))
        return (now_local + timedelta(minutes=30 * half_hours)).astimezone(tz)
    count = amount(amount_text)
    if count is None or count <= 0:
        raise DateInputError(MSG_UNPARSEABLE.format(text=escape(raw)))
    if count > _RELATIVE_MAX_DAYS * 24 * 60:  # beyond any limit in any unit; no overflow
        raise DateInputError(MSG_RELATIVE_TOO_FAR.format(days=_RELATIVE_MAX_DAYS))
    if unit in ("minuten", "minuut", "min", "m"):
        delta = timedelta(minutes=count)
    elif unit in ("uur", "u", "h"):
        delta = timedelta(hours=count)
    elif unit in ("dagen", "dag", "d"):
        delta = timedelta(days=count)
    else:
        delta = timedelta(weeks=count)
    if delta > timedelta(days=_RELATIVE_MAX_DAYS):
        raise DateInputError(MSG_RELATIVE_TOO_FAR.format(days=_RELATIVE_MAX_DAYS))
    if delta >= timedelta(days=1):
        if require_time:
            raise DateInputError(MSG_NEED_TIME_RELATIVE.format(text=escape(raw)))
        # Whole days keep the wall-clock time, also across a DST change.
        wall = now_local.replace(tzinfo=None) + delta
        return finish_moment(wall.replace(tzinfo=tz), now_local, tz)
    return (now_local.astimezone(UTC) + delta).astimezone(tz)


def finish_moment(local: datetime, now_local: datetime, tz: ZoneInfo) -> datetime:
    """Reject wall-clock times skipped by DST and moments that are not in the future."""
    round_trip = local.astimezone(UTC).astimezone(tz)
    clock, day = f"{local:%H:%M}", f"{local.day} {MONTHS_FULL[local.month - 1]} {local.year}"
    if round_trip.replace(tzinfo=None) != local.replace(tzinfo=None):
        raise DateInputError(MSG_DST_GAP.format(time=clock, day=day))
    # The later of the two readings (the same instant unless the clock goes back that hour):
    # in the past either way, say that rather than ask which of the two.
    later = local.replace(fold=1).astimezone(UTC).astimezone(tz)
    if later <= now_local:
        raise PastMomentError(MSG_PAST.format(moment=format_moment(later, tz)), later)
    if local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset():
        raise DateInputError(MSG_DST_FOLD.format(time=clock, day=day))
    return round_trip
