"""The board's tools as a new board meets them: what cannot be undone is asked first, a vote
made by mistake can be withdrawn, commands without a number offer the votes as buttons, members
see and change their own vote from /stemmingen, and private reminders never go stale."""

from __future__ import annotations

from collections.abc import Callable

from bot.sandbox.client import Entry
from tests.conftest import BOARD, GROUP, MEMBER, World
from tests.outbox import buttons, sent_to
from tests.polls_helpers import (
    USERS,
    all_entries,
    close_poll,
    command,
    csv_rows,
    enrol,
    last_seq,
    pharmacy,
    press,
    start_mandate,
    storage_of,
    wait_for,
)


def _edited(message_id: int, containing: str, chat: int = GROUP) -> Callable[[Entry], bool]:
    return lambda e: (
        e["method"] == "editMessageText"
        and e["chat_id"] == chat
        and e["message_id"] == message_id
        and containing in (e.get("text") or "")
    )


async def test_closing_asks_first(world: World) -> None:
    c = world.client
    await enrol(c, USERS)
    poll_id, _ = await start_mandate(c)
    storage = storage_of(world)
    ask = await command(c, GROUP, BOARD, f"/sluit {poll_id}", "nu sluiten?")
    assert "Daarna kan niemand meer stemmen" in ask["text"]
    assert await press(c, GROUP, MEMBER, ask["message_id"], "Ja, nu sluiten") == (
        "Dit kan alleen het bestuur."
    )
    await press(c, GROUP, BOARD, ask["message_id"], "Nee, niets doen")
    await wait_for(c, _edited(ask["message_id"], f"stemming #{poll_id} blijft open"))
    poll = await storage.polls.poll(poll_id)
    assert poll is not None and poll.is_open
    await close_poll(c, poll_id)
    await wait_for(c, sent_to(GROUP, "Uitslag"))
    closed = await storage.polls.poll(poll_id)
    assert closed is not None and not closed.is_open
    # The closed group message shows when it closed, not the deadline it never reached.
    assert closed.closed_utc is not None and closed.message_id is not None
    message = await wait_for(c, _edited(closed.message_id, "Gesloten: "))
    assert "Sluit: " not in message["text"]


async def test_a_vote_made_by_mistake_is_withdrawn(world: World) -> None:
    c = world.client
    await enrol(c, USERS)
    await command(c, 102, 102, "/start")
    poll_id, message_id = await start_mandate(c, "/mandaat Vergissing? | sluit over 10 minuten")
    await press(c, GROUP, 101, message_id, "Voor")
    before = await last_seq(c)
    await c.send(GROUP, BOARD, f"/herinner {poll_id}")
    reminder = await wait_for(c, sent_to(102, "Herinnering", before))

    ask = await command(c, GROUP, BOARD, f"/intrekken {poll_id}", "intrekken?")
    assert "geen uitslag" in ask["text"] and "/export" in ask["text"]
    await press(c, GROUP, BOARD, ask["message_id"], "Nee, niets doen")
    await wait_for(c, _edited(ask["message_id"], "Niets veranderd"))
    ask = await command(c, GROUP, BOARD, f"/intrekken {poll_id}", "intrekken?")
    await press(c, GROUP, BOARD, ask["message_id"], "Ja, intrekken")
    await wait_for(c, _edited(ask["message_id"], f"Stemming #{poll_id} is ingetrokken"))
    notice = await wait_for(c, sent_to(GROUP, "ingetrokken door het bestuur"))
    assert "Vergissing?" in notice["text"]
    group_message = await wait_for(c, _edited(message_id, "Ingetrokken"))
    assert group_message["reply_markup"] is None
    stale = await wait_for(c, _edited(reminder["message_id"], "ingetrokken", chat=102))
    assert stale["reply_markup"] is None

    # Gone from /stemmingen and without result; in the audit trail of the export.
    listing = await command(c, GROUP, MEMBER, "/stemmingen")
    assert "Vergissing?" not in listing["text"]
    reply = await command(c, GROUP, MEMBER, f"/uitslag {poll_id}")
    assert "ingetrokken" in reply["text"]
    assert not await all_entries(c, sent_to(GROUP, "Uitslag"))
    before = await last_seq(c)
    await c.send(BOARD, BOARD, f"/export {poll_id}")
    export = await wait_for(
        c, lambda e: e["method"] == "sendDocument" and e["seq"] > before and e["chat_id"] == BOARD
    )
    assert "Ingetrokken door Bea (@bea)" in export["text"]
    assert len(csv_rows(await c.file(export["file_id"]))) == 1 + 1  # the one vote, kept
    poll = await storage_of(world).polls.poll(poll_id)
    assert poll is not None and poll.withdrawn and poll.result is None
    reply = await command(c, GROUP, BOARD, f"/intrekken {poll_id}")
    assert "ingetrokken" in reply["text"]


