"""The dashboard over HTTP against the real bot on the sandbox: who gets what (401, 403, the
board's page, a member's view), the menu button, /dashboard, the calendar feed."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from icalendar import Calendar

from bot.app import build_application
from bot.context import services_of_app
from bot.delivery.webhook import start_webhook, stop_webhook
from bot.polls.maturity import STATEMENTS
from bot.sandbox.client import Entry, SandboxClient
from bot.sandbox.server import SandboxServer
from tests.conftest import (
    BOARD,
    GROUP,
    MEMBER,
    OUTSIDER,
    TOKEN,
    World,
    make_settings,
    shared_knowledge,
)
from tests.outbox import sent_to
from tests.polls_helpers import close_poll, command, enrol, last_seq, press, start_mandate
from tests.web_helpers import base_of, free_port, get, init_data

USERS = [101, 102, 103]


@pytest.fixture
def bot_settings_extra() -> dict[str, Any]:
    return {"web_port": free_port()}


async def _org_id(world: World) -> int:
    await enrol(world.client, USERS)
    org = await services_of_app(world.app).polls.orgs.organisation_for_chat(GROUP)
    assert org is not None
    return org.id


async def test_refused_init_data_gets_401_and_no_data(world: World) -> None:
    org = await _org_id(world)
    forged = init_data(MEMBER).replace("Piet", "Bea")
    cases = {
        "missing": None,
        "forged": forged,
        "expired": init_data(BOARD, age=3700),
        "other bot": init_data(BOARD, token="654321:other-bot_token"),
    }
    for path in ("/web/api/home", f"/web/api/org/{org}", f"/web/api/org/{org}/poll/1"):
        for name, data in cases.items():
            status, body, _ = await get(world.app, path, data=data if data else "")
            assert status == 401, (path, name)
            assert "RAO Zuid" not in body and "Geen geldige Telegram-gegevens" in body
    status, _, _ = await get(world.app, f"/web/api/org/{org}/poll/1/remind", data="", method="POST")
    assert status == 401


async def test_members_get_their_view_and_403_on_board_pages(world: World) -> None:
    org = await _org_id(world)
    poll_id, _ = await start_mandate(world.client)
    status, body, _ = await get(world.app, "/web/api/home", BOARD)
    assert status == 200 and 'id="open-votes"' in body and f"#{poll_id}" in body
    assert "0 van 3" in body  # turnout against the three pharmacies
    # The quorum as its share and the count it needs, not a bare number.
    assert "quorum minstens 85 % (3 van 3 nodig): nog niet gehaald" in body
    await command(world.client, 101, 101, "/start")  # the bot knows 101's account now
    status, body, _ = await get(world.app, "/web/api/home", 101)
    assert status == 200 and "je hebt nog niet gestemd" in body
    # A group member who is not on the roster is not told he has yet to vote.
    status, body, _ = await get(world.app, "/web/api/home", MEMBER)
    assert status == 200 and "Mijn overzicht" in body and "je stemt hier niet mee" in body
    assert "je hebt nog niet gestemd" not in body
    assert "Nog niet gestemd" not in body and "Nu herinneren" not in body
    for path, method in (
        (f"/web/api/org/{org}", "GET"),
        (f"/web/api/org/{org}/poll/{poll_id}", "GET"),
        (f"/web/api/org/{org}/poll/{poll_id}/export/0", "GET"),
        (f"/web/api/org/{org}/poll/{poll_id}/remind", "POST"),
        (f"/web/api/org/{org}/member/1/ja", "POST"),
    ):
        status, body, _ = await get(world.app, path, MEMBER, method=method)
        assert status == 403, path
        assert "alleen voor het bestuur" in body and "Apotheek" not in body
    status, body, _ = await get(world.app, "/web/api/home", OUTSIDER)
    assert status == 403 and "geen lid" in body


async def test_menu_button_and_dashboard_command_open_the_dashboard(world: World) -> None:
    base = base_of(world.app)
    button = await world.app.bot.get_chat_menu_button()
    assert button.to_dict() == {
        "type": "web_app",
        "text": "Dashboard",
        "web_app": {"url": f"{base}/web/"},
    }
    reply = await command(world.client, BOARD, BOARD, "/dashboard")
    [[key]] = reply["reply_markup"]["inline_keyboard"]
    assert key["web_app"]["url"] == f"{base}/web/"
    reply = await command(world.client, GROUP, BOARD, "/dashboard")
    assert "privégesprek" in reply["text"] and not reply.get("reply_markup")
    status, body, _ = await get(world.app, "/web/")
    assert status == 200 and "/web/static/app.js" in body and "initData" not in body
    status, script, _ = await get(world.app, "/web/static/app.js")
    assert status == 200 and "X-Telegram-Init-Data" in script


def _uids(data: bytes) -> set[str]:
    return {str(e["UID"]) for e in Calendar.from_ical(data).walk("VEVENT")}


async def test_calendar_feed_matches_ics_and_renewal_revokes_the_old_link(world: World) -> None:
    c = world.client
    await _org_id(world)
    await start_mandate(c)
    day = datetime.now(UTC) + timedelta(days=20)
    await command(c, GROUP, BOARD, f"/vergadering {day:%d-%m-%Y} 19:30 ALV | Zwolle", "ALV")
    await c.send(GROUP, BOARD, "/ics")
    document = await c.find(sent_to(GROUP, method="sendDocument"))
    from_ics = _uids(await c.file(document["file_id"]))
    assert any(uid.startswith("vergadering-") for uid in from_ics)

    await c.send(GROUP, BOARD, "/agendalink")
    private = await c.find(sent_to(BOARD, "abonnement"))
    url = re.search(r"(http\S+\.ics)", private["text"])
    assert url is not None
    old = url.group(1)
    path = old.removeprefix(base_of(world.app))
    status, body, headers = await get(world.app, path)
    assert status == 200 and headers["Content-Type"].startswith("text/calendar")
    assert _uids(body.encode()) == from_ics

    await c.send(GROUP, BOARD, "/agendalink vernieuw")
    renewed = await c.find(sent_to(BOARD, "De oude link werkt niet meer"))
    new = re.search(r"(http\S+\.ics)", renewed["text"])
    assert new is not None and new.group(1) != old
    assert (await get(world.app, path))[0] == 404
    status, body, _ = await get(world.app, new.group(1).removeprefix(base_of(world.app)))
    assert status == 200 and _uids(body.encode()) == from_ics
    # A member cannot get the link.
    reply = await command(c, GROUP, MEMBER, "/agendalink")
    assert "bestuur" in reply["text"] and "http" not in reply["text"]


def test_token_never_in_signed_data() -> None:
    assert TOKEN not in init_data(BOARD)


async def test_webhook_mode_serves_the_dashboard_on_the_webhook_server(
    sandbox: SandboxServer, client: SandboxClient, tmp_path: Path
) -> None:
    await client.chat(GROUP, "RAO Zuid")
    unused = free_port()
    settings = make_settings(
        sandbox.url,
        tmp_path / "bot.sqlite3",
        webhook_url="https://rao.example.org/hook",
        webhook_secret="webhook_secret-42",
        webhook_port=0,
        web_url="https://rao.example.org",
        web_port=unused,  # polling mode's own port: not opened in webhook mode
    )
    app = build_application(settings, knowledge=shared_knowledge(settings), webhook=True)
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    receiver = await start_webhook(
        app, settings, ["message"], url_for_port=lambda port: f"http://127.0.0.1:{port}/hook"
    )
    try:
        button = await app.bot.get_chat_menu_button()
        assert button.to_dict()["web_app"] == {"url": "https://rao.example.org/web/"}
        local = f"http://127.0.0.1:{receiver.port}"
        async with aiohttp.ClientSession(trust_env=False) as session:
            async with session.get(f"{local}/web/") as response:
                assert response.status == 200 and "app.js" in await response.text()
            async with session.get(f"{local}/web/api/home") as response:
                assert response.status == 401
            with pytest.raises(aiohttp.ClientConnectionError):
                await session.get(f"http://127.0.0.1:{unused}/web/")
    finally:
        await stop_webhook(app, receiver)
        await app.shutdown()
        assert app.post_shutdown is not None
        await app.post_shutdown(app)


async def _run_scan(world: World, score: int) -> int:
    """A maturity scan that members 101 and 102 answer with `score` everywhere, then closed."""
    c = world.client
    reply = await command(c, GROUP, BOARD, "/scan", "Volwassenheidsscan")
    match = re.search(r"#(\d+)", reply["text"])
    assert match
    poll_id = int(match.group(1))
    for uid in (101, 102):
        first = await command(c, uid, uid, f"/start scan_{poll_id}", "stelling 1 van")
        for number in range(1, len(STATEMENTS) + 1):
            answer = await press(c, uid, uid, first["message_id"], str(score))
            assert answer.startswith(f"Vastgelegd: {score}")
            if number < len(STATEMENTS):
                await c.find(_shows(uid, f"stelling {number + 1} van"))
        await c.find(_shows(uid, "Klaar"))
    before = await last_seq(c)
    await close_poll(c, poll_id)  # /sluit asks first
    await c.find(lambda e: e["method"] == "sendPhoto" and e["seq"] > before)
    return poll_id


def _shows(uid: int, text: str) -> Callable[[Entry], bool]:
    return lambda e: e["method"] == "editMessageText" and e["chat_id"] == uid and text in e["text"]


async def test_board_page_shows_maturity_scans_over_time(world: World) -> None:
    org = await _org_id(world)
    first = await _run_scan(world, 2)
    second = await _run_scan(world, 5)
    status, body, _ = await get(world.app, f"/web/api/org/{org}", BOARD)
    assert status == 200
    scans = body[body.index('id="scans"') : body.index('id="questions"')]
    levels = re.findall(r'<td class="num"><b>(\d)</b></td>', scans)
    assert len(levels) == 2 and int(levels[0]) < int(levels[1])  # oldest first, then better
    assert STATEMENTS[0].text in scans and "2,0" in scans and "5,0" in scans
    for poll_id in (first, second):
        assert f'id="closed-{poll_id}"' in body
    status, page, _ = await get(world.app, f"/web/api/org/{org}/poll/{second}", BOARD)
    assert status == 200 and "<svg" in page and STATEMENTS[0].text[:15] in page


async def test_board_page_lists_unanswered_questions_and_thumbs_down(world: World) -> None:
    c = world.client
    org = await _org_id(world)
    for question in ("wat is de dosering paracetamol?", "Wat is de dosering van paracetamol"):
        await c.send(GROUP, MEMBER, f"@rao_sandbox_bot {question}")
        await c.find(sent_to(GROUP, "weet ik helaas niet"))
    await c.send(GROUP, MEMBER, "/vraag wat is een resv")
    answer = await c.find(lambda e: "👎" in str(e.get("reply_markup") or ""))
    down = next(
        b for row in answer["reply_markup"]["inline_keyboard"] for b in row if b["text"] == "👎"
    )
    await c.press(GROUP, MEMBER, answer["message_id"], data=down["callback_data"])
    await c.find(lambda e: e["method"] == "answerCallbackQuery" and "Bedankt" in e["text"])
    status, body, _ = await get(world.app, f"/web/api/org/{org}", BOARD)
    assert status == 200
    questions = body[body.index('id="questions"') : body.index('id="agenda"')]
    assert "Wat is de dosering van paracetamol" in questions and "2 keer gevraagd" in questions
    assert "RESV" in questions and "👎 1" in questions
    assert "Piet" not in questions  # never who asked or rated


async def test_board_of_two_organisations_picks_one(world: World) -> None:
    c = world.client
    first = await _org_id(world)
    north = -1002
    await c.chat(north, "RAO Noord")
    await c.user(BOARD, "Bea", "bea", chats=[GROUP, north], admin_of=[GROUP, north], started=True)
    await c.upload(north, BOARD, "leden.csv", b"apotheek;agb;telegram\nNoorderapotheek;06019999;\n")
    await c.find(sent_to(north, "Ledenlijst"))
    second = await services_of_app(world.app).polls.orgs.organisation_for_chat(north)
    assert second is not None and second.id != first

    reply = await command(c, BOARD, BOARD, "/dashboard", "meerdere organisaties")
    urls = [row[0]["web_app"]["url"] for row in reply["reply_markup"]["inline_keyboard"]]
    base = base_of(world.app)
    assert sorted(urls) == sorted(f"{base}/web/?org={o}" for o in (first, second.id))
    status, body, _ = await get(world.app, "/web/api/home", BOARD)
    assert status == 200 and 'id="pick"' in body and "RAO Noord" in body
    status, body, _ = await get(world.app, f"/web/api/home?org={second.id}", BOARD)
    assert status == 200 and '<h1 id="org-name">RAO Noord</h1>' in body


async def test_board_page_shows_the_decision_register(world: World) -> None:
    """Closed votes with their verdict, outcome and review date; a withdrawn one is not there."""
    from tests.polls_helpers import close_poll, command, last_seq, wait_for

    c = world.client
    org = await _org_id(world)
    await c.send(GROUP, BOARD, "/peiling Welke avond? | di | wo")
    first = await c.find(sent_to(GROUP, "Peiling"))
    poll_id = int(re.search(r"#(\d+)", first["text"]).group(1))  # type: ignore[union-attr]
    before = await last_seq(c)
    await close_poll(c, poll_id)
    await wait_for(c, sent_to(GROUP, "Uitslag", before))
    review = datetime.now(UTC) + timedelta(weeks=5)
    typed = f"{review.day}-{review.month}-{review.year}"
    await command(c, GROUP, BOARD, f"/uitkomst {poll_id} We kiezen dinsdag. | evalueren {typed}")
    status, body, _ = await get(world.app, f"/web/api/org/{org}", BOARD)
    assert status == 200
    register = body[body.index('id="decisions"') : body.index('id="roster"')]
    assert f"#{poll_id}" in register and "We kiezen dinsdag." in register
    assert f"Evalueren op {review.day:02d}-{review.month:02d}-{review.year}" in register


async def test_agendalink_renews_on_natural_words_and_refuses_unknown_ones(world: World) -> None:
    """A board revoking a leaked link must never get the old one back as if it were renewed."""
    c = world.client
    await _org_id(world)

    async def link(text: str) -> str:
        after = await last_seq(c)
        await c.send(GROUP, BOARD, text)
        private = await c.find(sent_to(BOARD, "abonnement", after))
        found = re.search(r"(http\S+\.ics)", private["text"])
        assert found is not None
        return found.group(1)

    current = await link("/agendalink")
    for word in ("vernieuwen", "Nieuwe", "opnieuw", "intrekken"):
        renewed = await link(f"/agendalink {word}")
        assert renewed != current, word
        assert (await get(world.app, current.removeprefix(base_of(world.app))))[0] == 404
        current = renewed
    for typo in ("vernieuwd", "verniew", "nieuw link"):
        reply = await command(c, GROUP, BOARD, f"/agendalink {typo}", "niets veranderd")
        assert "/agendalink vernieuw" in reply["text"] and "http" not in reply["text"]
        assert await link("/agendalink") == current
