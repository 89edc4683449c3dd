"""Knowledge lookup speed and accuracy, against a plain rapidfuzz baseline.

Run: .venv/bin/python -m bench.bench_search
Prints lookups per second and p50/p99 latency with the real knowledge and with the knowledge
scaled to 10,000 synthetic entries, and the accuracy of both our search and the baseline
`rapidfuzz.process.extractOne(query, titles_and_aliases, scorer=WRatio, processor=default_process)`
on the labelled question sets (own and held-out).
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable

from rapidfuzz import fuzz, process, utils

from bot.assembly import build_knowledge
from bot.knowledge.search import Searchable, SearchIndex
from tests.search_eval import evaluate, load_questions, matches

SYNTHETIC = 10_000


def timed(fn: Callable[[str], object], queries: list[str], rounds: int) -> list[float]:
    latencies: list[float] = []
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            fn(query)
            latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def report(label: str, latencies: list[float]) -> None:
    ordered = sorted(latencies)
    p99 = ordered[int(0.99 * (len(ordered) - 1))]
    per_second = 1000 / statistics.fmean(latencies)
    print(
        f"  {label:<34} {per_second:8.0f} lookups/s   p50 {statistics.median(latencies):6.2f} ms"
        f"   p99 {p99:6.2f} ms"
    )


def synthetic_items(real: list[Searchable], count: int, seed: int = 7) -> list[Searchable]:
    rng = random.Random(seed)
    vocabulary = sorted({w for item in real for w in item.title.lower().split() if w.isalpha()})
    syllables = ["ver", "zorg", "apo", "regio", "tiek", "plan", "net", "werk", "con", "tract",
                 "huis", "arts", "wijk", "ket", "en", "mo", "del", "sta", "bel", "ro"]  # fmt: skip
    items = list(real)
    for n in range(count - len(real)):
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        extra = " ".join(rng.sample(vocabulary, 2))
        items.append(
            Searchable(
                id=f"syn-{n}",
                title=f"{word.capitalize()} {extra}",
                aliases=(word, f"{word} {rng.choice(vocabulary)}"),
                questions=(f"wat is {word}",),
                body=" ".join(rng.sample(vocabulary, 12)),
            )
        )
    return items


def baseline(items: list[Searchable]) -> Callable[[str], tuple[str, float] | None]:
    choices: list[str] = []
    owners: list[str] = []
    for item in items:
        for text in (item.title, *item.aliases):
            choices.append(text)
            owners.append(item.id)

    def lookup(query: str) -> tuple[str, float] | None:
        found = process.extractOne(
            query, choices, scorer=fuzz.WRatio, processor=utils.default_process
        )
        return (owners[found[2]], found[1]) if found else None

    return lookup


def baseline_accuracy(
    lookup: Callable[[str], tuple[str, float] | None], rows: list[tuple[str, str | None]]
) -> tuple[float, float, float]:
    """Best the baseline can do: its top-1 accuracy at its best single cut-off."""
    results = [(lookup(q), e) for q, e in rows]
    best = (0.0, 0.0, 0.0)
    for cutoff in range(50, 100, 2):
        right = sum(1 for r, e in results if e and r and matches(r[0], e) and r[1] >= cutoff)
        none = sum(1 for r, e in results if e is None and (not r or r[1] < cutoff))
        answerable = sum(1 for _, e in results if e)
        offtopic = sum(1 for _, e in results if e is None)
        candidate = (right / answerable, none / offtopic, float(cutoff))
        if min(candidate[:2]) > min(best[:2]):
            best = candidate
    return best


def main() -> None:
    knowledge = build_knowledge()  # glossary, rules and milestone items, as the bot has them
    real_items = [
        Searchable(e.id, e.title, tuple(e.aliases), tuple(e.questions), e.answer, e.kind == "rule")
        for e in knowledge.entries.values()
    ] + list(knowledge.extra.values())
    own = load_questions()
    holdout = load_questions(["holdout_questions.tsv"])
    holdout2 = load_questions(["holdout2_questions.tsv"])
    queries = [q for q, _ in own + holdout + holdout2]

    print(f"knowledge: {len(knowledge.entries)} entries; {len(queries)} queries per round")
    index = knowledge.index
    base = baseline(real_items)
    report("ours, real knowledge", timed(index.search, queries, 5))
    report("baseline extractOne, real", timed(base, queries, 5))

    started = time.perf_counter()
    big_items = synthetic_items(real_items, SYNTHETIC)
    big_index = SearchIndex.build(big_items)
    print(
        f"scaled to {len(big_items)} entries (index built in {time.perf_counter() - started:.1f} s)"
    )
    big_base = baseline(big_items)
    report("ours, 10,000 entries", timed(big_index.search, queries, 1))
    report("baseline extractOne, 10,000", timed(big_base, queries, 1))

    print("accuracy (answerable: right entry as answer or first suggestion; off-topic: none)")
    sets = (("own set", own), ("held-out set", holdout), ("held-out 2", holdout2))
    for label, rows in sets:
        ev = evaluate(index, rows)
        b_right, b_none, b_cut = baseline_accuracy(base, rows)
        print(
            f"  {label:<13} ours: answerable {ev.answer_rate:.1%}, off-topic none "
            f"{ev.none_rate:.1%}, confident-but-wrong {ev.answered_wrong}"
        )
        print(
            f"  {'':<13} baseline (best cut-off {b_cut:.0f}): answerable {b_right:.1%}, "
            f"off-topic none {b_none:.1%}"
        )
        top1 = sum(1 for q, e in rows if e and (h := index.score_all(q)) and h[0].id == e) / max(
            1, sum(1 for _, e in rows if e)
        )
        print(f"  {'':<13} ours top-1 ranking regardless of outcome: {top1:.1%}")


if __name__ == "__main__":
    main()
