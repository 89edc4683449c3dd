"""The agenda's common event shape and the Dutch agenda message.

Meetings (from the board, stored in the database), milestones (from schedule files), vote
deadlines and imported .ics events all become `AgendaEvent`s, and every one of them becomes
dates through `AgendaEvent.expand` (which uses `bot.agenda.recurrence.expand`), so reminders,
the agenda view and the export can never disagree about when something happens.

A series is an RRULE plus exceptions: `exdates` are original starts that were cancelled
("alleen deze keer"), `overrides` are original starts that were moved or renamed. Both are
keyed by the original start in UTC, which is what RECURRENCE-ID / EXDATE mean in RFC 5545.
All-day events keep a 09:00 local anchor in `start_utc` (day reminders and sorting work on
it); `all_day` says that only the date is meant.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo

from bot.agenda.recurrence import MAX_EXPANSION, expand, occurs_at
from bot.dutch_dates import format_day, month_heading
from bot.texts import agenda as texts
from bot.texts import agenda_series as series_texts

EventKind = Literal["meeting", "milestone", "deadline"]
EventStatus = Literal["bevestigd", "verwacht"]

ALL_DAY_TIME = time(9, 0)
TELEGRAM_LIMIT = 4096
_RENDER_BUDGET = TELEGRAM_LIMIT - 300


def all_day_anchor(day: date, tz: ZoneInfo) -> datetime:
    """The UTC moment that stands for a whole local day (09:00, when day reminders fire)."""
    return datetime.combine(day, ALL_DAY_TIME, tzinfo=tz).astimezone(UTC)


@dataclass(frozen=True)
class OccurrenceOverride:
    """One occurrence of a series that was moved (or retitled): RECURRENCE-ID in .ics."""

    recurrence_id: datetime
    start_utc: datetime
    end_utc: datetime | None = None
    title: str | None = None
    location: str | None = None

    def __post_init__(self) -> None:
        for moment in (self.recurrence_id, self.start_utc, self.end_utc):
            if moment is not None and moment.tzinfo is None:
                raise ValueError("override moments must be aware")


@dataclass(frozen=True)
class Occurrence:
    """One concrete happening of an event; `recurrence_id` is None for one-off events."""

    uid: str
    start_utc: datetime
    end_utc: datetime | None
    recurrence_id: datetime | None
    title: str
    location: str | None
    all_day: bool
    moved: bool = False


@dataclass(frozen=True)
class AgendaEvent:
    """One meeting, milestone or deadline; `recurrence` is an RRULE value like 'FREQ=WEEKLY'.

    `end_utc` is the end of the first occurrence; every occurrence lasts as long. `tzid`
    names the zone whose wall clock the series keeps (None: the bot's zone).
    """

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
    all_day: bool = False
    exdates: tuple[datetime, ...] = ()
    overrides: tuple[OccurrenceOverride, ...] = ()
    tzid: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        if self.start_utc.tzinfo is None:
            raise ValueError("start_utc must be aware")
        if self.end_utc is not None and self.end_utc.tzinfo is None:
            raise ValueError("end_utc must be aware")
        if any(moment.tzinfo is None for moment in self.exdates):
            raise ValueError("exdates must be aware")

    @property
    def duration(self) -> timedelta | None:
        return self.end_utc - self.start_utc if self.end_utc is not None else None

    def zone(self, tz: ZoneInfo) -> tzinfo:
        """The zone whose wall clock the series repeats in."""
        if self.tzid is None:
            return tz
        return UTC if self.tzid == "UTC" else ZoneInfo(self.tzid)

    def first_local(self, tz: ZoneInfo) -> datetime:
        return self.start_utc.astimezone(self.zone(tz))

    def expand(
        self,
        tz: ZoneInfo,
        window_start: datetime,
        window_end: datetime,
        *,
        limit: int = MAX_EXPANSION,
        deadline: float | None = None,
    ) -> list[Occurrence]:
        """Occurrences starting in [window_start, window_end), exceptions applied."""
        first = self.first_local(tz)
        moved = {o.recurrence_id.astimezone(UTC): o for o in self.overrides}
        excluded = (*self.exdates, *moved) if self.recurrence else self.exdates
        result = [
            self._occurrence(start, start, None)
            for start in expand(
                first,
                self.recurrence,
                window_start,
                window_end,
                exdates=excluded,
                limit=limit,
                deadline=deadline,
                whole_days=self.all_day,
            )
        ]
        if self.recurrence:
            cancelled = {moment.astimezone(UTC) for moment in self.exdates}
            for original, override in moved.items():
                start = override.start_utc.astimezone(UTC)
                if not window_start <= start < window_end or original in cancelled:
                    continue
                if occurs_at(first, self.recurrence, original, whole_days=self.all_day):
                    result.append(self._occurrence(start, original, override))
        return sorted(result, key=lambda occurrence: occurrence.start_utc)

    def _occurrence(
        self, start: datetime, original: datetime, override: OccurrenceOverride | None
    ) -> Occurrence:
        duration = self.duration
        end = start + duration if duration is not None else None
        if override is not None and override.end_utc is not None:
            end = override.end_utc.astimezone(UTC)
        return Occurrence(
            uid=self.uid,
            start_utc=start,
            end_utc=end,
            recurrence_id=original if self.recurrence else None,
            title=(override.title if override and override.title else self.title),
            location=(override.location if override and override.location else self.location),
            all_day=self.all_day,
            moved=override is not None,
        )

    def occurrences(
        self, tz: ZoneInfo, window_start: datetime, window_end: datetime
    ) -> list[datetime]:
        """Starts (UTC) in [window_start, window_end); recurring meetings keep local time."""
        return [o.start_utc for o in self.expand(tz, window_start, window_end)]


def agenda_rows(
    events: Iterable[AgendaEvent], now_utc: datetime, tz: ZoneInfo, days: int
) -> list[tuple[Occurrence, AgendaEvent]]:
    """Every occurrence in the coming `days` days, in time order: what /agenda lists."""
    window_end = now_utc + timedelta(days=days)
    rows = [
        (occurrence, event)
        for event in events
        for occurrence in event.expand(tz, now_utc, window_end)
    ]
    rows.sort(key=lambda row: (row[0].start_utc, row[0].title))
    return rows


def render_agenda(
    events: Iterable[AgendaEvent], now_utc: datetime, tz: ZoneInfo, days: int = 60
) -> str:
    """Telegram HTML agenda for the coming `days` days, grouped by month.

    Recurring meetings are expanded, so a weekly meeting shows each week. The text is kept
    under Telegram's message limit; the rest is counted in a closing line.
    """
    rows = agenda_rows(events, now_utc, tz, days)
    if not rows:
        return texts.AGENDA_EMPTY.format(days=days)

    lines = [texts.AGENDA_HEADER.format(days=days)]
    used = len(lines[0])
    current_month: tuple[int, int] | None = None
    any_expected = False
    for index, (occurrence, event) in enumerate(rows):
        local = occurrence.start_utc.astimezone(tz)
        block: list[str] = []
        if (local.year, local.month) != current_month:
            block += ["", f"<b>{month_heading(local.year, local.month)}</b>"]
        block.append(_line(local, occurrence, event, tz))
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


def _line(local: datetime, occurrence: Occurrence, event: AgendaEvent, tz: ZoneInfo) -> str:
    day = format_day(local, tz).rsplit(" ", 1)[0]  # the month heading already names the year
    when = f"{day} {local:%H:%M}"
    if occurrence.all_day:  # a deadline's title names its closing time
        when = day if event.kind == "deadline" else f"{day} {series_texts.AGENDA_ALL_DAY}"
    parts = [when, "–", html.escape(occurrence.title)]
    if event.status == "verwacht":
        parts.append(texts.AGENDA_EXPECTED)
    line = " ".join(parts)
    if occurrence.location:
        line += f" · {html.escape(occurrence.location)}"
    if event.url:
        line += f' · <a href="{html.escape(event.url)}">{series_texts.DEADLINE_LINK}</a>'
    return f"• {line}"
