"""Operations: /status for operators, error reports to the operator chat, backups, redaction."""

from __future__ import annotations

import asyncio
import io
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.error import InvalidToken
from telegram.ext import CommandHandler

from bot.context import BotContext
from bot.logsetup import install_redaction, redact
from bot.storage.backup import backup_database, database_counts
from tests.conftest import BOARD, GROUP, MEMBER, TOKEN, World
from tests.outbox import sent_to

OPERATOR_CHAT = 99


@pytest.fixture
def bot_settings_extra() -> dict[str, Any]:
    return {"admins": [BOARD], "error_chat": OPERATOR_CHAT}


async def test_status_for_operators_only(world: World) -> None:
    c = world.client
    await c.send(BOARD, BOARD, "/status")
    reply = await c.expect(sent_to(BOARD))
    assert "Status van de bot" in reply["text"] and "Geplande taken" in reply["text"]
    await c.send(MEMBER, MEMBER, "/status")
    reply = await c.expect(sent_to(MEMBER))
    assert "alleen de beheerder" in reply["text"]


async def test_error_goes_to_operator_chat_redacted(world: World) -> None:
    async def explode(update: Update, context: BotContext) -> None:
        raise RuntimeError(f"boom with {TOKEN}")

    world.app.add_handler(CommandHandler("boem", explode), group=1)  # past unknown_command
    c = world.client
    await c.user(OPERATOR_CHAT, "Ops", "ops", chats=[], started=True)
    await c.send(GROUP, MEMBER, "/boem")
    report = await c.find(sent_to(OPERATOR_CHAT))
    assert "Fout in de bot" in report["text"] and "RuntimeError" in report["text"]
    assert TOKEN not in report["text"] and TOKEN.split(":")[1] not in report["text"]
    await c.send(BOARD, BOARD, "/status")
    status = await c.find(sent_to(BOARD, "Laatste fout"))
    assert "RuntimeError" in status["text"] and TOKEN not in status["text"]


async def test_backup_while_votes_stream(world: World, tmp_path: Path) -> None:
    """A backup taken while writes stream in opens and holds what was committed before it."""
    c = world.client
    for n in range(5):
        await c.send(BOARD, BOARD, f"/start {n}")
    await c.find(sent_to(BOARD))
    target = tmp_path / "backup.sqlite3"

    async def stream() -> None:
        for n in range(30):
            await c.send(GROUP, MEMBER, f"/start stream {n}")

    writer = asyncio.create_task(stream())
    size = await asyncio.to_thread(backup_database, world.db, target)
    await writer
    assert size > 0
    counts = database_counts(target)
    assert counts["users"] >= 1 and counts["schema_version"] >= 6
    with sqlite3.connect(target) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_redaction_covers_url_encoded_tokens() -> None:
    token = "123456:ABC-def_ghi"
    assert "ABC-def" not in redact("GET /file/bot123456%3AABC-def_ghi/doc.ics")
    assert "ABC-def" not in redact("token=123456%3aABC-def_ghi", (token,))
    assert redact(f"x {token} y", (token,)) == "x <token> y"


def test_uncaught_rejected_token_is_printed_redacted(monkeypatch: pytest.MonkeyPatch) -> None:
    token = "654321:SECRET-token_value"
    captured = io.StringIO()
    monkeypatch.setattr(sys, "stderr", captured)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_redaction((token,))
    try:
        raise InvalidToken(f"The token `{token}` was rejected by the server.")
    except InvalidToken as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert "SECRET" not in captured.getvalue() and "<token>" in captured.getvalue()


async def test_heartbeat_for_the_healthcheck(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.cli import main
    from bot.jobs.heartbeat import heartbeat_path, is_fresh

    path = heartbeat_path(world.db)  # the first beat is written at start-up
    assert is_fresh(world.db)
    assert not is_fresh(world.db, now=path.stat().st_mtime + 600)
    monkeypatch.setenv("RAO_BOT_DB", str(world.db))
    assert main(["health"]) == 0
    monkeypatch.setenv("RAO_BOT_DB", str(world.db.with_name("other.sqlite3")))
    assert main(["health"]) == 1
