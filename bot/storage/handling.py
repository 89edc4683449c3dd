"""Which received update the current task is handling, so its effect and its "done" commit together.

An update is handled at most once only if the row that says "done" is written in the same
transaction as the update's effect: a crash then leaves either both or neither. The delivery
layer (bot/delivery) says which update a task is handling; `Database.transaction()` asks this
module whether the transaction it is about to commit should also mark that update done.

A context variable carries it because PTB runs each update in its own task (or, without
concurrency, one after another in one task), and a child task started while handling (an
`asyncio.wait_for` in Python 3.11, a `gather`) shares the same `Handling` object.

Bookkeeping writes made on the side (remembering a chat or user, tying a roster username to a
user id, creating a group's organisation on first use) are not the update's effect: they are
idempotent, and if they marked the update done, a crash between them and the real effect (a
vote, a meeting) would lose that effect. Their repositories use
`Database.transaction(bookkeeping=True)`; other code can wrap writes in `bookkeeping()`.

The rule for handlers, then: an update's effect is its first write transaction that is not
bookkeeping, so an update's effect belongs in one transaction. Writes after it (e.g. syncing
the reminders of a new meeting) are derived state that start-up rebuilds.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Iterator
from contextvars import ContextVar, Token
from dataclasses import dataclass
from datetime import datetime

Finish = Callable[[int], Awaitable[bool]]


@dataclass
class Handling:
    """One update being handled; `done` once a committed transaction marked its row."""

    update_id: int
    finish: Finish | None = None  # marks it done when no transaction of it did
    received_utc: datetime | None = None  # when the bot received it (stored it)
    done: bool = False
    _bookkeeping: int = 0


_CURRENT: ContextVar[Handling | None] = ContextVar("rao_bot_handling", default=None)


def begin(
    update_id: int, finish: Finish | None = None, received_utc: datetime | None = None
) -> Handling:
    """From now on, this task (and tasks it starts) handles `update_id`."""
    handling = Handling(update_id, finish, received_utc)
    _CURRENT.set(handling)
    return handling


def current() -> Handling | None:
    return _CURRENT.get()


def scope() -> Token[Handling | None]:
    """Starts a fresh scope (nothing handled yet); `end(token)` restores the previous one."""
    return _CURRENT.set(None)


def end(token: Token[Handling | None]) -> None:
    _CURRENT.reset(token)


def acted_at(now: datetime) -> datetime:
    """When the user acted, as far as the bot can know: when it received the update being
    handled (earlier than `now` for an update handled at start-up after a crash), else `now`."""
    handling = _CURRENT.get()
    if handling is None or handling.received_utc is None:
        return now
    return min(handling.received_utc, now)


def to_mark() -> Handling | None:
    """The update a write transaction committing now should mark done, if any."""
    handling = _CURRENT.get()
    if handling is None or handling.done or handling._bookkeeping:
        return None
    return handling


@contextlib.contextmanager
def bookkeeping() -> Iterator[None]:
    """Writes inside are not the handled update's effect and leave it unfinished."""
    handling = _CURRENT.get()
    if handling is None:
        yield
        return
    handling._bookkeeping += 1
    try:
        yield
    finally:
        handling._bookkeeping -= 1
