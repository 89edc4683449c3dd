"""The services of the voting feature without Telegram: votes, roster, closing."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.polls import records as pr
from bot.polls.export import export_files
from bot.polls.mandate_command import (
    MandateRequest,
    QuickPollRequest,
    parse_closing_moment,
    parse_mandate_command,
    parse_poll_command,
)
from bot.polls.render import reminder_problems, turnout_report, vote_answer_text
from bot.polls.roster_csv import RosterEntry
from bot.polls.rules import PollInputError, Share, VotingUnit
from bot.polls.runtime import PollsRuntime
from bot.polls.service import ClosingMove, GroupReason, Voter
from bot.polls.timing import plan_reminder_leads
from bot.storage import Storage

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=3)


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    store = Storage(tmp_path / "polls.sqlite3")
    await store.open()
    yield store
    await store.close()


@pytest.fixture
def polls(storage: Storage) -> PollsRuntime:
    return PollsRuntime.build(storage, AMS)


def entries(*rows: tuple[str, str | None, tuple[str, ...]]) -> list[RosterEntry]:
    return [RosterEntry(i + 2, name, agb, users) for i, (name, agb, users) in enumerate(rows)]


async def setup_org(polls: PollsRuntime) -> pr.Organisation:
    org = await polls.orgs.for_group(-100, "RAO Test")
    result = await polls.roster.import_roster(
        org.id,
        entries(
            ("Apotheek A", "06000001", ("anna_a",)),
            ("Apotheek B", "06000002", ("bert_b", "bob_b")),
            ("Apotheek C", None, ("owner_c",)),
            ("Apotheek D", "06000004", ("owner_c",)),  # one owner, two pharmacies
        ),
        NOW,
    )
    assert result == pr.RosterImportResult(4, 0, 0, 5)
    return org


async def mandate(polls: PollsRuntime, org: pr.Organisation, **extra: object) -> pr.PollRecord:
    request = MandateRequest("Mandaat?", LATER, Share(Fraction(1, 2)), Share(Fraction(2, 3)))
    for key, value in extra.items():
        request = MandateRequest(**{**request.__dict__, key: value})
    return await polls.votes.create_mandate(org, request, -100, 1, NOW)


def caster(polls: PollsRuntime) -> Callable[..., Awaitable[pr.CastOutcome]]:
    """The former storage call's shape: (poll, user, username, name, option, now)."""

    async def cast(
        poll_id: int, user_id: int, username: str | None, name: str, option: int, now: datetime
    ) -> pr.CastOutcome:
        return await polls.votes.cast(poll_id, Voter(user_id, username, name), option, now)

    return cast


async def test_votes_are_checked_and_stored_once(storage: Storage, polls: PollsRuntime) -> None:
    org = await setup_org(polls)
    poll = await mandate(polls, org)
    vote = caster(polls)
    assert (await vote(999, 1, "anna_a", "Anna", 0, NOW)).status is pr.CastStatus.UNKNOWN_POLL
    assert (await vote(poll.id, 1, "anna_a", "Anna", 3, NOW)).status is pr.CastStatus.UNKNOWN_OPTION
    assert (await vote(poll.id, 9, "nobody", "X", 0, NOW)).status is pr.CastStatus.NOT_MEMBER
    assert (await vote(poll.id, 9, None, "X", 0, NOW)).status is pr.CastStatus.NOT_MEMBER
    first = await vote(poll.id, 1, "Anna_A", "Anna", 0, NOW)  # username case-insensitive
    assert first.status is pr.CastStatus.RECORDED and first.choice == (0,)
    assert (await vote(poll.id, 1, "anna_a", "Anna", 0, NOW)).status is pr.CastStatus.DUPLICATE
    assert (await vote(poll.id, 1, "anna_a", "Anna", 1, NOW)).status is pr.CastStatus.CHANGED
    # Two members of pharmacy B share its vote: the second sees the first's vote and must
    # confirm replacing it; then the latest choice counts and the first is told.
    assert (await vote(poll.id, 2, "bert_b", "Bert", 0, NOW)).status is pr.CastStatus.RECORDED
    asked = await vote(poll.id, 3, "bob_b", "Bob", 2, NOW)
    assert asked.status is pr.CastStatus.NEEDS_CONFIRM
    [conflict] = asked.conflicts
    assert conflict.unit_label == "Apotheek B" and conflict.previous.choice == (0,)
    assert conflict.previous.by_label == "Bert (@bert_b)" and conflict.previous.user_id == 2
    assert await storage.votes.vote_count(poll.id) == 3  # nothing stored yet
    confirmed = await polls.votes.cast(
        poll.id, Voter(3, "bob_b", "Bob"), 2, NOW, confirm_base=asked.confirm_base
    )
    assert confirmed.status is pr.CastStatus.CHANGED
    assert confirmed.notices == (pr.Notice(2, "Apotheek B", (0,)),)
    # The owner of two pharmacies votes for both with one press.
    owner = await vote(poll.id, 4, "owner_c", "Carla", 0, NOW)
    assert owner.status is pr.CastStatus.RECORDED and owner.units == 2
    assert await storage.votes.vote_count(poll.id) == 6
    current = await storage.votes.current_votes(poll.id)
    assert sorted(current.values()) == [(0,), (0,), (1,), (2,)]
    after = NOW + timedelta(days=4)
    assert (await vote(poll.id, 1, "anna_a", "Anna", 0, after)).status is pr.CastStatus.CLOSED
    assert await storage.votes.vote_count(poll.id) == 6


