from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from bot.agenda.events import AgendaEvent
from bot.agenda.ics_export import export_ics
from bot.agenda.ics_import import IcsImportError, read_calendar
from bot.agenda.reminders import LeadTime

TZ = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return local(year, month, day, hour, minute).astimezone(UTC)


MEETING = AgendaEvent(
    uid="meeting-1@rao-bot",
    kind="meeting",
    title="ALV voorjaar",
    start_utc=utc(2027, 4, 13, 19, 30),
    end_utc=utc(2027, 4, 13, 21, 30),
    location="Apotheek De Linde, Zwolle",
    description="Mandaat RESV-plan bespreken",
)
MILESTONE = AgendaEvent(
    uid="zz-inkoop-2028.vertegenwoordigingslijst@rao-bot",
    kind="milestone",
    title="ZZ inkoop 2028: deadline vertegenwoordigingslijst",
    start_utc=utc(2027, 7, 31, 9, 0),
    description="Verwacht volgens het jaarlijkse patroon.",
    status="verwacht",
    source="Zorg en Zekerheid, seed 004 §6.1",
    all_day=True,
)
WEEKLY = AgendaEvent(
    uid="fto@rao-bot",
    kind="meeting",
    title="FTO",
    start_utc=utc(2027, 3, 16, 19, 30),
    recurrence="FREQ=WEEKLY;BYDAY=TU",
)

OUTLOOK = b"""BEGIN:VCALENDAR\r
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r
VERSION:2.0\r
METHOD:PUBLISH\r
X-MS-OLK-FORCEINSPECTOROPEN:TRUE\r
BEGIN:VTIMEZONE\r
TZID:W. Europe Standard Time\r
BEGIN:STANDARD\r
DTSTART:16011028T030000\r
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
END:STANDARD\r
BEGIN:DAYLIGHT\r
DTSTART:16010325T020000\r
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0200\r
END:DAYLIGHT\r
END:VTIMEZONE\r
BEGIN:VEVENT\r
CLASS:PUBLIC\r
CREATED:20261101T120000Z\r
DESCRIPTION:Regionaal overleg met de huisartsen\\, graag op tijd.\\n\r
DTEND;TZID="W. Europe Standard Time":20270112T210000\r
DTSTAMP:20261101T120000Z\r
DTSTART;TZID="W. Europe Standard Time":20270112T193000\r
LOCATION:Gezondheidscentrum Noord\r
RRULE:FREQ=MONTHLY;COUNT=4;BYDAY=2TU\r
SEQUENCE:0\r
SUMMARY;LANGUAGE=nl:Regio-overleg\r
TRANSP:OPAQUE\r
UID:040000008200E00074C5B7101A82E00800000000D0A1B2C3D4E5F6\r
END:VEVENT\r
BEGIN:VEVENT\r
DTSTART;VALUE=DATE:20270205\r
DTEND;VALUE=DATE:20270206\r
DTSTAMP:20261101T120000Z\r
SUMMARY:Studiedag KNMP\r
UID:040000008200E00074C5B7101A82E00800000000AAAA\r
X-MICROSOFT-CDO-ALLDAYEVENT:TRUE\r
END:VEVENT\r
END:VCALENDAR\r
"""


def ics(*events: str) -> bytes:
    body = "".join(events)
    return (
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//NL\r\n{body}END:VCALENDAR\r\n".encode()
    )


def vevent(uid: str, start: str, *extra: str) -> str:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        "DTSTAMP:20261101T120000Z",
        f"DTSTART;TZID=Europe/Amsterdam:{start}",
        "SUMMARY:Overleg",
        *extra,
        "END:VEVENT",
    ]
    return "".join(f"{line}\r\n" for line in lines)


