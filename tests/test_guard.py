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


def _load(name: str) -> list[tuple[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(row["label"], row["text"]) for row in reader]


def _rule_ids() -> set[str]:
    data = yaml.safe_load(RULES_YAML.read_text(encoding="utf-8"))
    return {entry.id for entry in KnowledgeFile.model_validate(data).entries}


# The examples the guard was developed on, and an independently written set ("blind") that
# checks the word groups generalise beyond the phrasing of the first.
EXAMPLES = _load("guard_examples.tsv")
BLIND_A = _load("guard_blind_a.tsv")
RISKY_TEXTS = [text for label, text in EXAMPLES if label == "risky"]


def _score(examples: list[tuple[str, str]]) -> tuple[float, float, str]:
    """Precision, recall and a readable list of misclassifications for a failure message."""
    tp = fp = fn = 0
    wrong: list[str] = []
    for label, text in examples:
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
    return precision, recall, "\n".join(wrong)


@pytest.mark.parametrize("examples", [EXAMPLES, BLIND_A], ids=["examples", "blind_a"])
def test_example_files_are_well_formed(examples: list[tuple[str, str]]) -> None:
    labels = {label for label, _ in examples}
    assert labels == {"risky", "ok"}
    assert len(examples) >= 120
    risky = [text for label, text in examples if label == "risky"]
    assert len(risky) >= 0.4 * len(examples)
    assert len({text for _, text in examples}) == len(examples), "duplicate examples"


def test_precision_and_recall_on_examples() -> None:
    precision, recall, report = _score(EXAMPLES)
    assert precision >= 0.95, f"precision {precision:.3f}\n{report}"
    assert recall >= 0.95, f"recall {recall:.3f}\n{report}"


def test_precision_and_recall_on_blind_set() -> None:
    # Slightly looser bounds than on the development examples: this set was written
    # independently, so a few phrasings the word groups do not cover are expected.
    precision, recall, report = _score(BLIND_A)
    assert precision >= 0.9, f"precision {precision:.3f}\n{report}"
    assert recall >= 0.85, f"recall {recall:.3f}\n{report}"


@pytest.mark.parametrize("text", RISKY_TEXTS[:20])
def test_bot_commands_are_never_flagged(text: str) -> None:
    assert assess(f"/vraag {text}") == GuardVerdict(risky=False, rule=None)
    assert assess(f"/zoek@rao_bot {text}").risky is False


def test_returned_rule_ids_exist_in_rules_yaml() -> None:
    ids = _rule_ids()
    assert ids >= GUARD_RULE_IDS
    for label, text in EXAMPLES + BLIND_A:
        if label != "risky":
            continue
        verdict = assess(text)
        if verdict.risky:
            assert verdict.rule in ids, text


def test_harmless_verdict_has_no_rule() -> None:
    for _label, text in EXAMPLES + BLIND_A:
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
    ("text", "rule"),
    [
        # Boycotts and joint refusals towards an insurer.
        ("niemand gaat in op het nieuwe contract van dsw toch?", "acm-collectief-onderhandelen"),
        ("zeggen we allemaal tegelijk het contract met onvz op?", "acm-collectief-onderhandelen"),
        ("wij negeren de uitvraag van vgz met z'n allen", "acm-collectief-onderhandelen"),
        # Agreeing who bids on a tender, and hands off someone else's patch.
        (
            "de anderen schrijven niet in op het ziekenhuis, dan krijg jij hem",
            "acm-marktverdeling",
        ),
        ("als jullie uit de wijk blijven, blijven wij weg van het centrum", "acm-marktverdeling"),
        # Yes/no questions for terms and a bare price floor.
        ("hebben jullie al een offerte ingediend bij menzis?", "acm-tarieven-delen"),
        ("ik ga niet onder de 9 voor een weekrol, doe er je voordeel mee", "acm-prijsafspraken"),
    ],
)
def test_generalised_signals_point_to_the_right_rule(text: str, rule: str) -> None:
    assert assess(text) == GuardVerdict(risky=True, rule=rule)


@pytest.mark.parametrize(
    "text",
    [
        "mag ik met collega's over tarieven praten?",
        "wat zegt de acm over prijsafspraken",
        "de contributie van de RAO gaat omhoog",
        "wie komt er naar de ALV",
        "de nza heeft de tarieven voor 2026 op de site gezet",
        "cz stuurt de contracten volgende week, staat in het portaal",
        "hoeveel procent van jullie patienten heeft een baxterrol?",
        "ik schrijf niet in op de aanbesteding, te veel gedoe",
        "wij hebben een nieuwe locatie geopend in het centrum, kom langs!",
        "",
        "   ",
    ],
)
def test_rule_questions_fees_news_and_own_matters_pass(text: str) -> None:
    assert assess(text).risky is False


def test_normalise_strips_accents_and_case() -> None:
    assert normalise("  Patiënten  €8  ") == "patienten euro 8"
