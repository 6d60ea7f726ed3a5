"""ListPlot, ListLinePlot, ListLogPlot and ListLogLogPlot: plots of data; DiscretePlot
(the values of an expression at integer steps, drawn as ListPlot draws points with
Filling -> Axis: a stem each).

Data may be ``{y1, y2, …}`` (drawn at x = 1, 2, … or over DataRange), ``{{x1, y1}, …}``,
or a list of such data sets.  Entries that are not real numbers (``Missing[]``, ``None``,
symbols) leave gaps.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins.around import around_parts
from wlnet.builtins.time_series import plot_path
from wlnet.core.registry import builtin
from wlnet.core.expr import TRUE, Expr, Integer, Real, S, String, Symbol, from_python
from wlnet.graphics.plots.common import (GOLDEN, LIST_PLOT_DEFAULTS, dataset_style,
                                         fill_stems, filling_base, filling_group,
                                         graphics_result, legend_labels, line_expr,
                                         coloured_line, coloured_points, curve_colours,
                                         markers_expr, mesh_expr, opacity_of,
                                         plot_label_names, points_expr, read_call, rule)
from wlnet.graphics.plots.themes import theme_of
from wlnet.graphics.plots.wrappers import (label_text, legend_entries, marked_data,
                                           point_overlays, rewrapped, styled, unwrap)
from wlnet.graphics.values import is_list, listed, number, numeric_array

LIST_MESSAGES = {
    "lpn": "`1` is not a list of numbers or pairs of numbers.",
    "optx": "Unknown option `1` in `2`.",
}


def _value(e) -> float:
    v = number(e)
    return v if v is not None else np.nan


def _dataset(e, data_range) -> tuple[np.ndarray, np.ndarray] | None:
    """(xs, ys) of one data set, NaN where an entry is not a number; None if ``e`` is not
    a data set."""
    arr = numeric_array(e)
    if arr is not None and arr.ndim == 2 and arr.shape[1] == 2:
        return arr[:, 0], arr[:, 1]
    if not is_list(e):
        return None
    entries = e.args
    if entries and all(is_list(p) and len(p.args) == 2 and not any(map(is_list, p.args))
                       for p in entries):
        pairs = np.array([[_value(p.args[0]), _value(p.args[1])] for p in entries])
        return pairs[:, 0], pairs[:, 1]
    if any(is_list(a) for a in entries):
        return None
    ys = np.array([_value(a) for a in entries], dtype=float)
    if data_range is not None and len(ys) > 1:
        xs = np.linspace(data_range[0], data_range[1], len(ys))
    else:
        xs = np.arange(1, len(ys) + 1, dtype=float)
    return xs, ys


def datasets(e, data_range=None) -> list | None:
    """The data sets of a ListPlot argument."""
    arr = numeric_array(e)
    if arr is not None and arr.ndim == 3 and arr.shape[2] == 2:
        return [(d[:, 0], d[:, 1]) for d in arr]
    single = _dataset(e, data_range)
    if single is not None:
        return [single]
    if is_list(e) and e.args:
        many = [_dataset(a, data_range) for a in e.args]
        if all(m is not None for m in many):
            return many
    return None


def association_data(data):
    """(data, keys or None) of an Association: of data sets, the sets (their keys name
    them in PlotLegends -> Automatic); of numbers with numeric keys, the pairs {k, v};
    of numbers with other keys, the values.  Anything else as it is."""
    if not (type(data) is Expr and data.head is S.Association and data.args):
        return data, None
    keys = [r.args[0] for r in data.args]
    values = [r.args[1] for r in data.args]
    if all(is_list(v) for v in values):
        # a flat list of values as explicit pairs: two values must not read as one pair
        return Expr.from_args(S.List, (_indexed(v) for v in values)), keys
    if all(number(k) is not None for k in keys):
        return Expr.from_args(S.List, (Expr(S.List, k, v) for k, v in zip(keys, values))), None
    return Expr.from_args(S.List, values), None


def _indexed(values):
    """{y1, y2, …} as {{1, y1}, {2, y2}, …}; a list of lists as it is."""
    if any(is_list(v) for v in values.args):
        return values
    return Expr.from_args(S.List, (Expr(S.List, Integer(i + 1), v)
                                   for i, v in enumerate(values.args)))


def _around_replaced(e, part: int):
    """``e`` with each ``Around[x, δ]`` replaced by x (part 0), its lower (1) or upper (2)
    uncertainty; in the uncertainties' copy (part > 0) plain numbers become 0."""
    parts = around_parts(e)
    if parts is not None:
        return Real(parts[part])
    if is_list(e):
        return Expr.from_args(S.List, (_around_replaced(a, part) for a in e.args))
    if part and number(e) is not None:
        return Real(0.0)
    return e


