"""Tests for the competition-law guard on group-chat messages."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from bot.knowledge.guard import GUARD_RULE_IDS, GuardVerdict, assess, normalise
from bot.knowledge.models import KnowledgeFile

DATA = Path(__file__).parent / "data"
RULES_YAML = Path(__file__).parent.parent / "bot" / "knowledge" / "data" / "rules.yaml"


def _examples() -> list[tuple[str, str]]:
    with (DATA / "guard_examples.tsv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(row["label"], row["text"]) for row in reader]


def _rule_ids() -> set[str]:
    data = yaml.safe_load(RULES_YAML.read_text(encoding="utf-8"))
    return {entry.id for entry in KnowledgeFile.model_validate(data).entries}


EXAMPLES = _examples()
RISKY_TEXTS = [text for label, text in EXAMPLES if label == "risky"]


def test_examples_file_is_well_formed() -> None:
    labels = {label for label, _ in EXAMPLES}
    assert labels == {"risky", "ok"}
    assert len(EXAMPLES) >= 120
    assert len(RISKY_TEXTS) >= 0.4 * len(EXAMPLES)
    assert len({text for _, text in EXAMPLES}) == len(EXAMPLES), "duplicate examples"


def test_precision_and_recall_on_examples() -> None:
    tp = fp = fn = 0
    wrong: list[str] = []
    for label, text in EXAMPLES:
        verdict = assess(text)
        gold = label == "risky"
        if verdict.risky and gold:
            tp += 1
        elif verdict.risky:
            fp += 1
            wrong.append(f"false alarm ({verdict.rule}): {text}")
        elif gold:
            fn += 1
            wrong.append(f"missed: {text}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    report = "\n".join(wrong)
    assert precision >= 0.9, f"precision {precision:.3f}\n{report}"
    assert recall >= 0.9, f"recall {recall:.3f}\n{report}"


@pytest.mark.parametrize("text", RISKY_TEXTS[:20])
def test_bot_commands_are_never_flagged(text: str) -> None:
    assert assess(f"/vraag {text}") == GuardVerdict(risky=False, rule=None)
    assert assess(f"/zoek@rao_bot {text}").risky is False


def test_returned_rule_ids_exist_in_rules_yaml() -> None:
    ids = _rule_ids()
    assert ids >= GUARD_RULE_IDS
    for text in RISKY_TEXTS:
        verdict = assess(text)
        if verdict.risky:
            assert verdict.rule in ids, text


def test_harmless_verdict_has_no_rule() -> None:
    for _label, text in EXAMPLES:
        verdict = assess(text)
        if not verdict.risky:
            assert verdict.rule is None, text


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("wat voor tarief heb jij bij CZ gekregen?", "acm-tarieven-delen"),
        ("laten we allemaal niet onder de 8 euro gaan", "acm-prijsafspraken"),
        ("jij doet de patiënten ten noorden van het kanaal, wij de rest", "acm-marktverdeling"),
        ("ik stuur jullie mijn offerte aan VGZ even door", "acm-tarieven-delen"),
        ("ik ga mijn prijzen per 1 januari verhogen", "acm-toekomstige-prijzen"),
        ("laten we de zzp'ers max 65 per uur betalen", "acm-arbeidsmarkt"),
    ],
)
def test_brief_examples_point_to_the_right_rule(text: str, rule: str) -> None:
    assert assess(text) == GuardVerdict(risky=True, rule=rule)


@pytest.mark.parametrize(
    "text",
    [
        "mag ik met collega's over tarieven praten?",
        "wat zegt de acm over prijsafspraken",
        "de contributie van de RAO gaat omhoog",
        "wie komt er naar de ALV",
        "",
        "   ",
    ],
)
def test_rule_questions_fees_and_meetings_pass(text: str) -> None:
    assert assess(text).risky is False


def test_normalise_strips_accents_and_case() -> None:
    assert normalise("  Patiënten  €8  ") == "patienten euro 8"
