"""Changing one occurrence of a series ("alleen deze keer") or the series from one onwards.

Pure functions from an `AgendaEvent` to the changed event; the service stores the result and
re-syncs reminders, and the export writes it as EXDATE / RECURRENCE-ID, so the bot, its
reminders and every calendar app agree on which meetings remain. Occurrences are always named
by their original start (the RECURRENCE-ID), also after they were moved.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.agenda.events import AgendaEvent, Occurrence, OccurrenceOverride, all_day_anchor
from bot.agenda.recurrence import ICAL_DAYS, normalize_rrule, occurs_at, rrule_parts
from bot.dutch_words import format_moment
from bot.errors import UserFacingError
from bot.texts import agenda_series as texts


class OccurrenceError(UserFacingError):
    """A change that does not fit the series; `message` is the Dutch sentence."""


def upcoming(event: AgendaEvent, tz: ZoneInfo, now: datetime, limit: int = 8) -> list[Occurrence]:
    """The next occurrences, to offer as buttons ("which one?")."""
    return event.expand(tz, now, now + timedelta(days=400))[:limit]


def _require_occurrence(event: AgendaEvent, original: datetime, tz: ZoneInfo) -> datetime:
    if not event.recurrence:
        raise OccurrenceError(texts.OCCURRENCE_NOT_SERIES)
    moment = original.astimezone(UTC)
    cancelled = {m.astimezone(UTC) for m in event.exdates}
    fits = occurs_at(event.first_local(tz), event.recurrence, moment, whole_days=event.all_day)
    if moment in cancelled or not fits:
        raise OccurrenceError(texts.OCCURRENCE_NOT_FOUND)
    return moment


def cancel_occurrence(event: AgendaEvent, original: datetime, tz: ZoneInfo) -> AgendaEvent:
    """Cancel one occurrence: it becomes an EXDATE (and loses any move)."""
    moment = _require_occurrence(event, original, tz)
    return replace(
        event,
        exdates=tuple(sorted({*event.exdates, moment})),
        overrides=tuple(o for o in event.overrides if o.recurrence_id.astimezone(UTC) != moment),
    )


def restore_occurrence(event: AgendaEvent, original: datetime) -> AgendaEvent:
    """Undo a cancellation or a move of one occurrence."""
    moment = original.astimezone(UTC)
    return replace(
        event,
        exdates=tuple(m for m in event.exdates if m.astimezone(UTC) != moment),
        overrides=tuple(o for o in event.overrides if o.recurrence_id.astimezone(UTC) != moment),
    )


def move_occurrence(
    event: AgendaEvent,
    original: datetime,
    new_start: datetime,
    tz: ZoneInfo,
    *,
    new_end: datetime | None = None,
    title: str | None = None,
    location: str | None = None,
) -> AgendaEvent:
    """Move (or retitle) one occurrence; it keeps the series' length unless `new_end` is given."""
    moment = _require_occurrence(event, original, tz)
    start = new_start.astimezone(UTC)
    if event.all_day:
        start = all_day_anchor(start.astimezone(tz).date(), tz)
    first = event.first_local(tz)
    if start != moment and occurs_at(first, event.recurrence, start, whole_days=event.all_day):
        raise OccurrenceError(
            texts.OCCURRENCE_MOVE_ONTO_OTHER.format(moment=format_moment(start, tz))
        )
    duration = event.duration
    end = new_end.astimezone(UTC) if new_end is not None else None
    if end is None and duration is not None:
        end = start + duration
    override = OccurrenceOverride(moment, start, end, title, location)
    kept = tuple(o for o in event.overrides if o.recurrence_id.astimezone(UTC) != moment)
    return replace(event, overrides=tuple(sorted((*kept, override), key=_by_original)))


def _by_original(override: OccurrenceOverride) -> datetime:
    return override.recurrence_id


def end_series(event: AgendaEvent, original: datetime, tz: ZoneInfo) -> AgendaEvent | None:
    """Cancel this occurrence and all later ones ("deze en alle volgende").

    Returns the shortened series, or None when nothing is left before it (then the whole
    meeting is cancelled). COUNT becomes UNTIL, which RFC 5545 does not allow together.
    """
    moment = _require_occurrence(event, original, tz)
    if moment <= event.start_utc:
        return None
    assert event.recurrence is not None  # checked by _require_occurrence
    parts = rrule_parts(event.recurrence)
    parts.pop("COUNT", None)
    last = moment - timedelta(seconds=1)
    parts["UNTIL"] = f"{last.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    rule = normalize_rrule(";".join(f"{k}={v}" for k, v in parts.items()))
    return replace(
        event,
        recurrence=rule,
        exdates=tuple(m for m in event.exdates if m.astimezone(UTC) < moment),
        overrides=tuple(o for o in event.overrides if o.recurrence_id.astimezone(UTC) < moment),
    )


def move_series(
    event: AgendaEvent,
    original: datetime,
    new_start: datetime,
    tz: ZoneInfo,
    new_uid: str,
) -> tuple[AgendaEvent | None, AgendaEvent]:
    """Move this occurrence and all later ones: the old series ends before it and a new
    series (with `new_uid`) starts at `new_start`, weekdays in the rule shifted along.

    Calendars cannot change the past of a series, so a split keeps what already happened
    untouched and gives the new part its own UID.
    """
    moment = _require_occurrence(event, original, tz)
    assert event.recurrence is not None
    zone = event.zone(tz)
    shift = (new_start.astimezone(zone).date() - moment.astimezone(zone).date()).days
    parts = rrule_parts(event.recurrence)
    if shift and "BYDAY" in parts:
        parts["BYDAY"] = ",".join(_shift_day(token, shift) for token in parts["BYDAY"].split(","))
    if shift and "BYMONTHDAY" in parts:
        days = [int(d) + shift for d in parts["BYMONTHDAY"].split(",")]
        if not all(1 <= d <= 28 for d in days):
            raise OccurrenceError(texts.OCCURRENCE_NOT_FOUND)
        parts["BYMONTHDAY"] = ",".join(str(d) for d in days)
    if "COUNT" in parts:
        done = len(event.expand(tz, event.start_utc, moment)) + len(
            [m for m in event.exdates if m.astimezone(UTC) < moment]
        )
        parts["COUNT"] = str(max(1, int(parts["COUNT"]) - done))
    start = new_start.astimezone(UTC)
    duration = event.duration
    later = replace(
        event,
        uid=new_uid,
        start_utc=start,
        end_utc=start + duration if duration is not None else None,
        recurrence=normalize_rrule(";".join(f"{k}={v}" for k, v in parts.items())),
        exdates=(),
        overrides=(),
    )
    return end_series(event, moment, tz), later


def _shift_day(token: str, shift: int) -> str:
    day = token[-2:]
    ordinal = token[:-2]
    return f"{ordinal}{ICAL_DAYS[(ICAL_DAYS.index(day) + shift) % 7]}"