def test_export_structure() -> None:
    data = export_ics([MEETING, MILESTONE, WEEKLY], TZ, "RAO Zwolle", now_utc=NOW)
    text = data.decode()
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam" in text
    assert "DTSTART;TZID=Europe/Amsterdam:20270413T193000" in text
    assert "DTSTART;VALUE=DATE:20270731" in text and "DTEND;VALUE=DATE:20270801" in text
    assert "DTEND;TZID=Europe/Amsterdam:20270413T213000" in text
    assert "RRULE:FREQ=WEEKLY;BYDAY=TU" in text
    assert "X-WR-CALNAME:RAO Zwolle" in text
    assert "STATUS:TENTATIVE" in text
    cal = Calendar.from_ical(data)
    triggers = {
        str(event["UID"]): [alarm.decoded("TRIGGER") for alarm in event.walk("VALARM")]
        for event in cal.walk("VEVENT")
    }
    # Meeting at 19:30: day leads fire at 09:00, so 14 days + 10.5 hours before; 2u exact.
    assert triggers["meeting-1@rao-bot"] == [
        -timedelta(days=14, hours=10, minutes=30),
        -timedelta(days=3, hours=10, minutes=30),
        -timedelta(hours=2),
    ]
    # All-day: the day starts at midnight, day leads still fire at 09:00.
    assert triggers[MILESTONE.uid] == [
        -timedelta(days=13, hours=15),
        -timedelta(days=2, hours=15),
    ]


def test_export_custom_leads() -> None:
    data = export_ics([MEETING], TZ, "x", leads={"meeting": [LeadTime(1, "w")]}, now_utc=NOW)
    cal = Calendar.from_ical(data)
    alarms = list(cal.walk("VALARM"))
    assert [a.decoded("TRIGGER") for a in alarms] == [-timedelta(days=7, hours=10, minutes=30)]


def test_round_trip() -> None:
    data = export_ics([MEETING, MILESTONE], TZ, "RAO", now_utc=NOW)
    imported = list(read_calendar(data, TZ, NOW).events)
    assert [(e.uid, e.title, e.start_utc, e.location) for e in imported] == [
        (MEETING.uid, MEETING.title, MEETING.start_utc, MEETING.location),
        (MILESTONE.uid, MILESTONE.title, MILESTONE.start_utc, None),
    ]
    assert imported[0].description == MEETING.description
    assert imported[0].end_utc == MEETING.end_utc
    assert imported[1].all_day
    assert imported[1].description is not None
    assert imported[1].description.startswith("Verwacht volgens")
    assert list(read_calendar(data, TZ, NOW).events) == imported


def test_recurring_meeting_expanded_across_dst() -> None:
    data = export_ics([WEEKLY], TZ, "RAO", now_utc=NOW)
    now = utc(2027, 3, 1, 0, 0)
    (series,) = read_calendar(data, TZ, now).events  # a series stays one event
    assert (series.uid, series.recurrence) == ("fto@rao-bot", "FREQ=WEEKLY;BYDAY=TU")
    starts = [s.astimezone(TZ) for s in series.occurrences(TZ, now, now + timedelta(days=30))]
    assert [s.day for s in starts] == [16, 23, 30]
    assert {s.time() for s in starts} == {time(19, 30)}
    assert starts[2].utcoffset() == timedelta(hours=2)  # summer time


def test_moved_occurrence_keeps_original_uid() -> None:
    data = ics(
        vevent("serie", "20270105T193000", "RRULE:FREQ=WEEKLY;COUNT=3"),
        vevent(
            "serie",
            "20270113T200000",
            "RECURRENCE-ID;TZID=Europe/Amsterdam:20270112T193000",
        ),
    )
    (series,) = read_calendar(data, TZ, NOW).events
    (moved,) = series.overrides
    assert moved.recurrence_id == utc(2027, 1, 12, 19, 30)
    assert moved.start_utc == utc(2027, 1, 13, 20, 0)
    occurrences = series.expand(TZ, NOW, NOW + timedelta(days=365))
    assert [o.start_utc for o in occurrences] == [
        utc(2027, 1, 5, 19, 30),
        utc(2027, 1, 13, 20, 0),
        utc(2027, 1, 19, 19, 30),
    ]


