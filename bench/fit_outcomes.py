"""Fit the answer / suggest / "don't know" cut-offs on the labelled question sets.

Run: .venv/bin/python -m bench.fit_outcomes [--dry-run]
For every question of the fit sets (tests/search_eval.py FIT_FILES; a blind set added later is
never fitted on) the search's ranking features are computed once. A grid search then picks the
cut-offs with the highest utility: a right answer counts 1, the right entry as first suggestion
0.6, a refused off-topic question 1; a wrong answer costs 1 and a wrong answer involving a legal
rule costs 30, so the rule cut-off is fitted separately and ends up strict. Leave-one-set-out
cross-validation prints how cut-offs fitted without a set do on that set; the cut-offs fitted on
all sets are written to bot/knowledge/data/outcomes.yaml, which the search loads.
"""

from __future__ import annotations

import argparse
import itertools
from dataclasses import dataclass

import numpy as np
import yaml

from bot.assembly import build_knowledge
from bot.knowledge.intent import detect_intent
from bot.knowledge.outcomes import OUTCOMES_FILE, Cut, Features, Thresholds
from bot.knowledge.search import SearchIndex
from tests.search_eval import FIT_FILES, is_legal, is_right, load_questions, matches

RIGHT_ANSWER, RIGHT_FIRST, REFUSED = 1.0, 0.6, 1.0
WRONG_ANSWER, WRONG_LEGAL, OFFTOPIC_SUGGESTED = -1.0, -30.0, -0.3
MARGINS = [round(0.05 * i, 2) for i in range(13)]
COVERAGES = [0.4, 0.5, 0.6, 0.67, 0.75, 0.8, 0.9, 1.0]


@dataclass(frozen=True)
class Row:
    source: str
    expected: str | None
    features: Features | None  # None: the outcome does not depend on the cut-offs
    strict: bool
    right_top: bool  # the top-ranked entry is the expected one
    legal: bool  # a wrong answer here would involve a legal rule
    fixed_right: bool = False  # rows without features: right as they are (greeting, ...)


def observe(index: SearchIndex, files: list[str]) -> list[Row]:
    rows: list[Row] = []
    for name in files:
        for question, expected in load_questions([name]):
            intent = detect_intent(question)
            ranking = index.rank(question, intent)
            if intent.kind in ("greeting", "thanks", "bot_help", "compare") or ranking is None:
                right = is_right(index.search(question), expected)
                rows.append(Row(name, expected, None, False, False, False, right))
                continue
            top = ranking.hits[0].id
            legal = is_legal(index, [top, *(expected or "").split("|")])
            right = expected is not None and matches(top, expected)
            strict = index.items_by_id[top].strict
            rows.append(Row(name, expected, ranking.features, strict, right, legal))
    return rows


def utilities(rows: list[Row]) -> dict[str, np.ndarray]:
    """Per row, the utility of each outcome."""
    answer, suggest, none = [], [], []
    for row in rows:
        if row.expected is None:
            answer.append(WRONG_LEGAL if row.legal else WRONG_ANSWER)
            suggest.append(OFFTOPIC_SUGGESTED)
            none.append(REFUSED)
        else:
            wrong = WRONG_LEGAL if row.legal else WRONG_ANSWER
            answer.append(RIGHT_ANSWER if row.right_top else wrong)
            suggest.append(RIGHT_FIRST if row.right_top else 0.0)
            none.append(0.0)
    return {"answer": np.array(answer), "suggest": np.array(suggest), "none": np.array(none)}


def grid(rows: list[Row]) -> list[Cut]:
    scores = sorted({round(r.features.score, 2) for r in rows if r.features})
    levels = sorted(set(np.quantile(scores, np.linspace(0, 0.9, 19)).round(2))) if scores else [0]
    return [
        Cut(score=float(s), margin=m, coverage=c)
        for s, m, c in itertools.product(levels, MARGINS, COVERAGES)
    ]


def passes(cuts: list[Cut], rows: list[Row]) -> np.ndarray:
    """passes[c, r]: row r's features reach cut c (rows without features never do)."""
    s = np.array([r.features.score if r.features else -1.0 for r in rows])
    m = np.array([r.features.margin if r.features else -1.0 for r in rows])
    c = np.array([r.features.coverage if r.features else -1.0 for r in rows])
    cs = np.array([[cut.score, cut.margin, cut.coverage] for cut in cuts])
    return (s[None, :] >= cs[:, 0:1]) & (m[None, :] >= cs[:, 1:2]) & (c[None, :] >= cs[:, 2:3])