def _has_around(e) -> bool:
    return around_parts(e) is not None or is_list(e) and any(_has_around(a) for a in e.args)


def _is_pairs(e) -> bool:
    return is_list(e) and bool(e.args) and all(is_list(p) and len(p.args) == 2 for p in e.args)


def error_bars(data, data_range) -> list | None:
    """Per data set, the uncertainties ((x lower, x upper), (y lower, y upper)) where the
    data has ``Around`` values (x ones only in {x, y} pairs); None when it has none."""
    if not _has_around(data):
        return None
    lower = datasets(_around_replaced(data, 1), data_range)
    upper = datasets(_around_replaced(data, 2), data_range)
    if lower is None or upper is None:
        return None
    single = _dataset(_around_replaced(data, 0), data_range) is not None
    set_exprs = [data] if single else list(data.args)
    out = []
    for e, lo, hi in zip(set_exprs, lower, upper):
        x_errors = (lo[0], hi[0]) if _is_pairs(e) else (np.zeros_like(lo[0]),) * 2
        out.append((x_errors, (lo[1], hi[1])))
    return out


def _bars(xs, ys, x_errors, y_errors) -> list[Expr]:
    """A line with short caps across each point's uncertainty: vertical for y, horizontal
    for x."""
    out = []
    spans = [np.nanmax(v) - np.nanmin(v) if len(v) > 1 else 1.0 for v in (xs, ys)]
    cap_x, cap_y = (0.008 * (s if s > 0 else 1.0) for s in spans)
    for x, y, xl, xh, yl, yh in zip(xs, ys, *x_errors, *y_errors):
        if not (np.isfinite(x) and np.isfinite(y)):
            continue
        if yl or yh:
            out.append(_segment((x, y - yl), (x, y + yh)))
            out.extend(_segment((x - cap_x, end), (x + cap_x, end)) for end in (y - yl, y + yh))
        if xl or xh:
            out.append(_segment((x - xl, y), (x + xh, y)))
            out.extend(_segment((end, y - cap_y), (end, y + cap_y)) for end in (x - xl, x + xh))
    return out


def _segment(a, b) -> Expr:
    return Expr(S.Line, points_expr(np.array([a[0], b[0]]), np.array([a[1], b[1]])))


def _data_range(spec):
    arr = numeric_array(spec) if spec is not None else None
    return (float(arr[0]), float(arr[1])) if arr is not None and arr.shape == (2,) else None


