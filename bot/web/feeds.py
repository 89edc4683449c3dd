"""The live calendar feed: one secret URL per organisation serving its agenda as .ics.

The secret is the only credential (calendar apps cannot sign requests), so it is long, random
and replaced as a whole by /agendalink vernieuw; the old URL then answers 404.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from bot.agenda.calendar_desk import VoteLink
from bot.agenda.ics_export import export_ics
from bot.agenda.service import AgendaService
from bot.polls.orgs_service import OrgService
from bot.storage import Storage
from bot.storage.web import WebRepository
from bot.texts import web as texts

FEED_PATH = "/feed/{secret}.ics"


class FeedService:
    def __init__(self, storage: Storage, agenda: AgendaService, orgs: OrgService) -> None:
        self.repo = WebRepository(storage.db)
        self.agenda = agenda
        self.orgs = orgs

    async def secret(self, org_id: int, by: int | None, now: datetime, renew: bool) -> str:
        """The organisation's secret, made on first use or replaced when renewing."""
        current = None if renew else await self.repo.feed_secret(org_id)
        if current is not None:
            return current
        fresh = secrets.token_urlsafe(24)
        await self.repo.set_feed_secret(org_id, fresh, by, now)
        return fresh

    async def feed(self, secret: str, now: datetime, link: VoteLink | None) -> bytes | None:
        """The .ics of the organisation behind `secret`; None for an unknown (or old) secret.

        The same export as /ics in the organisation's main group; an empty agenda is still a
        valid (empty) calendar, so a subscription keeps working until events appear."""
        org_id = await self.repo.feed_org(secret)
        org = await self.orgs.organisation(org_id) if org_id is not None else None
        if org is None:
            return None
        name = texts.feed_name(org.name)
        exported = None
        if org.main_chat is not None:
            exported = await self.agenda.calendars.export(org.main_chat, now, name, link)
        if exported is not None:
            return exported[0]
        return export_ics([], self.agenda.tz, name)  # the same header as every export
