"""The one list of bot commands: /help, the command menu and the README table all come from it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CommandSpec:
    name: str
    description: str  # Dutch, shown in the Telegram menu and in /help
    board_only: bool = False
    usage: str = ""


COMMANDS: list[CommandSpec] = [
    CommandSpec("start", "Kennismaken met de bot"),
    CommandSpec("help", "Overzicht van wat de bot kan"),
]


def register_commands(*specs: CommandSpec) -> None:
    """Feature modules add their commands at import time, keeping /help in step with reality."""
    known = {c.name for c in COMMANDS}
    for spec in specs:
        if spec.name not in known:
            COMMANDS.append(spec)
            known.add(spec.name)
