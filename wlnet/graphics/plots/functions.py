"""Plot, LogPlot, LogLogPlot, LogLinearPlot, ParametricPlot and PolarPlot: functions sampled
at numeric points.

They are HoldAll, as in the Wolfram Language: ``Plot[net[x], {x, 0, 1}]`` never
evaluates ``net[x]`` with a symbolic ``x``; the function is evaluated with ``x`` bound
to each sample point (``Block``), and where it gives no real number the curve has a gap.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.registry import builtin
from wlnet.core.expr import TRUE, Expr, Real, S, String, Symbol
from wlnet.graphics.plots.common import (FUNCTION_PLOT_DEFAULTS, GOLDEN,
                                         PARAMETRIC_PLOT_DEFAULTS, coloured_line,
                                         curve_colours, dataset_style, filling_group,
                                         graphics_result, integer, legend_labels,
                                         line_expr, mesh_expr, plot_label_names,
                                         read_call, rule)
from wlnet.graphics.plots.sampling import adaptive_sample, evaluator_at, real_limit
from wlnet.graphics.plots.wrappers import (Marks, label_text, legend_entries, styled, unwrap,
                                           unwrap_each)
from wlnet.graphics.values import is_list

RANGE_MESSAGES = {
    "pllim": "Range specification `1` is not of the form {x, xmin, xmax}.",
    "plln": "Limiting value `1` in `2` is not a machine-sized real number.",
    "optx": "Unknown option `1` in `2`.",
}


def read_range(ev, head, spec):
    """(variable, lo, hi) of ``{x, xmin, xmax}``, or None after a message."""
    if not (is_list(spec) and len(spec.args) == 3 and type(spec.args[0]) is Symbol):
        ev.message(head, "pllim", spec)
        return None
    var = spec.args[0]
    limits = []
    for e in spec.args[1:]:
        value = real_limit(ev, e)
        if value is None:
            ev.message(head, "plln", e, spec)
            return None
        limits.append(value)
    if limits[0] >= limits[1]:
        ev.message(head, "plln", spec.args[2], spec)
        return None
    return var, limits[0], limits[1]


def _functions(f) -> list:
    return list(f.args) if is_list(f) else [f]


def _unwrapped_functions(f) -> tuple:
    """``f`` without the wrappers around it or around each function of a list (Plot[{
    Style[f1, Red], Legended[f2, "g"]}, …]), and each curve's marks."""
    f, whole = unwrap(f)
    if not is_list(f):
        return f, [whole]
    plain, marks = unwrap_each(f)
    return plain, [Marks([*whole.styles, *m.styles], m.label, m.legend) for m in marks]


def automatic_y_range(ys: np.ndarray, xs: np.ndarray | None = None):
    """WL's PlotRange -> Automatic for y: all values, unless a few spikes (a pole) would
    flatten the rest; then the bulk of the values with some room.  The bulk is measured
    along x (each sample weighs the stretch of x it stands for), so that the many samples
    the refinement puts near a pole do not count as much of the curve."""
    ys = np.asarray(ys, float)
    flat = ys.reshape(len(ys), -1)
    weights = _x_weights(xs, len(ys))
    weights = np.repeat(weights, flat.shape[1])
    values = flat.ravel()
    finite = np.isfinite(values)
    if finite.sum() < 10:
        return None
    values, weights = values[finite], weights[finite]
    lo, hi = _weighted_percentiles(values, weights, (0.03, 0.97))
    span = hi - lo
    if span > 0 and values.max() - values.min() > 8 * span:
        return (float(lo - 0.25 * span), float(hi + 0.25 * span))
    return None


def _x_weights(xs, n: int) -> np.ndarray:
    """Half the x intervals on either side of each sample (1 each without xs)."""
    if xs is None or len(xs) != n or n < 2:
        return np.ones(n)
    gaps = np.diff(np.asarray(xs, float))
    return np.concatenate([[gaps[0]], gaps[:-1] + gaps[1:], [gaps[-1]]]) / 2


def _weighted_percentiles(values, weights, qs) -> list[float]:
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order])
    cumulative /= cumulative[-1]
    return [float(values[order][min(np.searchsorted(cumulative, q), len(values) - 1)])
            for q in qs]


