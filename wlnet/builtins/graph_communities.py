"""FindGraphCommunities: groups of vertices with many edges inside and few between, by
networkx's community algorithms, and AnnotationValue, which reads what a Graph's options
say about one vertex or edge (VertexLabels, VertexWeight, EdgeWeight, …).

Communities are found on the graph with edge directions dropped and parallel edges
merged into one edge of their summed weight (EdgeWeight, else 1 each); they come as lists
of vertices in the graph's order, the largest community first (ties: the one whose first
vertex comes first), as WL orders them.
"""

from __future__ import annotations

from wlnet.builtins.graphs import _graph_of, _list, as_edge
from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.core.graph import Graph, edge_ends
from wlnet.core.registry import builtin, split_options

_COMMUNITIES = Symbol("FindGraphCommunities")
_MESSAGES = {
    "graph": "A graph, or a list of edges, is expected at position `2` in `1`.",
    "method": "`1` is not a community method wlnet has: \"Modularity\", \"Centrality\", "
              "\"CliquePercolation\", \"VertexMoving\", \"Spectral\" or \"Hierarchical\".",
    "optx": "Unknown option `1` in `2`.",
}
# Louvain moves vertices at random; a fixed seed makes the answer the same on every run
_LOUVAIN_SEED = 1


def _weighted_simple_graph(graph_: Graph):
    """An undirected networkx Graph over vertex positions, parallel edges merged with
    their weights summed."""
    import networkx as nx
    from wlnet.graphics.values import number
    weights = graph_.option("EdgeWeight")
    values = [number(w) for w in weights.args] if type(weights) is Expr and \
        weights.head is S.List and len(weights.args) == len(graph_.edges) else None
    if values is not None and any(w is None for w in values):
        values = None
    g = nx.Graph()
    g.add_nodes_from(range(len(graph_.vertices)))
    index = graph_.index
    for k, e in enumerate(graph_.edges):
        u, v = (index[x] for x in edge_ends(e))
        w = values[k] if values is not None else 1.0
        if g.has_edge(u, v):
            g[u][v]["weight"] += w
        else:
            g.add_edge(u, v, weight=w)
    return g


def _modularity(g):
    import networkx as nx
    return nx.community.greedy_modularity_communities(g, weight="weight")


def _centrality(g):
    """Girvan–Newman: remove the edge of highest betweenness until the split of highest
    modularity is reached."""
    import networkx as nx
    if g.number_of_edges() == 0:
        return [{v} for v in g.nodes]
    best, best_q = [set(g.nodes)], nx.community.modularity(g, [set(g.nodes)], weight="weight")
    for split in nx.community.girvan_newman(g):
        q = nx.community.modularity(g, split, weight="weight")
        if q > best_q + 1e-12:
            best, best_q = [set(c) for c in split], q
    return best


def _clique_percolation(g):
    """3-clique percolation; vertices in no triangle are each a community of their own."""
    import networkx as nx
    found = [set(c) for c in nx.community.k_clique_communities(g, 3)]
    covered = set().union(*found) if found else set()
    return found + [{v} for v in g.nodes if v not in covered]


def _vertex_moving(g):
    import networkx as nx
    return nx.community.louvain_communities(g, weight="weight", seed=_LOUVAIN_SEED)


def _spectral(g):
    """Newman's leading-eigenvector method: split a community by the signs of the leading
    eigenvector of its modularity matrix while that raises the modularity, then split the
    parts the same way."""
    import networkx as nx
    import numpy as np
    nodes = list(g.nodes)
    a = nx.to_numpy_array(g, nodelist=nodes, weight="weight")
    k = a.sum(axis=1)
    two_m = k.sum()
    if two_m == 0:
        return [{v} for v in nodes]
    b = a - np.outer(k, k) / two_m
    pending, done = [np.arange(len(nodes))], []
    while pending:
        part = pending.pop()
        sub = b[np.ix_(part, part)]
        sub = sub - np.diag(sub.sum(axis=1))          # the generalised modularity matrix
        values, vectors = np.linalg.eigh(sub)
        lead = vectors[:, -1]
        side = lead > 0
        gain = side.astype(float) * 2 - 1
        if len(part) < 2 or values[-1] <= 1e-10 or gain @ sub @ gain <= 1e-10 \
                or side.all() or not side.any():
            done.append(part)
            continue
        pending += [part[side], part[~side]]
    return [{nodes[i] for i in part} for part in done]


def _hierarchical(g):
    """Agglomerative clustering of the vertices (average linkage of the cosine distance
    between their neighbourhoods, each vertex counted its own neighbour), cut at the
    level of highest modularity."""
    import networkx as nx
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    nodes = list(g.nodes)
    if len(nodes) < 2 or g.number_of_edges() == 0:
        return [{v} for v in nodes]
    a = nx.to_numpy_array(g, nodelist=nodes, weight="weight") + np.eye(len(nodes))
    unit = a / np.linalg.norm(a, axis=1, keepdims=True)
    distance = np.clip(1 - unit @ unit.T, 0, None)
    condensed = distance[np.triu_indices(len(nodes), 1)]
    tree = linkage(condensed, method="average")
    best, best_q = [set(nodes)], nx.community.modularity(g, [set(nodes)], weight="weight")
    for count in range(2, len(nodes) + 1):
        labels = fcluster(tree, count, criterion="maxclust")
        split = [{nodes[i] for i in np.flatnonzero(labels == c)} for c in np.unique(labels)]
        q = nx.community.modularity(g, split, weight="weight")
        if q > best_q + 1e-12:
            best, best_q = split, q
    return best


_METHODS = {"Modularity": _modularity, "Centrality": _centrality,
            "CliquePercolation": _clique_percolation, "VertexMoving": _vertex_moving,
            "Spectral": _spectral, "Hierarchical": _hierarchical}


