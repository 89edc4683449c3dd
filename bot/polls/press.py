"""One vote button press, read and written in a single write transaction: the poll, the
voter's roster rows, their seats in the poll's electorate, the proxies they hold and the
units' current votes are loaded inside it, `bot.polls.voting` decides, and the new vote rows
(and the proxies an own vote ends) are committed before the voter is told anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.polls import records as pr
from bot.polls import voting
from bot.storage import Storage


@dataclass(frozen=True)
class Voter:
    user_id: int
    username: str | None
    display_name: str


async def cast_vote(
    storage: Storage,
    poll_id: int,
    voter: Voter,
    option: int,
    now: datetime,
    confirm_base: int | None = None,
) -> pr.CastOutcome:
    """Checks and stores one press; `confirm_base` is set when the voter confirmed replacing
    another member's vote (see `voting.plan_press`)."""
    async with storage.votes.press() as tx:
        poll = await tx.poll(poll_id)
        refusal = voting.press_refusal(poll, option, now)
        if refusal is not None or poll is None:
            return pr.CastOutcome(refusal or pr.CastStatus.UNKNOWN_POLL, poll)
        memberships = await tx.memberships(poll.org_id, voter.user_id)
        if voter.username and voting.wants_username_claim(memberships, voter.username):
            await tx.claim_username(poll.org_id, voter.user_id, voter.username, voter.display_name)
            memberships = await tx.memberships(poll.org_id, voter.user_id)
        if poll.electorate_fixed:
            ids = [m.id for m in memberships]
            units = voting.electorate_voter_units(
                memberships,
                await tx.seats(poll_id, ids),
                await tx.active_proxies(poll_id, holders=ids),
            )
        else:
            units = voting.voter_units(poll.unit, memberships, voter.user_id)
        if isinstance(units, pr.CastStatus):
            return pr.CastOutcome(units, poll)
        latest = await tx.latest_votes(poll_id, [u.key for u in units])
        plan = voting.plan_press(poll.kind, option, units, latest, voter.user_id, confirm_base)
        own = sum(1 for u in units if u.proxy_id is None)
        by_proxy = tuple(u.label for u in units if u.proxy_id is not None)
        if plan.status is pr.CastStatus.NEEDS_CONFIRM:
            return pr.CastOutcome(
                plan.status,
                poll,
                plan.choice,
                own,
                conflicts=plan.conflicts,
                confirm_base=plan.confirm_base,
            )
        for unit in plan.writes:
            await tx.add_vote(
                poll_id, unit.key, unit.member_id, voter.user_id, plan.choice, now, unit.proxy_id
            )
        notices = {(n.user_id, n.unit_label): n for n in plan.notices}
        own_writes = [u.key for u in plan.writes if u.proxy_id is None]
        if poll.electorate_fixed and own_writes:
            unit_proxies = await tx.active_proxies(poll_id, units=own_writes)
            for proxy in voting.proxies_ended(plan.writes, unit_proxies):
                await tx.end_proxy(proxy.id, now, voting.PROXY_ENDED_BY_OWN_VOTE)
                holder = proxy.holder_user_id
                if holder is None or holder == voter.user_id:
                    continue
                earlier = notices.get((holder, proxy.unit_label))
                old = earlier.old_choice if earlier else ()
                notices[(holder, proxy.unit_label)] = pr.Notice(
                    holder, proxy.unit_label, old, proxy_ended=True
                )
    return pr.CastOutcome(
        plan.status,
        poll,
        plan.choice,
        own,
        notices=tuple(notices.values()),
        proxy_units=by_proxy,
    )
