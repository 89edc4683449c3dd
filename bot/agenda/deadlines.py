"""Vote deadlines as agenda events, so /agenda and /ics show when an open vote closes.

The UID is stable per vote (and per organisation when `scope` is given), so a re-exported
calendar updates the deadline when a vote is extended instead of adding a second one.
A deadline is a moment, not a meeting: timed, it has zero length (DURATION:PT0S) and its
start is the closing moment; all-day (what /agenda and /ics use, like every deadline), it
sits on the closing date and its title says the closing time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.agenda.events import ALL_DAY_TIME, AgendaEvent
from bot.dutch_words import format_moment
from bot.texts import agenda_series as texts


def deadline_uid(number: int, scope: str | int | None = None) -> str:
    return (
        f"stemming-{scope}-{number}@rao-bot" if scope is not None else f"stemming-{number}@rao-bot"
    )


def vote_deadline_event(
    number: int,
    title: str,
    closes_utc: datetime,
    link: str,
    tz: ZoneInfo,
    *,
    all_day: bool = False,
    scope: str | int | None = None,
) -> AgendaEvent:
    """The closing moment of vote `number` with a deep link to vote."""
    if closes_utc.tzinfo is None:
        raise ValueError("closes_utc must be aware")
    closes = closes_utc.astimezone(UTC)
    moment = format_moment(closes, tz)
    start = closes
    end = closes
    if all_day:
        day = closes.astimezone(tz).date()
        start = datetime.combine(day, ALL_DAY_TIME, tzinfo=tz).astimezone(UTC)
        end = start + timedelta(days=1)
    return AgendaEvent(
        uid=deadline_uid(number, scope),
        kind="deadline",
        title=(
            texts.DEADLINE_TITLE_AT.format(
                number=number, title=title, time=f"{closes.astimezone(tz):%H:%M}"
            )
            if all_day
            else texts.DEADLINE_TITLE.format(number=number, title=title)
        ),
        start_utc=start,
        end_utc=end,
        description=texts.DEADLINE_DESCRIPTION.format(link=link, moment=moment),
        all_day=all_day,
        url=link,
    )
