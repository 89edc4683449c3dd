"""Lookup over the knowledge: BM25 (bm25s) finds candidates, fitted features rank them.

First stage (fields.py): three BM25 indexes on the project's Dutch tokens, one per kind of
field (titles and aliases, example questions, answer text). Before scoring, each query word is
mapped to the index's words: itself, its synonyms from the lexicon, a split compound, or, for a
word the index has never seen, its nearest spellings. A word nothing maps to does not change
the ranking; whether the source documents use it tells a question in the domain's words from
an off-topic one. Second stage (ranking.py): the candidates are ordered on named features with
fitted weights, and a fitted outcome model (outcomes.py) keeps the bot honest: a confident
answer, a few suggestions, or "I don't know".
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from bot.knowledge.asked import Asked, every_year_key
from bot.knowledge.fields import Field, Vector
from bot.knowledge.intent import QUESTION, Intent, detect_intent
from bot.knowledge.lexicon import Speller, Synonyms, read_domain_words, read_synonyms
from bot.knowledge.normalize import stem, tokens, words
from bot.knowledge.outcomes import Features, Model, Outcome, shipped_model
from bot.knowledge.ranking import EntryTable, QueryMatch, Ranked, rank

__all__ = ["Hit", "Outcome", "SearchIndex", "SearchResult", "Searchable", "document_tokens"]

MAX_SUGGESTIONS = 3
SUGGEST_GAP = 2.0  # a suggestion scores at most this much below the best (about 1/7 as likely)
SYNONYM_WEIGHT = 0.8
TYPO_WEIGHT = 0.9


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
class Term:
    """One query word and the index words it may stand for, each with a weight."""

    word: str
    candidates: dict[str, float]
    numeric: bool


def document_tokens(item: Searchable) -> list[str]:
    """All of an item's tokens as one document (for the plain BM25 baseline)."""
    texts = [item.title, *item.aliases, *item.questions, item.body]
    return [token for text in texts for token in tokens(text)]


def asked_about(answered: dict[str, list[str]], item_id: str) -> list[str]:
    """Questions collected for an entry; for a milestone ("m:<schedule>:<item>") also those
    collected for every year's ("m:*:<item>"), as the schedule id changes each year."""
    found = list(answered.get(item_id, ()))
    if (key := every_year_key(item_id)) is not None:
        found += answered.get(key, ())
    return found


