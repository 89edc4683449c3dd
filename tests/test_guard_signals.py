"""The guard names the signal it saw; its word groups are validated data."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge.guard import assess
from bot.knowledge.guard_patterns import GUARD_FILE, check_patterns
from bot.texts import knowledge as texts


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("laten we allemaal niet onder de 8 euro gaan", "prices"),
        ("wat voor korting krijg jij bij cz", "discounts_margins"),
        ("jij doet de patienten ten noorden van het kanaal, wij de rest", "market_splitting"),
        ("de anderen schrijven niet in op het ziekenhuis, dan krijg jij hem", "tenders"),
        ("wij tekenen niet bij vgz, jullie toch ook niet?", "boycotts"),
        ("ik stuur jullie mijn offerte aan VGZ even door", "contract_terms"),
        ("welke looptijd hebben jullie met onvz afgesproken?", "contract_terms"),
        ("we laten zz zweten en tekenen pas als ze iedereen meer bieden", "boycotts"),
        ("zullen we de openingstijden gelijktrekken, allemaal om 17:30 dicht", "market_splitting"),
        ("doe maar niet inschrijven op de aanbesteding, dan blijft het bij ons", "tenders"),
    ],
)
def test_risky_messages_name_their_signal(text: str, signal: str) -> None:
    verdict = assess(text)
    assert verdict.risky and verdict.signal == signal
    assert signal in texts.GUARD_SIGNALS


def test_every_signal_has_one_warning_sentence() -> None:
    for sentence in texts.GUARD_SIGNALS.values():
        assert sentence.endswith(".") and sentence.count(". ") == 0


def test_guard_file_is_valid_and_broken_ones_are_reported(tmp_path: Path) -> None:
    assert check_patterns() == []
    broken = tmp_path / "guard.yaml"
    text = GUARD_FILE.read_text(encoding="utf-8").replace("  - tarie?f\n", "  - tarie?f(\n", 1)
    broken.write_text(text, encoding="utf-8")
    assert any("commercial" in problem for problem in check_patterns(broken))
