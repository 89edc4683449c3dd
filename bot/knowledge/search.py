"""Lookup over the knowledge: BM25 (bm25s) on the project's Dutch tokens, built once per load.

Three BM25 indexes, one per kind of field: every title and alias is a short document of its own,
so is every example question, and the answer text is one document per entry. An entry scores
its best key plus half its best example question plus half its answer text (field weights and
this split were measured against one repeated-field document per entry: bench/bench_search.py).
Before scoring, each query word is mapped to the index's words: itself, its synonyms from the
lexicon, or, for a word the index has never seen, its nearest spellings. A word nothing maps to
does not change the ranking; it only lowers the share of the question that the best entry
explains. Three calibrated outcomes (see outcomes.py) keep the bot honest: a confident answer,
a few suggestions, or "I don't know".
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import bm25s
import numpy as np
import numpy.typing as npt

from bot.knowledge.intent import QUESTION, Intent, detect_intent
from bot.knowledge.lexicon import Speller, Synonyms, read_synonyms
from bot.knowledge.normalize import stem, tokens, words
from bot.knowledge.outcomes import Features, Outcome, Thresholds, shipped_thresholds

__all__ = [
    "Hit",
    "Outcome",
    "Ranking",
    "SearchIndex",
    "SearchResult",
    "Searchable",
    "document_tokens",
]

MAX_SUGGESTIONS = 3
SUGGEST_SHARE = 0.5  # a suggestion scores at least this share of the best entry
FIELD_WEIGHTS = (1.0, 0.5, 0.5)  # keys (title, aliases), example questions, answer text
BM25_PARAMS = {"k1": 1.5, "b": 0.75}
SYNONYM_WEIGHT = 0.8
TYPO_WEIGHT = 0.9
UNKNOWN_WEIGHT = 1.0  # an unknown word weighs as much as the rarest known word ...
UNKNOWN_CAP = 2  # ... but only so many count: long chat has many words the index lacks
INTENT_BOOST = 1.3  # "wanneer" favours milestone dates, "hoeveel" entries stating a number

Vector = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Searchable:
    """What the index needs of a knowledge entry (or a milestone item)."""

    id: str
    title: str
    aliases: Sequence[str] = ()
    questions: Sequence[str] = ()
    body: str = ""  # answer text: a weaker signal than title, aliases and example questions
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
    intent: Intent = QUESTION
    compared: Hit | None = None  # a comparison: the second subject's entry, shown beside best
    features: Features | None = None

    @property
    def score(self) -> float:
        return round(self.best.score, 1) if self.best else 0.0


@dataclass(frozen=True)
class _Term:
    """One query word and the index words it may stand for, each with a weight."""

    candidates: dict[str, float]
    numeric: bool


@dataclass(frozen=True)
class Ranking:
    hits: list[Hit]
    features: Features


def document_tokens(item: Searchable) -> list[str]:
    """All of an item's tokens as one document (for the plain BM25 baseline)."""
    texts = [item.title, *item.aliases, *item.questions, item.body]
    return [token for text in texts for token in tokens(text)]


@dataclass
class _Field:
    """One BM25 index over one kind of field; `starts` groups several documents per entry."""

    bm25: bm25s.BM25
    weight: float
    starts: npt.NDArray[np.intp] | None = None

    @classmethod
    def build(cls, docs: list[list[list[str]]], weight: float) -> _Field:
        """docs[entry] is that entry's documents; an entry's best document counts."""
        flat = [doc or [""] for group in docs for doc in (group or [[""]])]
        bm25 = bm25s.BM25(**BM25_PARAMS)
        bm25.index(flat or [[""]], show_progress=False)
        if all(len(group) <= 1 for group in docs):
            return cls(bm25, weight)
        sizes = [max(1, len(group)) for group in docs]
        return cls(bm25, weight, np.cumsum([0, *sizes[:-1]]).astype(np.intp))

    def word_scores(self, candidates: dict[str, float]) -> Vector | None:
        """Per document, the best score of the words a query word may stand for."""
        best: Vector | None = None
        for word, weight in candidates.items():
            if word in self.bm25.vocab_dict:
                scores: Vector = weight * self.bm25.get_scores([word])
                best = scores if best is None else np.maximum(best, scores)
        return best

    def per_entry(self, doc_scores: Vector) -> Vector:
        """An entry's best document: query words count together within one key or question."""
        if self.starts is None:
            return doc_scores
        best: Vector = np.maximum.reduceat(doc_scores, self.starts)
        return best


