"""Pydantic models of the knowledge files.

Unknown fields are rejected so that a typo in a YAML key is reported instead of silently ignored.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ANSWER_MAX_CHARS = 700
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_SEED_TITLE = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt \((.+)\)$")


class Source(BaseModel):
    """Where a fact comes from: a seed file and section, or a publication with its URL."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=3)
    section: str | None = None
    url: str | None = None

    def render(self) -> str:
        """Members see the document's name, not the seed file name kept for traceability."""
        seed = _SEED_TITLE.match(self.title)
        name = seed.group(1) if seed else self.title
        return f"{name} ({self.section})" if self.section else name


class Entry(BaseModel):
    """One glossary term or competition-law rule."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=SLUG_PATTERN)
    kind: Literal["term", "rule"]
    title: str = Field(min_length=2, max_length=120)
    aliases: list[str] = Field(default_factory=list)
    questions: list[str] = Field(default_factory=list)
    answer: str = Field(min_length=20, max_length=ANSWER_MAX_CHARS)
    details: str | None = None
    verdict: Literal["mag", "mag niet", "hangt af"] | None = None
    sources: list[Source] = Field(min_length=1)
    related: list[str] = Field(default_factory=list)

    @field_validator("aliases", "questions")
    @classmethod
    def _no_blank_strings(cls, values: list[str]) -> list[str]:
        if any(not v.strip() for v in values):
            raise ValueError("contains an empty string")
        return values

    @model_validator(mode="after")
    def _rules_need_questions(self) -> Entry:
        """A rule that answers "mag ik ...?" has a verdict; one that only describes (how the
        ACM enforces, what the KNMP does) has none, so no "✅ Mag" is read into it."""
        if self.kind == "rule":
            if not self.questions:
                raise ValueError("a rule needs at least one entry in 'questions'")
        elif self.verdict is not None:
            raise ValueError("only rules have a 'verdict'")
        return self


class KnowledgeFile(BaseModel):
    """The top level of one YAML file: a list of entries."""

    model_config = ConfigDict(extra="forbid")

    entries: list[Entry]
