"""Legends: ``Legended[g, LineLegend[styles, labels]]`` (what the plotting functions give
for ``PlotLegends``), ``PointLegend``, ``SwatchLegend``, ``Placed[legend, pos]``, and a
Graphics' own ``PlotLegends -> {labels}`` (one entry per top-level group).

An entry is ``(label, kind, Style)``: kind ``line`` draws a short line, ``points`` a
marker, anything else a filled swatch.  ``BarLegend[{{c1, c2, …}, {min, max}}]`` (or
``BarLegend[{colours, range}, {v1, v2, …}]`` marking contour values) is a colour bar, the
colours spread evenly from min to max: its entry is ``("", "bar", (rgb rows, min, max,
marks))``.  The legend is drawn to the right of the plot area, as the Wolfram Language
places it by default.
"""

from __future__ import annotations

from wlnet.core.expr import Expr, String, Symbol
from wlnet.graphics.options import label_text, plain_text
from wlnet.graphics.style import Style, apply_directive
from wlnet.graphics.values import is_list

__all__ = ["legend_entries", "draw_legend", "draw_colour_bar", "LEGEND_KINDS"]

LEGEND_KINDS = {"LineLegend": "line", "PointLegend": "points", "SwatchLegend": "swatch"}


def legend_position(e):
    """The position of ``Placed[legend, position]`` (None: the default, After)."""
    if type(e) is Expr and e.head is Symbol("Placed") and len(e.args) >= 2:
        return e.args[1]
    return None


# matplotlib's (loc, anchor in axes fractions, columns: one row or one column) of a place
_AFTER = ("center left", (1.02, 0.5), False)
_BEFORE = ("center right", (-0.12, 0.5), False)
_ABOVE = ("lower center", (0.5, 1.02), True)
_BELOW = ("upper center", (0.5, -0.1), True)
_PLACES = {"After": _AFTER, "Right": _AFTER, "Before": _BEFORE, "Left": _BEFORE,
           "Above": _ABOVE, "Top": _ABOVE, "Below": _BELOW, "Bottom": _BELOW}


def _placement(where, gap: float):
    """(loc, anchor, one row?) of a legend position: a side, or {x, y} in the plot area's
    scaled coordinates (Scaled[{x, y}] too)."""
    from wlnet.graphics.values import point
    name = getattr(where, "name", None)
    if name in _PLACES:
        loc, anchor, row = _PLACES[name]
        if anchor[0] > 1:
            anchor = (1 + gap / 2, anchor[1])
        return loc, anchor, row
    named = _named_pair(where, gap)
    if named is not None:
        return named
    if type(where) is Expr and where.head is Symbol("Scaled") and where.args:
        where = where.args[0]
    inside = point(where) if where is not None else None
    if inside is not None:
        return "center", tuple(inside), False
    return "center left", (1 + gap / 2, 0.5), False


# a named position across and up: (where in the plot's width or height, the legend's own
# side put there); Before/After and Below/Above are outside the plot
_ACROSS = {"Left": (0.0, "left"), "Center": (0.5, "center"), "Right": (1.0, "right"),
           "Before": (None, "right"), "After": (None, "left")}
_UP = {"Bottom": (0.0, "lower"), "Center": (0.5, "center"), "Top": (1.0, "upper"),
       "Below": (None, "upper"), "Above": (None, "lower")}


def _named_pair(where, gap: float):
    """(loc, anchor, one row?) of Placed[…, {h, v}] with named positions ({Right, Top}:
    inside the plot's top right corner; {After, Top}: beside it, level with its top)."""
    if not (is_list(where) and len(where.args) == 2
            and all(type(a) is Symbol for a in where.args)):
        return None
    h, v = (a.name for a in where.args)
    if h not in _ACROSS or v not in _UP:
        return None
    (x, x_side), (y, y_side) = _ACROSS[h], _UP[v]
    x = x if x is not None else (-gap if h == "Before" else 1 + gap)
    y = y if y is not None else (-0.1 if v == "Below" else 1.02)
    # matplotlib's names: "upper right", "center left", "lower center", "center"
    loc = "center" if x_side == y_side == "center" else f"{y_side} {x_side}"
    return loc, (x, y), False


def legend_entries(e, warn) -> list:
    if type(e) is Expr and e.head is Symbol("Placed") and e.args:
        return legend_entries(e.args[0], warn)
    head = e.head.name if type(e) is Expr and type(e.head) is Symbol else None
    if head == "BarLegend":
        bar = _bar(e)
        if bar is not None:
            return [("", "bar", bar)]
    if head in LEGEND_KINDS and len(e.args) >= 2 and is_list(e.args[0]) and \
            (is_list(e.args[1]) or e.args[1] is Symbol("Automatic")):
        kind = LEGEND_KINDS[head]
        markers = _legend_markers(e)
        # LineLegend[{col…}, Automatic]: a placeholder label for each style
        labels = e.args[1].args if is_list(e.args[1]) else \
            [Expr(Symbol("Placeholder"))] * len(e.args[0].args)
        return [(label_text(label), kind, _style(spec), markers[k % len(markers)] if markers
                 else None)
                for k, (spec, label) in enumerate(zip(e.args[0].args, labels))] + \
            _legend_title(e)
    if type(e) is String or type(e) is Expr and e.head is Symbol("Style"):
        return [(plain_text(e), "text", Style())]       # a label alone, no key
    warn("Legended", "nolgd", e)
    return []


