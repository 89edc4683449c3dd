"""The texts of the voting feature, from what the services return: the group message of a poll,
results, the board's turnout report, reminder problems and the answer to a vote button.

Everything here is HTML for Telegram's HTML parse mode (except the callback answers, which are
plain text); user-typed parts are escaped here, the templates live in `bot.texts`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Set
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.dutch_dates import format_moment
from bot.polls import records as pr
from bot.polls.maturity import ScanResult, render_comparison, render_scan_result
from bot.polls.results import LiveStatus, OwnVote, ReminderPlan, ResultData
from bot.polls.rules import format_percent
from bot.polls.tally import render_result
from bot.texts import board as board_texts
from bot.texts import proxies as proxy_texts
from bot.texts import scan as scan_texts
from bot.texts import vote_kinds as kind_texts
from bot.texts import votes as vote_texts
from bot.texts.common import escape

CALLBACK_ANSWER_LIMIT = 200  # Telegram's limit for answerCallbackQuery texts


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


def header(poll: pr.PollRecord) -> str:
    if poll.kind is pr.StoredKind.SCAN:
        return vote_texts.scan_header(poll.id)
    return vote_texts.poll_header(poll.kind.value, poll.id, escape(poll.question))


def poll_ref(poll: pr.PollRecord) -> str:
    """ "Stemming #3" or "Scan #3"."""
    if poll.kind is pr.StoredKind.SCAN:
        return vote_texts.scan_ref(poll.id)
    return vote_texts.poll_ref(poll.id)


def purpose_line(poll: pr.PollRecord) -> str | None:
    if poll.purpose is None:
        return None
    return kind_texts.purpose_line(poll.purpose.label, poll.purpose.meaning)


def secrecy_line(poll: pr.PollRecord) -> str:
    """Exactly who sees what of this vote (vote message, reminders)."""
    return kind_texts.secrecy_line(poll.secrecy, poll.unit.plural)


def rules_lines(
    poll: pr.PollRecord, tz: ZoneInfo, eligible: int | None = None, proxy_cap: int = 0
) -> list[str]:
    """The rules of a poll; `eligible` (units of the electorate fixed at opening) and
    `proxy_cap` (proxies one member may hold) are shown when given. The closing moment is the
    one it had (a vote closed early does not keep announcing the deadline it never reached)."""
    lines = []
    kind = purpose_line(poll)
    if kind is not None:
        lines.append(kind)
    if poll.withdrawn_utc is not None:
        lines.append(vote_texts.withdrawn_line(format_moment(poll.withdrawn_utc, tz)))
    elif poll.closed_utc is not None:
        lines.append(vote_texts.closed_line(format_moment(poll.closed_utc, tz)))
    elif poll.closes_utc is not None:
        lines.append(vote_texts.closes_line(format_moment(poll.closes_utc, tz)))
    else:
        lines.append(vote_texts.NO_CLOSING_TIME)
    if poll.kind is pr.StoredKind.SCAN:
        return lines
    lines.append(vote_texts.unit_line(poll.unit.singular))
    if eligible is not None and poll.electorate_fixed:
        lines.append(kind_texts.electorate_line(eligible, poll.unit.singular, poll.unit.plural))
    if poll.kind is pr.StoredKind.MANDATE:
        assert poll.quorum is not None and poll.threshold is not None
        lines.append(vote_texts.rules_line(poll.quorum.describe(), poll.threshold.describe()))
    if poll.kind is pr.StoredKind.MULTIPLE:
        lines.append(vote_texts.MULTIPLE_HINT)
    lines.append(secrecy_line(poll))
    if proxy_cap > 0 and poll.electorate_fixed and poll.is_open:
        lines.append(proxy_texts.proxy_hint(poll.id, proxy_cap))
    return lines


def status_text(poll: pr.PollRecord, status: LiveStatus, tz: ZoneInfo) -> str:
    """The group message of a poll: rules plus live turnout (or the live split when open and
    not secret)."""
    eligible = status.tally.eligible_units if status.tally is not None else None
    lines = [header(poll), *rules_lines(poll, tz, eligible, status.proxy_cap), ""]
    if poll.withdrawn:
        lines.append(vote_texts.WITHDRAWN_NO_RESULT)
        return "\n".join(lines)
    if poll.kind is pr.StoredKind.SCAN:
        lines.append(vote_texts.scan_turnout_line(status.scan_complete, status.scan_members))
        lines.append(vote_texts.SCAN_HOW_TO)
        return "\n".join(lines)
    result = status.tally
    assert result is not None
    if poll.secret or not poll.is_open:
        lines.append(
            vote_texts.turnout_line(
                result.voted_units,
                result.eligible_units,
                format_percent(result.turnout),
                poll.unit.singular,
                poll.unit.plural,
            )
        )
    else:
        # The header above holds the question already (a long one would show twice).
        lines.append(render_result(result, "", final=False, unit=poll.unit))
    if not poll.is_open:
        lines.append(vote_texts.CLOSED_SEE_RESULT)
    else:
        lines.append(vote_texts.CHANGE_HINT)
    return "\n".join(lines)


def result_view(poll: pr.PollRecord, data: ResultData, tz: ZoneInfo) -> ResultView:
    """Final result when closed, or an interim view that never shows a secret split."""
    if data.scan is not None:
        return _scan_view(poll, data)
    result = data.tally
    assert result is not None
    final = not poll.is_open
    subtitle = vote_texts.turnout_plain(
        result.voted_units,
        result.eligible_units,
        format_percent(result.turnout),
        poll.unit.singular,
        poll.unit.plural,
    )
    if not final and poll.secret:
        text = "\n".join([header(poll), *rules_lines(poll, tz), "", subtitle])
        return ResultView(text, poll.question, (), (), subtitle)
    purpose = poll.purpose.value if poll.purpose else None
    text = render_result(result, poll.question, final=final, unit=poll.unit, purpose=purpose)
    kind = purpose_line(poll)
    text = f"{vote_texts.poll_ref(poll.id)}\n{text}" + (f"\n\n{kind}" if kind else "")
    if poll.outcome:
        text += "\n\n" + vote_texts.outcome_block(escape(poll.outcome))
    total = result.voted_units if poll.kind is pr.StoredKind.MULTIPLE else None
    return ResultView(text, poll.question, poll.options, result.counts, subtitle, chart_total=total)


def _scan_view(poll: pr.PollRecord, data: ResultData) -> ResultView:
    assert data.scan is not None
    parts = [vote_texts.scan_ref(poll.id), render_scan_result(data.scan)]
    if data.comparison is not None:
        parts.extend(["", render_comparison(data.comparison)])
    if not poll.is_open and poll.outcome:
        parts.extend(["", vote_texts.outcome_block(escape(poll.outcome))])
    if poll.is_open:
        parts.insert(1, vote_texts.SCAN_INTERIM)
    return ResultView("\n".join(parts), scan_texts.SCAN_TITLE, (), (), "", scan=data.scan)


def own_vote_suffix(poll: pr.PollRecord, own: OwnVote) -> str:
    """What /stemmingen adds for the user's own vote (private chat only); empty for a poll
    the user does not vote in."""
    if not own.member:
        return ""
    if poll.kind is pr.StoredKind.SCAN:
        return board_texts.own_scan_line(own.scan_answered, len(poll.options))
    if not own.voted:
        return board_texts.OWN_VOTE_NONE
    return board_texts.own_vote_line(escape(", ".join(poll.options[i] for i in own.choice)))


def vote_here_text(poll: pr.PollRecord, own: OwnVote, tz: ZoneInfo) -> str:
    """A poll sent into the private chat to vote in: question, rules, the user's vote."""
    lines = [header(poll), *rules_lines(poll, tz), ""]
    if own.voted:
        labels = ", ".join(poll.options[i] for i in own.choice)
        lines.append(vote_texts.own_vote_now(escape(labels)))
    else:
        lines.append(vote_texts.OWN_VOTE_NOT_YET)
    return "\n".join(lines)


