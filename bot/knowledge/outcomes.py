"""The fitted model behind the search: how entries are ranked and when the bot answers.

Two small linear models, fitted by `bench/fit_outcomes.py` on the labelled question sets and
stored in data/outcomes.yaml (rerun the script rather than editing the file):

- the ranking: a weighted sum of named features of each candidate entry (its BM25 score per
  kind of field, the share of the question it explains, whether a rule is asked for with
  "mag ik", ...), fitted as a softmax over the candidates of each question;
- the outcome: two logistic models on features of the question and its top entry (how far it
  is ahead, the share of the question it explains, words that are neither in the knowledge
  nor in the source documents, ...): how likely the top entry is the right one, and how likely
  the question is one the knowledge can answer at all.

Answer when the first probability is high enough, else suggest when the second is, else "I
don't know". Legal stakes (a rule on top or close behind) have their own, stricter answer
cut-off: a confident wrong legal answer is the worst outcome, so there the bot rather
suggests.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bot.yaml_data import load_yaml

log = logging.getLogger(__name__)
Outcome = Literal["answer", "suggest", "none"]
OUTCOMES_FILE = Path(__file__).parent / "data" / "outcomes.yaml"

RANK_FEATURES = (
    "keys",  # BM25 over title and aliases, per matched word of the question
    "questions",  # ... over the example questions
    "body",  # ... over the answer and details
    "asked",  # ... over questions members asked about it before (data/asked.yaml)
    "coverage",  # share of the question's content (rarity-weighted) the entry explains
    "key_coverage",  # ... explained by its title or an alias alone
    "specific",  # share of its best title or alias that the question names
    "phrases",  # word pairs of the question found as such in its titles or questions
    "key_rarity",  # the rarest question word in its title or aliases (the subject, not "zz")
    "rule_permission",  # a rule, and the question asks "mag ik ..."
    "rule_other",  # a rule, and the question does not ask for a verdict
    "term_definition",  # a term, and the question asks "wat is ..."
    "milestone_when",  # a dated milestone, and the question asks "wanneer"
    "milestone_other",  # a dated milestone otherwise
    "number_how_many",  # the answer states a number, and the question asks "hoeveel"
)
OUTCOME_FEATURES = (
    "score",  # the top entry's ranking score
    "margin",  # how far it is ahead of the second
    "share",  # its share of the candidates' softmax: how clearly it stands out
    "coverage",
    "key_coverage",
    "specific",
    "key_rarity",  # the rarest question word found in the top entry's title or aliases
    "unknown_domain",  # unmatched words that the source documents use
    "unknown_other",  # unmatched words that they do not use ("paracetamol", "pizza")
    "matched",  # matched words of the question
    "offtopic",  # how closely it matches an off-topic question asked before
    "strict",  # legal stakes: a rule on top or close behind it
    "contact",  # asks for a phone number, address or name
    "price",  # asks what something costs
    "person",  # asks who
)

Vector = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Features:
    """The outcome features of one question, and the probabilities they give."""

    values: dict[str, float]
    probability: float  # the top entry is the right one
    answerable: float  # the knowledge can answer the question


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rank: dict[str, float]
    outcome: dict[str, float]  # P(the top entry is right)
    bias: float
    answerable: dict[str, float]  # P(the knowledge can answer it)
    answerable_bias: float
    answer: float = Field(ge=0, le=1)  # cut-off on P(right)
    answer_rule: float = Field(ge=0, le=1)  # ... with legal stakes
    suggest: float = Field(ge=0, le=1)  # cut-off on P(answerable)
    fitted_on: list[str] = Field(default_factory=list)  # question files, for the record

    @model_validator(mode="after")
    def _every_feature_weighted(self) -> Model:
        if tuple(self.rank) != RANK_FEATURES:
            raise ValueError(f"rank weights must be, in order: {', '.join(RANK_FEATURES)}")
        for weights in (self.outcome, self.answerable):
            if tuple(weights) != OUTCOME_FEATURES:
                raise ValueError(
                    f"outcome weights must be, in order: {', '.join(OUTCOME_FEATURES)}"
                )
        if not self.answer <= self.answer_rule:
            raise ValueError("cut-offs must be answer <= answer_rule")
        return self

    def rank_weights(self) -> Vector:
        return np.array(list(self.rank.values()), np.float64)

    def probabilities(self, values: Vector) -> tuple[float, float]:
        """P(the top entry is right), P(the knowledge can answer the question)."""
        right = float(values @ np.array(list(self.outcome.values()))) + self.bias
        able = float(values @ np.array(list(self.answerable.values()))) + self.answerable_bias
        return _sigmoid(right), _sigmoid(able)

    def decide(self, features: Features, strict: bool) -> Outcome:
        if features.probability >= (self.answer_rule if strict else self.answer):
            return "answer"
        return "suggest" if features.answerable >= self.suggest else "none"


def _sigmoid(logit: float) -> float:
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, logit))))


def _weights(names: tuple[str, ...], **given: float) -> dict[str, float]:
    return {name: given.get(name, 0.0) for name in names}


# Before the first fit: the plain field sum, and a cautious outcome on coverage and margin.
FALLBACK = Model(
    rank=_weights(RANK_FEATURES, keys=1.0, questions=0.5, body=0.5),
    outcome=_weights(OUTCOME_FEATURES, margin=4.0, coverage=4.0, unknown_other=-1.0),
    bias=-4.0,
    answerable=_weights(OUTCOME_FEATURES, coverage=4.0, unknown_other=-1.0, contact=-4.0),
    answerable_bias=-2.0,
    answer=0.6,
    answer_rule=0.8,
    suggest=0.3,
)


def read_model(path: Path) -> Model:
    return Model.model_validate(load_yaml(path.read_text(encoding="utf-8")))


def check_model(path: Path = OUTCOMES_FILE) -> list[str]:
    """Problems of the fitted model file (`rao-bot check-knowledge`)."""
    if not path.exists():
        return []
    try:
        read_model(path)
    except (yaml.YAMLError, ValidationError) as exc:
        return [" ".join(str(exc).split())]
    return []


@lru_cache(maxsize=1)
def shipped_model() -> Model:
    """The fitted model; the cautious fallback before the first fit, or when the file does
    not fit the code (features renamed since: rerun bench/fit_outcomes.py)."""
    if not OUTCOMES_FILE.exists():
        return FALLBACK
    try:
        return read_model(OUTCOMES_FILE)
    except (yaml.YAMLError, ValidationError):
        log.warning("%s does not fit the search; using the fallback model", OUTCOMES_FILE.name)
        return FALLBACK
