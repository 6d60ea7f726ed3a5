"""Geometric transformations of graphics primitives: ``Rotate``, ``Translate``, ``Scale``
and ``GeometricTransformation`` wrapped around primitives inside ``Graphics``.

    Rotate[g, θ]                 rotate by θ radians about the centre of g's bounding box
    Rotate[g, θ, {x, y}]         … about the point {x, y}
    Rotate[g, {u, v}]            the rotation taking the direction u to the direction v
    Translate[g, {x, y}]         g moved by {x, y}; a list of vectors gives one copy per vector
    Scale[g, s], Scale[g, {sx, sy}]          scaled about the centre of g's bounding box
    Scale[g, s, {x, y}]          … about the point {x, y}
    GeometricTransformation[g, m]            the linear map of the 2x2 matrix m
    GeometricTransformation[g, {m, v}]       m . p + v
    GeometricTransformation[g, tf]           a TransformationFunction (an affine one)
    GeometricTransformation[g, {t1, t2, …}]  one copy per transformation

Each map is an affine pair (m, b): p -> m . p + b.  The wrapped primitives are read into
their own scene first (the bounding box gives Rotate's and Scale's default centre) and
their items are carried over transformed.  A rectangle, disk or circle stays one when the
map keeps its shape (axis-aligned scaling; for a round disk, any rotation too); otherwise
it becomes the polygon (or closed line) of its outline.  Rasters and insets move with their
anchor points and are not turned.
"""

from __future__ import annotations

import math

import numpy as np

from wlnet.core.expr import Expr, Symbol
from wlnet.graphics.values import is_list, number, numeric_array, point

__all__ = ["TRANSFORM_HEADS", "affine_maps", "transform_item"]

TRANSFORM_HEADS = ("Rotate", "Translate", "Scale", "GeometricTransformation")
_OUTLINE_POINTS = 73                      # outline of a transformed disk (every 5 degrees)


# ---------------------------------------------------------------------------- the maps

def _centre(bounds, given):
    """The point a rotation or scaling keeps: the one given, else the bounding box's centre."""
    if given is not None:
        return np.asarray(given, float)
    xs, ys = bounds
    return np.array([(xs[0] + xs[1]) / 2 if xs else 0.0, (ys[0] + ys[1]) / 2 if ys else 0.0])


def _about(m: np.ndarray, centre: np.ndarray):
    """The map m applied about ``centre``: p -> m . (p - c) + c."""
    return m, centre - m @ centre


def _rotation(angle: float) -> np.ndarray:
    c, s = math.cos(angle), math.sin(angle)
    return np.array([[c, -s], [s, c]])


def _angle(spec):
    """θ, or the angle from direction u to direction v in {u, v}; None if neither."""
    theta = number(spec)
    if theta is not None:
        return theta
    if is_list(spec) and len(spec.args) == 2:
        u, v = point(spec.args[0]), point(spec.args[1])
        if u is not None and v is not None and any(u) and any(v):
            return math.atan2(v[1], v[0]) - math.atan2(u[1], u[0])
    return None


def _optional_point(args, k):
    """args[k] as a point (None when absent); False when it is there but not a point."""
    if len(args) <= k:
        return None
    p = point(args[k])
    return p if p is not None else False


def _matrix_map(spec):
    """One GeometricTransformation spec as (m, b), or None."""
    m = numeric_array(spec)
    if m is not None and m.shape == (2, 2):
        return m.astype(float), np.zeros(2)
    if type(spec) is Expr and spec.head is Symbol("TransformationFunction") and spec.args:
        h = numeric_array(spec.args[0])
        if h is not None and h.shape == (3, 3) and np.allclose(h[2], [0, 0, 1]):
            return h[:2, :2].astype(float), h[:2, 2].astype(float)
        return None
    if is_list(spec) and len(spec.args) == 2:
        m, v = numeric_array(spec.args[0]), point(spec.args[1])
        if m is not None and m.shape == (2, 2) and v is not None:
            return m.astype(float), np.asarray(v, float)
    return None


