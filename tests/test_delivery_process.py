"""Exactly once across SIGKILL: `rao-bot run` as a real process, killed and restarted.

The kill comes after the bot handled an update and before it confirmed the update's offset
(the sandbox holds back the bot's confirming getUpdates until the bot is dead), so Telegram
delivers the update again after the restart: its effect must exist once and its reply must
have been sent once. A second test kills at random moments while commands stream in.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.sandbox.client import Entry, SandboxClient
from bot.sandbox.processes import BotProcess, wait_polling
from bot.sandbox.server import SandboxServer
from bot.storage import Storage
from tests.conftest import until
from tests.outbox import sent_to

TOKEN = "737373:INBOX-kill_token"
GROUP, BOARD, NEWCOMER = -1001, 11, 12
ROSTER_USERS = (101, 102, 103)
TZ = ZoneInfo("Europe/Amsterdam")


def _roster() -> bytes:
    lines = ["apotheek;agb;telegram"]
    lines += [f"Apotheek {uid};0601{uid:04d};apo{uid}" for uid in ROSTER_USERS]
    return ("\n".join(lines) + "\n").encode()


def _meeting(title: str, days_ahead: int = 30) -> str:
    day = datetime.now(TZ).date() + timedelta(days=days_ahead)
    return f"/vergadering {day:%d-%m-%Y} 19:30 {title}"


@pytest.fixture
def bot_process(sandbox: SandboxServer, tmp_path: Path) -> Iterator[BotProcess]:
    bot = BotProcess(
        sandbox.url,
        TOKEN,
        tmp_path / "bot.sqlite3",
        tmp_path,
        RAO_BOT_RATE_OVERALL="0",
        RAO_BOT_RATE_GROUP="0",
        RAO_BOT_CONCURRENT_UPDATES="1",  # in order: a later reply means earlier ones are done
    )
    yield bot
    bot.kill()


async def _world(client: SandboxClient) -> None:
    await client.chat(GROUP, "RAO Zuid")
    await client.user(BOARD, "Bea", "bea", chats=[GROUP], admin_of=[GROUP], started=True)
    await client.user(NEWCOMER, "Nina", "nina", chats=[GROUP], started=True)
    for uid in ROSTER_USERS:
        await client.user(uid, f"Lid{uid}", f"apo{uid}", chats=[GROUP], started=True)


async def _read(db: Path, read: Callable[[Storage], Awaitable[Any]]) -> Any:
    storage = Storage(db)
    await storage.open()
    try:
        return await read(storage)
    finally:
        await storage.close()


async def _count(client: SandboxClient, predicate: Callable[[Entry], bool]) -> int:
    return sum(1 for e in await client.outbox(0) if predicate(e))


async def _until(condition: Callable[[], Awaitable[bool]], what: str, timeout: float = 30) -> None:
    await until(condition, timeout, what, every=0.02)


async def _settled(client: SandboxClient) -> None:
    """Everything sent so far is handled: the bot handles one update at a time, so once its
    answer to a later /help arrives, every earlier update is finished."""
    after = (await client.outbox(0) or [{"seq": 0}])[-1]["seq"]
    await client.send(BOARD, BOARD, "/help")
    await client.find(sent_to(BOARD, "", after), timeout=30)


async def _kill_after_handling(
    client: SandboxClient,
    bot: BotProcess,
    act: Callable[[], Awaitable[int]],
    last_output: Callable[[Entry], bool],
) -> int:
    """Does `act` (returns its update id), waits until the bot answered and is waiting to
    confirm, kills it, drops its confirming request and restarts it; returns the update id."""
    await client.hold_polls()
    update_id = await act()
    await client.find(last_output, timeout=30)
    await _until(lambda: _held(client), "the bot asks to confirm")
    bot.kill()
    assert await client.release_held(drop=True) >= 1  # its confirmation never arrived
    assert (await client.state())["unconfirmed_updates"] >= 1
    bot.start()
    await wait_polling(client)
    await _settled(client)
    assert (await client.deliveries())[update_id] == 2  # delivered again, and skipped
    return update_id


async def _held(client: SandboxClient) -> bool:
    return int((await client.state())["held_polls"]) >= 1


async def test_each_effect_and_reply_once_when_killed_before_the_offset_is_confirmed(
    sandbox: SandboxServer, client: SandboxClient, bot_process: BotProcess
) -> None:
    await _world(client)
    bot_process.start()
    await wait_polling(client)
    db = bot_process.db

    # 1. A roster import.
    imported = sent_to(GROUP, "bijgewerkt")
    await _kill_after_handling(
        client,
        bot_process,
        lambda: _upload(client),
        imported,
    )
    assert await _count(client, imported) == 1
    org = await _read(db, lambda s: s.orgs.organisation_for_chat(GROUP))
    assert org is not None
    members = await _read(db, lambda s: s.roster.members(org.id))
    assert sorted(m.username or "" for m in members) == ["apo101", "apo102", "apo103"]

    # 2. A meeting.
    saved = sent_to(GROUP, "Vergadering in de agenda gezet")
    await _kill_after_handling(
        client, bot_process, lambda: _send(client, GROUP, BOARD, _meeting("Crash-ALV")), saved
    )
    assert await _count(client, saved) == 1
    meetings = await _read(db, lambda s: s.agenda.agenda_meetings(GROUP))
    assert [m.title for m in meetings] == ["Crash-ALV"]

    # 3. A vote press.
    await client.send(GROUP, BOARD, "/mandaat Mandaat voor de crashtest? | sluit over 1 uur")
    posted = await client.find(sent_to(GROUP, "Mandaatstemming"), timeout=30)
    poll_id = int(posted["text"].split("#", 1)[1].split()[0].rstrip(".:,"))
    query: dict[str, str] = {}

    async def vote() -> int:
        query["id"] = await client.press(GROUP, 101, posted["message_id"], button="Voor")
        [update] = [
            u for u in sandbox.state.updates if u.get("callback_query", {}).get("id") == query["id"]
        ]
        return int(update["update_id"])

    def answered(e: Entry) -> bool:
        return bool(
            e["method"] == "answerCallbackQuery" and e["callback_query_id"] == query.get("id")
        )

    answers_before = sandbox.state.stats.get("answerCallbackQuery", 0)
    await _kill_after_handling(client, bot_process, vote, answered)
    assert await _count(client, answered) == 1
    # Telegram (and the sandbox) refuse a second answer, so count the bot's attempts too.
    assert sandbox.state.stats.get("answerCallbackQuery", 0) - answers_before == 1
    assert await _read(db, lambda s: s.votes.vote_count(poll_id)) == 1
    assert len(await _read(db, lambda s: s.votes.vote_events(poll_id))) == 1

    # 4. A registration: its last step stores the request and tells the board.
    await client.send(NEWCOMER, NEWCOMER, f"/start aanmelden_{org.id}")
    await client.find(sent_to(NEWCOMER, "Hoe heet je apotheek?"), timeout=30)
    await client.send(NEWCOMER, NEWCOMER, "Apotheek De Brug")
    await client.find(sent_to(NEWCOMER, "AGB-code"), timeout=30)
    registered = sent_to(NEWCOMER, "Je aanmelding")
    notice = sent_to(GROUP, "Nieuwe aanmelding")
    await _kill_after_handling(
        client, bot_process, lambda: _send(client, NEWCOMER, NEWCOMER, "06012345"), notice
    )
    assert await _count(client, registered) == 1
    assert await _count(client, notice) == 1
    members = await _read(db, lambda s: s.roster.members(org.id))
    assert [m.requested_agb for m in members if m.user_id == NEWCOMER] == ["06012345"]


async def _send(client: SandboxClient, chat_id: int, user: int, text: str) -> int:
    return int((await client.send(chat_id, user, text))["update_id"])


async def _upload(client: SandboxClient) -> int:
    return int((await client.upload(GROUP, BOARD, "leden.csv", _roster()))["update_id"])


async def test_killed_at_random_moments_every_command_is_handled_once(
    client: SandboxClient, sandbox: SandboxServer, tmp_path: Path
) -> None:
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    commands = 40
    kill_after = sorted(rng.sample(range(3, commands - 3), 3))  # kill once these were sent
    bot = BotProcess(
        sandbox.url,
        TOKEN,
        tmp_path / "bot.sqlite3",
        tmp_path,
        RAO_BOT_RATE_OVERALL="0",
        RAO_BOT_RATE_GROUP="0",
    )
    try:
        await _world(client)
        bot.start()
        await wait_polling(client)
        titles = [f"Overleg {n:02d}" for n in range(commands)]
        for n, title in enumerate(titles):
            await client.send(GROUP, BOARD, _meeting(title, days_ahead=20 + n))
            if n in kill_after:
                bot.kill()  # wherever it was: fetching, storing, handling, replying
                bot.start()
                if rng.random() < 0.5:  # else the next commands arrive while it starts
                    await wait_polling(client)

        async def all_there() -> bool:
            meetings = await _read(bot.db, lambda s: s.agenda.agenda_meetings(GROUP))
            return len({m.title for m in meetings}) == commands

        await _until(all_there, f"every meeting stored (seed {seed})", timeout=60)
        await bot.stop()  # a clean stop: whatever is still queued is handled first
        meetings = await _read(bot.db, lambda s: s.agenda.agenda_meetings(GROUP))
        unfinished = await _read(bot.db, lambda s: s.inbox.unfinished())
    finally:
        bot.kill()
    assert sorted(m.title for m in meetings) == titles, f"seed {seed}"  # each exactly once
    assert unfinished == []
    replies = [
        e["text"] for e in await client.outbox(0) if sent_to(GROUP, "Vergadering in de agenda")(e)
    ]
    per_title = {title: sum(f"\n{title}\n" in r for r in replies) for title in titles}
    assert max(per_title.values()) == 1, f"a reply sent twice (seed {seed}): {per_title}"