async def test_commands_without_a_number_offer_the_votes(world: World) -> None:
    c = world.client
    await enrol(c, USERS)
    first, _ = await start_mandate(c, "/mandaat Eerste vraag? | sluit over 10 minuten")
    second, _ = await start_mandate(c, "/mandaat Tweede vraag? | sluit over 10 minuten")
    await close_poll(c, first)
    await wait_for(c, sent_to(GROUP, "Uitslag"))

    # Before: "Bijvoorbeeld /opkomst 3". Now the votes as buttons, open ones for /sluit.
    offer = await command(c, BOARD, BOARD, "/opkomst", "opkomst zien?")
    assert [b["text"] for b in buttons(offer)] == [
        f"#{second} Tweede vraag? (open)",
        f"#{first} Eerste vraag? (gesloten)",
    ]
    before = await last_seq(c)
    await press(c, BOARD, BOARD, offer["message_id"], f"#{first} Eerste vraag? (gesloten)")
    report = await wait_for(c, sent_to(BOARD, "Opkomst bij", before))
    assert f"#{first}" in report["text"]

    offer = await command(c, BOARD, BOARD, "/sluit", "sluiten?")
    assert [b["text"] for b in buttons(offer)] == [f"#{second} Tweede vraag? (open)"]
    before = await last_seq(c)
    await press(c, BOARD, BOARD, offer["message_id"], f"#{second} Tweede vraag? (open)")
    ask = await wait_for(c, sent_to(BOARD, "nu sluiten?", before))
    assert f"Stemming #{second}" in ask["text"]

    offer = await command(c, BOARD, BOARD, "/export", "exporteren?")
    assert len(buttons(offer)) == 2
    offer = await command(c, 101, 101, "/uitslag", "uitslag zien?")
    before = await last_seq(c)
    await press(c, 101, 101, offer["message_id"], f"#{first} Eerste vraag? (gesloten)")
    await wait_for(c, sent_to(101, "Uitslag", before))
    # In a group with two open votes the buttons are offered too, and check rights the way
    # a typed number does.
    third, _ = await start_mandate(c, "/mandaat Derde vraag? | sluit over 10 minuten")
    offer = await command(c, GROUP, BOARD, "/herinner", "herinnering?")
    assert len(buttons(offer)) == 2
    before = await last_seq(c)
    await press(c, GROUP, MEMBER, offer["message_id"], f"#{third} Derde vraag? (open)")
    refused = await wait_for(c, sent_to(GROUP, "", before))
    assert refused["text"] == "Dit kan alleen het bestuur."
    await press(c, GROUP, BOARD, offer["message_id"], f"#{third} Derde vraag? (open)")
    await wait_for(c, sent_to(BOARD, f"Herinnering voor stemming #{third}", before))
    reply = await command(c, GROUP, MEMBER, "/opkomst")
    assert reply["text"] == "Dit kan alleen het bestuur."


