"""Second stage of the lookup: the candidates BM25 found, ranked on named features.

BM25 finds the entries that share words with the question; which of them is meant depends on
more than word overlap: how much of the question an entry explains, whether the question
names the entry's title or only one word of it, and what kind of answer is asked for (a
verdict, a definition, a date, a number). Each candidate gets one row of RANK_FEATURES and the
fitted weights (outcomes.py) order them; the top one gets a row of OUTCOME_FEATURES from which
the outcome model estimates how likely it is right.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bot.knowledge.intent import Intent
from bot.knowledge.outcomes import OUTCOME_FEATURES, RANK_FEATURES, Features, Model

CANDIDATES = 20  # BM25's best entries that the features rank
FIRST_STAGE = (1.0, 0.5, 0.5, 0.5)  # keys, example questions, answer, asked: BM25's order
UNKNOWN_CAP = 3  # long chat has many words the knowledge lacks: only so many count
_KEY_COVERAGE, _SPECIFIC = RANK_FEATURES.index("key_coverage"), RANK_FEATURES.index("specific")
RULE_GAP = 3.0  # a legal rule this close behind the top makes the answer a legal one
LEGAL_REACH = 3  # ... and a rule this high in a question that names competition law
SUGGEST_ONLY = 0.5  # P(right) at most this when a rule may be the answer instead

Vector = npt.NDArray[np.float32]
Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True)
class EntryTable:
    """What the features need of each entry, computed once per index."""

    key_sets: list[list[frozenset[str]]]  # tokens of its title and each alias
    pairs: list[frozenset[tuple[str, str]]]  # word pairs of its title, aliases and questions
    is_rule: npt.NDArray[np.bool_]
    is_milestone: npt.NDArray[np.bool_]
    states_number: npt.NDArray[np.bool_]


@dataclass(frozen=True)
class QueryMatch:
    """What the first stage found for one question."""

    fields: tuple[Vector, Vector, Vector, Vector]  # keys, example questions, answer, asked
    found: list[npt.NDArray[np.bool_]]  # per matched word: the entries that contain it
    key_found: list[npt.NDArray[np.bool_]]  # ... in a title or alias
    weights: list[float]  # per matched word: how rare it is (idf)
    words: frozenset[str]  # the index words the question's words stand for
    pairs: frozenset[tuple[str, str]]  # ... for each two following words
    unknown_domain: int  # unmatched words the source documents use
    unknown_other: int  # unmatched words they do not use
    offtopic: float  # how closely it matches an off-topic question asked before
    max_idf: float  # the weight of a word only one entry has
    norm: float  # matched words x max_idf: scores comparable across index sizes


@dataclass(frozen=True)
class Ranked:
    order: list[int]  # entry positions, best first
    scores: list[float]
    features: Features
    strict: bool  # legal stakes: a rule is on top or close behind it


def legal_stakes(
    is_rule: Sequence[bool], scores: Sequence[float], intent: Intent, top: Sequence[float]
) -> bool:
    """A rule on top, or a rule close behind it in a question that may be a legal one (not a
    plain "wanneer" or "hoeveel", nor just the top entry's name): then only a clear lead is
    answered, as a confident wrong legal answer is the worst outcome. `top` is the top
    entry's row of RANK_FEATURES."""
    if is_rule[0]:
        return True
    named = top[_KEY_COVERAGE] >= 1.0 and top[_SPECIFIC] >= 1.0  # "resv": the whole question
    maybe_legal = intent.legal or not (named or intent.kind in ("when", "how_many"))
    close = (rule and s >= scores[0] - RULE_GAP for rule, s in zip(is_rule, scores, strict=True))
    return maybe_legal and (any(close) or rule_behind(is_rule, intent, top))


def rule_behind(is_rule: Sequence[bool], intent: Intent, top: Sequence[float]) -> bool:
    """Competition law named ("acm", "mag") and a rule among the first few behind a term
    that is not the whole question: the question may well be the rule's, however sure the
    model is of the term, so it is suggested rather than answered."""
    named = top[_KEY_COVERAGE] >= 1.0 and top[_SPECIFIC] >= 1.0
    return intent.legal and not is_rule[0] and not named and any(is_rule[1:LEGAL_REACH])


def arrange(scores: Matrix, milestone: Sequence[bool], intent: Intent) -> list[int]:
    """Candidates best first; "wanneer" is answered by a date, so for it a milestone close
    behind the top goes first."""
    order = [int(i) for i in np.argsort(-scores, kind="stable")]
    if intent.kind == "when":
        top = float(scores[order[0]])
        for n, i in enumerate(order):
            if float(scores[i]) < top - RULE_GAP:
                break
            if milestone[i]:
                order.insert(0, order.pop(n))
                scores[i] = top  # as good an answer as the best, not a weaker one
                break
    return order


def rank_rows(table: EntryTable, match: QueryMatch, intent: Intent, idx: Sequence[int]) -> Matrix:
    """One row of RANK_FEATURES per candidate entry."""
    keys, questions, body, asked = match.fields
    unknown = min(UNKNOWN_CAP, match.unknown_domain + match.unknown_other)
    total = sum(match.weights) + max(match.weights) * unknown
    rows = np.zeros((len(idx), len(RANK_FEATURES)))
    weights = np.array(match.weights)
    found = np.array(match.found)[:, idx]
    key_found = np.array(match.key_found)[:, idx]
    when, how_many = intent.kind == "when", intent.kind == "how_many"
    for row, i in enumerate(idx):
        specific = max(
            (len(key & match.words) / len(key) for key in table.key_sets[i] if key), default=0.0
        )
        rule, milestone = bool(table.is_rule[i]), bool(table.is_milestone[i])
        rows[row] = (
            keys[i] / match.norm,
            questions[i] / match.norm,
            body[i] / match.norm,
            asked[i] / match.norm,
            weights @ found[:, row] / total,
            weights @ key_found[:, row] / total,
            specific,
            len(match.pairs & table.pairs[i]),
            (weights * key_found[:, row]).max() / match.max_idf,
            rule and intent.permission,
            rule and not intent.permission,
            not rule and not milestone and intent.definition,
            milestone and when,
            milestone and not when,
            bool(table.states_number[i]) and how_many,
        )
    return rows


def first_stage(match: QueryMatch) -> list[int]:
    """BM25's best entries, the candidates for the features."""
    total = np.zeros(len(match.fields[0]), np.float64)
    for weight, scores in zip(FIRST_STAGE, match.fields, strict=True):
        total += weight * scores
    count = min(CANDIDATES, len(total))
    top = np.argpartition(-total, count - 1)[:count]
    return sorted((int(i) for i in top if total[i] > 0), key=lambda i: -float(total[i]))


def outcome_row(
    rows: Matrix, scores: Matrix, match: QueryMatch, intent: Intent, entry: int, strict: bool
) -> Matrix:
    """OUTCOME_FEATURES of the top candidate (rows and scores ordered best first)."""
    top = rows[0]
    names = RANK_FEATURES
    second = float(scores[1]) if len(scores) > 1 else float(scores[0]) - 5.0
    values = (
        float(scores[0]),
        float(scores[0]) - second,
        1 / float(np.exp(scores - scores[0]).sum()),
        top[names.index("coverage")],
        top[names.index("key_coverage")],
        top[names.index("specific")],
        top[names.index("key_rarity")],
        min(UNKNOWN_CAP, match.unknown_domain),
        min(UNKNOWN_CAP, match.unknown_other),
        min(6, len(match.weights)),
        match.offtopic,
        strict,
        intent.contact,
        intent.price,
        intent.person,
    )
    return np.array(values, np.float64)


def rank(table: EntryTable, match: QueryMatch, intent: Intent, model: Model) -> Ranked | None:
    idx = first_stage(match)
    if not idx:
        return None
    rows = rank_rows(table, match, intent, idx)
    raw = rows @ model.rank_weights()
    order = arrange(raw, [bool(table.is_milestone[i]) for i in idx], intent)
    rows, ordered = rows[order], raw[order]
    entries = [idx[i] for i in order]
    scores = [float(s) for s in ordered]
    strict = legal_stakes([bool(table.is_rule[i]) for i in entries], scores, intent, rows[0])
    values = outcome_row(rows, ordered, match, intent, entries[0], strict)
    right, able = model.probabilities(values)
    if rule_behind([bool(table.is_rule[i]) for i in entries], intent, rows[0]):
        right = min(right, SUGGEST_ONLY)
    features = Features(
        dict(zip(OUTCOME_FEATURES, (float(v) for v in values), strict=True)), right, able
    )
    return Ranked(entries, scores, features, strict)
