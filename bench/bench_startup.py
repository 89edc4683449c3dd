"""Time from process start to polling: `rao-bot run` started five times against the sandbox
(separate processes, as in production), each time until its first getUpdates.

Run: .venv/bin/python -m bench.bench_startup   (issue 12's aim: under 1.5 s)
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.sandbox.client import SandboxClient
from bot.sandbox.processes import bot_env, sandbox_token, start_sandbox

RUNS = 5


async def _one_start(client: SandboxClient, url: str) -> float:
    db = Path(tempfile.mkdtemp(prefix="rao-start-")) / "db.sqlite3"
    env = bot_env(url, sandbox_token(100001), db)
    before = (await client.state())["calls"].get("getUpdates", 0)
    started = time.monotonic()
    bot = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while (await client.state())["calls"].get("getUpdates", 0) <= before:
            if time.monotonic() - started > 60:
                raise TimeoutError("the bot did not start polling within 60 s")
            await asyncio.sleep(0.02)
        return time.monotonic() - started
    finally:
        bot.terminate()
        bot.wait(20)


async def main() -> None:
    sandbox, url = start_sandbox()
    try:
        async with SandboxClient(url) as client:
            times = [await _one_start(client, url) for _ in range(RUNS)]
    finally:
        sandbox.terminate()
        sandbox.wait(20)
    print("process start to first getUpdates: " + ", ".join(f"{t:.2f}" for t in times) + " s")
    print(f"  median {sorted(times)[len(times) // 2]:.2f} s (aim: under 1.5 s)")


if __name__ == "__main__":
    asyncio.run(main())
