"""The builtins of wlnet/builtins/lists/ordering.py (Ordering, Sort, SortBy) against Mathics3, or
the Wolfram answer written by hand where Mathics3 lacks or differs (the row says why); rows as
tests/builtins/_support.py describes them, run in one session (conftest.py)."""

import pytest

from tests.builtins._support import MISSING_IN_MATHICS, builtins_missing_from, check_row, row_id

CASES = [
    ("Sort[{c, a, b}]", None),
    ("Sort[{3, 1, 2}, Greater]", None),
    ("Sort[{b, 2, a, 1.5, \"x\"}]", None),
    ("Sort[{{2, 1}, {1, 2}, {1}}]", None),
    ("Sort[{3, 1, 2}, #1 > #2 &]", None),
    ("SortBy[{{2, a}, {1, b}}, First]", None),
    ("SortBy[{-3, 1, 2}, Abs]", None),
    ("SortBy[Last][{{a, 2}, {b, 1}}]", "{{b, 1}, {a, 2}}", "operator forms (§6)"),
    ("Ordering[{c, a, b}]", "{2, 3, 1}", MISSING_IN_MATHICS),
    ("Ordering[{3, 1, 2}, 2]", "{2, 3}", MISSING_IN_MATHICS),
    ("Ordering[{3, 1, 2}, -1]", "{1}", MISSING_IN_MATHICS),
    ("Sort[<|a -> 2, b -> 1|>]", "<|b -> 1, a -> 2|>",
     "Sort orders an association by its values"),
    ("Sort[{\"b\", \"B\", \"a\", \"A\"}]", None),
]


@pytest.mark.parametrize("row", CASES, ids=row_id)
def test_against_wolfram(runner, row):
    check_row(row, runner=runner, evaluate_expected=True)


def test_every_builtin_of_the_module_is_in_the_table():
    assert not builtins_missing_from([r[0] for r in CASES], ["lists.ordering"])
