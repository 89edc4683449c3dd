"""Helpers the offline command lines of the features share (`rao-bot ask`, `guard`, checks)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path


def inputs(batch: str | None, words: Sequence[str], usage: str) -> list[str] | None:
    """The texts to run: one per non-blank line of the --batch file, else the words given as one
    text. None (after printing `usage`) when there is neither, so the caller exits with 2."""
    if batch:
        lines = Path(batch).read_text(encoding="utf-8").splitlines()
        return [line.strip() for line in lines if line.strip()]
    if words:
        return [" ".join(words)]
    print(usage, file=sys.stderr)
    return None


def report_problems(problems: Sequence[object]) -> bool:
    """Prints each problem of a data check; true when there were any, so the check fails."""
    for problem in problems:
        print(problem)
    return bool(problems)
