"""What the votes of a poll add up to: live and frozen counts, who has (not) voted, the data
behind a result, the reminders to non-voters and the exports. Read-only, and free of texts:
`bot.polls.render` and `bot.polls.export` turn these into messages and files.

A closed poll's count is frozen in the database (`result`), so a later roster change can never
alter a published result or the representation list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.polls import records as pr
from bot.polls import voting
from bot.polls.decisions import DecisionRow, decision_row
from bot.polls.export import ExportData, RepresentedPharmacy, counts_only
from bot.polls.maturity import (
    ScanComparison,
    ScanResult,
    compare,
    complete_answers,
    scan_result,
)
from bot.polls.roster_service import RosterService
from bot.polls.rules import VotingUnit
from bot.polls.tally import VOOR, PollKind, Tally, tally
from bot.storage import Storage

Votes = list[tuple[str, list[int]]]


@dataclass(frozen=True)
class LiveStatus:
    """What the group message of a poll shows besides its rules."""

    tally: Tally | None = None  # a poll
    scan_complete: int = 0  # a scan: members who answered every statement
    scan_members: int = 0  # a scan: approved members
    proxy_cap: int = 0  # proxies one member may hold (0: none)


@dataclass(frozen=True)
class ResultData:
    """What a result message is made of: a count, or a scan result (with the last scan)."""

    tally: Tally | None = None
    scan: ScanResult | None = None
    comparison: ScanComparison | None = None


@dataclass(frozen=True)
class OwnVote:
    """Where one user stands in one poll (told only to that user)."""

    member: bool  # the user votes in this poll
    choice: tuple[int, ...] = ()  # the current choice of the user's unit; () not voted
    units: int = 0  # voting units the user votes for
    scan_answered: int = 0  # a scan: statements the user answered

    @property
    def voted(self) -> bool:
        return bool(self.choice)


@dataclass(frozen=True)
class ReminderTarget:
    user_id: int
    unit_label: str
    member_label: str
    unit_key: str = ""


@dataclass(frozen=True)
class ReminderPlan:
    """Who gets a private nudge, and the units that have not voted (to tell the board, once
    per unit, whom a nudge could not reach)."""

    targets: tuple[ReminderTarget, ...]
    missing: tuple[pr.VotingUnitInfo, ...] = ()


class ResultService:
    def __init__(self, storage: Storage, roster: RosterService) -> None:
        self.storage = storage
        self.roster = roster

    # --- counting ------------------------------------------------------------------------

    async def units(self, poll: pr.PollRecord) -> list[pr.VotingUnitInfo]:
        """The poll's voting units: as stored at its opening, or (a poll from before the
        electorate was kept) by today's roster."""
        if poll.electorate_fixed:
            return await self.storage.electorate.units(poll.id)
        return await self.roster.voting_units(poll.org_id, poll.unit)

    async def labelled_units(self, poll: pr.PollRecord) -> dict[str, pr.VotingUnitInfo]:
        """Every unit the votes of this poll can name, by key: the electorate stored at its
        opening, or every unit the organisation ever had (removed pharmacies included)."""
        if poll.electorate_fixed:
            return {unit.key: unit for unit in await self.storage.electorate.units(poll.id)}
        return await self.roster.units_ever(poll.org_id, poll.unit)

    async def live_votes(self, poll: pr.PollRecord) -> tuple[int, Votes]:
        """(eligible units, each voting unit's current non-empty choice), by unit key."""
        units = await self.units(poll)
        eligible = {unit.key for unit in units}
        current = await self.storage.votes.current_votes(poll.id)
        votes = [
            (key, list(choice))
            for key, choice in sorted(current.items())
            if choice and key in eligible
        ]
        return len(eligible), votes

    async def frozen_result(self, poll: pr.PollRecord) -> dict[str, object]:
        """The count stored at closing: scan answers, or eligible units and their votes."""
        if poll.kind is pr.StoredKind.SCAN:
            answers = await self.storage.votes.scan_answers(poll.id)
            return {"answers": {str(user): scores for user, scores in answers.items()}}
        eligible, votes = await self.live_votes(poll)
        return {"eligible": eligible, "votes": [[unit, choice] for unit, choice in votes]}

    async def tally(self, poll: pr.PollRecord) -> Tally:
        """The frozen count of a closed poll, or the live count of an open one."""
        if poll.result is not None and "votes" in poll.result:
            eligible = int(str(poll.result["eligible"]))
            raw = poll.result["votes"]
            assert isinstance(raw, list)
            votes = [(str(unit), [int(i) for i in choice]) for unit, choice in raw]
        else:
            eligible, votes = await self.live_votes(poll)
        return _tally(poll, eligible, votes)

    async def scan_answers(self, poll: pr.PollRecord) -> dict[str, dict[str, int]]:
        if poll.result is not None and "answers" in poll.result:
            raw = poll.result["answers"]
            assert isinstance(raw, dict)
            return {str(k): {str(s): int(v) for s, v in dict(a).items()} for k, a in raw.items()}
        answers = await self.storage.votes.scan_answers(poll.id)
        return {str(user): scores for user, scores in answers.items()}

    async def scan_outcome(self, poll: pr.PollRecord) -> ScanResult:
        """The scan's result from complete answers only; members who stopped halfway are
        counted apart (`ScanResult.incomplete`)."""
        complete, incomplete = complete_answers(await self.scan_answers(poll), poll.options)
        return scan_result(complete, incomplete=incomplete)

    async def scan_turnout(self, poll: pr.PollRecord) -> tuple[int, int]:
        """(members who answered everything, approved members)."""
        units = await self.roster.voting_units(poll.org_id, VotingUnit.MEMBER)
        answers = await self.storage.votes.scan_answers(poll.id)
        complete = sum(1 for scores in answers.values() if len(scores) >= len(poll.options))
        return complete, len(units)

    async def live_status(self, poll: pr.PollRecord) -> LiveStatus:
        if poll.kind is pr.StoredKind.SCAN:
            complete, members = await self.scan_turnout(poll)
            return LiveStatus(scan_complete=complete, scan_members=members)
        org = await self.storage.orgs.organisation(poll.org_id)
        return LiveStatus(tally=await self.tally(poll), proxy_cap=org.proxy_cap if org else 0)

    async def result(self, poll: pr.PollRecord) -> ResultData:
        if poll.kind is not pr.StoredKind.SCAN:
            return ResultData(tally=await self.tally(poll))
        current = await self.scan_outcome(poll)
        return ResultData(scan=current, comparison=await self._scan_comparison(poll, current))

    async def _scan_comparison(
        self, poll: pr.PollRecord, current: ScanResult
    ) -> ScanComparison | None:
        previous = await self.storage.polls.previous_scan(poll.org_id, poll.id)
        if previous is None:
            return None
        before = await self.scan_outcome(previous)
        if before.respondents == 0 or current.respondents == 0:
            return None
        return compare(before, current)

    # --- who has (not) voted ---------------------------------------------------------------

    async def voted_split(
        self, poll: pr.PollRecord
    ) -> tuple[list[pr.VotingUnitInfo], list[pr.VotingUnitInfo]]:
        """(units that voted, units that did not); never how anyone voted."""
        if poll.kind is pr.StoredKind.SCAN:
            units = await self.roster.voting_units(poll.org_id, VotingUnit.MEMBER)
            answers = await self.storage.votes.scan_answers(poll.id)
            done = {pr.member_unit(u) for u, a in answers.items() if len(a) >= len(poll.options)}
            return (
                [u for u in units if u.key in done],
                [u for u in units if u.key not in done],
            )
        units = await self.units(poll)
        current = await self.storage.votes.current_votes(poll.id)
        voted = {key for key, choice in current.items() if choice}
        return [u for u in units if u.key in voted], [u for u in units if u.key not in voted]

    async def scan_progress(self, poll: pr.PollRecord) -> dict[str, int]:
        """Per member unit, how many statements of a scan they answered so far (only those who
        began): /opkomst shows a partly filled scan as such, not as "nothing yet"."""
        if poll.kind is not pr.StoredKind.SCAN:
            return {}
        answers = await self.storage.votes.scan_answers(poll.id)
        return {pr.member_unit(user): len(given) for user, given in answers.items() if given}

    async def reminder_plan(self, poll: pr.PollRecord) -> ReminderPlan:
        """One nudge per reachable member of a unit that has not voted."""
        _, missing = await self.voted_split(poll)
        targets: dict[int, ReminderTarget] = {}
        for unit in missing:
            for recipient in unit.recipients:
                if recipient.user_id is not None:
                    targets.setdefault(
                        recipient.user_id,
                        ReminderTarget(recipient.user_id, unit.label, recipient.label, unit.key),
                    )
        return ReminderPlan(tuple(targets.values()), tuple(missing))

    async def own_vote(self, poll: pr.PollRecord, user_id: int) -> OwnVote:
        """The user's own vote (or scan progress), for their eyes only."""
        memberships = await self.storage.roster.memberships(poll.org_id, user_id)
        if poll.kind is pr.StoredKind.SCAN:
            approved = any(m.status is pr.MemberStatus.APPROVED for m in memberships)
            answered = len(await self.member_scan_answers(poll.id, user_id))
            return OwnVote(approved, (), int(approved), answered)
        units = voting.voter_units(poll.unit, memberships, user_id)
        if isinstance(units, pr.CastStatus):
            return OwnVote(False)
        current = await self.storage.votes.current_votes(poll.id)
        choice = next((current[u.key] for u in units if current.get(u.key)), ())
        return OwnVote(True, tuple(choice), len(units))

    async def voted_units(self, poll: pr.PollRecord) -> set[str]:
        """Units with a non-empty choice now."""
        current = await self.storage.votes.current_votes(poll.id)
        return {key for key, choice in current.items() if choice}

    async def member_scan_answers(self, poll_id: int, user_id: int) -> dict[str, int]:
        """One member's answers so far (to show the next statement)."""
        return (await self.storage.votes.scan_answers(poll_id)).get(user_id, {})

    async def scan_answers_by_user(self, poll: pr.PollRecord) -> dict[int, dict[str, int]]:
        """Every member's answers so far, by Telegram user id."""
        return await self.storage.votes.scan_answers(poll.id)

    # --- the decision register ------------------------------------------------------------

    async def decisions(self, org_id: int, limit: int = 50) -> list[DecisionRow]:
        """Closed votes, newest first, with their verdict, outcome and review date."""
        return [
            decision_row(poll, await self.tally(poll))
            for poll in await self.storage.polls.closed_polls(org_id, limit)
            if not poll.withdrawn  # withdrawn votes decided nothing (their record is kept)
        ]

    # --- export ----------------------------------------------------------------------------

    async def export_data(self, poll: pr.PollRecord) -> ExportData:
        changes = tuple(await self.storage.polls.closing_changes(poll.id))
        if poll.kind is pr.StoredKind.SCAN:
            return ExportData(poll, closing_changes=changes, scan=await self.scan_outcome(poll))
        reasons = tuple(await self.storage.votes.reasons(poll.id))
        result = await self.tally(poll)
        if counts_only(poll):  # a secret quick poll: nothing per voter leaves the bot
            return ExportData(poll, closing_changes=changes, reasons=reasons, tally=result)
        units = (await self.labelled_units(poll)).values()
        represented = None
        needs_list = poll.purpose is None or poll.purpose.needs_representation_list
        granted = result.verdict is not None and result.verdict.granted
        if (
            poll.kind is pr.StoredKind.MANDATE
            and not poll.is_open
            and not poll.withdrawn
            and needs_list
            and granted
        ):
            represented = tuple(await self.represented_pharmacies(poll))
        proxies = await self.storage.electorate.proxies(poll.id) if poll.electorate_fixed else []
        return ExportData(
            poll,
            closing_changes=changes,
            events=tuple(await self.storage.votes.vote_events(poll.id)),
            unit_labels={u.key: u.label for u in units},
            reasons=reasons,
            represented=represented,
            proxies=tuple(proxies),
            tally=result,
        )

    async def represented_pharmacies(self, poll: pr.PollRecord) -> list[RepresentedPharmacy]:
        """Pharmacies whose final choice (or whose member's final choice) was "voor"."""
        if poll.result is None:
            return []
        raw = poll.result.get("votes")
        assert isinstance(raw, list)
        voor_units = {str(unit) for unit, choice in raw if list(choice) == [VOOR]}
        units = await self.labelled_units(poll)
        agb_by_name = {p.name: p.agb for p in await self.roster.pharmacies_ever(poll.org_id)}
        chosen: dict[str, str | None] = {}
        for key in sorted(voor_units & units.keys(), key=lambda k: units[k].label.casefold()):
            for name in units[key].pharmacy_names:
                chosen[name] = agb_by_name.get(name, units[key].agb)
        return [RepresentedPharmacy(name, agb) for name, agb in chosen.items()]


def _tally(poll: pr.PollRecord, eligible: int, votes: Sequence[tuple[str, list[int]]]) -> Tally:
    if poll.kind is pr.StoredKind.MANDATE:
        assert poll.quorum is not None and poll.threshold is not None
        return tally(
            PollKind.MANDATE,
            poll.options,
            eligible,
            votes,
            quorum=poll.quorum,
            threshold=poll.threshold,
        )
    return tally(poll.kind.tally_kind, poll.options, eligible, votes)
