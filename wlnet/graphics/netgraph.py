"""Pictures of nets: a NetChain or NetGraph drawn as its layers (labelled boxes) joined
by arrows, from the net's public structure only (read, never changed).

``net_graphic(net)`` reads the first argument of the net expression, the association the
Wolfram Language shows in its InputForm: ``"Nodes"`` (name → layer association with its
``"Type"``), ``"Edges"`` (``NetPath[to…] -> NetPath[from…]``), ``"Inputs"`` and
``"Outputs"`` (port → type).  Nodes are placed in columns by their distance from the
inputs (left to right, as Wolfram draws a NetGraph); each arrow is labelled with the
shape that flows along it.  A single layer is one box between its ports.

It gives a ``Graphics`` expression (None for anything that is not a net), drawn and
exported like any other graphic.
"""

from __future__ import annotations

from collections import defaultdict

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol, from_python
from wlnet.graphics.values import is_list, is_rule

__all__ = ["net_graphic", "net_structure"]

BOX_W, BOX_H = 1.5, 0.7             # a layer's box, in the picture's coordinates
COLUMN_STEP, ROW_STEP = 2.4, 1.2
LAYER_FACE = (0.93, 0.95, 0.99)
LAYER_EDGE = (0.37, 0.51, 0.71)
PORT_COLOUR = (0.45, 0.45, 0.45)


def _assoc(e) -> dict | None:
    """An association's rules as a dict keyed by string keys."""
    if not (type(e) is Expr and e.head is S.Association):
        return None
    out = {}
    for r in e.args:
        if is_rule(r) and type(r.args[0]) is String:
            out[r.args[0].value] = r.args[1]
    return out


def _path(e) -> tuple | None:
    """``NetPath["Nodes", "1", "Inputs", "Input"]`` as ("Nodes", "1", "Inputs", "Input")."""
    if type(e) is Expr and type(e.head) is Symbol and e.head.name.endswith("NetPath") \
            and all(type(a) is String for a in e.args):
        return tuple(a.value for a in e.args)
    return None


def _vertex(path: tuple):
    """The vertex a port path belongs to: ("node", name) or ("in"/"out", port name)."""
    if len(path) >= 2 and path[0] == "Nodes":
        return ("node", path[1])
    if len(path) == 2 and path[0] in ("Inputs", "Outputs"):
        return ("in" if path[0] == "Inputs" else "out", path[1])
    return None


def shape_text(t) -> str:
    """A port type as Wolfram labels an edge: ``3``, ``3×2``, ``n×2``; "" when unknown."""
    if type(t) is Expr and type(t.head) is Symbol and t.head.name.endswith("TensorT") \
            and t.args and is_list(t.args[0]):
        dims = ["n" if type(d) is not Integer else str(d.value) for d in t.args[0].args]
        return "\u00d7".join(dims) if dims else "scalar"
    return ""


def net_structure(net) -> tuple[dict, list] | None:
    """(vertices, edges) of a net expression: vertices maps each vertex to (label, kind,
    shape text of its output); edges are (from vertex, to vertex, shape text)."""
    if type(net) is not Expr or not net.args:
        return None
    data = _assoc(net.args[0])
    if data is None or "Type" not in data:
        return None
    inputs = _assoc(data.get("Inputs")) or {}
    outputs = _assoc(data.get("Outputs")) or {}
    vertices = {("in", name): (name, "port", shape_text(t)) for name, t in inputs.items()}
    nodes = _assoc(data.get("Nodes"))
    edges = []
    if nodes is None:                               # a single layer between its ports
        vertices[("node", "layer")] = (_type_name(data), "layer", "")
        edges += [(("in", n), ("node", "layer"), shape_text(t)) for n, t in inputs.items()]
        edges += [(("node", "layer"), ("out", n), shape_text(t)) for n, t in outputs.items()]
    else:
        for name, layer in nodes.items():
            vertices[("node", name)] = (f"{name}\n{_type_name(_layer_data(layer))}", "layer", "")
        for edge in (data.get("Edges").args if is_list(data.get("Edges")) else ()):
            if not is_rule(edge):
                continue
            to, source = _path(edge.args[0]), _path(edge.args[1])
            if to is None or source is None or _vertex(to) is None or _vertex(source) is None:
                continue
            edges.append((_vertex(source), _vertex(to), _port_shape(source, nodes, inputs)))
    for name, t in outputs.items():
        vertices[("out", name)] = (name, "port", shape_text(t))
    return vertices, edges


