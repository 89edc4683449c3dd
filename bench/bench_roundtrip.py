"""Round trip of /start through sandbox and bot (p50/p99), and messages per second with 20 users.

Run: .venv/bin/python -m bench.bench_roundtrip
Both the sandbox and the bot run as separate processes, as in production.
"""

from __future__ import annotations

import asyncio
import time

from bench.harness import percentile, processes
from bot.sandbox.client import SandboxClient
from bot.sandbox.processes import wait_polling

USERS = 20
SEQUENTIAL = 500
PER_USER = 50


async def _round_trip(client: SandboxClient, user: int, after: int) -> tuple[float, int]:
    started = time.perf_counter()
    await client.send(user, user, "/start")
    while True:
        entries = await client.outbox(after, chat_id=user, wait=5)
        for entry in entries:
            after = max(after, int(entry["seq"]))
            if entry["method"] == "sendMessage":
                return time.perf_counter() - started, after


async def main() -> None:
    async with processes() as (procs, client):
        for uid in range(1, USERS + 1):
            await client.user(uid, f"Lid{uid}", started=True)
        procs.start_bot()
        await wait_polling(client)
        await _round_trip(client, 1, 0)  # warm-up
        latencies: list[float] = []
        after = (await client.outbox())[-1]["seq"]
        for _ in range(SEQUENTIAL):
            latency, after = await _round_trip(client, 1, after)
            latencies.append(latency * 1000)
        print(f"round trip over {SEQUENTIAL} sequential /start messages:")
        print(f"  p50 {percentile(latencies, 50):.1f} ms   p99 {percentile(latencies, 99):.1f} ms")

        base = (await client.outbox())[-1]["seq"]

        async def user_loop(uid: int) -> None:
            seen = base
            for _ in range(PER_USER):
                _, seen = await _round_trip(client, uid, seen)

        started = time.perf_counter()
        await asyncio.gather(*(user_loop(uid) for uid in range(1, USERS + 1)))
        elapsed = time.perf_counter() - started
        total = USERS * PER_USER
        print(f"{USERS} users sending at once, {total} messages answered:")
        print(f"  {total / elapsed:.0f} messages/second ({elapsed:.2f} s)")


if __name__ == "__main__":
    asyncio.run(main())
