"""Mandate votes end to end through the sandbox: roster via CSV, votes, reminders, closing,
result with chart, export and representation list; and a vote that misses its quorum."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from bot.jobs import polls as polls_jobs
from bot.polls import timing as poll_service
from bot.sandbox.client import Entry
from tests.conftest import BOARD, GROUP, MEMBER, OUTSIDER, World
from tests.outbox import sent_to
from tests.polls_helpers import (
    add_members,
    agb,
    all_entries,
    close_poll,
    command,
    csv_rows,
    enrol,
    import_roster,
    last_seq,
    pharmacy,
    poll_jobs,
    press,
    roster_csv,
    run_due,
    run_job,
    start_mandate,
    storage_of,
    wait_for,
)

PHARMACY_USERS = list(range(101, 113))  # 12 pharmacies, one member each
EXTRA_MEMBER = 113  # a second member of the last pharmacy who never starts the bot


def _edited(message_id: int, containing: str) -> Callable[[Entry], bool]:
    return lambda e: (
        e["method"] == "editMessageText"
        and e["message_id"] == message_id
        and containing in (e.get("text") or "")
    )


# --- scenario 1: mandate granted ---------------------------------------------------------------


async def test_mandate_vote_end_to_end(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    c = world.client
    monkeypatch.setattr(poll_service, "REMINDER_LEADS", (timedelta(seconds=2),))
    # One refresh of the group message per hour: the first vote's refresh goes out at once,
    # the next one waits for its timer, which the test then runs; no count depends on speed.
    monkeypatch.setattr(polls_jobs, "REFRESH_SECONDS", 3600.0)
    await add_members(c, PHARMACY_USERS)
    await c.user(EXTRA_MEMBER, "Nina", f"apo{EXTRA_MEMBER}", chats=[GROUP], started=False)

    reply = await import_roster(c, GROUP, BOARD, roster_csv(PHARMACY_USERS, f"apo{EXTRA_MEMBER}"))
    assert "12 nieuw" in reply["text"] and "13 Telegram-gebruikers" in reply["text"]

    # The member of the pharmacy that will not vote once started the bot (which links their
    # Telegram id to the roster row that only had a username); the second member of that
    # pharmacy shows up in the group but never starts the private chat.
    await command(c, 112, 112, "/start")
    await command(c, GROUP, EXTRA_MEMBER, "/stemmingen")

    poll_id, message_id = await start_mandate(c)
    posted = await wait_for(c, lambda e: e.get("message_id") == message_id)
    text = posted["text"]
    assert "het bestuur ziet welke apotheken voor stemden" in text  # honest about secrecy
    assert "de groep ziet alleen de opkomst" in text
    assert "12 apotheken mogen stemmen" in text and "Soort: Bestuursmandaat" in text
    assert "Opkomst: 0 van 12 apotheken" in text
    assert [b["text"] for b in posted["reply_markup"]["inline_keyboard"][0]] == [
        "Voor",
        "Tegen",
        "Onthouding",
    ]

    # 11 of 12 pharmacies vote; two change their mind; one repeats itself.
    plan = {uid: "Voor" for uid in PHARMACY_USERS[:8]}
    plan.update({109: "Tegen", 110: "Tegen", 111: "Onthouding"})
    answer = await press(c, GROUP, 101, message_id, "Tegen")
    assert answer == "Je stem is vastgelegd: Tegen. Je kunt tot de sluiting wijzigen."
    await wait_for(c, _edited(message_id, "Opkomst: 1 van 12 apotheken"))
    answer = await press(c, GROUP, 109, message_id, "Voor")
    assert "vastgelegd: Voor" in answer
    for uid, choice in plan.items():
        answer = await press(c, GROUP, uid, message_id, choice)
        if uid in (101, 109):
            assert answer.startswith(f"Je stem is gewijzigd in: {choice}."), answer
        else:
            assert answer.startswith(f"Je stem is vastgelegd: {choice}."), answer
    answer = await press(c, GROUP, 102, message_id, "Voor")
    assert "stond al op: Voor" in answer and "niets veranderd" in answer
    for outsider in (MEMBER, OUTSIDER):
        answer = await press(c, GROUP, outsider, message_id, "Tegen")
        assert "niet op de ledenlijst" in answer

    storage = storage_of(world)
    assert await storage.votes.vote_count(poll_id) == 13  # 11 votes + 2 changes, nothing else

    # The group message shows live turnout only (secret vote), refreshed in batches: the
    # 16 presses after the first left one refresh waiting for its timer; it runs now.
    await run_job(world.app, f"poll-refresh-{poll_id}")
    await wait_for(c, _edited(message_id, "Opkomst: 11 van 12 apotheken"))
    edits = await all_entries(c, _edited(message_id, ""))
    assert all("Voor:" not in e["text"] for e in edits)
    assert len(edits) == 2  # 17 presses, one edit at once and one by the debounced timer

    # The board sees who has and has not voted, never how.
    report = await command(c, GROUP, BOARD, f"/opkomst {poll_id}", "privé")
    assert report["chat_id"] == GROUP
    private = await wait_for(c, sent_to(BOARD, "Opkomst bij"))
    assert "Nog niet gestemd (1)" in private["text"] and pharmacy(112) in private["text"]
    assert "Voor" not in private["text"]

    # A voter explains their vote privately.
    reply = await command(c, 110, 110, f"/toelichting {poll_id} Te duur voor kleine apotheken")
    assert "opgeslagen" in reply["text"]

    # /herinner now: only the non-voting pharmacy's members; the one who never started the
    # bot is listed to the board.
    before = await last_seq(c)
    await c.send(GROUP, BOARD, f"/herinner {poll_id}")
    await wait_for(c, sent_to(112, "Herinnering", before))
    board_report = await wait_for(c, sent_to(BOARD, "Herinnering voor stemming", before))
    assert "verstuurd aan 1 lid" in board_report["text"]
    assert "apo113" in board_report["text"] and "nooit gestart" in board_report["text"]
    # One line for the pharmacy, one reason per member (before: listed twice, contradicting).
    assert board_report["text"].count(pharmacy(112)) == 1

    # Automatic reminder 2 s before closing, then closing by itself: both jobs are planned
    # from the stored closing time, and each runs as its timer would once its moment came.
    poll = await storage.polls.poll(poll_id)
    assert poll is not None and poll.closes_utc is not None
    assert poll_jobs(world.app, poll_id) == {
        f"poll-close-{poll_id}": poll.closes_utc,
        f"poll-remind-{poll_id}-2": poll.closes_utc - timedelta(seconds=2),
    }
    before = await last_seq(c)
    await run_due(world.app, poll_id, f"poll-remind-{poll_id}-2", lead=2)
    auto = await wait_for(c, sent_to(112, "Herinnering", before))
    assert auto["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == f"pv:{poll_id}:0"
    await run_due(world.app, poll_id, f"poll-close-{poll_id}")
    result = await wait_for(c, sent_to(GROUP, "Uitslag", before))
    text = result["text"]
    assert "Voor: 8 (72,7 %)" in text and "Tegen: 2" in text and "Onthouding: 1" in text
    assert "Opkomst: 11 van 12 apotheken (91,7 %)" in text
    assert "Quorum (minstens 85 %): gehaald" in text
    assert "80 % voor, gehaald" in text
    assert "Mandaat verleend" in text
    chart = await wait_for(
        c, lambda e: e["method"] == "sendPhoto" and e["chat_id"] == GROUP and e["seq"] > before
    )
    assert (await c.file(chart["file_id"])).startswith(b"\x89PNG")
    closed = await wait_for(
        c,
        lambda e: (
            e["method"] == "editMessageText"
            and e["message_id"] == message_id
            and "Gesloten" in e["text"]
        ),
    )
    assert closed["reply_markup"] is None

    reminded = {
        e["chat_id"]
        for e in await all_entries(c, lambda e: "Herinnering" in (e.get("text") or ""))
        if e["method"] == "sendMessage" and e["chat_id"] > 0 and e["chat_id"] != BOARD
    }
    assert reminded == {112}
    assert len(await all_entries(c, sent_to(112, "Herinnering"))) == 2  # manual + automatic
    assert await storage.polls.reminders_done(poll_id) == {2: "sent"}

    # After closing nothing changes any more; the private reminders say so, without buttons.
    stale = await wait_for(
        c,
        lambda e: (
            e["method"] == "editMessageText"
            and e["chat_id"] == 112
            and e["message_id"] == auto["message_id"]
        ),
    )
    assert f"Stemming #{poll_id} is gesloten" in stale["text"]
    assert f"Voor {pharmacy(112)} is niet gestemd" in stale["text"]
    assert stale["reply_markup"] is None
    assert await storage.votes.vote_count(poll_id) == 13

    # Export: every vote event (without choices: secret), reasons without names, and the
    # representation list of the 8 pharmacies that voted for.
    before = await last_seq(c)
    await c.send(GROUP, BOARD, f"/export {poll_id}")
    await wait_for(c, sent_to(GROUP, "privé", before))
    documents = {
        e["file_name"]: await c.file(e["file_id"])
        for e in await all_entries(
            c, lambda e: e["method"] == "sendDocument" and e["chat_id"] == BOARD
        )
    }
    assert set(documents) == {
        f"stemming-{poll_id}-stemmen.csv",
        f"stemming-{poll_id}-toelichtingen.csv",
        f"vertegenwoordigingslijst-{poll_id}.csv",
    }
    votes = csv_rows(documents[f"stemming-{poll_id}-stemmen.csv"])
    assert votes[0] == ["Tijdstip", "Namens", "Lid"]
    assert len(votes) == 1 + 13
    assert sum(row[1] == pharmacy(101) for row in votes[1:]) == 2
    reasons = csv_rows(documents[f"stemming-{poll_id}-toelichtingen.csv"])
    assert reasons == [["Toelichting"], ["Te duur voor kleine apotheken"]]
    representation = csv_rows(documents[f"vertegenwoordigingslijst-{poll_id}.csv"])
    assert representation[0] == ["Apotheek", "AGB-code"]
    assert sorted(representation[1:]) == sorted(
        [pharmacy(uid), agb(uid)] for uid in PHARMACY_USERS[:8]
    )

    # /uitslag shows it again, /uitkomst adds the board's statement.
    again = await command(c, GROUP, MEMBER, f"/uitslag {poll_id}", "Uitslag")
    assert "Mandaat verleend" in again["text"]
    reply = await command(
        c, GROUP, BOARD, f"/uitkomst {poll_id} Het bestuur tekent het RESV-plan.", "Uitkomst"
    )
    assert "tekent het RESV-plan" in reply["text"]
    again = await command(c, GROUP, MEMBER, f"/uitslag {poll_id}", "Uitslag")
    assert "Uitkomst volgens het bestuur" in again["text"]
    poll = await storage.polls.poll(poll_id)
    assert poll is not None and poll.outcome == "Het bestuur tekent het RESV-plan."


# --- scenario 2: quorum missed -----------------------------------------------------------------


async def test_mandate_quorum_missed(world: World) -> None:
    c = world.client
    await enrol(c, PHARMACY_USERS)
    poll_id, message_id = await start_mandate(c)
    for uid in PHARMACY_USERS[:9]:  # 9 of 12 = 75 % < 85 %
        await press(c, GROUP, uid, message_id, "Voor")

    before = await last_seq(c)
    await close_poll(c, poll_id)
    result = await wait_for(c, sent_to(GROUP, "Uitslag", before))
    assert "Opkomst: 9 van 12 apotheken (75 %)" in result["text"]
    assert "Quorum (minstens 85 %): niet gehaald" in result["text"]
    assert "Niet verleend: quorum niet gehaald" in result["text"]
    await wait_for(c, lambda e: e["method"] == "sendPhoto" and e["seq"] > before)

    before = await last_seq(c)
    await c.send(BOARD, BOARD, f"/export {poll_id}")
    await wait_for(c, lambda e: e["method"] == "sendDocument" and e["seq"] > before)
    await c.idle()
    files = [
        e["file_name"]
        for e in await all_entries(c, lambda e: e["method"] == "sendDocument" and e["seq"] > before)
    ]
    assert files == [f"stemming-{poll_id}-stemmen.csv"]  # no representation list

    reply = await command(c, GROUP, BOARD, f"/sluit {poll_id}", "al gesloten")
    assert f"/uitslag {poll_id}" in reply["text"]
