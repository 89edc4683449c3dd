"""Issue 11 end to end, cases 7–8 and the import rules: one agenda per organisation, the
private chat that asks which group, duplicates, vote deadlines, meetings removed from a
re-imported calendar, and an upload that must not stall other chats."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar

from bot.agenda.records import ReminderState
from bot.context import services_of_app
from bot.storage import Storage
from tests.conftest import BOARD, GROUP, MEMBER, World, until
from tests.outbox import buttons, sent_to
from tests.polls_helpers import close_poll, enrol

TZ = ZoneInfo("Europe/Amsterdam")
GROUP_B = -1002  # the members' group of the same organisation
BOARD_B = 21
GROUP_C = -1003  # another organisation
Entry = dict[str, Any]


def _day(days_ahead: int) -> date:
    return (datetime.now(TZ) + timedelta(days=days_ahead)).date()


def _typed(days_ahead: int, clock: str = "19:30") -> str:
    return f"{_day(days_ahead):%d-%m-%Y} {clock}"


def _storage(world: World) -> Storage:
    return services_of_app(world.app).storage


async def _say(world: World, chat_id: int, user: int, text: str) -> Entry:
    await world.client.send(chat_id, user, text)
    return await world.client.expect(sent_to(chat_id))


async def _link_groups(world: World) -> None:
    """Group B joins RAO Zuid's organisation with a code, through the polls feature."""
    c = world.client
    await c.chat(GROUP_B, "RAO Zuid leden")
    await c.user(BOARD_B, "Bo", "bo", chats=[GROUP, GROUP_B], admin_of=[GROUP_B], started=True)
    await c.user(MEMBER, "Piet", "piet", chats=[GROUP, GROUP_B], started=True)
    await _say(world, GROUP, BOARD, "/koppelcode")
    reply = await c.find(sent_to(BOARD, "Koppelcode"))
    match = re.search(r"/koppel ([A-Z0-9]{6})", reply["text"])
    assert match, reply["text"]
    linked = await _say(world, GROUP_B, BOARD_B, f"/koppel {match.group(1)}")
    assert "gekoppeld" in linked["text"], linked["text"]
    await c.expect(sent_to(GROUP, "gekoppeld"))  # the notice in the first group
    orgs = await _storage(world).orgs.organisations()
    assert [o.chat_ids for o in orgs] == [(GROUP, GROUP_B)]


# --- case 7: one agenda per organisation ----------------------------------------------------


async def test_linked_groups_share_meetings_subscriptions_and_reminders(world: World) -> None:
    await _link_groups(world)
    await _say(world, GROUP, BOARD, f"/vergadering {_typed(20)} ALV | Zwolle")
    agenda_b = (await _say(world, GROUP_B, MEMBER, "/agenda"))["text"]
    assert "ALV · Zwolle" in agenda_b

    storage = _storage(world)
    pending = await storage.agenda.agenda_reminders(state=ReminderState.PENDING)
    assert {r.target_chat for r in pending} == {GROUP, GROUP_B}

    # Each group chooses whether reminders are posted there.
    off = await _say(world, GROUP_B, BOARD_B, "/herinneringen uit")
    assert "niet meer in deze groep" in off["text"]
    pending = await storage.agenda.agenda_reminders(state=ReminderState.PENDING)
    assert {r.target_chat for r in pending} == {GROUP}

    # A member who follows both groups gets one private copy, and cancelling from B works.
    await _say(world, GROUP, MEMBER, "/volg")
    await _say(world, GROUP_B, MEMBER, "/volg")
    pending = await storage.agenda.agenda_reminders(state=ReminderState.PENDING)
    assert sorted(r.target_chat for r in pending if r.lead == "2u") == [GROUP, MEMBER]
    choose = await _say(world, GROUP_B, BOARD_B, "/annuleer")
    await world.client.press(
        GROUP_B, BOARD_B, choose["message_id"], button=buttons(choose)[0]["text"]
    )
    ask = await world.client.expect(sent_to(GROUP_B, method="editMessageText"))
    assert "annuleren?" in ask["text"]  # one tap in the list asks first
    waiting = await storage.agenda.agenda_reminders(state=ReminderState.PENDING)
    assert waiting
    await world.client.press(GROUP_B, BOARD_B, choose["message_id"], button="Nee, laten staan")
    kept = await world.client.expect(sent_to(GROUP_B, method="editMessageText"))
    assert "Niets geannuleerd" in kept["text"]
    assert await storage.agenda.agenda_reminders(state=ReminderState.PENDING) == waiting
    choose = await _say(world, GROUP_B, BOARD_B, "/annuleer")
    await world.client.press(
        GROUP_B, BOARD_B, choose["message_id"], button=buttons(choose)[0]["text"]
    )
    await world.client.expect(sent_to(GROUP_B, "annuleren?", method="editMessageText"))
    await world.client.press(GROUP_B, BOARD_B, choose["message_id"], button="Ja, annuleren")
    done = await world.client.expect(sent_to(GROUP_B, method="editMessageText"))
    assert "Geannuleerd" in done["text"]
    assert await storage.agenda.agenda_reminders(state=ReminderState.PENDING) == []
    assert "ALV" not in (await _say(world, GROUP, MEMBER, "/agenda"))["text"]


