"""Fixtures: a real sandbox on a free port and the real bot Application polling it."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_application
from bot.config import Settings, load_settings
from bot.context import BotApp
from bot.sandbox.client import SandboxClient
from bot.sandbox.server import SandboxServer

os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
TOKEN = "123456:TEST-token_abc"
GROUP = -1001
BOARD = 11
MEMBER = 12
OUTSIDER = 13


@pytest.fixture
async def sandbox() -> AsyncIterator[SandboxServer]:
    server = SandboxServer()
    await server.start("127.0.0.1", 0)
    yield server
    await server.stop()


@pytest.fixture
async def client(sandbox: SandboxServer) -> AsyncIterator[SandboxClient]:
    async with SandboxClient(sandbox.url) as c:
        yield c


def make_settings(sandbox_url: str, db: Path, **extra: Any) -> Settings:
    return load_settings(
        token=TOKEN,
        api_url=f"{sandbox_url}/bot",
        db=db,
        rate_overall=0,
        rate_group=0,
        _env_file=None,
        **extra,
    )


async def start_bot(settings: Settings) -> BotApp:
    application = build_application(settings)
    await application.initialize()
    assert application.post_init is not None
    await application.post_init(application)
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0.0, timeout=1)
    await application.start()
    return application


async def stop_bot(application: BotApp) -> None:
    assert application.updater is not None
    if application.updater.running:
        await application.updater.stop()
    if application.running:
        await application.stop()
    assert application.post_shutdown is not None
    await application.shutdown()
    await application.post_shutdown(application)


@dataclass
class World:
    sandbox: SandboxServer
    client: SandboxClient
    app: BotApp
    db: Path


@pytest.fixture
def bot_settings_extra() -> dict[str, Any]:
    return {}


@pytest.fixture
async def world(
    sandbox: SandboxServer,
    client: SandboxClient,
    tmp_path: Path,
    bot_settings_extra: dict[str, Any],
) -> AsyncIterator[World]:
    """A group with a board member, a member and an outsider, and the bot running."""
    await client.chat(GROUP, "RAO Zuid")
    await client.user(BOARD, "Bea", "bea", chats=[GROUP], admin_of=[GROUP], started=True)
    await client.user(MEMBER, "Piet", "piet", chats=[GROUP], started=True)
    await client.user(OUTSIDER, "Olga", "olga", chats=[], started=False)
    db = tmp_path / "bot.sqlite3"
    application = await start_bot(make_settings(sandbox.url, db, **bot_settings_extra))
    yield World(sandbox, client, application, db)
    await stop_bot(application)
