"""The quick poll (multiple choice, open) and the maturity scan answered in private."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from bot.jobs import polls as polls_jobs
from bot.polls.maturity import STATEMENTS
from bot.sandbox.client import Entry
from tests.conftest import BOARD, GROUP, World
from tests.outbox import buttons, sent_to
from tests.polls_helpers import (
    USERS,
    close_poll,
    command,
    enrol,
    last_seq,
    press,
    storage_of,
    wait_for,
)


async def test_quick_poll_multiple_choice(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(polls_jobs, "REFRESH_SECONDS", 0.3)
    c = world.client
    await enrol(c, USERS)
    reply = await command(
        c,
        GROUP,
        BOARD,
        "/peiling Welke avond past voor de ALV? | dinsdag | woensdag | donderdag | meerkeuze",
        "Peiling",
    )
    message_id = reply["message_id"]
    assert [row[0]["text"] for row in reply["reply_markup"]["inline_keyboard"]] == [
        "dinsdag",
        "woensdag",
        "donderdag",
    ]
    assert "vastgelegd: dinsdag" in await press(c, GROUP, 101, message_id, "dinsdag")
    assert "gewijzigd in: dinsdag, woensdag" in await press(c, GROUP, 101, message_id, "woensdag")
    assert "gewijzigd in: woensdag" in await press(c, GROUP, 101, message_id, "dinsdag")
    assert "vastgelegd: woensdag" in await press(c, GROUP, 102, message_id, "woensdag")
    # An open poll shows the live split in the group.
    await wait_for(
        c,
        lambda e: (
            e["method"] == "editMessageText"
            and e["message_id"] == message_id
            and "woensdag: 2" in e["text"]
        ),
    )
    before = await last_seq(c)
    await close_poll(c)  # the only open poll
    result = await wait_for(c, sent_to(GROUP, "Uitslag", before))
    assert "dinsdag: 0" in result["text"] and "woensdag: 2 (100 %)" in result["text"]
    assert "Opkomst: 2 van 3 apotheken" in result["text"]
    assert "Meerkeuze" in result["text"]
    await wait_for(c, lambda e: e["method"] == "sendPhoto" and e["seq"] > before)


def _shows_statement(uid: int, number: int) -> Callable[[Entry], bool]:
    return lambda e: (
        e["method"] == "editMessageText"
        and e["chat_id"] == uid
        and f"stelling {number} van" in e["text"]
    )


async def _answer_scan(world: World, poll_id: int, uid: int, score: int) -> None:
    c = world.client
    reply = await command(c, uid, uid, f"/start scan_{poll_id}", "stelling 1 van")
    message_id = reply["message_id"]
    for number in range(1, len(STATEMENTS) + 1):
        answer = await press(c, uid, uid, message_id, str(score))
        assert answer.startswith(f"Vastgelegd: {score}")
        if number < len(STATEMENTS):
            await wait_for(c, _shows_statement(uid, number + 1))
    await wait_for(
        c,
        lambda e: e["method"] == "editMessageText" and e["chat_id"] == uid and "Klaar" in e["text"],
    )


async def _run_scan(world: World, scores: dict[int, int]) -> str:
    c = world.client
    reply = await command(c, GROUP, BOARD, "/scan", "Volwassenheidsscan")
    match = re.search(r"#(\d+)", reply["text"])
    assert match
    poll_id = int(match.group(1))
    button = reply["reply_markup"]["inline_keyboard"][0][0]
    assert button["url"] == f"https://t.me/rao_sandbox_bot?start=scan_{poll_id}"
    for uid, score in scores.items():
        await _answer_scan(world, poll_id, uid, score)
    before = await last_seq(c)
    await close_poll(c, poll_id)
    result = await wait_for(c, sent_to(GROUP, "organisatie zit op", before))
    await wait_for(c, lambda e: e["method"] == "sendPhoto" and e["seq"] > before)
    return str(result["text"])


async def test_maturity_scan_and_comparison(world: World) -> None:
    c = world.client
    await enrol(c, USERS)
    first = await _run_scan(world, {101: 3, 102: 2})
    assert "2 deelnemers" in first and "niveau 1" in first
    assert "Vergelijking" not in first
    second = await _run_scan(world, {101: 4, 102: 5, 103: 4})
    assert "3 deelnemers" in second and "niveau 4" in second
    assert "Vergelijking met de vorige scan" in second and "Niveau gestegen: van 1 naar 4" in second

    # Closed scans refuse answers; people not on the roster cannot take part.
    reply = await command(c, 101, 101, "/start scan_1")
    assert "gesloten" in reply["text"]
    reply = await command(c, GROUP, BOARD, "/scan", "Volwassenheidsscan")
    reply = await command(c, BOARD, BOARD, "/start scan_3")
    assert "Alleen leden op de ledenlijst" in reply["text"]
    before = await last_seq(c)
    reply = await command(c, GROUP, BOARD, "/herinner 3", "verstuurd aan 3 leden")
    assert "Herinnering voor scan #3" in reply["text"]  # a scan is not called a vote
    nudge = await wait_for(c, sent_to(101, "Herinnering", before))
    assert "stelling 1 van" in nudge["text"]
    assert "Vastgelegd: 5" in await press(c, 101, 101, nudge["message_id"], "5")
    polls = await storage_of(world).polls.org_polls(1)
    assert [p.is_open for p in polls] == [True, False, False]

    # A second /scan while #3 is open is refused, pointing to the open one; nothing is posted.
    await c.settle()
    await c.send(BOARD, BOARD, "/scan sluit over 3 dagen")
    [reply] = await c.settle()
    assert reply["chat_id"] == BOARD and "Er loopt al een volwassenheidsscan: #3" in reply["text"]
    assert "/sluit 3" in reply["text"] and "/herinner 3" in reply["text"]
    assert len(await storage_of(world).polls.org_polls(1)) == 3


async def test_scan_counts_complete_answers_with_dont_know_and_previous(world: World) -> None:
    c = world.client
    await enrol(c, USERS)
    reply = await command(c, GROUP, BOARD, "/scan", "Volwassenheidsscan")
    poll_id = int(re.search(r"#(\d+)", reply["text"]).group(1))  # type: ignore[union-attr]
    group_message = reply["message_id"]

    # 101: "weet ik niet" on the first statement, then back to it with "vorige" and a score,
    # then "weet ik niet" on the second and 4 on the rest.
    prompt = await command(c, 101, 101, f"/start scan_{poll_id}", "stelling 1 van")
    row = [b["text"] for b in buttons(prompt)]
    assert row == ["1", "2", "3", "4", "5", "Weet ik niet"]  # no "vorige" on the first
    message_id = prompt["message_id"]
    answer = await press(c, 101, 101, message_id, "Weet ik niet")
    assert answer.startswith("Vastgelegd: weet ik niet")
    second = await wait_for(c, _shows_statement(101, 2))
    assert "← Vorige" in [b["text"] for b in buttons(second)]
    before = await last_seq(c)
    await press(c, 101, 101, message_id, "← Vorige")
    back = await wait_for(
        c,
        lambda e: e["seq"] > before and e.get("chat_id") == 101 and "stelling 1 van" in e["text"],
    )
    assert "Je gaf eerder: weet ik niet." in back["text"]
    await press(c, 101, 101, message_id, "2")
    await wait_for(c, lambda e: e["seq"] > before and "stelling 2 van" in (e.get("text") or ""))
    await press(c, 101, 101, message_id, "Weet ik niet")
    for number in range(3, len(STATEMENTS) + 1):
        await wait_for(c, _shows_statement(101, number))
        await press(c, 101, 101, message_id, "4")
    # 102 stops after three statements; 103 answers everything.
    prompt = await command(c, 102, 102, f"/start scan_{poll_id}", "stelling 1 van")
    for number in range(1, 4):
        await press(c, 102, 102, prompt["message_id"], "1")
        await wait_for(c, _shows_statement(102, number + 1))
    await _answer_scan(world, poll_id, 103, 3)

    await wait_for(
        c,
        lambda e: (
            e.get("message_id") == group_message
            and "Helemaal ingevuld: 2 van 3 leden" in (e.get("text") or "")
        ),
    )
    listing = await command(c, 102, 102, "/stemmingen", "Stemmingen van")
    assert "jij: 3 van 10 ingevuld" in listing["text"]
    assert [b["text"] for b in buttons(listing)] == [f"Verder invullen bij #{poll_id}"]

    # /opkomst in scan words; the member halfway is shown as halfway, not as "nothing yet".
    before = await last_seq(c)
    await c.send(GROUP, BOARD, f"/opkomst {poll_id}")
    report = (await wait_for(c, sent_to(BOARD, "Opkomst bij", before)))["text"]
    assert "Ingevuld (2):" in report and "Nog niet (helemaal) ingevuld (1):" in report
    partly = next(line for line in report.split("\n") if "apo102" in line)
    assert partly.endswith(f"(3 van {len(STATEMENTS)} stellingen)")
    assert "stemde" not in report and "Gestemd" not in report

    ask = await command(c, GROUP, BOARD, f"/sluit {poll_id}", "nu sluiten?")
    assert "niemand de scan meer invullen" in ask["text"] and "stemmen" not in ask["text"]
    before = await last_seq(c)
    await press(c, GROUP, BOARD, ask["message_id"], "Ja, nu sluiten")
    closed = await wait_for(
        c,
        lambda e: (
            e["method"] == "editMessageText"
            and e["message_id"] == ask["message_id"]
            and e["seq"] > before
        ),
    )
    assert closed["text"] == f"Scan #{poll_id} is gesloten; de uitslag staat in de groep."
    result = await wait_for(c, sent_to(GROUP, "organisatie zit op", before))
    # Before: "3 deelnemers", the halfway member counted as one.
    assert "(2 deelnemers)" in result["text"]
    assert "1 lid vulde de scan niet helemaal in" in result["text"]
    assert "weet niet: 1" in result["text"]
