"""Exactly-once handling with the bot in this process: the inbox, the done mark, start-up order."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from telegram import Update

from bot.context import services_of_app
from bot.delivery import recovery
from bot.storage import Storage
from tests.conftest import (
    BOARD,
    GROUP,
    MEMBER,
    World,
    make_settings,
    start_bot,
    stop_bot,
    until,
)
from tests.outbox import sent_to
from tests.polls_helpers import (
    USERS,
    all_entries,
    enrol,
    press,
    start_mandate,
    storage_of,
    wait_for,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _meeting(title: str, days_ahead: int = 30) -> str:
    day = datetime.now(AMSTERDAM).date() + timedelta(days=days_ahead)
    return f"/vergadering {day:%d-%m-%Y} 19:30 {title}"


async def _open_storage(world: World) -> Storage:
    storage = Storage(world.db)
    await storage.open()
    return storage


async def test_an_update_is_stored_before_its_offset_is_confirmed(world: World) -> None:
    c = world.client
    await c.hold_polls()  # the bot's next getUpdates, the one that would confirm, waits
    sent = await c.send(GROUP, BOARD, "/help")
    await wait_for(c, sent_to(GROUP))
    await until(lambda: world.sandbox.state.delivery.held == 1)
    assert world.sandbox.state.unconfirmed() == 1  # Telegram still holds it...
    assert sent["update_id"] in await storage_of(world).inbox.outcomes()  # ...and so does the bot
    await c.release_held()
    await c.idle()
    assert world.sandbox.state.unconfirmed() == 0
    assert (await storage_of(world).inbox.outcomes())[sent["update_id"]] == "handled"


async def test_the_effect_marks_its_update_done_and_a_requeued_update_is_skipped(
    world: World,
) -> None:
    c = world.client
    sent = await c.send(GROUP, BOARD, _meeting("Inbox-overleg"))
    await wait_for(c, sent_to(GROUP, "Vergadering in de agenda gezet"))
    await c.idle()
    storage = storage_of(world)
    assert (await storage.inbox.outcomes())[sent["update_id"]] == "effect"

    # The same update once more, as a re-delivery would bring it.
    await c.sync()
    message = world.sandbox.state.messages[(GROUP, sent["message_id"])]
    again = Update.de_json({"update_id": sent["update_id"], "message": message}, world.app.bot)
    await world.app.update_queue.put(again)
    assert await c.settle() == []  # no second reply
    assert [m.title for m in await storage.agenda.agenda_meetings(GROUP)] == ["Inbox-overleg"]


async def test_unfinished_votes_count_before_an_overdue_poll_closes(world: World) -> None:
    """A press stored before the deadline, its handling cut off by a crash, and the deadline
    passing while the bot was down: at start-up the press counts, then the poll closes, at
    its deadline; Telegram's re-delivery of the press is skipped."""
    c = world.client
    await enrol(c, USERS)
    poll_id, message_id = await start_mandate(
        c, "/mandaat Mandaat voor de nachtdienst? | sluit over 10 minuten"
    )
    assert "vastgelegd: Voor" in await press(c, GROUP, 101, message_id, "Voor")
    await stop_bot(world.app)

    query_id = await c.press(GROUP, 102, message_id, button="Tegen")  # Telegram holds it
    [pending] = world.sandbox.state.updates
    deadline = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=1)
    storage = await _open_storage(world)
    try:
        received = deadline - timedelta(seconds=14)
        await storage.inbox.store([(pending["update_id"], json.dumps(pending))], received)
        await storage.polls.set_poll_closes(poll_id, deadline)
    finally:
        await storage.close()

    app = await start_bot(make_settings(world.sandbox.url, world.db))
    try:
        answer = await wait_for(
            c,
            lambda e: e["method"] == "answerCallbackQuery" and e["callback_query_id"] == query_id,
        )
        assert "vastgelegd: Tegen" in answer["text"]
        result = await wait_for(c, sent_to(GROUP, "Uitslag"))
        assert answer["seq"] < result["seq"]  # handled first, closed second
        assert "Opkomst: 2 van 3 apotheken" in result["text"]
        await c.idle()
        poll = await services_of_app(app).storage.polls.poll(poll_id)
        assert poll is not None and poll.closed_utc == deadline  # closed at its deadline
        answers = await all_entries(
            c, lambda e: e["method"] == "answerCallbackQuery" and e["callback_query_id"] == query_id
        )
        assert len(answers) == 1
        assert (await c.deliveries())[pending["update_id"]] == 1  # re-delivered, then skipped
        assert await services_of_app(app).storage.votes.vote_count(poll_id) == 2
    finally:
        await stop_bot(app)


async def test_an_update_that_keeps_failing_at_start_up_is_given_up(world: World) -> None:
    await stop_bot(world.app)
    storage = await _open_storage(world)
    try:
        payload = {
            "update_id": 999_001,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": MEMBER, "type": "private"},
                "from": {"id": MEMBER, "is_bot": False, "first_name": "Piet"},
                "text": "/help",
            },
        }
        await storage.inbox.store([(999_001, json.dumps(payload))], datetime.now(UTC))
        for _ in range(recovery.MAX_ATTEMPTS):
            await storage.inbox.count_attempt(999_001)
    finally:
        await storage.close()
    await world.client.sync()
    app = await start_bot(make_settings(world.sandbox.url, world.db))
    try:
        assert (await services_of_app(app).storage.inbox.outcomes())[999_001] == "abandoned"
        assert await world.client.settle() == []  # not handled
    finally:
        await stop_bot(app)
