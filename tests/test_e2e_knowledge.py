"""Knowledge Q&A and the competition-law guard, end to end through the sandbox."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.texts import knowledge as texts
from tests.conftest import BOARD, GROUP, MEMBER, World
from tests.outbox import buttons, sent_to


async def test_vraag_command_answers_with_source(world: World) -> None:
    c = world.client
    await c.send(GROUP, MEMBER, "/vraag wat is een resv")
    reply = await c.expect(sent_to(GROUP))
    assert reply["html"].startswith("<b>RESV")
    assert "Bron" in reply["text"]
    assert buttons(reply), "related entries are offered as buttons"
    await c.send(GROUP, MEMBER, "/v")
    usage = await c.expect(sent_to(GROUP))
    assert "/vraag" in usage["text"]


async def test_rule_answer_has_verdict_and_disclaimer(world: World) -> None:
    c = world.client
    await c.send(MEMBER, MEMBER, "mag ik met collega's over de baxtertarieven praten")
    reply = await c.expect(sent_to(MEMBER))
    assert "Mag niet" in reply["text"]
    assert reply["text"].rstrip().endswith("geen juridisch advies.")


async def test_group_answers_only_when_addressed(world: World) -> None:
    c = world.client
    await c.send(GROUP, MEMBER, "wie komt er morgen naar de ALV?")
    assert await c.settle(GROUP) == []
    await c.send(GROUP, MEMBER, "@rao_sandbox_bot wat is een hagro")
    reply = await c.expect(sent_to(GROUP))
    assert "HAGRO" in reply["text"]
    # a reply to the bot's message is also addressed to the bot
    await c.send(GROUP, MEMBER, "en wat is een ros", reply_to_message_id=reply["message_id"])
    reply = await c.expect(sent_to(GROUP))
    assert "ROS" in reply["text"]


async def test_suggestion_button_shows_entry_in_place(world: World) -> None:
    c = world.client
    await c.send(MEMBER, MEMBER, "contract")
    reply = await c.expect(sent_to(MEMBER))
    assert reply["text"].startswith("Ik weet niet zeker")
    first = buttons(reply)[0]
    await c.press(MEMBER, MEMBER, reply["message_id"], button=first["text"])
    edited = await c.expect(lambda e: e["method"] == "editMessageText")
    assert edited["message_id"] == reply["message_id"]
    assert edited["text"].startswith(first["text"])


async def test_unknown_question_is_honest(world: World) -> None:
    c = world.client
    await c.send(MEMBER, MEMBER, "wat is de dosering paracetamol voor een kind")
    reply = await c.expect(sent_to(MEMBER))
    assert "weet ik helaas niet" in reply["text"]


async def test_related_button_sends_entry(world: World) -> None:
    c = world.client
    await c.send(MEMBER, MEMBER, "/vraag hagro")
    reply = await c.expect(sent_to(MEMBER))
    related = buttons(reply)[0]
    await c.press(MEMBER, MEMBER, reply["message_id"], data=related["callback_data"])
    answer = await c.expect(lambda e: e["method"] == "answerCallbackQuery")
    assert answer["text"] is None
    entry = await c.expect(sent_to(MEMBER))
    assert entry["html"].startswith("<b>")


async def test_inline_query_lists_entries(world: World) -> None:
    c = world.client
    await c.inline(MEMBER, "resv")
    answer = await c.expect(lambda e: e["method"] == "answerInlineQuery")
    ids = [r["id"] for r in answer["results"]]
    assert ids[0] == "resv"
    assert answer["results"][0]["input_message_content"]["parse_mode"] == "HTML"


async def test_browse_pages(world: World) -> None:
    c = world.client
    await c.send(MEMBER, MEMBER, "/begrippen")
    page = await c.expect(sent_to(MEMBER))
    assert "pagina 1 van" in page["text"]
    await c.press(MEMBER, MEMBER, page["message_id"], button="Volgende ▶")
    edited = await c.expect(lambda e: e["method"] == "editMessageText")
    assert "pagina 2 van" in edited["text"]


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    import shutil

    from bot.knowledge.loader import DATA_DIR

    target = tmp_path / "knowledge"
    shutil.copytree(DATA_DIR, target)
    return target


@pytest.fixture
def bot_settings_extra(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Only a test that breaks the knowledge files runs on a copy; the others share the index
    built once from the real files."""
    if "knowledge_copy" in request.fixturenames:
        return {"knowledge_dir": request.getfixturevalue("knowledge_copy")}
    return {}


