"""Flatten[list, {{s11, …}, {s21, …}, …}] (wlnet/builtins/lists/reshaping.py): levels that
no group names follow the named ones, ragged lists regroup in index order, and a packed
array regroups like the same array unpacked."""

import pytest

from tests.builtins._support import run


@pytest.mark.parametrize("text, expected", [
    # one group of a level list: levels 1 and 3 combined, level 2 follows
    ("Dimensions[Flatten[Array[f, {2, 1, 3, 4}], {{1, 3}}]]", "{6, 1, 4}"),
    ("Flatten[Array[f, {2, 2, 2}], {1, 3}] === Flatten[Array[f, {2, 2, 2}], {{1, 3}, {2}}]",
     "True"),
    ("Flatten[{{1, 2}, {3, 4}}, {{2}}]", "{{1, 3}, {2, 4}}"),
    # the ragged transpose of the Flatten page's Applications
    ("Flatten[{{a, b, c}, {d, e}}, {2}]", "{{a, d}, {b, e}, {c}}"),
    ("Flatten[{{{1, 2}, {3}}, {{4}, {5, 6}}}, {{2}}]", "{{{1, 2}, {4}}, {{3}, {5, 6}}}"),
    ("Flatten[ArrayReshape[Range[24], {2, 3, 4}], {{3}, {1, 2}}][[1]]",
     "{1, 5, 9, 13, 17, 21}"),
    ("With[{x = RandomReal[1, {3, 2, 4, 2}]}, "
     "Flatten[x, {{1, 3}}] == Flatten[Developer`FromPackedArray[x], {{1, 3}}]]", "True"),
    ("Dimensions[Flatten[RandomReal[1, {3, 2, 4, 2}], {{4}, {1, 3}}]]", "{2, 12, 2}"),
])
def test_level_groups(text, expected):
    r = run(text)
    assert not r.messages
    assert r.value == run(expected).value


@pytest.mark.parametrize("text, tag", [
    ("Flatten[{{a, b}, c}, {{2}}]", "Flatten::fldep"),
    ("Flatten[{a, b}, {{1}, {2}}]", "Flatten::fldep"),
    ("Flatten[{{a}}, {{1}, {1}}]", "Flatten::flpi"),
    ("Flatten[{{a}}, {{0}}]", "Flatten::flpi"),
])
def test_bad_level_groups_stay_unevaluated(text, tag):
    r = run(text)
    assert r.tags == [tag]
    assert r.value.head.name == "Flatten"
