"""Faults the sandbox injects into Bot API calls, one by one or at random.

Each kind is what a bot meets on the real network:
- an error answer (429 with retry_after, 5xx, or any code) given *before* the call has any
  effect;
- a dropped connection *before* the call takes effect: the request was read, nothing happened,
  and the bot sees the connection close without an answer;
- a dropped connection *after* the call took effect: the message is in the chat (and in the
  outbox, tagged `response_lost`), but the bot sees the same closed connection. A bot cannot
  tell these two drops apart, which is the point.

`Chaos` makes a share of all calls fail with kinds drawn at random (seeded, so a run can be
repeated); `counts` says what was injected, per kind and per method.
"""

from __future__ import annotations

import random
from collections import Counter
from contextvars import ContextVar
from dataclasses import dataclass, field

from bot.sandbox.errors import ApiError, too_many_requests

KINDS = ("429", "5xx", "drop_before", "drop_after")
# Set while a call whose answer will be dropped runs: what it records is tagged.
RESPONSE_LOST: ContextVar[bool] = ContextVar("sandbox_response_lost", default=False)


@dataclass
class Fault:
    method: str
    error_code: int
    count: int
    retry_after: int | None = None
    description: str | None = None
    drop: bool = False
    when: str = "before"  # a dropped connection: "before" or "after" the call took effect

    @property
    def kind(self) -> str:
        if self.drop:
            return "drop_after" if self.when == "after" else "drop_before"
        return "429" if self.error_code == 429 else "5xx" if self.error_code >= 500 else "4xx"


@dataclass
class Chaos:
    """Fail `rate` of the calls to `methods` (all when empty) with one of `kinds`."""

    rate: float
    kinds: tuple[str, ...] = KINDS
    methods: frozenset[str] = frozenset()
    retry_after: int = 1
    seed: int | None = None
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        if not 0 <= self.rate <= 1:
            raise ValueError("rate must be between 0 and 1")
        unknown = set(self.kinds) - set(KINDS)
        if unknown or not self.kinds:
            raise ValueError(f"kinds must be some of {', '.join(KINDS)}")
        self.methods = frozenset(m.lower() for m in self.methods)
        self.rng = random.Random(self.seed)

    def draw(self, method: str) -> Fault | None:
        if self.methods and method.lower() not in self.methods:
            return None
        if self.rng.random() >= self.rate:
            return None
        kind = self.rng.choice(self.kinds)
        if kind == "429":
            return Fault(method, 429, 1, retry_after=self.retry_after)
        if kind == "5xx":
            return Fault(method, self.rng.choice((500, 502, 503)), 1)
        return Fault(method, 0, 1, drop=True, when="after" if kind == "drop_after" else "before")


class FaultPlan:
    """Queued faults first (in order), then chaos; counts everything it injected."""

    def __init__(self) -> None:
        self.queued: list[Fault] = []
        self.chaos: Chaos | None = None
        self.counts: Counter[str] = Counter()
        self.by_method: Counter[str] = Counter()

    def take(self, method: str) -> Fault | None:
        fault: Fault | None = None
        for queued in self.queued:
            if queued.count > 0 and queued.method in (method, "*"):
                queued.count -= 1
                if queued.count == 0:
                    self.queued.remove(queued)
                fault = queued
                break
        if fault is None and self.chaos is not None:
            fault = self.chaos.draw(method)
        if fault is not None:
            self.counts[fault.kind] += 1
            self.by_method[f"{method} {fault.kind}"] += 1
        return fault

    def summary(self) -> dict[str, object]:
        return {
            "queued": len(self.queued),
            "chaos": None if self.chaos is None else self.chaos.rate,
            "counts": dict(self.counts),
            "by_method": dict(self.by_method),
        }


def fault_error(fault: Fault) -> ApiError:
    """What the bot gets for a fault taken before the call had any effect."""
    if fault.drop:
        return ApiError(0, "dropped", drop=True)
    if fault.error_code == 429:
        return too_many_requests(fault.retry_after if fault.retry_after is not None else 1)
    description = fault.description or {
        400: "Bad Request: injected fault",
        403: "Forbidden: injected fault",
        500: "Internal Server Error",
        502: "Bad Gateway",
        503: "Service Unavailable",
    }.get(fault.error_code, "Injected fault")
    return ApiError(fault.error_code, description)
