"""Dutch calendar words and the short date formats shown in chats.

Shared by the date parser (`bot.dutch_dates`), the recurrence phrases
(`bot.dutch_recurrence`) and every feature that shows a moment.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

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

WEEKDAY_LOOKUP: dict[str, int] = {
    **{name: i for i, name in enumerate(WEEKDAYS_FULL)},
    **{name: i for i, name in enumerate(WEEKDAYS_SHORT)},
    **{"din": 1, "woe": 2, "don": 3, "vrij": 4, "zat": 5, "zon": 6},
}
MONTH_LOOKUP: dict[str, int] = {
    **{name: i + 1 for i, name in enumerate(MONTHS_FULL)},
    **{name: i + 1 for i, name in enumerate(MONTHS_SHORT)},
    **{"maa": 3, "mar": 3, "sept": 9, "oct": 10, "juni": 6, "juli": 7},
}
NUMBER_WORDS: dict[str, int] = {
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
    "elf": 11,
    "twaalf": 12,
}
WEEKDAY_ALT = "|".join(sorted(WEEKDAY_LOOKUP, key=len, reverse=True))


def amount(text: str) -> int | None:
    """'3' or 'drie' -> 3; anything else None."""
    if text.isdigit():
        return int(text)
    return NUMBER_WORDS.get(text)


def normalise(text: str) -> str:
    """Lower case, commas as spaces, single spaces, no closing full stop."""
    norm = text.lower().replace(",", " ").replace("’", "'")
    return re.sub(r"\s+", " ", norm).strip().rstrip(".").strip()


def require_aware(dt: datetime) -> datetime:
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("naive datetime; the agenda only works with aware datetimes")
    return dt


def format_moment(dt: datetime, tz: ZoneInfo) -> str:
    """Short Dutch moment as shown in chats: 'di 12 jan 2027 19:30'."""
    local = require_aware(dt).astimezone(tz)
    return f"{format_day(local, tz)} {local:%H:%M}"


def format_day(dt: datetime, tz: ZoneInfo) -> str:
    """Short Dutch date without time: 'di 12 jan 2027' (for milestones and headings)."""
    local = require_aware(dt).astimezone(tz)
    return (
        f"{WEEKDAYS_SHORT[local.weekday()]} {local.day} {MONTHS_SHORT[local.month - 1]} "
        f"{local.year}"
    )


def month_heading(year: int, month: int) -> str:
    """Month group heading such as 'januari 2027'."""
    return f"{MONTHS_FULL[month - 1]} {year}"
