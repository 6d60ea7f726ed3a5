"""Plots of vector fields of two variables: ``VectorPlot`` draws an arrow per grid point,
``StreamPlot`` draws streamlines (each an ``Arrow`` along the line it traces).

The field ``{vx, vy}`` is sampled on a grid (``PlotPoints``, 15 by default: a field given by
a net, as in the Wolfram manifold-autoencoder example, is evaluated once per point), then
interpolated bilinearly. Streamlines are traced as matplotlib's streamplot traces them: from
seed points spread over the domain, forwards and backwards by second-order Runge-Kutta
steps, stopping at the boundary, where the field vanishes, or on entering a cell of a
coarse occupancy grid that another line already crosses (so lines stay apart).
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import TRUE, Expr, Integer, S, Symbol, from_python
from wlnet.core.registry import builtin
from wlnet.graphics.plots.common import (dataset_style, graphics_result, integer, read_call,
                                         rule)
from wlnet.graphics.plots.functions import RANGE_MESSAGES, read_range
from wlnet.graphics.plots.sampling import evaluator_at

FIELD_MESSAGES = {**RANGE_MESSAGES,
                  "optx": "Unknown option `1` in `2`.",
                  "vfld": "`1` is not a field of two components {vx, vy} giving real numbers "
                          "over the plot range."}
DENSITY = 24                   # occupancy cells per side: how close streamlines may come
STEP = 0.2                     # an integration step, in occupancy cells
MAX_STEPS = 400


def _sample_field(ev, head, f, xspec, yspec, call):
    """(xs, ys, u, v): the field's components on the grid (u[j, i] at (xs[i], ys[j])), or
    None after a message."""
    xr = read_range(ev, head, xspec)
    yr = read_range(ev, head, yspec) if xr is not None else None
    if yr is None:
        return None
    at = evaluator_at(ev, f, [xr[0], yr[0]])
    points = max(3, min(integer(call.get("PlotPoints"), 15), 60))
    xs = np.linspace(xr[1], xr[2], points)
    ys = np.linspace(yr[1], yr[2], points)
    u = np.full((points, points), np.nan)
    v = np.full((points, points), np.nan)
    for j, y in enumerate(ys):
        for i, x in enumerate(xs):
            value = at(x, y)
            if value is not None and len(value) == 2:
                u[j, i], v[j, i] = value
    if not np.isfinite(u).any():
        ev.message(head, "vfld", f)
        return None
    return xs, ys, np.nan_to_num(u), np.nan_to_num(v)


def _frame_defaults(xs, ys) -> list:
    return [rule("Frame", TRUE), rule("AspectRatio", Integer(1)),
            rule("PlotRange", from_python([[xs[0], xs[-1]], [ys[0], ys[-1]]]))]


# ---------------------------------------------------------------------------- VectorPlot

@builtin("VectorPlot", attributes=("HoldAll", "Protected"), argc=(3, None),
         usage="VectorPlot[{vx, vy}, {x, xmin, xmax}, {y, ymin, ymax}] draws the vector "
               "field as arrows on a grid (their lengths scaled to the grid spacing).",
         messages=FIELD_MESSAGES)
def vector_plot(ev, f, xspec, yspec, *rest):
    head = Symbol("VectorPlot")
    call = read_call(ev, head, (f, xspec, yspec, *rest))
    sampled = _sample_field(ev, head, f, xspec, yspec, call) if call is not None else None
    if sampled is None:
        return None
    xs, ys, u, v = sampled
    speed = np.hypot(u, v)
    spacing = min(xs[1] - xs[0], ys[1] - ys[0])
    scale = 0.8 * spacing / speed.max() if speed.max() > 0 else 0.0
    arrows = []
    for j, y in enumerate(ys):
        for i, x in enumerate(xs):
            if speed[j, i] > 0:
                dx, dy = scale * u[j, i] / 2, scale * v[j, i] / 2
                arrows.append(Expr(S.Arrow, from_python([[x - dx, y - dy], [x + dx, y + dy]])))
    group = Expr(S.List, dataset_style(call, 0, thickness=None), *arrows)
    return graphics_result(call, [group], _frame_defaults(xs, ys))


# ---------------------------------------------------------------------------- StreamPlot

class _Field:
    """The sampled field, interpolated bilinearly in grid coordinates (0..n-1 per axis)."""

    def __init__(self, u, v):
        self.u, self.v = u, v
        self.ny, self.nx = u.shape

    def inside(self, gx, gy) -> bool:
        return 0 <= gx <= self.nx - 1 and 0 <= gy <= self.ny - 1

    def at(self, gx, gy):
        i, j = min(int(gx), self.nx - 2), min(int(gy), self.ny - 2)
        fx, fy = gx - i, gy - j

        def interp(a):
            return ((a[j, i] * (1 - fx) + a[j, i + 1] * fx) * (1 - fy)
                    + (a[j + 1, i] * (1 - fx) + a[j + 1, i + 1] * fx) * fy)
        return interp(self.u), interp(self.v)


def _trace(field, mask, start, direction: float) -> list:
    """Grid points of a streamline from ``start`` following the field (direction 1) or
    against it (-1); the cells it enters are marked in ``mask``."""
    scale = (field.nx - 1) / DENSITY, (field.ny - 1) / DENSITY
    step = STEP * min(scale)
    points, cells = [start], {_cell(start, scale)}
    gx, gy = start
    for _ in range(MAX_STEPS):
        k1 = _unit(field.at(gx, gy))
        if k1 is None:
            break
        mx, my = gx + direction * step * k1[0] / 2, gy + direction * step * k1[1] / 2
        if not field.inside(mx, my):
            break
        k2 = _unit(field.at(mx, my))
        if k2 is None:
            break
        gx, gy = gx + direction * step * k2[0], gy + direction * step * k2[1]
        if not field.inside(gx, gy):
            break
        cell = _cell((gx, gy), scale)
        if cell not in cells:
            if mask[cell[1], cell[0]]:
                break                          # another streamline passes here
            cells.add(cell)
        points.append((gx, gy))
    for cx, cy in cells:
        mask[cy, cx] = True
    return points


def _cell(point, scale):
    """The occupancy cell (column, row) nearest a point in grid coordinates."""
    return int(point[0] / scale[0] + 0.5), int(point[1] / scale[1] + 0.5)


def _unit(vector):
    norm = float(np.hypot(*vector))
    return None if norm < 1e-12 or not np.isfinite(norm) else (vector[0] / norm,
                                                               vector[1] / norm)


def streamlines(u, v, min_points: int = 4) -> list[np.ndarray]:
    """Streamlines of the field sampled as u, v (u[j, i] at grid point (i, j)), as arrays
    of grid coordinates (x, y) in the field's direction."""
    field = _Field(u, v)
    mask = np.zeros((DENSITY + 1, DENSITY + 1), dtype=bool)
    lines = []
    seeds = [(i, j) for j in range(0, DENSITY + 1, 2) for i in range(0, DENSITY + 1, 2)]
    for i, j in seeds:
        if mask[j, i]:
            continue
        start = (i * (field.nx - 1) / DENSITY, j * (field.ny - 1) / DENSITY)
        backward = _trace(field, mask, start, -1.0)
        forward = _trace(field, mask, start, 1.0)
        line = backward[::-1] + forward[1:]
        if len(line) >= min_points:
            lines.append(np.array(line))
    return lines


@builtin("StreamPlot", attributes=("HoldAll", "Protected"), argc=(3, None),
         usage="StreamPlot[{vx, vy}, {x, xmin, xmax}, {y, ymin, ymax}] draws streamlines of "
               "the vector field, arrows showing its direction.",
         messages=FIELD_MESSAGES)
def stream_plot(ev, f, xspec, yspec, *rest):
    head = Symbol("StreamPlot")
    call = read_call(ev, head, (f, xspec, yspec, *rest))
    sampled = _sample_field(ev, head, f, xspec, yspec, call) if call is not None else None
    if sampled is None:
        return None
    xs, ys, u, v = sampled
    to_x = (xs[-1] - xs[0]) / (len(xs) - 1)
    to_y = (ys[-1] - ys[0]) / (len(ys) - 1)
    arrows = [Expr(S.Arrow, from_python(np.round(
        np.column_stack([xs[0] + line[:, 0] * to_x, ys[0] + line[:, 1] * to_y]), 6)))
        for line in streamlines(u, v)]
    group = Expr(S.List, dataset_style(call, 0, thickness=None), *arrows)
    return graphics_result(call, [group], _frame_defaults(xs, ys))


