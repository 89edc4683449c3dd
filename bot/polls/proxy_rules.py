"""Proxies (volmachten), pure decisions: who may entrust their unit's vote on one poll to whom,
and when it may be taken back.

Rules (statutes often allow a proxy with a cap per holder, commonly one or two):
- only on an open vote that kept its electorate, in an organisation that allows proxies (a
  cap above 0, set by the board);
- the grantor holds a seat in the vote's electorate; every unit they hold a seat for is
  entrusted (one proxy per unit);
- the holder is another approved member of the organisation, not one who votes for that unit
  already;
- not for a unit whose own member voted already (a proxy would change nothing);
- the holder may hold at most `cap` proxies on the vote;
- a new proxy replaces an unused earlier one of the unit (also one a unit-mate gave); one
  the holder voted with stays; the same proxy again changes nothing;
- revocable (by any member of the unit) until the holder votes with it; afterwards only the
  unit's own vote replaces it (and ends the proxy: `voting.proxies_ended`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.polls import records as pr

MAX_CAP = 10


class ProxyRefusal(StrEnum):
    UNKNOWN_POLL = "unknown_poll"
    CLOSED = "closed"
    OLD_POLL = "old_poll"  # opened before electorates were kept
    NOT_ALLOWED = "not_allowed"  # the organisation's cap is 0
    NO_SEAT = "no_seat"  # the grantor does not vote on this poll
    HOLDER_UNKNOWN = "holder_unknown"
    HOLDER_SELF = "holder_self"
    HOLDER_SAME_UNIT = "holder_same_unit"
    VOTED = "voted"  # the unit voted itself already
    USED = "used"  # the earlier proxy was used already
    CAP = "cap"
    NONE = "none"  # nothing to revoke


@dataclass(frozen=True)
class GrantPlan:
    seats: tuple[pr.Seat, ...]  # the grantor's units (with the grantor's roster row)
    holder: pr.Member
    replaces: tuple[pr.Proxy, ...] = ()  # unused earlier proxies of those units


def poll_refusal(poll: pr.PollRecord | None, now: datetime) -> ProxyRefusal | None:
    if poll is None or poll.kind is pr.StoredKind.SCAN:
        return ProxyRefusal.UNKNOWN_POLL
    if not poll.is_open or poll.due(now):
        return ProxyRefusal.CLOSED
    if not poll.electorate_fixed:
        return ProxyRefusal.OLD_POLL
    return None


def plan_grant(
    *,
    cap: int,
    grantor: Sequence[pr.Member],
    grantor_seats: Sequence[pr.Seat],
    holders: Sequence[pr.Member],
    unit_seats: Sequence[pr.Seat],
    own_voted: set[str],
    existing: Sequence[pr.Proxy],
    held: Sequence[pr.Proxy],
) -> GrantPlan | ProxyRefusal:
    """`grantor`: the grantor's roster rows; `holders`: the rows named by the username;
    `unit_seats`: every seat of the grantor's units; `existing`: active proxies of those
    units; `held`: active proxies the holder holds on the poll."""
    if cap <= 0:
        return ProxyRefusal.NOT_ALLOWED
    seats = tuple({s.unit_key: s for s in grantor_seats}.values())
    if not seats:
        return ProxyRefusal.NO_SEAT
    approved = [m for m in holders if m.status is pr.MemberStatus.APPROVED]
    if not approved:
        return ProxyRefusal.HOLDER_UNKNOWN
    holder_ids = {m.id for m in approved}
    grantor_ids = {m.id for m in grantor}
    same_person = any(
        h.user_id is not None and h.user_id in {g.user_id for g in grantor} for h in approved
    )
    if holder_ids & grantor_ids or same_person:
        return ProxyRefusal.HOLDER_SELF
    units = {s.unit_key for s in seats}
    if any(s.member_id in holder_ids for s in unit_seats if s.unit_key in units):
        return ProxyRefusal.HOLDER_SAME_UNIT
    if units & own_voted:
        return ProxyRefusal.VOTED
    earlier = [p for p in existing if p.active and p.unit_key in units]
    if any(p.used for p in earlier):
        return ProxyRefusal.USED
    others = [p for p in held if p.active and p.unit_key not in units]
    if len(others) + len(units) > cap:
        return ProxyRefusal.CAP
    return GrantPlan(seats, approved[0], tuple(earlier))


def same_as_before(plan: GrantPlan) -> bool:
    """Every unit is entrusted to this holder already: repeating /volmacht changes nothing
    (whoever of the unit gave it), so nothing is written and nobody is told again."""
    units = {s.unit_key for s in plan.seats}
    kept = {p.unit_key for p in plan.replaces if p.holder_member_id == plan.holder.id}
    return kept == units


def plan_revoke(
    grantor_seats: Sequence[pr.Seat], existing: Sequence[pr.Proxy]
) -> tuple[pr.Proxy, ...] | ProxyRefusal:
    """The grantor's active proxies to revoke; USED when the holder voted with one."""
    units = {s.unit_key for s in grantor_seats}
    mine = tuple(p for p in existing if p.active and p.unit_key in units)
    if not mine:
        return ProxyRefusal.NONE
    if any(p.used for p in mine):
        return ProxyRefusal.USED
    return mine


def parse_cap(text: str) -> int | None:
    """`/volmachten max 2`, `2`, `uit` / `geen` (0); None when not understood or too high."""
    words = text.lower().split()
    if words and words[0] in {"max", "maximaal", "maximum", "hoogstens"}:
        words = words[1:]
    if words in (["uit"], ["geen"], ["nee"]):
        return 0
    if len(words) == 1 and words[0].isdigit() and int(words[0]) <= MAX_CAP:
        return int(words[0])
    return None
