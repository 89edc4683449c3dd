"""`rao-bot run` as a process: in webhook mode, and with a token Telegram rejects."""

from __future__ import annotations

import asyncio
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.sandbox.client import SandboxClient
from bot.sandbox.processes import ROOT, bot_env, sandbox_token, start_sandbox

BOT_ID = 765432
TOKEN = sandbox_token(BOT_ID)
SECRET = "process_webhook-secret"


@pytest.fixture
def sandbox_process() -> Iterator[str]:
    proc, url = start_sandbox()
    yield url
    proc.send_signal(signal.SIGTERM)
    proc.wait(10)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_run_webhook_answers_start(sandbox_process: str, tmp_path: Path) -> None:
    port = _free_port()
    env = bot_env(
        sandbox_process,
        TOKEN,
        tmp_path / "db.sqlite3",
        RAO_BOT_WEBHOOK_URL=f"http://127.0.0.1:{port}/hook",
        RAO_BOT_WEBHOOK_PORT=str(port),
        RAO_BOT_WEBHOOK_SECRET=SECRET,
    )
    log_path = tmp_path / "bot.log"
    async with SandboxClient(sandbox_process) as c:
        await c.user(11, "Bea")
        with log_path.open("w", encoding="utf-8") as log:
            bot = subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "run", "--webhook", "--debug"],
                cwd=ROOT,
                env=env,
                stderr=log,
                text=True,
            )
            try:
                deadline = time.monotonic() + 30
                while not (await c.state())["calls"].get("setWebhook"):
                    assert bot.poll() is None, log_path.read_text()
                    assert time.monotonic() < deadline, "bot did not set its webhook"
                    await asyncio.sleep(0.1)
                await c.send(11, 11, "/start")
                reply = await c.expect(lambda e: e["method"] == "sendMessage", timeout=10)
                assert "RAO-bot" in reply["text"]
                assert "getUpdates" not in (await c.state())["calls"]
            finally:
                bot.send_signal(signal.SIGTERM)
                bot.wait(20)
    output = log_path.read_text(encoding="utf-8")
    assert bot.returncode == 0, output
    assert "webhook mode: listening on 127.0.0.1" in output
    for secret in (TOKEN, TOKEN.split(":")[1], SECRET):
        assert secret not in output


def test_run_webhook_without_secret_says_what_is_missing(tmp_path: Path) -> None:
    env = bot_env("http://127.0.0.1:9", TOKEN, tmp_path / "db.sqlite3")
    env["RAO_BOT_WEBHOOK_URL"] = "https://rao.example.org/hook"
    env.pop("RAO_BOT_WEBHOOK_SECRET", None)
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run", "--webhook"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "rao-bot: RAO_BOT_WEBHOOK_SECRET is not set: webhook mode refuses requests without "
        "the secret (1-256 letters, digits, _ or -)."
    ]


@pytest.mark.parametrize("mode", [[], ["--webhook"]])
async def test_run_with_a_revoked_token_exits_with_one_line_and_no_token(
    sandbox_process: str, tmp_path: Path, mode: list[str]
) -> None:
    async with SandboxClient(sandbox_process) as c:
        await c.revoke(BOT_ID)
    env = bot_env(
        sandbox_process,
        TOKEN,
        tmp_path / "db.sqlite3",
        RAO_BOT_WEBHOOK_URL="http://127.0.0.1:9/hook",
        RAO_BOT_WEBHOOK_SECRET=SECRET,
    )
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot.cli", "run", *mode],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        "rao-bot: Telegram rejected the token in RAO_BOT_TOKEN; check it with @BotFather (/token)."
    ]
    for secret in (TOKEN, TOKEN.split(":")[1]):
        assert secret not in done.stderr
