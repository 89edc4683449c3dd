"""AgendaService over a real SQLite file: reminder rows, delivery decisions, DST, export."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from bot.agenda.ics_import import read_calendar
from bot.agenda.meeting_input import MeetingRequest, parse_meeting
from bot.agenda.records import ReminderState
from bot.agenda.reminders import LeadTimeError
from bot.agenda.service import AgendaService, UnknownScheduleError
from bot.storage import Storage

TZ = ZoneInfo("Europe/Amsterdam")
ROOT = Path(__file__).resolve().parents[1]
GROUP, OTHER, MEMBER = -1001, -1002, 12


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


@pytest.fixture
async def service(tmp_path: Path) -> AsyncIterator[AgendaService]:
    storage = Storage(tmp_path / "agenda.sqlite3")
    await storage.open()
    await storage.chats.remember_chat(GROUP, "supergroup", "RAO Zuid")
    yield AgendaService(storage, TZ, ROOT / "schedules")
    await storage.close()


async def _pending(service: AgendaService, chat: int = GROUP) -> list[tuple[str, datetime]]:
    rows = await service.storage.agenda.agenda_reminders(chat, ReminderState.PENDING)
    return [(r.lead, r.due_utc.astimezone(TZ)) for r in rows]


@pytest.mark.parametrize(
    ("first", "change"),
    [
        (local(2027, 3, 16, 19, 30), local(2027, 3, 28)),
        (local(2027, 10, 19, 19, 30), local(2027, 10, 31)),
    ],
    ids=["spring", "autumn"],
)
async def test_weekly_meeting_keeps_1930_across_dst(
    service: AgendaService, first: datetime, change: datetime
) -> None:
    now = (first - timedelta(days=20)).astimezone(UTC)
    request = parse_meeting(f"{first:%d-%m-%Y} 19:30 FTO | elke dinsdag", now, TZ)
    await service.add_meeting(GROUP, request, 11, now)
    meeting = (await service.storage.agenda.agenda_meetings(GROUP))[0]
    starts = meeting.to_event().occurrences(TZ, now, now + timedelta(weeks=8))
    assert {s.astimezone(TZ).time() for s in starts} == {time(19, 30)}
    assert {s.astimezone(TZ).utcoffset() for s in starts} == {
        timedelta(hours=1),
        timedelta(hours=2),
    }
    assert any(s < change.astimezone(UTC) for s in starts)
    assert any(s > change.astimezone(UTC) for s in starts)
    pending = await _pending(service)
    for lead, due in pending:
        assert due.time() == (time(17, 30) if lead == "2u" else time(9, 0))
    two_hours = sorted(due for lead, due in pending if lead == "2u")
    assert {d.utcoffset() for d in two_hours[:8]} == {timedelta(hours=1), timedelta(hours=2)}
    agenda = await service.agenda_html(GROUP, now)
    assert agenda.count("19:30 – FTO") == 6 and "18:30" not in agenda and "20:30" not in agenda


async def test_reminder_rows_follow_changes(service: AgendaService) -> None:
    now = local(2027, 1, 1, 12).astimezone(UTC)
    start = local(2027, 1, 20, 19, 30).astimezone(UTC)
    meeting = await service.add_meeting(GROUP, MeetingRequest("ALV", start), 11, now)
    assert [lead for lead, _ in await _pending(service)] == ["14d", "3d", "2u"]

    # New lead times: rows for leads that are gone disappear, a lead whose moment already
    # passed is not added (the 10d one), the overdue 14d row stays for the sender to judge.
    later = local(2027, 1, 10, 12).astimezone(UTC)
    await service.set_leads(GROUP, "14d 10d 1d 30m", later)
    assert [lead for lead, _ in await _pending(service)] == ["14d", "1d", "30m"]
    await service.storage.agenda.finish_agenda_reminders(
        [r.id for r in await service.storage.agenda.agenda_reminders(GROUP) if r.lead == "14d"],
        ReminderState.SENT,
        later,
    )

    # A follower gets a copy of each; unfollowing withdraws them again.
    await service.follow(MEMBER, GROUP, later)
    rows = await service.storage.agenda.agenda_reminders(GROUP, ReminderState.PENDING)
    assert sorted((r.target_chat, r.lead) for r in rows) == [
        (GROUP, "1d"),
        (GROUP, "30m"),
        (MEMBER, "1d"),
        (MEMBER, "30m"),
    ]
    await service.unfollow(MEMBER, GROUP, later)
    assert len(await _pending(service)) == 2

    # Syncing again changes nothing; cancelling withdraws the pending reminders.
    counts = await service.sync_group(GROUP, later)
    assert (counts.inserted, counts.deleted) == (0, 0)
    assert await service.cancel_meeting(GROUP, meeting.id, later) is not None
    assert await _pending(service) == []
    assert await service.cancel_meeting(GROUP, meeting.id, later) is None


async def test_milestones_use_day_leads_only(service: AgendaService) -> None:
    now = local(2027, 1, 1, 12).astimezone(UTC)
    await service.set_leads(GROUP, "1w 2u", now)
    schedule, added = await service.subscribe(GROUP, "zz-inkoop-2028", 11, now)
    assert added and schedule.id == "zz-inkoop-2028"
    assert (await service.subscribe(GROUP, "zz-inkoop-2028", 11, now))[1] is False
    pending = await _pending(service)
    assert len(pending) == len(schedule.items)  # one '1w' reminder per milestone, no '2u'
    assert {lead for lead, _ in pending} == {"1w"}
    assert {due.time() for _, due in pending} == {time(9, 0)}
    with pytest.raises(UnknownScheduleError):
        await service.subscribe(GROUP, "bestaat-niet", 11, now)
    with pytest.raises(LeadTimeError):
        await service.set_leads(GROUP, "0d", now)
    await service.unsubscribe(GROUP, "zz-inkoop-2028", now)
    assert await _pending(service) == []


async def test_delivery_on_time_late_and_skipped(service: AgendaService) -> None:
    setup = local(2027, 1, 1, 8).astimezone(UTC)
    await service.set_leads(GROUP, "3u 14u", setup)
    start = local(2027, 1, 2, 12).astimezone(UTC)
    await service.add_meeting(GROUP, MeetingRequest("Overleg", start, "Zwolle"), 11, setup)

    # 14u is due at 22:00 the evening before; found 13 h later it is skipped.
    # 3u is due at 09:00; found at 11:00 it is sent, marked as late.
    found = local(2027, 1, 2, 11).astimezone(UTC)
    outgoing = await service.due_reminders(found)
    assert [(o.reminder.lead, o.late) for o in outgoing] == [("3u", True)]
    assert "(later verstuurd)" in outgoing[0].html and "Zwolle" in outgoing[0].html
    assert "over 1 uur" in outgoing[0].html
    rows = {r.lead: r for r in await service.storage.agenda.agenda_reminders(GROUP)}
    assert rows["14u"].state == ReminderState.SKIPPED
    assert rows["3u"].state == ReminderState.SENDING

    # A second timer firing at the same moment gets nothing: the row is claimed.
    assert await service.due_reminders(found) == []
    await service.mark_sent(outgoing[0], found)
    assert (await service.storage.agenda.agenda_reminders(GROUP))[-1].state == ReminderState.SENT


async def test_claims_are_exclusive_and_released_after_a_crash(service: AgendaService) -> None:
    setup = local(2027, 1, 1, 8).astimezone(UTC)
    await service.set_leads(GROUP, "1u", setup)
    await service.add_meeting(
        GROUP, MeetingRequest("A", local(2027, 1, 1, 12).astimezone(UTC)), 11, setup
    )
    due = local(2027, 1, 1, 11).astimezone(UTC)
    first, second = await asyncio.gather(service.due_reminders(due), service.due_reminders(due))
    assert len(first) + len(second) == 1
    # The process dies before marking it sent: start-up hands the claim back, it is not lost.
    assert await service.storage.agenda.release_agenda_reminders() == 1
    again = await service.due_reminders(due + timedelta(seconds=30))
    assert len(again) == 1 and not again[0].late


async def test_cancelled_event_is_not_sent(service: AgendaService) -> None:
    setup = local(2027, 1, 1, 8).astimezone(UTC)
    await service.set_leads(GROUP, "1u", setup)
    meeting = await service.add_meeting(
        GROUP, MeetingRequest("A", local(2027, 1, 1, 12).astimezone(UTC)), 11, setup
    )
    await service.storage.agenda.cancel_agenda_meeting(
        GROUP, meeting.id, setup
    )  # no sync on purpose
    assert await service.due_reminders(local(2027, 1, 1, 11).astimezone(UTC)) == []
    rows = await service.storage.agenda.agenda_reminders(GROUP)
    assert [r.state for r in rows] == [ReminderState.CANCELLED]


async def test_export_round_trips_and_import_is_idempotent(service: AgendaService) -> None:
    now = local(2027, 6, 1, 12).astimezone(UTC)
    await service.subscribe(GROUP, "zz-inkoop-2028", 11, now)
    await service.add_meeting(
        GROUP, parse_meeting("15-06-2027 19:30 ALV | Zwolle", now, TZ), 11, now
    )
    exported = await service.calendars.export(GROUP, now, "RAO Zuid", None)
    assert exported is not None
    data, count = exported
    events = list(Calendar.from_ical(data).walk("VEVENT"))
    assert len(events) == count == 1 + 6  # ALV + the six milestones after 1 June 2027
    back = {e.title: e.start_utc for e in read_calendar(data, TZ, now).events}
    agenda_events = {e.title: e.start_utc for e in await service.events(GROUP)}
    assert back == {t: s for t, s in agenda_events.items() if s > now}

    # Back in its own group: nothing new. In another group: the meeting is new, the
    # milestones are the bot's own and never become meetings.
    own = await service.calendars.import_file(GROUP, data, 11, now)
    assert (own.counts.created, own.counts.updated, own.counts.unchanged) == (0, 0, 7)
    first = await service.calendars.import_file(OTHER, data, 11, now)
    assert (first.counts.created, first.counts.updated) == (1, 0)
    second = await service.calendars.import_file(OTHER, data, 11, now)
    assert (second.counts.created, second.counts.unchanged) == (0, 7)
    assert len(await service.storage.agenda.agenda_meetings(OTHER)) == 1


async def test_sync_all_and_schedule_choices(service: AgendaService) -> None:
    now = local(2027, 1, 1, 12).astimezone(UTC)
    await service.subscribe(GROUP, "zz-inkoop-2028", 11, now)
    await service.subscribe(OTHER, "zz-inkoop-2028", 11, now)
    await service.storage.agenda.release_agenda_reminders()
    counts = await service.sync_all(now)
    assert counts.inserted == 0
    assert [s.id for s in service.schedule_choices(now)] == ["zz-inkoop-2028"]
    assert service.schedule_choices(local(2030, 1, 1).astimezone(UTC)) == []


@pytest.mark.parametrize(
    ("days", "minutes", "label"),
    [
        (0, 0, "nu"),
        (0, 1, "over 1 minuut"),
        (0, 45, "over 45 minuten"),
        (0, 120, "over 2 uur"),
        (0, 600, "vandaag"),
        (1, 1500, "morgen"),
        (14, 20000, "over 14 dagen"),
    ],
)
def test_relative_label(days: int, minutes: int, label: str) -> None:
    from bot.texts.agenda import relative_label

    assert relative_label(days, minutes) == label
