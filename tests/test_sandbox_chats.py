"""The sandbox's command menus per scope and its group-to-supergroup migration, spoken to over
real HTTP and checked against what python-telegram-bot makes of the answers."""

from __future__ import annotations

from typing import Any

import pytest

from bot.sandbox.client import SandboxClient, SandboxClientError
from bot.sandbox.server import SandboxServer
from tests.conftest import API_TOKEN

# --- command menus per scope ---------------------------------------------------------------


def _names(commands: list[dict[str, str]]) -> list[str]:
    return [c["command"] for c in commands]


async def test_menus_per_scope_and_what_each_user_sees(api: Any, populated: SandboxClient) -> None:
    await populated.user(9, "Cor", chats=[-100])

    async def menu(names: list[str], scope: dict[str, Any] | None = None, lang: str = "") -> None:
        params: dict[str, Any] = {"commands": [{"command": n, "description": n} for n in names]}
        if scope is not None:
            params["scope"] = scope
        if lang:
            params["language_code"] = lang
        status, body = await api("setMyCommands", **params)
        assert status == 200 and body["result"] is True, body

    await menu(["start"])
    await menu(["prive"], {"type": "all_private_chats"})
    await menu(["groep"], {"type": "all_group_chats"})
    await menu(["beheer"], {"type": "all_chat_administrators"})
    await menu(["hier"], {"type": "chat", "chat_id": -100})
    await menu(["hier_nl"], {"type": "chat", "chat_id": -100}, "nl")
    await menu(["bob"], {"type": "chat_member", "chat_id": -100, "user_id": 8})

    _, body = await api("getMyCommands", scope={"type": "chat", "chat_id": -100})
    assert _names(body["result"]) == ["hier"]
    _, body = await api(
        "getMyCommands", scope={"type": "chat", "chat_id": -100}, language_code="nl"
    )
    assert _names(body["result"]) == ["hier_nl"]
    _, body = await api("getMyCommands", scope={"type": "chat_administrators", "chat_id": -100})
    assert body["result"] == []  # never set
    stored = await populated.menus()
    assert [(m["scope"]["type"], m["language_code"]) for m in stored] == [
        ("default", ""),
        ("all_private_chats", ""),
        ("all_group_chats", ""),
        ("all_chat_administrators", ""),
        ("chat", ""),
        ("chat", "nl"),
        ("chat_member", ""),
    ]
    assert stored[-1]["scope"] == {"type": "chat_member", "chat_id": -100, "user_id": 8}

    # Telegram's order: chat member, chat administrators, chat, all administrators, all groups,
    # default; each with the user's language first.
    assert _names(await populated.menu(-100, 8)) == ["bob"]
    assert _names(await populated.menu(-100, 9)) == ["hier"]
    assert _names(await populated.menu(-100, 9, "nl")) == ["hier_nl"]
    assert _names(await populated.menu(7, 7)) == ["prive"]
    await menu(["bestuur"], {"type": "chat_administrators", "chat_id": -100})
    assert _names(await populated.menu(-100, 7)) == ["bestuur"]  # 7 administers -100
    assert _names(await populated.menu(-100, 9)) == ["hier"]  # not for members

    status, _ = await api("deleteMyCommands", scope={"type": "chat", "chat_id": -100})
    assert status == 200
    assert _names(await populated.menu(-100, 9)) == ["groep"]
    await menu([], {"type": "all_group_chats"})  # an empty list deletes it, as in TDLib
    assert _names(await populated.menu(-100, 9)) == ["start"]
    await menu(["nieuw"])  # setting again replaces the list
    _, body = await api("getMyCommands")
    assert _names(body["result"]) == ["nieuw"]


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"scope": {"type": "iedereen"}}, "can't parse BotCommandScope: Unsupported type"),
        ({"scope": {"type": "chat"}}, "Empty chat_id specified"),
        ({"scope": {"type": "chat", "chat_id": -999}}, "chat not found"),
        ({"scope": {"type": "chat_member", "chat_id": -100}}, '"user_id" must be a Number'),
        ({"language_code": "nld"}, "invalid language code specified"),
        ({"commands": [{"command": "Start", "description": "x"}]}, "BOT_COMMAND_INVALID"),
        ({"commands": [{"command": "a" * 33, "description": "x"}]}, "must not exceed 32"),
        ({"commands": [{"command": "start", "description": " "}]}, "must be non-empty"),
        ({"commands": [{"command": "start"}]}, 'find field "description"'),
        (
            {"commands": [{"command": f"c{i}", "description": "x"} for i in range(101)]},
            "BOT_COMMANDS_TOO_MUCH",
        ),
    ],
)
async def test_menu_validation(
    api: Any, populated: SandboxClient, params: dict[str, Any], fragment: str
) -> None:
    params.setdefault("commands", [{"command": "start", "description": "Begin"}])
    status, body = await api("setMyCommands", **params)
    assert status == 400 and body["description"].startswith("Bad Request: ")
    assert fragment in body["description"]
    assert await populated.menus() == []