def fit(rows: list[Row]) -> Thresholds:
    ranked = [r for r in rows if r.features is not None]
    cuts = grid(ranked)
    table = passes(cuts, ranked)
    u = utilities(ranked)
    strict = np.array([r.strict for r in ranked])
    suggest_cuts = [i for i, cut in enumerate(cuts) if cut.margin == 0]
    best: tuple[float, Thresholds] | None = None
    for si in suggest_cuts:
        fallback = np.where(table[si], u["suggest"], u["none"])
        gain = u["answer"] - fallback
        plain = table @ np.where(strict, 0.0, gain)
        legal = table @ np.where(strict, gain, 0.0)
        total = fallback.sum() + plain.max() + legal.max()
        if best is None or total > best[0] + 1e-9:
            thresholds = Thresholds(
                answer=cuts[int(plain.argmax())],
                answer_rule=cuts[int(legal.argmax())],
                suggest=cuts[si],
            )
            best = (total, thresholds)
    assert best is not None
    fitted = best[1]
    # A rule is answered only where a term would be too: never a looser cut for legal answers.
    a, r = fitted.answer, fitted.answer_rule
    strictest = Cut(
        score=max(a.score, r.score),
        margin=max(a.margin, r.margin),
        coverage=max(a.coverage, r.coverage),
    )
    return fitted.model_copy(update={"answer_rule": strictest})


def outcomes(thresholds: Thresholds, rows: list[Row]) -> dict[str, float]:
    answered = first = wrong = legal_wrong = answerable = offtopic = refused = 0
    for row in rows:
        outcome = "fixed" if row.features is None else thresholds.decide(row.features, row.strict)
        if row.expected is None:
            offtopic += 1
            refused += outcome == "none" or (outcome == "fixed" and row.fixed_right)
        else:
            answerable += 1
            answered += outcome == "answer" and row.right_top
            first += (outcome in ("answer", "suggest") and row.right_top) or (
                outcome == "fixed" and row.fixed_right
            )
        if outcome == "answer" and not (row.expected and row.right_top):
            wrong += 1
            legal_wrong += row.legal
    return {
        "answer": answered / max(1, answerable),
        "first": first / max(1, answerable),
        "refused": refused / max(1, offtopic),
        "wrong": wrong,
        "legal_wrong": legal_wrong,
    }


def line(label: str, m: dict[str, float]) -> str:
    return (
        f"  {label:<26} answer {m['answer']:6.1%}  answer-or-first {m['first']:6.1%}  "
        f"off-topic refused {m['refused']:6.1%}  wrong answers {m['wrong']:.0f} "
        f"(legal {m['legal_wrong']:.0f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="print only, write nothing")
    args = parser.parse_args()
    index = build_knowledge().index
    rows = observe(index, FIT_FILES)
    print(f"{len(rows)} questions from {', '.join(FIT_FILES)}")
    print("leave-one-set-out cross-validation (fitted without the set, measured on it):")
    for name in FIT_FILES:
        held = [r for r in rows if r.source == name]
        fitted = fit([r for r in rows if r.source != name])
        print(line(name, outcomes(fitted, held)))
    final = fit(rows)
    final = final.model_copy(update={"fitted_on": FIT_FILES})
    print("fitted on all sets:")
    for label, cut in (("answer", final.answer), ("answer (rule)", final.answer_rule)):
        print(f"  {label:<14} {cut!r}")
    print(f"  {'suggest':<14} {final.suggest!r}")
    print(line("all sets (in-sample)", outcomes(final, rows)))
    if not args.dry_run:
        header = "# Written by bench/fit_outcomes.py; rerun it rather than editing by hand.\n"
        body = yaml.safe_dump(final.model_dump(), sort_keys=False, allow_unicode=True)
        OUTCOMES_FILE.write_text(header + body, encoding="utf-8")
        print(f"written to {OUTCOMES_FILE}")


if __name__ == "__main__":
    main()
