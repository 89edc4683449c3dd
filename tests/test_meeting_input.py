from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.agenda.events import AgendaEvent
from bot.agenda.meeting_input import (
    MeetingInputError,
    MeetingQuestion,
    MeetingRequest,
    find_duplicate,
    parse_meeting,
    read_meeting,
    series_start_line,
)

TZ = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # a Wednesday


def local(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


@pytest.mark.parametrize(
    ("text", "title", "start", "place", "rrule"),
    [
        ("12-01-2027 19:30 ALV voorjaar", "ALV voorjaar", local(2027, 1, 12, 19, 30), None, None),
        ("12 januari 19:30 ALV | De Linde", "ALV", local(2027, 1, 12, 19, 30), "De Linde", None),
        (
            "dinsdag om 19:30 FTO | elke week",
            "FTO",
            local(2026, 12, 1, 19, 30),
            None,
            "FREQ=WEEKLY;BYDAY=TU",
        ),
        # The rule wins over a first date that does not fit it: the second Tuesday.
        (
            "dinsdag 19:30 Bestuur | online | elke tweede dinsdag van de maand",
            "Bestuur",
            local(2026, 12, 8, 19, 30),
            "online",
            "FREQ=MONTHLY;BYDAY=2TU",
        ),
        (
            "dinsdag 19:30 Bestuur | elke laatste vrijdag | Zwolle",
            "Bestuur",
            local(2026, 12, 25, 19, 30),
            "Zwolle",
            "FREQ=MONTHLY;BYDAY=-1FR",
        ),
        (
            "morgen 20 uur borrel - nieuwjaar",
            "borrel - nieuwjaar",
            local(2026, 11, 26, 20, 0),
            None,
            None,
        ),
        ("12-01-2027 19:30 - 2e ALV", "2e ALV", local(2027, 1, 12, 19, 30), None, None),
        ("12-01-2027 19:30 ALV | - | geen", "ALV", local(2027, 1, 12, 19, 30), None, None),
    ],
)
def test_parse_meeting(
    text: str, title: str, start: datetime, place: str | None, rrule: str | None
) -> None:
    request = parse_meeting(text, NOW, TZ)
    assert (request.title, request.start_utc, request.location, request.rrule()) == (
        title,
        start.astimezone(UTC),
        place,
        rrule,
    )


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("31-02-2027 19:30 ALV", "31 februari 2027 bestaat niet"),
        ("12-01-2020 19:30 ALV", "ligt in het verleden"),
        ("vandaag 08:00 ALV", "ligt in het verleden"),
        ("dinsdag ALV", "Om hoe laat?"),
        ("19:30 ALV", "Ik mis de dag"),
        ("ALV op dinsdag 19:30", "Ik vind geen datum en tijd"),
        ("12-01-2027 19:30", "Ik mis de titel"),
        ("12-01-2027 25:00 ALV", "25:00 is geen geldige tijd"),
        ("28-03-2027 02:30 Nacht", "zomertijd"),
        ("12-01-2029 19:30 ALV", "meer dan 2 jaar"),
        ("12-01-2027 19:30 ALV | a | b", "als herhaling"),
        ("12-01-2027 19:30 ALV | a | elke week | b", "te veel delen"),
        ("12-01-2027 19:30 " + "x" * 130, "titel is te lang"),
        ("", "Zo zet je een vergadering"),
    ],
)
def test_parse_meeting_rejects(text: str, fragment: str) -> None:
    with pytest.raises(MeetingInputError) as caught:
        parse_meeting(text, NOW, TZ)
    assert fragment in caught.value.message


def test_user_text_in_errors_is_escaped() -> None:
    with pytest.raises(MeetingInputError) as caught:
        parse_meeting("12-01-2027 19:30 ALV | a | <b>elke</b>", NOW, TZ)
    assert "&lt;b&gt;elke&lt;/b&gt;" in caught.value.message


@pytest.mark.parametrize(
    ("text", "title", "start"),
    [
        # Issue 11, case 1: the time belongs to the moment, never to the title.
        ("over 2 weken 20:00 Test E", "Test E", local(2026, 12, 9, 20, 0)),
        ("over twee weken om 20:00 Test E", "Test E", local(2026, 12, 9, 20, 0)),
        ("over 3 dagen 17:00 Borrel", "Borrel", local(2026, 11, 28, 17, 0)),
        ("volgende week dinsdag 19:30 Bestuur", "Bestuur", local(2026, 12, 1, 19, 30)),
        ("overmorgen 17:00 Overleg", "Overleg", local(2026, 11, 27, 17, 0)),
        ("morgenavond 8 uur ALV", "ALV", local(2026, 11, 26, 20, 0)),
    ],
)
def test_relative_moments(text: str, title: str, start: datetime) -> None:
    request = parse_meeting(text, NOW, TZ)
    assert (request.title, request.start_utc) == (title, start.astimezone(UTC))
    assert request.end_utc == request.start_utc + timedelta(hours=2)  # default length


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("over 2 weken Test E", "Om hoe laat?"),
        ("over 3 dagen ALV", "Om hoe laat?"),
        ("morgen 20:00 20:30 ALV", "staat daar los achter"),
    ],
)
def test_relative_moments_need_a_time(text: str, fragment: str) -> None:
    with pytest.raises(MeetingInputError) as caught:
        parse_meeting(text, NOW, TZ)
    assert fragment in caught.value.message


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("12-01-2027 19:30 tot 21:30 ALV", local(2027, 1, 12, 21, 30)),
        ("12-01-2027 19:30-21:00 ALV", local(2027, 1, 12, 21, 0)),
        ("12-01-2027 19:30 – 21:00 ALV", local(2027, 1, 12, 21, 0)),
        ("12-01-2027 22:00 tot 01:00 Nachtoverleg", local(2027, 1, 13, 1, 0)),
        ("12-01-2027 19:30 tot 21 uur ALV", local(2027, 1, 12, 21, 0)),
    ],
)
def test_end_time(text: str, end: datetime) -> None:
    request = parse_meeting(text, NOW, TZ)
    assert request.end_utc == end.astimezone(UTC)
    assert request.title in ("ALV", "Nachtoverleg")


