"""The differential table of wlnet/builtins/lists/construction.py (Array, ConstantArray,
Range, PowerRange): see tests/builtins/_support.py."""

from tests.builtins._support import MISSING_IN_MATHICS, differential_table

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
    ("PowerRange[1000]", "{1, 10, 100, 1000}", MISSING_IN_MATHICS),
    ("PowerRange[2, 100, 3]", "{2, 6, 18, 54}", MISSING_IN_MATHICS),
    ("PowerRange[1, 1/100, 1/10]", "{1, 1/10, 1/100}", MISSING_IN_MATHICS),
    ("PowerRange[0.1, 100]", "{0.1, 1., 10., 100.}", MISSING_IN_MATHICS),
    ("PowerRange[1, 10, 1]", "PowerRange[1, 10, 1]", MISSING_IN_MATHICS,
     ["PowerRange::prng"]),
]


test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "lists.construction")
