"""The sandbox's `my_chat_member` updates (the bot added, promoted, removed), spoken to over real
HTTP and checked against what python-telegram-bot makes of them."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import ChatMember, Update

from bot.sandbox.client import SandboxClient, SandboxClientError
from tests.conftest import API_TOKEN

NEW = -300
BOT_ID = int(API_TOKEN.split(":")[0])


async def _updates(api: Any, **params: Any) -> list[Update]:
    """Everything pending, confirmed at once, as PTB parses it."""
    status, body = await api("getUpdates", timeout=0, **params)
    assert status == 200, body
    updates = [Update.de_json(u, None) for u in body["result"]]
    if updates:
        await api("getUpdates", timeout=0, offset=updates[-1].update_id + 1)
    return updates


@pytest.fixture
async def new_group(api: Any, populated: SandboxClient) -> SandboxClient:
    """Group NEW without the bot: Anna (7) administers it, Bob (8) is a member; the bot has
    called the Bot API once, so the sandbox knows which bot to add."""
    await populated.chat(NEW, "Nieuwe groep", bot_member=False)
    await populated.user(7, "Anna", "anna", chats=[NEW], admin_of=[NEW])
    await populated.user(8, "Bob", "bob", chats=[NEW])
    assert (await api("getMe"))[0] == 200
    return populated


async def test_adding_the_bot_sends_my_chat_member_and_the_join_message(
    api: Any, new_group: SandboxClient
) -> None:
    sent = await new_group.send(NEW, 8, "hallo?")
    assert sent["update_id"] == 0  # the bot is not in the group yet: no update

    result = await new_group.add_bot(NEW, by=8)
    assert (result["old_status"], result["new_status"]) == ("left", "member")
    change, joined = await _updates(api)
    member = change.my_chat_member
    assert member is not None and member.chat.id == NEW and member.from_user.id == 8
    assert member.old_chat_member.status == ChatMember.LEFT
    assert member.new_chat_member.status == ChatMember.MEMBER
    assert member.new_chat_member.user.id == BOT_ID and member.new_chat_member.user.is_bot
    assert joined.message is not None and joined.message.chat.id == NEW
    assert [u.id for u in joined.message.new_chat_members] == [BOT_ID]
    assert [u.update_id for u in (change, joined)] == result["update_ids"]

    status, body = await api("sendMessage", chat_id=NEW, text="Hoi")
    assert status == 200, body  # a member may write
    assert (await new_group.send(NEW, 8, "hallo"))["update_id"] > 0


async def test_promotion_and_removal_by_an_administrator_only(
    api: Any, new_group: SandboxClient
) -> None:
    await new_group.add_bot(NEW, by=7)
    with pytest.raises(SandboxClientError, match="already is member"):
        await new_group.add_bot(NEW, by=7)
    with pytest.raises(SandboxClientError, match="no administrator"):
        await new_group.add_bot(NEW, by=8, admin=True)
    with pytest.raises(SandboxClientError, match="no administrator"):
        await new_group.remove_bot(NEW, by=8)
    await _updates(api)

    promoted = await new_group.add_bot(NEW, by=7, admin=True)
    assert (promoted["old_status"], promoted["new_status"]) == ("member", "administrator")
    (update,) = await _updates(api)  # no join message: the bot was in already
    assert update.my_chat_member is not None
    assert update.my_chat_member.new_chat_member.status == ChatMember.ADMINISTRATOR
    status, body = await api("getChatMember", chat_id=NEW, user_id=BOT_ID)
    assert body["result"]["status"] == "administrator", body

    removed = await new_group.remove_bot(NEW, by=7)
    assert (removed["old_status"], removed["new_status"]) == ("administrator", "kicked")
    (update,) = await _updates(api)
    assert update.my_chat_member is not None
    assert update.my_chat_member.old_chat_member.status == ChatMember.ADMINISTRATOR
    assert update.my_chat_member.new_chat_member.status == ChatMember.BANNED
    status, body = await api("sendMessage", chat_id=NEW, text="Hoi")
    assert status == 403, body
    assert (await new_group.send(NEW, 8, "weg?"))["update_id"] == 0
    with pytest.raises(SandboxClientError, match="not a member"):
        await new_group.remove_bot(NEW, by=7)

    again = await new_group.add_bot(NEW, by=7)
    assert again["old_status"] == "kicked" and len(await _updates(api)) == 2


async def test_removed_from_a_basic_group_the_bot_has_left(
    api: Any, new_group: SandboxClient
) -> None:
    await new_group.chat(-400, "Kleine groep", chat_type="group")
    await new_group.user(7, "Anna", "anna", chats=[-400], admin_of=[-400])
    assert (await new_group.remove_bot(-400, by=7))["new_status"] == "left"
    (update,) = await _updates(api)
    assert update.my_chat_member is not None
    assert update.my_chat_member.new_chat_member.status == ChatMember.LEFT


async def test_my_chat_member_respects_allowed_updates(api: Any, new_group: SandboxClient) -> None:
    await new_group.add_bot(NEW, by=7)
    only_messages = await _updates(api, allowed_updates=["message"])
    assert [u.message is not None for u in only_messages] == [True]
    await new_group.remove_bot(NEW, by=7)
    assert await _updates(api) == []  # the setting holds: no my_chat_member
    await new_group.add_bot(NEW, by=7)
    both = await _updates(api, allowed_updates=["message", "my_chat_member"])
    # The removal held back so far comes now, with the new addition and its join message.
    statuses = [
        u.my_chat_member.new_chat_member.status if u.my_chat_member else "message" for u in both
    ]
    assert statuses == [ChatMember.BANNED, ChatMember.MEMBER, "message"]


async def test_no_bot_to_add_before_one_called_the_api(populated: SandboxClient) -> None:
    await populated.chat(NEW, "Nieuwe groep", bot_member=False)
    await populated.user(7, "Anna", chats=[NEW], admin_of=[NEW])
    with pytest.raises(SandboxClientError, match="no bot"):
        await populated.add_bot(NEW, by=7)