# --- a group upgraded to a supergroup ------------------------------------------------------


async def test_group_migrates_to_supergroup(
    sandbox: SandboxServer, api: Any, client: SandboxClient
) -> None:
    from telegram import Bot
    from telegram.error import ChatMigrated
    from telegram.request import HTTPXRequest

    await client.chat(-5, "RAO Klein", chat_type="group")
    await client.user(7, "Anna", chats=[-5], admin_of=[-5])
    await client.user(8, "Bob", chats=[-5])
    await client.chat(-100, "Super")
    with pytest.raises(SandboxClientError, match="basic group"):
        await client.migrate(-100)

    result = await client.migrate(-5)
    new = result["new_chat_id"]
    assert new == -1005 and result["chat_id"] == -5
    _, body = await api("getUpdates")
    old_msg, new_msg = (u["message"] for u in body["result"][-2:])
    assert [u["update_id"] for u in body["result"][-2:]] == result["update_ids"]
    assert old_msg["chat"] == {"id": -5, "type": "group", "title": "RAO Klein"}
    assert old_msg["migrate_to_chat_id"] == new and old_msg["from"]["id"] == 7
    assert new_msg["chat"] == {"id": new, "type": "supergroup", "title": "RAO Klein"}
    assert new_msg["migrate_from_chat_id"] == -5 and new_msg["from"]["id"] == 7

    # Writing to the old id, or reading its members, fails the way Telegram fails it.
    refused: list[tuple[str, dict[str, Any]]] = [
        ("sendMessage", {"chat_id": -5, "text": "hallo"}),
        ("getChatMember", {"chat_id": -5, "user_id": 8}),
        ("getChatAdministrators", {"chat_id": -5}),
        ("setMyCommands", {"commands": [], "scope": {"type": "chat", "chat_id": -5}}),
    ]
    for method, params in refused:
        status, body = await api(method, **params)
        assert (status, body["description"], body["parameters"]) == (
            400,
            "Bad Request: group chat was upgraded to a supergroup chat",
            {"migrate_to_chat_id": new},
        ), method
    _, body = await api("getChat", chat_id=-5)
    assert body["result"]["type"] == "group"  # a deactivated group can still be read

    # The supergroup has the members and administrators; the sandbox speaks for it now.
    _, body = await api("getChatMember", chat_id=new, user_id=7)
    assert body["result"]["status"] == "administrator"
    _, body = await api("getChatMember", chat_id=new, user_id=8)
    assert body["result"]["status"] == "member"
    status, _ = await api("sendMessage", chat_id=new, text="hallo")
    assert status == 200
    await client.send(new, 8, "hoi")
    with pytest.raises(SandboxClientError, match="upgraded"):
        await client.send(-5, 8, "hoi")
    with pytest.raises(SandboxClientError, match="already upgraded"):
        await client.migrate(-5)

    # python-telegram-bot reads the answer as ChatMigrated with the new id.
    request = HTTPXRequest(httpx_kwargs={"trust_env": False})
    async with Bot(API_TOKEN, base_url=f"{sandbox.url}/bot", request=request) as bot:
        with pytest.raises(ChatMigrated) as info:
            await bot.send_message(-5, "hallo")
    assert info.value.new_chat_id == new


async def test_migrate_to_a_chosen_id_by_a_chosen_admin(client: SandboxClient) -> None:
    await client.chat(-6, "RAO Mini", chat_type="group")
    await client.user(7, "Anna", chats=[-6], admin_of=[-6])
    await client.user(8, "Bob", chats=[-6])
    with pytest.raises(SandboxClientError, match="no administrator"):
        await client.migrate(-6, from_id=8)
    result = await client.migrate(-6, new_chat_id=-1001234567890, from_id=7)
    assert result["new_chat_id"] == -1001234567890
    chats = {c["id"]: c for c in (await client.state())["chats"]}
    assert chats[-6]["migrated_to"] == -1001234567890
    assert chats[-1001234567890]["type"] == "supergroup"
