"""Reads `/vergadering <moment> [tot <eind>] <titel> [| <plaats>] [| <herhaling>]`.

The moment comes first and has no separator before the title, so the longest run of leading
words that `parse_moment` accepts (strictly, without the dateparser fallback, and with a clock
time required) is the moment and the rest is the title: "over 2 weken 20:00 Test E" ->
"over 2 weken 20:00" + "Test E". A title that still starts with a clock time means the time
was not read as part of the moment; that is refused rather than stored as "20:00 Test E".
When no prefix parses, the most specific complaint wins ("31 februari 2027 bestaat niet"
beats "ik snap het niet"), because that is the one the user can act on.

An end time follows the moment ("19:30 tot 21:30", also "19:30-21:30"); without one the
meeting lasts the group's default duration. After the title, `|`-separated parts hold the
place and the recurrence in either order.

Which meeting is the first of a series (documented rule):
1. The rule takes what it leaves open from the typed date: "elke week" repeats on the typed
   weekday, "maandelijks" in the typed week of the month.
2. If the typed date fits the rule, it is the first meeting.
3. If not, the series starts on the first date after it that fits, and the reply says so
   (`series_start_line`), e.g. "dinsdag 19:30 ... | elke laatste vrijdag".
4. Except for a bare "elke tweede/derde/vierde <dag>" (without "van de maand"): it also reads
   as "every other / third / fourth <dag>", which would start on the typed date. When the
   typed date is not such a day of the month the two readings start on different dates, so
   the user is asked (a `MeetingQuestion` with both as choices) instead of being guessed for.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.agenda.events import AgendaEvent
from bot.agenda.recurrence import RecurrenceError, first_on_or_after
from bot.dutch_dates import DateInputError, MomentQuestion, read_moment
from bot.dutch_recurrence import Recurrence, parse_recurrence
from bot.dutch_words import format_day, format_moment
from bot.errors import UserFacingError
from bot.texts import agenda as texts
from bot.texts import agenda_series as series_texts
from bot.texts.dates import MSG_BAD_TIME, MSG_UNPARSEABLE

MAX_TITLE = 120
MAX_PLACE = 120
MAX_AHEAD = timedelta(days=2 * 366)
MAX_MOMENT_WORDS = 7
DEFAULT_DURATION = timedelta(hours=2)
_GENERIC_PREFIX = MSG_UNPARSEABLE.split("{", 1)[0]
_TITLE_STRIP = " -–—:,;"
_RANGE = re.compile(r"(\d{1,2}[:.]\d{2})\s*[-–—]\s*(\d{1,2}[:.]\d{2})")
_END = re.compile(r"^tot\s+(?:om\s+)?(\d{1,2})(?:[:.](\d{2})|\s*u(?:ur)?)(?=\s|$)\s*")
_TIME_FIRST = re.compile(r"^(?:om\s+)?\d{1,2}(?:[:.]\d{2}|u\d{0,2}|\s+uur)(?=\s|$)")
# A title that starts with a part of the day: the longer moment with it was refused.
_PART_OF_DAY_FIRST = re.compile(
    r"^(?:(?:'s|’s|s|des)\s*(?:ochtends|morgens|middags|avonds|nachts)"
    r"|in de (?:ochtend|morgen|middag|avond|nacht))(?=\s|$)",
    re.IGNORECASE,
)


class MeetingInputError(UserFacingError):
    """Input that cannot become a meeting; `message` is the Dutch (HTML) reply."""


@dataclass(frozen=True)
class MeetingRequest:
    """A meeting as the board asked for it. `typed_start_utc` is set when a series starts
    later than the typed date (rule 3 above), so the reply can say why."""

    title: str
    start_utc: datetime
    location: str | None = None
    recurrence: Recurrence | None = None  # anchored to the first meeting
    end_utc: datetime | None = None
    typed_start_utc: datetime | None = None

    def rrule(self) -> str | None:
        return self.recurrence.to_rrule() if self.recurrence is not None else None


@dataclass(frozen=True)
class MeetingChoice:
    label: str
    request: MeetingRequest


@dataclass(frozen=True)
class MeetingQuestion:
    """Input with two sensible readings; `message` (HTML) asks, `choices` are both readings."""

    message: str
    choices: tuple[MeetingChoice, ...]


def parse_meeting(
    text: str, now: datetime, tz: ZoneInfo, *, default_duration: timedelta = DEFAULT_DURATION
) -> MeetingRequest:
    """`read_meeting` for callers without buttons: a question becomes MeetingInputError."""
    result = read_meeting(text, now, tz, default_duration=default_duration)
    if isinstance(result, MeetingQuestion):
        raise MeetingInputError(result.message)
    return result


def read_meeting(
    text: str, now: datetime, tz: ZoneInfo, *, default_duration: timedelta = DEFAULT_DURATION
) -> MeetingRequest | MeetingQuestion:
    """Everything after `/vergadering`; raises MeetingInputError with the reply to show."""
    parts = [part.strip() for part in text.strip().split("|")]
    head, rest = _RANGE.sub(r"\1 tot \2", parts[0]), [p for p in parts[1:] if p]
    if not head:
        raise MeetingInputError(texts.MEETING_USAGE)
    if len(rest) > 2:
        raise MeetingInputError(texts.MEETING_TOO_MANY_PARTS)
    moment, title = _moment_and_title(head, now, tz)
    end_clock, title = _end_and_title(title)
    location, rule = _place_and_recurrence(rest)
    if len(title) > MAX_TITLE:
        raise MeetingInputError(texts.MEETING_TITLE_TOO_LONG.format(max=MAX_TITLE))
    if location is not None and len(location) > MAX_PLACE:
        raise MeetingInputError(texts.MEETING_PLACE_TOO_LONG.format(max=MAX_PLACE))
    starts = [c.moment for c in moment.choices] if isinstance(moment, MomentQuestion) else [moment]
    requests = [
        _series(
            MeetingRequest(title, start.astimezone(UTC), location),
            _duration(start.astimezone(tz), end_clock, default_duration),
            rule,
            tz,
        )
        for start in starts
    ]
    for options in requests:
        for request in options:
            if request.start_utc - now > MAX_AHEAD:
                raise MeetingInputError(texts.MEETING_TOO_FAR.format(years=MAX_AHEAD.days // 366))
    if isinstance(moment, MomentQuestion):
        choices = tuple(MeetingChoice(format_moment(r[0].start_utc, tz), r[0]) for r in requests)
        return MeetingQuestion(moment.question, choices)
    (options,) = requests
    if len(options) == 1:
        return options[0]
    return _ordinal_question(rest, options, tz)


def _duration(start_local: datetime, end_clock: time | None, default: timedelta) -> timedelta:
    if end_clock is None:
        return default
    end = datetime.combine(start_local.date(), end_clock, tzinfo=start_local.tzinfo)
    if end <= start_local:
        # "22:00 tot 01:00" crosses midnight; "19:30 tot 18:00" is a typo, not 22.5 hours.
        if start_local.hour >= 18 and end_clock.hour < 6:
            end += timedelta(days=1)
        else:
            raise MeetingInputError(
                series_texts.MEETING_END_BEFORE_START.format(
                    end=f"{end_clock:%H:%M}", start=f"{start_local:%H:%M}"
                )
            )
    return end.astimezone(UTC) - start_local.astimezone(UTC)


def _series(
    request: MeetingRequest, duration: timedelta, rule: Recurrence | None, tz: ZoneInfo
) -> list[MeetingRequest]:
    """The request with its series anchored by the rule above; two when asked back."""
    typed = request.start_utc.astimezone(tz)
    if rule is None:
        return [replace(request, end_utc=request.start_utc + duration)]
    anchored = rule.anchored(typed)
    try:
        first = first_on_or_after(anchored.to_rrule(), typed)
    except RecurrenceError as exc:
        raise MeetingInputError(exc.message) from None  # already HTML-safe
    first_utc = first.astimezone(UTC)
    monthly = replace(
        request,
        start_utc=first_utc,
        recurrence=anchored,
        end_utc=first_utc + duration,
        typed_start_utc=request.start_utc if first_utc != request.start_utc else None,
    )
    other = rule.every_n_weeks()
    if first_utc == request.start_utc or other is None:
        return [monthly]
    weekly = replace(
        request, recurrence=other.anchored(typed), end_utc=request.start_utc + duration
    )
    return [monthly, weekly]


def _ordinal_question(
    parts: list[str], options: list[MeetingRequest], tz: ZoneInfo
) -> MeetingQuestion:
    phrase = next((p for p in parts if _is_rule(p)), "")
    choices = tuple(
        MeetingChoice(
            series_texts.CHOICE_LINE.format(
                rule=request.recurrence.describe() if request.recurrence else "",
                first=format_moment(request.start_utc, tz),
            ),
            request,
        )
        for request in options
    )
    message = series_texts.QUESTION_ORDINAL_RULE.format(
        phrase=html.escape(phrase, quote=False),
        choices="\n".join(f"• {choice.label}" for choice in choices),
    )
    return MeetingQuestion(message, choices)


def _is_rule(part: str) -> bool:
    try:
        return parse_recurrence(part) is not None
    except DateInputError:
        return False


def series_start_line(request: MeetingRequest, tz: ZoneInfo) -> str | None:
    """The reply line that says on which date a series starts, and why if not as typed."""
    if request.recurrence is None:
        return None
    first = format_moment(request.start_utc, tz)
    if request.typed_start_utc is None:
        return series_texts.SERIES_FIRST.format(first=first)
    return series_texts.SERIES_FIRST_MOVED.format(
        first=first,
        typed=format_day(request.typed_start_utc, tz),
        rule=request.recurrence.describe(),
    )


def find_duplicate(
    request: MeetingRequest, existing: Iterable[AgendaEvent], tz: ZoneInfo
) -> AgendaEvent | None:
    """A meeting with the same title that already has an occurrence at the same start."""
    title = " ".join(request.title.casefold().split())
    start = request.start_utc
    for event in existing:
        if " ".join(event.title.casefold().split()) != title:
            continue
        if event.occurrences(tz, start, start + timedelta(seconds=1)):
            return event
    return None


_DURATION = re.compile(
    r"^(?:(?P<hours>\d{1,2}(?:[.,]\d)?)\s*(?:u|uur)\s*(?:(?P<rest>\d{1,2})\s*(?:m|min|minuten)?)?"
    r"|(?P<minutes>\d{1,4})\s*(?:m|min|minuten)?)$"
)
MIN_DURATION, MAX_DURATION = timedelta(minutes=5), timedelta(hours=24)


def parse_duration(text: str) -> timedelta:
    """A group's meeting length as typed: '90', '90 min', '2u', '1u30', '1,5 uur'."""
    match = _DURATION.match(" ".join(text.lower().split()))
    if match is None:
        raise MeetingInputError(series_texts.DURATION_UNREADABLE.format(text=html.escape(text)))
    if match.group("minutes") is not None:
        length = timedelta(minutes=int(match.group("minutes")))
    else:
        hours = float(match.group("hours").replace(",", "."))
        length = timedelta(hours=hours, minutes=int(match.group("rest") or 0))
    if not MIN_DURATION <= length <= MAX_DURATION:
        raise MeetingInputError(series_texts.DURATION_RANGE)
    return length


