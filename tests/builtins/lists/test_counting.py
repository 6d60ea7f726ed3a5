"""The differential table of wlnet/builtins/lists/counting.py (Counts, CountsBy, Tally): see
tests/builtins/_support.py."""

from tests.builtins._support import MISSING_IN_MATHICS, differential_table

CASES = [
    ("CountDistinct[{a, b, a, c}]", "3", MISSING_IN_MATHICS),
    ("CountDistinctBy[{1, 2, 3, 4}, EvenQ]", "2", MISSING_IN_MATHICS),
    ("CountDistinctBy[Abs][{1, -1, 2}]", "2", MISSING_IN_MATHICS),
    ("Counts[{a, b, a}]", "<|a -> 2, b -> 1|>", MISSING_IN_MATHICS),
    ("Tally[{a, b, a, c, b, a}]", None),
    ("Counts[{x, y, x}][x]", "2", MISSING_IN_MATHICS),
    ("CountsBy[{1, 2, 3}, OddQ]", "<|True -> 2, False -> 1|>", MISSING_IN_MATHICS),
    ("CountDistinct[{a, b, a, c}]", "3", MISSING_IN_MATHICS),
    ("CountDistinctBy[{1, 2, 3, 4}, EvenQ]", "2", MISSING_IN_MATHICS),
    ("CountDistinctBy[EvenQ][{1, 2, 3}]", "2", MISSING_IN_MATHICS),
    ("Tally[5]", "Tally[5]", "WL: Tally needs a list", ["Tally::normal"]),
]


test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "lists.counting")
