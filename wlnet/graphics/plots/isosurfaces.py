"""ContourPlot3D: the surfaces where a function of x, y, z takes given values.

``ContourPlot3D[f, {x, …}, {y, …}, {z, …}]`` draws f == 0 (an equation ``lhs == rhs`` draws
lhs - rhs == 0); ``Contours -> n`` draws n levels spread over f's range, ``Contours ->
{c1, c2, …}`` those levels.  f is sampled on a PlotPoints^3 grid (20 by default; all at once
through numpy when SymPy can translate f) and each level's surface is found by marching
tetrahedra: every grid cube is cut into six tetrahedra around its main diagonal, and in
each the surface is the triangle or quadrilateral through the points where f crosses the
level on its edges (linearly interpolated).  Each level is a GraphicsComplex of triangles
in its own colour, see-through when there are several.

ListSurfacePlot3D: an array of points {{{x, y, z}, …}, …} spans its quadrilaterals; a
cloud {{x, y, z}, …} is reconstructed as Hoppe et al. do: a normal per point from its
neighbours (made to agree along a spanning tree), the signed distance to the nearest
point's tangent plane on a grid, and its zero set by marching tetrahedra, cut where no
point is near (so an open surface keeps its edges).
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, Real, S, Symbol, from_python
from wlnet.core.registry import builtin
from wlnet.graphics.plots.functions import read_range
from wlnet.graphics.plots.sampling import grid_values
from wlnet.graphics.plots.surfaces import SURFACE_MESSAGES, plot_points, split_options
from wlnet.graphics.style import DEFAULT_PLOT_COLOURS, rgb_expr
from wlnet.graphics.values import is_list, number, numeric_array

# the cube's corners (i, j, k offsets) and its six tetrahedra around the diagonal 0-6
_CORNERS = np.array([[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0],
                     [0, 0, 1], [1, 0, 1], [1, 1, 1], [0, 1, 1]])
_TETRAHEDRA = np.array([[0, 6, 1, 2], [0, 6, 2, 3], [0, 6, 3, 7],
                        [0, 6, 7, 4], [0, 6, 4, 5], [0, 6, 5, 1]])


def _edge_points(pa, pb, va, vb):
    """Where the level (0) crosses the edges from pa to pb (values va, vb of opposite
    signs), per row."""
    t = (va / (va - vb))[:, None]
    return pa + t * (pb - pa)


def marching_tetrahedra(values: np.ndarray, axes) -> np.ndarray:
    """Triangles (m x 3 x 3 coordinates) of the surface values == 0 on the grid the axes
    span (values[i, j, k] at (axes[0][i], axes[1][j], axes[2][k])); NaN cells are skipped."""
    shape = np.array(values.shape)
    cells = np.stack(np.meshgrid(*(np.arange(n - 1) for n in shape), indexing="ij"),
                     axis=-1).reshape(-1, 3)
    grids = [np.asarray(a, float) for a in axes]
    triangles = []
    for tet in _TETRAHEDRA:
        corners = cells[:, None, :] + _CORNERS[tet][None, :, :]          # cells x 4 x 3
        v = values[corners[..., 0], corners[..., 1], corners[..., 2]]     # cells x 4
        p = np.stack([grids[d][corners[..., d]] for d in range(3)], axis=-1)
        ok = np.isfinite(v).all(axis=1)
        inside = v > 0
        count = inside.sum(axis=1)
        for lone_side, wanted in ((True, 1), (False, 3)):    # one vertex apart from three
            rows = np.flatnonzero(ok & (count == wanted))
            if rows.size:
                triangles.append(_lone_vertex(p[rows], v[rows], inside[rows] == lone_side))
        rows = np.flatnonzero(ok & (count == 2))
        if rows.size:
            triangles.append(_two_and_two(p[rows], v[rows], inside[rows]))
    return np.concatenate(triangles) if triangles else np.empty((0, 3, 3))


def _lone_vertex(p, v, lone):
    """The triangle cutting the three edges from the vertex on its own side."""
    index = np.argmax(lone, axis=1)
    others = np.array([[b for b in range(4) if b != a] for a in range(4)])[index]
    rows = np.arange(len(p))
    pa, va = p[rows, index], v[rows, index]
    cuts = [_edge_points(pa, p[rows, others[:, m]], va, v[rows, others[:, m]])
            for m in range(3)]
    return np.stack(cuts, axis=1)


def _two_and_two(p, v, inside):
    """The quadrilateral (two triangles) cutting the four edges between two pairs."""
    order = np.argsort(~inside, axis=1, kind="stable")        # the two inside first
    rows = np.arange(len(p))
    a, b, c, d = (order[:, m] for m in range(4))

    def cut(i, j):
        return _edge_points(p[rows, i], p[rows, j], v[rows, i], v[rows, j])

    ac, ad, bd, bc = cut(a, c), cut(a, d), cut(b, d), cut(b, c)
    return np.concatenate([np.stack([ac, ad, bd], axis=1), np.stack([ac, bd, bc], axis=1)])


def _complex(triangles: np.ndarray, colour) -> Expr:
    """Triangles as GraphicsComplex[points, Polygon[faces]] with shared vertices merged."""
    flat = np.round(triangles.reshape(-1, 3), 10)
    points, index = np.unique(flat, axis=0, return_inverse=True)
    faces = index.reshape(-1, 3) + 1
    faces = faces[(faces[:, 0] != faces[:, 1]) & (faces[:, 1] != faces[:, 2])
                  & (faces[:, 0] != faces[:, 2])]                   # drop collapsed ones
    return Expr(S.List, colour, Expr(S.GraphicsComplex, from_python(points),
                                     Expr(S.Polygon, from_python(faces.astype(np.int64)))))


def _levels(spec, values: np.ndarray) -> list[float] | None:
    if spec is None or spec is S.Automatic:
        return [0.0]
    finite = values[np.isfinite(values)]
    count = number(spec)
    if count is not None and count >= 1 and count == int(count) and finite.size:
        lo, hi = float(finite.min()), float(finite.max())
        return list(np.linspace(lo, hi, int(count) + 2)[1:-1])
    levels = numeric_array(spec) if is_list(spec) else None
    return list(map(float, levels)) if levels is not None and levels.ndim == 1 else None


def _difference(f):
    """lhs == rhs as lhs - rhs; anything else as it is."""
    if type(f) is Expr and f.head is S.Equal and len(f.args) == 2:
        return Expr(S.Plus, f.args[0], Expr(S.Times, Real(-1.0), f.args[1]))
    return f


@builtin("ContourPlot3D", attributes=("HoldAll", "Protected"), argc=(4, None),
         messages={**SURFACE_MESSAGES,
                   "ctrs": "`1` is not a valid Contours setting: a number of levels or a "
                           "list of values."},
         usage="ContourPlot3D[f, {x, xmin, xmax}, {y, ymin, ymax}, {z, zmin, zmax}] draws the "
               "surface f == 0 (or lhs == rhs); Contours -> {c1, …} or n draws levels of f.")
def contour_plot3d(ev, f, xspec, yspec, zspec, *rest):
    head = Symbol("ContourPlot3D")
    _, own, rules = split_options(ev, head, (f, xspec, yspec, zspec, *rest),
                                  extra=("Contours", "ContourStyle"))
    ranges = []
    for spec in (xspec, yspec, zspec):
        found = read_range(ev, head, spec)
        if found is None:
            return None
        ranges.append(found)
    n = plot_points(own, 20)
    axes = [np.linspace(lo, hi, n) for _, lo, hi in ranges]
    values = grid_values(ev, _difference(f), [r[0] for r in ranges], axes)
    levels = _levels(own.get("Contours"), values)
    if levels is None:
        ev.message(head, "ctrs", own.get("Contours"))
        return None
    styles = own.get("ContourStyle")
    groups = []
    for k, level in enumerate(levels):
        triangles = marching_tetrahedra(values - level, axes)
        if not len(triangles):
            continue
        colour = rgb_expr(DEFAULT_PLOT_COLOURS[k % len(DEFAULT_PLOT_COLOURS)]) if \
            len(levels) > 1 else rgb_expr((1.0, 0.8, 0.5))
        if styles is not None:
            colour = styles.args[k % len(styles.args)] if is_list(styles) and styles.args \
                else styles
        if len(levels) > 1:
            colour = Expr(S.Directive, colour, Expr(S.Opacity, Real(0.6)))
        groups.append(_complex(triangles, colour))
    box = [Expr(S.Rule, Symbol("PlotRange"), from_python([[lo, hi] for _, lo, hi in ranges]))]
    has_range = any(r.args[0] == Symbol("PlotRange") for r in rules)
    return Expr(S.Graphics3D, Expr.from_args(S.List, groups), *rules, *box[:not has_range],
                Expr(S.Rule, Symbol("BoxRatios"), from_python([1, 1, 1])))


# ---------------------------------------------------------------------------- point clouds

def _normals(points: np.ndarray, neighbours: int) -> np.ndarray:
    """Unit normals, each the direction of least spread of a point's nearest neighbours,
    turned to agree along a minimum spanning tree of the neighbour graph (Hoppe et al.'s
    surface reconstruction), the first pointing away from the centroid."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import breadth_first_order, minimum_spanning_tree
    from scipy.spatial import cKDTree
    k = min(neighbours, len(points) - 1)
    _, near = cKDTree(points).query(points, k + 1)
    local = points[near] - points[near].mean(axis=1, keepdims=True)
    _, vectors = np.linalg.eigh(np.einsum("nki,nkj->nij", local, local))
    normals = vectors[:, :, 0]                           # the smallest eigenvalue's
    rows = np.repeat(np.arange(len(points)), k)
    cols = near[:, 1:].ravel()
    alike = np.abs(np.einsum("ij,ij->i", normals[rows], normals[cols]))
    graph = coo_matrix((1.0 + 1e-9 - alike, (rows, cols)), shape=(len(points),) * 2)
    tree = minimum_spanning_tree(graph + graph.T)
    tree = tree + tree.T
    start = int(np.argmax(np.linalg.norm(points - points.mean(axis=0), axis=1)))
    if np.dot(normals[start], points[start] - points.mean(axis=0)) < 0:
        normals[start] = -normals[start]
    order, parents = breadth_first_order(tree, start, directed=False)
    for node in order[1:]:                  # parents come first: each follows its parent
        if np.dot(normals[node], normals[parents[node]]) < 0:
            normals[node] = -normals[node]
    return normals


