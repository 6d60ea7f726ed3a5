"""The faces of Graphics3D's solids — ``Sphere``, ``Ball``, ``Cuboid``, ``Cylinder`` and
``Cone`` — as polygons (arrays of 3-D corners) for the 3-D renderer to fill.

Defaults as in the Wolfram Language: ``Sphere[]`` is the unit sphere at the origin,
``Sphere[{p1, p2, …}, r]`` several; ``Cuboid[p]`` the unit cube with p (``Cuboid[]``: the
origin) its lower corner, ``Cuboid[pmin, pmax]`` the box between them; ``Cylinder[]`` and
``Cone[]`` run from z = -1 to 1 with radius 1, ``Cylinder[{p1, p2}, r]`` / ``Cone[{base, tip},
r]`` along the given axis.
A curved surface is drawn with enough facets to look round at picture sizes.
"""

from __future__ import annotations

import numpy as np

from wlnet.graphics.values import number, numeric_array

SOLID_HEADS = ("Sphere", "Ball", "Cuboid", "Cylinder", "Cone")
_AROUND = 24          # facets around a curved surface
_ALONG = 12           # bands of a sphere from pole to pole


def solid_faces(head: str, args) -> list | None:
    """The polygons of a solid, or None when its arguments are not a solid's."""
    maker = {"Sphere": _sphere, "Ball": _sphere, "Cuboid": _cuboid,
             "Cylinder": _cylinder, "Cone": _cone}[head]
    return maker(args)


def _centres_radius(args, default_radius=1.0):
    centres = numeric_array(args[0]) if args else np.zeros(3)
    radius = number(args[1]) if len(args) > 1 else default_radius
    if centres is None or radius is None or radius <= 0 or centres.shape[-1:] != (3,) \
            or centres.ndim not in (1, 2) or len(args) > 2:
        return None
    return np.atleast_2d(centres), radius


def _sphere(args):
    read = _centres_radius(args)
    if read is None:
        return None
    centres, r = read
    theta = np.linspace(0, np.pi, _ALONG + 1)
    phi = np.linspace(0, 2 * np.pi, _AROUND + 1)
    t, p = np.meshgrid(theta, phi, indexing="ij")
    unit = np.stack([np.sin(t) * np.cos(p), np.sin(t) * np.sin(p), np.cos(t)], axis=-1)
    faces = []
    for c in centres:
        grid = c + r * unit
        for i in range(_ALONG):
            for j in range(_AROUND):
                faces.append(np.array([grid[i, j], grid[i, j + 1], grid[i + 1, j + 1],
                                       grid[i + 1, j]]))
    return faces


def _cuboid(args):
    corners = [numeric_array(a) for a in args]
    if len(args) > 2 or any(c is None or c.shape != (3,) for c in corners):
        return None
    lo = corners[0] if corners else np.zeros(3)          # Cuboid[]: the unit cube at 0
    hi = corners[1] if len(corners) == 2 else lo + 1.0
    lo, hi = np.minimum(lo, hi), np.maximum(lo, hi)
    box = np.array([[x, y, z] for x in (lo[0], hi[0]) for y in (lo[1], hi[1])
                    for z in (lo[2], hi[2])])
    # corner index = 4 x-bit + 2 y-bit + z-bit; each face by its fixed coordinate
    sides = ((0, 1, 3, 2), (4, 5, 7, 6), (0, 1, 5, 4), (2, 3, 7, 6), (0, 2, 6, 4),
             (1, 3, 7, 5))
    return [box[list(s)] for s in sides]


def _axis(args):
    ends = numeric_array(args[0]) if args else np.array([[0, 0, -1], [0, 0, 1]], float)
    radius = number(args[1]) if len(args) > 1 else 1.0
    if ends is None or ends.shape != (2, 3) or radius is None or radius <= 0 or len(args) > 2:
        return None
    return ends[0], ends[1], radius


def _circle_around(start, end, radius):
    """Points of the circle of ``radius`` around ``start``, square to the axis."""
    axis = end - start
    length = np.linalg.norm(axis)
    if length == 0:
        return None
    axis = axis / length
    helper = np.array([1.0, 0, 0]) if abs(axis[0]) < 0.9 else np.array([0, 1.0, 0])
    u = np.cross(axis, helper)
    u /= np.linalg.norm(u)
    v = np.cross(axis, u)
    angles = np.linspace(0, 2 * np.pi, _AROUND + 1)[:-1]
    return start + radius * (np.outer(np.cos(angles), u) + np.outer(np.sin(angles), v))


def _cylinder(args):
    read = _axis(args)
    ring = _circle_around(*read) if read is not None else None
    if ring is None:
        return None
    shift = read[1] - read[0]
    top = ring + shift
    sides = [np.array([ring[j], ring[(j + 1) % _AROUND], top[(j + 1) % _AROUND], top[j]])
             for j in range(_AROUND)]
    return [*sides, ring, top]


def _cone(args):
    read = _axis(args)
    ring = _circle_around(*read) if read is not None else None
    if ring is None:
        return None
    tip = read[1]
    sides = [np.array([ring[j], ring[(j + 1) % _AROUND], tip]) for j in range(_AROUND)]
    return [*sides, ring]
