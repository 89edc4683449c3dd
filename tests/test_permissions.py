"""The permission table, walked for every role in the group and in private: each refused
command or button gets a short Dutch reply and changes nothing (issue 12, permissions)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

from bot import callbacks, permissions
from bot.handlers.menu import COMMANDS
from bot.permissions import Role
from bot.sandbox.client import Entry
from tests.conftest import BOARD, GROUP, MEMBER, OUTSIDER, World
from tests.outbox import sent_to
from tests.polls_helpers import enrol

# Tables whose rows change for any message (who wrote, which chats exist, which updates
# arrived): not an effect.
TRACKING = {"users", "chats", "update_inbox"}  # update_inbox: delivery records


def snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(db) as conn:
        tables = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if r[0] not in TRACKING and not r[0].startswith("sqlite_")
        ]
        return {
            t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables
        }


def _answer_to(query_id: str) -> Callable[[Entry], bool]:
    return lambda e: e["method"] == "answerCallbackQuery" and e["callback_query_id"] == query_id


def test_table_covers_every_command_and_button() -> None:
    for spec in COMMANDS:
        role = permissions.COMMANDS.get(spec.name)
        assert role is not None, f"/{spec.name} has no row in bot/permissions.py"
        # The menus and /help must agree with the table.
        assert spec.operator_only == (role is Role.OPERATOR), spec.name
        board = role is Role.BOARD or spec.name in permissions.BOARD_SETTINGS_SHOWN_TO_MEMBERS
        assert spec.board_only == board, spec.name
    for route in callbacks.ALL_ROUTES:
        assert route.prefix in permissions.BUTTONS, f"button {route.prefix} has no row"


async def test_walk_every_board_and_operator_command(world: World) -> None:
    c = world.client
    await c.user(OUTSIDER, "Olga", "olga", chats=[], started=True)
    before = snapshot(world.db)
    refusals = 0
    for spec in COMMANDS:
        required = permissions.COMMANDS[spec.name]
        if required < Role.BOARD:
            continue
        tried: list[tuple[int, int]] = [
            (GROUP, MEMBER), (MEMBER, MEMBER), (OUTSIDER, OUTSIDER),
        ]  # fmt: skip
        if required is Role.OPERATOR:
            tried += [(GROUP, BOARD), (BOARD, BOARD)]
        for chat, user in tried:
            await c.send(chat, user, f"/{spec.name} 1 test")
            reply = await c.expect(sent_to(chat), timeout=5)
            expected = "alleen de beheerder" if required is Role.OPERATOR else "alleen het bestuur"
            assert expected in reply["text"], (spec.name, chat, user, reply["text"])
            assert len(reply["text"]) < 120
            refusals += 1
    assert refusals >= 3 * 22  # every board command, three ways; operator ones five
    assert snapshot(world.db) == before


async def test_forged_buttons_change_nothing(world: World) -> None:
    c = world.client
    await enrol(c, [101])  # a poll needs someone on the roster
    await c.send(GROUP, BOARD, "/peiling Koffie of thee? | koffie | thee")
    poll = await c.expect(sent_to(GROUP, "Peiling"))
    poll_id = int(re.search(r"#(\d+)", poll["text"]).group(1))  # type: ignore[union-attr]
    await c.settle()
    before = snapshot(world.db)
    forged = {
        "pl": "pl:ja:1",  # approve a registration
        "pk": "pk:leden:1",
        "agd:x": "agd:x:1",
        "agd:s": "agd:s:zz-inkoop-2028",
        "pm": "pm:ok",
    }
    for prefix, data in forged.items():
        assert permissions.BUTTONS[prefix] is Role.BOARD
        # Pressed in the group by a member, with data that is on no button of the message.
        query_id = await c.press(GROUP, MEMBER, int(poll["message_id"]), data=data, forged=True)
        answer = await c.expect(_answer_to(query_id))
        assert "alleen het bestuur" in (answer["text"] or ""), (data, answer)
    # Data that fits no route (an option out of range, another format) reaches no handler.
    for data in (f"pv:{poll_id}:999", "pv:abc:1", f"pv:{poll_id + 50}:0", "xx:1"):
        query_id = await c.press(GROUP, MEMBER, int(poll["message_id"]), data=data, forged=True)
        answer = await c.expect(_answer_to(query_id))
        assert answer["show_alert"] and answer["text"], (data, answer)
    await c.settle()
    assert snapshot(world.db) == before
