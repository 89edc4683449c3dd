"""The roster of an organisation: registration, approval, importing a file, voting units.

The entry for handlers that touch members and pharmacies; the rules themselves are the pure
functions of `bot.polls.roster_rules` and `bot.polls.voting`, applied here to what storage
loads, and written back in one transaction where a change must see the rows as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.polls import records as pr
from bot.polls import roster_rules, voting
from bot.polls.roster_csv import RosterEntry
from bot.polls.rules import VotingUnit
from bot.storage import Storage


@dataclass(frozen=True)
class RegistrationStart:
    """Where a member stands when they start /aanmelden."""

    approved: tuple[pr.Member, ...]  # already a member: nothing to register
    pending: bool  # an earlier request waits (a new one replaces it)


@dataclass(frozen=True)
class Registration:
    """A registration that was stored, or refused because of a conflicting AGB code."""

    plan: roster_rules.RegistrationPlan
    member: pr.Member | None = None  # the pending request; None when refused


@dataclass(frozen=True)
class RosterView:
    """The roster as /leden shows it."""

    pharmacies: tuple[pr.Pharmacy, ...]
    approved: dict[int, list[str]] = field(default_factory=dict)  # pharmacy id -> labels
    pending: tuple[pr.Member, ...] = ()


class RosterService:
    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        # Users whose username was tied to the roster since the last import: one write each.
        self._linked: set[int] = set()

    async def link_username(self, user_id: int, username: str | None, display_name: str) -> None:
        """Roster rows imported with only a username get this user's id on first contact."""
        if username is None or user_id in self._linked:
            return
        await self.storage.roster.link_username(user_id, username, display_name)
        self._linked.add(user_id)

    # --- reading -----------------------------------------------------------------------------

    async def voting_units(self, org_id: int, unit: VotingUnit) -> list[pr.VotingUnitInfo]:
        members = await self.storage.roster.members(org_id)
        pharmacies = await self.storage.roster.pharmacies(org_id)
        return voting.voting_units(unit, members, pharmacies)

    async def pharmacies(self, org_id: int) -> list[pr.Pharmacy]:
        return await self.storage.roster.pharmacies(org_id)

    async def approved_members(self, org_id: int) -> list[pr.Member]:
        members = await self.storage.roster.members(org_id)
        return [m for m in members if m.status is pr.MemberStatus.APPROVED]

    async def is_member(self, org_id: int, user_id: int) -> bool:
        memberships = await self.storage.roster.memberships(org_id, user_id)
        return any(m.status is pr.MemberStatus.APPROVED for m in memberships)

    async def roster(self, org_id: int) -> RosterView:
        pharmacies = await self.storage.roster.pharmacies(org_id)
        members = await self.storage.roster.members(org_id)
        approved: dict[int, list[str]] = {}
        for member in members:
            if member.status is pr.MemberStatus.APPROVED and member.pharmacy_id is not None:
                approved.setdefault(member.pharmacy_id, []).append(member.label)
        pending = tuple(m for m in members if m.status is pr.MemberStatus.PENDING)
        return RosterView(tuple(pharmacies), approved, pending)

    # --- registration and approval ---------------------------------------------------------

    async def registration_start(self, org_id: int, user_id: int) -> RegistrationStart:
        memberships = await self.storage.roster.memberships(org_id, user_id)
        return RegistrationStart(
            tuple(m for m in memberships if m.status is pr.MemberStatus.APPROVED),
            any(m.status is pr.MemberStatus.PENDING for m in memberships),
        )

    async def register(
        self,
        org_id: int,
        user_id: int,
        username: str | None,
        display_name: str,
        name: str,
        agb: str | None,
        now: datetime,
    ) -> Registration:
        """A pending request for the pharmacy as the roster knows it; a new request replaces
        the user's earlier pending one."""
        plan = roster_rules.plan_registration(
            name, agb, await self.storage.roster.pharmacies(org_id)
        )
        if plan.mismatch is not None:
            return Registration(plan)
        async with self.storage.roster.transaction() as tx:
            await tx.delete_pending(org_id, user_id)
            member_id = await tx.add_request(
                org_id, user_id, username, display_name, plan.name, agb, now
            )
        member = await self.storage.roster.member(member_id)
        assert member is not None
        return Registration(plan, member)

    async def member(self, member_id: int) -> pr.Member | None:
        return await self.storage.roster.member(member_id)

    async def decide(
        self, member_id: int, approve: bool, by: int, now: datetime
    ) -> pr.Member | None:
        """Approves or rejects a pending request; None when it does not exist or was decided
        already (two board members pressing at once: one of them decides)."""
        async with self.storage.roster.transaction() as tx:
            request = await tx.pending_member(member_id)
            if request is None:
                return None
            if not approve:
                await tx.reject(member_id, by, now)
            else:
                plan = roster_rules.plan_approval(request, await tx.pharmacies(request.org_id))
                if plan.pharmacy is None:
                    pharmacy_id = await tx.add_pharmacy(
                        request.org_id,
                        request.requested_pharmacy or "",
                        request.requested_agb,
                        now,
                    )
                else:
                    pharmacy_id = plan.pharmacy.id
                    if plan.fill_agb and request.requested_agb:
                        await tx.set_pharmacy_agb(pharmacy_id, request.requested_agb)
                duplicate = None
                if request.user_id is not None:
                    memberships = await tx.memberships(request.org_id, request.user_id)
                    duplicate = roster_rules.approved_duplicate(memberships, pharmacy_id)
                if duplicate is not None:
                    await tx.delete_member(member_id)
                    member_id = duplicate
                else:
                    await tx.approve(member_id, pharmacy_id, by, now)
        return await self.storage.roster.member(member_id)

    # --- importing a roster file -----------------------------------------------------------

    async def import_roster(
        self, org_id: int, entries: Sequence[RosterEntry], now: datetime
    ) -> pr.RosterImportResult:
        """All or nothing: with a conflict nothing is written (see roster_rules.plan_import)."""
        async with self.storage.roster.transaction() as tx:
            plan = roster_rules.plan_import(
                entries,
                await tx.pharmacies(org_id),
                await tx.members(org_id),
                await tx.known_users(),
            )
            if plan.result.conflicts:
                return plan.result
            for step in plan.steps:
                pharmacy_id = step.existing_id
                if pharmacy_id is None:
                    pharmacy_id = await tx.add_pharmacy(org_id, step.name, step.agb, now)
                elif step.set_agb and step.agb:
                    await tx.set_pharmacy_agb(pharmacy_id, step.agb)
                for listed in step.members:
                    if listed.existing_id is not None:
                        await tx.relist_member(listed.existing_id, listed.username_key)
                    else:
                        await tx.add_listed_member(
                            org_id,
                            pharmacy_id,
                            listed.user_id,
                            listed.username_key,
                            listed.display_name,
                            now,
                        )
        self._linked.clear()  # newly listed usernames are tied again on next contact
        return plan.result
