"""Starts `rao-bot sandbox` and `rao-bot run` as real processes for the benchmarks."""

from __future__ import annotations

import signal
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.sandbox.client import SandboxClient
from bot.sandbox.processes import ROOT, bot_env, sandbox_token, start_sandbox

TOKEN = sandbox_token(555555)


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


@asynccontextmanager
async def processes(**extra_env: str) -> AsyncIterator[tuple[Processes, SandboxClient]]:
    sandbox, url = start_sandbox()
    tmp = Path(tempfile.mkdtemp(prefix="rao-bench-"))
    unlimited = {"RAO_BOT_RATE_OVERALL": "0", "RAO_BOT_RATE_GROUP": "0"}
    env = bot_env(url, TOKEN, tmp / "bench.sqlite3", **{**unlimited, **extra_env})
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
