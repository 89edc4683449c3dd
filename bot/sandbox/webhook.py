"""Webhook mode of the sandbox: setWebhook, deleteWebhook, getWebhookInfo, and delivery.

As on Telegram: while a webhook is set, getUpdates is refused with 409; every pending update
is POSTed to the webhook URL as JSON with the `X-Telegram-Bot-Api-Secret-Token` header; an
update counts as delivered (and is forgotten) only on a 2xx answer, and any other answer or a
failed connection is retried with growing pauses, the error showing in getWebhookInfo.

Differences, on purpose: updates go out one at a time, in order (Telegram may use up to
`max_connections` in parallel); plain http is accepted; and the URL must be a loopback address,
so the sandbox never sends anything off this machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import re
import time
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from bot.sandbox.api_base import ApiBase, Params, int_param
from bot.sandbox.errors import ApiError, bad_request
from bot.sandbox.state import SandboxState

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)


def _loopback(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class WebhookDelivery:
    """The webhook that is set (if any) and the task that delivers pending updates to it."""

    def __init__(self, state: SandboxState, first_pause: float = 0.05, max_pause: float = 2.0):
        self.state = state
        self.url = ""
        self.secret: str | None = None
        self.max_connections = 40
        self.first_pause, self.max_pause = first_pause, max_pause
        self.last_error_date: int | None = None
        self.last_error_message: str | None = None
        self.delivered = 0
        self.failed_attempts = 0
        self._task: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None

    @property
    def active(self) -> bool:
        return bool(self.url)

    async def set(self, url: str, secret: str | None, max_connections: int) -> None:
        await self._stop_task()
        self.url, self.secret, self.max_connections = url, secret, max_connections
        self.last_error_date = self.last_error_message = None
        await self.state.release_polls()  # a waiting getUpdates ends, as on Telegram
        self._task = asyncio.create_task(self._deliver(), name="sandbox-webhook")

    async def delete(self) -> None:
        self.url, self.secret = "", None
        await self._stop_task()

    async def stop(self) -> None:
        """The sandbox stops: no more deliveries."""
        await self.delete()
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _stop_task(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def info(self) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self.url,
            "has_custom_certificate": False,
            "pending_update_count": self.state.unconfirmed(),
        }
        if self.url:
            info["max_connections"] = self.max_connections
            if self.state.allowed_updates:
                info["allowed_updates"] = list(self.state.allowed_updates)
        if self.last_error_date is not None:
            info["last_error_date"] = self.last_error_date
            info["last_error_message"] = self.last_error_message
        return info

    async def _next(self) -> dict[str, Any] | None:
        state = self.state
        async with state.updates_changed:
            while self.url and not state.closing:
                wanted = [u for u in state.updates if state.deliverable(u)]
                if wanted:
                    return wanted[0]
                await state.updates_changed.wait()
        return None

    async def _deliver(self) -> None:
        pause = self.first_pause
        while (update := await self._next()) is not None:
            error = await self._post(update)
            if error is None:
                self.delivered += 1
                self.state.confirm(int(update["update_id"]) + 1)
                pause = self.first_pause
                continue
            self.failed_attempts += 1
            self.last_error_date = int(time.time())
            self.last_error_message = error
            await asyncio.sleep(pause)
            pause = min(self.max_pause, pause * 2)

    async def _post(self, update: dict[str, Any]) -> str | None:
        """None when the webhook took the update, else what went wrong."""
        if self._session is None:
            self._session = aiohttp.ClientSession(
                trust_env=False, timeout=aiohttp.ClientTimeout(total=10)
            )
        headers = {SECRET_HEADER: self.secret} if self.secret else {}
        self.state.activity.request_started("webhook")
        try:
            async with self._session.post(self.url, json=update, headers=headers) as response:
                await response.read()
                if 200 <= response.status < 300:
                    return None
                return f"Wrong response from the webhook: {response.status} {response.reason}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            return f"Connection failed: {type(exc).__name__}"
        finally:
            self.state.activity.request_ended("webhook")


class WebhookMethods(ApiBase):
    """The Bot API methods of webhook mode; `BotApi` sets `self.webhook`."""

    webhook: WebhookDelivery

    async def api_setWebhook(self, token: str, params: Params) -> Any:
        url = str(params.get("url") or "")
        if params.get("drop_pending_updates"):
            self._drop_pending()
        if not url:
            await self.webhook.delete()
            return True
        if not _loopback(url):
            raise bad_request("bad webhook: the sandbox delivers to loopback addresses only")
        secret = params.get("secret_token")
        if secret is not None and not _SECRET_RE.match(str(secret)):
            raise bad_request("secret token contains unallowed characters")
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self.state.allowed_updates = [str(a) for a in allowed] or None
        given = int_param(params, "max_connections", required=False)
        max_connections = 40 if given is None else given
        if not 1 <= max_connections <= 100:
            raise bad_request("bad webhook: max_connections must be between 1 and 100")
        await self.webhook.set(url, None if secret is None else str(secret), max_connections)
        self.state.activity.changed()
        return True

    async def api_deleteWebhook(self, token: str, params: Params) -> Any:
        if params.get("drop_pending_updates"):
            self._drop_pending()
        await self.webhook.delete()
        return True

    async def api_getWebhookInfo(self, token: str, params: Params) -> Any:
        return self.webhook.info()

    def _drop_pending(self) -> None:
        self.state.updates.clear()
        self.state.activity.changed()

    def refuse_polling(self) -> None:
        if self.webhook.active:
            raise ApiError(409, CONFLICT)
