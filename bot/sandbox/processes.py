"""`rao-bot sandbox` and `rao-bot run` started as real processes, the way an operator would.

The process tests and the benchmarks both do this; one copy keeps them starting the bot the same
way (same environment, same readiness checks).
"""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

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


class BotProcess:
    """`rao-bot run` as a child process that tests and benchmarks start, kill and restart.

    Its log goes to a file per run (a pipe nobody reads fills up and blocks the bot).
    """

    def __init__(self, url: str, token: str, db: Path, log_dir: Path, **env: str) -> None:
        self.url, self.token, self.db, self.log_dir = url, token, db, log_dir
        self.env = bot_env(url, token, db, **env)
        self.proc: subprocess.Popen[bytes] | None = None
        self.runs = 0
        self.started_at = 0.0  # time.monotonic() of the last start
        self._log: IO[bytes] | None = None

    @property
    def log_path(self) -> Path:
        return self.log_dir / f"bot-{self.runs}.log"

    def start(self) -> None:
        self.runs += 1
        self._log = open(self.log_path, "wb")  # noqa: SIM115
        self.started_at = time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """SIGKILL by default: no clean-up of any kind, as in a power cut."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(30)
        if self._log is not None:
            self._log.close()
            self._log = None
        self.proc = None

    async def stop(self) -> None:
        """SIGTERM: polling stops, what was received is handled, then the process ends. Waits
        without blocking the event loop (a sandbox on it must answer the bot meanwhile)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            await asyncio.to_thread(self.proc.wait, 30)
        self.kill()

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None
