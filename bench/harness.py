"""Starts `rao-bot sandbox` and `rao-bot run` as real processes for the benchmarks."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.sandbox.client import SandboxClient

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "555555:BENCH-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Processes:
    url: str
    sandbox: subprocess.Popen[str]
    bot: subprocess.Popen[str] | None
    db: Path
    env: dict[str, str]

    def start_bot(self) -> subprocess.Popen[str]:
        self.bot = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"],
            cwd=ROOT,
            env=self.env,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        return self.bot

    def stop_bot(self, sig: int = signal.SIGTERM) -> None:
        if self.bot is not None and self.bot.poll() is None:
            self.bot.send_signal(sig)
            self.bot.wait(30)
        self.bot = None


async def wait_polling(client: SandboxClient, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    start = (await client.state())["calls"].get("getUpdates", 0)
    while (await client.state())["calls"].get("getUpdates", 0) <= start:
        if time.monotonic() > deadline:
            raise TimeoutError("bot did not start polling")
        await asyncio.sleep(0.05)


@asynccontextmanager
async def processes(**extra_env: str) -> AsyncIterator[tuple[Processes, SandboxClient]]:
    port = free_port()
    sandbox = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "sandbox", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert sandbox.stdout is not None
    sandbox.stdout.readline()
    url = f"http://127.0.0.1:{port}"
    tmp = Path(tempfile.mkdtemp(prefix="rao-bench-"))
    env = dict(os.environ)
    env.update(
        RAO_BOT_TOKEN=TOKEN,
        RAO_BOT_API_URL=f"{url}/bot",
        RAO_BOT_DB=str(tmp / "bench.sqlite3"),
        RAO_BOT_RATE_OVERALL="0",
        RAO_BOT_RATE_GROUP="0",
        NO_PROXY="127.0.0.1,localhost",
    )
    env.update(extra_env)
    procs = Processes(url, sandbox, None, tmp / "bench.sqlite3", env)
    client = SandboxClient(url)
    try:
        yield procs, client
    finally:
        await client.close()
        procs.stop_bot()
        sandbox.send_signal(signal.SIGTERM)
        sandbox.wait(10)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]
