"""DistributionChart (a violin plot): the distribution of each data set drawn as a shape
symmetric about its place on the axis, as wide as the data are dense.

ChartElementFunction chooses the shape: "SmoothDensity" (the default: a Gaussian kernel
estimate with Silverman's bandwidth, as SmoothHistogram's), "HistogramDensity" (the
histogram of Histogram's automatic bins, as steps), "PointDensity" (the values as points,
spread sideways by their density).  The second argument sets the markers drawn over the
shape with BoxWhiskerChart's element settings ("Median" by default, "Mean", "Basic", or
{{"MedianMarker", width, style}, …}).  Every shape is scaled to the same greatest width.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol, from_python
from wlnet.core.registry import builtin
from wlnet.graphics.plots.box_whisker import (BoxSpec, chart_defaults, dataset_groups,
                                              group_places, hline, marks, read_box_spec,
                                              styled, summary)
from wlnet.graphics.plots.bins import automatic_width, bin_counts, histogram_edges
from wlnet.graphics.plots.charts import (CHART_MESSAGES, EDGE, HISTOGRAM_FACE, chart_colour,
                                         chart_legend, read_value_sets)
from wlnet.graphics.plots.common import graphics_result, read_call
from wlnet.graphics.plots.densities import kernel_density, silverman_bandwidth
from wlnet.graphics.style import DEFAULT_PLOT_COLOURS

HALF_WIDTH = 0.4          # the widest point of every shape, in axis units (symbols 1 apart)
POINTS = 120
_ELEMENTS = ("SmoothDensity", "HistogramDensity", "PointDensity", "Density")
_MESSAGES = {**CHART_MESSAGES,
             "cfun": "`1` is not a chart element function: \"SmoothDensity\", "
                     "\"HistogramDensity\" or \"PointDensity\".",
             "bwspec": "`1` is not a specification of the chart's markers: a name such as "
                       "\"Median\" or \"Mean\", or a list of {element, values…}."}


def _smooth_outline(values: np.ndarray, centre: float) -> np.ndarray:
    h = silverman_bandwidth(values)
    ys = np.linspace(values.min() - h, values.max() + h, POINTS)
    widths = kernel_density(values, ys, h, cumulative=False)
    widths = HALF_WIDTH * widths / widths.max()
    xs = np.concatenate([centre - widths, (centre + widths)[::-1]])
    return np.column_stack([xs, np.concatenate([ys, ys[::-1]])])


def _histogram_outline(values: np.ndarray, centre: float) -> np.ndarray:
    edges = histogram_edges(values, None)
    counts = bin_counts(values, edges, None).astype(float)
    widths = HALF_WIDTH * counts / counts.max()
    ys = np.repeat(edges, 2)[1:-1]                    # each bin's bottom and top
    right = np.repeat(widths, 2)
    xs = np.concatenate([centre + right, (centre - right)[::-1]])
    return np.column_stack([xs, np.concatenate([ys, ys[::-1]])])


def _point_cloud(values: np.ndarray, centre: float, seed: int) -> np.ndarray:
    """The values as points, spread sideways at random within their density's width (a
    fixed seed per symbol: the same chart every time)."""
    h = silverman_bandwidth(values) if values.size > 1 else automatic_width(values)
    density = kernel_density(values, values, h, cumulative=False)
    spread = HALF_WIDTH * density / density.max()
    offsets = np.random.default_rng(seed).uniform(-1, 1, values.size) * spread
    return np.column_stack([centre + offsets, values])


def _markers(spec: BoxSpec, values: np.ndarray, centre: float) -> list:
    s = summary(values, spec.has("Outliers") or spec.has("FarOutliers"))
    parts = []
    for name, y in (("MedianMarker", s.median), ("MeanMarker", float(values.mean()))):
        if spec.has(name):
            parts.append(styled(spec.style(name), Expr(S.GrayLevel, Integer(1)),
                                 hline(centre, HALF_WIDTH * 0.5 * spec.width(name, 1.0), y)))
    for name, found, size in (("Outliers", s.outliers, 0.012), ("FarOutliers", s.far, 0.02)):
        if spec.has(name) and found.size:
            parts.append(marks(found, centre, spec.elements[name][0], spec.style(name), size))
    return parts


def _symbol(kind: str, values: np.ndarray, centre: float, colour, spec: BoxSpec, k: int):
    """The symbol of one data set and the lowest value it reaches."""
    if kind == "PointDensity":
        points = _point_cloud(values, centre, k)
        shape = Expr(S.List, colour, Expr(S.PointSize, Real(0.01)),
                     Expr(S.Point, from_python(points)))
    else:
        outline = (_histogram_outline if kind == "HistogramDensity" else _smooth_outline)
        points = outline(values, centre)
        shape = Expr(S.List, colour, EDGE, Expr(S.Polygon, from_python(points)))
    return Expr(S.List, shape, *_markers(spec, values, centre)), float(points[:, 1].min())


@builtin("DistributionChart", argc=(1, None), messages=_MESSAGES,
         usage="DistributionChart[{data1, data2, …}] draws each data set's distribution as a "
               "violin: a shape as wide as the values are dense, with a line at the median; "
               "DistributionChart[data, elems] marks \"Mean\", \"Median\", outliers or "
               "element settings as BoxWhiskerChart does.",
         examples=(("Head[DistributionChart[{{1, 2, 2, 3}, {2, 4, 4, 5}}]]", "Graphics"),))
def distribution_chart(ev, data, *rest):
    head = Symbol("DistributionChart")
    groups = dataset_groups(data)
    if groups is not None:                 # groups of sets: side by side, a gap between
        call = read_call(ev, head, (data, *rest))
        if call is None:
            return None
        sets = [values for group in groups for values in group]
        places, centres, end = group_places(groups)
        width = max(len(g) for g in groups)
        colour_index = [k for group in groups for k in range(len(group))]
    else:
        read = read_value_sets(ev, head, data, rest)
        if read is None:
            return None
        call, sets = read
        places, centres, end = [k + 1.0 for k in range(len(sets))], None, None
        width, colour_index = len(sets), list(range(len(sets)))
    given = call.positional[1] if len(call.positional) > 1 else None
    spec = read_box_spec(given)
    if spec is None:
        ev.message(head, "bwspec", given)
        return None
    kind = call.get("ChartElementFunction")
    kind = String("SmoothDensity") if kind is None or kind is S.Automatic else kind
    if not (type(kind) is String and kind.value in _ELEMENTS):
        ev.message(head, "cfun", kind)
        return None
    colours = [chart_colour(call, k, DEFAULT_PLOT_COLOURS[k % 8] if len(sets) > 1
                            else HISTOGRAM_FACE) for k in range(width)]
    symbols = [_symbol(kind.value, values, at, colours[c], spec, k)
               for k, (values, at, c) in enumerate(zip(sets, places, colour_index))]
    low = min(low for _, low in symbols)
    return graphics_result(call, [symbol for symbol, _ in symbols],
                           chart_defaults(call, len(sets), True, low, end, centres),
                           chart_legend(call, colours))
