"""A vote keeps the electorate of its opening, and one pharmacy with several members: end to
end through the sandbox."""

from __future__ import annotations

from tests.conftest import BOARD, GROUP, World
from tests.outbox import buttons, sent_to
from tests.polls_helpers import (
    add_members,
    command,
    import_roster,
    last_seq,
    press,
    roster_csv,
    run_due,
    start_mandate,
    storage_of,
    wait_for,
)

TWELVE = list(range(101, 113))
COLLEAGUE = 201  # a second member of Apotheek 101


async def test_one_pharmacy_is_counted_in_the_singular(world: World) -> None:
    # Before: "1 Telegram-gebruikers toegevoegd", "Opkomst: 0 van 1 apotheken", "de lopende
    # stemming #1 (1 apotheken) houden de ledenlijst van bij de start".
    c = world.client
    await add_members(c, [101, 102])
    reply = await import_roster(c, GROUP, BOARD, roster_csv([101]))
    assert "1 Telegram-gebruiker toegevoegd. Er staat nu 1 apotheek op de lijst." in reply["text"]
    poll_id, message_id = await start_mandate(c)
    posted = await wait_for(c, lambda e: e.get("message_id") == message_id)
    assert "1 apotheek mag stemmen (de ledenlijst bij de start)" in posted["text"]
    before = await last_seq(c)
    await c.send(GROUP, BOARD, f"/uitslag {poll_id}")
    interim = await wait_for(c, sent_to(GROUP, "Opkomst", before))
    assert "Opkomst: 0 van 1 apotheek (0 %)" in interim["text"]
    reply = await import_roster(c, GROUP, BOARD, roster_csv([101, 102]))
    assert "Er staan nu 2 apotheken op de lijst." in reply["text"]
    assert (
        "Let op: de lopende stemming #1 (1 apotheek) houdt de ledenlijst van de start aan. "
        "Deze wijziging telt vanaf de volgende stemming." in reply["text"]
    )


async def test_a_roster_import_during_an_open_vote_leaves_its_electorate(world: World) -> None:
    c = world.client
    await add_members(c, [*TWELVE, 113])
    await import_roster(c, GROUP, BOARD, roster_csv(TWELVE))
    poll_id, message_id = await start_mandate(c)
    posted = await wait_for(c, lambda e: e.get("message_id") == message_id)
    assert "12 apotheken mogen stemmen (de ledenlijst bij de start)" in posted["text"]
    for uid in TWELVE[:7]:
        assert "vastgelegd" in await press(c, GROUP, uid, message_id, "Voor")

    # The board imports a 13th pharmacy while the vote runs, and is told it does not count.
    reply = await import_roster(c, GROUP, BOARD, roster_csv([*TWELVE, 113]))
    assert "1 nieuw" in reply["text"]
    assert (
        "Let op: de lopende stemming #1 (12 apotheken) houdt de ledenlijst van de start aan."
        in (reply["text"])
    )
    answer = await press(c, GROUP, 113, message_id, "Tegen")
    assert "nog niet op de ledenlijst toen deze stemming begon" in answer

    before = await last_seq(c)
    await c.send(GROUP, BOARD, f"/uitslag {poll_id}")
    interim = await wait_for(c, sent_to(GROUP, "Opkomst", before))
    assert "Opkomst: 7 van 12 apotheken" in interim["text"]
    await command(c, GROUP, BOARD, f"/opkomst {poll_id}", "privé")
    report = await wait_for(c, sent_to(BOARD, "Opkomst bij", before))
    assert "Gestemd (7)" in report["text"] and "Nog niet gestemd (5)" in report["text"]
    assert "Apotheek 113" not in report["text"]

    await run_due(world.app, poll_id, f"poll-close-{poll_id}")
    result = await wait_for(c, sent_to(GROUP, "Uitslag", before))
    assert "Opkomst: 7 van 12 apotheken" in result["text"]
    # The next vote counts the new pharmacy.
    _, second = await start_mandate(c, "/mandaat Tweede vraag? | sluit over 10 minuten")
    posted = await wait_for(c, lambda e: e.get("message_id") == second)
    assert "13 apotheken mogen stemmen" in posted["text"]


