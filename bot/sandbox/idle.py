"""The sandbox's idle barrier: "nothing is left to happen because of what was sent so far".

Tests that assert that the bot sent *nothing* cannot wait for a message; sleeping a while and
looking proves nothing when the bot is merely slow. The barrier answers the question exactly:

The sandbox is idle when, at one moment on its event loop,

1. every update the bot would receive (its `allowed_updates`) has been fetched *and confirmed*:
   the bot asked `getUpdates` with an offset beyond it;
2. no Bot API request other than a waiting `getUpdates` long poll is being handled; and
3. every attached probe reports no update still in progress inside the bot.

Why the probe: the bot's poller (bot.delivery.polling) stores fetched updates, puts them on
the Application's `update_queue` and asks for the next batch at once, so an offset beyond an
update only means "received", never "handled"; and a handler that sends nothing makes no
request the sandbox could see. The Application calls `task_done()` on its update queue once
every handler of an update has finished (sequential or concurrent alike), so a
`TrackedUpdateQueue` passed to the bot counts exactly the updates received and not yet
handled. The poller queues an update *before* it confirms it, so 1 and 3 together leave no
gap. A probe must run on the sandbox's event loop, i.e. a bot built in the test's process.
Updates left unfinished by a crash are handled at start-up, before polling begins (in
`post_init`, which `start_bot` awaits), so they need no probe.

Not covered: work the bot moves off the update it came with (a job on the JobQueue, a task it
creates); only its Bot API requests that are under way hold the barrier. Without a probe (a
bot in another process) the barrier is weaker: an update may be confirmed and still in
progress while no request of it is under way.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable

BusyCount = Callable[[], int]


class TrackedUpdateQueue(asyncio.Queue[object]):
    """The bot's update queue, counting updates received and not yet fully handled."""

    def __init__(self, on_change: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.on_change = on_change
        self._unfinished = 0

    @property
    def unfinished(self) -> int:
        return self._unfinished

    def put_nowait(self, item: object) -> None:
        super().put_nowait(item)
        self._unfinished += 1
        self._changed()

    def task_done(self) -> None:
        super().task_done()
        self._unfinished -= 1
        self._changed()

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change()


class Activity:
    """Requests under way and attached probes, with a wake-up for whoever waits for idle."""

    def __init__(self) -> None:
        self.in_flight: Counter[str] = Counter()
        self.probes: dict[int, tuple[str, BusyCount]] = {}
        self._next_probe = 0
        self._event: asyncio.Event | None = None

    def changed(self) -> None:
        """Something a waiter may care about changed: wake every waiter to look again."""
        if self._event is not None:
            self._event.set()
            self._event = None

    def request_started(self, method: str) -> None:
        self.in_flight[method] += 1
        self.changed()

    def request_ended(self, method: str) -> None:
        self.in_flight[method] -= 1
        if self.in_flight[method] <= 0:
            del self.in_flight[method]
        self.changed()

    def attach(self, name: str, busy: BusyCount) -> Callable[[], None]:
        """Adds a probe (`busy()` counts updates still in progress); returns its detach."""
        key = self._next_probe
        self._next_probe += 1
        self.probes[key] = (name, busy)
        self.changed()

        def detach() -> None:
            self.probes.pop(key, None)
            self.changed()

        return detach

    def reasons(self, unconfirmed: int) -> list[str]:
        """Why the sandbox is not idle now; empty when it is."""
        reasons: list[str] = []
        if unconfirmed:
            reasons.append(f"{unconfirmed} update(s) not yet confirmed by the bot")
        if self.in_flight:
            calls = ", ".join(f"{m} x{n}" for m, n in sorted(self.in_flight.items()))
            reasons.append(f"requests under way: {calls}")
        for name, busy in self.probes.values():
            count = busy()
            if count:
                reasons.append(f"{name}: {count} update(s) still being handled")
        return reasons

    async def wait_idle(self, reasons: Callable[[], list[str]], timeout: float) -> None:
        """Returns once `reasons()` is empty; raises TimeoutError naming what was still busy."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if self._event is None:
                self._event = asyncio.Event()
            event = self._event  # taken before looking, so no change can slip in between
            busy = reasons()
            if not busy:
                return
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError("; ".join(busy))
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                continue
