"""What importing a calendar file would change in a group's agenda.

Events are matched by UID, so the bot's own export (UIDs ending in `@rao-bot`) and an
Outlook or Google re-export of it (which keep UIDs) are recognised: importing them creates
nothing. Milestones and vote deadlines the group already has (`known_uids`) are not turned
into meetings. Meetings that earlier came from the same source calendar and are missing now
are listed as `removed`; cancelling them is the handler's decision after asking.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.agenda.events import AgendaEvent
from bot.agenda.ics_import import CalendarFile
from bot.agenda.records import ImportCounts, Meeting
from bot.agenda.recurrence import rule_for_start

BOT_UID_SUFFIX = "@rao-bot"
_LEGACY_SEPARATOR = "#"


def is_bot_uid(uid: str) -> bool:
    """UIDs the bot itself hands out (meetings, milestones, vote deadlines)."""
    return uid.split(_LEGACY_SEPARATOR, 1)[0].endswith(BOT_UID_SUFFIX)


@dataclass(frozen=True)
class ImportPlan:
    new: tuple[AgendaEvent, ...] = ()
    changed: tuple[tuple[Meeting, AgendaEvent], ...] = ()
    unchanged: tuple[Meeting, ...] = ()
    known: tuple[str, ...] = ()
    removed: tuple[Meeting, ...] = ()
    superseded: tuple[Meeting, ...] = ()

    @property
    def counts(self) -> ImportCounts:
        return ImportCounts(
            created=len(self.new),
            updated=len(self.changed),
            unchanged=len(self.unchanged) + len(self.known),
        )


def plan_import(
    existing: Sequence[Meeting],
    calendar: CalendarFile,
    tz: ZoneInfo,
    now: datetime,
    *,
    known_uids: Collection[str] = (),
    horizon: timedelta = timedelta(days=365),
) -> ImportPlan:
    """Compare the file with the group's meetings (cancelled ones included, by UID)."""
    by_uid = {meeting.uid: meeting for meeting in existing}
    file_uids = {event.uid for event in calendar.events}
    new: list[AgendaEvent] = []
    changed: list[tuple[Meeting, AgendaEvent]] = []
    unchanged: list[Meeting] = []
    known: list[str] = []
    for event in calendar.events:
        meeting = by_uid.get(event.uid)
        if meeting is None:
            if event.uid in known_uids:
                known.append(event.uid)
            else:
                new.append(event)
        elif same_event(meeting.to_event(), event, tz):
            unchanged.append(meeting)
        else:
            changed.append((meeting, event))
    superseded = [
        m
        for m in existing
        if _LEGACY_SEPARATOR in m.uid and m.uid.split(_LEGACY_SEPARATOR, 1)[0] in file_uids
    ]
    gone = {m.id for m in superseded}
    end = now + horizon
    removed = [
        m
        for m in existing
        if calendar.source is not None
        and m.origin == "ics"
        and m.source == calendar.source
        and not m.cancelled
        and m.uid not in file_uids
        and m.id not in gone
        and m.to_event().expand(tz, now, end, limit=1_000_000)
    ]
    return ImportPlan(
        tuple(new),
        tuple(changed),
        tuple(unchanged),
        tuple(known),
        tuple(removed),
        tuple(superseded),
    )


def same_event(stored: AgendaEvent, incoming: AgendaEvent, tz: ZoneInfo) -> bool:
    """Whether a re-import changes nothing the agenda shows or reminds about.

    An end or rule that storage did not keep (None) is not a change; calendar apps also
    reorder RRULE parts, so rules are compared in canonical form.
    """
    if (stored.title, stored.start_utc, stored.location) != (
        incoming.title,
        incoming.start_utc,
        incoming.location,
    ):
        return False
    ends = (stored.end_utc, incoming.end_utc)
    if None not in ends and ends[0] != ends[1]:
        return False
    if _rule(stored, tz) != _rule(incoming, tz):
        return False
    if stored.all_day != incoming.all_day:
        return False
    if _moments(stored.exdates) != _moments(incoming.exdates):
        return False
    return _overrides(stored) == _overrides(incoming)


def _rule(event: AgendaEvent, tz: ZoneInfo) -> str | None:
    if not event.recurrence:
        return None
    return rule_for_start(event.recurrence, event.zone(tz), event.all_day)


def _moments(values: Sequence[datetime]) -> set[datetime]:
    return {value.astimezone(UTC) for value in values}


def _overrides(event: AgendaEvent) -> set[tuple[datetime, datetime, str, str | None]]:
    return {
        (
            o.recurrence_id.astimezone(UTC),
            o.start_utc.astimezone(UTC),
            o.title or event.title,
            o.location or event.location,
        )
        for o in event.overrides
    }