async def test_private_chat_asks_which_group(world: World) -> None:
    c = world.client
    await c.chat(GROUP_C, "RAO Noord")
    await c.user(MEMBER, "Piet", "piet", chats=[GROUP, GROUP_C], started=True)
    await c.user(31, "Cor", "cor", chats=[GROUP_C], admin_of=[GROUP_C], started=True)
    await _say(world, GROUP, BOARD, f"/vergadering {_typed(5)} Zuid-overleg")
    await _say(world, GROUP_C, 31, f"/vergadering {_typed(6)} Noord-overleg")

    question = await _say(world, MEMBER, MEMBER, "/agenda")
    assert question["text"] == "Van welke groep wil je de agenda zien?"
    assert {b["text"] for b in buttons(question)} == {"RAO Zuid", "RAO Noord"}
    await c.press(MEMBER, MEMBER, question["message_id"], button="RAO Noord")
    shown = await c.expect(sent_to(MEMBER, method="editMessageText"))
    assert "Noord-overleg" in shown["text"] and "Zuid-overleg" not in shown["text"]

    follow = await _say(world, MEMBER, MEMBER, "/volg")
    assert "Van welke groep" in follow["text"]
    assert "Ik weet niet in welke groep" not in follow["text"]
    await c.press(MEMBER, MEMBER, follow["message_id"], button="RAO Zuid")
    followed = await c.expect(sent_to(MEMBER, method="editMessageText"))
    assert "RAO Zuid" in followed["text"] and "nu ook privé" in followed["text"]
    # One group left to follow: no question, it is followed at once.
    assert "RAO Noord" in (await _say(world, MEMBER, MEMBER, "/volg"))["text"]
    again = await _say(world, MEMBER, MEMBER, "/volg")
    assert "Je volgt al" in again["text"]

    # /ics asks too, and sends the chosen group's file.
    question = await _say(world, MEMBER, MEMBER, "/ics")
    assert question["text"] == "Van welke groep wil je de agenda als .ics-bestand?"
    await c.press(MEMBER, MEMBER, question["message_id"], button="RAO Zuid")
    document = await c.expect(sent_to(MEMBER, method="sendDocument"))
    assert document["file_name"] == "agenda-rao-zuid.ics"
    calendar = Calendar.from_ical(await c.file(document["file_id"]))
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Zuid-overleg"]


async def test_duplicate_meeting_asks_for_confirmation(world: World) -> None:
    typed = f"/vergadering {_typed(8)} ALV"
    await _say(world, GROUP, BOARD, typed)
    question = await _say(world, GROUP, BOARD, typed)
    assert "Er staat al een vergadering ALV" in question["text"]
    labels = [b["text"] for b in buttons(question)]
    assert len(labels) == 2
    await world.client.press(GROUP, BOARD, question["message_id"], button=labels[1])
    no = await world.client.expect(sent_to(GROUP, method="editMessageText"))
    assert "niets toegevoegd" in no["text"]
    assert len(await _storage(world).agenda.agenda_meetings(GROUP)) == 1

    question = await _say(world, GROUP, BOARD, typed)
    await world.client.press(GROUP, BOARD, question["message_id"], button=labels[0])
    yes = await world.client.expect(sent_to(GROUP, method="editMessageText"))
    assert "Vergadering in de agenda gezet" in yes["text"]
    assert len(await _storage(world).agenda.agenda_meetings(GROUP)) == 2


# --- case 8: vote deadlines in /agenda and /ics ---------------------------------------------


