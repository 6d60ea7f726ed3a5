"""RandomGraph (wlnet/builtins/random_graphs.py)."""

import numpy as np
import pytest

from tests.builtins._support import check_example, declared_examples, run
from wlnet.builtins.random_graphs import _pair
from wlnet.syntax.printer import output_form


@pytest.mark.parametrize("name, text, expected", declared_examples("random_graphs"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("directed", [False, True])
def test_pair_numbering_covers_every_pair_once(directed):
    n = 6
    total = n * (n - 1) if directed else n * (n - 1) // 2
    u, v = _pair(np.arange(total), n, directed)
    pairs = set(zip(u.tolist(), v.tolist()))
    assert len(pairs) == total and all(1 <= a <= n and 1 <= b <= n and a != b for a, b in pairs)
    if not directed:
        assert all(a < b for a, b in pairs)


@pytest.mark.parametrize("text, expected", [
    ("SeedRandom[1]; g = RandomGraph[{10, 15}]; "
     "{VertexCount[g], EdgeCount[g], SimpleGraphQ[g], UndirectedGraphQ[g]}",
     "{10, 15, True, True}"),
    ("d = RandomGraph[{5, 20}, DirectedEdges -> True]; "
     "{EdgeCount[d], DirectedGraphQ[d], SimpleGraphQ[d]}", "{20, True, True}"),
    ("EdgeCount[RandomGraph[UniformGraphDistribution[6, 15]]]", "15"),
    ("Length[RandomGraph[{6, 3}, 4]]", "4"),
    # a Bernoulli graph's edge count averages p times the number of pairs (0.2 × 780)
    ("SeedRandom[5]; Abs[Mean[Table[EdgeCount[RandomGraph[BernoulliGraphDistribution[40, 0.2]]],"
     " {60}]] - 156] < 6", "True"),
    ("SeedRandom[3]; a = EdgeList[RandomGraph[{8, 10}]]; SeedRandom[3]; "
     "a === EdgeList[RandomGraph[{8, 10}]]", "True"),
])
def test_random_graphs(text, expected):
    assert output_form(run(text).value) == expected


@pytest.mark.parametrize("text, tag", [
    ("RandomGraph[{4, 7}]", "RandomGraph::edges"),
    ("RandomGraph[foo]", "RandomGraph::spec"),
    ("RandomGraph[BernoulliGraphDistribution[5, 2]]", "RandomGraph::spec"),
])
def test_bad_specifications_are_messages(text, tag):
    r = run(text)
    assert tag in r.tags and output_form(r.value) == text
