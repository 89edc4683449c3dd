"""The roster's rules as pure functions: registration, approval and importing a roster file.

The roster service loads pharmacies and members (inside one transaction where the change must
see them as they are), asks these functions what to write, and writes it, so the policy can be
read and tested in one place:

- a registration names an existing pharmacy by its AGB code first, then by its name; an AGB
  code that contradicts a known pharmacy of the same name is refused;
- approving a request matches the pharmacy by AGB, then name, and creates it when it is new
  (filling in a missing AGB code); a second approval for the same pharmacy folds into the first;
- an import adds or updates pharmacies and makes the listed usernames approved members;
  pharmacies missing from the file stay, and an AGB code that belongs to another pharmacy
  refuses the whole file;
- an import in "vervang" mode also takes the pharmacies missing from the file off the roster,
  after the board confirmed the preview (`plan_removals`); the confirmation counts only for
  the removals it showed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot.polls import records as pr
from bot.polls import voting
from bot.polls.roster_csv import RosterEntry
from bot.polls.rules import VotingUnit


def by_name(pharmacies: Sequence[pr.Pharmacy], name: str | None) -> pr.Pharmacy | None:
    key = (name or "").casefold()
    return next((p for p in pharmacies if p.name.casefold() == key), None)


def by_agb(pharmacies: Sequence[pr.Pharmacy], agb: str | None) -> pr.Pharmacy | None:
    if not agb:
        return None
    return next((p for p in pharmacies if p.agb == agb), None)


# --- registration ------------------------------------------------------------------------


@dataclass(frozen=True)
class RegistrationPlan:
    """What a typed pharmacy name and AGB code come to."""

    name: str  # the pharmacy name to request, as the roster spells it when it is known
    mismatch: pr.Pharmacy | None = None  # known by this name with another AGB code: refused
    known_by_agb: pr.Pharmacy | None = None  # the AGB code names another pharmacy: use it


def plan_registration(
    name: str, agb: str | None, pharmacies: Sequence[pr.Pharmacy]
) -> RegistrationPlan:
    named = by_name(pharmacies, name)
    if named is not None and named.agb and agb and named.agb != agb:
        return RegistrationPlan(name, mismatch=named)
    if agb is not None:
        coded = by_agb(pharmacies, agb)
        if coded is not None and coded.name.casefold() != name.casefold():
            return RegistrationPlan(coded.name, known_by_agb=coded)
        return RegistrationPlan(name)
    return RegistrationPlan(named.name if named is not None else name)


# --- approval ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ApprovalPlan:
    pharmacy: pr.Pharmacy | None  # None: create the requested pharmacy
    fill_agb: bool = False  # the known pharmacy has no AGB code yet: take the requested one


def plan_approval(request: pr.Member, pharmacies: Sequence[pr.Pharmacy]) -> ApprovalPlan:
    agb = request.requested_agb
    pharmacy = by_agb(pharmacies, agb) or by_name(pharmacies, request.requested_pharmacy)
    if pharmacy is None:
        return ApprovalPlan(None)
    return ApprovalPlan(pharmacy, fill_agb=bool(agb) and not pharmacy.agb)


def approved_duplicate(memberships: Sequence[pr.Member], pharmacy_id: int) -> int | None:
    """The user's approved membership of this pharmacy, into which a new approval folds."""
    return next(
        (
            m.id
            for m in memberships
            if m.status is pr.MemberStatus.APPROVED and m.pharmacy_id == pharmacy_id
        ),
        None,
    )


# --- importing a roster file ---------------------------------------------------------------


@dataclass
class ListedMember:
    """A username of the file: a new approved member, or an existing one listed again."""

    username_key: str
    user_id: int | None
    display_name: str | None
    existing_id: int | None = None


@dataclass
class PharmacyStep:
    name: str
    agb: str | None
    existing_id: int | None  # None: a new pharmacy
    set_agb: bool = False
    members: list[ListedMember] = field(default_factory=list)


@dataclass(frozen=True)
class ImportPlan:
    steps: tuple[PharmacyStep, ...]
    result: pr.RosterImportResult


