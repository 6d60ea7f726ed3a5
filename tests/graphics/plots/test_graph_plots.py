"""GraphPlot, LayeredGraphPlot and TreePlot: the Graphics they give, their layouts and
messages."""

import numpy as np

from tests.graphics.conftest import parts_with_head
from wlnet.core.expr import S
from wlnet.graphics.values import numeric_array


def centres(g):
    return np.array([numeric_array(d.args[0]) for d in parts_with_head(g, "Disk")])


def test_graph_plot_draws_a_vertex_per_vertex_and_an_edge_per_edge(session):
    g = session.evaluate('GraphPlot[{1 -> 2, 2 -> 3, 3 -> 1}, VertexLabels -> "Name"]')
    assert g.head is S.Graphics and not session.messages
    assert len(centres(g)) == 3
    assert session.evaluate("Count[%, _Arrow, Infinity]").value == 3
    assert session.evaluate("Cases[%%, Text[l_, __] :> l, Infinity]") == \
        session.evaluate("{1, 2, 3}")
    g = session.evaluate("GraphPlot[Graph[{a <-> b, b <-> c}]]")
    assert len(centres(g)) == 3


def test_layered_graph_plot_puts_each_layer_lower(session):
    pts = centres(session.evaluate("LayeredGraphPlot[{1 -> 2, 1 -> 3, 3 -> 4}]"))
    heights = pts[:, 1]
    assert heights[0] > heights[1] == heights[2] > heights[3]
    # LayeredGraphPlot[g, pos]: the first layer at that side
    for side, axis, sign in (("Left", 0, 1), ("Right", 0, -1), ("Bottom", 1, 1)):
        pts = centres(session.evaluate(f"LayeredGraphPlot[{{1 -> 2, 1 -> 3, 3 -> 4}}, {side}]"))
        along = sign * pts[:, axis]
        assert along[0] < along[1] == along[2] < along[3], side
    assert not session.messages


def test_tree_plot_grows_from_its_root(session):
    pts = centres(session.evaluate("TreePlot[{1 <-> 2, 1 <-> 3, 2 <-> 4, 2 <-> 5, 3 <-> 6}]"))
    depth = -pts[:, 1]
    assert depth.tolist() == [0, 1, 1, 2, 2, 2]
    assert pts[3, 0] < pts[5, 0] and pts[4, 0] < pts[5, 0]     # 2's children left of 3's
    pts = centres(session.evaluate("TreePlot[{1 <-> 2, 1 <-> 3, 2 <-> 4}, Top, 2]"))
    assert (-pts[:, 1]).tolist() == [1, 0, 2, 1]                # rooted at 2
    pts = centres(session.evaluate("TreePlot[{1 <-> 2, 1 <-> 3}, Left]"))
    assert pts[0, 0] < pts[1, 0] == pts[2, 0]                   # growing rightwards
    pts = centres(session.evaluate("TreePlot[{1 <-> 2, 1 <-> 3}, Bottom]"))
    assert pts[0, 1] < pts[1, 1] == pts[2, 1]                   # growing upwards


def test_graph_plot_messages(session):
    session.evaluate("GraphPlot[x]")
    assert session.messages[-1].startswith("GraphPlot::graph")
    session.evaluate("GraphPlot[{1 -> 2}, Foo -> 1]")
    assert session.messages[-1].startswith("GraphPlot::optx")
    session.evaluate("GraphPlot[{1 -> 2, 3}]")
    assert session.messages[-1].startswith("Graph::inedge")


def test_graph_plot_of_an_adjacency_matrix(session):
    g = session.evaluate("GraphPlot[{{0, 1, 1}, {1, 0, 0}, {1, 0, 0}}]")
    assert not session.messages and len(centres(g)) == 3
    assert len(parts_with_head(g, "Line")) == 2              # symmetric: undirected
    directed = session.evaluate("GraphPlot[{{0, 1, 0}, {0, 0, 1}, {0, 0, 0}}]")
    assert len(parts_with_head(directed, "Arrow")) == 2
    cycle = session.evaluate("GraphPlot[AdjacencyMatrix[CycleGraph[5]]]")
    assert len(centres(cycle)) == 5 and len(parts_with_head(cycle, "Line")) == 5


def test_vertex_style_and_edge_labels(session):
    g = session.evaluate('GraphPlot[Graph[{1 -> 2, 2 <-> 3}, VertexStyle -> {1 -> Red}, '
                         'EdgeLabels -> {(1 -> 2) -> "a", (3 <-> 2) -> "b"}]]')
    assert not session.messages
    labels = sorted(t.args[0].value for t in parts_with_head(g, "Text"))
    assert labels == ["a", "b"]
    assert session.evaluate("Count[%, RGBColor[1, 0, 0], Infinity]").value == 1
    every = session.evaluate("GraphPlot[{1 -> 2}, VertexStyle -> Blue]")
    assert session.evaluate("Count[%, RGBColor[0, 0, 1], Infinity]").value == 1
    assert every.head is S.Graphics