async def test_own_vote_in_stemmingen_and_reminders_that_stay_true(world: World) -> None:
    c = world.client
    await enrol(c, USERS)
    for uid in (101, 102):
        await command(c, uid, uid, "/start")
    poll_id, message_id = await start_mandate(c)
    await press(c, GROUP, 101, message_id, "Tegen")

    listing = await command(c, 101, 101, "/stemmingen", "Stemmingen van")
    assert "jouw stem: Tegen" in listing["text"]
    listing = await command(c, 102, 102, "/stemmingen", "Stemmingen van")
    assert "jouw stem: nog niet" in listing["text"]
    group = await command(c, GROUP, 101, "/stemmingen", "Stemmingen van")
    assert "jouw stem" not in group["text"] and "privé" in group["text"]

    # 101 changes the vote from the list.
    listing = await command(c, 101, 101, "/stemmingen", "Stemmingen van")
    before = await last_seq(c)
    await press(c, 101, 101, listing["message_id"], f"Wijzig je stem bij #{poll_id}")
    ballot = await wait_for(c, sent_to(101, "Je stem nu: Tegen", before))
    assert "gewijzigd in: Voor" in await press(c, 101, 101, ballot["message_id"], "Voor")
    listing = await command(c, 101, 101, "/stemmingen", "Stemmingen van")
    assert "jouw stem: Voor" in listing["text"]

    # A reminder to 102 is edited once 102's pharmacy voted, and again at closing.
    before = await last_seq(c)
    await c.send(GROUP, BOARD, f"/herinner {poll_id}")
    reminder = await wait_for(c, sent_to(102, "Herinnering", before))
    assert f"Voor {pharmacy(102)} is nog niet gestemd" in reminder["text"]
    assert "vastgelegd: Voor" in await press(c, 102, 102, reminder["message_id"], "Voor")
    voted = await wait_for(c, _edited(reminder["message_id"], "is gestemd", chat=102))
    assert "nog niet gestemd" not in voted["text"] and voted["reply_markup"] is not None
    await close_poll(c, poll_id)
    closed = await wait_for(c, _edited(reminder["message_id"], "gesloten", chat=102))
    assert f"De stem voor {pharmacy(102)} telt mee" in closed["text"]
    assert closed["reply_markup"] is None

    # A press on a private vote message after closing: clearly closed, the earlier vote counts.
    answer = await press(c, 101, 101, ballot["message_id"], "Tegen")
    assert answer == (
        f"Stemming #{poll_id} is gesloten; deze tik telt niet meer. "
        "Je stem van vóór de sluiting telt gewoon mee."
    )
    await wait_for(
        c,
        lambda e: (
            e["method"] == "editMessageReplyMarkup"
            and e["message_id"] == ballot["message_id"]
            and e["reply_markup"] is None
        ),
    )


async def test_registration_rejected_only_after_a_second_press(world: World) -> None:
    c = world.client
    await command(c, GROUP, MEMBER, "/aanmelden", "Aanmelden")
    org = await storage_of(world).orgs.organisation_for_chat(GROUP)
    assert org is not None
    org_id = org.id
    await command(c, MEMBER, MEMBER, f"/start aanmelden_{org_id}", "Hoe heet je apotheek?")
    await command(c, MEMBER, MEMBER, "Apotheek De Brug")
    await command(c, MEMBER, MEMBER, "geen", "aanmelding")
    listing = await command(c, GROUP, BOARD, "/leden", "Aanmeldingen die wachten")
    [row] = listing["reply_markup"]["inline_keyboard"]
    assert [b["text"] for b in row] == ["✅ Piet (@piet) goedkeuren", "❌ Piet (@piet) afwijzen"]
    assert "• Piet (@piet): Apotheek De Brug" in listing["text"]
    member_id = int(row[0]["callback_data"].rsplit(":", 1)[1])
    assert f"{member_id}." not in listing["text"]  # no internal number

    answer = await press(c, GROUP, BOARD, listing["message_id"], "❌ Piet (@piet) afwijzen")
    assert "zeker" in answer
    await press(c, GROUP, BOARD, listing["message_id"], "Nee, terug")
    await press(c, GROUP, BOARD, listing["message_id"], "❌ Piet (@piet) afwijzen")
    members = await storage_of(world).roster.members(org_id)
    assert [m.status.value for m in members] == ["pending"]
    answer = await press(c, GROUP, BOARD, listing["message_id"], "Ja, Piet (@piet) afwijzen")
    assert answer.startswith("Afgewezen")
    await wait_for(c, sent_to(MEMBER, "niet goedgekeurd"))
    members = await storage_of(world).roster.members(org_id)
    assert [m.status.value for m in members] == ["rejected"]


