"""Issue 11 end to end, cases 1–6: meetings typed with relative dates and end times, series
with one occurrence cancelled, and the .ics export that the bot reads back as itself.

The real bot polls the sandbox; dates are relative to today. Every check of an .ics file uses
`icalendar` and `recurring-ical-events`, as a calendar app would read it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from icalendar import Calendar

from bot.agenda.records import ReminderState
from bot.context import services_of_app
from bot.dutch_dates import format_day
from bot.storage import Storage
from tests.conftest import BOARD, GROUP, MEMBER, World
from tests.outbox import buttons, sent_to

TZ = ZoneInfo("Europe/Amsterdam")
Entry = dict[str, Any]


def _today() -> date:
    return datetime.now(TZ).date()


def _day(days_ahead: int) -> date:
    return _today() + timedelta(days=days_ahead)


def _typed(day: date, clock: str = "19:30") -> str:
    return f"{day:%d-%m-%Y} {clock}"


def _short(moment: datetime) -> str:
    """How /agenda names a day under its month heading: 'vr 4 dec'."""
    return format_day(moment, TZ).rsplit(" ", 1)[0]


def _storage(world: World) -> Storage:
    return services_of_app(world.app).storage


async def _say(world: World, chat_id: int, user: int, text: str) -> Entry:
    await world.client.send(chat_id, user, text)
    return await world.client.expect(sent_to(chat_id))


async def _press(world: World, chat_id: int, entry: Entry, label: str) -> Entry:
    """Press a button on `entry` as the board; the edited message comes back."""
    await world.client.press(chat_id, BOARD, entry["message_id"], button=label)
    return await world.client.expect(sent_to(chat_id, method="editMessageText"))


async def _ics(world: World, chat_id: int = GROUP, user: int = MEMBER) -> bytes:
    await world.client.send(chat_id, user, "/ics")
    document = await world.client.expect(sent_to(chat_id, method="sendDocument"))
    return await world.client.file(document["file_id"])


def _expanded(data: bytes, days: int = 60) -> list[tuple[str, datetime | date]]:
    """(title, start) of every occurrence in the file, as a calendar app expands it."""
    now = datetime.now(UTC)
    found = recurring_ical_events.of(Calendar.from_ical(data)).between(
        now, now + timedelta(days=days)
    )
    return sorted(
        ((str(e["SUMMARY"]), e.decoded("DTSTART")) for e in found), key=lambda p: str(p[1])
    )


def _write_schedule(directory: Path) -> None:
    directory.mkdir()
    (directory / "test-planning.yaml").write_text(
        f"""
id: test-planning-2027
title: "Testverzekeraar – inkoop 2027"
source:
  title: "Testbron"
items:
  - id: offerte
    date: {_day(10):%Y-%m-%d}
    title: "Test: eerste offerte"
    description: "De eerste offerte gaat naar de verzekeraar."
    source_section: "§1"
    status: bevestigd
  - id: lijst
    date: {_day(40):%Y-%m-%d}
    title: "Test: deadline lijst"
    description: "De vertegenwoordigingslijst moet binnen zijn."
    source_section: "§2"
    status: verwacht
