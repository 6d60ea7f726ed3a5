"""The differential table of wlnet/builtins/lists/totals.py (Accumulate, Differences, Mean,
Median, Total): see tests/builtins/_support.py."""

from tests.builtins._support import MISSING_IN_MATHICS, differential_table

CASES = [
    ("Total[{1, 2, 3}]", None),
    ("Total[{{1, 2}, {3, 4}}]", None),
    ("Total[{{1, 2}, {3, 4}}, 2]", None),
    ("Total[{{1, 2}, {3, 4}}, {2}]", None),
    ("Total[{a, b, c}]", None),
    ("Total[{1.5, 2, 1/2}]", None),
    ("Total[{}]", None),
    ("Accumulate[{1, 2, 3}]", None),
    ("Accumulate[{a, b, c}]", None),
    ("Differences[{1, 4, 9, 16}]", "{3, 5, 7}", MISSING_IN_MATHICS),
    ("Differences[{1, 4, 9, 16}, 2]", "{2, 2}", MISSING_IN_MATHICS),
    ("Differences[{a, b, c}]", "{b - a, c - b}", MISSING_IN_MATHICS),
    ("Mean[{1, 2, 3, 4}]", None),
    ("Mean[{1., 2., 4.}]", None),
    ("Mean[{a, b}]", None),
    ("Mean[{{1, 2}, {3, 4}}]", None),
    ("Median[{3, 1, 2, 4}]", None),
    ("Median[{3, 1, 2}]", None),
    ("Median[{1., 2.}]", None),
    ("Total[<|a -> 1, b -> 2|>]", "3", "Total is broken on associations in Mathics3 (§6)"),
    ("Total[{{1, 2}, {3, 4}}, Infinity]", None),
]


test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "lists.totals")
