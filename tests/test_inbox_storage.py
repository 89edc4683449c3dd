"""The inbox table and the done mark that commits with an update's effect."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.polls.rules import VotingUnit
from bot.storage import Storage, handling


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    store = Storage(tmp_path / "inbox.sqlite3")
    await store.open()
    yield store
    await store.close()


async def _effect(storage: Storage, chat_id: int) -> None:
    await storage.db.execute(
        "INSERT INTO chats(id, type, first_seen_utc) VALUES (?, 'supergroup', '')", (chat_id,)
    )


async def test_store_keeps_the_first_copy_and_says_which_are_new(storage: Storage) -> None:
    now = datetime.now(UTC)
    assert await storage.inbox.store([(1, '{"update_id":1}'), (2, '{"update_id":2}')], now) == [
        1,
        2,
    ]
    assert await storage.inbox.store([(2, '{"update_id":2}'), (3, '{"update_id":3}')], now) == [3]
    assert [s.update_id for s in await storage.inbox.unfinished()] == [1, 2, 3]
    status = await storage.inbox.status(2)
    assert status is not None and status[0] is False
    assert abs((status[1] - now).total_seconds()) < 0.002  # to the millisecond
    assert await storage.inbox.status(4) is None


async def test_the_first_effect_transaction_marks_the_update_done(storage: Storage) -> None:
    await storage.inbox.store([(7, "{}"), (8, "{}")], datetime.now(UTC))
    token = handling.scope()
    try:
        handled = handling.begin(7)
        # Bookkeeping, declared by its repository or wrapped by the caller: not the effect.
        await storage.chats.remember_chat(-1, "supergroup", "RAO")
        await storage.orgs.add_for_chat(-1, "RAO", VotingUnit.PHARMACY)
        with handling.bookkeeping():
            await _effect(storage, -2)
        assert not handled.done and (await storage.inbox.outcomes())[7] is None
        with pytest.raises(RuntimeError):
            async with storage.db.transaction() as db:
                await db.execute("INSERT INTO chats(id, type, first_seen_utc) VALUES (-3, 'x', '')")
                raise RuntimeError("the effect failed")
        assert not handled.done and (await storage.inbox.outcomes())[7] is None  # rolled back
        await _effect(storage, -4)  # the effect
        assert handled.done
    finally:
        handling.end(token)
    outcomes = await storage.inbox.outcomes()
    assert outcomes == {7: "effect", 8: None}
    assert [s.update_id for s in await storage.inbox.unfinished()] == [8]
    await _effect(storage, -5)  # outside any handling: marks nothing
    assert (await storage.inbox.outcomes())[8] is None
    assert await storage.inbox.mark_handled(8, datetime.now(UTC))
    assert not await storage.inbox.mark_handled(8, datetime.now(UTC))  # done once
    assert (await storage.inbox.outcomes())[8] == "handled"


async def test_done_rows_lose_their_payload_and_go_after_a_day(storage: Storage) -> None:
    now = datetime.now(UTC)
    await storage.inbox.store([(1, '{"text":"geheim"}')], now - timedelta(hours=26))
    await storage.inbox.store([(2, '{"text":"geheim"}')], now - timedelta(hours=23))
    await storage.inbox.store([(3, '{"text":"nog bezig"}')], now - timedelta(hours=30))
    await storage.inbox.mark_handled(1, now)
    await storage.inbox.mark_handled(2, now)
    rows = await storage.db.fetchall("SELECT update_id, payload FROM update_inbox")
    assert {r[0]: r[1] for r in rows} == {1: None, 2: None, 3: '{"text":"nog bezig"}'}
    assert await storage.inbox.prune(now - timedelta(hours=25)) == 1
    assert sorted(await storage.inbox.outcomes()) == [2, 3]  # recent and unfinished stay
