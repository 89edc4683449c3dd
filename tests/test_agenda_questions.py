"""Milestones in the question search (part 6): the date, bevestigd/verwacht and the source."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.agenda.questions import milestone_renderer, milestone_searchables, phrasings
from bot.agenda.schedules import load_schedules
from bot.assembly import build_knowledge
from bot.knowledge.replies import result_reply

ROOT = Path(__file__).resolve().parents[1]
TZ = ZoneInfo("Europe/Amsterdam")


def test_questions_about_deadlines_answer_with_date_status_and_source() -> None:
    knowledge = build_knowledge()
    result = knowledge.index.search("wanneer moet het resv-plan af")
    assert result.outcome == "answer" and result.best is not None
    assert result.best.id == "m:resv-2026:deadline-resv-plan"
    html = result_reply(knowledge, result).html
    assert "wo 15 jul 2026" in html and "bevestigd" in html
    assert "KNMP, De apotheker in het RESV" in html and "slide Planning" in html

    result = knowledge.index.search("deadline vertegenwoordigingslijst")
    assert result.outcome == "answer" and result.best is not None
    assert result.best.id.startswith("m:zz-inkoop-") and result.best.id.endswith(
        ":vertegenwoordigingslijst"
    )
    html = result_reply(knowledge, result).html
    assert "31 jul" in html and "Zorg en Zekerheid" in html
    assert "bevestigd" in html or "verwacht" in html


def test_term_questions_still_find_the_term() -> None:
    knowledge = build_knowledge()
    for query, entry in [("wat is een resv-plan", "resv-plan"), ("vertegenwoordigingslijst", None)]:
        result = knowledge.index.search(query)
        assert result.best is not None and not result.best.id.startswith("m:"), query
        if entry:
            assert result.best.id == entry


def test_the_next_cycle_answers_when_the_last_one_passed() -> None:
    schedules = load_schedules(ROOT / "schedules")
    render = milestone_renderer(schedules, TZ, clock=lambda: datetime(2026, 8, 1, 12, tzinfo=UTC))
    html = render("m:zz-inkoop-2026:vertegenwoordigingslijst")
    assert "za 31 jul 2027" in html and "verwacht" in html  # 2026's date passed: next cycle
    render = milestone_renderer(schedules, TZ, clock=lambda: datetime(2026, 7, 1, 12, tzinfo=UTC))
    assert "vr 31 jul 2026" in render("m:zz-inkoop-2028:vertegenwoordigingslijst")
    late = milestone_renderer(schedules, TZ, clock=lambda: datetime(2031, 1, 1, tzinfo=UTC))
    assert "(al voorbij)" in late("m:zz-inkoop-2028:vertegenwoordigingslijst")
    assert "ken ik niet" in late("m:nergens:niets")


def test_the_other_years_of_a_milestone_are_shown_too() -> None:
    """Exploratory test (session 4): asked for inkoop 2027, the answer gave only the 2028
    date; the other years' dates now come along, each with its year in the title."""
    schedules = load_schedules(ROOT / "schedules")
    render = milestone_renderer(schedules, TZ, clock=lambda: datetime(2026, 11, 30, tzinfo=UTC))
    html = render("m:zz-inkoop-2028:vertegenwoordigingslijst")
    assert "za 31 jul 2027" in html and "Andere jaren:" in html
    assert "ZZ inkoop 2027: deadline vertegenwoordigingslijst: vr 31 jul 2026 (al voorbij)" in html


def test_one_searchable_per_recurring_kind() -> None:
    schedules = load_schedules(ROOT / "schedules")
    items = milestone_searchables(schedules, TZ, datetime(2026, 8, 1, tzinfo=UTC))
    ids = [i.id for i in items]
    assert len([i for i in ids if i.endswith(":vertegenwoordigingslijst")]) == 1
    assert "m:zz-inkoop-2028:vertegenwoordigingslijst" in ids
    assert len(ids) == len(set(ids))


def test_phrasings() -> None:
    aliases, questions = phrasings("RESV: deadline RESV-plan")
    assert "deadline RESV-plan" in aliases and "deadline RESVplan" in aliases
    assert "wanneer moet RESV-plan af" in questions


def test_rao_bot_ask_json() -> None:
    output = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ask", "--json", "deadline vertegenwoordigingslijst"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = json.loads(output)
    assert result["outcome"] == "answer" and result["id"].endswith(":vertegenwoordigingslijst")


def test_questions_collected_for_a_milestone_count_for_every_years_occurrence(
    tmp_path: Path,
) -> None:
    # The schedule id in a milestone's search id changes with the year ("m:zz-inkoop-2028:x"),
    # so collected questions are kept as "m:*:x" and reach whichever year is indexed.
    from bot.knowledge.asked import Asked, read_asked
    from bot.knowledge.search import Searchable, SearchIndex, asked_about

    answered = {"m:*:terugkoppeling": ["wanneer horen we of de lijst goed is"]}
    assert (
        asked_about(answered, "m:zz-inkoop-2028:terugkoppeling") == answered["m:*:terugkoppeling"]
    )
    assert asked_about(answered, "terugkoppeling") == []
    items = [
        Searchable("m:zz-inkoop-2028:terugkoppeling", "ZZ inkoop 2028: terugkoppeling lijst"),
        Searchable("lijst", "Lijst van apotheken"),
    ]
    index = SearchIndex.build(items, asked=Asked(answered))
    assert index.score_all("wanneer horen we of het goed is")[0].id == items[0].id

    path = tmp_path / "asked.yaml"
    path.write_text("answered:\n  'm:*:x-1': [a]\n  'm:*:': [b]\n  nope: [c]\n", "utf-8")
    asked, problems = read_asked(path, {"lijst"})
    assert list(asked.answered) == ["m:*:x-1"]
    assert problems == ["answered: unknown entry id 'm:*:'", "answered: unknown entry id 'nope'"]
