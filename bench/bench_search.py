"""Knowledge lookup accuracy and speed, beside plain BM25 and rapidfuzz baselines.

Run: .venv/bin/python -m bench.bench_search
For every labelled set tests/data/*questions*.tsv (sets added later are picked up too) it prints
the search's outcomes: the right entry as the answer, as the answer or first suggestion,
off-topic questions refused, and confident wrong answers where a legal rule was asked or
answered. Sets marked "fit" were used to fit the ranking and outcome models and their questions
are collected in the index (data/asked.yaml), so their figures here are in-sample: the honest
figures for them are the leave-one-set-out ones of bench/fit_outcomes.py. Other sets (a blind
set) are held out from both and printed as totals only. blind_d to blind_h were such sets and
are tuning sets now (marked so). Files named blind_i* (and guard_blind_h) are never read
(tests/search_eval.py readable).
Beside it, on the same sets: plain BM25 (bm25s over each entry's title, aliases, example
questions and answer as one document, same tokenizer, no synonyms, typo correction, intents
or calibration) and rapidfuzz `extractOne` over titles and aliases, each with its top hit and
the best single score cut-off for refusing. Then lookup latency with the real knowledge and
with 10,000 synthetic entries.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable

import bm25s
import numpy as np
from rapidfuzz import fuzz, process, utils

from bot.assembly import build_knowledge
from bot.knowledge.normalize import tokens
from bot.knowledge.search import Searchable, SearchIndex, document_tokens
from tests.search_eval import FIT_FILES, evaluate, load_questions, matches, question_files

SYNTHETIC = 10_000
# Written blind, measured once, later read and fitted on.
TUNED_BLIND = {name for name in FIT_FILES if "blind_" in name}
Lookup = Callable[[str], tuple[str, float] | None]


def p99(latencies: list[float]) -> float:
    ordered = sorted(latencies)
    return ordered[int(0.99 * (len(ordered) - 1))]


def timed(fn: Callable[[str], object], queries: list[str], rounds: int) -> list[float]:
    latencies: list[float] = []
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            fn(query)
            latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def intrinsic(fn: Callable[[str], object], queries: list[str], rounds: int = 3) -> list[float]:
    """Each query's fastest of `rounds` runs: its own cost, without the pauses a busy shared
    machine adds (both figures are printed)."""
    best: list[float] = []
    for query in queries:
        runs = []
        for _ in range(rounds):
            started = time.perf_counter()
            fn(query)
            runs.append((time.perf_counter() - started) * 1000)
        best.append(min(runs))
    return best


def report(label: str, latencies: list[float], target: float | None = None) -> None:
    goal = f"   (target < {target:g} ms)" if target else ""
    print(
        f"  {label:<30} p50 {statistics.median(latencies):6.2f} ms   p99 {p99(latencies):6.2f} ms"
        f"{goal}"
    )


def plain_bm25(items: list[Searchable]) -> Lookup:
    retriever = bm25s.BM25()
    retriever.index([document_tokens(i) or [""] for i in items], show_progress=False)

    def lookup(query: str) -> tuple[str, float] | None:
        known = [t for t in tokens(query) if t in retriever.vocab_dict]
        if not known:
            return None
        scores = retriever.get_scores(known)
        best = int(np.argmax(scores))
        return (items[best].id, float(scores[best])) if scores[best] > 0 else None

    return lookup


def rapidfuzz_baseline(items: list[Searchable]) -> Lookup:
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


def baseline_line(lookup: Lookup, rows: list[tuple[str, str | None]]) -> str:
    """Top-1 regardless of score, and the best single cut-off for refusing off-topic."""
    results = [(lookup(q), e) for q, e in rows]
    answerable = sum(1 for _, e in results if e)
    offtopic = sum(1 for _, e in results if e is None)
    if not answerable:
        return "n/a (no answerable questions to set a cut-off against)"
    top1 = sum(1 for r, e in results if e and r and matches(r[0], e)) / answerable
    if not offtopic:
        return f"top-1 {top1:6.1%}"
    cuts = sorted({r[1] for r, _ in results if r} | {0.0})
    best = (0.0, 0.0, 0.0)
    for cut in cuts:
        right = sum(1 for r, e in results if e and r and matches(r[0], e) and r[1] >= cut)
        refused = sum(1 for r, e in results if e is None and (not r or r[1] < cut))
        candidate = (right / answerable, refused / offtopic, cut)
        if min(candidate[:2]) > min(best[:2]):
            best = candidate
    return (
        f"top-1 {top1:6.1%}; best cut-off: right {best[0]:6.1%}, off-topic refused {best[1]:6.1%}"
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


def main() -> None:
    knowledge = build_knowledge()  # glossary, rules and milestone items, as the bot has them
    index = knowledge.index
    items = index.items
    files = question_files()
    print(f"knowledge: {len(knowledge.entries)} entries + {len(knowledge.extra)} milestone items")
    bm25_plain, fuzzy = plain_bm25(items), rapidfuzz_baseline(items)
    print("accuracy per labelled set ('fit, in-sample': fitted on and collected; else held out)")
    all_queries: list[str] = []
    for name in files:
        rows = load_questions([name])
        all_queries += [q for q, _ in rows]
        ev = evaluate(index, rows)
        role = "fit, in-sample" if name in FIT_FILES else "HELD OUT"
        role = f"{role}; TUNED ON (was blind)" if name in TUNED_BLIND else role
        print(f"  {name} [{role}]: {ev.answerable} answerable, {ev.offtopic} off-topic")
        if ev.answerable:
            print(
                f"    ours        answer {ev.answered_rate:6.1%}   answer-or-first "
                f"{ev.first_rate:6.1%}   wrong answers {ev.answered_wrong} "
                f"(legal {ev.legal_wrong})"
            )
        if ev.offtopic:
            print(
                f"    ours        off-topic refused {ev.refused_rate:6.1%}   wrong answers "
                f"{ev.answered_wrong} (legal {ev.legal_wrong})"
            )
        print(f"    plain BM25  {baseline_line(bm25_plain, rows)}")
        print(f"    rapidfuzz   {baseline_line(fuzzy, rows)}")

    print(f"latency ({len(all_queries)} queries per round)")
    report("ours, real knowledge", timed(index.search, all_queries, 3), target=2)
    report("ours, real, best of 3 per query", intrinsic(index.search, all_queries), target=2)
    report("plain BM25, real", timed(bm25_plain, all_queries, 3))
    report("rapidfuzz, real", timed(fuzzy, all_queries, 3))
    started = time.perf_counter()
    big_items = synthetic_items(items, SYNTHETIC)
    big_index = SearchIndex.build(big_items, index.synonyms, asked=index.asked)
    built = time.perf_counter() - started
    print(f"  scaled to {len(big_items)} entries (index built in {built:.1f} s)")
    report("ours, 10,000 entries", timed(big_index.search, all_queries, 1), target=20)
    report("ours, 10,000, best of 3", intrinsic(big_index.search, all_queries), target=20)
    report("rapidfuzz, 10,000", timed(rapidfuzz_baseline(big_items), all_queries, 1))


if __name__ == "__main__":
    main()
