"""What a member reads for each search outcome (rendering only, no Telegram)."""

from __future__ import annotations

from bot.assembly import build_knowledge
from bot.html_check import check_html
from bot.knowledge.replies import result_reply
from bot.texts import knowledge as texts


def test_rule_answer_has_verdict_source_and_disclaimer() -> None:
    knowledge = build_knowledge()
    reply = result_reply(
        knowledge, knowledge.index.search("mag ik met collega's over de baxtertarieven praten")
    )
    text = check_html(reply.html)  # also proves the HTML is valid for Telegram
    assert "Mag niet" in text and "Bron" in text
    assert text.endswith(texts.DISCLAIMER)
    assert "000_" not in text, "members see document names, not seed file names"


def test_contact_questions_say_plainly_what_is_missing() -> None:
    knowledge = build_knowledge()
    reply = result_reply(
        knowledge, knowledge.index.search("wat is het telefoonnummer van de huisartsenpost")
    )
    assert reply.html.startswith(texts.NO_CONTACT_DETAILS)
    assert all(row[0][1].startswith("k:") for row in reply.buttons)
    reply = result_reply(knowledge, knowledge.index.search("wie is de voorzitter van de knmp"))
    assert reply.html.startswith(texts.NO_CONTACT_DETAILS)


def test_unknown_question_is_honest() -> None:
    knowledge = build_knowledge()
    reply = result_reply(knowledge, knowledge.index.search("hoeveel mg ibuprofen voor een kind"))
    assert reply.html.startswith("Dat weet ik helaas niet")
    assert reply.buttons == []
