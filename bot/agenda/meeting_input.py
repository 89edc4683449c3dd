"""Reads `/vergadering <moment> <titel> [| <plaats>] [| <herhaling>]` as a board member types it.

The moment comes first and has no separator before the title, so the longest run of leading
words that `parse_moment` accepts (strictly, without the dateparser fallback) is the moment and
the rest is the title: "12 januari 19:30 ALV voorjaar" -> "12 januari 19:30" + "ALV voorjaar".
Strict parsing keeps a title word from being swallowed into a guessed date. When no prefix
parses, the most specific complaint wins ("31 februari 2027 bestaat niet" beats "ik snap het
niet"), because that is the one the user can act on.

After the title, `|`-separated parts hold the place and the recurrence in either order: a part
that reads as a recurrence ("elke tweede dinsdag") is the recurrence, another part the place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.dutch_dates import (
    DateInputError,
    Recurrence,
    parse_moment,
    parse_recurrence,
)
from bot.errors import UserFacingError
from bot.texts import agenda as texts
from bot.texts.dates import MSG_UNPARSEABLE

MAX_TITLE = 120
MAX_PLACE = 120
MAX_AHEAD = timedelta(days=2 * 366)
MAX_MOMENT_WORDS = 7
_GENERIC_PREFIX = MSG_UNPARSEABLE.split("{", 1)[0]
_TITLE_STRIP = " -–—:,;"


class MeetingInputError(UserFacingError):
    """Input that cannot become a meeting; `message` is the Dutch (HTML) reply."""


@dataclass(frozen=True)
class MeetingRequest:
    title: str
    start_utc: datetime
    location: str | None = None
    recurrence: Recurrence | None = None  # anchored to the first meeting

    def rrule(self) -> str | None:
        return self.recurrence.to_rrule() if self.recurrence is not None else None


def parse_meeting(text: str, now: datetime, tz: ZoneInfo) -> MeetingRequest:
    """Everything after `/vergadering`; raises MeetingInputError with the reply to show."""
    parts = [part.strip() for part in text.strip().split("|")]
    head, rest = parts[0], [p for p in parts[1:] if p]
    if not head:
        raise MeetingInputError(texts.MEETING_USAGE)
    if len(rest) > 2:
        raise MeetingInputError(texts.MEETING_TOO_MANY_PARTS)
    start, title = _moment_and_title(head, now, tz)
    location, rule = _place_and_recurrence(rest)
    if len(title) > MAX_TITLE:
        raise MeetingInputError(texts.MEETING_TITLE_TOO_LONG.format(max=MAX_TITLE))
    if location is not None and len(location) > MAX_PLACE:
        raise MeetingInputError(texts.MEETING_PLACE_TOO_LONG.format(max=MAX_PLACE))
    if start - now > MAX_AHEAD:
        raise MeetingInputError(texts.MEETING_TOO_FAR.format(years=MAX_AHEAD.days // 366))
    anchored = None
    if rule is not None:
        start = first_matching(rule, start.astimezone(tz))
        anchored = rule.anchored(start)
    return MeetingRequest(title, start.astimezone(UTC), location, anchored)


def first_matching(rule: Recurrence, start_local: datetime) -> datetime:
    """The first moment on or after `start_local` that fits the rule's weekday and week.

    "dinsdag 19:30 ... | elke tweede dinsdag" typed on the first Tuesday means the second
    Tuesday, not an extra meeting off the rule (which RFC 5545 would keep as the first one).
    The wall-clock time is kept, also when the day moves across a DST change.
    """
    for offset in range(0, 62):
        day = start_local.date() + timedelta(days=offset)
        if rule.weekday is not None and day.weekday() != rule.weekday:
            continue
        if rule.week_of_month is not None and not _in_week(day, rule.week_of_month):
            continue
        wall = datetime.combine(day, start_local.timetz().replace(tzinfo=None))
        return wall.replace(tzinfo=start_local.tzinfo)
    return start_local


def _in_week(day: date, week: int) -> bool:
    if week == -1:
        return (day + timedelta(days=7)).month != day.month
    return (day.day - 1) // 7 + 1 == week


def _moment_and_title(head: str, now: datetime, tz: ZoneInfo) -> tuple[datetime, str]:
    words = head.split()
    errors: list[str] = []
    for count in range(min(len(words) - 1, MAX_MOMENT_WORDS), 0, -1):
        try:
            start = parse_moment(" ".join(words[:count]), now, tz, allow_fallback=False)
        except DateInputError as exc:
            errors.append(exc.message)
            continue
        title = " ".join(words[count:]).strip(_TITLE_STRIP)
        if not title:
            raise MeetingInputError(texts.MEETING_NO_TITLE)
        return start, title
    try:
        parse_moment(head, now, tz, allow_fallback=False)
    except DateInputError as exc:
        errors.insert(0, exc.message)
    else:
        raise MeetingInputError(texts.MEETING_NO_TITLE)
    specific = [e for e in errors if not e.startswith(_GENERIC_PREFIX)]
    if specific:
        raise MeetingInputError(_escape(specific[0]))
    raise MeetingInputError(texts.MEETING_NO_MOMENT)


def _place_and_recurrence(parts: list[str]) -> tuple[str | None, Recurrence | None]:
    place: str | None = None
    rule: Recurrence | None = None
    for part in parts:
        try:
            parsed = parse_recurrence(part)
        except DateInputError as exc:
            if place is not None:
                raise MeetingInputError(_escape(exc.message)) from None
            place = part
            continue
        if parsed is None:
            continue  # "geen", "-": an explicit "does not repeat"
        if rule is not None:
            raise MeetingInputError(texts.MEETING_TOO_MANY_PARTS)
        rule = parsed
    return place, rule


def _escape(message: str) -> str:
    """Date messages quote the user's text; the reply is HTML."""
    import html

    return html.escape(message, quote=False)