@dataclass
class _Listed:
    """A member the import can find again: existing (id) or added earlier in this file."""

    pharmacy: int | str  # a pharmacy id, or "new:<name key>" for one this file adds
    username_key: str | None
    user_id: int | None
    member_id: int | None
    planned: ListedMember | None = None


def plan_import(
    entries: Sequence[RosterEntry],
    pharmacies: Sequence[pr.Pharmacy],
    members: Sequence[pr.Member],
    known_users: Mapping[str, tuple[int, str | None]],
) -> ImportPlan:
    """The writes of an import, or only its conflicts (then nothing is written).

    `members` are the organisation's members in id order, `known_users` the Telegram users the
    bot has seen by lower-case username (id, first name).
    """
    agb_owner = {p.agb: p.name for p in pharmacies if p.agb}
    conflicts = tuple(
        (e.line, e.agb, agb_owner[e.agb])
        for e in entries
        if e.agb and e.agb in agb_owner and agb_owner[e.agb].casefold() != e.pharmacy.casefold()
    )
    if conflicts:
        return ImportPlan((), pr.RosterImportResult(0, 0, 0, 0, conflicts))
    existing = {p.name.casefold(): p for p in pharmacies}
    listed = [
        _Listed(m.pharmacy_id, m.username, m.user_id, m.id)
        for m in members
        if m.status is not pr.MemberStatus.REJECTED and m.pharmacy_id is not None
    ]
    steps: list[PharmacyStep] = []
    added = updated = unchanged = members_added = 0
    for entry in entries:
        key = entry.pharmacy.casefold()
        known = existing.get(key)
        ref: int | str
        if known is not None:
            set_agb = bool(entry.agb) and entry.agb != known.agb
            updated += set_agb
            unchanged += not set_agb
            step = PharmacyStep(known.name, entry.agb, known.id, set_agb=set_agb)
            ref = known.id
        else:
            step = PharmacyStep(entry.pharmacy, entry.agb, None)
            added += 1
            ref = f"new:{key}"
        for username in entry.usernames:
            username_key = username.lower()
            user_id, first_name = known_users.get(username_key, (None, None))
            found = next(
                (
                    item
                    for item in listed
                    if item.pharmacy == ref
                    and (
                        item.username_key == username_key
                        or (user_id is not None and item.user_id == user_id)
                    )
                ),
                None,
            )
            if found is not None:  # listed again: keep the row, with the username as listed
                found.username_key = username_key
                if found.planned is not None:
                    found.planned.username_key = username_key
                else:
                    step.members.append(
                        ListedMember(username_key, user_id, first_name, found.member_id)
                    )
                continue
            new = ListedMember(username_key, user_id, first_name)
            step.members.append(new)
            listed.append(_Listed(ref, username_key, user_id, None, new))
            members_added += 1
        steps.append(step)
    return ImportPlan(tuple(steps), pr.RosterImportResult(added, updated, unchanged, members_added))


def plan_removals(
    entries: Sequence[RosterEntry], pharmacies: Sequence[pr.Pharmacy]
) -> tuple[pr.Pharmacy, ...]:
    """The pharmacies a "vervang" import takes off the roster: those the file does not name."""
    named = {entry.pharmacy.casefold() for entry in entries}
    kept = [p for p in pharmacies if p.name.casefold() not in named]
    return tuple(sorted(kept, key=lambda p: p.name.casefold()))


def units_ever(
    unit: VotingUnit, members: Sequence[pr.Member], pharmacies: Sequence[pr.Pharmacy]
) -> dict[str, pr.VotingUnitInfo]:
    """Every voting unit by key, the current ones and those of removed pharmacies (whose
    members were taken off with them), so a vote cast before a removal keeps its name."""
    former = [
        dataclasses.replace(m, status=pr.MemberStatus.APPROVED)
        for m in members
        if m.pharmacy_removed and m.status is pr.MemberStatus.REJECTED
    ]
    current = [m for m in members if m.status is pr.MemberStatus.APPROVED]
    units = {u.key: u for u in voting.voting_units(unit, former, pharmacies)}
    units.update({u.key: u for u in voting.voting_units(unit, current, pharmacies)})
    return units
