"""The synonym lexicon and typo correction: how a member's words reach the index's words.

Members write "overstappen" where the sources say "wisselen", "halverwege" where they say
"tussentijds". The lexicon (data/synonyms.yaml) lists such groups of words as data the board can
extend without touching code; typo correction maps a word the index has never seen to the
nearest words it has ("contractprofeil" -> "contractprofiel").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from rapidfuzz import fuzz, process

from bot.knowledge.normalize import STOPWORDS, tokens
from bot.yaml_data import load_yaml

SYNONYMS_FILE = "synonyms.yaml"
DOMAIN_WORDS_FILE = "domain_words.txt"


class SynonymGroup(BaseModel):
    """Words a member may use for the same thing; each must normalise to one word."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    words: list[str] = Field(min_length=2)
    note: str | None = None

    @field_validator("words")
    @classmethod
    def _single_words(cls, values: list[str]) -> list[str]:
        for value in values:
            if len(tokens(value, drop_scaffolding=False)) != 1:
                raise ValueError(f"'{value}' is not one content word after normalisation")
        return values


class BroaderGroup(BaseModel):
    """Words that are a kind of `word` ("cz" is an insurer): a question with one of them is
    also about `word`, but a question about `word` is not about each of them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    word: str
    narrower: list[str] = Field(min_length=1)
    note: str | None = None

    @field_validator("word", "narrower")
    @classmethod
    def _single_words(cls, value: str | list[str]) -> str | list[str]:
        for one in [value] if isinstance(value, str) else value:
            if len(tokens(one, drop_scaffolding=False)) != 1:
                raise ValueError(f"'{one}' is not one content word after normalisation")
        return value


class SynonymFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    groups: list[SynonymGroup]
    broader: list[BroaderGroup] = Field(default_factory=list)


@dataclass(frozen=True)
class Synonyms:
    """Stemmed word -> the other stemmed words of its groups."""

    related: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def from_groups(
        cls, groups: Iterable[SynonymGroup], broader: Iterable[BroaderGroup] = ()
    ) -> Synonyms:
        related: dict[str, set[str]] = {}
        for group in groups:
            stems = {tokens(w, drop_scaffolding=False)[0] for w in group.words}
            for one in stems:
                related.setdefault(one, set()).update(stems - {one})
        for kind in broader:
            general = tokens(kind.word, drop_scaffolding=False)[0]
            for narrow in kind.narrower:
                related.setdefault(tokens(narrow, drop_scaffolding=False)[0], set()).add(general)
        return cls({word: frozenset(others) for word, others in related.items()})

    def of(self, word: str) -> frozenset[str]:
        return self.related.get(word, frozenset())


def read_synonyms(path: Path) -> tuple[Synonyms, list[str]]:
    """The lexicon at `path` (empty when the file is absent), and every problem found."""
    if not path.exists():
        return Synonyms(), []
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: a date such as 0000-00-00
        return Synonyms(), [f"broken YAML: {exc}".replace("\n", " ")]
    try:
        parsed = SynonymFile.model_validate(raw)
    except ValidationError as exc:
        return Synonyms(), [
            f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}" for error in exc.errors()
        ]
    return Synonyms.from_groups(parsed.groups, parsed.broader), []


def read_domain_words(path: Path) -> frozenset[str]:
    """The stemmed vocabulary of the source documents (bench/domain_words.py writes it)."""
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


ABBREVIATION_WEIGHT = 0.6


@dataclass
class Speller:
    """Nearest index words for a word the index does not know (typos, run-together words)."""

    vocab: list[str]
    known: frozenset[str] = field(init=False)
    _heads: dict[str, list[str]] = field(init=False, repr=False)  # word end -> compounds
    _starts: dict[str, list[str]] = field(init=False, repr=False)  # word start -> compounds
    _prefixes: dict[str, list[str]] = field(init=False, repr=False)  # "repr" -> words
    _memo: dict[str, dict[str, float]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.known = frozenset(self.vocab)
        self._heads, self._starts, self._prefixes, self._memo = {}, {}, {}, {}
        for word in self.vocab:  # a lookup table instead of a scan per unknown word
            for n in (3, 4):
                if len(word) >= n + 3:
                    self._prefixes.setdefault(word[:n], []).append(word)
            for n in range(5, len(word) - 2):
                self._heads.setdefault(word[-n:], []).append(word)
            for n in range(5, len(word) - 3):
                self._starts.setdefault(word[:n], []).append(word)

    def is_filler(self, word: str) -> bool:
        """'eigelijk', 'moetten': a misspelt filler word is still filler, not a subject."""
        if len(word) < 5:
            return False
        return process.extractOne(word, STOPWORDS, scorer=fuzz.ratio, score_cutoff=85) is not None

    def corrections(self, word: str) -> dict[str, float]:
        """Index words `word` may be a misspelling of, each with a similarity in 0..1."""
        if word not in self._memo:
            if len(self._memo) > 50_000:
                self._memo.clear()
            self._memo[word] = self._corrections(word)
        return self._memo[word]

    def _corrections(self, word: str) -> dict[str, float]:
        if word.isdigit() or len(word) < 3:
            return {}
        if len(word) < 5 and (short := self._abbreviation(word)):
            return short
        if len(word) < 4:
            return {}
        if len(word) >= 7 and (parts := self._parts(word)):
            return parts  # an exact split beats a near spelling ("contractprofielplus")
        # One letter changed in a word of six ("mandaad") scores 83: from six letters on, a
        # single slip is accepted; shorter words need a closer match.
        cutoff = 80.0 if len(word) >= 6 else 88.0
        found: dict[str, float] = {}
        for candidate, score, _ in process.extract(
            word, self.vocab, scorer=fuzz.ratio, score_cutoff=cutoff, limit=3
        ):
            if abs(len(candidate) - len(word)) > 3 or len(candidate) < 4:
                continue
            if len(word) <= 5 and candidate[0] != word[0]:
                continue  # short words: a typo rarely changes the first letter
            found[candidate] = score / 100
        if not found and len(word) >= 5:
            found = self._compounds(word)
        return found

    def _abbreviation(self, word: str) -> dict[str, float]:
        """'repr', 'vert', 'soc': members shorten long words on a phone; a short unknown
        word stands for the few index words it starts (none when it starts many)."""
        found = self._prefixes.get(word, [])
        return {w: ABBREVIATION_WEIGHT for w in found} if 0 < len(found) <= 6 else {}

    def _compounds(self, word: str) -> dict[str, float]:
        """'makelaar' -> 'zorgmakelaar': Dutch compounds end in their head word, so an
        unknown word may be the head (or the first part) of compounds the index knows."""
        found = self._heads.get(word) or self._starts.get(word) or []
        return {w: 0.7 for w in found} if len(found) <= 4 else {}

    def _parts(self, word: str) -> dict[str, float]:
        """'baxterrol' -> 'baxter' + 'rol': a compound the index only knows in pieces."""
        for cut in range(len(word) - 4, 3, -1):
            head, tail = word[:cut], word[cut:]
            if head in self.known and tail in self.known:
                return {head: 0.7, tail: 0.7}
        return {}
