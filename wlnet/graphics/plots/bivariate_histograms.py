"""Histograms of {x, y} pairs: counts in a grid of bins, drawn by Histogram3D as a bar (a
``Cuboid``) per bin with a count, in the box WL gives charts of heights ({1, 1, 0.4}), and by
DensityHistogram as the bins coloured by their counts (empty bins left blank), framed.

Bin specifications as Histogram's, for both coordinates or one each: ``n`` (about n bins
each way), ``{dw}`` (width dw), ``{min, max, dw}``; ``{xspec, yspec}`` for each coordinate.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, Real, S, Symbol, from_python
from wlnet.core.registry import builtin
from wlnet.graphics.plots.arrays import ARRAY_MESSAGES, density_graphics
from wlnet.graphics.plots.bins import histogram_edges
from wlnet.graphics.plots.charts import CHART_MESSAGES, HISTOGRAM_FACE
from wlnet.graphics.plots.colours import colour_scheme
from wlnet.graphics.plots.common import GOLDEN, read_call
from wlnet.graphics.plots.surfaces import split_options
from wlnet.graphics.style import rgb_expr
from wlnet.graphics.values import is_list, numeric_array

_BOX = Expr(S.Rule, Symbol("BoxRatios"), from_python([1, 1, 0.4]))


def _pairs(data) -> np.ndarray | None:
    arr = numeric_array(data)
    if arr is None or arr.ndim != 2 or arr.shape[1] != 2 or not len(arr) \
            or not np.isfinite(arr).all():
        return None
    return arr.astype(float)


def _per_axis(spec) -> tuple:
    """(x spec, y spec) of a bin specification."""
    if is_list(spec) and len(spec.args) == 2 and all(is_list(a) for a in spec.args):
        return spec.args[0], spec.args[1]
    return spec, spec


def _binned(ev, head, data, spec, several: bool = False):
    """(counts[i, j] of x bin i and y bin j, x edges, y edges), or None after a message;
    with ``several``, data may be a list of data sets binned alike: (a list of counts,
    x edges, y edges)."""
    sets = [_pairs(data)]
    if sets[0] is None and several and is_list(data) and data.args:
        sets = [_pairs(d) for d in data.args]
    if any(s is None for s in sets):
        ev.message(head, "ldata", data)
        return None
    pairs = np.concatenate(sets)
    edges = [histogram_edges(pairs[:, k], s) for k, s in enumerate(_per_axis(spec))]
    if any(e is None or len(e) < 2 for e in edges):
        ev.message(head, "bspec", spec)
        return None
    counts = [np.histogram2d(s[:, 0], s[:, 1], bins=edges)[0] for s in sets]
    return (counts if several else counts[0]), edges[0], edges[1]


_HEIGHTS = ("Count", "Probability", "PDF")


def _heights(counts: np.ndarray, xe, ye, name: str) -> np.ndarray:
    """A bin's bar height: its count, its share of the examples, or that share over the
    bin's area (a density)."""
    if name == "Count":
        return counts
    share = counts / max(counts.sum(), 1.0)
    return share if name == "Probability" else share / np.outer(np.diff(xe), np.diff(ye))


@builtin("Histogram3D", argc=(1, None), messages=CHART_MESSAGES,
         usage="Histogram3D[{{x1, y1}, {x2, y2}, …}] counts the pairs in a grid of bins and "
               "draws a bar of that height on each bin; Histogram3D[data, n] about n bins "
               "each way, Histogram3D[data, {dw}] bins of width dw, Histogram3D[data, "
               "{xspec, yspec}] each coordinate its own; Histogram3D[data, spec, hspec] bars "
               "of \"Count\", \"Probability\" or \"PDF\"; a list of data sets binned "
               "alike, each in its colour (ChartStyle, ChartLegends).",
         examples=(("Head[Histogram3D[{{1, 2}, {2, 1}, {2, 2}}]]", "Graphics3D"),))
def histogram3d(ev, data, *rest):
    from wlnet.graphics.plots.charts import chart_colour, chart_legend
    from wlnet.graphics.plots.common import PlotCall
    from wlnet.graphics.style import DEFAULT_PLOT_COLOURS
    head = Symbol("Histogram3D")
    positional, own, rules = split_options(ev, head, (data, *rest),
                                           ("ChartStyle", "ChartLegends", "ChartBaseStyle"))
    binned = _binned(ev, head, data, positional[1] if len(positional) > 1 else None,
                     several=True)
    if binned is None:
        return None
    height = positional[2] if len(positional) > 2 else None
    name = height.value if height is not None and hasattr(height, "value") else "Count"
    if name not in _HEIGHTS:
        ev.message(head, "hspec", height)
        return None
    all_counts, xe, ye = binned
    call = PlotCall((), own)
    groups, colours = [], []
    for k, counts in enumerate(all_counts):
        heights = _heights(counts, xe, ye, name)
        bars = [Expr(Symbol("Cuboid"), from_python([float(xe[i]), float(ye[j]), 0.0]),
                     from_python([float(xe[i + 1]), float(ye[j + 1]), float(heights[i, j])]))
                for i, j in zip(*np.nonzero(counts))]
        default = HISTOGRAM_FACE if len(all_counts) == 1 else \
            DEFAULT_PLOT_COLOURS[k % len(DEFAULT_PLOT_COLOURS)]
        colour = own.get("PlotStyle") or chart_colour(call, k, default)
        colours.append(colour)
        groups.append(Expr(S.List, colour, *bars))
    box = () if any(r.args[0] == Symbol("BoxRatios") for r in rules) else (_BOX,)
    content = groups[0] if len(groups) == 1 else Expr(S.List, *groups)   # {colour, bars…}
    g = Expr(S.Graphics3D, content, *rules, *box,
             Expr(S.Rule, Symbol("Axes"), Symbol("True")))
    legend = chart_legend(call, colours)
    if legend is None:
        return g
    from wlnet.graphics.plots.common import legend_label_list
    _, styles, labels = legend
    swatch = Expr(Symbol("SwatchLegend"), Expr.from_args(S.List, styles),
                  legend_label_list(labels))
    return Expr(Symbol("Legended"), g, Expr(Symbol("Placed"), swatch, Symbol("After")))


@builtin("DensityHistogram", argc=(1, None), messages={**CHART_MESSAGES, **ARRAY_MESSAGES},
         usage="DensityHistogram[{{x1, y1}, {x2, y2}, …}] counts the pairs in a grid of bins "
               "and colours each bin by its count (ColorFunction: a gradient name); bin "
               "specifications as Histogram3D's.",
         examples=(("Head[DensityHistogram[{{1, 2}, {2, 1}, {2, 2}}]]", "Graphics"),))
def density_histogram(ev, data, *rest):
    head = Symbol("DensityHistogram")
    call = read_call(ev, head, (data, *rest))
    if call is None:
        return None
    binned = _binned(ev, head, data, call.positional[1] if len(call.positional) > 1 else None)
    scheme = colour_scheme(call.get("ColorFunction"), ev) if binned is not None else None
    if binned is None:
        return None
    if scheme is None:
        ev.message(head, "cfun", call.get("ColorFunction"))
        return None
    counts, xe, ye = binned
    heights = np.where(counts > 0, counts, np.nan).T          # rows: y bins, from the bottom
    return density_graphics(call, heights, ((xe[0], ye[0]), (xe[-1], ye[-1])), scheme,
                            aspect=Real(GOLDEN))
