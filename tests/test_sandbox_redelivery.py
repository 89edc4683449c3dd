"""The sandbox re-delivers updates as Telegram does (offset semantics), and its crash controls."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest

from bot.sandbox.client import SandboxClient
from bot.sandbox.server import SandboxServer
from tests.conftest import until


async def _ids(api: Any, **params: Any) -> list[int]:
    status, body = await api("getUpdates", timeout=0, **params)
    assert status == 200, body
    return [u["update_id"] for u in body["result"]]


async def _three(client: SandboxClient) -> list[int]:
    return [(await client.send(-100, 7, f"bericht {n}"))["update_id"] for n in range(3)]


async def test_updates_come_again_until_a_higher_offset_confirms_them(
    api: Any, populated: SandboxClient
) -> None:
    first, second, third = await _three(populated)
    assert await _ids(api) == [first, second, third]
    # The caller died before asking again: a new caller without offset gets them all again.
    assert await _ids(api) == [first, second, third]
    # An offset confirms exactly the updates below it; the rest keep coming back.
    assert await _ids(api, offset=second) == [second, third]
    assert await _ids(api) == [second, third]
    assert await _ids(api, offset=first) == [second, third]  # confirmed ones never return
    assert await _ids(api, offset=third + 1) == []
    assert await _ids(api) == []
    assert await populated.deliveries() == {first: 2, second: 5, third: 5}


async def test_a_negative_offset_keeps_only_the_last_updates(
    api: Any, populated: SandboxClient
) -> None:
    first, second, third = await _three(populated)
    assert await _ids(api, offset=-2) == [second, third]
    assert await _ids(api) == [second, third]  # the first is forgotten
    fourth = (await populated.send(-100, 8, "nog een"))["update_id"]
    assert await _ids(api, offset=-1) == [fourth]
    assert first not in await _ids(api)


async def test_an_empty_allowed_updates_restores_the_default(
    api: Any, populated: SandboxClient
) -> None:
    message = (await populated.send(-100, 7, "hoi"))["update_id"]
    await populated.inline(7, "resv")
    assert await _ids(api, allowed_updates=["message"]) == [message]
    assert await _ids(api) == [message]  # absent: the previous setting stays
    assert len(await _ids(api, allowed_updates=[])) == 2  # empty: every type again


async def test_a_held_poll_confirms_nothing_and_a_dropped_one_never_arrived(
    sandbox: SandboxServer, api: Any, populated: SandboxClient
) -> None:
    await populated.hold_polls()
    first, second, third = await _three(populated)
    assert await _ids(api) == [first, second, third]  # a poll that confirms nothing goes on
    waiting = asyncio.create_task(api("getUpdates", offset=third + 1, timeout=0))
    await until(lambda: sandbox.state.delivery.held == 1)
    assert (await populated.state())["held_polls"] == 1
    assert sandbox.state.unconfirmed() == 3  # held before its offset was looked at
    assert await populated.release_held(drop=True) == 1
    with pytest.raises(aiohttp.ClientError):
        await waiting
    assert await _ids(api) == [first, second, third]  # the dropped request confirmed nothing

    await populated.hold_polls()
    fourth = (await populated.send(-100, 8, "nog een"))["update_id"]
    assert await _ids(api, offset=second + 1) == [third, fourth]  # confirms only older ones
    waiting = asyncio.create_task(api("getUpdates", offset=fourth + 1, timeout=0))
    await until(lambda: sandbox.state.delivery.held == 1)
    assert await populated.release_held() == 1
    _, body = await waiting
    assert body["result"] == []
    assert sandbox.state.unconfirmed() == 0


async def test_a_killed_callers_long_poll_does_not_count_as_a_delivery(
    sandbox: SandboxServer, api: Any, populated: SandboxClient
) -> None:
    url = f"{sandbox.url}/bot42:abc/getUpdates"
    session = aiohttp.ClientSession(trust_env=False)
    request = asyncio.create_task(session.post(url, data={"timeout": "5"}))
    await until(lambda: sandbox.state.stats.get("getUpdates") == 1)
    request.cancel()  # the caller dies while its long poll waits
    await session.close()
    update_id = (await populated.send(-100, 7, "na de crash"))["update_id"]
    assert await _ids(api) == [update_id]  # the next caller gets it: unconfirmed
    assert await populated.deliveries() == {update_id: 1}
