"""Fit the search's ranking weights and its answer / suggest / "don't know" model.

Run: .venv/bin/python -m bench.fit_outcomes [--dry-run]
Only the sets in tests/search_eval.py FIT_FILES are read (blind_d among them since it became a
tuning set, and blind_e to blind_h's questions after it); files named blind_i* are never opened
(tests/search_eval.py readable).
For every question the first stage (BM25 candidates and their RANK_FEATURES) is computed once.
Then, per fit:
1. ranking weights: a softmax over each answerable question's candidates (multinomial
   logistic regression with an L2 penalty), so the right entry gets the highest score;
2. outcome model: a logistic regression (L2) of "the top entry is the right one" on the
   OUTCOME_FEATURES of every question, off-topic ones included;
3. cut-offs on its probability with the highest utility, chosen on each set's probabilities
   from a model fitted without that set (cross-validated, so the cut-offs hold for new sets):
   a right answer counts 1, the right entry as first suggestion 0.6, a refused off-topic
   question 1; a wrong answer costs 1 and a wrong answer involving a legal rule costs 30, so
   the rule cut-off ends up strict.
Leave-one-set-out cross-validation prints how a model fitted without a set does on that set,
measured with the real search (tests/search_eval.py evaluate). The model fitted on all sets
is written to bot/knowledge/data/outcomes.yaml, which the search loads.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import yaml

from bot.assembly import build_knowledge
from bot.knowledge.asked import ASKED_FILE, Asked, is_milestone_key, write_asked
from bot.knowledge.intent import Intent, detect_intent
from bot.knowledge.loader import DATA_DIR, Knowledge
from bot.knowledge.outcomes import FALLBACK, OUTCOME_FEATURES, OUTCOMES_FILE, RANK_FEATURES, Model
from bot.knowledge.ranking import (
    CANDIDATES,
    QueryMatch,
    arrange,
    first_stage,
    legal_stakes,
    outcome_row,
    rank_rows,
)
from bot.knowledge.search import SearchIndex
from tests.search_eval import FIT_FILES, Evaluation, evaluate, load_questions, matches, readable

RIGHT_ANSWER, RIGHT_FIRST, REFUSED = 1.0, 0.6, 1.0
WRONG_ANSWER, WRONG_LEGAL, OFFTOPIC_SUGGESTED = -1.0, -30.0, -0.3
RANK_L2, OUTCOME_L2 = 0.01, 1.0
LEGAL_FLOOR = 0.98  # policy: a legal answer only when the model is at least this sure
CUTS = np.round(np.linspace(0.02, 0.98, 49), 2)

Array = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Row:
    source: str
    question: str
    expected: str | None
    intent: Intent
    ids: list[str]  # candidates in first-stage order
    entries: list[int]  # ... their positions in the index
    strict: list[bool]
    x: Array  # RANK_FEATURES per candidate
    right: tuple[int, ...]  # positions of the right candidates (milestones: every year's)
    match: QueryMatch  # the first stage's, for the outcome features


def asked_from(knowledge: Knowledge, files: list[str]) -> Asked:
    """The labelled questions of `files` as collected questions: per entry, and off-topic."""
    answered: dict[str, list[str]] = {}
    offtopic: list[str] = []
    for question, expected in load_questions(files):
        if expected is None:
            offtopic.append(question)
            continue
        # The first label the question names: an entry, or a milestone of every year's.
        options = expected.split("|")
        entry = next((e for e in options if e in knowledge.entries or is_milestone_key(e)), None)
        if entry is not None:
            answered.setdefault(entry, []).append(question)
    return Asked(answered, offtopic)


def index_without(knowledge: Knowledge, left_out: set[str]) -> SearchIndex:
    """The search as it would be had the sets in `left_out` never been collected."""
    files = [f for f in FIT_FILES if f not in left_out]
    base = knowledge.index
    return SearchIndex.build(base.items, base.synonyms, asked=asked_from(knowledge, files))


def observe_all(knowledge: Knowledge, held_out: str | None) -> list[Row]:
    """Rows of every fit set but `held_out`, each seen by a search that never collected its
    own set (nor the held-out one): features as a new question would have them."""
    rows: list[Row] = []
    for name in FIT_FILES:
        if name != held_out:
            left_out = {name} | ({held_out} if held_out else set())
            rows += observe(index_without(knowledge, left_out), [name])
    return rows


def observe(index: SearchIndex, files: list[str]) -> list[Row]:
    rows: list[Row] = []
    for name in files:
        for question, expected in load_questions([name]):
            intent = detect_intent(question)
            if intent.kind in ("greeting", "thanks", "bot_help", "compare"):
                continue  # decided without the model's ranking (a comparison: per subject)
            match = index.match(question)
            idx = first_stage(match) if match is not None else []
            if match is None or not idx:
                continue  # nothing matched: "don't know" whatever the model
            ids = [index.items[i].id for i in idx]
            right = tuple(n for n, i in enumerate(ids) if expected and matches(i, expected))
            x = rank_rows(index.table, match, intent, idx)
            strict = [index.items[i].strict for i in idx]
            rows.append(Row(name, question, expected, intent, ids, idx, strict, x, right, match))
    return rows


def fit_ranking(rows: list[Row]) -> Array:
    usable = [r for r in rows if r.right]
    x = np.zeros((len(usable), CANDIDATES, len(RANK_FEATURES)))
    mask = np.zeros((len(usable), CANDIDATES), np.bool_)
    y = np.zeros((len(usable), CANDIDATES))
    for n, row in enumerate(usable):
        x[n, : len(row.ids)] = row.x
        mask[n, : len(row.ids)] = True
        y[n, list(row.right)] = 1.0
    w = FALLBACK.rank_weights().copy()
    m, v = np.zeros_like(w), np.zeros_like(w)
    for step in range(1, 1501):  # Adam on the mean softmax loss (any right entry counts)
        s = np.where(mask, x @ w, -np.inf)
        p = np.exp(s - s.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        q = p * y / (p * y).sum(axis=1, keepdims=True)  # the right candidates' share
        grad = np.einsum("nc,ncf->f", p - q, x)
        grad = grad / len(usable) + RANK_L2 * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        w -= 0.05 * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return w


def outcome_data(rows: list[Row], w: Array) -> tuple[Array, Array, Array, Array]:
    """Per question: outcome features of the top entry, right?, answerable?, legal stakes?"""
    z, right, answerable, strict = [], [], [], []
    for row in rows:
        scores = row.x @ w
        order = arrange(scores, [i.startswith("m:") for i in row.ids], row.intent)
        top = order[0]
        entry = row.entries[top]
        stakes = legal_stakes(
            [row.strict[i] for i in order],
            [float(scores[i]) for i in order],
            row.intent,
            row.x[order[0]],
        )
        z.append(outcome_row(row.x[order], scores[order], row.match, row.intent, entry, stakes))
        right.append(top in row.right)
        answerable.append(row.expected is not None)
        strict.append(stakes)
    return tuple(np.array(a, np.float64) for a in (z, right, answerable, strict))  # type: ignore[return-value]


def fit_logistic(z: Array, y: Array) -> tuple[Array, float]:
    """L2-penalised logistic regression by Newton steps, on standardised features."""
    mean, std = z.mean(axis=0), z.std(axis=0) + 1e-9
    a = np.hstack([(z - mean) / std, np.ones((len(z), 1))])
    beta = np.zeros(a.shape[1])
    penalty = np.full(a.shape[1], OUTCOME_L2)
    penalty[-1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-(a @ beta)))
        grad = a.T @ (p - y) + penalty * beta
        hess = (a * (p * (1 - p))[:, None]).T @ a + np.diag(penalty) + 1e-9 * np.eye(len(beta))
        beta -= np.linalg.solve(hess, grad)
    weights = beta[:-1] / std
    return weights, float(beta[-1] - weights @ mean)


def fit_cuts(
    p: Array, able: Array, right: Array, answerable: Array, strict: Array
) -> tuple[float, float, float]:
    """Cut-offs: answer on P(right), the legal one on the rows with legal stakes only, and
    suggest on P(answerable) for the questions left unanswered."""
    wrong_plain = np.where(answerable > 0, WRONG_ANSWER, WRONG_ANSWER)
    gain_plain = np.where(right > 0, RIGHT_ANSWER - RIGHT_FIRST, wrong_plain)
    gain_legal = np.where(right > 0, RIGHT_ANSWER - RIGHT_FIRST, WRONG_LEGAL)
    plain = [(gain_plain * ((strict == 0) & (p >= a))).sum() for a in CUTS]
    legal = [(gain_legal * ((strict > 0) & (p >= a))).sum() for a in CUTS]
    answer = int(np.argmax(plain))
    rule = answer + int(np.argmax(legal[answer:]))  # never looser than a plain answer
    answered = np.where(strict > 0, p >= max(CUTS[rule], LEGAL_FLOOR), p >= CUTS[answer])
    gain_suggest = np.where(
        answerable > 0, np.where(right > 0, RIGHT_FIRST, 0.0), OFFTOPIC_SUGGESTED - REFUSED
    )
    suggest = [(gain_suggest * (~answered & (able >= s))).sum() for s in CUTS]
    legal_cut = max(float(CUTS[rule]), LEGAL_FLOOR)
    return float(CUTS[int(np.argmax(suggest))]), float(CUTS[answer]), legal_cut


def out_of_set(z: Array, y: Array, sources: list[str]) -> Array:
    """P(y) of every row from a model fitted without the row's own set: the probabilities a
    new set of questions would get, not the fitted rows' own (which are overconfident)."""
    p = np.zeros(len(z))
    names = sorted(set(sources))
    for name in names:
        own = np.array([s == name for s in sources])
        others = ~own if len(set(y[~own])) == 2 else np.ones(len(z), np.bool_)  # one set only
        weights, bias = fit_logistic(z[others], y[others])
        p[own] = 1 / (1 + np.exp(-(z[own] @ weights + bias)))
    return p


