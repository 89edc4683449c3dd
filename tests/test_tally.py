from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import pytest

from bot.polls.rules import NO_QUORUM, Share, VotingUnit
from bot.polls.tally import (
    MANDATE_OPTIONS,
    ONTHOUDING,
    TEGEN,
    VOOR,
    PollKind,
    Verdict,
    render_result,
    tally,
)

QUORUM_85 = Share(Fraction(85, 100))
TWO_THIRDS = Share(Fraction(2, 3))


def mandate_votes(voor: int, tegen: int, onthouding: int) -> list[tuple[str, Sequence[int]]]:
    votes: list[tuple[str, Sequence[int]]] = []
    for choice, count in ((VOOR, voor), (TEGEN, tegen), (ONTHOUDING, onthouding)):
        votes.extend((f"apotheek-{choice}-{i}", [choice]) for i in range(count))
    return votes


def mandate(eligible: int, voor: int, tegen: int, onthouding: int, quorum: Share, threshold: Share):
    return tally(
        PollKind.MANDATE,
        MANDATE_OPTIONS,
        eligible,
        mandate_votes(voor, tegen, onthouding),
        quorum=quorum,
        threshold=threshold,
    )


def test_twelve_pharmacies_eleven_vote_quorum_85_met() -> None:
    result = mandate(12, 8, 2, 1, QUORUM_85, TWO_THIRDS)
    assert result.turnout == Fraction(11, 12)
    assert result.quorum_met is True
    assert result.counts == (8, 2, 1)
    assert result.voor_share == Fraction(8, 10)
    assert result.threshold_met is True
    assert result.verdict is Verdict.GRANTED
    assert result.verdict.granted
    assert result.verdict.line.endswith("Mandaat verleend")


def test_twelve_pharmacies_ten_vote_quorum_missed() -> None:
    result = mandate(12, 10, 0, 0, QUORUM_85, TWO_THIRDS)
    assert result.turnout == Fraction(10, 12)
    assert result.quorum_met is False
    assert result.threshold_met is True
    assert result.verdict is Verdict.NO_QUORUM
    assert "quorum niet gehaald" in result.verdict.line


def test_exact_two_thirds_is_met_without_float_error() -> None:
    result = mandate(12, 8, 4, 0, QUORUM_85, TWO_THIRDS)
    assert result.voor_share == Fraction(2, 3)
    assert result.threshold_met is True
    assert result.verdict is Verdict.GRANTED


def test_exact_two_thirds_fails_a_strict_threshold() -> None:
    result = mandate(12, 8, 4, 0, QUORUM_85, Share(Fraction(2, 3), strict=True))
    assert result.threshold_met is False
    assert result.verdict is Verdict.TOO_FEW_FOR
    assert "te weinig stemmen voor" in result.verdict.line


def test_exactly_half_fails_default_threshold_but_meets_default_quorum() -> None:
    result = tally(PollKind.MANDATE, MANDATE_OPTIONS, 12, mandate_votes(3, 3, 0))
    assert result.quorum_met is True  # 6 of 12 is at least 50 %
    assert result.threshold_met is False  # 3 of 6 is not more than half
    assert result.verdict is Verdict.TOO_FEW_FOR


def test_abstentions_count_for_quorum_only() -> None:
    result = mandate(10, 2, 1, 6, Share(Fraction(9, 10)), TWO_THIRDS)
    assert result.quorum_met is True
    assert result.voor_share == Fraction(2, 3)
    assert result.verdict is Verdict.GRANTED


def test_all_abstain() -> None:
    result = mandate(10, 0, 0, 10, QUORUM_85, TWO_THIRDS)
    assert result.quorum_met is True
    assert result.voor_share is None
    assert result.threshold_met is False
    assert result.verdict is Verdict.NO_FOR_OR_AGAINST
    assert "geen stemmen voor of tegen" in result.verdict.line


