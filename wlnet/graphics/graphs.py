"""Drawing a Graph: its vertices placed by a layout and drawn as dots, its edges as lines
(arrows when directed), labels as its options ask; the result is a ``Graphics`` expression,
drawn and exported like any other picture.

Layouts (the ``GraphLayout`` option): ``"SpringElectricalEmbedding"`` (the default, as in
WL) and ``"SpringEmbedding"`` on networkx's force-directed layout with a fixed seed (the
same graph is drawn the same way every time), ``"CircularEmbedding"``,
``"LayeredDigraphEmbedding"`` / ``"LayeredEmbedding"`` (vertices in layers by their
longest distance from a source, edges going down), and ``"GridEmbedding"``;
``VertexCoordinates -> {{x, y}, …}`` places the vertices explicitly.
"""

from __future__ import annotations

import math

from wlnet.core.expr import Expr, Real, S, String, Symbol, from_python
from wlnet.core.graph import DIRECTED, Graph, edge_ends
from wlnet.graphics.values import is_list, is_rule, number, points

__all__ = ["graph_graphic", "drawable", "graph_text"]

VERTEX_COLOUR = (0.98, 0.71, 0.21)
EDGE_COLOUR = (0.4, 0.4, 0.4)
VERTEX_RADIUS = 0.045          # in units of the drawing's larger side
NONE = Symbol("None")
PLACED = Symbol("Placed")


def graph_text(g) -> str | None:
    """What OutputForm shows: ``Graph[<vertices>, <edges>]``."""
    if type(g) is not Graph:
        return None
    return f"Graph[<{len(g.vertices)}>, <{len(g.edges)}>]"


def drawable(expr):
    """``expr`` with a Graph turned into the Graphics that draws it (anything else as is)."""
    return graph_graphic(expr) if type(expr) is Graph else expr


# ---------------------------------------------------------------------------- layouts

def _layout(g: Graph) -> tuple[str, dict]:
    """The GraphLayout's name and its sub-options ({"name", "opt" -> value, …})."""
    spec = g.option("GraphLayout")
    sub = {}
    if type(spec) is Expr and spec.head is S.List and spec.args:
        sub = {getattr(r.args[0], "value", None): r.args[1] for r in spec.args[1:] if is_rule(r)}
        spec = spec.args[0]
    return (spec.value if type(spec) is String else "SpringElectricalEmbedding"), sub


def _longest_path_levels(g: Graph) -> list:
    """Layer of each vertex of a directed graph: its longest path from a source (cycles
    broken by ignoring edges that go back in the vertex order)."""
    n = len(g.vertices)
    level = [0] * n
    for _ in range(n):
        changed = False
        for i, j, k in g.arcs():
            if g.edges[k].head is DIRECTED and i != j and (i < j or level[i] < level[j]) \
                    and level[j] < level[i] + 1 <= n:
                level[j] = level[i] + 1
                changed = True
        if not changed:
            break
    return level


def _breadth_first_levels(g: Graph, root) -> tuple[list, list]:
    """(layer, parent) of each vertex of a graph with undirected edges: its distance from
    the root (the first vertex unless given), each further component from its first
    vertex, every edge read both ways."""
    n = len(g.vertices)
    neighbours = [[] for _ in range(n)]
    for e in g.edges:
        u, v = (g.index[x] for x in edge_ends(e))
        neighbours[u].append(v)
        neighbours[v].append(u)
    level, parent = [-1] * n, [-1] * n
    starts = ([g.index[root]] if root in g.index else []) + list(range(n))
    for start in starts:
        if level[start] >= 0:
            continue
        level[start], frontier = 0, [start]
        while frontier:
            following = []
            for u in frontier:
                for v in neighbours[u]:
                    if level[v] < 0:
                        level[v], parent[v] = level[u] + 1, u
                        following.append(v)
            frontier = following
    return level, parent


