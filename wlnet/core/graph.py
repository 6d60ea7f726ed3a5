"""Graph: the Wolfram Language's graph value, an atom (``AtomQ[g]`` is True, as in WL).

A graph holds its vertices in the order they were given (or first met in the edges),
its edges in order (``DirectedEdge[u, v]`` / ``UndirectedEdge[u, v]``, an optional third
argument being the edge's tag; multi-edges and loops are kept) and its options as given.
It prints as ``Graph[{vertices…}, {edges…}, options…]`` in InputForm, which evaluates back
to the same graph, and as ``-Graph-`` in OutputForm.

The algorithms (paths, components, orders) run on networkx, a well-kept graph library,
over the vertices' positions 0 … n-1, so that any expression can be a vertex and results
come back in the graph's own vertex order.
"""

from __future__ import annotations

from wlnet.core.expr import Atom, Expr, S, Symbol

__all__ = ["Graph", "DIRECTED", "UNDIRECTED", "edge_ends"]

DIRECTED = Symbol("DirectedEdge")
UNDIRECTED = Symbol("UndirectedEdge")


def edge_ends(e) -> tuple:
    """(u, v) of a canonical edge ``DirectedEdge[u, v]`` / ``UndirectedEdge[u, v, tag]``."""
    return e.args[0], e.args[1]


class Graph(Atom):
    """An immutable graph: ``vertices`` and ``edges`` are tuples of expressions, ``options``
    a tuple of rules (see the module docstring)."""

    __slots__ = ("vertices", "edges", "options", "_index", "_hash")
    head = Symbol("Graph")

    def __init__(self, vertices: tuple, edges: tuple, options: tuple = ()):
        self.vertices = tuple(vertices)
        self.edges = tuple(edges)
        self.options = tuple(options)
        self._index = None
        self._hash = None

    # -- identity --------------------------------------------------------------------------

    def __eq__(self, other) -> bool:
        return (type(other) is Graph and other.vertices == self.vertices
                and other.edges == self.edges and other.options == self.options)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(("Graph", self.vertices, self.edges, self.options))
        return self._hash

    def __repr__(self) -> str:
        return f"Graph(<{len(self.vertices)} vertices, {len(self.edges)} edges>)"

    def to_expr_form(self) -> Expr:
        """``Graph[{v…}, {e…}, opts…]``: what InputForm shows and what evaluates back."""
        return Expr(self.head, Expr.from_args(S.List, self.vertices),
                    Expr.from_args(S.List, self.edges), *self.options)

    # -- structure -------------------------------------------------------------------------

    @property
    def index(self) -> dict:
        """vertex -> its position in ``vertices``."""
        if self._index is None:
            self._index = {v: i for i, v in enumerate(self.vertices)}
        return self._index

    def is_directed_edge(self, e) -> bool:
        return e.head is DIRECTED

    @property
    def directed(self) -> bool:
        """Every edge directed (a graph without edges is undirected, as in WL)."""
        return bool(self.edges) and all(e.head is DIRECTED for e in self.edges)

    @property
    def mixed(self) -> bool:
        heads = {e.head for e in self.edges}
        return len(heads) == 2

    def option(self, name: str):
        for rule in reversed(self.options):
            key = rule.args[0]
            if getattr(key, "name", None) == name or getattr(key, "value", None) == name:
                return rule.args[1]
        return None

    def arcs(self):
        """(i, j, edge position) for every way along an edge: both ways for an undirected
        one (once for a loop)."""
        index = self.index
        for k, e in enumerate(self.edges):
            u, v = edge_ends(e)
            i, j = index[u], index[v]
            yield i, j, k
            if e.head is not DIRECTED and i != j:
                yield j, i, k

    def nx(self, as_undirected: bool = False):
        """The graph as a networkx multigraph over vertex positions: directed (a
        MultiDiGraph, an undirected edge going both ways) unless every edge is undirected
        or ``as_undirected``."""
        import networkx as nx
        undirected = as_undirected or not any(e.head is DIRECTED for e in self.edges)
        g = nx.MultiGraph() if undirected else nx.MultiDiGraph()
        g.add_nodes_from(range(len(self.vertices)))
        index = self.index
        for k, e in enumerate(self.edges):
            u, v = edge_ends(e)
            g.add_edge(index[u], index[v], key=k)
            if not undirected and e.head is not DIRECTED and u != v:
                g.add_edge(index[v], index[u], key=k)
        return g
