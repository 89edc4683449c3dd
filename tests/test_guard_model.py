"""The guard's fitted word model: its features, its file check, and how it joins the patterns."""

from __future__ import annotations

import json
from pathlib import Path

from bench.fit_guard import CHECK_ONLY, guard_sets
from bot.knowledge.guard import assess, by_patterns, excluded
from bot.knowledge.guard_model import (
    GuardModel,
    check_guard_model,
    features,
    read_guard_model,
    shipped_guard_model,
)


def test_features_are_words_pairs_and_fragments_with_numbers_as_one_token() -> None:
    found = features("Ik zit op 4,10 bij CZ, jij?")
    assert {"w:#", "w:cz", "p:op_#", "p:#_bij", "w:?"} <= found
    assert "f:<cz>" in found  # fragments of four, padded: short words are one fragment
    assert features("ik zit op 3,95 bij cz, jij?") == found  # any amount is the same token
    assert features("") == set()


def test_probability_follows_the_weights_and_the_cut_off() -> None:
    model = GuardModel(weights={"w:tarief": 3.0, "w:weer": -3.0}, bias=0.0, cutoff=0.6)
    assert model.risky("tarief")
    assert not model.risky("weer")
    assert model.probability("") == 0.0


def test_shipped_model_is_valid_and_checked(tmp_path: Path) -> None:
    model = shipped_guard_model()
    assert model is not None and 0 < model.cutoff < 1 and len(model.weights) > 1000
    assert check_guard_model() == []
    broken = tmp_path / "guard_model.json"
    broken.write_text(json.dumps({"weights": {}, "bias": 0, "cutoff": 2}), "utf-8")
    assert check_guard_model(broken) and "cutoff" in check_guard_model(broken)[0]
    assert check_guard_model(tmp_path / "absent.json") == []
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"weights": {"w:a": 1.0}, "bias": -1, "cutoff": 0.5}), "utf-8")
    assert read_guard_model(good).weights == {"w:a": 1.0}


def test_the_model_adds_warnings_the_patterns_miss_but_never_overrides_an_exclusion() -> None:
    # Wording the patterns do not know, that the model learned from labelled messages.
    added = [
        text
        for text in (
            "zullen we met z'n allen de lat bij cz op hetzelfde niveau leggen?",
            "wat heeft dsw jou nou uiteindelijk geboden, ben benieuwd",
            "laten we onze inkoopkorting bij de groothandel even naast elkaar leggen",
        )
        if assess(text).risky and not by_patterns(text).risky
    ]
    assert added, "the word model adds no warning beyond the patterns"
    for text in added:
        verdict = assess(text)
        assert verdict.rule is not None and verdict.signal is not None
    # A question about the rules is passed by the patterns on purpose: no second opinion.
    question = "mag ik vragen wat jullie bij cz krijgen, of is dat niet ok volgens de acm?"
    assert excluded(by_patterns(question)) and not assess(question).risky
    assert not assess("/vraag wat krijgen jullie bij cz").risky


def test_a_warning_the_model_adds_names_what_the_message_is_about() -> None:
    # Not the patterns' (they pass it), the model's: aligning at one level is price fixing.
    text = "zullen we met z'n allen de lat bij cz op hetzelfde niveau leggen?"
    assert not by_patterns(text).risky
    assert assess(text).rule == "acm-prijsafspraken"


def test_the_fit_never_reads_the_check_set_nor_the_blind_sets() -> None:
    sets = guard_sets()
    assert "guard_cases.tsv" in sets and "guard_dev_shortage.tsv" in CHECK_ONLY
    assert not set(sets) & set(CHECK_ONLY)
    assert not [name for name in sets if "blind_h" in name or "blind_i" in name]
