"""Helpers of the dashboard tests: a bot with the dashboard on a free port, signed initData,
requests to the dashboard as a Mini App would make them."""

from __future__ import annotations

import socket
import time
from typing import Any

import aiohttp

from bot.context import BotApp, services_of_app
from bot.web.initdata import sign
from tests.conftest import TOKEN

NAMES = {11: "Bea", 12: "Piet", 13: "Olga"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def init_data(user_id: int, *, token: str = TOKEN, age: int = 0) -> str:
    return sign(
        token, user_id, NAMES.get(user_id, f"Lid{user_id}"), auth_date=int(time.time()) - age
    )


def base_of(app: BotApp) -> str:
    web = services_of_app(app).web
    assert web is not None and web.base is not None
    return web.base


async def get(
    app: BotApp, path: str, user: int | None = None, data: str | None = None, method: str = "GET"
) -> tuple[int, str, dict[str, Any]]:
    headers = {}
    if data is not None or user is not None:
        headers["X-Telegram-Init-Data"] = data if data is not None else init_data(user or 0)
    url = base_of(app) + path
    async with (
        aiohttp.ClientSession(trust_env=False) as session,
        session.request(method, url, headers=headers) as response,
    ):
        return response.status, await response.text(), dict(response.headers)
