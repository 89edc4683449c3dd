"""YAML reading for the data files (knowledge, synonyms, asked questions, schedules, models).

The collected member questions alone are thousands of lines; the pure-Python safe loader spent
most of the bot's start-up on them. libyaml's safe loader (in PyYAML's wheels) reads the same
documents the same way, ten times faster; the pure-Python one stays the fallback.
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Like yaml.safe_load; raises yaml.YAMLError on broken input."""
    return yaml.load(text, Loader=_LOADER)
