"""Parts of the day in typed Dutch moments: "vanavond 8 uur", "morgenavond 8 uur" and
"morgen 8 uur 's avonds" all mean 20:00. Kept apart from `dutch_dates` because the hours each
part allows are a table of their own; the caller turns a refusal into its Dutch error."""

from __future__ import annotations

import re
from datetime import time

from bot.dutch_words import WEEKDAY_ALT

EVENING_WORDS = ("vanavond", "vanmiddag")
_DAYPART = re.compile(rf"^(?P<day>morgen|overmorgen|{WEEKDAY_ALT})(?P<part>avond|middag|ochtend)$")
_PART_OF_DAY = re.compile(
    r"\s+(?:(?:'s|s|des)\s*(?P<a>ochtends|morgens|middags|avonds|nachts)"
    r"|in de (?P<b>ochtend|morgen|middag|avond|nacht))(?=\s|$)"
)
# The hours (as typed, 0-23) each part of the day accepts, and what an hour becomes in it.
_PART_HOURS: dict[str, dict[int, int]] = {
    "ochtend": {h: h for h in range(5, 12)},
    "middag": {12: 12} | {h: h + 12 for h in range(1, 7)} | {h: h for h in range(13, 19)},
    "avond": {h: h + 12 for h in range(5, 12)} | {h: h for h in range(17, 24)},
    "nacht": {12: 0, 10: 22, 11: 23} | {h: h for h in (0, 1, 2, 3, 4, 5, 22, 23)},
}


def split_part_of_day(norm: str) -> tuple[str, str | None]:
    """'morgen 8 uur 's avonds' (or 'morgen 's avonds 8 uur') -> ('morgen 8 uur', 'avond')."""
    match = _PART_OF_DAY.search(norm)
    if match is None:
        return norm, None
    word = match.group("a") or match.group("b")
    part = {"ochtends": "ochtend", "morgens": "ochtend", "morgen": "ochtend"}.get(word, word)
    rest = f"{norm[: match.start()]} {norm[match.end() :]}"
    return re.sub(r"\s+", " ", rest).strip(), part.removesuffix("s")


def hour_in_part(hour: int, part: str) -> int | None:
    """The 24-hour hour that `hour` in `part` means; None when they contradict ("20 uur 's
    ochtends"), which is refused rather than guessed."""
    return _PART_HOURS[part].get(hour)


def day_and_clock(part: str, clock: time | None) -> tuple[str, time | None]:
    """'morgenavond' -> ('morgen', the clock moved to the afternoon); 'vanavond' keeps its
    word and moves the clock too."""
    daypart = _DAYPART.match(part)
    if daypart:
        part = daypart.group("day")
        if daypart.group("part") in ("avond", "middag"):
            clock = _afternoon(clock)
    if part in EVENING_WORDS:
        clock = _afternoon(clock)
    return part, clock


def _afternoon(clock: time | None) -> time | None:
    """'vanavond 8 uur' is 20:00: a day part that says so moves a morning hour by 12."""
    if clock is not None and 1 <= clock.hour <= 11:
        return clock.replace(hour=clock.hour + 12)
    return clock
