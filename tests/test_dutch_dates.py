from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.dutch_dates import (
    DateInputError,
    Recurrence,
    format_moment,
    parse_moment,
    parse_recurrence,
)

TZ = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=TZ)  # a Wednesday


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15-12-2026 17:00", local(2026, 12, 15, 17, 0)),
        ("15-12-2026 17.00", local(2026, 12, 15, 17, 0)),
        ("15/12/2026 17:00", local(2026, 12, 15, 17, 0)),
        ("15-12 17:00", local(2026, 12, 15, 17, 0)),
        ("15 december 17:00", local(2026, 12, 15, 17, 0)),
        ("15 dec 2026 om 17:00", local(2026, 12, 15, 17, 0)),
        ("12 december 2026 om 17 uur", local(2026, 12, 12, 17, 0)),
        ("2027-01-12 19:30", local(2027, 1, 12, 19, 30)),
        ("di 12 jan 2027 19:30", local(2027, 1, 12, 19, 30)),
        ("vrijdag 12:00", local(2026, 11, 27, 12, 0)),
        ("vrijdag a.s. 12:00", local(2026, 11, 27, 12, 0)),
        ("Zondag 19:30", local(2026, 11, 29, 19, 30)),
        ("woensdag 12:00", local(2026, 11, 25, 12, 0)),  # today, still ahead
        ("woensdag 9:00", local(2026, 12, 2, 9, 0)),  # today already passed: next week
        ("morgen 9:00", local(2026, 11, 26, 9, 0)),
        ("overmorgen 10u", local(2026, 11, 27, 10, 0)),
        ("overmorgen 10u30", local(2026, 11, 27, 10, 30)),
        ("vandaag 17:00", local(2026, 11, 25, 17, 0)),
        ("over 2 uur", local(2026, 11, 25, 12, 0)),
        ("over 30 minuten", local(2026, 11, 25, 10, 30)),
        ("over 3 dagen", local(2026, 11, 28, 10, 0)),
        ("1-1 10:00", local(2027, 1, 1, 10, 0)),  # year omitted: next occurrence
        ("20-11 10:00", local(2027, 11, 20, 10, 0)),  # already past this year
    ],
)
def test_parse_moment_common_forms(text: str, expected: datetime) -> None:
    result = parse_moment(text, NOW, TZ)
    assert result == expected
    assert result.tzinfo == TZ


def test_year_omitted_picks_next_leap_day() -> None:
    assert parse_moment("29-02 10:00", NOW, TZ) == local(2028, 2, 29, 10, 0)


def test_date_without_time_needs_time_or_default() -> None:
    with pytest.raises(DateInputError) as err:
        parse_moment("15-12-2026", NOW, TZ)
    assert "hoe laat" in err.value.message
    assert parse_moment("15-12-2026", NOW, TZ, default_time=time(9, 0)) == local(2026, 12, 15, 9)
    assert parse_moment("15 december", NOW, TZ, default_time=time(9, 0)) == local(2026, 12, 15, 9)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("31-02-2027 10:00", "31 februari 2027 bestaat niet."),
        ("31-02-2027", "31 februari 2027 bestaat niet."),
        ("31 februari 10:00", "31 februari bestaat niet."),
        ("15-13-2027 10:00", "Maand 13 bestaat niet"),
        ("morgen 25:00", "geen geldige tijd"),
        ("vandaag 8:00", "in het verleden"),
        ("15-11-2026 10:00", "in het verleden"),
        ("blabla", "snap"),
        ("", "mis"),
        ("17:00", "mis de dag"),
        ("wo 12 jan 2027 19:30", "dinsdag, geen woensdag"),
        ("28-03-2027 02:30", "zomertijd"),
        ("25:00 morgen", "snap"),  # the dateparser fallback must not guess
    ],
)
def test_parse_moment_rejects(text: str, fragment: str) -> None:
    with pytest.raises(DateInputError) as err:
        parse_moment(text, NOW, TZ)
    assert fragment in err.value.message
    assert isinstance(err.value, ValueError)