def test_outlook_export_with_windows_timezone() -> None:
    imported = read_calendar(OUTLOOK, TZ, NOW).events
    (series,) = [e for e in imported if e.title == "Regio-overleg"]
    starts = series.occurrences(TZ, NOW, NOW + timedelta(days=365))
    assert [s.astimezone(TZ) for s in starts][:4] == [
        local(2027, 1, 12, 19, 30),
        local(2027, 2, 9, 19, 30),
        local(2027, 3, 9, 19, 30),
        local(2027, 4, 13, 19, 30),  # after the DST change: still 19:30
    ]
    assert series.location == "Gezondheidscentrum Noord"
    assert series.description == "Regionaal overleg met de huisartsen, graag op tijd."
    assert series.uid == "040000008200E00074C5B7101A82E00800000000D0A1B2C3D4E5F6"
    all_day = next(e for e in imported if e.title == "Studiedag KNMP")
    assert all_day.all_day
    assert all_day.start_utc.astimezone(TZ) == local(2027, 2, 5, 9, 0)
    assert all_day.uid == "040000008200E00074C5B7101A82E00800000000AAAA"


def test_windows_timezone_without_vtimezone() -> None:
    data = ics(
        "BEGIN:VEVENT\r\nUID:w1\r\nDTSTAMP:20261101T120000Z\r\n"
        "DTSTART;TZID=W. Europe Standard Time:20270701T193000\r\nSUMMARY:Zomer-ALV\r\n"
        "END:VEVENT\r\n"
    )
    (event,) = read_calendar(data, TZ, NOW).events
    assert event.start_utc == datetime(2027, 7, 1, 17, 30, tzinfo=UTC)


def test_floating_time_and_missing_uid_are_handled() -> None:
    data = ics(
        "BEGIN:VEVENT\r\nDTSTAMP:20261101T120000Z\r\nDTSTART:20270201T200000\r\n"
        "SUMMARY:Zonder UID\r\nEND:VEVENT\r\n"
    )
    (event,) = read_calendar(data, TZ, NOW).events
    assert event.start_utc.astimezone(TZ) == local(2027, 2, 1, 20, 0)
    assert event.uid.startswith("import-")
    assert read_calendar(data, TZ, NOW).events[0].uid == event.uid


def test_past_and_cancelled_events_are_left_out() -> None:
    data = ics(
        vevent("old", "20250101T100000"),
        vevent("gone", "20270101T100000", "STATUS:CANCELLED"),
        vevent("new", "20270102T100000"),
    )
    assert [e.uid for e in read_calendar(data, TZ, NOW).events] == ["new"]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"hallo, dit is geen agenda", "geen agendabestand"),
        (b"", "geen agendabestand"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "geen afspraken"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:garbage\r\n", "geen agendabestand"),
        (ics(vevent("old", "20250101T100000")), "komende 365 dagen"),
        (b"BEGIN:VCALENDAR\r\n" + b"X" * (1024 * 1024), "te groot"),
        (ics(vevent("spam", "20270101T100000", "RRULE:FREQ=HOURLY")), "per uur"),
        (ics(vevent("s", "20270101T100000", "RRULE:FREQ=SECONDLY")), "per seconde"),
        (
            ics(
                vevent("d1", "20270101T100000", "RRULE:FREQ=DAILY"),
                vevent("d2", "20270101T110000", "RRULE:FREQ=DAILY"),
            ),
            "meer dan 500",
        ),
        (ics(vevent("n", "20270101T100000", "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")), "lezen"),
    ],
    ids=[
        "text",
        "empty",
        "no-events",
        "garbage",
        "none-upcoming",
        "huge",
        "hourly",
        "secondly",
        "too-many",
        "never",
    ],
)
def test_import_rejects_with_dutch_message(data: bytes, fragment: str) -> None:
    with pytest.raises(IcsImportError) as err:
        read_calendar(data, TZ, NOW)
    assert fragment in err.value.message
