"""What the board did with a closed vote (/uitkomst): the statement is kept on the poll, and a
review date becomes an all-day item in the organisation's agenda, reminded like a milestone.

It spans two features (polls and the agenda), so it lives next to neither service: both are
passed in, and neither learns of the other.
"""

from __future__ import annotations

from datetime import datetime

from bot.agenda.service import AgendaService
from bot.polls import records as pr
from bot.polls.decisions import OutcomeInput
from bot.polls.service import PollService
from bot.texts import decisions as texts


async def record_outcome(
    votes: PollService,
    agenda: AgendaService,
    poll: pr.PollRecord,
    text: str,
    by: int,
    now: datetime,
) -> OutcomeInput:
    """Stores the outcome (raises PollInputError); a review date replaces the poll's earlier
    review item in the agenda, so a corrected date does not remind twice."""
    given = await votes.record_outcome(poll, text, by, now)
    if given.review is None:
        return given
    if poll.review_meeting_id is not None:
        await agenda.cancel_meeting(poll.chat_id, poll.review_meeting_id, now)
    meeting = await agenda.add_all_day(
        poll.chat_id,
        texts.review_title(poll.id, poll.question[:80]),
        given.review,
        texts.review_description(given.statement),
        by,
        now,
        uid_prefix=f"besluit-{poll.id}",
    )
    await votes.set_review(poll.id, given.review, meeting.id)
    return given
