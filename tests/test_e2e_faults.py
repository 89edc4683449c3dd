"""Replies, reminders and poll results under faults: 5xx, 429, connections dropped before and
after Telegram carried the call out, a user who blocked the bot."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.agenda.meeting_input import MeetingRequest
from bot.agenda.records import ReminderState
from bot.context import services_of_app
from bot.delivery.pending import retry_pending
from bot.delivery.records import DeliveryState
from bot.jobs.polls import close_and_announce
from bot.texts.common import GENERIC_ERROR
from tests.conftest import BOARD, GROUP, MEMBER, TOKEN, World
from tests.outbox import sent_to
from tests.polls_helpers import USERS, enrol, press, start_mandate

ATTEMPTS = 3


@pytest.fixture
def bot_settings_extra() -> dict[str, Any]:
    return {"retry_backoff": 0.01, "retry_attempts": ATTEMPTS}


def _no_apology(entries: list[dict[str, Any]]) -> None:
    assert not any(GENERIC_ERROR in (e.get("text") or "") for e in entries)


@pytest.mark.parametrize(
    "fault",
    [
        {"error_code": 500},
        {"error_code": 502},
        {"error_code": 503},
        {"error_code": 0, "drop": True},  # dropped before the call took effect
        {"error_code": 429, "retry_after": 1},
    ],
)
async def test_reply_survives_a_fault_once_without_apology(
    world: World, fault: dict[str, Any]
) -> None:
    c = world.client
    await c.fault("sendMessage", count=2 if fault["error_code"] != 429 else 1, **fault)
    await c.send(GROUP, MEMBER, "/start")
    reply = await c.expect(sent_to(GROUP), timeout=10)
    assert "RAO-bot" in reply["text"]
    rest = await c.settle()
    assert [e for e in rest if e["method"] == "sendMessage"] == []  # once
    _no_apology(rest)


async def test_drop_after_acceptance_gives_one_duplicate_and_no_apology(world: World) -> None:
    c = world.client
    await c.fault("sendMessage", 0, drop=True, when="after")
    await c.send(GROUP, MEMBER, "/start")
    first = await c.expect(sent_to(GROUP))
    assert first["response_lost"] is True  # delivered, but the bot never heard so
    rest = await c.settle()
    copies = [e for e in rest if sent_to(GROUP)(e)]
    assert len(copies) == 1 and copies[0]["text"] == first["text"]
    assert "response_lost" not in copies[0]
    _no_apology(rest)


async def test_button_whose_answers_were_lost_counts_as_done(world: World) -> None:
    """Retrying an answered callback query or an edit that took effect gets Telegram's 'too
    old' and 'not modified': after a lost answer those mean done, not an error."""
    c = world.client
    await c.send(MEMBER, MEMBER, "/begrippen")
    page = await c.expect(sent_to(MEMBER))
    await c.fault("answerCallbackQuery", 0, drop=True, when="after")
    await c.fault("editMessageText", 0, drop=True, when="after")
    await c.press(MEMBER, MEMBER, page["message_id"], button="Volgende ▶")
    rest = await c.settle()
    answers = [e for e in rest if e["method"] == "answerCallbackQuery"]
    edits = [e for e in rest if e["method"] == "editMessageText"]
    assert len(answers) == 1 and answers[0]["text"] is None  # no error alert
    assert len(edits) == 1 and "pagina 2 van" in edits[0]["text"]
    assert [e for e in rest if e["method"] == "sendMessage"] == []