def cloud_triangles(points: np.ndarray, grid: int) -> np.ndarray:
    """Triangles of the surface through a cloud of points: the zero set of the signed
    distance to the tangent plane of the nearest point, cut where no point is near."""
    from scipy.spatial import cKDTree
    normals = _normals(points, 10)
    lo, hi = points.min(axis=0), points.max(axis=0)
    pad = 0.05 * (hi - lo).max()
    axes = [np.linspace(a - pad, b + pad, grid) for a, b in zip(lo, hi)]
    mesh = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, 3)
    tree = cKDTree(points)
    distance, nearest = tree.query(mesh)
    signed = np.einsum("ij,ij->i", mesh - points[nearest], normals[nearest])
    # the reach of a point: how far its sixth neighbour is in the sparser parts of the cloud
    reach = np.percentile(tree.query(points, min(7, len(points)))[0][:, -1], 90)
    step = max(np.diff(a[:2])[0] for a in axes)
    signed[distance > max(reach, 2 * step)] = np.nan       # far from every point: no surface
    return marching_tetrahedra(signed.reshape((grid,) * 3), axes)


def _point_array_faces(rows: int, cols: int) -> np.ndarray:
    r, c = np.meshgrid(np.arange(rows - 1), np.arange(cols - 1), indexing="ij")
    first = (r * cols + c + 1).ravel()
    return np.stack([first, first + 1, first + cols + 1, first + cols], axis=1)


