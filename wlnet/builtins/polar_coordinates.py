"""Polar coordinates and points on a circle, as programs make toy data sets with them (two
intertwined spirals, rings of points): FromPolarCoordinates, ToPolarCoordinates and
CirclePoints.

``FromPolarCoordinates[{r, θ1, …, θn-1}]`` is the hyperspherical point
``{r Cos[θ1], r Sin[θ1] Cos[θ2], …, r Sin[θ1] … Sin[θn-1]}`` and ``ToPolarCoordinates`` its
inverse, ``{Norm[x], ArcCos[x1/Norm[x[[1 ;;]]]], …, ArcTan[x[[n-1]], x[[n]]]}``.  Both take
one point or an array of points (the last level holds the coordinates).  An array of
machine reals is converted at once with numpy; anything else (exact, symbolic, mixed) is
built as the formula and evaluated, so exact input gives exact output
(``ToPolarCoordinates[{1, 1}]`` is ``{Sqrt[2], Pi/4}``) and ArcTan's own message comes for
the origin.

``CirclePoints[n]`` are the n vertices of the regular polygon with a horizontal base:
angles θ1 + 2 Pi k/n from θ1 = Pi/n - Pi/2; ``CirclePoints[r, n]``, ``CirclePoints[{r, θ1},
n]`` and ``CirclePoints[{x, y}, rspec, n]`` scale, turn and move them.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import is_list
from wlnet.core.expr import Expr, Integer, Rational, Real, S
from wlnet.core.packed import packed, packed_array
from wlnet.core.registry import builtin

LIST = S.List


def _is_point(e) -> bool:
    return is_list(e) and len(e.args) >= 2 and not any(is_list(x) for x in e.args)


def _machine_points(e):
    """The numpy array of an array of points of machine reals (coordinates last), or None."""
    arr = packed_array(e)
    if arr is None or arr.dtype.kind != "f" or arr.ndim == 0 or arr.shape[-1] < 2:
        return None
    return arr


def _over_points(ev, e, one_point):
    """``one_point`` applied to each point of an array of points (None if e is not one)."""
    if _is_point(e):
        return ev.evaluate(one_point(list(e.args)))
    if is_list(e) and e.args and all(is_list(x) for x in e.args):
        parts = [_over_points(ev, x, one_point) for x in e.args]
        if any(p is None for p in parts):
            return None
        return Expr.from_args(LIST, parts)
    return None


# ============================================================================ FromPolarCoordinates

def _cartesian(polar: list):
    r, angles = polar[0], polar[1:]
    coords, sines = [], []
    for theta in angles:
        coords.append(Expr(S.Times, r, *sines, Expr(S.Cos, theta)))
        sines.append(Expr(S.Sin, theta))
    coords.append(Expr(S.Times, r, *sines))
    return Expr.from_args(LIST, coords)


def _cartesian_array(arr: np.ndarray) -> np.ndarray:
    r, angles = arr[..., 0], arr[..., 1:]
    sines = np.cumprod(np.sin(angles), axis=-1)
    out = np.empty_like(arr)
    out[..., 0] = r * np.cos(angles[..., 0])
    out[..., 1:-1] = r[..., None] * sines[..., :-1] * np.cos(angles[..., 1:])
    out[..., -1] = r * sines[..., -1]
    return out


@builtin("FromPolarCoordinates", argc=1, attributes=("Protected",),
         usage="FromPolarCoordinates[{r, θ}] is {r Cos[θ], r Sin[θ]}; {r, θ1, …, θn-1} gives "
               "the point of hyperspherical coordinates in n dimensions; an array of such "
               "points converts each.",
         examples=(("FromPolarCoordinates[{2, Pi/3}]", "{1, Sqrt[3]}"),
                   ("FromPolarCoordinates[{1, Pi/2, Pi/2}]", "{0, 0, 1}"),
                   ("FromPolarCoordinates[{{1, 0}, {1, Pi}}]", "{{1, 0}, {-1, 0}}")))
def from_polar_coordinates(ev, e):
    arr = _machine_points(e)
    if arr is not None:
        return packed(_cartesian_array(arr))
    return _over_points(ev, e, _cartesian)


# ============================================================================ ToPolarCoordinates

def _polar(point: list):
    def norm(xs):
        return Expr(S.Sqrt, Expr(S.Plus, *(Expr(S.Power, x, Integer(2)) for x in xs)))
    angles = [Expr(S.ArcCos, Expr(S.Times, x, Expr(S.Power, norm(point[k:]), Integer(-1))))
              for k, x in enumerate(point[:-2])]
    angles.append(Expr(S.ArcTan, point[-2], point[-1]))
    return Expr.from_args(LIST, [norm(point), *angles])


def _polar_array(arr: np.ndarray) -> np.ndarray | None:
    # the norms of the trailing coordinates x[[k ;;]], for k = 1 … n
    tails = np.sqrt(np.cumsum(arr[..., ::-1] ** 2, axis=-1)[..., ::-1])
    if not np.all(tails[..., :-1] > 0):
        return None            # a zero tail: ArcTan[0, 0] and 0/0, with WL's messages
    out = np.empty_like(arr)
    out[..., 0] = tails[..., 0]
    out[..., 1:-1] = np.arccos(np.clip(arr[..., :-2] / tails[..., :-2], -1.0, 1.0))
    out[..., -1] = np.arctan2(arr[..., -1], arr[..., -2])
    return out


@builtin("ToPolarCoordinates", argc=1, attributes=("Protected",),
         usage="ToPolarCoordinates[{x, y}] is {Sqrt[x^2 + y^2], ArcTan[x, y]}; an n-dimensional "
               "point gives {r, θ1, …, θn-1} in hyperspherical coordinates; an array of points "
               "converts each.",
         examples=(("ToPolarCoordinates[{1, 1}]", "{Sqrt[2], Pi/4}"),
                   ("ToPolarCoordinates[{0, 2}]", "{2, Pi/2}"),
                   ("ToPolarCoordinates[{1, 1, 1}]", "{Sqrt[3], ArcCos[1/Sqrt[3]], Pi/4}")))
def to_polar_coordinates(ev, e):
    arr = _machine_points(e)
    if arr is not None:
        polar = _polar_array(arr)
        if polar is not None:
            return packed(polar)
    return _over_points(ev, e, _polar)


# ============================================================================ CirclePoints

def _count(n) -> int | None:
    if type(n) is Integer and n.value > 0:
        return n.value
    if type(n) is Real and n.value > 0 and float(n.value).is_integer():
        return int(n.value)
    return None


def _radius_and_start(rspec, n):
    """(r, θ1) of a radius specification r or {r, θ1}; θ1 defaults to Pi/n - Pi/2."""
    if is_list(rspec):
        if len(rspec.args) != 2 or any(is_list(x) for x in rspec.args):
            return None
        return tuple(rspec.args)
    start = Expr(S.Plus, Expr(S.Times, S.Pi, Expr(S.Power, n, Integer(-1))),
                 Expr(S.Times, Rational(-1, 2), S.Pi))
    return rspec, start


@builtin("CirclePoints", argc=(1, 3), attributes=("Protected",),
         usage="CirclePoints[n] are n points equally spaced on the unit circle, the vertices of "
               "a regular polygon with a horizontal base; CirclePoints[r, n] on a circle of "
               "radius r, CirclePoints[{r, θ1}, n] starting at the angle θ1, "
               "CirclePoints[{x, y}, rspec, n] centred at {x, y}.",
         examples=(("CirclePoints[4]", "{{1/Sqrt[2], -(1/Sqrt[2])}, {1/Sqrt[2], 1/Sqrt[2]}, "
                                       "{-(1/Sqrt[2]), 1/Sqrt[2]}, {-(1/Sqrt[2]), -(1/Sqrt[2])}}"),
                   ("CirclePoints[{2, 0}, 4]", "{{2, 0}, {0, 2}, {-2, 0}, {0, -2}}"),
                   ("CirclePoints[{1, 1}, {1, 0}, 2]", "{{2, 1}, {0, 1}}")))
def circle_points(ev, *args):
    n = args[-1]
    count = _count(n)
    if count is None:
        return None
    center = None
    if len(args) == 3:
        center = args[0]
        if not _is_point(center) or len(center.args) != 2:
            return None
    rspec = args[-2] if len(args) >= 2 else Integer(1)
    spec = _radius_and_start(rspec, n)
    if spec is None:
        return None
    r, start = spec
    step = Expr(S.Times, Integer(2), S.Pi, Expr(S.Power, n, Integer(-1)))
    points = []
    for k in range(count):
        theta = Expr(S.Plus, start, Expr(S.Times, Integer(k), step))
        point = Expr(LIST, Expr(S.Times, r, Expr(S.Cos, theta)), Expr(S.Times, r, Expr(S.Sin, theta)))
        points.append(point if center is None else Expr(S.Plus, center, point))
    return ev.evaluate(Expr.from_args(LIST, points))
