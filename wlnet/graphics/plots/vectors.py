"""VectorPlot and StreamPlot: a field of vectors {vx, vy} over a rectangle;
ListVectorPlot: an array of vectors, or vectors at given points.

Both are HoldAll and sample the field on a grid (``VectorPoints`` / ``PlotPoints``: 15 by
default for arrows, 25 for the field StreamPlot integrates).  VectorPlot draws an
``Arrow`` centred on each grid point, all 0.9 of a cell long (``VectorScaling -> None``, the
default) or as long as their magnitude scaled by ``Automatic``/``"Linear"``, ``"Sqrt"`` or
``"Log"`` (the longest 0.9 of a cell), and coloured by its length (``VectorColorFunction``'s default gradient); StreamPlot draws
streamlines: from seeds spread over the rectangle, the field (interpolated bilinearly) is
followed both ways with second-order Runge–Kutta steps until a line leaves the rectangle,
stalls, or comes close to another line (an occupancy grid, as matplotlib's streamplot
does); each line is an ``Arrow`` in the direction of the flow.  Framed, as in the
Wolfram Language.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, S, Symbol, from_python
from wlnet.core.registry import builtin
from wlnet.graphics.plots.arrays import framed_defaults
from wlnet.graphics.plots.common import dataset_style, graphics_result, integer, read_call
from wlnet.graphics.plots.functions import RANGE_MESSAGES, read_range
from wlnet.graphics.plots.sampling import evaluator_at, grid_sample
from wlnet.graphics.style import rgb_expr
from wlnet.graphics.values import numeric_array

MESSAGES = {**RANGE_MESSAGES,
            "vfun": "`1` does not give a vector {vx, vy} of real numbers over the region.",
            "vscale": "`1` is not a VectorScaling: None, Automatic, \"Linear\", \"Sqrt\" or "
                      "\"Log\"; None is used."}
_GRADIENT = np.array([[0.25, 0.35, 0.65], [0.95, 0.55, 0.25]])     # short → long


def _field(ev, head, f, xspec, yspec, rest, default_points):
    """(call, xs, ys, u, v) of the field sampled on its grid, or None after a message."""
    call = read_call(ev, head, (f, xspec, yspec, *rest))
    xr = read_range(ev, head, xspec) if call is not None else None
    yr = read_range(ev, head, yspec) if xr is not None else None
    if yr is None:
        return None
    spec = call.get("VectorPoints") if "VectorPoints" in call.options else call.get("PlotPoints")
    points = min(max(integer(spec, default_points), 2), 100)
    at = evaluator_at(ev, f, [xr[0], yr[0]])
    xs, ys, z = grid_sample(at, xr[1:], yr[1:], points, width=2)
    if not np.isfinite(z).any():
        ev.message(head, "vfun", f)
        return None
    return call, xs, ys, z[..., 0], z[..., 1]


def _by_length(lengths: np.ndarray) -> np.ndarray:
    finite = lengths[np.isfinite(lengths)]
    top = finite.max() if finite.size else 1.0
    t = np.clip(lengths / top if top > 0 else np.zeros_like(lengths), 0, 1)[..., None]
    return (1 - t) * _GRADIENT[0] + t * _GRADIENT[1]


@builtin("VectorPlot", attributes=("HoldAll", "Protected"), argc=(3, None), messages=MESSAGES,
         usage="VectorPlot[{vx, vy}, {x, xmin, xmax}, {y, ymin, ymax}] draws the vector "
               "field as arrows on a grid (VectorPoints -> n of them a side), coloured by "
               "their length.",
         examples=(("Head[VectorPlot[{-y, x}, {x, -1, 1}, {y, -1, 1}]]", "Graphics"),))
def vector_plot(ev, f, xspec, yspec, *rest):
    sampled = _field(ev, Symbol("VectorPlot"), f, xspec, yspec, rest, 15)
    if sampled is None:
        return None
    call, xs, ys, u, v = sampled
    gx, gy = np.meshgrid(xs, ys)
    cell = min(xs[1] - xs[0], ys[1] - ys[0])
    scaling = vector_scaling(ev, Symbol("VectorPlot"), call)
    return graphics_result(call, [_arrows(gx.ravel(), gy.ravel(), u.ravel(), v.ravel(), cell,
                                          scaling)],
                           framed_defaults(xs, ys))


_SCALINGS = ("None", "Automatic", "Linear", "Sqrt", "Log")


def vector_scaling(ev, head, call) -> str:
    """The VectorScaling asked for, by name (None when not given or not understood)."""
    spec = call.get("VectorScaling")
    if spec is None:
        return "None"
    name = spec.name if type(spec) is Symbol else getattr(spec, "value", None)
    if name not in _SCALINGS or (type(spec) is Symbol) != (name in ("None", "Automatic")):
        ev.message(head, "vscale", spec)
        return "None"
    return name


def drawn_fractions(lengths: np.ndarray, scaling: str) -> np.ndarray:
    """Each arrow's length as a fraction of the longest drawn (for lengths > 0): 1 for
    all with None; the magnitude over the largest (Automatic, "Linear"), its square root,
    or log(1 + m/smallest) over that of the largest ("Log": magnitudes over many decades
    stay apart)."""
    top = lengths.max() if lengths.size else 0.0
    if scaling == "None" or top <= 0:
        return np.ones_like(lengths)
    if scaling == "Sqrt":
        return np.sqrt(lengths / top)
    if scaling == "Log":
        smallest = lengths.min()
        return np.log1p(lengths / smallest) / np.log1p(top / smallest)
    return lengths / top


def _arrows(x, y, u, v, cell: float, scaling: str = "None") -> Expr:
    """An arrow {u, v} centred on each point (x, y), its length ``drawn_fractions`` of
    0.9 of a cell, coloured by magnitude; points without a finite, non-zero vector get
    none."""
    lengths = np.hypot(u, v)
    colours = _by_length(lengths)
    drawn = np.flatnonzero(np.isfinite(lengths) & (lengths > 0))
    fractions = drawn_fractions(lengths[drawn], scaling)
    arrows = []
    for k, fraction in zip(drawn, fractions):
        scale = 0.9 * cell * fraction / lengths[k]
        dx, dy = u[k] * scale / 2, v[k] * scale / 2
        arrows.append(Expr(S.List, rgb_expr(tuple(colours[k])),
                           Expr(S.Arrow, from_python([[x[k] - dx, y[k] - dy],
                                                      [x[k] + dx, y[k] + dy]]))))
    return Expr.from_args(S.List, arrows)


def _vector_data(data, data_range):
    """(x, y, u, v, cell) of ListVectorPlot's data: a rows x columns array of vectors (row
    1 at y = 1, or over DataRange) or a list of {{x, y}, {vx, vy}}; None otherwise."""
    arr = numeric_array(data)
    if arr is None:
        return None
    # an n x 2 x 2 array is read as {{x, y}, {vx, vy}} pairs (the form programs give)
    if arr.ndim == 3 and arr.shape[1:] == (2, 2) and len(arr):
        points = arr[:, 0]
        gaps = np.linalg.norm(points[:, None] - points[None], axis=-1)
        gaps[gaps == 0] = np.inf
        cell = float(gaps.min()) if np.isfinite(gaps).any() else 1.0
        return points[:, 0], points[:, 1], arr[:, 1, 0], arr[:, 1, 1], cell
    if arr.ndim == 3 and arr.shape[2] == 2 and min(arr.shape[:2]) >= 1:
        rows, cols = arr.shape[:2]
        xs, ys = np.arange(1.0, cols + 1), np.arange(1.0, rows + 1)
        spec = numeric_array(data_range) if data_range is not None else None
        if spec is not None and spec.shape == (2, 2):
            xs, ys = np.linspace(*spec[0], cols), np.linspace(*spec[1], rows)
        gx, gy = np.meshgrid(xs, ys)
        steps = [np.diff(a).min() for a in (xs, ys) if len(a) > 1]
        return (gx.ravel(), gy.ravel(), arr[..., 0].ravel(), arr[..., 1].ravel(),
                min(steps) if steps else 1.0)
    return None


@builtin("ListVectorPlot", argc=(1, None), messages={**MESSAGES,
         "vdata": "`1` is not an array of vectors {vx, vy} or a list of {{x, y}, {vx, vy}}."},
         usage="ListVectorPlot[array] draws an arrow for each vector {vx, vy} of a rows x "
               "columns array (row 1 at the bottom; DataRange -> {{xmin, xmax}, {ymin, "
               "ymax}}); ListVectorPlot[{{{x, y}, {vx, vy}}, …}] at the points given.",
         examples=(("Head[ListVectorPlot[{{{1, 0}, {0, 1}}, {{-1, 0}, {0, -1}}}]]",
                    "Graphics"),))
def list_vector_plot(ev, data, *rest):
    head = Symbol("ListVectorPlot")
    call = read_call(ev, head, (data, *rest))
    if call is None:
        return None
    read = _vector_data(data, call.get("DataRange"))
    if read is None:
        ev.message(head, "vdata", data)
        return None
    x, y, u, v, cell = read
    pad = cell / 2
    xs = np.array([x.min() - pad, x.max() + pad])
    ys = np.array([y.min() - pad, y.max() + pad])
    scaling = vector_scaling(ev, head, call)
    return graphics_result(call, [_arrows(x, y, u, v, cell, scaling)], framed_defaults(xs, ys))


# ---------------------------------------------------------------------------- streamlines

class _Flow:
    """The field interpolated bilinearly, in grid coordinates (column, row)."""

    def __init__(self, u, v):
        self.u, self.v = np.nan_to_num(u), np.nan_to_num(v)
        self.rows, self.cols = u.shape
        speed = np.hypot(self.u, self.v)
        self.top = float(speed.max()) or 1.0

    def inside(self, p) -> bool:
        return 0 <= p[0] <= self.cols - 1 and 0 <= p[1] <= self.rows - 1

    def direction(self, p):
        """The unit direction of the flow at p (None where it stalls)."""
        c, r = min(int(p[0]), self.cols - 2), min(int(p[1]), self.rows - 2)
        fc, fr = p[0] - c, p[1] - r
        weights = np.array([(1 - fc) * (1 - fr), fc * (1 - fr), (1 - fc) * fr, fc * fr])
        ux = weights @ np.array([self.u[r, c], self.u[r, c + 1], self.u[r + 1, c],
                                 self.u[r + 1, c + 1]])
        uy = weights @ np.array([self.v[r, c], self.v[r, c + 1], self.v[r + 1, c],
                                 self.v[r + 1, c + 1]])
        norm = np.hypot(ux, uy)
        return None if norm < 1e-6 * self.top else np.array([ux, uy]) / norm


def _follow(flow: _Flow, start, sign: float, occupied, density: int, step: float = 0.2,
            max_steps: int = 600) -> list:
    """Points from ``start`` along (sign 1) or against (-1) the flow (grid coordinates),
    marking the cells of ``occupied`` the line passes through."""
    scale = np.array([(density - 1) / (flow.cols - 1), (density - 1) / (flow.rows - 1)])
    own = set()
    path, p = [], np.array(start, float)
    for _ in range(max_steps):
        cell = tuple(np.round(p * scale).astype(int))
        if occupied[cell[1], cell[0]] and cell not in own:
            break
        own.add(cell)
        path.append(p.copy())
        d1 = flow.direction(p)
        if d1 is None:
            break
        mid = p + sign * d1 * step / 2
        d2 = flow.direction(mid) if flow.inside(mid) else None
        if d2 is None:
            break
        p = p + sign * d2 * step
        if not flow.inside(p):
            break
    for c, r in own:
        occupied[r, c] = True
    return path


def streamlines(u, v, density: int = 20) -> list[np.ndarray]:
    """Streamlines of the field in grid coordinates, each in the direction of the flow."""
    flow = _Flow(u, v)
    occupied = np.zeros((density, density), dtype=bool)
    seeds = [(c * (flow.cols - 1) / (density - 1), r * (flow.rows - 1) / (density - 1))
             for r in range(1, density - 1, 2) for c in range(1, density - 1, 2)]
    lines = []
    for seed in seeds:
        scale = np.array([(density - 1) / (flow.cols - 1), (density - 1) / (flow.rows - 1)])
        cell = tuple(np.round(np.array(seed) * scale).astype(int))
        if occupied[cell[1], cell[0]]:
            continue
        backward = _follow(flow, seed, -1.0, occupied, density)
        occupied[cell[1], cell[0]] = False                 # the seed's own cell, again
        forward = _follow(flow, seed, 1.0, occupied, density)
        points = backward[::-1] + forward[1:]
        if len(points) >= 4:
            lines.append(np.array(points))
    return lines


@builtin("StreamPlot", attributes=("HoldAll", "Protected"), argc=(3, None), messages=MESSAGES,
         usage="StreamPlot[{vx, vy}, {x, xmin, xmax}, {y, ymin, ymax}] draws streamlines of "
               "the vector field, each with an arrow in the direction of the flow.",
         examples=(("Head[StreamPlot[{-y, x}, {x, -1, 1}, {y, -1, 1}]]", "Graphics"),))
def stream_plot(ev, f, xspec, yspec, *rest):
    sampled = _field(ev, Symbol("StreamPlot"), f, xspec, yspec, rest, 25)
    if sampled is None:
        return None
    call, xs, ys, u, v = sampled
    dx, dy = xs[1] - xs[0], ys[1] - ys[0]
    arrows = [Expr(S.Arrow, from_python(np.column_stack([xs[0] + line[:, 0] * dx,
                                                         ys[0] + line[:, 1] * dy])))
              for line in streamlines(u / dx, v / dy)]
    style = dataset_style(call, 0, 1.0)
    return graphics_result(call, [Expr(S.List, style, *arrows)], framed_defaults(xs, ys))
