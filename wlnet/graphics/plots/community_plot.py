"""CommunityGraphPlot: a graph drawn with its communities grouped, each in its colour on
a shaded region.

``CommunityGraphPlot[g]`` finds the communities by greedy modularity maximisation
(Clauset-Newman-Moore, as networkx computes it: deterministic), ``CommunityGraphPlot[g,
{{v11, v12, …}, …}]`` takes them as given (vertices in none form communities of their
own).  Each community is laid out by itself (a spring layout), and the communities are
then placed by a spring layout of the graph of communities (edges weighted by the edges
between them), spread so that they do not overlap.  The region behind a community is its
convex hull widened by a margin (a disk for one or two vertices).
"""

from __future__ import annotations

import math

import numpy as np

from wlnet.builtins.graphs import _graph_of
from wlnet.core.expr import Expr, Real, S, Symbol, from_python
from wlnet.core.graph import edge_ends
from wlnet.core.registry import builtin
from wlnet.graphics.style import DEFAULT_PLOT_COLOURS, rgb_expr
from wlnet.graphics.values import is_list, is_rule, option_name

_MESSAGES = {
    "graph": "A graph, or a list of edges, is expected at position `2` in `1`.",
    "comm": "`1` is not a list of communities: lists of vertices of the graph.",
    "optx": "Unknown option `1` in `2`.",
}
_OPTIONS = ("ImageSize", "PlotLabel", "VertexLabels", "CommunityBoundaryStyle",
            "CommunityRegionStyle", "Method")


def graph_communities(graph) -> list[list[int]]:
    """Communities of vertex positions, largest first (ties: by first vertex)."""
    import networkx as nx
    from networkx.algorithms.community import greedy_modularity_communities
    simple = nx.Graph(graph.nx(as_undirected=True))
    simple.remove_edges_from(nx.selfloop_edges(simple))
    if simple.number_of_edges() == 0:
        return [[i] for i in range(len(graph.vertices))]
    found = [sorted(c) for c in greedy_modularity_communities(simple)]
    return sorted(found, key=lambda c: (-len(c), c[0]))


def _given_communities(graph, spec) -> list[list[int]] | None:
    if not (is_list(spec) and all(is_list(c) for c in spec.args)):
        return None
    seen, found = set(), []
    for c in spec.args:
        members = [graph.index.get(v) for v in c.args]
        if any(m is None for m in members):
            return None
        members = [m for m in dict.fromkeys(members) if m not in seen]
        seen.update(members)
        if members:
            found.append(members)
    found += [[i] for i in range(len(graph.vertices)) if i not in seen]
    return found


def community_layout(graph, communities) -> np.ndarray:
    """Vertex positions (n x 2): each community spring-laid by itself, scaled by the
    square root of its size, the communities placed apart by the graph between them."""
    import networkx as nx
    whole = nx.Graph(graph.nx(as_undirected=True))
    positions = np.zeros((len(graph.vertices), 2))
    radii = []
    for members in communities:
        radius = 0.5 * math.sqrt(len(members))
        radii.append(radius)
        if len(members) == 1:
            continue
        spots = nx.spring_layout(whole.subgraph(members), seed=1)
        local = np.array([spots[m] for m in members])
        local -= local.mean(axis=0)
        local *= radius / max(np.linalg.norm(local, axis=1).max(), 1e-9)
        positions[members] = local
    which = {v: k for k, members in enumerate(communities) for v in members}
    between = nx.Graph()
    between.add_nodes_from(range(len(communities)))
    for u, v in whole.edges():
        a, b = which[u], which[v]
        if a != b:
            weight = between.get_edge_data(a, b, {"weight": 0})["weight"]
            between.add_edge(a, b, weight=weight + 1)
    centres = _spread(nx.spring_layout(between, seed=1, weight="weight"), radii)
    for k, members in enumerate(communities):
        positions[members] += centres[k]
    return positions


