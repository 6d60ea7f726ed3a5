"""What every plotting function shares: its options, styles per data set, legends,
filling, and the ``Graphics`` expression it returns.

A plot's own options (PlotStyle, PlotLegends, Joined, Filling, PlotTheme, PlotPoints…)
are read here; every Graphics option (PlotRange, ImageSize, Frame, AxesLabel…) is passed
through to the Graphics result, the user's settings before the plot's defaults (the
first setting of an option wins).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from wlnet.core.expr import TRUE, Expr, Integer, Real, S, String, Symbol, from_python
from wlnet.graphics.options import (GRAPHICS_OPTION_NAMES, PLACEHOLDER_LABEL, PlaceholderText,
                                    label_expr, label_text, plain_text, with_source)
from wlnet.graphics.plots.themes import theme_dashes, theme_of, theme_rules
from wlnet.graphics.style import DEFAULT_PLOT_COLOURS, rgb_expr
from wlnet.graphics.values import is_list, is_rule, number, option_name

__all__ = ["PlotCall", "read_call", "dataset_style", "graphics_result", "line_expr",
           "mesh_expr", "mesh_points", "markers_expr", "plot_label_names", "unplaced",
           "rule", "GOLDEN", "PLOT_OPTIONS", "points_expr", "split_at_gaps", "finite_runs",
           "fill_polygons", "filling_group", "curve_filling",
           "filling_base", "opacity_of", "legend_labels", "legend_label_list", "integer",
           "FUNCTION_PLOT_DEFAULTS",
           "PARAMETRIC_PLOT_DEFAULTS", "LIST_PLOT_DEFAULTS"]

GOLDEN = 1 / 1.618033988749895
PLOT_OPTIONS = ("PlotStyle", "PlotLegends", "Joined", "Filling", "FillingStyle", "PlotTheme",
                "PlotPoints", "MaxRecursion", "PlotMarkers", "Mesh", "MeshStyle",
                "ColorFunction", "ColorFunctionScaling", "DataRange", "Exclusions",
                "WorkingPrecision", "Evaluated", "ClippingStyle", "InterpolationOrder",
                "PerformanceGoal", "Contours", "ContourShading", "ContourStyle",
                "ContourLabels", "ChartStyle", "ChartBaseStyle", "ChartLabels", "ChartLegends",
                "ChartLayout",
                "ChartElementFunction", "BubbleScale", "BubbleSizes",
                "SectorOrigin",
                "BarOrigin", "BarSpacing", "LabelingFunction",
                "RegionFunction", "MaxPlotPoints", "TargetUnits",
                "IntervalMarkers", "PlotHighlighting", "PlotLayout", "PlotRangeClipping",
                "VectorPoints", "VectorScale", "VectorScaling", "VectorStyle", "VectorColorFunction",
                "StreamPoints", "StreamStyle", "StreamScale", "BoundaryStyle",
                "ReferenceLineStyle", "WordOrientation", "WordSpacings", "PlotLabels",
                "DateTicksFormat",
                # ArrayPlot and MatrixPlot
                "ColorRules", "PixelConstrained", "DataReversed")


def _defaults(**values) -> dict:
    """Option defaults as Options[f] lists them; a value is a symbol name, a list of
    them, or an Expr."""
    def value(v):
        if isinstance(v, str):
            return Symbol(v)
        if isinstance(v, (list, tuple)):
            return Expr.from_args(S.List, [value(x) for x in v])
        return v
    return {name: value(v) for name, v in values.items()}


_INVERSE_GOLDEN = Expr(S.Power, Symbol("GoldenRatio"), Integer(-1))
_COMMON_DEFAULTS = _defaults(
    AspectRatio=_INVERSE_GOLDEN, Axes="True", AxesLabel="None", AxesOrigin="Automatic",
    Background="None", Epilog=[], Filling="None", FillingStyle="Automatic", Frame="False",
    FrameLabel="None", GridLines="None", ImageSize="Automatic", PlotLabel="None",
    PlotLegends="None", PlotRangeClipping="True", PlotRangePadding="Automatic",
    PlotStyle="Automatic", Prolog=[], ScalingFunctions="None", Ticks="Automatic",
    ColorFunction="Automatic", ColorFunctionScaling="True", Mesh="None",
    MeshStyle="Automatic", Method="Automatic")
# Options[Plot] (and LogPlot): the x range in full, y chosen; sampling left automatic
FUNCTION_PLOT_DEFAULTS = {**_COMMON_DEFAULTS, **_defaults(
    PlotRange=["Full", "Automatic"], PlotPoints="Automatic", MaxRecursion="Automatic",
    Exclusions="Automatic", ClippingStyle="None", Evaluated="Automatic",
    WorkingPrecision="MachinePrecision")}
PARAMETRIC_PLOT_DEFAULTS = {**FUNCTION_PLOT_DEFAULTS, **_defaults(
    PlotRange="Automatic", AspectRatio="Automatic")}
# Options[ListPlot] and its relatives
LIST_PLOT_DEFAULTS = {**_COMMON_DEFAULTS, **_defaults(
    PlotRange="Automatic", DataRange="Automatic", Joined="False", PlotMarkers="None",
    InterpolationOrder="None")}


def rule(name: str, value) -> Expr:
    return Expr(S.Rule, Symbol(name), value)


@dataclass
class PlotCall:
    """A plotting call split into its positional arguments, its plot options and the
    Graphics options to pass on."""

    positional: tuple
    options: dict = field(default_factory=dict)          # plot option name -> value
    graphics_rules: list = field(default_factory=list)   # user's Graphics options

    def get(self, name: str, default=None):
        return self.options.get(name, default)

    def is_set(self, name: str) -> bool:
        value = self.options.get(name)
        return value is not None and not (type(value) is Symbol
                                           and value.name in ("Automatic", "None"))

    def flag(self, name: str) -> bool:
        return self.options.get(name) is TRUE


def read_call(ev, head: Symbol, args) -> PlotCall | None:
    """Split ``args``; an unknown option gives ``head::optx`` and None.  The first
    argument is never an option (``ListPlot[data -> labels]``)."""
    end = len(args)
    while end > 1 and is_rule(args[end - 1]):
        end -= 1
    call = PlotCall(tuple(args[:end]))
    for r in args[end:]:
        name = option_name(r)
        if name in PLOT_OPTIONS:
            call.options[name] = r.args[1]
        elif name == "PlotRange":
            call.graphics_rules.append(rule("PlotRange", _plot_range_of(head, r.args[1])))
        elif name in GRAPHICS_OPTION_NAMES:          # passed on to the Graphics
            call.graphics_rules.append(r)
        else:
            ev.message(head, "optx", r.args[0], Expr(head, *args))
            return None
    return call


# PlotRange -> s means, per function (the PlotRange page's table), values 0..s or -s..s
# of the plotted quantity, or -s..s on both axes; the Graphics it builds reads s alone as
# -s..s on both axes, so a plot hands on the pair it means.
_FROM_ZERO = ("ListPlot", "ListLinePlot", "ArrayPlot")
_BOTH_AXES = ("ParametricPlot", "RegionPlot")


def _plot_range_of(head: Symbol, value):
    s = number(value)
    if s is None or s <= 0:
        return value
    both = Expr(S.List, Real(-s), Real(s))
    if head.name in _BOTH_AXES:
        return Expr(S.List, both, both)
    return Expr(S.List, Integer(0), value) if head.name in _FROM_ZERO else both


# ---------------------------------------------------------------------------- styles

def _style_specs(call: PlotCall) -> list:
    spec = call.get("PlotStyle")
    if spec is None or (type(spec) is Symbol and spec.name == "Automatic"):
        return []
    if is_list(spec):
        return list(spec.args)
    return [spec]


def dataset_style(call: PlotCall, index: int, thickness: float | None = 1.6) -> Expr:
    """``Directive[colour, AbsoluteThickness[…], user's PlotStyle]`` of data set ``index``:
    the default colours in turn (or the PlotTheme's, with its dashes and thickness), a
    list of PlotStyles cycled, a single one for all."""
    theme = theme_of(call)
    colours = theme.palette or DEFAULT_PLOT_COLOURS
    rgb = colours[index % len(colours)]
    parts = [Expr(S.GrayLevel, Real(rgb[0])) if rgb[0] == rgb[1] == rgb[2] else rgb_expr(rgb)]
    dashes = theme_dashes(theme, index)
    if dashes and thickness is not None:            # told apart by their dashes
        parts.append(Expr(Symbol("AbsoluteDashing"), from_python(list(dashes))))
    if thickness is not None:
        parts.append(Expr(Symbol("AbsoluteThickness"),
                          Real(theme.thickness if theme.thickness else thickness)))
    specs = _style_specs(call)
    if specs:
        user = specs[index % len(specs)]         # a Directive or a list: its directives
        parts.extend(user.args if type(user) is Expr and (user.head is Symbol("Directive")
                                                          or is_list(user)) else [user])
    return Expr(Symbol("Directive"), *parts)


def opacity_of(style: Expr, alpha: float) -> Expr:
    return Expr(Symbol("Directive"), *style.args, Expr(Symbol("Opacity"), Real(alpha)))


# ---------------------------------------------------------------------------- geometry

def points_expr(xs, ys) -> Expr:
    return from_python(np.column_stack([xs, ys]).astype(float))


def finite_runs(points: np.ndarray) -> list[np.ndarray]:
    """The runs of consecutive rows of ``points`` (n x d) with every coordinate finite (a
    function that failed somewhere leaves a gap)."""
    good = np.isfinite(points).all(axis=1).astype(np.int8)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], good, [0]])))
    return [points[start:end] for start, end in zip(edges[::2], edges[1::2])]


def split_at_gaps(xs, ys) -> list[tuple[np.ndarray, np.ndarray]]:
    """The runs of finite points, as (xs, ys) each."""
    return [(run[:, 0], run[:, 1]) for run in finite_runs(np.column_stack([xs, ys]))]


def line_expr(xs, ys) -> Expr | None:
    """``Line[{{…}, {…}}]`` of the runs of at least two finite points; None if none."""
    runs = [points_expr(x, y) for x, y in split_at_gaps(xs, ys) if len(x) >= 2]
    if not runs:
        return None
    return Expr(S.Line, runs[0] if len(runs) == 1 else Expr.from_args(S.List, runs))


def filling_base(spec, ys_all) -> float | None:
    """The level a Filling setting fills to: Axis 0, Bottom/Top the data's extremes, a
    number itself; None for no filling."""
    if spec is None or type(spec) is Symbol and spec.name in ("None", "False"):
        return None
    finite = ys_all[np.isfinite(ys_all)] if ys_all.size else ys_all
    if type(spec) is Symbol:
        if spec.name == "Axis":
            return 0.0
        if spec.name == "Bottom":
            return float(finite.min()) if finite.size else 0.0
        if spec.name == "Top":
            return float(finite.max()) if finite.size else 0.0
    return number(spec)


def curve_filling(spec, k: int, all_ys):
    """What curve ``k`` (0-based) is filled to under a Filling setting: (level, None,
    style) to a level (Axis, Bottom, Top, a number), (None, j, style) to curve j, or None.
    A setting for all curves, or rules {i -> target, …}, a target being a level, {j} (curve
    j) or {target, style}; style None where the plot chooses."""
    if is_list(spec) and spec.args and all(is_rule(r) for r in spec.args):
        for r in spec.args:
            if number(r.args[0]) == k + 1:
                return _filling_target(r.args[1], all_ys)
        return None
    base = filling_base(spec, all_ys)
    return (base, None, None) if base is not None else None


def _filling_target(t, all_ys):
    style = None
    if is_list(t) and len(t.args) == 2:
        first, second = t.args
        if is_list(first) or filling_base(first, all_ys) is not None:
            t, style = first, second                    # {target, style}
    if is_list(t) and len(t.args) == 1 and number(t.args[0]) is not None:
        return None, int(number(t.args[0])) - 1, style   # {j}: to curve j
    base = filling_base(t, all_ys)
    return (base, None, style) if base is not None else None


def fill_between(xs, ys, others_xs, others_ys) -> list[Expr]:
    """Polygons between a curve and another (taken at the curve's xs), a run each."""
    order = np.argsort(others_xs)
    other = np.interp(xs, np.asarray(others_xs)[order], np.asarray(others_ys)[order],
                      left=np.nan, right=np.nan)
    out = []
    for run in finite_runs(np.column_stack([xs, ys, other])):
        if len(run) >= 2:
            px = np.concatenate([run[:, 0], run[::-1, 0]])
            py = np.concatenate([run[:, 1], run[::-1, 2]])
            out.append(Expr(S.Polygon, points_expr(px, py)))
    return out


def filling_group(spec, k: int, xs, ys, curves, style, all_ys) -> Expr | None:
    """The filled region of curve ``k``, or None: ``curves`` are all the (xs, ys)."""
    found = curve_filling(spec, k, all_ys)
    if found is None:
        return None
    base, other, given = found
    fill_style = Expr(S.Directive, given) if given is not None else opacity_of(style, 0.2)
    if other is not None:
        if not 0 <= other < len(curves) or other == k:
            return None
        return Expr(S.List, fill_style, *fill_between(xs, ys, *curves[other]))
    return Expr(S.List, fill_style, *fill_polygons(xs, ys, base))


def fill_polygons(xs, ys, base: float) -> list[Expr]:
    """One polygon per run of finite points, between the curve and ``base``."""
    out = []
    for x, y in split_at_gaps(xs, ys):
        if len(x) >= 2:
            px = np.concatenate([x, x[::-1]])
            py = np.concatenate([y, np.full(len(x), base)])
            out.append(Expr(S.Polygon, points_expr(px, py)))
    return out


def fill_stems(xs, ys, base: float) -> list[Expr]:
    """A line from each finite point to ``base``: how points that are not joined are
    filled (ListPlot[…, Filling -> Axis], DiscretePlot)."""
    good = np.isfinite(xs) & np.isfinite(ys)
    return [Expr(S.Line, points_expr(np.array([x, x]), np.array([base, y])))
            for x, y in zip(xs[good], ys[good])]


# ---------------------------------------------------------------------------- result

def unplaced(spec):
    """``Placed[spec, position]`` as its spec (the legend goes beside the plot)."""
    while type(spec) is Expr and spec.head is Symbol("Placed") and spec.args:
        spec = spec.args[0]
    return spec


def bar_legend(call: PlotCall, colouring, lo: float, hi: float, marks=()) -> Expr | None:
    """``BarLegend[{{colours…}, {lo, hi}}, marks]`` when PlotLegends asks for one (Automatic
    or BarLegend[…]): ``colouring`` maps values in lo..hi to RGB rows."""
    spec = unplaced(call.get("PlotLegends"))
    wanted = spec is S.Automatic or type(spec) is Expr and spec.head is Symbol("BarLegend")
    if not wanted or not (hi >= lo):
        return None
    values = np.linspace(lo, hi, 24)
    rgb = np.clip(np.asarray(colouring(values), float)[:, :3], 0, 1)
    colours = Expr.from_args(S.List, (Expr(S.RGBColor, *map(Real, np.round(c, 6)))
                                      for c in rgb))
    bar = Expr(S.List, colours, from_python([float(lo), float(hi)]))
    if len(marks):
        return Expr(Symbol("BarLegend"), bar, from_python([float(m) for m in marks]))
    return Expr(Symbol("BarLegend"), bar)


def legend_labels(call: PlotCall, count: int, expressions=None) -> list | None:
    """The labels PlotLegends asks for; "Expressions" (and PlotTheme "Detailed" with
    several data sets) label each by its expression, which the legend keeps held
    (HoldForm[Sin[x]]); Automatic by its expression when there is one (a function, an
    association's key), else by a placeholder (as LineLegend[{col…}, Automatic] does);
    given labels are kept as given."""
    spec = unplaced(call.get("PlotLegends"))
    if spec is None and theme_of(call).expressions_legend and expressions and count > 1:
        spec = String("Expressions")
    if spec is S.Automatic:
        if not expressions:
            return [PLACEHOLDER_LABEL] * count
        spec = String("Expressions")
    if spec is None or spec is Symbol("None"):
        return None
    if type(spec) is String and spec.value == "Expressions" and expressions:
        return _expression_labels(expressions, count)
    if is_list(spec):
        return [_given_label(a) for a in spec.args][:count]
    if type(spec) is Expr and spec.head.name in ("LineLegend", "PointLegend", "SwatchLegend"):
        positional = [a for a in spec.args if not is_rule(a)]     # (options: LegendLabel…)
        labels = positional[-1] if positional else None
        if type(labels) is String and labels.value == "Expressions" and expressions:
            return _expression_labels(expressions, count)
        return [_given_label(a) for a in labels.args] if is_list(labels) else None
    return [_given_label(spec)]


def _given_label(e):
    return with_source(label_text(e), e)


def _expression_labels(expressions, count: int) -> list:
    """The labels of the data sets' own expressions, kept held (HoldForm), as WL's
    legend shows them; a number or string (an association's key) as it is."""
    return [with_source(label_text(e), Expr(S.HoldForm, e) if type(e) in (Expr, Symbol) else e)
            for e in expressions][:count]


def graphics_result(call: PlotCall, groups: list, defaults: list, legend=None) -> Expr:
    """``Graphics[groups, user options…, theme…, plot defaults…]``, in ``Legended`` when
    ``legend`` is ``(kind, styles, labels)`` or a legend expression."""
    rules = [*call.graphics_rules, *theme_rules(theme_of(call)), *defaults]
    g = Expr(S.Graphics, Expr.from_args(S.List, groups), *rules)
    if legend is None:
        return g
    where = _legend_position(call)
    if type(legend) is Expr:                  # a legend made already (a BarLegend)
        return Expr(Symbol("Legended"), g, Expr(Symbol("Placed"), legend, where))
    kind, styles, labels = legend
    head = Symbol({"line": "LineLegend", "points": "PointLegend"}.get(kind, "SwatchLegend"))
    n = min(len(styles), len(labels))
    box = Expr(head, Expr.from_args(S.List, styles[:n]), legend_label_list(labels[:n]),
               *_legend_markers(call, n), *_legend_label(call))
    return Expr(Symbol("Legended"), g, Expr(Symbol("Placed"), box, where))


def legend_label_list(labels: list):
    """A legend's labels as its second argument: Automatic when all are placeholders
    (the legend constructors' own form), else their list."""
    if all(type(t) is PlaceholderText for t in labels):
        return S.Automatic
    return Expr.from_args(S.List, (label_expr(t) for t in labels))


def _legend_label(call: PlotCall) -> list:
    """[LegendLabel -> title] of a PlotLegends -> LineLegend[…, LegendLabel -> title]."""
    spec = unplaced(call.get("PlotLegends"))
    if type(spec) is Expr and spec.head.name in ("LineLegend", "PointLegend", "SwatchLegend"):
        return [r for r in spec.args if is_rule(r) and option_name(r) == "LegendLabel"]
    return []


def _legend_markers(call: PlotCall, count: int) -> list:
    """``[LegendMarkers -> {marker, …}]`` when PlotMarkers marks the data sets, so that
    the legend shows each set's marker; [] otherwise."""
    found = [_marker_of(call.get("PlotMarkers"), k) for k in range(count)]
    if not found or None in found:
        return []
    markers = [Expr(S.Style, m, Real(size)) if type(m) is String else m for m, size in found]
    return [rule("LegendMarkers", Expr.from_args(S.List, markers))]


def _legend_position(call: PlotCall):
    """Where PlotLegends or ChartLegends -> Placed[spec, position] puts the legend (After,
    beside the plot, by default)."""
    for name in ("PlotLegends", "ChartLegends"):
        spec = call.get(name)
        if type(spec) is Expr and spec.head is Symbol("Placed") and len(spec.args) >= 2:
            return spec.args[1]
    return Symbol("After")


# ---------------------------------------------------------------------------- marks on curves

def mesh_points(spec, xs: np.ndarray, ys: np.ndarray) -> np.ndarray | None:
    """The points Mesh marks on a curve (n x 2): All and Full every point drawn, n that many
    evenly spaced in x, {x1, x2, …} at those x; None for None, Automatic or another
    setting."""
    good = np.isfinite(xs) & np.isfinite(ys)
    xs, ys = xs[good], ys[good]
    if spec is None or xs.size == 0:
        return None
    if type(spec) is Symbol and spec.name in ("All", "Full"):
        return np.column_stack([xs, ys])
    count = number(spec)
    if count is not None and count >= 1 and count == int(count):
        at = np.linspace(xs.min(), xs.max(), int(count) + 2)[1:-1]
    elif is_list(spec) and all(number(a) is not None for a in spec.args) and spec.args:
        at = np.array([number(a) for a in spec.args])
    else:
        return None
    order = np.argsort(xs)
    inside = (at >= xs.min()) & (at <= xs.max())
    return np.column_stack([at[inside], np.interp(at[inside], xs[order], ys[order])])


def mesh_expr(call: PlotCall, style: Expr, xs, ys) -> Expr | None:
    """``{style, MeshStyle, PointSize, Point[…]}`` of a curve's Mesh, or None."""
    found = mesh_points(call.get("Mesh"), xs, ys)
    if found is None or not len(found):
        return None
    mesh_style = call.get("MeshStyle")
    extra = [] if mesh_style is None or mesh_style is S.Automatic else [mesh_style]
    return Expr(S.List, style, Expr(S.PointSize, Real(0.012)), *extra,
                Expr(S.Point, from_python(found)))


# the glyphs PlotMarkers -> Automatic gives the data sets in turn, and the open ones
_FILLED_MARKERS = ("\u25cf", "\u25a0", "\u25c6", "\u25b2", "\u25bc", "\u2b1f", "\u2b22")
_OPEN_MARKERS = ("\u25cb", "\u25a1", "\u25c7", "\u25b3", "\u25bd", "\u2b20", "\u2b21")
_MARKER_SIZES = {"Tiny": 5.0, "Small": 7.0, "Medium": 9.0, "Large": 12.0}


def _marker_of(spec, k: int):
    """(glyph or expression, font size) of data set ``k`` for a PlotMarkers setting; None
    for no markers."""
    size = 9.0
    if is_list(spec) and len(spec.args) == 2 and (number(spec.args[1]) is not None or
                                                  type(spec.args[1]) is Symbol and
                                                  spec.args[1].name in _MARKER_SIZES):
        spec, given = spec.args
        size = _MARKER_SIZES.get(getattr(given, "name", None)) or 1.5 * number(given)
    if spec is None or type(spec) is Symbol and spec.name in ("None", "False"):
        return None
    if type(spec) is Symbol and spec.name in ("Automatic", "True"):
        return String(_FILLED_MARKERS[k % len(_FILLED_MARKERS)]), size
    if type(spec) is String and spec.value in ("OpenMarkers", "FilledMarkers"):
        glyphs = _OPEN_MARKERS if spec.value == "OpenMarkers" else _FILLED_MARKERS
        return String(glyphs[k % len(glyphs)]), size
    if is_list(spec) and spec.args:
        return _marker_of(spec.args[k % len(spec.args)], 0)
    return spec, size


def markers_expr(call: PlotCall, style: Expr, k: int, xs, ys) -> Expr | None:
    """PlotMarkers: the marker of data set ``k`` at each of its points, in its colour."""
    found = _marker_of(call.get("PlotMarkers"), k)
    good = np.isfinite(xs) & np.isfinite(ys)
    if found is None or not good.any():
        return None
    marker, size = found
    if type(marker) is Expr and type(marker.head) is Symbol and marker.head.name in (
            "Graphics", "Graphics3D") or type(marker).__name__ == "Image":
        return Expr(S.List, *_picture_markers(marker, size, xs[good], ys[good]))
    if type(marker) is String:
        marker = Expr(S.Style, marker, Real(size))
    return Expr(S.List, style, *(Expr(S.Text, marker, from_python([float(x), float(y)]))
                                 for x, y in zip(xs[good], ys[good])))


def _picture_markers(picture, size: float, xs, ys) -> list:
    """A picture marker (PlotMarkers -> Graphics[…] or {Graphics[…], s}) drawn at each
    point: s (``size`` / 1.5) a fraction of the data's width, a twenty-fifth by default."""
    span = float(np.ptp(xs)) or float(np.ptp(ys)) or 1.0
    given = size / 1.5
    width = span * (given if given < 1 else 0.04)
    return [Expr(Symbol("Inset"), picture, from_python([float(x), float(y)]),
                 Symbol("Center"), Real(width)) for x, y in zip(xs, ys)]


def plot_label_names(call: PlotCall, count: int, expressions=None) -> list | None:
    """PlotLabels: a label per curve ({l1, l2, …}, "Expressions", or one for one curve)."""
    spec = unplaced(call.get("PlotLabels"))
    named = [String(plain_text(e)) for e in expressions or ()][:count]
    if spec is None or type(spec) is Symbol and spec.name in ("None", "Automatic"):
        return named if spec is S.Automatic and named else None
    if type(spec) is String and spec.value == "Expressions" and named:
        return named
    return list(spec.args)[:count] if is_list(spec) else [spec]


# ---------------------------------------------------------------------------- colour functions

def curve_colours(ev, call: PlotCall, xs, ys, x_span, y_span,
                  parameter=None) -> np.ndarray | None:
    """RGB rows for the points of a curve from ColorFunction, None when it is not set:
    a gradient name colours by y, a function gets x and y (scaled over the plot's spans
    to 0..1 unless ColorFunctionScaling -> False) and, for a parametric curve, its
    parameter (``parameter``: (values, span)) as a third argument."""
    from wlnet.graphics.plots.colours import colour_result, colour_scheme, gradient_colours
    spec = call.get("ColorFunction")
    if spec is None or spec is S.Automatic:
        return None
    scale = call.get("ColorFunctionScaling") != Symbol("False")

    def scaled(v, span):
        lo, hi = span
        return (v - lo) / (hi - lo) if scale and hi > lo else (v if not scale else v * 0 + 0.5)

    sx, sy = scaled(np.asarray(xs, float), x_span), scaled(np.asarray(ys, float), y_span)
    if type(spec) is String:
        scheme = colour_scheme(spec)
        return gradient_colours(sy, scheme) if scheme is not None else None
    su = scaled(np.asarray(parameter[0], float), parameter[1]) if parameter is not None \
        else None
    rows = []
    for i, (x, y) in enumerate(zip(sx, sy)):
        if not (np.isfinite(x) and np.isfinite(y)):
            rows.append((1.0, 1.0, 1.0))
            continue
        extra = [Real(float(su[i]))] if su is not None else []
        rows.append(colour_result(ev.evaluate(Expr(spec, Real(float(x)), Real(float(y)),
                                                   *extra))))
    return np.array(rows, dtype=float).reshape(-1, 3)


def coloured_line(xs, ys, colours: np.ndarray) -> list[Expr]:
    """A curve as segments, each in the colour of its middle (the mean of its ends')."""
    out = []
    for i in range(len(xs) - 1):
        ends = np.array([[xs[i], ys[i]], [xs[i + 1], ys[i + 1]]], dtype=float)
        if not np.isfinite(ends).all():
            continue
        rgb = (colours[i] + colours[i + 1]) / 2
        out.append(Expr(S.List, Expr(S.RGBColor, *map(Real, np.round(rgb, 6))),
                        Expr(S.Line, from_python(ends))))
    return out


def coloured_points(xs, ys, colours: np.ndarray) -> list[Expr]:
    good = np.isfinite(xs) & np.isfinite(ys)
    return [Expr(S.List, Expr(S.RGBColor, *map(Real, np.round(c, 6))),
                 Expr(S.Point, from_python([float(x), float(y)])))
            for x, y, c in zip(xs[good], ys[good], colours[good])]


def integer(e, default: int) -> int:
    value = number(e) if e is not None else None
    return int(value) if value is not None and value >= 1 else default


