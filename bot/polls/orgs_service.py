"""Organisations and the groups linked to them: which organisation a group belongs to, the
one-time link codes, and linking or unlinking a group.

Whether a link is allowed is decided by `bot.polls.linking`; this service loads the facts and
applies the decision inside one transaction, so a refused attempt changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.polls import linking
from bot.polls import records as pr
from bot.polls.rules import VotingUnit
from bot.storage import Storage
from bot.texts import orgs as org_texts

CODE_ATTEMPTS = 5  # a clash among ~900 million codes is rare; a few draws settle it


@dataclass(frozen=True)
class OrgCounts:
    pharmacies: int
    members: int  # approved


class OrgService:
    def __init__(self, storage: Storage) -> None:
        self.storage = storage

    async def for_group(self, chat_id: int, title: str | None) -> pr.Organisation:
        """The organisation of a group chat, created on first use: named after the group and
        voting per pharmacy."""
        org = await self.storage.orgs.organisation_for_chat(chat_id)
        if org is not None:
            return org
        name = (title or "").strip() or org_texts.default_org_name(chat_id)
        return await self.storage.orgs.add_for_chat(chat_id, name, VotingUnit.PHARMACY)

    async def organisation(self, org_id: int) -> pr.Organisation | None:
        return await self.storage.orgs.organisation(org_id)

    async def poll_chats(self, poll: pr.PollRecord) -> list[int]:
        """The groups that share a poll: its own first, then its organisation's other groups
        in linking order."""
        org = await self.storage.orgs.organisation(poll.org_id)
        return list(dict.fromkeys([poll.chat_id, *(org.chat_ids if org else ())]))

    async def organisation_for_chat(self, chat_id: int) -> pr.Organisation | None:
        return await self.storage.orgs.organisation_for_chat(chat_id)

    async def organisations(self) -> list[pr.Organisation]:
        return await self.storage.orgs.organisations()

    async def member_organisations(self, user_id: int) -> list[pr.Organisation]:
        """Organisations in which the user is an approved member."""
        return await self.storage.orgs.member_organisations(user_id)

    async def set_voting_unit(self, org_id: int, unit: VotingUnit) -> None:
        await self.storage.orgs.set_voting_unit(org_id, unit)

    async def counts(self, org: pr.Organisation) -> OrgCounts:
        pharmacies = await self.storage.roster.pharmacies(org.id)
        members = await self.storage.roster.members(org.id)
        approved = [m for m in members if m.status is pr.MemberStatus.APPROVED]
        return OrgCounts(len(pharmacies), len(approved))

    async def known_group_titles(self) -> dict[int, str | None]:
        """Titles of the group chats the bot has seen."""
        return await self.storage.chats.group_chats()

    # --- linking more groups to one organisation ---------------------------------------------

    async def new_link_code(
        self, org: pr.Organisation, chat_id: int, user_id: int, now: datetime
    ) -> tuple[str, datetime]:
        """A fresh one-time code and the moment it expires."""
        expires = now + linking.CODE_VALIDITY
        for _ in range(CODE_ATTEMPTS):
            code = linking.new_link_code()
            if await self.storage.orgs.create_link_code(
                org.id, code, chat_id, user_id, now, expires
            ):
                return code, expires
        raise RuntimeError("could not draw an unused link code")

    async def link(self, code: str, chat_id: int, user_id: int, now: datetime) -> pr.LinkOutcome:
        """Links the group to the code's organisation and uses up the code, all or nothing."""
        async with self.storage.orgs.transaction() as tx:
            found = await tx.link_code(code)
            exists = found is not None and await tx.organisation_exists(found.org_id)
            current = await tx.chat_org(chat_id)
            has_data, others = False, 0
            if current is not None:
                has_data = await tx.has_data(current)
                others = await tx.other_groups(current, chat_id)
            plan = linking.plan_link(found, exists, current, has_data, others, now)
            if plan.status is pr.LinkStatus.LINKED:
                assert found is not None
                if plan.remove_current and current is not None:
                    await tx.remove_organisation(current, chat_id)
                await tx.link(chat_id, found.org_id, now)
                await tx.use_code(code, chat_id, user_id, now)
        if found is None or plan.status is pr.LinkStatus.UNKNOWN_CODE:
            return pr.LinkOutcome(pr.LinkStatus.UNKNOWN_CODE)
        if plan.status is pr.LinkStatus.HAS_DATA:
            assert current is not None
            return pr.LinkOutcome(
                plan.status,
                await self.organisation(found.org_id),
                await self.organisation(current),
                found.created_chat,
            )
        if plan.status is not pr.LinkStatus.LINKED:
            return pr.LinkOutcome(plan.status, code_chat=found.created_chat)
        return pr.LinkOutcome(
            plan.status,
            await self.organisation(found.org_id),
            code_chat=found.created_chat,
            merged_away=plan.remove_current,
        )

    async def check_unlink(self, chat_id: int) -> pr.UnlinkOutcome:
        """Whether the group may be unlinked (ALLOWED), before the board is asked to confirm."""
        return await self.unlink(chat_id, apply=False)

    async def unlink(self, chat_id: int, *, apply: bool = True) -> pr.UnlinkOutcome:
        """Detaches the group from its organisation, which must keep at least one group;
        `apply=False` only checks (the same rule, so the question and the act agree)."""
        org = await self.storage.orgs.organisation_for_chat(chat_id)
        if org is None:
            return pr.UnlinkOutcome(pr.UnlinkStatus.NOT_LINKED)
        async with self.storage.orgs.transaction() as tx:
            if not linking.may_unlink(await tx.other_groups(org.id, chat_id)):
                return pr.UnlinkOutcome(pr.UnlinkStatus.LAST_GROUP, org)
            if not apply:
                return pr.UnlinkOutcome(pr.UnlinkStatus.ALLOWED, org)
            await tx.unlink(chat_id, org.id)
        return pr.UnlinkOutcome(pr.UnlinkStatus.UNLINKED, org)
