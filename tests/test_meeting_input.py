from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.agenda.meeting_input import MeetingInputError, parse_meeting

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
            "dinsdag 19:30 Bestuur | online | elke tweede dinsdag",
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
