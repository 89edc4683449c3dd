"""Predicates over sandbox outbox entries that every end-to-end test module uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.sandbox.client import Entry


def sent_to(
    chat_id: int, containing: str = "", after: int = 0, method: str = "sendMessage"
) -> Callable[[Entry], bool]:
    """A message (or `method`) the bot sent to `chat_id`, newer than `after`, with `containing`."""
    return lambda e: (
        e["method"] == method
        and e["chat_id"] == chat_id
        and containing in (e.get("text") or "")
        and e["seq"] > after
    )


def buttons(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """The inline buttons of an outbox entry, row by row flattened."""
    rows = (entry.get("reply_markup") or {}).get("inline_keyboard") or []
    return [b for row in rows for b in row]
