"""``AdjacencyGraph``: the graph whose adjacency matrix is given (the inverse of
graphs.py's ``AdjacencyMatrix``).

Entry (i, j) of the matrix is the number of edges from the i-th vertex to the j-th.  A
symmetric matrix gives an undirected graph (each edge counted in both of its entries, a
loop once on the diagonal, as AdjacencyMatrix counts them), any other a directed one;
``DirectedEdges -> True`` makes a symmetric matrix's graph directed too.  Edges come in
row-major order of their entries.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins.graphs import GRAPH_OPTIONS, make_graph
from wlnet.core.expr import FALSE, TRUE, Expr, Integer, S, Symbol
from wlnet.core.graph import DIRECTED, UNDIRECTED
from wlnet.core.packed import packed_array
from wlnet.core.registry import builtin

_MESSAGES = {
    "mat": "The adjacency matrix `1` should be a square matrix of non-negative integers.",
    "vlist": "The vertex list `1` should hold `2` distinct vertices, one per row of the "
             "matrix.",
    "nsym": "The adjacency matrix `1` is not symmetric, so it cannot give an undirected "
            "graph (DirectedEdges -> False).",
    "optx": "Unknown option `1` in `2`.",
}


def _is_rule(e) -> bool:
    return type(e) is Expr and e.head in (S.Rule, S.RuleDelayed) and len(e.args) == 2


def _counts(matrix) -> np.ndarray | None:
    """The matrix as a square array of non-negative integer counts; None if it is not."""
    arr = packed_array(matrix)
    if arr is None:
        if type(matrix) is not Expr or matrix.head is not S.List:
            return None
        rows = []
        for row in matrix.args:
            if type(row) is not Expr or row.head is not S.List:
                return None
            if not all(type(x) is Integer for x in row.args):
                return None
            rows.append([x.value for x in row.args])
        if not rows or any(len(r) != len(rows) for r in rows):
            return None
        arr = np.array(rows, dtype=object)
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1] or arr.shape[0] == 0:
        return None
    if arr.dtype.kind not in "iuO" or (arr < 0).any():
        return None
    return arr.astype(np.int64)


def _edges(counts: np.ndarray, vertices: list, directed: bool) -> list:
    """The edges the counts stand for: every entry of a directed graph, the upper triangle
    with the diagonal of an undirected one."""
    kind = DIRECTED if directed else UNDIRECTED
    n = len(vertices)
    edges = []
    for i in range(n):
        for j in range(n) if directed else range(i, n):
            edges.extend([Expr(kind, vertices[i], vertices[j])] * int(counts[i, j]))
    return edges


@builtin("AdjacencyGraph", argc=(1, None), messages=_MESSAGES,
         usage="AdjacencyGraph[amat] is the graph on vertices 1, …, n with amat[[i, j]] edges "
               "from i to j (undirected when amat is symmetric); AdjacencyGraph[{v1, …}, "
               "amat] names the vertices; DirectedEdges -> True makes it directed; other "
               "options are Graph's.",
         examples=(("EdgeList[AdjacencyGraph[{{0, 1}, {0, 0}}]]", "{DirectedEdge[1, 2]}"),
                   ("EdgeList[AdjacencyGraph[{a, b, c}, {{0, 1, 0}, {1, 0, 1}, {0, 1, 0}}]]",
                    "{UndirectedEdge[a, b], UndirectedEdge[b, c]}")))
def AdjacencyGraph(ev, *args):
    head = Symbol("AdjacencyGraph")
    call = Expr(head, *args)
    positional = [a for a in args if not _is_rule(a)]
    options = [a for a in args if _is_rule(a)]
    if len(positional) not in (1, 2):
        return None
    for rule in options:
        name = rule.args[0]
        name = name.name if type(name) is Symbol else getattr(name, "value", None)
        if name not in GRAPH_OPTIONS:
            ev.message(head, "optx", rule.args[0], call)
            return None
    matrix = positional[-1]
    counts = _counts(matrix)
    if counts is None:
        ev.message(head, "mat", matrix)
        return None
    n = counts.shape[0]
    if len(positional) == 2:
        given = positional[0]
        if not (type(given) is Expr and given.head is S.List and len(given.args) == n
                and len(set(given.args)) == n):
            ev.message(head, "vlist", given, Integer(n))
            return None
        vertices = list(given.args)
    else:
        vertices = [Integer(k) for k in range(1, n + 1)]
    symmetric = bool((counts == counts.T).all())
    wanted = [r.args[1] for r in options if getattr(r.args[0], "name", None) == "DirectedEdges"]
    directed = not symmetric
    if wanted and wanted[-1] is TRUE:
        directed = True
    elif wanted and wanted[-1] is FALSE:
        if not symmetric:
            ev.message(head, "nsym", matrix)
            return None
    kept = [r for r in options if getattr(r.args[0], "name", None) != "DirectedEdges"]
    return make_graph(vertices, _edges(counts, vertices, directed), kept)