def fit(rows: list[Row], files: list[str]) -> Model:
    w = fit_ranking(rows)
    z, right, answerable, strict = outcome_data(rows, w)
    weights, bias = fit_logistic(z, right)
    able_weights, able_bias = fit_logistic(z, answerable)
    # The cut-offs are chosen on probabilities each set gets from a model fitted without it.
    sources = [row.source for row in rows]
    p, able = out_of_set(z, right, sources), out_of_set(z, answerable, sources)
    suggest, answer, answer_rule = fit_cuts(p, able, right, answerable, strict)

    def named(values: Array) -> dict[str, float]:
        return {n: round(float(v), 4) for n, v in zip(OUTCOME_FEATURES, values, strict=True)}

    return Model(
        rank={n: round(float(v), 4) for n, v in zip(RANK_FEATURES, w, strict=True)},
        outcome=named(weights),
        bias=round(bias, 4),
        answerable=named(able_weights),
        answerable_bias=round(able_bias, 4),
        answer=answer,
        answer_rule=answer_rule,
        suggest=suggest,
        fitted_on=files,
    )


def line(label: str, ev: Evaluation) -> str:
    return (
        f"  {label:<24} answer {ev.answered_rate:6.1%}  answer-or-first {ev.first_rate:6.1%}  "
        f"off-topic refused {ev.refused_rate:6.1%}  wrong answers {ev.answered_wrong} "
        f"(legal {ev.legal_wrong})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="print only, write nothing")
    parser.add_argument(
        "--failures", action="store_true", help="list each set's misses in cross-validation"
    )
    args = parser.parse_args()
    assert all(readable(name) for name in FIT_FILES), "a set that must never be read"
    knowledge = build_knowledge()
    print(f"fit sets: {', '.join(FIT_FILES)}")
    print("leave-one-set-out cross-validation (its questions neither collected nor fitted on):")
    pooled = Evaluation()
    for name in FIT_FILES:
        index = index_without(knowledge, {name})
        index.model = fit(observe_all(knowledge, name), [])
        ev = evaluate(index, load_questions([name]))
        print(line(name, ev))
        pooled.add(ev)
        if args.failures:
            print("\n".join(f"      {failure}" for failure in ev.failures))
    print(line("pooled", pooled))
    rows = observe_all(knowledge, None)
    final = fit(rows, FIT_FILES)
    index = index_without(knowledge, set())
    index.model = final
    print("fitted on all sets:")
    print("  ranking weights: " + ", ".join(f"{k} {v:+.2f}" for k, v in final.rank.items()))
    print("  P(right) weights: " + ", ".join(f"{k} {v:+.2f}" for k, v in final.outcome.items()))
    print(
        "  P(answerable) weights: "
        + ", ".join(f"{k} {v:+.2f}" for k, v in final.answerable.items())
    )
    print(
        f"  biases {final.bias:+.2f} / {final.answerable_bias:+.2f}; cut-offs: answer P(right) "
        f">= {final.answer:.2f}, with legal stakes >= {final.answer_rule:.2f}; suggest "
        f"P(answerable) >= {final.suggest:.2f}"
    )
    print(line("all sets (in-sample)", evaluate(index, load_questions(FIT_FILES))))
    if not args.dry_run:
        write_asked(DATA_DIR / ASKED_FILE, asked_from(knowledge, FIT_FILES), FIT_FILES)
        header = "# Written by bench/fit_outcomes.py; rerun it rather than editing by hand.\n"
        body = yaml.safe_dump(final.model_dump(), sort_keys=False, allow_unicode=True)
        OUTCOMES_FILE.write_text(header + body, encoding="utf-8")
        print(f"written to {OUTCOMES_FILE}")


if __name__ == "__main__":
    main()
