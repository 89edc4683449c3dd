"""Webhook mode: Telegram POSTs each update to us instead of us asking with getUpdates.

PTB's `customwebhookbot` pattern: the Application is built with `updater(None)` and an aiohttp
server on the same event loop hands each update to `application.update_queue`. Every request
must carry the secret given to setWebhook in `X-Telegram-Bot-Api-Secret-Token`; a request
without it, or with another one, gets 403 and changes nothing. 200 is answered only after the
update was handed over, so an update Telegram counts as delivered is one the bot has: for
anything else Telegram keeps the update and tries again.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import signal
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Update

from bot.config import Settings
from bot.context import BotApp
from bot.delivery.intake import take_in

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookReceiver:
    """The aiohttp server that takes Telegram's POSTs at the path of the webhook URL."""

    def __init__(self, application: BotApp, secret: str, path: str = "/") -> None:
        self.application = application
        self._secret = secret.encode()
        self.path = path or "/"
        self.received = 0
        self.refused = 0
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    def web_app(self) -> web.Application:
        app = web.Application(client_max_size=1024 * 1024)
        app.router.add_post(self.path, self.handle)
        dashboard = self.application.bot_data.services.web
        if dashboard is not None and dashboard.base is not None:
            dashboard.add_routes(app)  # the dashboard shares the webhook's server (bot.web)
        return app

    async def handle(self, request: web.Request) -> web.Response:
        supplied = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(supplied, self._secret):
            self.refused += 1
            log.info("webhook: refused a request without the right secret token")
            return web.Response(status=403)
        try:
            data = await request.json()
            if not isinstance(data, dict):
                raise ValueError("an update is a JSON object")
            update = Update.de_json(data, self.application.bot)
        except (ValueError, KeyError, TypeError) as exc:
            # Nothing Telegram could fix by sending it again, but say so: 400.
            log.warning("webhook: unreadable update: %s", type(exc).__name__)
            return web.Response(status=400)
        # Stored in the update inbox before the 200: an update Telegram is told we have also
        # survives a crash, and a re-sent one is not handled twice (bot.delivery.intake).
        await take_in(self.application, [update])
        self.received += 1
        return web.Response(status=200)

    async def start(self, host: str, port: int) -> int:
        self._runner = web.AppRunner(
            self.web_app(), access_log=None, handle_signals=False, shutdown_timeout=1.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        self.port = int(sockets[0].getsockname()[1]) if sockets else port
        return self.port

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


async def start_webhook(
    application: BotApp,
    settings: Settings,
    allowed_updates: Sequence[str] | None = None,
    *,
    url_for_port: Callable[[int], str] | None = None,
) -> WebhookReceiver:
    """After initialize and post_init: start the Application, listen, then tell Telegram.

    `url_for_port` makes the URL from the port listened on, for a test that listens on port 0
    (the path must be that of RAO_BOT_WEBHOOK_URL)."""
    url, secret = settings.webhook_values()
    receiver = WebhookReceiver(application, secret, urlsplit(url).path)
    await application.start()
    port = await receiver.start(settings.webhook_listen, settings.webhook_port)
    if url_for_port is not None:
        url = url_for_port(port)
    await application.bot.set_webhook(
        url, secret_token=secret, allowed_updates=list(allowed_updates or []) or None
    )
    log.info("webhook mode: listening on %s:%d%s", settings.webhook_listen, port, receiver.path)
    return receiver


async def stop_webhook(application: BotApp, receiver: WebhookReceiver) -> None:
    """Stops taking updates (Telegram keeps and re-sends them meanwhile), then finishes the
    ones already taken. The webhook stays set: deleting it would only risk losing updates."""
    await receiver.stop()
    if application.running:
        await application.stop()


async def run_webhook(
    application: BotApp, settings: Settings, allowed_updates: Sequence[str]
) -> None:
    """`rao-bot run --webhook`: the lifecycle `run_polling` would give, until SIGINT/SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    receiver: WebhookReceiver | None = None
    try:
        await application.initialize()
        if application.post_init is not None:
            await application.post_init(application)
        receiver = await start_webhook(application, settings, allowed_updates)
        await stop.wait()
    finally:
        if receiver is not None:
            await stop_webhook(application, receiver)
        elif application.running:
            await application.stop()
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
