"""Counts in Dutch replies: the singular for exactly one, the plural otherwise (also zero)."""

from __future__ import annotations

import pytest

from bot.texts import agenda, roster, vote_kinds, votes
from bot.texts.common import join_words, one_or_many, plural


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 apotheken"), (1, "1 apotheek"), (2, "2 apotheken"), (11, "11 apotheken")],
)
def test_plural(count: int, expected: str) -> None:
    assert plural(count, "apotheek", "apotheken") == expected


def test_one_or_many_is_the_word_only() -> None:
    assert [one_or_many(n, "houdt", "houden") for n in (0, 1, 2)] == ["houden", "houdt", "houden"]


def test_join_words() -> None:
    assert join_words([]) == ""
    assert join_words(["a"]) == "a"
    assert join_words(["a", "b"]) == "a en b"
    assert join_words(["a", "b", "c"]) == "a, b en c"


def test_open_votes_during_an_import_agree_with_their_number() -> None:
    one = vote_kinds.import_during_vote([(1, 3, "apotheek", "apotheken")])
    assert one.startswith("Let op: de lopende stemming #1 (3 apotheken) houdt de ledenlijst")
    two = vote_kinds.import_during_vote(
        [(1, 3, "apotheek", "apotheken"), (2, 1, "apotheek", "apotheken")]
    )
    assert two.startswith(
        "Let op: de lopende stemmingen #1 (3 apotheken) en #2 (1 apotheek) houden de ledenlijst"
    )


def test_counts_in_replies() -> None:
    assert votes.turnout_line(0, 1, "0 %", "apotheek", "apotheken") == (
        "Opkomst: 0 van 1 apotheek (0 %)"
    )
    assert votes.turnout_line(0, 2, "0 %", "lid", "leden") == "Opkomst: 0 van 2 leden (0 %)"
    assert votes.scan_turnout_line(1, 1) == "Helemaal ingevuld: 1 van 1 lid"
    imported = roster.roster_imported("RAO", 1, 0, 0, 1, 1)
    assert "1 Telegram-gebruiker toegevoegd. Er staat nu 1 apotheek op de lijst." in imported
    imported = roster.roster_imported("RAO", 2, 0, 0, 0, 2)
    assert "0 Telegram-gebruikers toegevoegd. Er staan nu 2 apotheken op de lijst." in imported
    assert "Er wacht nog 1 andere aanmelding" in roster.pending_elsewhere(1)
    assert "Er wachten nog 2 andere aanmeldingen" in roster.pending_elsewhere(2)
    assert agenda.duration_label(61) == "1 uur en 1 minuut"
    assert agenda.duration_label(1) == "1 minuut"
    assert "1 afspraak of mijlpaal. Open het bestand om hem" in agenda.ics_caption("G", 1)
    assert "3 afspraken en mijlpalen. Open het bestand om ze" in agenda.ics_caption("G", 3)


def test_a_reminder_report_for_a_large_rao_fits_one_telegram_message() -> None:
    """Found by an exploratory test (session 4): with about 50 unreachable pharmacies the
    report passed 4096 characters, Telegram refused it and the board heard nothing."""
    from bot.texts.board import reminder_report

    problems = [
        f"Apotheek nummer {i}: nog geen lid met Telegram op de ledenlijst" for i in range(300)
    ]
    text = reminder_report(1, 0, problems)
    assert len(text) < 4096
    assert "Apotheek nummer 0:" in text and "… en nog " in text
    shown = text.count("• ")
    assert f"… en nog {300 - shown}." in text
    assert reminder_report(1, 2, problems[:3]).count("• ") == 3


def test_every_board_action_kept_has_a_label_in_the_summary() -> None:
    """/mijngegevens counts the board's actions by the labels in texts/privacy: a column the
    repository keeps without a label there would be left out of the summary silently."""
    from bot.storage.privacy import BOARD_ACTIONS
    from bot.texts.privacy import BOARD_ACTIONS as LABELS

    kept = {(table, column) for table, columns, _ in BOARD_ACTIONS for column in columns}
    assert kept == set(LABELS)
