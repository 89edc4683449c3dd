"""When a poll's reminders fall and how its closing time may move: pure rules, no storage."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.dutch_dates import format_moment
from bot.polls import records as pr
from bot.polls.rules import PollInputError
from bot.texts import board as board_texts
from bot.texts import votes as vote_texts

REMINDER_LEADS: tuple[timedelta, ...] = (timedelta(hours=48), timedelta(hours=2))

# Moving the closing time earlier (or giving a poll without one a closing time) must leave at
# least this long, so nobody who planned to vote before the announced time is cut off by
# surprise. Later is always allowed; a board that wants to stop now uses /sluit.
MIN_EARLIER_NOTICE = timedelta(hours=1)


def plan_reminder_leads(
    created: datetime, closes: datetime | None, leads: Sequence[timedelta] | None = None
) -> tuple[int, ...]:
    """Lead times (seconds) still ahead when the poll is created; later ones are skipped."""
    if closes is None:
        return ()
    chosen = REMINDER_LEADS if leads is None else leads
    planned = {int(lead.total_seconds()) for lead in chosen if closes - lead > created}
    return tuple(sorted(planned, reverse=True))


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


def missed_leads(poll: pr.PollRecord, done: dict[int, str], now: datetime) -> list[int]:
    """Reminder leads whose moment has passed without being sent or skipped."""
    if poll.closes_utc is None:
        return []
    closes = poll.closes_utc
    return [
        lead
        for lead in poll.reminder_leads
        if lead not in done and closes - timedelta(seconds=lead) <= now
    ]