def test_zero_eligible_units() -> None:
    result = tally(PollKind.MANDATE, MANDATE_OPTIONS, 0, [], quorum=NO_QUORUM)
    assert result.turnout == 0
    assert result.quorum_met is False
    assert result.verdict is Verdict.NO_ELIGIBLE


def test_no_votes_at_all() -> None:
    result = mandate(12, 0, 0, 0, QUORUM_85, TWO_THIRDS)
    assert result.verdict is Verdict.NO_QUORUM
    text = render_result(result, "Mandaat?", final=True)
    assert "Nog geen stemmen." in text


def test_no_quorum_rule_with_one_vote() -> None:
    result = mandate(12, 1, 0, 0, NO_QUORUM, TWO_THIRDS)
    assert result.quorum_met is True
    assert result.verdict is Verdict.GRANTED


def test_quorum_missed_wins_over_threshold() -> None:
    result = mandate(12, 0, 5, 0, QUORUM_85, TWO_THIRDS)
    assert result.verdict is Verdict.NO_QUORUM


def test_quick_poll_single_choice() -> None:
    votes = [("a", [0]), ("b", [1]), ("c", [1])]
    result = tally(PollKind.SINGLE, ["di", "wo", "do"], 5, votes)
    assert result.counts == (1, 2, 0)
    assert result.turnout == Fraction(3, 5)
    assert result.verdict is None
    assert result.quorum_met is None
    assert result.share_of_voters(1) == Fraction(2, 3)


def test_quick_poll_multiple_choice_shares_are_of_voters() -> None:
    votes = [("a", [0, 1]), ("b", [1, 2]), ("c", [1])]
    result = tally(PollKind.MULTIPLE, ["di", "wo", "do"], 3, votes)
    assert result.counts == (1, 3, 1)
    assert result.share_of_voters(1) == 1
    text = render_result(result, "Welke avond?", final=False)
    assert "wo: 3 (100 %)" in text
    assert "Meerkeuze" in text


@pytest.mark.parametrize(
    ("kind", "votes"),
    [
        (PollKind.SINGLE, [("a", [0]), ("a", [1])]),
        (PollKind.SINGLE, [("a", [0, 1])]),
        (PollKind.SINGLE, [("a", [])]),
        (PollKind.SINGLE, [("a", [5])]),
        (PollKind.MULTIPLE, [("a", [1, 1])]),
        (PollKind.SINGLE, [("a", [0]), ("b", [0]), ("c", [0])]),
    ],
)
def test_caller_bugs_raise(kind: PollKind, votes: list[tuple[str, Sequence[int]]]) -> None:
    with pytest.raises(ValueError):
        tally(kind, ["x", "y"], 2, votes)


def test_mandate_needs_three_options() -> None:
    with pytest.raises(ValueError):
        tally(PollKind.MANDATE, ["ja", "nee"], 2, [])


def test_render_final_mandate() -> None:
    result = mandate(12, 8, 2, 1, QUORUM_85, TWO_THIRDS)
    text = render_result(result, "Mandaat voor <RESV>?", final=True)
    assert "<b>Uitslag: Mandaat voor &lt;RESV&gt;?</b>" in text
    assert "Voor: 8 (72,7 %)" in text
    assert "Opkomst: 11 van 12 apotheken (91,7 %)" in text
    assert "Quorum (minstens 85 %): gehaald" in text
    assert "Drempel (minstens 2/3 van voor + tegen): 80 % voor, gehaald" in text
    assert "Mandaat verleend" in text


def test_render_interim_has_no_verdict() -> None:
    result = mandate(12, 3, 0, 0, QUORUM_85, TWO_THIRDS)
    text = render_result(result, "Mandaat?", final=False, unit=VotingUnit.MEMBER)
    assert text.startswith("<b>Tussenstand")
    assert "nog niet gehaald" in text
    assert "van 12 leden" in text
    assert "Niet verleend" not in text
    assert "Mandaat verleend" not in text
