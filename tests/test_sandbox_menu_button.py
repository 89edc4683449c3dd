"""The sandbox's setChatMenuButton / getChatMenuButton, as Telegram answers them."""

from __future__ import annotations

from typing import Any

from bot.sandbox.client import SandboxClient

APP = {"type": "web_app", "text": "Dashboard", "web_app": {"url": "https://rao.example.org/web/"}}


async def test_menu_button_default_chat_and_reset(api: Any, populated: SandboxClient) -> None:
    await populated.user(9, "Cas", "cas", started=True)
    assert await api("getChatMenuButton") == (200, {"ok": True, "result": {"type": "commands"}})
    assert (await api("setChatMenuButton", menu_button=APP))[0] == 200
    assert (await api("getChatMenuButton", chat_id=9))[1]["result"] == APP
    own = {"type": "web_app", "text": "Mijn", "web_app": {"url": "https://x.example/web/"}}
    assert (await api("setChatMenuButton", chat_id=9, menu_button=own))[0] == 200
    assert (await api("getChatMenuButton", chat_id=9))[1]["result"] == own
    assert (await api("getChatMenuButton"))[1]["result"] == APP
    # "default" removes the chat's own button: the bot's default shows again.
    assert (await api("setChatMenuButton", chat_id=9, menu_button={"type": "default"}))[0] == 200
    assert (await api("getChatMenuButton", chat_id=9))[1]["result"] == APP


async def test_menu_button_refusals(api: Any, populated: SandboxClient) -> None:
    plain_http = {"type": "web_app", "text": "D", "web_app": {"url": "http://rao.example.org/"}}
    status, body = await api("setChatMenuButton", menu_button=plain_http)
    assert status == 400 and "BUTTON_URL_INVALID" in body["description"]
    local = {"type": "web_app", "text": "D", "web_app": {"url": "http://127.0.0.1:8080/web/"}}
    assert (await api("setChatMenuButton", menu_button=local))[0] == 200  # test environment
    no_text = {"type": "web_app", "text": " ", "web_app": {"url": "https://rao.example.org/"}}
    assert (await api("setChatMenuButton", menu_button=no_text))[0] == 400
    assert (await api("setChatMenuButton", menu_button={"type": "nonsense"}))[0] == 400
    status, _ = await api("setChatMenuButton", chat_id=-100, menu_button=APP)  # a group
    assert status == 400
