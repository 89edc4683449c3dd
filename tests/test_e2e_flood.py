"""The real bot against the sandbox's flood limits: with its own limiter on it keeps to them
(nothing refused), without it the sandbox refuses and the bot's limiter retries after the
retry_after Telegram names, so every message still arrives once.

Telegram's group limit is 20 a minute; both sides take 20 per 6 s here, the same shape at
ten times the pace, so the test waits 1.5 s for the bot's limiter instead of 15 s."""

from __future__ import annotations

import asyncio

import pytest

from tests.conftest import GROUP, World

MESSAGES = 25  # more than the group's 20 at once
GROUP_RATE = (20, 6.0)


async def _send_all(world: World) -> list[int]:
    sent = await asyncio.gather(
        *(world.app.bot.send_message(GROUP, f"bericht {n}") for n in range(MESSAGES))
    )
    return [message.message_id for message in sent]


async def _delivered(world: World) -> list[str]:
    outbox = await world.client.outbox(chat_id=GROUP)
    return sorted(e["text"] for e in outbox if e["method"] == "sendMessage")


# The bot's limiter on (it is off in every other end-to-end test): Telegram's 30 a second
# overall and the group rate above.
BOT_LIMITS = {"rate_overall": 30, "rate_group": GROUP_RATE[0], "rate_group_period": GROUP_RATE[1]}


@pytest.mark.parametrize("bot_settings_extra", [BOT_LIMITS])
async def test_the_bot_keeping_its_limits_is_never_refused(world: World) -> None:
    await world.client.flood(True, group=GROUP_RATE)
    ids = await _send_all(world)
    assert len(set(ids)) == MESSAGES
    assert await _delivered(world) == sorted(f"bericht {n}" for n in range(MESSAGES))
    summary = await world.client.flood()
    assert summary["refused"] == 0, summary
    assert (await world.client.state())["calls"]["sendMessage"] == MESSAGES


async def test_the_bot_without_limits_is_refused_and_retries_after_retry_after(
    world: World,
) -> None:
    await world.client.flood(True, group=GROUP_RATE)
    ids = await _send_all(world)
    assert len(set(ids)) == MESSAGES
    assert await _delivered(world) == sorted(f"bericht {n}" for n in range(MESSAGES))
    refused = (await world.client.flood())["refused"]
    assert refused >= 1  # Telegram would have refused this bot too
    calls = (await world.client.state())["calls"]["sendMessage"]
    assert calls == MESSAGES + refused  # each refusal tried once more, nothing sent twice
