"""How the sandbox hands out updates: Telegram's offset rules, and two controls for crash tests.

Telegram keeps an update until a `getUpdates` arrives whose offset is higher than its id: only
that confirms it. An update handed out by a `getUpdates` whose caller then died is handed out
again to the next caller, however often. A negative offset `-n` keeps only the last `n`
updates and forgets the rest. `allowed_updates` is remembered; an empty list means "the
default" (every type the sandbox makes).

For crash tests the sandbox can also
- hold back every `getUpdates` that would confirm an update made after the hold began, before
  it is looked at, until released (earlier polls go on, so the bot still receives the new
  updates: only the request that would confirm them waits); released with `drop`, the held
  requests end as dropped connections without effect, as if they never arrived (the bot that
  sent them was killed);
- count how often each update was handed out on a connection that was still open.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterable
from typing import Any


def unconfirmed_after(updates: list[dict[str, Any]], offset: int) -> list[dict[str, Any]]:
    """What Telegram still holds after a getUpdates with `offset` (0: no offset given)."""
    if offset > 0:
        return [u for u in updates if u["update_id"] >= offset]
    if offset < 0:
        return updates[offset:]
    return updates


def allowed_setting(value: object, previous: list[str] | None) -> list[str] | None:
    """The `allowed_updates` in force after a request: absent keeps the previous setting, an
    empty list restores the default (None: everything)."""
    if not isinstance(value, list):
        return previous
    return [str(v) for v in value] or None


class UpdateDelivery:
    """The hold-back control and the delivery counts; lives in the sandbox state."""

    def __init__(self) -> None:
        self.deliveries: Counter[int] = Counter()
        self.held = 0  # getUpdates requests waiting behind the hold now
        self.last_update_id = 0  # the newest update made so far
        self._hold: asyncio.Future[bool] | None = None
        self._hold_after = 0  # a held poll is one that would confirm an update after this id

    @property
    def holding(self) -> bool:
        return self._hold is not None

    def hold(self) -> None:
        if self._hold is None:
            self._hold = asyncio.get_running_loop().create_future()
            self._hold_after = self.last_update_id

    def release(self, *, drop: bool) -> int:
        """Ends the hold; returns how many requests were waiting behind it."""
        hold, self._hold = self._hold, None
        waiting = self.held
        if hold is not None and not hold.done():
            hold.set_result(not drop)
        return waiting

    async def admit(self, offset: int) -> bool:
        """Waits while the hold is on and `offset` would confirm an update made since; False
        when the request is to be dropped unseen."""
        hold = self._hold
        if hold is None or 0 <= offset <= self._hold_after + 1:
            return True
        self.held += 1
        try:
            return await asyncio.shield(hold)
        finally:
            self.held -= 1

    async def control(self, body: dict[str, Any]) -> dict[str, Any]:
        """/sandbox/hold_polls: {"hold": true} holds back new getUpdates; {"hold": false,
        "drop": bool} lets the held ones go on, or ends them unseen."""
        if body.get("hold", True):
            self.hold()
            return {"holding": True, "held": self.held}
        released = self.release(drop=bool(body.get("drop", False)))
        return {"holding": False, "released": released}

    def delivered(self, updates: Iterable[dict[str, Any]]) -> None:
        for update in updates:
            self.deliveries[int(update["update_id"])] += 1