def _pairs(item: Searchable, asked: Sequence[str]) -> frozenset[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for text in (item.title, *item.aliases, *item.questions, *asked):
        words = tokens(text)
        found.update(itertools.pairwise(words))
    return frozenset(found)


@lru_cache(maxsize=1)
def _shipped_lexicon() -> tuple[Synonyms, frozenset[str]]:
    from bot.knowledge.lexicon import DOMAIN_WORDS_FILE, SYNONYMS_FILE
    from bot.knowledge.loader import DATA_DIR

    synonyms = read_synonyms(DATA_DIR / SYNONYMS_FILE)[0]
    return synonyms, read_domain_words(DATA_DIR / DOMAIN_WORDS_FILE)


@dataclass
class SearchIndex:
    items: list[Searchable]
    synonyms: Synonyms
    model: Model
    domain: frozenset[str]  # stemmed words of the source documents
    asked: Asked  # questions members asked: per entry, and the off-topic ones
    fields: list[Field] = field(init=False)
    offtopic: Field | None = field(init=False)
    speller: Speller = field(init=False)
    idf: dict[str, float] = field(init=False)  # how rare a word is among the entries
    max_idf: float = field(init=False)
    pairs: frozenset[tuple[str, str]] = field(init=False)  # words that follow each other
    table: EntryTable = field(init=False)
    names: dict[tuple[str, ...], str] = field(init=False)  # a title or alias -> its only entry

    @classmethod
    def build(
        cls,
        items: Sequence[Searchable],
        synonyms: Synonyms | None = None,
        model: Model | None = None,
        domain: frozenset[str] | None = None,
        asked: Asked | None = None,
    ) -> SearchIndex:
        shipped_synonyms, shipped_domain = _shipped_lexicon()
        index = cls(
            list(items),
            synonyms if synonyms is not None else shipped_synonyms,
            model or shipped_model(),
            domain if domain is not None else shipped_domain,
            asked or Asked(),
        )
        answered = index.asked.answered
        collected = [asked_about(answered, i.id) for i in index.items]
        keys = [[list(tokens(t)) for t in (i.title, *i.aliases)] for i in index.items]
        index.fields = [
            Field.build(keys),
            Field.build([[list(tokens(t)) for t in i.questions] for i in index.items]),
            Field.build([[list(tokens(i.body))] for i in index.items]),
            Field.build([[list(tokens(q)) for q in questions] for questions in collected]),
        ]
        off = [[list(tokens(q))] for q in index.asked.offtopic]
        index.offtopic = Field.build(off) if off else None
        df: Counter[str] = Counter()
        pairs: set[tuple[str, str]] = set()
        for item, questions in zip(index.items, collected, strict=True):
            seen: set[str] = set()  # document frequency counts entries, not texts
            for text in (item.title, *item.aliases, *item.questions, item.body, *questions):
                found = tokens(text)
                seen.update(found)
                pairs.update(itertools.pairwise(found))
            df.update(seen)
        index.pairs = frozenset(pairs)
        count = len(index.items) + 1
        index.idf = {token: math.log(count / n) for token, n in df.items()}
        index.max_idf = math.log(count)
        index.speller = Speller(sorted(df))
        owners: dict[tuple[str, ...], set[str]] = {}
        for item, entry_keys in zip(index.items, keys, strict=True):
            for key in entry_keys:
                owners.setdefault(tuple(key), set()).add(item.id)
        index.names = {k: next(iter(v)) for k, v in owners.items() if k and len(v) == 1}
        index.table = EntryTable(
            key_sets=[[frozenset(doc) for doc in entry] for entry in keys],
            pairs=[_pairs(item, asked) for item, asked in zip(index.items, collected, strict=True)],
            is_rule=np.array([i.strict for i in index.items], np.bool_),
            is_milestone=np.array([i.id.startswith("m:") for i in index.items], np.bool_),
            states_number=np.array([any(c.isdigit() for c in i.body) for i in index.items]),
        )
        return index

    # --- query words -----------------------------------------------------------------------

    def terms(self, query: str) -> list[Term]:
        known = self.speller.known
        raw = [w for w in words(query) if stem(w) in known or not self.speller.is_filler(w)]
        terms: list[Term] = []
        i = 0
        while i < len(raw):
            pair = tuple(stem(w) for w in raw[i : i + 2])
            joined = stem("".join(raw[i : i + 2]))
            if len(pair) == 2 and joined in known and pair not in self.pairs:
                terms.append(Term(joined, {joined: 1.0}, False))  # "mededingings wet"
                i += 2
                continue
            terms.append(self._term(stem(raw[i])))
            i += 1
        return terms

    def _term(self, word: str) -> Term:
        candidates: dict[str, float] = {}
        if word in self.speller.known:
            candidates[word] = 1.0
        elif not word.isdigit():
            candidates = {w: s * TYPO_WEIGHT for w, s in self.speller.corrections(word).items()}
        for synonym in self.synonyms.of(word):
            if synonym in self.speller.known:
                candidates.setdefault(synonym, SYNONYM_WEIGHT)
        return Term(word, candidates, word.isdigit())

    def match(self, query: str) -> QueryMatch | None:
        """The first stage: each entry's BM25 score per kind of field, and what matched."""
        terms = self.terms(query)
        matched = [t for t in terms if t.candidates]
        if not matched or not self.items:
            return None
        n = len(self.items)
        found = [np.zeros(n, np.bool_) for _ in matched]
        key_found = [np.zeros(n, np.bool_) for _ in matched]
        per_field: list[Vector] = []
        for number, f in enumerate(self.fields):
            docs: Vector | None = None
            for term, where, in_key in zip(matched, found, key_found, strict=True):
                scores = f.word_scores(term.candidates)
                if scores is not None:
                    docs = scores if docs is None else docs + scores
                    hit = f.per_entry(scores) > 0
                    where |= hit
                    if number == 0:
                        in_key |= hit
            per_field.append(f.per_entry(docs) if docs is not None else np.zeros(n, np.float32))
        unknown = [t.word for t in terms if not t.candidates and not t.numeric]
        in_domain = sum(1 for w in unknown if w in self.domain)
        return QueryMatch(
            fields=(per_field[0], per_field[1], per_field[2], per_field[3]),
            found=found,
            key_found=key_found,
            weights=[max(self.idf[w] * s for w, s in t.candidates.items()) for t in matched],
            words=frozenset(w for t in matched for w in t.candidates),
            pairs=frozenset(
                (a, b)
                for first, second in itertools.pairwise(matched)
                for a in first.candidates
                for b in second.candidates
            ),
            unknown_domain=in_domain,
            unknown_other=len(unknown) - in_domain,
            offtopic=self._offtopic(terms),
            max_idf=self.max_idf,
            norm=len(matched) * self.max_idf,
        )

    def _offtopic(self, terms: list[Term]) -> float:
        """How closely the question matches one asked before that the knowledge cannot answer
        (its own words count: "paracetamol" is in no entry but may be in those questions)."""
        if self.offtopic is None or not terms:
            return 0.0
        total: Vector | None = None
        for term in terms:
            scores = self.offtopic.word_scores({**term.candidates, term.word: 1.0})
            if scores is not None:
                total = scores if total is None else total + scores
        best = float(total.max()) if total is not None else 0.0
        return best / len(terms) / math.log(len(self.asked.offtopic) + 1)

    # --- ranking and outcome ---------------------------------------------------------------

    def rank(self, query: str, intent: Intent = QUESTION) -> Ranked | None:
        match = self.match(query)
        return rank(self.table, match, intent, self.model) if match is not None else None

    def hits(self, ranked: Ranked) -> list[Hit]:
        return [
            Hit(self.items[i].id, self.items[i].title, s)
            for i, s in zip(ranked.order, ranked.scores, strict=True)
        ]

    def score_all(self, query: str, limit: int = 20) -> list[Hit]:
        ranked = self.rank(query, detect_intent(query))
        return self.hits(ranked)[:limit] if ranked else []

    def search(self, query: str) -> SearchResult:
        intent = detect_intent(query)
        if intent.kind in ("greeting", "thanks", "bot_help"):
            return SearchResult(query, "none", None, (), intent)
        if intent.subjects is not None:
            compared = self._compare(query, intent)
            if compared is not None:
                return compared
        return self._decide(query, intent, self.rank(query, intent))

    def _decide(self, query: str, intent: Intent, ranked: Ranked | None) -> SearchResult:
        if ranked is None:
            return SearchResult(query, "none", None, (), intent)
        hits, features = self.hits(ranked), ranked.features
        outcome = self.model.decide(features, ranked.strict)
        # The question is just a term's name ("zorggroep", "wat is een rho"): that term. A legal
        # rule keeps the stricter decision: its name alone may fit a sibling rule as well.
        named = self.names.get(tokens(query))
        if named is not None and named in (h.id for h in hits) and not self._by_id[named].strict:
            hits = sorted(hits, key=lambda h: h.id != named)
            outcome = "answer"
        if outcome == "none":
            return SearchResult(query, "none", None, (), intent, features=features)
        close = [h for h in hits if h.score >= hits[0].score - SUGGEST_GAP]
        shown = close[1 : 1 + MAX_SUGGESTIONS] if outcome == "answer" else close[:MAX_SUGGESTIONS]
        return SearchResult(query, outcome, hits[0], tuple(shown), intent, features=features)

    def _compare(self, query: str, intent: Intent) -> SearchResult | None:
        """Both subjects found: answer with the first, the second beside it."""
        assert intent.subjects is not None
        first, second = (
            self._decide(subject, QUESTION, self.rank(subject, QUESTION))
            for subject in intent.subjects
        )
        if first.best is None or second.best is None or first.best.id == second.best.id:
            return None
        if first.outcome != "answer" or second.outcome != "answer":
            return None  # both subjects clearly found, else the question as a whole
        return SearchResult(query, "answer", first.best, (), intent, compared=second.best)

    def top(self, query: str, limit: int = 10) -> list[Hit]:
        result = self.search(query)
        if result.outcome == "none" or result.best is None:
            return []
        hits = self.score_all(query, limit)
        return [h for h in hits if h.score >= hits[0].score - SUGGEST_GAP][:limit]

    @property
    def items_by_id(self) -> dict[str, Searchable]:
        return self._by_id

    def __post_init__(self) -> None:
        self._by_id = {item.id: item for item in self.items}
