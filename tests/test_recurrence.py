"""The one expansion (bot.agenda.recurrence): RFC 5545 semantics, DST, bounds."""

from __future__ import annotations

import time as clock
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.agenda.recurrence import (
    ExpansionBudgetError,
    ExpansionLimitError,
    RecurrenceError,
    expand,
    first_on_or_after,
    normalize_rrule,
    rule_for_start,
)

TZ = ZoneInfo("Europe/Amsterdam")


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


def days(starts: list[datetime]) -> list[str]:
    return [s.astimezone(TZ).strftime("%m-%d %H:%M") for s in starts]


def test_first_meeting_off_the_rule_counts_like_in_calendar_apps() -> None:
    # Issue 11, case 5: FREQ=WEEKLY;INTERVAL=2;BYDAY=SU with a first meeting on a Tuesday.
    first = local(2027, 1, 5, 19, 30)
    starts = expand(first, "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU", first, local(2027, 2, 15))
    assert days(starts) == ["01-05 19:30", "01-10 19:30", "01-24 19:30", "02-07 19:30"]


def test_wall_clock_kept_across_both_dst_changes() -> None:
    first = local(2027, 3, 16, 19, 30)
    starts = expand(first, "FREQ=WEEKLY", first, local(2027, 11, 10))
    assert {s.astimezone(TZ).time() for s in starts} == {time(19, 30)}
    assert {s.astimezone(TZ).utcoffset() for s in starts} == {
        timedelta(hours=1),
        timedelta(hours=2),
    }


def test_occurrence_in_the_dst_gap_uses_the_offset_before_it() -> None:
    first = local(2027, 3, 21, 2, 30)
    starts = expand(first, "FREQ=WEEKLY;COUNT=3", first, local(2027, 5, 1))
    assert starts[1] == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)  # shown as 03:30 summer time


def test_exdates_count_and_until() -> None:
    first = local(2027, 1, 5, 19, 30)
    cancelled = [local(2027, 1, 12, 19, 30)]
    starts = expand(first, "FREQ=WEEKLY;COUNT=4", first, local(2028, 1, 1), exdates=cancelled)
    assert days(starts) == ["01-05 19:30", "01-19 19:30", "01-26 19:30"]
    until = "FREQ=WEEKLY;UNTIL=20270119T183000Z"
    assert days(expand(first, until, first, local(2028, 1, 1))) == [
        "01-05 19:30",
        "01-12 19:30",
        "01-19 19:30",
    ]
    assert expand(first, "FREQ=DAILY;UNTIL=20270101T000000Z", first, local(2028, 1, 1)) == []


def test_until_as_date_covers_the_whole_day_of_an_all_day_series() -> None:
    first = local(2027, 1, 5, 9)
    rule = "FREQ=DAILY;UNTIL=20270107"
    assert len(expand(first, rule, first, local(2028, 1, 1), whole_days=True)) == 3
    assert rule_for_start("FREQ=DAILY;UNTIL=20270106T230000Z", TZ, all_day=True) == rule


def test_window_is_half_open_and_single_events_work() -> None:
    first = local(2027, 1, 5, 19, 30)
    assert expand(first, None, first, first + timedelta(seconds=1)) == [first.astimezone(UTC)]
    assert expand(first, None, first - timedelta(days=1), first) == []
    assert expand(first, "FREQ=DAILY", first + timedelta(seconds=1), local(2027, 1, 7)) == [
        local(2027, 1, 6, 19, 30).astimezone(UTC)
    ]


def test_first_on_or_after_anchors_a_new_series() -> None:
    typed = local(2026, 12, 1, 19, 30)
    assert first_on_or_after("FREQ=MONTHLY;BYDAY=2TU", typed) == local(2026, 12, 8, 19, 30)
    assert first_on_or_after("FREQ=MONTHLY;BYDAY=-1FR", typed) == local(2026, 12, 25, 19, 30)
    assert first_on_or_after("FREQ=WEEKLY;BYDAY=TU", typed) == typed


@pytest.mark.parametrize(
    ("rule", "fragment"),
    [
        ("FREQ=SECONDLY", "per seconde"),
        ("FREQ=MINUTELY;INTERVAL=5", "per minuut"),
        ("FREQ=HOURLY", "per uur"),
        ("FREQ=DAILY;BYHOUR=9,17", "BYHOUR"),
        ("FREQ=FORTNIGHTLY", "kan ik niet lezen"),
        ("FREQ=WEEKLY;INTERVAL=0", "kan ik niet lezen"),
        ("FREQ=DAILY;COUNT=5000", "kan ik niet lezen"),
        ("FREQ=DAILY;COUNT=3;UNTIL=20270101T000000Z", "kan ik niet lezen"),
        # Rules that never match would make dateutil search until the year 9999.
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "kan ik niet lezen"),
        ("FREQ=YEARLY;BYMONTH=4,6;BYMONTHDAY=31", "kan ik niet lezen"),
        ("FREQ=WEEKLY;BYDAY=MO;BYSETPOS=2", "kan ik niet lezen"),
        ("FREQ=WEEKLY;BYDAY=2MO", "kan ik niet lezen"),
        ("FREQ=MONTHLY;BYDAY=6MO", "kan ik niet lezen"),
        ("FREQ=WEEKLY;BYMONTHDAY=3", "kan ik niet lezen"),
        ("FREQ", "kan ik niet lezen"),
    ],
)
def test_rules_refused_before_expansion(rule: str, fragment: str) -> None:
    with pytest.raises(RecurrenceError) as err:
        normalize_rrule(rule)
    assert fragment in err.value.message


def test_normalize_rrule_is_canonical() -> None:
    assert normalize_rrule("RRULE:byday=tu;wkst=mo;freq=weekly;interval=1") == (
        "FREQ=WEEKLY;BYDAY=TU"
    )
    assert normalize_rrule("FREQ=MONTHLY;BYDAY=+2TU;INTERVAL=2") == (
        "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU"
    )
    assert normalize_rrule("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1") == (
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"
    )


def test_budget_stops_expansion() -> None:
    first = local(2027, 1, 1, 9)
    with pytest.raises(ExpansionLimitError):
        expand(first, "FREQ=DAILY", first, local(2028, 1, 1), limit=100)
    with pytest.raises(ExpansionBudgetError):
        expand(first, "FREQ=DAILY", first, local(2028, 1, 1), deadline=clock.monotonic() - 1)
    assert len(expand(first, "FREQ=DAILY", first, local(2028, 1, 1), limit=365)) == 365
