"""The builtins of wlnet/builtins/lists/structure.py (Depth, Dimensions, Length) against
Mathics3, or the Wolfram answer written by hand where Mathics3 lacks or differs (the row says
why); rows as tests/builtins/_support.py describes them, run in one session (conftest.py)."""

import pytest

from tests.builtins._support import MISSING_IN_MATHICS, builtins_missing_from, check_row, row_id

CASES = [
    ("Length[{a, b, c}]", None),
    ("Length[f[x, y]]", None),
    ("Length[5]", None),
    ("Dimensions[{{1, 2, 3}, {4, 5, 6}}]", None),
    ("Dimensions[{{1, 2}, {3}}]", None),
    ("Dimensions[{1, {2}}]", None),
    ("Dimensions[f[f[a, b], f[c, d]]]", None),
    ("Dimensions[{{{1}}, {{2}}}, 2]", "{2, 1}", "the level argument: " + MISSING_IN_MATHICS),
    ("Depth[{{a}, b}]", None),
    ("Depth[a]", None),
    ("Depth[{}]", None),
    ("Length[<|a -> 1, b -> 2|>]", None),
]


@pytest.mark.parametrize("row", CASES, ids=row_id)
def test_against_wolfram(runner, row):
    check_row(row, runner=runner, evaluate_expected=True)


def test_every_builtin_of_the_module_is_in_the_table():
    assert not builtins_missing_from([r[0] for r in CASES], ["lists.structure"])
