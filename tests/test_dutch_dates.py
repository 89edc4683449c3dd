from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.dutch_dates import (
    AmbiguousMomentError,
    DateInputError,
    MomentQuestion,
    format_moment,
    parse_moment,
    read_moment,
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
        # A part of the day is read, never left over for a title (exploratory test, session 4).
        ("morgen 8 uur 's avonds", local(2026, 11, 26, 20, 0)),
        ("morgen 8 uur s avonds", local(2026, 11, 26, 20, 0)),
        ("morgen 's avonds 8 uur", local(2026, 11, 26, 20, 0)),
        ("morgen 8 uur in de avond", local(2026, 11, 26, 20, 0)),
        ("morgen 19:30 's avonds", local(2026, 11, 26, 19, 30)),
        ("morgen 8 uur 's ochtends", local(2026, 11, 26, 8, 0)),
        ("vrijdag 5 uur 's middags", local(2026, 11, 27, 17, 0)),
        ("vrijdag 12 uur 's middags", local(2026, 11, 27, 12, 0)),
        ("vrijdag 11 uur 's nachts", local(2026, 11, 27, 23, 0)),
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
        ("31-10-2027 02:30", "twee keer"),  # the clock goes back: which 02:30?
        ("31-10-2027 02:59", "wintertijd"),
        ("25-10-2026 02:30", "in het verleden"),  # a past night the clock went back
        ("morgen 20:00 's ochtends", "gaan niet samen"),
        ("morgen 3 uur 's avonds", "gaan niet samen"),
        ("gisteren 20:00", "in het verleden"),
        ("eergisteren 9:00", "in het verleden"),
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
    ("text", "expected"),
    [
        # The time is the typed one, the day counted from today (issue 11, case 1 and 6).
        ("over 2 weken 20:00", local(2026, 12, 9, 20, 0)),
        ("over twee weken om 20:00", local(2026, 12, 9, 20, 0)),
        ("over een week 9:00", local(2026, 12, 2, 9, 0)),
        ("over 3 dagen 17:00", local(2026, 11, 28, 17, 0)),
        ("over 1 dag 8:00", local(2026, 11, 26, 8, 0)),
        ("overmorgen 17:00", local(2026, 11, 27, 17, 0)),
        ("volgende week dinsdag 19:30", local(2026, 12, 1, 19, 30)),
        ("dinsdag volgende week 19:30", local(2026, 12, 1, 19, 30)),
        ("volgende week woensdag 9:00", local(2026, 12, 2, 9, 0)),
        ("volgende week maandag 9:00", local(2026, 11, 30, 9, 0)),
        # "volgende" for a day that already came this week: next week in both readings.
        ("volgende maandag 12:00", local(2026, 11, 30, 12, 0)),
        ("volgende woensdag 12:00", local(2026, 12, 2, 12, 0)),
        ("aanstaande vrijdag 12:00", local(2026, 11, 27, 12, 0)),
        ("komende vrijdag 12:00", local(2026, 11, 27, 12, 0)),
        ("vanavond 8 uur", local(2026, 11, 25, 20, 0)),
        ("morgenavond 8 uur", local(2026, 11, 26, 20, 0)),
        ("dinsdagavond 7 uur", local(2026, 12, 1, 19, 0)),
        ("morgenochtend 8 uur", local(2026, 11, 26, 8, 0)),
    ],
)
def test_relative_forms_with_time(text: str, expected: datetime) -> None:
    assert parse_moment(text, NOW, TZ) == expected
    assert read_moment(text, NOW, TZ, require_time=True) == expected


def test_relative_days_across_dst_keep_typed_time() -> None:
    now = local(2027, 3, 20, 10, 0)
    assert parse_moment("over 2 weken 19:30", now, TZ) == local(2027, 4, 3, 19, 30)
    assert parse_moment("over 2 weken 19:30", now, TZ).utcoffset() != now.utcoffset()


def test_relative_days_without_time() -> None:
    # Votes may close "over 3 dagen" at the current clock time; meetings must say when.
    assert parse_moment("over 3 dagen", NOW, TZ) == local(2026, 11, 28, 10, 0)
    with pytest.raises(DateInputError) as err:
        parse_moment("over 3 dagen", NOW, TZ, require_time=True)
    assert "Om hoe laat?" in err.value.message
    with pytest.raises(DateInputError) as err:
        parse_moment("over 2 weken", NOW, TZ, require_time=True)
    assert "over 2 weken 17:00" in err.value.message


def test_next_weekday_still_this_week_is_asked_back() -> None:
    question = read_moment("volgende vrijdag 12:00", NOW, TZ)
    assert isinstance(question, MomentQuestion)
    assert [c.moment for c in question.choices] == [
        local(2026, 11, 27, 12, 0),
        local(2026, 12, 4, 12, 0),
    ]
    assert "vr 27 nov 2026 12:00" in question.question
    assert "vr 4 dec 2026 12:00" in question.question
    with pytest.raises(AmbiguousMomentError) as err:
        parse_moment("volgende vrijdag 12:00", NOW, TZ)
    assert err.value.question == question
    assert isinstance(err.value, DateInputError)  # old callers show the question as text


def test_next_weekday_today_passed_is_not_asked() -> None:
    # Thursday: "volgende donderdag" can only be next week's.
    thursday = local(2026, 11, 26, 10, 0)
    assert parse_moment("volgende donderdag 9:00", thursday, TZ) == local(2026, 12, 3, 9, 0)


@pytest.mark.parametrize(
    ("text", "fallback", "quoted"),
    [
        ("<b>morgen 20:00", False, "'&lt;b&gt;morgen 20:00'"),
        ("<i>15 december", True, "'&lt;i&gt;15 december'"),  # dateparser's turn too
        ("over 3 dagen & zo", False, "'over 3 dagen &amp; zo'"),
    ],
)
def test_the_typed_text_in_an_error_is_html_safe_where_raised(
    text: str, fallback: bool, quoted: str
) -> None:
    with pytest.raises(DateInputError) as err:
        parse_moment(text, NOW, TZ, allow_fallback=fallback, require_time=True)
    assert quoted in err.value.message and "<" not in err.value.message