def list_plot(ev, head, data, rest, joined: bool, scaling=None, reshape=None,
              extra_defaults=(), call=None):
    """The Graphics of a ListPlot-like call.  ``reshape(xs, ys)`` gives the drawn points
    of a data set (ListStepPlot's steps); ``extra_defaults`` come before the plot's own
    (DateListPlot's date ticks); ``call`` is the call already read, if it was."""
    call = call or read_call(ev, head, (data, *rest))
    if call is None:
        return None
    data = plot_path(listed(data), dated=False)      # a TimeSeries is drawn as its path
    data, keys = association_data(data)
    data_range = _data_range(call.get("DataRange"))
    marked = marked_data(data, lambda plain: _dataset(plain, data_range) is not None)
    data = marked.plain
    bars = error_bars(data, data_range)
    sets = datasets(_around_replaced(data, 0) if bars else data, data_range)
    if sets is None:
        ev.message(head, "lpn", data)
        return None
    sets_before = sets                 # the data's own points: where Mesh and markers go
    if reshape is not None:
        sets = [reshape(xs, ys) for xs, ys in sets]
        bars = None
    curve_labels = plot_label_names(call, len(sets)) or []
    joined = call.flag("Joined") if "Joined" in call.options else joined
    if theme_of(call).dashed and len(sets) > 1 and "PlotMarkers" not in call.options:
        call.options["PlotMarkers"] = S.Automatic    # grey sets told apart by their shapes
    log_x, log_y = (scaling or (False, False))
    groups, fills, styles = [], [], []
    all_ys = np.concatenate([ys for _, ys in sets]) if sets else np.zeros(0)
    base = filling_base(call.get("Filling"), all_ys)
    for k, (xs, ys) in enumerate(sets):
        xs, ys = xs.copy(), ys.copy()
        if log_x:
            xs[~(xs > 0)] = np.nan
        if log_y:
            ys[~(ys > 0)] = np.nan
        marks = marked.set_marks[k] if k < len(marked.set_marks) else None
        style = styled(dataset_style(call, k, 1.6 if joined else None), marks)
        styles.append(style)
        if joined:
            fill = filling_group(call.get("Filling"), k, xs, ys, sets, style, all_ys)
            if fill is not None:
                fills.append(fill)
        elif base is not None:                      # points: a stem each, as WL draws them
            fills.append(Expr(S.List, opacity_of(style, 0.5), *fill_stems(xs, ys, base)))
        data_xs, data_ys = (sets_before[k] if reshape is not None else (xs, ys))
        markers = markers_expr(call, style, k, data_xs, data_ys)
        # markers stand in for the points (a line keeps its line under them)
        drawn = _drawn(style, xs, ys, joined) if joined or markers is None \
            else Expr(S.List, style)
        colours = curve_colours(ev, call, xs, ys, _span(sets, 0), _span(sets, 1))
        if colours is not None and markers is None:      # ColorFunction: a colour a piece
            pieces = coloured_line(xs, ys, colours) if joined else \
                coloured_points(xs, ys, colours)
            drawn = Expr(S.List, *([] if joined else [_POINT_SIZE]), style, *pieces)
        if bars:
            drawn = Expr(S.List, *drawn.args, *_bars(xs, ys, *bars[k]))
        groups.append(drawn)
        groups.extend(_marks_drawn(style, marked, k, xs, ys, reshape is None))
        groups.extend(g for g in (mesh_expr(call, style, data_xs, data_ys), markers)
                      if g is not None)
        if k < len(curve_labels) and (text := label_text(curve_labels[k], xs, ys)) is not None:
            groups.append(Expr(S.List, style, text))
    # the padding is explicit so that Show[ListPlot[…], Plot[…]] keeps it (the first
    # graphic's options win) and the points at the ends are not cut in half
    defaults = [*extra_defaults, rule("AspectRatio", Real(GOLDEN)), rule("Axes", TRUE),
                rule("PlotRangePadding", S.Automatic)]
    if scaling:
        defaults.append(rule("ScalingFunctions",
                             Expr(S.List, *(String("Log") if s else Symbol("None")
                                            for s in scaling))))
    entries = legend_entries(styles, legend_labels(call, len(styles), keys), marked.set_marks)
    legend = ("line" if joined else "points", *entries) if entries else None
    return graphics_result(call, fills + groups, _first_of_each(defaults), legend)


def _marks_drawn(style, marked, k: int, xs, ys, points_kept: bool) -> list:
    """What the wrappers of data set ``k`` draw besides it: its label at its end, its
    styled or labelled points (only where the drawn points are the data's own)."""
    out = []
    marks = marked.set_marks[k] if k < len(marked.set_marks) else None
    if marks is not None and (text := label_text(marks.label, xs, ys)) is not None:
        out.append(Expr(S.List, style, text))
    if points_kept and k < len(marked.point_marks):
        out.extend(point_overlays(style, marked.point_marks[k], xs, ys, _POINT_SIZE))
    return out


def _span(sets, axis: int) -> tuple[float, float]:
    """The finite range of the x (axis 0) or y (1) values of all the data sets."""
    values = np.concatenate([s[axis] for s in sets]) if sets else np.zeros(0)
    values = values[np.isfinite(values)]
    return (float(values.min()), float(values.max())) if values.size else (0.0, 1.0)


def _first_of_each(rules: list) -> list:
    """The rules without later settings of an option already set (a caller's defaults
    come first and replace the plot's own)."""
    seen, out = set(), []
    for r in rules:
        if r.args[0] not in seen:
            seen.add(r.args[0])
            out.append(r)
    return out


def _drawn(style, xs, ys, joined: bool) -> Expr:
    if joined:
        line = line_expr(xs, ys)
        return Expr(S.List, style, line) if line is not None else Expr(S.List, style)
    good = np.isfinite(xs) & np.isfinite(ys)
    return Expr(S.List, _POINT_SIZE, style, Expr(S.Point, points_expr(xs[good], ys[good])))


# the default size of a point, before the data set's style (a PlotStyle's PointSize wins)
_POINT_SIZE = Expr(S.PointSize, Real(0.012))


def _declare(name: str, joined: bool, scaling, usage: str):
    @builtin(name, argc=(1, None), usage=usage, messages=LIST_MESSAGES,
             options={**LIST_PLOT_DEFAULTS, "Joined": Symbol("True" if joined else "False")})
    def plot(ev, data, *rest):
        return list_plot(ev, Symbol(name), data, rest, joined, scaling)
    return plot


