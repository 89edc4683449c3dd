"""Intent of a message, comparisons side by side, greetings and questions about the bot."""

from __future__ import annotations

import pytest

from bot.assembly import build_knowledge
from bot.html_check import check_html
from bot.knowledge.intent import detect_intent
from bot.knowledge.replies import result_reply
from bot.texts import knowledge as texts


@pytest.mark.parametrize(
    ("text", "kind", "command"),
    [
        ("hoi", "greeting", None),
        ("Goedemorgen allemaal!", "greeting", None),
        ("top, bedankt!", "thanks", None),
        ("dank je wel", "thanks", None),
        ("hoe stem ik?", "bot_help", "stemmingen"),
        ("wanneer is de volgende vergadering", "bot_help", "agenda"),
        ("hoe werkt dit?", "bot_help", "help"),
        ("wanneer moet het resv-plan af", "when", None),
        ("deadline vertegenwoordigingslijst", "when", None),
        ("hoeveel raos zijn er", "how_many", None),
        ("wat is een resv", "question", None),
        ("hoi, wat is een resv", "question", None),
    ],
)
def test_intent_kinds(text: str, kind: str, command: str | None) -> None:
    intent = detect_intent(text)
    assert (intent.kind, intent.command) == (kind, command)


@pytest.mark.parametrize(
    ("text", "subjects"),
    [
        ("verschil tussen een zorggroep en een rho", ("een zorggroep", "een rho")),
        ("rho vs rao", ("rho", "rao")),
        ("hap of hds wat is het verschil", ("hap", "hds")),
    ],
)
def test_comparison_subjects(text: str, subjects: tuple[str, str]) -> None:
    intent = detect_intent(text)
    assert intent.kind == "compare" and intent.subjects == subjects


def test_choice_without_comparison_word_is_no_comparison() -> None:
    assert detect_intent("welke rechtsvorm heeft een rao, stichting of vereniging?").kind != (
        "compare"
    )


def test_comparison_answers_with_both_entries() -> None:
    knowledge = build_knowledge()
    result = knowledge.index.search("wat is het verschil tussen een zorggroep en een rho")
    assert result.best is not None and result.compared is not None
    assert {result.best.id, result.compared.id} == {"zorggroep", "rho"}
    text = check_html(result_reply(knowledge, result).html)
    assert "Zorggroep" in text and "RHO" in text and texts.COMPARE_DIVIDER in text


def test_greeting_thanks_and_bot_questions_get_a_friendly_reply() -> None:
    knowledge = build_knowledge()
    for text, expected in [
        ("hoi", texts.GREETING_REPLY),
        ("bedankt!", texts.THANKS_REPLY),
        ("hoe stem ik", texts.BOT_HELP_REPLIES["stemmingen"]),
        ("wanneer is de volgende vergadering?", texts.BOT_HELP_REPLIES["agenda"]),
    ]:
        result = knowledge.index.search(text)
        assert result.outcome == "none" and result.best is None
        assert result_reply(knowledge, result).html == expected


def test_when_prefers_milestones_and_how_many_prefers_numbers() -> None:
    index = build_knowledge().index

    def milestone_share(query: str) -> float:
        scores = {h.id.split(":")[0]: h.score for h in reversed(index.score_all(query))}
        return scores["m"] / scores["vertegenwoordigingslijst"]

    assert index.score_all("wanneer moet het resv plan af zijn")[0].id.startswith("m:")
    assert milestone_share("wanneer vertegenwoordigingslijst") > milestone_share(
        "vertegenwoordigingslijst"
    )
    hits = index.score_all("hoeveel ros zijn er")
    assert hits[0].id == "ros"


def test_a_question_that_is_just_an_entrys_name_answers_that_entry() -> None:
    # "zorggroep" also starts the title of the competition-law rule on the ACM's guidelines for
    # zorggroepen; the member typed the term's name, so the term is the answer, the rule a button.
    index = build_knowledge().index
    for query in ("zorggroep", "wat is een zorggroep?", "Zorggroep"):
        result = index.search(query)
        assert result.outcome == "answer" and result.best is not None, query
        assert result.best.id == "zorggroep", query
    comparison = index.search(
        "hoi! vraagje: wat is het verschil tussen een hagro en een rho? ik snap het niet"
    )
    assert comparison.best is not None and comparison.compared is not None
    assert {comparison.best.id, comparison.compared.id} == {"hagro", "rho"}


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("wat zijn de openingstijden van apotheek de Bron?", True),
        ("openingstijden dienstapotheek zwolle", True),
        ("mag ik het telefoonnummer van de knmp?", True),
        ("mag ik de openingstijden van de dienstapotheek weten", True),
        ("welke openingstijden hebben jullie met kerst?", True),
        # Whether something may be done, or agreeing it with others: not a request for the fact.
        ("mogen we onze openingstijden op elkaar afstemmen?", False),
        ("is het toegestaan om met de buurapotheek openingstijden af te spreken", False),
        ("mogen we afspreken dat we allemaal dezelfde openingstijden hebben", False),
        ("mag ik mijn openingstijden aanpassen?", False),
        ("mogen we elkaars e-mailadressen in de groep delen", False),
    ],
)
def test_contact_is_asked_for_not_named_in_a_question_about_conduct(
    text: str, contact: bool
) -> None:
    assert detect_intent(text).contact is contact
