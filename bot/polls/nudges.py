"""What a private reminder says now. A reminder tells a member that their pharmacy has not
voted and when the vote closes; once the pharmacy votes, the vote closes or moves, or the board
withdraws it, that text is no longer true and the message is edited (by `bot.jobs.poll_messages`)
to what is.

The state a message shows is a short key, stored with the message, so a message is edited only
when its meaning changes: "open|<closing>", "voted|<closing>", "closed", "closed-voted",
"withdrawn", and for the scan (whose reminder becomes the member's questionnaire) "scan".
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.dutch_dates import format_moment
from bot.polls import records as pr
from bot.texts import votes as vote_texts


@dataclass(frozen=True)
class NudgeText:
    text: str
    buttons: bool  # keep the vote buttons under it


def state(poll: pr.PollRecord, voted: bool) -> str:
    if poll.withdrawn:
        return "withdrawn"
    if not poll.is_open:
        return "closed-voted" if voted and poll.kind is not pr.StoredKind.SCAN else "closed"
    if poll.kind is pr.StoredKind.SCAN:
        return "scan"  # the member answers in this message; it is left alone while open
    closes = poll.closes_utc.isoformat() if poll.closes_utc else "-"
    return f"{'voted' if voted else 'open'}|{closes}"


def text(poll: pr.PollRecord, shown: str, unit_label: str, tz: ZoneInfo) -> NudgeText | None:
    """The message for state `shown`; None for the scan's open state (never rewritten)."""
    unit = html.escape(unit_label, quote=False)
    question = html.escape(poll.question, quote=False)
    closes = format_moment(poll.closes_utc, tz) if poll.closes_utc else None
    if shown == "withdrawn":
        return NudgeText(vote_texts.nudge_withdrawn(poll.id, question), buttons=False)
    if shown == "closed-voted":
        return NudgeText(vote_texts.nudge_closed(poll.id, question, unit, True), buttons=False)
    if shown == "closed":
        if poll.kind is pr.StoredKind.SCAN:
            return NudgeText(vote_texts.nudge_scan_closed(poll.id), buttons=False)
        return NudgeText(vote_texts.nudge_closed(poll.id, question, unit, False), buttons=False)
    if shown.startswith("voted|"):
        return NudgeText(vote_texts.nudge_voted(poll.id, question, unit, closes), buttons=True)
    if shown.startswith("open|"):
        reminder = vote_texts.vote_reminder(poll.id, question, closes, unit, poll.unit)
        return NudgeText(reminder, buttons=True)
    return None
