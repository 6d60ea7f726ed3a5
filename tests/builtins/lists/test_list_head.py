"""The builtins of wlnet/builtins/lists/list_head.py (List) against Mathics3, or the Wolfram
answer written by hand where Mathics3 lacks or differs (the row says why); rows as
tests/builtins/_support.py describes them, run in one session (conftest.py)."""

import pytest

from tests.builtins._support import builtins_missing_from, check_row, row_id

CASES = [
    ("{1, Nothing, 2}", "{1, 2}", "Nothing stays in lists in Mathics3 (§6)"),
    ("Missing[\"NotFound\"]", None),
]


@pytest.mark.parametrize("row", CASES, ids=row_id)
def test_against_wolfram(runner, row):
    check_row(row, runner=runner, evaluate_expected=True)


def test_every_builtin_of_the_module_is_in_the_table():
    exempt = {"List"}                           # through its syntax, {…}
    assert not builtins_missing_from([r[0] for r in CASES], ["lists.list_head"], exempt)
