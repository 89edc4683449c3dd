"""The sandbox's Bot API validation and control API, spoken to over real HTTP."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from bot.sandbox.client import SandboxClient, SandboxClientError
from bot.sandbox.server import SandboxServer

TOKEN = "42:abc"


@pytest.fixture
async def api(sandbox: SandboxServer) -> AsyncIterator[Any]:
    async with aiohttp.ClientSession(trust_env=False) as session:

        async def call(method: str, **params: Any) -> tuple[int, dict[str, Any]]:
            form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
            async with session.post(f"{sandbox.url}/bot{TOKEN}/{method}", data=form) as r:
                return r.status, await r.json()

        yield call


@pytest.fixture
async def populated(client: SandboxClient) -> SandboxClient:
    await client.chat(-100, "RAO Test")
    await client.user(7, "Anna", "anna", chats=[-100], admin_of=[-100])
    await client.user(8, "Bob", "bob", chats=[-100])
    return client


async def test_get_me_uses_token_id(api: Any) -> None:
    status, body = await api("getMe")
    assert status == 200 and body["result"]["id"] == 42 and body["result"]["username"]


async def test_get_with_query_and_json_body(
    sandbox: SandboxServer, populated: SandboxClient
) -> None:
    async with aiohttp.ClientSession(trust_env=False) as s:
        async with s.get(f"{sandbox.url}/bot{TOKEN}/getChat?chat_id=-100") as r:
            assert (await r.json())["result"]["title"] == "RAO Test"
        async with s.post(
            f"{sandbox.url}/bot{TOKEN}/sendMessage", json={"chat_id": -100, "text": "hallo"}
        ) as r:
            assert (await r.json())["result"]["text"] == "hallo"


@pytest.mark.parametrize(
    ("params", "status", "fragment"),
    [
        ({"chat_id": -999, "text": "x"}, 400, "chat not found"),
        ({"chat_id": -100, "text": ""}, 400, "message text is empty"),
        ({"chat_id": -100, "text": "x" * 4097}, 400, "message is too long"),
        ({"chat_id": -100, "text": "a < b", "parse_mode": "HTML"}, 400, "can't parse entities"),
        ({"chat_id": -100, "text": "<b>x", "parse_mode": "HTML"}, 400, "can't parse entities"),
        (
            {
                "chat_id": -100,
                "text": "x",
                "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "x" * 65}]]},
            },
            400,
            "BUTTON_DATA_INVALID",
        ),
        ({"chat_id": 8, "text": "hoi"}, 403, "bot can't initiate conversation"),
    ],
)
async def test_send_message_validation(
    api: Any, populated: SandboxClient, params: dict[str, Any], status: int, fragment: str
) -> None:
    got_status, body = await api("sendMessage", **params)
    assert got_status == status
    assert body["ok"] is False and body["error_code"] == status
    assert fragment in body["description"]


async def test_poll_option_limits(api: Any, populated: SandboxClient) -> None:
    status, body = await api("sendPoll", chat_id=-100, question="Q?", options=["a"])
    assert status == 400 and "at least" in body["description"]
    status, body = await api(
        "sendPoll", chat_id=-100, question="Q?", options=[str(i) for i in range(13)]
    )
    assert status == 400 and "more than" in body["description"]
    status, body = await api(
        "sendPoll", chat_id=-100, question="Q?", options=["a", "b"], is_anonymous=False
    )
    assert status == 200
    poll_id = body["result"]["poll"]["id"]
    await populated.post("poll_answer", {"poll_id": poll_id, "from_id": 7, "option_ids": [1]})
    status, body = await api("getUpdates")
    assert body["result"][-1]["poll_answer"]["option_ids"] == [1]


async def test_edit_missing_message_and_not_modified(api: Any, populated: SandboxClient) -> None:
    status, body = await api("editMessageText", chat_id=-100, message_id=999, text="x")
    assert status == 400 and "message to edit not found" in body["description"]
    _, sent = await api("sendMessage", chat_id=-100, text="een")
    mid = sent["result"]["message_id"]
    status, body = await api("editMessageText", chat_id=-100, message_id=mid, text="een")
    assert status == 400 and "not modified" in body["description"]
    status, body = await api("editMessageText", chat_id=-100, message_id=mid, text="twee")
    assert status == 200 and body["result"]["text"] == "twee"
    status, body = await api("deleteMessage", chat_id=-100, message_id=mid)
    assert status == 200
    outbox = await populated.outbox()
    assert [e["method"] for e in outbox] == ["sendMessage", "editMessageText", "deleteMessage"]


async def test_get_updates_offset_confirms(api: Any, populated: SandboxClient) -> None:
    first = await populated.send(-100, 7, "/start")
    second = await populated.send(-100, 8, "hallo @rao_sandbox_bot")
    _, body = await api("getUpdates", timeout=0)
    ids = [u["update_id"] for u in body["result"]]
    assert ids == [first["update_id"], second["update_id"]]
    message = body["result"][0]["message"]
    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert body["result"][1]["message"]["entities"][0]["type"] == "mention"
    _, body = await api("getUpdates", offset=second["update_id"], timeout=0)
    assert [u["update_id"] for u in body["result"]] == [second["update_id"]]
    _, body = await api("getUpdates", offset=second["update_id"] + 1, timeout=0)
    assert body["result"] == []


async def test_get_updates_long_polls_and_filters(api: Any, populated: SandboxClient) -> None:
    import asyncio

    task = asyncio.create_task(api("getUpdates", timeout=5, allowed_updates=["message"]))
    await asyncio.sleep(0.2)
    assert not task.done()
    await populated.inline(7, "resv")
    await asyncio.sleep(0.2)
    assert not task.done()  # inline queries are not allowed
    await populated.send(-100, 7, "hoi")
    _, body = await asyncio.wait_for(task, 3)
    assert [sorted(set(u) - {"update_id"}) for u in body["result"]] == [["message"]]


async def test_press_button_and_answer_callback(api: Any, populated: SandboxClient) -> None:
    markup = {"inline_keyboard": [[{"text": "Voor", "callback_data": "v:1"}]]}
    _, sent = await api("sendMessage", chat_id=-100, text="Stem", reply_markup=markup)
    mid = sent["result"]["message_id"]
    with pytest.raises(SandboxClientError):
        await populated.press(-100, 8, mid, button="Tegen")
    qid = await populated.press(-100, 8, mid, button="Voor")
    _, body = await api("getUpdates")
    assert body["result"][-1]["callback_query"]["data"] == "v:1"
    status, _ = await api("answerCallbackQuery", callback_query_id=qid, text="Gestemd")
    assert status == 200
    status, body = await api("answerCallbackQuery", callback_query_id=qid)
    assert status == 400 and "query is too old" in body["description"]


async def test_upload_and_get_file(
    sandbox: SandboxServer, api: Any, populated: SandboxClient
) -> None:
    await populated.upload(-100, 7, "leden.csv", b"naam;agb\n")
    _, body = await api("getUpdates")
    document = body["result"][-1]["message"]["document"]
    assert document["file_name"] == "leden.csv"
    _, file_info = await api("getFile", file_id=document["file_id"])
    async with aiohttp.ClientSession(trust_env=False) as s:
        url = f"{sandbox.url}/file/bot{TOKEN}/{file_info['result']['file_path']}"
        async with s.get(url) as r:
            assert await r.read() == b"naam;agb\n"


async def test_send_document_multipart_and_fetch(
    sandbox: SandboxServer, populated: SandboxClient
) -> None:
    form = aiohttp.FormData()
    form.add_field("chat_id", "-100")
    form.add_field("document", b"a;b\n1;2\n", filename="export.csv")
    async with (
        aiohttp.ClientSession(trust_env=False) as s,
        s.post(f"{sandbox.url}/bot{TOKEN}/sendDocument", data=form) as r,
    ):
        assert r.status == 200
    entry = (await populated.outbox())[-1]
    assert entry["file_name"] == "export.csv" and entry["size"] == 8
    assert await populated.file(entry["file_id"]) == b"a;b\n1;2\n"


async def test_faults_429_and_drop(api: Any, populated: SandboxClient) -> None:
    await populated.fault("sendMessage", 429, count=1, retry_after=3)
    status, body = await api("sendMessage", chat_id=-100, text="x")
    assert status == 429 and body["parameters"]["retry_after"] == 3
    status, _ = await api("sendMessage", chat_id=-100, text="x")
    assert status == 200
    await populated.fault("*", 0, drop=True)
    with pytest.raises(aiohttp.ClientError):
        await api("getMe")


async def test_chat_members_and_admins(api: Any, populated: SandboxClient) -> None:
    _, body = await api("getChatMember", chat_id=-100, user_id=7)
    assert body["result"]["status"] == "administrator"
    _, body = await api("getChatMember", chat_id=-100, user_id=8)
    assert body["result"]["status"] == "member"
    _, body = await api("getChatAdministrators", chat_id=-100)
    assert [m["user"]["id"] for m in body["result"]] == [7]


async def test_control_api_rejects_bad_input(populated: SandboxClient) -> None:
    await populated.user(9, "Zoe")
    with pytest.raises(SandboxClientError, match="not a member"):
        await populated.send(-100, 9, "x")
    with pytest.raises(SandboxClientError, match="user 99 not found"):
        await populated.send(-100, 99, "x")
    with pytest.raises(SandboxClientError, match="chat not found"):
        await populated.send(-5, 7, "x")


async def test_outbox_wait_long_polls(api: Any, populated: SandboxClient) -> None:
    import asyncio

    waiter = asyncio.create_task(populated.outbox(after=0, chat_id=-100, wait=3))
    await asyncio.sleep(0.1)
    await api("sendMessage", chat_id=-100, text="later")
    entries = await asyncio.wait_for(waiter, 2)
    assert entries[0]["text"] == "later"
