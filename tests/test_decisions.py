"""The decision register's pure parts: outcome with review date, verdicts in words, CSV."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.polls import records as pr
from bot.polls.decisions import decision_row, parse_outcome, register_csv, verdict_text
from bot.polls.purpose import Purpose
from bot.polls.rules import DEFAULT_QUORUM, DEFAULT_THRESHOLD, PollInputError, VotingUnit
from bot.polls.tally import MANDATE_OPTIONS, PollKind, tally

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)


def test_an_outcome_may_carry_a_review_date() -> None:
    plain = parse_outcome("Het bestuur tekent.", NOW, AMS)
    assert plain.statement == "Het bestuur tekent." and plain.review is None
    dated = parse_outcome("Het bestuur tekent. | evalueren 1-6-2027", NOW, AMS)
    assert dated.statement == "Het bestuur tekent." and dated.review == date(2027, 6, 1)
    assert parse_outcome("A | Evaluatie: 2-6-2027 | B", NOW, AMS).statement == "A | B"
    with pytest.raises(PollInputError, match="evaluatiedatum klopt niet"):
        parse_outcome("A | evalueren 1-1-2020", NOW, AMS)
    with pytest.raises(PollInputError, match="ontbreekt de datum"):
        parse_outcome("A | evalueren", NOW, AMS)
    with pytest.raises(PollInputError, match="één evaluatiedatum"):
        parse_outcome("A | evalueren 1-6-2027 | evalueren 2-6-2027", NOW, AMS)
    with pytest.raises(PollInputError, match="uitkomst ontbreekt"):
        parse_outcome("| evalueren 1-6-2027", NOW, AMS)
    for typed in ("geen evaluatie", "Evalueren: geen", "niet evalueren"):
        dropped = parse_outcome(f"A | {typed}", NOW, AMS)
        assert dropped.statement == "A" and dropped.drop_review and dropped.review is None
    with pytest.raises(PollInputError, match="één evaluatiedatum"):
        parse_outcome("A | geen evaluatie | evalueren 1-6-2027", NOW, AMS)


def poll(kind: pr.StoredKind, purpose: Purpose | None, options: tuple[str, ...]) -> pr.PollRecord:
    return pr.PollRecord(
        3, 1, kind, "Vraag?", options, VotingUnit.PHARMACY, DEFAULT_QUORUM, DEFAULT_THRESHOLD,
        True, -1, None, 1, NOW, NOW, (), NOW + timedelta(hours=1), outcome="Gedaan",
        purpose=purpose, review_date=date(2027, 6, 1),
    )  # fmt: skip


def test_verdicts_in_words_per_kind() -> None:
    votes = [("p1", [0]), ("p2", [0]), ("p3", [1])]
    counted = tally(PollKind.MANDATE, MANDATE_OPTIONS, 4, votes)
    mandate = poll(pr.StoredKind.MANDATE, Purpose.MANDATE, MANDATE_OPTIONS)
    assert verdict_text(mandate, counted) == "✅ Mandaat verleend"
    advice = poll(pr.StoredKind.MANDATE, Purpose.CONSULTATION, MANDATE_OPTIONS)
    assert verdict_text(advice, counted).startswith("✅ Positief advies")
    few = tally(PollKind.MANDATE, MANDATE_OPTIONS, 10, votes)
    alv = poll(pr.StoredKind.MANDATE, Purpose.GENERAL_MEETING, MANDATE_OPTIONS)
    assert verdict_text(alv, few) == "❌ Niet aangenomen: quorum niet gehaald"
    older = poll(pr.StoredKind.MANDATE, None, MANDATE_OPTIONS)
    assert verdict_text(older, counted) == "✅ Mandaat verleend"
    quick = poll(pr.StoredKind.SINGLE, Purpose.CONSULTATION, ("di", "wo"))
    single = PollKind.SINGLE
    assert verdict_text(quick, tally(single, ("di", "wo"), 4, [])) == "Geen stemmen"
    assert verdict_text(quick, tally(single, ("di", "wo"), 4, [("p1", [1])])) == (
        "Meeste stemmen: wo (1)"
    )
    tie = tally(single, ("di", "wo"), 4, [("p1", [1]), ("p2", [0])])
    assert verdict_text(quick, tie) == "Gelijk: di en wo (1 elk)"


def test_the_register_as_csv() -> None:
    counted = tally(PollKind.MANDATE, MANDATE_OPTIONS, 4, [("p1", [0])])
    row = decision_row(poll(pr.StoredKind.MANDATE, Purpose.MANDATE, MANDATE_OPTIONS), counted)
    assert row.turnout == "opkomst 1 van 4 apotheken"
    lines = register_csv([row], AMS).decode("utf-8-sig").strip().split("\r\n")
    assert lines[0] == "Nr;Soort;Vraag;Gesloten op;Uitslag;Opkomst;Uitkomst;Evalueren op"
    assert lines[1] == (
        "3;Bestuursmandaat;Vraag?;01-06-2026;❌ Niet verleend: quorum niet gehaald;"
        "opkomst 1 van 4 apotheken;Gedaan;01-06-2027"
    )


def test_a_past_review_date_is_worded_as_a_day_without_a_time() -> None:
    """The review date is a day: the 09:00 used inside must not show in the reply."""
    yesterday = (NOW.astimezone(AMS) - timedelta(days=1)).date()
    with pytest.raises(PollInputError) as past:
        parse_outcome("A | evalueren gisteren", NOW, AMS)
    assert "ligt in het verleden" in past.value.message
    assert f"{yesterday.day} " in past.value.message and ":00" not in past.value.message
    late = NOW.astimezone(AMS).replace(hour=10)
    with pytest.raises(PollInputError) as today:
        parse_outcome("A | evalueren vandaag", late, AMS)
    assert "Vandaag" in today.value.message and ":00" not in today.value.message