# ---------------------------------------------------------------------------- exclusions

def _gaps_at(xs, ys, at: np.ndarray, curves=None):
    """The samples with a gap at each x in ``at`` inside the range: a row inserted there,
    NaN for the curve it belongs to (``curves[i]``; None: every curve) and the other
    curves' values interpolated, so that they go on unbroken."""
    inside = (at > xs[0]) & (at < xs[-1])
    at = at[inside]
    owners = None if curves is None else np.asarray(curves)[inside]
    if not at.size:
        return xs, ys
    order = np.argsort(at)
    at = at[order]
    rows = np.column_stack([np.interp(at, xs, ys[:, k]) for k in range(ys.shape[1])])
    if owners is None:
        rows[:] = np.nan
    else:
        rows[np.arange(len(at)), owners[order]] = np.nan
    where = np.searchsorted(xs, at)
    return np.insert(xs, where, at), np.insert(ys, where, rows, axis=0)


def _jumps(xs, ys, finest: float) -> tuple[np.ndarray, list]:
    """Where a curve jumps: intervals sampled as finely as the sampling goes across which
    it still changes by more than half its visible extent (a pole) or by much more than
    on either side (a step); the x of the middle of each and the curve's index."""
    found, owners = [], []
    for k in range(ys.shape[1]):
        y = ys[:, k]
        finite = y[np.isfinite(y)]
        if finite.size < 10:
            continue
        bulk = automatic_y_range(y, xs) or (float(finite.min()), float(finite.max()))
        extent = bulk[1] - bulk[0]
        if not extent > 0:
            continue
        change = np.abs(np.diff(y))
        beside = np.maximum(np.concatenate([[0.0], change[:-1]]),
                            np.concatenate([change[1:], [0.0]]))
        with np.errstate(invalid="ignore"):
            # a pole: a jump larger than the picture; a step: a jump where the curve is
            # flat on either side
            big = (change > 0.5 * extent) | ((change > 0.02 * extent) & (change > 10 * beside))
            jump = big & (np.diff(xs) <= 1.01 * finest)
        found.extend((xs[:-1][jump] + xs[1:][jump]) / 2)
        owners.extend([k] * int(jump.sum()))
    return np.array(found), owners


def excluded(ev, spec, var, xs, ys, finest: float):
    """The samples with gaps where Exclusions asks: Automatic where the curve jumps, None
    nowhere, x0, x == x0 or a list of them at those points."""
    if spec is None or spec is S.Automatic:
        return _gaps_at(xs, ys, *_jumps(xs, ys, finest))
    if type(spec) is Symbol and spec.name in ("None", "False"):
        return xs, ys
    points = []
    for e in (spec.args if is_list(spec) else [spec]):
        if type(e) is Expr and e.head is S.Equal and len(e.args) == 2 and e.args[0] == var:
            e = e.args[1]
        value = real_limit(ev, e)
        if value is not None:
            points.append(value)
    return _gaps_at(xs, ys, np.array(points))


