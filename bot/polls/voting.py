"""Who may vote for which unit, and what one button press does: pure decisions.

The polls service loads the facts inside the press's transaction, asks these functions what to
do, and saves the result, so the rules can be tested without a database:

- a press counts only on an open poll that is not due, for an option the poll has;
- only approved members with a pharmacy vote; a pending request gets its own answer;
- per pharmacy, a member votes for every pharmacy they are approved for (one press, several
  units); per member, a person votes once however many pharmacies they hold;
- single choice replaces the unit's choice; multiple choice toggles the pressed option; a
  press that changes nothing stores nothing;
- a poll keeps the electorate of its opening (seats: which roster rows vote for which unit),
  so a roster change during the vote changes neither who votes nor the count;
- replacing a vote another member of the same unit cast needs a confirmation, and that
  member is told; a proxy counts while the unit has not voted itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.polls import records as pr
from bot.polls.rules import VotingUnit

SCAN_SCORES = range(0, 6)  # 1-5, and 0 for "weet ik niet"


@dataclass(frozen=True, order=True)
class VoterUnit:
    """A voting unit one press counts for, the member row it is recorded under, and (when the
    press counts for it by proxy) the proxy."""

    key: str
    member_id: int
    label: str = field(default="", compare=False)
    proxy_id: int | None = None


@dataclass(frozen=True)
class PressPlan:
    """What a press stores: the unit's new choice and the units whose choice changes; or,
    with NEEDS_CONFIRM, the other members' votes the voter must first agree to replace."""

    status: pr.CastStatus
    choice: tuple[int, ...]
    writes: tuple[VoterUnit, ...]
    conflicts: tuple[pr.Conflict, ...] = ()
    confirm_base: int = 0
    notices: tuple[pr.Notice, ...] = ()


def press_refusal(poll: pr.PollRecord | None, option: int, now: datetime) -> pr.CastStatus | None:
    """Why a vote button press cannot count at all, or None when it may."""
    if poll is None or poll.kind is pr.StoredKind.SCAN:
        return pr.CastStatus.UNKNOWN_POLL
    if not poll.is_open or poll.due(now):
        return pr.CastStatus.CLOSED
    if not 0 <= option < len(poll.options):
        return pr.CastStatus.UNKNOWN_OPTION
    return None


def wants_username_claim(memberships: Sequence[pr.Member], username: str | None) -> bool:
    """A voter not (yet) approved under their id may be on the roster by username only."""
    approved = any(m.status is pr.MemberStatus.APPROVED for m in memberships)
    return not approved and bool(username)


def _not_voting(memberships: Sequence[pr.Member]) -> pr.CastStatus:
    if any(m.status is pr.MemberStatus.PENDING for m in memberships):
        return pr.CastStatus.PENDING
    return pr.CastStatus.NOT_MEMBER


def voter_units(
    unit: VotingUnit, memberships: Sequence[pr.Member], user_id: int
) -> list[VoterUnit] | pr.CastStatus:
    """For a poll without a stored electorate (opened before it was kept): the units the
    user's press counts for by today's roster, or PENDING / NOT_MEMBER."""
    approved = [m for m in memberships if m.status is pr.MemberStatus.APPROVED and m.pharmacy_id]
    if not approved:
        return _not_voting(memberships)
    if unit is VotingUnit.PHARMACY:
        return sorted(
            {
                VoterUnit(pr.pharmacy_unit(m.pharmacy_id or 0), m.id, m.pharmacy_name or "")
                for m in approved
            }
        )
    return [VoterUnit(pr.member_unit(user_id), approved[0].id, approved[0].label)]


