"""Milestone schedules: one YAML file per schedule in schedules/.

Schedules are edited by hand (a new insurer planning each year), so every problem is reported
as one line `file: item: field: message` that points at the exact spot to fix, and all problems
of all files are reported at once instead of stopping at the first.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.agenda.events import AgendaEvent
from bot.yaml_data import load_yaml

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DEFAULT_ITEM_TIME = time(9, 0)
SCHEDULE_SUFFIXES = (".yaml", ".yml")


class ScheduleFileError(Exception):
    """One or more schedule files are invalid; `problems` holds the report lines."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class ScheduleSource(BaseModel):
    """The publication a schedule's dates come from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=3, max_length=200)
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")


class ScheduleItem(BaseModel):
    """One dated milestone; `time` is local (Europe/Amsterdam) and defaults to 09:00."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=SLUG_PATTERN, max_length=80)
    date: dt.date
    time: dt.time | None = None
    title: str = Field(min_length=3, max_length=120)
    description: str = Field(min_length=10, max_length=400)
    source_section: str = Field(min_length=2, max_length=120)
    status: Literal["bevestigd", "verwacht"]

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value: object) -> object:
        # YAML already turns an unquoted 2025-04-01 into a date; anything else must be that
        # exact text, so "1-4-2025" or "april" cannot slip through pydantic's lax parsing.
        if isinstance(value, datetime):
            raise ValueError("use a date without time, like 2025-07-31")
        if isinstance(value, date):
            return value
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return value
        raise ValueError("use YYYY-MM-DD, like 2025-07-31")

    @field_validator("time", mode="before")
    @classmethod
    def _hh_mm(cls, value: object) -> dt.time | None:
        if value is None:
            return None
        if isinstance(value, int):
            # YAML 1.1 reads an unquoted 19:30 as the sexagesimal number 1170.
            raise ValueError("quote the time, like '19:30' (YAML reads 19:30 as a number)")
        if not isinstance(value, str) or not re.fullmatch(r"\d{2}:\d{2}", value):
            raise ValueError("use HH:MM, like '09:00'")
        hours, minutes = (int(part) for part in value.split(":"))
        if hours > 23 or minutes > 59:
            raise ValueError(f"{value} is not a time of day")
        return time(hours, minutes)

    @property
    def local_time(self) -> dt.time:
        return self.time if self.time is not None else DEFAULT_ITEM_TIME


class Schedule(BaseModel):
    """A named list of milestones from one source, e.g. an insurer's purchasing planning."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=SLUG_PATTERN, max_length=80)
    title: str = Field(min_length=3, max_length=120)
    source: ScheduleSource
    items: list[ScheduleItem] = Field(min_length=1)


@dataclass(frozen=True)
class _Loaded:
    schedules: dict[str, Schedule]
    problems: list[str]


def load_schedules(directory: Path) -> dict[str, Schedule]:
    """All schedules by id; raises ScheduleFileError listing every problem if any file is bad."""
    loaded = _load(directory)
    if loaded.problems:
        raise ScheduleFileError(loaded.problems)
    return loaded.schedules


def check_schedules(directory: Path) -> list[str]:
    """Problems as `file: item: field: message` lines; empty when everything is fine."""
    return _load(directory).problems


def load_valid_schedules(directory: Path) -> tuple[dict[str, Schedule], list[str]]:
    """The valid schedules and the problems of the others.

    The running bot uses this: one broken file must not take every other schedule's
    reminders down with it.
    """
    loaded = _load(directory)
    return loaded.schedules, loaded.problems


def resolve_schedules_dir(directory: Path) -> Path:
    """A relative directory that is missing from the working directory is looked up next to
    the package, so `rao-bot ask` and the tests work from any working directory."""
    if directory.is_absolute() or directory.is_dir():
        return directory
    beside_package = Path(__file__).resolve().parents[2] / directory
    return beside_package if beside_package.is_dir() else directory


def schedule_family(schedule_id: str) -> str:
    """'zz-inkoop-2027' and 'zz-inkoop-2028' are one yearly cycle: 'zz-inkoop'."""
    return re.sub(r"-\d{4}$", "", schedule_id)


def item_start_utc(item: ScheduleItem, tz: ZoneInfo) -> datetime:
    """The milestone's moment in UTC (local date + local time, DST-aware)."""
    return datetime.combine(item.date, item.local_time, tzinfo=tz).astimezone(UTC)