def _layered(g: Graph, orientation: str = "Top", root=None) -> list:
    """Vertices in layers: a directed graph's by longest path from a source, a graph with
    undirected edges (a tree) by distance from its root, each vertex below its parent's
    place in the layer above.  Layers go down the picture from the top, or from the side
    ``"Orientation"`` names (Left: left to right; Bottom: upwards; Right: right to
    left)."""
    n = len(g.vertices)
    if all(e.head is DIRECTED for e in g.edges):
        level, parent = _longest_path_levels(g), [-1] * n
    else:
        level, parent = _breadth_first_levels(g, root)
    rows: dict = {}
    slot_of = [0.0] * n
    for i in sorted(range(n), key=lambda i: level[i]):
        rows.setdefault(level[i], []).append(i)
    coords = [(0.0, 0.0)] * n
    for depth in sorted(rows):
        members = sorted(rows[depth], key=lambda i: (slot_of[parent[i]] if parent[i] >= 0
                                                     else 0.0, i))
        for slot, i in enumerate(members):
            across = slot - (len(members) - 1) / 2
            slot_of[i] = across
            coords[i] = {"Left": (float(depth), -across), "Right": (-float(depth), -across),
                         "Bottom": (across, float(depth))}.get(orientation,
                                                               (across, -float(depth)))
    return coords


