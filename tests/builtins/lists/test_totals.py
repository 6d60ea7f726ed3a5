"""The differential table of wlnet/builtins/lists/totals.py (Accumulate, Differences, Mean,
Median, Total): see tests/builtins/_support.py."""

from tests.builtins._support import ASSOC_IN_MATHICS, MISSING_IN_MATHICS, differential_table

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
    # an association's values are the data, the keys ignored (WL reference, Mean: Details)
    ("Mean[<|a -> 1, b -> 2|>]", "3/2", ASSOC_IN_MATHICS),
    ("Mean[<|a -> {1, 2}, b -> {3, 4}|>]", "{2, 3}", ASSOC_IN_MATHICS),
    ("Median[<|a -> 1, b -> 2, c -> 5|>]", "2", ASSOC_IN_MATHICS),
    ("Accumulate[<|a -> 1, b -> 2, c -> 3|>]", "<|a -> 1, b -> 3, c -> 6|>", ASSOC_IN_MATHICS),
    ("Median[{1., 2.}]", None),
    ("Total[<|a -> 1, b -> 2|>]", "3", "Total is broken on associations in Mathics3 (§6)"),
    ("Total[{{1, 2}, {3, 4}}, Infinity]", None),
    # negative levels count from the bottom (Total page: levels as in Level); per-row
    # squared errors written as Total[(y - x)^2, {-1}] in an anomaly-detection program
    ("Total[{{1, 2}, {3, 4}}, {-1}]", "{3, 7}", "level -1: the numbers in each row"),
    ("Total[{{1, 2}, {3, 4}}, {-2}]", "{4, 6}", "level -2: the rows"),
    ("Total[{{1, 2}, {3, 4}}, -1]", "10", "levels 1 through -1: everything"),
    ("Total[{{{1, 2}, {3, 4}}}, {-1}]", "{{3, 7}}", "the deepest level of a rank-3 array"),
    ("Total[{1, 2, 3}, {-1}]", "6", "a vector's level -1 is level 1"),
]


test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "lists.totals")
