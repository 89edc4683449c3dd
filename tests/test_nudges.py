"""What a private reminder says as its poll changes (bot.polls.nudges)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.polls import nudges
from bot.polls import records as pr
from bot.polls.rules import VotingUnit

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
OPEN = pr.PollRecord(
    4, 1, pr.StoredKind.MANDATE, "Mandaat <RESV>?", ("Voor", "Tegen", "Onthouding"),
    VotingUnit.PHARMACY, None, None, True, -1, 9, 1, NOW, NOW + timedelta(days=2), (), None,
)  # fmt: skip


def test_states_change_only_when_the_meaning_does() -> None:
    assert OPEN.closes_utc is not None
    assert nudges.state(OPEN, voted=False) == f"open|{OPEN.closes_utc.isoformat()}"
    moved = dataclasses.replace(OPEN, closes_utc=NOW + timedelta(days=5))
    assert nudges.state(moved, voted=False) != nudges.state(OPEN, voted=False)
    assert nudges.state(OPEN, voted=True).startswith("voted|")
    closed = dataclasses.replace(OPEN, closed_utc=NOW)
    assert nudges.state(closed, voted=True) == "closed-voted"
    assert nudges.state(closed, voted=False) == "closed"
    withdrawn = dataclasses.replace(closed, withdrawn_utc=NOW)
    assert nudges.state(withdrawn, voted=True) == "withdrawn"
    scan = dataclasses.replace(OPEN, kind=pr.StoredKind.SCAN)
    assert nudges.state(scan, voted=False) == "scan"
    assert nudges.text(scan, "scan", "Apotheek A", AMS) is None  # the member's questionnaire


def test_texts_say_what_is_true_now() -> None:
    shown = nudges.state(OPEN, voted=True)
    voted = nudges.text(OPEN, shown, "Apotheek <A>", AMS)
    assert voted is not None and voted.buttons
    assert "Voor Apotheek &lt;A&gt; is gestemd" in voted.text and "&lt;RESV&gt;" in voted.text
    closed = dataclasses.replace(OPEN, closed_utc=NOW)
    final = nudges.text(closed, "closed", "Apotheek A", AMS)
    assert final is not None and not final.buttons
    assert "is gesloten" in final.text and "Voor Apotheek A is niet gestemd" in final.text
    counted = nudges.text(closed, "closed-voted", "Apotheek A", AMS)
    assert counted is not None and "De stem voor Apotheek A telt mee" in counted.text
    gone = nudges.text(closed, "withdrawn", "Apotheek A", AMS)
    assert gone is not None and "ingetrokken" in gone.text and not gone.buttons
