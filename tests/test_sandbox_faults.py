"""Sandbox fidelity: dropped connections before and after a call took effect, random faults,
a user who blocks the bot, writing to the bot starts it, a revoked token, and webhook mode."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.sandbox.client import SandboxClient, SandboxClientError
from bot.sandbox.server import SandboxServer
from bot.sandbox.webhook import SECRET_HEADER
from tests.conftest import until

SECRET = "s3cret_value-1"


async def _send(sandbox: SandboxServer, text: str = "hallo") -> tuple[int, dict[str, Any]]:
    async with (
        aiohttp.ClientSession(trust_env=False) as s,
        s.post(f"{sandbox.url}/bot42:abc/sendMessage", data={"chat_id": "-100", "text": text}) as r,
    ):
        return r.status, await r.json()


async def test_drop_before_the_call_sends_nothing(
    sandbox: SandboxServer, populated: SandboxClient
) -> None:
    await populated.fault("sendMessage", 0, drop=True)
    with pytest.raises(aiohttp.ClientError):
        await _send(sandbox, "eerste")
    assert await populated.outbox() == []
    status, _ = await _send(sandbox, "tweede")
    assert status == 200
    assert [e["text"] for e in await populated.outbox()] == ["tweede"]


async def test_drop_after_the_call_delivers_but_the_answer_is_lost(
    sandbox: SandboxServer, populated: SandboxClient
) -> None:
    await populated.fault("sendMessage", 0, drop=True, when="after")
    with pytest.raises(aiohttp.ClientError):
        await _send(sandbox, "eerste")
    [entry] = await populated.outbox()
    assert entry["text"] == "eerste" and entry["response_lost"] is True
    status, _ = await _send(sandbox, "tweede")
    assert status == 200
    assert "response_lost" not in (await populated.outbox())[-1]
    counts = (await populated.state())["faults"]["counts"]
    assert counts == {"drop_after": 1}


async def test_fault_when_must_be_before_or_after(populated: SandboxClient) -> None:
    with pytest.raises(SandboxClientError, match="when must be"):
        await populated.fault("sendMessage", 0, drop=True, when="sometimes")


async def test_chaos_fails_the_chosen_share_with_the_chosen_kinds(
    sandbox: SandboxServer, populated: SandboxClient
) -> None:
    await populated.chaos(1.0, kinds=["5xx"], methods=["sendMessage"], seed=1)
    status, body = await _send(sandbox)
    assert status in (500, 502, 503) and body["ok"] is False
    summary = await populated.chaos(0)  # stops, and says what was injected
    assert summary["chaos"] is None and summary["counts"] == {"5xx": 1}
    assert (await _send(sandbox))[0] == 200
    await populated.chaos(1.0, kinds=["429"], retry_after=2)
    status, body = await _send(sandbox)
    assert status == 429 and body["parameters"] == {"retry_after": 2}
    with pytest.raises(SandboxClientError, match="kinds"):
        await populated.chaos(0.5, kinds=["meteor"])


async def test_writing_to_the_bot_starts_the_conversation(api: Any, client: SandboxClient) -> None:
    await client.user(30, "Nina")  # not marked as started
    status, body = await api("sendMessage", chat_id=30, text="hoi")
    assert status == 403 and "can't initiate conversation" in body["description"]
    await client.send(30, 30, "goedemorgen")  # any private message, not only /start
    status, _ = await api("sendMessage", chat_id=30, text="hoi")
    assert status == 200


async def test_a_user_who_blocked_the_bot_gets_nothing_until_they_write_again(
    api: Any, client: SandboxClient
) -> None:
    await client.user(31, "Bas", started=True)
    await client.block(31)
    status, body = await api("sendMessage", chat_id=31, text="hoi")
    assert status == 403 and body["description"] == "Forbidden: bot was blocked by the user"
    assert (await client.state())["users"][0]["blocked"] is True
    await client.send(31, 31, "/start")  # unblocking is restarting the bot
    assert (await api("sendMessage", chat_id=31, text="hoi"))[0] == 200


async def test_a_revoked_token_is_refused_with_401_on_every_call(
    api: Any, client: SandboxClient
) -> None:
    await client.revoke(42)
    for method in ("getMe", "getUpdates", "sendMessage"):
        status, body = await api(method)
        assert (status, body["description"]) == (401, "Unauthorized")
    await client.revoke(42, revoked=False)
    assert (await api("getMe"))[0] == 200


# --- webhook mode ---------------------------------------------------------------------------


@dataclass
class Receiver:
    """A webhook endpoint that records what it gets and fails the first `fail` requests."""

    fail: int = 0
    failed: int = 0
    got: list[tuple[str | None, dict[str, Any]]] = field(default_factory=list)
    url: str = ""

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        if self.fail > 0:
            self.fail -= 1
            self.failed += 1
            return web.Response(status=500)
        self.got.append((request.headers.get(SECRET_HEADER), body))
        return web.Response(status=200)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    rec = Receiver()
    app = web.Application()
    app.router.add_post("/hook", rec.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    rec.url = f"http://127.0.0.1:{port}/hook"
    yield rec
    await runner.cleanup()


async def test_webhook_delivers_with_the_secret_and_refuses_polling(
    api: Any, populated: SandboxClient, receiver: Receiver
) -> None:
    status, _ = await api("setWebhook", url=receiver.url, secret_token=SECRET)
    assert status == 200
    sent = await populated.send(-100, 7, "hallo")
    await until(lambda: bool(receiver.got))
    header, update = receiver.got[0]
    assert header == SECRET
    assert update["update_id"] == sent["update_id"] and update["message"]["text"] == "hallo"
    status, body = await api("getUpdates")
    assert status == 409 and "webhook is active" in body["description"]
    _, info = await api("getWebhookInfo")
    assert info["result"]["url"] == receiver.url
    await populated.idle()  # delivered means confirmed: nothing is pending
    assert (await api("getWebhookInfo"))[1]["result"]["pending_update_count"] == 0


async def test_webhook_retries_until_the_endpoint_takes_the_update(
    api: Any, populated: SandboxClient, receiver: Receiver
) -> None:
    receiver.fail = 2
    await api("setWebhook", url=receiver.url, secret_token=SECRET)
    await populated.send(-100, 7, "blijf proberen")
    await until(lambda: bool(receiver.got))
    assert [u["message"]["text"] for _, u in receiver.got] == ["blijf proberen"]
    _, info = await api("getWebhookInfo")
    assert "500" in info["result"]["last_error_message"]
    assert info["result"]["pending_update_count"] == 0


async def test_delete_webhook_gives_the_pending_updates_to_get_updates(
    api: Any, populated: SandboxClient, receiver: Receiver
) -> None:
    receiver.fail = 10**6  # the endpoint never takes anything
    await api("setWebhook", url=receiver.url, secret_token=SECRET)
    await populated.send(-100, 7, "bewaard")
    await until(lambda: receiver.failed >= 2)  # refused twice, so still pending
    assert (await api("deleteWebhook"))[0] == 200
    _, body = await api("getUpdates")
    assert [u["message"]["text"] for u in body["result"]] == ["bewaard"]
    assert receiver.got == []


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"url": "https://example.org/hook"}, "loopback"),
        ({"url": "http://127.0.0.1:1/hook", "secret_token": "met spatie"}, "unallowed"),
        ({"url": "http://127.0.0.1:1/hook", "max_connections": 0}, "max_connections"),
    ],
)
async def test_set_webhook_validation(api: Any, params: dict[str, Any], fragment: str) -> None:
    status, body = await api("setWebhook", **params)
    assert status == 400 and fragment in body["description"]
    assert (await api("getWebhookInfo"))[1]["result"]["url"] == ""
