"""Counting votes and deciding whether a mandate was granted.

Rules for a mandate vote (options Voor / Tegen / Onthouding, in that order):

- turnout = voting units that voted / eligible units; the quorum is met when the turnout
  meets the quorum share. Abstentions count for the quorum only.
- the threshold is met when "voor" / ("voor" + "tegen") meets the threshold share.
- verdict, first match wins: no eligible units; quorum not met; no votes for or against
  (everyone abstained); threshold not met; otherwise granted.

Quick polls only report the split and the turnout. The caller passes one current vote per
unit (storage keeps the latest choice); duplicates or units beyond the roster are a bug in
the caller, so they raise `ValueError` instead of being silently counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from html import escape

from bot.polls.rules import (
    DEFAULT_QUORUM,
    DEFAULT_THRESHOLD,
    Share,
    VotingUnit,
    format_percent,
)
from bot.texts import vote_kinds as kind_texts
from bot.texts import votes as vote_texts

VOOR, TEGEN, ONTHOUDING = 0, 1, 2
MANDATE_OPTIONS: tuple[str, ...] = vote_texts.MANDATE_OPTIONS


class PollKind(StrEnum):
    MANDATE = "mandaat"
    SINGLE = "enkelvoudig"
    MULTIPLE = "meerkeuze"


class Verdict(StrEnum):
    GRANTED = "granted"
    NO_ELIGIBLE = "no_eligible"
    NO_QUORUM = "no_quorum"
    NO_FOR_OR_AGAINST = "no_for_or_against"
    TOO_FEW_FOR = "too_few_for"

    @property
    def line(self) -> str:
        """The Dutch one-liner for the result message."""
        return vote_texts.VERDICT_LINES[self.value]

    @property
    def granted(self) -> bool:
        return self is Verdict.GRANTED


@dataclass(frozen=True)
class Tally:
    kind: PollKind
    options: tuple[str, ...]
    counts: tuple[int, ...]
    eligible_units: int
    voted_units: int
    quorum: Share | None
    threshold: Share | None
    quorum_met: bool | None
    threshold_met: bool | None
    verdict: Verdict | None

    @property
    def turnout(self) -> Fraction:
        if self.eligible_units <= 0:
            return Fraction(0)
        return Fraction(self.voted_units, self.eligible_units)

    def share_of_voters(self, index: int) -> Fraction:
        """An option's count as a share of the units that voted (the base for poll bars)."""
        if self.voted_units == 0:
            return Fraction(0)
        return Fraction(self.counts[index], self.voted_units)

    @property
    def voor_share(self) -> Fraction | None:
        """ "voor" / ("voor" + "tegen"), or None when nobody voted for or against."""
        if self.kind is not PollKind.MANDATE:
            return None
        decided = self.counts[VOOR] + self.counts[TEGEN]
        if decided == 0:
            return None
        return Fraction(self.counts[VOOR], decided)