async def test_a_colleague_sees_and_confirms_before_replacing_the_pharmacys_vote(
    world: World,
) -> None:
    c = world.client
    await add_members(c, [101, 102, COLLEAGUE])
    await import_roster(c, GROUP, BOARD, roster_csv([102, 101], f"apo{COLLEAGUE}"))
    poll_id, message_id = await start_mandate(c)
    assert "vastgelegd: Voor" in await press(c, GROUP, 101, message_id, "Voor")

    # The colleague presses Tegen: nothing changes yet; privately they see the current vote
    # and who cast it, with buttons.
    before = await last_seq(c)
    answer = await press(c, GROUP, COLLEAGUE, message_id, "Tegen")
    assert "Een collega van je apotheek heeft al gestemd" in answer
    question = await wait_for(c, sent_to(COLLEAGUE, "staat al", before))
    assert "Voor Apotheek 101 staat al: Voor (gestemd door Lid101 (@apo101))" in question["text"]
    storage = storage_of(world)
    assert list((await storage.votes.current_votes(poll_id)).values()) == [(0,)]
    labels = [b["text"] for b in buttons(question)]
    assert labels == ["Ja, wijzig in Tegen", "Nee, laat staan"]

    # "Nee": nothing changes, nobody is told.
    await press(c, COLLEAGUE, COLLEAGUE, question["message_id"], "Nee, laat staan")
    await wait_for(c, lambda e: e.get("text") == "Niets gewijzigd: de stem blijft staan.")
    assert list((await storage.votes.current_votes(poll_id)).values()) == [(0,)]

    # Asked again and confirmed: the vote is Tegen, and the first member is told privately.
    before = await last_seq(c)
    await press(c, GROUP, COLLEAGUE, message_id, "Tegen")
    question = await wait_for(c, sent_to(COLLEAGUE, "staat al", before))
    answer = await press(c, COLLEAGUE, COLLEAGUE, question["message_id"], "Ja, wijzig in Tegen")
    # Not "your vote changed": it replaced the first member's vote (exploratory test).
    assert "vastgelegd: Tegen. Die vervangt de eerdere stem van een ander" in answer
    edited = await wait_for(
        c,
        lambda e: e["method"] == "editMessageText" and e["message_id"] == question["message_id"],
    )
    assert "Gewijzigd: de stem van je apotheek bij stemming #1 is nu Tegen" in edited["text"]
    told = await wait_for(c, sent_to(101, "Ter info", before))
    assert "Lid201 (@apo201) heeft de stem van Apotheek 101 bij stemming #1" in told["text"]
    assert "van Voor in Tegen" in told["text"]
    assert list((await storage.votes.current_votes(poll_id)).values()) == [(1,)]

    # A question that went stale (the vote changed again before the answer) asks anew.
    before = await last_seq(c)
    await press(c, GROUP, 101, message_id, "Voor")
    stale = await wait_for(c, sent_to(101, "staat al", before))
    assert "staat al: Tegen (gestemd door Lid201 (@apo201))" in stale["text"]
    assert "gewijzigd in: Onthouding" in await press(c, GROUP, COLLEAGUE, message_id, "Onthouding")
    answer = await press(c, 101, 101, stale["message_id"], "Ja, wijzig in Voor")
    assert "weer gewijzigd" in answer
    await wait_for(
        c,
        lambda e: (
            e["method"] == "editMessageText"
            and e["message_id"] == stale["message_id"]
            and "staat al: Onthouding" in e["text"]
        ),
    )
    assert list((await storage.votes.current_votes(poll_id)).values()) == [(2,)]
