"""Bar charts as PNG bytes for vote results and the maturity scan.

Uses matplotlib's object-oriented `Figure` with the Agg canvas and never pyplot: no global
figure registry, no display, safe to call from a worker thread. Charts are horizontal bars
(long Dutch labels wrap on the left) sized to stay readable on a phone screen.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Sequence
from fractions import Fraction
from functools import cache

from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from bot.polls.maturity import LEVELS, ScanResult, format_score
from bot.polls.rules import format_percent
from bot.texts import scan as scan_texts
from bot.texts import votes as vote_texts

_WIDTH_INCHES = 7.2
_DPI = 150
_LABEL_WRAP = 26
_BAR_COLOR = "#2a7ab0"
_LEVEL_COLORS = {1: "#9e9e9e", 2: "#f2a93b", 3: "#2a7ab0", 4: "#2e9e5b"}
_FONT = 13


@cache
def _drawable_codepoints() -> frozenset[int]:
    """What the chart font has glyphs for. Only matplotlib's bundled DejaVu Sans is certain on
    a fresh server, and it has only a few emoji: the others would come out as empty boxes."""
    maps = [
        font_manager.get_font(font_manager.findfont(font_manager.FontProperties(weight=w)))
        .get_charmap()
        .keys()
        for w in ("normal", "bold")  # the title is bold, and DejaVu Sans Bold has fewer glyphs
    ]
    return frozenset(maps[0] & maps[1])


def drawable(text: str) -> str:
    """The text without characters the font cannot draw, and with `$` kept literal (matplotlib
    would otherwise read text between two dollar signs as a formula)."""
    known = _drawable_codepoints()
    kept = "".join(ch for ch in text if ch in "\n" or ord(ch) in known)
    kept = "\n".join(re.sub(r"[ \t]{2,}", " ", line).strip() for line in kept.split("\n"))
    return kept.replace("$", r"\$")


def _label(label: str) -> str:
    # An option typed as emoji only keeps a visible stand-in rather than an empty label.
    return drawable(label) or (vote_texts.CHART_UNDRAWABLE if label.strip() else "")


def _wrap(label: str) -> str:
    return "\n".join(textwrap.wrap(label, _LABEL_WRAP)) or " "


def _figure(rows: int, max_label_lines: int) -> Figure:
    height = 1.6 + rows * max(0.62, 0.3 * max_label_lines + 0.25)
    return Figure(figsize=(_WIDTH_INCHES, height), dpi=_DPI)


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    FigureCanvasAgg(figure)  # attaches the Agg canvas; no pyplot, no global state
    figure.savefig(buffer, format="png", dpi=_DPI)
    return buffer.getvalue()


def render_bar_chart(
    title: str,
    labels: Sequence[str],
    counts: Sequence[int],
    subtitle: str | None = None,
    *,
    total: int | None = None,
) -> bytes:
    """Horizontal bars with the count and its share at each bar's end.

    Shares are of `total`, by default the sum of the counts; pass the number of voters for a
    multiple-choice poll so the chart agrees with the text result.
    """
    if len(labels) != len(counts):
        raise ValueError("labels and counts differ in length")
    if any(count < 0 for count in counts):
        raise ValueError("counts must not be negative")
    wrapped = [_wrap(_label(label)) for label in labels]
    figure = _figure(len(labels), max((w.count("\n") + 1 for w in wrapped), default=1))
    axes = figure.add_subplot()
    positions = list(range(len(labels)))
    axes.barh(positions, list(counts), color=_BAR_COLOR, height=0.6)
    axes.set_yticks(positions, wrapped, fontsize=_FONT)
    axes.invert_yaxis()  # first option on top, as typed

    base = sum(counts) if total is None else total
    top = max(counts, default=0)
    axes.set_xlim(0, max(top, 1) * 1.3)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel(vote_texts.CHART_VOTES_AXIS, fontsize=_FONT - 1)
    for position, count in zip(positions, counts, strict=True):
        share = format_percent(Fraction(count, base) if base else Fraction(0), decimals=0)
        axes.text(
            count + max(top, 1) * 0.02,
            position,
            f"{count} ({share})",
            va="center",
            fontsize=_FONT,
        )
    if sum(counts) == 0:
        axes.text(
            0.5,
            0.5,
            vote_texts.CHART_NO_VOTES,
            transform=axes.transAxes,
            ha="center",
            fontsize=_FONT,
            color="#666666",
        )
    _titles(figure, title, subtitle)
    return _png(figure)


def render_maturity_chart(result: ScanResult, title: str = scan_texts.SCAN_TITLE) -> bytes:
    """Mean score per statement (1-5), coloured by level, with the level cutoff marked."""
    statements = list(result.statements)
    wrapped = [_wrap(item.statement.short) for item in statements]
    figure = _figure(len(statements), max((w.count("\n") + 1 for w in wrapped), default=1))
    axes = figure.add_subplot()
    positions = list(range(len(statements)))
    means = [float(item.mean) if item.mean is not None else 0.0 for item in statements]
    colors = [_LEVEL_COLORS[item.statement.level] for item in statements]
    axes.barh(positions, means, color=colors, height=0.6)
    axes.set_yticks(positions, wrapped, fontsize=_FONT - 1)
    axes.invert_yaxis()
    axes.set_xlim(1, 5.6)
    axes.set_xticks([1, 2, 3, 4, 5])
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:g}"))
    axes.set_xlabel(scan_texts.SCAN_CHART_XLABEL, fontsize=_FONT - 2)
    cutoff = float(result.cutoff)
    axes.axvline(cutoff, color="#333333", linestyle="--", linewidth=1)
    for position, item in zip(positions, statements, strict=True):
        axes.text(
            max(means[position], 1) + 0.05,
            position,
            format_score(item.mean),
            va="center",
            fontsize=_FONT - 1,
        )
    used_levels = [level for level in LEVELS if any(s.statement.level == level for s in statements)]
    handles = [
        Patch(color=_LEVEL_COLORS[level], label=vote_texts.chart_level_legend(level))
        for level in used_levels
    ]
    if handles:
        axes.legend(
            handles=handles,
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            ncol=len(handles),
            frameon=False,
            fontsize=_FONT - 3,
        )
    subtitle = scan_texts.scan_chart_subtitle(
        result.respondents, format_score(result.cutoff), result.level
    )
    _titles(figure, title, subtitle)
    return _png(figure)


def _titles(figure: Figure, title: str, subtitle: str | None) -> None:
    title = drawable(title)
    subtitle = drawable(subtitle) if subtitle else subtitle
    figure.suptitle("\n".join(textwrap.wrap(title, 48)), fontsize=_FONT + 2, fontweight="bold")
    if subtitle:
        figure.text(0.5, 0.01, subtitle, ha="center", va="bottom", fontsize=_FONT - 3)
    for side in ("top", "right"):
        figure.axes[0].spines[side].set_visible(False)
    figure.tight_layout(rect=(0, 0.04 if subtitle else 0, 1, 1))
