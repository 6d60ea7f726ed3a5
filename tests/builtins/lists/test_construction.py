"""The builtins of wlnet/builtins/lists/construction.py (Array, ConstantArray, Range) against
Mathics3, or the Wolfram answer written by hand where Mathics3 lacks or differs (the row says
why); rows as tests/builtins/_support.py describes them, run in one session (conftest.py)."""

import pytest

from tests.builtins._support import MISSING_IN_MATHICS, builtins_missing_from, check_row, row_id

CASES = [
    ("Range[5]", None),
    ("Range[0]", None),
    ("Range[2, 10, 3]", None),
    ("Range[0, 1, 1/4]", None),
    ("Range[0, 1, 0.25]", "{0., 0.25, 0.5, 0.75, 1.}", "Mathics3 starts with exact 0 (§6)"),
    ("Range[1.5, 4]", None),
    ("Range[5, 1, -2]", None),
    ("Range[-3]", None),
    ("Range[{2, 3}]", None),
    ("Range[a, a + 3]", "{a, 1 + a, 2 + a, 3 + a}", "symbolic bounds: " + MISSING_IN_MATHICS),
    ("Range[a, a + 1, 1/2]", "{a, 1/2 + a, 1 + a}", "symbolic bounds: " + MISSING_IN_MATHICS),
    ("Array[f, 3]", None),
    ("Array[f, {2, 2}]", None),
    ("Array[f, 3, 0]", None),
    ("Array[#^2 &, 4]", None),
    ("ConstantArray[0, {2, 3}]", None),
    ("ConstantArray[x, 3]", None),
    ("Range[3, 1]", None),
    ("Range[1, 2, 1/3]", None),
    ("Array[f, {2, 3}][[2]]", None),
]


@pytest.mark.parametrize("row", CASES, ids=row_id)
def test_against_wolfram(runner, row):
    check_row(row, runner=runner, evaluate_expected=True)


def test_every_builtin_of_the_module_is_in_the_table():
    assert not builtins_missing_from([r[0] for r in CASES], ["lists.construction"])
