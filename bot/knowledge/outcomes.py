"""Answer, suggest or "I don't know", decided from three named features of a ranking.

- score: the best entry's BM25 score per matched word of the question, relative to the rarest
  word's weight (how strongly it matches, comparable between a small and a large index);
- margin: how far the best entry is ahead of the second, as a share of the best score;
- coverage: the share of the question's content words the best entry explains.

The cut-offs are not tuned by hand: `bench/fit_outcomes.py` fits them on the labelled question
sets by cross-validation and writes data/outcomes.yaml, which the search loads. Legal rules have
their own, stricter answer cut-off: a confident wrong answer there is the worst outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

Outcome = Literal["answer", "suggest", "none"]
OUTCOMES_FILE = Path(__file__).parent / "data" / "outcomes.yaml"


@dataclass(frozen=True)
class Features:
    score: float
    margin: float
    coverage: float


class Cut(BaseModel):
    """All three features must reach these values."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    score: float = Field(ge=0)
    margin: float = Field(ge=0, le=1)
    coverage: float = Field(ge=0, le=1)

    def passes(self, features: Features) -> bool:
        return (
            features.score >= self.score
            and features.margin >= self.margin
            and features.coverage >= self.coverage
        )


class Thresholds(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    answer: Cut
    answer_rule: Cut  # stricter: the best entry is a legal rule
    suggest: Cut
    fitted_on: list[str] = Field(default_factory=list)  # question files, for the record

    def decide(self, features: Features, strict: bool) -> Outcome:
        if (self.answer_rule if strict else self.answer).passes(features):
            return "answer"
        if self.suggest.passes(features):
            return "suggest"
        return "none"


FALLBACK = Thresholds(
    answer=Cut(score=0.5, margin=0.25, coverage=0.8),
    answer_rule=Cut(score=0.6, margin=0.35, coverage=0.9),
    suggest=Cut(score=0.25, margin=0.0, coverage=0.5),
)


def read_thresholds(path: Path) -> Thresholds:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Thresholds.model_validate(raw)


@lru_cache(maxsize=1)
def shipped_thresholds() -> Thresholds:
    """The fitted cut-offs; the conservative fallback only before the first fit."""
    if not OUTCOMES_FILE.exists():
        return FALLBACK
    return read_thresholds(OUTCOMES_FILE)
