"""Loads and checks the knowledge files, reporting problems as `file: entry id: field: message`.

A broken file must never take the running bot down: loading returns problems instead of
raising, and the caller decides whether to keep the previous knowledge.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.knowledge.asked import ASKED_FILE, Asked, read_asked
from bot.knowledge.lexicon import SYNONYMS_FILE, Synonyms, read_synonyms
from bot.knowledge.models import Entry
from bot.knowledge.normalize import fold, normalized
from bot.knowledge.search import Searchable, SearchIndex
from bot.yaml_data import load_yaml

DATA_DIR = Path(__file__).parent / "data"
# Data files beside the entries that are not entries: the lexicon, the fitted search model,
# the collected member questions and the guard's patterns, each validated by its own model.
NOT_ENTRIES = frozenset({SYNONYMS_FILE, "outcomes.yaml", "guard.yaml", ASKED_FILE})


@dataclass(frozen=True)
class Problem:
    file: str
    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}: {self.field}: {self.message}"


@dataclass
class Knowledge:
    entries: dict[str, Entry]
    index: SearchIndex
    extra: dict[str, Searchable] = field(default_factory=dict)
    # prefix of an extra item id ("m" for "m:zz-inkoop-2027:lijst") -> its HTML renderer
    renderers: dict[str, Callable[[str], str]] = field(default_factory=dict)

    @property
    def terms(self) -> list[Entry]:
        return [e for e in self.entries.values() if e.kind == "term"]

    @property
    def rules(self) -> list[Entry]:
        return [e for e in self.entries.values() if e.kind == "rule"]

    def sorted_entries(self) -> list[Entry]:
        return sorted(self.entries.values(), key=lambda e: (e.kind != "term", fold(e.title)))


class KnowledgeError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def _entry_label(raw: Any, position: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return str(raw["id"])
    return f"#{position + 1}"


def read_files(directory: Path) -> tuple[list[tuple[str, Entry]], list[Problem]]:
    """Every valid entry with its file name, and every problem found on the way."""
    problems: list[Problem] = []
    entries: list[tuple[str, Entry]] = []
    files = [
        path
        for path in sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml"))
        if path.name not in NOT_ENTRIES
    ]
    if not files:
        problems.append(Problem(str(directory), "-", "-", "no knowledge files (*.yaml) found"))
    for path in files:
        name = path.name
        try:
            raw = load_yaml(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, ValueError) as exc:  # ValueError: a date such as 0000-00-00
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark is not None else "-"
            problems.append(Problem(name, "-", where, f"broken YAML: {exc}".replace("\n", " ")))
            continue
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(name, "-", "-", f"cannot read file: {exc}"))
            continue
        if not isinstance(raw, dict) or not isinstance(raw.get("entries"), list):
            problems.append(Problem(name, "-", "entries", "top level must be 'entries: [...]'"))
            continue
        extra_keys = set(raw) - {"entries"}
        for key in sorted(extra_keys):
            problems.append(Problem(name, "-", key, "unknown top-level field"))
        for position, item in enumerate(raw["entries"]):
            label = _entry_label(item, position)
            try:
                entries.append((name, Entry.model_validate(item)))
            except ValidationError as exc:
                for error in exc.errors():
                    loc = ".".join(str(p) for p in error["loc"]) or "-"
                    problems.append(Problem(name, label, loc, error["msg"]))
    return entries, problems


def cross_check(entries: list[tuple[str, Entry]]) -> list[Problem]:
    """Duplicate ids, aliases claimed by two entries, and related ids that do not exist."""
    problems: list[Problem] = []
    first_file: dict[str, str] = {}
    for name, entry in entries:
        if entry.id in first_file:
            problems.append(
                Problem(name, entry.id, "id", f"duplicate id (also in {first_file[entry.id]})")
            )
        else:
            first_file[entry.id] = name
    owners: dict[str, set[str]] = defaultdict(set)
    for _, entry in entries:
        for alias in {normalized(a) or fold(a).strip() for a in entry.aliases}:
            owners[alias].add(entry.id)
    for name, entry in entries:
        for alias in entry.aliases:
            others = owners[normalized(alias) or fold(alias).strip()] - {entry.id}
            if others:
                problems.append(
                    Problem(
                        name,
                        entry.id,
                        "aliases",
                        f"alias '{alias}' is also used by {', '.join(sorted(others))}",
                    )
                )
        for related in entry.related:
            if related not in first_file:
                problems.append(Problem(name, entry.id, "related", f"unknown entry id '{related}'"))
            elif related == entry.id:
                problems.append(Problem(name, entry.id, "related", "an entry relates to itself"))
    return problems


def synonyms_of(directory: Path) -> tuple[Synonyms, list[Problem]]:
    """The knowledge directory's own lexicon, else the shipped one."""
    path = directory / SYNONYMS_FILE
    synonyms, messages = read_synonyms(path if path.exists() else DATA_DIR / SYNONYMS_FILE)
    return synonyms, [Problem(SYNONYMS_FILE, "-", "groups", m) for m in messages]


def asked_of(directory: Path, entries: list[tuple[str, Entry]]) -> tuple[Asked, list[Problem]]:
    """The directory's collected member questions (none when it has no asked.yaml)."""
    ids = {entry.id for _, entry in entries}
    asked, messages = read_asked(directory / ASKED_FILE, ids)
    return asked, [Problem(ASKED_FILE, "-", "questions", m) for m in messages]


def check_knowledge(directory: Path = DATA_DIR) -> list[Problem]:
    from bot.knowledge.guard_model import check_guard_model
    from bot.knowledge.guard_patterns import check_patterns
    from bot.knowledge.outcomes import check_model

    entries, problems = read_files(directory)
    guard = [Problem("guard.yaml", "-", "patterns", message) for message in check_patterns()]
    guard += [Problem("guard_model.json", "-", "model", m) for m in check_guard_model()]
    model = [Problem("outcomes.yaml", "-", "model", message) for message in check_model()]
    asked = asked_of(directory, entries)[1]
    return problems + cross_check(entries) + synonyms_of(directory)[1] + asked + guard + model


def load_knowledge(
    directory: Path = DATA_DIR,
    extra: list[Searchable] | None = None,
    renderers: dict[str, Callable[[str], str]] | None = None,
) -> Knowledge:
    """Validated knowledge with its search index; raises KnowledgeError listing every problem."""
    entries, problems = read_files(directory)
    synonyms, synonym_problems = synonyms_of(directory)
    asked, asked_problems = asked_of(directory, entries)
    problems += cross_check(entries) + synonym_problems + asked_problems
    if problems:
        raise KnowledgeError(problems)
    by_id = {entry.id: entry for _, entry in entries}
    searchables: list[Searchable] = [
        Searchable(
            e.id,
            e.title,
            tuple(e.aliases),
            tuple(e.questions),
            f"{e.answer} {e.details or ''}",
            strict=e.kind == "rule",
        )
        for e in by_id.values()
    ]
    extras = {item.id: item for item in extra or []}
    index = SearchIndex.build(searchables + list(extras.values()), synonyms, asked=asked)
    return Knowledge(by_id, index, extras, dict(renderers or {}))
