"""The one list of bot commands: /help, the command menu and the README table all come from it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CommandSpec:
    name: str
    description: str  # Dutch, shown in the Telegram menu and in /help
    board_only: bool = False
    usage: str = ""
    rank: int = 0  # position of the feature in /help: basics, questions, votes, agenda


COMMANDS: list[CommandSpec] = [
    CommandSpec("start", "Kennismaken met de bot"),
    CommandSpec("help", "Overzicht van wat de bot kan"),
]


RANK_QUESTIONS, RANK_VOTES, RANK_AGENDA = 1, 2, 3


def register_commands(*specs: CommandSpec, rank: int) -> None:
    """Feature modules add their commands at import time, keeping /help in step with reality."""
    known = {c.name for c in COMMANDS}
    for spec in specs:
        if spec.name not in known:
            COMMANDS.append(
                CommandSpec(spec.name, spec.description, spec.board_only, spec.usage, rank)
            )
            known.add(spec.name)
    COMMANDS.sort(key=lambda c: c.rank)  # stable: keeps each feature's own order
