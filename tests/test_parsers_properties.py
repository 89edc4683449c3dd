"""Every parser of user input, fed random text: a correct result or a clear Dutch error, never
a crash (issue 12, inputs). Errors the user can fix are `UserFacingError`s with a message."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.agenda.ics_import import ImportBudget, read_calendar
from bot.agenda.meeting_input import read_meeting
from bot.agenda.reminders import parse_lead_times
from bot.agenda.schedules import load_valid_schedules
from bot.dutch_dates import read_moment
from bot.dutch_recurrence import parse_recurrence
from bot.errors import UserFacingError
from bot.knowledge.loader import check_knowledge
from bot.polls.mandate_command import (
    parse_closing_moment,
    parse_mandate_command,
    parse_poll_command,
)
from bot.polls.roster_csv import parse_roster_csv

TZ = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)  # the night before summer time starts
QUICK = settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)

# Words the parsers react to, mixed with anything: random text alone rarely reaches the code.
WORDS = st.sampled_from(
    [
        "morgen", "overmorgen", "over", "dagen", "weken", "volgende", "week", "dinsdag",
        "vrijdag", "om", "uur", "19:30", "17:00", "tot", "21:30", "elke", "tweede", "laatste",
        "maand", "eerste", "maandag", "31", "juli", "2027", "99999999999999999999", "|",
        "sluit", "quorum", "85%", "0,85", "2/3", "drempel", "openbaar", "per", "lid", "apotheek",
        "m", "u", "d", "min", "-", ":", "ja", "nee", "10", "0", "%", "dag",
    ]
)  # fmt: skip
PHRASES = st.one_of(
    st.text(max_size=60),
    st.lists(st.one_of(WORDS, st.text(max_size=6)), max_size=12).map(" ".join),
)


def _no_crash(call: object) -> None:
    assert callable(call)
    try:
        call()
    except UserFacingError as exc:
        assert exc.message.strip(), "an error the user reads must say something"


@QUICK
@given(PHRASES)
def test_dates(text: str) -> None:
    _no_crash(lambda: read_moment(text, NOW, TZ))
    _no_crash(lambda: read_moment(text, NOW, TZ, require_time=True, allow_fallback=False))


@QUICK
@given(PHRASES)
def test_lead_times_and_recurrence(text: str) -> None:
    _no_crash(lambda: parse_lead_times(text))
    _no_crash(lambda: parse_recurrence(text))


@QUICK
@given(PHRASES, PHRASES)
def test_one_line_vote_syntax(question: str, rest: str) -> None:
    _no_crash(lambda: parse_mandate_command(f"/mandaat {question} | {rest}", NOW, TZ))
    _no_crash(lambda: parse_poll_command(f"/peiling {question} | {rest}", NOW, TZ))
    _no_crash(lambda: parse_closing_moment(rest, NOW, TZ))


@QUICK
@given(PHRASES, st.text(max_size=30))
def test_meetings(head: str, tail: str) -> None:
    _no_crash(lambda: read_meeting(f"{head} | {tail}", NOW, TZ))
    _no_crash(lambda: read_meeting(head, NOW + timedelta(days=200), TZ))


@QUICK
@given(
    st.one_of(
        st.binary(max_size=400),
        st.lists(
            st.lists(st.one_of(st.text(max_size=12), st.sampled_from(["apotheek", "agb"]))).map(
                ";".join
            ),
            max_size=6,
        ).map(lambda rows: "\n".join(["apotheek;agb;telegram", *rows]).encode()),
    )
)
def test_roster_csv(data: bytes) -> None:
    _no_crash(lambda: parse_roster_csv(data))


ICS_LINES = st.sampled_from(
    [
        "BEGIN:VEVENT", "END:VEVENT", "UID:x@y", "SUMMARY:ALV", "DTSTART:20270101T190000Z",
        "DTSTART;VALUE=DATE:20270101", "DTEND:20270101T210000Z", "RRULE:FREQ=WEEKLY;COUNT=3",
        "RRULE:FREQ=SECONDLY", "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
        "EXDATE:20270108T190000Z", "DTSTART;TZID=W. Europe Standard Time:20270101T190000",
        "DURATION:PT1H", "RECURRENCE-ID:20270108T190000Z", "garbage",
    ]
)  # fmt: skip


@QUICK
@given(st.one_of(st.binary(max_size=300), st.lists(ICS_LINES, max_size=14)))
def test_ics_files(content: bytes | list[str]) -> None:
    data = (
        content
        if isinstance(content, bytes)
        else "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", *content, "END:VCALENDAR"]).encode()
    )
    _no_crash(lambda: read_calendar(data, TZ, NOW, ImportBudget()))


YAML_TEXT = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        [
            "entries: []",
            "entries:\n  - id: x\n    title: X",
            "entries: 5",
            "- a\n- b",
            "id: [",
            "schedule: {id: x, items: [{id: a, date: 2027-02-30}]}",
        ]
    ),
)


@settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(YAML_TEXT)
def test_knowledge_and_schedule_yaml(text: str) -> None:
    """A broken file is reported as a problem, never a crash."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "entries.yaml").write_text(text, encoding="utf-8")
        problems = check_knowledge(Path(folder))
        assert isinstance(problems, list)
        (Path(folder) / "schedule.yaml").write_text(text, encoding="utf-8")
        schedules, errors = load_valid_schedules(Path(folder))
        assert isinstance(schedules, dict) and isinstance(errors, list)


def test_huge_numbers_get_a_dutch_reply() -> None:
    """Inputs that ended in a traceback before (issue 12): now a clear "too far" message."""
    calls: list[Callable[[], object]] = [
        lambda: parse_lead_times("99999999999999999999999m"),
        lambda: parse_closing_moment("over 99999999999999999999 dag", NOW, TZ),
        lambda: parse_mandate_command(
            "/mandaat Mandaat? | sluit over 99999999999999999999 dag", NOW, TZ
        ),
    ]
    for call in calls:
        with pytest.raises(UserFacingError) as refused:
            call()
        assert "te ver" in refused.value.message, refused.value.message