async def test_reload_with_broken_file_keeps_old_knowledge(
    world: World, knowledge_copy: Path
) -> None:
    c = world.client
    await c.send(GROUP, MEMBER, "/herlaad")
    denied = await c.expect(sent_to(GROUP))
    assert "alleen het bestuur" in denied["text"]
    (knowledge_copy / "kapot.yaml").write_text(
        "entries:\n  - id: kapot\n    kind: term\n    title: Kapot\n", encoding="utf-8"
    )
    await c.send(GROUP, BOARD, "/herlaad")
    failed = await c.expect(sent_to(GROUP))
    assert "niet</b> opnieuw geladen" in failed["html"]
    assert "kapot.yaml: kapot: answer:" in failed["text"]
    await c.send(GROUP, MEMBER, "/vraag wat is een resv")
    still = await c.expect(sent_to(GROUP))
    assert "RESV" in still["text"]
    (knowledge_copy / "kapot.yaml").unlink()
    await c.send(GROUP, BOARD, "/herlaad")
    ok = await c.expect(sent_to(GROUP))
    assert "opnieuw geladen" in ok["text"] and "niet" not in ok["text"]


async def test_guard_warns_and_not_on_questions(world: World) -> None:
    c = world.client
    await c.send(GROUP, MEMBER, "mag ik met collega's over tarieven praten?")
    assert await c.settle(GROUP) == []
    await c.send(GROUP, MEMBER, "wat voor tarief heb jij bij CZ gekregen voor de baxters?")
    warning = await c.expect(sent_to(GROUP))
    assert "Mededingingswet" in warning["text"]
    assert buttons(warning)[0]["callback_data"].startswith("k:acm-")
    await c.send(GROUP, MEMBER, "laten we allemaal niet onder de 8 euro gaan zitten")
    assert await c.settle(GROUP) == [], "a member: at most once per 30 minutes"


async def test_guard_can_be_switched_off_by_board_only(world: World) -> None:
    c = world.client
    await c.send(GROUP, MEMBER, "/acmwacht uit")
    assert "alleen het bestuur" in (await c.expect(sent_to(GROUP)))["text"]
    await c.send(GROUP, BOARD, "/acmwacht uit")
    assert "waarschuwingen: uit" in (await c.expect(sent_to(GROUP)))["text"]
    await c.send(GROUP, MEMBER, "wat voor tarief heb jij bij CZ gekregen?")
    assert await c.settle(GROUP) == []
    await c.send(GROUP, BOARD, "/acmwacht aan")
    assert "waarschuwingen: aan" in (await c.expect(sent_to(GROUP)))["text"]


async def test_date_question_answers_with_milestone(world: World) -> None:
    c = world.client
    await c.send(MEMBER, MEMBER, "wanneer moet het resv-plan af")
    reply = await c.expect(sent_to(MEMBER))
    assert "15 jul 2026" in reply["text"]
    # "deadline" asks for a date: the milestone is the answer, related deadlines are buttons.
    await c.send(MEMBER, MEMBER, "deadline offerte")
    answer = await c.expect(sent_to(MEMBER))
    assert "📅" in answer["text"] and "eerste offerte" in answer["text"]
    # A vague one ("wanneer zz") offers the insurer's deadlines as buttons; a press answers.
    await c.send(MEMBER, MEMBER, "wanneer zz")
    suggest = await c.expect(sent_to(MEMBER))
    milestone = next(b for b in buttons(suggest) if b["text"].startswith("ZZ inkoop"))
    await c.press(MEMBER, MEMBER, suggest["message_id"], data=milestone["callback_data"])
    edited = await c.expect(lambda e: e["method"] == "editMessageText")
    assert "📅" in edited["text"] and milestone["text"].split(": ")[-1] in edited["text"]


async def test_aligning_opening_hours_is_not_a_contact_question(world: World) -> None:
    # The rule's entry (acm-openingstijden: "hangt af", the duty roster apart), never "look on
    # the organisation's website".
    c = world.client
    await c.send(MEMBER, MEMBER, "mogen we onze openingstijden op elkaar afstemmen?")
    reply = await c.expect(sent_to(MEMBER))
    assert texts.NO_CONTACT_DETAILS not in reply["text"]
    assert "Openingstijden afstemmen" in reply["text"] and "Hangt ervan af" in reply["text"]
    await c.send(MEMBER, MEMBER, "wat zijn de openingstijden van apotheek De Bron?")
    contact = await c.expect(sent_to(MEMBER))
    assert contact["text"].startswith(texts.NO_CONTACT_DETAILS)


async def test_collective_refusal_of_a_contract_gets_the_rule(world: World) -> None:
    c = world.client
    await c.send(
        MEMBER, MEMBER, "mogen we afspreken om allemaal het contract van VGZ niet te tekenen?"
    )
    reply = await c.expect(sent_to(MEMBER))
    assert reply["html"].startswith("<b>Samen een contract weigeren")
    assert "Mag niet" in reply["text"] and "niet als jullie met elkaar concurreren" in reply["text"]
    assert "Bronnen" in reply["text"] and "Mededingingswet art. 6" in reply["text"]
    assert reply["text"].rstrip().endswith("geen juridisch advies.")
