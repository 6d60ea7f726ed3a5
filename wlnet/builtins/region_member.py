"""RegionMember and Element for the simple regions: whether points lie in a region.

    RegionMember[reg, p]            True or False for a numeric point
    RegionMember[reg, {p1, p2, …}]  a list of them
    RegionMember[reg, {x, y}]       for symbols: the condition (coordinates real and the
                                    region's inequalities), for Disk, Ball, Rectangle and
                                    Cuboid
    RegionMember[reg]               RegionMemberFunction[…], applied to points later
    Element[p, reg]                 True or False for a numeric point (unevaluated else)

Regions: Disk[] / Disk[c] / Disk[c, r] / Disk[c, {rx, ry}] (full disks and ellipses),
Ball in any dimension, Rectangle, Cuboid, Triangle and Polygon (simple or not: the
even-odd rule, the boundary included).  Regions are closed: a point on the boundary is a
member.  A point of another dimension than the region's is not a member; a region of
another kind, or with symbolic coordinates, leaves the call unevaluated.  RegionPlot reads
these predicates by their inequalities where there are some (smooth boundaries).
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins.numbers import to_py
from wlnet.core.expr import FALSE, TRUE, Expr, Integer, S, Symbol
from wlnet.core.numeric_array import to_numpy_data
from wlnet.core.registry import builtin, builtin_subvalue, builtin_upvalue, declare

MEMBER_FUNCTION = Symbol("RegionMemberFunction")
_REGIONS = ("Disk", "Ball", "Rectangle", "Cuboid", "Triangle", "Polygon")

declare("RegionMemberFunction", attributes=("Protected",),
        usage="RegionMemberFunction[reg] (made by RegionMember[reg]) applied to a point "
              "or a list of points tests whether they lie in reg.")


# ------------------------------------------------------------------ regions as numbers

def _numbers(ev, e) -> np.ndarray | None:
    """The real array of e (N of it), or None."""
    value = ev.evaluate(Expr(S.N, e))
    out = to_numpy_data(value)
    if out is None:
        number = to_py(value)
        if not isinstance(number, (int, float)):
            return None
        out = np.array(float(number))
    out = np.asarray(out, dtype=float)
    return out if np.isfinite(out).all() else None


def numeric_region(ev, region):
    """(kind, parameters) of a simple region with numeric coordinates: ("ellipsoid",
    centre, radii), ("box", low, high) or ("polygon", vertices); None for others."""
    if not (type(region) is Expr and type(region.head) is Symbol
            and region.head.name in _REGIONS):
        return None
    name, args = region.head.name, region.args
    if name in ("Disk", "Ball"):
        dim = 2 if name == "Disk" else None
        if len(args) > 2:
            return None                          # sectors are not taken
        centre = _numbers(ev, args[0]) if args else np.zeros(dim or 3)
        if centre is None or centre.ndim != 1 or dim and len(centre) != dim:
            return None
        radii = _numbers(ev, args[1]) if len(args) == 2 else np.ones(1)
        if radii is None or radii.ndim > 1 or (radii <= 0).any() or \
                radii.ndim == 1 and len(radii) not in (1, len(centre)):
            return None
        return "ellipsoid", centre, np.broadcast_to(radii, centre.shape).astype(float)
    if name in ("Rectangle", "Cuboid"):
        dim = 2 if name == "Rectangle" else 3
        if len(args) > 2:
            return None
        low = _numbers(ev, args[0]) if args else np.zeros(dim)
        if low is None or low.shape != (dim,):
            return None
        high = _numbers(ev, args[1]) if len(args) == 2 else low + 1
        if high is None or high.shape != (dim,):
            return None
        return "box", np.minimum(low, high), np.maximum(low, high)
    if name == "Triangle" and not args:
        return "polygon", np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    if len(args) != 1:
        return None
    vertices = _numbers(ev, args[0])
    if vertices is None or vertices.ndim != 2 or vertices.shape[1] != 2 or \
            len(vertices) < 3 or name == "Triangle" and len(vertices) != 3:
        return None
    return "polygon", vertices


def members(kind: str, parameters, points: np.ndarray) -> np.ndarray:
    """Whether each of the points (n × dim) lies in the region (boundary included, to a
    relative tolerance of 1e-12); False for points of another dimension."""
    dim = len(parameters[0]) if kind != "polygon" else 2
    if points.shape[1] != dim:
        return np.zeros(len(points), dtype=bool)
    if kind == "ellipsoid":
        centre, radii = parameters
        return (((points - centre) / radii) ** 2).sum(axis=1) <= 1 + 1e-12
    if kind == "box":
        low, high = parameters
        slack = 1e-12 * np.maximum(1.0, np.abs(high - low))
        return ((points >= low - slack) & (points <= high + slack)).all(axis=1)
    return _in_polygon(parameters[0], points)


def _in_polygon(vertices: np.ndarray, points: np.ndarray) -> np.ndarray:
    """The even-odd rule (a horizontal ray crossing the edges), every point and edge at
    once; points on an edge count as inside."""
    a, b = vertices, np.roll(vertices, -1, axis=0)
    px, py = points[:, 0, None], points[:, 1, None]
    ax, ay, bx, by = a[None, :, 0], a[None, :, 1], b[None, :, 0], b[None, :, 1]
    straddles = (ay > py) != (by > py)
    with np.errstate(divide="ignore", invalid="ignore"):
        crossing_x = ax + (py - ay) * (bx - ax) / (by - ay)
    inside = (straddles & (px < crossing_x)).sum(axis=1) % 2 == 1
    # on an edge: collinear with it and between its ends
    cross = (bx - ax) * (py - ay) - (by - ay) * (px - ax)
    scale = np.maximum(np.hypot(bx - ax, by - ay), 1e-300)
    between = ((px - ax) * (px - bx) <= 1e-12) & ((py - ay) * (py - by) <= 1e-12)
    on_edge = ((np.abs(cross) / scale <= 1e-12 * np.maximum(1.0, scale)) & between).any(axis=1)
    return inside | on_edge


# ------------------------------------------------------------------ conditions

def member_condition(region, point) -> Expr | None:
    """The inequalities of membership of a point of expressions in a Disk, Ball,
    Rectangle or Cuboid given by explicit coordinates (None for others): an ellipse's
    Σ ((xᵢ - cᵢ)/rᵢ)² <= 1, a box's lo <= xᵢ <= hi."""
    if not (type(point) is Expr and point.head is S.List and point.args) or \
            any(type(x) is Expr and x.head is S.List for x in point.args):
        return None
    name = region.head.name if type(region) is Expr and type(region.head) is Symbol else None
    xs, args = list(point.args), region.args if name else ()
    if name in ("Disk", "Ball") and len(args) <= 2:
        dim = len(xs)
        centre = _coordinates(args[0], dim) if args else [Integer(0)] * dim
        radius = args[1] if len(args) == 2 else Integer(1)
        radii = _coordinates(radius, dim) if type(radius) is Expr and radius.head is S.List \
            else [radius] * dim
        if centre is None or radii is None or name == "Disk" and dim != 2:
            return None
        terms = [Expr(S.Power, Expr(S.Times, Expr(S.Plus, x, Expr(S.Times, Integer(-1), c)),
                                    Expr(S.Power, r, Integer(-1))), Integer(2))
                 for x, c, r in zip(xs, centre, radii)]
        return Expr(S.LessEqual, Expr(S.Plus, *terms), Integer(1))
    if name in ("Rectangle", "Cuboid") and len(args) <= 2:
        dim = len(xs)
        if dim != (2 if name == "Rectangle" else 3):
            return None
        low = _coordinates(args[0], dim) if args else [Integer(0)] * dim
        if low is None:
            return None
        high = _coordinates(args[1], dim) if len(args) == 2 else \
            [Expr(S.Plus, v, Integer(1)) for v in low]
        if high is None:
            return None
        return Expr(S.And, *[Expr(S.LessEqual, lo, x, hi)
                             for x, lo, hi in zip(xs, low, high)])
    return None