def function_plot(ev, head, f, spec, rest, log: bool = False, log_x: bool = False):
    call = read_call(ev, head, (f, spec, *rest))
    limits = read_range(ev, head, spec) if call is not None else None
    if limits is None:
        return None
    var, a, b = limits
    if log_x and a <= 0:
        ev.message(head, "plln", spec.args[1], spec)
        return None
    f, marks = _unwrapped_functions(f)
    at = evaluator_at(ev, f, var)
    if log_x:       # sampled evenly (and refined) in log x: x = e^u
        us, ys = adaptive_sample(lambda u: at(float(np.exp(u))), float(np.log(a)),
                                 float(np.log(b)), integer(call.get("PlotPoints"), 50),
                                 integer(call.get("MaxRecursion"), 6))
        xs = np.exp(us)
    else:
        xs, ys = adaptive_sample(at, a, b, integer(call.get("PlotPoints"), 50),
                                 integer(call.get("MaxRecursion"), 6))
    if log:
        ys = np.where(ys > 0, ys, np.nan)
    xs, ys = excluded(ev, call.get("Exclusions"), var, xs, ys,
                      (b - a) / max(integer(call.get("PlotPoints"), 50) - 1, 1)
                      / 2 ** integer(call.get("MaxRecursion"), 6))
    curves, styles, fills = [], [], []
    curve_labels = plot_label_names(call, ys.shape[1], _functions(f)) or []
    all_curves = [(xs, ys[:, j]) for j in range(ys.shape[1])]
    for k in range(ys.shape[1]):
        mark = marks[k] if k < len(marks) else None
        style = styled(dataset_style(call, k), mark)
        styles.append(style)
        line = line_expr(xs, ys[:, k])
        fill = filling_group(call.get("Filling"), k, xs, ys[:, k], all_curves, style, ys)
        if fill is not None:
            fills.append(fill)
        colours = curve_colours(ev, call, xs, ys[:, k], (a, b), _finite_span(ys))
        if colours is not None:                  # ColorFunction: a colour a segment
            curves.append(Expr(S.List, style, *coloured_line(xs, ys[:, k], colours)))
        else:
            curves.append(Expr(S.List, style, line) if line is not None
                          else Expr(S.List, style))
        label = mark.label if mark is not None and mark.label is not None else \
            (curve_labels[k] if k < len(curve_labels) else None)
        if (text := label_text(label, xs, ys[:, k])) is not None:
            curves.append(Expr(S.List, style, text))
        mesh = mesh_expr(call, style, xs, ys[:, k])
        if mesh is not None:
            curves.append(mesh)
    defaults = [rule("AspectRatio", Real(GOLDEN)), rule("Axes", TRUE),
                rule("PlotRangePadding", Expr(S.List, Symbol("None"), S.Automatic))]
    y_range = automatic_y_range(ys, xs) if not log else None
    defaults.insert(0, rule("PlotRange", Expr(S.List, _pair(a, b),
                                              _pair(*y_range) if y_range else S.Automatic)))
    if log or log_x:
        scales = [String("Log") if on else Symbol("None") for on in (log_x, log)]
        defaults.append(rule("ScalingFunctions", Expr(S.List, *scales)))
    entries = legend_entries(styles, legend_labels(call, len(styles), _functions(f)), marks)
    legend = ("line", *entries) if entries else None
    return graphics_result(call, fills + curves, defaults, legend)


def _finite_span(values) -> tuple[float, float]:
    finite = np.asarray(values, float)[np.isfinite(values)]
    return (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)


def _pair(lo: float, hi: float) -> Expr:
    return Expr(S.List, Real(float(lo)), Real(float(hi)))


@builtin("Plot", attributes=("HoldAll", "Protected"), argc=(2, None),
         options=FUNCTION_PLOT_DEFAULTS,
         usage="Plot[f, {x, xmin, xmax}] plots f as a function of x; Plot[{f1, f2, …}, …] "
               "plots several functions.  f is evaluated at numeric points only, more of "
               "them where the curve bends; where it is not a real number the curve has a "
               "gap.",
         messages=RANGE_MESSAGES)
def plot(ev, f, spec, *rest):
    return function_plot(ev, S.Plot, f, spec, rest)


@builtin("LogPlot", attributes=("HoldAll", "Protected"), argc=(2, None),
         options=FUNCTION_PLOT_DEFAULTS,
         usage="LogPlot[f, {x, xmin, xmax}] plots f on a logarithmic vertical scale.",
         messages=RANGE_MESSAGES)
def log_plot(ev, f, spec, *rest):
    return function_plot(ev, Symbol("LogPlot"), f, spec, rest, log=True)


@builtin("LogLogPlot", attributes=("HoldAll", "Protected"), argc=(2, None),
         usage="LogLogPlot[f, {x, xmin, xmax}] plots f with logarithmic scales on both axes "
               "(xmin > 0).",
         messages=RANGE_MESSAGES)
def log_log_plot(ev, f, spec, *rest):
    return function_plot(ev, Symbol("LogLogPlot"), f, spec, rest, log=True, log_x=True)


@builtin("LogLinearPlot", attributes=("HoldAll", "Protected"), argc=(2, None),
         usage="LogLinearPlot[f, {x, xmin, xmax}] plots f with a logarithmic horizontal scale "
               "(xmin > 0).",
         messages=RANGE_MESSAGES)
