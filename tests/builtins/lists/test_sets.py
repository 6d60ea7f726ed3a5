"""The differential table of wlnet/builtins/lists/sets.py (Complement, DeleteAdjacentDuplicates, DeleteDuplicates,
DeleteDuplicatesBy, DuplicateFreeQ, Intersection, SymmetricDifference, Union): see
tests/builtins/_support.py."""

from tests.builtins._support import MISSING_IN_MATHICS, differential_table

CASES = [
    ("Union[{c, a}, {b, a}]", None),
    ("Union[{3, 1, 3, 2}]", None),
    ("Intersection[{a, b, c}, {b, c, d}]", None),
    ("Complement[{a, b, c, d}, {b}, {d}]", None),
    # the SymmetricDifference page: an odd number of lists; SameTest; no lists
    ("SymmetricDifference[{a, b, c}, {b, c, d}]", "{a, d}", MISSING_IN_MATHICS),
    ("SymmetricDifference[{1, 2, 2}, {2, 3}, {3, 4, 1}, {5}]", "{4, 5}", MISSING_IN_MATHICS),
    ("SymmetricDifference[{1, 2}, {1., 3}, SameTest -> Equal]", "{2, 3}", MISSING_IN_MATHICS),
    ("SymmetricDifference[]", "{}", MISSING_IN_MATHICS),
    ("SymmetricDifference[f[b, a], f[c, a]]", "f[b, c]", MISSING_IN_MATHICS),
    ("DeleteDuplicates[{b, a, b, c, a}]", None),
    ("DeleteDuplicates[{1, 2, 1.}]", None),
    ("DeleteDuplicatesBy[{1, 2, 3, 4}, EvenQ]", "{1, 2}", MISSING_IN_MATHICS),
    ("Union[{a, b}, {b, c}, {c, d}]", None),
    ("DuplicateFreeQ[{a, b, c}]", "True", MISSING_IN_MATHICS),
    ("DuplicateFreeQ[{a, b, a}]", "False", MISSING_IN_MATHICS),
    ("DuplicateFreeQ[{1, 1.}]", "True", MISSING_IN_MATHICS),
    ("DuplicateFreeQ[{1, 1.}, Equal]", "False", MISSING_IN_MATHICS),
    ("DuplicateFreeQ[{}]", "True", MISSING_IN_MATHICS),
    # DeleteAdjacentDuplicates: only runs of copies shrink; a test compares neighbours
    ("DeleteAdjacentDuplicates[{a, a, b, b, b, a, c, c}]", "{a, b, a, c}", MISSING_IN_MATHICS),
    ("DeleteAdjacentDuplicates[{}]", "{}", MISSING_IN_MATHICS),
    ("DeleteAdjacentDuplicates[h[1, 1, 2, 1]]", "h[1, 2, 1]", MISSING_IN_MATHICS),
    ("DeleteAdjacentDuplicates[{1, 1.}]", "{1, 1.}", MISSING_IN_MATHICS),
    ("DeleteAdjacentDuplicates[{1, 1.}, Equal]", "{1}", MISSING_IN_MATHICS),
    ("DeleteAdjacentDuplicates[{1, 2, 4, 7, 8}, Abs[#1 - #2] <= 1 &]", "{1, 4, 7}",
     MISSING_IN_MATHICS),
    ("DeleteAdjacentDuplicates[x]", "DeleteAdjacentDuplicates[x]", MISSING_IN_MATHICS,
     ["DeleteAdjacentDuplicates::normal"]),
]


test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "lists.sets")
