"""Puts the searchable knowledge together from the knowledge files (and other sources).

Kept apart from the loader so the knowledge package does not depend on other features.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bot.config import Settings
from bot.knowledge.loader import DATA_DIR, Knowledge, load_knowledge
from bot.knowledge.search import Searchable

log = logging.getLogger(__name__)


def build_knowledge(settings: Settings | None = None) -> Knowledge:
    directory = settings.knowledge_dir if settings and settings.knowledge_dir else DATA_DIR
    extra, renderers = _milestones(settings)
    return load_knowledge(directory, extra=extra, renderers=renderers)


def _milestones(
    settings: Settings | None,
) -> tuple[list[Searchable], dict[str, Callable[[str], str]]]:
    """Milestone items from the schedule files, so questions about deadlines find dates."""
    from zoneinfo import ZoneInfo

    from bot.agenda.questions import PREFIX, milestone_renderer, milestone_searchables
    from bot.agenda.schedules import load_valid_schedules, resolve_schedules_dir

    tz = settings.tz if settings else ZoneInfo("Europe/Amsterdam")
    directory = resolve_schedules_dir(settings.schedules_dir if settings else Path("schedules"))
    schedules, problems = load_valid_schedules(directory)
    for problem in problems:
        log.warning("schedule left out of the question search: %s", problem)
    searchables = milestone_searchables(schedules, tz, datetime.now(UTC))
    return searchables, {PREFIX: milestone_renderer(schedules, tz)}