def _positions(g: Graph) -> list:
    given = g.option("VertexCoordinates")
    if given is not None:
        pts = points(given)
        if pts is not None and len(pts) == len(g.vertices):
            return [tuple(p) for p in pts]
    n = len(g.vertices)
    if n == 0:
        return []
    name, sub = _layout(g)
    if n <= 2 and name.startswith("Spring"):       # side by side
        return [(float(i), 0.0) for i in range(n)]
    if name == "CircularEmbedding":
        return [(math.cos(math.pi / 2 + 2 * math.pi * i / n),
                 math.sin(math.pi / 2 + 2 * math.pi * i / n)) for i in range(n)]
    if name in ("LayeredDigraphEmbedding", "LayeredEmbedding", "TreeEmbedding"):
        side = sub.get("Orientation")
        return _layered(g, side.name if type(side) is Symbol else "Top",
                        root=sub.get("RootVertex"))
    if name == "GridEmbedding":
        side = math.ceil(math.sqrt(n))
        return [(float(i % side), -float(i // side)) for i in range(n)]
    import networkx as nx
    spots = nx.spring_layout(g.nx(as_undirected=True), seed=1)
    return [tuple(float(c) for c in spots[i]) for i in range(n)]


# ---------------------------------------------------------------------------- the picture

def _labels(g: Graph) -> dict:
    """vertex position -> label expression, from VertexLabels ("Name", Automatic, All, a
    rule v -> label or a list of them; Placed[spec, _] reads spec)."""
    spec = g.option("VertexLabels")
    if spec is None or spec is NONE:
        return {}
    if type(spec) is Expr and spec.head is PLACED and spec.args:
        spec = spec.args[0]
    if spec is S.Automatic or spec is S.All or (type(spec) is String and spec.value == "Name"):
        return dict(enumerate(g.vertices))
    rules = spec.args if is_list(spec) else (spec,)
    out = {}
    for rule in rules:
        if is_rule(rule) and rule.args[0] in g.index:
            label = rule.args[1]
            out[g.index[rule.args[0]]] = (g.vertices[g.index[rule.args[0]]]
                                          if type(label) is String and label.value == "Name"
                                          else label)
    return out


def _vertex_styles(g: Graph):
    """(the style of every vertex or None, {vertex position: its own style}) of
    VertexStyle: one style, or rules v -> style (a list of them)."""
    spec = g.option("VertexStyle")
    if spec is None or spec is S.Automatic:
        return None, {}
    rules = spec.args if is_list(spec) else (spec,)
    if not all(is_rule(r) for r in rules):
        return (None if is_list(spec) else spec), {}
    return None, {g.index[r.args[0]]: r.args[1] for r in rules if r.args[0] in g.index}


def _edge_labels(g: Graph) -> dict:
    """(position of u, of v) -> label, from EdgeLabels rules edge -> label (u -> v, u <-> v
    or UndirectedEdge[u, v], either way round for an undirected edge); Placed[spec, _]
    reads spec."""
    spec = g.option("EdgeLabels")
    if type(spec) is Expr and spec.head is PLACED and spec.args:
        spec = spec.args[0]
    if spec is None or spec is NONE:
        return {}
    rules = spec.args if is_list(spec) else (spec,)
    ends = {}
    for e in g.edges:
        u, v = edge_ends(e)
        ends[(u, v)] = (g.index[u], g.index[v])
        if e.head is not DIRECTED:
            ends[(v, u)] = (g.index[u], g.index[v])
    out = {}
    for rule in rules:
        if is_rule(rule) and type(rule.args[0]) is Expr and len(rule.args[0].args) == 2:
            key = tuple(rule.args[0].args)
            if key in ends:
                out[ends[key]] = rule.args[1]
    return out


def _rgb(c) -> Expr:
    return Expr(S.RGBColor, *(Real(x) for x in c))


def _pt(x, y) -> Expr:
    return Expr(S.List, Real(x), Real(y))


_NAMED_SIZES = {"Tiny": 0.25, "Small": 0.5, "Medium": 1.0, "Large": 2.0}


def _dot_radius(spec, coords, radius: float) -> float:
    """The vertices' radius for VertexSize: Tiny … Large around the default ``radius``, a
    number d a dot d times the smallest distance between two vertices across (0: none);
    anything else (a per-vertex list) the default."""
    if type(spec) is Symbol and spec.name in _NAMED_SIZES:
        return radius * _NAMED_SIZES[spec.name]
    value = number(spec) if spec is not None else None
    if value is None:
        return radius
    if value <= 0 or len(coords) < 2:
        return 0.0 if value <= 0 else radius
    from scipy.spatial.distance import pdist
    nearest = float(pdist(coords).min()) or radius
    return value * nearest / 2


def graph_graphic(g: Graph) -> Expr:
    coords = _positions(g)
    xs = [p[0] for p in coords] or [0.0]
    ys = [p[1] for p in coords] or [0.0]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
    radius = VERTEX_RADIUS * span
    dot = _dot_radius(g.option("VertexSize"), coords, radius)
    edge_style = g.option("EdgeStyle")
    shapes = [_rgb(EDGE_COLOUR) if edge_style is None or is_list(edge_style) else edge_style]
    for e in g.edges:
        u, v = (g.index[x] for x in edge_ends(e))
        (x0, y0), (x1, y1) = coords[u], coords[v]
        if u == v:                           # a loop: a small circle beside the vertex
            shapes.append(Expr(S.Circle, _pt(x0, y0 + 1.6 * radius), Real(1.2 * radius)))
            continue
        dx, dy = x1 - x0, y1 - y0
        length = math.hypot(dx, dy) or 1.0
        if e.head is DIRECTED:               # stop the arrow at the target's dot
            end = (x1 - dx / length * radius, y1 - dy / length * radius)
            shapes.append(Expr(S.Arrow, from_python([[x0, y0], list(end)])))
        else:
            shapes.append(Expr(S.Line, from_python([[x0, y0], [x1, y1]])))
    shapes.append(Expr(S.EdgeForm, _rgb((0.55, 0.4, 0.1))))
    every, own = _vertex_styles(g)
    shapes.append(every if every is not None else _rgb(VERTEX_COLOUR))
    if dot > 0:
        shapes.extend(Expr(S.Disk, _pt(x, y), Real(dot)) if i not in own else
                      Expr(S.List, own[i], Expr(S.Disk, _pt(x, y), Real(dot)))
                      for i, (x, y) in enumerate(coords))
    shapes.append(Expr(S.GrayLevel, Real(0.15)))
    for (u, v), label in _edge_labels(g).items():
        (x0, y0), (x1, y1) = coords[u], coords[v]
        shapes.append(Expr(S.Text, label, _pt((x0 + x1) / 2, (y0 + y1) / 2 + radius)))
    for i, label in _labels(g).items():
        x, y = coords[i]
        shapes.append(Expr(S.Text, label, _pt(x, y + 2.2 * radius)))
    pad = 3 * radius
    # a flat layout (a path, two vertices) keeps some height, a narrow one some width
    xpad = pad + max(0.0, 0.25 * span - (max(xs) - min(xs)) / 2)
    ypad = pad + max(0.0, 0.25 * span - (max(ys) - min(ys)) / 2)
    options = [Expr(S.Rule, Symbol("PlotRange"),
                    from_python([[min(xs) - xpad, max(xs) + xpad], [min(ys) - ypad, max(ys) + ypad]])),
               Expr(S.Rule, Symbol("AspectRatio"), Symbol("Automatic"))]
    size = g.option("ImageSize")
    if size is not None:
        options.append(Expr(S.Rule, Symbol("ImageSize"), size))
    label = g.option("PlotLabel")
    if label is not None:
        options.append(Expr(S.Rule, Symbol("PlotLabel"), label))
    return Expr(S.Graphics, Expr.from_args(S.List, shapes), *options)