@builtin("FindGraphCommunities", argc=(1, None), messages=_MESSAGES,
         usage="FindGraphCommunities[g] gives the communities of the graph g (or list of "
               "edges), lists of vertices with many edges inside and few between, the "
               "largest first; Method -> \"Modularity\" (default), \"Centrality\", "
               "\"CliquePercolation\", \"VertexMoving\", \"Spectral\" or \"Hierarchical\".",
         examples=(("FindGraphCommunities[{1 <-> 2, 2 <-> 3, 3 <-> 1, 3 <-> 4, 4 <-> 5, "
                    "5 <-> 6, 6 <-> 4}]", "{{1, 2, 3}, {4, 5, 6}}"),))
def find_graph_communities(ev, g, *rest):
    call = Expr(_COMMUNITIES, g, *rest)
    split = split_options(rest, {"Method": S.Automatic})
    if split is None or split[0]:
        bad = rest[-1] if rest else g
        ev.message(_COMMUNITIES, "optx", bad.args[0] if type(bad) is Expr and bad.args
                   else bad, call)
        return None
    method = split[1]["Method"]
    name = "Modularity" if method is S.Automatic else getattr(method, "value", None)
    if name not in _METHODS:
        ev.message(_COMMUNITIES, "method", method)
        return None
    graph_ = _graph_of(ev, _COMMUNITIES, g, 1, call)
    if graph_ is None:
        return None
    if not graph_.vertices:
        return _list([])
    groups = [sorted(c) for c in _METHODS[name](_weighted_simple_graph(graph_))]
    groups.sort(key=lambda c: (-len(c), c[0]))
    return _list(_list(graph_.vertices[i] for i in c) for c in groups)


# ---------------------------------------------------------------------------- AnnotationValue

_ANNOTATION_MESSAGES = {
    "item": "`1` is not a vertex or an edge of the graph.",
}
# options that hold one value per vertex (or edge), as a list in vertex order or rules
_VERTEX_KEYS = ("VertexLabels", "VertexWeight", "VertexCoordinates", "VertexStyle",
                "VertexSize", "VertexShapeFunction", "VertexLabelStyle")
_EDGE_KEYS = ("EdgeLabels", "EdgeWeight", "EdgeStyle", "EdgeLabelStyle",
              "EdgeShapeFunction")


def _item_value(graph_: Graph, key: str, item, position: int):
    """The value the option ``key`` gives the vertex or edge ``item`` (at ``position`` of
    the vertex or edge list), or None when it gives none."""
    spec = graph_.option(key)
    if spec is None:
        return None
    if type(spec) is Expr and spec.head is S.List and spec.args and not any(
            type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) for r in spec.args):
        return spec.args[position] if position < len(spec.args) else None
    is_rule = type(spec) is Expr and spec.head in (S.Rule, S.RuleDelayed)
    if not is_rule and not (type(spec) is Expr and spec.head is S.List):
        return spec                               # one setting for every vertex or edge
    rules = spec.args if not is_rule else (spec,)
    for r in rules:
        if type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and len(r.args) == 2 and \
                r.args[0] == item:
            return r.args[1]
    return None


def _annotation_rules(graph_: Graph, item):
    """The custom annotations AnnotationRules -> {item -> {key -> value, …}, …} gives."""
    spec = graph_.option("AnnotationRules")
    if type(spec) is not Expr or spec.head is not S.List:
        return {}
    for r in spec.args:
        if type(r) is Expr and r.head is S.Rule and len(r.args) == 2 and r.args[0] == item \
                and type(r.args[1]) is Expr and r.args[1].head is S.List:
            return {k.args[0]: k.args[1] for k in r.args[1].args
                    if type(k) is Expr and k.head is S.Rule and len(k.args) == 2}
    return {}


def _same_edge(edge, item) -> bool:
    """Whether ``item`` (an edge, rule or two-way rule) names the graph's ``edge``; an
    undirected edge either way round."""
    wanted = as_edge(item)
    if wanted is None:
        return False
    if edge == wanted:
        return True
    return edge.head is wanted.head and edge.head.name == "UndirectedEdge" and \
        list(edge_ends(edge)) == list(edge_ends(wanted))[::-1]


@builtin("AnnotationValue", argc=2, messages=_ANNOTATION_MESSAGES,
         usage="AnnotationValue[{g, v}, key] is the annotation key (VertexLabels, "
               "VertexWeight, EdgeWeight, a key of AnnotationRules, …) of the vertex or "
               "edge v of the graph g; Missing[\"Nonexistent\"] when g gives it none.",
         examples=(('AnnotationValue[{Graph[{1 <-> 2}, VertexLabels -> {1 -> "a"}], 1}, '
                    'VertexLabels]', '"a"'),))
def annotation_value(ev, target, key):
    if not (type(target) is Expr and target.head is S.List and len(target.args) == 2
            and type(target.args[0]) is Graph):
        return None
    graph_, item = target.args
    if type(key) is Expr and key.head is S.List:
        return _list([annotation_value(ev, target, k) for k in key.args])
    name = key.name if type(key) is Symbol else (key.value if type(key) is String else None)
    custom = _annotation_rules(graph_, item)
    if item in graph_.index:
        position, keys = graph_.index[item], _VERTEX_KEYS
    else:
        position = next((k for k, e in enumerate(graph_.edges) if _same_edge(e, item)), None)
        keys = _EDGE_KEYS
        if position is None:
            ev.message(Symbol("AnnotationValue"), "item", item)
            return None
    if key in custom:
        return custom[key]
    value = _item_value(graph_, name, item, position) if name in keys else None
    return value if value is not None else Expr(Symbol("Missing"), String("Nonexistent"))