""",
        encoding="utf-8",
    )


@pytest.fixture
def bot_settings_extra(tmp_path: Path) -> dict[str, Any]:
    directory = tmp_path / "schedules"
    _write_schedule(directory)
    return {"schedules_dir": directory}


# --- case 1: the time never goes into the title ---------------------------------------------


async def test_time_never_goes_into_the_title(world: World) -> None:
    reply = await _say(world, GROUP, BOARD, "/vergadering over 2 weken 20:00 Test E")
    assert "Test E" in reply["text"] and "20:00 Test E" not in reply["text"]
    ended = await _say(world, GROUP, BOARD, "/vergadering over 3 weken 19:30 tot 21:30 ALV")
    assert "tot 21:30" in ended["text"]
    meetings = {m.title: m for m in await _storage(world).agenda.agenda_meetings(GROUP)}
    assert set(meetings) == {"Test E", "ALV"}
    first = meetings["Test E"].start_utc.astimezone(TZ)
    assert (first.date(), first.time()) == (_day(14), time(20, 0))
    end = meetings["Test E"].end_utc
    assert end is not None and end - meetings["Test E"].start_utc == timedelta(hours=2)
    alv_end = meetings["ALV"].end_utc
    assert alv_end is not None and alv_end.astimezone(TZ).time() == time(21, 30)


async def test_default_duration_per_group(world: World) -> None:
    shown = await _say(world, GROUP, MEMBER, "/vergaderduur")
    assert "2 uur (standaard)" in shown["text"]
    refused = await _say(world, GROUP, MEMBER, "/vergaderduur 90 min")
    assert "Alleen het bestuur" in refused["text"]
    assert (
        "duur tussen 5 minuten en 24 uur"
        in (await _say(world, GROUP, BOARD, "/vergaderduur 3 min"))["text"]
    )
    changed = await _say(world, GROUP, BOARD, "/vergaderduur 1u30")
    assert "anderhalf uur" in changed["text"]
    reply = await _say(world, GROUP, BOARD, f"/vergadering {_typed(_day(4))} Werkoverleg")
    assert "tot 21:00" in reply["text"]
    (meeting,) = await _storage(world).agenda.agenda_meetings(GROUP)
    assert meeting.end_utc is not None
    assert meeting.end_utc - meeting.start_utc == timedelta(minutes=90)
    (event,) = Calendar.from_ical(await _ics(world)).walk("VEVENT")
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=90)


# --- case 2: the bot's own export sent back creates nothing ---------------------------------


async def test_own_export_sent_back_creates_nothing(world: World) -> None:
    await _say(world, GROUP, BOARD, "/abonneer test-planning-2027")
    await _say(world, GROUP, BOARD, f"/vergadering {_typed(_day(9))} ALV | Zwolle")
    await _say(
        world, GROUP, BOARD, f"/vergadering {_typed(_day(2), '20:00')} Bestuur | online | elke week"
    )
    await _say(world, GROUP, BOARD, f"/vergadering {_typed(_day(5), '10:00')} Regio | maandelijks")
    before = (await _say(world, GROUP, MEMBER, "/agenda"))["text"]
    data = await _ics(world)

    await world.client.upload(GROUP, BOARD, "agenda-rao-zuid.ics", data)
    reply = (await world.client.expect(sent_to(GROUP)))["text"]
    assert "0 nieuw, 0 bijgewerkt" in reply, reply
    assert len(await _storage(world).agenda.agenda_meetings(GROUP)) == 3
    after = (await _say(world, GROUP, MEMBER, "/agenda"))["text"]
    assert after == before and after.count("ALV") == 1
    assert _expanded(await _ics(world)) == _expanded(data)


# --- case 3: ends, all-day events and deadlines ---------------------------------------------

OUTLOOK_ALL_DAY = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r
X-WR-CALNAME:Regio\r
BEGIN:VEVENT\r
UID:studiedag-knmp\r
DTSTAMP:20261101T120000Z\r
DTSTART;VALUE=DATE:{day:%Y%m%d}\r
DTEND;VALUE=DATE:{next:%Y%m%d}\r
SUMMARY:Studiedag KNMP\r
END:VEVENT\r
END:VCALENDAR\r
"""


async def test_export_has_ends_and_all_day_stays_all_day(world: World) -> None:
    await _say(world, GROUP, BOARD, "/abonneer test-planning-2027")
    await _say(world, GROUP, BOARD, f"/vergadering {_typed(_day(6))} tot 22:00 ALV")
    await _say(world, GROUP, BOARD, f"/vergadering {_typed(_day(3))} FTO | elke week")
    day = _day(12)
    upload = OUTLOOK_ALL_DAY.format(day=day, next=day + timedelta(days=1)).encode()
    await world.client.upload(GROUP, BOARD, "regio.ics", upload)
    assert "1 nieuw" in (await world.client.expect(sent_to(GROUP)))["text"]

    (studiedag,) = [
        m
        for m in await _storage(world).agenda.agenda_meetings(GROUP)
        if m.title != "ALV" and m.title != "FTO"
    ]
    assert studiedag.all_day
    rows = await _storage(world).agenda.agenda_reminders(GROUP, ReminderState.PENDING)
    assert {r.lead for r in rows if r.event_uid == studiedag.uid} == {"3d"}  # day leads only
    agenda = (await _say(world, GROUP, MEMBER, "/agenda"))["text"]
    assert f"{_short(datetime.combine(day, time(12), TZ))} hele dag – Studiedag KNMP" in agenda

    calendar = Calendar.from_ical(await _ics(world))
    events = list(calendar.walk("VEVENT"))
    assert {str(e["SUMMARY"]) for e in events} == {
        "ALV",
        "FTO",
        "Studiedag KNMP",
        "Test: eerste offerte",
        "Test: deadline lijst",
    }
    for component in calendar.walk():
        assert not component.errors, (component.name, component.errors)
    for event in events:
        start = event.decoded("DTSTART")
        if isinstance(start, datetime):
            assert "DTEND" in event or "DURATION" in event, event["SUMMARY"]
            assert event.decoded("DTEND") > start
        else:
            assert event["DTSTART"].params["VALUE"] == "DATE", event["SUMMARY"]
    by_title = {str(e["SUMMARY"]): e for e in events}
    assert by_title["ALV"].decoded("DTEND").astimezone(TZ).time() == time(22, 0)
    assert by_title["Studiedag KNMP"].decoded("DTSTART") == day
    assert len(by_title["Studiedag KNMP"].walk("VALARM")) == 2  # 14d and 3d, no 2u
    assert by_title["Test: deadline lijst"].decoded("DTSTART") == _day(40)


