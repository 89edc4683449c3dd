"""Tests for the competition-law guard on group-chat messages."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from bot.knowledge.guard import GUARD_RULE_IDS, GuardVerdict, assess, by_patterns, normalise
from bot.knowledge.models import KnowledgeFile
from tests.search_eval import question_files

DATA = Path(__file__).parent / "data"
RULES_YAML = Path(__file__).parent.parent / "bot" / "knowledge" / "data" / "rules.yaml"


def _load(name: str) -> list[tuple[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(row["label"], row["text"]) for row in reader]


def _rule_ids() -> set[str]:
    data = yaml.safe_load(RULES_YAML.read_text(encoding="utf-8"))
    return {entry.id for entry in KnowledgeFile.model_validate(data).entries}


# The examples the guard was developed on, and independently written sets ("blind") that
# check the word groups generalise beyond the phrasing of the first. Set C is the harder one:
# terse replies, bare numbers, emoji, English mixed in, turn-taking and cover bids on tenders.
EXAMPLES = _load("guard_examples.tsv")
BLIND_A = _load("guard_blind_a.tsv")
BLIND_C = _load("guard_blind_c.tsv")
# Written by the guard's developer before the word groups were widened for it: new phrasings
# per cause (terse figures, euphemisms, boycotts, splitting, tenders, opening hours) and
# innocent look-alikes (public tariffs, mandate votes, lunch prices, rule questions).
DEV_F = _load("guard_dev_f.tsv")
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


@pytest.mark.parametrize(
    "examples", [EXAMPLES, BLIND_A, BLIND_C, DEV_F], ids=["examples", "blind_a", "blind_c", "dev_f"]
)
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


def test_precision_and_recall_on_harder_blind_set() -> None:
    precision, recall, report = _score(BLIND_C)
    assert precision >= 0.9, f"precision {precision:.3f}\n{report}"
    assert recall >= 0.8, f"recall {recall:.3f}\n{report}"


def _question_files() -> list[Path]:
    # Through readable(): the blind set H is never opened here either.
    return [DATA / name for name in question_files()]


# The question sets the patterns were tuned on: none of these may be flagged.
TUNED_QUESTIONS = ("questions_", "holdout", "blind_d_", "blind_e_")


def test_questions_to_the_bot_are_not_flagged_by_the_patterns() -> None:
    # Questions put to the bot about the rules or terms are no risky group messages.
    rows = [
        (path.name, label, text)
        for path in _question_files()
        if path.name.startswith(TUNED_QUESTIONS)
        for label, text in _load_questions(path)
    ]
    assert len(rows) > 1000  # a renamed set must not leave nothing to check
    flagged = [f"{name} ({label}): {text}" for name, label, text in rows if by_patterns(text).risky]
    assert not flagged, "\n".join(flagged)


def test_questions_to_the_bot_are_rarely_flagged() -> None:
    # The word model adds a few false alarms on questions (about 0.5 %). Newer sets also hold
    # questions worded as a proposal to the group ("kunnen we niet gewoon de verzorgingshuizen
    # onder elkaar verdelen?"): in a group chat, where the guard reads, that is a proposal and
    # a nudge is right. Measured: 109 of 3194 (3.4 %), 5 of 1131 in the tuned sets.
    # (set is tuned, label, text), read once; assess() once per question.
    rows = [
        (path.name.startswith(TUNED_QUESTIONS), label, text)
        for path in _question_files()
        for label, text in _load_questions(path)
    ]
    flagged_rows = [(tuned, label, text) for tuned, label, text in rows if assess(text).risky]
    questions, tuned = rows, [row for row in rows if row[0]]
    flagged = [f"({label}) {text}" for _, label, text in flagged_rows]
    flagged_tuned = [text for was_tuned, _, text in flagged_rows if was_tuned]
    assert len(questions) > 3000 and len(tuned) > 1000
    assert len(flagged) <= 0.04 * len(questions), "\n".join(flagged)
    assert len(flagged_tuned) <= 0.01 * len(tuned), "\n".join(flagged_tuned)


def _load_questions(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(row.get("expected_id") or "", row["question"]) for row in reader]


@pytest.mark.parametrize("text", RISKY_TEXTS[:20])
def test_bot_commands_are_never_flagged(text: str) -> None:
    assert assess(f"/vraag {text}") == GuardVerdict(risky=False, rule=None)
    assert assess(f"/zoek@rao_bot {text}").risky is False


def test_returned_rule_ids_exist_in_rules_yaml() -> None:
    ids = _rule_ids()
    assert ids >= GUARD_RULE_IDS
    for label, text in EXAMPLES + BLIND_A + BLIND_C + DEV_F:
        if label != "risky":
            continue
        verdict = assess(text)
        if verdict.risky:
            assert verdict.rule in ids, text


def test_harmless_verdict_has_no_rule() -> None:
    for _label, text in EXAMPLES + BLIND_A + BLIND_C + DEV_F:
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
        ("laten we de zzp'ers max 65 per uur betalen", "acm-zzp-lonen"),
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
        # Terse chat: a bare decimal next to an insurer, confirming a figure, English.
        ("menzis 3,45 bij mij, jullie?", "acm-tarieven-delen"),
        ("3,95 hier ook", "acm-tarieven-delen"),
        ("what discount did you give Menzis?", "acm-tarieven-delen"),
        ("wij tekenen niet bij vgz, jullie toch ook niet?", "acm-samen-contract-weigeren"),
        # Named places, taking turns, cover bids and not approaching each other's prescribers.
        ("Oldenzaal is voor jou, Losser voor mij", "acm-marktverdeling"),
        (
            "de tender van het verpleeghuis laat ik aan jullie, volgende keer ik",
            "acm-marktverdeling",
        ),
        ("zet jij bij de aanbesteding wat hoger in, dan gaat hij naar mij", "acm-marktverdeling"),
        ("mijn huisartsen niet benaderen aub", "acm-marktverdeling"),
        # Promises that wait for the others, opening hours, wages, customers other than patients.
        ("ik schrap de bezorgtoeslag als jullie dat ook doen", "acm-prijsafspraken"),
        ("zullen we zaterdag allemaal om 13:00 dicht gaan?", "acm-openingstijden"),
        ("laten we de salarissen van de assistenten onderling gelijk houden", "acm-zzp-lonen"),
        ("jij de scholen, ik de bedrijven op het industrieterrein", "acm-marktverdeling"),
        ("waar zitten jullie op bij dsw?", "acm-tarieven-delen"),
    ],
)
def test_generalised_signals_point_to_the_right_rule(text: str, rule: str) -> None:
    assert assess(text) == GuardVerdict(risky=True, rule=rule)


# Hand-written look-alikes that must pass (tests/data/guard_cases.tsv; bench/fit_guard.py also
# fits the word model on them): rule questions, fees, news, own matters, one patient handed over.
PASS_CASES = [text for label, text in _load("guard_cases.tsv") if label == "ok"]


@pytest.mark.parametrize("text", [*PASS_CASES, "", "   "])
def test_rule_questions_fees_news_and_own_matters_pass(text: str) -> None:
    assert assess(text).risky is False


def test_normalise_strips_accents_and_case() -> None:
    assert normalise("  Patiënten  €8  ") == "patienten euro 8"


# blind_b, blind_d and blind_e were written by others who never saw the patterns and were held
# out until they became tuning sets: their misses were read and covered by word families (not
# copies of the sentences), so their figures are in-sample now, like those of dev_f. blind_f and
# blind_g were measured once as blind and then became training sets of the word model (their
# misses were never used to change a pattern), as were the guard_train_* sets.
TUNED = ["guard_blind_b.tsv", "guard_blind_d.tsv", "guard_blind_e.tsv", "guard_dev_f.tsv"]
MODEL_TRAINED = [
    "guard_blind_f.tsv",
    "guard_blind_g.tsv",
    "guard_train_1.tsv",
    "guard_train_2.tsv",
    "guard_train_3.tsv",
    "guard_train_4.tsv",
]
# Blind sets H and I: written by people who never saw the patterns, the model, the code or any
# other set; committed unread (a06e8ed, 5a0dbd6) before the guard's last change. Neither
# bench/fit_guard.py nor anyone tuning reads them (tests/search_eval.py readable); this test
# only checks the figures and prints no message of them, so a failure does not make them
# tuning sets. Measured once at 2c13bc6: H P 0.905 R 0.977, I P 0.931 R 0.942.
BLIND = ["guard_blind_h.tsv", "guard_blind_i.tsv"]


@pytest.mark.parametrize("name", BLIND)
def test_blind_set_reaches_the_target(name: str) -> None:
    # Plain numbers only: pytest's report of a failed assert shows the objects in it.
    count, labelled, precision, recall = _blind_figures(name)
    assert count >= 160 and labelled, f"{name}: {count} messages, labels risky and ok: {labelled}"
    assert precision >= 0.9 and recall >= 0.9, f"{name}: P {precision:.3f} R {recall:.3f}"


def _blind_figures(name: str) -> tuple[int, bool, float, float]:
    examples = _load(name)
    precision, recall, _ = _score(examples)
    return len(examples), {label for label, _ in examples} == {"risky", "ok"}, precision, recall


@pytest.mark.parametrize("name", MODEL_TRAINED)
def test_sets_the_word_model_learned_from_stay_caught(name: str) -> None:
    precision, recall, report = _score(_load(name))
    assert precision >= 0.92 and recall >= 0.9, f"{name}: {precision:.3f} / {recall:.3f}\n{report}"


@pytest.mark.parametrize("name", TUNED)
def test_tuned_blind_set_reaches_the_target(name: str) -> None:
    precision, recall, report = _score(_load(name))
    assert precision >= 0.95 and recall >= 0.95, f"{name}: {precision:.3f} / {recall:.3f}\n{report}"


# Shortage, delivery and stock talk (and supply talk that does fix prices or shuts someone
# out), written to check the fix for a false warning; never fitted on (bench/fit_guard.py
# CHECK_ONLY), so it also shows whether the refitted word model learned the family.
def test_shortage_talk_is_never_warned_and_risky_supply_talk_is() -> None:
    rows = _load("guard_dev_shortage.tsv")
    assert len([1 for label, _ in rows if label == "ok"]) >= 20
    assert len([1 for label, _ in rows if label == "risky"]) >= 10
    precision, recall, report = _score(rows)
    assert precision == 1.0 and recall == 1.0, report