async def test_a_request_whose_person_is_gone_waits_for_nobody(
    polls: PollsRuntime, storage: Storage
) -> None:
    # A request forgotten before /vergeetmij removed requests: its user id was cut, the row
    # stayed pending. It is not shown to the board and cannot be approved into a pharmacy.
    org = await setup_org(polls)
    registration = await polls.roster.register(org.id, 7, "eva", "Eva", "Apotheek E", None, NOW)
    assert registration.member is not None
    member_id = registration.member.id
    assert [m.id for m in (await polls.roster.roster(org.id)).pending] == [member_id]
    await storage.db.execute("UPDATE members SET user_id = NULL WHERE id = ?", (member_id,))
    assert (await polls.roster.roster(org.id)).pending == ()
    assert await polls.roster.request(member_id) is None
    assert await polls.roster.decide(member_id, True, 1, NOW) is None
    assert "Apotheek E" not in [p.name for p in await polls.roster.pharmacies(org.id)]


async def test_pending_member_cannot_vote_until_approved(polls: PollsRuntime) -> None:
    org = await setup_org(polls)
    poll = await mandate(polls, org)
    vote = caster(polls)
    registration = await polls.roster.register(org.id, 7, "eva", "Eva", "Apotheek E", None, NOW)
    request = registration.member
    assert request is not None
    outcome = await vote(poll.id, 7, "eva", "Eva", 0, NOW)
    assert outcome.status is pr.CastStatus.PENDING
    decided = await polls.roster.decide(request.id, True, 1, NOW)
    assert decided is not None and decided.pharmacy_name == "Apotheek E"
    assert await polls.roster.decide(request.id, False, 1, NOW) is None  # decided once
    # The vote keeps the roster of its opening: Eva votes from the next vote on.
    late = await vote(poll.id, 7, "eva", "Eva", 0, NOW)
    assert late.status is pr.CastStatus.NOT_IN_ELECTORATE
    assert (await polls.results.tally(poll)).eligible_units == 4
    later = await mandate(polls, org)
    assert (await vote(later.id, 7, "eva", "Eva", 0, NOW)).status is pr.CastStatus.RECORDED
    assert (await polls.results.tally(later)).eligible_units == 5


async def test_multiple_choice_toggles_and_member_unit(polls: PollsRuntime) -> None:
    org = await setup_org(polls)
    request = QuickPollRequest("Welke avond?", ("di", "wo", "do"), multiple=True)
    await polls.orgs.set_voting_unit(org.id, VotingUnit.MEMBER)
    org = await polls.orgs.organisation(org.id) or org
    poll = await polls.votes.create_quick_poll(org, request, -100, 1, NOW)
    vote = caster(polls)
    assert poll.unit is VotingUnit.MEMBER and poll.kind is pr.StoredKind.MULTIPLE
    assert (await vote(poll.id, 1, "anna_a", "A", 0, NOW)).choice == (0,)
    assert (await vote(poll.id, 1, "anna_a", "A", 2, NOW)).choice == (0, 2)
    assert (await vote(poll.id, 1, "anna_a", "A", 0, NOW)).choice == (2,)
    withdrawn = await vote(poll.id, 1, "anna_a", "A", 2, NOW)
    assert withdrawn.choice == () and "ingetrokken" in vote_answer_text(withdrawn, "RAO")
    await vote(poll.id, 2, "bert_b", "B", 1, NOW)
    result = await polls.results.tally(poll)
    assert result.eligible_units == 4  # anna, bert, bob, the owner (one member, two pharmacies)
    assert result.voted_units == 1 and result.counts == (0, 1, 0)


