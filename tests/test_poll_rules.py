from __future__ import annotations

from fractions import Fraction

import pytest

from bot.polls.rules import (
    DEFAULT_QUORUM,
    DEFAULT_THRESHOLD,
    NO_QUORUM,
    PollInputError,
    Share,
    format_percent,
    parse_share,
)


@pytest.mark.parametrize(
    ("text", "value", "strict"),
    [
        ("85%", Fraction(85, 100), False),
        ("85 %", Fraction(85, 100), False),
        ("85,5%", Fraction(855, 1000), False),
        ("85.5 procent", Fraction(855, 1000), False),
        ("0,85", Fraction(85, 100), False),
        ("0.85", Fraction(85, 100), False),
        ("1,0", Fraction(1), False),
        ("2/3", Fraction(2, 3), False),
        ("2 / 3", Fraction(2, 3), False),
        ("tweederde", Fraction(2, 3), False),
        ("twee derde", Fraction(2, 3), False),
        ("Driekwart", Fraction(3, 4), False),
        ("de helft", Fraction(1, 2), False),
        ("minstens 2/3", Fraction(2, 3), False),
        ("ten minste 60%", Fraction(3, 5), False),
        (">= 60%", Fraction(3, 5), False),
        ("≥60%", Fraction(3, 5), False),
        ("meer dan 50%", Fraction(1, 2), True),
        ("Meer dan de helft", Fraction(1, 2), True),
        ("> 2/3", Fraction(2, 3), True),
        ("meerderheid", Fraction(1, 2), True),
        ("gewone meerderheid", Fraction(1, 2), True),
        ("50%+1", Fraction(1, 2), True),
        ("50% + 1", Fraction(1, 2), True),
        ("de helft plus één", Fraction(1, 2), True),
        ("helft plus een", Fraction(1, 2), True),
        ("unaniem", Fraction(1), False),
        ("100%", Fraction(1), False),
        ("  85\u00a0%  ", Fraction(85, 100), False),
    ],
)
def test_parse_share_accepts_documented_forms(text: str, value: Fraction, strict: bool) -> None:
    assert parse_share(text) == Share(value, strict)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "abc", "85", "1", "150%", "1,5", "3/2", "1/0", "2/3/4", "meer dan 100%", "%"],
)
def test_parse_share_rejects_nonsense_with_dutch_message(text: str) -> None:
    with pytest.raises(PollInputError) as info:
        parse_share(text)
    assert info.value.message
    assert "<script>" not in info.value.message


def test_bare_number_gets_a_hint() -> None:
    with pytest.raises(PollInputError, match="85%"):
        parse_share("85")


def test_user_text_is_escaped_in_error() -> None:
    with pytest.raises(PollInputError) as info:
        parse_share("<b>veel</b>")
    assert "&lt;b&gt;veel" in info.value.message


def test_zero_only_where_allowed() -> None:
    with pytest.raises(PollInputError):
        parse_share("0%")
    assert parse_share("0%", allow_zero=True) == NO_QUORUM
    assert parse_share("geen", allow_zero=True) == NO_QUORUM
    assert parse_share("meer dan 0%") == Share(Fraction(0), strict=True)


def test_defaults() -> None:
    assert Share(Fraction(1, 2), strict=False) == DEFAULT_QUORUM
    assert Share(Fraction(1, 2), strict=True) == DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("share", "text"),
    [
        (Share(Fraction(85, 100)), "minstens 85 %"),
        (Share(Fraction(1, 2), strict=True), "meer dan de helft"),
        (Share(Fraction(2, 3)), "minstens 2/3"),
        (Share(Fraction(2, 3), strict=True), "meer dan 2/3"),
        (Share(Fraction(1, 2)), "minstens 50 %"),
        (Share(Fraction(855, 1000)), "minstens 85,5 %"),
        (Share(Fraction(3, 4), strict=True), "meer dan 75 %"),
        (Share(Fraction(1)), "iedereen (100 %)"),
        (NO_QUORUM, "geen quorum"),
    ],
)
def test_describe(share: Share, text: str) -> None:
    assert share.describe() == text


def test_is_met_exact_and_strict() -> None:
    two_thirds = Share(Fraction(2, 3))
    assert two_thirds.is_met(8, 12)
    assert not Share(Fraction(2, 3), strict=True).is_met(8, 12)
    assert not two_thirds.is_met(7, 12)
    half_strict = Share(Fraction(1, 2), strict=True)
    assert not half_strict.is_met(6, 12)
    assert half_strict.is_met(7, 12)
    assert Share(Fraction(1, 2)).is_met(6, 12)
    assert not two_thirds.is_met(0, 0)


def test_required_counts() -> None:
    assert Share(Fraction(85, 100)).required(12) == 11  # 10.2 -> 11
    assert Share(Fraction(2, 3)).required(12) == 8
    assert Share(Fraction(2, 3), strict=True).required(12) == 9
    assert Share(Fraction(1, 2), strict=True).required(11) == 6
    assert Share(Fraction(1, 2), strict=True).required(12) == 7
    assert NO_QUORUM.required(12) == 0


def test_share_refuses_impossible_values() -> None:
    with pytest.raises(ValueError):
        Share(Fraction(3, 2))
    with pytest.raises(ValueError):
        Share(Fraction(1), strict=True)


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (Fraction(11, 12), 1, "91,7 %"),
        (Fraction(1, 2), 1, "50 %"),
        (Fraction(2, 3), 0, "67 %"),
        (Fraction(1, 8), 1, "12,5 %"),
        (Fraction(1, 16), 1, "6,3 %"),
        (Fraction(0), 1, "0 %"),
    ],
)
def test_format_percent(value: Fraction, decimals: int, text: str) -> None:
    assert format_percent(value, decimals) == text
