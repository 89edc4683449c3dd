"""Dutch recurrence phrases <-> RFC 5545 RRULEs.

A board types how a meeting repeats ("elke week", "om de week", "elke tweede dinsdag van de
maand", "elke maand op de eerste maandag", "elke laatste donderdag", "maandelijks"); this module
turns that into a `Recurrence`, which becomes an RRULE once the first meeting is known (the
weekday of "elke week" and the week of the month of "maandelijks" come from it). Dates are
never computed here: `bot.agenda.recurrence.expand` is the only expansion.

"elke tweede dinsdag" without "van de maand" has two readings (the second Tuesday of each
month, or every other Tuesday); `Recurrence.bare_ordinal` marks it so the meeting input can
ask when the typed first date does not settle it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Literal

from bot.dutch_dates import DateInputError
from bot.dutch_words import (
    MONTHS_FULL,
    WEEKDAY_ALT,
    WEEKDAY_LOOKUP,
    WEEKDAYS_FULL,
    amount,
    normalise,
)
from bot.texts import agenda_series as texts
from bot.texts.common import escape
from bot.texts.dates import MSG_RECURRENCE_UNKNOWN

Freq = Literal["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WORKDAYS = (0, 1, 2, 3, 4)
ORDINALS: dict[str, int] = {
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
_NO_RECURRENCE = {"", "-", "nee", "geen", "niet", "eenmalig", "eenmaal", "geen herhaling", "los"}
_EVERY = r"(?:elke|iedere|ieder|elk)"
_DAY = rf"({WEEKDAY_ALT})(?:avond|middag|ochtend)?"
_DAYS = rf"((?:{WEEKDAY_ALT})(?:(?: en | )(?:{WEEKDAY_ALT}))*)"
_ORDINAL_ALT = "|".join(sorted(ORDINALS, key=len, reverse=True))
_OF_MONTH = r"(?:\s+(?:van|in) (?:de|elke|iedere) maand)"


@dataclass(frozen=True)
class Recurrence:
    """How a meeting repeats, as typed. `weekdays` empty means "the first meeting's weekday";
    a monthly rule with neither `ordinal` nor `monthday` means "the first meeting's week of
    the month" (what "maandelijks" means to a board: every third Thursday)."""

    freq: Freq
    interval: int = 1
    weekdays: tuple[int, ...] = ()
    ordinal: int | None = None
    monthday: int | None = None
    count: int | None = None
    bare_ordinal: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.interval <= 12:
            raise ValueError("interval must be 1..12")
        if any(not 0 <= day <= 6 for day in self.weekdays):
            raise ValueError("weekday must be 0..6")
        if self.ordinal is not None and self.ordinal not in (1, 2, 3, 4, -1):
            raise ValueError("ordinal must be 1..4 or -1")
        if self.freq != "MONTHLY" and (self.ordinal is not None or self.monthday is not None):
            raise ValueError("ordinal and month day only apply to monthly rules")

    def anchored(self, first_local: datetime) -> Recurrence:
        """Fill in what was left to the first meeting (weekday, week of the month)."""
        if self.freq == "MONTHLY":
            if self.monthday is not None:
                return self
            weekdays = self.weekdays or (first_local.weekday(),)
            ordinal = self.ordinal if self.ordinal is not None else week_of_month(first_local)
            return replace(self, weekdays=weekdays, ordinal=ordinal)
        if self.freq == "WEEKLY" and not self.weekdays:
            return replace(self, weekdays=(first_local.weekday(),))
        return self

    def to_rrule(self, first_local: datetime | None = None) -> str:
        """RFC 5545 RRULE value, e.g. 'FREQ=MONTHLY;BYDAY=2TU'."""
        rule = self.anchored(first_local) if first_local is not None else self
        parts = [f"FREQ={rule.freq}"]
        if rule.interval != 1:
            parts.append(f"INTERVAL={rule.interval}")
        if rule.count is not None:
            parts.append(f"COUNT={rule.count}")
        if rule.freq == "MONTHLY":
            if rule.monthday is not None:
                parts.append(f"BYMONTHDAY={rule.monthday}")
            elif rule.ordinal is None or not rule.weekdays:
                raise ValueError("a monthly rule needs the first meeting to pick its weekday")
            else:
                parts.append(f"BYDAY={rule.ordinal}{ICAL_DAYS[rule.weekdays[0]]}")
        elif rule.weekdays:
            parts.append("BYDAY=" + ",".join(ICAL_DAYS[day] for day in rule.weekdays))
        return ";".join(parts)

    def every_n_weeks(self) -> Recurrence | None:
        """The other reading of a bare "elke tweede/derde/vierde dinsdag"."""
        if not self.bare_ordinal or self.ordinal is None or self.ordinal < 2:
            return None
        return Recurrence("WEEKLY", interval=self.ordinal, weekdays=self.weekdays)

    def describe(self, first_local: datetime | None = None) -> str:
        """Dutch description for confirmations: 'elke tweede dinsdag van de maand'."""
        try:
            return describe_rrule(self.to_rrule(first_local))
        except ValueError:
            return texts.EVERY_MONTH


