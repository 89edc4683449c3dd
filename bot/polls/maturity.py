"""The maturity scan: where does our RAO stand on the four maturity levels.

The levels are those of the Jan van Es Instituut as used by KNMP (seed S0, "Visie op
regionalisering"): 1 ad hoc / separate organisations; 2 cooperating organisations (culture of
alignment, aware of the need to act together, structural consultation); 3 regional pharmacist
organisation (one legal entity, one point of contact, a shared goal; plus the members' mandate
that KNMP stresses); 4 accountable RAO (population-based goals, quality and cost, integral
agreements with other parties).

Each statement is phrased positively and belongs to the level whose traits it describes.
Level 1 has no statements: it is the starting point, and its traits (no shared vision,
incidental consultation) are the absence of level 2's.

Level rule: level L (2-4) is reached when every statement of level L and of all lower levels
has a mean score of at least `LEVEL_CUTOFF` (3.5 on the 1-5 scale: halfway between "neutraal"
and "eens", so the members lean towards agreeing); levels are reached in order, so a high level-4
score does not help when level 2 is not reached. A statement without answers is not met.
Level 1 is the floor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from html import escape

from bot.texts import scan as scan_texts

SCALE = (1, 2, 3, 4, 5)
DONT_KNOW = 0  # "weet ik niet": an answer (the member is done with the statement), no score
LEVELS = (1, 2, 3, 4)
LEVEL_CUTOFF = Fraction(7, 2)

# member id -> statement key -> score 1..5 or DONT_KNOW.
Answers = Mapping[str, Mapping[str, int]]


@dataclass(frozen=True)
class Statement:
    key: str
    level: int
    short: str
    text: str


_STATEMENT_LEVELS = (
    ("visie", 2),
    ("overleg", 2),
    ("afstemming", 2),
    ("entiteit", 3),
    ("aanspreekpunt", 3),
    ("doel", 3),
    ("mandaat", 3),
    ("populatie", 4),
    ("kwaliteit_kosten", 4),
    ("integraal", 4),
)

STATEMENTS: tuple[Statement, ...] = tuple(
    Statement(key, level, *scan_texts.SCAN_STATEMENTS[key]) for key, level in _STATEMENT_LEVELS
)


@dataclass(frozen=True)
class StatementResult:
    statement: Statement
    distribution: tuple[int, int, int, int, int]  # count of scores 1..5
    unknown: int = 0  # "weet ik niet": not in the mean

    @property
    def answered(self) -> int:
        return sum(self.distribution)

    @property
    def mean(self) -> Fraction | None:
        if self.answered == 0:
            return None
        total = sum(score * count for score, count in zip(SCALE, self.distribution, strict=True))
        return Fraction(total, self.answered)

    def meets(self, cutoff: Fraction = LEVEL_CUTOFF) -> bool:
        mean = self.mean
        return mean is not None and mean >= cutoff


@dataclass(frozen=True)
class ScanResult:
    statements: tuple[StatementResult, ...]
    respondents: int
    level: int
    cutoff: Fraction = LEVEL_CUTOFF
    incomplete: int = 0  # members who did not answer every statement: left out

    def get(self, key: str) -> StatementResult | None:
        for result in self.statements:
            if result.statement.key == key:
                return result
        return None


@dataclass(frozen=True)
class StatementChange:
    statement: Statement
    mean_before: Fraction | None
    mean_after: Fraction | None
    met_before: bool
    met_after: bool

    @property
    def delta(self) -> Fraction | None:
        if self.mean_before is None or self.mean_after is None:
            return None
        return self.mean_after - self.mean_before


@dataclass(frozen=True)
class ScanComparison:
    changes: tuple[StatementChange, ...]
    level_before: int
    level_after: int

    @property
    def level_change(self) -> int:
        return self.level_after - self.level_before


def complete_answers(
    answers: Answers, keys: Sequence[str]
) -> tuple[dict[str, dict[str, int]], int]:
    """The answers of members who answered every statement ("weet ik niet" counts as an
    answer), and how many members stopped halfway: a scan counts only complete answers, so
    three answered statements do not make a participant."""
    wanted = set(keys)
    complete = {
        member: dict(scores) for member, scores in answers.items() if wanted <= scores.keys()
    }
    incomplete = sum(1 for scores in answers.values() if scores and not wanted <= scores.keys())
    return complete, incomplete


def scan_result(
    answers: Answers,
    statements: Sequence[Statement] = STATEMENTS,
    cutoff: Fraction = LEVEL_CUTOFF,
    incomplete: int = 0,
) -> ScanResult:
    """Aggregate the answers; unknown statement keys or scores outside 0-5 are caller bugs."""
    known = {statement.key for statement in statements}
    counts = {statement.key: [0, 0, 0, 0, 0] for statement in statements}
    unknown = dict.fromkeys(known, 0)
    respondents = 0
    for member, scores in answers.items():
        for key, score in scores.items():
            if key not in known:
                raise ValueError(f"member {member!r} answered unknown statement {key!r}")
            if isinstance(score, bool) or (score not in SCALE and score != DONT_KNOW):
                raise ValueError(f"member {member!r} gave score {score!r} to {key!r}")
            if score == DONT_KNOW:
                unknown[key] += 1
            else:
                counts[key][score - 1] += 1
        if scores:
            respondents += 1
    results = tuple(
        StatementResult(statement, _five(counts[statement.key]), unknown[statement.key])
        for statement in statements
    )
    return ScanResult(results, respondents, reached_level(results, cutoff), cutoff, incomplete)


def _five(values: list[int]) -> tuple[int, int, int, int, int]:
    return (values[0], values[1], values[2], values[3], values[4])


def reached_level(results: Sequence[StatementResult], cutoff: Fraction = LEVEL_CUTOFF) -> int:
    """The highest level whose statements, and all lower levels' statements, meet the cutoff."""
    level = LEVELS[0]
    for candidate in LEVELS[1:]:
        relevant = [r for r in results if r.statement.level <= candidate]
        if not any(r.statement.level == candidate for r in relevant):
            break
        if not all(r.meets(cutoff) for r in relevant):
            break
        level = candidate
    return level