def electorate_voter_units(
    memberships: Sequence[pr.Member], seats: Sequence[pr.Seat], proxies: Sequence[pr.Proxy]
) -> list[VoterUnit] | pr.CastStatus:
    """The units the user's press counts for on a poll with a stored electorate: the units
    their roster rows held a seat for when the poll opened, then the units whose active proxy
    they hold. NOT_IN_ELECTORATE for a member who joined after the opening."""
    mine = {m.id for m in memberships}
    own: dict[str, VoterUnit] = {}
    for seat in seats:
        if seat.member_id in mine:
            own.setdefault(seat.unit_key, VoterUnit(seat.unit_key, seat.member_id, seat.unit_label))
    by_proxy = {
        p.unit_key: VoterUnit(p.unit_key, p.holder_member_id, p.unit_label, p.id)
        for p in proxies
        if p.active and p.holder_member_id in mine and p.unit_key not in own
    }
    units = sorted(own.values()) + sorted(by_proxy.values())
    if units:
        return units
    if any(m.status is pr.MemberStatus.APPROVED for m in memberships):
        return pr.CastStatus.NOT_IN_ELECTORATE
    return _not_voting(memberships)


def _own_vote(vote: pr.LatestVote | None) -> bool:
    return vote is not None and vote.proxy_id is None


def plan_press(
    kind: pr.StoredKind,
    option: int,
    units: Sequence[VoterUnit],
    latest: Mapping[str, pr.LatestVote],
    user_id: int,
    confirm_base: int | None = None,
) -> PressPlan:
    """What one press does.

    - The new choice: the option (single choice), or the option toggled in the first unit's
      current choice (multiple choice). Units whose choice would not change get no new row;
      none at all is DUPLICATE.
    - A unit voted for by proxy counts only while no member of the unit voted themselves.
    - Replacing a vote that another member of the unit cast needs the voter's confirmation:
      NEEDS_CONFIRM with those votes, stored nothing. A confirmation names the latest of them
      (`confirm_base`); when one changed since, the voter is asked again.
    - Everyone whose vote is replaced is told (`notices`).
    """
    usable = [u for u in units if u.proxy_id is None or not _own_vote(latest.get(u.key))]
    if not usable:
        return PressPlan(pr.CastStatus.DUPLICATE, (), ())
    first = latest.get(usable[0].key)
    if kind is pr.StoredKind.MULTIPLE:
        choice = tuple(sorted(set(first.choice if first else ()) ^ {option}))
    else:
        choice = (option,)

    def current(unit: VoterUnit) -> tuple[int, ...] | None:
        vote = latest.get(unit.key)
        return vote.choice if vote is not None else None

    writes = tuple(u for u in usable if current(u) != choice)
    conflicts = tuple(
        pr.Conflict(u.key, u.label, vote)
        for u in writes
        if u.proxy_id is None
        and (vote := latest.get(u.key)) is not None
        and _own_vote(vote)
        and vote.user_id != user_id
        and vote.choice
    )
    if conflicts:
        base = max(c.previous.vote_id for c in conflicts)
        if confirm_base != base:
            return PressPlan(pr.CastStatus.NEEDS_CONFIRM, choice, (), conflicts, base)
    notices = tuple(
        pr.Notice(vote.user_id, u.label, vote.choice)
        for u in writes
        if (vote := latest.get(u.key)) is not None and vote.user_id != user_id and vote.choice
    )
    if not writes:
        status = pr.CastStatus.DUPLICATE
    elif any(u.key in latest for u in usable):
        status = pr.CastStatus.CHANGED
    else:
        status = pr.CastStatus.RECORDED
    return PressPlan(status, choice, writes, notices=notices)


# Why a proxy ended, as recorded in its row (and shown in the export): the unit voted itself,
# and a member's own vote overrides a proxy.
PROXY_ENDED_BY_OWN_VOTE = "eigen stem"


def proxies_ended(writes: Sequence[VoterUnit], proxies: Sequence[pr.Proxy]) -> list[pr.Proxy]:
    """The active proxies that a unit's own vote ends: a member's own vote overrides them."""
    own = {u.key for u in writes if u.proxy_id is None}
    return [p for p in proxies if p.active and p.unit_key in own]