def affine_maps(head: str, args, bounds) -> list | None:
    """The (m, b) pairs of ``head[g, args…]`` (one per copy drawn), or None when the
    arguments are not a transformation of that kind."""
    if head == "Rotate" and len(args) in (1, 2):
        theta, centre = _angle(args[0]), _optional_point(args, 1)
        if theta is None or centre is False:
            return None
        return [_about(_rotation(theta), _centre(bounds, centre))]
    if head == "Scale" and len(args) in (1, 2):
        s = number(args[0])
        factors = (s, s) if s is not None else point(args[0])
        centre = _optional_point(args, 1)
        if factors is None or centre is False:
            return None
        return [_about(np.diag(np.asarray(factors, float)), _centre(bounds, centre))]
    if head == "Translate" and len(args) == 1:
        one = point(args[0])
        many = numeric_array(args[0]) if one is None else np.array([one])
        if many is None or many.ndim != 2 or many.shape[1] != 2:
            return None
        return [(np.eye(2), v.astype(float)) for v in many]
    if head == "GeometricTransformation" and len(args) == 1:
        single = _matrix_map(args[0])
        if single is not None:
            return [single]
        if is_list(args[0]) and args[0].args:
            maps = [_matrix_map(a) for a in args[0].args]
            return None if any(m is None for m in maps) else maps
    return None


# ---------------------------------------------------------------------------- the items

def _apply(m, b, pts) -> np.ndarray:
    return np.asarray(pts, float).reshape(-1, 2) @ m.T + b


def _axis_aligned(m) -> bool:
    return abs(m[0, 1]) < 1e-12 and abs(m[1, 0]) < 1e-12


def _similarity_scale(m) -> float | None:
    """s when m is s times a rotation (a round disk stays round), else None."""
    a, b, c, d = m[0, 0], m[0, 1], m[1, 0], m[1, 1]
    if abs(a - d) < 1e-12 and abs(b + c) < 1e-12:
        return math.hypot(a, c)
    return None


def _outline(cx, cy, rx, ry, angles, closed_sector: bool) -> np.ndarray:
    lo, hi = angles if angles is not None else (0.0, 2 * math.pi)
    t = np.linspace(lo, hi, _OUTLINE_POINTS)
    pts = np.column_stack([cx + rx * np.cos(t), cy + ry * np.sin(t)])
    if angles is not None and closed_sector:             # a sector: back to the centre
        pts = np.vstack([[cx, cy], pts])
    return pts


def _round(item, m, b):
    cx, cy, rx, ry, angles = item.data
    centre = _apply(m, b, [(cx, cy)])[0]
    s = _similarity_scale(m)
    if angles is None and rx == ry and s is not None:
        r = rx * s
        return item.kind, (centre[0], centre[1], r, r, None)
    if angles is None and _axis_aligned(m):
        rx2, ry2 = rx * abs(m[0, 0]), ry * abs(m[1, 1])
        return item.kind, (centre[0], centre[1], rx2, ry2, None)
    pts = _apply(m, b, _outline(cx, cy, rx, ry, angles, item.kind == "disk"))
    return ("polygon" if item.kind == "disk" else "line"), pts


def _coords(kind, data):
    """The coordinates an item spans (for the plot range)."""
    if kind in ("line", "points", "polygon", "arrow"):
        return data
    if kind == "rectangle":
        return [data[:2], data[2:]]
    if kind in ("disk", "circle"):
        cx, cy, rx, ry, _ = data
        return [(cx - rx, cy - ry), (cx + rx, cy + ry)]
    if kind == "text":
        return [data[1]]
    if kind == "raster":
        return list(data[1])
    return [data[1]]                                         # inset


def transform_item(item, m, b):
    """``item`` under p -> m . p + b: (kind, data, coordinates)."""
    kind, data = item.kind, item.data
    if kind in ("line", "points", "polygon", "arrow"):
        new_kind, new = kind, _apply(m, b, data)
    elif kind == "rectangle":
        x0, y0, x1, y1 = data
        corners = _apply(m, b, [(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
        if _axis_aligned(m):
            lo, hi = corners.min(axis=0), corners.max(axis=0)
            new_kind, new = kind, (lo[0], lo[1], hi[0], hi[1])
        else:
            new_kind, new = "polygon", corners
    elif kind in ("disk", "circle"):
        new_kind, new = _round(item, m, b)
    elif kind == "text":
        content, pos, offset = data
        new_kind, new = kind, (content, tuple(_apply(m, b, [pos])[0]), offset)
    elif kind == "raster":
        pixels, extent = data
        corners = _apply(m, b, extent)
        new_kind, new = kind, (pixels, (tuple(corners.min(axis=0)), tuple(corners.max(axis=0))))
    else:                                                    # inset: moved, not turned
        content, pos, width = data
        new_kind, new = kind, (content, tuple(_apply(m, b, [pos])[0]), width)
    return new_kind, new, _coords(new_kind, new)
