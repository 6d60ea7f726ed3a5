"""RegionDistance and SignedRegionDistance of points to the simple regions, as programs make
targets for nets that learn a shape's (signed) distance field.

    RegionDistance[reg, p]            the distance from p to the nearest point of reg (0 in it)
    SignedRegionDistance[reg, p]      the same outside, minus the distance to the boundary
                                      inside (full-dimensional regions)
    …[reg, {p1, p2, …}]               a list of them

Disks and balls (circular), rectangles and cuboids are measured by their formulas, so
exact coordinates give exact distances (``RegionDistance[Disk[], {1, 1}]`` is
``Sqrt[2] - 1``); polygons and triangles (the even-odd rule for inside), lines
(polylines) and points give machine numbers.  Other regions, ellipses among them, and
symbolic coordinates leave the call unevaluated.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins.region_member import _numbers, members
from wlnet.core.expr import TRUE, Expr, Integer, Real, S, Symbol
from wlnet.core.registry import builtin

LIST = S.List


def _is_point(e) -> bool:
    return type(e) is Expr and e.head is LIST and e.args and \
        not any(type(x) is Expr and x.head is LIST for x in e.args)


def _head(region) -> str | None:
    return region.head.name if type(region) is Expr and type(region.head) is Symbol else None


def _sum_squares(terms):
    return Expr(S.Plus, *(Expr(S.Power, t, Integer(2)) for t in terms))


def _ball_formula(region, p):
    """|p - c| - r of a circular Disk or Ball as an expression, None for other forms."""
    args = region.args
    dim = 2 if _head(region) == "Disk" else len(p)
    centre = list(args[0].args) if args else [Integer(0)] * dim
    radius = args[1] if len(args) == 2 else Integer(1)
    if len(args) > 2 or len(centre) != len(p) or (type(radius) is Expr and radius.head is LIST):
        return None
    diffs = [Expr(S.Subtract, x, c) for x, c in zip(p, centre)]
    return Expr(S.Subtract, Expr(S.Sqrt, _sum_squares(diffs)), radius)


def _box_formula(region, p):
    """The signed distance to a Rectangle or Cuboid as an expression: |max(q, 0)| +
    min(max_i qi, 0) with q = |p - centre| - half sides."""
    args = region.args
    dim = 2 if _head(region) == "Rectangle" else 3
    low = list(args[0].args) if args else [Integer(0)] * dim
    high = list(args[1].args) if len(args) == 2 else [Expr(S.Plus, x, Integer(1)) for x in low]
    if len(args) > 2 or not (len(low) == len(high) == len(p) == dim):
        return None
    q = [Expr(S.Subtract, Expr(S.Abs, Expr(S.Subtract, x, Expr(S.Times, Expr(S.Plus, a, b),
                                                                 Expr(S.Rational, Integer(1), Integer(2))))),
              Expr(S.Times, Expr(S.Abs, Expr(S.Subtract, b, a)), Expr(S.Rational, Integer(1), Integer(2))))
         for x, a, b in zip(p, low, high)]
    outside = Expr(S.Sqrt, _sum_squares([Expr(S.Max, t, Integer(0)) for t in q]))
    inside = Expr(S.Min, Expr(S.Max, *q), Integer(0))
    return Expr(S.Plus, outside, inside)


def _segment_distances(vertices: np.ndarray, closed: bool, point: np.ndarray) -> float:
    a = vertices if closed else vertices[:-1]
    b = np.roll(vertices, -1, axis=0) if closed else vertices[1:]
    ab = b - a
    lengths2 = np.maximum((ab ** 2).sum(axis=1), 1e-300)
    t = np.clip(((point - a) * ab).sum(axis=1) / lengths2, 0, 1)
    return float(np.sqrt(((a + t[:, None] * ab - point) ** 2).sum(axis=1)).min())


def _numeric_signed(ev, region, p, signed: bool):
    """The distance (signed for polygons) to a Polygon, Triangle, Line or Point, as a Real;
    None for other forms."""
    name = _head(region)
    point = _numbers(ev, Expr.from_args(LIST, p))
    if point is None:
        return None
    if name in ("Polygon", "Triangle"):
        if name == "Triangle" and not region.args:
            vertices = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
        else:
            vertices = _numbers(ev, region.args[0]) if len(region.args) == 1 else None
        if vertices is None or vertices.ndim != 2 or vertices.shape[1] != 2 or len(point) != 2:
            return None
        d = _segment_distances(vertices, True, point)
        inside = members("polygon", (vertices,), point[None])[0]
        return Real(-d if inside and signed else 0.0 if inside else d)
    if signed or name not in ("Line", "Point") or len(region.args) != 1:
        return None
    vertices = _numbers(ev, region.args[0])
    if vertices is None:
        return None
    vertices = vertices[None] if vertices.ndim == 1 else vertices
    if vertices.ndim != 2 or vertices.shape[1] != len(point):
        return None
    if name == "Point" or len(vertices) == 1:
        return Real(float(np.sqrt(((vertices - point) ** 2).sum(axis=1)).min()))
    return Real(_segment_distances(vertices, False, point))


def _distance(ev, region, p, signed: bool):
    name = _head(region)
    if name in ("Disk", "Ball", "Rectangle", "Cuboid"):
        formula = (_ball_formula if name in ("Disk", "Ball") else _box_formula)(region, p)
        if formula is None:
            return None
        value = ev.evaluate(formula if signed else Expr(S.Max, formula, Integer(0)))
        if any(type(x) is Real for x in p):         # machine points: machine distances
            value = ev.evaluate(Expr(S.N, value))
        return value if ev.evaluate(Expr(S.NumericQ, value)) is TRUE else None
    return _numeric_signed(ev, region, p, signed)


def _distance_builtin(name: str, signed: bool, usage: str, examples):
    def function(ev, region, points):
        if _is_point(points):
            return _distance(ev, region, list(points.args), signed)
        if type(points) is Expr and points.head is LIST and points.args and \
                all(_is_point(p) for p in points.args):
            found = [_distance(ev, region, list(p.args), signed) for p in points.args]
            return None if any(f is None for f in found) else Expr.from_args(LIST, found)
        return None
    builtin(name, argc=2, attributes=("Protected",), usage=usage, examples=examples)(function)


_distance_builtin(
    "RegionDistance", False,
    "RegionDistance[reg, p] is the distance from the point p to the region reg (0 inside); "
    "a list of points gives a list.",
    (("RegionDistance[Disk[], {2, 0}]", "1"), ("RegionDistance[Disk[], {1, 1}]", "-1 + Sqrt[2]"),
     ("RegionDistance[Rectangle[], {2, 2}]", "Sqrt[2]"),
     ("RegionDistance[Line[{{0, 0}, {2, 0}}], {1, 1}]", "1.")))
_distance_builtin(
    "SignedRegionDistance", True,
    "SignedRegionDistance[reg, p] is the distance from p to reg outside it and minus the "
    "distance to its boundary inside.",
    (("SignedRegionDistance[Disk[], {0, 0}]", "-1"),
     ("SignedRegionDistance[Rectangle[{0, 0}, {2, 2}], {1, 1/2}]", "-1/2"),
     ("SignedRegionDistance[Polygon[{{0, 0}, {4, 0}, {0, 4}}], {1, 1}]", "-1.")))
