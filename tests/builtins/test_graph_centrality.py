"""Centralities and the distance matrix of graphs (wlnet/builtins/graph_centrality.py)."""

import numpy as np
import pytest

from tests.builtins._support import Runner, check, check_example, declared_examples
from wlnet.core.expr import to_python


@pytest.mark.parametrize("name,text,expected", declared_examples("graph_centrality"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def _values(text):
    return np.array(to_python(Runner().run(text)), dtype=float)


def test_centralities_of_small_graphs():
    np.testing.assert_allclose(_values("EigenvectorCentrality[StarGraph[4]]"),
                               np.array([np.sqrt(3), 1, 1, 1]) / (np.sqrt(3) + 3))
    np.testing.assert_allclose(_values("ClosenessCentrality[Graph[{1, 2, 3}, {1 <-> 2}]]"),
                               [1, 1, 0])
    # the centre of a 3 x 3 grid lies on the most shortest paths
    between = _values("BetweennessCentrality[GridGraph[{3, 3}]]")
    assert between.argmax() == 4
    assert between.sum() == pytest.approx(
        sum(d - 1 for d in _values("Flatten[GraphDistanceMatrix[GridGraph[{3, 3}]]]") if d) / 2)


def test_page_rank_solves_its_equation():
    ranks = _values("PageRankCentrality[{1 -> 2, 2 -> 3, 3 -> 1, 1 -> 3}, 0.8]")
    a = np.array([[0, 1, 1], [0, 0, 1], [1, 0, 0]], float)
    m = a / a.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(ranks, 0.8 * m.T @ ranks + 0.2 / 3)
    assert ranks.sum() == pytest.approx(1)
    # a vertex without out-links spreads its rank over every vertex
    dangling = _values("PageRankCentrality[{1 -> 2}]")
    assert dangling.sum() == pytest.approx(1) and dangling[1] > dangling[0]


def test_distance_matrix_and_messages():
    check("GraphDistanceMatrix[{1 -> 2}]", "{{0, 1}, {Infinity, 0}}", evaluate_expected=True)
    check("DegreeCentrality[3]", "DegreeCentrality[3]", ["DegreeCentrality::graph"])
