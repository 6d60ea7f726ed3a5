"""BoxWhiskerChart and the box-and-whisker symbol DistributionChart shares.

A symbol is drawn from a data set's quartiles (WL's Quartiles): a box from Q1 to Q3, whiskers
to the smallest and largest value, and the elements the box-and-whisker spec asks for:

    "Basic"      box and whiskers only
    "Median"     a line at the median (also the default)
    "Mean"       a line at the mean
    "Outliers"   whiskers stop at the last values inside the inner fences (1.5 IQR past the
                 box); values beyond are marked, those beyond the outer fences (3 IQR) as far
                 outliers
    "Notched"    a notch at the median's confidence interval, median +- 1.57 IQR / sqrt(n)
    "Diamond"    a diamond at the mean's confidence interval, mean +- 1.96 sigma / sqrt(n)

``{{elem, values…}, …}`` and ``{"name", {elem, values…}, …}`` set elements one by one:
{"Fences", width, style}, {"MedianMarker", width, style}, {"MeanMarker", width, style},
{"MedianNotch", width, style}, {"MeanDiamond", width, style}, {"Outliers", marker, style},
{"FarOutliers", marker, style}, {"Whiskers", style}; a width is a fraction of the box's, a
marker any expression (Automatic: a point), ``None`` or ``False`` as the value drops it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from wlnet.core.expr import FALSE, TRUE, Expr, Integer, Real, S, String, Symbol, from_python
from wlnet.core.registry import builtin
from wlnet.graphics.plots.charts import (CHART_MESSAGES, EDGE, HISTOGRAM_FACE, chart_colour,
                                         chart_labels, chart_legend, finite_values,
                                         quartiles, read_value_sets)
from wlnet.graphics.plots.common import GOLDEN, graphics_result, read_call, rule
from wlnet.graphics.style import DEFAULT_PLOT_COLOURS
from wlnet.graphics.values import is_list, number

# The elements each named spec draws, with their default settings.
_MEDIAN = ("MedianMarker", 1.0, Expr(S.Directive, Expr(S.GrayLevel, Integer(1)),
                                     Expr(Symbol("AbsoluteThickness"), Real(1.5))))
_NAMED = {
    "Basic": (),
    "Median": (_MEDIAN,),
    "Mean": (("MeanMarker", 1.0, Expr(S.Directive, Expr(S.GrayLevel, Integer(1)),
                                      Expr(Symbol("AbsoluteThickness"), Real(1.5)),
                                      Expr(Symbol("Dashing"), from_python([0.02, 0.02])))),),
    "Outliers": (_MEDIAN, ("Outliers", S.Automatic, None), ("FarOutliers", S.Automatic, None)),
    "Notched": (_MEDIAN, ("MedianNotch", 0.5, None)),
    "Diamond": (("MeanDiamond", 1.0, Expr(S.Directive, Expr(S.GrayLevel, Integer(1)),
                                          Expr(Symbol("AbsoluteThickness"), Real(1.2)))),),
}
_ELEMENTS = ("Fences", "MedianMarker", "MeanMarker", "MedianNotch", "MeanDiamond", "Outliers",
             "FarOutliers", "Whiskers")
_MESSAGES = {**CHART_MESSAGES,
             "bwspec": "`1` is not a box-and-whisker specification: a name such as \"Median\" "
                       "or \"Outliers\", or a list of {element, values…}."}


@dataclass
class BoxSpec:
    """The elements a box-and-whisker symbol draws: name -> (width or marker, style)."""

    elements: dict = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return name in self.elements

    def width(self, name: str, default: float) -> float:
        value = number(self.elements[name][0])
        return value if value is not None and value >= 0 else default

    def style(self, name: str):
        return self.elements[name][1]


def _dropped(e) -> bool:
    return type(e) is Symbol and e.name in ("None", "False")


def _set_element(spec: BoxSpec, e) -> bool:
    """One {name, values…} entry; False when it is not one."""
    if not (is_list(e) and e.args and type(e.args[0]) is String
            and e.args[0].value in _ELEMENTS):
        return False
    name, values = e.args[0].value, list(e.args[1:])
    if name == "Whiskers":          # {"Whiskers", style}: no width
        values = [None, *values]
    if any(_dropped(v) for v in values):
        spec.elements.pop(name, None)
        return True
    old = spec.elements.get(name, (None, None))
    first = values[0] if values else old[0]
    style = values[1] if len(values) > 1 else old[1]
    spec.elements[name] = (first if first is not None else old[0], style)
    return True


def read_box_spec(e) -> BoxSpec | None:
    """A box-and-whisker spec (None when ``e`` is not one)."""
    spec = BoxSpec()
    if e is None or type(e) is Symbol and e.name == "Automatic":
        e = String("Median")
    entries = list(e.args) if is_list(e) else [e]
    if entries and type(entries[0]) is String and entries[0].value in _NAMED:
        for name, first, style in _NAMED[entries[0].value]:
            spec.elements[name] = (first, style)
        entries = entries[1:]
    elif type(e) is String:
        return None
    return spec if all(_set_element(spec, x) for x in entries) else None


# ---------------------------------------------------------------------------- drawing

def _rect(x0, y0, x1, y1) -> Expr:
    return Expr(S.Rectangle, from_python([float(x0), float(y0)]),
                from_python([float(x1), float(y1)]))


def hline(centre: float, half: float, y: float) -> Expr:
    return Expr(S.Line, from_python([[centre - half, float(y)], [centre + half, float(y)]]))


def styled(style, default, *shapes) -> Expr:
    parts = [default] if style is None else [default, style]
    return Expr(S.List, *parts, *shapes)


def marks(values: np.ndarray, centre: float, marker, style, default_size: float) -> Expr:
    """Outlier marks: points, or the marker expression at each value."""
    if marker is None or type(marker) is Symbol and marker.name == "Automatic":
        shapes = [Expr(S.PointSize, Real(default_size)),
                  Expr(S.Point, from_python([[centre, float(v)] for v in values]))]
    else:
        shapes = [Expr(S.Text, marker, from_python([centre, float(v)])) for v in values]
    return styled(style, Expr(S.GrayLevel, Real(0.3)), *shapes)


@dataclass
class _Summary:
    """The numbers a symbol is drawn from."""

    q1: float
    median: float
    q3: float
    low: float               # where the whiskers end
    high: float
    outliers: np.ndarray
    far: np.ndarray


def summary(values: np.ndarray, outliers: bool) -> _Summary:
    q1, median, q3 = (float(q) for q in quartiles(values))
    if not outliers:
        return _Summary(q1, median, q3, float(values.min()), float(values.max()),
                        np.empty(0), np.empty(0))
    iqr = q3 - q1
    inner = (q1 - 1.5 * iqr, q3 + 1.5 * iqr)
    outer = (q1 - 3 * iqr, q3 + 3 * iqr)
    inside = values[(values >= inner[0]) & (values <= inner[1])]
    far = (values < outer[0]) | (values > outer[1])
    near = ~far & ((values < inner[0]) | (values > inner[1]))
    return _Summary(q1, median, q3, float(inside.min()), float(inside.max()),
                    values[near], values[far])


def _box_shape(centre: float, half: float, s: _Summary, n: int, spec: BoxSpec) -> Expr:
    """The box: a rectangle, or with a median notch a polygon pinched at the median."""
    if not spec.has("MedianNotch"):
        return _rect(centre - half, s.q1, centre + half, s.q3)
    reach = 1.57 * (s.q3 - s.q1) / math.sqrt(n)
    lo, hi = max(s.q1, s.median - reach), min(s.q3, s.median + reach)
    pinch = half * spec.width("MedianNotch", 0.5)
    outline = [[centre - half, s.q1], [centre + half, s.q1], [centre + half, lo],
               [centre + pinch, s.median], [centre + half, hi], [centre + half, s.q3],
               [centre - half, s.q3], [centre - half, hi], [centre - pinch, s.median],
               [centre - half, lo]]
    return Expr(S.Polygon, from_python([[float(x), float(y)] for x, y in outline]))


def box_symbol(centre: float, values: np.ndarray, colour, spec: BoxSpec,
               half: float = 0.3, vertical: bool = True) -> Expr:
    """The box-and-whisker symbol of one data set at ``centre`` (box width 2 half)."""
    s = summary(values, spec.has("Outliers") or spec.has("FarOutliers"))
    grey = Expr(S.GrayLevel, Real(0.45))
    fence = half * (spec.width("Fences", 0.5) if spec.has("Fences") else 0.5)
    whiskers = [Expr(S.Line, from_python([[centre, s.low], [centre, s.q1]])),
                Expr(S.Line, from_python([[centre, s.q3], [centre, s.high]])),
                hline(centre, fence, s.low), hline(centre, fence, s.high)]
    parts = [styled(spec.style("Whiskers") if spec.has("Whiskers") else None, grey,
                     *whiskers),
             Expr(S.List, colour, EDGE, _box_shape(centre, half, s, values.size, spec))]
    for name, y in (("MedianMarker", s.median), ("MeanMarker", float(values.mean()))):
        if spec.has(name):
            parts.append(styled(spec.style(name), Expr(S.GrayLevel, Integer(1)),
                                 hline(centre, half * spec.width(name, 1.0), y)))
    if spec.has("MeanDiamond") and values.size > 1:
        parts.append(_diamond(centre, half * spec.width("MeanDiamond", 1.0), values,
                              spec.style("MeanDiamond")))
    for name, found, size in (("Outliers", s.outliers, 0.012), ("FarOutliers", s.far, 0.02)):
        if spec.has(name) and found.size:
            parts.append(marks(found, centre, spec.elements[name][0], spec.style(name), size))
    symbol = Expr(S.List, *parts)
    return symbol if vertical else _transposed(symbol)


def _diamond(centre: float, half: float, values: np.ndarray, style) -> Expr:
    mean = float(values.mean())
    reach = 1.96 * float(values.std(ddof=1)) / math.sqrt(values.size)
    outline = [[centre, mean - reach], [centre + half, mean], [centre, mean + reach],
               [centre - half, mean], [centre, mean - reach]]
    return styled(style, Expr(S.GrayLevel, Integer(1)), Expr(S.Line, from_python(outline)))


def _transposed(e):
    """The symbol turned on its side: every coordinate pair {x, y} as {y, x}."""
    if type(e) is Expr and e.head in (S.Line, S.Point, S.Polygon, S.Text):
        return Expr(e.head, *(_swap(a) for a in e.args))
    if type(e) is Expr and e.head is S.Rectangle:
        return Expr(S.Rectangle, *(_swap(a) for a in e.args))
    if type(e) is Expr and e.head is S.List:
        return Expr.from_args(S.List, [_transposed(a) for a in e.args])
    return e


def _swap(e):
    if is_list(e) and len(e.args) == 2 and all(number(a) is not None for a in e.args):
        return Expr(S.List, e.args[1], e.args[0])
    if is_list(e):
        return Expr.from_args(S.List, [_swap(a) for a in e.args])
    return e


@builtin("BoxWhiskerChart", argc=(1, None), messages=_MESSAGES,
         usage="BoxWhiskerChart[{x1, x2, …}] draws a box from the first to the third "
               "quartile of the values with a line at the median and whiskers to the "
               "smallest and largest value; BoxWhiskerChart[{data1, data2, …}] a box each; "
               "BoxWhiskerChart[data, bwspec] with \"Outliers\", \"Notched\", \"Mean\", "
               "\"Diamond\", \"Basic\" or element settings.",
         examples=(("Head[BoxWhiskerChart[{1, 2, 3, 4, 10}]]", "Graphics"),))
def box_whisker_chart(ev, data, *rest):
    head = Symbol("BoxWhiskerChart")
    groups = dataset_groups(data)
    if groups is not None:
        return _grouped_chart(ev, head, groups, data, rest)
    read = read_value_sets(ev, head, data, rest)
    if read is None:
        return None
    call, sets = read
    given = call.positional[1] if len(call.positional) > 1 else None
    spec = read_box_spec(given)
    if spec is None:
        ev.message(head, "bwspec", given)
        return None
    colours = [chart_colour(call, k, DEFAULT_PLOT_COLOURS[k % 8] if len(sets) > 1
                            else HISTOGRAM_FACE) for k in range(len(sets))]
    vertical = not _is_horizontal(call)
    boxes = [box_symbol(k + 1.0, values, colour, spec, vertical=vertical)
             for k, (values, colour) in enumerate(zip(sets, colours))]
    low = min(float(v.min()) for v in sets)
    return graphics_result(call, boxes, chart_defaults(call, len(sets), vertical, low),
                           chart_legend(call, colours))


def _grouped_chart(ev, head, groups, data, rest):
    """Groups of data sets: a box a set, the sets of a group side by side in the colours
    of their places in it, ChartLabels naming the groups."""
    call = read_call(ev, head, (data, *rest))
    if call is None:
        return None
    given = call.positional[1] if len(call.positional) > 1 else None
    spec = read_box_spec(given)
    if spec is None:
        ev.message(head, "bwspec", given)
        return None
    places, centres, end = group_places(groups)
    width = max(len(g) for g in groups)
    colours = [chart_colour(call, k, DEFAULT_PLOT_COLOURS[k % 8]) for k in range(width)]
    vertical = not _is_horizontal(call)
    flat = [(values, colours[k]) for sets in groups for k, values in enumerate(sets)]
    boxes = [box_symbol(at, values, colour, spec, half=0.35, vertical=vertical)
             for at, (values, colour) in zip(places, flat)]
    low = min(float(v.min()) for v, _ in flat)
    return graphics_result(call, boxes, chart_defaults(call, len(places), vertical, low, end,
                                                       centres),
                           chart_legend(call, colours))


def _is_horizontal(call) -> bool:
    origin = call.get("BarOrigin")
    return type(origin) is Symbol and origin.name in ("Left", "Right")


def chart_defaults(call, count: int, vertical: bool, low: float, end: float | None = None,
                   label_at=None) -> list:
    """Axes, range and ChartLabels ticks of a chart of ``count`` symbols at 1, 2, … (up to
    ``end``; ChartLabels at ``label_at``, the symbols' places by default); the category
    axis crosses the value axis at ``low`` (the lowest value drawn), under the symbols, as
    WL's charts do."""
    end = end if end is not None else float(count)
    span = from_python([0.4, end + 0.6])
    ranges = (span, S.Automatic) if vertical else (S.Automatic, span)
    axes = (FALSE, TRUE) if vertical else (TRUE, FALSE)
    origin = (Real(0.4), Real(low)) if vertical else (Real(low), Real(0.4))
    defaults = [rule("AspectRatio", Real(GOLDEN)), rule("Axes", Expr(S.List, *axes)),
                rule("PlotRange", Expr(S.List, *ranges)),
                rule("AxesOrigin", Expr(S.List, *origin))]
    label_at = label_at if label_at is not None else [k + 1.0 for k in range(count)]
    labels = chart_labels(call, len(label_at))
    if labels:
        ticks = Expr.from_args(S.List, (from_python([at, lab])
                                        for at, lab in zip(label_at, labels)))
        pair = (ticks, S.Automatic) if vertical else (S.Automatic, ticks)
        defaults = [rule("Ticks", Expr(S.List, *pair)), rule("Axes", TRUE), *defaults]
    return defaults


def dataset_groups(data) -> list | None:
    """``{{data11, data12, …}, {data21, …}, …}``: groups of lists of numbers; None for any
    other shape."""
    if not (is_list(data) and data.args and all(is_list(g) and g.args for g in data.args)):
        return None
    groups = []
    for g in data.args:
        if not all(is_list(d) for d in g.args):
            return None
        sets = [finite_values(d) for d in g.args]
        if any(v is None or not v.size for v in sets):
            return None
        groups.append(sets)
    return groups


def group_places(groups) -> tuple[list, list, float]:
    """(the place of each data set, the centre of each group, the last place): the sets of
    a group side by side, a gap of one between groups."""
    places, centres, at = [], [], 0.0
    for sets in groups:
        first = at + 1.0
        places.extend(first + k for k in range(len(sets)))
        at = first + len(sets) - 1
        centres.append((first + at) / 2)
        at += 1.0                                   # the gap
    return places, centres, at - 1.0
