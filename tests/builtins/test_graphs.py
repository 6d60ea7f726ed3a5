"""Graph and the functions that read, query and edit one (hand-written Wolfram answers:
Mathics3 as installed here has no graph functions)."""

import pytest

from tests.builtins._support import Runner, check, check_example, declared_examples, run
from wlnet.core.graph import Graph
from wlnet.syntax.printer import input_form, output_form

G = "g = Graph[{1 -> 2, 2 -> 3, 3 -> 1, 3 -> 4}]; "
MIXED = "m = Graph[{a, b, c, d}, {a <-> b, b -> c}]; "


@pytest.mark.parametrize("text,expected", [
    # construction: rules are directed edges, two-way rules undirected; vertices in order
    ("VertexList[Graph[{1 -> 2, 2 -> 3, 3 -> 1}]]", "{1, 2, 3}"),
    ("EdgeList[Graph[{x -> y, y <-> z}]]", "{DirectedEdge[x, y], UndirectedEdge[y, z]}"),
    ("VertexList[Graph[{c, b}, {a -> b}]]", "{c, b, a}"),
    ("EdgeList[Graph[{1 -> 2}, DirectedEdges -> False]]", "{UndirectedEdge[1, 2]}"),
    ("VertexList[Graph[{1, 2, 3}]]", "{1, 2, 3}"),
    ("EdgeCount[Graph[{1, 2, 3}]]", "0"),
    ("AtomQ[Graph[{1 -> 2}]]", "True"),
    ("Graph[{1 -> 2}] === Graph[{1, 2}, {DirectedEdge[1, 2]}]", "True"),
    ("MatchQ[Graph[{1 -> 2}], _Graph]", "True"),
    # a list of edges serves where a graph is expected
    ("VertexList[{a -> b, b -> c}]", "{a, b, c}"),
    ("EdgeRules[Graph[{1 <-> 2, 2 -> 3}]]", "{1 -> 2, 2 -> 3}"),
    (G + "{VertexCount[g], EdgeCount[g], VertexCount[g, _?EvenQ]}", "{4, 4, 2}"),
    (G + "EdgeList[g, DirectedEdge[3, _]]", "{DirectedEdge[3, 1], DirectedEdge[3, 4]}"),
    # degrees: in + out; an undirected edge counts at both ends either way
    (G + "{VertexDegree[g], VertexInDegree[g], VertexOutDegree[g], VertexDegree[g, 3]}",
     "{{2, 2, 3, 1}, {1, 1, 1, 1}, {1, 1, 2, 0}, 3}"),
    (MIXED + "{VertexDegree[m], VertexInDegree[m], VertexOutDegree[m]}",
     "{{1, 2, 1, 0}, {1, 1, 1, 0}, {1, 2, 0, 0}}"),
    (G + "AdjacencyMatrix[g]", "{{0, 1, 0, 0}, {0, 0, 1, 0}, {1, 0, 0, 1}, {0, 0, 0, 0}}"),
    ("AdjacencyMatrix[Graph[{1 <-> 2}]]", "{{0, 1}, {1, 0}}"),
    # the Kirchhoff matrix: degree (out-degree when directed) minus the simple adjacency
    (G + "KirchhoffMatrix[g]",
     "{{1, -1, 0, 0}, {0, 1, -1, 0}, {-1, 0, 2, -1}, {0, 0, 0, 0}}"),
    ("KirchhoffMatrix[Graph[{1 <-> 2, 1 <-> 2, 2 <-> 2, 2 <-> 3}]] == "
     "KirchhoffMatrix[Graph[{1 <-> 2, 2 <-> 3}]]", "True"),
    ("KirchhoffMatrix[Graph[{a <-> b, b <-> c, c <-> a, c <-> d}]]",
     "{{2, -1, -1, 0}, {-1, 2, -1, 0}, {-1, -1, 3, -1}, {0, 0, -1, 1}}"),
    ("Total[KirchhoffMatrix[Graph[{1 <-> 2, 2 <-> 3, 3 <-> 4}]], {2}]", "{0, 0, 0, 0}"),
    ("KirchhoffMatrix[Graph[{1, 2}, {}]]", "{{0, 0}, {0, 0}}"),
    ("AdjacencyList[{1 -> 2, 3 -> 1}, 1]", "{2, 3}"),
    ("AdjacencyList[{1 -> 2, 3 -> 1}]", "{{2, 3}, {1}, {1}}"),
    # tests
    ("{GraphQ[Graph[{1 -> 2}]], GraphQ[{1 -> 2}], DirectedGraphQ[Graph[{1 -> 2}]], "
     "UndirectedGraphQ[Graph[{1 <-> 2}]], MixedGraphQ[Graph[{1 <-> 2, 2 -> 3}]]}",
     "{True, False, True, True, True}"),
    ("{DirectedGraphQ[Graph[{1, 2}]], UndirectedGraphQ[Graph[{1, 2}]]}", "{False, True}"),
    (G + "{AcyclicGraphQ[g], AcyclicGraphQ[Graph[{1 -> 2, 1 -> 3, 2 -> 3}]], "
         "AcyclicGraphQ[PathGraph[{1, 2, 3}]], AcyclicGraphQ[CycleGraph[4]]}",
     "{False, True, True, False}"),
    ("{LoopFreeGraphQ[Graph[{1 -> 1}]], SimpleGraphQ[Graph[{1 -> 2, 1 -> 2}]], "
     "SimpleGraphQ[Graph[{1 -> 2, 2 -> 1}]]}", "{False, False, True}"),
    (G + "{ConnectedGraphQ[g], ConnectedGraphQ[Graph[{1 -> 2, 2 -> 1}]], "
         "ConnectedGraphQ[Graph[{1 <-> 2, 3 <-> 4}]]}", "{False, True, False}"),
    (G + "{VertexQ[g, 4], VertexQ[g, 5], EdgeQ[g, 3 -> 4], EdgeQ[g, 4 -> 3]}",
     "{True, False, True, False}"),
    (MIXED + "EdgeQ[m, b <-> a]", "True"),
    # algorithms
    ("TopologicalSort[{3 -> 1, 1 -> 2, 3 -> 2}]", "{3, 1, 2}"),
    ("TopologicalSort[Graph[{d, c, b, a}, {a -> b}]]", "{d, c, a, b}"),
    ("FindShortestPath[{1 -> 2, 2 -> 3, 1 -> 3}, 1, 3]", "{1, 3}"),
    ("FindShortestPath[{1 -> 2, 2 -> 3}, 3, 1]", "{}"),
    ("FindShortestPath[Graph[{1 -> 2, 2 -> 3, 1 -> 3}, EdgeWeight -> {1, 1, 5}], 1, 3]",
     "{1, 2, 3}"),
    ("GraphDistance[{1 <-> 2, 2 <-> 3}, 1, 3]", "2"),
    ("GraphDistance[{1 -> 2}, 2, 1]", "DirectedInfinity[1]"),
    ("GraphDistance[{1 -> 2, 2 -> 3}, 1]", "{0, 1, 2}"),
    ("GraphDistance[Graph[{1 <-> 2, 2 <-> 3}, EdgeWeight -> {0.5, 2}], 1, 3]", "2.5"),
    ("ConnectedComponents[{1 <-> 2, 3 <-> 4, 4 <-> 5}]", "{{3, 4, 5}, {1, 2}}"),
    ("ConnectedComponents[{1 -> 2, 2 -> 1, 3 -> 1}]", "{{1, 2}, {3}}"),
    ("WeaklyConnectedComponents[{1 -> 2, 3 -> 4, 4 -> 5}]", "{{3, 4, 5}, {1, 2}}"),
    ("VertexOutComponent[{1 -> 2, 2 -> 3, 4 -> 1}, 1]", "{1, 2, 3}"),
    # within k steps (a class hierarchy walked one level at a time)
    ("VertexOutComponent[{0 -> 1, 0 -> 2, 1 -> 3, 2 -> 4, 4 -> 5}, {0}, 1]", "{0, 1, 2}"),
    ("VertexOutComponent[{0 -> 1, 0 -> 2, 1 -> 3, 2 -> 4, 4 -> 5}, 2, Infinity]", "{2, 4, 5}"),
    ("VertexInComponent[{0 -> 1, 0 -> 2, 1 -> 3, 2 -> 4, 4 -> 5}, 5, 2]", "{2, 4, 5}"),
    ("VertexOutComponent[{1 <-> 2, 2 <-> 3}, 1, 1]", "{1, 2}"),
    # a maximum matching; with weights the heaviest of the largest (box matching by IoU)
    ("FindIndependentEdgeSet[{1 -> 2, 2 -> 3, 3 -> 4}]", "{DirectedEdge[1, 2], DirectedEdge[3, 4]}"),
    ("Length[FindIndependentEdgeSet[Graph[{1 <-> 2, 2 <-> 3, 3 <-> 4, 4 <-> 5, 5 <-> 6, 6 <-> 1}]]]", "3"),
    ("FindIndependentEdgeSet[Graph[{{1, 1} -> {2, 1}, {1, 1} -> {2, 2}, {1, 2} -> {2, 1}, "
     "{1, 2} -> {2, 2}}, EdgeWeight -> {0.1, 0.9, 0.8, 0.2}]]",
     "{DirectedEdge[{1, 1}, {2, 2}], DirectedEdge[{1, 2}, {2, 1}]}"),
    ("VertexInComponent[{1 -> 2, 2 -> 3, 4 -> 1}, 2]", "{1, 2, 4}"),
    # editing keeps what it can
    (G + "EdgeList[EdgeAdd[g, 4 -> 5]][[-1]]", "DirectedEdge[4, 5]"),
    (G + "VertexList[EdgeAdd[g, {4 -> 5, 5 -> 6}]]", "{1, 2, 3, 4, 5, 6}"),
    (G + "EdgeList[VertexDelete[g, 3]]", "{DirectedEdge[1, 2]}"),
    (G + "EdgeList[EdgeDelete[g, 3 -> 1]]",
     "{DirectedEdge[1, 2], DirectedEdge[2, 3], DirectedEdge[3, 4]}"),
    (G + "VertexList[VertexAdd[g, {7, 1}]]", "{1, 2, 3, 4, 7}"),
    (G + "EdgeList[Subgraph[g, {1, 2, 3}]]",
     "{DirectedEdge[1, 2], DirectedEdge[2, 3], DirectedEdge[3, 1]}"),
    # families
    ("EdgeList[PathGraph[{a, b, c}]]", "{UndirectedEdge[a, b], UndirectedEdge[b, c]}"),
    ("EdgeList[PathGraph[{a, b}, DirectedEdges -> True]]", "{DirectedEdge[a, b]}"),
    ("{EdgeCount[CompleteGraph[5]], EdgeCount[CycleGraph[6]], VertexDegree[StarGraph[4]]}",
     "{10, 6, {3, 1, 1, 1}}"),
    # a grid numbers its vertices with the first coordinate fastest
    ("EdgeList[GridGraph[{2, 3}]]", "{UndirectedEdge[1, 2], UndirectedEdge[1, 3], "
     "UndirectedEdge[2, 4], UndirectedEdge[3, 4], UndirectedEdge[3, 5], UndirectedEdge[4, 6], "
     "UndirectedEdge[5, 6]}"),
    ("{VertexCount[GridGraph[{2, 2, 2}]], EdgeCount[GridGraph[{2, 2, 2}]]}", "{8, 12}"),
    ("EdgeList[GridGraph[{2, 1}, DirectedEdges -> True]]", "{DirectedEdge[1, 2]}"),
    ("EdgeList[KaryTree[6, 3]]", "{UndirectedEdge[1, 2], UndirectedEdge[1, 3], "
     "UndirectedEdge[1, 4], UndirectedEdge[2, 5], UndirectedEdge[2, 6]}"),
    ("VertexDegree[KaryTree[7]]", "{2, 3, 3, 1, 1, 1, 1}"),
])
def test_graph_functions(text, expected):
    check(text, expected)


