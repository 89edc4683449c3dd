"""The real bot against the real sandbox over HTTP: /start, /help, errors, 429 handling."""

from __future__ import annotations

import logging

import pytest

from bot.commands import COMMANDS
from tests.conftest import BOARD, GROUP, MEMBER, TOKEN, World


def _is_reply(chat_id: int):
    return lambda e: e["method"] == "sendMessage" and e["chat_id"] == chat_id


async def test_start_in_group_and_private(world: World) -> None:
    c = world.client
    await c.send(GROUP, MEMBER, "/start")
    reply = await c.expect(_is_reply(GROUP))
    assert "RAO-bot" in reply["text"]
    await c.send(MEMBER, MEMBER, "/start")
    reply = await c.expect(_is_reply(MEMBER))
    assert reply["text"].startswith("Hoi Piet")


async def test_help_lists_every_command(world: World) -> None:
    c = world.client
    await c.send(GROUP, BOARD, "/help@rao_sandbox_bot")
    reply = await c.expect(_is_reply(GROUP))
    for command in COMMANDS:
        assert f"/{command.name}" in reply["text"]
    await c.send(MEMBER, MEMBER, "/help")
    reply = await c.expect(_is_reply(MEMBER))
    assert "/start" in reply["text"]


async def test_command_menu_is_set(world: World) -> None:
    names = [c["command"] for c in world.sandbox.state.commands['{"type": "default"}']]
    assert names == [c.name for c in COMMANDS]


async def test_reply_arrives_despite_429(world: World) -> None:
    c = world.client
    await c.fault("sendMessage", 429, count=2, retry_after=1)
    await c.send(GROUP, MEMBER, "/start")
    reply = await c.expect(_is_reply(GROUP), timeout=10)
    assert "RAO-bot" in reply["text"]
    assert world.sandbox.state.stats["sendMessage"] >= 3


async def test_reply_arrives_despite_dropped_connection(world: World) -> None:
    c = world.client
    await c.fault("getUpdates", 502, count=1)
    await c.send(GROUP, MEMBER, "/start")
    reply = await c.expect(_is_reply(GROUP), timeout=10)
    assert "RAO-bot" in reply["text"]


async def test_token_never_logged(world: World, caplog: pytest.LogCaptureFixture) -> None:
    from bot.logsetup import RedactingFilter

    caplog.set_level(logging.DEBUG)
    caplog.handler.addFilter(RedactingFilter((TOKEN,)))
    c = world.client
    await c.send(GROUP, MEMBER, "/start")
    await c.expect(_is_reply(GROUP))
    assert any(
        "getUpdates" in r.getMessage() or "sendMessage" in r.getMessage() for r in caplog.records
    )
    assert TOKEN not in caplog.text
    assert TOKEN.split(":")[1] not in caplog.text
