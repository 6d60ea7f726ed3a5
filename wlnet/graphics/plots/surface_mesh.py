"""The mesh of a surface plot (Plot3D, ListPlot3D): ``Mesh`` and ``MeshFunctions``.

A mesh line is a level set over the surface of a mesh function f(x, y, z) (by default x
and y: lines of constant x and of constant y).  ``Mesh -> n`` draws n levels of each
function, equally spaced strictly inside the range the function takes over the surface;
``Mesh -> {s1, s2, …}`` one setting per function (a count, or a list of levels, each a
value or {value, style}); ``Mesh -> None`` (or 0) none.  Without Mesh (or with All) the
faces' own edges are the mesh, as before; MeshFunctions alone draws 15 levels of each.

The levels are traced on the plot's grid by marching squares (contourpy, matplotlib's
own) in the (x, y) plane and lifted onto the surface by bilinear interpolation of the
heights; the lines go into a ``GraphicsComplex[points, {MeshStyle, Line[…]}]`` beside the
surface's, so that the 3-D renderer sorts their segments with the faces."""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, Integer, S, Symbol, from_python
from wlnet.graphics.values import is_list, number

AUTOMATIC_LEVELS = 15
DEFAULT_MESH_STYLE = Expr(S.Directive, Expr(S.GrayLevel, Integer(0)),
                          Expr(S.Opacity, from_python(0.5)))
_X, _Y = (Expr(S.Function, Expr(S.Slot, Integer(i))) for i in (1, 2))


def _functions(own: dict) -> list | None:
    """The MeshFunctions (None: not given, the default x and y)."""
    spec = own.get("MeshFunctions")
    if spec is None or spec is S.Automatic:
        return None
    return list(spec.args) if is_list(spec) else [spec]


def explicit_mesh(own: dict) -> bool:
    """Whether the options ask for mesh lines of their own (the faces' edges then go)."""
    spec = own.get("Mesh")
    if spec is None or spec is S.Automatic:
        return _functions(own) is not None
    return spec is not S.All and spec is not Symbol("Full")


def _settings(spec, count: int):
    """Per mesh function: a number of levels, or a list of (level, style or None); None
    for a spec this module does not read."""
    if spec is None or spec is S.Automatic:
        return [AUTOMATIC_LEVELS] * count
    if type(spec) is Symbol and spec.name in ("None", "False"):
        return [0] * count
    if type(spec) is Integer and spec.value >= 0:
        return [spec.value] * count
    if not is_list(spec):
        return None
    items = list(spec.args)
    if len(items) != count:
        # one function and its levels written without the outer list: {v1, v2, …}
        if count == 1 and all(number(i) is not None or _styled_level(i) for i in items):
            items = [spec]
        else:
            return None
    out = []
    for item in items:
        if type(item) is Integer and item.value >= 0:
            out.append(item.value)
        elif item is S.Automatic:
            out.append(AUTOMATIC_LEVELS)
        elif type(item) is Symbol and item.name in ("None", "False"):
            out.append(0)
        elif is_list(item):
            levels = []
            for level in item.args:
                if number(level) is not None:
                    levels.append((float(number(level)), None))
                elif _styled_level(level):
                    levels.append((float(number(level.args[0])), level.args[1]))
                else:
                    return None
            out.append(levels)
        else:
            return None
    return out


def _styled_level(e) -> bool:
    return is_list(e) and len(e.args) == 2 and number(e.args[0]) is not None


def mesh_complexes(ev, own: dict, xs, ys, z) -> list | None:
    """The mesh lines of a surface with heights z[j, i] over (xs[i], ys[j]), as
    GraphicsComplex expressions (one per style); [] for none; None when Mesh is not a
    setting this module reads (the caller says so)."""
    from wlnet.graphics.plots.sampling import point_values
    functions = _functions(own) or [_X, _Y]
    settings = _settings(own.get("Mesh"), len(functions))
    if settings is None:
        return None
    z = np.asarray(z, float)
    gx, gy = np.meshgrid(np.asarray(xs, float), np.asarray(ys, float))
    style = own.get("MeshStyle")
    base_style = DEFAULT_MESH_STYLE if style is None or style is S.Automatic else style
    by_style: dict = {}
    for k, (f, setting) in enumerate(zip(functions, settings)):
        if setting == 0 or setting == []:
            continue
        values = point_values(ev, f, [gx, gy, z])
        values = np.where(np.isfinite(z), values, np.nan)
        if not np.isfinite(values).any():
            continue
        levels = _levels(values, setting)
        own_style = base_style.args[k % len(base_style.args)] \
            if is_list(base_style) else base_style
        for level, level_style in levels:
            lines = _level_lines(gx, gy, z, values, level)
            if lines:
                chosen = level_style if level_style is not None else own_style
                by_style.setdefault(chosen, []).extend(lines)
    return [_complex(lines, line_style) for line_style, lines in by_style.items()]


def _levels(values: np.ndarray, setting) -> list:
    """(level, style) pairs: n equally spaced inside the values' range, or those given."""
    if isinstance(setting, list):
        return setting
    lo, hi = float(np.nanmin(values)), float(np.nanmax(values))
    if hi <= lo:
        return []
    return [(lo + (hi - lo) * k / (setting + 1), None) for k in range(1, setting + 1)]


def _level_lines(gx, gy, z, values, level: float) -> list:
    """The polylines (each (m, 3)) where the mesh function takes ``level`` on the surface."""
    import contourpy
    generator = contourpy.contour_generator(gx, gy, np.ma.masked_invalid(values),
                                            line_type="Separate")
    lines = []
    for line in generator.lines(level):
        if len(line) < 2:
            continue
        heights = _bilinear(gx[0], gy[:, 0], z, line[:, 0], line[:, 1])
        points = np.column_stack([line, heights])
        lines.extend(_finite_runs(points))
    return lines


def _bilinear(xs, ys, z, px, py) -> np.ndarray:
    """Heights at (px, py) interpolated bilinearly in the grid's cell (NaN at a hole)."""
    i = np.clip(np.searchsorted(xs, px) - 1, 0, len(xs) - 2)
    j = np.clip(np.searchsorted(ys, py) - 1, 0, len(ys) - 2)
    tx = np.clip((px - xs[i]) / np.where(xs[i + 1] > xs[i], xs[i + 1] - xs[i], 1.0), 0, 1)
    ty = np.clip((py - ys[j]) / np.where(ys[j + 1] > ys[j], ys[j + 1] - ys[j], 1.0), 0, 1)
    return ((1 - tx) * (1 - ty) * z[j, i] + tx * (1 - ty) * z[j, i + 1]
            + (1 - tx) * ty * z[j + 1, i] + tx * ty * z[j + 1, i + 1])


def _finite_runs(points: np.ndarray) -> list:
    """The pieces of a polyline between its non-finite points, of two points or more."""
    finite = np.isfinite(points).all(axis=1)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], finite.astype(int), [0]])))
    return [points[a:b] for a, b in zip(edges[::2], edges[1::2]) if b - a >= 2]


def _complex(lines: list, style) -> Expr:
    """``GraphicsComplex[points, {style, Line[{indices…}, …]}]`` of polylines."""
    points = np.concatenate(lines)
    starts = np.cumsum([0] + [len(line) for line in lines[:-1]])
    indices = [list(range(s + 1, s + len(line) + 1)) for s, line in zip(starts, lines)]
    return Expr(S.GraphicsComplex, from_python(np.round(points, 12)),
                Expr(S.List, style, Expr(S.Line, from_python(indices))))
