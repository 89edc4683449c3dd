"""What the board did with a closed vote (/uitkomst): the statement is kept on the poll, and a
review date becomes an all-day item in the organisation's agenda, reminded like a milestone.

It spans two features (polls and the agenda), so it lives next to neither service: both are
passed in, and neither learns of the other.

Replacing an outcome keeps the register and the agenda telling the same story: the review
item's text follows the new outcome. Its date stays unless the new /uitkomst names one
(`| evalueren <datum>`, the item moves) or drops it (`| geen evaluatie`, the item goes): a
corrected wording should not silently lose the reminder the board asked for earlier.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.agenda.service import AgendaService
from bot.polls import records as pr
from bot.polls.decisions import OutcomeInput
from bot.polls.service import PollService
from bot.texts import decisions as texts


@dataclass(frozen=True)
class RecordedOutcome:
    statement: str
    review: date | None  # the review date in force afterwards
    review_change: str  # "nieuw", "blijft", "vervallen" or "" (no review date at all)
    replaced: str | None  # the outcome it replaced


@dataclass(frozen=True)
class PendingReplacement:
    """A replacement waiting for the board's "ja" (kept under a token in PendingActions)."""

    poll_id: int
    old: str
    given: OutcomeInput


async def record_outcome(
    votes: PollService,
    agenda: AgendaService,
    poll: pr.PollRecord,
    given: OutcomeInput,
    by: int,
    now: datetime,
) -> RecordedOutcome:
    """Stores a checked outcome (`PollService.read_outcome`) and brings the poll's review item
    in the agenda in line with it."""
    await votes.set_outcome(poll.id, given.statement, by, now)
    description = texts.review_description(given.statement)
    old_meeting = poll.review_meeting_id
    if given.review is not None:
        if old_meeting is not None:
            await agenda.cancel_meeting(poll.chat_id, old_meeting, now)
        meeting = await agenda.add_all_day(
            poll.chat_id,
            texts.review_title(poll.id, poll.question[:80]),
            given.review,
            description,
            by,
            now,
            uid_prefix=f"besluit-{poll.id}",
        )
        await votes.set_review(poll.id, given.review, meeting.id)
        return RecordedOutcome(given.statement, given.review, "nieuw", poll.outcome)
    if given.drop_review:
        if old_meeting is not None:
            await agenda.cancel_meeting(poll.chat_id, old_meeting, now)
        await votes.set_review(poll.id, None, None)
        change = "vervallen" if poll.review_date is not None else ""
        return RecordedOutcome(given.statement, None, change, poll.outcome)
    kept = old_meeting is not None and await agenda.meetings.redescribe(
        poll.chat_id, old_meeting, description, now
    )
    # A review item cancelled with /annuleer is gone: the group must not hear it "stays".
    change = "blijft" if poll.review_date is not None and kept else ""
    return RecordedOutcome(given.statement, poll.review_date, change, poll.outcome)
