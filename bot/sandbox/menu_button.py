"""setChatMenuButton / getChatMenuButton as Telegram answers them.

A chat's own button wins over the bot's default; with neither the answer is the commands
button. Setting a chat's button to "default" removes its own. A web-app button needs a text
and an https URL (the sandbox also accepts http on localhost, as Telegram's test environment
accepts http addresses, so the dashboard can be opened in tests).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from bot.sandbox.api_base import Params, int_param
from bot.sandbox.errors import bad_request
from bot.sandbox.state import SandboxState

_LOCAL = ("127.0.0.1", "localhost", "::1")


def _check(raw: Any) -> dict[str, Any]:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raise bad_request("can't parse menu button JSON object") from None
    if not isinstance(raw, dict):
        raise bad_request("can't parse menu button JSON object")
    kind = raw.get("type")
    if kind in ("commands", "default"):
        return {"type": kind}
    if kind != "web_app":
        raise bad_request("unsupported menu button type")
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise bad_request("text of the menu button must be non-empty")
    app = raw.get("web_app")
    url = app.get("url") if isinstance(app, dict) else None
    parts = urlsplit(url) if isinstance(url, str) else None
    local_http = parts is not None and parts.scheme == "http" and parts.hostname in _LOCAL
    if parts is None or not parts.netloc or not (parts.scheme == "https" or local_http):
        raise bad_request("BUTTON_URL_INVALID")
    return {"type": "web_app", "text": text, "web_app": {"url": url}}


class MenuButtonMethods:
    state: SandboxState

    def _menu_buttons(self) -> dict[int | None, dict[str, Any]]:
        store: dict[int | None, dict[str, Any]] | None = getattr(self, "_buttons", None)
        if store is None:
            store = {}
            self._buttons = store
        return store

    def _private_chat(self, params: Params) -> int | None:
        chat_id = int_param(params, "chat_id", required=False)
        if chat_id is not None:
            chat = self.state.resolve_chat(chat_id, "read")
            if chat.type != "private":
                raise bad_request("chat_id must be a private chat")  # not a user's chat
        return chat_id

    async def api_setChatMenuButton(self, token: str, params: Params) -> Any:
        chat_id = self._private_chat(params)
        raw = params.get("menu_button")
        button = {"type": "default"} if raw is None else _check(raw)
        store = self._menu_buttons()
        if button["type"] == "default":
            store.pop(chat_id, None)
        else:
            store[chat_id] = button
        return True

    async def api_getChatMenuButton(self, token: str, params: Params) -> Any:
        chat_id = self._private_chat(params)
        store = self._menu_buttons()
        return store.get(chat_id) or store.get(None) or {"type": "commands"}


async def web_app_script(request: web.Request) -> web.Response:
    """Telegram's Mini App script as far as the dashboard uses it (tests, the demo)."""
    script = resources.files("bot.sandbox").joinpath("telegram-web-app.js").read_text()
    return web.Response(text=script, content_type="text/javascript")
