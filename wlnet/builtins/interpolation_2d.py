"""Interpolation of functions of two variables: ``Interpolation[{{{x, y}, f}, …}]`` or
``Interpolation[{{x, y, f}, …}]``, and ``ListInterpolation[matrix]``.

Data on a full grid (every x with every y) gives a piecewise polynomial of degree
InterpolationOrder (3 by default) in each variable, as WL's: at (s, t) the polynomial
through the order + 1 grid lines nearest s is interpolated along y on each of them, and
those values along x.  Scattered data gives WL's answer for an unstructured grid:
piecewise linear over a Delaunay triangulation (order 1, with a message when a higher
order was asked for).  The InterpolatingFunction keeps its grid (or points) and values
in its association; numerical.py's InterpolatingFunction applies it here when it has
two coordinates.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import float_value, is_list
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.packed import list_from_array, packed_array, to_packed

_INTERPOLATING_FUNCTION = Symbol("InterpolatingFunction")


def points_2d(ev, data):
    """(points n×2, values n) of {{{x, y}, f}, …} or {{x, y, f}, …}; None otherwise."""
    evaluated = ev.evaluate(Expr(S.N, data))
    if not (is_list(evaluated) and len(evaluated.args) >= 3):
        return None
    rows = evaluated.args
    if all(is_list(r) and len(r.args) == 2 and is_list(r.args[0]) and len(r.args[0].args) == 2
           for r in rows):
        rows = [Expr(S.List, *r.args[0].args, r.args[1]) for r in rows]
        evaluated = Expr(S.List, *rows)
    arr = packed_array(to_packed(evaluated, coerce=True))
    if arr is None or arr.ndim != 2 or arr.shape[1] != 3 or arr.dtype.kind == "c":
        return None
    arr = arr.astype(float)
    return arr[:, :2], arr[:, 2]


def _as_grid(points, values):
    """(xs, ys, values[i, j] at (xs[i], ys[j])) when the points are a full grid, each
    pair once; None otherwise."""
    xs, ys = np.unique(points[:, 0]), np.unique(points[:, 1])
    if len(xs) * len(ys) != len(points) or len(xs) < 2 or len(ys) < 2:
        return None
    i = np.searchsorted(xs, points[:, 0])
    j = np.searchsorted(ys, points[:, 1])
    grid = np.full((len(xs), len(ys)), np.nan)
    grid[i, j] = values
    if np.isnan(grid).any():
        return None
    return xs, ys, grid


def grid_function(xs, ys, grid, order: int) -> Expr:
    domain = Expr(S.List, *[Expr(S.List, Real(float(a[0])), Real(float(a[-1])))
                            for a in (xs, ys)])
    parts = [Expr(S.Rule, String("Grid"), Expr(S.List, list_from_array(xs),
                                                list_from_array(ys))),
             Expr(S.Rule, String("Values"), list_from_array(grid)),
             Expr(S.Rule, String("Order"), Integer(order))]
    return Expr(_INTERPOLATING_FUNCTION, domain, Expr(S.Association, *parts))


def _scattered_function(points, values) -> Expr:
    domain = Expr(S.List, *[Expr(S.List, Real(float(points[:, k].min())),
                                 Real(float(points[:, k].max()))) for k in range(2)])
    parts = [Expr(S.Rule, String("Scattered"), list_from_array(points)),
             Expr(S.Rule, String("Values"), list_from_array(values)),
             Expr(S.Rule, String("Order"), Integer(1))]
    return Expr(_INTERPOLATING_FUNCTION, domain, Expr(S.Association, *parts))


def interpolation_2d(ev, data, order: int, head):
    """The InterpolatingFunction of two-variable data; None when data is not such."""
    found = points_2d(ev, data)
    if found is None:
        return None
    points, values = found
    grid = _as_grid(points, values)
    if grid is not None:
        xs, ys, table = grid
        return grid_function(xs, ys, table, max(0, min(order, len(xs) - 1, len(ys) - 1)))
    if order > 1:
        ev.message(head, "udeg")
    return _scattered_function(points, values)


def _fields(f) -> dict | None:
    if not (type(f) is Expr and len(f.args) == 2 and type(f.args[1]) is Expr
            and f.args[1].head is S.Association):
        return None
    return {r.args[0].value: r.args[1] for r in f.args[1].args
            if type(r.args[0]) is String}


def is_two_dimensional(f) -> bool:
    fields = _fields(f)
    return fields is not None and ("Grid" in fields or "Scattered" in fields)


def _window(axis, t: float, n: int) -> slice:
    """The n + 1 grid lines nearest t (the interval holding t in their middle)."""
    i = int(np.clip(np.searchsorted(axis, t, side="right") - 1, 0, len(axis) - 2))
    lo = int(np.clip(i - (n - 1) // 2, 0, len(axis) - n - 1))
    return slice(lo, lo + n + 1)


def _polynomial_at(xs, ys, t: float) -> float:
    """The value at t of the polynomial through (xs, ys) (Lagrange's form)."""
    total = 0.0
    for k in range(len(xs)):
        others = np.delete(xs, k)
        total += ys[k] * float(np.prod((t - others) / (xs[k] - others)))
    return total


def _grid_value(xs, ys, grid, order: int, s: float, t: float) -> float:
    if order == 0:                                  # the nearest grid point's value
        return float(grid[int(np.abs(xs - s).argmin()), int(np.abs(ys - t).argmin())])
    wx, wy = _window(xs, s, order), _window(ys, t, order)
    along_y = [_polynomial_at(ys[wy], row, t) for row in grid[wx, wy]]
    return _polynomial_at(xs[wx], np.array(along_y), s)


def _scattered_value(points, values, s: float, t: float) -> float:
    from scipy.interpolate import LinearNDInterpolator, NearestNDInterpolator
    value = float(LinearNDInterpolator(points, values)(s, t))
    if np.isnan(value):                             # outside the hull: the nearest point
        value = float(NearestNDInterpolator(points, values)(s, t))
    return value


def evaluate_2d(ev, f, args, outside_message):
    """f[s, t] for a two-variable InterpolatingFunction (lists of points thread)."""
    fields = _fields(f)
    if len(args) != 2:
        return None
    point = [ev.evaluate(Expr(S.N, a)) for a in args]
    if is_list(point[0]) and is_list(point[1]) and len(point[0].args) == len(point[1].args):
        parts = [evaluate_2d(ev, f, pair, outside_message)
                 for pair in zip(point[0].args, point[1].args)]
        return None if any(p is None for p in parts) else Expr(S.List, *parts)
    s, t = (float_value(p) for p in point)
    if s is None or t is None:
        return None
    values = packed_array(to_packed(fields["Values"], coerce=True)).astype(float)
    order = fields["Order"].value
    if "Grid" in fields:
        xs, ys = (packed_array(to_packed(a, coerce=True)).astype(float)
                  for a in fields["Grid"].args)
        inside = xs[0] <= s <= xs[-1] and ys[0] <= t <= ys[-1]
        value = _grid_value(xs, ys, values, order, s, t)
    else:
        points = packed_array(to_packed(fields["Scattered"], coerce=True)).astype(float)
        inside = points[:, 0].min() <= s <= points[:, 0].max() and \
            points[:, 1].min() <= t <= points[:, 1].max()
        value = _scattered_value(points, values, s, t)
    if not inside:
        outside_message(Expr(S.List, *point))
    return Real(value)
