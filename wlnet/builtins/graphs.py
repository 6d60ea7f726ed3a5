"""Graphs: Graph and the functions that read, query and edit one.

    Graph[{e…}], Graph[{v…}, {e…}, opts], Graph[g, opts]
    VertexList, EdgeList, EdgeRules, VertexCount, EdgeCount, VertexQ, EdgeQ
    VertexDegree, VertexInDegree, VertexOutDegree, AdjacencyMatrix, AdjacencyList
    GraphQ, DirectedGraphQ, UndirectedGraphQ, MixedGraphQ, AcyclicGraphQ, LoopFreeGraphQ,
    SimpleGraphQ, ConnectedGraphQ
    TopologicalSort, FindShortestPath, GraphDistance, ConnectedComponents,
    WeaklyConnectedComponents, VertexInComponent, VertexOutComponent
    VertexAdd, VertexDelete, EdgeAdd, EdgeDelete, Subgraph
    PathGraph, CycleGraph, CompleteGraph, StarGraph, GridGraph, KaryTree

An edge is ``DirectedEdge[u, v]`` (``u -> v`` is read as one), ``UndirectedEdge[u, v]``
(``u <-> v`` is read as one), with an optional tag as a third argument.  Wherever a graph
is expected a list of edges serves too (``VertexList[{1 -> 2, 2 -> 3}]``), as in WL.  The
value itself is wlnet.core.graph.Graph; drawing it is wlnet.graphics.graphs.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import FALSE, TRUE, Expr, Integer, S, Symbol
from wlnet.core.graph import DIRECTED, UNDIRECTED, Graph, edge_ends
from wlnet.core.registry import builtin, declare, read_options

LIST = S.List
TWO_WAY = Symbol("TwoWayRule")
INFINITY = S.Infinity

# the options Graph keeps (drawing reads some of them; the others are kept as given)
GRAPH_OPTIONS = (
    "VertexLabels", "EdgeLabels", "GraphLayout", "VertexStyle", "EdgeStyle", "VertexSize",
    "VertexShapeFunction", "EdgeShapeFunction", "VertexCoordinates", "EdgeWeight",
    "VertexWeight", "DirectedEdges", "ImageSize", "PlotTheme", "GraphStyle", "PlotLabel",
    "VertexLabelStyle", "EdgeLabelStyle", "GraphHighlight", "GraphHighlightStyle",
    "ImagePadding", "AspectRatio", "Background", "BaseStyle", "Frame", "FrameStyle",
    "Epilog", "Prolog", "PlotRange", "PlotRangePadding", "AnnotationRules", "Properties",
)

MESSAGES = {
    "inedge": "`1` is not a valid edge: an edge is u -> v, u <-> v, DirectedEdge[u, v] or "
              "UndirectedEdge[u, v].",
    "graph": "A graph, or a list of edges, is expected at position `2` in `1`.",
    "intpm": "A non-negative integer or Infinity is expected at position `2` in `1`.",
    "inv": "`1` is not a vertex of the graph in `2`.",
    "optx": "Unknown option `1` in `2`.",
    "ntdag": "The graph in `1` is not a directed acyclic graph, so it has no topological "
             "order.",
    "vlist": "A list of vertices is expected at position `2` in `1`.",
    "intp": "A non-negative integer is expected at position `2` in `1`.",
}

declare("DirectedEdge", usage="DirectedEdge[u, v] (u \\[DirectedEdge] v) is an edge from u "
                              "to v; DirectedEdge[u, v, t] is one with tag t.")
declare("UndirectedEdge", usage="UndirectedEdge[u, v] (u \\[UndirectedEdge] v) is an edge "
                                "joining u and v; UndirectedEdge[u, v, t] has tag t.")


# ---------------------------------------------------------------------------- reading edges

def _is_rule(e) -> bool:
    return type(e) is Expr and e.head in (S.Rule, S.RuleDelayed) and len(e.args) == 2


def _option_name(rule) -> str | None:
    key = rule.args[0]
    return key.name if type(key) is Symbol else getattr(key, "value", None)


def as_edge(e, directed: bool | None = None):
    """The canonical edge for ``e`` (a rule, two-way rule or edge head), None if it is
    not one.  ``directed`` (DirectedEdges -> True/False) overrides what the form says."""
    if type(e) is not Expr or len(e.args) not in (2, 3):
        return None
    head = e.head
    if head in (S.Rule, DIRECTED) and (len(e.args) == 2 or head is DIRECTED):
        kind = DIRECTED
    elif head in (TWO_WAY, UNDIRECTED) and (len(e.args) == 2 or head is UNDIRECTED):
        kind = UNDIRECTED
    else:
        return None
    if directed is not None:
        kind = DIRECTED if directed else UNDIRECTED
    if kind is head:
        return e
    return Expr(kind, *e.args)


def _is_edge_list(e) -> bool:
    return (type(e) is Expr and e.head is LIST and bool(e.args)
            and all(as_edge(a) is not None for a in e.args))


def make_graph(vertices, edges, options=()) -> Graph:
    """A Graph of the vertices given and those first met in ``edges`` (canonical edges)."""
    order = list(dict.fromkeys(vertices))
    seen = set(order)
    for e in edges:
        for end in edge_ends(e):
            if end not in seen:
                seen.add(end)
                order.append(end)
    return Graph(tuple(order), tuple(edges), tuple(options))


def _graph_of(ev, sym, g, position: int = 1, expr=None) -> Graph | None:
    """The graph an argument stands for: a Graph, or a list of edges; None (with
    ``sym::graph``) for anything else."""
    if type(g) is Graph:
        return g
    if _is_edge_list(g):
        return make_graph((), [as_edge(a) for a in g.args])
    if type(g) is Expr and g.head is LIST and not g.args:
        return Graph((), ())
    ev.message(sym, "graph", expr if expr is not None else Expr(sym, g), position)
    return None


def _list(items) -> Expr:
    return Expr.from_args(LIST, items)


def _many(e) -> list:
    """A single item or a list of them."""
    return list(e.args) if type(e) is Expr and e.head is LIST else [e]


# ---------------------------------------------------------------------------- Graph

@builtin("Graph", argc=(1, None), messages=MESSAGES,
         usage="Graph[{e1, e2, …}] is the graph with edges ei (u -> v or DirectedEdge[u, v] "
               "directed, u <-> v or UndirectedEdge[u, v] undirected); Graph[{v1, …}, "
               "{e1, …}] also names its vertices and their order; options (VertexLabels, "
               "GraphLayout, VertexCoordinates, EdgeWeight, DirectedEdges, ImageSize, …) "
               "say how it is drawn and weighted.",
         examples=(("VertexList[Graph[{1 -> 2, 2 -> 3, 3 -> 1}]]", "{1, 2, 3}"),
                   ("EdgeCount[Graph[{a, b, c}, {a <-> b}]]", "1")))
def graph(ev, *args):
    call = Expr(Symbol("Graph"), *args)
    positional = [a for a in args if not _is_rule(a)]
    options = [a for a in args if _is_rule(a)]
    # a list of rules alone is a list of edges, not options
    if not positional and len(args) == 1:
        positional, options = [args[0]], []
    for rule in options:
        if _option_name(rule) not in GRAPH_OPTIONS:
            ev.message(Symbol("Graph"), "optx", rule.args[0], call)
            return None
    directed = None
    for rule in options:
        if _option_name(rule) == "DirectedEdges" and rule.args[1] in (TRUE, FALSE):
            directed = rule.args[1] is TRUE
    if len(positional) == 1 and type(positional[0]) is Graph:
        g = positional[0]
        edges = g.edges if directed is None else tuple(as_edge(e, directed) for e in g.edges)
        kept = [o for o in g.options if _option_name(o) not in {_option_name(r) for r in options}]
        return Graph(g.vertices, edges, tuple(kept) + tuple(options))
    if len(positional) == 1:
        items = positional[0]
        if not (type(items) is Expr and items.head is LIST):
            return None
        if all(as_edge(a) is None for a in items.args):
            vertices, edge_items = items.args, ()
        else:
            vertices, edge_items = (), items.args
    elif len(positional) == 2 and all(type(p) is Expr and p.head is LIST for p in positional):
        vertices, edge_items = positional[0].args, positional[1].args
    else:
        return None
    edges = []
    for item in edge_items:
        edge = as_edge(item, directed)
        if edge is None:
            ev.message(Symbol("Graph"), "inedge", item)
            return None
        edges.append(edge)
    return make_graph(vertices, edges, options)


# ---------------------------------------------------------------------------- reading a graph

def _with_pattern(ev, items, pattern):
    if pattern is None:
        return _list(items)
    return ev.evaluate(Expr(S.Cases, _list(items), pattern))


@builtin(argc=(1, 2), messages=MESSAGES,
         usage="VertexList[g] gives the vertices of g in order; VertexList[g, patt] those "
               "that match patt.",
         examples=(("VertexList[{a -> b, b -> c}]", "{a, b, c}"),))
def VertexList(ev, g, pattern=None):
    graph_ = _graph_of(ev, S.VertexList, g)
    return None if graph_ is None else _with_pattern(ev, graph_.vertices, pattern)


@builtin(argc=(1, 2), messages=MESSAGES,
         usage="EdgeList[g] gives the edges of g (DirectedEdge / UndirectedEdge); "
               "EdgeList[g, patt] those that match patt.",
         examples=(("EdgeList[Graph[{1 -> 2}]]", "{DirectedEdge[1, 2]}"),))
def EdgeList(ev, g, pattern=None):
    graph_ = _graph_of(ev, S.EdgeList, g)
    return None if graph_ is None else _with_pattern(ev, graph_.edges, pattern)


@builtin(argc=1, messages=MESSAGES,
         usage="EdgeRules[g] gives the edges of g as rules u -> v.",
         examples=(("EdgeRules[Graph[{1 <-> 2}]]", "{1 -> 2}"),))
def EdgeRules(ev, g):
    graph_ = _graph_of(ev, S.EdgeRules, g)
    if graph_ is None:
        return None
    return _list(Expr(S.Rule, *edge_ends(e)) for e in graph_.edges)


def _count(ev, sym, g, pattern, part: str):
    """VertexCount/EdgeCount: how many vertices (edges) of g, or of those matching pattern."""
    graph_ = _graph_of(ev, sym, g)
    if graph_ is None:
        return None
    items = getattr(graph_, part)
    return Integer(len(items) if pattern is None else len(_with_pattern(ev, items, pattern).args))


@builtin(argc=(1, 2), messages=MESSAGES,
         usage="VertexCount[g] is the number of vertices of g; VertexCount[g, patt] of those "
               "that match patt.")
def VertexCount(ev, g, pattern=None):
    return _count(ev, S.VertexCount, g, pattern, "vertices")


@builtin(argc=(1, 2), messages=MESSAGES,
         usage="EdgeCount[g] is the number of edges of g; EdgeCount[g, patt] of those that "
               "match patt.")
def EdgeCount(ev, g, pattern=None):
    return _count(ev, S.EdgeCount, g, pattern, "edges")


@builtin(argc=2, usage="VertexQ[g, v] is True if v is a vertex of the graph g.")
def VertexQ(ev, g, v):
    return TRUE if type(g) is Graph and v in g.index else FALSE


@builtin(argc=2, usage="EdgeQ[g, e] is True if e is an edge of the graph g (an undirected "
                       "edge either way round).")
def EdgeQ(ev, g, e):
    if type(g) is not Graph:
        return FALSE
    edge = as_edge(e)
    if edge is None:
        return FALSE
    return TRUE if any(_same_edge(edge, x) for x in g.edges) else FALSE


def _same_edge(a, b) -> bool:
    """``a`` names edge ``b``: the same ends (either order when undirected) and head; a tag
    only when ``a`` gives one."""
    if a.head is not b.head:
        return False
    if len(a.args) == 3 and (len(b.args) != 3 or a.args[2] != b.args[2]):
        return False
    (u, v), (x, y) = edge_ends(a), edge_ends(b)
    return (u, v) == (x, y) or (a.head is UNDIRECTED and (u, v) == (y, x))


# ---------------------------------------------------------------------------- degrees

def _degrees(graph_: Graph, kind: str) -> list[int]:
    out = [0] * len(graph_.vertices)
    index = graph_.index
    for e in graph_.edges:
        u, v = (index[x] for x in edge_ends(e))
        directed = e.head is DIRECTED
        if kind in ("all", "out") or not directed:
            out[u] += 1
        if kind in ("all", "in") or not directed:
            out[v] += 1
    return out


def _degree_builtin(name: str, kind: str, what: str):
    sym = Symbol(name)

    def degree(ev, g, v=None):
        graph_ = _graph_of(ev, sym, g)
        if graph_ is None:
            return None
        counts = _degrees(graph_, kind)
        if v is None:
            return _list(Integer(c) for c in counts)
        if v not in graph_.index:
            ev.message(sym, "inv", v, Expr(sym, g, v))
            return None
        return Integer(counts[graph_.index[v]])

    builtin(name, argc=(1, 2), messages=MESSAGES,
            usage=f"{name}[g] gives the list of {what} of the vertices of g; {name}[g, v] "
                  f"that of vertex v.")(degree)


_degree_builtin("VertexDegree", "all", "degrees (edges at each vertex, a loop counting twice)")
_degree_builtin("VertexInDegree", "in", "in-degrees (edges into each vertex)")
_degree_builtin("VertexOutDegree", "out", "out-degrees (edges out of each vertex)")


@builtin(argc=1, messages=MESSAGES,
         usage="AdjacencyMatrix[g] is the matrix whose (i, j) entry counts the edges from "
               "the i-th vertex of g to the j-th (both ways for an undirected edge).",
         examples=(("AdjacencyMatrix[Graph[{1 -> 2, 2 -> 3}]]",
                    "{{0, 1, 0}, {0, 0, 1}, {0, 0, 0}}"),))
def AdjacencyMatrix(ev, g):
    from wlnet.core.packed import pack
    graph_ = _graph_of(ev, S.AdjacencyMatrix, g)
    if graph_ is None:
        return None
    n = len(graph_.vertices)
    m = np.zeros((n, n), dtype=np.int64)
    for i, j, _ in graph_.arcs():
        m[i, j] += 1
    return pack(m) if n else _list(())


@builtin(argc=1, messages=MESSAGES,
         usage="KirchhoffMatrix[g] is the Laplacian of the graph g: each vertex's degree on "
               "the diagonal (its out-degree in a directed graph) and -1 where the i-th "
               "vertex has an edge to the j-th; loops and repeated edges count once.",
         examples=(("KirchhoffMatrix[Graph[{1 <-> 2, 2 <-> 3}]]",
                    "{{1, -1, 0}, {-1, 2, -1}, {0, -1, 1}}"),
                   ("KirchhoffMatrix[{1 -> 2, 2 -> 3, 3 -> 1}]",
                    "{{1, -1, 0}, {0, 1, -1}, {-1, 0, 1}}")))
def KirchhoffMatrix(ev, g):
    from wlnet.core.packed import pack
    graph_ = _graph_of(ev, S.KirchhoffMatrix, g)
    if graph_ is None:
        return None
    n = len(graph_.vertices)
    adjacent = np.zeros((n, n), dtype=np.int64)
    for i, j, _ in graph_.arcs():
        adjacent[i, j] = 1                      # the simple graph's adjacency: once, no loops
    np.fill_diagonal(adjacent, 0)
    return pack(np.diag(adjacent.sum(axis=1)) - adjacent) if n else _list(())


def _neighbours(graph_: Graph, i: int) -> list[int]:
    near = set()
    for a, b, _ in graph_.arcs():
        if a == i:
            near.add(b)
        if b == i:
            near.add(a)
    near.discard(i)
    return sorted(near)


@builtin(argc=(1, 2), messages=MESSAGES,
         usage="AdjacencyList[g, v] gives the vertices joined to v by an edge (either way); "
               "AdjacencyList[g] gives that list for every vertex.",
         examples=(("AdjacencyList[{1 -> 2, 3 -> 1}, 1]", "{2, 3}"),))
def AdjacencyList(ev, g, v=None):
    graph_ = _graph_of(ev, S.AdjacencyList, g)
    if graph_ is None:
        return None
    vs = graph_.vertices
    if v is None:
        return _list(_list(vs[j] for j in _neighbours(graph_, i)) for i in range(len(vs)))
    if v not in graph_.index:
        ev.message(S.AdjacencyList, "inv", v, Expr(S.AdjacencyList, g, v))
        return None
    return _list(vs[j] for j in _neighbours(graph_, graph_.index[v]))


# ---------------------------------------------------------------------------- tests

def _test(name: str, usage: str):
    def register(predicate):
        def test(ev, g, *rest):
            if rest:
                return None
            if name != "GraphQ" and type(g) is not Graph:
                return FALSE
            return TRUE if predicate(g) else FALSE
        builtin(name, argc=(1, None), usage=usage)(test)
        return predicate
    return register


@_test("GraphQ", "GraphQ[g] is True if g is a graph.")
def _graph_q(g):
    return type(g) is Graph


@_test("DirectedGraphQ", "DirectedGraphQ[g] is True if every edge of the graph g is directed "
                         "(and it has one).")
def _directed_q(g):
    return g.directed


@_test("UndirectedGraphQ", "UndirectedGraphQ[g] is True if no edge of the graph g is directed.")
def _undirected_q(g):
    return all(e.head is UNDIRECTED for e in g.edges)


@_test("MixedGraphQ", "MixedGraphQ[g] is True if the graph g has directed and undirected edges.")
def _mixed_q(g):
    return g.mixed


@_test("LoopFreeGraphQ", "LoopFreeGraphQ[g] is True if no edge of g joins a vertex to itself.")
def _loop_free_q(g):
    return all(edge_ends(e)[0] != edge_ends(e)[1] for e in g.edges)


@_test("SimpleGraphQ", "SimpleGraphQ[g] is True if g is loop-free and has no two edges "
                       "between the same vertices.")
def _simple_q(g):
    seen = set()
    for e in g.edges:
        u, v = edge_ends(e)
        key = (u, v) if e.head is DIRECTED else frozenset((u, v))
        if u == v or key in seen:
            return False
        seen.add(key)
    return True


@_test("AcyclicGraphQ", "AcyclicGraphQ[g] is True if g has no cycle (a directed graph: no "
                        "directed cycle).")
def _acyclic_q(g):
    import networkx as nx
    if g.directed:
        return nx.is_directed_acyclic_graph(g.nx())
    return _loop_free_q(g) and nx.is_forest(nx.Graph(g.nx(as_undirected=True))) \
        and _simple_q(Graph(g.vertices, tuple(Expr(UNDIRECTED, *edge_ends(e)) for e in g.edges)))


@_test("ConnectedGraphQ", "ConnectedGraphQ[g] is True if every vertex of g can be reached "
                          "from every other (along edge directions when g is directed).")
def _connected_q(g):
    import networkx as nx
    if not g.vertices:
        return False
    return nx.is_strongly_connected(g.nx()) if g.directed or g.mixed \
        else nx.is_connected(g.nx())


# ---------------------------------------------------------------------------- algorithms

def _vertex(ev, sym, graph_: Graph, v, call) -> int | None:
    i = graph_.index.get(v)
    if i is None:
        ev.message(sym, "inv", v, call)
    return i


@builtin(argc=(1, 2), messages=MESSAGES,
         usage="TopologicalSort[g] orders the vertices of the directed acyclic graph g so that "
               "every edge goes from an earlier vertex to a later one (ties in g's vertex "
               "order).",
         examples=(("TopologicalSort[{3 -> 1, 1 -> 2}]", "{3, 1, 2}"),))
def TopologicalSort(ev, g, *rest):
    import networkx as nx
    if rest and read_options(ev, Expr(S.TopologicalSort, g, *rest), rest, {}) is None:
        return None                   # it takes no options (optx, or nonopt for a non-rule)
    graph_ = _graph_of(ev, S.TopologicalSort, g)
    if graph_ is None:
        return None
    nxg = graph_.nx()
    if graph_.edges and (not graph_.directed or not nx.is_directed_acyclic_graph(nxg)):
        ev.message(S.TopologicalSort, "ntdag", Expr(S.TopologicalSort, g))
        return None
    if not graph_.edges:
        return _list(graph_.vertices)
    order = nx.lexicographical_topological_sort(nxg)
    return _list(graph_.vertices[i] for i in order)


def _weight_attr(graph_: Graph, nxg):
    """Put the EdgeWeight option's weights on ``nxg``'s edges; the attribute name, or None
    (every edge weighs 1)."""
    weights = graph_.option("EdgeWeight")
    if not (type(weights) is Expr and weights.head is LIST
            and len(weights.args) == len(graph_.edges)):
        return None
    from wlnet.graphics.values import number
    values = [number(w) for w in weights.args]
    if any(w is None for w in values):
        return None
    for u, v, k in nxg.edges(keys=True):
        nxg.edges[u, v, k]["weight"] = values[k]
    return "weight"


@builtin(argc=1, messages=MESSAGES,
         usage="FindIndependentEdgeSet[g] gives a largest set of edges of g no two of which "
               "share a vertex (a maximum matching; edge directions ignored); with EdgeWeight, "
               "of the largest sets the one of greatest total weight.",
         examples=(("Length[FindIndependentEdgeSet[{1 -> 2, 2 -> 3, 3 -> 4}]]", "2"),))
def FindIndependentEdgeSet(ev, g):
    import networkx as nx
    sym = Symbol("FindIndependentEdgeSet")
    graph_ = _graph_of(ev, sym, g, 1, Expr(sym, g))
    if graph_ is None:
        return None
    # one simple undirected edge per pair of vertices (the heaviest of parallel edges),
    # remembering which of g's edges it is; loops cannot be in a matching
    weights = _edge_weights(graph_)
    simple = nx.Graph()
    simple.add_nodes_from(range(len(graph_.vertices)))
    for i, j, k in graph_.arcs():
        if i == j:
            continue
        old = simple.get_edge_data(i, j)
        if old is None or weights[k] > old["weight"]:
            simple.add_edge(i, j, weight=weights[k], edge=k)
    matching = nx.max_weight_matching(simple, maxcardinality=True, weight="weight")
    chosen = sorted(simple.edges[i, j]["edge"] for i, j in matching)
    return _list(graph_.edges[k] for k in chosen)


def _edge_weights(graph_: Graph) -> list:
    """The EdgeWeight of each edge (1 for all when the graph has none)."""
    weights = graph_.option("EdgeWeight")
    if type(weights) is Expr and weights.head is LIST and len(weights.args) == len(graph_.edges):
        from wlnet.graphics.values import number
        values = [number(w) for w in weights.args]
        if all(w is not None for w in values):
            return values
    return [1.0] * len(graph_.edges)


@builtin(argc=3, messages=MESSAGES,
         usage="FindShortestPath[g, s, t] gives the vertices of a shortest path from s to t "
               "in g (along edge directions; EdgeWeight used when given), {} if there is none.",
         examples=(("FindShortestPath[{1 -> 2, 2 -> 3, 1 -> 3}, 1, 3]", "{1, 3}"),))
def FindShortestPath(ev, g, s, t):
    import networkx as nx
    call = Expr(S.FindShortestPath, g, s, t)
    graph_ = _graph_of(ev, S.FindShortestPath, g, 1, call)
    if graph_ is None:
        return None
    i, j = (_vertex(ev, S.FindShortestPath, graph_, x, call) for x in (s, t))
    if i is None or j is None:
        return None
    nxg = graph_.nx()
    try:
        path = nx.shortest_path(nxg, i, j, weight=_weight_attr(graph_, nxg))
    except nx.NetworkXNoPath:
        return _list(())
    return _list(graph_.vertices[k] for k in path)


@builtin(argc=(2, 3), messages=MESSAGES,
         usage="GraphDistance[g, s, t] is the length of a shortest path from s to t in g "
               "(the sum of EdgeWeight along it when given), Infinity if there is none; "
               "GraphDistance[g, s] lists the distances from s to every vertex.",
         examples=(("GraphDistance[{1 <-> 2, 2 <-> 3}, 1, 3]", "2"),))
def GraphDistance(ev, g, s, t=None):
    import networkx as nx
    from wlnet.core.expr import from_python
    call = Expr(S.GraphDistance, g, s, *(() if t is None else (t,)))
    graph_ = _graph_of(ev, S.GraphDistance, g, 1, call)
    if graph_ is None:
        return None
    i = _vertex(ev, S.GraphDistance, graph_, s, call)
    if i is None:
        return None
    nxg = graph_.nx()
    weight = _weight_attr(graph_, nxg)
    lengths = nx.single_source_dijkstra_path_length(nxg, i, weight=weight or "_unit") \
        if weight else nx.single_source_shortest_path_length(nxg, i)

    infinity = ev.evaluate(INFINITY)

    def distance(k):
        return from_python(lengths[k]) if k in lengths else infinity

    if t is None:
        return _list(distance(k) for k in range(len(graph_.vertices)))
    j = _vertex(ev, S.GraphDistance, graph_, t, call)
    return None if j is None else distance(j)


def _components(graph_: Graph, groups) -> Expr:
    """Components as lists in g's vertex order, the largest first (ties: the one whose
    first vertex comes first)."""
    parts = [sorted(c) for c in groups]
    parts.sort(key=lambda c: (-len(c), c[0]))
    return _list(_list(graph_.vertices[i] for i in c) for c in parts)


@builtin(argc=1, messages=MESSAGES,
         usage="ConnectedComponents[g] gives the connected components of g (strongly "
               "connected ones for a directed graph), the largest first.",
         examples=(("ConnectedComponents[{1 <-> 2, 3 <-> 4, 4 <-> 5}]", "{{3, 4, 5}, {1, 2}}"),))
def ConnectedComponents(ev, g):
    import networkx as nx
    graph_ = _graph_of(ev, S.ConnectedComponents, g)
    if graph_ is None:
        return None
    nxg = graph_.nx()
    groups = nx.strongly_connected_components(nxg) if nxg.is_directed() \
        else nx.connected_components(nxg)
    return _components(graph_, groups)


@builtin(argc=1, messages=MESSAGES,
         usage="WeaklyConnectedComponents[g] gives the components of g when edge directions "
               "are ignored, the largest first.")
def WeaklyConnectedComponents(ev, g):
    import networkx as nx
    graph_ = _graph_of(ev, S.WeaklyConnectedComponents, g)
    if graph_ is None:
        return None
    return _components(graph_, nx.connected_components(graph_.nx(as_undirected=True)))


def _reach_builtin(name: str, reverse: bool):
    sym = Symbol(name)

    def reach(ev, g, v, k=None):
        import networkx as nx
        call = Expr(sym, g, v) if k is None else Expr(sym, g, v, k)
        steps = _reach_depth(k)
        if steps is False:
            ev.message(sym, "intpm", call, Integer(3))
            return None
        graph_ = _graph_of(ev, sym, g, 1, call)
        if graph_ is None:
            return None
        starts = [_vertex(ev, sym, graph_, x, call) for x in _many(v)]
        if None in starts:
            return None
        nxg = graph_.nx()
        if reverse and nxg.is_directed():
            nxg = nxg.reverse(copy=False)
        found = set(starts)
        for i in starts:
            if steps is None:
                found |= nx.descendants(nxg, i)
            else:                                  # within k steps of a start
                found |= set(nx.single_source_shortest_path_length(nxg, i, cutoff=steps))
        return _list(graph_.vertices[i] for i in sorted(found))

    what = "from which v can be reached" if reverse else "that can be reached from v"
    builtin(name, argc=(2, 3), messages=MESSAGES,
            usage=f"{name}[g, v] gives the vertices of g {what} (v included), in g's "
                  f"vertex order; v may be a list of vertices; {name}[g, v, k] those "
                  f"within k steps.")(reach)


def _reach_depth(k):
    """VertexOutComponent's third argument: None (no limit: absent or Infinity), a
    non-negative integer, or False when it is neither."""
    if k is None or k is S.Infinity or (type(k) is Expr and k.head is S.DirectedInfinity):
        return None
    if type(k) is Integer and k.value >= 0:
        return k.value
    return False


_reach_builtin("VertexInComponent", True)
_reach_builtin("VertexOutComponent", False)


# ---------------------------------------------------------------------------- editing

def _edges_arg(ev, sym, e, call) -> list | None:
    items = [e] if as_edge(e) is not None else _many(e)
    edges = [as_edge(x) for x in items]
    if any(x is None for x in edges):
        ev.message(sym, "inedge", next(x for x, y in zip(items, edges) if y is None))
        return None
    return edges


@builtin(argc=2, messages=MESSAGES,
         usage="VertexAdd[g, v] adds vertex v (or a list of them) to g.")
def VertexAdd(ev, g, v):
    graph_ = _graph_of(ev, S.VertexAdd, g, 1, Expr(S.VertexAdd, g, v))
    if graph_ is None:
        return None
    return make_graph(graph_.vertices + tuple(_many(v)), graph_.edges, graph_.options)


@builtin(argc=2, messages=MESSAGES,
         usage="VertexDelete[g, v] removes vertex v (or a list of them) and its edges from g.")
def VertexDelete(ev, g, v):
    graph_ = _graph_of(ev, S.VertexDelete, g, 1, Expr(S.VertexDelete, g, v))
    if graph_ is None:
        return None
    gone = set(_many(v))
    return Graph(tuple(x for x in graph_.vertices if x not in gone),
                 tuple(e for e in graph_.edges if not gone.intersection(edge_ends(e))),
                 _without_per_edge_options(graph_))


def _graph_and_edges(ev, sym, g, e):
    """(the graph, the edges e names) of EdgeAdd/EdgeDelete; None after a message."""
    call = Expr(sym, g, e)
    graph_ = _graph_of(ev, sym, g, 1, call)
    edges = None if graph_ is None else _edges_arg(ev, sym, e, call)
    return None if edges is None else (graph_, edges)


@builtin(argc=2, messages=MESSAGES,
         usage="EdgeAdd[g, e] adds edge e (or a list of them) to g, with any new vertices.")
def EdgeAdd(ev, g, e):
    found = _graph_and_edges(ev, S.EdgeAdd, g, e)
    if found is None:
        return None
    graph_, edges = found
    return make_graph(graph_.vertices, graph_.edges + tuple(edges),
                      _without_per_edge_options(graph_))


@builtin(argc=2, messages=MESSAGES,
         usage="EdgeDelete[g, e] removes edge e (or a list of them) from g; the vertices stay.")
def EdgeDelete(ev, g, e):
    found = _graph_and_edges(ev, S.EdgeDelete, g, e)
    if found is None:
        return None
    graph_, edges = found
    return Graph(graph_.vertices,
                 tuple(x for x in graph_.edges if not any(_same_edge(d, x) for d in edges)),
                 _without_per_edge_options(graph_))


@builtin(argc=2, messages=MESSAGES,
         usage="Subgraph[g, {v1, …}] is the graph of those vertices of g and the edges of g "
               "between them.")
def Subgraph(ev, g, vs):
    graph_ = _graph_of(ev, S.Subgraph, g, 1, Expr(S.Subgraph, g, vs))
    if graph_ is None:
        return None
    keep = set(_many(vs))
    return Graph(tuple(x for x in graph_.vertices if x in keep),
                 tuple(e for e in graph_.edges if keep.issuperset(edge_ends(e))),
                 _without_per_edge_options(graph_))


def _without_per_edge_options(graph_: Graph) -> tuple:
    """The options that still hold once edges or vertices change (a list of weights or
    coordinates, one per edge or vertex, would no longer line up)."""
    return tuple(o for o in graph_.options
                 if _option_name(o) not in ("EdgeWeight", "VertexWeight", "VertexCoordinates")
                 or not (type(o.args[1]) is Expr and o.args[1].head is LIST))


# ---------------------------------------------------------------------------- families

def _options_of(ev, sym, args, first) -> tuple | None:
    """The graph options ``args`` of ``sym[first, args…]``, or None after a message."""
    for rule in args:
        if not _is_rule(rule) or _option_name(rule) not in GRAPH_OPTIONS:
            ev.message(sym, "optx", rule.args[0] if _is_rule(rule) else rule,
                       Expr(sym, first, *args))
            return None
    return tuple(args)


def _directed(options) -> bool:
    return any(_option_name(o) == "DirectedEdges" and o.args[1] is TRUE for o in options)


@builtin(argc=(1, None), messages=MESSAGES,
         usage="PathGraph[{v1, v2, …}] is the path v1 - v2 - … (directed with "
               "DirectedEdges -> True).",
         examples=(("EdgeList[PathGraph[{a, b, c}]]",
                    "{UndirectedEdge[a, b], UndirectedEdge[b, c]}"),))
def PathGraph(ev, vs, *opts):
    options = _options_of(ev, S.PathGraph, opts, vs)
    if options is None:
        return None
    if not (type(vs) is Expr and vs.head is LIST):
        ev.message(S.PathGraph, "vlist", Expr(S.PathGraph, vs, *opts), 1)
        return None
    kind = DIRECTED if _directed(options) else UNDIRECTED
    items = vs.args
    return make_graph(items, [Expr(kind, a, b) for a, b in zip(items, items[1:])], options)


def _count_family(name: str, usage: str, edges_of):
    sym = Symbol(name)

    def family(ev, n, *opts):
        options = _options_of(ev, sym, opts, n)
        if options is None:
            return None
        if type(n) is not Integer or n.value < 0:
            ev.message(sym, "intp", Expr(sym, n, *opts), 1)
            return None
        kind = DIRECTED if _directed(options) else UNDIRECTED
        vertices = [Integer(i) for i in range(1, n.value + 1)]
        return make_graph(vertices, [Expr(kind, Integer(a), Integer(b))
                                     for a, b in edges_of(n.value)], options)

    builtin(name, argc=(1, None), messages=MESSAGES, usage=usage)(family)


_count_family("CycleGraph", "CycleGraph[n] is the cycle through vertices 1 … n.",
              lambda n: [(i, i % n + 1) for i in range(1, n + 1)] if n >= 3
              else [(1, 2)] if n == 2 else [])
_count_family("CompleteGraph", "CompleteGraph[n] joins every two of the vertices 1 … n.",
              lambda n: [(i, j) for i in range(1, n + 1) for j in range(i + 1, n + 1)])
_count_family("StarGraph", "StarGraph[n] joins vertex 1 to each of 2 … n.",
              lambda n: [(1, j) for j in range(2, n + 1)])


def _grid_edges(dims: list[int]) -> list[tuple[int, int]]:
    """The edges of the grid with the given side lengths, vertices numbered with the first
    coordinate varying fastest (as WL's GridGraph), sorted."""
    strides = np.cumprod([1] + dims[:-1])
    edges = []
    for index in np.ndindex(*reversed(dims)):
        coords = list(reversed(index))
        vertex = 1 + int(np.dot(coords, strides))
        for axis, size in enumerate(dims):
            if coords[axis] + 1 < size:
                edges.append((vertex, vertex + int(strides[axis])))
    return sorted(edges)


@builtin(argc=(1, None), messages=MESSAGES,
         usage="GridGraph[{m, n}] is the m × n grid graph (vertex i + m (j - 1) at row i, column "
               "j); GridGraph[{n1, n2, …, nk}] the k-dimensional grid.",
         examples=(("EdgeCount[GridGraph[{3, 4}]]", "17"),
                   ("EdgeList[GridGraph[{2, 2}]]", "{UndirectedEdge[1, 2], UndirectedEdge[1, 3], "
                                                   "UndirectedEdge[2, 4], UndirectedEdge[3, 4]}")))
def GridGraph(ev, dims, *opts):
    options = _options_of(ev, S.GridGraph, opts, dims)
    if options is None:
        return None
    sizes = [d.value for d in dims.args] if type(dims) is Expr and dims.head is LIST and \
        dims.args and all(type(d) is Integer and d.value > 0 for d in dims.args) else None
    if sizes is None:
        return None
    kind = DIRECTED if _directed(options) else UNDIRECTED
    vertices = [Integer(i) for i in range(1, int(np.prod(sizes)) + 1)]
    return make_graph(vertices, [Expr(kind, Integer(a), Integer(b))
                                 for a, b in _grid_edges(sizes)], options)


@builtin(argc=(1, None), messages=MESSAGES,
         usage="KaryTree[n] is the binary tree of n vertices (vertex i's children 2i and 2i + 1); "
               "KaryTree[n, k] the k-ary tree (children k (i - 1) + 2 … k i + 1).",
         examples=(("EdgeList[KaryTree[4]]", "{UndirectedEdge[1, 2], UndirectedEdge[1, 3], "
                                             "UndirectedEdge[2, 4]}"),
                   ("VertexDegree[KaryTree[5, 4], 1]", "4")))
def KaryTree(ev, n, *rest):
    k, opts = (rest[0], rest[1:]) if rest and type(rest[0]) is Integer else (Integer(2), rest)
    options = _options_of(ev, S.KaryTree, opts, n)
    if options is None:
        return None
    if type(n) is not Integer or n.value < 0 or k.value < 1:
        ev.message(S.KaryTree, "intp", Expr(S.KaryTree, n, *rest), 1)
        return None
    kind = DIRECTED if _directed(options) else UNDIRECTED
    edges = [(parent, child) for parent in range(1, n.value + 1)
             for child in range(k.value * (parent - 1) + 2, k.value * parent + 2)
             if child <= n.value]
    return make_graph([Integer(i) for i in range(1, n.value + 1)],
                      [Expr(kind, Integer(a), Integer(b)) for a, b in edges], options)
