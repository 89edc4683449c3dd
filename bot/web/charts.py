"""Charts for the dashboard as inline SVG, drawn on the server with matplotlib.

matplotlib is imported on first use (it is most of a cold start), and only its
object-oriented Figure with the SVG canvas is used: no pyplot, no global state. Colours come
from the page (`currentColor`), so a chart follows Telegram's light or dark theme.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Sequence

_BAR = "#2a7ab0"
_WRAP = 20
_INK = "#010203"  # drawn in this colour, then replaced by currentColor


def bar_chart_svg(
    labels: Sequence[str],
    counts: Sequence[float],
    total: int | None = None,
    *,
    shares: bool = True,
) -> str:
    """Horizontal bars with the value (and its share of `total`, by default the sum); an SVG
    element to put in the page as it is."""
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    base = total if total is not None else sum(counts)
    wrapped = ["\n".join(textwrap.wrap(label, _WRAP)) or " " for label in labels]
    lines = max((w.count("\n") + 1 for w in wrapped), default=1)
    # 4.2 inches is about a phone's width in CSS pixels, so the 10 pt text stays readable.
    figure = Figure(figsize=(4.2, 0.6 + len(labels) * max(0.45, 0.22 * lines + 0.2)))
    FigureCanvasSVG(figure)
    axes = figure.add_subplot()
    positions = list(range(len(labels)))[::-1]
    axes.barh(positions, counts, color=_BAR)
    axes.set_yticks(positions, wrapped)
    top = max(counts, default=0)
    axes.set_xlim(0, max(1, top) * 1.35)
    for y, count in zip(positions, counts, strict=True):
        share = f" ({round(100 * count / base)} %)" if base and shares else ""
        value = f"{count:g}".replace(".", ",")
        axes.text(count, y, f" {value}{share}", va="center", color=_INK)
    axes.set_xticks([])
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    axes.tick_params(colors=_INK, length=0)
    axes.spines["left"].set_color(_INK)
    figure.patch.set_alpha(0)
    axes.patch.set_alpha(0)
    figure.tight_layout()
    buffer = io.StringIO()
    from matplotlib import rc_context

    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "rao"}):
        figure.savefig(buffer, format="svg", transparent=True)
    svg = buffer.getvalue()
    # Keep the <svg> element only (no XML prolog or doctype) and let it scale with the page.
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1 width="100%"', svg, count=1)
    return svg.replace(_INK, "currentColor")