def turnout_report(
    poll: pr.PollRecord,
    voted: list[pr.VotingUnitInfo],
    missing: list[pr.VotingUnitInfo],
    progress: Mapping[str, int] | None = None,
) -> str:
    """For the board: which units voted (a scan: filled in) and which did not; never how
    anyone voted. `progress` (a scan) marks who filled in part of it."""
    scan = poll.kind is pr.StoredKind.SCAN
    done = progress or {}
    total = len(poll.options)
    voted, missing = sorted(voted, key=_natural), sorted(missing, key=_natural)
    lines = [
        board_texts.turnout_report_title(poll.id, escape(poll.question)),
        "",
        board_texts.voted_heading(len(voted), scan),
    ]
    lines += [f"• {escape(u.label)}" for u in voted] or [board_texts.NOBODY]
    lines += ["", board_texts.not_voted_heading(len(missing), scan)]
    lines += [
        f"• {escape(u.label)}"
        + (board_texts.scan_partly(done[u.key], total) if done.get(u.key) else "")
        for u in missing
    ] or [board_texts.NOBODY]
    lines += ["", board_texts.TURNOUT_NEVER_HOW_SCAN if scan else board_texts.TURNOUT_NEVER_HOW]
    return "\n".join(lines)


def _natural(unit: pr.VotingUnitInfo) -> list[tuple[int, str]]:
    """'Apotheek 2' before 'Apotheek 10', as a board reads a list."""
    return [
        (int(part), "") if part.isdigit() else (-1, part)
        for part in re.split(r"(\d+)", unit.label.casefold())
    ]


