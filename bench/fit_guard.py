"""Fit the guard's word model (bot/knowledge/guard_model.py) and print how it generalises.

Run: .venv/bin/python -m bench.fit_guard [--dry-run]
Reads the labelled guard messages (tests/data/guard_*.tsv) and, as messages that are never
risky, the questions members put to the bot (tests/data/*questions*.tsv). The blind sets
(`guard_blind_h`, `*blind_i*`, see tests/search_eval.py readable) are never opened. The check
sets (CHECK_ONLY) are never fitted on: only scored by the final model and printed after it.
1. Leave-one-set-out: for each guard set, a model fitted without it scores it. The cut-off is
   chosen on the sets the patterns were never tuned on (PATTERNS_UNSEEN), where patterns plus
   model behave as on new messages: the lowest cut-off at which they keep a pooled precision
   of PRECISION (a false alarm in a group chat is what gets a guard switched off).
2. The model fitted on everything is written to bot/knowledge/data/guard_model.json with that
   cut-off. Printed beside it: patterns alone, and patterns plus model, per set.
Logistic regression with an L2 penalty, by plain gradient descent on sparse rows (numpy).
"""

from __future__ import annotations

import argparse
import csv
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bot.knowledge.guard import by_patterns, excluded
from bot.knowledge.guard_model import GUARD_MODEL_FILE, GuardModel, features
from tests.search_eval import DATA, load_questions, question_files, readable

PRECISION = 0.94  # pooled out-of-set precision the cut-off must keep
# Sets never used to change a pattern (nobody read their misses for that).
PATTERNS_UNSEEN = ("guard_blind_f.tsv", "guard_blind_g.tsv", "guard_train_")  # name prefixes
L2, STEPS, RATE = 0.1, 1200, 5.0
QUESTION_WEIGHT = 0.3  # questions to the bot are many, and not group chat: they count less
# Hand-written look-alikes (tests/data/guard_cases.tsv): few, each chosen to mark a boundary.
CASES, CASE_WEIGHT = "guard_cases.tsv", 5.0
# Written to check a fix, never to fit on: scored by the final model only (see main).
CHECK_ONLY = ("guard_dev_shortage.tsv",)
CUTS = np.round(np.linspace(0.3, 0.95, 27), 3)


@dataclass(frozen=True)
class Message:
    source: str
    text: str
    risky: bool
    weight: float = 1.0


def guard_sets() -> list[str]:
    """The sets the model is fitted and cross-validated on: not the blind or check sets."""
    return sorted(
        p.name for p in DATA.glob("guard_*.tsv") if readable(p.name) and p.name not in CHECK_ONLY
    )


def load(name: str) -> list[Message]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        weight = CASE_WEIGHT if name == CASES else 1.0
        return [Message(name, r["text"], r["label"] == "risky", weight) for r in rows]


def questions() -> list[Message]:
    return [
        Message(name, question, False, QUESTION_WEIGHT)
        for name in question_files()
        for question, _ in load_questions([name])
    ]


def fit(messages: list[Message]) -> tuple[dict[str, float], float]:
    vocabulary: dict[str, int] = {}
    rows = [[vocabulary.setdefault(f, len(vocabulary)) for f in features(m.text)] for m in messages]
    lengths = np.array([max(1, len(r)) for r in rows], np.float64)
    flat = np.fromiter((i for r in rows for i in r), np.int64)
    owner = np.repeat(np.arange(len(rows)), [len(r) for r in rows])
    scale = 1 / np.sqrt(lengths)[owner]
    y = np.array([m.risky for m in messages], np.float64)
    sample = np.array([m.weight for m in messages], np.float64)
    w, b = np.zeros(len(vocabulary)), 0.0
    total = sample.sum()
    for _ in range(STEPS):
        z = np.bincount(owner, weights=w[flat] * scale, minlength=len(rows)) + b
        residual = (1 / (1 + np.exp(-z)) - y) * sample
        grad = np.bincount(flat, weights=residual[owner] * scale, minlength=len(w))
        w -= RATE * (grad + L2 * w) / total
        b -= RATE * residual.sum() / total
    names = sorted(vocabulary, key=vocabulary.__getitem__)
    kept = {n: round(float(v), 3) for n, v in zip(names, w, strict=True) if abs(v) >= 5e-3}
    return kept, round(b, 4)