def _spread(spots, radii) -> np.ndarray:
    """Community centres from a layout scaled until no two regions overlap."""
    n = len(radii)
    if n == 1:
        return np.zeros((1, 2))
    centres = np.array([spots[k] for k in range(n)], dtype=float)
    gaps = [np.linalg.norm(centres[a] - centres[b]) / (radii[a] + radii[b] + 0.6)
            for a in range(n) for b in range(a + 1, n)]
    return centres / max(min(gaps), 1e-6)


def _region(points: np.ndarray, margin: float) -> Expr:
    """A community's region: its convex hull widened by ``margin``, or a disk."""
    if len(points) >= 3:
        from scipy.spatial import ConvexHull, QhullError
        try:
            hull = points[ConvexHull(points).vertices]
        except QhullError:             # on a line
            hull = None
        if hull is not None:
            centre = hull.mean(axis=0)
            away = hull - centre
            lengths = np.linalg.norm(away, axis=1, keepdims=True)
            widened = centre + away * (lengths + margin) / np.maximum(lengths, 1e-9)
            return Expr(S.Polygon, from_python(widened))
    centre = points.mean(axis=0)
    reach = np.linalg.norm(points - centre, axis=1).max() + margin
    return Expr(S.Disk, from_python(centre), Real(float(reach)))


@builtin("CommunityGraphPlot", argc=(1, None), messages=_MESSAGES,
         usage="CommunityGraphPlot[g] draws the graph g with its communities (found by "
               "modularity) grouped on shaded regions; CommunityGraphPlot[g, {{v11, …}, …}] "
               "with the communities given.",
         examples=(("Head[CommunityGraphPlot[{1 <-> 2, 2 <-> 3, 3 <-> 1, 3 <-> 4, 4 <-> 5, "
                    "5 <-> 6, 6 <-> 4}]]", "Graphics"),))
def community_graph_plot(ev, g, *rest):
    head = Symbol("CommunityGraphPlot")
    call = Expr(head, g, *rest)
    graph = _graph_of(ev, head, g, 1, call)
    if graph is None:
        return None
    positional = [r for r in rest if not is_rule(r)]
    options = {}
    for r in rest:
        if is_rule(r):
            if option_name(r) not in _OPTIONS:
                ev.message(head, "optx", r.args[0], call)
                return None
            options[option_name(r)] = r.args[1]
    communities = _given_communities(graph, positional[0]) if positional \
        else graph_communities(graph)
    if communities is None:
        ev.message(head, "comm", positional[0])
        return None
    return _picture(graph, communities, options)


def _picture(graph, communities, options) -> Expr:
    spots = community_layout(graph, communities) if graph.vertices else np.zeros((0, 2))
    regions, dots = [], []
    for k, members in enumerate(communities):
        colour = rgb_expr(DEFAULT_PLOT_COLOURS[k % len(DEFAULT_PLOT_COLOURS)])
        regions.append(Expr(S.List, colour, Expr(S.Opacity, Real(0.15)),
                            Expr(S.EdgeForm, Expr(S.Directive, colour, Expr(S.Opacity,
                                                                            Real(0.6)))),
                            _region(spots[members], 0.25)))
        dots.append(Expr(S.List, colour, Expr(S.PointSize, Real(0.025)),
                         Expr(S.Point, from_python(spots[members]))))
    edges = [Expr(S.Line, from_python([spots[graph.index[u]], spots[graph.index[v]]]))
             for u, v in (edge_ends(e) for e in graph.edges)]
    texts = []
    if options.get("VertexLabels", Symbol("None")) != Symbol("None"):     # each its name
        texts = [Expr(S.Text, v, from_python(spots[i] + [0.0, 0.18]))
                 for i, v in enumerate(graph.vertices)]
    shapes = [*regions, Expr(S.List, Expr(S.GrayLevel, Real(0.55)), *edges), *dots,
              Expr(S.List, Expr(S.GrayLevel, Real(0.2)), *texts)]
    rules = [Expr(S.Rule, Symbol(name), options[name]) for name in ("ImageSize", "PlotLabel")
             if name in options]
    return Expr(S.Graphics, Expr.from_args(S.List, shapes), *rules,
                Expr(S.Rule, Symbol("AspectRatio"), Symbol("Automatic")))
