"""Strict dateparser fallback for Dutch moments the hand-written parser does not know.

Only used when `bot.dutch_dates.parse_moment` allows it; a result is accepted only when the
day number and the time were literally typed, so dateparser never "corrects" input into a
guess.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.dutch_dates import DateInputError, finish_moment
from bot.texts.common import escape
from bot.texts.dates import MSG_NEED_TIME, MSG_UNPARSEABLE

_TIME_HINT = re.compile(r"\d{1,2}\s*(?:[:.]\d{2}|u\b|u\d{2}|uur)")


def fallback_moment(
    raw: str, now_local: datetime, tz: ZoneInfo, default_time: time | None
) -> datetime:
    """Strict dateparser fallback: day and month must be present, and a time or a default."""
    import dateparser  # imported lazily: it is slow to load and rarely needed

    has_time = bool(_TIME_HINT.search(raw.lower()))
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
        raise DateInputError(MSG_UNPARSEABLE.format(text=escape(raw)))
    if not has_time and default_time is None:
        # A date without a time: ask for the time rather than let dateparser invent midnight.
        raise DateInputError(MSG_NEED_TIME.format(text=escape(raw)))
    if not has_time and default_time is not None:
        parsed = datetime.combine(parsed.date(), default_time)
    return finish_moment(parsed.replace(tzinfo=tz), now_local, tz)


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
