"""Measures and centroids of the basic geometric regions: ``Area``, ``RegionMeasure``,
``ArcLength`` and ``RegionCentroid`` of ``Rectangle``, ``Disk``, ``Polygon``, ``Triangle``,
``Line`` and ``Point`` in the plane (programs compute a face box's centre with
RegionCentroid and compare triangles drawn on a map with Area).

``RegionIntersection`` of rectangles (boxes with numeric corners) is their common box, a
Line or Point where they only touch, or ``EmptyRegion[2]``; the area of a ``RegionUnion``
of rectangles is found by inclusion and exclusion of their intersections (a box
detector's intersection over union).  Other regions' intersections and unions stay as
they are (WL's BooleanRegion is not built here).

Exact coordinates give exact results (``Area[Disk[{0, 0}, 2]]`` is ``4 Pi``); a region of
another kind, or of symbolic or non-planar coordinates the formulas do not take, stays as
it is.  A polygon's area is that of its boundary traversed in order (the shoelace
formula), positive whichever way it turns.
"""

from __future__ import annotations

from itertools import combinations

from wlnet.builtins._listutil import float_value, is_list
from wlnet.core.expr import Expr, Integer, Rational, S, Symbol
from wlnet.core.registry import builtin, declare

LIST = S.List
RECTANGLE, DISK, POLYGON, TRIANGLE, LINE, POINT = (
    Symbol(n) for n in ("Rectangle", "Disk", "Polygon", "Triangle", "Line", "Point"))
EMPTY_REGION, REGION_UNION = Symbol("EmptyRegion"), Symbol("RegionUnion")

# Point, Line, Polygon, Rectangle and Disk are declared with the graphics primitives
declare("Triangle", attributes=("Protected",),
        usage="Triangle[{p1, p2, p3}] is the triangle with those vertices; Triangle[] the unit "
              "triangle {{0, 0}, {1, 0}, {0, 1}}.")


def _point(e, dim: int = 2):
    """A point's coordinates (a list of ``dim`` elements), or None."""
    if is_list(e) and len(e.args) == dim and not any(is_list(x) for x in e.args):
        return list(e.args)
    return None


def _points(e):
    """The vertices of a list of plane points, or None."""
    if not is_list(e) or not e.args:
        return None
    pts = [_point(p) for p in e.args]
    return None if None in pts else pts


def _rectangle_corners(r):
    if len(r.args) == 0:
        return [Integer(0), Integer(0)], [Integer(1), Integer(1)]
    lo = _point(r.args[0])
    if lo is None or len(r.args) > 2:
        return None
    if len(r.args) == 1:
        return lo, [Expr(S.Plus, x, Integer(1)) for x in lo]
    hi = _point(r.args[1])
    return (lo, hi) if hi is not None else None


def _disk(d):
    """(centre, (rx, ry)) of a full disk, or None (sectors are not taken)."""
    if len(d.args) > 2:
        return None
    centre = _point(d.args[0]) if d.args else [Integer(0), Integer(0)]
    if centre is None:
        return None
    radius = d.args[1] if len(d.args) == 2 else Integer(1)
    if is_list(radius):
        radii = _point(radius)
        return (centre, tuple(radii)) if radii is not None else None
    return centre, (radius, radius)


def _vertices(region):
    """The vertices of a Polygon or Triangle (a simple polygon in the plane), or None."""
    if region.head is TRIANGLE and not region.args:
        return [[Integer(0), Integer(0)], [Integer(1), Integer(0)], [Integer(0), Integer(1)]]
    if len(region.args) != 1:
        return None
    pts = _points(region.args[0])
    if pts is None or len(pts) < 3 or (region.head is TRIANGLE and len(pts) != 3):
        return None
    return pts


def _plus(*xs):
    return Expr(S.Plus, *xs)


def _times(*xs):
    return Expr(S.Times, *xs)


def _over(a, b):
    return _times(a, Expr(S.Power, b, Integer(-1)))


def _shoelace(pts):
    """(twice the signed area, [the cross term of each edge]) of the polygon ``pts``."""
    crosses = []
    for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1]):
        crosses.append(_plus(_times(x0, y1), _times(Integer(-1), x1, y0)))
    return _plus(*crosses), crosses


def _polygon_area(pts):
    twice, _ = _shoelace(pts)
    return _times(Rational(1, 2), Expr(S.Abs, twice))


def _polygon_centroid(pts):
    twice, crosses = _shoelace(pts)
    edges = list(zip(pts, pts[1:] + pts[:1]))
    cx = _plus(*(_times(_plus(p[0], q[0]), c) for (p, q), c in zip(edges, crosses)))
    cy = _plus(*(_times(_plus(p[1], q[1]), c) for (p, q), c in zip(edges, crosses)))
    return Expr(LIST, _over(cx, _times(Integer(3), twice)), _over(cy, _times(Integer(3), twice)))


