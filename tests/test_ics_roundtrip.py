"""The .ics round trip: validation, fixed point, Outlook re-export, removed events, budgets,
all-day and series kept, vote deadlines."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from bot.agenda.deadlines import vote_deadline_event
from bot.agenda.events import AgendaEvent
from bot.agenda.ics import IcsImportError, ImportBudget, export_ics, read_calendar
from bot.agenda.import_plan import is_bot_uid, plan_import
from bot.agenda.occurrences import cancel_occurrence, move_occurrence
from bot.agenda.records import Meeting

TZ = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


MONTHLY = move_occurrence(
    cancel_occurrence(
        AgendaEvent(
            uid="vergadering-1@rao-bot",
            kind="meeting",
            title="Regio-overleg",
            start_utc=local(2027, 1, 12, 19, 30).astimezone(UTC),
            recurrence="FREQ=MONTHLY;BYDAY=2TU",
            location="Zwolle",
        ),
        local(2027, 2, 9, 19, 30),
        TZ,
    ),
    local(2027, 3, 9, 19, 30),
    local(2027, 3, 16, 20, 0),
    TZ,
)
ALV = AgendaEvent(
    "vergadering-2@rao-bot",
    "meeting",
    "ALV",
    local(2027, 4, 13, 19, 30).astimezone(UTC),
    end_utc=local(2027, 4, 13, 22, 0).astimezone(UTC),
)
MILESTONE = AgendaEvent(
    "zz-inkoop-2028.lijst@rao-bot",
    "milestone",
    "Deadline lijst",
    local(2027, 7, 31, 9).astimezone(UTC),
    all_day=True,
    status="verwacht",
)
DEADLINE = vote_deadline_event(
    12, "Mandaat RESV", local(2027, 1, 15, 17), "https://t.me/raobot?start=stem-12", TZ
)
EVENTS = [MONTHLY, ALV, MILESTONE, DEADLINE]


def meeting(event: AgendaEvent, number: int, source: str | None = None) -> Meeting:
    return Meeting(
        id=number,
        chat_id=-1,
        uid=event.uid,
        title=event.title,
        start_utc=event.start_utc,
        origin="ics" if source else "chat",
        location=event.location,
        description=event.description,
        recurrence=event.recurrence,
        created_by=None,
        cancelled=False,
        end_utc=event.end_utc,
        all_day=event.all_day,
        exdates=event.exdates,
        overrides=event.overrides,
        tzid=event.tzid,
        source=source,
    )


def test_export_validates_and_every_event_has_an_end() -> None:
    calendar = Calendar.from_ical(export_ics(EVENTS, TZ, "RAO Zuid", now_utc=NOW))
    vevents = list(calendar.walk("VEVENT"))
    assert len(vevents) == 5  # the moved occurrence is its own VEVENT with RECURRENCE-ID
    for vevent in vevents:
        start = vevent.decoded("DTSTART")
        if isinstance(start, datetime):
            assert "DTEND" in vevent or "DURATION" in vevent
        else:
            assert vevent["DTSTART"].params["VALUE"] == "DATE"
            assert vevent["DTEND"].params["VALUE"] == "DATE"
    by_uid = {str(v["UID"]): v for v in vevents if "RECURRENCE-ID" not in v}
    assert by_uid["vergadering-1@rao-bot"].decoded("DTEND") - by_uid[
        "vergadering-1@rao-bot"
    ].decoded("DTSTART") == timedelta(hours=2)  # the default length
    assert by_uid[MILESTONE.uid].decoded("DTSTART") == date(2027, 7, 31)
    deadline = by_uid[DEADLINE.uid]
    assert deadline.decoded("DURATION") == timedelta(0)
    assert str(deadline["URL"]) == "https://t.me/raobot?start=stem-12"
    assert str(deadline["SUMMARY"]) == "Stemming #12 sluit: Mandaat RESV"
    assert deadline.decoded("DTSTART").astimezone(TZ) == local(2027, 1, 15, 17)


def test_own_export_reimported_is_a_fixed_point() -> None:
    data = export_ics(EVENTS, TZ, "RAO Zuid", now_utc=NOW)
    calendar = read_calendar(data, TZ, NOW)
    existing = [meeting(MONTHLY, 1), meeting(ALV, 2)]
    plan = plan_import(existing, calendar, TZ, NOW, known_uids={MILESTONE.uid, DEADLINE.uid})
    assert (plan.counts.created, plan.counts.updated, plan.counts.unchanged) == (0, 0, 4)
    back = {e.uid: e for e in calendar.events}
    assert back[MONTHLY.uid].recurrence == "FREQ=MONTHLY;BYDAY=2TU"
    assert back[MONTHLY.uid].exdates == MONTHLY.exdates
    assert [(o.recurrence_id, o.start_utc) for o in back[MONTHLY.uid].overrides] == [
        (o.recurrence_id, o.start_utc) for o in MONTHLY.overrides
    ]
    assert back[MILESTONE.uid].all_day
    assert all(is_bot_uid(uid) for uid in back)


def _as_outlook(data: bytes) -> bytes:
    """What Outlook writes when it re-exports the bot's calendar: Windows zone names, its own
    product id, defaults spelled out in the RRULE, Microsoft properties; UIDs kept."""
    text = data.decode()
    text = text.replace("TZID=Europe/Amsterdam", 'TZID="W. Europe Standard Time"')
    text = text.replace("TZID:Europe/Amsterdam", "TZID:W. Europe Standard Time")
    text = text.replace(
        "PRODID:-//rao-bot//agenda//NL", "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN"
    )
    text = text.replace(
        "RRULE:FREQ=MONTHLY;BYDAY=2TU", "RRULE:FREQ=MONTHLY;BYDAY=2TU;INTERVAL=1;WKST=MO"
    )
    text = text.replace("BEGIN:VEVENT\r\n", "BEGIN:VEVENT\r\nX-MICROSOFT-CDO-BUSYSTATUS:BUSY\r\n")
    return text.encode()


def test_outlook_reexport_creates_nothing_new() -> None:
    data = _as_outlook(export_ics([MONTHLY, ALV], TZ, "RAO Zuid", now_utc=NOW))
    calendar = read_calendar(data, TZ, NOW)
    plan = plan_import([meeting(MONTHLY, 1), meeting(ALV, 2)], calendar, TZ, NOW)
    assert plan.new == () and plan.changed == ()
    assert len(plan.unchanged) == 2


def test_foreign_series_stays_a_series_and_all_day_stays_all_day() -> None:
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
        b"X-WR-CALNAME:KNMP\r\n"
        b"BEGIN:VEVENT\r\nUID:g1@google.com\r\nDTSTAMP:20261101T120000Z\r\n"
        b"DTSTART;TZID=Europe/Amsterdam:20270104T100000\r\n"
        b"DTEND;TZID=Europe/Amsterdam:20270104T113000\r\n"
        b"RRULE:FREQ=WEEKLY;WKST=MO;BYDAY=MO;COUNT=10\r\n"
        b"EXDATE;TZID=Europe/Amsterdam:20270111T100000\r\nSUMMARY:Weekstart\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:g2@google.com\r\nDTSTAMP:20261101T120000Z\r\n"
        b"DTSTART;VALUE=DATE:20270205\r\nDTEND;VALUE=DATE:20270207\r\nSUMMARY:Congres\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    calendar = read_calendar(data, TZ, NOW)
    series, congress = calendar.events
    assert series.recurrence == "FREQ=WEEKLY;COUNT=10;BYDAY=MO"
    assert series.exdates == (local(2027, 1, 11, 10).astimezone(UTC),)
    assert series.duration == timedelta(minutes=90)
    assert len(series.expand(TZ, NOW, NOW + timedelta(days=365))) == 9
    assert congress.all_day and congress.duration == timedelta(days=2)
    assert calendar.source == "name:KNMP|Google Inc"


def test_removed_from_same_source_is_reported() -> None:
    first = export_ics([MONTHLY, ALV], TZ, "Outlook", now_utc=NOW)
    source = read_calendar(first, TZ, NOW).source
    existing = [meeting(MONTHLY, 1, source), meeting(ALV, 2, source)]
    second = read_calendar(export_ics([MONTHLY], TZ, "Outlook", now_utc=NOW), TZ, NOW)
    plan = plan_import(existing, second, TZ, NOW)
    assert [m.uid for m in plan.removed] == [ALV.uid]
    other = read_calendar(export_ics([MONTHLY], TZ, "Andere agenda", now_utc=NOW), TZ, NOW)
    assert plan_import(existing, other, TZ, NOW).removed == ()
    # Rows of the old per-occurrence import are superseded by the series, not removed.
    legacy = meeting(
        AgendaEvent(f"{MONTHLY.uid}#2027-01-12T18:30:00Z", "meeting", "x", MONTHLY.start_utc),
        3,
        source,
    )
    plan = plan_import([*existing, legacy], second, TZ, NOW)
    assert [m.id for m in plan.superseded] == [3]


def test_changed_event_is_an_update() -> None:
    calendar = read_calendar(export_ics([ALV], TZ, "RAO", now_utc=NOW), TZ, NOW)
    stored = meeting(AgendaEvent(ALV.uid, "meeting", "ALV (oud)", ALV.start_utc), 2)
    plan = plan_import([stored], calendar, TZ, NOW)
    assert [(m.id, e.title) for m, e in plan.changed] == [(2, "ALV")]


def _many(count: int) -> bytes:
    body = "".join(
        f"BEGIN:VEVENT\r\nUID:e{n}\r\nDTSTART:20270101T100000Z\r\nSUMMARY:x\r\nEND:VEVENT\r\n"
        for n in range(count)
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n{body}END:VCALENDAR\r\n".encode()


def test_eight_thousand_events_are_refused_before_parsing() -> None:
    data = _many(8000)
    assert len(data) < ImportBudget().max_bytes  # refused for the count, not the size
    with pytest.raises(IcsImportError) as err:
        read_calendar(data, TZ, NOW)
    assert "8000 afspraken" in err.value.message and "hoogstens 1000" in err.value.message


def test_time_budget_refuses_with_a_dutch_sentence() -> None:
    ticks = iter(range(1000))

    def slow_clock() -> float:
        return float(next(ticks) * 10)  # every look at the clock: 10 seconds later

    with pytest.raises(IcsImportError) as err:
        read_calendar(_many(3), TZ, NOW, monotonic=slow_clock)
    assert "te zwaar" in err.value.message


def test_vote_deadline_all_day() -> None:
    event = vote_deadline_event(
        7, "Tarieven", local(2027, 1, 15, 17), "https://t.me/x?start=7", TZ, all_day=True, scope=3
    )
    assert event.uid == "stemming-3-7@rao-bot" and event.all_day and event.kind == "deadline"
    text = export_ics([event], TZ, "RAO", now_utc=NOW).decode()
    assert "DTSTART;VALUE=DATE:20270115" in text and "DTEND;VALUE=DATE:20270116" in text
    assert "vr 15 jan 2027 17:00" in str(event.description)


def test_series_with_extra_dates_becomes_single_meetings() -> None:
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:r1\r\n"
        b"DTSTAMP:20261101T120000Z\r\nDTSTART;TZID=Europe/Amsterdam:20270104T100000\r\n"
        b"RRULE:FREQ=WEEKLY;COUNT=2\r\nRDATE;TZID=Europe/Amsterdam:20270301T150000\r\n"
        b"SUMMARY:Scholing\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    calendar = read_calendar(data, TZ, NOW)
    assert [(e.uid, e.recurrence) for e in calendar.events] == [
        ("r1#2027-01-04T09:00:00Z", None),
        ("r1#2027-01-11T09:00:00Z", None),
        ("r1#2027-03-01T14:00:00Z", None),
    ]
    assert calendar.notes == (
        "De reeks 'Scholing' had losse extra data; die zijn als losse afspraken overgenomen.",
    )


def test_end_in_the_repeated_autumn_hour_reads_back_as_the_same_moment() -> None:
    # 01:00 CEST on the night the clocks go back; two hours later it is 02:00 CET, the
    # second pass of 02:00. As an Amsterdam wall time that end read back as 02:00 CEST,
    # an hour early, and the re-import saw a changed meeting.
    start = datetime(2027, 10, 30, 23, 0, tzinfo=UTC)
    daily = AgendaEvent(
        "nacht@rao-bot",
        "meeting",
        "FTO",
        start,
        recurrence="FREQ=DAILY",
        end_utc=start + timedelta(hours=2),
    )
    now = start - timedelta(days=1)
    data = export_ics([daily], TZ, "RAO Zuid", now_utc=now)
    calendar = read_calendar(data, TZ, now)
    assert [e.end_utc for e in calendar.events] == [start + timedelta(hours=2)]
    plan = plan_import([meeting(daily, 1)], calendar, TZ, now)
    assert plan.changed == () and len(plan.unchanged) == 1


def test_moved_occurrence_in_the_repeated_autumn_hour_keeps_its_moment() -> None:
    # Moved to 02:30 CET (01:30 UTC), the second 02:30 of that night.
    weekly = AgendaEvent(
        "week@rao-bot",
        "meeting",
        "Bestuur",
        local(2027, 10, 24, 20).astimezone(UTC),
        recurrence="FREQ=WEEKLY",
        end_utc=local(2027, 10, 24, 21).astimezone(UTC),
    )
    moved_to = datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    weekly = move_occurrence(weekly, local(2027, 10, 31, 20), moved_to, TZ)
    now = datetime(2027, 10, 20, tzinfo=UTC)
    calendar = read_calendar(export_ics([weekly], TZ, "RAO", now_utc=now), TZ, now)
    (back,) = calendar.events
    assert [o.start_utc for o in back.overrides] == [moved_to]
    assert plan_import([meeting(weekly, 1)], calendar, TZ, now).changed == ()
