"""Folds carrying pairs and sequences (wlnet/builtins/lists/folding.py): FoldPairList,
FoldPair, SequenceFoldList, SequenceFold, with the lengths their reference pages state."""

import pytest

from tests.builtins._support import check, check_example, declared_examples, run


@pytest.mark.parametrize("name,text,expected", declared_examples("lists.folding"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


PQ = "{p[#1, #2], q[#1, #2]} &"


@pytest.mark.parametrize("text,expected", [
    (f"FoldPairList[{PQ}, u, {{1, 2, 3}}]", "{p[u, 1], p[q[u, 1], 2], p[q[q[u, 1], 2], 3]}"),
    (f"FoldPairList[{PQ}, u, {{1, 2}}, Last]", "{q[u, 1], q[q[u, 1], 2]}"),
    (f"FoldPairList[{PQ}, u, {{1, 2}}, g]", "{g[{p[u, 1], q[u, 1]}], g[{p[q[u, 1], 2], "
                                            "q[q[u, 1], 2]}]}"),
    (f"FoldPairList[{PQ}, {{a, b, c}}]", "{p[a, b], p[q[a, b], c]}"),
    (f"FoldPairList[{PQ}, u, h[1, 2]]", "{p[u, 1], p[q[u, 1], 2]}"),
    ("FoldPairList[f, u, {}]", "{}"),
    # a running maximum test: True where an element beats all before it
    ("FoldPairList[{#2 > #1, Max[#1, #2]} &, 0, {3, 1, 4, 1, 5}]",
     "{True, False, True, False, True}"),
    (f"FoldPair[{PQ}, u, {{1, 2, 3}}, Last]", "q[q[q[u, 1], 2], 3]"),
    ("FoldPair[f, u, {}]", "FoldPair[f, u, {}]"),
    ("Catch[FoldPairList[If[#2 > 2, Throw[#1], {#2, #1 + #2}] &, 0, {1, 2, 3, 4}]]", "3"),
    # SequenceFoldList: n seeds and m elements give n + m results
    ("SequenceFoldList[f, {x}, {a, b}] == FoldList[f, x, {a, b}]", "True"),
    ("SequenceFoldList[f, {}, {a, b, c}]", "{f[a], f[b], f[c]}"),
    ("SequenceFoldList[f, {x, y}, {}]", "{x, y}"),
    # with k: Max[2n + m - k + 1, n] results, the elements' window moving by one
    ("SequenceFoldList[f, {x, y}, {a, b, c}, 4]",
     "{x, y, f[x, y, a, b], f[y, f[x, y, a, b], b, c]}"),
    ("SequenceFoldList[f, {x, y}, {a, b}, 2]", "{x, y, f[x, y], f[y, f[x, y]], "
                                               "f[f[x, y], f[y, f[x, y]]]}"),
    ("SequenceFoldList[f, {x, y}, {a}, 5]", "{x, y}"),
    ("SequenceFoldList[f, {x, y}, {a, b}, 1]", "SequenceFoldList[f, {x, y}, {a, b}, 1]"),
    ("SequenceFold[f, {x, y}, {a, b}]", "f[y, f[x, y, a], b]"),
    ("SequenceFold[f, {x}, {a, b}] == Fold[f, x, {a, b}]", "True"),
])
def test_folds(text, expected):
    check(text, expected)


def test_a_step_that_is_not_a_pair_is_a_message():
    r = run("FoldPairList[f, u, {1}]")
    assert r.tags == ["FoldPairList::pair"]