async def test_closing_freezes_the_count_and_happens_once(
    storage: Storage, polls: PollsRuntime
) -> None:
    org = await setup_org(polls)
    poll = await mandate(polls, org)
    for user, name in ((1, "anna_a"), (2, "bert_b"), (4, "owner_c")):
        await caster(polls)(poll.id, user, name, name, 0, NOW)
    service, results = polls.votes, polls.results
    closed = await service.close(poll.id, NOW, by=1)
    assert closed is not None and await service.close(poll.id, NOW, by=1) is None
    result = await results.tally(closed)
    assert (result.voted_units, result.eligible_units) == (4, 4)
    assert result.verdict is not None and result.verdict.granted
    # A later roster change does not alter the published result.
    await polls.roster.import_roster(org.id, entries(("Apotheek Z", None, ())), NOW)
    again = await storage.polls.poll(poll.id)
    assert again is not None
    assert (await results.tally(again)).eligible_units == 4
    represented = await results.represented_pharmacies(again)
    assert sorted(p.name for p in represented) == [
        "Apotheek A",
        "Apotheek B",
        "Apotheek C",
        "Apotheek D",
    ]
    files = export_files(await results.export_data(again), AMS)
    assert [f.name for f in files] == [
        f"stemming-{poll.id}-stemmen.csv",
        f"vertegenwoordigingslijst-{poll.id}.csv",
    ]


async def test_roster_import_updates_and_rejects_conflicts(
    storage: Storage, polls: PollsRuntime
) -> None:
    org = await setup_org(polls)
    again = await polls.roster.import_roster(
        org.id,
        entries(("apotheek a", "06000001", ("anna_a",)), ("Apotheek C", "06000003", ())),
        NOW,
    )
    assert again == pr.RosterImportResult(0, 1, 1, 0)
    conflict = await polls.roster.import_roster(
        org.id, entries(("Apotheek Nieuw", None, ()), ("Apotheek X", "06000002", ())), NOW
    )
    assert conflict.conflicts == ((3, "06000002", "Apotheek B"),)
    names = [p.name for p in await storage.roster.pharmacies(org.id)]
    assert "Apotheek Nieuw" not in names and len(names) == 4
    other = await polls.orgs.for_group(-200, "RAO Anders")
    assert other.id != org.id and await storage.roster.pharmacies(other.id) == []


async def test_reminders_are_claimed_once_and_planned_ahead(
    storage: Storage, polls: PollsRuntime
) -> None:
    org = await setup_org(polls)
    poll = await mandate(polls, org)
    assert poll.reminder_leads == (48 * 3600, 2 * 3600)
    assert await storage.polls.claim_reminder(poll.id, 7200, NOW)
    assert not await storage.polls.claim_reminder(poll.id, 7200, NOW)
    soon = NOW + timedelta(hours=10)
    assert plan_reminder_leads(NOW, soon) == (7200,)  # 48 h before is already past
    assert plan_reminder_leads(NOW, NOW + timedelta(hours=1)) == ()
    assert plan_reminder_leads(NOW, None) == ()


async def test_non_voters_and_unreachable_members(polls: PollsRuntime) -> None:
    org = await setup_org(polls)
    poll = await mandate(polls, org)
    await polls.roster.link_username(20, "bert_b", "Bert")
    await caster(polls)(poll.id, 1, "anna_a", "Anna", 0, NOW)
    plan = await polls.results.reminder_plan(poll)
    assert [t.user_id for t in plan.targets] == [20]
    problems = reminder_problems(plan)
    # One line per pharmacy, one reason per member (before: "Apotheek C: geen lid met Telegram
    # gekoppeld" and "owner_c: nog niet bij de bot bekend", two lines that contradict).
    assert problems == [
        "Apotheek B: @bob_b is nog niet bij de bot bekend (stuurde nooit iets)"
        " (wel herinnerd: Bert (@bert_b))",
        "Apotheek C: @owner_c is nog niet bij de bot bekend (stuurde nooit iets)",
        "Apotheek D: @owner_c is nog niet bij de bot bekend (stuurde nooit iets)",
    ]
    assert reminder_problems(plan, failed={20}) == [
        "Apotheek B: Bert (@bert_b) heeft de bot nooit gestart;"
        " @bob_b is nog niet bij de bot bekend (stuurde nooit iets)",
        *problems[1:],
    ]
    report = turnout_report(poll, *await polls.results.voted_split(poll))
    assert "Gestemd (1)" in report and "Nog niet gestemd (3)" in report


