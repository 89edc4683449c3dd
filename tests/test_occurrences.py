"""One occurrence vs the series: cancel or move "alleen deze keer", or from here on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from icalendar import Calendar

from bot.agenda.events import AgendaEvent, render_agenda
from bot.agenda.ics import export_ics
from bot.agenda.occurrences import (
    OccurrenceError,
    cancel_occurrence,
    end_series,
    move_occurrence,
    move_series,
    restore_occurrence,
    upcoming,
)
from bot.agenda.reminders import DEFAULT_MEETING_LEADS, occurrence_reminders

TZ = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


SERIES = AgendaEvent(
    uid="fto@rao-bot",
    kind="meeting",
    title="FTO",
    start_utc=local(2027, 1, 12, 19, 30).astimezone(UTC),
    end_utc=local(2027, 1, 12, 21, 30).astimezone(UTC),
    recurrence="FREQ=MONTHLY;BYDAY=2TU",
    location="Zwolle",
)
FEB, MAR, APR = local(2027, 2, 9, 19, 30), local(2027, 3, 9, 19, 30), local(2027, 4, 13, 19, 30)
END = NOW + timedelta(days=200)


def reminded(event: AgendaEvent) -> set[datetime]:
    plan = [(event, DEFAULT_MEETING_LEADS)]
    return {start for _, start, _, _ in occurrence_reminders(plan, TZ, NOW, END)}


def in_ics(event: AgendaEvent) -> set[datetime]:
    calendar = Calendar.from_ical(export_ics([event], TZ, "RAO", now_utc=NOW))
    return {
        o["DTSTART"].dt.astimezone(UTC)
        for o in recurring_ical_events.of(calendar).between(NOW, END)
    }


def listed(event: AgendaEvent) -> list[datetime]:
    return [o.start_utc for o in event.expand(TZ, NOW, END)]


def test_cancel_only_this_time() -> None:
    event = cancel_occurrence(SERIES, FEB, TZ)
    feb = FEB.astimezone(UTC)
    assert feb not in listed(event) and MAR.astimezone(UTC) in listed(event)
    assert feb not in reminded(event) and MAR.astimezone(UTC) in reminded(event)
    assert feb not in in_ics(event) and MAR.astimezone(UTC) in in_ics(event)
    assert set(listed(event)) == reminded(event) == in_ics(event)
    assert "9 feb" not in render_agenda([event], NOW, TZ, 120)
    assert "ma 8 mrt" not in render_agenda([event], NOW, TZ, 120)
    assert "di 9 mrt 19:30 – FTO" in render_agenda([event], NOW, TZ, 120)
    assert (
        "EXDATE;TZID=Europe/Amsterdam:20270209T193000"
        in export_ics([event], TZ, "RAO", now_utc=NOW).decode()
    )
    assert restore_occurrence(event, FEB) == SERIES


def test_move_only_this_time() -> None:
    moved_to = local(2027, 3, 10, 20, 0)
    event = move_occurrence(SERIES, MAR, moved_to, TZ, location="Deventer")
    starts = listed(event)
    assert MAR.astimezone(UTC) not in starts and moved_to.astimezone(UTC) in starts
    assert set(starts) == reminded(event) == in_ics(event)
    occurrence = next(o for o in event.expand(TZ, NOW, END) if o.moved)
    assert occurrence.recurrence_id == MAR.astimezone(UTC)
    assert occurrence.end_utc == local(2027, 3, 10, 22, 0).astimezone(UTC)
    assert occurrence.location == "Deventer"
    text = export_ics([event], TZ, "RAO", now_utc=NOW).decode()
    assert "RECURRENCE-ID;TZID=Europe/Amsterdam:20270309T193000" in text
    assert "DTSTART;TZID=Europe/Amsterdam:20270310T200000" in text
    # Cancelling it afterwards drops the move and makes it an EXDATE.
    cancelled = cancel_occurrence(event, MAR, TZ)
    assert cancelled.overrides == () and MAR.astimezone(UTC) in cancelled.exdates


def test_occurrence_errors() -> None:
    single = AgendaEvent("alv@rao-bot", "meeting", "ALV", FEB.astimezone(UTC))
    with pytest.raises(OccurrenceError) as err:
        cancel_occurrence(single, FEB, TZ)
    assert "geen reeks" in err.value.message
    with pytest.raises(OccurrenceError) as err:
        cancel_occurrence(SERIES, local(2027, 2, 10, 19, 30), TZ)
    assert "hoort niet" in err.value.message
    with pytest.raises(OccurrenceError) as err:
        move_occurrence(SERIES, FEB, MAR, TZ)
    assert "staat al een keer" in err.value.message
    twice = cancel_occurrence(SERIES, FEB, TZ)
    with pytest.raises(OccurrenceError):
        cancel_occurrence(twice, FEB, TZ)


def test_end_series_from_here_on() -> None:
    event = cancel_occurrence(SERIES, FEB, TZ)
    ended = end_series(event, MAR, TZ)
    assert ended is not None
    assert listed(ended) == [local(2027, 1, 12, 19, 30).astimezone(UTC)]
    assert set(listed(ended)) == reminded(ended) == in_ics(ended)
    assert end_series(SERIES, SERIES.start_utc, TZ) is None  # nothing left: cancel it all
    counted = AgendaEvent(
        "c@rao-bot", "meeting", "C", SERIES.start_utc, recurrence=("FREQ=MONTHLY;COUNT=6;BYDAY=2TU")
    )
    shortened = end_series(counted, APR, TZ)
    assert shortened is not None and "COUNT" not in (shortened.recurrence or "")
    assert len(listed(shortened)) == 3


def test_move_series_from_here_on() -> None:
    before, after = move_series(SERIES, MAR, local(2027, 3, 10, 20, 0), TZ, "fto-2@rao-bot")
    assert before is not None
    assert [s.astimezone(TZ).day for s in listed(before)] == [12, 9]
    assert after.uid == "fto-2@rao-bot" and after.recurrence == "FREQ=MONTHLY;BYDAY=2WE"
    assert [s.astimezone(TZ).strftime("%d-%m %H:%M") for s in listed(after)][:3] == [
        "10-03 20:00",
        "14-04 20:00",
        "12-05 20:00",
    ]
    assert after.duration == SERIES.duration


def test_upcoming_offers_the_next_ones() -> None:
    assert [o.start_utc for o in upcoming(SERIES, TZ, NOW, limit=2)] == [
        local(2027, 1, 12, 19, 30).astimezone(UTC),
        FEB.astimezone(UTC),
    ]


def test_all_day_series_last_day_by_until_can_be_cancelled() -> None:
    """Found by the property tests: an all-day series whose UNTIL is local midnight of its
    last day lists that day, so that day must be cancellable too (one expansion for both)."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from bot.agenda.events import AgendaEvent
    from bot.agenda.occurrences import cancel_occurrence

    tz = ZoneInfo("Europe/Amsterdam")
    event = AgendaEvent(
        uid="serie-1@rao-bot",
        kind="meeting",
        title="FTO",
        start_utc=datetime(2027, 3, 28, 7, 0, tzinfo=UTC),
        recurrence="FREQ=DAILY;INTERVAL=3;UNTIL=20270719T220000Z",
        all_day=True,
    )
    last = datetime(2027, 7, 20, 7, 0, tzinfo=UTC)
    listed = [o.start_utc for o in event.expand(tz, last, last.replace(hour=23))]
    assert listed == [last]
    assert cancel_occurrence(event, last, tz).expand(tz, last, last.replace(hour=23)) == []
