"""BubbleChart: a disk at each {x, y}, sized by z.

BubbleScale says which measure of a bubble is proportional to z: "Area" (the default),
"Diameter" or "Volume".  BubbleSizes -> {dmin, dmax} gives the diameters of the smallest and
the largest z as fractions of the plot's width (Automatic: {0.04, 0.16}); the measure grows
linearly between them.  The plot's range takes in the whole bubbles, and each bubble is an
ellipse in data units that shows as a circle at the chart's aspect ratio.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import TRUE, Expr, Real, S, String, Symbol, from_python
from wlnet.core.registry import builtin
from wlnet.graphics.plots.charts import CHART_MESSAGES, chart_colour, chart_labels, chart_legend
from wlnet.graphics.plots.common import GOLDEN, graphics_result, read_call, rule
from wlnet.graphics.style import DEFAULT_PLOT_COLOURS
from wlnet.graphics.values import is_list, numeric_array

_SCALES = {"Diameter": 1, "Area": 2, "Volume": 3}
DEFAULT_SIZES = (0.04, 0.16)
_MESSAGES = {**CHART_MESSAGES,
             "bscale": "`1` is not a bubble scale: \"Area\", \"Diameter\" or \"Volume\".",
             "bsizes": "`1` is not a pair of bubble diameters {dmin, dmax} between 0 and 1."}


def _triples(e) -> np.ndarray | None:
    arr = numeric_array(e)
    if arr is None or arr.ndim != 2 or arr.shape[1] != 3 or not arr.size:
        return None
    arr = arr[np.isfinite(arr).all(axis=1)]
    return arr if arr.size else None


def _datasets(data) -> list | None:
    one = _triples(data)
    if one is not None:
        return [one]
    if is_list(data) and data.args:
        many = [_triples(d) for d in data.args]
        if all(m is not None for m in many):
            return many
    return None


def bubble_diameters(z: np.ndarray, lo: float, hi: float, power: int,
                     z_range: tuple[float, float]) -> np.ndarray:
    """Diameters (fractions of the plot width) whose measure d**power grows linearly in z
    from ``lo`` at the smallest z to ``hi`` at the largest (all ``hi`` when z is constant)."""
    zmin, zmax = z_range
    t = (z - zmin) / (zmax - zmin) if zmax > zmin else np.ones_like(z)
    return (lo ** power + t * (hi ** power - lo ** power)) ** (1 / power)


def _sizes(spec):
    if spec is None or spec is S.Automatic:
        return DEFAULT_SIZES
    pair = numeric_array(spec) if is_list(spec) else None
    if pair is None or pair.shape != (2,) or not (0 < pair[0] <= pair[1] <= 1):
        return None
    return float(pair[0]), float(pair[1])


def _span(values: np.ndarray) -> tuple[float, float]:
    lo, hi = float(values.min()), float(values.max())
    return (lo - 0.5, hi + 0.5) if hi == lo else (lo, hi)


@builtin("BubbleChart", argc=(1, None), messages=_MESSAGES,
         usage="BubbleChart[{{x1, y1, z1}, …}] draws a bubble at each {xi, yi} with area "
               "proportional to zi; BubbleChart[{data1, data2, …}] a colour per data set.",
         examples=(("Head[BubbleChart[{{1, 2, 3}, {2, 3, 1}}]]", "Graphics"),))
def bubble_chart(ev, data, *rest):
    head = Symbol("BubbleChart")
    call = read_call(ev, head, (data, *rest))
    if call is None:
        return None
    sets = _datasets(data)
    if sets is None:
        ev.message(head, "ldata", data)
        return None
    scale = call.get("BubbleScale", String("Area"))
    if not (type(scale) is String and scale.value in _SCALES):
        ev.message(head, "bscale", scale)
        return None
    sizes = _sizes(call.get("BubbleSizes"))
    if sizes is None:
        ev.message(head, "bsizes", call.get("BubbleSizes"))
        return None
    every = np.concatenate(sets)
    z_range = (float(every[:, 2].min()), float(every[:, 2].max()))
    (x0, x1), (y0, y1) = _span(every[:, 0]), _span(every[:, 1])
    # the range (width x height in data units) widened to hold the largest bubbles whole;
    # a diameter d of the plot's width is d width x units and d height / GOLDEN y units
    half = sizes[1] / 2
    width = (x1 - x0) / (1 - 2 * half)
    height = (y1 - y0) / (1 - 2 * half / GOLDEN)
    groups, colours, texts = [], [], []
    # one data set and a list of styles: a style per bubble, as for a bar chart's bars
    per_bubble = len(sets) == 1 and is_list(call.get("ChartStyle"))
    labels = chart_labels(call, max(len(v) for v in sets)) or []

    def styled(colour):
        return [Expr(S.Directive, colour, Expr(S.Opacity, Real(0.8))),
                Expr(S.EdgeForm, Expr(S.Directive, colour, Expr(S.Opacity, Real(1))))]
    for k, values in enumerate(sets):
        d = bubble_diameters(values[:, 2], *sizes, _SCALES[scale.value], z_range)
        colour = chart_colour(call, k, DEFAULT_PLOT_COLOURS[k % len(DEFAULT_PLOT_COLOURS)])
        colours.append(colour)
        disks = [Expr(S.Disk, from_python([float(x), float(y)]),
                      from_python([float(r * width), float(r * height / GOLDEN)]))
                 for (x, y, _), r in zip(values, d / 2)]
        if per_bubble:
            groups.append(Expr(S.List, *[Expr(S.List, *styled(chart_colour(call, i, colour)),
                                              disk) for i, disk in enumerate(disks)]))
        else:
            groups.append(Expr(S.List, *styled(colour), *disks))
        texts += [Expr(S.Text, from_python(labels[i]), from_python([float(x), float(y)]))
                  for i, (x, y, _) in enumerate(values) if i < len(labels)]   # ChartLabels
    groups += texts
    xr = (x0 - half * width, x1 + half * width)
    yr = (y0 - half * height / GOLDEN, y1 + half * height / GOLDEN)
    defaults = [rule("AspectRatio", Real(GOLDEN)), rule("Axes", TRUE), rule("Frame", TRUE),
                rule("PlotRange", from_python([list(xr), list(yr)])),
                rule("PlotRangePadding", Symbol("None"))]
    return graphics_result(call, groups, defaults, chart_legend(call, colours))