def week_of_month(day: date | datetime) -> int:
    """1..4, or -1 for a fifth week (then "the last" is what repeats every month)."""
    week = (day.day - 1) // 7 + 1
    return -1 if week == 5 else week


def parse_recurrence(text: str) -> Recurrence | None:
    """Parse how a meeting repeats; None means it does not repeat.

    Unknown text raises DateInputError instead of returning None, so a typo never silently turns
    a recurring meeting into a one-off.
    """
    norm = normalise(text)
    count: int | None = None
    times = re.fullmatch(r"(.*?)\s*(?:-\s*)?(\d+|[a-z]+) keer", norm)
    if times and times.group(1) and amount(times.group(2)) is not None:
        norm, count = times.group(1).strip(), amount(times.group(2))
    if norm in _NO_RECURRENCE:
        if count is not None:
            raise DateInputError(MSG_RECURRENCE_UNKNOWN.format(text=escape(text.strip())))
        return None
    rule = _phrase(norm)
    if rule is None or (count is not None and not 1 <= count <= 200):
        raise DateInputError(MSG_RECURRENCE_UNKNOWN.format(text=escape(text.strip())))
    return replace(rule, count=count) if count is not None else rule


def _days(text: str) -> tuple[int, ...]:
    names = re.split(r" en | ", text)
    return tuple(sorted({WEEKDAY_LOOKUP[name] for name in names}))


def _phrase(norm: str) -> Recurrence | None:
    fixed: dict[str, Recurrence] = {
        "dagelijks": Recurrence("DAILY"),
        "elke dag": Recurrence("DAILY"),
        "iedere dag": Recurrence("DAILY"),
        "elke werkdag": Recurrence("WEEKLY", weekdays=WORKDAYS),
        "iedere werkdag": Recurrence("WEEKLY", weekdays=WORKDAYS),
        "op werkdagen": Recurrence("WEEKLY", weekdays=WORKDAYS),
        "wekelijks": Recurrence("WEEKLY"),
        "elke week": Recurrence("WEEKLY"),
        "iedere week": Recurrence("WEEKLY"),
        "elke week op dezelfde dag": Recurrence("WEEKLY"),
        "om de week": Recurrence("WEEKLY", interval=2),
        "tweewekelijks": Recurrence("WEEKLY", interval=2),
        "maandelijks": Recurrence("MONTHLY"),
        "elke maand": Recurrence("MONTHLY"),
        "iedere maand": Recurrence("MONTHLY"),
        "om de maand": Recurrence("MONTHLY", interval=2),
        "tweemaandelijks": Recurrence("MONTHLY", interval=2),
        "elk kwartaal": Recurrence("MONTHLY", interval=3),
        "per kwartaal": Recurrence("MONTHLY", interval=3),
        "jaarlijks": Recurrence("YEARLY"),
        "elk jaar": Recurrence("YEARLY"),
        "ieder jaar": Recurrence("YEARLY"),
    }
    if norm in fixed:
        return fixed[norm]
    match = re.fullmatch(rf"(?:{_EVERY}|om de) (\d+|[a-z]+) (weken|maanden)(?: op {_DAYS})?", norm)
    if match:
        n = amount(match.group(1))
        if n is None or not 1 <= n <= 12:
            return None
        if match.group(2) == "maanden":
            return None if match.group(3) else Recurrence("MONTHLY", interval=n)
        days = _days(match.group(3)) if match.group(3) else ()
        return Recurrence("WEEKLY", interval=n, weekdays=days)
    match = re.fullmatch(rf"(?:{_EVERY}|op) {_DAYS}", norm)
    if match:
        return Recurrence("WEEKLY", weekdays=_days(match.group(1)))
    match = re.fullmatch(rf"{_EVERY} {_DAY}", norm)
    if match:
        return Recurrence("WEEKLY", weekdays=(WEEKDAY_LOOKUP[match.group(1)],))
    match = re.fullmatch(rf"om de (?:week op )?{_DAY}", norm)
    if match:
        return Recurrence("WEEKLY", interval=2, weekdays=(WEEKDAY_LOOKUP[match.group(1)],))
    return _monthly_phrase(norm)


