from __future__ import annotations

import warnings

import pytest

from bot.polls.chart import drawable, render_bar_chart, render_maturity_chart
from bot.polls.maturity import STATEMENTS, scan_result

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_bar_chart_is_png() -> None:
    png = render_bar_chart(
        "Geef je het bestuur mandaat voor het RESV-plan?",
        ["Voor", "Tegen", "Onthouding"],
        [8, 2, 1],
        "Opkomst: 11 van 12 apotheken",
    )
    assert png.startswith(PNG_MAGIC)
    assert len(png) > 5_000


def test_bar_chart_without_votes_and_long_labels() -> None:
    labels = ["een heel lange optie die over meerdere regels moet worden afgebroken " * 2, "kort"]
    png = render_bar_chart("Peiling", labels, [0, 0])
    assert png.startswith(PNG_MAGIC)


def test_bar_chart_multiple_choice_total() -> None:
    png = render_bar_chart("Meerkeuze", ["a", "b"], [3, 2], total=3)
    assert png.startswith(PNG_MAGIC)


def test_bar_chart_rejects_mismatched_input() -> None:
    with pytest.raises(ValueError):
        render_bar_chart("x", ["a"], [1, 2])
    with pytest.raises(ValueError):
        render_bar_chart("x", ["a"], [-1])


def test_maturity_chart_is_png() -> None:
    answers = {f"lid{i}": {s.key: 1 + (i + s.level) % 5 for s in STATEMENTS} for i in range(5)}
    assert render_maturity_chart(scan_result(answers)).startswith(PNG_MAGIC)
    assert render_maturity_chart(scan_result({})).startswith(PNG_MAGIC)


def test_emoji_and_dollars_never_reach_the_font_as_boxes_or_formulas() -> None:
    """DejaVu Sans (bundled with matplotlib) has few emoji: drawing another warns "Glyph missing"
    and shows an empty box. Such characters are left out; `$` stays a literal dollar."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a warning: make it fail the test
        png = render_bar_chart(
            "Mandaat RESV? 😀💊 🇳🇱",
            ["Voor 👍🏽", "👎", "Tegen"],
            [2, 1, 0],
            "Opkomst 👪 3 van 3",
        )
    assert png.startswith(PNG_MAGIC)
    assert drawable("Mandaat  💊 RESV? 👍🏽") == "Mandaat RESV?"
    assert drawable("tussen $5 en $6") == r"tussen \$5 en \$6"
    assert drawable("Ëén café – ‘ok’ €") == "Ëén café – ‘ok’ €"
