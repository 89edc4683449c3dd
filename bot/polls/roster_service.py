"""The roster of an organisation: registration, approval, importing a file, voting units.

The entry for handlers that touch members and pharmacies; the rules themselves are the pure
functions of `bot.polls.roster_rules` and `bot.polls.voting`, applied here to what storage
loads, and written back in one transaction where a change must see the rows as they are.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from bot.polls import records as pr
from bot.polls import roster_rules, voting
from bot.polls.roster_csv import RosterEntry
from bot.polls.rules import VotingUnit
from bot.storage import Storage
from bot.storage.roster import RosterTx

# How long a /leden vervang waits for its file.
REPLACE_WAIT = timedelta(minutes=30)


class ReplaceStatus(StrEnum):
    DONE = "done"
    CHANGED = "changed"  # the roster changed after the preview: nothing written
    GONE = "gone"  # confirmed or cancelled already


@dataclass(frozen=True)
class ReplacementPreview:
    """A "vervang" import: its result (with `removed`), and the confirmation it waits for
    (None: imported at once, or refused for conflicts)."""

    result: pr.RosterImportResult
    replacement_id: int | None = None


@dataclass(frozen=True)
class ReplacementOutcome:
    status: ReplaceStatus
    result: pr.RosterImportResult | None = None
    org_id: int | None = None


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


def roster_view(pharmacies: Sequence[pr.Pharmacy], members: Sequence[pr.Member]) -> RosterView:
    """The roster as the board reads it (command and dashboard alike): each pharmacy with its
    approved members, and the registrations waiting for a decision."""
    approved: dict[int, list[str]] = {}
    for member in members:
        if member.status is pr.MemberStatus.APPROVED and member.pharmacy_id is not None:
            approved.setdefault(member.pharmacy_id, []).append(member.label)
    pending = tuple(m for m in members if waits_for_decision(m))
    return RosterView(tuple(pharmacies), approved, pending)


def waits_for_decision(member: pr.Member) -> bool:
    """A registration the board can still decide on. A request is always made by a Telegram
    user; one without (its person was forgotten before forgetting removed requests) waits for
    nobody: approving it would add a pharmacy no one can vote for."""
    return member.status is pr.MemberStatus.PENDING and member.user_id is not None


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

    async def pharmacies_ever(self, org_id: int) -> list[pr.Pharmacy]:
        """Removed pharmacies included (they still name votes in closed polls)."""
        return await self.storage.roster.all_pharmacies(org_id)

    async def approved_members(self, org_id: int) -> list[pr.Member]:
        members = await self.storage.roster.members(org_id)
        return [m for m in members if m.status is pr.MemberStatus.APPROVED]

    async def is_member(self, org_id: int, user_id: int) -> bool:
        memberships = await self.storage.roster.memberships(org_id, user_id)
        return any(m.status is pr.MemberStatus.APPROVED for m in memberships)

    async def roster(self, org_id: int) -> RosterView:
        pharmacies = await self.storage.roster.pharmacies(org_id)
        return roster_view(pharmacies, await self.storage.roster.members(org_id))

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

    async def still_waiting(
        self, member_ids: Iterable[int], org_id: int | None
    ) -> tuple[list[pr.Member], int | None]:
        """Of these registrations, the ones that still wait for the board, and how many wait
        in the organisation (`org_id`, else theirs; None when neither is known)."""
        waiting = [
            member
            for member in [await self.request(member_id) for member_id in member_ids]
            if member is not None and member.status is pr.MemberStatus.PENDING
        ]
        if org_id is None and waiting:
            org_id = waiting[0].org_id
        total = len((await self.roster(org_id)).pending) if org_id is not None else None
        return waiting, total

    async def request(self, member_id: int) -> pr.Member | None:
        """The member row a decision button names; None when it is gone (withdrawn, replaced
        by a newer request, or its person asked to be forgotten)."""
        member = await self.storage.roster.member(member_id)
        if member is None or (member.status is pr.MemberStatus.PENDING and member.user_id is None):
            return None
        return member

    async def decide(
        self, member_id: int, approve: bool, by: int, now: datetime
    ) -> pr.Member | None:
        """Approves or rejects a pending request; None when it does not exist or was decided
        already (two board members pressing at once: one of them decides)."""
        async with self.storage.roster.transaction() as tx:
            request = await tx.pending_member(member_id)
            if request is None or not waits_for_decision(request):
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
            plan = await self._plan(tx, org_id, entries)
            if not plan.result.conflicts:
                await self._write(tx, org_id, plan, now)
        self._linked.clear()  # newly listed usernames are tied again on next contact
        return plan.result

    async def _plan(
        self, tx: RosterTx, org_id: int, entries: Sequence[RosterEntry]
    ) -> roster_rules.ImportPlan:
        return roster_rules.plan_import(
            entries, await tx.pharmacies(org_id), await tx.members(org_id), await tx.known_users()
        )

    async def _write(
        self, tx: RosterTx, org_id: int, plan: roster_rules.ImportPlan, now: datetime
    ) -> None:
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

    # --- "vervang": a file that replaces the roster, after a preview -------------------------

    async def await_replacement_file(self, org_id: int, user_id: int, now: datetime) -> None:
        """/leden vervang: the user's next roster file for this organisation replaces it."""
        async with self.storage.roster.transaction() as tx:
            await tx.add_replacement(org_id, user_id, None, (), now)

    async def take_replacement_wish(self, org_id: int, user_id: int, now: datetime) -> bool:
        """Whether a file the user sends now was announced with /leden vervang (used once)."""
        async with self.storage.roster.transaction() as tx:
            waiting = await tx.waiting_replacement(org_id, user_id, now - REPLACE_WAIT)
            return waiting is not None and await tx.finish_replacement(waiting.id, now)

    async def preview_replacement(
        self, org_id: int, user_id: int, entries: Sequence[RosterEntry], now: datetime
    ) -> ReplacementPreview:
        """What a "vervang" file would change; stored for confirmation when it removes
        pharmacies, imported at once when it removes none."""
        async with self.storage.roster.transaction() as tx:
            plan = await self._plan(tx, org_id, entries)
            if plan.result.conflicts:
                return ReplacementPreview(plan.result)
            removals = roster_rules.plan_removals(entries, await tx.pharmacies(org_id))
            if not removals:
                await self._write(tx, org_id, plan, now)
                self._linked.clear()
                return ReplacementPreview(plan.result)
            replacement_id = await tx.add_replacement(
                org_id, user_id, entries, [p.id for p in removals], now
            )
        result = dataclasses.replace(plan.result, removed=removals)
        return ReplacementPreview(result, replacement_id)

    async def replacement(self, replacement_id: int) -> pr.RosterReplacement | None:
        async with self.storage.roster.transaction() as tx:
            return await tx.replacement(replacement_id)

    async def confirm_replacement(
        self, replacement_id: int, by: int, now: datetime
    ) -> ReplacementOutcome:
        """Imports the file and removes the pharmacies the preview showed, all or nothing;
        when the roster changed since the preview (other removals), nothing is written."""
        async with self.storage.roster.transaction() as tx:
            stored = await tx.replacement(replacement_id)
            if stored is None or stored.done or stored.entries is None:
                return ReplacementOutcome(ReplaceStatus.GONE)
            await tx.finish_replacement(replacement_id, now)
            plan = await self._plan(tx, stored.org_id, stored.entries)
            pharmacies = await tx.pharmacies(stored.org_id)
            removals = roster_rules.plan_removals(stored.entries, pharmacies)
            if plan.result.conflicts or tuple(p.id for p in removals) != stored.removals:
                return ReplacementOutcome(ReplaceStatus.CHANGED)
            await self._write(tx, stored.org_id, plan, now)
            for pharmacy in removals:
                await tx.remove_pharmacy(pharmacy.id, by, now)
        self._linked.clear()
        result = dataclasses.replace(plan.result, removed=removals)
        return ReplacementOutcome(ReplaceStatus.DONE, result, stored.org_id)

    async def cancel_replacement(self, replacement_id: int, now: datetime) -> bool:
        async with self.storage.roster.transaction() as tx:
            return await tx.finish_replacement(replacement_id, now)

    # --- removing one pharmacy ---------------------------------------------------------------

    async def pharmacy(self, pharmacy_id: int) -> pr.Pharmacy | None:
        return await self.storage.roster.pharmacy(pharmacy_id)

    async def remove_pharmacy(self, pharmacy_id: int, by: int, now: datetime) -> pr.Pharmacy | None:
        """Takes a pharmacy off the roster; None when it was removed already (or unknown).
        Its votes in closed polls stay: results are frozen at closing."""
        async with self.storage.roster.transaction() as tx:
            pharmacy = await tx.pharmacy(pharmacy_id)
            if pharmacy is None or pharmacy.removed:
                return None
            await tx.remove_pharmacy(pharmacy_id, by, now)
        return pharmacy

    async def units_ever(self, org_id: int, unit: VotingUnit) -> dict[str, pr.VotingUnitInfo]:
        """Every voting unit the organisation had, removed pharmacies included, by key: the
        names of the units that votes in closed polls were cast for."""
        members = await self.storage.roster.members(org_id)
        pharmacies = await self.storage.roster.all_pharmacies(org_id)
        return roster_rules.units_ever(unit, members, pharmacies)
