"""Plot3D and ListPlot3D: surfaces as ``Graphics3D[GraphicsComplex[points, Polygon[faces],
VertexColors -> colours], options…]``, the shape the Wolfram Language gives them, drawn on
matplotlib's 3-D axes (``wlnet.graphics.render3d``).

Plot3D is HoldAll: the function is evaluated at numeric points of a grid (``PlotPoints``,
25 by default), a point where it is not a real number leaves a hole.  ListPlot3D takes a
matrix of heights (row 1 at y = 1; ``DataRange`` rescales) or a list of ``{x, y, z}`` points
(triangulated).  The surface is coloured by height (``ColorFunction``: a gradient name);
Mesh, MeshFunctions and MeshStyle draw mesh lines of their own (surface_mesh.py).
Options for the picture (PlotRange, AxesLabel, PlotLabel, ImageSize, ViewPoint, BoxRatios,
Axes, Boxed) are passed on to Graphics3D; an unknown option is ``f::optx`` and ignored.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol, from_python
from wlnet.core.registry import builtin, declare
from wlnet.graphics import MESSAGES
from wlnet.graphics.plots.colours import colour_result, colour_scheme, gradient_colours
from wlnet.graphics.plots.common import (PlotCall, bar_legend, dataset_style,
                                         legend_label_list, legend_labels)
from wlnet.graphics.plots.functions import RANGE_MESSAGES, read_range
from wlnet.graphics.plots.sampling import evaluator_at, grid_sample, region_mask
from wlnet.graphics.plots.surface_mesh import explicit_mesh, mesh_complexes
from wlnet.graphics.style import colour_of
from wlnet.graphics.values import is_list, number, numeric_array

GRAPHICS3D_OPTIONS = ("PlotRange", "AxesLabel", "PlotLabel", "ImageSize", "ViewPoint",
                      "BoxRatios", "Axes", "Boxed", "Ticks", "AspectRatio", "Background",
                      "Lighting", "LabelStyle", "TicksStyle", "BoxStyle", "FaceGrids")
# (PlotTheme: its palette colours point sets; a surface keeps its height colours)
_OWN_OPTIONS = ("PlotPoints", "ColorFunction", "MaxRecursion", "Mesh", "DataRange",
                "PlotStyle", "Filling", "PlotLegends", "PlotTheme", "RegionFunction",
                "ColorFunctionScaling", "InterpolationOrder", "MeshFunctions", "MeshStyle",
                "FillingStyle",
                # accepted at the settings the drawing has: no exclusions sought, parts
                # out of PlotRange clipped
                "Exclusions", "ClippingStyle")
SURFACE_MESSAGES = {
    **RANGE_MESSAGES,
    "optx": "Unknown option `1` in `2`.",
    "cfun": "`1` is not a known ColorFunction (Automatic, a gradient name such as "
            "\"Rainbow\", or a function giving a colour).",
    "arrayerr": "`1` must be a matrix of real numbers or a list of {x, y, z} points.",
    "intord": "The InterpolationOrder `1` is not a non-negative integer.",
    "mesh": "`1` is not a valid Mesh setting of a surface: None, All, Automatic, n, or one "
            "count or list of levels per mesh function.",
}
_MAX_POINTS = 200

declare("Graphics3D", attributes=("Protected", "ReadProtected"),
        usage="Graphics3D[primitives, options] is a three-dimensional picture: Point, Line, "
              "Polygon, GraphicsComplex and the solids Sphere, Cuboid, Cylinder and Cone, "
              "with options such as PlotRange, AxesLabel, "
              "ViewPoint and BoxRatios.",
        messages={tag: text for (sym, tag), text in MESSAGES.items() if sym == "Graphics3D"})
declare("GraphicsComplex", attributes=("Protected",),
        usage="GraphicsComplex[points, primitives] stands for primitives whose coordinates "
              "are indices into points (VertexColors -> colours colours them).")


def split_options(ev, head, args, extra=()):
    """(positional arguments, own options by name, Graphics3D rules); ``extra`` names
    options of the caller's own besides the surfaces' ones; an unknown option gives
    ``head::optx`` and is dropped."""
    end = len(args)
    while end > 0 and type(args[end - 1]) is Expr and args[end - 1].head in (S.Rule,
                                                                             S.RuleDelayed):
        end -= 1
    own, passed = {}, []
    for r in args[end:]:
        name = r.args[0].name if type(r.args[0]) is Symbol else getattr(r.args[0], "value", None)
        if name in _OWN_OPTIONS or name in extra:
            own[name] = r.args[1]
        elif name in GRAPHICS3D_OPTIONS:
            passed.append(Expr(S.Rule, Symbol(name), r.args[1]))
        else:
            ev.message(head, "optx", r, Expr.from_args(head, args))
    # a 3-D plot shows its axes (Options[Plot3D, Axes] is True); Graphics3D's own default
    # is none
    if not any(r.args[0] == Symbol("Axes") for r in passed):
        passed.append(Expr(S.Rule, Symbol("Axes"), Symbol("True")))
    return args[:end], own, passed


class PointColouring:
    """A ColorFunction of a surface's points: f[x, y, z], each scaled to 0..1 (as WL's
    Plot3D calls it: ColorData["TemperatureMap"][#3] & colours by height), or as they are
    with ColorFunctionScaling -> False (``scaled``)."""

    def __init__(self, ev, f, scaled: bool = True):
        self.ev, self.f, self.scaled = ev, f, scaled

    def __call__(self, scaled_points: np.ndarray) -> np.ndarray:
        return np.array([colour_result(self.ev.evaluate(Expr(self.f, *map(Real, p))))
                         for p in scaled_points.tolist()]).reshape(-1, 3)


def _colour_scheme(ev, head, own):
    spec = own.get("ColorFunction")
    scaled = own.get("ColorFunctionScaling") is not Symbol("False")
    scheme = colour_scheme(spec)                # names and ColorData[…]
    if scheme is None and (type(spec) is Symbol or type(spec) is Expr):
        return PointColouring(ev, spec, scaled)
    if scheme is None:
        ev.message(head, "cfun", own.get("ColorFunction"))
        return "Automatic"
    if not scaled and scheme != "Automatic":    # the gradient of the heights as they are
        gradient = Expr(Expr(Symbol("ColorData"), String(scheme)),
                        Expr(Symbol("Slot"), Integer(3)))
        return PointColouring(ev, Expr(S.Function, gradient), scaled=False)
    return scheme


def surface(points: np.ndarray, faces: np.ndarray, scheme: str, rules: list) -> Expr:
    """``Graphics3D[GraphicsComplex[points, Polygon[faces], VertexColors -> …], rules…]``;
    ``faces`` are 1-based vertex indices; points whose height is not finite are dropped
    with the faces that use them (a hole)."""
    return Expr(S.Graphics3D, surface_complex(points, faces, scheme), *rules,
                *_PLOT_BOX[:not _sets_box(rules)])


def surface_complex(points: np.ndarray, faces: np.ndarray, scheme) -> Expr:
    """The GraphicsComplex of a surface (see surface); ``scheme`` None: no VertexColors,
    the surface takes the colour of the style before it."""
    z = points[:, 2]
    finite = np.isfinite(z)
    keep = finite[faces - 1].all(axis=1)
    faces = faces[keep]
    new_index = np.cumsum(finite)                    # old 1-based index -> new one
    faces = new_index[faces - 1]
    points = points[finite]
    polygons = Expr(S.Polygon, from_python(faces.astype(np.int64)))
    if scheme is None:
        return Expr(S.GraphicsComplex, from_python(np.round(points, 12)), polygons)
    if isinstance(scheme, PointColouring):
        colours = np.round(scheme(_scaled_columns(points) if scheme.scaled else points), 6)
    else:
        colours = np.round(gradient_colours(_scaled_columns(points)[:, 2], scheme), 6)
    return Expr(S.GraphicsComplex, from_python(np.round(points, 12)), polygons,
                Expr(S.Rule, Symbol("VertexColors"),
                     Expr.from_args(S.List, (Expr(S.RGBColor, *map(from_python, c))
                                             for c in colours.tolist()))))


# Options[Plot3D, BoxRatios] (and its relatives'): a box flatter than the data
_PLOT_BOX = (Expr(S.Rule, Symbol("BoxRatios"), from_python([1, 1, 0.4])),)


def plot_points(own: dict, default: int) -> int:
    """PlotPoints of a 3-D plot: the number given, kept between 2 and the most a side."""
    value = number(own.get("PlotPoints")) if own.get("PlotPoints") is not None else None
    return int(min(max(value, 2), _MAX_POINTS)) if value is not None else default


def _sets_box(rules) -> bool:
    return any(type(r) is Expr and r.args and r.args[0] == Symbol("BoxRatios") for r in rules)


def _scaled_columns(points: np.ndarray) -> np.ndarray:
    """x, y and z each scaled to 0..1 over the surface (a flat one to 1/2)."""
    if not len(points):
        return points
    lo, hi = points.min(axis=0), points.max(axis=0)
    span = np.where(hi > lo, hi - lo, 1.0)
    return np.where(hi > lo, (points - lo) / span, 0.5)


def _grid_faces(rows: int, cols: int) -> np.ndarray:
    """Quadrilaterals of a rows x cols grid of points numbered row by row from 1."""
    r, c = np.meshgrid(np.arange(rows - 1), np.arange(cols - 1), indexing="ij")
    first = (r * cols + c + 1).ravel()
    return np.stack([first, first + 1, first + cols + 1, first + cols], axis=1)


def grid_surface(xs, ys, z, scheme, rules) -> Expr:
    """z[j, i] the height over (xs[i], ys[j])."""
    gx, gy = np.meshgrid(xs, ys)
    points = np.stack([gx.ravel(), gy.ravel(), np.asarray(z, float).ravel()], axis=1)
    return surface(points, _grid_faces(len(ys), len(xs)), scheme, rules)


def empty_box(x_range, y_range, rules) -> Expr:
    """A function that is nowhere a real number (or only at grid points no face joins)
    draws nothing: the empty box over the plotted rectangle (heights -1..1), as the
    Wolfram Language shows it."""
    own_range = any(type(r) is Expr and r.args and r.args[0] == Symbol("PlotRange")
                    for r in rules)
    box_range = () if own_range else (Expr(S.Rule, Symbol("PlotRange"), from_python(
        [[float(v) for v in x_range], [float(v) for v in y_range], [-1.0, 1.0]])),)
    return Expr(S.Graphics3D, Expr(S.List), *rules, *box_range,
                *_PLOT_BOX[:not _sets_box(rules)])


def with_height_legend(g: Expr, own: dict, scheme) -> Expr:
    """``Legended[g, BarLegend[…]]`` of the heights' colours when PlotLegends asks for it
    (a ColorFunction of x, y and z has no one scale to show)."""
    if isinstance(scheme, PointColouring) or g.head is not S.Graphics3D:
        return g
    heights = numeric_array(g.args[0].args[0])[:, 2]
    lo, hi = float(heights.min()), float(heights.max())
    call = PlotCall((), {"PlotLegends": own.get("PlotLegends")})
    legend = bar_legend(call, lambda v: gradient_colours(
        (np.asarray(v) - lo) / (hi - lo) if hi > lo else np.full(len(v), 0.5), scheme), lo, hi)
    if legend is None:
        return g
    return Expr(Symbol("Legended"), g, Expr(Symbol("Placed"), legend, Symbol("After")))


@builtin("Plot3D", attributes=("HoldAll", "Protected"), argc=(3, None),
         usage="Plot3D[f, {x, xmin, xmax}, {y, ymin, ymax}] draws the surface z = f over "
               "the rectangle.", messages=SURFACE_MESSAGES)
def plot3d(ev, f, xspec, yspec, *rest):
    head = Symbol("Plot3D")
    _, own, rules = split_options(ev, head, (f, xspec, yspec, *rest))
    xr = read_range(ev, head, xspec)
    yr = read_range(ev, head, yspec) if xr is not None else None
    if yr is None:
        return None
    points = plot_points(own, 25)
    at = evaluator_at(ev, f, [xr[0], yr[0]])
    if is_list(f) and len(f.args) > 1:
        return _surfaces(ev, own, rules, at, list(f.args), xr, yr, points)
    xs, ys, z = grid_sample(at, xr[1:], yr[1:], points)
    z = _in_region(ev, own, xs, ys, z)
    if not np.isfinite(np.asarray(z, float)).any():
        return empty_box(xr[1:], yr[1:], rules)
    scheme = _colour_scheme(ev, head, own)
    mesh = _mesh(ev, head, own, xs, ys, z)
    mesh = (mesh or []) + _filling(ev, head, own, xs, ys, z)
    g = grid_surface(xs, ys, z, scheme, rules)
    if not g.args[0].args[1].args[0].args:        # real only at points apart: no face
        return empty_box(xr[1:], yr[1:], rules)
    return _finished(g, own, scheme, mesh)


def _finished(g: Expr, own: dict, scheme, mesh: list | None = None) -> Expr:
    """A surface with its height legend (PlotLegends) and under its PlotStyle and Mesh
    (``mesh``: its mesh lines' complexes, when it has lines of its own)."""
    legended = with_height_legend(g, own, scheme)
    if legended.head is S.Graphics3D:
        return _styled(legended, own, mesh)
    return Expr(legended.head, _styled(legended.args[0], own, mesh), *legended.args[1:])


def _styled(g: Expr, own: dict, mesh: list | None = None) -> Expr:
    """A surface under its PlotStyle and Mesh: ``{style, complex}``, the complex without
    its height colours when the style gives a colour (PlotStyle -> Orange) and with them
    when it does not (PlotStyle -> Opacity[0.5]; ColorFunction's colours are kept), and
    EdgeForm[None] for Mesh -> None or a mesh of its own (otherwise the faces' edges are
    the drawn mesh); the mesh lines' complexes follow."""
    spec = own.get("PlotStyle")
    directives = [] if spec is None or spec is S.Automatic or is_list(spec) else [spec]
    if own.get("Mesh") is Symbol("None") or explicit_mesh(own):
        directives.append(Expr(S.EdgeForm, Symbol("None")))
    if not directives and not mesh:
        return g
    complex_ = g.args[0]
    parts = spec.args if type(spec) is Expr and spec.head is S.Directive else (spec,)
    if directives and directives[0] is spec and "ColorFunction" not in own and \
            any(colour_of(p) is not None for p in parts):
        complex_ = Expr(complex_.head, *complex_.args[:2])           # no VertexColors
    styled = Expr(S.List, *directives, complex_) if directives else complex_
    content = Expr(S.List, styled, *mesh) if mesh else styled
    return Expr(g.head, content, *g.args[1:])


def _filling(ev, head, own: dict, xs, ys, z) -> list:
    """Filling of a surface over a grid: translucent walls down (or up) from its boundary
    to the filling level and the floor at that level over its cells, in the
    FillingStyle (Opacity[0.5] of the default surface colour); [] for none."""
    z = np.asarray(z, float)
    finite = np.isfinite(z)
    if not finite.any():
        return []
    gx, gy = np.meshgrid(np.asarray(xs, float), np.asarray(ys, float))
    top = np.column_stack([gx.ravel(), gy.ravel(), np.where(finite, z, 0.0).ravel()])
    level = _filling_level(ev, head, own.get("Filling"), [top[finite.ravel()]])
    if level is None:
        return []
    cells = _grid_faces(*z.shape)
    cells = cells[finite.ravel()[cells - 1].all(axis=1)]
    n = len(top)
    floor = top.copy()
    floor[:, 2] = level
    # the boundary: the cells' sides that only one cell has
    sides = np.stack([cells, np.roll(cells, -1, axis=1)], axis=2).reshape(-1, 2)
    key = np.sort(sides, axis=1)
    _, first, counts = np.unique(key, axis=0, return_index=True, return_counts=True)
    outer = sides[first[counts == 1]]
    walls = np.column_stack([outer[:, 0], outer[:, 1], outer[:, 1] + n, outer[:, 0] + n])
    style = own.get("FillingStyle")
    style = Expr(S.Opacity, Real(0.5)) if style is None or style is S.Automatic else style
    return [Expr(S.GraphicsComplex, from_python(np.round(np.vstack([top, floor]), 12)),
                 Expr(S.List, style, Expr(S.EdgeForm, Symbol("None")),
                      Expr(S.Polygon, from_python(walls.astype(np.int64))),
                      Expr(S.Polygon, from_python((cells + n).astype(np.int64)))))]


def _mesh(ev, head, own: dict, xs, ys, z) -> list | None:
    """The surface's mesh lines (complexes) when the options ask for lines of their own;
    None otherwise (or after ``head::mesh`` for a setting not understood)."""
    if not explicit_mesh(own):
        return None
    lines = mesh_complexes(ev, own, xs, ys, z)
    if lines is None:
        ev.message(head, "mesh", own.get("Mesh"))
    return lines


def _in_region(ev, own: dict, xs, ys, z) -> np.ndarray:
    """The heights, not finite where RegionFunction[x, y, z] fails (a hole)."""
    gx, gy = np.meshgrid(xs, ys)
    z = np.asarray(z, float)
    inside = region_mask(ev, own.get("RegionFunction"), [gx, gy, z])
    return z if inside is None else np.where(inside, z, np.nan)


def _surfaces(ev, own: dict, rules: list, at, functions: list, xr, yr, points: int) -> Expr:
    """Plot3D[{f1, f2, …}, …]: a surface per function, each in its own colour (PlotStyle's,
    else the plot colours in turn), with a swatch legend when PlotLegends asks for one
    (Automatic: the functions)."""
    count = len(functions)
    xs, ys, z = grid_sample(at, xr[1:], yr[1:], points, width=count)
    call = PlotCall((), {k: own[k] for k in ("PlotStyle", "PlotTheme", "PlotLegends")
                         if k in own})
    gx, gy = np.meshgrid(xs, ys)
    faces = _grid_faces(len(ys), len(xs))
    groups = []
    no_edges = [Expr(S.EdgeForm, Symbol("None"))] \
        if own.get("Mesh") is Symbol("None") or explicit_mesh(own) else []
    for k in range(count):
        heights = _in_region(ev, own, xs, ys, z[..., k])
        if np.isfinite(heights).any():
            points_k = np.stack([gx.ravel(), gy.ravel(), heights.ravel()], axis=1)
            groups.append(Expr(S.List, dataset_style(call, k, None), *no_edges,
                               surface_complex(points_k, faces, None)))
            groups.extend(_mesh(ev, Symbol("Plot3D"), own, xs, ys, heights) or ())
            groups.extend(_filling(ev, Symbol("Plot3D"), own, xs, ys, heights))
    if not groups:
        return empty_box(xr[1:], yr[1:], rules)
    g = Expr(S.Graphics3D, Expr.from_args(S.List, groups), *rules,
             *_PLOT_BOX[:not _sets_box(rules)])
    labels = legend_labels(call, count, functions)
    if not labels:
        return g
    styles = [dataset_style(call, k, None) for k in range(len(labels))]
    box = Expr(Symbol("SwatchLegend"), Expr.from_args(S.List, styles), legend_label_list(labels))
    return Expr(Symbol("Legended"), g, Expr(Symbol("Placed"), box, Symbol("After")))


@builtin("ListPlot3D", argc=(1, None),
         usage="ListPlot3D[array] draws a surface with heights array (DataRange -> {{xmin, "
               "xmax}, {ymin, ymax}}); ListPlot3D[{{x, y, z}, …}] a surface through the "
               "points.", messages=SURFACE_MESSAGES)
def list_plot3d(ev, data, *rest):
    head = Symbol("ListPlot3D")
    _, own, rules = split_options(ev, head, (data, *rest))
    arr = numeric_array(data)
    scheme = _colour_scheme(ev, head, own)
    if arr is not None and arr.ndim == 2 and arr.shape[1] == 3 and arr.shape[0] >= 3 \
            and not _looks_like_heights(data, own):
        return _scattered_surface(ev, head, data, arr, scheme, rules)
    if arr is None or arr.ndim != 2 or min(arr.shape) < 2:
        ev.message(head, "arrayerr", data)
        return None
    rows, cols = arr.shape
    xs, ys = np.arange(1.0, cols + 1), np.arange(1.0, rows + 1)
    spec = numeric_array(own["DataRange"]) if "DataRange" in own else None
    if spec is not None and spec.shape == (2, 2):
        xs, ys = np.linspace(*spec[0], cols), np.linspace(*spec[1], rows)
    order = own.get("InterpolationOrder")
    order = number(order) if order is not None and order is not S.Automatic else 1
    if order is None or order < 0 or order != int(order):
        ev.message(head, "intord", own.get("InterpolationOrder"))
        return None
    extra = (_mesh(ev, head, own, xs, ys, arr) or []) + _filling(ev, head, own, xs, ys, arr)
    if order == 0:
        return _finished(surface(*_steps(xs, ys, arr), scheme, rules), own, scheme, extra)
    if order >= 2:
        xs, ys, arr = _spline_grid(xs, ys, arr, int(order))
    return _finished(grid_surface(xs, ys, arr, scheme, rules), own, scheme, extra)


def _steps(xs, ys, z):
    """(points, faces) of InterpolationOrder -> 0: a flat tile at each entry's height
    reaching halfway to its neighbours, and the upright faces between neighbouring tiles."""
    def bounds(v):
        mid = (v[1:] + v[:-1]) / 2
        return np.concatenate([[v[0]], mid]), np.concatenate([mid, [v[-1]]])
    (x0, x1), (y0, y1) = bounds(xs), bounds(ys)
    rows, cols = z.shape
    quads = []
    for j in range(rows):
        for i in range(cols):
            h = z[j, i]
            quads.append([(x0[i], y0[j], h), (x1[i], y0[j], h), (x1[i], y1[j], h),
                          (x0[i], y1[j], h)])
            if i + 1 < cols:                    # the wall to the right-hand neighbour
                quads.append([(x1[i], y0[j], h), (x1[i], y1[j], h),
                              (x1[i], y1[j], z[j, i + 1]), (x1[i], y0[j], z[j, i + 1])])
            if j + 1 < rows:                    # the wall to the next row
                quads.append([(x0[i], y1[j], h), (x1[i], y1[j], h),
                              (x1[i], y1[j], z[j + 1, i]), (x0[i], y1[j], z[j + 1, i])])
    points = np.array(quads, dtype=float).reshape(-1, 3)
    return points, np.arange(1, len(points) + 1).reshape(-1, 4)


def _spline_grid(xs, ys, z, order: int):
    """The heights on a grid four times as fine, by a spline of that degree through the
    entries (at most one less than the entries along a side)."""
    from scipy.interpolate import RectBivariateSpline
    kx, ky = min(order, len(xs) - 1, 5), min(order, len(ys) - 1, 5)
    spline = RectBivariateSpline(ys, xs, z, kx=ky, ky=kx)
    fine_x = np.linspace(xs[0], xs[-1], 4 * (len(xs) - 1) + 1)
    fine_y = np.linspace(ys[0], ys[-1], 4 * (len(ys) - 1) + 1)
    return fine_x, fine_y, spline(fine_y, fine_x)


def _looks_like_heights(data, own) -> bool:
    """A 3-column matrix is points {x, y, z}, unless DataRange says it is heights."""
    return "DataRange" in own


def _scattered_surface(ev, head, data, arr, scheme, rules):
    from scipy.spatial import Delaunay, QhullError
    try:
        triangles = Delaunay(arr[:, :2]).simplices
    except (QhullError, ValueError):         # all the points on one line
        ev.message(head, "arrayerr", data)
        return None
    return surface(arr.copy(), triangles.astype(np.int64) + 1, scheme, rules)


def _point_sets(data) -> list | None:
    """The {x, y, z} point sets of ListPointPlot3D: one list of points, a list of them, or
    a matrix of heights (the point {j, i, a[[i, j]]} for each entry)."""
    arr = numeric_array(data)
    if arr is not None and arr.ndim == 2 and arr.shape[1] == 3:
        return [arr]
    if arr is not None and arr.ndim == 3 and arr.shape[2] == 3:
        return list(arr)
    if arr is not None and arr.ndim == 2 and min(arr.shape) >= 1:
        rows, cols = np.indices(arr.shape)
        return [np.column_stack([cols.ravel() + 1.0, rows.ravel() + 1.0, arr.ravel()])]
    if type(data) is Expr and data.head is S.List and data.args:
        many = [numeric_array(a) for a in data.args]
        if all(m is not None and m.ndim == 2 and m.shape[1] == 3 for m in many):
            return many
    return None


def _filling_level(ev, head, spec, sets) -> float | None:
    """The height Filling draws stems down to: Bottom (the lowest point), Axis (0), a
    number; None for no filling."""
    if spec is None or spec in (S["None"], S["False"]):
        return None
    if spec == Symbol("Bottom"):
        return float(min(points[:, 2].min() for points in sets))
    if spec == Symbol("Axis"):
        return 0.0
    if spec == Symbol("Top"):
        return float(max(points[:, 2].max() for points in sets))
    level = number(spec)
    if level is None:
        ev.message(head, "optx", Expr(S.Rule, Symbol("Filling"), spec), head)
    return level


def _points3d(points: np.ndarray, scheme, sets: list) -> Expr:
    """``Point[points]``, with ColorFunction's colours (of x, y, z scaled over all the
    sets, a gradient by height) as VertexColors when one is given."""
    drawn = from_python(np.round(points, 12))
    if scheme is None or scheme == "Automatic":
        return Expr(S.Point, drawn)
    everything = np.concatenate(sets)
    lo, hi = everything.min(axis=0), everything.max(axis=0)
    span = np.where(hi > lo, hi - lo, 1.0)
    scaled = np.where(hi > lo, (points - lo) / span, 0.5)
    if isinstance(scheme, PointColouring):
        colours = scheme(scaled if scheme.scaled else points)
    else:
        colours = gradient_colours(scaled[:, 2], scheme)
    return Expr(S.Point, drawn, Expr(S.Rule, Symbol("VertexColors"), Expr.from_args(
        S.List, (Expr(S.RGBColor, *map(from_python, np.round(c, 6).tolist()))
                 for c in np.asarray(colours)[:, :3]))))


def _stems(points, floor) -> list:
    """A faint vertical line from each point down (or up) to the filling level."""
    if floor is None:
        return []
    bottoms = points.copy()
    bottoms[:, 2] = floor
    segments = np.stack([points, bottoms], axis=1)
    return [Expr(S.Opacity, Real(0.4)), Expr(S.Line, from_python(np.round(segments, 12)))]


@builtin("ListPointPlot3D", argc=(1, None),
         usage="ListPointPlot3D[{{x1, y1, z1}, …}] draws the points in three dimensions; a "
               "list of point sets draws each in its colour (PlotStyle); a matrix of heights "
               "draws a point over each entry; Filling -> Bottom (Axis, a height) draws a "
               "stem from each point down to it.",
         messages={**SURFACE_MESSAGES,
                   "arrayerr": "`1` must be a list of {x, y, z} points, a list of such lists "
                               "or a matrix of heights."},
         examples=(("Head[ListPointPlot3D[{{1, 2, 3}, {2, 3, 1}}]]", "Graphics3D"),))
def list_point_plot3d(ev, data, *rest):
    head = Symbol("ListPointPlot3D")
    _, own, rules = split_options(ev, head, (data, *rest))
    sets = _point_sets(data)
    if sets is None:
        ev.message(head, "arrayerr", data)
        return None
    call = PlotCall((), {k: own[k] for k in ("PlotStyle", "PlotLegends", "PlotTheme")
                         if k in own})
    floor = _filling_level(ev, head, own.get("Filling"), sets)
    styles = [dataset_style(call, k, None) for k in range(len(sets))]
    scheme = _colour_scheme(ev, head, own) if own.get("ColorFunction") not in \
        (None, S.Automatic) else None
    groups = [Expr(S.List, style, _points3d(points, scheme, sets), *_stems(points, floor))
              for style, points in zip(styles, sets)]
    g = Expr(S.Graphics3D, Expr.from_args(S.List, groups), *rules,
             *_PLOT_BOX[:not _sets_box(rules)])
    labels = legend_labels(call, len(sets))
    if not labels:
        return g
    box = Expr(Symbol("PointLegend"), Expr.from_args(S.List, styles[:len(labels)]),
               legend_label_list(labels))
    return Expr(Symbol("Legended"), g, Expr(Symbol("Placed"), box, Symbol("After")))