def scan_button_refusal(poll: pr.PollRecord | None, index: int, score: int) -> pr.CastStatus | None:
    """Why a scan button cannot be about this poll: not a scan, no such statement or score."""
    if poll is None or poll.kind is not pr.StoredKind.SCAN or not 0 <= index < len(poll.options):
        return pr.CastStatus.UNKNOWN_POLL
    if score not in SCAN_SCORES:
        return pr.CastStatus.UNKNOWN_OPTION
    return None


def scan_answer_refusal(
    poll: pr.PollRecord | None, key: str, memberships: Sequence[pr.Member], now: datetime
) -> pr.CastStatus | None:
    """Why an answer to a statement cannot be stored now; only approved members answer."""
    if poll is None or poll.kind is not pr.StoredKind.SCAN:
        return pr.CastStatus.UNKNOWN_POLL
    if not poll.is_open or poll.due(now):
        return pr.CastStatus.CLOSED
    if key not in poll.options:
        return pr.CastStatus.UNKNOWN_OPTION
    if not any(m.status is pr.MemberStatus.APPROVED for m in memberships):
        return pr.CastStatus.NOT_MEMBER
    return None


def may_move(poll: pr.PollRecord | None, now: datetime) -> bool:
    """Only an open poll that is not due may get a new closing time."""
    return poll is not None and poll.is_open and not poll.due(now)


def voting_units(
    unit: VotingUnit, members: Sequence[pr.Member], pharmacies: Sequence[pr.Pharmacy]
) -> list[pr.VotingUnitInfo]:
    """Every eligible voting unit of an organisation with the members who vote for it.

    Per pharmacy: every pharmacy on the roster, also one without members yet (it counts as
    not voted). Per member: every approved person once, named by their first membership.
    """
    approved = [m for m in members if m.status is pr.MemberStatus.APPROVED]
    by_id = {p.id: p for p in pharmacies}
    if unit is VotingUnit.PHARMACY:
        recipients: dict[int, list[pr.Recipient]] = {pid: [] for pid in by_id}
        for m in approved:
            if m.pharmacy_id in recipients:
                recipients[m.pharmacy_id].append(pr.Recipient(m.user_id, m.label))
        return [
            pr.VotingUnitInfo(
                pr.pharmacy_unit(p.id),
                p.name,
                p.agb,
                (p.name,),
                tuple(recipients[p.id]),
                tuple(m.id for m in approved if m.pharmacy_id == p.id),
            )
            for p in sorted(by_id.values(), key=lambda p: p.name.casefold())
        ]
    by_identity: dict[str, list[pr.Member]] = {}
    for m in approved:
        key = pr.member_unit(m.user_id) if m.user_id is not None else f"n{m.username or m.id}"
        by_identity.setdefault(key, []).append(m)
    units = []
    for key, group in by_identity.items():
        first = group[0]
        names = tuple(m.pharmacy_name for m in group if m.pharmacy_name)
        agb = by_id[first.pharmacy_id].agb if first.pharmacy_id in by_id else None
        units.append(
            pr.VotingUnitInfo(
                key,
                first.label,
                agb,
                names,
                (pr.Recipient(first.user_id, first.label),),
                tuple(m.id for m in group),
            )
        )
    return sorted(units, key=lambda u: u.label.casefold())


_UNIT_WORDS = {
    "apotheek": VotingUnit.PHARMACY,
    "apotheken": VotingUnit.PHARMACY,
    "lid": VotingUnit.MEMBER,
    "leden": VotingUnit.MEMBER,
    "deelnemer": VotingUnit.MEMBER,
    "deelnemers": VotingUnit.MEMBER,
}


def unit_from_word(text: str) -> VotingUnit | None:
    """The voting unit named in /stemwijze (`per apotheek`, `leden`, ...)."""
    return _UNIT_WORDS.get(text.lower().removeprefix("per ").strip())