def as_inequalities(condition):
    """The condition with its Element[p, reg] and RegionMember[reg, p] parts that have
    inequalities (member_condition) replaced by them, through And, Or and Not (RegionPlot
    then draws their boundaries smooth); other parts as they are."""
    if type(condition) is not Expr or type(condition.head) is not Symbol:
        return condition
    name = condition.head.name
    if name in ("And", "Or", "Not"):
        return Expr(condition.head, *[as_inequalities(a) for a in condition.args])
    if name in ("Element", "RegionMember") and len(condition.args) == 2:
        point, region = condition.args if name == "Element" else condition.args[::-1]
        found = member_condition(region, point)
        return found if found is not None else condition
    return condition


def _coordinates(e, dim: int):
    if type(e) is Expr and e.head is S.List and len(e.args) == dim:
        return list(e.args)
    return None


# ------------------------------------------------------------------ the functions

def _point_array(ev, p):
    """(points n × dim, one point?) of a numeric point or list of points; None else."""
    values = _numbers(ev, p)
    if values is None or values.ndim not in (1, 2) or values.size == 0:
        return None
    return (values[None, :], True) if values.ndim == 1 else (values, False)


def _membership(ev, region, p):
    """True/False (or their list) of numeric points; None when it cannot say."""
    parsed = numeric_region(ev, region)
    if parsed is None:
        return None
    points = _point_array(ev, p)
    if points is None and type(p) is Expr and p.head is S.List and p.args and \
            all(type(q) is Expr and q.head is S.List for q in p.args):
        each = [_membership(ev, region, q) for q in p.args]     # points of several sizes
        return Expr(S.List, *each) if all(a in (TRUE, FALSE) for a in each) else None
    if points is None:
        return None
    flags = members(parsed[0], parsed[1:], points[0])
    answers = [TRUE if f else FALSE for f in flags]
    return answers[0] if points[1] else Expr(S.List, *answers)


