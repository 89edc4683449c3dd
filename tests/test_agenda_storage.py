"""The agenda repository after migration 007: series with their exceptions, ends, all-day
meetings, imports applied at once, group settings and linked groups (rows in, rows out)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.agenda.events import OccurrenceOverride
from bot.agenda.records import AgendaSettings, MeetingDraft
from bot.polls.rules import VotingUnit
from bot.storage import Storage

TZ = ZoneInfo("Europe/Amsterdam")
GROUP, OTHER = -1001, -1002
NOW = datetime(2027, 1, 1, 12, tzinfo=UTC)


def utc(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, month, day, hour, minute, tzinfo=TZ).astimezone(UTC)


SERIES = MeetingDraft(
    chat_id=GROUP,
    uid="fto@rao-bot",
    title="FTO",
    start_utc=utc(1, 5, 19, 30),
    origin="chat",
    location="online",
    recurrence="FREQ=WEEKLY;BYDAY=TU",
    created_by=11,
    end_utc=utc(1, 5, 21, 30),
    exdates=(utc(1, 12, 19, 30),),
    overrides=(
        OccurrenceOverride(utc(1, 19, 19, 30), utc(1, 20, 20), utc(1, 20, 22), "FTO extra"),
    ),
)


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    store = Storage(tmp_path / "agenda.sqlite3")
    await store.open()
    yield store
    await store.close()


async def test_series_round_trips_with_exceptions(storage: Storage) -> None:
    meeting = await storage.agenda.add_agenda_meeting(SERIES, NOW)
    assert (meeting.end_utc, meeting.exdates, meeting.overrides) == (
        SERIES.end_utc,
        SERIES.exdates,
        SERIES.overrides,
    )
    assert meeting.to_event().expand(TZ, NOW, utc(1, 27, 0))[1].title == "FTO extra"

    shorter = replace(SERIES, recurrence="FREQ=WEEKLY;COUNT=2;BYDAY=TU", overrides=())
    await storage.agenda.update_agenda_meeting(meeting.id, shorter, NOW)
    (loaded,) = await storage.agenda.agenda_meetings(GROUP)
    assert loaded.recurrence == shorter.recurrence and loaded.overrides == ()
    assert loaded.exdates == SERIES.exdates and loaded.uid == SERIES.uid


async def test_import_applied_at_once_and_all_day_kept(storage: Storage) -> None:
    old = await storage.agenda.add_agenda_meeting(SERIES, NOW)
    day = MeetingDraft(
        chat_id=GROUP,
        uid="studiedag",
        title="Studiedag",
        start_utc=utc(2, 5, 9),
        origin="ics",
        end_utc=utc(2, 6, 9),
        all_day=True,
        tzid="Europe/London",
        source="name:KNMP|Google Inc",
    )
    renamed = replace(SERIES, title="FTO (nieuw)")
    await storage.agenda.save_agenda_import([day], [(old.id, renamed)], [], NOW)
    meetings = {m.uid: m for m in await storage.agenda.agenda_meetings([GROUP, OTHER])}
    assert meetings["studiedag"].all_day and meetings["studiedag"].source == day.source
    assert meetings["studiedag"].tzid == "Europe/London"
    assert meetings["fto@rao-bot"].title == "FTO (nieuw)"
    assert await storage.agenda.cancel_agenda_meetings([old.id, old.id], NOW) == 1
    assert [m.uid for m in await storage.agenda.agenda_meetings(GROUP)] == ["studiedag"]
    cancelled = await storage.agenda.agenda_meetings(GROUP, include_cancelled=True)
    assert {m.uid: m.cancelled for m in cancelled} == {"fto@rao-bot": True, "studiedag": False}


async def test_group_settings(storage: Storage) -> None:
    assert await storage.agenda.agenda_settings(GROUP) == AgendaSettings()
    await storage.agenda.set_agenda_leads(GROUP, "1d", NOW)
    await storage.agenda.set_agenda_default_minutes(GROUP, 90, NOW)
    await storage.agenda.set_agenda_post_reminders(GROUP, False, NOW + timedelta(seconds=1))
    assert await storage.agenda.agenda_settings(GROUP) == AgendaSettings("1d", 90, False)
    await storage.agenda.set_agenda_default_minutes(GROUP, None, NOW)
    assert (await storage.agenda.agenda_settings(GROUP)).default_minutes is None


async def test_linked_chats_follow_the_organisation(storage: Storage) -> None:
    assert await storage.agenda.linked_chats(GROUP) == [GROUP]
    org = await storage.orgs.add_for_chat(GROUP, "RAO Zuid", VotingUnit.PHARMACY)
    async with storage.orgs.transaction() as tx:
        await tx.link(OTHER, org.id, NOW + timedelta(seconds=1))
    assert await storage.agenda.linked_chats(OTHER) == [GROUP, OTHER]
    assert await storage.agenda.linked_chats(GROUP) == [GROUP, OTHER]
    assert await storage.agenda.linked_chats(-1003) == [-1003]
