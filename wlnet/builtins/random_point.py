"""RandomPoint: points drawn uniformly from a region, as physics-informed and toy programs
draw their collocation points and clouds of data.

    RandomPoint[reg]               one point
    RandomPoint[reg, n]            a list of n points
    RandomPoint[reg, {n1, n2, …}]  an n1 × n2 × … array of points

Solid regions (RegionMember's numeric ones): Disk and Ball of any dimension (ellipses and
ellipsoids too), Rectangle, Cuboid, Triangle and Polygon — uniform by area or volume.
Curves and surfaces: Line[{p1, p2, …}] (uniform by length along the polyline, any
dimension), Circle (uniform by length, ellipses included) and Sphere (uniform on the
surface, any dimension).  Point[p] and Point[{p1, …}] give their points.  Draws come from
the session's generator, so SeedRandom reproduces them; the points are a packed array of
machine reals.  A region of another kind, or with symbolic coordinates, leaves the call
unevaluated.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins.random import _MESSAGES, _shape
from wlnet.builtins.region_member import _numbers, members, numeric_region
from wlnet.core.expr import Expr, Integer, Symbol
from wlnet.core.packed import list_from_array
from wlnet.core.registry import builtin


def _unit_directions(rng, count: int, dim: int) -> np.ndarray:
    v = rng.standard_normal((count, dim))
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.where(norms == 0, 1.0, norms)


def _in_ellipsoid(rng, count, centre, radii):
    dim = len(centre)
    # a uniform radius in d dimensions has density ∝ ρ^(d-1): ρ = U^(1/d)
    rho = rng.random((count, 1)) ** (1.0 / dim)
    return centre + radii * rho * _unit_directions(rng, count, dim)


def _in_box(rng, count, low, high):
    return low + (high - low) * rng.random((count, len(low)))


def _in_polygon(rng, count, vertices):
    """Rejection from the bounding box (the even-odd rule decides, as RegionMember)."""
    low, high = vertices.min(axis=0), vertices.max(axis=0)
    kept = np.empty((0, 2))
    while len(kept) < count:
        trial = _in_box(rng, max(2 * (count - len(kept)), 64), low, high)
        kept = np.vstack([kept, trial[members("polygon", (vertices,), trial)]])
    return kept[:count]


def _on_polyline(rng, count, vertices):
    starts, steps = vertices[:-1], np.diff(vertices, axis=0)
    lengths = np.linalg.norm(steps, axis=1)
    if lengths.sum() == 0:
        return np.repeat(vertices[:1], count, axis=0)
    segment = rng.choice(len(steps), size=count, p=lengths / lengths.sum())
    return starts[segment] + rng.random((count, 1)) * steps[segment]


def _on_ellipse(rng, count, centre, radii):
    """Uniform by arc length: angles by rejection against the speed |d/dt (rx cos, ry sin)|."""
    rx, ry = radii
    top = max(rx, ry)
    angles = np.empty(0)
    while len(angles) < count:
        t = rng.uniform(0, 2 * np.pi, 2 * (count - len(angles)) + 16)
        speed = np.hypot(rx * np.sin(t), ry * np.cos(t))
        angles = np.concatenate([angles, t[rng.random(len(t)) * top <= speed]])
    t = angles[:count]
    return centre + np.stack([rx * np.cos(t), ry * np.sin(t)], axis=1)


def _sampler(ev, region):
    """``draw(rng, count) -> (count × dim) array`` for the region, or None."""
    solid = numeric_region(ev, region)
    if solid is not None:
        kind, *parameters = solid
        draw = {"ellipsoid": _in_ellipsoid, "box": _in_box, "polygon": _in_polygon}[kind]
        return lambda rng, count: draw(rng, count, *parameters)
    if not (type(region) is Expr and type(region.head) is Symbol):
        return None
    name, args = region.head.name, region.args
    if name == "Line" and len(args) == 1:
        vertices = _numbers(ev, args[0])
        if vertices is None or vertices.ndim != 2 or len(vertices) < 2:
            return None
        return lambda rng, count: _on_polyline(rng, count, vertices)
    if name in ("Circle", "Sphere") and len(args) <= 2:
        dim = 2 if name == "Circle" else None
        centre = _numbers(ev, args[0]) if args else np.zeros(dim or 3)
        radius = _numbers(ev, args[1]) if len(args) == 2 else np.ones(1)
        if centre is None or centre.ndim != 1 or (dim and len(centre) != dim) or \
                radius is None or radius.ndim > 1 or (radius <= 0).any():
            return None
        if name == "Circle" and radius.ndim == 1 and len(radius) == 2:
            return lambda rng, count: _on_ellipse(rng, count, centre, radius)
        if radius.size != 1:
            return None
        r = float(radius.reshape(-1)[0])
        return lambda rng, count: centre + r * _unit_directions(rng, count, len(centre))
    if name == "Point" and len(args) == 1:
        points = _numbers(ev, args[0])
        if points is None or points.ndim not in (1, 2):
            return None
        points = points.reshape(-1, points.shape[-1]) if points.ndim == 2 else points[None]
        return lambda rng, count: points[rng.integers(len(points), size=count)]
    return None


@builtin("RandomPoint", argc=(1, 2), attributes=("Protected",),
         messages={"array": _MESSAGES["array"]},
         usage="RandomPoint[reg] is a point drawn uniformly from the region reg; "
               "RandomPoint[reg, n] a list of n such points; RandomPoint[reg, {n1, n2, …}] an "
               "array of them.  Solid regions (Disk, Ball, Rectangle, Cuboid, Triangle, "
               "Polygon), curves (Line, Circle), Sphere surfaces and Point are taken.",
         examples=(("Dimensions[RandomPoint[Disk[], 5]]", "{5, 2}"),
                   ("Dimensions[RandomPoint[Ball[{0, 0, 0}], {2, 3}]]", "{2, 3, 3}"),
                   ("RandomPoint[Point[{1, 2}], 2]", "{{1., 2.}, {1., 2.}}")))
def random_point(ev, region, spec=None):
    draw = _sampler(ev, region)
    if draw is None:
        return None
    if spec is None:
        return list_from_array(draw(ev.rng, 1)[0], owned=True)
    shape = _shape(spec)
    if shape is None:
        ev.message(Symbol("RandomPoint"), "array", spec, Integer(2),
                   Expr(Symbol("RandomPoint"), region, spec))
        return None
    points = draw(ev.rng, int(np.prod(shape)))
    return list_from_array(points.reshape(tuple(shape) + points.shape[1:]), owned=True)
