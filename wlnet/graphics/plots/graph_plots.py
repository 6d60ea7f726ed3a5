"""GraphPlot, LayeredGraphPlot and TreePlot: the picture of a graph (a Graph or a list of
edges) as Graphics, drawn as a Graph is drawn (wlnet/graphics/graphs.py) with the layout
each names: GraphPlot the spring-electrical one (as Graph), LayeredGraphPlot layers going
down, TreePlot a tree from its root.
"""

from __future__ import annotations

from wlnet.builtins.graphs import GRAPH_OPTIONS, graph
from wlnet.core.expr import Expr, S, String, Symbol
from wlnet.core.graph import Graph
from wlnet.core.registry import builtin
from wlnet.graphics.graphs import graph_graphic
from wlnet.graphics.values import is_list, is_rule, option_name

MESSAGES = {
    "optx": "Unknown option `1` in `2`.",
    "graph": "A graph, or a list of edges, is expected at position 1 in `1`.",
}
_LAYOUTS = {"GraphPlot": "SpringElectricalEmbedding",
            "LayeredGraphPlot": "LayeredDigraphEmbedding",
            "TreePlot": "LayeredEmbedding"}
# GraphPlot's options that are not a Graph's: how WL 11 programs wrote the layout
# (Method -> "SpringEmbedding") and plot options a Graph ignores
_OWN_OPTIONS = ("Method", "PlotStyle", "DirectedEdges", "MultiedgeStyle", "SelfLoopStyle")


_SIDES = ("Top", "Bottom", "Left", "Right")


def _layered_layout(name: str, positional) -> Expr:
    """TreePlot[g, pos, root]'s and LayeredGraphPlot[g, pos]'s layout: the side the root
    (the first layer) is placed on (Top, Bottom, Left or Right), and the root vertex."""
    spec = [String(name)]
    if positional and type(positional[0]) is Symbol and positional[0].name in _SIDES:
        spec.append(Expr(S.Rule, String("Orientation"), positional[0]))
    if len(positional) > 1:
        spec.append(Expr(S.Rule, String("RootVertex"), positional[1]))
    return Expr.from_args(S.List, spec)


def _adjacency_graph(ev, m):
    """The graph an adjacency matrix (a square matrix of numbers, or a SparseArray)
    represents: vertices 1 … n, an edge i <-> j for each nonzero entry of a symmetric
    matrix (one per pair), else i -> j for each nonzero m[i, j].  None for anything else."""
    import numpy as np
    from wlnet.graphics.values import numeric_array
    if type(m) is Expr and m.head is Symbol("SparseArray"):
        m = ev.evaluate(Expr(Symbol("Normal"), m))
    arr = numeric_array(m) if is_list(m) and m.args and all(is_list(r) for r in m.args) \
        else None
    if arr is None or arr.ndim != 2 or arr.shape[0] != arr.shape[1] or arr.shape[0] < 2 \
            or arr.shape[0] == 2 and arr.shape[1] == 2 and not np.isin(arr, (0, 1)).all():
        return None
    n = arr.shape[0]
    symmetric = np.array_equal(arr, arr.T)
    rows, cols = np.nonzero(np.triu(arr) if symmetric else arr)
    head = S.UndirectedEdge if symmetric else S.DirectedEdge
    from wlnet.core.expr import Integer
    edges = [Expr(head, Integer(int(i) + 1), Integer(int(j) + 1)) for i, j in zip(rows, cols)]
    return Expr(Symbol("Graph"), Expr.from_args(S.List, (Integer(k) for k in range(1, n + 1))),
                Expr.from_args(S.List, edges))


def _graph_plot(ev, name: str, g, rest):
    head = Symbol(name)
    call = Expr(head, g, *rest)
    adjacency = _adjacency_graph(ev, g) if type(g) is not Graph else None
    if adjacency is not None:          # GraphPlot[m]: the graph of the adjacency matrix
        g = ev.evaluate(adjacency)
    options, layout = [], String(_LAYOUTS[name])
    if name in ("TreePlot", "LayeredGraphPlot"):    # [g, pos, root]: the root's side, root
        positional = [r for r in rest[:2 if name == "TreePlot" else 1] if not is_rule(r)]
        rest = rest[len(positional):]
        layout = _layered_layout(_LAYOUTS[name], positional)
    for r in rest:
        opt = option_name(r) if is_rule(r) else None
        if opt is None or opt not in (*GRAPH_OPTIONS, *_OWN_OPTIONS):
            ev.message(head, "optx", r.args[0] if is_rule(r) else r, call)
            return None
        if opt in ("GraphLayout", "Method") and type(r.args[1]) is String:
            layout = r.args[1]
        elif opt in GRAPH_OPTIONS and opt != "GraphLayout":
            options.append(r)
    if type(g) is not Graph and not is_list(g):
        ev.message(head, "graph", call)
        return None
    built = graph(ev, g, *options, Expr(S.Rule, Symbol("GraphLayout"), layout))
    return graph_graphic(built) if type(built) is Graph else None      # Graph said why


def _declare(name: str, usage: str):
    @builtin(name, argc=(1, None), messages=MESSAGES, usage=usage,
             examples=((f"Head[{name}[{{1 -> 2, 2 -> 3, 1 -> 3}}]]", "Graphics"),))
    def plot(ev, g, *rest):
        return _graph_plot(ev, name, g, rest)
    return plot


graph_plot = _declare("GraphPlot", "GraphPlot[g] draws the graph g (a Graph or a list of "
                      "edges u -> v, u <-> v) as Graphics, its vertices placed by a "
                      "spring-electrical layout; VertexLabels, GraphLayout and the Graph "
                      "options apply.")
layered_graph_plot = _declare("LayeredGraphPlot", "LayeredGraphPlot[g] draws the graph g "
                              "with its vertices in layers, edges going down; "
                              "LayeredGraphPlot[g, pos] with the first layer at pos (Top, "
                              "Bottom, Left or Right).")
tree_plot = _declare("TreePlot", "TreePlot[g] draws the graph g as a tree, its root (the "
                     "first vertex) at the top; TreePlot[g, pos, v] with the root v at pos "
                     "(Top, Bottom, Left or Right).")
