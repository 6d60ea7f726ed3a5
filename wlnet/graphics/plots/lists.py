"""ListPlot, ListLinePlot, ListLogPlot and ListLogLogPlot: plots of data; DiscretePlot
(the values of an expression at integer steps, drawn as ListPlot draws points with
Filling -> Axis: a stem each).

Data may be ``{y1, y2, …}`` (drawn at x = 1, 2, … or over DataRange), ``{{x1, y1}, …}``,
or a list of such data sets.  Entries that are not real numbers (``Missing[]``, ``None``,
symbols) leave gaps.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.registry import builtin
from wlnet.core.expr import TRUE, Expr, Real, S, String, Symbol
from wlnet.graphics.plots.common import (GOLDEN, dataset_style, fill_polygons, fill_stems,
                                         filling_base,
                                         graphics_result, legend_labels, line_expr,
                                         opacity_of, points_expr, read_call, rule)
from wlnet.graphics.values import is_list, number, numeric_array

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
    if entries and all(is_list(p) and len(p.args) == 2 for p in entries):
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


def _data_range(spec):
    arr = numeric_array(spec) if spec is not None else None
    return (float(arr[0]), float(arr[1])) if arr is not None and arr.shape == (2,) else None


def list_plot(ev, head, data, rest, joined: bool, scaling=None):
    call = read_call(ev, head, (data, *rest))
    if call is None:
        return None
    sets = datasets(data, _data_range(call.get("DataRange")))
    if sets is None:
        ev.message(head, "lpn", data)
        return None
    joined = call.flag("Joined") if "Joined" in call.options else joined
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
        style = dataset_style(call, k, 1.6 if joined else None)
        styles.append(style)
        if base is not None and joined:
            fills.append(Expr(S.List, opacity_of(style, 0.2), *fill_polygons(xs, ys, base)))
        elif base is not None:                      # points: a stem each, as WL draws them
            fills.append(Expr(S.List, opacity_of(style, 0.5), *fill_stems(xs, ys, base)))
        groups.append(_drawn(style, xs, ys, joined))
    # the padding is explicit so that Show[ListPlot[…], Plot[…]] keeps it (the first
    # graphic's options win) and the points at the ends are not cut in half
    defaults = [rule("AspectRatio", Real(GOLDEN)), rule("Axes", TRUE),
                rule("PlotRangePadding", S.Automatic)]
    if scaling:
        defaults.append(rule("ScalingFunctions",
                             Expr(S.List, *(String("Log") if s else Symbol("None")
                                            for s in scaling))))
    labels = legend_labels(call, len(groups))
    legend = ("line" if joined else "points", styles, labels) if labels else None
    return graphics_result(call, fills + groups, defaults, legend)


def _drawn(style, xs, ys, joined: bool) -> Expr:
    if joined:
        line = line_expr(xs, ys)
        return Expr(S.List, style, line) if line is not None else Expr(S.List, style)
    good = np.isfinite(xs) & np.isfinite(ys)
    size = Expr(S.PointSize, Real(0.012))
    return Expr(S.List, style, size, Expr(S.Point, points_expr(xs[good], ys[good])))


def _declare(name: str, joined: bool, scaling, usage: str):
    @builtin(name, argc=(1, None), usage=usage, messages=LIST_MESSAGES)
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
