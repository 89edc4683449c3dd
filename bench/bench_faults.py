"""Replies and reminders under faults, side by side with a run without faults.

Run: .venv/bin/python -m bench.bench_faults [--rate 0.3] [--seed 12]

The real Application and the sandbox run in this process on one event loop, on loopback only
(as the end-to-end tests do). Each scenario runs twice, without faults and with `--rate` of all
Bot API calls failing, the kind drawn at random (seeded) from 429 (retry_after 1 s), 5xx,
connection dropped before the call took effect, and dropped after it took effect:

- questions: 50 users in private chats each ask 10 questions one after another (500 in all);
  a question counts as answered when a reply arrives within 60 s. Lost = no reply; duplicates
  = replies beyond one per question, each of which must be explained by a reply whose answer
  was dropped after acceptance (the sandbox tags those `response_lost`).
- reminders: 50 groups each have a meeting whose reminder falls due at the same moment; the
  reminder job runs at that moment and then once a minute later each time (driven at chosen
  moments, as the tests do, instead of waiting the minutes out), until none is pending.
  Every group must get its reminder, and a second copy only after a drop after acceptance.
Exits 1 if any of those checks fails.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.agenda.meeting_input import MeetingRequest
from bot.agenda.records import ReminderState
from bot.app import build_application
from bot.assembly import build_knowledge
from bot.config import Settings, load_settings
from bot.context import BotApp, services_of_app
from bot.delivery import runner
from bot.knowledge.loader import Knowledge
from bot.logsetup import setup_logging
from bot.sandbox.client import SandboxClient
from bot.sandbox.idle import TrackedUpdateQueue
from bot.sandbox.processes import sandbox_token
from bot.sandbox.server import SandboxServer
from bot.texts.common import GENERIC_ERROR

TOKEN = sandbox_token(424242)
USERS = 50
PER_USER = 10
GROUPS = 50
FIRST_GROUP = -100_500
ANSWER_TIMEOUT = 60.0
MAX_ROUNDS = 10


@dataclass
class Figures:
    wall: float = 0.0
    asked: int = 0
    answered: int = 0
    duplicates: int = 0
    explained: int = 0  # duplicates preceded by a reply whose answer was dropped after acceptance
    apologies: int = 0
    latencies: list[float] = field(default_factory=list)
    calls: int = 0
    faults: dict[str, int] = field(default_factory=dict)
    groups_reached: int = 0
    groups_twice: int = 0
    reminders_explained: int = 0
    rounds: int = 0
    pending_left: int = 0


def _settings(url: str, db: Path) -> Settings:
    return load_settings(
        token=TOKEN, api_url=f"{url}/bot", db=db, rate_overall=0, rate_group=0, _env_file=None
    )


_RUNNING: dict[int, runner.RunningBot] = {}


async def _start(settings: Settings, knowledge: Knowledge, sandbox: SandboxServer) -> BotApp:
    queue = TrackedUpdateQueue()
    app = build_application(settings, knowledge=knowledge, update_queue=queue)
    sandbox.watch_bot(queue)
    _RUNNING[id(app)] = await runner.start(app, poll_timeout=1)
    return app


async def _stop(app: BotApp, sandbox: SandboxServer) -> None:
    running = _RUNNING.pop(id(app))
    await running.stop_polling()
    await sandbox.state.release_polls()
    await running.shut_down()


class Run:
    """One sandbox and one bot, with faults at `rate` switched on after start-up."""

    def __init__(self, knowledge: Knowledge, rate: float, seed: int, workdir: Path) -> None:
        self.knowledge, self.rate, self.seed, self.workdir = knowledge, rate, seed, workdir
        self.sandbox = SandboxServer()
        self.figures = Figures()

    async def __aenter__(self) -> Run:
        await self.sandbox.start("127.0.0.1", 0)
        self.client = SandboxClient(self.sandbox.url)
        db = self.workdir / f"bot-{self.rate}-{time.monotonic_ns()}.sqlite3"
        self.app = await _start(_settings(self.sandbox.url, db), self.knowledge, self.sandbox)
        return self

    async def __aexit__(self, *exc: object) -> None:
        await _stop(self.app, self.sandbox)
        await self.client.close()
        await self.sandbox.stop()

    async def faults_on(self) -> None:
        self.calls_before = sum(self.sandbox.state.stats.values())
        if self.rate > 0:
            await self.client.chaos(self.rate, seed=self.seed)

    async def faults_off(self) -> None:
        summary = await self.client.chaos(0)
        self.figures.faults = dict(summary["counts"])
        self.figures.calls = sum(self.sandbox.state.stats.values()) - self.calls_before


async def questions(run: Run, asked: list[str]) -> None:
    c, figures = run.client, run.figures
    for uid in range(1, USERS + 1):
        await c.user(uid, f"Lid{uid}", f"lid{uid}", started=True)
    await run.faults_on()
    started = time.perf_counter()

    async def user(uid: int) -> None:
        after = 0
        for n in range(PER_USER):
            sent_at = time.perf_counter()
            await c.send(uid, uid, asked[(uid - 1) * PER_USER + n])
            figures.asked += 1
            deadline = sent_at + ANSWER_TIMEOUT
            while (remaining := deadline - time.perf_counter()) > 0:
                entries = await c.outbox(after, chat_id=uid, wait=min(remaining, 5))
                after = max([after, *(int(e["seq"]) for e in entries)])
                if any(e["method"] == "sendMessage" for e in entries):
                    figures.answered += 1
                    figures.latencies.append((time.perf_counter() - sent_at) * 1000)
                    break

    await asyncio.gather(*(user(uid) for uid in range(1, USERS + 1)))
    await c.idle(60)
    figures.wall = time.perf_counter() - started
    await run.faults_off()
    replies: Counter[int] = Counter()
    lost_answers: Counter[int] = Counter()
    for entry in await c.outbox():
        if entry["method"] != "sendMessage":
            continue
        replies[entry["chat_id"]] += 1
        lost_answers[entry["chat_id"]] += bool(entry.get("response_lost"))
        figures.apologies += GENERIC_ERROR in (entry.get("text") or "")
    for uid in range(1, USERS + 1):
        extra = max(0, replies[uid] - PER_USER)
        figures.duplicates += extra
        figures.explained += min(extra, lost_answers[uid])


async def reminders(run: Run) -> None:
    c, figures = run.client, run.figures
    services = services_of_app(run.app)
    now = datetime.now(UTC)
    start = (now + timedelta(hours=3)).replace(microsecond=0)
    for n in range(GROUPS):
        chat = FIRST_GROUP - n
        await c.chat(chat, f"RAO {n + 1}")
        await services.storage.chats.remember_chat(chat, "supergroup", f"RAO {n + 1}")
        await services.agenda.set_leads(chat, "2u", now)
        await services.agenda.add_meeting(chat, MeetingRequest("Spoedoverleg", start), None, now)
    due = start - timedelta(hours=2)
    await c.sync()
    await run.faults_on()
    started = time.perf_counter()
    moment = due
    for figures.rounds in range(1, MAX_ROUNDS + 1):
        await services.reminders.deliver_due(moment)
        counts = await services.storage.agenda.agenda_reminder_counts()
        figures.pending_left = counts.get(ReminderState.PENDING.value, 0)
        if not figures.pending_left:
            break
        moment += timedelta(seconds=61)  # the next run of the job, a minute later
    await c.idle(60)
    figures.wall = time.perf_counter() - started
    await run.faults_off()
    copies: Counter[int] = Counter()
    lost_answers: Counter[int] = Counter()
    for entry in await c.outbox(c.seen):
        if entry["method"] == "sendMessage" and "Spoedoverleg" in (entry.get("text") or ""):
            copies[entry["chat_id"]] += 1
            lost_answers[entry["chat_id"]] += bool(entry.get("response_lost"))
    figures.groups_reached = sum(1 for n in range(GROUPS) if copies[FIRST_GROUP - n] >= 1)
    twice = {chat: count - 1 for chat, count in copies.items() if count > 1}
    figures.groups_twice = sum(twice.values())
    figures.reminders_explained = sum(min(e, lost_answers[chat]) for chat, e in twice.items())


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def _faults(figures: Figures) -> str:
    f = figures.faults
    if not f:
        return "none"
    order = ("429", "5xx", "drop_before", "drop_after")
    return " ".join(f"{k} {f.get(k, 0)}" for k in order)


Row = tuple[str, Callable[[Figures], object]]
QUESTION_ROWS: list[Row] = [
    ("questions asked", lambda f: f.asked),
    ("  answered", lambda f: f.answered),
    ("  lost (no answer in 60 s)", lambda f: f.asked - f.answered),
    ("  duplicate answers", lambda f: f.duplicates),
    ("    after a drop after acceptance", lambda f: f.explained),
    ("  generic error messages", lambda f: f.apologies),
    ("  answer time p50 (ms)", lambda f: f"{_pct(f.latencies, 50):.0f}"),
    ("  answer time p95 (ms)", lambda f: f"{_pct(f.latencies, 95):.0f}"),
    ("  wall time (s)", lambda f: f"{f.wall:.1f}"),
    ("  Bot API calls", lambda f: f.calls),
    ("  faults injected", _faults),
]
REMINDER_ROWS: list[Row] = [
    ("reminder fan-out: groups", lambda f: GROUPS),
    ("  groups reached", lambda f: f.groups_reached),
    ("  second copies", lambda f: f.groups_twice),
    ("    after a drop after acceptance", lambda f: f.reminders_explained),
    ("  job runs needed (a minute apart)", lambda f: f.rounds),
    ("  still pending after them", lambda f: f.pending_left),
    ("  wall time (s)", lambda f: f"{f.wall:.1f}"),
    ("  Bot API calls", lambda f: f.calls),
    ("  faults injected", _faults),
]


def report(base: tuple[Figures, Figures], faulty: tuple[Figures, Figures], rate: float) -> None:
    print(f"{'':38} {'no faults':>12}   {f'{rate:.0%} faults':>12}")
    for rows, index in ((QUESTION_ROWS, 0), (REMINDER_ROWS, 1)):
        for label, value in rows:
            left, right = value(base[index]), value(faulty[index])
            print(f"{label:38} {left!s:>12}   {right!s:>12}")


def check(q: Figures, r: Figures) -> list[str]:
    problems = []
    if q.answered != q.asked:
        problems.append(f"{q.asked - q.answered} question(s) lost")
    if q.duplicates != q.explained:
        problems.append(f"{q.duplicates - q.explained} duplicate answer(s) without a late drop")
    if q.apologies:
        problems.append(f"{q.apologies} generic error message(s)")
    if r.groups_reached != GROUPS:
        problems.append(f"{GROUPS - r.groups_reached} group(s) without their reminder")
    if r.groups_twice != r.reminders_explained:
        problems.append("a reminder sent twice without a drop after acceptance")
    return problems


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    setup_logging(logging.ERROR)  # the bot's retry warnings are expected here
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        knowledge = build_knowledge(_settings("http://127.0.0.1:1", workdir / "k.sqlite3"))
        terms = [e.title for e in knowledge.terms] or ["RAO"]
        asked = [f"Wat is {terms[i % len(terms)]}?" for i in range(USERS * PER_USER)]
        results: dict[float, tuple[Figures, Figures]] = {}
        started = time.perf_counter()
        for rate in (0.0, args.rate):
            async with Run(knowledge, rate, args.seed, workdir) as run:
                await questions(run, asked)
                q = run.figures
            async with Run(knowledge, rate, args.seed, workdir) as run:
                await reminders(run)
                r = run.figures
            results[rate] = (q, r)
        (bq, br), (fq, fr) = results[0.0], results[args.rate]
        report((bq, br), (fq, fr), args.rate)
        print(f"total bench time {time.perf_counter() - started:.1f} s")
    problems = check(bq, br) + check(fq, fr)
    for problem in problems:
        print(f"FAILED: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