async def test_a_reply_that_finally_fails_is_logged_without_token_or_apology(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    c = world.client
    caplog.set_level(logging.INFO, logger="bot.delivery")
    await c.fault("sendMessage", 502, count=ATTEMPTS)
    await c.send(GROUP, MEMBER, "/start")
    assert await c.settle() == []  # nothing arrived, and no apology was attempted after it
    failures = [r.getMessage() for r in caplog.records if "delivery failed" in r.getMessage()]
    assert failures == [f"delivery failed: sendMessage to chat {GROUP}: Bad Gateway"]
    assert TOKEN not in caplog.text and TOKEN.split(":")[1] not in caplog.text
    assert world.sandbox.state.stats["sendMessage"] == ATTEMPTS


# --- agenda reminders ---------------------------------------------------------------------


async def _meeting_due(world: World, lead: str = "2u") -> tuple[datetime, int]:
    """A meeting in the group whose reminder (`lead`) is due at the returned moment."""
    service = services_of_app(world.app).agenda
    now = datetime.now(UTC)
    await service.set_leads(GROUP, lead, now)
    start = (now + timedelta(hours=3)).replace(microsecond=0)
    await service.add_meeting(GROUP, MeetingRequest("Snel overleg", start), BOARD, now)
    rows = await services_of_app(world.app).storage.agenda.agenda_reminders(GROUP)
    [row] = [r for r in rows if r.target_chat == GROUP]
    return row.due_utc, row.id


def _reminder(e: dict[str, Any]) -> bool:
    return sent_to(GROUP)(e) and "Snel overleg" in e["text"]


@pytest.mark.parametrize("when", ["before", "after"])
async def test_reminder_with_unknown_outcome_waits_a_minute_then_goes_again(
    world: World, when: str
) -> None:
    c, services = world.client, services_of_app(world.app)
    due, reminder_id = await _meeting_due(world)
    await c.fault("sendMessage", 0, drop=True, when=when)
    assert await services.reminders.deliver_due(due) == 0  # outcome unknown: still pending
    first = [e for e in await c.settle() if _reminder(e)]
    assert len(first) == (1 if when == "after" else 0)
    entry = await services.storage.deliveries.entry(f"agenda-reminder:{reminder_id}")
    assert entry is not None and entry.state is DeliveryState.UNKNOWN
    [row] = await services.storage.agenda.agenda_reminders(GROUP)
    assert row.state is ReminderState.PENDING

    assert await services.reminders.deliver_due(due + timedelta(seconds=59)) == 0
    assert [e for e in await c.settle() if _reminder(e)] == []  # not within the minute

    assert await services.reminders.deliver_due(due + timedelta(seconds=61)) == 1
    again = [e for e in await c.settle() if _reminder(e)]
    assert len(again) == 1 and "response_lost" not in again[0]
    assert await services.reminders.deliver_due(due + timedelta(minutes=5)) == 0  # never more
    assert await c.settle() == []
    entry = await services.storage.deliveries.entry(f"agenda-reminder:{reminder_id}")
    assert entry is not None and entry.state is DeliveryState.SENT and entry.attempts == 2


async def test_reminder_survives_5xx_and_429_at_once(world: World) -> None:
    c, services = world.client, services_of_app(world.app)
    due, _ = await _meeting_due(world)
    await c.fault("sendMessage", 502, count=1)
    await c.fault("sendMessage", 429, count=1, retry_after=1)
    await c.fault("sendMessage", 500, count=1)
    assert await services.reminders.deliver_due(due) == 1
    assert len([e for e in await c.settle() if _reminder(e)]) == 1


async def test_follower_who_blocked_the_bot_is_refused_and_not_retried(world: World) -> None:
    c, services = world.client, services_of_app(world.app)
    await c.send(GROUP, MEMBER, "/volg")
    await c.expect(sent_to(GROUP))
    await c.block(MEMBER)
    due, _ = await _meeting_due(world)
    assert await services.reminders.deliver_due(due) == 1  # the group's copy
    rows = {r.target_chat: r for r in await services.storage.agenda.agenda_reminders(GROUP)}
    assert rows[MEMBER].state is ReminderState.FAILED
    assert rows[MEMBER].note == "Forbidden: bot was blocked by the user"
    assert await services.reminders.deliver_due(due + timedelta(minutes=3)) == 0
    assert [e for e in await c.settle() if sent_to(MEMBER)(e)] == []


# --- poll results ---------------------------------------------------------------------------


async def test_result_with_unknown_outcome_is_posted_by_the_retry_a_minute_later(
    world: World,
) -> None:
    c, services = world.client, services_of_app(world.app)
    await enrol(c, USERS)
    poll_id, message_id = await start_mandate(c)
    await press(c, GROUP, 101, message_id, "Voor")
    await c.sync()
    await c.fault("sendMessage", 0, drop=True, when="after")
    closed = datetime.now(UTC)
    await close_and_announce(world.app, poll_id, by=BOARD)
    entries = await c.settle()
    texts = [e for e in entries if sent_to(GROUP, "Uitslag")(e)]
    assert len(texts) == 1 and texts[0]["response_lost"] is True
    assert [e for e in entries if e["method"] == "sendPhoto"] == []  # stopped at the unknown
    poll = await services.storage.polls.poll(poll_id)
    assert poll is not None and not poll.result_posted

    assert await retry_pending(world.app, closed + timedelta(seconds=30)) == 0
    assert [e for e in await c.settle() if e["method"] in ("sendMessage", "sendPhoto")] == []

    assert await retry_pending(world.app, closed + timedelta(seconds=61)) == 1
    entries = await c.settle()
    assert len([e for e in entries if sent_to(GROUP, "Uitslag")(e)]) == 1  # the one duplicate
    assert len([e for e in entries if e["method"] == "sendPhoto"]) == 1
    _no_apology(entries)
    assert await retry_pending(world.app, closed + timedelta(minutes=5)) == 0
    assert [e for e in await c.settle() if e["method"] in ("sendMessage", "sendPhoto")] == []


async def test_result_chart_failing_is_retried_without_repeating_the_text(world: World) -> None:
    c, services = world.client, services_of_app(world.app)
    await enrol(c, USERS)
    poll_id, message_id = await start_mandate(c)
    await press(c, GROUP, 101, message_id, "Voor")
    await c.sync()
    await c.fault("sendPhoto", 503, count=ATTEMPTS)  # every attempt of this run fails
    closed = datetime.now(UTC)
    await close_and_announce(world.app, poll_id, by=BOARD)
    entries = await c.settle()
    assert len([e for e in entries if sent_to(GROUP, "Uitslag")(e)]) == 1
    assert [e for e in entries if e["method"] == "sendPhoto"] == []
    # A failure that surely sent nothing needs no wait: the next run (any time) sends it.
    assert await retry_pending(world.app, closed + timedelta(seconds=1)) == 1
    entries = await c.settle()
    assert [e for e in entries if sent_to(GROUP, "Uitslag")(e)] == []
    assert len([e for e in entries if e["method"] == "sendPhoto"]) == 1
    poll = await services.storage.polls.poll(poll_id)
    assert poll is not None and poll.result_posted