# --- case 4: one occurrence of a series -----------------------------------------------------


async def _weekly_series(world: World) -> list[datetime]:
    await _say(world, GROUP, BOARD, f"/vergadering {_typed(_day(3))} FTO | online | elke week")
    (meeting,) = await _storage(world).agenda.agenda_meetings(GROUP)
    now = datetime.now(UTC)
    return meeting.to_event().occurrences(TZ, now, now + timedelta(days=60))


async def _cancel(world: World, occurrence: int, scope: str) -> Entry:
    choose = await _say(world, GROUP, BOARD, "/annuleer")
    (series,) = [b["text"] for b in buttons(choose)]
    which = await _press(world, GROUP, choose, series)
    assert "Welke keer van FTO" in which["text"]
    label = [b["text"] for b in buttons(which)][occurrence]
    question = await _press(world, GROUP, which, label)
    assert {b["text"] for b in buttons(question)} == {
        "Alleen deze keer",
        "Deze en volgende",
        "De hele reeks",
    }
    return await _press(world, GROUP, question, scope)


async def _pending_starts(world: World) -> set[datetime]:
    rows = await _storage(world).agenda.agenda_reminders(GROUP, ReminderState.PENDING)
    return {r.occurrence_utc for r in rows}


async def test_cancel_only_this_time_keeps_the_rest_of_the_series(world: World) -> None:
    starts = await _weekly_series(world)
    assert len(starts) >= 8
    gone = starts[1]
    assert gone in await _pending_starts(world)

    done = await _cancel(world, 1, "Alleen deze keer")
    assert "alleen deze keer" in done["text"] and "De rest van de reeks blijft" in done["text"]

    pending = await _pending_starts(world)
    assert gone not in pending and {starts[0], starts[2], starts[-1]} <= pending
    agenda = (await _say(world, GROUP, MEMBER, "/agenda"))["text"]
    assert f"{_short(gone)} 19:30 – FTO" not in agenda
    assert f"{_short(starts[0])} 19:30 – FTO" in agenda
    assert f"{_short(starts[2])} 19:30 – FTO" in agenda
    assert agenda.count("FTO") == len(starts) - 1

    data = await _ics(world)
    assert b"EXDATE" in data
    expanded = [start for title, start in _expanded(data) if title == "FTO"]
    assert gone not in expanded and starts[0] in expanded and starts[2] in expanded
    assert len(expanded) == len(starts) - 1


async def test_cancel_this_and_later_ends_the_series(world: World) -> None:
    starts = await _weekly_series(world)
    done = await _cancel(world, 2, "Deze en volgende")
    assert "vanaf" in done["text"]
    pending = await _pending_starts(world)
    assert starts[1] in pending and pending <= {starts[0], starts[1]}
    agenda = (await _say(world, GROUP, MEMBER, "/agenda"))["text"]
    assert agenda.count("FTO") == 2
    expanded = [start for title, start in _expanded(await _ics(world)) if title == "FTO"]
    assert expanded == starts[:2]


async def test_move_one_occurrence(world: World) -> None:
    starts = await _weekly_series(world)
    target = datetime.combine(starts[1].astimezone(TZ).date() + timedelta(days=1), time(20), TZ)
    ask = await _say(world, GROUP, BOARD, f"/verplaats {target:%d-%m-%Y} 20:00")
    assert "Welke vergadering verplaats je" in ask["text"]
    label = next(b["text"] for b in buttons(ask) if _short(starts[1]) in b["text"])
    done = await _press(world, GROUP, ask, label)
    assert "alleen deze keer" in done["text"]
    pending = await _pending_starts(world)
    assert starts[1] not in pending and target.astimezone(UTC) in pending
    data = await _ics(world)
    assert b"RECURRENCE-ID" in data
    expanded = [start for title, start in _expanded(data) if title == "FTO"]
    assert target in expanded and starts[1] not in expanded and starts[2] in expanded