def item_uid(schedule: Schedule, item: ScheduleItem) -> str:
    """Stable across reloads, so stored reminders and exported calendars keep matching."""
    return f"{schedule.id}.{item.id}@rao-bot"


def schedule_events(schedule: Schedule, tz: ZoneInfo) -> list[AgendaEvent]:
    """The schedule's items as agenda milestones."""
    source = schedule.source.title
    return [
        AgendaEvent(
            uid=item_uid(schedule, item),
            kind="milestone",
            title=item.title,
            start_utc=item_start_utc(item, tz),
            description=item.description,
            status=item.status,
            source=f"{source}, {item.source_section}",
            all_day=item.time is None,
        )
        for item in schedule.items
    ]


def _load(directory: Path) -> _Loaded:
    if not directory.is_dir():
        return _Loaded({}, [f"{directory}: -: -: directory not found"])
    schedules: dict[str, Schedule] = {}
    origin: dict[str, str] = {}
    problems: list[str] = []
    files = sorted(p for p in directory.iterdir() if p.suffix in SCHEDULE_SUFFIXES)
    for path in files:
        name = path.name
        data, problem = _read_yaml(path)
        if problem is not None:
            problems.append(problem)
            continue
        if not isinstance(data, dict):
            problems.append(f"{name}: -: -: the file must be a mapping with id, title, items")
            continue
        problems.extend(_duplicate_item_ids(name, data))
        try:
            schedule = Schedule.model_validate(data)
        except ValidationError as exc:
            problems.extend(_format_errors(name, data, exc))
            continue
        if schedule.id in schedules:
            problems.append(
                f"{name}: -: id: duplicate schedule id '{schedule.id}' "
                f"(also in {origin[schedule.id]})"
            )
            continue
        schedules[schedule.id] = schedule
        origin[schedule.id] = name
    return _Loaded(schedules, problems)


def _read_yaml(path: Path) -> tuple[object, str | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, f"{path.name}: -: -: cannot read file: {exc}"
    try:
        return load_yaml(text), None
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: a date such as 0000-00-00
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "unknown line"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, f"{path.name}: -: yaml: {where}: {problem}"


def _duplicate_item_ids(name: str, data: dict[Any, Any]) -> list[str]:
    items = data.get("items")
    if not isinstance(items, list):
        return []
    seen: set[str] = set()
    problems: list[str] = []
    for raw in items:
        item_id = raw.get("id") if isinstance(raw, dict) else None
        if isinstance(item_id, str):
            if item_id in seen:
                problems.append(f"{name}: {item_id}: id: duplicate item id")
            seen.add(item_id)
    return problems


def _format_errors(name: str, data: dict[Any, Any], exc: ValidationError) -> list[str]:
    lines: list[str] = []
    items = data.get("items")
    for error in exc.errors():
        loc = list(error["loc"])
        item_label = "-"
        if len(loc) >= 2 and loc[0] == "items" and isinstance(loc[1], int):
            index = loc[1]
            raw = items[index] if isinstance(items, list) and index < len(items) else None
            raw_id = raw.get("id") if isinstance(raw, dict) else None
            item_label = raw_id if isinstance(raw_id, str) and raw_id else f"#{index + 1}"
            loc = loc[2:]
        field = ".".join(str(part) for part in loc) or "-"
        message = error["msg"].removeprefix("Value error, ")
        lines.append(f"{name}: {item_label}: {field}: {message}")
    return lines
