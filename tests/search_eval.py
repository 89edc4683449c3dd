"""Shared evaluation of the search on the labelled question sets (tests and bench use it)."""

from __future__ import annotations

import csv
import fnmatch
from dataclasses import dataclass, field
from pathlib import Path

from bot.knowledge.search import SearchIndex, SearchResult

DATA = Path(__file__).parent / "data"
QUESTION_FILES = ["questions_terms.tsv", "questions_rules.tsv", "questions_offtopic.tsv"]


def load_questions(files: list[str] | None = None) -> list[tuple[str, str | None]]:
    """(question, expected id or None for 'must be none')."""
    rows: list[tuple[str, str | None]] = []
    for name in files or QUESTION_FILES:
        path = DATA / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                expected = (row.get("expected_id") or "").strip()
                question = (row.get("question") or "").strip()
                if question:
                    rows.append((question, None if expected in ("", "-") else expected))
    return rows


def matches(found: str, expected: str) -> bool:
    """`expected` may list alternatives ("a|b") and use wildcards for milestone ids ("m:*:x")."""
    return any(fnmatch.fnmatchcase(found, option) for option in expected.split("|"))


def is_right(result: SearchResult, expected: str | None) -> bool:
    if expected is None:
        return result.outcome == "none"
    if result.outcome == "answer":
        return result.best is not None and matches(result.best.id, expected)
    if result.outcome == "suggest":
        return bool(result.suggestions) and matches(result.suggestions[0].id, expected)
    return False


@dataclass
class Evaluation:
    answerable: int = 0
    answerable_right: int = 0
    answered_wrong: int = 0  # confident answers with the wrong entry: the worst case
    offtopic: int = 0
    offtopic_right: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def answer_rate(self) -> float:
        return self.answerable_right / self.answerable if self.answerable else 1.0

    @property
    def none_rate(self) -> float:
        return self.offtopic_right / self.offtopic if self.offtopic else 1.0


def evaluate(index: SearchIndex, rows: list[tuple[str, str | None]]) -> Evaluation:
    ev = Evaluation()
    for question, expected in rows:
        result = index.search(question)
        right = is_right(result, expected)
        if expected is None:
            ev.offtopic += 1
            ev.offtopic_right += right
        else:
            ev.answerable += 1
            ev.answerable_right += right
            if result.outcome == "answer" and not right:
                ev.answered_wrong += 1
        if not right:
            got = result.best.id if result.best else "-"
            ev.failures.append(
                f"{question!r}: expected {expected or 'none'}, got {result.outcome} {got} "
                f"({result.score}) {[h.id for h in result.suggestions]}"
            )
    return ev
