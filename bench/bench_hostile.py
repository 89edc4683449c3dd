"""A hostile calendar file must not stall other chats: /start latency from a second chat while
the board's worst-case .ics (a FREQ=SECONDLY rule and 8,000 events) is being refused, beside
the same measurement with no upload, in one run.

Run: .venv/bin/python -m bench.bench_hostile
Sandbox and bot run as separate processes, as in production. Target: p99 under 200 ms.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from bench.harness import percentile, processes
from bot.sandbox.client import Entry, SandboxClient
from bot.sandbox.processes import wait_polling

GROUP, BOARD, MEMBER = -1001, 11, 12
SAMPLES = 40


def hostile_ics(events: int = 8000) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//hostile//EN"]
    lines += [
        "BEGIN:VEVENT",
        "UID:storm@example.org",
        "SUMMARY:Storm",
        "DTSTART:20270101T090000Z",
        "RRULE:FREQ=SECONDLY",
        "END:VEVENT",
    ]
    for n in range(events):
        lines += [
            "BEGIN:VEVENT",
            f"UID:e{n}@example.org",
            f"SUMMARY:Overleg {n}",
            f"DTSTART:2027{1 + n % 12:02d}{1 + n % 28:02d}T190000Z",
            "DURATION:PT1H",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines).encode()


async def _latencies(client: SandboxClient, count: int) -> list[float]:
    found: list[float] = []
    after = (await client.outbox())[-1]["seq"] if await client.outbox() else 0
    for _ in range(count):
        started = time.perf_counter()
        await client.send(MEMBER, MEMBER, "/start")
        while True:
            entries = await client.outbox(after, chat_id=MEMBER, wait=5)
            done = False
            for entry in entries:
                after = max(after, int(entry["seq"]))
                done = done or entry["method"] == "sendMessage"
            if done:
                break
        found.append((time.perf_counter() - started) * 1000)
    return found


async def main() -> None:
    async with processes() as (procs, client):
        await client.chat(GROUP, "RAO Zuid")
        await client.user(BOARD, "Bea", "bea", chats=[GROUP], admin_of=[GROUP], started=True)
        await client.user(MEMBER, "Piet", "piet", chats=[GROUP], started=True)
        procs.start_bot()
        await wait_polling(client)
        await _latencies(client, 3)  # warm-up
        quiet = await _latencies(client, SAMPLES)
        print(f"/start from another chat, {SAMPLES} samples each (ms):")
        _row("no upload", quiet)
        # 8,000 events (refused by count) and 900 events with a SECONDLY rule (parsed, refused).
        for label, data in (("8,000 events", hostile_ics()), ("SECONDLY + 900", hostile_ics(900))):
            after = (await client.outbox())[-1]["seq"]
            upload = asyncio.create_task(client.upload(GROUP, BOARD, "storm.ics", data))
            await asyncio.sleep(0.05)  # the upload is on its way; measure while it is handled
            busy = await _latencies(client, SAMPLES)
            await upload
            refusal = await client.find(_in_group_after(after), timeout=60)
            _row(f"during {label}", busy)
            print(f"    ({len(data) // 1024} kB) answered: {refusal['text'][:80]!r}")


def _in_group_after(after: int) -> Callable[[Entry], bool]:
    return lambda e: e["method"] == "sendMessage" and e["chat_id"] == GROUP and e["seq"] > after


def _row(label: str, values: list[float]) -> None:
    p50, p99 = percentile(values, 50), percentile(values, 99)
    print(f"  {label:<26} p50 {p50:6.1f}   p99 {p99:6.1f}")


if __name__ == "__main__":
    asyncio.run(main())
