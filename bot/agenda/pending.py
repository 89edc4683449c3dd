"""Questions the bot asked with buttons and the answer it is waiting for.

A button carries only a short token (Telegram allows 64 bytes of callback data), so what the
board typed (`/vergadering ...` with two readings, a duplicate to confirm, meetings to cancel
after an import, a moment to move to) waits here under that token. Kept in memory: a
question outlives neither a restart nor a day, and pressing an expired button says so.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

TTL = timedelta(hours=24)
MAX_PENDING = 1000

T = TypeVar("T")


@dataclass(frozen=True)
class _Entry:
    chat_id: int
    value: object
    expires: datetime


class PendingActions:
    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}

    def put(self, chat_id: int, value: object, now: datetime) -> str:
        """Keep `value` for the chat; returns the token for the buttons."""
        self._entries = {k: e for k, e in self._entries.items() if e.expires > now}
        while len(self._entries) >= MAX_PENDING:
            del self._entries[next(iter(self._entries))]
        token = secrets.token_hex(4)
        while token in self._entries:
            token = secrets.token_hex(4)
        self._entries[token] = _Entry(chat_id, value, now + TTL)
        return token

    def get(self, token: str, chat_id: int, kind: type[T], now: datetime) -> T | None:
        """The waiting value of that type for this chat, or None (expired, other chat)."""
        entry = self._entries.get(token)
        if entry is None or entry.chat_id != chat_id or entry.expires <= now:
            return None
        return entry.value if isinstance(entry.value, kind) else None

    def pop(self, token: str, chat_id: int, kind: type[T], now: datetime) -> T | None:
        """Like `get`, and the question is answered: a second press finds nothing."""
        value = self.get(token, chat_id, kind, now)
        if value is not None:
            del self._entries[token]
        return value
