"""ClusteringTree: the binary tree of a hierarchical clustering as a Graph."""

from tests.builtins._support import check
from wlnet.core.graph import Graph
from wlnet.syntax.printer import input_form


def test_the_tree_of_joins(session):
    t = session.evaluate("ClusteringTree[{1, 2, 5, 6, 10}]")
    assert type(t) is Graph and not session.messages
    assert input_form(session.evaluate("EdgeList[%]")) == (
        "{UndirectedEdge[6, 1], UndirectedEdge[6, 2], UndirectedEdge[7, 3], "
        "UndirectedEdge[7, 4], UndirectedEdge[8, 6], UndirectedEdge[8, 7], "
        "UndirectedEdge[9, 8], UndirectedEdge[9, 5]}")
    weights = t.option("VertexWeight")
    assert [w.value for w in weights.args] == [0, 0, 0, 0, 0, 1, 1, 3, 4]
    labels = {r.args[0].value: r.args[1].value for r in t.option("VertexLabels").args}
    assert labels == {1: 1, 2: 2, 3: 5, 4: 6, 5: 10}
    check("VertexCount[ClusteringTree[{\"cat\", \"cap\", \"dog\", \"dot\"}]]", "7")


def test_a_threshold_makes_close_clusters_single_leaves(session):
    t = session.evaluate("ClusteringTree[{1, 2, 5, 6, 10}, 2]")
    assert [v.value for v in t.vertices] == [1, 3, 5, 8, 9]
    labels = {r.args[0].value: input_form(r.args[1]) for r in t.option("VertexLabels").args}
    assert labels == {1: "{1, 2}", 3: "{5, 6}", 5: "10"}
    session.evaluate("ClusteringTree[{x}]")
    assert session.messages[-1].startswith("ClusteringTree::dgdata")


def test_vertex_size_zero_draws_no_dots(session):
    g = session.evaluate("GraphPlot[{1 -> 2}, VertexSize -> 0]")
    assert "Disk" not in input_form(g)
    g = session.evaluate("GraphPlot[{1 -> 2}, VertexSize -> Large]")
    assert "Disk" in input_form(g)
