"""Who may vote for which unit, and what one button press does: pure decisions.

The polls service loads the facts inside the press's transaction, asks these functions what to
do, and saves the result, so the rules can be tested without a database:

- a press counts only on an open poll that is not due, for an option the poll has;
- only approved members with a pharmacy vote; a pending request gets its own answer;
- per pharmacy, a member votes for every pharmacy they are approved for (one press, several
  units); per member, a person votes once however many pharmacies they hold;
- single choice replaces the unit's choice; multiple choice toggles the pressed option; a
  press that changes nothing stores nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.polls import records as pr
from bot.polls.rules import VotingUnit

SCAN_SCORES = range(0, 6)  # 1-5, and 0 for "weet ik niet"


@dataclass(frozen=True, order=True)
class VoterUnit:
    """A voting unit one press counts for, and the member row it is recorded under."""

    key: str
    member_id: int


@dataclass(frozen=True)
class PressPlan:
    """What a press stores: the unit's new choice, and the units whose choice changes."""

    status: pr.CastStatus
    choice: tuple[int, ...]
    writes: tuple[VoterUnit, ...]


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


def voter_units(
    unit: VotingUnit, memberships: Sequence[pr.Member], user_id: int
) -> list[VoterUnit] | pr.CastStatus:
    """The units the user's press counts for, or PENDING / NOT_MEMBER when it counts for none."""
    approved = [m for m in memberships if m.status is pr.MemberStatus.APPROVED and m.pharmacy_id]
    if not approved:
        if any(m.status is pr.MemberStatus.PENDING for m in memberships):
            return pr.CastStatus.PENDING
        return pr.CastStatus.NOT_MEMBER
    if unit is VotingUnit.PHARMACY:
        return sorted({VoterUnit(pr.pharmacy_unit(m.pharmacy_id or 0), m.id) for m in approved})
    return [VoterUnit(pr.member_unit(user_id), approved[0].id)]


def plan_press(
    kind: pr.StoredKind,
    option: int,
    units: Sequence[VoterUnit],
    latest: Mapping[str, tuple[int, ...]],
) -> PressPlan:
    """The new choice (toggled for multiple choice, from the first unit's latest choice) and
    which units get a new vote row; DUPLICATE when none does."""
    if kind is pr.StoredKind.MULTIPLE:
        base = set(latest.get(units[0].key, ())) ^ {option}
        choice = tuple(sorted(base))
    else:
        choice = (option,)
    writes = tuple(u for u in units if latest.get(u.key) != choice)
    if not writes:
        status = pr.CastStatus.DUPLICATE
    else:
        status = pr.CastStatus.CHANGED if latest else pr.CastStatus.RECORDED
    return PressPlan(status, choice, writes)


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
                pr.pharmacy_unit(p.id), p.name, p.agb, (p.name,), tuple(recipients[p.id])
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
                key, first.label, agb, names, (pr.Recipient(first.user_id, first.label),)
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