def test_default_duration_is_a_parameter() -> None:
    request = parse_meeting("12-01-2027 19:30 ALV", NOW, TZ, default_duration=timedelta(hours=3))
    assert request.end_utc == local(2027, 1, 12, 22, 30).astimezone(UTC)


def test_end_before_start_is_refused() -> None:
    with pytest.raises(MeetingInputError) as caught:
        parse_meeting("12-01-2027 19:30 tot 18:00 ALV", NOW, TZ)
    assert "vóór de begintijd" in caught.value.message


def test_series_starts_on_the_typed_date_when_it_fits() -> None:
    request = parse_meeting("8-12-2026 19:30 Bestuur | elke tweede dinsdag", NOW, TZ)
    assert request.rrule() == "FREQ=MONTHLY;BYDAY=2TU"
    assert request.start_utc == local(2026, 12, 8, 19, 30).astimezone(UTC)
    assert series_start_line(request, TZ) == "Eerste keer: di 8 dec 2026 19:30."


def test_series_start_moved_is_said_in_the_reply() -> None:
    request = parse_meeting("dinsdag 19:30 Bestuur | elke tweede dinsdag van de maand", NOW, TZ)
    assert request.start_utc == local(2026, 12, 8, 19, 30).astimezone(UTC)
    assert request.typed_start_utc == local(2026, 12, 1, 19, 30).astimezone(UTC)
    line = series_start_line(request, TZ)
    assert line is not None
    assert line.startswith("Eerste keer: di 8 dec 2026 19:30.")
    assert "di 1 dec 2026 past niet bij ‘elke tweede dinsdag van de maand’" in line


def test_bare_ordinal_that_does_not_fit_is_asked_back() -> None:
    # Issue 11, case 6: "dinsdag 19:30 ... | elke tweede dinsdag" typed on Wed 25 Nov.
    result = read_meeting("dinsdag 19:30 Bestuur | elke tweede dinsdag", NOW, TZ)
    assert isinstance(result, MeetingQuestion)
    monthly, biweekly = (choice.request for choice in result.choices)
    assert (monthly.rrule(), monthly.start_utc) == (
        "FREQ=MONTHLY;BYDAY=2TU",
        local(2026, 12, 8, 19, 30).astimezone(UTC),
    )
    assert (biweekly.rrule(), biweekly.start_utc) == (
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        local(2026, 12, 1, 19, 30).astimezone(UTC),
    )
    assert "di 8 dec 2026 19:30" in result.message and "di 1 dec 2026 19:30" in result.message
    with pytest.raises(MeetingInputError) as caught:
        parse_meeting("dinsdag 19:30 Bestuur | elke tweede dinsdag", NOW, TZ)
    assert caught.value.message == result.message


def test_ambiguous_weekday_is_asked_back_with_whole_meetings() -> None:
    result = read_meeting("volgende vrijdag 12:00 Lunch | Zwolle", NOW, TZ)
    assert isinstance(result, MeetingQuestion)
    assert [c.request.start_utc for c in result.choices] == [
        local(2026, 11, 27, 12, 0).astimezone(UTC),
        local(2026, 12, 4, 12, 0).astimezone(UTC),
    ]
    assert {c.request.title for c in result.choices} == {"Lunch"}
    assert {c.request.location for c in result.choices} == {"Zwolle"}


def test_duplicate_is_found_by_title_and_start() -> None:
    request = parse_meeting("dinsdag 19:30 FTO", NOW, TZ)
    weekly = AgendaEvent(
        "fto@rao-bot",
        "meeting",
        "fto",
        local(2026, 11, 24, 19, 30).astimezone(UTC),
        recurrence="FREQ=WEEKLY;BYDAY=TU",
    )
    other = AgendaEvent("x@rao-bot", "meeting", "ALV", request.start_utc)
    assert find_duplicate(request, [other, weekly], TZ) == weekly
    later = MeetingRequest("FTO", request.start_utc + timedelta(hours=1))
    assert find_duplicate(later, [other, weekly], TZ) is None