def _moment_and_title(
    head: str, now: datetime, tz: ZoneInfo
) -> tuple[datetime | MomentQuestion, str]:
    words = head.split()
    errors: list[str] = []
    for count in range(min(len(words) - 1, MAX_MOMENT_WORDS), 0, -1):
        prefix = " ".join(words[:count])
        try:
            start = read_moment(prefix, now, tz, allow_fallback=False, require_time=True)
        except DateInputError as exc:
            errors.append(exc.message)
            continue
        title = " ".join(words[count:]).strip(_TITLE_STRIP)
        if not title:
            raise MeetingInputError(texts.MEETING_NO_TITLE)
        specific = [e for e in errors if not e.startswith(_GENERIC_PREFIX)]
        if specific and _PART_OF_DAY_FIRST.match(title):
            raise MeetingInputError(specific[0])
        clock = _TIME_FIRST.match(title)
        if clock:
            raise MeetingInputError(
                series_texts.MEETING_TIME_IN_TITLE.format(
                    moment=html.escape(prefix, quote=False), time=clock.group(0)
                )
            )
        return start, title
    try:
        read_moment(head, now, tz, allow_fallback=False, require_time=True)
    except DateInputError as exc:
        errors.insert(0, exc.message)
    else:
        raise MeetingInputError(texts.MEETING_NO_TITLE)
    specific = [e for e in errors if not e.startswith(_GENERIC_PREFIX)]
    if specific:
        raise MeetingInputError(specific[0])
    raise MeetingInputError(texts.MEETING_NO_MOMENT)


def _end_and_title(title: str) -> tuple[time | None, str]:
    match = _END.match(title)
    if not match:
        return None, title
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise MeetingInputError(MSG_BAD_TIME.format(text=match.group(0).strip()))
    rest = title[match.end() :].strip(_TITLE_STRIP)
    if not rest:
        raise MeetingInputError(texts.MEETING_NO_TITLE)
    return time(hour, minute), rest


def _place_and_recurrence(parts: list[str]) -> tuple[str | None, Recurrence | None]:
    place: str | None = None
    rule: Recurrence | None = None
    for part in parts:
        try:
            parsed = parse_recurrence(part)
        except DateInputError as exc:
            if place is not None:
                raise MeetingInputError(exc.message) from None
            place = part
            continue
        if parsed is None:
            continue  # "geen", "-": an explicit "does not repeat"
        if rule is not None:
            raise MeetingInputError(texts.MEETING_TOO_MANY_PARTS)
        rule = parsed
    return place, rule
