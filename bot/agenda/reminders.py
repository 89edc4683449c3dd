"""Lead times and the rules for when a reminder is due and whether it is still worth sending.

Day-sized leads are meant as "a working-day heads-up": they fire at 09:00 local time, not at the
event's clock time minus N*24 h, which would wake people at 19:30 two weeks before. All
calendar arithmetic happens on the local wall clock and is converted to UTC at the end, so
daylight saving never shifts a reminder or a meeting by an hour.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bot.agenda.events import AgendaEvent
from bot.errors import UserFacingError
from bot.texts import agenda as texts
from bot.texts.common import escape

LeadUnit = Literal["w", "d", "u", "m"]
Decision = Literal["send", "late", "skip"]

DAY_REMINDER_TIME = time(9, 0)
MAX_LEAD = timedelta(days=60)
MAX_LEADS = 6
SEND_GRACE = timedelta(minutes=1)
DEFAULT_MAX_LATE = timedelta(hours=12)

_UNIT_WORDS: dict[str, LeadUnit] = {
    "w": "w",
    "wk": "w",
    "week": "w",
    "weken": "w",
    "d": "d",
    "dag": "d",
    "dagen": "d",
    "u": "u",
    "h": "u",
    "uur": "u",
    "uren": "u",
    "m": "m",
    "min": "m",
    "minuut": "m",
    "minuten": "m",
}
_TOKEN = re.compile(r"(\d+)\s*([a-z]+)")


class LeadTimeError(UserFacingError):
    """Bad lead-time input; `message` is the Dutch sentence for the user, as HTML: the typed
    text it quotes is escaped where it is raised."""


@dataclass(frozen=True)
class LeadTime:
    """How long before an event a reminder goes out, e.g. 14d or 2u."""

    amount: int
    unit: LeadUnit

    def __post_init__(self) -> None:
        if self.amount <= 0:
            raise ValueError("lead time must be positive")

    @property
    def whole_days(self) -> bool:
        """Day and week leads fire at 09:00 local; hour and minute leads are exact."""
        return self.unit in ("w", "d")

    @property
    def days(self) -> int:
        if not self.whole_days:
            raise ValueError("not a day-sized lead time")
        return self.amount * 7 if self.unit == "w" else self.amount

    @property
    def delta(self) -> timedelta:
        """Nominal size, used for sorting and limits."""
        if self.unit == "w":
            return timedelta(weeks=self.amount)
        if self.unit == "d":
            return timedelta(days=self.amount)
        if self.unit == "u":
            return timedelta(hours=self.amount)
        return timedelta(minutes=self.amount)

    def __str__(self) -> str:
        """Compact form as typed by users and stored in the database: '14d', '2u'."""
        return f"{self.amount}{self.unit}"

    def label(self) -> str:
        """Dutch words: '14 dagen', '2 uur'."""
        return texts.lead_label(self.amount, self.unit)

    @classmethod
    def parse(cls, token: str) -> LeadTime:
        """One lead time such as '14d', '2 uur' or '1w'."""
        leads = parse_lead_times(token)
        if len(leads) != 1:
            raise LeadTimeError(texts.LEAD_BAD_TOKEN.format(token=escape(token.strip())))
        return leads[0]


DEFAULT_MILESTONE_LEADS: tuple[LeadTime, ...] = (LeadTime(14, "d"), LeadTime(3, "d"))
DEFAULT_MEETING_LEADS: tuple[LeadTime, ...] = (*DEFAULT_MILESTONE_LEADS, LeadTime(2, "u"))


def default_leads(kind: str) -> tuple[LeadTime, ...]:
    """Defaults per event kind ('meeting' or 'milestone')."""
    return DEFAULT_MEETING_LEADS if kind == "meeting" else DEFAULT_MILESTONE_LEADS


def parse_lead_times(text: str) -> list[LeadTime]:
    """Parse '14d 3d 2u' (also '14 dagen, 2 uur') into distinct leads, longest first.

    Leads of equal size ('1w' and '7d') collapse into one, since both would fire at the same
    moment and members would get the same reminder twice.
    """
    norm = text.lower().replace(",", " ").replace(";", " ").strip()
    if not norm:
        raise LeadTimeError(texts.LEAD_EMPTY)
    leads: dict[timedelta, LeadTime] = {}
    position = 0
    for match in _TOKEN.finditer(norm):
        gap = norm[position : match.start()]
        if gap.strip():
            raise LeadTimeError(texts.LEAD_BAD_TOKEN.format(token=escape(gap.strip().split()[0])))
        position = match.end()
        token = match.group(0)
        unit = _UNIT_WORDS.get(match.group(2))
        if unit is None:
            raise LeadTimeError(texts.LEAD_BAD_TOKEN.format(token=escape(token)))
        digits = match.group(1).lstrip("0")
        if not digits:
            raise LeadTimeError(texts.LEAD_ZERO.format(token=escape(token)))
        if len(digits) > 6:  # far beyond any limit, and timedelta would overflow
            raise LeadTimeError(
                texts.LEAD_TOO_FAR.format(token=escape(token), max_days=MAX_LEAD.days)
            )
        lead = LeadTime(int(digits), unit)
        if lead.delta > MAX_LEAD:
            raise LeadTimeError(
                texts.LEAD_TOO_FAR.format(token=escape(token), max_days=MAX_LEAD.days)
            )
        leads.setdefault(lead.delta, lead)
    rest = norm[position:].strip()
    if rest:
        raise LeadTimeError(texts.LEAD_BAD_TOKEN.format(token=escape(rest.split()[0])))
    if len(leads) > MAX_LEADS:
        raise LeadTimeError(texts.LEAD_TOO_MANY.format(max_count=MAX_LEADS))
    return sorted(leads.values(), key=lambda lead: lead.delta, reverse=True)


def format_lead_times(leads: list[LeadTime] | tuple[LeadTime, ...]) -> str:
    """Compact form that `parse_lead_times` reads back: '14d 3d 2u'."""
    return " ".join(str(lead) for lead in leads)


def reminder_time(event_start_utc: datetime, lead: LeadTime, tz: ZoneInfo) -> datetime:
    """When the reminder for one lead time is due, in UTC."""
    if event_start_utc.tzinfo is None:
        raise ValueError("event_start_utc must be aware")
    if lead.whole_days:
        local_day = event_start_utc.astimezone(tz).date() - timedelta(days=lead.days)
        return datetime.combine(local_day, DAY_REMINDER_TIME, tzinfo=tz).astimezone(UTC)
    # Hour/minute leads are real elapsed time: "begins in 2 hours" must be true even on the
    # night the clocks change.
    return event_start_utc.astimezone(UTC) - lead.delta


def reminder_times(
    event_start_utc: datetime,
    leads: list[LeadTime] | tuple[LeadTime, ...],
    tz: ZoneInfo,
) -> list[tuple[LeadTime, datetime]]:
    """Due moments (UTC) per lead time, earliest first.

    A day lead for an event that starts before 09:00 still fires on the earlier day at 09:00,
    so it always comes before the event.
    """
    pairs = [(lead, reminder_time(event_start_utc, lead, tz)) for lead in leads]
    return sorted(pairs, key=lambda pair: pair[1])


def delivery_decision(
    due_utc: datetime,
    now_utc: datetime,
    max_late: timedelta = DEFAULT_MAX_LATE,
    *,
    event_start_utc: datetime | None = None,
) -> Decision:
    """Decide what to do with a reminder found after a restart or a slow tick.

    'send' when it is (about) on time, 'late' when it is overdue but still useful (the handler
    can say so), 'skip' when it is stale or the event has already begun.
    """
    if event_start_utc is not None and now_utc >= event_start_utc:
        return "skip"
    lateness = now_utc - due_utc
    if lateness <= SEND_GRACE:
        return "send"
    if lateness <= max_late:
        return "late"
    return "skip"


def occurrence_reminders(
    plan: Iterable[tuple[AgendaEvent, Sequence[LeadTime]]],
    tz: ZoneInfo,
    now_utc: datetime,
    end_utc: datetime,
) -> list[tuple[str, datetime, LeadTime, datetime]]:
    """(event uid, occurrence start, lead, due) for every occurrence after `now_utc`.

    The occurrences are `AgendaEvent.expand`'s, the same that /agenda lists and the .ics
    export describes, so a cancelled "alleen deze keer" gets no reminder and a moved one gets
    them at its new moment.
    """
    wanted: list[tuple[str, datetime, LeadTime, datetime]] = []
    for event, leads in plan:
        for occurrence in event.expand(tz, now_utc, end_utc):
            if occurrence.start_utc <= now_utc:
                continue
            wanted += [
                (event.uid, occurrence.start_utc, lead, due)
                for lead, due in reminder_times(occurrence.start_utc, list(leads), tz)
            ]
    return wanted
