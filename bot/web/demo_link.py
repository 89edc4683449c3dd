"""The link `rao-bot demo` prints: the dashboard opened the way Telegram opens a Mini App (the
launch parameters in the URL fragment), with initData the demo signs itself, because it runs
the sandbox and knows the sandbox's token. Anyone with the link is the demo's board member
for an hour, which is fine offline and why the production bot never prints such links."""

from __future__ import annotations

import socket
from urllib.parse import quote

from bot.web.initdata import sign


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def demo_link(base: str, token: str, user_id: int, first_name: str, username: str) -> str:
    data = sign(token, user_id, first_name, username)
    return (
        f"{base}/web/#tgWebAppData={quote(data, safe='')}&tgWebAppVersion=8.0&tgWebAppPlatform=web"
    )
