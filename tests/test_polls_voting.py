"""The pure decisions of the voting feature: what a press does, who votes for which unit, the
roster's registration, approval and import rules, and the linking policy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.polls import records as pr
from bot.polls import roster_rules, voting
from bot.polls.linking import may_unlink, plan_link
from bot.polls.roster_csv import RosterEntry
from bot.polls.rules import VotingUnit

NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
Status = pr.CastStatus


def poll(
    kind: pr.StoredKind = pr.StoredKind.SINGLE,
    *,
    closes: datetime | None = NOW + timedelta(days=1),
    closed: datetime | None = None,
    options: tuple[str, ...] = ("a", "b", "c"),
) -> pr.PollRecord:
    return pr.PollRecord(
        1, 1, kind, "Q", options, VotingUnit.PHARMACY, None, None,
        False, -1, None, 1, NOW, closes, (), closed,
    )  # fmt: skip


def member(
    member_id: int,
    status: pr.MemberStatus = pr.MemberStatus.APPROVED,
    pharmacy_id: int | None = 10,
    *,
    user_id: int | None = 7,
    username: str | None = None,
    name: str | None = None,
    pharmacy_name: str | None = None,
) -> pr.Member:
    return pr.Member(member_id, 1, pharmacy_id, pharmacy_name, user_id, username, name, status)


def pharmacy(pharmacy_id: int, name: str, agb: str | None = None) -> pr.Pharmacy:
    return pr.Pharmacy(pharmacy_id, 1, name, agb)


# --- a press -----------------------------------------------------------------------------


def test_a_press_counts_only_on_an_open_poll_for_an_existing_option() -> None:
    assert voting.press_refusal(None, 0, NOW) is Status.UNKNOWN_POLL
    assert voting.press_refusal(poll(pr.StoredKind.SCAN), 0, NOW) is Status.UNKNOWN_POLL
    assert voting.press_refusal(poll(closed=NOW), 0, NOW) is Status.CLOSED
    assert voting.press_refusal(poll(closes=NOW), 0, NOW) is Status.CLOSED  # due
    assert voting.press_refusal(poll(), 3, NOW) is Status.UNKNOWN_OPTION
    assert voting.press_refusal(poll(), -1, NOW) is Status.UNKNOWN_OPTION
    assert voting.press_refusal(poll(), 2, NOW) is None
    assert voting.press_refusal(poll(closes=None), 0, NOW) is None


def test_only_approved_members_with_a_pharmacy_vote() -> None:
    pending = member(1, pr.MemberStatus.PENDING, None)
    rejected = member(2, pr.MemberStatus.REJECTED)
    approved_without = member(3, pharmacy_id=None)
    unit = VotingUnit.PHARMACY
    assert voting.voter_units(unit, [], 7) is Status.NOT_MEMBER
    assert voting.voter_units(unit, [rejected], 7) is Status.NOT_MEMBER
    assert voting.voter_units(unit, [approved_without], 7) is Status.NOT_MEMBER
    assert voting.voter_units(unit, [rejected, pending], 7) is Status.PENDING
    assert voting.voter_units(unit, [pending, member(4)], 7) == [voting.VoterUnit("p10", 4)]


def test_per_pharmacy_a_member_votes_for_each_pharmacy_per_member_once() -> None:
    owner = [member(5, pharmacy_id=9), member(4, pharmacy_id=10), member(6, pharmacy_id=9)]
    assert voting.voter_units(VotingUnit.PHARMACY, owner, 7) == [
        voting.VoterUnit("p10", 4),  # sorted by unit key, as text
        voting.VoterUnit("p9", 5),
        voting.VoterUnit("p9", 6),
    ]
    assert voting.voter_units(VotingUnit.MEMBER, owner, 7) == [voting.VoterUnit("u7", 5)]


def test_a_username_only_on_the_roster_is_claimed_when_not_yet_approved() -> None:
    assert voting.wants_username_claim([], "anna")
    assert voting.wants_username_claim([member(1, pr.MemberStatus.PENDING, None)], "anna")
    assert not voting.wants_username_claim([member(1)], "anna")
    assert not voting.wants_username_claim([], None)
    assert not voting.wants_username_claim([], "")


def cast(
    choice: tuple[int, ...], user: int = 7, vote_id: int = 1, proxy: int | None = None
) -> pr.LatestVote:
    return pr.LatestVote(vote_id, choice, user, f"lid {user}", proxy)


def test_single_choice_replaces_and_an_unchanged_press_stores_nothing() -> None:
    units = [voting.VoterUnit("p1", 1)]
    first = voting.plan_press(pr.StoredKind.SINGLE, 0, units, {}, 7)
    assert (first.status, first.choice, first.writes) == (Status.RECORDED, (0,), tuple(units))
    same = voting.plan_press(pr.StoredKind.SINGLE, 0, units, {"p1": cast((0,))}, 7)
    assert (same.status, same.choice, same.writes) == (Status.DUPLICATE, (0,), ())
    other = voting.plan_press(pr.StoredKind.MANDATE, 2, units, {"p1": cast((0,))}, 7)
    assert (other.status, other.choice) == (Status.CHANGED, (2,))


def test_multiple_choice_toggles_from_the_first_units_choice() -> None:
    units = [voting.VoterUnit("p1", 1), voting.VoterUnit("p2", 2)]
    kind = pr.StoredKind.MULTIPLE
    assert voting.plan_press(kind, 2, units, {"p1": cast((0,))}, 7).choice == (0, 2)
    withdrawn = voting.plan_press(kind, 0, units, {"p1": cast((0,)), "p2": cast((0,))}, 7)
    assert (withdrawn.status, withdrawn.choice) == (Status.CHANGED, ())
    # The second pharmacy already has the new choice: only the first gets a new row.
    partly = voting.plan_press(kind, 1, units, {"p1": cast((0,)), "p2": cast((0, 1))}, 7)
    assert partly.choice == (0, 1) and partly.writes == (units[0],)


def test_scan_answers_need_an_open_scan_a_statement_and_an_approved_member() -> None:
    scan = poll(pr.StoredKind.SCAN, options=("s1", "s2"))
    assert voting.scan_button_refusal(None, 0, 3) is Status.UNKNOWN_POLL
    assert voting.scan_button_refusal(poll(), 0, 3) is Status.UNKNOWN_POLL
    assert voting.scan_button_refusal(scan, 2, 3) is Status.UNKNOWN_POLL
    assert voting.scan_button_refusal(scan, 1, 6) is Status.UNKNOWN_OPTION
    assert voting.scan_button_refusal(scan, 1, 0) is None  # 0: "weet ik niet"
    assert voting.scan_button_refusal(scan, 1, 5) is None
    approved = [member(1, pharmacy_id=None)]  # a pharmacy is not needed for the scan
    assert voting.scan_answer_refusal(scan, "s1", approved, NOW) is None
    assert voting.scan_answer_refusal(poll(), "s1", approved, NOW) is Status.UNKNOWN_POLL
    closed = poll(pr.StoredKind.SCAN, options=("s1",), closed=NOW)
    assert voting.scan_answer_refusal(closed, "s1", approved, NOW) is Status.CLOSED
    assert voting.scan_answer_refusal(scan, "s9", approved, NOW) is Status.UNKNOWN_OPTION
    pending = [member(1, pr.MemberStatus.PENDING, None)]
    assert voting.scan_answer_refusal(scan, "s1", pending, NOW) is Status.NOT_MEMBER


def test_only_an_open_poll_that_is_not_due_moves() -> None:
    assert voting.may_move(poll(), NOW)
    assert not voting.may_move(None, NOW)
    assert not voting.may_move(poll(closed=NOW), NOW)
    assert not voting.may_move(poll(closes=NOW - timedelta(seconds=1)), NOW)


def test_voting_units_per_pharmacy_and_per_member() -> None:
    pharmacies = [pharmacy(1, "b-Apotheek", "06000001"), pharmacy(2, "Apotheek A")]
    members = [
        member(1, pharmacy_id=1, user_id=7, name="Anna", pharmacy_name="b-Apotheek"),
        member(2, pharmacy_id=2, user_id=7, name="Anna", pharmacy_name="Apotheek A"),
        member(3, pharmacy_id=1, user_id=None, username="bob_b", pharmacy_name="b-Apotheek"),
        member(4, pr.MemberStatus.PENDING, None, user_id=8),
    ]
    per_pharmacy = voting.voting_units(VotingUnit.PHARMACY, members, pharmacies)
    assert [(u.key, u.label) for u in per_pharmacy] == [
        ("p2", "Apotheek A"),
        ("p1", "b-Apotheek"),
    ]
    assert per_pharmacy[1].recipients == (
        pr.Recipient(7, "Anna"),
        pr.Recipient(None, "@bob_b"),
    )
    per_member = voting.voting_units(VotingUnit.MEMBER, members, pharmacies)
    assert [(u.key, u.label, u.pharmacy_names, u.agb) for u in per_member] == [
        ("nbob_b", "@bob_b", ("b-Apotheek",), "06000001"),
        ("u7", "Anna", ("b-Apotheek", "Apotheek A"), "06000001"),
    ]
    empty = voting.voting_units(VotingUnit.PHARMACY, [], [pharmacy(3, "Leeg")])
    assert [(u.key, u.recipients) for u in empty] == [("p3", ())]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("apotheek", VotingUnit.PHARMACY),
        ("per Apotheek", VotingUnit.PHARMACY),
        ("apotheken", VotingUnit.PHARMACY),
        ("per lid", VotingUnit.MEMBER),
        ("Deelnemers", VotingUnit.MEMBER),
        ("per per lid", None),
        ("stad", None),
    ],
)
def test_voting_unit_words(text: str, unit: VotingUnit | None) -> None:
    assert voting.unit_from_word(text) is unit


# --- roster rules --------------------------------------------------------------------------


ROSTER = [pharmacy(1, "Apotheek De Brug", "06012345"), pharmacy(2, "Apotheek Zuid")]


def test_registration_uses_the_rosters_pharmacy() -> None:
    plan = roster_rules.plan_registration("apotheek de brug", None, ROSTER)
    assert plan == roster_rules.RegistrationPlan("Apotheek De Brug")
    mismatch = roster_rules.plan_registration("Apotheek De Brug", "06099999", ROSTER)
    assert mismatch.mismatch == ROSTER[0]
    known = roster_rules.plan_registration("De Brug", "06012345", ROSTER)
    assert known.name == "Apotheek De Brug" and known.known_by_agb == ROSTER[0]
    new = roster_rules.plan_registration("Apotheek Noord", "06011111", ROSTER)
    assert new == roster_rules.RegistrationPlan("Apotheek Noord")
    # A known name without an AGB code on the roster takes the typed code without complaint.
    assert roster_rules.plan_registration("Apotheek Zuid", "06022222", ROSTER).mismatch is None


def request(pharmacy_name: str, agb: str | None) -> pr.Member:
    return pr.Member(9, 1, None, None, 7, None, "Eva", pr.MemberStatus.PENDING, pharmacy_name, agb)


def test_approval_matches_by_agb_then_name_and_creates_a_new_pharmacy() -> None:
    by_agb = roster_rules.plan_approval(request("Iets Anders", "06012345"), ROSTER)
    assert by_agb == roster_rules.ApprovalPlan(ROSTER[0])
    by_name = roster_rules.plan_approval(request("apotheek zuid", "06022222"), ROSTER)
    assert by_name == roster_rules.ApprovalPlan(ROSTER[1], fill_agb=True)
    assert roster_rules.plan_approval(request("Nieuw", None), ROSTER).pharmacy is None
    approved = [member(3, pharmacy_id=2), member(4, pr.MemberStatus.PENDING, None)]
    assert roster_rules.approved_duplicate(approved, 2) == 3
    assert roster_rules.approved_duplicate(approved, 1) is None


def entry(line: int, name: str, agb: str | None, *users: str) -> RosterEntry:
    return RosterEntry(line, name, agb, users)


def test_import_refuses_an_agb_code_of_another_pharmacy() -> None:
    plan = roster_rules.plan_import(
        [entry(2, "Nieuw", None), entry(3, "Apotheek X", "06012345")], ROSTER, [], {}
    )
    assert plan.steps == ()
    assert plan.result.conflicts == ((3, "06012345", "Apotheek De Brug"),)


def test_import_adds_updates_and_lists_members_again() -> None:
    existing = [
        member(1, pharmacy_id=1, user_id=None, username="anna"),
        member(2, pr.MemberStatus.REJECTED, 2, user_id=None, username="bob"),
    ]
    known = {"carla": (30, "Carla")}
    plan = roster_rules.plan_import(
        [
            entry(2, "apotheek de brug", "06012345", "Anna", "carla"),
            entry(3, "Apotheek Zuid", "06022222", "bob"),
            entry(4, "Apotheek Noord", None, "dirk"),
        ],
        ROSTER,
        existing,
        known,
    )
    assert plan.result == pr.RosterImportResult(1, 1, 1, 3)
    brug, zuid, noord = plan.steps
    assert (brug.existing_id, brug.set_agb) == (1, False)
    assert brug.members == [
        roster_rules.ListedMember("anna", None, None, existing_id=1),
        roster_rules.ListedMember("carla", 30, "Carla"),
    ]
    assert (zuid.existing_id, zuid.set_agb) == (2, True)
    assert zuid.members == [roster_rules.ListedMember("bob", None, None)]  # rejected: new row
    assert (noord.existing_id, noord.name) == (None, "Apotheek Noord")
    assert noord.members == [roster_rules.ListedMember("dirk", None, None)]


def test_import_finds_a_member_by_telegram_id_too() -> None:
    existing = [member(1, pharmacy_id=1, user_id=30, username="oldname")]
    plan = roster_rules.plan_import(
        [entry(2, "Apotheek De Brug", None, "carla")], ROSTER, existing, {"carla": (30, "C")}
    )
    assert plan.result.members_added == 0
    assert plan.steps[0].members == [roster_rules.ListedMember("carla", 30, "C", existing_id=1)]


# --- linking groups ----------------------------------------------------------------------


def code(*, used: bool = False, expires: datetime = NOW + timedelta(hours=1)) -> pr.LinkCode:
    return pr.LinkCode("ABCDEF", org_id=1, created_chat=-1, expires_utc=expires, used=used)


def test_link_policy() -> None:
    status = pr.LinkStatus
    assert plan_link(None, False, None, False, 0, NOW).status is status.UNKNOWN_CODE
    assert plan_link(code(), False, None, False, 0, NOW).status is status.UNKNOWN_CODE
    assert plan_link(code(used=True), True, None, False, 0, NOW).status is status.USED
    assert plan_link(code(expires=NOW), True, None, False, 0, NOW).status is status.EXPIRED
    assert plan_link(code(), True, 1, False, 0, NOW).status is status.ALREADY_LINKED
    assert plan_link(code(), True, None, False, 0, NOW) == plan_link(code(), True, 2, False, 1, NOW)
    assert plan_link(code(), True, 2, True, 0, NOW).status is status.HAS_DATA
    leave = plan_link(code(), True, 2, False, 0, NOW)
    assert leave.status is status.LINKED and leave.remove_current
    assert not may_unlink(0) and may_unlink(1)


# --- the electorate of the opening, colleagues and proxies ---------------------------------


def proxy(proxy_id: int, unit: str, holder: int, *, revoked: bool = False) -> pr.Proxy:
    return pr.Proxy(
        proxy_id, 1, unit, 90, holder, NOW, NOW if revoked else None, unit_label=f"Apotheek {unit}"
    )


def test_the_electorate_of_the_opening_decides_who_votes() -> None:
    seats = [pr.Seat("p1", 4, "Apotheek 1"), pr.Seat("p2", 4, "Apotheek 2")]
    units = voting.electorate_voter_units([member(4)], seats, [])
    assert units == [voting.VoterUnit("p1", 4), voting.VoterUnit("p2", 4)]
    assert [u.label for u in units] == ["Apotheek 1", "Apotheek 2"]
    # Approved after the opening: no seat.
    assert voting.electorate_voter_units([member(5)], [], []) is Status.NOT_IN_ELECTORATE
    assert voting.electorate_voter_units([member(5, pr.MemberStatus.PENDING)], [], []) is (
        Status.PENDING
    )
    assert voting.electorate_voter_units([], [], []) is Status.NOT_MEMBER
    # A seat counts even if the roster row was rejected since (roster changes do not reach
    # an open vote).
    rejected = member(4, pr.MemberStatus.REJECTED)
    assert voting.electorate_voter_units([rejected], seats[:1], []) == [voting.VoterUnit("p1", 4)]


def test_a_proxy_adds_the_grantors_unit_after_the_own_ones() -> None:
    seats = [pr.Seat("p1", 4, "Apotheek 1")]
    held = [proxy(8, "p3", 4), proxy(9, "p5", 4, revoked=True), proxy(10, "p6", 99)]
    units = voting.electorate_voter_units([member(4)], seats, held)
    assert units == [voting.VoterUnit("p1", 4), voting.VoterUnit("p3", 4, proxy_id=8)]
    # A proxy holder outside the electorate votes only for the grantor.
    only = voting.electorate_voter_units([member(4)], [], held)
    assert only == [voting.VoterUnit("p3", 4, proxy_id=8)]


def test_replacing_a_colleagues_vote_needs_a_confirmation_naming_it() -> None:
    units = [voting.VoterUnit("p1", 4, "Apotheek 1")]
    colleague = cast((0,), user=8, vote_id=5)
    asked = voting.plan_press(pr.StoredKind.MANDATE, 1, units, {"p1": colleague}, 7)
    assert asked.status is Status.NEEDS_CONFIRM and asked.writes == ()
    assert asked.conflicts == (pr.Conflict("p1", "Apotheek 1", colleague),)
    assert asked.confirm_base == 5
    stale = voting.plan_press(pr.StoredKind.MANDATE, 1, units, {"p1": colleague}, 7, 4)
    assert stale.status is Status.NEEDS_CONFIRM
    done = voting.plan_press(pr.StoredKind.MANDATE, 1, units, {"p1": colleague}, 7, 5)
    assert done.status is Status.CHANGED and done.writes == tuple(units)
    assert done.notices == (pr.Notice(8, "Apotheek 1", (0,)),)
    # The same choice as the colleague's: nothing to confirm, nothing stored.
    same = voting.plan_press(pr.StoredKind.MANDATE, 0, units, {"p1": colleague}, 7)
    assert same.status is Status.DUPLICATE and same.conflicts == ()
    # One's own earlier vote is changed without a question.
    own = voting.plan_press(pr.StoredKind.MANDATE, 1, units, {"p1": cast((0,), user=7)}, 7)
    assert own.status is Status.CHANGED and own.notices == ()


def test_an_own_vote_overrides_a_proxy_vote_and_ends_the_proxy() -> None:
    own_unit = voting.VoterUnit("p3", 6, "Apotheek 3")
    by_proxy = cast((0,), user=8, vote_id=5, proxy=8)
    plan = voting.plan_press(pr.StoredKind.MANDATE, 1, [own_unit], {"p3": by_proxy}, 7)
    assert plan.status is Status.CHANGED  # no confirmation: an own vote goes first
    assert plan.notices == (pr.Notice(8, "Apotheek 3", (0,)),)
    assert voting.proxies_ended(plan.writes, [proxy(8, "p3", 8), proxy(9, "p4", 8)]) == [
        proxy(8, "p3", 8)
    ]
    # The holder's press does not count for a unit that voted itself.
    holder_unit = voting.VoterUnit("p3", 8, "Apotheek 3", proxy_id=8)
    mine = cast((1,), user=7, vote_id=6)
    refused = voting.plan_press(pr.StoredKind.MANDATE, 0, [holder_unit], {"p3": mine}, 8)
    assert refused.writes == () and refused.status is Status.DUPLICATE
    # A proxy vote never ends a proxy.
    assert voting.proxies_ended([holder_unit], [proxy(8, "p3", 8)]) == []
