"""The voting feature as handlers and jobs reach it (`context.polls`): its services, and the
in-process state next to them.

The database stays the truth; the in-process state is rebuilt at start-up (conversations are
re-read, refreshes re-requested), so losing it in a crash loses nothing a user was told.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from bot.agenda.pending import PendingActions
from bot.polls.conversation_store import Conversations
from bot.polls.orgs_service import OrgService
from bot.polls.proxy_service import ProxyService
from bot.polls.results import ResultService
from bot.polls.roster_service import RosterService
from bot.polls.service import PollService
from bot.storage import Storage


@dataclass
class PollsRuntime:
    votes: PollService  # polls and their life: create, vote, edit, move, close, reminders
    results: ResultService  # counts, turnout, reminder targets, export data
    roster: RosterService  # registration, approval, import, voting units
    orgs: OrgService  # organisations, link codes, linking groups
    conversations: Conversations  # the private conversations' states
    tz: ZoneInfo
    proxies: ProxyService  # volmachten: grant, revoke, the board's cap
    refresh_pending: set[int] = field(default_factory=set)  # polls with a refresh scheduled
    last_refresh: dict[int, float] = field(default_factory=dict)  # poll -> monotonic time
    # questions asked with buttons whose answer needs what was typed (a replacing /uitkomst)
    pending: PendingActions = field(default_factory=PendingActions)

    @classmethod
    def build(cls, storage: Storage, tz: ZoneInfo) -> PollsRuntime:
        roster = RosterService(storage)
        results = ResultService(storage, roster)
        return cls(
            votes=PollService(storage, tz, roster, results),
            results=results,
            roster=roster,
            orgs=OrgService(storage),
            conversations=Conversations(storage),
            tz=tz,
            proxies=ProxyService(storage),
        )