def _layer_data(layer) -> dict:
    """A node's association: the node itself, or the first argument of a layer or net
    expression (``LinearLayer[<|…|>, …]``)."""
    data = _assoc(layer)
    if data is None and type(layer) is Expr and layer.args:
        data = _assoc(layer.args[0])
    return data or {}


def _type_name(data: dict) -> str:
    kind = data.get("Type")
    return kind.value if type(kind) is String else "Net"


def _port_shape(path: tuple, nodes: dict, inputs: dict) -> str:
    """The shape of the port a path names (the data flowing out of it)."""
    if path[0] == "Inputs":
        return shape_text(inputs.get(path[1]))
    if len(path) < 4:
        return ""
    ports = _assoc(_layer_data(nodes.get(path[1])).get(path[2])) or {}
    return shape_text(ports.get(path[3]))


def _columns(vertices: dict, edges: list) -> dict:
    """Each vertex's column: its longest distance from a vertex with no incoming edge."""
    incoming = defaultdict(list)
    for source, target, _ in edges:
        incoming[target].append(source)
    column = {}

    def depth(v, seen=()):
        if v in column:
            return column[v]
        if v in seen:                                   # a cycle: cut it
            return 0
        sources = incoming.get(v, [])
        column[v] = 1 + max((depth(s, seen + (v,)) for s in sources), default=-1)
        return column[v]

    for v in vertices:
        depth(v)
    last = max(column.values(), default=0)
    for v in vertices:                                   # outputs in the last column
        if v[0] == "out":
            column[v] = max(column[v], last)
    return column


def _positions(vertices: dict, edges: list) -> dict:
    column = _columns(vertices, edges)
    by_column = defaultdict(list)
    for v in vertices:
        by_column[column[v]].append(v)
    positions = {}
    for c, members in by_column.items():
        top = (len(members) - 1) * ROW_STEP / 2
        for i, v in enumerate(members):
            positions[v] = (c * COLUMN_STEP, top - i * ROW_STEP)
    return positions


def _rgb(c) -> Expr:
    return Expr(S.RGBColor, *(Real(x) for x in c))


def _pt(x, y) -> Expr:
    return from_python([float(x), float(y)])


def net_graphic(net) -> Expr | None:
    structure = net_structure(net)
    if structure is None:
        return None
    vertices, edges = structure
    positions = _positions(vertices, edges)
    shapes = []
    for source, target, shape in edges:
        (x0, y0), (x1, y1) = positions[source], positions[target]
        start = x0 + (BOX_W / 2 if source[0] == "node" else 0.15)
        end = x1 - (BOX_W / 2 if target[0] == "node" else 0.15)
        shapes.append(Expr(S.List, Expr(S.GrayLevel, Real(0.4)),
                           Expr(S.Arrow, from_python([[start, y0], [end, y1]]))))
        if shape:
            shapes.append(Expr(S.Text, Expr(Symbol("Style"), String(shape), Integer(8),
                                            Expr(S.GrayLevel, Real(0.35))),
                               _pt((start + end) / 2, (y0 + y1) / 2 + 0.18)))
    for v, (label, kind, _) in vertices.items():
        x, y = positions[v]
        if kind == "port":
            shapes.append(Expr(S.List, _rgb(PORT_COLOUR), Expr(S.Disk, _pt(x, y), Real(0.1))))
            shapes.append(Expr(S.Text, String(label), _pt(x, y - 0.3)))
        else:
            box = Expr(S.Rectangle, _pt(x - BOX_W / 2, y - BOX_H / 2),
                       _pt(x + BOX_W / 2, y + BOX_H / 2))
            shapes.append(Expr(S.List, Expr(S.EdgeForm, _rgb(LAYER_EDGE)),
                               Expr(S.FaceForm, _rgb(LAYER_FACE)), box))
            shapes.append(Expr(S.Text, String(label), _pt(x, y)))
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    # room for the port labels below the ports and the shape labels above the arrows
    plot_range = from_python([[min(xs) - 0.5, max(xs) + 0.5], [min(ys) - 0.55, max(ys) + 0.5]])
    width = min(120 + 120 * (max(xs) - min(xs)) / COLUMN_STEP, 720)
    return Expr(S.Graphics, Expr.from_args(S.List, shapes),
                Expr(S.Rule, Symbol("PlotRange"), plot_range),
                Expr(S.Rule, Symbol("ImageSize"), Integer(int(width))))
