"""Dutch recurrence phrases -> RRULE, and the Dutch description of stored rules."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.agenda.recurrence import expand
from bot.dutch_dates import DateInputError
from bot.dutch_recurrence import Recurrence, describe_rrule, parse_recurrence

TZ = ZoneInfo("Europe/Amsterdam")
FIRST = datetime(2027, 1, 12, 19, 30, tzinfo=TZ)  # the second Tuesday of January


@pytest.mark.parametrize(
    ("text", "rrule"),
    [
        ("elke week", "FREQ=WEEKLY;BYDAY=TU"),
        ("wekelijks", "FREQ=WEEKLY;BYDAY=TU"),
        ("iedere week", "FREQ=WEEKLY;BYDAY=TU"),
        ("om de week", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("tweewekelijks", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("elke twee weken", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("elke 2 weken", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("om de twee weken", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("elke drie weken", "FREQ=WEEKLY;INTERVAL=3;BYDAY=TU"),
        ("elke twee weken op donderdag", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"),
        ("om de week op dinsdag", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("om de dinsdag", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("elke dinsdag", "FREQ=WEEKLY;BYDAY=TU"),
        ("op dinsdag", "FREQ=WEEKLY;BYDAY=TU"),
        ("elke dinsdagavond", "FREQ=WEEKLY;BYDAY=TU"),
        ("elke dinsdag en donderdag", "FREQ=WEEKLY;BYDAY=TU,TH"),
        ("elke dag", "FREQ=DAILY"),
        ("dagelijks", "FREQ=DAILY"),
        ("elke werkdag", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("elke tweede dinsdag", "FREQ=MONTHLY;BYDAY=2TU"),
        ("elke tweede dinsdag van de maand", "FREQ=MONTHLY;BYDAY=2TU"),
        ("iedere 2e dinsdag van de maand", "FREQ=MONTHLY;BYDAY=2TU"),
        ("de tweede dinsdag van elke maand", "FREQ=MONTHLY;BYDAY=2TU"),
        ("elke maand op de eerste maandag", "FREQ=MONTHLY;BYDAY=1MO"),
        ("maandelijks op de derde woensdag", "FREQ=MONTHLY;BYDAY=3WE"),
        ("elke laatste donderdag van de maand", "FREQ=MONTHLY;BYDAY=-1TH"),
        ("elke laatste vrijdag", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("maandelijks", "FREQ=MONTHLY;BYDAY=2TU"),  # 12 Jan 2027 is the 2nd Tuesday
        ("elke maand", "FREQ=MONTHLY;BYDAY=2TU"),
        ("elke maand op de 15e", "FREQ=MONTHLY;BYMONTHDAY=15"),
        ("elke 15e van de maand", "FREQ=MONTHLY;BYMONTHDAY=15"),
        ("om de maand", "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU"),
        ("elk kwartaal", "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU"),
        ("jaarlijks", "FREQ=YEARLY"),
        ("elke week, 10 keer", "FREQ=WEEKLY;COUNT=10;BYDAY=TU"),
        ("elke dinsdag 6 keer", "FREQ=WEEKLY;COUNT=6;BYDAY=TU"),
    ],
)
def test_phrase_to_rrule(text: str, rrule: str) -> None:
    recurrence = parse_recurrence(text)
    assert recurrence is not None
    assert recurrence.to_rrule(FIRST) == rrule


@pytest.mark.parametrize("text", ["geen", "eenmalig", "-", "nee"])
def test_no_recurrence(text: str) -> None:
    assert parse_recurrence(text) is None


@pytest.mark.parametrize("text", ["af en toe", "elke blauwe maan", "elke 40 weken", "geen, 3 keer"])
def test_unknown_recurrence_is_refused(text: str) -> None:
    with pytest.raises(DateInputError) as err:
        parse_recurrence(text)
    assert "herhaling" in err.value.message


def test_bare_ordinal_has_an_every_n_weeks_reading() -> None:
    bare = parse_recurrence("elke tweede dinsdag")
    explicit = parse_recurrence("elke tweede dinsdag van de maand")
    last = parse_recurrence("elke laatste dinsdag")
    assert bare is not None and explicit is not None and last is not None
    assert bare.bare_ordinal and not explicit.bare_ordinal and not last.bare_ordinal
    assert bare.every_n_weeks() == Recurrence("WEEKLY", interval=2, weekdays=(1,))
    assert explicit.every_n_weeks() is None


def test_unanchored_monthly_needs_first_date() -> None:
    recurrence = parse_recurrence("maandelijks")
    assert recurrence is not None
    with pytest.raises(ValueError):
        recurrence.to_rrule()


def test_maandelijks_keeps_week_of_month() -> None:
    recurrence = parse_recurrence("maandelijks")
    assert recurrence is not None
    first = datetime(2027, 1, 28, 19, 30, tzinfo=TZ)  # 4th Thursday
    rule = recurrence.to_rrule(first)
    starts = expand(first, rule, first, datetime(2027, 5, 1, tzinfo=TZ))
    assert [s.astimezone(TZ).date().isoformat() for s in starts] == [
        "2027-01-28",
        "2027-02-25",
        "2027-03-25",
        "2027-04-22",
    ]
    assert {s.astimezone(TZ).time() for s in starts} == {time(19, 30)}


def test_fifth_week_becomes_last() -> None:
    recurrence = parse_recurrence("maandelijks")
    assert recurrence is not None
    assert recurrence.to_rrule(datetime(2027, 1, 29, 16, tzinfo=TZ)) == "FREQ=MONTHLY;BYDAY=-1FR"


@pytest.mark.parametrize(
    ("rrule", "words"),
    [
        ("FREQ=WEEKLY", "elke week"),
        ("FREQ=WEEKLY;BYDAY=FR", "elke vrijdag"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "om de week op dinsdag"),
        ("FREQ=WEEKLY;INTERVAL=3;BYDAY=TU,TH", "elke 3 weken op dinsdag en donderdag"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "elke werkdag"),
        ("FREQ=MONTHLY;BYDAY=2TU", "elke tweede dinsdag van de maand"),
        ("FREQ=MONTHLY;BYDAY=-1TH", "elke laatste donderdag van de maand"),
        ("FREQ=MONTHLY;INTERVAL=2;BYDAY=1MO", "elke eerste maandag van de maand, om de 2 maanden"),
        ("FREQ=MONTHLY;BYMONTHDAY=15", "elke maand op de 15e"),
        ("FREQ=DAILY", "elke dag"),
        ("FREQ=YEARLY", "elk jaar"),
        ("FREQ=WEEKLY;COUNT=4;BYDAY=TU", "elke dinsdag, 4 keer"),
        ("FREQ=WEEKLY;UNTIL=20270630T215959Z;BYDAY=TU", "elke dinsdag, tot en met 30 juni 2027"),
        ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "volgens een eigen herhaling"),
    ],
)
def test_describe_rrule(rrule: str, words: str) -> None:
    assert describe_rrule(rrule) == words


def test_weekly_keeps_wall_clock_across_dst() -> None:
    recurrence = parse_recurrence("elke dinsdag")
    assert recurrence is not None
    first = datetime(2027, 3, 16, 19, 30, tzinfo=TZ)
    starts = expand(first, recurrence.to_rrule(first), first, first + timedelta(weeks=4))
    assert {s.astimezone(TZ).time() for s in starts} == {time(19, 30)}
    assert len({s.astimezone(TZ).utcoffset() for s in starts}) == 2
