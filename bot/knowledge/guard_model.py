"""The guard's second opinion: a small fitted word model for risky wording the patterns miss.

The patterns in data/guard.yaml are explainable and precise, but members find more ways to ask
a colleague for their terms than any list of word families holds (measured on sets written by
people who never saw the patterns: recall about 0.8). A logistic model over the message's
words, word pairs and word fragments, fitted by `bench/fit_guard.py` on the labelled guard
messages and the questions members put to the bot (never risky), catches much of the rest. It
only adds warnings where the patterns found none, and only above a cut-off fitted for
precision, so a false alarm stays rare; the warning still names the signal its words show.
"""

from __future__ import annotations

import itertools
import json
import logging
import math
import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.knowledge.normalize import fold, stem

log = logging.getLogger(__name__)
GUARD_MODEL_FILE = Path(__file__).parent / "data" / "guard_model.json"
_TOKEN = re.compile(r"[a-z]+|\d+(?:[.,]\d+)?|[%?]")
_FRAGMENT = 4  # characters per word fragment: typos and compounds share most of them


def features(text: str) -> set[str]:
    """Words (stemmed), word pairs and word fragments; numbers are one token, whatever value."""
    folded = fold(text.replace("€", " euro "))
    words = [
        "#" if w[0].isdigit() else w if not w.isalpha() else stem(w) for w in _TOKEN.findall(folded)
    ]
    found = {f"w:{w}" for w in words}
    found |= {f"p:{a}_{b}" for a, b in itertools.pairwise(words)}
    for word in words:
        padded = f"<{word}>"
        found |= {f"f:{padded[i : i + _FRAGMENT]}" for i in range(len(padded) - _FRAGMENT + 1)}
    return found


class GuardModel(BaseModel):
    """Fitted weights per feature (features absent here weigh nothing) and the cut-off."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    weights: dict[str, float]
    bias: float
    cutoff: float = Field(gt=0, lt=1)
    fitted_on: list[str] = Field(default_factory=list)

    def probability(self, text: str) -> float:
        found = features(text)
        if not found:
            return 0.0
        total = sum(self.weights.get(f, 0.0) for f in found) / math.sqrt(len(found))
        logit = max(-30.0, min(30.0, total + self.bias))
        return 1 / (1 + math.exp(-logit))

    def risky(self, text: str) -> bool:
        return self.probability(text) >= self.cutoff


def read_guard_model(path: Path = GUARD_MODEL_FILE) -> GuardModel:
    return GuardModel.model_validate(json.loads(path.read_text(encoding="utf-8")))


def check_guard_model(path: Path = GUARD_MODEL_FILE) -> list[str]:
    """Problems of the fitted file (`rao-bot check-knowledge`); none when it is absent."""
    if not path.exists():
        return []
    try:
        read_guard_model(path)
    except (json.JSONDecodeError, ValidationError) as exc:
        return [" ".join(str(exc).split())]
    return []


@lru_cache(maxsize=1)
def shipped_guard_model() -> GuardModel | None:
    """The fitted model, or None (patterns only) before the first fit or when it is broken."""
    if not GUARD_MODEL_FILE.exists():
        return None
    try:
        return read_guard_model()
    except (json.JSONDecodeError, ValidationError):
        log.warning("%s is broken; the guard uses its patterns only", GUARD_MODEL_FILE.name)
        return None
