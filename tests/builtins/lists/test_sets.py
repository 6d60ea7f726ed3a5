"""The differential table of wlnet/builtins/lists/sets.py (Complement, DeleteDuplicates,
DeleteDuplicatesBy, Intersection, Union): see tests/builtins/_support.py."""

from tests.builtins._support import MISSING_IN_MATHICS, differential_table

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


test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "lists.sets")
