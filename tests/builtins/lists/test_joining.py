"""The builtins of wlnet/builtins/lists/joining.py (Append, AppendTo, Delete, Insert, Join,
Prepend, PrependTo, Reverse) against Mathics3, or the Wolfram answer written by hand where
Mathics3 lacks or differs (the row says why); rows as tests/builtins/_support.py describes
them, run in one session (conftest.py)."""

import pytest

from tests.builtins._support import MISSING_IN_MATHICS, builtins_missing_from, check_row, row_id

CASES = [
    ("Join[{a, b}, {c}, {d, e}]", None),
    ("Join[{{1}, {2}}, {{3}, {4}}, 2]", "{{1, 3}, {2, 4}}",
     "Join at a level: " + MISSING_IN_MATHICS),
    ("Append[{a, b}, c]", None),
    ("Prepend[{a, b}, c]", None),
    ("Append[c][{a, b}]", "{a, b, c}", "operator forms (§6)"),
    ("Insert[{a, b, c}, x, 2]", None),
    ("Insert[{a, b, c}, x, -1]", "{a, b, c, x}",
     "Mathics3 inserts at the front for -1; Wolfram inserts after the last element"),
    ("Insert[{a, b, c}, x, {{1}, {3}}]", "{x, a, b, x, c}",
     "several positions: " + MISSING_IN_MATHICS),
    ("Insert[{{a, b}, c}, x, {1, 2}]", "{{a, x, b}, c}", "deep positions: " + MISSING_IN_MATHICS),
    ("Delete[{a, b, c}, 2]", None),
    ("Delete[{a, b, c}, -1]", None),
    ("Delete[{a, b, c}, {{1}, {3}}]", None),
    ("Delete[{{a, b}, c}, {1, 2}]", None),
    ("Reverse[{a, b, c}]", None),
    ("Reverse[{{1, 2}, {3, 4}}, 2]", None),
    ("Append[<|a -> 1|>, b -> 2]", None),
    ("Append[<|a -> 1|>, a -> 2]", None),
    ("Join[<|a -> 1|>, <|b -> 2, a -> 3|>]", None),
    ("Append[{a}, {b}]", None),
    ("Reverse[f[a, b]]", None),
    ("Join[f[a], f[b]]", None),
]


@pytest.mark.parametrize("row", CASES, ids=row_id)
def test_against_wolfram(runner, row):
    check_row(row, runner=runner, evaluate_expected=True)


def test_every_builtin_of_the_module_is_in_the_table():
    exempt = {"AppendTo", "PrependTo"}          # assignments: lists/test_package.py
    assert not builtins_missing_from([r[0] for r in CASES], ["lists.joining"], exempt)
