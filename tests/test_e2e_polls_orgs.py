"""Two organisations in one bot never see each other's members, polls or results."""

from __future__ import annotations

from tests.conftest import BOARD, GROUP, World
from tests.outbox import sent_to
from tests.polls_helpers import (
    close_poll,
    command,
    enrol,
    import_roster,
    last_seq,
    press,
    roster_csv,
    start_mandate,
    storage_of,
    wait_for,
)

GROUP2 = -1002
BOARD2 = 21
NORTH = [201, 202]
SOUTH = [101, 102, 103]


async def test_two_organisations_are_isolated(world: World) -> None:
    c = world.client
    await c.chat(GROUP2, "RAO Noord")
    await c.user(BOARD2, "Bram", "bram_noord", chats=[GROUP2], admin_of=[GROUP2], started=True)
    for uid in NORTH:
        await c.user(uid, f"Noord{uid}", f"apo{uid}", chats=[GROUP2], started=True)
    await enrol(c, SOUTH)
    reply = await import_roster(c, GROUP2, BOARD2, roster_csv(NORTH))
    assert "RAO Noord" in reply["text"] and "2 nieuw" in reply["text"]

    south_poll, south_message = await start_mandate(
        c, "/mandaat Mandaat Zuid? | sluit over 10 minuten"
    )
    reply = await command(
        c, GROUP2, BOARD2, "/mandaat Mandaat Noord? | sluit over 10 minuten", "Mandaatstemming"
    )
    north_message = reply["message_id"]
    north_poll = south_poll + 1
    assert f"#{north_poll}" in reply["text"]
    assert "Opkomst: 0 van 2 apotheken" in reply["text"]

    # Members vote only in their own organisation.
    assert "vastgelegd" in await press(c, GROUP2, 201, north_message, "Voor")
    answer = await press(c, GROUP, 201, south_message, "Voor")
    assert "niet op de ledenlijst van RAO Zuid" in answer
    answer = await press(c, GROUP2, 101, north_message, "Tegen")
    assert "niet op de ledenlijst van RAO Noord" in answer

    # Lists, results and exports stay within the organisation.
    before = await last_seq(c)
    await c.send(GROUP2, BOARD2, "/leden")
    listing = await wait_for(c, sent_to(GROUP2, "Ledenlijst", before))
    assert "Apotheek 201" in listing["text"] and "Apotheek 101" not in listing["text"]
    reply = await command(c, GROUP2, BOARD2, "/stemmingen")
    assert "Mandaat Noord?" in reply["text"] and "Mandaat Zuid?" not in reply["text"]
    for text in (f"/uitslag {south_poll}", f"/sluit {south_poll}", f"/opkomst {south_poll}"):
        reply = await command(c, GROUP2, BOARD2, text)
        assert f"Stemming #{south_poll} ken ik niet" in reply["text"], text
    for text in (f"/export {south_poll}", f"/herinner {south_poll}", f"/uitslag {south_poll}"):
        reply = await command(c, BOARD2, BOARD2, text)
        assert f"Stemming #{south_poll} ken ik niet" in reply["text"], text
    reply = await command(c, BOARD, BOARD, f"/export {north_poll}")
    assert f"Stemming #{north_poll} ken ik niet" in reply["text"]

    # A board member of one organisation cannot decide about the other's polls.
    reply = await command(c, GROUP, BOARD, f"/sluit {north_poll}")
    assert "ken ik niet" in reply["text"]
    storage = storage_of(world)
    south = await storage.polls.poll(south_poll)
    north = await storage.polls.poll(north_poll)
    assert south is not None and south.is_open and north is not None and north.is_open
    assert await storage.votes.vote_count(south_poll) == 0
    assert await storage.votes.vote_count(north_poll) == 1

    # Closing one posts its result only in its own group.
    before = await last_seq(c)
    await close_poll(c, north_poll, GROUP2, BOARD2)
    result = await wait_for(c, sent_to(GROUP2, "Uitslag", before))
    assert "Opkomst: 1 van 2 apotheken" in result["text"]
    leaked = [e for e in await c.outbox(before) if e.get("chat_id") == GROUP]
    assert leaked == []
    orgs = await storage.orgs.organisations()
    assert [o.name for o in orgs] == ["RAO Zuid", "RAO Noord"]

    # A roster sent privately goes to the one organisation the sender is board of; someone on
    # both boards is asked to use the right group instead.
    reply = await import_roster(c, BOARD2, BOARD2, roster_csv([203]))
    assert "RAO Noord" in reply["text"] and "1 nieuw" in reply["text"]
    await c.user(BOARD, "Bea", "bea", chats=[GROUP, GROUP2], admin_of=[GROUP, GROUP2])
    reply = await import_roster(c, BOARD, BOARD, roster_csv([104]))
    assert "meer organisaties" in reply["text"]
    assert len(await storage.roster.pharmacies(orgs[0].id)) == 3
    assert len(await storage.roster.pharmacies(orgs[1].id)) == 3