def log_linear_plot(ev, f, spec, *rest):
    return function_plot(ev, Symbol("LogLinearPlot"), f, spec, rest, log_x=True)


@builtin("PolarPlot", attributes=("HoldAll", "Protected"), argc=(2, None),
         usage="PolarPlot[r, {θ, θmin, θmax}] plots the curve at radius r in the direction θ; "
               "a list of radii gives several curves.",
         messages={**RANGE_MESSAGES,
                   "pptr": "`1` does not evaluate to a pair of real numbers at `2` = `3`."})
def polar_plot(ev, r, spec, *rest):
    if not (is_list(spec) and len(spec.args) == 3):
        ev.message(Symbol("PolarPlot"), "pllim", spec)
        return None
    theta = spec.args[0]
    radii = list(r.args) if is_list(r) else [r]
    pairs = Expr.from_args(S.List, (Expr(S.List, Expr(S.Times, radius, Expr(S.Cos, theta)),
                                         Expr(S.Times, radius, Expr(S.Sin, theta)))
                                    for radius in radii))
    curve = pairs.args[0] if len(radii) == 1 else pairs
    polar = {o.args[0].name: o.args[1] for o in rest if type(o) is Expr and
             o.head in (S.Rule, S.RuleDelayed) and o.args[0] in _POLAR_OPTIONS}
    rest = tuple(o for o in rest if not (type(o) is Expr and o.head in (S.Rule, S.RuleDelayed)
                                         and o.args[0] in _POLAR_OPTIONS))
    has_aspect = any(type(o) is Expr and o.head in (S.Rule, S.RuleDelayed)
                     and o.args[0] is Symbol("AspectRatio") for o in rest)
    extra = () if has_aspect else (Expr(S.Rule, Symbol("AspectRatio"), S.Automatic),)
    g = _parametric(ev, Symbol("PolarPlot"), curve, spec, (*rest, *extra))
    return _with_polar_frame(g, polar) if g is not None and polar else g


_POLAR_OPTIONS = (Symbol("PolarAxes"), Symbol("PolarGridLines"))
_ON = (S.Automatic, TRUE)


def _with_polar_frame(g, polar: dict):
    """PolarAxes -> True/Automatic: a circle round the curves with the angles marked every
    30° and the radii along the 0° direction (the Cartesian axes go); PolarGridLines ->
    Automatic/True: circles at those radii and rays every 30°, faint, under the curves."""
    from wlnet.core.expr import Integer, from_python
    from wlnet.graphics.values import numeric_array
    graphic = g.args[0] if g.head is Symbol("Legended") else g
    points = [numeric_array(line.args[0]) for line in _lines_in(graphic.args[0])]
    radii = [np.hypot(p[:, 0], p[:, 1]) for p in points if p is not None and p.ndim == 2]
    top = max((float(np.nanmax(r)) for r in radii if r.size), default=1.0) or 1.0
    step = _nice_step(top / 4)
    rings = step * np.arange(1, int(np.ceil(top / step - 1e-9)) + 1)
    outer = float(rings[-1])
    angles = np.deg2rad(np.arange(0, 360, 30))
    under, over, options = [], [], []
    if polar.get("PolarGridLines") in _ON:
        faint = Expr(S.Directive, Expr(S.GrayLevel, Real(0.8)),
                     Expr(Symbol("AbsoluteThickness"), Real(0.5)))
        under.append(Expr(S.List, faint,
                          *[Expr(S.Circle, from_python([0.0, 0.0]), Real(float(r)))
                            for r in rings],
                          *[Expr(S.Line, from_python([[0.0, 0.0], [outer * np.cos(a),
                                                                   outer * np.sin(a)]]))
                            for a in angles]))
    if polar.get("PolarAxes") in _ON:
        grey = Expr(S.GrayLevel, Real(0.4))
        marks = [Expr(S.Text, Expr(Symbol("Row"), from_python([int(round(np.rad2deg(a))),
                                                                 "°"])),
                      from_python([1.1 * outer * np.cos(a), 1.1 * outer * np.sin(a)]))
                 for a in angles]
        ticks = [Expr(S.Text, Integer(int(r)) if float(r).is_integer() else Real(float(r)),
                      from_python([float(r), -0.05 * outer]))
                 for r in rings]
        over.append(Expr(S.List, grey, Expr(S.Circle, from_python([0.0, 0.0]), Real(outer)),
                         Expr(S.Line, from_python([[0.0, 0.0], [outer, 0.0]])),
                         *marks, *ticks))
        options.append(Expr(S.Rule, Symbol("Axes"), Symbol("False")))
        options.append(Expr(S.Rule, Symbol("PlotRange"), from_python(
            [[-1.2 * outer, 1.2 * outer], [-1.2 * outer, 1.2 * outer]])))
    kept = [o for o in graphic.args[1:] if not (options and type(o) is Expr and o.args and
                                              o.args[0] in (Symbol("Axes"), Symbol("PlotRange")))]
    framed = Expr(S.Graphics, Expr(S.List, *under, *graphic.args[0].args, *over),
                  *options, *kept)
    return Expr(g.head, framed, *g.args[1:]) if g.head is Symbol("Legended") else framed