def _distance(p, q):
    return Expr(S.Sqrt, _plus(*(Expr(S.Power, _plus(a, _times(Integer(-1), b)), Integer(2))
                                for a, b in zip(p, q))))


def _line_points(region):
    if len(region.args) != 1 or not is_list(region.args[0]) or len(region.args[0].args) < 2:
        return None
    first = region.args[0].args[0]
    dim = len(first.args) if is_list(first) else 0
    pts = [_point(p, dim) for p in region.args[0].args] if dim else None
    return None if pts is None or None in pts else pts


def _area(region):
    """The area of a planar region as an unevaluated expression, or None."""
    if type(region) is not Expr:
        return None
    if region.head is EMPTY_REGION or region.head in (LINE, POINT) and region.args:
        return Integer(0)                      # nothing, or of dimension below 2
    if region.head is REGION_UNION:
        return _union_area(region)
    if region.head is RECTANGLE:
        corners = _rectangle_corners(region)
        if corners is None:
            return None
        (x0, y0), (x1, y1) = corners           # {xmin, ymin}, {xmax, ymax}
        return _times(_plus(x1, _times(Integer(-1), x0)), _plus(y1, _times(Integer(-1), y0)))
    if region.head is DISK:
        disk = _disk(region)
        return None if disk is None else _times(S.Pi, disk[1][0], disk[1][1])
    if region.head in (POLYGON, TRIANGLE):
        pts = _vertices(region)
        return None if pts is None else _polygon_area(pts)
    return None


def _length(region):
    if type(region) is not Expr or region.head is not LINE:
        return None
    pts = _line_points(region)
    if pts is None:
        return None
    return _plus(*(_distance(p, q) for p, q in zip(pts, pts[1:])))


def _centroid(region):
    if type(region) is not Expr:
        return None
    if region.head is RECTANGLE:
        corners = _rectangle_corners(region)
        if corners is None:
            return None
        return Expr(LIST, *(_times(Rational(1, 2), _plus(a, b)) for a, b in zip(*corners)))
    if region.head is DISK:
        disk = _disk(region)
        return None if disk is None else Expr(LIST, *disk[0])
    if region.head in (POLYGON, TRIANGLE):
        pts = _vertices(region)
        return None if pts is None else _polygon_centroid(pts)
    if region.head is POINT and len(region.args) == 1:
        p = region.args[0]
        if is_list(p) and p.args and all(is_list(q) for q in p.args):
            n = Integer(len(p.args))
            return _over(_plus(*p.args), n)
        return p if is_list(p) else None
    if region.head is LINE:
        pts = _line_points(region)
        if pts is None:
            return None
        segments = list(zip(pts, pts[1:]))
        weights = [_distance(p, q) for p, q in segments]
        coords = [_plus(*(_times(w, Rational(1, 2), _plus(p[k], q[k]))
                          for w, (p, q) in zip(weights, segments))) for k in range(len(pts[0]))]
        return Expr(LIST, *(_over(c, _plus(*weights)) for c in coords))
    return None


# ---------------------------------------------------------------------------- boxes

def _numeric_box(region):
    """(lower corner, upper corner) of a Rectangle with numeric corners, else None."""
    if type(region) is not Expr or region.head is not RECTANGLE:
        return None
    corners = _rectangle_corners(region)
    if corners is None or any(float_value(x) is None for c in corners for x in c):
        return None
    return corners


def _regions(args) -> list:
    return list(args[0].args) if len(args) == 1 and is_list(args[0]) else list(args)


def _box_intersection(ev, boxes):
    """The common part of boxes (corner pairs): a Rectangle, a Line or Point where they
    only touch, or EmptyRegion[2] (exact corners stay exact)."""
    lo = [ev.evaluate(Expr(S.Max, *(b[0][k] for b in boxes))) for k in range(2)]
    hi = [ev.evaluate(Expr(S.Min, *(b[1][k] for b in boxes))) for k in range(2)]
    gaps = [float_value(h) - float_value(l) for l, h in zip(lo, hi)]
    if any(g < 0 for g in gaps):
        return Expr(EMPTY_REGION, Integer(2))
    if all(g > 0 for g in gaps):
        return Expr(RECTANGLE, Expr(LIST, *lo), Expr(LIST, *hi))
    if all(g == 0 for g in gaps):
        return Expr(POINT, Expr(LIST, *lo))
    return Expr(LINE, Expr(LIST, Expr(LIST, *lo), Expr(LIST, *hi)))


