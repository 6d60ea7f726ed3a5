"""PairedHistogram and PairedBarChart: two charts back to back, the first one's bars going
left from a vertical axis, the second one's right (a population pyramid), their bins or
categories running up the vertical axis.

PairedHistogram[data1, data2, bspec, hspec] bins both with one set of bins (Histogram's bin
and height specifications); PairedHistogram[{data11, …}, {data21, …}] lays several data
sets on each side over each other, see-through.  PairedBarChart[{y1, …}, {z1, …}] draws a
bar per value, ChartLabels naming the categories.  Lengths are measured from the axis both
ways, so the horizontal ticks are those of the absolute lengths.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import TRUE, Expr, Real, S, Symbol, from_python
from wlnet.core.registry import builtin
from wlnet.graphics.plots.bins import bin_counts, histogram_edges, histogram_heights
from wlnet.graphics.plots.charts import (CHART_MESSAGES, chart_colour, chart_edge,
                                         chart_labels, chart_legend, finite_values,
                                         histogram_datasets)
from wlnet.graphics.plots.common import GOLDEN, graphics_result, read_call, rule
from wlnet.graphics.style import DEFAULT_PLOT_COLOURS

_BAR = 0.8


def _rect(x0, y0, x1, y1) -> Expr:
    return Expr(S.Rectangle, from_python([float(x0), float(y0)]),
                from_python([float(x1), float(y1)]))


def _colour(call, k: int, several: bool):
    colour = chart_colour(call, k, DEFAULT_PLOT_COLOURS[k % len(DEFAULT_PLOT_COLOURS)])
    return Expr(S.Directive, colour, Expr(S.Opacity, Real(0.6))) if several else colour


def _ticks_of_lengths(reach: float) -> Expr:
    """Horizontal ticks labelled with the absolute length on both sides of the axis."""
    step = _round_step(reach / 3)
    marks = np.arange(-np.floor(reach / step) * step, reach + step / 2, step)
    return Expr.from_args(S.List, (from_python([float(m), _label(abs(m))]) for m in marks))


def _round_step(x: float) -> float:
    decade = 10.0 ** np.floor(np.log10(x)) if x > 0 else 1.0
    for m in (1, 2, 5, 10):
        if m * decade >= x:
            return m * decade
    return 10 * decade


def _label(v: float) -> str:
    return str(int(round(v))) if abs(v - round(v)) < 1e-9 else f"{v:g}"


def _result(call, groups, colours, reach: float, vertical_range, vertical_ticks=None):
    reach = reach or 1.0
    ticks = Expr(S.List, _ticks_of_lengths(reach), vertical_ticks or S.Automatic)
    defaults = [rule("AspectRatio", Real(GOLDEN)), rule("Axes", TRUE),
                rule("Ticks", ticks), rule("AxesOrigin", from_python([0.0, vertical_range[0]])),
                rule("PlotRange", from_python([[-reach, reach], list(vertical_range)]))]
    return graphics_result(call, groups, defaults, chart_legend(call, colours))


@builtin("PairedHistogram", argc=(2, None), messages={
             **CHART_MESSAGES,
             "hspec": "`1` is not a valid height specification: \"Count\", \"Probability\", "
                      "\"PDF\", \"CDF\", \"Intensity\" or another of Histogram's."},
         usage="PairedHistogram[data1, data2] draws the histograms of data1 and data2 back to "
               "back on shared bins, data1's to the left; PairedHistogram[data1, data2, bspec, "
               "hspec] with Histogram's bin and height specifications.",
         examples=(("Head[PairedHistogram[{1, 2, 2, 3}, {2, 3, 3, 4}]]", "Graphics"),))
def paired_histogram(ev, data1, data2, *rest):
    head = Symbol("PairedHistogram")
    call = read_call(ev, head, (data1, data2, *rest))
    if call is None:
        return None
    sides = [histogram_datasets(d) for d in (data1, data2)]   # one or several
    for given, sets in zip((data1, data2), sides):
        if sets is None:
            ev.message(head, "ldata", given)
            return None
    bspec = call.positional[2] if len(call.positional) > 2 else None
    hspec = call.positional[3] if len(call.positional) > 3 else None
    edges = histogram_edges(np.concatenate([v for sets in sides for v in sets]), bspec)
    if edges is None:
        ev.message(head, "bspec", bspec)
        return None
    if histogram_heights(np.zeros(len(edges) - 1), edges, hspec) is None:
        ev.message(head, "hspec", hspec)
        return None
    groups, colours, reach = [], [], 0.0
    several = any(len(sets) > 1 for sets in sides)
    for sign, sets in zip((-1, 1), sides):
        for k, values in enumerate(sets):
            heights = histogram_heights(bin_counts(values, edges, bspec), edges, hspec)
            heights = np.where(np.isfinite(heights), heights, 0.0)
            reach = max(reach, float(heights.max(initial=0)))
            colour = _colour(call, k if several else (0 if sign < 0 else 1), several)
            if len(colours) < max(len(s) for s in sides) or not several:
                colours.append(colour)
            bars = [_rect(0, edges[i], sign * h, edges[i + 1])
                    for i, h in enumerate(heights) if h > 0]
            groups.append(Expr(S.List, colour, *chart_edge(call, colour), *bars))
    return _result(call, groups, colours, reach, (float(edges[0]), float(edges[-1])))


@builtin("PairedBarChart", argc=(2, None), messages=CHART_MESSAGES,
         usage="PairedBarChart[{y1, y2, …}, {z1, z2, …}] draws bars of lengths yi to the left "
               "and zi to the right of a vertical axis, a pair per category.",
         examples=(("Head[PairedBarChart[{1, 2, 3}, {3, 2, 1}]]", "Graphics"),))
def paired_bar_chart(ev, data1, data2, *rest):
    head = Symbol("PairedBarChart")
    call = read_call(ev, head, (data1, data2, *rest))
    if call is None:
        return None
    sides = [finite_values(d) for d in (data1, data2)]
    for given, values in zip((data1, data2), sides):
        if values is None or (values < 0).any():
            ev.message(head, "ldata", given)
            return None
    count = max(len(v) for v in sides)
    groups, colours = [], []
    for side, (sign, values) in enumerate(zip((-1, 1), sides)):
        colour = _colour(call, side, False)
        colours.append(colour)
        bars = [_rect(0, k + 1 - _BAR / 2, sign * v, k + 1 + _BAR / 2)
                for k, v in enumerate(values) if v > 0]
        groups.append(Expr(S.List, colour, *chart_edge(call, colour), *bars))
    labels = chart_labels(call, count)
    ticks = Expr.from_args(S.List, (from_python([k + 1.0, lab]) for k, lab in
                                    enumerate(labels))) if labels else None
    reach = max(float(v.max(initial=0)) for v in sides)
    return _result(call, groups, colours, reach, (0.5, count + 0.5), ticks)
