"""AdjacencyGraph (wlnet/builtins/adjacency_graph.py): graphs from adjacency matrices, the
inverse of AdjacencyMatrix."""

import pytest

from tests.builtins._support import check, check_example, declared_examples, run


@pytest.mark.parametrize("name,text,expected", declared_examples("adjacency_graph"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_a_symmetric_matrix_gives_an_undirected_graph_unless_asked():
    check("EdgeList[AdjacencyGraph[{{0, 1, 1}, {1, 0, 1}, {1, 1, 0}}]]",
          "{UndirectedEdge[1, 2], UndirectedEdge[1, 3], UndirectedEdge[2, 3]}")
    check("EdgeList[AdjacencyGraph[{{0, 1}, {1, 0}}, DirectedEdges -> True]]",
          "{DirectedEdge[1, 2], DirectedEdge[2, 1]}")
    check("EdgeList[AdjacencyGraph[{{0, 1, 1}, {0, 0, 1}, {1, 0, 0}}]]",
          "{DirectedEdge[1, 2], DirectedEdge[1, 3], DirectedEdge[2, 3], "
          "DirectedEdge[3, 1]}")


def test_counts_loops_and_packed_matrices_round_trip_through_adjacency_matrix():
    for graph in ("Graph[{1 <-> 2, 2 <-> 3, 3 <-> 3, 1 <-> 2}]",
                  "Graph[{1 -> 2, 2 -> 1, 2 -> 2, 3 -> 1}]"):
        check(f"With[{{m = AdjacencyMatrix[{graph}]}}, AdjacencyMatrix[AdjacencyGraph[m]] == m]",
              "True")
    check("EdgeCount[AdjacencyGraph[IdentityMatrix[3]]]", "3")
    check("EdgeCount[AdjacencyGraph[ConstantArray[1, {300, 300}]]]", str(300 * 301 // 2))


def test_named_vertices_and_graph_options():
    check("VertexList[AdjacencyGraph[{x, y}, {{0, 1}, {1, 0}}, VertexLabels -> \"Name\"]]",
          "{x, y}")
    runner = run("AdjacencyGraph[{x, y, z}, {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}}]")
    assert not runner.messages
    check("VertexCount[AdjacencyGraph[{x, y, z}, {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}}]]", "3")


@pytest.mark.parametrize("text,tag", [
    ("AdjacencyGraph[{{0, 1}, {0}}]", "AdjacencyGraph::mat"),
    ("AdjacencyGraph[{{0, 1.5}, {0, 0}}]", "AdjacencyGraph::mat"),
    ("AdjacencyGraph[{{0, -1}, {-1, 0}}]", "AdjacencyGraph::mat"),
    ("AdjacencyGraph[{a}, {{0, 1}, {1, 0}}]", "AdjacencyGraph::vlist"),
    ("AdjacencyGraph[{a, a}, {{0, 1}, {1, 0}}]", "AdjacencyGraph::vlist"),
    ("AdjacencyGraph[{{0, 1}, {0, 0}}, DirectedEdges -> False]", "AdjacencyGraph::nsym"),
    ("AdjacencyGraph[{{0, 1}, {1, 0}}, Foo -> 1]", "AdjacencyGraph::optx"),
])
def test_bad_input_is_a_message_and_stays_unevaluated(text, tag):
    runner = run(text)
    assert runner.tags == [tag]
    assert runner.value.head.name == "AdjacencyGraph"
