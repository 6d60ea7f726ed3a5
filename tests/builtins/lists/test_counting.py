"""The builtins of wlnet/builtins/lists/counting.py (Counts, CountsBy, Tally) against Mathics3,
or the Wolfram answer written by hand where Mathics3 lacks or differs (the row says why); rows
as tests/builtins/_support.py describes them, run in one session (conftest.py)."""

import pytest

from tests.builtins._support import MISSING_IN_MATHICS, builtins_missing_from, check_row, row_id

CASES = [
    ("Counts[{a, b, a}]", "<|a -> 2, b -> 1|>", MISSING_IN_MATHICS),
    ("Tally[{a, b, a, c, b, a}]", None),
    ("Counts[{x, y, x}][x]", "2", MISSING_IN_MATHICS),
    ("CountsBy[{1, 2, 3}, OddQ]", "<|True -> 2, False -> 1|>", MISSING_IN_MATHICS),
]


@pytest.mark.parametrize("row", CASES, ids=row_id)
def test_against_wolfram(runner, row):
    check_row(row, runner=runner, evaluate_expected=True)


def test_every_builtin_of_the_module_is_in_the_table():
    assert not builtins_missing_from([r[0] for r in CASES], ["lists.counting"])
