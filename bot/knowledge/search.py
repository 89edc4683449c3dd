"""Fuzzy lookup over titles, aliases and example questions, built once per knowledge load.

Scoring is token based: each query token is matched (exactly, by typo distance or as part of a
compound) to the index vocabulary, weighted by how rare the token is, and a key scores by how
much of the query it explains and how much of the key the query contains. A whole-string
ratio catches run-together spellings ("vertegenwoordigingslijst" vs "vertegenwoordiging lijst").
Three outcomes keep the bot honest: a confident answer, a few suggestions, or "I don't know".
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz, process

from bot.knowledge.normalize import STOPWORDS, stem, tokens, words

Outcome = Literal["answer", "suggest", "none"]

# Calibrated on tests/data/questions_*.tsv (see tests/test_search_quality.py).
ANSWER_SCORE = 65.0
STRICT_ANSWER_SCORE = 75.0
ANSWER_MARGIN = 8.0
SURE_SCORE = 92.0
SUGGEST_SCORE = 54.0
MAX_SUGGESTIONS = 3
_TYPO_CUTOFF = 80.0
_EVIDENCE = 1.0  # share of the rarest token's weight a confident match needs
_PRECISION_EXP = 0.35
_PRECISION_EXP_QUESTION = 0.6
_RECALL_BASE = 0.55
_BODY_WEIGHT = 0.4
_BODY_RECALL_EXP = 1.0
_FUZZY_KNOWN_MIN = 7  # known words this long still get typo neighbours (compounds vary)
_FIRST_WORD_BOOST = 2.0
_FILLER_TYPO = 88.0  # "eigelijk" is "eigenlijk": a misspelt filler word is still filler
_KEY_WEIGHTS = {"title": 1.0, "alias": 1.0, "question": 0.96}


@dataclass(frozen=True)
class Searchable:
    """What the index needs of a knowledge entry (or a milestone item)."""

    id: str
    title: str
    aliases: Sequence[str] = ()
    questions: Sequence[str] = ()
    body: str = ""  # answer text: a weak signal for questions phrased in other words
    strict: bool = False  # legal rules: answer only when clearly ahead (never confidently wrong)


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
    total: float = 0.0  # summed token weights, filled in once the idf is known


@dataclass
class SearchIndex:
    items: list[Searchable]
    keys: list[_Key] = field(default_factory=list)
    postings: dict[str, list[int]] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)
    vocab: list[str] = field(default_factory=list)
    body_tokens: list[frozenset[str]] = field(default_factory=list)
    body_postings: dict[str, list[int]] = field(default_factory=dict)
    body_idf: dict[str, float] = field(default_factory=dict)
    strict_ids: dict[str, bool] = field(default_factory=dict)
    _max_idf: float = 1.0

    @classmethod
    def build(cls, items: Sequence[Searchable]) -> SearchIndex:
        index = cls(items=list(items))
        index.strict_ids = {item.id: item.strict for item in index.items}
        doc_tokens: list[set[str]] = []
        postings: dict[str, set[int]] = defaultdict(set)
        body_postings: dict[str, set[int]] = defaultdict(set)
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
            body = frozenset(seen | set(tokens(item.body)))
            index.body_tokens.append(body)
            for tok in body:
                body_postings[tok].add(entry_no)
            doc_tokens.append(seen)
        n = max(1, len(index.items))
        df: dict[str, int] = defaultdict(int)
        for doc in doc_tokens:
            for tok in doc:
                df[tok] += 1
        index.idf = {tok: math.log(1 + n / count) for tok, count in df.items()}
        index.body_idf = {tok: math.log(1 + n / len(e)) for tok, e in body_postings.items()}
        index._max_idf = math.log(1 + n)
        index.postings = {tok: sorted(keys) for tok, keys in postings.items()}
        for key in index.keys:
            key.total = sum(index.idf[t] for t in key.tokens)
        index.body_postings = {tok: sorted(e) for tok, e in body_postings.items()}
        index.vocab = sorted(body_postings)
        return index

    # --- matching --------------------------------------------------------------------------

    def _expand(self, token: str) -> dict[str, float]:
        """Vocabulary tokens this query token may stand for, with a similarity in 0..1."""
        matches: dict[str, float] = {}
        if token in self.postings:
            matches[token] = 1.0
        if len(token) >= 4 and (token not in self.postings or len(token) >= _FUZZY_KNOWN_MIN):
            cutoff = _TYPO_CUTOFF if len(token) >= 6 else 85.0
            for candidate, score, _ in process.extract(
                token, self.vocab, scorer=fuzz.ratio, score_cutoff=cutoff, limit=8
            ):
                if candidate == token or len(candidate) < 4:
                    continue
                if abs(len(candidate) - len(token)) > 3:
                    continue
                if len(token) <= 5 and candidate[0] != token[0]:
                    continue  # short words: a typo rarely changes the first letter
                matches.setdefault(candidate, 0.9 * score / 100)
        if len(token) >= 7 and len(matches) < 3:
            # compounds: "resvplan" ~ "resv" + "plan", "baxtertarief" ~ "tarief"
            for candidate in self._compound_parts(token):
                ratio = len(candidate) / len(token)
                matches.setdefault(candidate, 0.45 + 0.4 * ratio)
        return matches

    def _compound_parts(self, token: str) -> list[str]:
        parts: list[str] = []
        for size in range(len(token) - 1, 4, -1):
            for start in range(0, len(token) - size + 1):
                piece = token[start : start + size]
                known = piece in self.postings and piece not in parts
                if known and not any(piece in longer for longer in parts):
                    parts.append(piece)
        return [p for p in parts if len(p) / len(token) >= 0.4]

    def _weight(self, token: str) -> float:
        return self.idf.get(token, self._max_idf)

    def _query_tokens(self, query: str) -> tuple[tuple[str, ...], dict[str, float]]:
        """Stemmed query words, with split compounds rejoined ("huisartsen post"), and the
        weight each word carries when nothing in the index matches it."""
        raw = [w for w in words(query) if not self._typo_of_filler(w)]
        out: list[str] = []
        unknown: dict[str, float] = {}
        i = 0
        while i < len(raw):
            if i + 1 < len(raw) and len(raw[i]) >= 3 and len(raw[i + 1]) >= 3:
                joined = stem(raw[i] + raw[i + 1])
                both_known = stem(raw[i]) in self.postings and stem(raw[i + 1]) in self.postings
                if joined in self.postings or (
                    not both_known
                    and len(joined) >= 8
                    and process.extractOne(joined, self.vocab, scorer=fuzz.ratio, score_cutoff=90)
                    is not None
                ):
                    out.append(joined)
                    i += 2
                    continue
            token = stem(raw[i])
            out.append(token)
            unknown[token] = self._unknown_weight
            i += 1
        return tuple(out), unknown

    def _typo_of_filler(self, word: str) -> bool:
        """'eigelijk', 'moetten': misspelt filler words must not count as unknown subjects."""
        if len(word) < 5 or stem(word) in self.body_postings:
            return False
        return (
            process.extractOne(word, STOPWORDS, scorer=fuzz.ratio, score_cutoff=_FILLER_TYPO)
            is not None
        )

    @property
    def _unknown_weight(self) -> float:
        """A word we have never seen is as telling as our rarest word: it may be a subject
        the knowledge does not cover ("paracetamol"), and then no answer is better."""
        return self._max_idf

    def score_all(self, query: str, limit: int = 20) -> list[Hit]:
        q_tokens, unknown = self._query_tokens(query)
        if not q_tokens:
            return []
        q_joined = "".join(q_tokens)
        expansions = {tok: self._expand(tok) for tok in set(q_tokens)}
        q_weights = {
            tok: max((self._weight(m) for m in expansions[tok]), default=unknown.get(tok, 0.0))
            for tok in set(q_tokens)
        }
        # Chat messages tend to open with their subject ("rao wat is dat", "fto hoe werkt dat").
        q_weights[q_tokens[0]] *= _FIRST_WORD_BOOST
        q_total = sum(q_weights[t] for t in q_tokens)
        candidates: set[int] = set()
        for matches in expansions.values():
            for vocab_token in matches:
                candidates.update(self.postings.get(vocab_token, ()))
        best: dict[int, float] = {}
        for key_no in candidates:
            key = self.keys[key_no]
            score = self._score_key(q_tokens, q_joined, q_weights, q_total, expansions, key)
            if score > best.get(key.entry, 0.0):
                best[key.entry] = score
        b_weights = {
            tok: max((self.body_idf[m] for m in expansions[tok]), default=unknown.get(tok, 0.0))
            for tok in set(q_tokens)
        }
        b_total = sum(b_weights[t] for t in q_tokens)
        explained_by: dict[int, float] = defaultdict(float)
        for tok in q_tokens:
            per_entry: dict[int, float] = {}
            for vocab_token, sim in expansions[tok].items():
                for entry in self.body_postings.get(vocab_token, ()):
                    if sim > per_entry.get(entry, 0.0):
                        per_entry[entry] = sim
            weight = b_weights[tok]
            for entry, sim in per_entry.items():
                explained_by[entry] += weight * sim
        floor = _EVIDENCE * self._max_idf
        for entry, explained in explained_by.items():
            evidence = min(1.0, explained / floor)
            body_score = 100.0 * evidence * (explained / b_total) ** _BODY_RECALL_EXP
            best[entry] = (1 - _BODY_WEIGHT) * best.get(entry, 0.0) + _BODY_WEIGHT * body_score
        top = heapq.nlargest(limit, best.items(), key=lambda pair: pair[1])
        hits = [Hit(self.items[e].id, self.items[e].title, score) for e, score in top]
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
        """Weighted F-measure of query and key tokens, damped when only common words match."""
        explained = 0.0
        used: dict[str, float] = {}
        for tok in q_tokens:
            sims = expansions[tok]
            best_sim, best_token = 0.0, ""
            for key_token in key.tokens:  # keys are short: a plain loop beats set algebra
                sim = sims.get(key_token, 0.0)
                if sim > best_sim:
                    best_sim, best_token = sim, key_token
            if best_sim:
                explained += q_weights[tok] * best_sim
                if best_sim > used.get(best_token, 0.0):
                    used[best_token] = best_sim
        if explained == 0.0:
            return 0.0
        k_total = key.total
        idf = self.idf
        k_covered = sum(idf[t] * used[t] for t in key.tokens if t in used)
        recall = explained / q_total
        precision = k_covered / k_total if k_total else 0.0
        evidence = min(1.0, explained / (_EVIDENCE * self._max_idf))
        exponent = _PRECISION_EXP_QUESTION if key.weight < 1.0 else _PRECISION_EXP
        # Rare words carry the evidence; an exact short key (an alias) is evidence by itself.
        support = max(evidence, precision)
        score: float = (
            100.0 * support * precision**exponent * (_RECALL_BASE + (1 - _RECALL_BASE) * recall)
        )
        if len(q_tokens) <= 2 and len(key.tokens) <= 2 and len(key.joined) >= 5:
            score = max(score, 0.95 * fuzz.ratio(q_joined, key.joined))
        return score * key.weight

    def search(self, query: str) -> SearchResult:
        hits = self.score_all(query)
        if not hits or hits[0].score < SUGGEST_SCORE:
            return SearchResult(query, "none", None, ())
        top = hits[0]
        runner_up = hits[1].score if len(hits) > 1 else 0.0
        needed = STRICT_ANSWER_SCORE if self.strict_ids.get(top.id, False) else ANSWER_SCORE
        confident = top.score >= SURE_SCORE or (
            top.score >= needed and top.score - runner_up >= ANSWER_MARGIN
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
        head = head.strip()
        variants.append(head)
        # "(...)" after an abbreviation spells it out; after a name it is only context
        if len(head) <= 8 and " " not in head:
            variants.append(inner.rstrip(")").strip())
    return [v for v in variants if v]
