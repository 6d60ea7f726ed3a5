"""Dendrogram: the tree of a hierarchical clustering, leaves along the bottom labelled by
their elements, each join drawn at the height of the dissimilarity where it happens.

Elements are numbers or vectors (Euclidean distance) or strings (edit distance);
``Dendrogram[{e1 -> l1, …}]`` labels the leaves, ``Dendrogram[<|l1 -> e1, …|>]`` too.
Clusters join by ``ClusterDissimilarityFunction`` ("Single" by default, as in the Wolfram
Language's Agglomerate; "Complete", "Average", "Centroid", "Median", "Ward").  Drawn by
SciPy's clustering (linkage and the dendrogram's coordinates), the picture ours.

ClusteringTree gives the same clustering as a Graph: a binary tree whose leaves are the
elements and whose inner vertices, weighted by the distance they join at, the joins.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import FALSE, Expr, S, String, Symbol, from_python
from wlnet.core.registry import builtin
from wlnet.graphics.plots.common import graphics_result, read_call, rule
from wlnet.graphics.style import rgb_expr
from wlnet.graphics.values import is_list, is_rule, numeric_array

MESSAGES = {
    "dgdata": "`1` is not a list of at least two numbers, vectors of one length, or strings.",
    "dgmeth": "`1` is not a cluster dissimilarity: \"Single\", \"Complete\", \"Average\", "
              "\"Centroid\", \"Median\" or \"Ward\".",
    "optx": "Unknown option `1` in `2`.",
}
_METHODS = {"Single": "single", "Complete": "complete", "Average": "average",
            "Centroid": "centroid", "Median": "median", "Ward": "ward"}
_LINE = (0.4, 0.4, 0.4)


def _elements_and_labels(data):
    """(elements, labels) of the data: a list (its elements label themselves), rules
    element -> label, or an Association label -> element."""
    if type(data) is Expr and data.head is S.Association:
        return [r.args[1] for r in data.args], [r.args[0] for r in data.args]
    if not is_list(data):
        return None, None
    if data.args and all(is_rule(a) for a in data.args):
        return [a.args[0] for a in data.args], [a.args[1] for a in data.args]
    return list(data.args), list(data.args)


def _distances(ev, elements) -> np.ndarray | None:
    """The condensed distance matrix of the elements (SciPy's pdist order)."""
    from scipy.spatial.distance import pdist
    if all(type(e) is String for e in elements):
        n = len(elements)
        return np.array([ev.evaluate(Expr(Symbol("EditDistance"), elements[i],
                                          elements[j])).value
                         for i in range(n) for j in range(i + 1, n)], dtype=float)
    arr = numeric_array(Expr.from_args(S.List, elements))
    if arr is None or arr.ndim not in (1, 2) or not np.isfinite(arr).all():
        return None
    return pdist(arr.reshape(len(elements), -1).astype(float))


def _in_data_order(joins: np.ndarray, n: int) -> np.ndarray:
    """SciPy's joins with the cluster holding the earlier element first in each, so that
    the leaves keep the data's order wherever the tree allows."""
    joins = joins.copy()
    first = list(range(n))                       # cluster id -> its earliest element
    for row in joins:
        a, b = int(row[0]), int(row[1])
        if first[b] < first[a]:
            row[0], row[1] = b, a
        first.append(min(first[a], first[b]))
    return joins


@builtin("Dendrogram", argc=(1, None), messages=MESSAGES,
         usage="Dendrogram[{e1, e2, …}] clusters the elements hierarchically and draws the "
               "tree of joins, the leaves labelled by the elements; Dendrogram[{e1 -> l1, …}] "
               "labels them li.  ClusterDissimilarityFunction -> \"Complete\", \"Average\"… "
               "chooses how clusters join.",
         examples=(("Head[Dendrogram[{1, 2, 5, 6, 10}]]", "Graphics"),))
def dendrogram(ev, data, *rest):
    from scipy.cluster.hierarchy import dendrogram as tree_coordinates
    head = Symbol("Dendrogram")
    method_spec = next((r.args[1] for r in rest if is_rule(r)
                        and r.args[0] == Symbol("ClusterDissimilarityFunction")), None)
    rest = tuple(r for r in rest if not (is_rule(r)
                                         and r.args[0] == Symbol("ClusterDissimilarityFunction")))
    call = read_call(ev, head, (Expr(S.List), *rest))
    if call is None:
        return None
    clustered = _linkage(ev, head, data, method_spec)
    if clustered is None:
        return None
    joins, labels = clustered
    tree = tree_coordinates(joins, no_plot=True)
    # SciPy places leaf k at x = 10 k + 5: scaled to 1, 2, …
    lines = [Expr(S.Line, from_python([[(x - 5) / 10 + 1, y] for x, y in zip(xs, ys)]))
             for xs, ys in zip(tree["icoord"], tree["dcoord"])]
    texts = [Expr(S.Text, labels[leaf], from_python([k + 1.0, 0.0]), from_python([0, 1.5]))
             for k, leaf in enumerate(tree["leaves"])]
    n = len(labels)
    top = max(max(ys) for ys in tree["dcoord"]) or 1.0
    defaults = [rule("Axes", FALSE), rule("AspectRatio", from_python(0.5)),
                rule("PlotRange", from_python([[0.5, n + 0.5], [-0.12 * top, 1.05 * top]])),
                rule("PlotRangePadding", Symbol("None"))]
    return graphics_result(call, [Expr(S.List, rgb_expr(_LINE), *lines), *texts], defaults)



# ---------------------------------------------------------------------------- ClusteringTree

def _linkage(ev, head, data, method_spec):
    """(joins, labels) of the hierarchical clustering of ``data``, or None after a
    message: SciPy's linkage with the joins in data order."""
    from scipy.cluster.hierarchy import linkage
    method = _METHODS.get(method_spec.value if type(method_spec) is String else "Single")
    if method is None:
        ev.message(head, "dgmeth", method_spec)
        return None
    elements, labels = _elements_and_labels(data)
    distances = _distances(ev, elements) if elements and len(elements) >= 2 else None
    if distances is None:
        ev.message(head, "dgdata", data)
        return None
    if method in ("centroid", "median", "ward") and any(type(e) is String for e in elements):
        method = "average"          # those need coordinates; strings have only distances
    return _in_data_order(linkage(distances, method=method), len(elements)), labels


def clustering_tree_parts(joins: np.ndarray, n: int, below: float | None):
    """(edges as (parent, child) vertex numbers, vertex -> weight, leaf vertex -> element
    indices) of the binary tree of the joins: leaves 1 … n in data order, the k-th join
    the vertex n + k, the root last.  With ``below``, a cluster joined at a distance under
    it is one leaf holding all its elements."""
    members = {i: [i] for i in range(n)}            # SciPy cluster id -> element indices
    vertex_of, edges, weights, leaves = {}, [], {}, {}
    for i in range(n):
        vertex_of[i] = i + 1
        leaves[i + 1] = [i]
        weights[i + 1] = 0.0
    for k, (a, b, height, _) in enumerate(joins):
        a, b, cid = int(a), int(b), n + k
        members[cid] = members[a] + members[b]
        if below is not None and height < below:    # one leaf: the two merged
            vertex = min(vertex_of[a], vertex_of[b])
            for gone in (vertex_of[a], vertex_of[b]):
                leaves.pop(gone, None)
                weights.pop(gone, None)
            edges = [e for e in edges if e[0] not in (vertex_of[a], vertex_of[b])]
            leaves[vertex] = sorted(members[cid])
            weights[vertex] = 0.0
            vertex_of[cid] = vertex
            continue
        vertex = n + k + 1
        vertex_of[cid] = vertex
        weights[vertex] = float(height)
        edges += [(vertex, vertex_of[a]), (vertex, vertex_of[b])]
    return edges, weights, leaves


@builtin("ClusteringTree", argc=(1, None), messages=MESSAGES,
         usage="ClusteringTree[{e1, e2, …}] is the binary tree (a Graph) of the hierarchical "
               "clustering of the elements: leaves 1 … n labelled by them, each join a vertex "
               "weighted by the distance it joins at; ClusteringTree[data, h] makes the "
               "clusters joined under distance h single leaves.",
         examples=(("VertexCount[ClusteringTree[{1, 2, 10}]]", "5"),))
def clustering_tree(ev, data, *rest):
    from wlnet.builtins.graphs import GRAPH_OPTIONS, make_graph
    from wlnet.core.expr import Integer, Real
    head = Symbol("ClusteringTree")
    positional = [r for r in rest if not is_rule(r)]
    rules = [r for r in rest if is_rule(r)]
    method_spec = next((r.args[1] for r in rules
                        if r.args[0] == Symbol("ClusterDissimilarityFunction")), None)
    for r in rules:
        name = r.args[0].name if type(r.args[0]) is Symbol else None
        if name not in (*GRAPH_OPTIONS, "ClusterDissimilarityFunction"):
            ev.message(head, "optx", r.args[0], Expr(head, data, *rest))
            return None
    below = None
    if positional:
        below = numeric_array(positional[0])
        if below is None or below.ndim != 0:
            ev.message(head, "dgdata", positional[0])
            return None
        below = float(below)
    found = _linkage(ev, head, data, method_spec)
    if found is None:
        return None
    joins, labels = found
    edges, weights, leaves = clustering_tree_parts(joins, len(labels), below)
    vertices = sorted(weights)
    leaf_label = {v: labels[m[0]] if len(m) == 1 else
                  Expr.from_args(S.List, [labels[i] for i in m]) for v, m in leaves.items()}
    root = max(vertices)
    options = [r for r in rules if r.args[0] != Symbol("ClusterDissimilarityFunction")]
    options += [
        Expr(S.Rule, Symbol("VertexWeight"), Expr.from_args(S.List, [Real(weights[v])
                                                                     for v in vertices])),
        Expr(S.Rule, Symbol("VertexLabels"), Expr.from_args(
            S.List, [Expr(S.Rule, Integer(v), leaf_label[v]) for v in vertices
                     if v in leaf_label])),
        Expr(S.Rule, Symbol("GraphLayout"), Expr(S.List, String("LayeredEmbedding"),
                                                 Expr(S.Rule, String("RootVertex"),
                                                      Integer(root)))),
        Expr(S.Rule, Symbol("EdgeStyle"), Expr(S.GrayLevel, Real(0.65))),
        Expr(S.Rule, Symbol("VertexSize"), Integer(0))]
    tree_edges = [Expr(Symbol("UndirectedEdge"), Integer(p), Integer(c)) for p, c in edges]
    return make_graph([Integer(v) for v in vertices], tree_edges, options)
