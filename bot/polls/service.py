"""The life of a poll, free of Telegram: create, vote, answer the scan, edit, move the closing
time, close, and the bookkeeping of reminders. The only entry for handlers and jobs that
change a poll; counting and reports are in `bot.polls.results`, texts in `bot.polls.render`.

A button press is decided by `bot.polls.voting` on facts loaded inside the press's own write
transaction, and committed before the handler answers the voter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.polls import closing, voting
from bot.polls import records as pr
from bot.polls.closing import ClosingMove as ClosingMove
from bot.polls.decisions import OutcomeInput, parse_outcome
from bot.polls.mandate_command import (
    MandateRequest,
    QuickPollRequest,
    check_question,
    parse_poll_command,
)
from bot.polls.maturity import STATEMENTS
from bot.polls.press import Voter as Voter
from bot.polls.press import cast_vote
from bot.polls.purpose import Purpose
from bot.polls.results import ResultService
from bot.polls.roster_service import RosterService
from bot.polls.rules import PollInputError, Share, VotingUnit
from bot.polls.tally import MANDATE_OPTIONS
from bot.polls.timing import missed_leads, plan_reminder_leads
from bot.storage import Storage
from bot.texts import board as board_texts
from bot.texts import poll_commands as poll_texts
from bot.texts import scan as scan_texts

# Reminders to non-voters, before closing (Loomio-style "undecided voters only").
MAX_OUTCOME_CHARS = 1000
MAX_REASON_CHARS = 500


@dataclass(frozen=True)
class ScanAnswer:
    """What became of a scan button press, with the member's answers after it."""

    status: pr.CastStatus
    poll: pr.PollRecord | None = None
    answers: dict[str, int] | None = None


@dataclass(frozen=True)
class GroupReason:
    """What a reason typed in a group is about, and whether it must not stay readable there."""

    poll: pr.PollRecord | None
    secret: bool