@pytest.mark.parametrize("text,messages", [
    ("Graph[{1 -> 2}, Foo -> 3]", ["Graph::optx"]),
    ("Graph[{1, 2}, {3}]", ["Graph::inedge"]),
    ("VertexList[5]", ["VertexList::graph"]),
    ("KirchhoffMatrix[5]", ["KirchhoffMatrix::graph"]),
    ("VertexDegree[Graph[{1 -> 2}], 7]", ["VertexDegree::inv"]),
    ("FindShortestPath[{1 -> 2}, 1, 9]", ["FindShortestPath::inv"]),
    ("TopologicalSort[Graph[{1 -> 2, 2 -> 1}]]", ["TopologicalSort::ntdag"]),
    # it takes no options: a rule or a second argument was silently ignored
    ("TopologicalSort[{1 -> 2}, Foo -> 1]", ["TopologicalSort::optx"]),
    ("TopologicalSort[{1 -> 2}, 4]", ["TopologicalSort::nonopt"]),
    ("EdgeAdd[Graph[{1 -> 2}], 3]", ["EdgeAdd::inedge"]),
    ("CycleGraph[-1]", ["CycleGraph::intp"]),
])
def test_bad_input_is_a_message_and_stays_unevaluated(text, messages):
    r = Runner()
    got = r.run(text)
    assert r.tags == messages
    assert got.head.name == text.split("[", 1)[0]


def test_a_graph_prints_as_wl_does_and_reads_back():
    r = Runner()
    g = r.run("g = Graph[{1 -> 2, 2 <-> 3}, VertexLabels -> \"Name\"]")
    assert type(g) is Graph
    assert output_form(g) == "Graph[<3>, <2>]"
    text = input_form(g)
    assert text == ('Graph[{1, 2, 3}, {DirectedEdge[1, 2], UndirectedEdge[2, 3]}, '
                    'VertexLabels -> "Name"]')
    assert r.run(text + " === g") == r.run("True")


def test_graph_of_a_graph_adds_options_and_replaces_old_ones():
    check('Graph[Graph[{1 -> 2}, ImageSize -> 100], ImageSize -> 200, VertexLabels -> "Name"]'
          ' // InputForm // ToString',
          '"Graph[{1, 2}, {DirectedEdge[1, 2]}, ImageSize -> 200, VertexLabels -> \\"Name\\"]"')


@pytest.mark.parametrize("name,text,expected", declared_examples("graphs"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_an_unknown_option_of_a_graph_family_names_the_whole_call():
    r = run("StarGraph[4, x]")
    assert r.messages == ["StarGraph::optx: Unknown option x in StarGraph[4, x]."]