def compare(previous: ScanResult, current: ScanResult) -> ScanComparison:
    """Per statement of the current scan: mean before and after, and the level change."""
    changes = []
    for result in current.statements:
        before = previous.get(result.statement.key)
        changes.append(
            StatementChange(
                statement=result.statement,
                mean_before=before.mean if before else None,
                mean_after=result.mean,
                met_before=before.meets(previous.cutoff) if before else False,
                met_after=result.meets(current.cutoff),
            )
        )
    return ScanComparison(tuple(changes), previous.level, current.level)


def format_score(value: Fraction | None, *, signed: bool = False) -> str:
    """Dutch one-decimal score ("3,5", "+0,3"); "–" when there is nothing to show."""
    if value is None:
        return "–"
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    rounded = exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{rounded:f}".replace(".", ",")
    if signed and rounded > 0:
        text = "+" + text
    if text in ("-0,0", "+0,0"):
        text = "0,0"
    return text


def render_scan_result(result: ScanResult) -> str:
    """The scan result as an HTML message, grouped by level."""
    lines = [
        f"<b>{scan_texts.SCAN_TITLE}</b> ({scan_texts.scan_respondents(result.respondents)})",
        "",
    ]
    if result.incomplete:
        lines[1:1] = [scan_texts.scan_incomplete(result.incomplete)]
    if result.respondents == 0:
        lines.append(scan_texts.SCAN_NO_ANSWERS)
        return "\n".join(lines)
    lines.append(scan_texts.scan_level_line(result.level, scan_texts.LEVEL_NAMES[result.level]))
    lines.append(scan_texts.scan_rule_line(format_score(result.cutoff)))
    for level in LEVELS:
        in_level = [r for r in result.statements if r.statement.level == level]
        if not in_level:
            continue
        lines.extend(["", scan_texts.scan_level_heading(level, scan_texts.LEVEL_NAMES[level])])
        for item in in_level:
            distribution = " · ".join(str(count) for count in item.distribution)
            mean = format_score(item.mean) if item.answered else scan_texts.SCAN_NO_ANSWER_SHORT
            lines.append(
                scan_texts.scan_statement_line(
                    escape(item.statement.text, quote=False),
                    mean,
                    distribution,
                    item.meets(result.cutoff),
                    item.unknown,
                )
            )
    return "\n".join(lines)


def render_comparison(comparison: ScanComparison) -> str:
    """The change since the previous scan as an HTML message."""
    lines = [
        f"<b>{scan_texts.SCAN_COMPARE_TITLE}</b>",
        scan_texts.scan_level_change(comparison.level_before, comparison.level_after),
        "",
    ]
    for change in comparison.changes:
        lines.append(
            scan_texts.scan_delta_line(
                escape(change.statement.short, quote=False),
                format_score(change.mean_before),
                format_score(change.mean_after),
                format_score(change.delta, signed=True),
            )
        )
    return "\n".join(lines)
