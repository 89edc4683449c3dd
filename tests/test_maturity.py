from __future__ import annotations

from fractions import Fraction

import pytest

from bot.polls.maturity import (
    DONT_KNOW,
    LEVEL_CUTOFF,
    STATEMENTS,
    compare,
    complete_answers,
    format_score,
    render_comparison,
    render_scan_result,
    scan_result,
)


def everyone(score_for_level: dict[int, int], members: int = 4) -> dict[str, dict[str, int]]:
    return {
        f"lid{m}": {s.key: score_for_level[s.level] for s in STATEMENTS} for m in range(members)
    }


def test_statements_cover_levels_two_to_four() -> None:
    assert 8 <= len(STATEMENTS) <= 10
    assert {s.level for s in STATEMENTS} == {2, 3, 4}
    assert len({s.key for s in STATEMENTS}) == len(STATEMENTS)
    keys = {s.key for s in STATEMENTS}
    assert {"visie", "overleg", "entiteit", "aanspreekpunt", "mandaat", "integraal"} <= keys


def test_distribution_mean_and_respondents() -> None:
    answers = {"a": {"visie": 5}, "b": {"visie": 4}, "c": {"visie": 1}, "d": {}}
    result = scan_result(answers)
    visie = result.get("visie")
    assert visie is not None
    assert visie.distribution == (1, 0, 0, 1, 1)
    assert visie.mean == Fraction(10, 3)
    assert result.respondents == 3
    overleg = result.get("overleg")
    assert overleg is not None and overleg.mean is None


@pytest.mark.parametrize(
    ("scores", "level"),
    [
        ({2: 2, 3: 5, 4: 5}, 1),  # high upper levels do not help without level 2
        ({2: 4, 3: 3, 4: 5}, 2),
        ({2: 4, 3: 4, 4: 2}, 3),
        ({2: 5, 3: 5, 4: 4}, 4),
    ],
)
def test_reached_level(scores: dict[int, int], level: int) -> None:
    assert scan_result(everyone(scores)).level == level


def test_cutoff_is_inclusive_and_exact() -> None:
    # two members: 3 and 4 on every statement -> mean exactly 3.5
    answers = {
        "a": {s.key: 3 for s in STATEMENTS},
        "b": {s.key: 4 for s in STATEMENTS},
    }
    result = scan_result(answers)
    assert all(item.mean == LEVEL_CUTOFF for item in result.statements)
    assert result.level == 4


def test_one_weak_statement_blocks_its_level() -> None:
    answers = everyone({2: 5, 3: 5, 4: 5})
    for member in answers.values():
        member["mandaat"] = 3
    assert scan_result(answers).level == 2


def test_unanswered_statement_blocks_its_level() -> None:
    answers = everyone({2: 5, 3: 5, 4: 5})
    for member in answers.values():
        del member["integraal"]
    assert scan_result(answers).level == 3


def test_no_answers_is_level_one() -> None:
    result = scan_result({})
    assert result.level == 1
    assert result.respondents == 0
    assert "nog geen antwoorden" in render_scan_result(result)


@pytest.mark.parametrize("bad", [{"visie": -1}, {"visie": 6}, {"onbekend": 3}, {"visie": True}])
def test_invalid_answers_are_caller_bugs(bad: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        scan_result({"a": bad})


def test_compare_deltas_and_level_change() -> None:
    before = scan_result(everyone({2: 4, 3: 3, 4: 2}))
    after = scan_result(everyone({2: 4, 3: 4, 4: 2}))
    comparison = compare(before, after)
    assert (comparison.level_before, comparison.level_after) == (2, 3)
    assert comparison.level_change == 1
    mandaat = next(c for c in comparison.changes if c.statement.key == "mandaat")
    assert mandaat.delta == 1
    assert (mandaat.met_before, mandaat.met_after) == (False, True)
    visie = next(c for c in comparison.changes if c.statement.key == "visie")
    assert visie.delta == 0
    text = render_comparison(comparison)
    assert "Niveau gestegen: van 2 naar 3" in text
    assert "Mandaat van de leden: 3,0 → 4,0 (+1,0)" in text
    assert "Gezamenlijke visie: 4,0 → 4,0 (0,0)" in text


def test_compare_with_missing_previous_answers() -> None:
    before = scan_result({})
    after = scan_result(everyone({2: 4, 3: 4, 4: 4}))
    comparison = compare(before, after)
    assert all(change.delta is None for change in comparison.changes)
    assert "– → 4,0 (–)" in render_comparison(comparison)


def test_render_scan_result() -> None:
    text = render_scan_result(scan_result(everyone({2: 4, 3: 5, 4: 2}, members=3)))
    assert "(3 deelnemers)" in text
    assert "<b>niveau 3</b>: Regionale apothekersorganisatie" in text
    assert "<b>Niveau 4: Accountable regionale apothekersorganisatie</b>" in text
    assert "gemiddeld 2,0 · verdeling 1 t/m 5: 0 · 3 · 0 · 0 · 0" in text
    assert "minstens 3,5" in text


@pytest.mark.parametrize(
    ("value", "signed", "text"),
    [
        (Fraction(7, 2), False, "3,5"),
        (Fraction(10, 3), False, "3,3"),
        (Fraction(1, 20), True, "+0,1"),
        (Fraction(-1, 3), True, "-0,3"),
        (Fraction(0), True, "0,0"),
        (None, False, "–"),
    ],
)
def test_format_score(value: Fraction | None, signed: bool, text: str) -> None:
    assert format_score(value, signed=signed) == text


def test_only_complete_answers_count_and_dont_know_is_no_score() -> None:
    keys = [s.key for s in STATEMENTS]
    full = dict.fromkeys(keys, 4)
    unsure = {**dict.fromkeys(keys, 5), "visie": DONT_KNOW}
    halfway = dict.fromkeys(keys[:3], 1)  # 3 of 10: before, a "deelnemer" of the result
    complete, incomplete = complete_answers({"a": full, "b": unsure, "c": halfway}, keys)
    assert sorted(complete) == ["a", "b"] and incomplete == 1
    result = scan_result(complete, incomplete=incomplete)
    assert result.respondents == 2 and result.incomplete == 1
    visie = result.get("visie")
    assert visie is not None and visie.unknown == 1 and visie.answered == 1
    assert visie.mean == 4  # "weet ik niet" is left out of the mean
    text = render_scan_result(result)
    assert "(2 deelnemers)" in text
    assert "1 lid vulde de scan niet helemaal in; die antwoorden tellen niet mee." in text
    assert "weet niet: 1" in text
