"""Webhook mode end to end: the sandbox POSTs updates to the bot's own aiohttp server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from bot.app import build_application
from bot.context import BotApp
from bot.delivery.webhook import SECRET_HEADER, WebhookReceiver, start_webhook, stop_webhook
from bot.sandbox.client import SandboxClient
from bot.sandbox.idle import TrackedUpdateQueue
from bot.sandbox.server import SandboxServer
from tests.conftest import GROUP, MEMBER, make_settings, shared_knowledge
from tests.outbox import sent_to

SECRET = "webhook_secret-42"
PATH = "/rao-bot/hook"


@dataclass
class Hooked:
    app: BotApp
    receiver: WebhookReceiver
    queue: TrackedUpdateQueue

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.receiver.port}{PATH}"


@pytest.fixture
async def hooked(
    sandbox: SandboxServer, client: SandboxClient, tmp_path: Path
) -> AsyncIterator[Hooked]:
    """The real Application in webhook mode (`updater(None)`), watched by the sandbox."""
    await client.chat(GROUP, "RAO Zuid")
    await client.user(MEMBER, "Piet", "piet", chats=[GROUP])
    settings = make_settings(
        sandbox.url,
        tmp_path / "bot.sqlite3",
        webhook_url=f"https://rao.example.org{PATH}",
        webhook_secret=SECRET,
        webhook_port=0,
    )
    queue = TrackedUpdateQueue()
    app = build_application(
        settings, knowledge=shared_knowledge(settings), update_queue=queue, webhook=True
    )
    assert app.updater is None
    stop_watching = sandbox.watch_bot(queue)
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    receiver = await start_webhook(
        app, settings, ["message"], url_for_port=lambda port: f"http://127.0.0.1:{port}{PATH}"
    )
    yield Hooked(app, receiver, queue)
    await stop_webhook(app, receiver)
    stop_watching()
    await app.shutdown()
    assert app.post_shutdown is not None
    await app.post_shutdown(app)


async def test_webhook_mode_answers_start(hooked: Hooked, client: SandboxClient) -> None:
    webhook = await hooked.app.bot.get_webhook_info()
    assert webhook.url == hooked.url and webhook.allowed_updates == ("message",)
    await client.send(MEMBER, MEMBER, "/start")  # writing to the bot starts the conversation
    reply = await client.expect(sent_to(MEMBER))
    assert "RAO-bot" in reply["text"]
    assert hooked.receiver.received == 1
    await client.send(GROUP, MEMBER, "/start")
    assert "RAO-bot" in (await client.expect(sent_to(GROUP)))["text"]


@pytest.mark.parametrize("headers", [{}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: ""}])
async def test_webhook_without_the_right_secret_gets_403_and_changes_nothing(
    hooked: Hooked, client: SandboxClient, headers: dict[str, str]
) -> None:
    update = {
        "update_id": 9999,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": MEMBER, "type": "private", "first_name": "Piet"},
            "from": {"id": MEMBER, "is_bot": False, "first_name": "Piet"},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }
    async with (
        aiohttp.ClientSession(trust_env=False) as session,
        session.post(hooked.url, json=update, headers=headers) as response,
    ):
        assert response.status == 403
    assert hooked.receiver.refused == 1 and hooked.receiver.received == 0
    assert await client.settle() == []  # nothing handled, nothing sent
    # The same update with the secret is taken: the refusal was about the secret alone.
    async with (
        aiohttp.ClientSession(trust_env=False) as session,
        session.post(hooked.url, json=update, headers={SECRET_HEADER: SECRET}) as response,
    ):
        assert response.status == 200
    await client.settle()
    assert hooked.receiver.received == 1


async def test_webhook_refuses_an_unreadable_update(hooked: Hooked) -> None:
    async with (
        aiohttp.ClientSession(trust_env=False) as session,
        session.post(hooked.url, data=b"{nope", headers={SECRET_HEADER: SECRET}) as response,
    ):
        assert response.status == 400
    assert hooked.receiver.received == 0 and hooked.queue.unfinished == 0
