"""FindGraphCommunities and AnnotationValue (wlnet/builtins/graph_communities.py)."""

import pytest

from tests.builtins._support import check, check_example, declared_examples

BARBELL = ("Graph[{1 <-> 2, 2 <-> 3, 1 <-> 3, 3 <-> 4, 4 <-> 5, 7 <-> 6, 8 <-> 6, 5 <-> 7, "
           "7 <-> 8}]")
ANNOTATED = ('Graph[{1 <-> 2, 2 <-> 3}, VertexLabels -> {1 -> "a"}, EdgeWeight -> {5, 7}, '
             'VertexWeight -> {10, 20, 30}, AnnotationRules -> {2 -> {"color" -> "red"}}]')


@pytest.mark.parametrize("name,text,expected", declared_examples("graph_communities"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text,expected", [
    # two triangles joined by a path: each triangle a community, the path between
    (f"FindGraphCommunities[{BARBELL}]", "{{1, 2, 3}, {7, 6, 8}, {4, 5}}"),
    (f"FindGraphCommunities[{BARBELL}, Method -> \"VertexMoving\"]",
     "{{1, 2, 3}, {7, 6, 8}, {4, 5}}"),
    # Girvan-Newman cuts the bridge of highest betweenness first
    (f"FindGraphCommunities[{BARBELL}, Method -> \"Centrality\"]",
     "{{1, 2, 3, 4}, {5, 7, 6, 8}}"),
    # clique percolation: the triangles; vertices in none alone
    (f"FindGraphCommunities[{BARBELL}, Method -> \"CliquePercolation\"]",
     "{{1, 2, 3}, {7, 6, 8}, {4}, {5}}"),
    # the leading eigenvector of the modularity matrix splits the barbell at its middle
    # edge; a further split would lower the modularity
    (f"FindGraphCommunities[{BARBELL}, Method -> \"Spectral\"]",
     "{{1, 2, 3, 4}, {5, 7, 6, 8}}"),
    # agglomeration of alike neighbourhoods, cut at the highest modularity
    (f"FindGraphCommunities[{BARBELL}, Method -> \"Hierarchical\"]",
     "{{1, 2, 3}, {7, 6, 8}, {4, 5}}"),
    ("FindGraphCommunities[Graph[{1, 2, 3}, {}], Method -> \"Spectral\"]", "{{1}, {2}, {3}}"),
    # directions are dropped; the largest community comes first
    ("FindGraphCommunities[{1 -> 2, 2 -> 3, 3 -> 1, 4 -> 5, 5 -> 6, 6 -> 4, 6 -> 7, "
     "7 -> 4, 3 -> 4}]", "{{4, 5, 6, 7}, {1, 2, 3}}"),
    ("FindGraphCommunities[Graph[{1, 2}, {}]]", "{{1}, {2}}"),
    # annotations
    (f"AnnotationValue[{{{ANNOTATED}, 1}}, VertexLabels]", '"a"'),
    (f"AnnotationValue[{{{ANNOTATED}, 2}}, VertexLabels]", 'Missing["Nonexistent"]'),
    (f"AnnotationValue[{{{ANNOTATED}, 3}}, VertexWeight]", "30"),
    (f"AnnotationValue[{{{ANNOTATED}, 3 <-> 2}}, EdgeWeight]", "7"),
    (f"AnnotationValue[{{{ANNOTATED}, UndirectedEdge[1, 2]}}, EdgeWeight]", "5"),
    (f'AnnotationValue[{{{ANNOTATED}, 2}}, "color"]', '"red"'),
    (f"AnnotationValue[{{{ANNOTATED}, 1}}, {{VertexLabels, VertexWeight}}]", '{"a", 10}'),
])
def test_communities_and_annotations(text, expected):
    check(text, expected)


@pytest.mark.parametrize("text,messages", [
    (f'FindGraphCommunities[{BARBELL}, Method -> "Walktrap"]', ["FindGraphCommunities::method"]),
    ("FindGraphCommunities[3]", ["FindGraphCommunities::graph"]),
    (f"FindGraphCommunities[{BARBELL}, Foo -> 1]", ["FindGraphCommunities::optx"]),
    (f"AnnotationValue[{{{ANNOTATED}, 9}}, VertexWeight]", ["AnnotationValue::item"]),
])
def test_messages(text, messages):
    from tests.builtins._support import run
    assert run(text).tags == messages