def test_turnout_lists_numbers_as_a_board_reads_them() -> None:
    poll = pr.PollRecord(
        1, 1, pr.StoredKind.SINGLE, "Q", ("x", "y"), VotingUnit.PHARMACY, None, None,
        False, -1, None, 1, NOW, None, (), None,
    )  # fmt: skip
    units = [pr.VotingUnitInfo(f"u{i}", f"Apotheek {i}", None, ()) for i in (10, 2, 1, 100)]
    report = turnout_report(poll, [], units)
    shown = [line for line in report.splitlines() if line.startswith("• ")]
    assert shown == ["• Apotheek 1", "• Apotheek 2", "• Apotheek 10", "• Apotheek 100"]


def test_vote_answers_fit_a_callback_answer() -> None:
    poll = pr.PollRecord(
        1, 1, pr.StoredKind.SINGLE, "Q", ("x" * 100, "y"), VotingUnit.PHARMACY, None, None,
        False, -1, None, 1, NOW, None, (), None,
    )  # fmt: skip
    for status in pr.CastStatus:
        answer = vote_answer_text(pr.CastOutcome(status, poll, (0,), 3), "O" * 150)
        assert 0 < len(answer) <= 200
        assert "<" not in answer


def test_command_extensions() -> None:
    now = NOW
    request = parse_mandate_command(
        "/mandaat Vraag? | sluit over 10 minuten | openbaar",
        now,
        AMS,
        default_unit=VotingUnit.MEMBER,
    )
    assert not request.secret and request.unit is VotingUnit.MEMBER
    request = parse_mandate_command("/mandaat Vraag? | sluit over 10 minuten | per apotheek", now)
    assert request.secret and request.unit is VotingUnit.PHARMACY
    poll = parse_poll_command("/peiling Vraag? | a | b | geheim", now)
    assert poll.secret and poll.options == ("a", "b")
    assert parse_closing_moment("over 10 minuten", now, AMS) == now + timedelta(minutes=10)
    with pytest.raises(PollInputError):
        parse_closing_moment("gisteren 12:00", now, AMS)
    assert pr.share_from_text(pr.share_to_text(Share(Fraction(1, 2), True))) == Share(
        Fraction(1, 2), True
    )


async def test_a_reason_typed_in_the_group_is_secret_by_its_poll_or_any_open_one(
    polls: PollsRuntime,
) -> None:
    org = await setup_org(polls)
    other = await polls.orgs.for_group(-200, "RAO Elders")
    await polls.roster.import_roster(other.id, entries(("Apotheek E", None, ("eva_e",))), NOW)
    assert await polls.votes.group_reason(org.id, None) == GroupReason(None, False)
    public_vote = await mandate(polls, org, secret=False)
    secret_vote = await mandate(polls, org, secret=True)
    elsewhere = await mandate(polls, other, secret=True)
    assert await polls.votes.group_reason(org.id, public_vote.id) == GroupReason(public_vote, False)
    assert await polls.votes.group_reason(org.id, secret_vote.id) == GroupReason(secret_vote, True)
    # Not this organisation's poll, or none at all: any open secret vote makes it secret.
    assert await polls.votes.group_reason(org.id, elsewhere.id) == GroupReason(None, True)
    assert await polls.votes.group_reason(org.id, 999) == GroupReason(None, True)
    await polls.votes.close(secret_vote.id, NOW, None)
    assert await polls.votes.group_reason(org.id, None) == GroupReason(None, False)


async def test_a_new_closing_time_is_checked_and_an_earlier_one_marked(
    polls: PollsRuntime,
) -> None:
    org = await setup_org(polls)
    poll = await mandate(polls, org)  # closes LATER (3 days on)
    later = polls.votes.plan_move(poll, "15-6-2026 17:00", NOW)
    assert later == ClosingMove(datetime(2026, 6, 15, 15, 0, tzinfo=UTC), earlier=False)
    earlier = polls.votes.plan_move(poll, "2-6-2026 17:00", NOW)
    assert earlier == ClosingMove(datetime(2026, 6, 2, 15, 0, tzinfo=UTC), earlier=True)
    with pytest.raises(PollInputError):  # in the past
        polls.votes.plan_move(poll, "1-5-2026 17:00", NOW)
    with pytest.raises(PollInputError):  # not a moment
        polls.votes.plan_move(poll, "ooit", NOW)
    assert polls.votes.plan_move(poll, "15-6-2026 17:00", LATER) is None  # closing already


async def test_no_poll_starts_without_anyone_on_the_roster(polls: PollsRuntime) -> None:
    """Found by an exploratory test (session 4): a mandate started before any roster counted
    "0 van 0 apotheken", a roster imported later did not reach it, and it closed as a decision
    "Niet verleend". Nothing is stored."""
    empty = await polls.orgs.for_group(-300, "RAO Leeg")
    with pytest.raises(PollInputError, match="nog niemand op de ledenlijst"):
        await mandate(polls, empty)
    assert await polls.votes.recent(empty.id) == []