def test_fallback_only_when_literal_parts_match() -> None:
    assert parse_moment("december 12, 17:00", NOW, TZ) == local(2026, 12, 12, 17, 0)
    with pytest.raises(DateInputError):
        parse_moment("december 12, 17:00", NOW, TZ, allow_fallback=False)


def test_parse_moment_accepts_now_in_other_zone() -> None:
    now_utc = NOW.astimezone(UTC)
    assert parse_moment("morgen 9:00", now_utc, TZ) == local(2026, 11, 26, 9, 0)


def test_over_days_keeps_wall_clock_across_dst() -> None:
    now = local(2027, 3, 26, 19, 30)
    assert parse_moment("over 3 dagen", now, TZ) == local(2027, 3, 29, 19, 30)


def test_format_moment() -> None:
    assert format_moment(local(2027, 1, 12, 19, 30), TZ) == "di 12 jan 2027 19:30"
    assert format_moment(datetime(2027, 7, 1, 7, 5, tzinfo=UTC), TZ) == "do 1 jul 2027 09:05"
    with pytest.raises(ValueError):
        format_moment(datetime(2027, 1, 1), TZ)


@pytest.mark.parametrize(
    ("text", "rrule"),
    [
        ("elke week", "FREQ=WEEKLY;BYDAY=TU"),
        ("wekelijks", "FREQ=WEEKLY;BYDAY=TU"),
        ("om de week", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("elke dinsdag", "FREQ=WEEKLY;BYDAY=TU"),
        ("elke tweede dinsdag", "FREQ=MONTHLY;BYDAY=2TU"),
        ("iedere 2e dinsdag van de maand", "FREQ=MONTHLY;BYDAY=2TU"),
        ("maandelijks", "FREQ=MONTHLY;BYDAY=2TU"),  # 12 Jan 2027 is the 2nd Tuesday
        ("elke laatste vrijdag", "FREQ=MONTHLY;BYDAY=-1FR"),
    ],
)
def test_parse_recurrence(text: str, rrule: str) -> None:
    recurrence = parse_recurrence(text)
    assert recurrence is not None
    assert recurrence.to_rrule(local(2027, 1, 12, 19, 30)) == rrule
    assert Recurrence.from_rrule(rrule) == recurrence.anchored(local(2027, 1, 12, 19, 30))


def test_parse_recurrence_none_and_unknown() -> None:
    assert parse_recurrence("geen") is None
    assert parse_recurrence("eenmalig") is None
    with pytest.raises(DateInputError) as err:
        parse_recurrence("af en toe")
    assert "herhaling" in err.value.message


def test_unanchored_monthly_needs_first_date() -> None:
    recurrence = parse_recurrence("maandelijks")
    assert recurrence is not None
    with pytest.raises(ValueError):
        recurrence.to_rrule()


def test_recurrence_describe() -> None:
    assert Recurrence("MONTHLY", weekday=1, week_of_month=2).describe() == (
        "elke tweede dinsdag van de maand"
    )
    assert Recurrence("WEEKLY", weekday=4).describe() == "elke vrijdag"


def test_monthly_occurrences_same_week_of_month() -> None:
    recurrence = parse_recurrence("maandelijks")
    assert recurrence is not None
    first = local(2027, 1, 28, 19, 30)  # 4th Thursday
    starts = recurrence.occurrences(first, TZ, first, local(2027, 5, 1))
    assert [s.astimezone(TZ).date().isoformat() for s in starts] == [
        "2027-01-28",
        "2027-02-25",
        "2027-03-25",
        "2027-04-22",
    ]
    assert {s.astimezone(TZ).time() for s in starts} == {time(19, 30)}


def test_last_friday_occurrences() -> None:
    recurrence = parse_recurrence("elke laatste vrijdag")
    assert recurrence is not None
    first = local(2027, 1, 29, 16, 0)
    starts = recurrence.occurrences(first, TZ, first, local(2027, 4, 1))
    assert [s.astimezone(TZ).day for s in starts] == [29, 26, 26]
