"""Several groups linked to one organisation share its roster, polls and results."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from bot.polls.linking import CODE_ALPHABET, CODE_LENGTH, CODE_VALIDITY, normalise_code
from bot.sandbox.client import Entry
from tests.conftest import BOARD, GROUP, MEMBER, World
from tests.outbox import sent_to
from tests.polls_helpers import (
    close_poll,
    command,
    enrol,
    import_roster,
    last_seq,
    press,
    roster_csv,
    storage_of,
    wait_for,
)

GROUP_B = -1002  # the members group of RAO Zuid
BOARD_B = 21  # administrator of group B only
GROUP_C = -1003  # an unrelated organisation
BOARD_C = 31
SOUTH = [101, 102, 103]
NORTH = [301, 302]


async def _code(world: World, chat_id: int = GROUP, user: int = BOARD) -> str:
    """/koppelcode in the group: the group only hears that the code went privately."""
    c = world.client
    before = await last_seq(c)
    reply = await command(c, chat_id, user, "/koppelcode", "privé gestuurd")
    private = await wait_for(c, sent_to(user, "Koppelcode", before))
    match = re.search(r"Koppelcode voor [^:]+: ([A-Z0-9]{6})\n", private["text"])
    assert match, private["text"]
    assert "/koppel " + match.group(1) in private["text"]
    assert match.group(1) not in reply["text"]
    return match.group(1)


async def _unlink(world: World, chat_id: int, user: int) -> Entry:
    """/ontkoppel and "Ja, losmaken"; the question as the bot edited it afterwards."""
    c = world.client
    ask = await command(c, chat_id, user, "/ontkoppel", "losmaken van")
    await press(c, chat_id, user, ask["message_id"], "Ja, losmaken")
    return await wait_for(
        c,
        lambda e: (
            e["method"] == "editMessageText"
            and e["message_id"] == ask["message_id"]
            and e["chat_id"] == chat_id
        ),
    )


async def _setup(world: World) -> None:
    c = world.client
    await c.chat(GROUP_B, "RAO Zuid leden")
    await c.user(BOARD_B, "Bo", "bo_zuid", chats=[GROUP, GROUP_B], admin_of=[GROUP_B], started=True)
    await c.user(BOARD, "Bea", "bea", chats=[GROUP, GROUP_B], admin_of=[GROUP], started=True)
    await enrol(c, SOUTH)
    for uid in SOUTH:  # the members are in both groups of RAO Zuid
        await c.user(uid, f"Lid{uid}", f"apo{uid}", chats=[GROUP, GROUP_B], started=True)
    await c.user(MEMBER, "Piet", "piet", chats=[GROUP, GROUP_B], started=True)


async def test_linked_group_shares_roster_polls_and_results(world: World) -> None:
    c = world.client
    await _setup(world)
    storage = storage_of(world)

    # A member may not ask for a code; the board gets one with the next step in Dutch.
    reply = await command(c, GROUP, MEMBER, "/koppelcode")
    assert "alleen het bestuur" in reply["text"]
    code = await _code(world)
    assert len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code)

    # Group B was used before (an empty implicit organisation): it is merged away.
    reply = await command(c, GROUP_B, BOARD_B, "/organisatie", "RAO Zuid leden")
    assert "0 apotheken" in reply["text"]
    assert len(await storage.orgs.organisations()) == 2
    before = await last_seq(c)
    reply = await command(c, GROUP_B, BOARD_B, f"/koppel {code.lower()}", "gekoppeld")
    assert "RAO Zuid" in reply["text"]
    notice = await wait_for(c, sent_to(GROUP, "RAO Zuid leden", before))
    assert "gekoppeld aan RAO Zuid" in notice["text"]
    orgs = await storage.orgs.organisations()
    assert [(o.name, o.chat_ids) for o in orgs] == [("RAO Zuid", (GROUP, GROUP_B))]

    # The code works once; linking again is refused.
    reply = await command(c, GROUP_B, BOARD_B, f"/koppel {code}")
    assert "al gebruikt" in reply["text"] and "niets veranderd" in reply["text"]
    reply = await command(c, GROUP_B, BOARD_B, f"/koppel {await _code(world)}")
    assert "hoort al bij RAO Zuid" in reply["text"]

    # The roster imported in A is visible from B.
    reply = await command(c, GROUP_B, MEMBER, "/organisatie", "RAO Zuid")
    text = reply["text"]
    assert "Gekoppelde groepen (2)" in text
    assert "• RAO Zuid\n" in text and "• RAO Zuid leden (deze groep)" in text
    assert "3 apotheken, 3 leden" in text

    # The administrator of B is board in B: a vote started there counts A's roster.
    reply = await command(
        c, GROUP_B, BOARD_B, "/mandaat Mandaat voor B? | sluit over 10 minuten", "Mandaatstemming"
    )
    assert "Opkomst: 0 van 3 apotheken" in reply["text"]
    poll_id = int(re.search(r"#(\d+)", reply["text"]).group(1))  # type: ignore[union-attr]
    message_id = int(reply["message_id"])
    assert "vastgelegd" in await press(c, GROUP_B, 101, message_id, "Voor")
    assert "vastgelegd" in await press(c, GROUP_B, 102, message_id, "Voor")
    answer = await press(c, GROUP_B, MEMBER, message_id, "Voor")
    assert "niet op de ledenlijst van RAO Zuid" in answer

    # Both groups see the poll; the board of A may close it from A; the result goes to B.
    reply = await command(c, GROUP, MEMBER, "/stemmingen")
    assert "Mandaat voor B?" in reply["text"]
    before = await last_seq(c)
    ask = await close_poll(c, poll_id)
    result = await wait_for(c, sent_to(GROUP_B, "Uitslag", before))
    assert "Opkomst: 2 van 3 apotheken" in result["text"]
    reply = await wait_for(
        c, lambda e: e["method"] == "editMessageText" and e["message_id"] == ask["message_id"]
    )
    assert "gesloten; de uitslag staat in de groep" in reply["text"]

    # Board rights in a group follow that group: B's administrator is no board in A ...
    reply = await command(c, GROUP, BOARD_B, "/peiling Koffie? | Ja | Nee")
    assert "alleen het bestuur" in reply["text"]
    # ... but counts as board of the organisation in private.
    reply = await command(c, BOARD_B, BOARD_B, f"/opkomst {poll_id}")
    assert "Gestemd" in reply["text"] or "gestemd" in reply["text"]
    reply = await command(c, BOARD_B, BOARD_B, "/organisatie")
    assert "RAO Zuid" in reply["text"] and "Gekoppelde groepen (2)" in reply["text"]


async def test_bad_codes_and_non_board_change_nothing(world: World) -> None:
    c = world.client
    await _setup(world)
    storage = storage_of(world)
    code = await _code(world)
    orgs_before = await storage.orgs.organisations()

    for user, text, expected in [
        (MEMBER, f"/koppel {code}", "Dit kan alleen het bestuur."),  # the permission gate
        (BOARD, f"/koppel {code}", "Dit kan alleen het bestuur."),  # board of A only
        (BOARD_B, "/koppel", "Gebruik: /koppel CODE"),
        (BOARD_B, "/koppel ABC", "ken ik niet"),
        (BOARD_B, "/koppel ZZZZZZ", "ZZZZZZ ken ik niet"),
        (BOARD_B, "/ontkoppel", "hoort nog bij geen organisatie"),
        (MEMBER, "/ontkoppel", "Dit kan alleen het bestuur."),
    ]:
        reply = await command(c, GROUP_B, user, text)
        assert expected in reply["text"], (text, reply["text"])
    reply = await command(c, GROUP, BOARD, f"/koppel {code}")
    assert "hoort al bij RAO Zuid" in reply["text"]
    reply = await command(c, BOARD, BOARD, f"/koppel {code}")
    assert "in de groepen zelf" in reply["text"]

    # An expired code (made a day ago).
    made = datetime.now(UTC) - timedelta(hours=25)
    org_a = orgs_before[0]
    assert await storage.orgs.create_link_code(
        org_a.id, "EXP234", GROUP, BOARD, made, made + CODE_VALIDITY
    )
    reply = await command(c, GROUP_B, BOARD_B, "/koppel exp234")
    assert "verlopen" in reply["text"] and "niets veranderd" in reply["text"]

    # A group whose own organisation has a roster is not merged.
    await import_roster(c, GROUP_B, BOARD_B, roster_csv([201]))
    reply = await command(c, GROUP_B, BOARD_B, f"/koppel {code}")
    assert "hoort al bij RAO Zuid leden" in reply["text"]
    assert "niets veranderd" in reply["text"] and "/koppelcode" in reply["text"]

    orgs = await storage.orgs.organisations()
    assert [o.chat_ids for o in orgs] == [(GROUP,), (GROUP_B,)]
    assert [o.id for o in orgs][:1] == [o.id for o in orgs_before][:1]
    assert len(await storage.roster.pharmacies(orgs[0].id)) == 3
    assert len(await storage.roster.pharmacies(orgs[1].id)) == 1
    # The unused code still works for a group without data.
    await c.chat(GROUP_C, "RAO Zuid district")
    await c.user(BOARD_C, "Cas", "cas", chats=[GROUP_C], admin_of=[GROUP_C])
    reply = await command(c, GROUP_C, BOARD_C, f"/koppel {code}")
    assert "gekoppeld aan RAO Zuid" in reply["text"]


async def test_unlinking_and_isolation_from_a_third_organisation(world: World) -> None:
    c = world.client
    await _setup(world)
    storage = storage_of(world)
    await c.chat(GROUP_C, "RAO Noord")
    await c.user(BOARD_C, "Cas", "cas", chats=[GROUP_C], admin_of=[GROUP_C], started=True)
    for uid in NORTH:
        await c.user(uid, f"Noord{uid}", f"apo{uid}", chats=[GROUP_C], started=True)
    await import_roster(c, GROUP_C, BOARD_C, roster_csv(NORTH))
    code = await _code(world)
    await command(c, GROUP_B, BOARD_B, f"/koppel {code}", "gekoppeld")

    # The third organisation sees nothing of RAO Zuid, and cannot use its code.
    reply = await command(c, GROUP_C, BOARD_C, "/organisatie", "RAO Noord")
    assert "Gekoppelde groep (1)" in reply["text"] and "2 apotheken" in reply["text"]
    assert "RAO Zuid" not in reply["text"]
    reply = await command(c, GROUP_C, BOARD_C, f"/koppel {await _code(world)}")
    assert "hoort al bij RAO Noord" in reply["text"]
    reply = await command(
        c, GROUP_B, BOARD_B, "/peiling Vergaderen op dinsdag? | Ja | Nee", "Peiling"
    )
    poll_id = int(re.search(r"#(\d+)", reply["text"]).group(1))  # type: ignore[union-attr]
    answer = await press(c, GROUP_B, 301, int(reply["message_id"]), "Ja")
    assert "niet op de ledenlijst van RAO Zuid" in answer
    reply = await command(c, GROUP_C, BOARD_C, f"/uitslag {poll_id}")
    assert f"Stemming #{poll_id} ken ik niet" in reply["text"]
    reply = await command(c, GROUP_C, BOARD_C, "/stemmingen")
    assert "dinsdag" not in reply["text"]

    # Unlinking: only the board of that group, never the last group.
    reply = await command(c, GROUP_B, MEMBER, "/ontkoppel")
    assert "Dit kan alleen het bestuur." in reply["text"]
    reply = await command(c, GROUP_C, BOARD_C, "/ontkoppel")
    assert "enige groep van RAO Noord" in reply["text"]
    before = await last_seq(c)
    ask = await command(c, GROUP, BOARD, "/ontkoppel", "losmaken van")
    assert await press(c, GROUP, MEMBER, ask["message_id"], "Ja, losmaken") == (
        "Dit kan alleen het bestuur."  # the permission gate, before the handler
    )
    await press(c, GROUP, BOARD, ask["message_id"], "Nee, niets doen")
    await wait_for(
        c, lambda e: e.get("message_id") == ask["message_id"] and "blijft" in (e.get("text") or "")
    )
    assert (await storage.orgs.organisation_for_chat(GROUP)) is not None
    reply = await _unlink(world, GROUP, BOARD)
    assert "losgemaakt van RAO Zuid" in reply["text"]
    notice = await wait_for(c, sent_to(GROUP_B, "losgemaakt", before))
    assert "RAO Zuid" in notice["text"]
    reply = await command(c, GROUP_B, BOARD_B, "/ontkoppel")
    assert "enige groep van RAO Zuid" in reply["text"]

    # Group A now starts afresh; RAO Zuid (in B) keeps its roster and polls.
    reply = await command(c, GROUP, MEMBER, "/organisatie", "Gekoppelde")
    assert "0 apotheken" in reply["text"]
    reply = await command(c, GROUP_B, MEMBER, "/organisatie", "Gekoppelde")
    assert "• RAO Zuid leden (deze groep)" in reply["text"] and "3 apotheken" in reply["text"]
    reply = await command(c, GROUP, MEMBER, f"/uitslag {poll_id}")
    assert f"Stemming #{poll_id} ken ik niet" in reply["text"]
    names = sorted(o.name for o in await storage.orgs.organisations())
    assert names == ["RAO Noord", "RAO Zuid", "RAO Zuid"]


def test_codes_are_read_forgivingly() -> None:
    assert normalise_code(" abc-de1 ") is None  # no look-alikes such as I, L, O, 0, 1
    assert normalise_code("abc 234") == "ABC234"
    assert normalise_code("ab-c2.34") == "ABC234"
    assert normalise_code("ABC23") is None
    assert normalise_code("ABC2345") is None