# --- case 5: reminders, /agenda and the .ics agree on one rule ------------------------------

ODD_RULE = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Test//Agenda//NL\r
X-WR-CALNAME:Zondagen\r
BEGIN:VEVENT\r
UID:zondagen-1\r
DTSTAMP:20261101T120000Z\r
DTSTART;TZID=Europe/Amsterdam:{start:%Y%m%dT190000}\r
DTEND;TZID=Europe/Amsterdam:{start:%Y%m%dT200000}\r
RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=SU\r
SUMMARY:Zondagoverleg\r
END:VEVENT\r
END:VCALENDAR\r
"""


async def test_reminders_agenda_and_ics_agree_on_a_rule(world: World) -> None:
    tuesday = next(_day(n) for n in range(2, 9) if _day(n).weekday() == 1)
    await world.client.upload(GROUP, BOARD, "zondagen.ics", ODD_RULE.format(start=tuesday).encode())
    assert "1 nieuw" in (await world.client.expect(sent_to(GROUP)))["text"]

    now = datetime.now(UTC)
    window = now + timedelta(days=60)
    rows = await _storage(world).agenda.agenda_reminders(GROUP, ReminderState.PENDING)
    reminded = sorted({r.occurrence_utc for r in rows if r.occurrence_utc < window})
    expanded = [s for title, s in _expanded(await _ics(world)) if title == "Zondagoverleg"]
    assert all(isinstance(s, datetime) for s in expanded)
    assert [s.astimezone(UTC) for s in expanded if isinstance(s, datetime)] == reminded
    assert reminded[0].astimezone(TZ).date() == tuesday  # DTSTART counts, as in every app
    assert {s.astimezone(TZ).weekday() for s in reminded[1:]} == {6}
    agenda = (await _say(world, GROUP, MEMBER, "/agenda"))["text"]
    assert agenda.count("Zondagoverleg") == len(reminded)
    for start in reminded:
        assert f"{_short(start)} 19:00 – Zondagoverleg" in agenda


# --- case 6: relative dates, and a question instead of a guess ------------------------------


async def test_relative_dates_and_ambiguous_series_get_a_question(world: World) -> None:
    next_week = await _say(world, GROUP, BOARD, "/vergadering volgende week dinsdag 19:30 Overleg")
    assert "Vergadering in de agenda gezet" in next_week["text"]
    soon = await _say(world, GROUP, BOARD, "/vergadering over 3 dagen 17:00 Borrel")
    assert "Vergadering in de agenda gezet" in soon["text"]
    meetings = {m.title: m for m in await _storage(world).agenda.agenda_meetings(GROUP)}
    borrel = meetings["Borrel"].start_utc.astimezone(TZ)
    assert (borrel.date(), borrel.time()) == (_day(3), time(17, 0))
    overleg = meetings["Overleg"].start_utc.astimezone(TZ)
    monday = _today() - timedelta(days=_today().weekday())
    assert overleg.date() == monday + timedelta(days=8) and overleg.time() == time(19, 30)

    # A first Tuesday with "elke tweede dinsdag": two readings, so the bot asks.
    first_tuesday = next(
        _day(n) for n in range(1, 80) if _day(n).weekday() == 1 and _day(n).day <= 7
    )
    question = await _say(
        world, GROUP, BOARD, f"/vergadering {_typed(first_tuesday)} Bestuur | elke tweede dinsdag"
    )
    labels = [b["text"] for b in buttons(question)]
    assert len(labels) == 2 and "Wat bedoel je" in question["text"]
    assert len(await _storage(world).agenda.agenda_meetings(GROUP)) == 2  # nothing guessed
    monthly = next(label for label in labels if "van de maand" in label)
    saved = await _press(world, GROUP, question, monthly)
    second_tuesday = first_tuesday + timedelta(days=7)
    first = format_day(datetime.combine(second_tuesday, time(19, 30), TZ), TZ)
    assert f"Eerste keer: {first} 19:30" in saved["text"]
    assert "past niet bij" in saved["text"]  # and it says why not the typed date
    bestuur = next(
        m for m in await _storage(world).agenda.agenda_meetings(GROUP) if m.title == "Bestuur"
    )
    assert bestuur.start_utc.astimezone(TZ).date() == second_tuesday
    assert bestuur.recurrence == "FREQ=MONTHLY;BYDAY=2TU"
