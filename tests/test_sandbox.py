"""The sandbox's Bot API validation and control API, spoken to over real HTTP."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest
from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from bot.sandbox.client import SandboxClient, SandboxClientError
from bot.sandbox.idle import Activity
from bot.sandbox.server import SandboxServer
from tests.conftest import API_TOKEN, GROUP, MEMBER, World, until


async def test_get_me_uses_token_id(api: Any) -> None:
    status, body = await api("getMe")
    assert status == 200 and body["result"]["id"] == 42 and body["result"]["username"]


async def test_get_with_query_and_json_body(
    sandbox: SandboxServer, populated: SandboxClient
) -> None:
    async with aiohttp.ClientSession(trust_env=False) as s:
        async with s.get(f"{sandbox.url}/bot{API_TOKEN}/getChat?chat_id=-100") as r:
            assert (await r.json())["result"]["title"] == "RAO Test"
        async with s.post(
            f"{sandbox.url}/bot{API_TOKEN}/sendMessage", json={"chat_id": -100, "text": "hallo"}
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


async def test_get_updates_long_polls_and_filters(
    sandbox: SandboxServer, api: Any, populated: SandboxClient
) -> None:
    task = asyncio.create_task(api("getUpdates", timeout=5, allowed_updates=["message"]))
    await until(lambda: sandbox.state.stats.get("getUpdates") == 1)  # the poll is waiting
    await populated.inline(7, "resv")  # not allowed: the poll must go on waiting
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
        url = f"{sandbox.url}/file/bot{API_TOKEN}/{file_info['result']['file_path']}"
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
        s.post(f"{sandbox.url}/bot{API_TOKEN}/sendDocument", data=form) as r,
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


async def test_outbox_wait_long_polls(
    sandbox: SandboxServer, api: Any, populated: SandboxClient
) -> None:
    waiter = asyncio.create_task(populated.outbox(after=0, chat_id=-100, wait=3))
    await until(lambda: sandbox.state.outbox_waiters == 1)
    await api("sendMessage", chat_id=-100, text="later")
    entries = await asyncio.wait_for(waiter, 2)
    assert entries[0]["text"] == "later"


async def test_release_polls_answers_a_waiting_get_updates(
    sandbox: SandboxServer, api: Any, client: SandboxClient
) -> None:
    task = asyncio.create_task(api("getUpdates", timeout=30))
    await until(lambda: sandbox.state.stats.get("getUpdates") == 1)
    await client.release_polls()
    status, body = await asyncio.wait_for(task, 5)  # far sooner than its 30 s
    assert status == 200 and body["result"] == []


# --- the idle barrier ----------------------------------------------------------------------


async def test_idle_waits_for_updates_to_be_confirmed(api: Any, populated: SandboxClient) -> None:
    await populated.idle()  # nothing sent yet
    first = await populated.send(-100, 7, "hoi")
    with pytest.raises(TimeoutError, match="1 update"):
        await populated.idle(timeout=0.05)  # nobody fetched it
    await api("getUpdates", timeout=0)
    with pytest.raises(TimeoutError, match="not yet confirmed"):
        await populated.idle(timeout=0.05)  # fetched, not confirmed
    await api("getUpdates", timeout=0, offset=first["update_id"] + 1)
    await populated.idle()
    await populated.inline(7, "resv")  # an update the bot does not take does not count
    await api("getUpdates", timeout=0, allowed_updates=["message"])
    await populated.idle()


async def test_idle_waits_for_requests_under_way() -> None:
    activity = Activity()
    activity.request_started("sendMessage")
    assert activity.reasons(0) == ["requests under way: sendMessage x1"]
    waiter = asyncio.create_task(activity.wait_idle(lambda: activity.reasons(0), 5))
    await asyncio.sleep(0)  # let it look once and wait for a change
    assert not waiter.done()
    activity.request_ended("sendMessage")
    await asyncio.wait_for(waiter, 1)
    assert activity.reasons(0) == []


async def test_idle_waits_for_the_bot_to_finish_an_update(world: World) -> None:
    """An update the bot confirmed but still handles, with no request under way: only the
    watched update queue tells the sandbox, and idle() must wait for the late reply."""
    started, release = asyncio.Event(), asyncio.Event()

    async def slow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        started.set()
        await release.wait()
        for _ in range(20):  # busy without a request for a while
            await asyncio.sleep(0)
        assert update.effective_message is not None
        await update.effective_message.reply_text("klaar")

    assert world.app.concurrent_updates > 1  # the barrier does not rely on sequential updates
    world.app.add_handler(CommandHandler("traag", slow), group=1)  # past unknown_command
    c = world.client
    await c.send(GROUP, MEMBER, "/traag")
    try:
        await asyncio.wait_for(started.wait(), 5)
        await until(lambda: world.sandbox.state.unconfirmed() == 0)  # confirmed, not done
        state = world.sandbox.state
        busy = state.activity.reasons(state.unconfirmed())
        assert busy == ["bot: 1 update(s) still being handled"]
        idle = asyncio.create_task(c.idle())
    finally:
        release.set()  # the bot cannot stop while the handler waits
    await idle
    assert [e["text"] for e in await c.outbox(chat_id=GROUP)] == ["klaar"]


async def test_nothing_sent_is_seen_at_once(world: World) -> None:
    """settle(): what the bot sent because of the updates so far, nothing when it ignores them."""
    c = world.client
    await c.send(GROUP, MEMBER, "gewoon een praatje in de groep")
    assert await c.settle(GROUP) == []
    await c.send(GROUP, MEMBER, "/start")
    [reply] = await c.settle(GROUP)
    assert "RAO-bot" in reply["text"]


async def test_delete_message_follows_the_bot_api_rights(
    api: Any, populated: SandboxClient
) -> None:
    """Own messages always; a member's message in a group only as an administrator with the
    right to delete; in a private chat the user's messages too; never after 48 hours."""
    own = (await api("sendMessage", chat_id=-100, text="van de bot"))[1]["result"]["message_id"]
    theirs = (await populated.send(-100, 8, "van Bob"))["message_id"]
    status, body = await api("deleteMessage", chat_id=-100, message_id=theirs)
    assert status == 400 and body["description"] == "Bad Request: message can't be deleted"
    status, member = await api("getChatMember", chat_id=-100, user_id=int(API_TOKEN.split(":")[0]))
    assert member["result"]["status"] == "member"
    assert (await api("deleteMessage", chat_id=-100, message_id=own))[0] == 200

    await populated.chat(-100, "RAO Test", bot_admin=True)
    status, member = await api("getChatMember", chat_id=-100, user_id=int(API_TOKEN.split(":")[0]))
    assert member["result"]["status"] == "administrator"
    assert member["result"]["can_delete_messages"] is True
    assert (await api("deleteMessage", chat_id=-100, message_id=theirs))[0] == 200
    status, body = await api("deleteMessage", chat_id=-100, message_id=theirs)
    assert status == 400 and "message to delete not found" in body["description"]

    private = (await populated.send(8, 8, "privé"))["message_id"]
    assert (await api("deleteMessage", chat_id=8, message_id=private))[0] == 200
