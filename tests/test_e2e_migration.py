"""A basic group that Telegram upgrades to a supergroup keeps its organisation, votes, agenda."""

from __future__ import annotations

import re
from pathlib import Path

from bot.sandbox.client import SandboxClient
from bot.sandbox.server import SandboxServer
from tests.conftest import make_settings, start_bot, stop_bot
from tests.outbox import sent_to
from tests.polls_helpers import roster_csv

BASIC = -2002
BOARD, MEMBER = 21, 22


async def _ask(c: SandboxClient, chat_id: int, user: int, text: str, containing: str = "") -> str:
    await c.send(chat_id, user, text)
    entry = await c.expect(sent_to(chat_id, containing))
    return str(entry["text"])


async def test_supergroup_migration_keeps_everything(
    sandbox: SandboxServer, client: SandboxClient, tmp_path: Path
) -> None:
    c = client
    await c.chat(BASIC, "RAO Noord", "group")
    await c.user(BOARD, "Bea", "bea", chats=[BASIC], admin_of=[BASIC], started=True)
    await c.user(MEMBER, "Piet", "apo22", chats=[BASIC], started=True)
    app = await start_bot(make_settings(sandbox.url, tmp_path / "bot.sqlite3"))
    try:
        await c.upload(BASIC, BOARD, "leden.csv", roster_csv([MEMBER]))
        await c.expect(sent_to(BASIC))
        text = await _ask(
            c,
            BASIC,
            BOARD,
            "/mandaat Mandaat voor 2027? | sluit over 3 dagen | quorum 50% | drempel 1/2",
            "Mandaatstemming",
        )
        match = re.search(r"#(\d+)", text)
        assert match
        poll_id = int(match.group(1))
        await _ask(c, BASIC, BOARD, "/vergadering morgen 19:30 ALV Noord", "ALV Noord")

        moved = await c.migrate(BASIC)
        new_id = int(moved["new_chat_id"])
        assert new_id != BASIC
        await c.idle()

        overview = await _ask(c, new_id, BOARD, "/organisatie")
        assert "RAO Noord" in overview and "Nieuwe organisatie" not in overview
        votes = await _ask(c, new_id, MEMBER, "/stemmingen")
        assert f"#{poll_id}" in votes
        agenda = await _ask(c, new_id, MEMBER, "/agenda")
        assert "ALV Noord" in agenda
        turnout = await _ask(c, new_id, BOARD, f"/opkomst {poll_id}")
        assert "niet gevonden" not in turnout

        storage = app.bot_data.services.storage
        poll = await storage.polls.poll(poll_id)
        assert poll is not None and poll.chat_id == new_id
        org = await storage.orgs.organisation(poll.org_id)
        assert org is not None and org.chat_ids == (new_id,)
    finally:
        await stop_bot(app)
