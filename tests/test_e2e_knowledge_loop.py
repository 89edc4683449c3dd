"""The board's loop and the guard's new rules, end to end through the sandbox: unanswered
questions for the board, 👍/👎 once per member, "Meer", quieting per member, the compliance
log and the competition-law line under meeting reminders."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from bot.agenda.meeting_input import MeetingRequest
from bot.context import services_of_app
from bot.sandbox.client import SandboxClientError
from tests.conftest import BOARD, GROUP, MEMBER, World
from tests.outbox import buttons, sent_to

SECOND_MEMBER = 15
BOT = "@rao_sandbox_bot"


async def _board_report(world: World, user: int = BOARD) -> str:
    await world.client.send(GROUP, user, "/onbeantwoord")
    reply = await world.client.expect(sent_to(GROUP))
    return str(reply["text"])


async def test_unanswered_question_reaches_the_board_not_a_member(world: World) -> None:
    c = world.client
    for question in ("wat is de dosering paracetamol?", "Wat is de dosering van paracetamol"):
        await c.send(GROUP, MEMBER, f"{BOT} {question}")
        reply = await c.expect(sent_to(GROUP))
        assert "weet ik helaas niet" in reply["text"]
    await c.send(GROUP, MEMBER, f"{BOT} wat is een resv")  # answered: not kept
    await c.expect(sent_to(GROUP))

    denied = await _board_report(world, MEMBER)
    assert "alleen het bestuur" in denied and "paracetamol" not in denied

    report = await _board_report(world)
    assert "2× Wat is de dosering van paracetamol" in report
    assert "resv" not in report.lower().split("meeste")[0]
    assert "Piet" not in report and "piet" not in report  # never who asked

    # In private the board sees its organisation's list; a member still does not.
    await c.send(BOARD, BOARD, "/onbeantwoord")
    assert "2× Wat is de dosering van paracetamol" in (await c.expect(sent_to(BOARD)))["text"]
    await c.send(MEMBER, MEMBER, "/onbeantwoord")
    denied = (await c.expect(sent_to(MEMBER)))["text"]
    assert "alleen het bestuur" in denied and "paracetamol" not in denied


async def test_tapped_suggestion_is_not_unanswered(world: World) -> None:
    c = world.client
    await c.send(MEMBER, MEMBER, "contract")
    suggest = await c.expect(sent_to(MEMBER))
    assert suggest["text"].startswith("Ik weet niet zeker")
    first = buttons(suggest)[0]
    assert first["callback_data"].startswith("ks:")
    await c.press(MEMBER, MEMBER, suggest["message_id"], data=first["callback_data"])
    edited = await c.expect(lambda e: e["method"] == "editMessageText")
    assert edited["text"].startswith(first["text"])
    service = services_of_app(world.app).knowledge_service
    report = await service.board_report(None, everywhere=True)
    assert report.unanswered == []  # a suggestion tapped in time answered the question


async def test_thumbs_down_counts_once_per_member(world: World) -> None:
    c = world.client
    await c.user(SECOND_MEMBER, "Jan", "jan", chats=[GROUP], started=True)
    await c.send(GROUP, MEMBER, "/vraag wat is een resv")
    answer = await c.expect(sent_to(GROUP))
    down = next(b for b in buttons(answer) if b["text"] == "👎")
    up = next(b for b in buttons(answer) if b["text"] == "👍")

    async def press(user: int, button: dict[str, str]) -> str:
        await c.press(GROUP, user, answer["message_id"], data=button["callback_data"])
        toast = await c.expect(lambda e: e["method"] == "answerCallbackQuery")
        return str(toast["text"])

    assert "Bedankt" in await press(MEMBER, down)
    assert "al aangegeven" in await press(MEMBER, down)
    assert "👎 1 · 👍 0" in await _board_report(world)
    assert "aangepast" in await press(MEMBER, up)  # changing counts once, as the new rating
    assert "Nog geen antwoorden met 👎" in await _board_report(world)
    await press(MEMBER, down)
    await press(SECOND_MEMBER, down)
    assert "RESV (regionaal eerstelijnssamenwerkingsverband): 👎 2 · 👍 0" in (
        await _board_report(world)
    )


async def test_meer_shows_the_caveats(world: World) -> None:
    c = world.client
    knowledge = services_of_app(world.app).knowledge
    entry = knowledge.entries["acm-tarieven-delen"]
    assert entry.details
    await c.send(MEMBER, MEMBER, "/vraag mag ik tarieven delen met collega's")
    answer = await c.expect(sent_to(MEMBER))
    more = next(b for b in buttons(answer) if b["text"] == "Meer")
    assert entry.details.split(".")[0] not in answer["text"]
    await c.press(MEMBER, MEMBER, answer["message_id"], data=more["callback_data"])
    caveats = await c.expect(sent_to(MEMBER))
    assert entry.details.split(".")[0] in caveats["text"]


async def test_meer_posts_the_caveats_once(world: World) -> None:
    # Before: every press on "Meer" posted the same caveats again under the answer.
    c = world.client
    await c.user(SECOND_MEMBER, "Jan", "jan", chats=[GROUP], started=True)
    await c.send(GROUP, MEMBER, "/vraag wat is een RESV?")
    answer = await c.expect(sent_to(GROUP))
    labels = [b["text"] for b in buttons(answer)]
    more = next(b for b in buttons(answer) if b["text"] == "Meer")
    await c.press(GROUP, MEMBER, answer["message_id"], button="Meer")
    caveats = await c.expect(sent_to(GROUP))
    assert ": meer" in caveats["text"]
    edited = await c.find(
        lambda e: (
            e["method"] == "editMessageReplyMarkup"
            and e["chat_id"] == GROUP
            and e["message_id"] == answer["message_id"]
        )
    )
    assert [b["text"] for b in buttons(edited)] == [t for t in labels if t != "Meer"]
    assert "👍" in labels and "👎" in labels
    # A second press (a client still showing the old keyboard): a short note, nothing posted.
    with pytest.raises(SandboxClientError):  # the button is gone from the answer
        await c.press(GROUP, SECOND_MEMBER, answer["message_id"], button="Meer")
    await c.press(
        GROUP, SECOND_MEMBER, answer["message_id"], data=more["callback_data"], forged=True
    )
    note = await c.expect(lambda e: e["method"] == "answerCallbackQuery" and bool(e.get("text")))
    assert note["text"] == "Die toelichting staat al in de chat, onder dit antwoord."
    assert await c.settle(GROUP) == []


async def test_guard_quiets_per_member_not_per_group(world: World) -> None:
    c = world.client
    await c.user(SECOND_MEMBER, "Jan", "jan", chats=[GROUP], started=True)
    await c.send(GROUP, MEMBER, "wat voor tarief heb jij bij CZ gekregen voor de baxters?")
    first = await c.expect(sent_to(GROUP))
    assert "prijzen of tarieven" in first["text"]
    await c.send(GROUP, MEMBER, "laten we allemaal niet onder de 8 euro gaan zitten")
    assert await c.settle(GROUP) == [], "the same member: quiet for 30 minutes"
    await c.send(GROUP, SECOND_MEMBER, "laten we allemaal niet onder de 8 euro gaan zitten")
    other = await c.expect(sent_to(GROUP))
    assert "Mededingingswet" in other["text"], "another member is still warned"


async def test_compliance_log_keeps_text_only_when_enabled(world: World) -> None:
    c = world.client
    await c.send(GROUP, BOARD, "/acmlog")
    assert "nog leeg" in (await c.expect(sent_to(GROUP)))["text"]
    await c.send(GROUP, MEMBER, "wat voor tarief heb jij bij CZ gekregen?")
    await c.expect(sent_to(GROUP))
    await c.send(GROUP, BOARD, "/acmwacht log aan")
    status = await c.expect(sent_to(GROUP))
    assert "berichttekst in het log (/acmlog): aan" in status["text"]
    await c.send(GROUP, MEMBER, "laten we allemaal niet onder de 8 euro gaan zitten")
    assert await c.settle(GROUP) == []  # quiet for this member, still logged

    await c.send(GROUP, MEMBER, "/acmlog")
    assert "alleen het bestuur" in (await c.expect(sent_to(GROUP)))["text"]
    await c.send(GROUP, BOARD, "/acmlog")
    document = await c.expect(sent_to(GROUP, method="sendDocument"))
    data = (await c.file(document["file_id"])).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data), delimiter=";"))
    assert rows[0] == ["tijd", "signaal", "regel", "gewaarschuwd", "tekst"]
    assert [r[3] for r in rows[1:]] == ["ja", "nee"]
    assert rows[1][4] == "", "text kept only after the board turned the log on"
    assert "8 euro" in rows[2][4]
    assert "Piet" not in data


async def test_competition_law_line_under_reminders_when_enabled(world: World) -> None:
    c = world.client
    await c.send(GROUP, BOARD, "/acmwacht regel aan")
    status = await c.expect(sent_to(GROUP))
    assert "regel onder vergaderherinneringen: aan" in status["text"]
    await c.send(GROUP, BOARD, "/herinneringen 1m")
    await c.expect(sent_to(GROUP))
    service = services_of_app(world.app).agenda
    now = datetime.now(UTC)
    start = (now + timedelta(seconds=63)).replace(microsecond=0)
    await service.add_meeting(GROUP, MeetingRequest("Snel overleg", start), BOARD, now)
    reminder = await c.expect(
        lambda e: sent_to(GROUP)(e) and "Herinnering" in e["text"], timeout=15
    )
    assert "mededingingsregels" in reminder["text"]