def _monthly_phrase(norm: str) -> Recurrence | None:
    match = re.fullmatch(rf"{_EVERY} ({_ORDINAL_ALT}) {_DAY}({_OF_MONTH})?", norm) or re.fullmatch(
        rf"(?:de )?({_ORDINAL_ALT}) {_DAY}( (?:van|in) (?:elke|iedere) maand)", norm
    )
    if match:
        ordinal = ORDINALS[match.group(1)]
        return Recurrence(
            "MONTHLY",
            weekdays=(WEEKDAY_LOOKUP[match.group(2)],),
            ordinal=ordinal,
            bare_ordinal=match.group(3) is None and ordinal >= 2,
        )
    match = re.fullmatch(
        rf"(?:{_EVERY} maand|maandelijks) op (?:de|elke) ({_ORDINAL_ALT}) {_DAY}", norm
    )
    if match:
        return Recurrence(
            "MONTHLY", weekdays=(WEEKDAY_LOOKUP[match.group(2)],), ordinal=ORDINALS[match.group(1)]
        )
    match = re.fullmatch(
        rf"(?:(?:{_EVERY} maand|maandelijks) op de (\d{{1,2}})(?:e|de|ste)?"
        rf"|{_EVERY} (\d{{1,2}})(?:e|de|ste) van de maand)",
        norm,
    )
    if match:
        day = int(match.group(1) or match.group(2))
        return Recurrence("MONTHLY", monthday=day) if 1 <= day <= 28 else None
    return None


# --------------------------------------------------------------------------- description


def describe_rrule(value: str) -> str:
    """Dutch words for any stored rule; exotic imported rules get a generic phrase."""
    parts = dict(piece.partition("=")[::2] for piece in value.upper().split(";"))
    freq = parts.pop("FREQ", "")
    interval = int(parts.pop("INTERVAL", "1") or "1")
    count, until = parts.pop("COUNT", None), parts.pop("UNTIL", None)
    parts.pop("WKST", None)
    base = _describe_base(freq, interval, parts)
    if base is None:
        return texts.RULE_CUSTOM
    if count:
        base += texts.TIMES_SUFFIX.format(count=count)
    if until and re.fullmatch(r"\d{8}.*", until):
        day = date(int(until[:4]), int(until[4:6]), int(until[6:8]))
        base += texts.UNTIL_SUFFIX.format(day=format_day_plain(day))
    return base


def format_day_plain(day: date) -> str:
    """'31 december 2027': UNTIL is a calendar day, no zone involved."""
    return f"{day.day} {MONTHS_FULL[day.month - 1]} {day.year}"


def _day_names(byday: str) -> str | None:
    names = []
    for token in byday.split(","):
        if token not in ICAL_DAYS:
            return None
        names.append(WEEKDAYS_FULL[ICAL_DAYS.index(token)])
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]


def _describe_base(freq: str, interval: int, parts: dict[str, str]) -> str | None:
    byday = parts.pop("BYDAY", None)
    monthday = parts.pop("BYMONTHDAY", None)
    if parts:
        return None
    if freq == "DAILY" and byday is None and monthday is None:
        return texts.EVERY_DAY if interval == 1 else f"elke {interval} dagen"
    if freq == "WEEKLY" and monthday is None:
        if byday == "MO,TU,WE,TH,FR" and interval == 1:
            return texts.EVERY_WORKDAY
        days = _day_names(byday) if byday else None
        if byday and days is None:
            return None
        if days is None:
            if interval == 1:
                return texts.EVERY_WEEK
            return (
                texts.EVERY_OTHER_WEEK if interval == 2 else texts.EVERY_N_WEEKS.format(n=interval)
            )
        if interval == 1:
            return texts.EVERY_WEEKDAYS.format(days=days)
        if interval == 2:
            return texts.EVERY_OTHER_WEEK_ON.format(days=days)
        return texts.EVERY_N_WEEKS_ON.format(n=interval, days=days)
    if freq == "MONTHLY":
        suffix = "" if interval == 1 else texts.EVERY_N_MONTHS_SUFFIX.format(n=interval)
        if byday is None and monthday is None:
            return texts.EVERY_MONTH + suffix
        if monthday is not None and byday is None and monthday.isdigit():
            return texts.EVERY_MONTHDAY.format(day=monthday) + suffix
        match = re.fullmatch(r"([+-]?\d)(MO|TU|WE|TH|FR|SA|SU)", byday or "")
        if match and monthday is None and int(match.group(1)) in texts.ORDINAL_WORDS:
            return (
                texts.EVERY_NTH_WEEKDAY.format(
                    ordinal=texts.ORDINAL_WORDS[int(match.group(1))],
                    day=WEEKDAYS_FULL[ICAL_DAYS.index(match.group(2))],
                )
                + suffix
            )
        return None
    if freq == "YEARLY" and byday is None and monthday is None:
        return texts.EVERY_YEAR if interval == 1 else texts.EVERY_N_YEARS.format(n=interval)
    return None
