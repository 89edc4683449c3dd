from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from bot.polls.export import (
    RepresentedPharmacy,
    VoteEvent,
    representation_list_csv,
    vote_events_csv,
)

BOM = b"\xef\xbb\xbf"

EVENTS = [
    VoteEvent("Apotheek Zuid", "Bert", datetime(2026, 7, 1, 8, 30, tzinfo=UTC), "Tegen"),
    VoteEvent("Apotheek De Linde", "Anna", datetime(2026, 1, 15, 9, 0, 5, tzinfo=UTC), "Voor"),
    VoteEvent("Apotheek Zuid", "Bert", datetime(2026, 7, 1, 9, 0, tzinfo=UTC), "Voor"),
]


def rows_of(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data[len(BOM) :].decode("utf-8")), delimiter=";"))


def test_vote_events_open_vote() -> None:
    data = vote_events_csv(EVENTS, secret=False)
    assert b"\r\n" in data
    assert rows_of(data) == [
        ["Tijdstip", "Namens", "Lid", "Keuze"],
        ["15-01-2026 10:00", "Apotheek De Linde", "Anna", "Voor"],
        ["01-07-2026 10:30", "Apotheek Zuid", "Bert", "Tegen"],
        ["01-07-2026 11:00", "Apotheek Zuid", "Bert", "Voor"],
    ]


def test_vote_events_secret_vote_omits_choice() -> None:
    rows = rows_of(vote_events_csv(EVENTS, secret=True))
    assert rows[0] == ["Tijdstip", "Namens", "Lid"]
    assert all(len(row) == 3 for row in rows)
    assert not any("Voor" in cell or "Tegen" in cell for row in rows for cell in row)


def test_vote_events_empty() -> None:
    assert rows_of(vote_events_csv([], secret=False)) == [["Tijdstip", "Namens", "Lid", "Keuze"]]


def test_vote_events_require_aware_times() -> None:
    with pytest.raises(ValueError):
        vote_events_csv([VoteEvent("a", "b", datetime(2026, 1, 1), "Voor")], secret=False)


def test_formula_injection_is_defused_and_separators_quoted() -> None:
    event = VoteEvent("Apotheek; Noord", '=HYPERLINK("x")', datetime(2026, 1, 1, tzinfo=UTC), "@x")
    rows = rows_of(vote_events_csv([event], secret=False))
    assert rows[1][1:] == ["Apotheek; Noord", '\'=HYPERLINK("x")', "'@x"]


def test_representation_list() -> None:
    data = representation_list_csv(
        [
            RepresentedPharmacy("Apotheek Zuid", "06012346"),
            RepresentedPharmacy("apotheek De Linde", None),
            RepresentedPharmacy("Apotheek Één", "06012345"),
        ]
    )
    assert rows_of(data) == [
        ["Apotheek", "AGB-code"],
        ["apotheek De Linde", ""],
        ["Apotheek Zuid", "06012346"],
        ["Apotheek Één", "06012345"],
    ]
    assert "Één".encode() in data
