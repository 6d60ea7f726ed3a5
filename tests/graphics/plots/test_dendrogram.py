"""Dendrogram: the joins of a hierarchical clustering, leaf labels, linkages, messages."""


from tests.graphics.conftest import parts_with_head
from wlnet.core.expr import S
from wlnet.graphics.values import numeric_array


def parts(g, head):
    return parts_with_head(g, head.name)


def test_joins_at_their_distances_and_leaves_in_data_order(session):
    g = session.evaluate("Dendrogram[{1, 2, 5, 6, 10}]")
    assert g.head is S.Graphics and not session.messages
    labels = [t.args[0].value for t in parts(g, S.Text)]
    assert labels == [1, 2, 5, 6, 10]
    heights = sorted(numeric_array(line.args[0])[1, 1] for line in parts(g, S.Line))
    assert heights == [1, 1, 3, 4]                # single linkage: 1-2, 5-6, {1,2}-{5,6}, 10
    assert len(parts(g, S.Line)) == 4             # a join each


def test_labels_strings_and_linkages(session):
    g = session.evaluate('Dendrogram[{{0, 0} -> "a", {0, 1} -> "b", {5, 5} -> "c"}]')
    assert sorted(t.args[0].value for t in parts(g, S.Text)) == ["a", "b", "c"]
    g = session.evaluate('Dendrogram[<|"p" -> 1, "q" -> 4, "r" -> 9|>, '
                         'ClusterDissimilarityFunction -> "Complete"]')
    heights = sorted(numeric_array(line.args[0])[1, 1] for line in parts(g, S.Line))
    assert heights == [3, 8]                      # complete: {1,4} then its farthest to 9
    g = session.evaluate('Dendrogram[{"cat", "cart", "dog"}]')
    heights = sorted(numeric_array(line.args[0])[1, 1] for line in parts(g, S.Line))
    assert heights == [1, 3]                      # edit distances
    assert not session.messages


def test_messages(session):
    session.evaluate("Dendrogram[{1}]")
    assert session.messages[-1].startswith("Dendrogram::dgdata")
    session.evaluate('Dendrogram[{1, 2}, ClusterDissimilarityFunction -> "x"]')
    assert session.messages[-1].startswith("Dendrogram::dgmeth")
    session.evaluate("Dendrogram[{1, a}]")
    assert session.messages[-1].startswith("Dendrogram::dgdata")
