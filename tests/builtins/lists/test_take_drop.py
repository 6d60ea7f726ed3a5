"""The builtins of wlnet/builtins/lists/take_drop.py (Drop, First, Last, Most, Rest, Take)
against Mathics3, or the Wolfram answer written by hand where Mathics3 lacks or differs (the
row says why); rows as tests/builtins/_support.py describes them, run in one session
(conftest.py)."""

import pytest

from tests.builtins._support import MISSING_IN_MATHICS, builtins_missing_from, check_row, row_id

CASES = [
    ("First[{a, b, c}]", None),
    ("Last[{a, b, c}]", None),
    ("Rest[{a, b, c}]", None),
    ("Most[{a, b, c}]", None),
    ("First[{}]", None, ["First::nofirst"]),
    ("First[{}, x]", None),
    ("Take[{a, b, c, d}, 2]", None),
    ("Take[{a, b, c, d}, -2]", None),
    ("Take[{a, b, c, d}, {2, 3}]", None),
    ("Take[{a, b, c, d, e, f}, {1, -1, 2}]", None),
    ("Take[{{1, 2, 3}, {4, 5, 6}}, 2, 2]", None),
    ("Take[{a, b}, 5]", None, ["Take::take"]),
    ("Take[{a, b, c}, UpTo[5]]", "{a, b, c}", "UpTo: " + MISSING_IN_MATHICS),
    ("Drop[{a, b, c, d}, 2]", None),
    ("Drop[{a, b, c, d}, -1]", None),
    ("Drop[{a, b, c, d}, {2, 3}]", None),
    ("Drop[{{1, 2, 3}, {4, 5, 6}}, 1, 1]", None),
    ("First[<|a -> 1, b -> 2|>]", "1", "First of an association is its first value"),
    ("Take[{a, b, c, d, e}, {-1, 1, -2}]", None),
]


@pytest.mark.parametrize("row", CASES, ids=row_id)
def test_against_wolfram(runner, row):
    check_row(row, runner=runner, evaluate_expected=True)


def test_every_builtin_of_the_module_is_in_the_table():
    assert not builtins_missing_from([r[0] for r in CASES], ["lists.take_drop"])
