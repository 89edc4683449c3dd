"""KnowledgeService on a real database: what is kept as unanswered (and what not), taps within
the session, ratings, the guard's quiet period per member, the operator's export."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.assembly import build_knowledge
from bot.knowledge.loader import Knowledge
from bot.knowledge.service import GUARD_QUIET, SUGGEST_SESSION, Asker, KnowledgeService
from bot.storage import Storage

GROUP, MEMBER, OTHER = -1001, 12, 15
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return build_knowledge()


@pytest.fixture
async def service(tmp_path: Path, knowledge: Knowledge) -> AsyncIterator[KnowledgeService]:
    storage = Storage(tmp_path / "bot.sqlite3")
    await storage.open()
    try:
        yield KnowledgeService(storage, knowledge, Clock())
    finally:
        await storage.close()


def _clock(service: KnowledgeService) -> Clock:
    assert isinstance(service.clock, Clock)
    return service.clock


async def test_only_unanswered_questions_are_kept_without_the_asker(
    service: KnowledgeService,
) -> None:
    in_group = Asker(GROUP, in_group=True, user_id=MEMBER)
    private = Asker(MEMBER, in_group=False, user_id=MEMBER)
    assert (await service.ask("wat is een resv", in_group)).question_id is None  # answered
    assert (await service.ask("hoi", private)).question_id is None  # a greeting
    none = await service.ask("wat is de dosering paracetamol", private)
    assert none.result.outcome == "none" and none.question_id is not None
    rows = await service.storage.knowledge.unanswered(START)
    assert [(r.text, r.chat_id, r.org_id) for r in rows] == [
        ("wat is de dosering paracetamol", None, None)  # private: no chat id (it is the user)
    ]


async def test_a_suggestion_tapped_in_the_session_answers_the_question(
    service: KnowledgeService,
) -> None:
    asker = Asker(MEMBER, in_group=False, user_id=MEMBER)
    first = await service.ask("contract", asker)
    second = await service.ask("contract", asker)
    assert first.result.outcome == "suggest" and first.question_id and second.question_id
    clock = _clock(service)
    clock.now += timedelta(minutes=5)
    assert await service.tap_suggestion(first.question_id, 0) == first.result.suggestions[0].id
    assert await service.tap_suggestion(first.question_id, 9) is None
    clock.now += SUGGEST_SESSION  # the second question's suggestions were never tapped in time
    assert await service.tap_suggestion(second.question_id, 0) is not None
    report = await service.board_report(None, everywhere=True)
    assert [(g.text, g.count) for g in report.unanswered] == [("contract", 1)]


async def test_rating_again_replaces_the_earlier_rating(service: KnowledgeService) -> None:
    assert await service.rate("resv", MEMBER, -1) is None
    assert await service.rate("resv", MEMBER, -1) == -1
    assert await service.rate("resv", OTHER, -1) is None
    report = await service.board_report(None, everywhere=True)
    assert [(c.entry_id, c.down, c.up) for _, c in report.disliked] == [("resv", 2, 0)]
    assert await service.rate("resv", MEMBER, 1) == -1
    report = await service.board_report(None, everywhere=True)
    assert [(c.down, c.up) for _, c in report.disliked] == [(1, 1)]


async def test_guard_quiet_is_per_member_and_ends(service: KnowledgeService) -> None:
    risky = "wat voor tarief heb jij bij CZ gekregen?"
    assert (await service.check_message(GROUP, MEMBER, risky)).warn
    assert not (await service.check_message(GROUP, MEMBER, risky)).warn
    assert (await service.check_message(GROUP, OTHER, risky)).warn
    assert not (await service.check_message(GROUP, MEMBER, "wie komt er naar de ALV")).verdict.risky
    _clock(service).now += GUARD_QUIET
    assert (await service.check_message(GROUP, MEMBER, risky)).warn
    await service.set_guard_setting(GROUP, "enabled", False)
    _clock(service).now += GUARD_QUIET
    assert not (await service.check_message(GROUP, OTHER, risky)).warn
    log = await service.storage.knowledge.guard_log(GROUP)
    assert [row.warned for row in log] == [True, False, True, True]  # not logged while off
    assert all(row.text is None for row in log)  # the text only when the board turned it on


async def test_reminder_line_is_off_by_default(service: KnowledgeService) -> None:
    assert await service.reminder_line(GROUP) == ""
    await service.set_guard_setting(GROUP, "reminder_line", True)
    assert "mededingingsregels" in await service.reminder_line(GROUP)


async def test_operator_export_csv_and_json(service: KnowledgeService, tmp_path: Path) -> None:
    await service.ask("wat is de dosering paracetamol", Asker(GROUP, True, MEMBER))
    rows = list(csv.DictReader(io.StringIO(await service.unanswered_export("csv"))))
    assert rows[0]["text"] == "wat is de dosering paracetamol"
    assert rows[0]["chat_id"] == str(GROUP) and "user" not in ",".join(rows[0])
    records = json.loads(await service.unanswered_export("json"))
    assert records[0]["outcome"] == "none"


def test_rao_bot_unanswered_command(tmp_path: Path, knowledge: Knowledge) -> None:
    import asyncio

    from bot.cli import main

    db = tmp_path / "bot.sqlite3"

    async def ask() -> None:
        storage = Storage(db)
        await storage.open()
        try:
            service = KnowledgeService(storage, knowledge)
            await service.ask("wat is de dosering paracetamol", Asker(GROUP, True, MEMBER))
        finally:
            await storage.close()

    asyncio.run(ask())
    target = tmp_path / "out.json"
    assert main(["unanswered", "--db", str(db), "--format", "json", "--output", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))[0]["text"].endswith("paracetamol")
    assert main(["unanswered", "--db", str(tmp_path / "none.sqlite3")]) == 1