def _legend_title(e) -> list:
    """[(title, "title", Style())] of a legend's LegendLabel -> title; [] without one."""
    from wlnet.graphics.values import option_name
    return [(plain_text(r.args[1]), "title", Style()) for r in e.args[2:]
            if option_name(r) == "LegendLabel" and r.args[1] != Symbol("None")][:1]


def _legend_markers(e) -> list:
    """(glyph, size in points) of each marker of a legend's LegendMarkers -> {m1, m2, …}:
    a string or Style[string, size]; a marker that is not text is drawn as a dot."""
    from wlnet.graphics.values import number, option_name
    for r in e.args[2:]:
        if option_name(r) == "LegendMarkers" and is_list(r.args[1]):
            out = []
            for m in r.args[1].args:
                size = 9.0
                if type(m) is Expr and m.head is Symbol("Style") and m.args:
                    sizes = [number(a) for a in m.args[1:] if number(a) is not None]
                    m, size = m.args[0], (sizes[0] if sizes else size)
                out.append((m.value if type(m) is String else None, size))
            return out
    return []


def _bar(e):
    """(rgb rows, min, max, marks) of ``BarLegend[{{colours…}, {min, max}}, marks]``."""
    from wlnet.graphics.style import colour_of
    from wlnet.graphics.values import numeric_array
    if not (e.args and is_list(e.args[0]) and len(e.args[0].args) == 2
            and is_list(e.args[0].args[0])):
        return None
    colours = [colour_of(c) for c in e.args[0].args[0].args]
    span = numeric_array(e.args[0].args[1])
    if not colours or None in colours or span is None or span.shape != (2,):
        return None
    marks = numeric_array(e.args[1]) if len(e.args) > 1 else None
    marks = list(marks) if marks is not None and marks.ndim == 1 else []
    return [c[:3] for c in colours], float(span[0]), float(span[1]), marks


def draw_colour_bar(ax, bar, gap: float = 0.04) -> None:
    """A colour bar in a thin axes beside ``ax`` (``gap`` of its width away), its values
    ticked on the right."""
    import numpy as np
    colours, lo, hi, marks = bar
    if not hi > lo:                        # one value (a flat surface): a band around it
        half = abs(lo) * 0.1 if lo else 1.0
        lo, hi = lo - half, hi + half
    strip = ax.inset_axes([1 + gap, 0.1, 0.045, 0.8])
    image = np.array(colours, dtype=float)[::-1, None, :]
    strip.imshow(image, aspect="auto", extent=(0, 1, lo, hi), interpolation="bilinear")
    strip.set_xticks([])
    strip.yaxis.tick_right()
    if marks:
        strip.set_yticks([m for m in marks if lo <= m <= hi])
    strip.tick_params(labelsize=8, length=2)
    for side in strip.spines.values():
        side.set_linewidth(0.5)


def _style(spec) -> Style:
    style = Style(thickness=(1.6, False))
    return apply_directive(style, spec) or style


def _mathtext(glyph: str) -> str:
    """A glyph inside $…$: characters mathtext reads specially escaped."""
    return "".join("\\" + c if c in "\\$_^{}%#&~" else c for c in glyph) or " "


def literal(text: str) -> str:
    """Text shown as it is: matplotlib would read ``$…$`` as mathematics (MathText,
    meant as mathematics, is left so)."""
    from wlnet.graphics.options import is_math
    return text if is_math(text) else text.replace("$", "\\$")


def draw_legend(ax, entries, gap: float = 0.04, where=None) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    for _, kind, bar, *_ in entries:
        if kind == "bar":
            draw_colour_bar(ax, bar, gap)
    titles = [e[0] for e in entries if e[1] == "title"]
    entries = [e for e in entries if e[1] not in ("bar", "title")]
    if not entries:
        return
    handles = []
    for label, kind, style, *marker in entries:
        glyph, size = (marker[0] if marker and marker[0] else (None, 8.0))
        size *= 0.75                   # a text marker's box is wider than its ink
        # a marker glyph as matplotlib draws text markers ($…$), or a dot
        shape = f"${_mathtext(glyph)}$" if glyph else "o"
        if kind == "line":
            handle = Line2D([], [], color=style.rgba(), linewidth=max(style.line_width(300), 1.0),
                            linestyle=style.dash_pattern(300) or "-",
                            marker=shape if marker and marker[0] else None, markersize=size)
        elif kind == "points":
            handle = Line2D([], [], color=style.rgba(), marker=shape, linestyle="none",
                            markersize=size)
        elif kind == "text":
            handle = Patch(visible=False)
        else:
            handle = Patch(facecolor=style.face_rgba(), edgecolor="none")
        handles.append((handle, label))
    loc, anchor, row = _placement(where, gap)
    ax.legend([h for h, _ in handles], [literal(label) for _, label in handles],
              loc=loc, bbox_to_anchor=anchor, frameon=False, handlelength=1.6,
              borderaxespad=0.0, ncol=len(handles) if row else 1,
              title=literal(titles[0]) if titles else None, alignment="left")
