"""The decision register, pure parts: reading an outcome with its review date, one register
row per closed vote (its verdict in words), and the register as a CSV file.

A vote's verdict comes from its frozen count: for a Voor/Tegen/Onthouding vote the verdict of
`bot.polls.tally` worded for its kind; for a quick poll the option(s) with the most votes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from html import escape
from zoneinfo import ZoneInfo

from bot.dutch_dates import DateInputError, PastMomentError, format_day, parse_moment
from bot.polls import records as pr
from bot.polls.export import excel_day, table_csv
from bot.polls.purpose import Purpose
from bot.polls.rules import PollInputError
from bot.polls.tally import Tally
from bot.texts import decisions as texts
from bot.texts import vote_kinds as kind_texts

_REVIEW = re.compile(r"^(?:evalueren|evaluatie|evalueer|herzien)\b\s*(?:op\s+)?:?\s*(.*)$", re.I)
# "| geen evaluatie" takes an earlier review date (and its agenda item) away
_NO_REVIEW = re.compile(
    r"^(?:geen\s+evaluatie|niet\s+evalueren|(?:evalueren|evaluatie)\s*:?\s*(?:geen|niet))$", re.I
)
REVIEW_TIME = time(9, 0)  # an all-day item; day reminders go out at this time


@dataclass(frozen=True)
class OutcomeInput:
    statement: str
    review: date | None = None
    drop_review: bool = False  # "| geen evaluatie": an earlier review date goes


def parse_outcome(
    text: str, now: datetime, tz: ZoneInfo, poll_id: int | None = None
) -> OutcomeInput:
    """`<statement> [| evalueren <datum> | geen evaluatie]`; raises PollInputError (Dutch) for
    a bad date. Without either part an earlier review date stays."""
    parts = [" ".join(p.split()) for p in text.split("|")]
    statement_parts: list[str] = []
    review: date | None = None
    drop = False
    for part in parts:
        match = None if _NO_REVIEW.match(part) else _REVIEW.match(part)
        if match is None and not _NO_REVIEW.match(part):
            if part:
                statement_parts.append(part)
            continue
        if review is not None or drop:
            raise PollInputError(texts.REVIEW_TWICE)
        if match is None:
            drop = True
        else:
            review = _review_day(match.group(1), now, tz)
    statement = " | ".join(statement_parts)
    if not statement:
        raise PollInputError(texts.outcome_empty(poll_id))
    return OutcomeInput(statement, review, drop)


def _review_day(raw: str, now: datetime, tz: ZoneInfo) -> date:
    if not raw.strip():
        raise PollInputError(texts.REVIEW_MISSING)
    try:
        moment = parse_moment(raw, now, tz, default_time=REVIEW_TIME, allow_fallback=False)
    except PastMomentError as exc:
        # A review date is a day: the default time is ours, so the reply must not show it.
        day = format_day(exc.moment, tz)
        today = exc.moment.astimezone(tz).date() == now.astimezone(tz).date()
        raise PollInputError(texts.review_too_early(day, today)) from exc
    except DateInputError as exc:
        raise PollInputError(texts.review_invalid(exc.message)) from exc
    return moment.astimezone(tz).date()


@dataclass(frozen=True)
class DecisionRow:
    poll_id: int
    kind: str  # the kind's title ("Bestuursmandaat") or the poll kind for older votes
    question: str
    closed: datetime
    verdict: str  # plain text
    turnout: str
    outcome: str | None
    review: date | None


def verdict_text(poll: pr.PollRecord, result: Tally) -> str:
    """What the vote decided, in plain words."""
    if result.verdict is not None:
        purpose = (poll.purpose or Purpose.MANDATE).value
        return kind_texts.verdict_line(result.verdict.value, purpose)
    if result.voted_units == 0:
        return texts.NO_VOTES
    top = max(result.counts)
    winners = [label for label, count in zip(result.options, result.counts, strict=True)
               if count == top]  # fmt: skip
    if len(winners) > 1:
        return texts.tie(winners, top)
    return texts.most_votes(winners[0], top)


def decision_row(poll: pr.PollRecord, result: Tally) -> DecisionRow:
    assert poll.closed_utc is not None
    kind = poll.purpose.label if poll.purpose else texts.KIND_FALLBACK.get(poll.kind.value, "")
    return DecisionRow(
        poll_id=poll.id,
        kind=kind,
        question=poll.question,
        closed=poll.closed_utc,
        verdict=verdict_text(poll, result),
        turnout=texts.turnout(
            result.voted_units, result.eligible_units, poll.unit.singular, poll.unit.plural
        ),
        outcome=poll.outcome,
        review=poll.review_date,
    )


def register_lines(rows: Iterable[DecisionRow], tz: ZoneInfo) -> list[str]:
    """The register as message lines (HTML, escaped)."""
    lines: list[str] = []
    for row in rows:
        lines.append("")
        lines.append(texts.row_heading(row.poll_id, row.kind, format_day(row.closed, tz)))
        lines.append(f"<i>{escape(row.question, quote=False)}</i>")
        lines.append(f"{escape(row.verdict, quote=False)} · {row.turnout}")
        if row.outcome:
            lines.append(texts.outcome_line(escape(row.outcome, quote=False)))
        if row.review is not None:
            lines.append(texts.review_line(format_review(row.review, tz)))
    return lines


def format_review(day: date, tz: ZoneInfo) -> str:
    return format_day(datetime.combine(day, REVIEW_TIME, tzinfo=tz), tz)


def register_csv(rows: Iterable[DecisionRow], tz: ZoneInfo) -> bytes:
    return table_csv(
        texts.EXPORT_HEADER,
        [
            (
                str(row.poll_id),
                row.kind,
                row.question,
                excel_day(row.closed.astimezone(tz).date()),
                row.verdict,
                row.turnout,
                row.outcome or "",
                excel_day(row.review),
            )
            for row in rows
        ],
    )
