"""The only package that speaks SQL: a small facade over one repository per area.

`Storage` owns the database (`storage.db`: connections, transactions, migrations) and hands out
the repositories as attributes, so a caller names the area it touches:
`storage.polls.poll(...)`, `storage.agenda.agenda_meetings(...)`. Repositories load and save
rows; feature rules belong in the services (spots still deciding here carry `# DECISION:`).
"""

from __future__ import annotations

from pathlib import Path

from bot.storage.agenda import AgendaRepository
from bot.storage.chats import ChatsRepository
from bot.storage.db import Database, from_iso, to_iso, utc_now_iso
from bot.storage.deliveries import DeliveriesRepository
from bot.storage.electorate import ElectorateRepository
from bot.storage.inbox import InboxRepository
from bot.storage.knowledge import KnowledgeRepository
from bot.storage.ops import OpsRepository
from bot.storage.orgs import OrgsRepository
from bot.storage.polls import PollsRepository
from bot.storage.privacy import PrivacyRepository
from bot.storage.roster import RosterRepository
from bot.storage.votes import VotesRepository

__all__ = ["Storage", "from_iso", "to_iso", "utc_now_iso"]


class Storage:
    """Open once at start-up, close at shutdown; every repository shares the one database."""

    def __init__(self, path: Path | str) -> None:
        self.db = Database(path)
        self.chats = ChatsRepository(self.db)
        self.knowledge = KnowledgeRepository(self.db)
        self.orgs = OrgsRepository(self.db)
        self.roster = RosterRepository(self.db)
        self.polls = PollsRepository(self.db)
        self.votes = VotesRepository(self.db)
        self.electorate = ElectorateRepository(self.db)
        self.agenda = AgendaRepository(self.db)
        self.ops = OpsRepository(self.db)
        self.privacy = PrivacyRepository(self.db)
        self.deliveries = DeliveriesRepository(self.db)
        self.inbox = InboxRepository(self.db)

    @property
    def path(self) -> Path:
        return self.db.path

    async def open(self) -> None:
        await self.db.open()

    async def close(self) -> None:
        await self.db.close()
