"""Information[net, "MXNetNodeGraph"] and "MXNetNodeGraphPlot": the graph of the operations
the net is compiled to.

WL shows the MXNet symbol its net compiles to; wlnet's compiled form is the executor's
program (``wlnet.net.execute``): one step per layer, each a composition of primitives
(``wlnet.net.compose``) or one op of its own.  The graph has a vertex per net input,
per array read and per primitive operation (a layer without a composition is one vertex,
named after its type), and an edge for each value an operation reads.  Vertices are
numbered in the order of the program; "VertexLabels" name them (the input port, the
array's position, the primitive).
"""

from __future__ import annotations

from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.net.compose import compose_layer
from wlnet.net.execute import Executor
from wlnet.net.spec import LayerNode

__all__ = ["node_graph", "operations"]


class _Vertices:
    """Numbered vertices with their labels, and the edges between them."""

    def __init__(self):
        self.labels: list[str] = []
        self.edges: list[tuple[int, int]] = []

    def add(self, label: str) -> int:
        self.labels.append(label)
        return len(self.labels)


def _array_label(path: tuple) -> str:
    layers = [p for i, p in enumerate(path) if i % 2 == 1 and path[i - 1] in ("Nodes", "Parameters")]
    return "/".join(layers + [path[-1]])


def _composition(layer):
    """The layer's composition of primitives, or None for a layer that runs as one op."""
    if not isinstance(layer, LayerNode) or getattr(layer.spec, "op", None) is not None:
        return None
    try:
        return compose_layer(layer)
    except NotImplementedError:
        return None


def _wire_step(step, g: _Vertices, produced: dict, arrays: dict) -> None:
    """Add the vertices of one executor step; ``produced``: environment key -> vertex."""
    def array_vertex(name):
        path = step.array_paths[name]
        if path not in arrays:
            arrays[path] = g.add(_array_label(path))
        return arrays[path]

    sources = {("input", p): produced.get(k) for p, k in step.inputs.items()}
    comp = _composition(step.layer)
    if comp is None:                                  # one op of its own
        read = [u for u in sources.values() if u is not None] + [array_vertex(a) for a in step.array_paths]
        v = g.add(getattr(step.layer, "symbol", type(step.op).__name__).removesuffix("Layer"))
        g.edges.extend((u, v) for u in read)
        for p in step.output_ports:
            produced[(step.path, "out", p)] = v
        return
    at = {}
    for i, node in enumerate(comp.nodes):
        read = [sources.get(("input", ref.key)) if ref.kind == "input" else
                array_vertex(ref.key) if ref.kind == "array" else
                at.get(ref.key) if ref.kind == "node" else None for ref in node.inputs]
        v = at[i] = g.add(node.primitive)                 # (after the arrays it reads)
        g.edges.extend((u, v) for u in read if u is not None)
    for port, ref in comp.outputs.items():
        produced[(step.path, "out", port)] = (
            at.get(ref.key) if ref.kind == "node" else
            sources.get(("input", ref.key)) if ref.kind == "input" else array_vertex(ref.key))


def node_graph(net, plot: bool = False) -> Expr:
    """The graph of the net's compiled operations (see the module docstring); ``plot``:
    drawn in layers from the inputs, as "MXNetNodeGraphPlot" shows it."""
    from wlnet.builtins.graphs import make_graph
    from wlnet.core.graph import DIRECTED
    names, edges = operations(net)
    labels = Expr.from_args(S.List, (Expr(S.Rule, Integer(i), String(t))
                                     for i, t in enumerate(names, 1)))
    options = [Expr(S.Rule, Symbol("VertexLabels"), labels)]
    if plot:
        options.append(Expr(S.Rule, Symbol("GraphLayout"), Expr(
            S.List, String("LayeredDigraphEmbedding"),
            Expr(S.Rule, String("Orientation"), Symbol("Left")))))
    edges = [Expr(DIRECTED, Integer(u), Integer(v)) for u, v in edges]
    return make_graph([Integer(i) for i in range(1, len(names) + 1)], edges, tuple(options))


def operations(net) -> tuple[list, list]:
    """(the vertex labels, the edges (u, v) between vertex numbers from 1) of the graph."""
    executor = Executor.for_net(net)
    g, produced, arrays = _Vertices(), {}, {}
    for port in net.inputs():
        produced[("in", port)] = g.add(port)
    for step in executor.steps:
        _wire_step(step, g, produced, arrays)
    for port, key in executor.output_keys.items():
        v = g.add(port)
        if produced.get(key) is not None:
            g.edges.append((produced[key], v))
    return g.labels, list(dict.fromkeys(g.edges))
