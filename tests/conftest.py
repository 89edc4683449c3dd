"""Fixtures: a real sandbox on a free port and the real bot Application polling it.

Every bot a test starts is watched by its sandbox (`SandboxClient.idle()` then knows when the
bot has handled everything), and shares one knowledge index per set of source files with every
other bot of the test run: building it is most of a start-up, and nothing changes the files
behind a key (a test that edits knowledge or schedules uses a directory of its own).
"""

from __future__ import annotations

import asyncio
import inspect
import json
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.app import build_application
from bot.assembly import build_knowledge
from bot.config import Settings, load_settings
from bot.context import BotApp
from bot.delivery import runner
from bot.knowledge.loader import Knowledge
from bot.sandbox.client import SandboxClient
from bot.sandbox.idle import TrackedUpdateQueue
from bot.sandbox.server import SandboxServer

os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
TOKEN = "123456:TEST-token_abc"
GROUP = -1001
BOARD = 11
MEMBER = 12
OUTSIDER = 13

_SANDBOXES: dict[str, SandboxServer] = {}  # by URL, so start_bot finds the bot's sandbox
_KNOWLEDGE: dict[tuple[Path | None, Path, str], Knowledge] = {}
# The sandbox of a running Application (by id()) and the call that stops it watching the bot.
_WATCHED: dict[int, tuple[SandboxServer, Callable[[], None]]] = {}
_RUNNING: dict[int, runner.RunningBot] = {}  # by id() of the Application


@pytest.fixture
async def sandbox() -> AsyncIterator[SandboxServer]:
    server = SandboxServer()
    await server.start("127.0.0.1", 0)
    _SANDBOXES[server.url] = server
    yield server
    _SANDBOXES.pop(server.url, None)
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
        _env_file=None,
        **{"rate_overall": 0, "rate_group": 0, **extra},
    )


def shared_knowledge(settings: Settings) -> Knowledge:
    """The knowledge for these settings, built once per test run."""
    key = (settings.knowledge_dir, settings.schedules_dir.resolve(), settings.timezone)
    if key not in _KNOWLEDGE:
        _KNOWLEDGE[key] = build_knowledge(settings)
    return _KNOWLEDGE[key]


async def start_bot(settings: Settings) -> BotApp:
    """The real Application polling the sandbox at `settings.api_url`, watched by it."""
    queue = TrackedUpdateQueue()
    application = build_application(
        settings, knowledge=shared_knowledge(settings), update_queue=queue
    )
    sandbox = _SANDBOXES.get(settings.api_url.removesuffix("/bot"))
    if sandbox is not None:
        _WATCHED[id(application)] = (sandbox, sandbox.watch_bot(queue))
    _RUNNING[id(application)] = await runner.start(application, poll_timeout=1)
    return application


async def stop_bot(application: BotApp) -> None:
    """Stops a bot `start_bot` started; a bot stopped before is left alone."""
    running = _RUNNING.pop(id(application), None)
    if running is None:
        return
    await running.stop_polling()
    watched = _WATCHED.pop(id(application), None)
    if watched is not None:
        await watched[0].state.release_polls()  # the stopped poller's request would linger
    await running.shut_down()
    if watched is not None:
        watched[1]()


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
    world = World(sandbox, client, application, db)
    yield world
    await stop_bot(world.app)  # a test that restarted the bot stopped the earlier one


# --- the sandbox alone, spoken to over raw HTTP ----------------------------------------------

API_TOKEN = "42:abc"  # the raw Bot API calls of the sandbox tests


@pytest.fixture
async def api(sandbox: SandboxServer) -> AsyncIterator[Any]:
    async with aiohttp.ClientSession(trust_env=False) as session:

        async def call(method: str, **params: Any) -> tuple[int, dict[str, Any]]:
            form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
            async with session.post(f"{sandbox.url}/bot{API_TOKEN}/{method}", data=form) as r:
                return r.status, await r.json()

        yield call


async def until(
    condition: Callable[[], bool | Awaitable[bool]],
    timeout: float = 5,
    what: str = "the condition",
    every: float = 0.005,
) -> None:
    """Until `condition` holds: the one way tests wait (no sleeps standing in for a state).
    It may be a coroutine (a database row, another process's state); `every` spaces the checks
    of something expensive to look at."""
    try:
        async with asyncio.timeout(timeout):
            while True:
                held = condition()
                if await held if inspect.isawaitable(held) else held:
                    return
                await asyncio.sleep(every)
    except TimeoutError:
        raise AssertionError(f"never happened within {timeout} s: {what}") from None


@pytest.fixture
async def populated(client: SandboxClient) -> SandboxClient:
    await client.chat(-100, "RAO Test")
    await client.user(7, "Anna", "anna", chats=[-100], admin_of=[-100])
    await client.user(8, "Bob", "bob", chats=[-100])
    return client
