"""Puts the searchable knowledge together from the knowledge files (and other sources).

Kept apart from the loader so the knowledge package does not depend on other features.
"""

from __future__ import annotations

from bot.config import Settings
from bot.knowledge.loader import DATA_DIR, Knowledge, load_knowledge


def build_knowledge(settings: Settings | None = None) -> Knowledge:
    directory = settings.knowledge_dir if settings and settings.knowledge_dir else DATA_DIR
    return load_knowledge(directory)
