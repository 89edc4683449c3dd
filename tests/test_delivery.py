"""The retrying request's view of failures, the ledger's hold rule, and webhook settings."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp import web
from telegram.error import NetworkError
from telegram.request import RequestData

from bot.config import ConfigError, load_settings
from bot.delivery.ledger import UNKNOWN_HOLD, hold_reason
from bot.delivery.records import DeliveryEntry, DeliveryState
from bot.delivery.retrying_request import (
    OutcomeUnknown,
    RetryingRequest,
    RetryPolicy,
    at_most_once,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Hanging:
    """An endpoint that reads the request and never answers (until the test ends)."""

    def __init__(self) -> None:
        self.requests = 0
        self.release = asyncio.Event()

    async def handle(self, request: web.Request) -> web.Response:
        self.requests += 1
        await request.read()
        await self.release.wait()
        return web.json_response({"ok": True, "result": True})


@pytest.fixture
async def hanging() -> AsyncIterator[tuple[Hanging, str]]:
    endpoint = Hanging()
    app = web.Application()
    app.router.add_post("/bot1:x/sendMessage", endpoint.handle)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield endpoint, f"http://127.0.0.1:{port}/bot1:x/sendMessage"
    endpoint.release.set()
    await runner.cleanup()


def _request(attempts: int = 3) -> RetryingRequest:
    return RetryingRequest(
        RetryPolicy(attempts=attempts, first_wait=0.0), httpx_kwargs={"trust_env": False}
    )


async def test_no_answer_is_an_unknown_outcome_retried_only_outside_at_most_once(
    hanging: tuple[Hanging, str],
) -> None:
    endpoint, url = hanging
    request = _request()
    await request.initialize()
    try:
        with pytest.raises(OutcomeUnknown):
            await request.do_request(url, "POST", RequestData(), read_timeout=0.2)
        assert endpoint.requests == 3  # a reply: retried, a duplicate risked
        with at_most_once(), pytest.raises(OutcomeUnknown):
            await request.do_request(url, "POST", RequestData(), read_timeout=0.2)
        assert endpoint.requests == 4  # tracked: not repeated blindly
    finally:
        await request.shutdown()


async def test_no_connection_is_not_an_unknown_outcome() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nobody listens there
    request = _request()
    await request.initialize()
    try:
        with at_most_once(), pytest.raises(NetworkError) as info:
            await request.do_request(f"http://127.0.0.1:{port}/bot1:x/getMe", "POST")
        assert not isinstance(info.value, OutcomeUnknown)
    finally:
        await request.shutdown()


def _entry(state: DeliveryState, age: timedelta, reason: str | None = None) -> DeliveryEntry:
    return DeliveryEntry("agenda-reminder:1", -1001, "sendMessage", state, 1, NOW - age, reason)


@pytest.mark.parametrize(
    ("state", "age", "held"),
    [
        (DeliveryState.SENT, timedelta(days=3), "sent already"),
        (DeliveryState.UNKNOWN, timedelta(seconds=59), "outcome unknown"),
        (DeliveryState.UNKNOWN, UNKNOWN_HOLD, None),
        (DeliveryState.SENDING, timedelta(seconds=5), "being sent"),
        (DeliveryState.SENDING, timedelta(minutes=2), None),  # its process died mid-send
        (DeliveryState.FAILED, timedelta(seconds=1), None),  # surely not sent: go again
        (DeliveryState.REFUSED, timedelta(minutes=10), "refused: blocked"),
        (DeliveryState.REFUSED, timedelta(hours=2), None),
    ],
)
def test_hold_rule(state: DeliveryState, age: timedelta, held: str | None) -> None:
    assert hold_reason(_entry(state, age, "blocked"), NOW) == held


def test_hold_rule_for_a_new_message() -> None:
    assert hold_reason(None, NOW) is None


def test_webhook_settings_are_checked() -> None:
    settings = load_settings(_env_file=None, webhook_url="https://rao.example.org/hook")
    with pytest.raises(ConfigError, match="RAO_BOT_WEBHOOK_SECRET is not set"):
        settings.webhook_values()
    with pytest.raises(ConfigError, match="RAO_BOT_WEBHOOK_URL is not set"):
        load_settings(_env_file=None, webhook_secret="abc").webhook_values()
    with pytest.raises(ConfigError, match="WEBHOOK_SECRET must be 1-256"):
        load_settings(_env_file=None, webhook_secret="met spatie")
    with pytest.raises(ConfigError, match="WEBHOOK_URL"):
        load_settings(_env_file=None, webhook_url="rao.example.org/hook")
    ok = load_settings(
        _env_file=None, webhook_url="https://rao.example.org/hook", webhook_secret="a-b_C9"
    )
    assert ok.webhook_values() == ("https://rao.example.org/hook", "a-b_C9")
    assert ok.webhook_listen == "127.0.0.1"
