"""Chaos: 1,000 votes and meeting commands while the bot is killed with SIGKILL at random moments.

Run: .venv/bin/python -m bench.bench_chaos [--commands 1000] [--seed N]

`rao-bot sandbox` and `rao-bot run` are separate processes on loopback (rate limits off). The
board imports a roster of 50 members, sets a 1-minute reminder lead and starts a mandate vote.
Then, over about a minute: the members press vote buttons (each press changes the member's
choice, so each handled press is exactly one vote event), the board adds meetings that all
start one minute after a shared due moment (so their reminders fall due together, in the
middle of the chaos), and the bot is killed with SIGKILL every 1.5-5 s and restarted at once.
Everything is bounded: a fixed number of commands, a deadline, then a clean stop.

Afterwards the database and the sandbox outbox are compared with what was sent:
- every acknowledged vote is present once (no vote lost, none applied twice);
- no meeting is stored twice or lost, no meeting reply is sent twice;
- every reminder that fell due is sent, none twice;
- the time from process start to polling, for the first start and every restart.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import signal
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.harness import percentile
from bot.agenda.records import ReminderState
from bot.sandbox.client import Entry, SandboxClient
from bot.sandbox.processes import BotProcess, sandbox_token, start_sandbox
from bot.storage import Storage

TZ = ZoneInfo("Europe/Amsterdam")
GROUP, BOARD, FIRST_MEMBER, MEMBERS = -1001, 11, 200_000, 50
CHOICES = ("Voor", "Tegen", "Onthouding")
MEETING_SHARE = 0.25
ACK_TIMEOUT = 25.0  # a press not answered by then counts as unacknowledged
DEADLINE = 150.0  # seconds: commands and kills stop by then, whatever happens
# After the last kill the bot runs on until every due reminder is out: one whose send had an
# unknown outcome is held for a minute (bot/delivery/ledger.py) and sent by the next agenda
# tick (every two minutes), so settling may take up to about three minutes.
SETTLE = 200.0


@dataclass
class Press:
    user_id: int
    choice: int
    query_id: str = ""
    ack: str | None = None


@dataclass
class Seen:
    """What the outbox showed: answers per press, replies and reminders per meeting title."""

    acks: dict[str, list[str]] = field(default_factory=dict)
    replies: Counter[str] = field(default_factory=Counter)
    reminders: Counter[str] = field(default_factory=Counter)
    waiting: dict[str, asyncio.Event] = field(default_factory=dict)

    def take(self, entry: Entry) -> None:
        text = str(entry.get("text") or "")
        if entry["method"] == "answerCallbackQuery":
            query = str(entry["callback_query_id"])
            self.acks.setdefault(query, []).append(text)
            if query in self.waiting:
                self.waiting[query].set()
        elif entry["method"] == "sendMessage" and entry.get("chat_id") == GROUP:
            lines = text.splitlines()
            if text.startswith("Vergadering in de agenda gezet") and len(lines) > 1:
                self.replies[lines[1]] += 1
            elif text.startswith("⏰ Herinnering: Chaos"):
                self.reminders[lines[0].removeprefix("⏰ Herinnering: ")] += 1


async def watch(client: SandboxClient, seen: Seen, stop: asyncio.Event) -> None:
    after = 0
    while not stop.is_set():
        for entry in await client.outbox(after, wait=0.5):
            after = max(after, int(entry["seq"]))
            seen.take(entry)


async def getupdates_calls(client: SandboxClient) -> int:
    return int((await client.state())["calls"].get("getUpdates", 0))


async def until_polling(client: SandboxClient, bot: BotProcess, timings: list[float]) -> None:
    """Until the process started last asks getUpdates; records start -> polling."""
    started, before = bot.started_at, await getupdates_calls(client)
    deadline = time.monotonic() + 30
    while await getupdates_calls(client) <= before:
        if time.monotonic() > deadline or bot.started_at != started:
            return  # killed again before it polled: no figure for this start
        await asyncio.sleep(0.01)
    timings.append(time.monotonic() - started)


async def until_held(client: SandboxClient, linger: float) -> None:
    """Until the bot's getUpdates that would confirm its latest batch is held back (at most
    3 s), then `linger` seconds more, so handling the batch is cut off at varying points."""
    deadline = time.monotonic() + 3
    while not (await client.state())["held_polls"] and time.monotonic() < deadline:
        await asyncio.sleep(0.005)
    await asyncio.sleep(linger)


def reminders_cut_off(workdir: Path) -> int:
    """Reminders claimed for sending when a kill came (each restart logs how many it hands
    back: their outcome is unknown, and the reminder module sends them again)."""
    pattern = re.compile(r"agenda: (\d+) reminder\(s\) were claimed but not confirmed")
    return sum(
        int(found)
        for log in workdir.glob("bot-*.log")
        for found in pattern.findall(log.read_text(encoding="utf-8", errors="replace"))
    )


def roster() -> bytes:
    lines = ["apotheek;agb;telegram"]
    lines += [f"Apotheek {i:03d};{70_000_000 + i:08d};chaos{i:03d}" for i in range(MEMBERS)]
    return ("\n".join(lines) + "\n").encode()


async def setup(client: SandboxClient, seen: Seen) -> int:
    """Group, board, members, roster, 1-minute reminders and a mandate vote; its message id."""
    await client.chat(GROUP, "RAO Chaos")
    await client.user(BOARD, "Bea", "bea", chats=[GROUP], admin_of=[GROUP], started=True)
    for i in range(MEMBERS):
        await client.user(FIRST_MEMBER + i, f"Lid {i}", f"chaos{i:03d}", chats=[GROUP])
    await client.upload(GROUP, BOARD, "leden.csv", roster())
    await client.expect(lambda e: "bijgewerkt" in (e.get("text") or ""), timeout=30)
    await client.send(GROUP, BOARD, "/herinneringen 1m")
    await client.expect(lambda e: "1 minuut" in (e.get("text") or ""), timeout=30)
    await client.send(GROUP, BOARD, "/mandaat Mandaat voor de chaostest? | sluit over 1 uur")
    posted = await client.expect(lambda e: "Mandaatstemming" in (e.get("text") or ""), 30)
    return int(posted["message_id"])


async def main(commands: int, seed: int) -> int:
    rng = random.Random(seed)
    sandbox, url = start_sandbox()
    workdir = Path(tempfile.mkdtemp(prefix="rao-chaos-"))
    bot = BotProcess(
        url,
        sandbox_token(515151),
        workdir / "chaos.sqlite3",
        workdir,
        RAO_BOT_RATE_OVERALL="0",
        RAO_BOT_RATE_GROUP="0",
    )
    client = SandboxClient(url)
    seen, stop_watch = Seen(), asyncio.Event()
    first_start: list[float] = []
    restarts: list[float] = []
    try:
        bot.start()
        await until_polling(client, bot, first_start)
        message_id = await setup(client, seen)
        watcher = asyncio.create_task(watch(client, seen, stop_watch))

        # All meetings start one minute after the same due moment, 25-85 s from now.
        now = datetime.now(UTC)
        due = (now + timedelta(seconds=25 + 59)).replace(second=0, microsecond=0)
        start_text = (due + timedelta(minutes=1)).astimezone(TZ).strftime("%d-%m-%Y %H:%M")
        meetings_end = max(5.0, (due - now).total_seconds() - 3)
        votes_end = (due - now).total_seconds() + 8
        n_meetings = round(commands * MEETING_SHARE)
        n_votes = commands - n_meetings
        plan: list[tuple[float, str, int]] = [
            (meetings_end * k / n_meetings, "meeting", k) for k in range(n_meetings)
        ] + [(votes_end * k / n_votes, "vote", k) for k in range(n_votes)]
        plan.sort()

        presses: list[Press] = []
        locks = [asyncio.Lock() for _ in range(MEMBERS)]
        counts = [0] * MEMBERS

        async def vote(k: int) -> None:
            member = k % MEMBERS
            async with locks[member]:  # a member presses again only after an answer
                press = Press(FIRST_MEMBER + member, counts[member] % len(CHOICES))
                counts[member] += 1
                presses.append(press)
                press.query_id = await client.press(
                    GROUP, press.user_id, message_id, button=CHOICES[press.choice]
                )
                event = seen.waiting.setdefault(press.query_id, asyncio.Event())
                if press.query_id not in seen.acks:
                    try:
                        await asyncio.wait_for(event.wait(), ACK_TIMEOUT)
                    except TimeoutError:
                        return
                press.ack = seen.acks[press.query_id][0]

        titles: list[str] = []

        async def meeting(k: int) -> None:
            title = f"Chaos {k:04d}"
            titles.append(title)
            await client.send(GROUP, BOARD, f"/vergadering {start_text} {title}")

        sending = asyncio.Event()
        measuring: list[asyncio.Task[None]] = []

        kinds: Counter[str] = Counter()

        async def killer() -> None:
            while not sending.is_set():
                try:
                    await asyncio.wait_for(sending.wait(), rng.uniform(1.0, 4.0))
                    return
                except TimeoutError:
                    pass
                if rng.random() < 0.5:
                    kinds["anywhere"] += 1
                    bot.kill()
                else:  # after it took in a batch, while it waits to confirm it
                    kinds["before confirming"] += 1
                    await client.hold_polls()
                    await until_held(client, rng.uniform(0.0, 0.3))
                    bot.kill()
                    await client.release_held(drop=True)  # its confirmation never arrived
                bot.start()
                measuring.append(asyncio.create_task(until_polling(client, bot, restarts)))

        killing = asyncio.create_task(killer())
        t0 = time.monotonic()
        tasks = []
        for at, kind, k in plan:
            delay = t0 + at - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(vote(k) if kind == "vote" else meeting(k)))
        await asyncio.gather(*tasks)
        sending.set()
        await killing
        await asyncio.gather(*measuring)

        # Settle: the last process runs until the reminders are out and Telegram holds nothing.
        storage = Storage(bot.db)
        await storage.open()
        try:
            settle_until = time.monotonic() + SETTLE
            while time.monotonic() < settle_until:
                rows = await storage.agenda.agenda_reminders(GROUP)
                busy = [
                    r for r in rows if r.state in (ReminderState.PENDING, ReminderState.SENDING)
                ]
                if datetime.now(UTC) > due and not busy:
                    break
                await asyncio.sleep(0.2)
            await client.idle(timeout=10)
        finally:
            await storage.close()
        await bot.stop()  # SIGTERM: what was received is handled first
        stop_watch.set()
        await watcher
        final = Seen()  # recounted from the whole outbox, after the last process ended
        for entry in await client.outbox(0):
            final.take(entry)
        answer_calls = int((await client.state())["calls"].get("answerCallbackQuery", 0))
        timings = (first_start, restarts)
        kinds["reminders cut off"] = reminders_cut_off(workdir)
        return await report(bot.db, presses, titles, final, answer_calls, kinds, timings)
    finally:
        bot.kill()
        await client.close()
        sandbox.send_signal(signal.SIGTERM)
        sandbox.wait(10)


async def report(
    db: Path,
    presses: list[Press],
    titles: list[str],
    seen: Seen,
    answer_calls: int,
    kills: Counter[str],
    timings: tuple[list[float], list[float]],
) -> int:
    first_start, restarts = timings
    storage = Storage(db)
    await storage.open()
    try:
        org = await storage.orgs.organisation_for_chat(GROUP)
        assert org is not None
        [poll] = await storage.polls.org_polls(org.id)
        events = await storage.votes.vote_events(poll.id)
        meetings = await storage.agenda.agenda_meetings(GROUP)
        reminder_rows = await storage.agenda.agenda_reminders(GROUP)
        unfinished = await storage.inbox.unfinished()
    finally:
        await storage.close()

    # Votes: each user's events, in order, against that user's presses, in order.
    by_user: dict[int, list[int]] = {}
    for event in events:
        by_user.setdefault(event.user_id, []).extend(event.choice)
    acknowledged = present_once = lost_votes = extra_events = 0
    unanswered_stored = unanswered_missing = 0  # the answer was cut off; was the vote stored?
    for user_id in {p.user_id for p in presses}:
        stream, at = by_user.get(user_id, []), 0
        for press in (p for p in presses if p.user_id == user_id):
            recorded_ack = press.ack is not None and (
                "vastgelegd" in press.ack or "gewijzigd" in press.ack
            )
            acknowledged += recorded_ack
            if (
                at < len(stream)
                and stream[at] == press.choice
                and "stond al" not in (press.ack or "")
            ):
                at += 1
                present_once += recorded_ack
                unanswered_stored += press.ack is None
            elif recorded_ack:
                lost_votes += 1
            elif press.ack is None:
                unanswered_missing += 1
        extra_events += len(stream) - at
    # Telegram refuses a second answer to one press, so the bot's attempts are counted.
    double_acks = answer_calls - sum(len(texts) for texts in seen.acks.values())

    stored = Counter(m.title for m in meetings)
    duplicated = sum(n > 1 for n in stored.values())
    lost_meetings = sum(stored[t] == 0 for t in titles)
    replies_twice = sum(seen.replies[t] > 1 for t in titles)
    replies_missing = sum(stored[t] == 1 and seen.replies[t] == 0 for t in titles)

    uid_title = {m.uid: m.title for m in meetings}
    due_rows = [r for r in reminder_rows if r.event_uid in uid_title]
    sent_rows = [r for r in due_rows if r.state is ReminderState.SENT]
    reminders_twice = sum(n > 1 for n in seen.reminders.values())
    held = [r for r in due_rows if r.state in (ReminderState.PENDING, ReminderState.SENDING)]
    reminders_lost = sum(
        r.state not in (ReminderState.SENT, ReminderState.PENDING, ReminderState.SENDING)
        or (r.state is ReminderState.SENT and seen.reminders[uid_title[r.event_uid]] == 0)
        for r in due_rows
    )

    votes_sent = len(presses)
    print(f"commands sent: {votes_sent + len(titles)} ({votes_sent} votes, {len(titles)} meetings)")
    cut_off = kills.pop("reminders cut off", 0)
    kill_kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(kills.items()))
    print(f"SIGKILLs: {kills.total()} ({kill_kinds})")
    print(
        f"process start -> polling: first {first_start[0]:.2f} s, "
        f"restarts p50 {percentile(restarts, 50):.2f} s, max {max(restarts, default=0):.2f} s "
        f"({len(restarts)} measured)"
    )
    print(
        f"votes: {acknowledged} acknowledged, {present_once} present once, "
        f"{lost_votes} lost, {extra_events} applied twice or unasked, "
        f"{double_acks} answered twice; unanswered: {unanswered_stored} stored (killed between "
        f"vote and answer), {unanswered_missing} not stored"
    )
    print(
        f"meetings: {len(meetings)} stored of {len(titles)} sent, {duplicated} duplicated, "
        f"{lost_meetings} lost; replies sent twice {replies_twice}, replies not sent "
        f"{replies_missing} (effect committed, then killed before the reply)"
    )
    print(
        f"reminders: {len(due_rows)} due, {len(sent_rows)} sent, {reminders_twice} sent twice, "
        f"{reminders_lost} lost, {len(held)} still held when the bench stopped (outcome "
        f"unknown, sent by a later tick); {cut_off} were being sent when a kill came"
    )
    print(f"inbox: {len(unfinished)} update(s) left unfinished")
    failures = [
        name
        for name, bad in (
            ("acknowledged votes lost", lost_votes),
            ("presses lost", unanswered_missing),
            ("votes applied twice", extra_events),
            ("votes answered twice", double_acks),
            ("meetings duplicated", duplicated),
            ("meetings lost", lost_meetings),
            ("meeting replies twice", replies_twice),
            ("reminders sent twice", reminders_twice),
            ("reminders lost", reminders_lost),
            ("updates unfinished", len(unfinished)),
        )
        if bad
    ]
    print("FAIL: " + ", ".join(failures) if failures else "OK: nothing lost, nothing twice")
    return 1 if failures else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    chosen = args.seed if args.seed is not None else random.randrange(1_000_000)
    print(f"seed {chosen}")
    raise SystemExit(asyncio.run(main(args.commands, chosen)))
