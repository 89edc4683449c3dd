"""iCalendar (.ics) export of the agenda.

Every event keeps its stable UID (a series is one VEVENT with its RRULE, not a list of
copies), so re-importing the file, or Outlook's re-export of it, recognises every event.
Timed events carry DTEND (or DURATION:PT0S for a deadline moment); milestones and other
all-day events are VALUE=DATE. Cancelled occurrences are EXDATEs and moved ones extra VEVENTs
with the same UID and a RECURRENCE-ID, which is how every calendar app expects them.
Times are written in the series' own zone with a VTIMEZONE, so apps show the wall clock the
board typed. No X-WR-TIMEZONE: Google and `recurring-ical-events` would move UTC-based series
into that zone's wall clock, while every value here already names its zone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, vRecur

from bot.agenda.events import AgendaEvent, OccurrenceOverride
from bot.agenda.recurrence import rule_for_start
from bot.agenda.reminders import DAY_REMINDER_TIME, LeadTime, default_leads
from bot.texts import agenda as texts

PRODID = "-//rao-bot//agenda//NL"
DEFAULT_DURATION = timedelta(hours=2)


def export_ics(
    events: Iterable[AgendaEvent],
    tz: ZoneInfo,
    calendar_name: str,
    *,
    leads: Mapping[str, Sequence[LeadTime]] | None = None,
    now_utc: datetime | None = None,
    default_duration: timedelta = DEFAULT_DURATION,
) -> bytes:
    """Serialize agenda events to an .ics file with one VALARM per lead time.

    `leads` maps an event kind to its lead times (default: the bot's defaults per kind).
    `default_duration` is the group's meeting length for meetings stored without an end.
    `now_utc` only fills DTSTAMP; it defaults to the clock because export is a thin wrapper
    around the user's "export now" request.
    """
    stamp = (now_utc or datetime.now(UTC)).astimezone(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", calendar_name)
    first_year = stamp.year
    for event in events:
        event_leads = _leads_for(event.kind, leads)
        if event.all_day:  # a whole day: only day and week leads, as in the bot's reminders
            event_leads = [lead for lead in event_leads if lead.whole_days]
        writer = _Writer(event, tz, stamp, event_leads, default_duration)
        cal.add_component(writer.master())
        for override in event.overrides:
            cal.add_component(writer.override(override))
        first_year = min(first_year, event.start_utc.year)
    # Only the DST transitions around our events: keeps the VTIMEZONE small.
    cal.add_missing_timezones(
        first_date=date(first_year - 1, 1, 1), last_date=date(max(2038, stamp.year + 12), 1, 1)
    )
    data: bytes = cal.to_ical()
    return data


def _leads_for(kind: str, leads: Mapping[str, Sequence[LeadTime]] | None) -> Sequence[LeadTime]:
    if leads is not None and kind in leads:
        return leads[kind]
    if leads is not None and kind == "deadline" and "milestone" in leads:
        return leads["milestone"]
    return default_leads(kind)


def event_duration(event: AgendaEvent, default: timedelta) -> timedelta:
    """How long every occurrence lasts: stored end, else the group's meeting length; a
    milestone or deadline with a clock time is a moment (zero length)."""
    if event.duration is not None:
        return event.duration
    return default if event.kind == "meeting" else timedelta(0)


class _Writer:
    def __init__(
        self,
        event: AgendaEvent,
        tz: ZoneInfo,
        stamp: datetime,
        leads: Sequence[LeadTime],
        default_duration: timedelta,
    ) -> None:
        self.event = event
        self.zone: tzinfo = event.zone(tz)
        self.stamp = stamp
        self.leads = leads
        self.duration = event_duration(event, default_duration)

    def master(self) -> Event:
        event = self.event
        vevent = self._base(event.start_utc, event.title, event.location)
        self._times(vevent, event.start_utc, event.end_utc, series_start=bool(event.recurrence))
        if event.recurrence:
            vevent.add("rrule", vRecur.from_ical(self._rule_text(event.recurrence)))
            if event.exdates:
                vevent.add("exdate", [self._value(moment) for moment in sorted(event.exdates)])
        return vevent

    def override(self, override: OccurrenceOverride) -> Event:
        event = self.event
        vevent = self._base(
            override.start_utc, override.title or event.title, override.location or event.location
        )
        vevent.add("recurrence-id", self._value(override.recurrence_id))
        self._times(vevent, override.start_utc, override.end_utc, series_start=False)
        return vevent

    def _base(self, start_utc: datetime, title: str, location: str | None) -> Event:
        event = self.event
        vevent = Event()
        vevent.add("uid", event.uid)
        vevent.add("dtstamp", self.stamp)
        vevent.add("summary", title)
        description = event.description or ""
        if event.source:
            description = f"{description}\n\nBron: {event.source}".strip()
        if description:
            vevent.add("description", description)
        if location:
            vevent.add("location", location)
        if event.url:
            vevent.add("url", event.url)
        vevent.add("status", "TENTATIVE" if event.status == "verwacht" else "CONFIRMED")
        vevent.add("categories", [_CATEGORY[event.kind]])
        vevent.add("transp", "TRANSPARENT" if event.all_day else "OPAQUE")
        for lead in self.leads:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", texts.ICS_ALARM.format(title=title))
            alarm.add("trigger", -self._trigger_offset(start_utc, lead))
            vevent.add_component(alarm)
        return vevent

    def _times(
        self, vevent: Event, start_utc: datetime, end_utc: datetime | None, *, series_start: bool
    ) -> None:
        start = start_utc.astimezone(self.zone)
        if self.event.all_day:
            days = 1
            if end_utc is not None:
                days = max(1, (end_utc.astimezone(self.zone).date() - start.date()).days)
            vevent.add("dtstart", start.date())
            vevent.add("dtend", start.date() + timedelta(days=days))
            return
        # A series' DTSTART stays on the wall clock: its RRULE repeats in that zone.
        vevent.add("dtstart", self._value(start_utc) if series_start else self._exact(start_utc))
        length = end_utc - start_utc if end_utc is not None else self.duration
        if length > timedelta(0):
            vevent.add("dtend", self._exact(start_utc + length))
        else:
            vevent.add("duration", timedelta(0))

    def _value(self, moment: datetime) -> datetime | date:
        local = moment.astimezone(self.zone)
        return local.date() if self.event.all_day else local

    def _exact(self, moment: datetime) -> datetime:
        """The moment as a value that reads back as the same instant.

        A TZID wall time in the hour that repeats when the clocks go back always means its
        first pass (RFC 5545 3.3.5), so a moment in the second pass (01:30 UTC on the last
        Sunday of October is 02:30 CET, not 02:30 CEST) is written in UTC instead. Without
        this, an end in that hour read back an hour early, before its own start.
        """
        local = moment.astimezone(self.zone)
        if local.replace(fold=0).astimezone(UTC) == moment.astimezone(UTC):
            return local
        return moment.astimezone(UTC)

    def _rule_text(self, rule: str) -> str:
        return rule_for_start(rule, self.zone, self.event.all_day)

    def _trigger_offset(self, start_utc: datetime, lead: LeadTime) -> timedelta:
        """How long before the start the alarm fires, matching `reminder_time`.

        Day leads fire at 09:00 local, so the offset is whole days plus the gap between 09:00
        and the start on the wall clock (an all-day event starts at midnight). Calendar apps
        treat the day part as nominal days.
        """
        wall_start = start_utc.astimezone(self.zone).replace(tzinfo=None)
        if self.event.all_day:
            wall_start = datetime.combine(wall_start.date(), datetime.min.time())
        if not lead.whole_days:
            return lead.delta
        day = wall_start.date() - timedelta(days=lead.days)
        return wall_start - datetime.combine(day, DAY_REMINDER_TIME)


_CATEGORY = {"meeting": "Overleg", "milestone": "Mijlpaal", "deadline": "Stemming"}