list_plot_ = _declare("ListPlot", False, None,
                      "ListPlot[{y1, y2, …}] plots points at x = 1, 2, …; ListPlot[{{x1, y1}, "
                      "…}] at the given coordinates; a list of data sets plots each in its "
                      "colour.  Joined -> True joins them.")
list_line_plot = _declare("ListLinePlot", True, None,
                          "ListLinePlot[data] plots data as lines (as ListPlot's data).")
list_log_plot = _declare("ListLogPlot", False, (False, True),
                         "ListLogPlot[data] plots data on a logarithmic vertical scale.")
list_log_log_plot = _declare("ListLogLogPlot", False, (True, True),
                             "ListLogLogPlot[data] plots data on logarithmic scales.")
list_log_linear_plot = _declare("ListLogLinearPlot", False, (True, False),
                                "ListLogLinearPlot[data] plots data on a logarithmic "
                                "horizontal scale.")


def step_points(xs, ys, where: str = "Right"):
    """The corners of a step line through the points: with "Right" (WL's default: the step
    extends to the right of its point) each value holds from its x to the next one (the
    last for the mean step), "Left" from the previous x to its own, "Center" from midway
    to midway."""
    n = len(xs)
    if n == 0:
        return xs, ys
    width = float(np.nanmean(np.diff(xs))) if n > 1 else 1.0
    if where == "Right":
        starts, ends = xs, np.append(xs[1:], xs[-1] + width)
    elif where == "Left":
        starts, ends = np.insert(xs[:-1], 0, xs[0] - width), xs
    else:
        mids = (xs[1:] + xs[:-1]) / 2
        starts = np.insert(mids, 0, xs[0] - width / 2)
        ends = np.append(mids, xs[-1] + width / 2)
    corner_x = np.column_stack([starts, ends]).ravel()
    corner_y = np.repeat(ys, 2)
    return corner_x, corner_y


_STEP_SIDES = ("Left", "Right", "Center")


@builtin("ListStepPlot", argc=(1, None), messages={**LIST_MESSAGES,
         "stpos": "`1` is not a step position: Left, Right or Center."},
         usage="ListStepPlot[{y1, y2, …}] draws a line that steps to each value: yi holds "
               "from x = i to i + 1; ListStepPlot[{{x1, y1}, …}] at the given xi; "
               "ListStepPlot[data, Left] or Center places the steps otherwise.",
         examples=(("Head[ListStepPlot[{1, 3, 2}]]", "Graphics"),))
def list_step_plot(ev, data, *rest):
    head = Symbol("ListStepPlot")
    call = read_call(ev, head, (data, *rest))
    if call is None:
        return None
    where = call.positional[1] if len(call.positional) > 1 else Symbol("Right")
    if type(where) is not Symbol or where.name not in _STEP_SIDES:
        ev.message(head, "stpos", where)
        return None
    return list_plot(ev, head, data, rest, True, call=call,
                     reshape=lambda xs, ys: step_points(xs, ys, where.name))


def _spread(d):
    """An ErrorBar width as Around's uncertainty: dy, or {-lower, upper} as {lower, upper}."""
    return Expr(S.List, *(Expr(S.Abs, v) for v in d.args)) if is_list(d) else d


def _error_point(e):
    """One ErrorListPlot entry as ``{x, Around[y, δ]}`` (x an Around too with an x error):
    ``{x, y, dy}``, ``{{x, y}, ErrorBar[dy]}``, ``{{x, y}, ErrorBar[dx, dy]}``; None for
    anything else."""
    if not is_list(e):
        return None
    args = e.args
    if len(args) == 2 and type(args[1]) is Expr and args[1].head is Symbol("ErrorBar") \
            and is_list(args[0]) and len(args[0].args) == 2 and 1 <= len(args[1].args) <= 2:
        x, y = args[0].args
        bar = args[1].args
        if len(bar) == 2:
            x = Expr(Symbol("Around"), x, _spread(bar[0]))
        return Expr(S.List, x, Expr(Symbol("Around"), y, _spread(bar[-1])))
    if len(args) == 3:
        return Expr(S.List, args[0], Expr(Symbol("Around"), args[1], args[2]))
    return None


