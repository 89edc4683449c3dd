"""A reminder survives SIGKILL: `rao-bot run` as a real process, killed around the due moment.

This is the suite's one real-time smoke test of scheduled delivery: the other reminder and
poll tests drive the scheduler's delivery at chosen moments instead of waiting for them.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

import pytest

from bot.agenda.meeting_input import MeetingRequest
from bot.agenda.records import ReminderState
from bot.agenda.service import AgendaService
from bot.sandbox.client import SandboxClient
from bot.sandbox.processes import ROOT, bot_env, wait_polling
from bot.sandbox.server import SandboxServer
from bot.storage import Storage
from tests.conftest import until

TOKEN = "424242:KILL-test_token"
GROUP, BOARD = -1001, 11
TZ = ZoneInfo("Europe/Amsterdam")


class BotProcess:
    def __init__(self, url: str, db: Path, log_dir: Path) -> None:
        self.url, self.db, self.log_dir = url, db, log_dir
        self.proc: subprocess.Popen[bytes] | None = None
        self.runs = 0
        self.log_path: Path | None = None
        self._log: IO[Any] | None = None

    def start(self) -> None:
        env = bot_env(self.url, TOKEN, self.db, RAO_BOT_RATE_OVERALL="0", RAO_BOT_RATE_GROUP="0")
        self.runs += 1
        self.log_path = self.log_dir / f"bot-{self.runs}.log"
        self._log = open(self.log_path, "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)
        if self._log is not None:
            self._log.close()
        self.proc = None


@pytest.fixture
def bot_process(sandbox: SandboxServer, tmp_path: Path) -> Iterator[BotProcess]:
    bot = BotProcess(sandbox.url, tmp_path / "bot.sqlite3", tmp_path)
    yield bot
    bot.kill()


def _reminders(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        e
        for e in entries
        if e["method"] == "sendMessage" and "Herinnering" in (e.get("text") or "")
    ]


async def _wait_for_log(bot: BotProcess, text: str, timeout: float = 20) -> None:
    """Until the running process logged `text` (its log is a file, read as it grows)."""
    log = bot.log_path
    assert log is not None
    await until(
        lambda: text in log.read_text(encoding="utf-8", errors="replace"),
        timeout,
        f"the bot logs {text!r}",
        every=0.05,
    )


async def _rows(db: Path) -> list[Any]:
    storage = Storage(db)
    await storage.open()
    try:
        return await storage.agenda.agenda_reminders(GROUP)
    finally:
        await storage.close()


async def test_reminder_arrives_exactly_once_across_sigkill(
    client: SandboxClient, bot_process: BotProcess
) -> None:
    await client.chat(GROUP, "RAO Zuid")
    await client.user(BOARD, "Bea", chats=[GROUP], admin_of=[GROUP], started=True)
    bot_process.start()
    await wait_polling(client)

    # The meeting goes into the database behind the running bot's back; the bot learns of it
    # when the board changes the lead times (every change re-reads the database).
    now = datetime.now(UTC)
    due = (now + timedelta(seconds=5)).replace(microsecond=0)
    storage = Storage(bot_process.db)
    await storage.open()
    try:
        service = AgendaService(storage, TZ, ROOT / "schedules")
        await service.set_leads(GROUP, "1m", now)
        request = MeetingRequest("Crashtest-overleg", due + timedelta(minutes=1))
        await service.add_meeting(GROUP, request, BOARD, now)
    finally:
        await storage.close()
    await client.send(GROUP, BOARD, "/herinneringen 1m")
    await client.expect(lambda e: "Ingesteld" in (e.get("text") or ""), timeout=10)

    # Killed before the due moment (the pending row exists once "Ingesteld" came back),
    # restarted at once: the new process finds the row.
    bot_process.kill()
    # On a slow machine the first process may have sent it already; then this test would no
    # longer show a restart finding the row, so say so instead of passing silently.
    early = [e for e in _reminders(await client.outbox()) if "Crashtest-overleg" in e["text"]]
    assert not early, "sent before the kill: the machine was too slow for this test"
    bot_process.start()
    first = await client.expect(lambda e: bool(_reminders([e])), timeout=30)
    assert "Crashtest-overleg" in first["text"] and "later verstuurd" not in first["text"]

    # Killed again once the row is recorded as sent: the next process does not repeat it.
    async def recorded_sent() -> bool:
        return any(r.state == ReminderState.SENT for r in await _rows(bot_process.db))

    await until(recorded_sent, 10, "the reminder is recorded as sent", every=0.05)
    bot_process.kill()
    seen = (await client.outbox())[-1]["seq"]
    bot_process.start()
    await wait_polling(client)
    # Its first tick delivers whatever is due before it logs the first full sync.
    await _wait_for_log(bot_process, "agenda: reminders synced")
    await client.idle()
    assert _reminders(await client.outbox(after=seen)) == []
    rows = await _rows(bot_process.db)
    assert [(r.state, r.late) for r in rows] == [(ReminderState.SENT, False)]
    sent = rows[0].sent_utc
    assert sent is not None and sent >= due  # not early, by the bot's own record