async def test_reason_typed_in_the_group_during_a_secret_vote_is_removed(world: World) -> None:
    c = world.client
    await c.chat(GROUP, "RAO Zuid", bot_admin=True)
    await enrol(c, USERS)
    await command(c, 101, 101, "/start")
    poll_id, message_id = await start_mandate(c)
    await press(c, GROUP, 101, message_id, "Tegen")

    # Before: refused, but the reason stayed readable in the group.
    before = await last_seq(c)
    sent = await c.send(GROUP, 101, f"/toelichting {poll_id} Te duur voor ons")
    await wait_for(
        c,
        lambda e: (
            e["method"] == "deleteMessage"
            and e["chat_id"] == GROUP
            and e["message_id"] == sent["message_id"]
        ),
    )
    private = await wait_for(c, sent_to(101, "verwijderd", before))
    assert "opgeslagen" in private["text"]
    await c.idle()
    assert await all_entries(c, sent_to(GROUP, "", before)) == []  # nothing said in the group
    assert await storage_of(world).votes.reasons(poll_id) == [(101, "Te duur voor ons")]

    # Where the bot may not delete, it says so privately, so the member can remove it.
    await c.chat(GROUP, "RAO Zuid", bot_admin=False)
    before = await last_seq(c)
    await c.send(GROUP, 102, f"/toelichting {poll_id} Ik twijfel")
    private = await wait_for(c, sent_to(102, "staat nog in de groep", before))
    assert "nog niet gestemd" in private["text"]

    # A bare command holds no reason: no talk of a reason left in the group (exploratory test).
    before = await last_seq(c)
    reply = await command(c, GROUP, 102, f"/toelichting {poll_id}")
    assert "privébericht" in reply["text"]
    await c.idle()
    assert await all_entries(c, sent_to(102, "staat nog in de groep", before)) == []

    # An open (not secret) poll: only the pointer to the private chat, nothing deleted.
    reply = await command(c, GROUP, BOARD, "/peiling Koffie? | Ja | Nee | openbaar", "Peiling")
    open_id = int(reply["text"].split("#")[1].split()[0])
    before = await last_seq(c)
    reply = await command(c, GROUP, 101, f"/toelichting {open_id} Lekker")
    assert "privébericht" in reply["text"]
    assert not [e for e in await c.outbox(before) if e["method"] == "deleteMessage"]


async def _register(world: World, user: int, pharmacy_name: str) -> None:
    c = world.client
    org = await storage_of(world).orgs.organisation_for_chat(GROUP)
    assert org is not None
    await command(c, user, user, f"/start aanmelden_{org.id}", "Hoe heet je apotheek?")
    await command(c, user, user, pharmacy_name)
    await command(c, user, user, "geen", "aanmelding")


async def test_the_registrations_message_shows_what_still_waits_after_a_decision(
    world: World,
) -> None:
    # Before: after "goedkeuren" only the buttons went; the text still said "Aanmeldingen die
    # wachten (1)" and listed the approved member.
    c = world.client
    await command(c, GROUP, MEMBER, "/aanmelden", "Aanmelden")
    await c.user(120, "Els", "els_apo", chats=[GROUP], started=True)
    await _register(world, MEMBER, "Apotheek De Brug")
    await _register(world, 120, "Apotheek Het Anker")
    listing = await command(c, GROUP, BOARD, "/leden", "Aanmeldingen die wachten (2)")

    await press(c, GROUP, BOARD, listing["message_id"], "✅ Piet (@piet) goedkeuren")
    after = await wait_for(c, _edited(listing["message_id"], "Goedgekeurd"))
    assert after["text"].startswith("✅ Goedgekeurd: Piet (@piet) voor Apotheek De Brug.")
    assert "Aanmeldingen die wachten (1):" in after["text"]
    assert "Apotheek Het Anker" in after["text"] and "• Piet" not in after["text"]
    assert [b["text"] for b in buttons(after)] == [
        "✅ Els (@els_apo) goedkeuren",
        "❌ Els (@els_apo) afwijzen",
    ]

    await press(c, GROUP, BOARD, listing["message_id"], "❌ Els (@els_apo) afwijzen")
    await press(c, GROUP, BOARD, listing["message_id"], "Ja, Els (@els_apo) afwijzen")
    after = await wait_for(c, _edited(listing["message_id"], "Afgewezen"))
    assert after["text"] == (
        "❌ Afgewezen: Els (@els_apo) (Apotheek Het Anker).\n\nGeen openstaande aanmeldingen."
    )
    assert buttons(after) == []
