"""The sandbox's flood limits over HTTP: Telegram's 429 answer, a refusal that has no effect,
and switching the limits at run time."""

from __future__ import annotations

from typing import Any

import pytest

from bot.sandbox.client import SandboxClient, SandboxClientError


async def test_over_the_group_limit_the_bot_api_answers_429_as_telegram_does(
    api: Any, populated: SandboxClient
) -> None:
    summary = await populated.flood(True)  # Telegram's figures: 20 a minute in a group
    assert summary["enabled"] is True and summary["limits"]["group"] == {
        "count": 20,
        "period": 60.0,
    }
    for n in range(20):
        status, body = await api("sendMessage", chat_id=-100, text=f"bericht {n}")
        assert status == 200 and body["result"]["message_id"] == n + 1
    status, body = await api("sendMessage", chat_id=-100, text="één te veel")
    retry_after = body.get("parameters", {}).get("retry_after")
    assert status == 429
    assert body == {
        "ok": False,
        "error_code": 429,
        "description": f"Too Many Requests: retry after {retry_after}",
        "parameters": {"retry_after": retry_after},
    }
    assert isinstance(retry_after, int) and 1 <= retry_after <= 3  # a place frees every 3 s
    status, _ = await api("editMessageText", chat_id=-100, message_id=1, text="aangepast")
    assert status == 429  # edits count too
    status, body = await api("sendChatAction", chat_id=-100, action="typing")
    assert status == 200  # a chat action is no message
    outbox = await populated.outbox()
    assert len(outbox) == 20 and "één te veel" not in {e.get("text") for e in outbox}
    summary = await populated.flood()
    assert summary["refused"] == 2
    assert summary["by_method"] == {"sendMessage": 1, "editMessageText": 1}
    assert summary["by_rule"] == {"group": 2} and summary["by_chat"] == {"-100": 2}
    assert (await populated.state())["flood"] == summary

    off = await populated.flood(False)
    assert off["enabled"] is False and off["refused"] == 2  # the count stays until reset
    status, body = await api("sendMessage", chat_id=-100, text="nu wel")
    assert status == 200 and body["result"]["message_id"] == 21  # the refusal used no id
    assert (await populated.flood(reset=True))["refused"] == 0


async def test_limits_chosen_at_run_time(api: Any, populated: SandboxClient) -> None:
    await populated.flood(True, group=(2, 600.0))
    for _ in range(2):
        assert (await api("sendMessage", chat_id=-100, text="hoi"))[0] == 200
    status, body = await api("sendMessage", chat_id=-100, text="hoi")
    # 300 s a place (not 3 s); a slow machine may have used a few seconds of it already.
    assert status == 429 and 290 <= body["parameters"]["retry_after"] <= 300
    await populated.flood(True, group=(2, 600.0))  # switched anew: the buckets start empty
    assert (await api("sendMessage", chat_id=-100, text="hoi"))[0] == 200
    with pytest.raises(SandboxClientError, match="count of at least 1"):
        await populated.flood(True, overall=(0, 1.0))
    with pytest.raises(SandboxClientError, match="tolerance"):
        await populated.flood(True, tolerance=1.5)


async def test_off_by_default(api: Any, populated: SandboxClient) -> None:
    assert (await populated.flood())["enabled"] is False
    for _ in range(40):
        assert (await api("sendMessage", chat_id=-100, text="hoi"))[0] == 200
