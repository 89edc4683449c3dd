"""The decision register end to end: a closed vote with its outcome and review date in
/besluiten, the review date in /agenda with a reminder, and the register as CSV."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from bot.dutch_dates import format_day
from bot.polls.decisions import REVIEW_TIME
from bot.sandbox.client import Entry, SandboxClient
from tests.conftest import BOARD, GROUP, MEMBER, World
from tests.outbox import buttons, sent_to
from tests.polls_helpers import (
    close_poll,
    command,
    csv_rows,
    enrol,
    last_seq,
    press,
    run_due,
    start_mandate,
    storage_of,
    wait_for,
)

USERS = [101, 102, 103]
AMS = ZoneInfo("Europe/Amsterdam")


async def test_a_closed_vote_its_outcome_and_review_date_in_the_register_and_agenda(
    world: World,
) -> None:
    c = world.client
    await enrol(c, USERS)
    reply = await command(c, GROUP, MEMBER, "/besluiten")
    assert "nog geen gesloten stemmingen" in reply["text"]
    poll_id, message_id = await start_mandate(c)
    for uid in USERS:
        await press(c, GROUP, uid, message_id, "Voor")
    before = await last_seq(c)
    await run_due(world.app, poll_id, f"poll-close-{poll_id}")
    await wait_for(c, sent_to(GROUP, "Uitslag", before))
    # A quick poll closed too: its verdict is the option with the most votes.
    entry = await command(c, GROUP, BOARD, "/peiling Welke avond? | di | wo", "Peiling")
    await press(c, GROUP, 101, int(entry["message_id"]), "wo")
    before = await last_seq(c)
    await close_poll(c, 2)
    await wait_for(c, sent_to(GROUP, "Uitslag", before))

    review = (datetime.now(UTC) + timedelta(weeks=3)).astimezone(AMS)
    typed = f"{review.day}-{review.month}-{review.year}"
    reply = await command(
        c,
        GROUP,
        BOARD,
        f"/uitkomst {poll_id} Het bestuur tekent het RESV-plan. | evalueren {typed}",
        "Uitkomst",
    )
    shown = format_day(review.replace(hour=REVIEW_TIME.hour, minute=0), AMS)
    assert f"Evalueren: {shown} (staat in /agenda" in reply["text"]

    reply = await command(c, GROUP, MEMBER, "/besluiten", "Besluitenlijst")
    text = reply["text"]
    assert f"#{poll_id} Bestuursmandaat · gesloten" in text
    assert "✅ Mandaat verleend · opkomst 3 van 3 apotheken" in text
    assert "Uitkomst: Het bestuur tekent het RESV-plan." in text
    assert f"Evalueren: {shown}" in text
    assert "#2 Raadpleging" in text and "Meeste stemmen: wo (1) · opkomst 1 van 3" in text
    assert text.index("#2 Raadpleging") < text.index(f"#{poll_id} Bestuursmandaat")  # newest first

    agenda = await command(c, GROUP, MEMBER, "/agenda")
    assert f"Evaluatie besluit #{poll_id}: Geef je het bestuur mandaat" in agenda["text"]
    reminders = await storage_of(world).agenda.agenda_reminders(GROUP)
    assert any(r.event_uid.startswith(f"besluit-{poll_id}-") for r in reminders)

    # A new outcome with a new review date (asked first) replaces the agenda item.
    later = review + timedelta(days=7)
    ask = await command(
        c,
        GROUP,
        BOARD,
        f"/uitkomst {poll_id} Getekend. | evalueren {later.day}-{later.month}-{later.year}",
        "Vervangen?",
    )
    before = await last_seq(c)
    await press(c, GROUP, BOARD, ask["message_id"], "Ja, vervangen")
    await wait_for(c, sent_to(GROUP, "(vervangen)", before))
    agenda = await command(c, GROUP, MEMBER, "/agenda")
    assert agenda["text"].count(f"Evaluatie besluit #{poll_id}") == 1

    # The register as CSV, for the board only.
    reply = await command(c, GROUP, MEMBER, "/besluiten export")
    assert reply["text"] == "Dit kan alleen het bestuur."
    before = await last_seq(c)
    await c.send(GROUP, BOARD, "/besluiten export")
    document = await wait_for(c, sent_to(BOARD, "Besluitenlijst", before, method="sendDocument"))
    assert document["file_name"] == "besluitenlijst.csv"
    rows = csv_rows(await c.file(document["file_id"]))
    assert rows[0] == [
        "Nr", "Soort", "Vraag", "Gesloten op", "Uitslag", "Opkomst", "Uitkomst", "Evalueren op"
    ]  # fmt: skip
    mandate = next(row for row in rows if row[0] == str(poll_id))
    assert mandate[1] == "Bestuursmandaat" and mandate[4] == "✅ Mandaat verleend"
    assert mandate[6] == "Getekend." and mandate[7] == later.strftime("%d-%m-%Y")
    closed = datetime.strptime(mandate[3], "%d-%m-%Y").date()  # a date Dutch Excel reads
    assert closed == datetime.now(UTC).astimezone(AMS).date()


async def replace_outcome(c: SandboxClient, typed: str, button: str) -> tuple[Entry, Entry]:
    """/uitkomst over an existing outcome: the question, and what the press made of it."""
    ask = await command(c, GROUP, BOARD, typed, "Vervangen?")
    before = await last_seq(c)
    await press(c, GROUP, BOARD, ask["message_id"], button)
    edited = await wait_for(
        c,
        lambda e: (
            e["method"] == "editMessageText"
            and e["message_id"] == ask["message_id"]
            and e["seq"] > before
        ),
    )
    return ask, edited


async def ics_description(c: SandboxClient) -> str:
    before = await last_seq(c)
    await c.send(GROUP, BOARD, "/ics")
    document = await wait_for(c, sent_to(GROUP, "Agenda van", before, method="sendDocument"))
    calendar = Calendar.from_ical(await c.file(document["file_id"]))
    return " ".join(str(e.get("DESCRIPTION")) for e in calendar.walk("VEVENT"))


async def test_replacing_an_outcome_is_asked_first_and_the_agenda_follows(world: World) -> None:
    c = world.client
    await enrol(c, USERS)
    poll_id, message_id = await start_mandate(c)
    await press(c, GROUP, 101, message_id, "Voor")
    await close_poll(c, poll_id)
    review = (datetime.now(UTC) + timedelta(weeks=3)).astimezone(AMS)
    typed = f"{review.day}-{review.month}-{review.year}"
    first = await command(
        c, GROUP, BOARD, f"/uitkomst {poll_id} Het bestuur tekent. | evalueren {typed}", "Uitkomst"
    )
    assert "Vervangen?" not in first["text"] and not buttons(first)  # a first one is not asked

    # "Nee" keeps the first outcome.
    ask, edited = await replace_outcome(c, f"/uitkomst {poll_id} Toch <niet>.", "Nee, niets doen")
    assert "Nu: Het bestuur tekent." in ask["text"]
    assert "Nieuw: Toch <niet>." in ask["text"]
    shown = format_day(review.replace(hour=REVIEW_TIME.hour, minute=0), AMS)
    assert f"De evaluatiedatum ({shown}) blijft" in ask["text"]
    assert "Niets gewijzigd" in edited["text"]
    register = await command(c, GROUP, MEMBER, "/besluiten", "Besluitenlijst")
    assert "Uitkomst: Het bestuur tekent." in register["text"]

    # "Ja" replaces it and says so; the review date stays, its agenda item takes the new text.
    before = await last_seq(c)
    _, edited = await replace_outcome(c, f"/uitkomst {poll_id} Toch niet tekenen.", "Ja, vervangen")
    assert "vervangen" in edited["text"]
    posted = await wait_for(c, sent_to(GROUP, "(vervangen)", before))
    assert "Toch niet tekenen." in posted["text"]
    assert "Vorige uitkomst: Het bestuur tekent." in posted["text"]
    assert f"Evalueren blijft: {shown}" in posted["text"]
    register = await command(c, GROUP, MEMBER, "/besluiten", "Besluitenlijst")
    assert "Uitkomst: Toch niet tekenen." in register["text"]
    assert f"Evalueren: {shown}" in register["text"]
    description = await ics_description(c)
    assert "Toch niet tekenen." in description and "Het bestuur tekent." not in description

    # A question answered after another replacement went through changes nothing.
    stale = await command(c, GROUP, BOARD, f"/uitkomst {poll_id} Derde.", "Vervangen?")
    await replace_outcome(c, f"/uitkomst {poll_id} Vierde.", "Ja, vervangen")
    before = await last_seq(c)
    await press(c, GROUP, BOARD, stale["message_id"], "Ja, vervangen")
    edited = await wait_for(c, lambda e: e["method"] == "editMessageText" and e["seq"] > before)
    assert "intussen al gewijzigd" in edited["text"]
    register = await command(c, GROUP, MEMBER, "/besluiten", "Besluitenlijst")
    assert "Uitkomst: Vierde." in register["text"]

    # "| geen evaluatie" takes the review date and its agenda item away.
    _, edited = await replace_outcome(
        c, f"/uitkomst {poll_id} Niet getekend. | geen evaluatie", "Ja, vervangen"
    )
    register = await command(c, GROUP, MEMBER, "/besluiten", "Besluitenlijst")
    assert "Uitkomst: Niet getekend." in register["text"] and "Evalueren" not in register["text"]
    agenda = await command(c, GROUP, MEMBER, "/agenda")
    assert f"Evaluatie besluit #{poll_id}" not in agenda["text"]


async def test_usage_examples_name_the_real_poll_or_a_placeholder(world: World) -> None:
    c = world.client
    await enrol(c, USERS)
    poll_id, message_id = await start_mandate(c)
    await press(c, GROUP, 101, message_id, "Voor")
    await close_poll(c, poll_id)
    # About a known poll: its own number.
    reply = await command(c, GROUP, BOARD, f"/uitkomst {poll_id}", "uitkomst")
    assert f"/uitkomst {poll_id} Het bestuur" in reply["text"]
    reply = await command(c, GROUP, BOARD, f"/uitkomst {poll_id} | evalueren 1-6-2030", "ontbreekt")
    assert f"/uitkomst {poll_id} Het bestuur" in reply["text"]
    await command(c, GROUP, BOARD, f"/uitkomst {poll_id} Getekend.", "Uitkomst")
    register = await command(c, GROUP, BOARD, "/besluiten", "Besluitenlijst")
    assert f"/uitkomst {poll_id} tekst" in register["text"]
    register = await command(c, GROUP, MEMBER, "/besluiten", "Besluitenlijst")
    assert "Uitkomst toevoegen" not in register["text"]  # members cannot
    # Generic usage: a placeholder, never a number that could be a real poll.
    for typed, example in (
        ("/uitkomst", "/uitkomst <nr> Het bestuur"),
        ("/verleng", "/verleng <nr> vrijdag"),
        ("/wijzig", "/wijzig <nr> Nieuwe vraag?"),
    ):
        reply = await command(c, GROUP, BOARD, typed)
        assert example in reply["text"], reply["text"]
    reply = await command(c, 101, 101, "/volmacht")
    assert "/volmacht <nr> @gebruikersnaam" in reply["text"]
    reply = await command(c, 101, 101, "/toelichting")
    assert "/toelichting <nr> Omdat" in reply["text"]
