"""Agenda reminders at scale: 50 groups, 10,000 future reminders, and 50 due at once with 429s.

Run: .venv/bin/python -m bench.bench_reminders [--telegram-limits] [--faults N]

The database is filled before the bot starts (meetings, a weekly series, a schedule
subscription per group, through AgendaService as the bot itself would store them). Then
`rao-bot run` starts as a separate process against `rao-bot sandbox`, and we measure:
  - start-up: process start to first getUpdates, and the bot's own "back on schedule" time
  - resident memory of the bot process (psutil) after start-up and after its first full sync
  - 50 groups with the same reminder due at once, with N sendMessage 429s (retry_after 1 s)
    injected by the sandbox: time from the due moment to the last delivery, and that every
    group got exactly one.
--telegram-limits keeps the bot's real flood limits (30/s overall, 20/min per group) instead
of switching them off as the other benchmarks do, and switches the sandbox's flood limits on
(bot.sandbox.flood, Telegram's figures): the calls they refused are printed, besides the
injected 429s.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import psutil

from bench.harness import Processes, processes
from bot.agenda.meeting_input import MeetingRequest
from bot.agenda.records import ReminderState
from bot.agenda.service import AgendaService
from bot.dutch_recurrence import Recurrence
from bot.sandbox.client import SandboxClient
from bot.sandbox.processes import ROOT, wait_polling
from bot.storage import Storage

TZ = ZoneInfo("Europe/Amsterdam")
GROUPS = 50
TARGET = 10_000
FIRST_GROUP = -100_200
BURST_DELAY = timedelta(seconds=25)  # the shared reminder falls due this long after set-up


async def prepare(db: Path, burst_due: datetime) -> int:
    storage = Storage(db)
    await storage.open()
    service = AgendaService(storage, TZ, ROOT / "schedules")
    now = datetime.now(UTC)
    tomorrow = (
        (now + timedelta(days=1))
        .astimezone(TZ)
        .replace(hour=19, minute=30, second=0, microsecond=0)
    )
    try:
        per_group = TARGET // GROUPS
        for n in range(GROUPS):
            chat = FIRST_GROUP - n
            await storage.chats.remember_chat(chat, "supergroup", f"RAO {n + 1}")
            await service.set_leads(chat, "14d 3d 2u 1m", now)
            weekly = Recurrence("WEEKLY").anchored(tomorrow)
            await service.add_meeting(
                chat, MeetingRequest("FTO", tomorrow.astimezone(UTC), None, weekly), None, now
            )
            await service.subscribe(chat, "zz-inkoop-2028", None, now)
            day = 2
            while (
                len(await storage.agenda.agenda_reminders(chat, ReminderState.PENDING)) < per_group
            ):
                start = (tomorrow + timedelta(days=day, hours=-2)).astimezone(UTC)
                await service.add_meeting(chat, MeetingRequest(f"Overleg {day}", start), None, now)
                day += 3
            # The burst: every group has a meeting whose 1-minute reminder is due at once.
            start = burst_due + timedelta(minutes=1)
            await service.add_meeting(chat, MeetingRequest("Spoedoverleg", start), None, now)
        counts = await storage.agenda.agenda_reminder_counts()
    finally:
        await storage.close()
    return counts.get("pending", 0)


def start_bot(procs: Processes, log_path: Path) -> subprocess.Popen[str]:
    log = log_path.open("w")
    procs.bot = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run"],
        cwd=ROOT,
        env=procs.env,
        stderr=log,
        text=True,
    )
    return procs.bot


async def wait_for_log(path: Path, pattern: str, timeout: float = 30) -> re.Match[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        match = re.search(pattern, path.read_text(errors="replace"))
        if match:
            return match
        await asyncio.sleep(0.05)
    raise TimeoutError(f"no log line matching {pattern!r}")


async def burst(client: SandboxClient, due: datetime, after: int) -> tuple[float, dict[int, int]]:
    """Collect reminders for the 50 groups; returns seconds from due to the last one."""
    groups = {FIRST_GROUP - n for n in range(GROUPS)}
    seen: dict[int, int] = {}
    last = due
    deadline = time.monotonic() + (due - datetime.now(UTC)).total_seconds() + 30
    while time.monotonic() < deadline:
        for entry in await client.outbox(after, wait=1):
            after = max(after, int(entry["seq"]))
            text = entry.get("text") or ""
            ours = entry["method"] == "sendMessage" and entry["chat_id"] in groups
            if ours and "Spoedoverleg" in text:
                seen[entry["chat_id"]] = seen.get(entry["chat_id"], 0) + 1
                last = datetime.now(UTC)
        if len(seen) == GROUPS and datetime.now(UTC) > last + timedelta(seconds=3):
            break
    return (last - due).total_seconds(), seen


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--telegram-limits", action="store_true")
    parser.add_argument("--faults", type=int, default=30)
    args = parser.parse_args()
    extra = (
        {"RAO_BOT_RATE_OVERALL": "30", "RAO_BOT_RATE_GROUP": "20"} if args.telegram_limits else {}
    )
    async with processes(**extra) as (procs, client):
        if args.telegram_limits:
            await client.flood(True)
        for n in range(GROUPS):
            await client.chat(FIRST_GROUP - n, f"RAO {n + 1}")
        started = time.perf_counter()
        burst_due = (datetime.now(UTC) + BURST_DELAY).replace(microsecond=0)
        pending = await prepare(procs.db, burst_due)
        print(
            f"prepared {GROUPS} groups, {pending} pending reminders "
            f"({time.perf_counter() - started:.1f} s)"
        )

        log_path = procs.db.parent / "bot.log"
        spawned = time.perf_counter()
        bot = start_bot(procs, log_path)
        await wait_polling(client)
        to_polling = time.perf_counter() - spawned
        line = await wait_for_log(log_path, r"back on schedule in ([\d.]+) ms \((\d+) timer")
        process = psutil.Process(bot.pid)
        rss_start = process.memory_info().rss / 2**20
        sync = await wait_for_log(log_path, r"reminders synced in (\d+) ms")
        rss_sync = process.memory_info().rss / 2**20
        print("start-up with", pending, "future reminders:")
        print(
            f"  rescheduling (start-up hook): {float(line.group(1)):.1f} ms, "
            f"{line.group(2)} APScheduler timer(s) for the next 10 min"
        )
        print(f"  process start to polling: {to_polling:.2f} s (includes Python imports)")
        print(f"  first full re-derivation of all rows: {sync.group(1)} ms")
        print(
            f"  resident memory: {rss_start:.1f} MB after start-up, "
            f"{rss_sync:.1f} MB after the full sync"
        )

        after = (await client.outbox())[-1]["seq"] if await client.outbox() else 0
        await client.fault("sendMessage", 429, count=args.faults, retry_after=1)
        print(
            f"waiting for the burst: {GROUPS} reminders due at {burst_due:%H:%M:%S} UTC, "
            f"{args.faults} sendMessage calls answered 429 (retry_after 1 s)"
        )
        spread, seen = await burst(client, burst_due, after)
        rss_end = process.memory_info().rss / 2**20
        storage = Storage(procs.db)
        await storage.open()
        try:
            counts = await storage.agenda.agenda_reminder_counts()
        finally:
            await storage.close()
        state = await client.state()
        duplicates = {chat: n for chat, n in seen.items() if n > 1}
        print(f"  served {len(seen)}/{GROUPS} groups; last one {spread:.2f} s after the due moment")
        calls = state["calls"].get("sendMessage")
        print(f"  duplicates: {len(duplicates)}; sendMessage calls: {calls}")
        print(f"  reminder rows by state: {counts}; resident memory now {rss_end:.1f} MB")
        flood = state["flood"]
        if flood["enabled"]:
            print(
                f"  refused by the sandbox's flood limits: {flood['refused']} "
                f"{flood['by_rule'] or ''} (injected 429s: {state['faults']['counts']})"
            )
        ok = len(seen) == GROUPS and not duplicates and spread <= 10
        ok = ok and not (flood["enabled"] and flood["refused"])  # the bot keeps its limits
        print("RESULT:", "ok" if ok else "FAILED")


if __name__ == "__main__":
    asyncio.run(main())