def tally(
    kind: PollKind,
    options: Sequence[str],
    eligible_units: int,
    votes: Sequence[tuple[str, Sequence[int]]],
    *,
    quorum: Share = DEFAULT_QUORUM,
    threshold: Share = DEFAULT_THRESHOLD,
) -> Tally:
    """Count `votes` (unit, chosen option indices) among `eligible_units` voting units.

    For `PollKind.MANDATE` the options must be the three of `MANDATE_OPTIONS` (Voor, Tegen,
    Onthouding); quorum and threshold apply only to mandate votes.
    """
    option_tuple = tuple(options)
    if eligible_units < 0:
        raise ValueError("eligible_units must not be negative")
    if kind is PollKind.MANDATE and len(option_tuple) != len(MANDATE_OPTIONS):
        raise ValueError("a mandate vote has exactly three options: voor, tegen, onthouding")
    if len(option_tuple) < 2:
        raise ValueError("a poll needs at least two options")
    if len(votes) > eligible_units:
        raise ValueError(f"{len(votes)} votes but only {eligible_units} eligible units")

    counts = [0] * len(option_tuple)
    seen: set[str] = set()
    for unit, choices in votes:
        if unit in seen:
            raise ValueError(f"unit {unit!r} voted twice; pass one current vote per unit")
        seen.add(unit)
        chosen = set(choices)
        if not chosen or len(chosen) != len(choices):
            raise ValueError(f"unit {unit!r} has an empty or repeated choice: {choices!r}")
        if kind is not PollKind.MULTIPLE and len(chosen) != 1:
            raise ValueError(f"unit {unit!r} chose {len(chosen)} options in a single-choice vote")
        for index in chosen:
            if not 0 <= index < len(option_tuple):
                raise ValueError(f"unit {unit!r} chose unknown option {index}")
            counts[index] += 1

    voted = len(votes)
    if kind is not PollKind.MANDATE:
        return Tally(
            kind, option_tuple, tuple(counts), eligible_units, voted, None, None, None, None, None
        )

    quorum_met = quorum.is_met(voted, eligible_units) if eligible_units > 0 else False
    decided = counts[VOOR] + counts[TEGEN]
    threshold_met = threshold.is_met(counts[VOOR], decided)
    if eligible_units == 0:
        verdict = Verdict.NO_ELIGIBLE
    elif not quorum_met:
        verdict = Verdict.NO_QUORUM
    elif decided == 0:
        verdict = Verdict.NO_FOR_OR_AGAINST
    elif not threshold_met:
        verdict = Verdict.TOO_FEW_FOR
    else:
        verdict = Verdict.GRANTED
    return Tally(
        kind,
        option_tuple,
        tuple(counts),
        eligible_units,
        voted,
        quorum,
        threshold,
        quorum_met,
        threshold_met,
        verdict,
    )


def render_result(
    result: Tally,
    question: str,
    *,
    final: bool,
    unit: VotingUnit = VotingUnit.PHARMACY,
    purpose: str | None = None,
) -> str:
    """The result message (HTML): question, split per option, turnout and, for a closed
    mandate vote, the verdict (worded for the vote's `purpose`, see `bot.polls.purpose`). An
    open vote shows a "Tussenstand" without a verdict, so nobody reads an interim count as a
    decision."""
    heading = vote_texts.RESULT_FINAL if final else vote_texts.RESULT_INTERIM
    if question:  # the poll's own message shows its question above; "" leaves it out
        heading = f"{heading}: {escape(question, quote=False)}"
    lines = [f"<b>{heading}</b>", ""]
    if result.voted_units == 0:
        lines.append(vote_texts.RESULT_NO_VOTES)
    for index, label in enumerate(result.options):
        count = result.counts[index]
        percent = format_percent(result.share_of_voters(index))
        lines.append(f"{escape(label, quote=False)}: {count} ({percent})")
    lines.append("")
    lines.append(
        vote_texts.turnout_line(
            result.voted_units,
            result.eligible_units,
            format_percent(result.turnout),
            unit.singular,
            unit.plural,
        )
    )
    if result.kind is PollKind.MULTIPLE:
        lines.append(vote_texts.MULTIPLE_NOTE)
    if result.kind is not PollKind.MANDATE:
        return "\n".join(lines)

    assert result.quorum is not None and result.threshold is not None
    lines.append(vote_texts.quorum_line(result.quorum.describe(), bool(result.quorum_met), final))
    voor_share = result.voor_share
    if voor_share is None:
        lines.append(vote_texts.THRESHOLD_NO_VOTES)
    else:
        lines.append(
            vote_texts.threshold_line(
                result.threshold.describe(),
                format_percent(voor_share),
                bool(result.threshold_met),
                final,
            )
        )
    lines.append(vote_texts.ABSTAIN_NOTE)
    if final and result.verdict is not None:
        line = (
            kind_texts.verdict_line(result.verdict.value, purpose)
            if purpose
            else result.verdict.line
        )
        lines.extend(["", f"<b>{line}</b>"])
    return "\n".join(lines)
