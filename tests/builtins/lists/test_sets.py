"""The builtins of wlnet/builtins/lists/sets.py (Complement, DeleteDuplicates,
DeleteDuplicatesBy, Intersection, Union) against Mathics3, or the Wolfram answer written by
hand where Mathics3 lacks or differs (the row says why); rows as tests/builtins/_support.py
describes them, run in one session (conftest.py)."""

import pytest

from tests.builtins._support import MISSING_IN_MATHICS, builtins_missing_from, check_row, row_id

CASES = [
    ("Union[{c, a}, {b, a}]", None),
    ("Union[{3, 1, 3, 2}]", None),
    ("Intersection[{a, b, c}, {b, c, d}]", None),
    ("Complement[{a, b, c, d}, {b}, {d}]", None),
    ("DeleteDuplicates[{b, a, b, c, a}]", None),
    ("DeleteDuplicates[{1, 2, 1.}]", None),
    ("DeleteDuplicatesBy[{1, 2, 3, 4}, EvenQ]", "{1, 2}", MISSING_IN_MATHICS),
    ("Union[{a, b}, {b, c}, {c, d}]", None),
]


@pytest.mark.parametrize("row", CASES, ids=row_id)
def test_against_wolfram(runner, row):
    check_row(row, runner=runner, evaluate_expected=True)


def test_every_builtin_of_the_module_is_in_the_table():
    assert not builtins_missing_from([r[0] for r in CASES], ["lists.sets"])
