"""The guard names the signal it saw; its word groups are validated data."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge.guard import GuardVerdict, assess
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
        ("zullen we de openingstijden gelijktrekken, allemaal om 17:30 dicht", "opening_hours"),
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


# Found by an exploratory tester: a member asking about a shortage was publicly warned about
# prices, an opening-hours proposal was named patient division and aligning wages was named
# prices.
SHORTAGE = "Hebben jullie ook zo'n tekort aan amoxicilline drank? Wij krijgen niks meer binnen"


def test_a_shortage_question_gets_no_warning_nor_does_either_half() -> None:
    for text in (SHORTAGE, *SHORTAGE.split("? ")):
        assert assess(text) == GuardVerdict(risky=False, rule=None), text


@pytest.mark.parametrize(
    ("text", "rule", "signal"),
    [
        (
            "Zullen we allemaal op zaterdag dicht gaan en dezelfde openingstijden aanhouden? "
            "Scheelt personeel",
            "acm-openingstijden",
            "opening_hours",
        ),
        (
            "Wat betalen jullie je assistenten? Laten we allemaal dezelfde schaal aanhouden, "
            "dan gaan ze niet steeds overstappen",
            "acm-zzp-lonen",
            "labour",
        ),
        (
            "laten we de salarissen van de assistenten onderling gelijk houden",
            "acm-zzp-lonen",
            "labour",
        ),
        ("laten we de zzp'ers max 65 per uur betalen", "acm-zzp-lonen", "labour"),
    ],
)
def test_opening_hours_and_wages_are_named_as_such(text: str, rule: str, signal: str) -> None:
    verdict = assess(text)
    assert verdict == GuardVerdict(risky=True, rule=rule) and verdict.signal == signal
    assert "openingstijden" in texts.GUARD_SIGNALS["opening_hours"]
    assert "lonen" in texts.GUARD_SIGNALS["labour"]


# Shortage and supply talk with a price, an insurer or aligning words is still warned about.
@pytest.mark.parametrize(
    "text",
    [
        "nu alles niet leverbaar is kunnen we met z'n allen 15 euro per flesje vragen",
        "wat rekenen jullie voor de zelf bereide drank tijdens het tekort? wij 12 euro",
        "laten we tijdens het tekort de patienten van die nieuwe apotheek niet meer helpen",
        "die leveringsproblemen zijn mooi, laten we samen het contract met cz niet tekenen",
    ],
)
def test_supply_talk_that_fixes_prices_or_shuts_out_is_still_warned(text: str) -> None:
    assert assess(text).risky, text


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "zullen we met z'n allen het contract van VGZ niet tekenen?",
            "acm-samen-contract-weigeren",
        ),
        ("laten we allemaal weigeren het CZ contract te tekenen", "acm-samen-contract-weigeren"),
        ("laten we als collectief het contract van CZ boycotten", "acm-samen-contract-weigeren"),
        ("Wij tekenen het VGZ-contract allemaal niet, toch?", "acm-samen-contract-weigeren"),
    ],
)
def test_a_joint_refusal_of_a_contract_points_to_the_boycott_rule(text: str, rule: str) -> None:
    """Refusing together is its own rule (session 4): the warning's link must be about it, not
    about negotiating together."""
    verdict = assess(text)
    assert verdict.risky and verdict.rule == rule and verdict.signal == "boycotts", verdict
