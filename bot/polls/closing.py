"""Moving an open poll's closing time (/verleng): the checks, the reminders that follow, and
the board's confirmation of an earlier time, which must still be about the time it showed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.dutch_words import format_moment
from bot.polls import records as pr
from bot.polls import voting
from bot.polls.mandate_command import parse_closing_moment
from bot.polls.rules import ClosingChangedError
from bot.polls.timing import check_new_closing, plan_reminder_leads
from bot.storage import Storage
from bot.texts import board as board_texts


@dataclass(frozen=True)
class ClosingMove:
    """A checked new closing time; an `earlier` one is confirmed by the board first."""

    closes: datetime
    earlier: bool


def plan_move(poll: pr.PollRecord, typed: str, now: datetime, tz: ZoneInfo) -> ClosingMove | None:
    """The new closing time typed for /verleng, checked as `move_closing` will check it
    (raises PollInputError); None when the poll is closing already. An earlier time is
    asked first: it cuts the voting time short."""
    if not voting.may_move(poll, now):
        return None
    closes = parse_closing_moment(typed, now, tz)
    check_new_closing(poll.closes_utc, closes, now, tz)
    return ClosingMove(closes, is_earlier(poll, closes))


def is_earlier(poll: pr.PollRecord, closes: datetime) -> bool:
    """Whether `closes` cuts the voting time short (which the board confirms first)."""
    return poll.closes_utc is not None and closes < poll.closes_utc


async def move_closing(
    storage: Storage,
    tz: ZoneInfo,
    poll: pr.PollRecord,
    closes: datetime,
    by: int,
    by_name: str,
    now: datetime,
    base: datetime | None = None,
) -> pr.PollRecord | None:
    """Sets a new closing time (checked by check_new_closing, which may raise).

    Reminder leads: the ones planned before stay (a sent one is never sent again, its claim
    stays), and the default leads that lie ahead of the new time are added, so members who
    have not voted hear about a later deadline too. Leads whose moment the move puts in the
    past are skipped, not sent at once: moving a vote earlier is no reason to nudge every
    non-voter this minute (the board has /herinner for that). None when the poll closed
    meanwhile. With `base` (the closing time a confirmed question showed), a closing time
    that changed since raises ClosingChangedError and changes nothing: an old "Ja, eerder
    sluiten" would otherwise undo a later /verleng without anyone seeing it.
    """
    check_new_closing(poll.closes_utc, closes, now, tz)
    done = await storage.polls.reminders_done(poll.id)
    leads = sorted(set(poll.reminder_leads) | set(plan_reminder_leads(now, closes)), reverse=True)
    ahead = {lead for lead in leads if closes - timedelta(seconds=lead) > now}
    reopen = [lead for lead in leads if done.get(lead) == "skipped" and lead in ahead]
    passed = [lead for lead in leads if lead not in done and lead not in ahead]
    async with storage.polls.transaction() as tx:
        current = await tx.poll(poll.id)
        if current is None or not voting.may_move(current, now):
            return None
        if base is not None and _seconds(current.closes_utc) != _seconds(base):
            shown = format_moment(current.closes_utc, tz) if current.closes_utc else ""
            raise ClosingChangedError(board_texts.move_stale(poll.id, shown))
        await tx.move_closing(current, closes, leads, reopen, by, by_name, now)
        await tx.skip_reminders(poll.id, passed, now)
    return await storage.polls.poll(poll.id)


def _seconds(moment: datetime | None) -> int | None:
    """A closing time as callback data carries it (whole seconds)."""
    return None if moment is None else int(moment.timestamp())
