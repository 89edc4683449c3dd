from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.agenda.recurrence import expand
from bot.agenda.reminders import (
    DEFAULT_MEETING_LEADS,
    DEFAULT_MILESTONE_LEADS,
    LeadTime,
    LeadTimeError,
    default_leads,
    delivery_decision,
    format_lead_times,
    parse_lead_times,
    reminder_time,
    reminder_times,
)
from bot.dutch_recurrence import parse_recurrence

TZ = ZoneInfo("Europe/Amsterdam")


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


def test_parse_lead_times() -> None:
    leads = parse_lead_times("14d 3d 2u")
    assert leads == [LeadTime(14, "d"), LeadTime(3, "d"), LeadTime(2, "u")]
    assert format_lead_times(leads) == "14d 3d 2u"
    assert parse_lead_times("30m, 1w") == [LeadTime(1, "w"), LeadTime(30, "m")]
    assert parse_lead_times("2 dagen 3 uur") == [LeadTime(2, "d"), LeadTime(3, "u")]
    assert parse_lead_times("1w 7d") == [LeadTime(1, "w")]  # same moment, kept once
    assert LeadTime.parse("2u") == LeadTime(2, "u")
    assert LeadTime(14, "d").label() == "14 dagen"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "minstens één"),
        ("14x", "'14x'"),
        ("14d morgen", "'morgen'"),
        ("0d", "minstens 1 minuut"),
        ("61d", "60 dagen"),
        ("9w", "60 dagen"),
        ("1d 2d 3d 4d 5d 6d 7u", "hoogstens 6"),
    ],
)
def test_parse_lead_times_rejects(text: str, fragment: str) -> None:
    with pytest.raises(LeadTimeError) as err:
        parse_lead_times(text)
    assert fragment in err.value.message


def test_defaults() -> None:
    assert format_lead_times(DEFAULT_MILESTONE_LEADS) == "14d 3d"
    assert format_lead_times(DEFAULT_MEETING_LEADS) == "14d 3d 2u"
    assert default_leads("meeting") == DEFAULT_MEETING_LEADS
    assert default_leads("milestone") == DEFAULT_MILESTONE_LEADS


def test_day_lead_fires_at_nine_local() -> None:
    start = local(2027, 1, 12, 19, 30).astimezone(UTC)
    due = reminder_time(start, LeadTime(14, "d"), TZ)
    assert due.astimezone(TZ) == local(2026, 12, 29, 9, 0)
    assert due.tzinfo == UTC


def test_day_lead_across_dst_is_nine_local() -> None:
    # Meeting in summer time, reminder 14 days earlier in winter time.
    start = local(2027, 4, 6, 19, 30).astimezone(UTC)
    due = reminder_time(start, LeadTime(14, "d"), TZ)
    assert due.astimezone(TZ) == local(2027, 3, 23, 9, 0)
    assert due == datetime(2027, 3, 23, 8, 0, tzinfo=UTC)
    week = reminder_time(start, LeadTime(2, "w"), TZ)
    assert week == due


def test_hour_lead_is_exact() -> None:
    start = local(2027, 1, 12, 19, 30).astimezone(UTC)
    assert reminder_time(start, LeadTime(2, "u"), TZ).astimezone(TZ) == local(2027, 1, 12, 17, 30)
    assert reminder_time(start, LeadTime(30, "m"), TZ).astimezone(TZ) == local(2027, 1, 12, 19)


def test_reminder_times_sorted_earliest_first() -> None:
    start = local(2027, 1, 12, 19, 30).astimezone(UTC)
    pairs = reminder_times(start, list(DEFAULT_MEETING_LEADS), TZ)
    assert [str(lead) for lead, _ in pairs] == ["14d", "3d", "2u"]
    assert [due.astimezone(TZ) for _, due in pairs] == [
        local(2026, 12, 29, 9, 0),
        local(2027, 1, 9, 9, 0),
        local(2027, 1, 12, 17, 30),
    ]


def test_early_morning_event_day_lead_is_still_before() -> None:
    start = local(2027, 2, 1, 8, 0).astimezone(UTC)
    due = reminder_time(start, LeadTime(1, "d"), TZ)
    assert due.astimezone(TZ) == local(2027, 1, 31, 9, 0)
    assert due < start


@pytest.mark.parametrize(
    "first", [local(2027, 3, 16, 19, 30), local(2027, 10, 19, 19, 30)], ids=["spring", "autumn"]
)
def test_weekly_meeting_stays_1930_across_dst(first: datetime) -> None:
    recurrence = parse_recurrence("elke dinsdag")
    assert recurrence is not None
    starts = expand(first, recurrence.to_rrule(first), first, first + timedelta(weeks=4))
    assert len(starts) == 4
    assert {s.astimezone(TZ).time() for s in starts} == {time(19, 30)}
    offsets = {s.astimezone(TZ).utcoffset() for s in starts}
    assert len(offsets) == 2  # the series really crosses a DST change
    for start in starts:
        for lead, due in reminder_times(start, list(DEFAULT_MEETING_LEADS), TZ):
            due_local = due.astimezone(TZ)
            if lead.whole_days:
                assert due_local.time() == time(9, 0)
                assert (start.astimezone(TZ).date() - due_local.date()).days == lead.days
            else:
                assert due_local.time() == time(17, 30)


def test_delivery_decision() -> None:
    due = datetime(2027, 1, 12, 8, 0, tzinfo=UTC)
    assert delivery_decision(due, due - timedelta(minutes=5)) == "send"
    assert delivery_decision(due, due) == "send"
    assert delivery_decision(due, due + timedelta(seconds=59)) == "send"
    assert delivery_decision(due, due + timedelta(minutes=2)) == "late"
    assert delivery_decision(due, due + timedelta(hours=12)) == "late"
    assert delivery_decision(due, due + timedelta(hours=12, seconds=1)) == "skip"
    assert delivery_decision(due, due + timedelta(hours=2), timedelta(hours=1)) == "skip"


def test_delivery_decision_skips_once_event_started() -> None:
    due = datetime(2027, 1, 12, 16, 30, tzinfo=UTC)
    start = due + timedelta(hours=2)
    assert delivery_decision(due, due + timedelta(hours=1), event_start_utc=start) == "late"
    assert delivery_decision(due, start, event_start_utc=start) == "skip"


def test_the_typed_text_in_a_lead_time_error_is_html_safe_where_raised() -> None:
    for typed in ("3<x>", "2d <b>", "<i>"):
        with pytest.raises(LeadTimeError) as err:
            parse_lead_times(typed)
        assert "&lt;" in err.value.message and "<" not in err.value.message.replace("&lt;", "")
