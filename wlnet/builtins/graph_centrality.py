"""Vertex centralities and the distance matrix of a graph, as graph-learning programs make
node features from them: DegreeCentrality, ClosenessCentrality, BetweennessCentrality,
EigenvectorCentrality, PageRankCentrality, GraphDistanceMatrix.  Each gives a list in the
order of VertexList[g] (a matrix for GraphDistanceMatrix).

    DegreeCentrality[g]          the vertex degrees (integers)
    ClosenessCentrality[g]       reachable count / total distance to the reachable vertices
                                 (0 for a vertex that reaches none)
    BetweennessCentrality[g]     the number of shortest paths between other vertices that
                                 pass through the vertex, shared equally among the ties
    EigenvectorCentrality[g]     the leading eigenvector of the adjacency matrix, total 1
    PageRankCentrality[g, α]     x = α Aᵀ D⁻¹ x + (1 - α)/n with total 1 (a vertex with no
                                 out-edges links to every vertex); α is 0.85 if omitted
    GraphDistanceMatrix[g]       the matrix of GraphDistance (Infinity where unreachable)

Directed graphs go along edge directions.  Centralities are machine numbers (the
degrees and distances integers).
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins.graphs import MESSAGES, _graph_of
from wlnet.core.expr import Expr, Integer, Real, S, Symbol
from wlnet.core.packed import list_from_array
from wlnet.core.registry import builtin


def _adjacency(graph_) -> np.ndarray:
    """Counts of edges i -> j (an undirected edge both ways, a loop once)."""
    n = len(graph_.vertices)
    a = np.zeros((n, n))
    for u, v, _ in graph_.nx().edges(keys=True):
        a[u, v] += 1
        if not graph_.nx().is_directed() and u != v:
            a[v, u] += 1
    return a


def _reals(values) -> Expr:
    return list_from_array(np.asarray(values, dtype=np.float64), owned=True)


def _centrality(name: str, usage: str, examples=()):
    def register(compute):
        def function(ev, g, *rest):
            graph_ = _graph_of(ev, Symbol(name), g)
            if graph_ is None:
                return None
            return compute(ev, graph_, *rest)
        builtin(name, argc=(1, 3), messages=MESSAGES, usage=usage, examples=examples)(function)
        return compute
    return register


@_centrality("DegreeCentrality", "DegreeCentrality[g] is the list of the degrees of g's "
             "vertices.", (("DegreeCentrality[StarGraph[4]]", "{3, 1, 1, 1}"),))
def _degree(ev, graph_, *rest):
    if rest:
        return None
    degrees = dict(graph_.nx().degree())
    return Expr.from_args(S.List, [Integer(degrees[i]) for i in range(len(graph_.vertices))])


def _distances(graph_) -> np.ndarray:
    import networkx as nx
    n = len(graph_.vertices)
    d = np.full((n, n), np.inf)
    for source, lengths in nx.all_pairs_shortest_path_length(graph_.nx()):
        for target, length in lengths.items():
            d[source, target] = length
    return d


@_centrality("ClosenessCentrality", "ClosenessCentrality[g] is, for each vertex, the number "
             "of vertices it reaches over the sum of its distances to them (0 if none).",
             (("ClosenessCentrality[PathGraph[{1, 2, 3}]]", "{0.6666666666666666, 1., "
                                                            "0.6666666666666666}"),))
def _closeness(ev, graph_, *rest):
    if rest:
        return None
    d = _distances(graph_)
    np.fill_diagonal(d, np.inf)
    reached = np.isfinite(d)
    totals = np.where(reached, d, 0).sum(axis=1)
    return _reals(np.where(totals > 0, reached.sum(axis=1) / np.maximum(totals, 1), 0.0))


@_centrality("BetweennessCentrality", "BetweennessCentrality[g] is, for each vertex, the "
             "number of shortest paths between pairs of other vertices through it (ties shared).",
             (("BetweennessCentrality[PathGraph[{1, 2, 3}]]", "{0., 1., 0.}"),))
def _betweenness(ev, graph_, *rest):
    import networkx as nx
    if rest:
        return None
    simple = nx.DiGraph(graph_.nx()) if graph_.nx().is_directed() else nx.Graph(graph_.nx())
    values = nx.betweenness_centrality(simple, normalized=False)
    return _reals([values[i] for i in range(len(graph_.vertices))])


@_centrality("EigenvectorCentrality", "EigenvectorCentrality[g] is the leading eigenvector of "
             "g's adjacency matrix, scaled to total 1.",
             (("EigenvectorCentrality[CycleGraph[4]] == {0.25, 0.25, 0.25, 0.25}", "True"),))
def _eigenvector(ev, graph_, *rest):
    if rest or not graph_.vertices:
        return None
    a = _adjacency(graph_)
    # the in-links decide a vertex's centrality: x = Aᵀ x / λ
    values, vectors = np.linalg.eig(a.T)
    leading = np.abs(vectors[:, np.argmax(values.real)].real)
    total = leading.sum()
    return _reals(leading / total if total > 0 else np.full(len(leading), 1 / len(leading)))


@_centrality("PageRankCentrality", "PageRankCentrality[g, α] is the page rank of each vertex "
             "with damping α (0.85 if omitted): x = α Aᵀ D⁻¹ x + (1 - α)/n, total 1.",
             (("PageRankCentrality[CycleGraph[3], 0.85] == {1/3, 1/3, 1/3}", "True"),))
def _page_rank(ev, graph_, alpha=None, *rest):
    if rest or not graph_.vertices:
        return None
    damping = 0.85
    if alpha is not None:
        value = ev.evaluate(Expr(S.N, alpha))
        if type(value) not in (Real, Integer) or not 0 <= float(value.value) <= 1:
            return None
        damping = float(value.value)
    a = _adjacency(graph_)
    n = len(a)
    out = a.sum(axis=1)
    transition = np.where(out[:, None] > 0, a / np.maximum(out[:, None], 1), 1.0 / n)
    x = np.linalg.solve(np.eye(n) - damping * transition.T, np.full(n, (1 - damping) / n))
    return _reals(x / x.sum())


@builtin(argc=1, messages=MESSAGES,
         usage="GraphDistanceMatrix[g] is the matrix of the distances between g's vertices "
               "(Infinity where there is no path).",
         examples=(("GraphDistanceMatrix[PathGraph[{a, b, c}]]",
                    "{{0, 1, 2}, {1, 0, 1}, {2, 1, 0}}"),))
def GraphDistanceMatrix(ev, g):
    graph_ = _graph_of(ev, S.GraphDistanceMatrix, g)
    if graph_ is None:
        return None
    d = _distances(graph_)
    return Expr.from_args(S.List, [Expr.from_args(S.List, [
        Integer(int(x)) if np.isfinite(x) else S.Infinity for x in row]) for row in d])
