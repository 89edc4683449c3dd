"""Taking pharmacies off the roster and replacing it, as rules and as the roster service."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.polls import records as pr
from bot.polls.roster_csv import RosterEntry
from bot.polls.roster_rules import plan_removals, units_ever
from bot.polls.roster_service import REPLACE_WAIT, ReplaceStatus
from bot.polls.rules import VotingUnit
from bot.polls.runtime import PollsRuntime
from bot.storage import Storage

NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)


@pytest.fixture
async def polls(tmp_path: Path) -> AsyncIterator[PollsRuntime]:
    storage = Storage(tmp_path / "roster.sqlite3")
    await storage.open()
    yield PollsRuntime.build(storage, ZoneInfo("Europe/Amsterdam"))
    await storage.close()


def _entries(*names: str) -> list[RosterEntry]:
    return [
        RosterEntry(i + 2, name, f"0600000{i + 1}", (f"user_{i + 1}x",))
        for i, name in enumerate(names)
    ]


def test_plan_removals_names_what_the_file_leaves_out() -> None:
    pharmacies = [pr.Pharmacy(1, 1, "Noord", None), pr.Pharmacy(2, 1, "zuid", "06000002")]
    assert plan_removals(_entries("NOORD"), pharmacies) == (pharmacies[1],)
    assert plan_removals(_entries("Noord", "Zuid"), pharmacies) == ()


def test_units_ever_keeps_removed_pharmacies_and_their_members() -> None:
    pharmacies = [pr.Pharmacy(1, 1, "Noord", None), pr.Pharmacy(2, 1, "Zuid", "06", removed=True)]
    members = [
        pr.Member(1, 1, 1, "Noord", 10, "anna", "Anna", pr.MemberStatus.APPROVED),
        pr.Member(2, 1, 2, "Zuid", 11, "bert", "Bert", pr.MemberStatus.REJECTED, None, None, True),
        pr.Member(3, 1, 2, "Zuid", 12, "cas", "Cas", pr.MemberStatus.REJECTED),  # rejected
    ]
    by_pharmacy = units_ever(VotingUnit.PHARMACY, members, pharmacies)
    assert {k: u.label for k, u in by_pharmacy.items()} == {"p1": "Noord", "p2": "Zuid"}
    by_member = units_ever(VotingUnit.MEMBER, members, pharmacies)
    assert sorted(by_member) == ["u10", "u11"]


async def test_removal_is_once_and_frees_name_and_code(polls: PollsRuntime) -> None:
    org = await polls.orgs.for_group(-100, "RAO Test")
    await polls.roster.import_roster(org.id, _entries("Noord", "Zuid"), NOW)
    [noord, zuid] = await polls.roster.pharmacies(org.id)
    removed = await polls.roster.remove_pharmacy(zuid.id, 1, NOW)
    assert removed == zuid
    assert await polls.roster.remove_pharmacy(zuid.id, 1, NOW) is None
    assert await polls.roster.pharmacies(org.id) == [noord]
    gone = await polls.roster.pharmacy(zuid.id)
    assert gone is not None and gone.removed and gone.agb == zuid.agb  # kept for the records
    members = await polls.roster.approved_members(org.id)
    assert [m.pharmacy_name for m in members] == ["Noord"]
    # Same name and AGB code again: a new pharmacy.
    result = await polls.roster.import_roster(org.id, _entries("Noord", "Zuid"), NOW)
    assert result.added == 1 and not result.conflicts
    names = [(p.name, p.id == zuid.id) for p in await polls.roster.pharmacies(org.id)]
    assert names == [("Noord", False), ("Zuid", False)]


async def test_replacement_counts_only_for_what_the_preview_showed(polls: PollsRuntime) -> None:
    org = await polls.orgs.for_group(-100, "RAO Test")
    roster = polls.roster
    await roster.import_roster(org.id, _entries("Noord", "Zuid", "West"), NOW)
    preview = await roster.preview_replacement(org.id, 7, _entries("Noord"), NOW)
    assert [p.name for p in preview.result.removed] == ["West", "Zuid"]
    assert preview.replacement_id is not None
    assert len(await roster.pharmacies(org.id)) == 3  # nothing before the confirmation

    # The roster changed after the preview: confirming writes nothing.
    [west] = [p for p in await roster.pharmacies(org.id) if p.name == "West"]
    await roster.remove_pharmacy(west.id, 7, NOW)
    outcome = await roster.confirm_replacement(preview.replacement_id, 7, NOW)
    assert outcome.status is ReplaceStatus.CHANGED
    assert [p.name for p in await roster.pharmacies(org.id)] == ["Noord", "Zuid"]
    again = await roster.confirm_replacement(preview.replacement_id, 7, NOW)
    assert again.status is ReplaceStatus.GONE

    preview = await roster.preview_replacement(org.id, 7, _entries("Noord"), NOW)
    assert preview.replacement_id is not None
    outcome = await roster.confirm_replacement(preview.replacement_id, 7, NOW)
    assert outcome.status is ReplaceStatus.DONE and outcome.result is not None
    assert [p.name for p in outcome.result.removed] == ["Zuid"]
    assert [p.name for p in await roster.pharmacies(org.id)] == ["Noord"]

    # Nothing to remove: imported at once, no confirmation.
    preview = await roster.preview_replacement(org.id, 7, _entries("Noord", "Oost"), NOW)
    assert preview.replacement_id is None and preview.result.added == 1


async def test_leden_vervang_waits_for_one_file_for_a_while(polls: PollsRuntime) -> None:
    org = await polls.orgs.for_group(-100, "RAO Test")
    roster = polls.roster
    assert not await roster.take_replacement_wish(org.id, 7, NOW)
    await roster.await_replacement_file(org.id, 7, NOW)
    assert not await roster.take_replacement_wish(org.id, 8, NOW)  # someone else's file
    assert await roster.take_replacement_wish(org.id, 7, NOW + timedelta(minutes=5))
    assert not await roster.take_replacement_wish(org.id, 7, NOW)  # used once
    await roster.await_replacement_file(org.id, 7, NOW)
    late = NOW + REPLACE_WAIT + timedelta(seconds=1)
    assert not await roster.take_replacement_wish(org.id, 7, late)