class PollService:
    def __init__(
        self, storage: Storage, tz: ZoneInfo, roster: RosterService, results: ResultService
    ) -> None:
        self.storage = storage
        self.tz = tz
        self.roster = roster
        self.results = results

    # --- creation ------------------------------------------------------------------------

    async def _create(
        self,
        org: pr.Organisation,
        kind: pr.StoredKind,
        question: str,
        options: tuple[str, ...],
        unit: VotingUnit,
        *,
        secret: bool,
        chat_id: int,
        user_id: int,
        now: datetime,
        closes: datetime | None,
        quorum: Share | None = None,
        threshold: Share | None = None,
        purpose: Purpose | None = None,
    ) -> pr.PollRecord:
        """Every kind of poll is stored the same way, with reminders planned from its closing.

        A vote stores its electorate (units and who votes for them) in the same transaction
        that creates it, as the roster is at that moment; a scan is answered per member and
        keeps none.
        """
        draft = pr.PollDraft(
            org_id=org.id,
            kind=kind,
            question=question,
            options=options,
            unit=unit,
            quorum=quorum,
            threshold=threshold,
            secret=secret,
            chat_id=chat_id,
            created_by=user_id,
            created_utc=now,
            closes_utc=closes,
            reminder_leads=plan_reminder_leads(now, closes),
            purpose=purpose,
        )
        async with self.storage.polls.transaction() as tx:
            electorate = None
            members = await tx.roster.members(org.id)
            if kind is not pr.StoredKind.SCAN:
                electorate = voting.voting_units(unit, members, await tx.roster.pharmacies(org.id))
            approved = [m for m in members if m.status is pr.MemberStatus.APPROVED]
            if not (electorate if electorate is not None else approved):
                # Nobody could vote or answer, and a later roster does not reach it.
                raise PollInputError(poll_texts.NO_ROSTER_YET)
            poll_id = await tx.insert_poll(draft, electorate)
        poll = await self.storage.polls.poll(poll_id)
        assert poll is not None
        return poll

    async def create_mandate(
        self,
        org: pr.Organisation,
        request: MandateRequest,
        chat_id: int,
        user_id: int,
        now: datetime,
    ) -> pr.PollRecord:
        return await self._create(
            org,
            pr.StoredKind.MANDATE,
            request.question,
            MANDATE_OPTIONS,
            request.unit,
            quorum=request.quorum,
            threshold=request.threshold,
            secret=request.secret,
            chat_id=chat_id,
            user_id=user_id,
            now=now,
            closes=request.closes_at_utc,
            purpose=request.purpose,
        )

    async def create_quick_poll(
        self,
        org: pr.Organisation,
        request: QuickPollRequest,
        chat_id: int,
        user_id: int,
        now: datetime,
    ) -> pr.PollRecord:
        return await self._create(
            org,
            pr.StoredKind.MULTIPLE if request.multiple else pr.StoredKind.SINGLE,
            request.question,
            request.options,
            org.voting_unit,
            secret=request.secret,
            chat_id=chat_id,
            user_id=user_id,
            now=now,
            closes=request.closes_at_utc,
            purpose=request.purpose,
        )

    async def create_scan(
        self,
        org: pr.Organisation,
        closes: datetime | None,
        chat_id: int,
        user_id: int,
        now: datetime,
    ) -> pr.PollRecord:
        """One open scan per organisation: a second one would split the answers."""
        for poll in await self.storage.polls.open_polls(org.id):
            if poll.kind is pr.StoredKind.SCAN:
                raise PollInputError(scan_texts.scan_already_open(poll.id))
        return await self._create(
            org,
            pr.StoredKind.SCAN,
            scan_texts.SCAN_TITLE,
            tuple(statement.key for statement in STATEMENTS),
            VotingUnit.MEMBER,
            secret=True,
            chat_id=chat_id,
            user_id=user_id,
            now=now,
            closes=closes,
        )

    async def posted(self, poll: pr.PollRecord, message_id: int) -> pr.PollRecord:
        """Remembers the group message that shows the poll (refreshed as votes come in)."""
        await self.storage.polls.set_poll_message(poll.id, poll.chat_id, message_id)
        stored = await self.storage.polls.poll(poll.id)
        assert stored is not None
        return stored

    # --- finding polls -------------------------------------------------------------------

    async def poll(self, poll_id: int) -> pr.PollRecord | None:
        return await self.storage.polls.poll(poll_id)

    async def recent(
        self, org_id: int, limit: int = 10, *, open_only: bool = False
    ) -> list[pr.PollRecord]:
        """The latest polls (withdrawn ones left out), newest first."""
        return await self.storage.polls.org_polls(org_id, limit=limit, open_only=open_only)

    async def open_polls(self, org_id: int | None = None) -> list[pr.PollRecord]:
        return await self.storage.polls.open_polls(org_id)

    async def open_electorates(self, org_id: int) -> list[tuple[pr.PollRecord, int]]:
        """Open votes with their electorate size: a roster change does not reach them."""
        return [
            (poll, await self.storage.electorate.size(poll.id))
            for poll in await self.storage.polls.open_polls(org_id)
            if poll.electorate_fixed
        ]

    async def unposted_results(self) -> list[pr.PollRecord]:
        """Closed polls whose result never reached the group (the bot stopped in between)."""
        return await self.storage.polls.unposted_results()

    async def implied_poll(self, org_id: int, *, open_only: bool) -> pr.PollRecord | None:
        """The poll a command without a number means: the only open one, or (unless
        `open_only`) the latest when none is open; None when that is ambiguous."""
        open_polls = await self.storage.polls.open_polls(org_id)
        if len(open_polls) == 1:
            return open_polls[0]
        if not open_polls and not open_only:
            latest = await self.storage.polls.org_polls(org_id, limit=1)
            return latest[0] if latest else None
        return None

    # --- votes and scan answers ----------------------------------------------------------

    async def cast(
        self,
        poll_id: int,
        voter: Voter,
        option: int,
        now: datetime,
        confirm_base: int | None = None,
    ) -> pr.CastOutcome:
        """Checks and stores one vote button press in a single transaction (`bot.polls.press`)."""
        return await cast_vote(self.storage, poll_id, voter, option, now, confirm_base)

    async def answer_scan(
        self, poll_id: int, voter: Voter, index: int, score: int, now: datetime
    ) -> ScanAnswer:
        """Stores a score for one statement; the answers after it tell what to ask next."""
        poll = await self.storage.polls.poll(poll_id)
        refusal = voting.scan_button_refusal(poll, index, score)
        if refusal is not None or poll is None:
            return ScanAnswer(refusal or pr.CastStatus.UNKNOWN_POLL, poll)
        await self.roster.link_username(voter.user_id, voter.username, voter.display_name)
        key = poll.options[index]
        async with self.storage.votes.press() as tx:
            current = await tx.poll(poll_id)
            memberships = await tx.memberships(poll.org_id, voter.user_id)
            refusal = voting.scan_answer_refusal(current, key, memberships, now)
            if refusal is not None:
                return ScanAnswer(refusal, poll)
            changed = await tx.save_scan_answer(poll_id, voter.user_id, key, score, now)
        status = pr.CastStatus.RECORDED if changed else pr.CastStatus.DUPLICATE
        answers = await self.results.member_scan_answers(poll_id, voter.user_id)
        return ScanAnswer(status, poll, answers)

    async def give_reason(
        self, poll: pr.PollRecord, user_id: int, reason: str, now: datetime
    ) -> None:
        """A voter's explanation of their vote (raises PollInputError when it cannot be kept)."""
        if not poll.is_open:
            raise PollInputError(board_texts.poll_already_closed(poll.id))
        if user_id not in await self.storage.votes.voted_user_ids(poll.id):
            raise PollInputError(board_texts.reason_not_voted(poll.id))
        if len(reason) > MAX_REASON_CHARS:
            raise PollInputError(board_texts.reason_too_long(len(reason), MAX_REASON_CHARS))
        await self.storage.votes.set_reason(poll.id, user_id, reason, now)

    async def group_reason(self, org_id: int, poll_id: int | None) -> GroupReason:
        """A reason typed in a group is about the poll it names, if that is this
        organisation's; it is secret when that poll is, or (none named) when any open poll
        of the organisation is: a reason may give away a secret vote."""
        poll = await self.storage.polls.poll(poll_id) if poll_id is not None else None
        if poll is not None and poll.org_id == org_id:
            return GroupReason(poll, poll.secret)
        open_polls = await self.storage.polls.open_polls(org_id)
        return GroupReason(None, any(p.secret for p in open_polls))

    # --- the board's changes -------------------------------------------------------------

    def read_outcome(self, poll: pr.PollRecord, text: str, now: datetime) -> OutcomeInput:
        """What the board did with a closed poll's result, with an optional review date
        (`... | evalueren 1-6-2027`); raises PollInputError when it cannot be kept. Checked
        before anything is stored: replacing an outcome is asked first."""
        if poll.is_open:
            raise PollInputError(board_texts.outcome_while_open(poll.id))
        given = parse_outcome(text, now, self.tz, poll.id)
        if len(given.statement) > MAX_OUTCOME_CHARS:
            raise PollInputError(
                board_texts.outcome_too_long(len(given.statement), MAX_OUTCOME_CHARS)
            )
        return given

    async def set_outcome(self, poll_id: int, statement: str, by: int, now: datetime) -> None:
        await self.storage.polls.set_outcome(poll_id, statement, by, now)

    async def set_review(self, poll_id: int, day: date | None, meeting_id: int | None) -> None:
        """The review date of a decision and the agenda item that reminds of it."""
        await self.storage.polls.set_review(poll_id, day, meeting_id)

    async def edit_text(self, poll: pr.PollRecord, text: str, now: datetime) -> None:
        """`question | option | ...` replaces an open poll's text while nobody has voted yet;
        raises PollInputError (Dutch) when it may not."""
        parts = [" ".join(p.split()) for p in text.split("|")]
        question = parts[0]
        options: tuple[str, ...] | None = None
        if poll.kind is pr.StoredKind.SCAN:
            raise PollInputError(board_texts.EDIT_SCAN)
        if not question:
            raise PollInputError(board_texts.EDIT_USAGE)
        check_question(question)
        if len(parts) > 1:
            if poll.kind is pr.StoredKind.MANDATE:
                raise PollInputError(board_texts.EDIT_MANDATE_OPTIONS)
            options = parse_poll_command("/peiling " + text, now).options
        async with self.storage.polls.transaction() as tx:
            if await tx.answer_count(poll.id) > 0:  # no edits once anyone voted
                raise PollInputError(board_texts.edit_locked(poll.id))
            await tx.set_text(poll.id, question, options)

    def plan_move(self, poll: pr.PollRecord, typed: str, now: datetime) -> ClosingMove | None:
        return closing.plan_move(poll, typed, now, self.tz)

    async def move_closing(
        self,
        poll: pr.PollRecord,
        closes: datetime,
        by: int,
        by_name: str,
        now: datetime,
        *,
        base: datetime | None = None,
    ) -> pr.PollRecord | None:
        return await closing.move_closing(
            self.storage, self.tz, poll, closes, by, by_name, now, base
        )

    def is_earlier(self, poll: pr.PollRecord, closes: datetime) -> bool:
        return closing.is_earlier(poll, closes)

    async def close(self, poll_id: int, now: datetime, by: int | None) -> pr.PollRecord | None:
        """Closes the poll and freezes its count; None when it was closed already."""
        if not await self.storage.polls.close_poll(poll_id, now, by):
            return None
        poll = await self.storage.polls.poll(poll_id)
        assert poll is not None
        await self.storage.polls.store_result(poll_id, await self.results.frozen_result(poll))
        closed = await self.storage.polls.poll(poll_id)
        assert closed is not None
        return closed

    async def withdraw(
        self, poll_id: int, by: int, by_name: str, now: datetime
    ) -> pr.PollRecord | None:
        """Withdraws a poll made by mistake: closed without a result, gone from the lists, its
        votes kept for the export. None when it was withdrawn already."""
        if not await self.storage.polls.withdraw(poll_id, by, by_name, now):
            return None
        return await self.storage.polls.poll(poll_id)

    async def mark_result_posted(self, poll_id: int, now: datetime) -> None:
        await self.storage.polls.mark_result_posted(poll_id, now)

    # --- reminders -----------------------------------------------------------------------

    async def record_reminder(
        self,
        poll: pr.PollRecord,
        user_id: int,
        message_id: int,
        unit_keys: Sequence[str],
        unit_label: str,
        shown: str,
        now: datetime,
    ) -> None:
        """A private reminder as sent, so it can be edited when it stops being true."""
        await self.storage.polls.add_reminder_message(
            poll.id, user_id, message_id, unit_keys, unit_label, shown, now
        )

    async def reminder_messages(self, poll_id: int) -> list[pr.ReminderMessage]:
        return await self.storage.polls.reminder_messages(poll_id)

    async def set_reminder_shown(
        self, poll_id: int, user_id: int, message_id: int, shown: str
    ) -> None:
        await self.storage.polls.set_reminder_shown(poll_id, user_id, message_id, shown)

    async def claim_reminder(self, poll_id: int, lead: int, now: datetime) -> bool:
        """Reserves one (poll, lead) reminder; true only the first time, so it goes out once."""
        return await self.storage.polls.claim_reminder(poll_id, lead, now)

    async def missed_reminder(self, poll: pr.PollRecord, now: datetime) -> int | None:
        """Of the reminders that fell due unsent (the bot was down, or the closing moved
        earlier) only the latest is still sent: its lead is returned, the others are marked
        skipped."""
        done = await self.storage.polls.reminders_done(poll.id)
        missed = missed_leads(poll, done, now)
        if not missed:
            return None
        latest = min(missed)
        for lead in missed:
            if lead != latest:
                await self.storage.polls.claim_reminder(poll.id, lead, now, outcome="skipped")
        return latest
