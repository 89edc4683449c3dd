"""Fuzzy lookup over titles, aliases and example questions, built once per knowledge load.

Scoring is token based: each query token is matched (exactly, by typo distance or as part of a
compound) to the index vocabulary, weighted by how rare the token is, and a key scores by how
much of the query it explains and how much of the key the query contains. A whole-string
ratio catches run-together spellings ("vertegenwoordigingslijst" vs "vertegenwoordiging lijst").
Three outcomes keep the bot honest: a confident answer, a few suggestions, or "I don't know".
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz, process

from bot.knowledge.normalize import tokens

Outcome = Literal["answer", "suggest", "none"]

# Calibrated on tests/data/questions_*.tsv (see tests/test_search_quality.py).
ANSWER_SCORE = 72.0
ANSWER_MARGIN = 6.0
SURE_SCORE = 92.0
SUGGEST_SCORE = 50.0
MAX_SUGGESTIONS = 3
_TYPO_CUTOFF = 80.0
_KEY_WEIGHTS = {"title": 1.0, "alias": 1.0, "question": 0.96}


@dataclass(frozen=True)
class Searchable:
    """What the index needs of a knowledge entry (or a milestone item)."""

    id: str
    title: str
    aliases: Sequence[str] = ()
    questions: Sequence[str] = ()


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    score: float


@dataclass(frozen=True)
class SearchResult:
    query: str
    outcome: Outcome
    best: Hit | None
    suggestions: tuple[Hit, ...] = ()

    @property
    def score(self) -> float:
        return round(self.best.score, 1) if self.best else 0.0


@dataclass
class _Key:
    entry: int
    tokens: tuple[str, ...]
    joined: str
    weight: float


@dataclass
class SearchIndex:
    items: list[Searchable]
    keys: list[_Key] = field(default_factory=list)
    postings: dict[str, list[int]] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)
    vocab: list[str] = field(default_factory=list)
    _max_idf: float = 1.0

    @classmethod
    def build(cls, items: Sequence[Searchable]) -> SearchIndex:
        index = cls(items=list(items))
        doc_tokens: list[set[str]] = []
        postings: dict[str, set[int]] = defaultdict(set)
        for entry_no, item in enumerate(index.items):
            seen: set[str] = set()
            texts = [("title", t) for t in _title_variants(item.title)]
            texts += [("alias", a) for a in item.aliases]
            texts += [("question", q) for q in item.questions]
            unique: set[tuple[str, ...]] = set()
            for kind, text in texts:
                toks = tokens(text)
                if not toks or toks in unique:
                    continue
                unique.add(toks)
                key_no = len(index.keys)
                index.keys.append(_Key(entry_no, toks, "".join(toks), _KEY_WEIGHTS[kind]))
                for tok in toks:
                    postings[tok].add(key_no)
                seen.update(toks)
            doc_tokens.append(seen)
        n = max(1, len(index.items))
        df: dict[str, int] = defaultdict(int)
        for toks in doc_tokens:
            for tok in toks:
                df[tok] += 1
        index.idf = {tok: math.log(1 + n / count) for tok, count in df.items()}
        index._max_idf = math.log(1 + n)
        index.postings = {tok: sorted(keys) for tok, keys in postings.items()}
        index.vocab = sorted(postings)
        return index

    # --- matching --------------------------------------------------------------------------

    def _expand(self, token: str) -> dict[str, float]:
        """Vocabulary tokens this query token may stand for, with a similarity in 0..1."""
        matches: dict[str, float] = {}
        if token in self.postings:
            matches[token] = 1.0
        if len(token) >= 4:
            for candidate, score, _ in process.extract(
                token, self.vocab, scorer=fuzz.ratio, score_cutoff=_TYPO_CUTOFF, limit=8
            ):
                if candidate != token and abs(len(candidate) - len(token)) <= 3:
                    matches.setdefault(candidate, 0.92 * score / 100)
        if len(token) >= 5 and len(matches) < 3:
            # compounds: "resvplan" ~ "resv" + "plan", "baxtertarief" ~ "tarief"
            for candidate in self.vocab:
                if len(candidate) >= 4 and candidate != token and (
                    candidate in token or (len(token) >= 6 and token in candidate)
                ):
                    ratio = min(len(candidate), len(token)) / max(len(candidate), len(token))
                    matches.setdefault(candidate, 0.6 + 0.3 * ratio)
        return matches

    def score_all(self, query: str) -> list[Hit]:
        q_tokens = tokens(query)
        if not q_tokens:
            return []
        q_joined = "".join(q_tokens)
        expansions = {tok: self._expand(tok) for tok in set(q_tokens)}
        q_weights = {
            tok: max(
                (self.idf.get(m, self._max_idf) for m in expansions[tok]),
                default=self._max_idf,
            )
            for tok in set(q_tokens)
        }
        q_total = sum(q_weights[t] for t in q_tokens)
        candidates: set[int] = set()
        for matches in expansions.values():
            for vocab_token in matches:
                candidates.update(self.postings[vocab_token])
        best: dict[int, float] = {}
        for key_no in candidates:
            key = self.keys[key_no]
            score = self._score_key(q_tokens, q_joined, q_weights, q_total, expansions, key)
            if score > best.get(key.entry, 0.0):
                best[key.entry] = score
        hits = [Hit(self.items[e].id, self.items[e].title, s) for e, s in best.items()]
        hits.sort(key=lambda h: (-h.score, h.title))
        return hits

    def _score_key(
        self,
        q_tokens: tuple[str, ...],
        q_joined: str,
        q_weights: dict[str, float],
        q_total: float,
        expansions: dict[str, dict[str, float]],
        key: _Key,
    ) -> float:
        key_set = set(key.tokens)
        explained = 0.0
        used: dict[str, float] = {}
        for tok in q_tokens:
            sims = expansions[tok]
            match = max(((sims[k], k) for k in key_set if k in sims), default=None)
            if match is not None:
                explained += q_weights[tok] * match[0]
                used[match[1]] = max(used.get(match[1], 0.0), match[0])
        if explained == 0.0:
            return 0.0
        k_total = sum(self.idf.get(t, self._max_idf) for t in key.tokens)
        k_covered = sum(self.idf.get(t, self._max_idf) * used.get(t, 0.0) for t in key.tokens)
        coverage_q = explained / q_total
        coverage_k = k_covered / k_total if k_total else 0.0
        token_score = 100.0 * (0.6 * coverage_q + 0.4 * coverage_k)
        whole = fuzz.ratio(q_joined, key.joined) if len(key.joined) >= 4 else 0.0
        return max(token_score, whole) * key.weight

    def search(self, query: str) -> SearchResult:
        hits = self.score_all(query)
        if not hits or hits[0].score < SUGGEST_SCORE:
            return SearchResult(query, "none", None, ())
        top = hits[0]
        runner_up = hits[1].score if len(hits) > 1 else 0.0
        confident = top.score >= SURE_SCORE or (
            top.score >= ANSWER_SCORE and top.score - runner_up >= ANSWER_MARGIN
        )
        if confident:
            related = tuple(h for h in hits[1 : 1 + MAX_SUGGESTIONS] if h.score >= SUGGEST_SCORE)
            return SearchResult(query, "answer", top, related)
        close = tuple(h for h in hits[:MAX_SUGGESTIONS] if h.score >= SUGGEST_SCORE)
        return SearchResult(query, "suggest", top, close)

    def top(self, query: str, limit: int = 10) -> list[Hit]:
        return [h for h in self.score_all(query) if h.score >= SUGGEST_SCORE][:limit]


def _title_variants(title: str) -> list[str]:
    """'RESV (regionaal eerstelijnssamenwerkingsverband)' also as its two halves."""
    variants = [title]
    if "(" in title and title.endswith(")"):
        head, _, inner = title.partition("(")
        variants += [head.strip(), inner.rstrip(")").strip()]
    return [v for v in variants if v]
