"""Polls across restarts: the database is the truth, jobs are rebuilt from it at start-up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.context import services_of_app
from bot.polls import timing as poll_service
from bot.polls.runtime import PollsRuntime
from bot.storage import Storage
from tests.conftest import BOARD, GROUP, World, make_settings, start_bot, stop_bot
from tests.outbox import sent_to
from tests.polls_helpers import (
    USERS,
    close_poll,
    enrol,
    last_seq,
    poll_jobs,
    press,
    run_due,
    start_mandate,
    storage_of,
    wait_for,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
QUICK = "/mandaat Mandaat voor de zomerroosters? | sluit over 10 minuten"


async def _open_poll(world: World) -> tuple[int, int]:
    c = world.client
    await enrol(c, USERS)
    poll_id, message_id = await start_mandate(c, QUICK)
    await press(c, GROUP, 101, message_id, "Voor")
    return poll_id, message_id


async def _edit_db(world: World) -> Storage:
    storage = Storage(world.db)
    await storage.open()
    return storage


async def test_restart_while_open_still_closes_on_time(world: World) -> None:
    c = world.client
    poll_id, message_id = await _open_poll(world)
    closes = (datetime.now(UTC) + timedelta(hours=1)).replace(microsecond=0)
    await storage_of(world).polls.set_poll_closes(poll_id, closes)  # no job for this: the restart
    await stop_bot(world.app)
    app = await start_bot(make_settings(world.sandbox.url, world.db))
    try:
        assert poll_jobs(app, poll_id)[f"poll-close-{poll_id}"] == closes
        before = await last_seq(c)
        # Still open after the restart, and votes still count.
        assert "vastgelegd: Tegen" in await press(c, GROUP, 102, message_id, "Tegen")
        # The closing job the restart planned runs once its moment came.
        closes = await run_due(app, poll_id, f"poll-close-{poll_id}")
        result = await wait_for(c, sent_to(GROUP, "Uitslag", before))
        assert "Opkomst: 2 van 3 apotheken" in result["text"]
        await wait_for(c, lambda e: e["method"] == "sendPhoto" and e["seq"] > before)
        poll = await services_of_app(app).storage.polls.poll(poll_id)
        assert poll is not None and poll.closed_utc is not None
        assert poll.closed_utc >= closes.replace(microsecond=0)
    finally:
        await stop_bot(app)


async def test_poll_due_while_down_is_closed_at_start_up(world: World) -> None:
    c = world.client
    poll_id, _ = await _open_poll(world)
    await stop_bot(world.app)
    storage = await _edit_db(world)
    await storage.polls.set_poll_closes(poll_id, datetime.now(UTC) - timedelta(minutes=1))
    await storage.close()
    before = await last_seq(c)
    app = await start_bot(make_settings(world.sandbox.url, world.db))
    try:
        # Posted during start-up, before the first update is even fetched.
        result = await wait_for(c, sent_to(GROUP, "Uitslag", before))
        assert "Opkomst: 1 van 3 apotheken" in result["text"]
        assert "Niet verleend: quorum niet gehaald" in result["text"]
        await wait_for(c, lambda e: e["method"] == "sendPhoto" and e["seq"] > before)
        poll = await services_of_app(app).storage.polls.poll(poll_id)
        assert poll is not None and not poll.is_open and poll.result_posted
    finally:
        await stop_bot(app)


async def test_result_not_posted_before_a_crash_is_posted_at_start_up(world: World) -> None:
    c = world.client
    poll_id, _ = await _open_poll(world)
    await stop_bot(world.app)
    storage = await _edit_db(world)
    # Closed and counted, but the bot died before it could post: the flag is still unset.
    closed = await PollsRuntime.build(storage, AMSTERDAM).votes.close(
        poll_id, datetime.now(UTC), None
    )
    assert closed is not None and not closed.result_posted
    await storage.close()
    before = await last_seq(c)
    app = await start_bot(make_settings(world.sandbox.url, world.db))
    try:
        result = await wait_for(c, sent_to(GROUP, "Uitslag", before))
        assert "Opkomst: 1 van 3" in result["text"]
        await stop_bot(app)
        before = await last_seq(c)
        app = await start_bot(make_settings(world.sandbox.url, world.db))
        await c.send(GROUP, BOARD, "/stemmingen")
        await wait_for(c, sent_to(GROUP, "Stemmingen van", before))
        repeated = [e for e in await c.outbox(before) if "Uitslag" in (e.get("text") or "")]
        assert repeated == []  # posted once, not again at the next start
    finally:
        await stop_bot(app)


async def test_reminder_missed_while_down_is_sent_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = world.client
    monkeypatch.setattr(
        poll_service, "REMINDER_LEADS", (timedelta(minutes=5), timedelta(minutes=1))
    )
    await c.user(102, "Lid102", "apo102", chats=[GROUP], started=True)
    await c.send(102, 102, "/start")
    poll_id, _ = await _open_poll(world)
    await stop_bot(world.app)
    storage = await _edit_db(world)
    await storage.polls.set_poll_closes(poll_id, datetime.now(UTC) + timedelta(seconds=30))
    await storage.close()
    before = await last_seq(c)
    app = await start_bot(make_settings(world.sandbox.url, world.db))
    try:
        await wait_for(c, sent_to(102, "Herinnering", before))
        storage = services_of_app(app).storage
        assert await storage.polls.reminders_done(poll_id) == {300: "skipped", 60: "sent"}
        await close_poll(c, poll_id)
        await wait_for(c, sent_to(GROUP, "Uitslag", before))
        reminders = [
            e
            for e in await c.outbox(before)
            if e.get("chat_id") == 102 and e["method"] == "sendMessage"
        ]
        assert len(reminders) == 1
        assert 101 not in {e.get("chat_id") for e in await c.outbox(before)}  # 101 voted
    finally:
        await stop_bot(app)
