"""Dendrogram: the tree of a hierarchical clustering, leaves along the bottom labelled by
their elements, each join drawn at the height of the dissimilarity where it happens.

Elements are numbers or vectors (Euclidean distance) or strings (edit distance);
``Dendrogram[{e1 -> l1, …}]`` labels the leaves, ``Dendrogram[<|l1 -> e1, …|>]`` too.
Clusters join by ``ClusterDissimilarityFunction`` ("Single" by default, as in the Wolfram
Language's Agglomerate; "Complete", "Average", "Centroid", "Median", "Ward").  Drawn by
SciPy's clustering (linkage and the dendrogram's coordinates), the picture ours.
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
    from scipy.cluster.hierarchy import dendrogram as tree_coordinates, linkage
    head = Symbol("Dendrogram")
    method_spec = next((r.args[1] for r in rest if is_rule(r)
                        and r.args[0] == Symbol("ClusterDissimilarityFunction")), None)
    rest = tuple(r for r in rest if not (is_rule(r)
                                         and r.args[0] == Symbol("ClusterDissimilarityFunction")))
    call = read_call(ev, head, (Expr(S.List), *rest))
    if call is None:
        return None
    method = _METHODS.get(method_spec.value if type(method_spec) is String else "Single")
    if method is None:
        ev.message(head, "dgmeth", method_spec)
        return None
    elements, labels = _elements_and_labels(data)
    distances = _distances(ev, elements) if elements and len(elements) >= 2 else None
    if distances is None:
        ev.message(head, "dgdata", data)
        return None
    if method in ("centroid", "median", "ward") and not all(type(e) is not String
                                                            for e in elements):
        method = "average"          # those need coordinates; strings have only distances
    tree = tree_coordinates(_in_data_order(linkage(distances, method=method), len(elements)),
                            no_plot=True)
    # SciPy places leaf k at x = 10 k + 5: scaled to 1, 2, …
    lines = [Expr(S.Line, from_python([[(x - 5) / 10 + 1, y] for x, y in zip(xs, ys)]))
             for xs, ys in zip(tree["icoord"], tree["dcoord"])]
    texts = [Expr(S.Text, labels[leaf], from_python([k + 1.0, 0.0]), from_python([0, 1.5]))
             for k, leaf in enumerate(tree["leaves"])]
    n = len(elements)
    top = max(max(ys) for ys in tree["dcoord"]) or 1.0
    defaults = [rule("Axes", FALSE), rule("AspectRatio", from_python(0.5)),
                rule("PlotRange", from_python([[0.5, n + 0.5], [-0.12 * top, 1.05 * top]])),
                rule("PlotRangePadding", Symbol("None"))]
    return graphics_result(call, [Expr(S.List, rgb_expr(_LINE), *lines), *texts], defaults)