def _lines_in(e) -> list:
    if type(e) is not Expr:
        return []
    if e.head is S.Line:
        return [e]
    return [line for a in e.args for line in _lines_in(a)]


def _nice_step(size: float) -> float:
    """1, 2 or 5 times a power of ten, the nearest at or above ``size``."""
    power = 10.0 ** np.floor(np.log10(size))
    return float(next(m * power for m in (1, 2, 5, 10) if m * power >= size - 1e-12))


@builtin("ParametricPlot", attributes=("HoldAll", "Protected"), argc=(2, None),
         options=PARAMETRIC_PLOT_DEFAULTS,
         usage="ParametricPlot[{fx, fy}, {u, umin, umax}] plots the curve {fx, fy} as u "
               "runs from umin to umax; a list of such pairs gives several curves; "
               "ParametricPlot[{fx, fy}, {u, …}, {v, …}] fills the region the map covers.",
         messages={**RANGE_MESSAGES,
                   "pptr": "`1` does not evaluate to a pair of real numbers at `2` = `3`."})
def parametric_plot(ev, f, spec, *rest):
    return _parametric(ev, Symbol("ParametricPlot"), f, spec, rest)


def _parametric(ev, head, f, spec, rest):
    if rest and is_list(rest[0]) and len(rest[0].args) == 3 and head.name == "ParametricPlot":
        return _parametric_region(ev, head, f, spec, rest[0], rest[1:])
    call = read_call(ev, head, (f, spec, *rest))
    limits = read_range(ev, head, spec) if call is not None else None
    if limits is None:
        return None
    var, a, b = limits
    at = evaluator_at(ev, _flat_pairs(f), var)
    ts, values = adaptive_sample(at, a, b, integer(call.get("PlotPoints"), 50),
                                 integer(call.get("MaxRecursion"), 6))
    if values.shape[1] % 2:
        ev.message(head, "pptr", f, var, Real(a))
        return None
    curves, styles = [], []
    for k in range(values.shape[1] // 2):
        style = dataset_style(call, k)
        styles.append(style)
        xs, ys = values[:, 2 * k], values[:, 2 * k + 1]
        colours = curve_colours(ev, call, xs, ys, _finite_span(xs), _finite_span(ys),
                                (ts, (a, b)))
        if colours is not None:            # ColorFunction f[x, y, u]: segment by segment
            curves.append(Expr(S.List, style, *coloured_line(xs, ys, colours)))
        else:
            line = line_expr(xs, ys)
            curves.append(Expr(S.List, style, line) if line is not None
                          else Expr(S.List, style))
        mesh = _parametric_mesh(call, style, at, ts, k)
        if mesh is not None:
            curves.append(mesh)
    labels = legend_labels(call, len(curves), _pairs_of(f))
    return graphics_result(call, curves, [rule("Axes", TRUE)],
                           ("line", styles, labels) if labels else None)


def _parametric_mesh(call, style, at, ts, k: int):
    """Mesh -> n (or All, or {t1, …}) of parametric curve k: its points at those values of
    the parameter (n evenly spaced inside its range), as Plot's mesh is in x."""
    from wlnet.core.expr import from_python
    from wlnet.graphics.plots.common import mesh_points
    found = mesh_points(call.get("Mesh"), ts, ts)
    if found is None or not len(found):
        return None
    points = []
    for t in found[:, 0]:
        value = at(float(t))
        if value is not None and len(value) > 2 * k + 1:
            points.append([float(value[2 * k]), float(value[2 * k + 1])])
    if not points:
        return None
    mesh_style = call.get("MeshStyle")
    extra = [] if mesh_style is None or mesh_style is S.Automatic else [mesh_style]
    return Expr(S.List, style, Expr(S.PointSize, Real(0.012)), *extra,
                Expr(S.Point, from_python(points)))


def _pairs_of(f) -> list:
    """The curves' expressions ({fx, fy} each) of a ParametricPlot's first argument."""
    if is_list(f) and f.args and all(is_list(p) and len(p.args) == 2 for p in f.args):
        return list(f.args)
    return [f]


REGION_POINTS = 30          # a parametric region's grid: points per parameter


def _parametric_region(ev, head, f, uspec, vspec, rest):
    """ParametricPlot[{fx, fy}, {u, …}, {v, …}]: the region the map covers, each grid cell
    of the parameters a filled quadrilateral (the plot colour, translucent) and the images
    of the parameter rectangle's sides as its boundary; a list of maps gives a region
    each."""
    from wlnet.graphics.plots.sampling import grid_sample
    from wlnet.graphics.plots.common import opacity_of
    from wlnet.core.expr import from_python
    call = read_call(ev, head, (f, uspec, vspec, *rest))
    ur = read_range(ev, head, uspec) if call is not None else None
    vr = read_range(ev, head, vspec) if ur is not None else None
    if vr is None:
        return None
    pairs = _pairs_of(f)
    points = max(2, min(integer(call.get("PlotPoints"), REGION_POINTS), 200))
    at = evaluator_at(ev, _flat_pairs(f), [ur[0], vr[0]])
    us, vs, values = grid_sample(at, ur[1:], vr[1:], points, width=2 * len(pairs))
    regions, styles = [], []
    rows, cols = values.shape[:2]                        # values[j, i]: at (us[i], vs[j])
    r, c = np.meshgrid(np.arange(rows - 1), np.arange(cols - 1), indexing="ij")
    first = (r * cols + c + 1).ravel()
    quads = np.stack([first, first + 1, first + cols + 1, first + cols], axis=1)
    for k in range(len(pairs)):
        xy = values[..., 2 * k:2 * k + 2].reshape(-1, 2)
        finite = np.isfinite(xy).all(axis=1)
        cells = quads[finite[quads - 1].all(axis=1)]
        if not len(cells):
            continue
        style = dataset_style(call, k)
        styles.append(style)
        grid = values[..., 2 * k:2 * k + 2]
        sides = [grid[0], grid[-1], grid[:, 0], grid[:, -1]]
        boundary = [line_expr(side[:, 0], side[:, 1]) for side in sides]
        regions.append(Expr(S.List,
                            Expr(S.List, opacity_of(style, 0.3), Expr(S.EdgeForm, Symbol("None")),
                                 Expr(S.GraphicsComplex, from_python(np.where(finite[:, None],
                                                                               xy, 0.0)),
                                      Expr(S.Polygon, from_python(cells.astype(np.int64))))),
                            Expr(S.List, style, *(b for b in boundary if b is not None))))
    if not regions:
        ev.message(head, "pptr", f, ur[0], Real(ur[1]))
        return None
    labels = legend_labels(call, len(regions), pairs)
    return graphics_result(call, regions, [rule("Axes", TRUE)],
                           ("swatch", styles, labels) if labels else None)


def _flat_pairs(f):
    """``{{fx, fy}, {gx, gy}}`` as ``Flatten[{…}, 1]`` so one evaluation gives all
    coordinates; a single pair stays as it is."""
    if is_list(f) and f.args and all(is_list(p) and len(p.args) == 2 for p in f.args):
        return Expr.from_args(S.List, (c for p in f.args for c in p.args))
    return f
