"""Histogram, HistogramList and PieChart: rectangles and sectors (BarChart is in
bar_chart.py, BoxWhiskerChart in box_whisker.py).

Bins and heights of Histogram are read in bins.py (Automatic, n, {dx}, {min, max, dx},
{{b1, b2, …}}, named methods; "Count", "Probability", "PDF", …).  HistogramList gives the
edges and heights Histogram draws.  ChartLabels label the bars (as ticks) and
the sectors; ChartStyle colours them.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from wlnet.core.registry import builtin
from wlnet.core.expr import TRUE, Expr, Integer, Real, S, String, Symbol, from_python
from wlnet.graphics.options import plain_text
from wlnet.graphics.plots.bins import bin_counts, histogram_edges, histogram_heights, log_bins
from wlnet.graphics.plots.common import GOLDEN, graphics_result, read_call, rule, unplaced
from wlnet.graphics.plots.themes import theme_colour
from wlnet.graphics.style import DEFAULT_PLOT_COLOURS, apply_directive, rgb_expr, Style
from wlnet.graphics.values import is_list, listed, number, numeric_array

CHART_MESSAGES = {
    "ldata": "`1` is not a valid dataset or list of datasets.",
    "bspec": "`1` is not a valid bin specification.",
    "hspec": "`1` is not a valid height specification: \"Count\", \"Probability\", "
             "\"PDF\", \"CDF\", \"Intensity\" or another of Histogram's.",
    "optx": "Unknown option `1` in `2`.",
}
HISTOGRAM_FACE = (0.987, 0.8, 0.49)          # the Wolfram Language's histogram orange
EDGE = Expr(S.EdgeForm, Expr(S.Directive, Expr(S.GrayLevel, Real(0.45)),
                             Expr(Symbol("AbsoluteThickness"), Real(0.6))))


def finite_values(e) -> np.ndarray | None:
    arr = numeric_array(e)
    if arr is None or arr.ndim != 1 or arr.size == 0:
        return None
    return arr[np.isfinite(arr)]


def _rect(x0, y0, x1, y1) -> Expr:
    return Expr(S.Rectangle, from_python([float(x0), float(y0)]),
                from_python([float(x1), float(y1)]))


def gradient_style(call) -> str | None:
    """The gradient ChartStyle names ("Pastel", "Rainbow", …), or None."""
    from wlnet.graphics.plots.colours import colour_scheme
    spec = call.get("ChartStyle")
    if type(spec) is not String:
        return None
    scheme = colour_scheme(spec)
    return scheme if isinstance(scheme, str) and scheme != "Automatic" else None


def chart_colour(call, index: int, default, count: int | None = None) -> Expr:
    """Element ``index``'s style: ChartStyle's (one, a list cycled, or a gradient's name:
    its colours evenly from one end to the other over the ``count`` elements), else the
    theme's or default colour; after ChartBaseStyle's directives when it is given."""
    spec = call.get("ChartStyle")
    gradient = gradient_style(call)
    if gradient is not None:
        from wlnet.graphics.plots.colours import gradient_colours
        steps = max((count or 8) - 1, 1)
        rgb = gradient_colours(np.array([(index % (steps + 1)) / steps]), gradient)[0]
        own = rgb_expr(tuple(np.round(np.clip(rgb, 0.0, 1.0), 6)))
    elif spec is not None and is_list(spec) and spec.args:
        own = spec.args[index % len(spec.args)]
    elif spec is not None and apply_directive(Style(), spec) is not None:
        own = spec
    else:
        own = rgb_expr(theme_colour(call, index, default))
    base = call.get("ChartBaseStyle")
    if base is None or base is Symbol("None") or base is Symbol("Automatic"):
        return own
    return Expr(S.Directive, base, own) if spec is not None else Expr(S.Directive, own, base)


def chart_edge(call, colour) -> list:
    """What follows an element's colour: the default edge, then ChartBaseStyle's
    directives (over those defaults), then an explicit ChartStyle again (over the base)."""
    spec = call.get("ChartBaseStyle")
    if spec is None or spec is Symbol("None") or spec is Symbol("Automatic"):
        return [EDGE]
    return [EDGE, spec, *([colour] if call.get("ChartStyle") is not None else [])]


def chart_legend(call, colours: list):
    """ChartLegends -> {label1, …} (or SwatchLegend[…]): a swatch per coloured element."""
    spec = unplaced(call.get("ChartLegends"))
    if spec is None or type(spec) is Symbol and spec.name in ("None", "Automatic"):
        return None
    if type(spec) is Expr and spec.head.name == "SwatchLegend" and spec.args:
        spec = spec.args[-1]
    labels = [plain_text(a) for a in spec.args] if is_list(spec) else [plain_text(spec)]
    n = min(len(labels), len(colours))
    return ("swatch", colours[:n], labels[:n]) if n else None


def read_bins(ev, head, call, values, edges_of):
    """The bins of a histogram call ``head[data, bspec, hspec]`` over ``values`` (every
    set's: one set of bins for all), ``edges_of(values, bspec)`` making their edges:
    (bspec, edges, hspec), or None after ``head::bspec`` or ``head::hspec``."""
    spec = call.positional[1] if len(call.positional) > 1 else None
    edges = edges_of(values, spec)
    if edges is None:
        ev.message(head, "bspec", spec)
        return None
    hspec = call.positional[2] if len(call.positional) > 2 else None
    if histogram_heights(np.zeros(len(edges) - 1), edges, hspec) is None:
        ev.message(head, "hspec", hspec)
        return None
    return spec, edges, hspec


@builtin("Histogram", argc=(1, None),
         usage="Histogram[data] counts the values of data in bins and draws a bar per bin; "
               "Histogram[data, n] uses about n bins, Histogram[data, {dx}] bins of width dx, "
               "{{b1, b2, …}} those edges, \"Sturges\", \"Scott\", \"FreedmanDiaconis\" or "
               "\"Knuth\", \"Wand\" a named method, {\"Log\", bspec} bins on a log "
               "scale; Histogram[data, bspec, hspec] draws heights "
               "\"Probability\", \"PDF\", \"CDF\", \"Intensity\", … instead of counts.",
         messages=CHART_MESSAGES)
def histogram(ev, data, *rest):
    head = Symbol("Histogram")
    call = read_call(ev, head, (data, *rest))
    if call is None:
        return None
    if "PlotLegends" in call.options:     # a chart: its legends are ChartLegends, as in WL
        ev.message(head, "optx", Symbol("PlotLegends"), Expr(head, data, *rest))
        return None
    datasets = histogram_datasets(data)
    if datasets is None:
        ev.message(head, "ldata", data)
        return None
    bins = read_bins(ev, head, call, np.concatenate(datasets), histogram_edges)
    if bins is None:
        return None
    spec, edges, hspec = bins
    shapes, colours, tallest = [], [], 0.0
    for k, values in enumerate(datasets):
        counts = bin_counts(values, edges, spec)
        heights = histogram_heights(counts, edges, hspec)
        tallest = max(tallest, float(np.nanmax(heights[np.isfinite(heights)], initial=0)))
        bars = [_rect(edges[i], 0, edges[i + 1], h) for i, h in enumerate(heights)
                if h > 0 and np.isfinite(h)]
        if len(datasets) == 1:
            colour = chart_colour(call, 0, HISTOGRAM_FACE)
        else:       # several data sets: each in its colour, see-through where they overlap
            colour = Expr(S.Directive, chart_colour(call, k, DEFAULT_PLOT_COLOURS[k % 8]),
                          Expr(S.Opacity, Real(0.5)))
        colours.append(colour)
        shapes.append(Expr(S.List, colour, *chart_edge(call, colour), *bars))
    defaults = [rule("AspectRatio", Real(GOLDEN)), rule("Axes", TRUE),
                rule("AxesOrigin", from_python([float(edges[0]), 0.0])),     # at the left
                rule("PlotRange", Expr(S.List, from_python([float(edges[0]), float(edges[-1])]),
                                       from_python([0.0, tallest or 1.0])))]
    if log_bins(spec) is not None:                    # log bins: a log scale to show them
        defaults.append(rule("ScalingFunctions", Expr(S.List, String("Log"), Symbol("None"))))
    return graphics_result(call, shapes, defaults, chart_legend(call, colours))


def histogram_datasets(data) -> list | None:
    """The data sets of Histogram's first argument: one list of numbers, or a list of such
    lists (of any lengths); None when it is neither."""
    data = listed(data)
    one = finite_values(data)
    if one is not None:
        return [one]
    if is_list(data) and data.args and all(is_list(d) for d in data.args):
        sets = [finite_values(d) for d in data.args]
        if all(v is not None and v.size for v in sets):
            return sets
    return None


def _edge_values(edges: np.ndarray, exact: bool) -> Expr:
    """Bin edges as numbers: integers when the data and the bin spec were exact and the
    edges whole."""
    if exact and np.all(edges == np.round(edges)):
        return Expr.from_args(S.List, [Integer(int(round(e))) for e in edges])
    return from_python([float(e) for e in edges])


def _is_exact(e) -> bool:
    if type(e) is Integer:
        return True
    if type(e) is Expr and e.head is S.List:
        return all(_is_exact(a) for a in e.args)
    return False


@builtin("HistogramList", argc=(1, 3),
         usage="HistogramList[data] is {{b1, b2, …}, {n1, n2, …}}: the bin edges and the "
               "counts that Histogram[data] draws; HistogramList[data, bspec, hspec] with "
               "Histogram's bin and height specs.",
         examples=(("HistogramList[{1, 2, 2, 3, 5}, {1}]",
                    "{{1, 2, 3, 4, 5, 6}, {1, 2, 1, 0, 1}}"),),
         messages=CHART_MESSAGES)
def histogram_list(ev, data, spec=None, hspec=None):
    head = Symbol("HistogramList")
    values = finite_values(data)
    if values is None:
        ev.message(head, "ldata", data)
        return None
    edges = histogram_edges(values, spec)
    if edges is None:
        ev.message(head, "bspec", spec)
        return None
    automatic = spec is None or type(spec) is Symbol and spec.name == "Automatic"
    exact = _is_exact(data) and (automatic or _is_exact(spec))
    counts = bin_counts(values, edges, spec)
    heights = histogram_heights(counts, edges, hspec)
    if heights is None:
        ev.message(head, "hspec", hspec)
        return None
    return Expr(S.List, _edge_values(edges, exact), _height_values(counts, edges, hspec, heights,
                                                                   exact))


def _height_values(counts, edges, hspec, heights, exact: bool) -> Expr:
    """Counts as integers; other heights exact (rationals) when the edges are whole numbers
    and the height a ratio of counts and widths, as WL gives them, else reals."""
    name = hspec.value if type(hspec) is String else "Count"
    if name in ("Count", "CumulativeCount", "SurvivalCount"):
        return Expr.from_args(S.List, [Integer(int(round(h))) for h in heights])
    whole = exact and np.all(edges == np.round(edges))
    if whole and name in ("Probability", "Intensity", "PDF", "CDF", "SF"):
        n = int(counts.sum()) or 1
        widths = [int(round(w)) for w in np.diff(edges)]
        cum = np.cumsum(counts).tolist()
        survival = np.cumsum(counts[::-1])[::-1].tolist()
        exact_heights = {
            "Probability": [Fraction(int(c), n) for c in counts],
            "Intensity": [Fraction(int(c), w) for c, w in zip(counts, widths)],
            "PDF": [Fraction(int(c), n * w) for c, w in zip(counts, widths)],
            "CDF": [Fraction(int(c), n) for c in cum],
            "SF": [Fraction(int(c), n) for c in survival],
        }[name]
        return Expr.from_args(S.List, [Integer(f.numerator) if f.denominator == 1
                                       else from_python(f) for f in exact_heights])
    return from_python([float(h) for h in heights])


def chart_labels(call, n: int) -> list | None:
    spec = call.get("ChartLabels")
    if spec is None or not is_list(spec):
        return None
    return [plain_text(a) for a in spec.args][:n]


# ---------------------------------------------------------------------------- sectors

_DIRECTIONS = {"Right": 0.0, "Top": math.pi / 2, "Left": math.pi, "Bottom": -math.pi / 2}
_SENSES = {"Clockwise": -1, "Counterclockwise": 1}


def sector_origin(spec) -> tuple[float, int, float] | None:
    """SectorOrigin as (first angle, sense +1 counterclockwise / -1 clockwise, inner radius):
    Automatic (the top, clockwise), a direction Left/Right/Top/Bottom, an angle θ from the
    positive x axis, {pos, sense}, or {{pos, sense}, r} for a ring of inner radius r.
    None when the setting is none of these."""
    start, sense, inner = math.pi / 2, -1, 0.0
    if spec is None or spec is S.Automatic:
        return start, sense, inner
    if is_list(spec) and len(spec.args) == 2 and is_list(spec.args[0]):
        inner = number(spec.args[1])
        if inner is None or inner < 0:
            return None
        spec = spec.args[0]
    pos, turn = (spec.args[0], spec.args[1]) if is_list(spec) and len(spec.args) == 2 \
        else (spec, None)
    if type(pos) is Symbol and pos.name in _DIRECTIONS:
        start = _DIRECTIONS[pos.name]
    elif pos is not S.Automatic:
        start = number(pos)
        if start is None:
            return None
    if turn is not None and turn is not S.Automatic:
        sense = _SENSES.get(turn.value) if type(turn) is String else number(turn)
        if sense not in (1, -1):
            return None
    return start, int(sense), inner


def sector_shape(start: float, sweep: float, inner: float, outer: float) -> Expr:
    """The sector from angle ``start`` over ``sweep`` (signed) between the radii: a Disk
    sector, or a polygon of the ring's piece when ``inner`` > 0."""
    lo, hi = sorted((start, start + sweep))
    if inner <= 0:
        return Expr(S.Disk, from_python([0.0, 0.0]), Real(float(outer)),
                    from_python([lo, hi]))
    t = np.linspace(lo, hi, max(8, int(abs(sweep) * 30)))
    ring = np.concatenate([np.column_stack([outer * np.cos(t), outer * np.sin(t)]),
                           np.column_stack([inner * np.cos(t), inner * np.sin(t)])[::-1]])
    return Expr(S.Polygon, from_python(ring))


def read_sector_origin(ev, head, call):
    origin = sector_origin(call.get("SectorOrigin"))
    if origin is None:
        ev.message(head, "sorig", call.get("SectorOrigin"))
    return origin


def read_pie(ev, head, call, data):
    """A pie chart's values (non-negative, not all zero) and its SectorOrigin (angle,
    sense, inner radius): (values, origin), or None after ``head::ldata`` or
    ``head::sorig``."""
    values = finite_values(data)
    if values is None or (values < 0).any() or values.sum() <= 0:
        ev.message(head, "ldata", data)
        return None
    origin = read_sector_origin(ev, head, call)
    return None if origin is None else (values, origin)


@builtin("PieChart", argc=(1, None),
         usage="PieChart[{y1, y2, …}] draws a disk cut in sectors proportional to the yi; "
               "SectorOrigin sets where and in which sense they go, and makes a ring; "
               "PieChart[{data1, data2, …}] draws concentric rings, data1 innermost.",
         messages={**CHART_MESSAGES, "sorig": "`1` is not a valid SectorOrigin setting."})
def pie_chart(ev, data, *rest):
    head = Symbol("PieChart")
    call = read_call(ev, head, (data, *rest))
    if call is None:
        return None
    if type(data) is Expr and data.head is S.Association:       # keys label the sectors
        if "ChartLabels" not in call.options:
            call.options["ChartLabels"] = Expr.from_args(S.List, (r.args[0] for r in data.args))
        data = Expr.from_args(S.List, (r.args[1] for r in data.args))
    several = _value_datasets(data) if finite_values(data) is None else None
    if several is not None and len(several) > 1:
        if any((v < 0).any() or v.sum() <= 0 for v in several):
            ev.message(head, "ldata", data)
            return None
        origin = read_sector_origin(ev, head, call)
        if origin is None:
            return None
        pies = [(values, origin) for values in several]
    else:
        pies = [read_pie(ev, head, call, data)]
        if pies[0] is None:
            return None
    # several data sets: concentric rings, the first innermost, the labels on the outermost
    inner = min(pies[0][1][2], 0.99)
    width = (1.0 - inner) / len(pies)
    drawn, texts, colours = [], [], []
    for ring, (values, (angle, sense, _)) in enumerate(pies):
        outermost = ring == len(pies) - 1
        labels = (chart_labels(call, len(values)) or []) if outermost else []
        parts = _pie_ring(call, values, angle, sense, inner + ring * width,
                          inner + (ring + 1) * width, labels)
        drawn += parts[0]
        texts += parts[1]
        colours = parts[2] if len(parts[2]) > len(colours) else colours
    return graphics_result(call, [*drawn, *texts], [rule("AspectRatio", S.Automatic)],
                           chart_legend(call, colours))


def _pie_ring(call, values, angle: float, sense: int, inner: float, outer: float, labels):
    """(sectors, label texts, colours) of one data set's sectors between the radii."""
    total = values.sum()
    sectors, texts, colours = [], [], []
    for k, v in enumerate(values):
        sweep = sense * 2 * math.pi * v / total
        colour = chart_colour(call, k, DEFAULT_PLOT_COLOURS[k % len(DEFAULT_PLOT_COLOURS)],
                              len(values))
        colours.append(colour)
        sectors.append(Expr(S.List, colour, Expr(S.EdgeForm, Expr(S.GrayLevel, Integer(1))),
                            sector_shape(angle, sweep, inner, outer)))
        if k < len(labels):
            mid = angle + sweep / 2
            at = 0.7 * outer if inner <= 0 else (outer + inner) / 2
            texts.append(Expr(S.Text, from_python(labels[k]),
                              from_python([at * math.cos(mid), at * math.sin(mid)])))
        angle += sweep
    return sectors, texts, colours


# ---------------------------------------------------------------------------- box and whisker

def quartiles(values: np.ndarray) -> np.ndarray:
    """Q1, median, Q3 as the Wolfram Language's Quartiles computes them (the parameters
    {{1/2, 0}, {0, 1}}: position n q + 1/2, interpolated linearly; numpy's "hazen")."""
    return np.percentile(values, [25, 50, 75], method="hazen")


def _value_datasets(data) -> list | None:
    single = finite_values(data)
    if single is not None:
        return [single]
    if is_list(data) and data.args:
        many = [finite_values(a) for a in data.args]
        if all(m is not None and m.size for m in many):
            return many
    return None


def read_value_sets(ev, head, data, rest):
    """The call and the data sets of BoxWhiskerChart and SmoothHistogram (one list of
    numbers, a list of them, or an association of them, its keys the ChartLabels), or
    None after the message (head::ldata for other data)."""
    call = read_call(ev, head, (data, *rest))
    if call is None:
        return None
    if type(data) is Expr and data.head is S.Association and data.args:
        # <|key -> values, …|>: a data set per key, the keys labelling them
        if "ChartLabels" not in call.options:
            call.options["ChartLabels"] = Expr.from_args(S.List, (r.args[0] for r in data.args))
        sets = _value_datasets(Expr.from_args(S.List, (r.args[1] for r in data.args)))
        if sets is not None and len(sets) != len(data.args):
            sets = None
    else:
        sets = _value_datasets(data)
    if sets is None:
        ev.message(head, "ldata", data)
        return None
    return call, sets