@lru_cache(maxsize=1)
def _shipped_synonyms() -> Synonyms:
    from bot.knowledge.lexicon import SYNONYMS_FILE
    from bot.knowledge.loader import DATA_DIR

    return read_synonyms(DATA_DIR / SYNONYMS_FILE)[0]


@dataclass
class SearchIndex:
    items: list[Searchable]
    synonyms: Synonyms
    thresholds: Thresholds
    fields: list[_Field] = field(init=False)
    speller: Speller = field(init=False)
    idf: dict[str, float] = field(init=False)  # how rare a word is among the entries
    max_idf: float = field(init=False)
    is_milestone: Vector = field(init=False)
    states_number: Vector = field(init=False)

    @classmethod
    def build(
        cls,
        items: Sequence[Searchable],
        synonyms: Synonyms | None = None,
        thresholds: Thresholds | None = None,
    ) -> SearchIndex:
        index = cls(
            list(items),
            synonyms if synonyms is not None else _shipped_synonyms(),
            thresholds or shipped_thresholds(),
        )
        keys, questions, bodies = FIELD_WEIGHTS
        index.fields = [
            _Field.build(
                [[list(tokens(t)) for t in (i.title, *i.aliases)] for i in index.items], keys
            ),
            _Field.build([[list(tokens(t)) for t in i.questions] for i in index.items], questions),
            _Field.build([[list(tokens(i.body))] for i in index.items], bodies),
        ]
        df: Counter[str] = Counter()
        for item in index.items:
            df.update(
                {
                    t
                    for text in (item.title, *item.aliases, *item.questions, item.body)
                    for t in tokens(text)
                }
            )
        count = len(index.items) + 1
        index.idf = {token: math.log(count / n) for token, n in df.items()}
        index.max_idf = math.log(count)
        index.speller = Speller(sorted(df))
        index.is_milestone = np.array([i.id.startswith("m:") for i in index.items], np.float32)
        index.states_number = np.array(
            [any(ch.isdigit() for ch in i.body) for i in index.items], np.float32
        )
        return index

    # --- query words -----------------------------------------------------------------------

    def _terms(self, query: str) -> list[_Term]:
        known = self.speller.known
        raw = [w for w in words(query) if stem(w) in known or not self.speller.is_filler(w)]
        terms: list[_Term] = []
        i = 0
        while i < len(raw):
            pair = raw[i : i + 2]
            joined = stem("".join(pair))
            if len(pair) == 2 and joined in known and not all(stem(w) in known for w in pair):
                terms.append(_Term({joined: 1.0}, False))  # "vertegenwoordigings lijst"
                i += 2
                continue
            terms.append(self._term(stem(raw[i])))
            i += 1
        return terms

    def _term(self, word: str) -> _Term:
        candidates: dict[str, float] = {}
        if word in self.speller.known:
            candidates[word] = 1.0
        elif not word.isdigit():
            candidates = {w: s * TYPO_WEIGHT for w, s in self.speller.corrections(word).items()}
        for synonym in self.synonyms.of(word):
            if synonym in self.speller.known:
                candidates.setdefault(synonym, SYNONYM_WEIGHT)
        return _Term(candidates, word.isdigit())

    def _scores(self, terms: list[_Term]) -> tuple[Vector, list[npt.NDArray[np.bool_]]]:
        """Each entry's score, and per query word which entries contain it."""
        total: Vector = np.zeros(len(self.items), np.float32)
        found = [np.zeros(len(self.items), np.bool_) for _ in terms]
        for f in self.fields:
            docs: Vector | None = None
            for term, where in zip(terms, found, strict=True):
                scores = f.word_scores(term.candidates)
                if scores is not None:
                    docs = scores if docs is None else docs + scores
                    where |= f.per_entry(scores) > 0
            if docs is not None:
                total += f.weight * f.per_entry(docs)
        return total, found

    # --- ranking ---------------------------------------------------------------------------

    def rank(self, query: str, intent: Intent = QUESTION, limit: int = 20) -> Ranking | None:
        """The best entries with the features the outcome is decided on (None: no match)."""
        terms = self._terms(query)
        matched = [t for t in terms if t.candidates]
        if not matched or not self.items:
            return None
        total, found = self._scores(matched)
        # A date is the answer to "wanneer" (and rarely to anything else), a number to "hoeveel".
        milestone_boost = 1 + (INTENT_BOOST - 1) * self.is_milestone
        total = total * milestone_boost if intent.kind == "when" else total / milestone_boost
        if intent.kind == "how_many":
            total = total * (1 + (INTENT_BOOST - 1) * self.states_number)
        count = min(limit, len(self.items))
        top = np.argpartition(-total, count - 1)[:count]
        order = sorted((int(i) for i in top if total[i] > 0), key=lambda i: -float(total[i]))
        if not order:
            return None
        hits = [Hit(self.items[i].id, self.items[i].title, float(total[i])) for i in order]
        best = order[0]
        # Rare words tell more than common ones. Numbers the index does not know are no
        # subject; another unknown word may be one ("paracetamol"), so it weighs in part.
        weights = [max(self.idf[w] * s for w, s in t.candidates.items()) for t in matched]
        unknown = min(UNKNOWN_CAP, sum(1 for t in terms if not t.candidates and not t.numeric))
        explained = sum(w for w, where in zip(weights, found, strict=True) if where[best])
        second = hits[1].score if len(hits) > 1 else 0.0
        features = Features(
            score=hits[0].score / len(matched) / self.max_idf,  # comparable across sizes
            margin=(hits[0].score - second) / hits[0].score,
            coverage=explained / (sum(weights) + UNKNOWN_WEIGHT * self.max_idf * unknown),
        )
        return Ranking(hits, features)

    def score_all(self, query: str, limit: int = 20) -> list[Hit]:
        ranking = self.rank(query, detect_intent(query), limit)
        return ranking.hits if ranking else []

    def search(self, query: str) -> SearchResult:
        intent = detect_intent(query)
        if intent.kind in ("greeting", "thanks", "bot_help"):
            return SearchResult(query, "none", None, (), intent)
        if intent.subjects is not None:
            compared = self._compare(query, intent)
            if compared is not None:
                return compared
        return self._decide(query, intent, self.rank(query, intent))

    def _decide(self, query: str, intent: Intent, ranking: Ranking | None) -> SearchResult:
        if ranking is None:
            return SearchResult(query, "none", None, (), intent)
        hits, features = ranking.hits, ranking.features
        strict = self.items_by_id[hits[0].id].strict
        outcome = self.thresholds.decide(features, strict)
        if outcome == "none":
            return SearchResult(query, "none", None, (), intent, features=features)
        close = [h for h in hits if h.score >= SUGGEST_SHARE * hits[0].score]
        shown = close[1 : 1 + MAX_SUGGESTIONS] if outcome == "answer" else close[:MAX_SUGGESTIONS]
        return SearchResult(query, outcome, hits[0], tuple(shown), intent, features=features)

    def _compare(self, query: str, intent: Intent) -> SearchResult | None:
        """Both subjects found: answer with the first, the second beside it."""
        assert intent.subjects is not None
        first, second = (
            self._decide(subject, QUESTION, self.rank(subject, QUESTION))
            for subject in intent.subjects
        )
        if first.best is None or second.best is None or first.outcome == "none":
            return None
        if second.outcome == "none" or first.best.id == second.best.id:
            return None
        return SearchResult(query, "answer", first.best, (), intent, compared=second.best)

    def top(self, query: str, limit: int = 10) -> list[Hit]:
        result = self.search(query)
        if result.outcome == "none" or result.best is None:
            return []
        hits = self.score_all(query, limit)
        return [h for h in hits if h.score >= SUGGEST_SHARE * hits[0].score][:limit]

    @property
    def items_by_id(self) -> dict[str, Searchable]:
        return self._by_id

    def __post_init__(self) -> None:
        self._by_id = {item.id: item for item in self.items}
