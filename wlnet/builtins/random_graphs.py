"""RandomGraph: pseudorandom graphs for graph-learning programs.

    RandomGraph[{n, m}]                              n vertices 1 … n, m edges, uniformly
    RandomGraph[UniformGraphDistribution[n, m]]      the same
    RandomGraph[BernoulliGraphDistribution[n, p]]    each pair joined with probability p
    RandomGraph[spec, k]                             a list of k such graphs
    DirectedEdges -> True                            directed edges (ordered pairs); other
                                                     options are Graph's, kept on the graph

Simple graphs (no loops, no repeated edges); the session's generator (SeedRandom) draws
them.  The pairs are drawn as indices into the list of all possible pairs, so a graph
costs O(m) draws, not a loop over the n² pairs.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import float_value, int_value, is_list
from wlnet.builtins.graphs import GRAPH_OPTIONS, make_graph
from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.core.graph import DIRECTED, UNDIRECTED
from wlnet.core.registry import builtin, declare, split_options

declare("BernoulliGraphDistribution", usage="BernoulliGraphDistribution[n, p] is the "
        "distribution of graphs on n vertices whose pairs are joined with probability p.")
declare("UniformGraphDistribution", usage="UniformGraphDistribution[n, m] is the uniform "
        "distribution of graphs on n vertices with m edges.")

_OPTIONS = {"DirectedEdges": Symbol("False"), **{name: S.Automatic for name in GRAPH_OPTIONS
                                                if name != "DirectedEdges"}}
_MESSAGES = {
    "spec": "`1` is not a graph specification: give {n, m}, UniformGraphDistribution[n, m] "
            "or BernoulliGraphDistribution[n, p].",
    "edges": "A simple graph on `1` vertices has at most `2` edges, not `3`.",
    "count": "A non-negative number of graphs is expected at position 2 in `1`.",
}


def _pairs(n: int, directed: bool) -> int:
    return n * (n - 1) if directed else n * (n - 1) // 2


def _pair(index: np.ndarray, n: int, directed: bool):
    """The ends (1-based) of the pairs numbered ``index`` in the order (1,2), (1,3), …"""
    if directed:
        u, r = np.divmod(index, n - 1)
        return u + 1, r + (r >= u) + 1
    # row u holds the n - 1 - u pairs (u, v > u)
    starts = np.cumsum(np.r_[0, np.arange(n - 1, 0, -1)])
    u = np.searchsorted(starts, index, side="right") - 1
    return u + 1, index - starts[u] + u + 2


def _edges(rng, spec, n: int, directed: bool):
    """The chosen pairs' indices (sorted) for the spec, or None when it is not one."""
    total = _pairs(n, directed)
    if spec[0] == "uniform":
        return np.sort(rng.choice(total, size=spec[1], replace=False)) if total else \
            np.zeros(0, int)
    return np.flatnonzero(rng.random(total) < spec[1])


def _read_spec(spec):
    """("uniform", n, m) or ("bernoulli", n, p), or None."""
    if is_list(spec) and len(spec.args) == 2:
        n, m = int_value(spec.args[0]), int_value(spec.args[1])
        return None if n is None or m is None or n < 0 or m < 0 else ("uniform", n, m)
    if type(spec) is Expr and len(spec.args) == 2 and spec.head is S.UniformGraphDistribution:
        return _read_spec(Expr(S.List, *spec.args))
    if type(spec) is Expr and len(spec.args) == 2 and spec.head is S.BernoulliGraphDistribution:
        n, p = int_value(spec.args[0]), float_value(spec.args[1])
        return None if n is None or p is None or n < 0 or not 0 <= p <= 1 else \
            ("bernoulli", n, p)
    return None


@builtin("RandomGraph", argc=(1, None), messages=_MESSAGES, options=_OPTIONS,
         usage="RandomGraph[{n, m}] is a pseudorandom simple graph with n vertices and m "
               "edges; RandomGraph[BernoulliGraphDistribution[n, p]] joins each pair with "
               "probability p; RandomGraph[spec, k] gives k graphs.",
         examples=(("SeedRandom[1]; {VertexCount[#], EdgeCount[#]} &[RandomGraph[{10, 15}]]",
                    "{10, 15}"),))
def RandomGraph(ev, spec, *rest):
    split = split_options(rest, _OPTIONS)
    if split is None:
        return None
    positional, opts = split
    read = _read_spec(spec)
    if read is None:
        ev.message(S.RandomGraph, "spec", spec)
        return None
    kind, n, size = read
    directed = opts["DirectedEdges"] == Symbol("True")
    if kind == "uniform" and size > _pairs(n, directed):
        ev.message(S.RandomGraph, "edges", Integer(n), Integer(_pairs(n, directed)),
                   Integer(size))
        return None
    count = int_value(positional[0]) if positional else None
    if positional and (count is None or count < 0 or len(positional) > 1):
        ev.message(S.RandomGraph, "count", Expr(S.RandomGraph, spec, *rest))
        return None
    kept = [Expr(S.Rule, Symbol(k), v) for k, v in opts.items()
            if k != "DirectedEdges" and v is not S.Automatic]
    head = DIRECTED if directed else UNDIRECTED

    def one():
        index = _edges(ev.rng, (kind, size), n, directed)
        u, v = _pair(index, n, directed) if len(index) else ([], [])
        edges = [Expr(head, Integer(int(a)), Integer(int(b))) for a, b in zip(u, v)]
        return make_graph([Integer(i) for i in range(1, n + 1)], edges, kept)

    if count is None:
        return one()
    return Expr(S.List, *[one() for _ in range(count)])