def reminder_problems(plan: ReminderPlan, failed: Set[int] = frozenset()) -> list[str]:
    """For the board: one line per unit that has not voted and that a nudge did not (fully)
    reach, with one reason per member; `failed` are the members the sending could not reach
    (they never started the bot)."""
    lines = []
    for unit in plan.missing:
        unit_label = escape(unit.label)
        if not unit.recipients:
            lines.append(board_texts.unit_without_members(unit_label))
            continue
        reasons, reached = [], []
        for recipient in unit.recipients:
            name = escape(recipient.label)
            if recipient.user_id is None:
                reasons.append(board_texts.reason_unknown(name))
            elif recipient.user_id in failed:
                reasons.append(board_texts.reason_never_started(name))
            else:
                reached.append(name)
        if not reasons:
            continue
        if len(unit.recipients) == 1 and unit.recipients[0].label == unit.label:
            lines.append(board_texts.unreached_member(reasons[0]))  # a unit per member
        else:
            lines.append(board_texts.unreached_unit(unit_label, reasons, reached))
    return lines


def vote_answer_text(outcome: pr.CastOutcome, org_name: str, voted: bool = False) -> str:
    """The callback answer (at most 200 characters, plain text) for one button press;
    `voted`: on a closed poll, whether the presser's unit had voted before it closed."""
    poll = outcome.poll
    status = outcome.status
    limit = CALLBACK_ANSWER_LIMIT
    if status is pr.CastStatus.UNKNOWN_POLL or poll is None:
        return vote_texts.VOTE_UNKNOWN_POLL
    if status is pr.CastStatus.UNKNOWN_OPTION:
        return vote_texts.VOTE_UNKNOWN_OPTION
    if status is pr.CastStatus.CLOSED:
        if poll.withdrawn:
            return vote_texts.vote_withdrawn(poll.id)
        return vote_texts.vote_closed(poll.id, voted)
    if status is pr.CastStatus.NOT_MEMBER:
        return vote_texts.vote_not_member(org_name)[:limit]
    if status is pr.CastStatus.PENDING:
        return kind_texts.VOTE_PENDING_FIXED if poll.electorate_fixed else vote_texts.VOTE_PENDING
    if status is pr.CastStatus.NOT_IN_ELECTORATE:
        return kind_texts.VOTE_NOT_IN_ELECTORATE
    labels = [poll.options[i] for i in outcome.choice]
    if status is pr.CastStatus.NEEDS_CONFIRM:
        return proxy_texts.CONFIRM_ANSWER
    if status is pr.CastStatus.DUPLICATE:
        return vote_texts.vote_duplicate(labels)[:limit]
    text = vote_texts.vote_recorded(
        labels,
        changed=status is pr.CastStatus.CHANGED,
        units=outcome.units,
        unit=poll.unit,
        poll_id=poll.id,
        replaced_other=any(not n.proxy_ended for n in outcome.notices),
    )
    if outcome.proxy_units and labels:
        text = proxy_texts.counts_by_proxy(", ".join(outcome.proxy_units)) + " " + text
    return text[:limit]


def confirm_text(outcome: pr.CastOutcome) -> str:
    """The private question before a press replaces the vote another member cast."""
    poll = outcome.poll
    assert poll is not None
    lines = [proxy_texts.confirm_title(poll.id, escape(poll.question))]
    for conflict in outcome.conflicts:
        previous = conflict.previous
        lines.append(
            proxy_texts.confirm_line(
                escape(conflict.unit_label),
                escape(choice_text(poll, previous.choice)),
                escape(previous.by_label),
            )
        )
    lines += ["", proxy_texts.confirm_question(escape(choice_text(poll, outcome.choice)))]
    return "\n".join(lines)


def choice_text(poll: pr.PollRecord, choice: tuple[int, ...]) -> str:
    """Chosen options by name (not escaped); "geen keuze" for an empty choice."""
    names = [poll.options[i] for i in choice if 0 <= i < len(poll.options)]
    return ", ".join(names) if names else proxy_texts.NO_CHOICE


def notice_text(
    poll: pr.PollRecord, notice: pr.Notice, new_choice: tuple[int, ...], by: str
) -> str:
    """For a member whose vote for a unit was replaced, or whose proxy ended."""
    unit = escape(notice.unit_label)
    if notice.proxy_ended:
        return proxy_texts.proxy_ended_notice(poll.id, unit, escape(by))
    return proxy_texts.replaced_notice(
        poll.id,
        unit,
        escape(by),
        escape(choice_text(poll, notice.old_choice)),
        escape(choice_text(poll, new_choice)),
    )