def scores(model: GuardModel, messages: list[Message]) -> npt.NDArray[np.float64]:
    return np.array([model.probability(m.text) for m in messages])


def counts(flagged: list[bool], messages: list[Message]) -> tuple[int, int, int]:
    tp = sum(f and m.risky for f, m in zip(flagged, messages, strict=True))
    fp = sum(f and not m.risky for f, m in zip(flagged, messages, strict=True))
    fn = sum(m.risky and not f for f, m in zip(flagged, messages, strict=True))
    return tp, fp, fn


def figure(tp: int, fp: int, fn: int) -> str:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return f"P {precision:.3f} R {recall:.3f}"


def print_check_sets(model: GuardModel) -> None:
    """The check sets, scored by patterns and the model fitted on everything else."""
    for name in CHECK_ONLY:
        rows = load(name)
        verdicts = [by_patterns(m.text) for m in rows]
        both = [
            v.risky or (not excluded(v) and model.risky(m.text))
            for v, m in zip(verdicts, rows, strict=True)
        ]
        print(
            f"  {name:<22} check only, never fitted: patterns "
            f"{figure(*counts([v.risky for v in verdicts], rows))}  "
            f"both {figure(*counts(both, rows))}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="print only, write nothing")
    args = parser.parse_args()
    sets = guard_sets()
    by_set = {name: load(name) for name in sets}
    asked = questions()
    print(f"guard sets: {', '.join(sets)}; plus {len(asked)} questions to the bot as never risky")
    held_mask: dict[str, npt.NDArray[np.bool_]] = {}
    verdicts = {name: [by_patterns(m.text) for m in rows] for name, rows in by_set.items()}
    patterns = {name: [v.risky for v in found] for name, found in verdicts.items()}
    # Where the patterns pass a message on purpose (a question about the rules), the model is
    # not asked: those scores count as zero.
    for name, seen in verdicts.items():
        held_mask[name] = np.array([not excluded(v) for v in seen])
    held: dict[str, npt.NDArray[np.float64]] = {}
    for name in sets:
        train = [m for other, rows in by_set.items() if other != name for m in rows] + asked
        weights, bias = fit(train)
        found = scores(GuardModel(weights=weights, bias=bias, cutoff=0.5), by_set[name])
        held[name] = found * held_mask[name]
    unseen = [name for name in sets if name.startswith(PATTERNS_UNSEEN)]
    cutoff = float(CUTS[-1])
    for cut in CUTS:
        pooled = [0, 0, 0]
        for name in unseen:
            flagged = [p or bool(s >= cut) for p, s in zip(patterns[name], held[name], strict=True)]
            pooled = [a + b for a, b in zip(pooled, counts(flagged, by_set[name]), strict=True)]
        tp, fp, _ = pooled
        if tp / max(1, tp + fp) >= PRECISION:
            cutoff = float(cut)
            break
    print(
        f"leave-one-set-out, cut-off {cutoff:.3f} (patterns + model on {', '.join(unseen)}: "
        f"pooled precision >= {PRECISION}):"
    )
    for name in sets:
        alone = figure(*counts(patterns[name], by_set[name]))
        model_only = figure(*counts([bool(s >= cutoff) for s in held[name]], by_set[name]))
        both = [p or s >= cutoff for p, s in zip(patterns[name], held[name], strict=True)]
        print(
            f"  {name:<22} patterns{'' if name in unseen else ' (tuned on)'} {alone}  "
            f"model {model_only}  "
            f"both {figure(*counts(both, by_set[name]))}"
        )
    weights, bias = fit([m for rows in by_set.values() for m in rows] + asked)
    model = GuardModel(weights=weights, bias=bias, cutoff=cutoff, fitted_on=sets)
    print(f"fitted on all: {len(weights)} weighted features, bias {bias:+.2f}")
    print_check_sets(model)
    if not args.dry_run:
        Path(GUARD_MODEL_FILE).write_text(
            json.dumps(model.model_dump(), ensure_ascii=False, sort_keys=False) + "\n", "utf-8"
        )
        print(f"written to {GUARD_MODEL_FILE}")


if __name__ == "__main__":
    main()