@builtin("ErrorListPlot", argc=(1, None), messages={**LIST_MESSAGES,
         "edata": "`1` is not a list of {x, y, dy} or {{x, y}, ErrorBar[dy]} entries."},
         usage="ErrorListPlot[{{x1, y1, dy1}, …}] plots the points with error bars of "
               "half-height dyi; entries may also be {{x, y}, ErrorBar[dy]} or {{x, y}, "
               "ErrorBar[dx, dy]} (bars both ways).  (The Wolfram "
               "Language's newer form is ListPlot of Around values, which works too.)",
         examples=(("Head[ErrorListPlot[{{1, 2, 0.5}, {2, 3, 0.2}}]]", "Graphics"),))
def error_list_plot(ev, data, *rest):
    head = Symbol("ErrorListPlot")
    entries = [_error_point(p) for p in data.args] if is_list(data) and data.args else [None]
    if None in entries:
        ev.message(head, "edata", data)
        return None
    around_data = ev.evaluate(Expr.from_args(S.List, entries))
    return list_plot(ev, head, around_data, rest, False)


@builtin("DiscretePlot", attributes=("HoldAll", "Protected"), argc=(2, None),
         messages=LIST_MESSAGES,
         usage="DiscretePlot[expr, {k, kmin, kmax}] plots the values of expr at k = kmin, "
               "kmin + 1, …, kmax as points with stems to the axis (DiscretePlot[expr, {k, "
               "kmin, kmax, dk}] in steps dk; DiscretePlot[{f1, f2, …}, …] several sets).",
         examples=(("Head[DiscretePlot[k^2, {k, 0, 5}]]", "Graphics"),))
def discrete_plot(ev, expr, spec, *rest):
    k = spec.args[0] if is_list(spec) and spec.args else None
    if k is None:
        return None
    values = ev.evaluate(Expr(S.Table, Expr(S.List, k, expr), spec))
    if not is_list(values):
        return None
    points = values.args
    width = {len(p.args[1].args) if is_list(p.args[1]) else 0 for p in points if is_list(p)}
    if len(width) == 1 and (n := width.pop()) > 0:      # several functions: a set each
        data = Expr(S.List, *(Expr(S.List, *(Expr(S.List, p.args[0], p.args[1].args[i])
                                                for p in points)) for i in range(n)))
    else:
        data = values
    options = [ev.evaluate(o) for o in rest]
    if not any(type(o) is Expr and o.head in (S.Rule, S.RuleDelayed) and o.args[0] == S.Filling
               for o in options):
        options.append(Expr(S.Rule, S.Filling, S.Axis))
    return list_plot(ev, S.DiscretePlot, data, tuple(options), False)


def _polar_points(data):
    """One data set of ListPolarPlot as {x, y} points: radii at angles spread evenly from 0
    to 2 Pi (r1 at 0, rn at 2 Pi), or {θ, r} pairs; None when it is not one."""
    arr = numeric_array(data)
    if arr is None or arr.ndim not in (1, 2) or arr.ndim == 2 and arr.shape[1] != 2 \
            or not arr.size:
        return None
    if arr.ndim == 1:
        theta = np.linspace(0.0, 2 * np.pi, len(arr)) if len(arr) > 1 else np.zeros(1)
        r = arr
    else:
        theta, r = arr[:, 0], arr[:, 1]
    return from_python(np.column_stack([r * np.cos(theta), r * np.sin(theta)]))


def _polar_data(data):
    """ListPolarPlot's data as ListPlot's: one set, or a list of sets, each wrapped set
    keeping its wrappers."""
    inner, _ = unwrap(data)
    single = rewrapped(data, _polar_points)
    if _polar_points(inner) is not None:
        return single
    if is_list(inner) and inner.args:
        sets = [rewrapped(a, _polar_points) for a in inner.args]
        if all(unwrap(s)[0] is not None for s in sets):
            return rewrapped(data, lambda _: Expr.from_args(S.List, sets))
    return None


@builtin("ListPolarPlot", argc=(1, None), messages=LIST_MESSAGES,
         options={**LIST_PLOT_DEFAULTS, "AspectRatio": S.Automatic},
         usage="ListPolarPlot[{r1, r2, …}] plots points at radii ri spread evenly in angle "
               "from 0 to 2 Pi; ListPolarPlot[{{θ1, r1}, …}] at the polar coordinates "
               "given; a list of data sets plots each.  Joined -> True joins them.",
         examples=(("Head[ListPolarPlot[{1, 2, 3}]]", "Graphics"),))
def list_polar_plot(ev, data, *rest):
    head = Symbol("ListPolarPlot")
    points = _polar_data(data)
    if points is None:
        ev.message(head, "lpn", data)
        return None
    return list_plot(ev, head, points, rest, False,
                     extra_defaults=[rule("AspectRatio", S.Automatic)])
