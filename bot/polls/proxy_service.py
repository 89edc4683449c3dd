"""Proxies (volmachten) as handlers reach them: grant, revoke, the board's cap, and the lists
for a member and for the export. Rules are `bot.polls.proxy_rules`; every grant and revoke is
decided on what its own write transaction reads, so two grants to one holder never both slip
under the cap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.polls import proxy_rules
from bot.polls import records as pr
from bot.polls.proxy_rules import ProxyRefusal
from bot.storage import Storage


@dataclass(frozen=True)
class ProxyOutcome:
    """What became of /volmacht: a refusal, or the proxies granted (or revoked)."""

    refusal: ProxyRefusal | None
    poll: pr.PollRecord | None = None
    proxies: tuple[pr.Proxy, ...] = ()
    replaced: tuple[pr.Proxy, ...] = ()  # earlier unused proxies of the same units
    holder: pr.Member | None = None
    cap: int = 0
    unchanged: bool = False  # the same proxy stood already: nothing written, nobody told
    by: pr.Member | None = None  # the member who asked (grantor, or a unit-mate revoking)


class ProxyService:
    def __init__(self, storage: Storage) -> None:
        self.storage = storage

    async def grant(
        self, poll_id: int, user_id: int, holder_username: str, now: datetime
    ) -> ProxyOutcome:
        async with self.storage.electorate.proxy_transaction() as tx:
            poll = await tx.poll(poll_id)
            refusal = proxy_rules.poll_refusal(poll, now)
            if refusal is not None or poll is None:
                return ProxyOutcome(refusal or ProxyRefusal.UNKNOWN_POLL, poll)
            cap = await tx.proxy_cap(poll.org_id)
            grantor = await tx.memberships(poll.org_id, user_id)
            seats = await tx.seats(poll_id, [m.id for m in grantor])
            units = sorted({s.unit_key for s in seats})
            await tx.link_known_user(poll.org_id, holder_username)
            holders = await tx.members_by_username(poll.org_id, holder_username)
            plan = proxy_rules.plan_grant(
                cap=cap,
                grantor=grantor,
                grantor_seats=seats,
                holders=holders,
                unit_seats=await tx.unit_seats(poll_id, units),
                own_voted=await tx.own_voted_units(poll_id, units),
                existing=await tx.active(poll_id, units=units),
                held=await tx.active(poll_id, holders=[m.id for m in holders]),
            )
            if isinstance(plan, ProxyRefusal):
                holder = holders[0] if holders else None
                return ProxyOutcome(plan, poll, holder=holder, cap=cap)
            if proxy_rules.same_as_before(plan):
                return ProxyOutcome(None, poll, plan.replaces, (), plan.holder, cap, True)
            for earlier in plan.replaces:
                await tx.revoke(earlier.id, now, "vervangen")
            for seat in plan.seats:
                await tx.add(poll_id, seat.unit_key, seat.member_id, plan.holder.id, now)
            granted = await tx.active(poll_id, units=units)
        return ProxyOutcome(None, poll, tuple(granted), plan.replaces, plan.holder, cap)

    async def revoke(self, poll_id: int, user_id: int, now: datetime) -> ProxyOutcome:
        async with self.storage.electorate.proxy_transaction() as tx:
            poll = await tx.poll(poll_id)
            refusal = proxy_rules.poll_refusal(poll, now)
            if refusal is not None or poll is None:
                return ProxyOutcome(refusal or ProxyRefusal.UNKNOWN_POLL, poll)
            grantor = await tx.memberships(poll.org_id, user_id)
            seats = await tx.seats(poll_id, [m.id for m in grantor])
            existing = await tx.active(poll_id, units=sorted({s.unit_key for s in seats}))
            plan = proxy_rules.plan_revoke(seats, existing)
            if isinstance(plan, ProxyRefusal):
                return ProxyOutcome(plan, poll, tuple(existing))
            for proxy in plan:
                await tx.revoke(proxy.id, now, "ingetrokken")
        return ProxyOutcome(None, poll, plan, by=grantor[0] if grantor else None)

    async def set_cap(self, org_id: int, cap: int) -> None:
        await self.storage.orgs.set_proxy_cap(org_id, cap)

    async def proxies(self, poll_id: int) -> list[pr.Proxy]:
        """Every proxy of the poll, also revoked ones (for the export)."""
        return await self.storage.electorate.proxies(poll_id)

    async def of_user(self, user_id: int) -> list[pr.Proxy]:
        """Active proxies on open polls that the user gave or holds."""
        return await self.storage.electorate.user_proxies(user_id)