async def test_vote_deadlines_in_agenda_and_ics(world: World) -> None:
    c = world.client
    await enrol(c, [101])  # a poll needs someone on the roster
    await c.expect(sent_to(GROUP, "Ledenlijst"))  # the import's reply, before the poll's
    started = await _say(
        world, GROUP, BOARD, "/peiling Koffie op de ALV? | Ja | Nee | sluit over 3 dagen"
    )
    number = int(re.search(r"#(\d+)", started["text"]).group(1))  # type: ignore[union-attr]
    agenda = await _say(world, GROUP, MEMBER, "/agenda")
    poll = await _storage(world).polls.poll(number)
    assert poll is not None and poll.closes_utc is not None and poll.message_id is not None
    closes = poll.closes_utc.astimezone(TZ)
    line = f"Stemming #{number} sluit om {closes:%H:%M}: Koffie op de ALV?"
    assert line in agenda["text"]
    link = f"https://t.me/c/1/{poll.message_id}"
    assert f'href="{link}"' in agenda["html"]

    await c.send(GROUP, MEMBER, "/ics")
    document = await c.expect(sent_to(GROUP, method="sendDocument"))
    calendar = Calendar.from_ical(await c.file(document["file_id"]))
    (event,) = [e for e in calendar.walk("VEVENT") if str(e["UID"]) == f"stemming-{number}@rao-bot"]
    assert str(event["SUMMARY"]) == line
    assert event.decoded("DTSTART") == closes.date()
    assert event["DTSTART"].params["VALUE"] == "DATE"
    assert str(event["URL"]) == link

    # Closed: gone from the agenda.
    await close_poll(c, number)
    await c.idle()
    await c.sync()
    assert f"Stemming #{number}" not in (await _say(world, GROUP, MEMBER, "/agenda"))["text"]


# --- re-importing a calendar ----------------------------------------------------------------

CALENDAR = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Google Inc//Google Calendar 70.9054//EN\r
X-WR-CALNAME:KNMP regio\r
{events}END:VCALENDAR\r
"""
EVENT = """BEGIN:VEVENT\r
UID:{uid}\r
DTSTAMP:20261101T120000Z\r
DTSTART;TZID=Europe/Amsterdam:{day:%Y%m%d}T200000\r
DTEND;TZID=Europe/Amsterdam:{day:%Y%m%d}T213000\r
SUMMARY:{title}\r
END:VEVENT\r
"""


def _calendar(*events: tuple[str, str, int]) -> bytes:
    body = "".join(EVENT.format(uid=u, title=t, day=_day(d)) for u, t, d in events)
    return CALENDAR.format(events=body).encode()


async def test_meetings_removed_from_the_source_are_cancelled_after_confirmation(
    world: World,
) -> None:
    c = world.client
    full = _calendar(("a@google", "Scholing", 10), ("b@google", "Nascholing", 17))
    await c.upload(GROUP, BOARD, "knmp.ics", full)
    assert "2 nieuw" in (await c.expect(sent_to(GROUP)))["text"]

    await c.upload(GROUP, BOARD, "knmp.ics", _calendar(("a@google", "Scholing", 10)))
    report = await c.expect(sent_to(GROUP))
    assert "0 nieuw, 0 bijgewerkt, 1 ongewijzigd" in report["text"]
    assert "ontbreken nu" in report["text"] and "Nascholing" in report["text"]
    assert "Nascholing" in (await _say(world, GROUP, MEMBER, "/agenda"))["text"]  # asked first

    labels = [b["text"] for b in buttons(report)]
    await c.press(GROUP, MEMBER, report["message_id"], button=labels[0])  # not the board
    await c.press(GROUP, BOARD, report["message_id"], button=labels[0])
    done = await c.expect(sent_to(GROUP, method="editMessageText"))
    assert "Geannuleerd (1): Nascholing" in done["text"]
    agenda = (await _say(world, GROUP, MEMBER, "/agenda"))["text"]
    assert "Nascholing" not in agenda and "Scholing" in agenda


async def test_hostile_calendar_does_not_stall_other_chats(world: World) -> None:
    """A file that takes the whole parsing budget runs off the event loop: another chat is
    answered while it is still being read, and the upload ends with a Dutch refusal."""
    c = world.client
    hostile = "".join(
        f"BEGIN:VEVENT\r\nUID:h{n}\r\nDTSTAMP:20261101T120000Z\r\nDTSTART:19000101T100000Z\r\n"
        "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29\r\nSUMMARY:x\r\nEND:VEVENT\r\n"
        for n in range(900)
    )
    data = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n{hostile}END:VCALENDAR\r\n".encode()
    await c.upload(GROUP, BOARD, "zwaar.ics", data)
    # The bot is reading it now.
    await until(lambda: world.sandbox.state.stats.get("getFile", 0) > 0, timeout=10)

    answered = await _say(world, MEMBER, MEMBER, "/agenda")  # another chat, meanwhile
    entries = await c.outbox(0, chat_id=GROUP)
    assert not any("te zwaar" in (e.get("text") or "") for e in entries)  # still reading

    refusal = await c.expect(sent_to(GROUP, "te zwaar"), timeout=20)
    assert refusal["seq"] > answered["seq"]
    assert await _storage(world).agenda.agenda_meetings(GROUP) == []
    assert datetime.now(UTC)  # the bot is still up for the next command
    assert "agenda" in (await _say(world, GROUP, MEMBER, "/agenda"))["text"]
