"""Legends: ``Legended[g, LineLegend[styles, labels]]`` (what the plotting functions give
for ``PlotLegends``), ``PointLegend``, ``SwatchLegend``, ``Placed[legend, pos]``, and a
Graphics' own ``PlotLegends -> {labels}`` (one entry per top-level group).

An entry is ``(label, kind, Style)``: kind ``line`` draws a short line, ``points`` a
marker, anything else a filled swatch.  The legend is drawn to the right of the plot
area, as the Wolfram Language places it by default.
"""

from __future__ import annotations

from wlnet.core.expr import Expr, Symbol
from wlnet.graphics.options import plain_text
from wlnet.graphics.style import Style, apply_directive
from wlnet.graphics.values import is_list

__all__ = ["legend_entries", "draw_legend", "LEGEND_KINDS"]

LEGEND_KINDS = {"LineLegend": "line", "PointLegend": "points", "SwatchLegend": "swatch"}


def legend_entries(e, warn) -> list:
    if type(e) is Expr and e.head is Symbol("Placed") and e.args:
        return legend_entries(e.args[0], warn)
    head = e.head.name if type(e) is Expr and type(e.head) is Symbol else None
    if head in LEGEND_KINDS and len(e.args) >= 2 and is_list(e.args[0]) and is_list(e.args[1]):
        kind = LEGEND_KINDS[head]
        return [(plain_text(label), kind, _style(spec))
                for spec, label in zip(e.args[0].args, e.args[1].args)]
    warn("Legended", "nolgd", e)
    return []


def _style(spec) -> Style:
    style = Style(thickness=(1.6, False))
    return apply_directive(style, spec) or style


def literal(text: str) -> str:
    """Text shown as it is: matplotlib would read ``$…$`` as mathematics."""
    return text.replace("$", "\\$")


def draw_legend(ax, entries) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    handles = []
    for label, kind, style in entries:
        if kind == "line":
            handle = Line2D([], [], color=style.rgba(), linewidth=max(style.line_width(300), 1.0),
                            linestyle=style.dash_pattern(300) or "-")
        elif kind == "points":
            handle = Line2D([], [], color=style.rgba(), marker="o", linestyle="none",
                            markersize=6)
        else:
            handle = Patch(facecolor=style.face_rgba(), edgecolor="none")
        handles.append((handle, label))
    ax.legend([h for h, _ in handles], [literal(label) for _, label in handles],
              loc="center left", bbox_to_anchor=(1.02, 0.5), frameon=False,
              handlelength=1.6, borderaxespad=0.0)
