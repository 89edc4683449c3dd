"""2,000 members of one organisation press vote buttons within one minute.

Run: .venv/bin/python -m bench.bench_votes [--members 2000] [--seconds 40]

The sandbox and the bot run as separate processes with rate limits off (bench/harness.py).
The roster is imported as a CSV through the bot (one pharmacy and one username per member),
the board starts a mandate vote, then every member presses Voor, Tegen or Onthouding at an
even pace over `--seconds`. Latency is measured from the moment the press is sent to the
sandbox until the bot's answerCallbackQuery for that press appears in the outbox.
Afterwards the database is read: every vote recorded exactly once, none lost, and each
pharmacy's stored choice is the one its member pressed.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import time
from pathlib import Path

from bench.harness import percentile, processes
from bot.polls.records import pharmacy_unit
from bot.sandbox.client import Entry, SandboxClient
from bot.sandbox.processes import wait_polling
from bot.storage import Storage

GROUP = -1001
BOARD = 11
FIRST_MEMBER = 100_000
CHOICES = ("Voor", "Tegen", "Onthouding")
OK_ANSWER = re.compile(r"^Je stem is vastgelegd: (Voor|Tegen|Onthouding)\.")


def choice_of(index: int) -> int:
    return 0 if index % 10 < 7 else (1 if index % 10 < 9 else 2)


def roster(members: int) -> bytes:
    lines = ["apotheek;agb;telegram"]
    for i in range(members):
        lines.append(f"Apotheek {i:05d};{60_000_000 + i:08d};lid{i:05d}")
    return ("\n".join(lines) + "\n").encode()


async def wait_entry(client: SandboxClient, after: int, predicate: object, timeout: float) -> Entry:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for entry in await client.outbox(after, wait=1):
            after = max(after, int(entry["seq"]))
            if callable(predicate) and predicate(entry):
                return entry
    raise TimeoutError("the bot did not answer in time")


async def main(members: int, seconds: float) -> int:
    async with processes() as (procs, client):
        await client.chat(GROUP, "RAO Bench")
        await client.user(
            BOARD, "Bestuur", "bestuur", chats=[GROUP], admin_of=[GROUP], started=True
        )
        await asyncio.gather(
            *(
                client.user(
                    FIRST_MEMBER + i, f"Lid {i}", f"lid{i:05d}", chats=[GROUP], started=True
                )
                for i in range(members)
            )
        )
        procs.start_bot()
        await wait_polling(client)

        seen = 0
        await client.upload(GROUP, BOARD, "leden.csv", roster(members))
        reply = await wait_entry(
            client, seen, lambda e: "bijgewerkt" in (e.get("text") or ""), timeout=60
        )
        print(reply["text"])
        seen = int(reply["seq"])
        await client.send(
            GROUP, BOARD, "/mandaat Mandaat voor het contract 2027? | sluit over 30 minuten"
        )
        posted = await wait_entry(
            client, seen, lambda e: "Mandaatstemming" in (e.get("text") or ""), timeout=30
        )
        message_id = int(posted["message_id"])
        match = re.search(r"#(\d+)", posted["text"])
        assert match
        poll_id = int(match.group(1))
        seen = int(posted["seq"])

        answered: dict[str, tuple[float, str]] = {}
        done = asyncio.Event()

        async def watch() -> None:
            after = seen
            while len(answered) < members:
                for entry in await client.outbox(after, wait=2):
                    after = max(after, int(entry["seq"]))
                    if entry["method"] == "answerCallbackQuery":
                        answered[entry["callback_query_id"]] = (
                            time.perf_counter(),
                            str(entry.get("text") or ""),
                        )
            done.set()

        pressed: dict[str, tuple[float, int]] = {}

        async def press(index: int) -> None:
            started = time.perf_counter()
            query_id = await client.press(
                GROUP, FIRST_MEMBER + index, message_id, button=CHOICES[choice_of(index)]
            )
            pressed[query_id] = (started, index)

        watcher = asyncio.create_task(watch())
        interval = seconds / members
        began = time.perf_counter()
        tasks = []
        for index in range(members):
            delay = began + index * interval - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(press(index)))
        await asyncio.gather(*tasks)
        press_window = time.perf_counter() - began
        await asyncio.wait_for(done.wait(), timeout=120)
        watcher.cancel()

        latencies = []
        wrong = 0
        for query_id, (started, index) in pressed.items():
            at, text = answered[query_id]
            latencies.append((at - started) * 1000)
            match_answer = OK_ANSWER.match(text)
            if match_answer is None or match_answer.group(1) != CHOICES[choice_of(index)]:
                wrong += 1
        procs.stop_bot()

        storage = Storage(Path(procs.db))
        await storage.open()
        try:
            events = await storage.votes.vote_events(poll_id)
            current = await storage.votes.current_votes(poll_id)
            org = await storage.orgs.organisation_for_chat(GROUP)
            assert org is not None
            by_name = {p.name: p.id for p in await storage.roster.pharmacies(org.id)}
        finally:
            await storage.close()
        expected = {
            pharmacy_unit(by_name[f"Apotheek {i:05d}"]): (choice_of(i),) for i in range(members)
        }

    print(f"{members} members pressed within {press_window:.1f} s (poll #{poll_id})")
    print(f"answers received: {len(answered)}, answers with the wrong text: {wrong}")
    print(f"vote events in the database: {len(events)}, voting units: {len(current)}")
    print(
        "press -> answerCallbackQuery: "
        f"p50 {percentile(latencies, 50):.1f} ms, p95 {percentile(latencies, 95):.1f} ms, "
        f"p99 {percentile(latencies, 99):.1f} ms, max {max(latencies):.1f} ms"
    )
    failures = []
    if len(events) != members:
        failures.append(f"expected {members} vote events, found {len(events)}")
    if current != expected:
        failures.append("stored choices differ from the presses")
    if len(answered) != members or wrong:
        failures.append("not every press got the right answer")
    if percentile(latencies, 95) >= 300:
        failures.append("p95 is not under 300 ms")
    for failure in failures:
        print("FAIL:", failure)
    if not failures:
        print("OK: every vote recorded exactly once, none lost, p95 under 300 ms")
    return 1 if failures else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=40.0)
    args = parser.parse_args()
    raise SystemExit(asyncio.run(main(args.members, args.seconds)))
