"""A poll started in one group of an organisation reaches its linked groups: a notice with a
private voting button, and the result in every group (each once)."""

from __future__ import annotations

import re

from bot.jobs import polls as poll_jobs
from tests.conftest import BOARD, GROUP, World
from tests.outbox import buttons, sent_to
from tests.polls_helpers import (
    close_poll,
    command,
    import_roster,
    last_seq,
    press,
    roster_csv,
    storage_of,
    wait_for,
)

GROUP_B = -1002
BOARD_B = 21
IN_A = [101, 102]
ONLY_IN_B = 104


async def _linked(world: World) -> None:
    c = world.client
    await c.chat(GROUP_B, "RAO Zuid leden")
    await c.user(BOARD_B, "Bo", "bo_zuid", chats=[GROUP_B], admin_of=[GROUP_B], started=True)
    await c.user(BOARD, "Bea", "bea", chats=[GROUP, GROUP_B], admin_of=[GROUP], started=True)
    for uid in IN_A:
        await c.user(uid, f"Lid{uid}", f"apo{uid}", chats=[GROUP], started=True)
    await c.user(ONLY_IN_B, "Lid104", "apo104", chats=[GROUP_B], started=True)
    await import_roster(c, GROUP, BOARD, roster_csv([*IN_A, ONLY_IN_B]))
    before = await last_seq(c)
    await c.send(GROUP, BOARD, "/koppelcode")
    private = await wait_for(c, sent_to(BOARD, "Koppelcode", before))
    code = re.search(r": ([A-Z0-9]{6})\n", private["text"]).group(1)  # type: ignore[union-attr]
    await command(c, GROUP_B, BOARD_B, f"/koppel {code}", "gekoppeld")


def _number(text: str) -> int:
    return int(re.search(r"#(\d+)", text).group(1))  # type: ignore[union-attr]


async def test_linked_group_gets_a_notice_votes_privately_and_gets_the_result(
    world: World,
) -> None:
    c = world.client
    await _linked(world)

    before = await last_seq(c)
    reply = await command(
        c, GROUP, BOARD, "/mandaat Mandaat contract 2027? | sluit over 2 dagen", "Mandaat"
    )
    poll_id = _number(reply["text"])
    notice = await wait_for(c, sent_to(GROUP_B, f"#{poll_id}", before))
    assert "Mandaat contract 2027?" in notice["text"]
    assert "alleen bij het bericht in RAO Zuid;" in notice["text"]
    [button] = buttons(notice)
    assert button["text"] == "Stem privé" and button["url"].endswith(f"start=stemming_{poll_id}")

    # The member who is only in group B votes from the notice's link, in private.
    reply = await command(c, ONLY_IN_B, ONLY_IN_B, f"/start stemming_{poll_id}", "Mandaat")
    assert [b["text"] for b in buttons(reply)] == ["Voor", "Tegen", "Onthouding"]
    assert "vastgelegd" in await press(c, ONLY_IN_B, ONLY_IN_B, reply["message_id"], "Voor")
    assert await storage_of(world).votes.vote_count(poll_id) == 1

    # A scan's notice opens the scan privately.
    before = await last_seq(c)
    reply = await command(c, GROUP, BOARD, "/scan", "Volwassenheidsscan")
    scan_id = _number(reply["text"])
    notice = await wait_for(c, sent_to(GROUP_B, f"Volwassenheidsscan #{scan_id}", before))
    assert buttons(notice)[0]["url"].endswith(f"start=scan_{scan_id}")

    # The result goes to both groups, text and chart, once each.
    before = await last_seq(c)
    await close_poll(c, poll_id)
    for chat_id in (GROUP, GROUP_B):
        result = await wait_for(c, sent_to(chat_id, "Uitslag", before))
        assert "Mandaat contract 2027?" in result["text"]
        await wait_for(c, sent_to(chat_id, "", before, method="sendPhoto"))
    poll = await storage_of(world).polls.poll(poll_id)
    assert poll is not None
    await c.settle()
    await poll_jobs.announce(world.app, poll)  # as the pending-results job would, again
    repeated = [e for e in await c.settle() if e["method"] in ("sendMessage", "sendPhoto")]
    assert repeated == [], repeated


async def test_unlinking_says_what_happens_to_the_shared_agenda(world: World) -> None:
    c = world.client
    await _linked(world)
    ask = await command(c, GROUP_B, BOARD_B, "/ontkoppel", "losmaken van")
    assert "vergaderingen die hier zijn gezet, blijven alleen in deze groep" in ask["text"]
    before = await last_seq(c)
    await press(c, GROUP_B, BOARD_B, ask["message_id"], "Ja, losmaken")
    notice = await wait_for(c, sent_to(GROUP, "losgemaakt", before))
    assert "staan niet meer in jullie agenda" in notice["text"]


def test_a_linked_group_that_refuses_the_bot_is_given_up_not_one_that_waits() -> None:
    """The ledger says why it holds a result back; only a refusal gives the group up."""
    from telegram.error import Forbidden, TimedOut

    from bot.delivery.ledger import DeliveryHeld
    from bot.jobs.poll_sharing import gone

    assert gone(DeliveryHeld("poll-result:1:chat-2 not sent now: refused: x", refused=True))
    assert not gone(DeliveryHeld("poll-result:1:chat-2 not sent now: being sent"))
    assert gone(Forbidden("bot was kicked")) and not gone(TimedOut())