def _union_area(union):
    """Area of a RegionUnion of numeric rectangles by inclusion and exclusion: the sum over
    every non-empty subset of (-1)^(size+1) times the area of its common box."""
    boxes = [_numeric_box(r) for r in _regions(union.args)]
    if not boxes or None in boxes or len(boxes) > 12:
        return None
    terms = []
    for size in range(1, len(boxes) + 1):
        for subset in combinations(boxes, size):
            lo = [Expr(S.Max, *(b[0][k] for b in subset)) for k in range(2)]
            hi = [Expr(S.Min, *(b[1][k] for b in subset)) for k in range(2)]
            side = [Expr(S.Max, Integer(0), _plus(h, _times(Integer(-1), l)))
                    for l, h in zip(lo, hi)]
            terms.append(_times(Integer((-1) ** (size + 1)), *side))
    return _plus(*terms)


declare("EmptyRegion", attributes=("Protected",),
        usage="EmptyRegion[n] is the empty region in n dimensions (as RegionIntersection "
              "gives it for regions that do not meet).")
declare("RegionUnion", attributes=("Protected",),
        usage="RegionUnion[reg1, reg2, …] is the union of regions; its Area is found for "
              "rectangles.")


@builtin("RegionIntersection", argc=(1, None), attributes=("Protected",),
         usage="RegionIntersection[reg1, reg2, …] (or of a list) is the region common to "
               "them: for rectangles, their common Rectangle (a Line or Point where they "
               "only touch) or EmptyRegion[2].",
         examples=(("RegionIntersection[Rectangle[{0, 0}, {2, 2}], Rectangle[{1, 1}, {3, 3}]]",
                    "Rectangle[{1, 1}, {2, 2}]"),
                   ("RegionIntersection[Rectangle[{0, 0}, {1, 1}], Rectangle[{2, 2}, {3, 3}]]",
                    "EmptyRegion[2]")))
def region_intersection(ev, *args):
    regions = _regions(args)
    if len(regions) == 1:
        return regions[0]
    boxes = [_numeric_box(r) for r in regions]
    if not regions or None in boxes:
        return None
    return _box_intersection(ev, boxes)


def _evaluated(ev, e):
    return None if e is None else ev.evaluate(e)


@builtin("Area", argc=1, attributes=("Protected",),
         usage="Area[reg] is the area of a region in the plane: Rectangle, Disk, Polygon, "
               "Triangle.",
         examples=(("Area[Rectangle[{0, 0}, {2, 3}]]", "6"), ("Area[Disk[{0, 0}, 2]]", "4 Pi"),
                   ("Area[Polygon[{{0, 0}, {3, 0}, {0, 4}}]]", "6")))
def area(ev, region):
    return _evaluated(ev, _area(region))


@builtin("ArcLength", argc=1, attributes=("Protected",),
         usage="ArcLength[Line[{p1, p2, …}]] is the length of the line.",
         examples=(("ArcLength[Line[{{0, 0}, {3, 4}, {3, 5}}]]", "6"),))
def arc_length(ev, region):
    return _evaluated(ev, _length(region))


@builtin("RegionMeasure", argc=1, attributes=("Protected",),
         usage="RegionMeasure[reg] is the measure of a region in its dimension: the number "
               "of points of a Point, the length of a Line, the area of a Rectangle, Disk, "
               "Polygon or Triangle.",
         examples=(("RegionMeasure[Line[{{0, 0}, {0, 2}}]]", "2"),
                   ("RegionMeasure[Point[{{0, 0}, {1, 1}}]]", "2"),
                   ("RegionMeasure[Triangle[]]", "1/2")))
def region_measure(ev, region):
    if type(region) is Expr and region.head is POINT and len(region.args) == 1:
        p = region.args[0]
        if is_list(p) and p.args and all(is_list(q) for q in p.args):
            return Integer(len(p.args))
        return Integer(1) if is_list(p) else None
    return _evaluated(ev, _length(region) if getattr(region, "head", None) is LINE
                      else _area(region))


@builtin("RegionCentroid", argc=1, attributes=("Protected",),
         usage="RegionCentroid[reg] is the centroid of a region: Rectangle, Disk, Polygon, "
               "Triangle, Line or Point.",
         examples=(("RegionCentroid[Rectangle[{0, 0}, {2, 4}]]", "{1, 2}"),
                   ("RegionCentroid[Polygon[{{0, 0}, {3, 0}, {0, 3}}]]", "{1, 1}"),
                   ("RegionCentroid[Point[{{0, 0}, {2, 4}}]]", "{1, 2}")))
def region_centroid(ev, region):
    return _evaluated(ev, _centroid(region))
