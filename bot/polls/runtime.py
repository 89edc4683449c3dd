"""In-process state of the voting feature next to its service.

The database stays the truth; all of this is rebuilt at start-up (conversations are re-read,
refreshes re-requested), so losing it in a crash loses nothing a user was told.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.polls.service import PollService


@dataclass
class PollsRuntime:
    service: PollService
    conversations: set[int] = field(default_factory=set)
    refresh_pending: set[int] = field(default_factory=set)
    last_refresh: dict[int, float] = field(default_factory=dict)
    linked_users: set[int] = field(default_factory=set)
