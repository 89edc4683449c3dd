"""The guard's regular expressions as data (data/guard.yaml), validated when loaded.

Keeping the word groups in a data file lets the board's operator read and extend what the guard
reacts to without touching the decision logic; a broken expression is reported by
`rao-bot check-knowledge` instead of taking the guard down.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.yaml_data import load_yaml

GUARD_FILE = Path(__file__).parent / "data" / "guard.yaml"

Signal = Literal[
    "prices",
    "discounts_margins",
    "market_splitting",
    "tenders",
    "boycotts",
    "contract_terms",
    "opening_hours",
    "labour",
]
# Signals told apart by their own words; the others follow from the rule the guard chose.
WORD_SIGNALS: tuple[Signal, ...] = ("tenders", "discounts_margins", "contract_terms")
REQUIRED_GROUPS = frozenset(
    [
        "commercial",
        "insurer",
        "euro_amount",
        "percent",
        "bare_decimal",
        "bare_number",
        "confirm_near_number",
        "addressee",
        "first_person",
        "ask",
        "person",
        "price_ask",
        "yesno_ask",
        "compare",
        "second_person_terms",
        "share",
        "align",
        "collective",
        "labour",
        "wage",
        "reciprocal",
        "opening_hours",
        "rota",
        "future",
        "area_or_patients",
        "pronoun_pair",
        "third_party_pair",
        "agreed",
        "allocation_verb",
        "allocation",
        "place_name",
        "tender",
        "single_patient",
        "leave_to",
        "turn_taking",
        "cover_bid",
        "non_solicit",
        "ownership",
        "hands_off",
        "tender_abstain",
        "tender_others",
        "exclude_newcomer",
        "newcomer_subject",
        "shut_out",
        "collective_we",
        "refusal",
        "own_negotiation",
        "no_poach",
        "rule_question",
        "meta_talk",
        "handling_question",
        "strict_second_person",
        "non_terms_question",
        "supplier_price",
        "sent_to_insurer",
        "rule_question_opening",
        "public_source",
        "own_fee",
        "supply",
        "supply_unless",
    ]
)


class GuardFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    patterns: dict[str, list[str]]
    signals: dict[Signal, list[str]] = Field(default_factory=dict)

    @field_validator("patterns", "signals")
    @classmethod
    def _compiles(cls, groups: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, expressions in groups.items():
            if not expressions:
                raise ValueError(f"group '{name}' is empty")
            for expression in expressions:
                try:
                    re.compile(expression)
                except re.error as exc:
                    raise ValueError(f"group '{name}': {expression!r}: {exc}") from exc
        return groups

    @field_validator("patterns")
    @classmethod
    def _complete(cls, groups: dict[str, list[str]]) -> dict[str, list[str]]:
        missing = sorted(REQUIRED_GROUPS - set(groups))
        if missing:
            raise ValueError(f"missing groups: {', '.join(missing)}")
        return groups


def _union(expressions: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{e})" for e in expressions))


class GuardPatterns:
    """Compiled groups: `patterns["commercial"].search(text)`."""

    def __init__(self, parsed: GuardFile) -> None:
        self.patterns = {name: _union(exprs) for name, exprs in parsed.patterns.items()}
        self.signals = {name: _union(exprs) for name, exprs in parsed.signals.items()}

    def __getitem__(self, name: str) -> re.Pattern[str]:
        return self.patterns[name]


def read_guard_file(path: Path = GUARD_FILE) -> GuardFile:
    return GuardFile.model_validate(load_yaml(path.read_text(encoding="utf-8")))


def check_patterns(path: Path = GUARD_FILE) -> list[str]:
    try:
        read_guard_file(path)
    except (OSError, yaml.YAMLError) as exc:
        return [f"cannot read: {exc}".replace("\n", " ")]
    except ValidationError as exc:
        return [
            f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}" for error in exc.errors()
        ]
    return []


@lru_cache(maxsize=1)
def shipped_patterns() -> GuardPatterns:
    return GuardPatterns(read_guard_file())
