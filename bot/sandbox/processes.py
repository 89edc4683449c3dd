"""`rao-bot sandbox` and `rao-bot run` started as real processes, the way an operator would.

The process tests and the benchmarks both do this; one copy keeps them starting the bot the same
way (same environment, same readiness checks).
"""

from __future__ import annotations

import asyncio
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

from bot.sandbox.client import SandboxClient

ROOT = Path(__file__).resolve().parents[2]


def sandbox_token(bot_id: int) -> str:
    """A throwaway token for the sandbox, made per run so no token-like secret is committed."""
    return f"{bot_id}:{secrets.token_urlsafe(24)}"


def start_sandbox() -> tuple[subprocess.Popen[str], str]:
    """The sandbox process and its URL, once it said it is listening (so the bot can connect).

    It takes a free port itself (port 0) and names it, so runs side by side never race for one.
    """
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "sandbox", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    prefix = "sandbox listening on http://127.0.0.1:"
    if not line.startswith(prefix) or not line.removeprefix(prefix).isdigit():
        proc.kill()
        proc.wait(10)
        raise RuntimeError(f"sandbox did not start: {line!r}")
    return proc, line.removeprefix("sandbox listening on ")


def bot_env(url: str, token: str, db: Path, **extra: str) -> dict[str, str]:
    """The environment of a `rao-bot run` against the sandbox at `url`; never via a proxy."""
    env = dict(os.environ)
    env.update(
        RAO_BOT_TOKEN=token,
        RAO_BOT_API_URL=f"{url}/bot",
        RAO_BOT_DB=str(db),
        NO_PROXY="127.0.0.1,localhost",
    )
    env.update(extra)
    return env


async def wait_polling(client: SandboxClient, timeout: float = 30) -> None:
    """Until the bot asks for updates again: only then does a sent message reach it promptly."""
    deadline = time.monotonic() + timeout
    start = (await client.state())["calls"].get("getUpdates", 0)
    while (await client.state())["calls"].get("getUpdates", 0) <= start:
        if time.monotonic() > deadline:
            raise TimeoutError("bot did not start polling")
        await asyncio.sleep(0.05)
