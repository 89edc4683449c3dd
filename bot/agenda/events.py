"""The agenda's common event shape and the Dutch agenda message.

Meetings (from the board, stored in the database), milestones (from schedule files) and
imported .ics events all become `AgendaEvent`s so that reminders, the agenda view and the
export treat them alike.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bot.dutch_dates import Recurrence, format_day, month_heading
from bot.texts import agenda as texts

EventKind = Literal["meeting", "milestone"]
EventStatus = Literal["bevestigd", "verwacht"]

TELEGRAM_LIMIT = 4096
_RENDER_BUDGET = TELEGRAM_LIMIT - 300


@dataclass(frozen=True)
class AgendaEvent:
    """One meeting or milestone; `recurrence` is an RRULE value such as 'FREQ=WEEKLY'."""

    uid: str
    kind: EventKind
    title: str
    start_utc: datetime
    location: str | None = None
    description: str | None = None
    status: EventStatus | None = None
    source: str | None = None
    recurrence: str | None = None
    end_utc: datetime | None = None

    def __post_init__(self) -> None:
        if self.start_utc.tzinfo is None:
            raise ValueError("start_utc must be aware")
        if self.end_utc is not None and self.end_utc.tzinfo is None:
            raise ValueError("end_utc must be aware")

    def occurrences(
        self, tz: ZoneInfo, window_start: datetime, window_end: datetime
    ) -> list[datetime]:
        """Starts (UTC) in [window_start, window_end); recurring meetings keep local time."""
        if self.recurrence:
            rule = Recurrence.from_rrule(self.recurrence)
            return rule.occurrences(self.start_utc, tz, window_start, window_end)
        start = self.start_utc.astimezone(UTC)
        return [start] if window_start <= start < window_end else []


def render_agenda(
    events: Iterable[AgendaEvent], now_utc: datetime, tz: ZoneInfo, days: int = 60
) -> str:
    """Telegram HTML agenda for the coming `days` days, grouped by month.

    Recurring meetings are expanded, so a weekly meeting shows each week. The text is kept
    under Telegram's message limit; the rest is counted in a closing line.
    """
    window_end = now_utc + timedelta(days=days)
    rows: list[tuple[datetime, AgendaEvent]] = []
    for event in events:
        rows.extend((start, event) for start in event.occurrences(tz, now_utc, window_end))
    rows.sort(key=lambda row: (row[0], row[1].title))

    if not rows:
        return texts.AGENDA_EMPTY.format(days=days)

    lines = [texts.AGENDA_HEADER.format(days=days)]
    used = len(lines[0])
    current_month: tuple[int, int] | None = None
    any_expected = False
    for index, (start, event) in enumerate(rows):
        local = start.astimezone(tz)
        block: list[str] = []
        if (local.year, local.month) != current_month:
            block += ["", f"<b>{month_heading(local.year, local.month)}</b>"]
        block.append(_line(local, event, tz))
        size = sum(len(part) + 1 for part in block)
        if used + size > _RENDER_BUDGET:
            lines += ["", texts.AGENDA_MORE.format(count=len(rows) - index)]
            break
        lines += block
        used += size
        current_month = (local.year, local.month)
        any_expected = any_expected or event.status == "verwacht"
    if any_expected:
        lines += ["", texts.AGENDA_EXPECTED_NOTE]
    return "\n".join(lines)


def _line(local: datetime, event: AgendaEvent, tz: ZoneInfo) -> str:
    day = format_day(local, tz).rsplit(" ", 1)[0]  # the month heading already names the year
    parts = [f"{day} {local:%H:%M}", "–", html.escape(event.title)]
    if event.status == "verwacht":
        parts.append(texts.AGENDA_EXPECTED)
    line = " ".join(parts)
    if event.location:
        line += f" · {html.escape(event.location)}"
    return f"• {line}"
