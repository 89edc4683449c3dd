"""The real bot added to and removed from groups (Telegram's `my_chat_member`) via the sandbox:
a new group hears the greeting with the board's first steps once, a removal breaks nothing,
and a group the operator did not allow is told so and left, without the greeting."""

from __future__ import annotations

from pathlib import Path

from bot.sandbox.client import SandboxClient
from bot.sandbox.server import SandboxServer
from tests.conftest import BOARD, GROUP, MEMBER, World, make_settings, start_bot, stop_bot
from tests.outbox import sent_to

NEW = -3003
STEPS = "Eerste stappen voor het bestuur"


async def test_added_to_a_new_group_the_bot_greets_its_board_once(world: World) -> None:
    c = world.client
    await c.chat(NEW, "RAO Noord", bot_member=False)
    await c.user(BOARD, "Bea", "bea", chats=[NEW], admin_of=[NEW])
    await c.user(MEMBER, "Piet", "piet", chats=[NEW])

    await c.add_bot(NEW, by=BOARD)
    said = await c.settle()
    assert [(e["method"], e["chat_id"]) for e in said] == [("sendMessage", NEW)], said
    greeting = said[0]["text"]
    assert greeting.startswith("Hoi allemaal! Ik ben de RAO-bot")
    assert STEPS in greeting and "ledenlijst" in greeting and "/koppelcode" in greeting

    await c.add_bot(NEW, by=BOARD, admin=True)  # promoted: nothing to say
    assert await c.settle() == []
    await c.remove_bot(NEW, by=BOARD)  # removed: it cannot say anything, and nothing breaks
    assert await c.settle() == []
    await c.send(GROUP, MEMBER, "/start")  # the bot goes on elsewhere
    assert "RAO-bot" in (await c.expect(sent_to(GROUP)))["text"]

    await c.add_bot(NEW, by=MEMBER)  # added again by a member: greeted again, once
    again = await c.settle()
    assert [e["chat_id"] for e in again] == [NEW] and STEPS in again[0]["text"]


async def test_a_group_not_allowed_gets_no_greeting(
    sandbox: SandboxServer, client: SandboxClient, tmp_path: Path
) -> None:
    other, allowed_new = -2002, -2003
    await client.chat(GROUP, "RAO Zuid")
    await client.chat(other, "Andere groep", bot_member=False)
    await client.chat(allowed_new, "RAO Zuid bestuur", bot_member=False)
    await client.user(BOARD, "Bea", "bea", chats=[GROUP, other, allowed_new], admin_of=[other])
    app = await start_bot(
        make_settings(sandbox.url, tmp_path / "db.sqlite3", allowed_chats=[GROUP, allowed_new])
    )
    try:
        await client.add_bot(other, by=BOARD)
        said = await client.settle()
        assert [(e["method"], e["chat_id"]) for e in said] == [("sendMessage", other)], said
        assert "niet ingesteld voor deze groep" in said[0]["text"]
        assert STEPS not in said[0]["text"]
        assert sandbox.state.chats[other].bot_left  # and it left the group

        await client.add_bot(other, by=BOARD)  # added again: told again, left again
        again = await client.settle()
        assert [e["text"] for e in again] == [said[0]["text"]]
        assert sandbox.state.chats[other].bot_left

        await client.add_bot(allowed_new, by=BOARD)  # an allowed group is greeted
        greeted = await client.settle()
        assert [e["chat_id"] for e in greeted] == [allowed_new] and STEPS in greeted[0]["text"]
    finally:
        await stop_bot(app)
