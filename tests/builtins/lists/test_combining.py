"""The builtins of wlnet/builtins/lists/combining.py (Inner, Outer, Thread) against Mathics3, or
the Wolfram answer written by hand where Mathics3 lacks or differs (the row says why); rows as
tests/builtins/_support.py describes them, run in one session (conftest.py)."""

import pytest

from tests.builtins._support import MISSING_IN_MATHICS, builtins_missing_from, check_row, row_id

CASES = [
    ("Outer[f, {a, b}, {x, y}]", None),
    ("Outer[Times, {1, 2}, {3, 4}]", None),
    ("Outer[f, {{a, b}}, {x}]", None),
    ("Inner[f, {a, b}, {x, y}, g]", None),
    ("Inner[Times, {{1, 2}, {3, 4}}, {5, 6}, Plus]", None),
    ("Inner[Times, {{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}, Plus]", None),
    ("Thread[{a, b} -> {1, 2}]", None),
    ("Thread[f[{a, b}, c]]", None),
    ("Thread[f[{a, b}, {c}]]", None, ["Thread::tdlen"]),
    ("Thread[f[a, b]]", None),
    ("Thread[{a, b} == {1, 2}]", None),
    ("Thread[f[{a, b}, {c, d}], List, 1]", "{f[a, {c, d}], f[b, {c, d}]}",
     "the count argument: " + MISSING_IN_MATHICS),
    ("Outer[List, {a, b}, {1, 2}, {x}]", None),
]


@pytest.mark.parametrize("row", CASES, ids=row_id)
def test_against_wolfram(runner, row):
    check_row(row, runner=runner, evaluate_expected=True)


def test_every_builtin_of_the_module_is_in_the_table():
    assert not builtins_missing_from([r[0] for r in CASES], ["lists.combining"])
