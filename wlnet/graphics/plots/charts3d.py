"""BarChart3D and PieChart3D: the charts as solids in a Graphics3D.

BarChart3D reads its data as BarChart does (a list of values, a list of groups, an
Association) and lays the bars out the same way along x ("Grouped", "Stacked",
"Percentile", "Overlapped"), each a Cuboid 0.8 deep in y and as tall as its value; the
layout "Grid" puts a group's series one behind the other in y instead.  ChartStyle
colours the series (or each bar of a flat list given a list of styles); ChartLabels
name the groups (and with {groups, within} the bars) in front of their bases.

PieChart3D is PieChart's disk as a slab: each sector a prism (top, bottom and sides as
polygons) of height 0.2 of the radius; SectorOrigin as PieChart's, an inner radius making a
ring.
"""

from __future__ import annotations

import math

import numpy as np

from wlnet.core.expr import Expr, S, String, Symbol, from_python
from wlnet.core.registry import builtin
from wlnet.graphics.plots.bar_chart import (LAYOUTS, MESSAGES, bar_spans, label_lists,
                                            read_bar_call)
from wlnet.graphics.plots.charts import (CHART_MESSAGES, HISTOGRAM_FACE, chart_colour,
                                         chart_legend, read_pie)
from wlnet.graphics.plots.common import read_call
from wlnet.graphics.style import DEFAULT_PLOT_COLOURS
from wlnet.graphics.values import is_list

_DEPTH = 0.8
_PIE_HEIGHT = 0.2


def _legended(g, call, colours):
    legend = chart_legend(call, colours)
    if legend is None:
        return g
    _, styles, labels = legend
    box = Expr(Symbol("SwatchLegend"), Expr.from_args(S.List, styles),
               Expr.from_args(S.List, (from_python(t) for t in labels)))
    return Expr(Symbol("Legended"), g, Expr(Symbol("Placed"), box, Symbol("After")))


def _cuboid(x0, y0, z0, x1, y1, z1) -> Expr:
    return Expr(S.Cuboid, from_python([float(x0), float(y0), float(z0)]),
                from_python([float(x1), float(y1), float(z1)]))


@builtin("BarChart3D", argc=(1, None),
         messages={**MESSAGES, "layout": "`1` is not a chart layout: \"Grouped\", "
                   "\"Stacked\", \"Percentile\", \"Overlapped\" or \"Grid\"."},
         usage="BarChart3D[{y1, y2, …}] draws a box per value as tall as it; "
               "BarChart3D[{{y11, …}, …}] groups of boxes, laid out by ChartLayout.",
         examples=(("Head[BarChart3D[{1, 2, 3}]]", "Graphics3D"),))
def bar_chart3d(ev, data, *rest):
    head = Symbol("BarChart3D")
    read = read_bar_call(ev, head, data, rest, (*LAYOUTS, "Grid"))
    if read is None:
        return None
    call, groups, keys, layout = read
    flat = all(len(g) == 1 for g in groups) and all(g[0].series == 0 for g in groups)
    per_bar = flat and is_list(call.get("ChartStyle"))
    series = max((b.series for g in groups for b in g), default=0) + 1
    spans, _ = bar_spans(groups, "Overlapped" if layout == "Grid" else layout)
    colours, solids = {}, []
    for bar, a0, a1, v0, v1 in spans:
        index = bar.group if per_bar else bar.series
        if index not in colours:
            several = per_bar or series > 1
            colours[index] = chart_colour(call, index, DEFAULT_PLOT_COLOURS[index % 8]
                                          if several else HISTOGRAM_FACE)
        y0 = bar.series * (_DEPTH + 0.2) if layout == "Grid" else 0.0
        solids.append(Expr(S.List, colours[index], *bar.style,
                           _cuboid(a0, y0, v0, a1, y0 + _DEPTH, v1)))
    solids.extend(_bar_labels(call, keys, spans, layout))
    g = Expr(S.Graphics3D, Expr.from_args(S.List, solids), *call.graphics_rules,
             Expr(S.Rule, Symbol("BoxRatios"), from_python([2, 1, 1])),
             Expr(S.Rule, Symbol("Axes"), from_python([False, False, True])))
    return _legended(g, call, [colours[i] for i in sorted(colours)])


