"""`rao-bot sandbox` and `rao-bot run` as separate processes, as an operator would start them."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from bot.sandbox.client import SandboxClient
from bot.sandbox.processes import ROOT, bot_env, start_sandbox
from tests.conftest import until

TOKEN = "987654:PROCESS-secret_token"


@pytest.fixture
def sandbox_process() -> Iterator[str]:
    proc, url = start_sandbox()
    yield url
    proc.send_signal(signal.SIGTERM)
    proc.wait(10)


def start_bot_process(url: str, db: Path, log: IO[str], *extra: str) -> subprocess.Popen[str]:
    # The log goes to a file: a pipe nobody reads fills up (64 KB) and blocks the bot.
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run", *extra],
        cwd=ROOT,
        env=bot_env(url, TOKEN, db),
        stderr=log,
        text=True,
    )


async def test_run_answers_start_and_never_logs_token(sandbox_process: str, tmp_path: Path) -> None:
    async with SandboxClient(sandbox_process) as c:
        await c.chat(-1001, "RAO Zuid")
        await c.user(11, "Bea", chats=[-1001])
        log = (tmp_path / "bot.log").open("w", encoding="utf-8")
        bot = start_bot_process(sandbox_process, tmp_path / "db.sqlite3", log, "--debug")
        try:

            async def polling() -> bool:
                return bool((await c.state())["calls"].get("getUpdates"))

            await until(polling, 30, "the bot polls", every=0.1)
            # Speed is measured by bench/bench_roundtrip.py (same two processes), not asserted.
            await c.send(-1001, 11, "/start")
            reply = await c.expect(lambda e: e["method"] == "sendMessage", timeout=5)
            assert "RAO-bot" in reply["text"]
        finally:
            bot.send_signal(signal.SIGTERM)
            bot.wait(20)
            log.close()
    stderr = (tmp_path / "bot.log").read_text(encoding="utf-8")
    assert bot.returncode == 0
    assert "getUpdates" in stderr  # debug logging really ran
    assert TOKEN not in stderr and TOKEN.split(":")[1] not in stderr
