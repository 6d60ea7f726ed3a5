"""The differential table of wlnet/builtins/lists/list_head.py (List): see
tests/builtins/_support.py."""

from tests.builtins._support import differential_table

CASES = [
    ("{1, Nothing, 2}", "{1, 2}", "Nothing stays in lists in Mathics3 (§6)"),
    ("Missing[\"NotFound\"]", None),
]


# List is called through its syntax, {…}
test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "lists.list_head", exempt={"List"})
