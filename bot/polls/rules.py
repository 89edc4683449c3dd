"""Quorum and pass-threshold rules as exact fractions.

A board's mandate can hinge on one vote (8 of 12 is exactly 2/3), so shares are kept as
`Fraction` and compared exactly; floats would let 0.6666... fail an "at least 2/3" rule.

Accepted input forms for `parse_share` (case-insensitive, spaces optional where sensible):

- percentage: ``85%``, ``85 %``, ``85,5%``, ``85.5 procent``
- proportion with a decimal separator: ``0,85``, ``0.85``, ``1,0``
- fraction: ``2/3``, ``3 / 4`` (numerator and denominator are whole numbers)
- words: ``de helft``, ``tweederde``/``twee derde``, ``driekwart``/``drie kwart``,
  ``een derde``, ``een kwart``, ``unaniem`` (= at least 100 %)
- majority words, all meaning "more than half": ``meerderheid``, ``gewone meerderheid``,
  ``volstrekte meerderheid``, ``absolute meerderheid``, ``meer dan de helft``
- prefixes: ``minstens``/``minimaal``/``ten minste``/``tenminste``/``vanaf``/``>=``/``≥``
  (at least, the default) and ``meer dan``/``groter dan``/``boven``/``>`` (strictly more)
- suffix ``+1`` / ``plus 1`` / ``plus een`` / ``plus één``: read as "strictly more than" the
  share (``50%+1`` and ``de helft plus één`` mean "more than half", the usual Dutch reading
  of a simple majority; for odd totals this differs from adding one whole vote to half)
- ``geen`` / ``0%``: no minimum, only where the caller allows zero (a quorum, not a threshold)

A bare whole number such as ``85`` is refused with a hint, because ``1`` could mean 1 % or
100 % and a vote rule must not be guessed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction
from html import escape

from bot.errors import UserFacingError
from bot.texts import votes as vote_texts


class PollInputError(UserFacingError):
    """A user-facing input problem; `.message` is Dutch, HTML-safe text for the reply."""


class ClosingChangedError(PollInputError):
    """A confirmation about a closing time that another /verleng changed meanwhile: acting on
    it would undo that change without anyone seeing it."""


class BareNumberError(PollInputError):
    """A whole number without "%": refused, with the percentage it probably meant, so a
    conversation can ask "Bedoel je 60%?" and accept "ja"."""

    def __init__(self, number: str) -> None:
        super().__init__(vote_texts.share_bare_number(number))
        self.suggestion = f"{number}%"


class VotingUnit(StrEnum):
    """Who holds a vote: one per pharmacy (default, as insurers count pharmacies) or per member."""

    PHARMACY = "apotheek"
    MEMBER = "lid"

    @property
    def singular(self) -> str:
        if self is VotingUnit.PHARMACY:
            return vote_texts.UNIT_PHARMACY_SINGULAR
        return vote_texts.UNIT_MEMBER_SINGULAR

    @property
    def plural(self) -> str:
        if self is VotingUnit.PHARMACY:
            return vote_texts.UNIT_PHARMACY_PLURAL
        return vote_texts.UNIT_MEMBER_PLURAL


@dataclass(frozen=True)
class Share:
    """A share of a whole, with `strict` meaning "more than" instead of "at least"."""

    value: Fraction
    strict: bool = False

    def __post_init__(self) -> None:
        if not 0 <= self.value <= 1:
            raise ValueError(f"share out of range: {self.value}")
        if self.strict and self.value == 1:
            raise ValueError("'more than 100 %' can never be met")

    def is_met(self, part: int, whole: int) -> bool:
        """Whether `part` out of `whole` meets the share; an empty whole never does."""
        if whole <= 0:
            return False
        ratio = Fraction(part, whole)
        return ratio > self.value if self.strict else ratio >= self.value

    def required(self, whole: int) -> int:
        """The smallest part of `whole` that meets the share (for "still N needed" hints)."""
        exact = self.value * whole
        if self.strict:
            return math.floor(exact) + 1
        return max(math.ceil(exact), 0)

    def describe(self) -> str:
        """Dutch wording, e.g. "minstens 85 %", "meer dan de helft", "minstens 2/3"."""
        if self.value == 0 and not self.strict:
            return vote_texts.SHARE_NONE
        if self.strict and self.value == Fraction(1, 2):
            return vote_texts.SHARE_HALF_STRICT
        if not self.strict and self.value == 1:
            return vote_texts.SHARE_ALL
        prefix = vote_texts.SHARE_MORE_THAN if self.strict else vote_texts.SHARE_AT_LEAST
        return f"{prefix} {_describe_amount(self.value)}"


DEFAULT_QUORUM = Share(Fraction(1, 2), strict=False)
DEFAULT_THRESHOLD = Share(Fraction(1, 2), strict=True)
NO_QUORUM = Share(Fraction(0), strict=False)


def format_percent(value: Fraction, decimals: int = 1) -> str:
    """Dutch percentage for display ("91,7 %", "50 %"); rounding half up, never used to decide."""
    quantum = Decimal(1).scaleb(-decimals)
    exact = Decimal(value.numerator) * 100 / Decimal(value.denominator)
    rounded = exact.quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{rounded:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") + " %"


def _describe_amount(value: Fraction) -> str:
    if (value * 10_000).denominator == 1:
        return format_percent(value, decimals=2)
    return f"{value.numerator}/{value.denominator}"


_STRICT_PREFIXES = ("meer dan", "groter dan", "boven", ">")
_AT_LEAST_PREFIXES = ("minstens", "minimaal", "ten minste", "tenminste", "vanaf", ">=", "≥")
_MAJORITY_WORDS = {
    "meerderheid",
    "gewone meerderheid",
    "volstrekte meerderheid",
    "absolute meerderheid",
    "meer dan de helft",
    "meer dan helft",
}
_UNANIMOUS_WORDS = {"unaniem", "iedereen", "allemaal"}
_ZERO_WORDS = {"geen", "geen quorum", "nul"}
_WORD_VALUES = {
    "de helft": Fraction(1, 2),
    "helft": Fraction(1, 2),
    "tweederde": Fraction(2, 3),
    "twee derde": Fraction(2, 3),
    "driekwart": Fraction(3, 4),
    "drie kwart": Fraction(3, 4),
    "een derde": Fraction(1, 3),
    "eenderde": Fraction(1, 3),
    "een kwart": Fraction(1, 4),
}
_PLUS_ONE = re.compile(r"\s*(?:\+|plus)\s*(?:1|een|één)$")
_PERCENT = re.compile(r"^(\d{1,3}(?:[.,]\d+)?)\s*(?:%|procent)$")
_FRACTION = re.compile(r"^(\d{1,4})\s*/\s*(\d{1,4})$")
_DECIMAL = re.compile(r"^(\d+[.,]\d+)$")
_WHOLE = re.compile(r"^\d+$")


def parse_share(text: str, *, allow_zero: bool = False) -> Share:
    """Read a quorum or threshold typed by a board member; see the module doc for the forms.

    Raises `PollInputError` with a Dutch message for nonsense or out-of-range input.
    """
    shown = escape(" ".join(text.split()), quote=False)
    normal = " ".join(text.replace("\u00a0", " ").lower().split()).rstrip(".")
    if not normal:
        raise PollInputError(vote_texts.SHARE_EMPTY)

    if normal in _ZERO_WORDS:
        return _zero_share(allow_zero)
    if normal in _MAJORITY_WORDS:
        return DEFAULT_THRESHOLD
    if normal in _UNANIMOUS_WORDS:
        return Share(Fraction(1))

    strict = False
    for prefix in _AT_LEAST_PREFIXES:
        if normal.startswith(prefix):
            normal = normal[len(prefix) :].strip()
            break
    else:
        for prefix in _STRICT_PREFIXES:
            if normal.startswith(prefix):
                normal = normal[len(prefix) :].strip()
                strict = True
                break

    plus_one = _PLUS_ONE.search(normal)
    if plus_one:
        normal = normal[: plus_one.start()].strip()
        strict = True

    value = _parse_amount(normal, shown)
    if value > 1:
        raise PollInputError(vote_texts.share_out_of_range(shown))
    if strict and value == 1:
        raise PollInputError(vote_texts.share_more_than_all(shown))
    if value == 0 and not strict:
        return _zero_share(allow_zero)
    return Share(value, strict)


def _zero_share(allow_zero: bool) -> Share:
    if not allow_zero:
        raise PollInputError(vote_texts.SHARE_ZERO_NOT_ALLOWED)
    return NO_QUORUM


def _parse_amount(normal: str, shown: str) -> Fraction:
    if normal in _WORD_VALUES:
        return _WORD_VALUES[normal]
    if match := _PERCENT.match(normal):
        return Fraction(match.group(1).replace(",", ".")) / 100
    if match := _FRACTION.match(normal):
        numerator, denominator = int(match.group(1)), int(match.group(2))
        if denominator == 0:
            raise PollInputError(vote_texts.share_not_understood(shown))
        return Fraction(numerator, denominator)
    if match := _DECIMAL.match(normal):
        value = Fraction(match.group(1).replace(",", "."))
        if value > 1:
            raise BareNumberError(escape(normal, quote=False))
        return value
    if _WHOLE.match(normal):
        if int(normal) == 0:
            return Fraction(0)
        raise BareNumberError(escape(normal, quote=False))
    raise PollInputError(vote_texts.share_not_understood(shown))
