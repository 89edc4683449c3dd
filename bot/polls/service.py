"""Orchestration between storage and the voting domain, free of Telegram.

Handlers call this module to create, count, close and export polls; it decides what the
numbers mean (via bot.polls.tally and bot.polls.maturity) and composes the Dutch texts, so
that the Telegram layer only moves messages and buttons around.

A closed poll's count is frozen in the database (`result`), so a later roster change can never
alter a published result or the representation list.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.dutch_dates import format_moment
from bot.polls import records as pr
from bot.polls.export_csv import (
    RepresentedPharmacy,
    VoteEvent,
    closing_changes_csv,
    representation_list_csv,
    scan_result_csv,
    table_csv,
    vote_events_csv,
)
from bot.polls.mandate_command import MandateRequest, QuickPollRequest
from bot.polls.maturity import (
    STATEMENTS,
    ScanComparison,
    ScanResult,
    compare,
    render_comparison,
    render_scan_result,
    scan_result,
)
from bot.polls.rules import PollInputError, Share, VotingUnit, format_percent
from bot.polls.tally import MANDATE_OPTIONS, VOOR, PollKind, Tally, render_result, tally
from bot.storage import Storage
from bot.texts import board as board_texts
from bot.texts import guided as guided_texts
from bot.texts import scan as scan_texts
from bot.texts import votes as vote_texts

# Reminders to non-voters, before closing (Loomio-style "undecided voters only").
REMINDER_LEADS: tuple[timedelta, ...] = (timedelta(hours=48), timedelta(hours=2))


def plan_reminder_leads(
    created: datetime, closes: datetime | None, leads: Sequence[timedelta] | None = None
) -> tuple[int, ...]:
    """Lead times (seconds) still ahead when the poll is created; later ones are skipped."""
    if closes is None:
        return ()
    chosen = REMINDER_LEADS if leads is None else leads
    planned = {int(lead.total_seconds()) for lead in chosen if closes - lead > created}
    return tuple(sorted(planned, reverse=True))


# Moving the closing time earlier (or giving a poll without one a closing time) must leave at
# least this long, so nobody who planned to vote before the announced time is cut off by
# surprise. Later is always allowed; a board that wants to stop now uses /sluit.
MIN_EARLIER_NOTICE = timedelta(hours=1)


def check_new_closing(current: datetime | None, new: datetime, now: datetime, tz: ZoneInfo) -> None:
    """Raises PollInputError (Dutch) when `new` may not replace the closing time `current`."""
    shown = format_moment(new, tz)
    if new <= now:
        raise PollInputError(vote_texts.close_in_past(shown))
    if current is not None and new.replace(microsecond=0) == current.replace(microsecond=0):
        raise PollInputError(board_texts.move_unchanged(shown))
    earlier = current is None or new < current
    if earlier and new - now < MIN_EARLIER_NOTICE:
        hours = int(MIN_EARLIER_NOTICE.total_seconds() // 3600)
        raise PollInputError(board_texts.move_too_soon(shown, hours))


@dataclass(frozen=True)
class ResultView:
    """What is posted at closing (and again by /uitslag)."""

    text: str
    chart_title: str
    labels: tuple[str, ...]
    counts: tuple[int, ...]
    chart_subtitle: str
    chart_total: int | None = None
    scan: ScanResult | None = None


@dataclass(frozen=True)
class ReminderTarget:
    user_id: int
    unit_label: str
    member_label: str


@dataclass(frozen=True)
class ReminderPlan:
    """Who gets a private nudge, and which units the bot cannot reach (for the board)."""

    targets: tuple[ReminderTarget, ...]
    unreachable: tuple[str, ...]


@dataclass(frozen=True)
class ExportFile:
    name: str
    content: bytes
    caption: str


class PollService:
    def __init__(self, storage: Storage, tz: ZoneInfo) -> None:
        self.storage = storage
        self.tz = tz

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
    ) -> pr.PollRecord:
        """Every kind of poll is stored the same way, with reminders planned from its closing."""
        return await self.storage.polls.create_poll(
            pr.PollDraft(
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
            )
        )

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
        )

    async def create_scan(
        self,
        org: pr.Organisation,
        closes: datetime | None,
        chat_id: int,
        user_id: int,
        now: datetime,
    ) -> pr.PollRecord:
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

    # --- counting ------------------------------------------------------------------------

    async def _live_votes(self, poll: pr.PollRecord) -> tuple[int, list[tuple[str, list[int]]]]:
        units = await self.storage.roster.voting_units(poll.org_id, poll.unit)
        eligible = {unit.key for unit in units}
        current = await self.storage.votes.current_votes(poll.id)
        votes = [
            (key, list(choice))
            for key, choice in sorted(current.items())
            if choice and key in eligible
        ]
        return len(eligible), votes

    async def tally(self, poll: pr.PollRecord) -> Tally:
        """The frozen count of a closed poll, or the live count of an open one."""
        if poll.result is not None and "votes" in poll.result:
            eligible = int(str(poll.result["eligible"]))
            raw = poll.result["votes"]
            assert isinstance(raw, list)
            votes = [(str(unit), [int(i) for i in choice]) for unit, choice in raw]
        else:
            eligible, votes = await self._live_votes(poll)
        return self._tally(poll, eligible, votes)

    @staticmethod
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

    async def scan_answers(self, poll: pr.PollRecord) -> dict[str, dict[str, int]]:
        if poll.result is not None and "answers" in poll.result:
            raw = poll.result["answers"]
            assert isinstance(raw, dict)
            return {str(k): {str(s): int(v) for s, v in dict(a).items()} for k, a in raw.items()}
        answers = await self.storage.votes.scan_answers(poll.id)
        return {str(user): scores for user, scores in answers.items()}

    async def scan_turnout(self, poll: pr.PollRecord) -> tuple[int, int]:
        """(members who answered everything, approved members)."""
        units = await self.storage.roster.voting_units(poll.org_id, VotingUnit.MEMBER)
        answers = await self.storage.votes.scan_answers(poll.id)
        complete = sum(1 for scores in answers.values() if len(scores) >= len(poll.options))
        return complete, len(units)

    # --- the group message ----------------------------------------------------------------

    def header(self, poll: pr.PollRecord) -> str:
        question = html.escape(poll.question, quote=False)
        if poll.kind is pr.StoredKind.SCAN:
            return vote_texts.scan_header(poll.id)
        return vote_texts.poll_header(poll.kind.value, poll.id, question)

    def rules_lines(self, poll: pr.PollRecord) -> list[str]:
        lines = []
        if poll.closes_utc is not None:
            lines.append(vote_texts.closes_line(format_moment(poll.closes_utc, self.tz)))
        else:
            lines.append(vote_texts.NO_CLOSING_TIME)
        if poll.kind is pr.StoredKind.SCAN:
            return lines
        lines.append(vote_texts.unit_line(poll.unit.singular))
        if poll.kind is pr.StoredKind.MANDATE:
            assert poll.quorum is not None and poll.threshold is not None
            lines.append(vote_texts.rules_line(poll.quorum.describe(), poll.threshold.describe()))
        if poll.kind is pr.StoredKind.MULTIPLE:
            lines.append(vote_texts.MULTIPLE_HINT)
        if poll.secret:
            lines.append(vote_texts.SECRET_NOTE)
        return lines

    async def status_text(self, poll: pr.PollRecord) -> str:
        """The group message of an open poll: rules plus live turnout (or the live split)."""
        lines = [self.header(poll), *self.rules_lines(poll), ""]
        if poll.kind is pr.StoredKind.SCAN:
            complete, members = await self.scan_turnout(poll)
            lines.append(vote_texts.scan_turnout_line(complete, members))
            lines.append(vote_texts.SCAN_HOW_TO)
            return "\n".join(lines)
        result = await self.tally(poll)
        if poll.secret or not poll.is_open:
            lines.append(
                vote_texts.turnout_line(
                    result.voted_units,
                    result.eligible_units,
                    format_percent(result.turnout),
                    poll.unit.plural,
                )
            )
        else:
            lines.append(render_result(result, poll.question, final=False, unit=poll.unit))
        if not poll.is_open:
            lines.append(vote_texts.CLOSED_SEE_RESULT)
        else:
            lines.append(vote_texts.CHANGE_HINT)
        return "\n".join(lines)

    # --- closing ---------------------------------------------------------------------------

    async def move_closing(
        self, poll: pr.PollRecord, closes: datetime, by: int, by_name: str, now: datetime
    ) -> pr.PollRecord | None:
        """Sets a new closing time (checked by check_new_closing, which may raise).

        Reminder leads: the ones planned before stay (a sent one is never sent again, its claim
        stays), and the default leads that lie ahead of the new time are added, so members who
        have not voted hear about a later deadline too. None when the poll closed meanwhile.
        """
        check_new_closing(poll.closes_utc, closes, now, self.tz)
        done = await self.storage.polls.reminders_done(poll.id)
        leads = sorted(
            set(poll.reminder_leads) | set(plan_reminder_leads(now, closes)), reverse=True
        )
        reopen = [
            lead
            for lead in leads
            if done.get(lead) == "skipped" and closes - timedelta(seconds=lead) > now
        ]
        return await self.storage.polls.move_poll_closing(
            poll.id, closes, leads, reopen, by, by_name, now
        )

    async def close(self, poll_id: int, now: datetime, by: int | None) -> pr.PollRecord | None:
        """Closes the poll and freezes its count; None when it was closed already."""
        if not await self.storage.polls.close_poll(poll_id, now, by):
            return None
        poll = await self.storage.polls.poll(poll_id)
        assert poll is not None
        result: dict[str, object]
        if poll.kind is pr.StoredKind.SCAN:
            answers = await self.storage.votes.scan_answers(poll_id)
            result = {"answers": {str(user): scores for user, scores in answers.items()}}
        else:
            eligible, votes = await self._live_votes(poll)
            result = {"eligible": eligible, "votes": [[unit, choice] for unit, choice in votes]}
        await self.storage.polls.store_result(poll_id, result)
        closed = await self.storage.polls.poll(poll_id)
        assert closed is not None
        return closed

    async def result_view(self, poll: pr.PollRecord) -> ResultView:
        """Final result when closed, or an interim view that never shows a secret split."""
        if poll.kind is pr.StoredKind.SCAN:
            return await self._scan_view(poll)
        result = await self.tally(poll)
        final = not poll.is_open
        subtitle = vote_texts.turnout_plain(
            result.voted_units,
            result.eligible_units,
            format_percent(result.turnout),
            poll.unit.plural,
        )
        if not final and poll.secret:
            text = "\n".join([self.header(poll), *self.rules_lines(poll), "", subtitle])
            return ResultView(text, poll.question, (), (), subtitle)
        text = render_result(result, poll.question, final=final, unit=poll.unit)
        text = f"{vote_texts.poll_ref(poll.id)}\n{text}"
        if poll.outcome:
            text += "\n\n" + vote_texts.outcome_block(html.escape(poll.outcome, quote=False))
        total = result.voted_units if poll.kind is pr.StoredKind.MULTIPLE else None
        return ResultView(
            text, poll.question, poll.options, result.counts, subtitle, chart_total=total
        )

    async def _scan_view(self, poll: pr.PollRecord) -> ResultView:
        answers = await self.scan_answers(poll)
        current = scan_result(answers)
        parts = [vote_texts.scan_ref(poll.id), render_scan_result(current)]
        comparison = await self.scan_comparison(poll, current)
        if comparison is not None:
            parts.extend(["", render_comparison(comparison)])
        if not poll.is_open and poll.outcome:
            parts.extend(["", vote_texts.outcome_block(html.escape(poll.outcome, quote=False))])
        if poll.is_open:
            parts.insert(1, vote_texts.SCAN_INTERIM)
        return ResultView("\n".join(parts), scan_texts.SCAN_TITLE, (), (), "", scan=current)

    async def scan_comparison(
        self, poll: pr.PollRecord, current: ScanResult
    ) -> ScanComparison | None:
        previous = await self.storage.polls.previous_scan(poll.org_id, poll.id)
        if previous is None:
            return None
        before = scan_result(await self.scan_answers(previous))
        if before.respondents == 0 or current.respondents == 0:
            return None
        return compare(before, current)

    # --- who has (not) voted ---------------------------------------------------------------

    async def voted_split(
        self, poll: pr.PollRecord
    ) -> tuple[list[pr.VotingUnitInfo], list[pr.VotingUnitInfo]]:
        """(units that voted, units that did not); never how anyone voted."""
        if poll.kind is pr.StoredKind.SCAN:
            units = await self.storage.roster.voting_units(poll.org_id, VotingUnit.MEMBER)
            answers = await self.storage.votes.scan_answers(poll.id)
            done = {pr.member_unit(u) for u, a in answers.items() if len(a) >= len(poll.options)}
            return (
                [u for u in units if u.key in done],
                [u for u in units if u.key not in done],
            )
        units = await self.storage.roster.voting_units(poll.org_id, poll.unit)
        current = await self.storage.votes.current_votes(poll.id)
        voted = {key for key, choice in current.items() if choice}
        return [u for u in units if u.key in voted], [u for u in units if u.key not in voted]

    async def turnout_report(self, poll: pr.PollRecord) -> str:
        voted, missing = await self.voted_split(poll)
        lines = [
            board_texts.turnout_report_title(poll.id, html.escape(poll.question, quote=False)),
            "",
            board_texts.voted_heading(len(voted)),
        ]
        lines += [f"• {html.escape(u.label, quote=False)}" for u in voted] or [board_texts.NOBODY]
        lines += ["", board_texts.not_voted_heading(len(missing))]
        lines += [f"• {html.escape(u.label, quote=False)}" for u in missing] or [board_texts.NOBODY]
        lines += ["", board_texts.TURNOUT_NEVER_HOW]
        return "\n".join(lines)

    async def reminder_plan(self, poll: pr.PollRecord) -> ReminderPlan:
        _, missing = await self.voted_split(poll)
        targets: dict[int, ReminderTarget] = {}
        unreachable: list[str] = []
        for unit in missing:
            reachable = [r for r in unit.recipients if r.user_id is not None]
            if not reachable:
                unreachable.append(
                    board_texts.unreachable_unit(html.escape(unit.label, quote=False))
                )
            for recipient in reachable:
                assert recipient.user_id is not None
                targets.setdefault(
                    recipient.user_id,
                    ReminderTarget(recipient.user_id, unit.label, recipient.label),
                )
            for recipient in unit.recipients:
                if recipient.user_id is None:
                    unreachable.append(
                        board_texts.unlinked_member(html.escape(recipient.label, quote=False))
                    )
        return ReminderPlan(tuple(targets.values()), tuple(unreachable))

    # --- export ----------------------------------------------------------------------------

    async def export(self, poll: pr.PollRecord) -> list[ExportFile]:
        files = await self._export_votes(poll)
        changes = await self.storage.polls.closing_changes(poll.id)
        if changes:
            files.append(
                ExportFile(
                    guided_texts.file_closing_changes(poll.id),
                    closing_changes_csv(changes, self.tz),
                    vote_texts.export_closing_caption(poll.id, len(changes)),
                )
            )
        return files

    async def _export_votes(self, poll: pr.PollRecord) -> list[ExportFile]:
        if poll.kind is pr.StoredKind.SCAN:
            answers = await self.scan_answers(poll)
            return [
                ExportFile(
                    guided_texts.file_scan(poll.id),
                    scan_result_csv(scan_result(answers)),
                    vote_texts.export_scan_caption(poll.id),
                )
            ]
        units = {u.key: u for u in await self.storage.roster.voting_units(poll.org_id, poll.unit)}
        events = [
            VoteEvent(
                unit=units[row.unit_key].label if row.unit_key in units else row.unit_key,
                member=row.member_label,
                at_utc=row.cast_utc,
                choice=self._choice_label(poll, row.choice),
            )
            for row in await self.storage.votes.vote_events(poll.id)
        ]
        files = [
            ExportFile(
                guided_texts.file_votes(poll.id),
                vote_events_csv(events, poll.secret, self.tz),
                vote_texts.export_votes_caption(poll.id, len(events), poll.secret),
            )
        ]
        reasons = await self.storage.votes.reasons(poll.id)
        if reasons:
            labels = {
                row.user_id: row.member_label
                for row in await self.storage.votes.vote_events(poll.id)
            }
            files.append(
                ExportFile(
                    guided_texts.file_reasons(poll.id),
                    reasons_csv(
                        [(labels.get(user, str(user)), reason) for user, reason in reasons],
                        anonymous=poll.secret,
                    ),
                    vote_texts.export_reasons_caption(poll.id, poll.secret),
                )
            )
        if poll.kind is pr.StoredKind.MANDATE and not poll.is_open:
            result = await self.tally(poll)
            if result.verdict is not None and result.verdict.granted:
                pharmacies = await self.represented_pharmacies(poll)
                files.append(
                    ExportFile(
                        guided_texts.file_representation(poll.id),
                        representation_list_csv(pharmacies),
                        vote_texts.export_representation_caption(poll.id, len(pharmacies)),
                    )
                )
        return files

    async def represented_pharmacies(self, poll: pr.PollRecord) -> list[RepresentedPharmacy]:
        """Pharmacies whose final choice (or whose member's final choice) was "voor"."""
        if poll.result is None:
            return []
        raw = poll.result.get("votes")
        assert isinstance(raw, list)
        voor_units = {str(unit) for unit, choice in raw if list(choice) == [VOOR]}
        units = await self.storage.roster.voting_units(poll.org_id, poll.unit)
        agb_by_name = {p.name: p.agb for p in await self.storage.roster.pharmacies(poll.org_id)}
        chosen: dict[str, str | None] = {}
        for unit in units:
            if unit.key in voor_units:
                for name in unit.pharmacy_names:
                    chosen[name] = agb_by_name.get(name, unit.agb)
        return [RepresentedPharmacy(name, agb) for name, agb in chosen.items()]

    @staticmethod
    def _choice_label(poll: pr.PollRecord, choice: tuple[int, ...]) -> str:
        if not choice:
            return vote_texts.CHOICE_WITHDRAWN
        return " + ".join(poll.options[i] for i in choice if 0 <= i < len(poll.options))


def reasons_csv(rows: Sequence[tuple[str, str]], *, anonymous: bool) -> bytes:
    """Reasons given with votes; for a secret vote without names and in alphabetical order."""
    if anonymous:
        return table_csv(vote_texts.EXPORT_REASONS_HEADER[1:], sorted([(r,) for _, r in rows]))
    return table_csv(vote_texts.EXPORT_REASONS_HEADER, list(rows))


def vote_answer_text(outcome: pr.CastOutcome, org_name: str) -> str:
    """The callback answer (at most 200 characters, plain text) for one button press."""
    poll = outcome.poll
    status = outcome.status
    if status is pr.CastStatus.UNKNOWN_POLL or poll is None:
        return vote_texts.VOTE_UNKNOWN_POLL
    if status is pr.CastStatus.UNKNOWN_OPTION:
        return vote_texts.VOTE_UNKNOWN_OPTION
    if status is pr.CastStatus.CLOSED:
        return vote_texts.VOTE_CLOSED
    if status is pr.CastStatus.NOT_MEMBER:
        return vote_texts.vote_not_member(org_name)[:200]
    if status is pr.CastStatus.PENDING:
        return vote_texts.VOTE_PENDING
    labels = [poll.options[i] for i in outcome.choice]
    if status is pr.CastStatus.DUPLICATE:
        return vote_texts.vote_duplicate(labels)[:200]
    return vote_texts.vote_recorded(
        labels,
        changed=status is pr.CastStatus.CHANGED,
        units=outcome.units,
        unit=poll.unit,
        poll_id=poll.id,
    )[:200]
