"""Proxies of a pharmacy with two members: either member may replace or revoke the pharmacy's
proxy, and the other member and the holders are told who did what; a repeat changes nothing."""

from __future__ import annotations

from tests.conftest import BOARD, GROUP, World
from tests.outbox import sent_to
from tests.polls_helpers import command, import_roster, last_seq, start_mandate, wait_for

USERS = [101, 102, 103, 105]
ROSTER = (
    b"apotheek;agb;telegram\n"
    b"Apotheek De Linde;06010101;apo101 apo105\n"
    b"Apotheek Het Kruis;06010102;apo102\n"
    b"Apotheek Zuid;06010103;apo103\n"
)


async def _pharmacy_of_two(world: World) -> int:
    c = world.client
    for uid in USERS:
        await c.user(uid, f"Lid{uid}", f"apo{uid}", chats=[GROUP], started=True)
    await import_roster(c, GROUP, BOARD, ROSTER)
    for uid in USERS:
        await command(c, uid, uid, "/start")
    poll_id, _ = await start_mandate(c)
    return poll_id


async def test_a_unit_mate_moves_the_proxy_and_everyone_is_told_rightly(world: World) -> None:
    c = world.client
    poll_id = await _pharmacy_of_two(world)
    await command(c, 101, 101, f"/volmacht {poll_id} @apo102", "Volmacht vastgelegd")

    before = await last_seq(c)
    reply = await command(c, 105, 105, f"/volmacht {poll_id} @apo103", "Volmacht vastgelegd")
    assert "Lid103 (@apo103)" in reply["text"]
    holder = await wait_for(c, sent_to(102, "Apotheek De Linde", before))
    assert "Lid105 (@apo105) (ook van Apotheek De Linde)" in holder["text"]
    assert "aan iemand anders gegeven" in holder["text"]
    grantor = await wait_for(c, sent_to(101, "", before))
    assert "Lid105 (@apo105) (ook van Apotheek De Linde)" in grantor["text"]
    assert "aan Lid103 (@apo103) gegeven" in grantor["text"]
    assert "Jouw volmacht aan Lid102 (@apo102) geldt daardoor niet meer" in grantor["text"]
    await wait_for(c, sent_to(103, "geeft je een volmacht", before))

    # The first member revokes: the answer names the proxy that ends, and who gave it.
    before = await last_seq(c)
    reply = await command(c, 101, 101, f"/volmacht {poll_id} intrekken", "ingetrokken")
    assert "de volmacht die Lid105 (@apo105) aan Lid103 (@apo103) gaf" in reply["text"]
    told = await wait_for(c, sent_to(105, "ingetrokken", before))
    assert "Lid101 (@apo101) (ook van Apotheek De Linde) heeft jouw volmacht" in told["text"]
    told = await wait_for(c, sent_to(103, "ingetrokken", before))
    assert told["text"].startswith("Lid101 (@apo101) heeft de volmacht")


async def test_the_same_proxy_again_stands_already_and_tells_nobody(world: World) -> None:
    c = world.client
    poll_id = await _pharmacy_of_two(world)
    await command(c, 101, 101, f"/volmacht {poll_id} @apo102", "Volmacht vastgelegd")
    await c.settle()
    await c.send(101, 101, f"/volmacht {poll_id} @apo102")
    new = await c.settle()
    assert [e["chat_id"] for e in new] == [101], new
    assert "Die volmacht staat al: Lid102 (@apo102)" in new[0]["text"]
    # From the other member of the pharmacy, too.
    await c.send(105, 105, f"/volmacht {poll_id} @apo102")
    new = await c.settle()
    assert [e["chat_id"] for e in new] == [105], new
    assert "staat al" in new[0]["text"]
