"""Questions members asked, labelled with the entry that answers them (data/asked.yaml).

The knowledge's own example questions are written by the people who wrote the entries; members
phrase things their own way. Questions collected from members (the labelled question sets,
later the board's loop of unanswered questions) are a field of their own in the index, and
questions labelled as off-topic ("dosering paracetamol") are a signal for "I don't know".
`bench/fit_outcomes.py` writes the file from the labelled sets it fits on, so a set that is
held out in its cross-validation is never in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.yaml_data import load_yaml

ASKED_FILE = "asked.yaml"
# Questions about a dated milestone are kept for every year's: "m:*:<item id>".
MILESTONE_KEY = re.compile(r"m:\*:[a-z0-9][a-z0-9-]*")


def is_milestone_key(key: str) -> bool:
    return MILESTONE_KEY.fullmatch(key) is not None


def every_year_key(item_id: str) -> str | None:
    """The key of a milestone's questions for every year ("m:zz-inkoop-2028:x" -> "m:*:x");
    None for an entry."""
    return f"m:*:{item_id.rsplit(':', 1)[-1]}" if item_id.startswith("m:") else None


class AskedFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answered: dict[str, list[str]] = Field(default_factory=dict)  # entry id -> questions
    offtopic: list[str] = Field(default_factory=list)  # questions the knowledge cannot answer
    collected_from: list[str] = Field(default_factory=list)  # for the record


@dataclass(frozen=True)
class Asked:
    answered: dict[str, list[str]] = field(default_factory=dict)
    offtopic: list[str] = field(default_factory=list)


def read_asked(path: Path, known_ids: set[str]) -> tuple[Asked, list[str]]:
    """The collected questions at `path` (none when absent), and every problem found."""
    if not path.exists():
        return Asked(), []
    try:
        parsed = AskedFile.model_validate(load_yaml(path.read_text(encoding="utf-8")))
    except yaml.YAMLError as exc:
        return Asked(), [f"broken YAML: {exc}".replace("\n", " ")]
    except ValidationError as exc:
        return Asked(), [
            f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}" for error in exc.errors()
        ]
    unknown = sorted(k for k in parsed.answered if k not in known_ids and not is_milestone_key(k))
    problems = [f"answered: unknown entry id '{entry}'" for entry in unknown]
    answered = {k: v for k, v in parsed.answered.items() if k not in unknown}
    return Asked(answered, list(parsed.offtopic)), problems


def write_asked(path: Path, asked: Asked, sources: list[str]) -> None:
    header = (
        "# Written by bench/fit_outcomes.py from the labelled question sets; rerun it rather\n"
        "# than editing by hand.\n"
    )
    body = AskedFile(
        answered={k: sorted(set(v)) for k, v in sorted(asked.answered.items())},
        offtopic=sorted(set(asked.offtopic)),
        collected_from=sources,
    ).model_dump()
    path.write_text(header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True), "utf-8")
