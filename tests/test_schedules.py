from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.agenda.events import AgendaEvent, render_agenda
from bot.agenda.schedules import (
    ScheduleFileError,
    check_schedules,
    item_start_utc,
    load_schedules,
    schedule_events,
)

TZ = ZoneInfo("Europe/Amsterdam")
SHIPPED = Path(__file__).resolve().parent.parent / "schedules"
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)

GOOD = """\
id: test-plan
title: Testplanning
source:
  title: Seed 004
items:
  - id: lijst
    date: 2027-07-31
    title: Deadline lijst
    description: Lever de vertegenwoordigingslijst aan.
    source_section: "§6.1"
    status: bevestigd
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_schedules_load() -> None:
    assert check_schedules(SHIPPED) == []
    schedules = load_schedules(SHIPPED)
    assert set(schedules) == {"zz-inkoop-2026", "zz-inkoop-2027", "zz-inkoop-2028", "resv-2026"}
    zz26 = schedules["zz-inkoop-2026"]
    assert [item.date for item in zz26.items] == [
        date(2025, 4, 1),
        date(2025, 7, 15),
        date(2025, 7, 31),
        date(2025, 9, 15),
        date(2025, 10, 1),
        date(2025, 10, 15),
        date(2025, 11, 12),
    ]
    assert {item.status for item in zz26.items} == {"bevestigd"}
    for year in (2027, 2028):
        later = schedules[f"zz-inkoop-{year}"]
        assert [i.date.replace(year=i.date.year - (year - 2026)) for i in later.items] == [
            i.date for i in zz26.items
        ]
        assert {item.status for item in later.items} == {"verwacht"}
        assert all("niet bevestigd" in item.description for item in later.items)
    resv = {item.id: item for item in schedules["resv-2026"].items}
    assert resv["deadline-resv-plan"].date == date(2026, 7, 15)
    assert resv["beoordeling-resv-plan"].date == date(2026, 9, 15)
    assert resv["handreiking-contractering"].date == date(2025, 10, 20)
    assert resv["aanvulling-regioplan"].date == date(2026, 9, 30)
    assert "Q3 2026" in resv["aanvulling-regioplan"].description


def test_future_reminders_exist_in_shipped_schedules() -> None:
    events = [e for s in load_schedules(SHIPPED).values() for e in schedule_events(s, TZ)]
    assert any(event.start_utc > NOW for event in events)
    assert len({event.uid for event in events}) == len(events)


def test_item_time_default_and_explicit(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD.replace("    status:", "    time: '17:00'\n    status:"))
    item = load_schedules(tmp_path)["test-plan"].items[0]
    assert item.local_time == time(17, 0)
    assert item_start_utc(item, TZ) == datetime(2027, 7, 31, 15, 0, tzinfo=UTC)
    write(tmp_path, "a.yaml", GOOD)
    item = load_schedules(tmp_path)["test-plan"].items[0]
    assert item_start_utc(item, TZ) == datetime(2027, 7, 31, 7, 0, tzinfo=UTC)  # 09:00 CEST


def test_problems_are_file_item_field_message(tmp_path: Path) -> None:
    broken = (
        GOOD.replace("2027-07-31", "31-07-2027")
        .replace("status: bevestigd", "status: zeker\n    colour: red")
        .replace("title: Seed 004", "title: Seed 004\n  url: niet-een-url")
    )
    write(tmp_path, "broken.yaml", broken)
    problems = check_schedules(tmp_path)
    assert "broken.yaml: lijst: date: use YYYY-MM-DD, like 2025-07-31" in problems
    assert any(p.startswith("broken.yaml: lijst: status: ") for p in problems)
    assert "broken.yaml: lijst: colour: Extra inputs are not permitted" in problems
    assert any(p.startswith("broken.yaml: -: source.url: ") for p in problems)
    for problem in problems:
        assert len(problem.split(": ", 3)) == 4


def test_unquoted_time_is_explained(tmp_path: Path) -> None:
    write(tmp_path, "t.yaml", GOOD.replace("    status:", "    time: 19:30\n    status:"))
    assert check_schedules(tmp_path) == [
        "t.yaml: lijst: time: quote the time, like '19:30' (YAML reads 19:30 as a number)"
    ]


def test_missing_item_id_uses_position(tmp_path: Path) -> None:
    write(tmp_path, "m.yaml", GOOD.replace("  - id: lijst\n    date:", "  - date:"))
    assert check_schedules(tmp_path) == ["m.yaml: #1: id: Field required"]


def test_duplicates(tmp_path: Path) -> None:
    item = GOOD.split("items:\n", 1)[1]
    write(tmp_path, "a.yaml", GOOD + item)
    write(tmp_path, "b.yaml", GOOD)
    problems = check_schedules(tmp_path)
    assert "a.yaml: lijst: id: duplicate item id" in problems
    assert "b.yaml: -: id: duplicate schedule id 'test-plan' (also in a.yaml)" in problems


def test_broken_yaml_names_file_and_line(tmp_path: Path) -> None:
    write(tmp_path, "bad.yaml", "id: x\ntitle: [unclosed\nitems: []\n")
    problems = check_schedules(tmp_path)
    assert len(problems) == 1
    assert problems[0].startswith("bad.yaml: -: yaml: line ")


def test_not_a_mapping_and_empty_items(tmp_path: Path) -> None:
    write(tmp_path, "list.yaml", "- 1\n- 2\n")
    write(tmp_path, "empty.yaml", GOOD.split("items:")[0] + "items: []\n")
    problems = check_schedules(tmp_path)
    assert problems[0].startswith("empty.yaml: -: items: ")
    assert problems[1].startswith("list.yaml: -: -: ")


def test_load_raises_with_all_problems(tmp_path: Path) -> None:
    write(tmp_path, "ok.yaml", GOOD)
    write(tmp_path, "bad.yaml", "id: [\n")
    with pytest.raises(ScheduleFileError) as err:
        load_schedules(tmp_path)
    assert len(err.value.problems) == 1
    assert check_schedules(tmp_path / "missing") == [
        f"{tmp_path / 'missing'}: -: -: directory not found"
    ]


def test_schedule_events() -> None:
    schedule = load_schedules(SHIPPED)["zz-inkoop-2028"]
    events = schedule_events(schedule, TZ)
    assert events[0].uid == "zz-inkoop-2028.publicatie-inkoopbeleid@rao-bot"
    assert events[0].kind == "milestone"
    assert events[0].status == "verwacht"
    assert events[0].source is not None and "§6.1" in events[0].source


def test_render_agenda_groups_by_month_and_escapes() -> None:
    events = [e for s in load_schedules(SHIPPED).values() for e in schedule_events(s, TZ)]
    events.append(
        AgendaEvent(
            uid="alv@rao-bot",
            kind="meeting",
            title="ALV <b>&</b> borrel",
            start_utc=datetime(2027, 1, 12, 18, 30, tzinfo=UTC),
            location="Zaal <1>",
            recurrence="FREQ=MONTHLY;BYDAY=2TU",
        )
    )
    now = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
    text = render_agenda(events, now, TZ, days=45)
    assert text.splitlines()[0] == "<b>Agenda</b> – komende 45 dagen"
    assert "<b>maart 2027</b>" in text and "<b>april 2027</b>" in text
    assert "• di 9 mrt 19:30 – ALV &lt;b&gt;&amp;&lt;/b&gt; borrel · Zaal &lt;1&gt;" in text
    assert "• do 1 apr hele dag – ZZ inkoop 2028: publicatie zorginkoopbeleid (verwacht)" in text
    assert "• di 13 apr 19:30 – ALV" in text  # after the DST change, still 19:30
    assert "<b>" not in text.replace("<b>Agenda</b>", "").replace("<b>maart 2027</b>", "").replace(
        "<b>april 2027</b>", ""
    )
    assert text.index("maart 2027") < text.index("april 2027")


def test_render_agenda_empty_and_long() -> None:
    now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    assert render_agenda([], now, TZ) == "Er staat de komende 60 dagen niets in de agenda."
    daily = [
        AgendaEvent(
            uid=f"e{i}",
            kind="meeting",
            title="Overleg met een vrij lange titel om de limiet te raken " * 2,
            start_utc=now + timedelta(hours=i + 1),
        )
        for i in range(200)
    ]
    text = render_agenda(daily, now, TZ, days=30)
    assert len(text) <= 4096
    assert "en nog" in text.splitlines()[-1]