def _bar_labels(call, keys, spans, layout: str) -> list:
    """ChartLabels as Text in front of the bars' bases: a label a group (the middle of its
    bars), and with {groups, within} a label a bar; Placed positions are not read (the
    labels of a 3-D chart stay at the base)."""
    groups, within, _ = label_lists(call, keys)
    texts, by_group = [], {}
    for bar, a0, a1, v0, v1 in spans:
        by_group.setdefault(bar.group, []).append((a0, a1))
        if within and bar.series < len(within):
            texts.append(_label3d(within[bar.series], (a0 + a1) / 2, -0.25, 0.0))
    for k, extents in sorted(by_group.items()):
        if groups and k < len(groups):
            middle = (min(a for a, _ in extents) + max(b for _, b in extents)) / 2
            texts.append(_label3d(groups[k], middle, -0.6 if within else -0.25, 0.0))
    return texts


def _label3d(text: str, x: float, y: float, z: float) -> Expr:
    return Expr(S.List, S.Black, Expr(S.Text, String(text), from_python([x, y, z])))


def _prism(start: float, sweep: float, inner: float, outer: float) -> list:
    """The faces of a sector's slab: top, bottom, outer and inner walls and the two ends."""
    t = np.linspace(start, start + sweep, max(4, int(abs(sweep) * 24) + 1))
    ring_out = np.column_stack([outer * np.cos(t), outer * np.sin(t)])
    ring_in = np.column_stack([inner * np.cos(t), inner * np.sin(t)]) if inner > 0 \
        else np.zeros((1, 2))
    outline = np.concatenate([ring_out, ring_in[::-1]])
    faces = [np.column_stack([outline, np.full(len(outline), z)]) for z in (0, _PIE_HEIGHT)]
    for ring in (ring_out, ring_in) if inner > 0 else (ring_out,):
        for a, b in zip(ring[:-1], ring[1:]):
            faces.append(np.array([[*a, 0], [*b, 0], [*b, _PIE_HEIGHT], [*a, _PIE_HEIGHT]]))
    for edge in (0, -1):
        a, b = ring_in[edge if inner > 0 else 0], ring_out[edge]
        faces.append(np.array([[*a, 0], [*b, 0], [*b, _PIE_HEIGHT], [*a, _PIE_HEIGHT]]))
    return [Expr(S.Polygon, from_python(np.round(f, 12))) for f in faces]


@builtin("PieChart3D", argc=(1, None),
         messages={**CHART_MESSAGES, "sorig": "`1` is not a valid SectorOrigin setting."},
         usage="PieChart3D[{y1, y2, …}] draws a slab of a disk cut in sectors proportional "
               "to the yi.",
         examples=(("Head[PieChart3D[{1, 2, 3}]]", "Graphics3D"),))
def pie_chart3d(ev, data, *rest):
    head = Symbol("PieChart3D")
    call = read_call(ev, head, (data, *rest))
    if call is None:
        return None
    pie = read_pie(ev, head, call, data)
    if pie is None:
        return None
    values, (angle, sense, inner) = pie
    total, sectors, colours = values.sum(), [], []
    for k, v in enumerate(values):
        sweep = sense * 2 * math.pi * v / total
        colour = chart_colour(call, k, DEFAULT_PLOT_COLOURS[k % len(DEFAULT_PLOT_COLOURS)])
        colours.append(colour)
        if v > 0:
            sectors.append(Expr(S.List, colour, *_prism(angle, sweep, min(inner, 0.99), 1.0)))
        angle += sweep
    g = Expr(S.Graphics3D, Expr.from_args(S.List, sectors), *call.graphics_rules,
             Expr(S.Rule, Symbol("Boxed"), Symbol("False")),
             Expr(S.Rule, Symbol("Axes"), Symbol("False")),
             Expr(S.Rule, Symbol("ViewPoint"), from_python([0, -2, 2.5])))
    return _legended(g, call, colours)