@builtin("RegionMember", argc=(1, 2), attributes=("Protected",),
         usage="RegionMember[reg, p] gives True if the point p lies in the region reg (a "
               "Disk, Ball, Rectangle, Cuboid, Triangle or Polygon), False otherwise; "
               "RegionMember[reg, {p1, …}] tests each; RegionMember[reg, {x, y}] with "
               "symbols gives the condition; RegionMember[reg] a RegionMemberFunction.",
         examples=(("RegionMember[Disk[], {0.5, 0.5}]", "True"),
                   ("RegionMember[Rectangle[{0, 0}, {2, 1}], {{1, 1}, {3, 0}}]",
                    "{True, False}"),
                   ("RegionMember[Polygon[{{0, 0}, {2, 0}, {0, 2}}], {1.5, 1.5}]", "False")))
def region_member(ev, region, p=None):
    if p is None:
        return Expr(MEMBER_FUNCTION, region) if numeric_region(ev, region) is not None \
            else None
    answer = _membership(ev, region, p)
    if answer is not None:
        return answer
    condition = member_condition(region, p)
    if condition is None:
        return None
    symbols = [x for x in p.args if type(x) is Symbol]
    if len(symbols) != len(p.args):
        return condition
    reals = Expr(S.Element, symbols[0] if len(symbols) == 1 else
                 Expr(S.Alternatives, *symbols), S.Reals)
    return Expr(S.And, reals, condition)


@builtin_subvalue("RegionMemberFunction")
def _apply_member_function(ev, f, p=None, *rest):
    if p is None or rest or len(f.args) != 1:
        return None
    return _membership(ev, f.args[0], p)


@builtin("Element", argc=2, attributes=("Protected",),
         usage="Element[x, dom] asserts that x is an element of dom (a domain such as "
               "Reals, or a region); with a numeric point and a Disk, Ball, Rectangle, "
               "Cuboid, Triangle or Polygon it gives True or False.")
def element(ev, x, domain):
    """Element stays a statement (Element[x, Reals]) except where an explicit number
    (or a list of them) decides it for a domain, or a region decides it (the upvalues
    below)."""
    if type(domain) is not Symbol or domain.name not in _DOMAINS:
        return None
    items = x.args if type(x) is Expr and x.head is S.List else (x,)
    answers = [_in_domain(ev, item, domain.name) for item in items]
    if FALSE in answers:
        return FALSE
    return TRUE if answers and all(a is TRUE for a in answers) else None


_DOMAINS = ("Integers", "Rationals", "Reals", "Complexes", "Algebraics", "Primes",
            "Booleans")


def _in_domain(ev, x, domain: str):
    """TRUE or FALSE where x decides its membership of the domain; None when it does
    not (a symbol, an approximate number for the exact domains, a numeric expression
    whose kind is not plain)."""
    from wlnet.core.expr import Complex, Rational, Real
    if domain == "Booleans":
        return TRUE if x in (TRUE, FALSE) else (FALSE if type(x) in (
            Integer, Rational, Real, Complex) else None)
    if type(x) is Integer:
        if domain == "Primes":
            return ev.evaluate(Expr(S.PrimeQ, x))
        return TRUE
    if type(x) is Rational:
        return FALSE if domain in ("Integers", "Primes") else TRUE
    if type(x) is Complex:
        if ev.evaluate(Expr(S.PossibleZeroQ, Expr(S.Im, x))) is TRUE:
            return None
        if domain == "Algebraics":           # a Gaussian rational is algebraic
            return None if Real in (type(x.re), type(x.im)) else TRUE
        return TRUE if domain == "Complexes" else FALSE
    if domain in ("Reals", "Complexes") and ev.evaluate(Expr(S.NumericQ, x)) is TRUE:
        value = ev.evaluate(Expr(S.N, x))
        if type(value) is Real:
            return TRUE
        if type(value) is Complex and domain == "Reals":
            return FALSE
        return TRUE if type(value) is Complex else None
    return None


def _element(ev, p, region, *rest):
    """Element[p, reg] for a numeric point p: True or False."""
    if rest:
        return None
    answer = _membership(ev, region, p)
    return answer if answer in (TRUE, FALSE) else None


for _name in _REGIONS:
    builtin_upvalue("Element", _name)(_element)