@builtin("ListSurfacePlot3D", argc=(1, None),
         messages={**SURFACE_MESSAGES,
                   "arrayerr": "`1` must be a list of at least four {x, y, z} points or an "
                               "array of such points."},
         usage="ListSurfacePlot3D[{{x1, y1, z1}, …}] draws a surface reconstructed through "
               "the points; ListSurfacePlot3D[{{{x11, y11, z11}, …}, …}] the surface the "
               "array of points spans.")
def list_surface_plot3d(ev, data, *rest):
    head = Symbol("ListSurfacePlot3D")
    _, own, rules = split_options(ev, head, (data, *rest), extra=("MaxPlotPoints",))
    arr = numeric_array(data)
    colour = Expr(S.List, rgb_expr((1.0, 0.8, 0.5)))
    if arr is not None and arr.ndim == 3 and arr.shape[2] == 3 and min(arr.shape[:2]) >= 2:
        rows, cols = arr.shape[:2]
        surface = Expr(S.GraphicsComplex, from_python(arr.reshape(-1, 3)),
                       Expr(S.Polygon, from_python(_point_array_faces(rows, cols))))
        return Expr(S.Graphics3D, Expr(S.List, *colour.args, surface), *rules)
    if arr is None or arr.ndim != 2 or arr.shape[1] != 3 or arr.shape[0] < 4 \
            or not np.isfinite(arr).all():
        ev.message(head, "arrayerr", data)
        return None
    grid = int(number(own.get("MaxPlotPoints")) or 0) or \
        int(np.clip(2 * round(len(arr) ** (1 / 2)), 12, 40))
    triangles = cloud_triangles(arr, grid)
    return Expr(S.Graphics3D, _complex(triangles, colour.args[0]), *rules)
