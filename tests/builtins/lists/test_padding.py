"""The differential table of wlnet/builtins/lists/padding.py (PadLeft, PadRight, RotateLeft,
RotateRight, ArrayReshape): see tests/builtins/_support.py."""

from tests.builtins._support import MISSING_IN_MATHICS, differential_table

CASES = [
    ("PadLeft[{1, 2}, 4]", None),
    ("PadRight[{1, 2}, 4]", None),
    ("PadLeft[{1, 2, 3, 4}, 2]", None),
    ("PadRight[{1, 2, 3, 4}, 2]", None),
    ("PadLeft[{a, b}, 4, x]", None),
    ("PadLeft[{a, b, c}, 10, {x, y, z}]", None),
    ("PadRight[{a, b, c}, 10, {x, y, z}]", None),
    # cyclic padding: PadRight lays the list's first element on the cycle's first, PadLeft its
    # last on the cycle's last (the reference pages; Mathics3 starts the cycle after the list)
    ("PadRight[{1, 2}, 5, {x, y, z}]", "{1, 2, z, x, y}", "WL: the first element lies on x"),
    ("PadLeft[{1, 2}, 5, {x, y, z}]", "{y, z, x, 1, 2}", "WL: the last element lies on z"),
    ("PadRight[{1, 2, 3}, 7, {a, b}]", "{1, 2, 3, b, a, b, a}", "WL: the first element on a"),
    # margins
    ("PadRight[{1, 2}, 5, {x, y}, 1]", None),
    ("PadLeft[{1, 2}, 5, {x, y}, 1]", None),
    ("PadRight[{1, 2, 3}, 7, 0, 2]", None),
    ("PadRight[{{1, 2}, {3, 4}}, {3, 4}, 0, {1, 1}]", None),
    ("PadLeft[{1, 2, 3}, 4, x, -1]", "{x, x, 1, 2}", "WL: a negative margin cuts the list's end"),
    ("PadRight[{{1}, {2, 3}}]", None),
    ("PadLeft[{{1}, {2, 3}}]", None),
    ("PadRight[{{1, 2}, {3}}, {3, 3}]", None),
    ("PadRight[{1.5}, 3]", "{1.5, 0, 0}", "an exact padding stays exact"),
    ("PadRight[Range[3], 5]", None),
    ("PadLeft[x, 3]", None, ["PadLeft::normal"]),
    ("RotateLeft[{1, 2, 3, 4}]", None),
    ("RotateRight[{1, 2, 3, 4}, 2]", None),
    ("RotateLeft[{1, 2, 3}, -1]", None),
    ("RotateLeft[{{1, 2}, {3, 4}}, {1, 1}]", None),
    ("ArrayReshape[Range[6], {2, 3}]", "{{1, 2, 3}, {4, 5, 6}}", "Mathics3 lacks ArrayReshape"),
    ("ArrayReshape[{1, 2, 3}, {2, 2}]", "{{1, 2}, {3, 0}}", "padding with 0 (Mathics3 lacks it)"),
    ("ArrayReshape[{{1, 2}, {3, 4}}, {4}]", "{1, 2, 3, 4}", "Mathics3 lacks ArrayReshape"),
    ("ArrayReshape[{a, b, c}, {2, 2}, x]", "{{a, b}, {c, x}}", "Mathics3 lacks ArrayReshape"),
    ("ArrayReshape[{1, 2}, {0}]", "ArrayReshape[{1, 2}, {0}]", ["ArrayReshape::rvec"]),
    ("ArrayPad[{1, 2, 3}, 1]", "{0, 1, 2, 3, 0}", MISSING_IN_MATHICS),
    ("ArrayPad[{{1, 2}, {3, 4}}, 1]", "{{0, 0, 0, 0}, {0, 1, 2, 0}, {0, 3, 4, 0}, {0, 0, 0, 0}}", MISSING_IN_MATHICS),
    ("ArrayPad[{1, 2, 3}, {1, 2}]", "{0, 1, 2, 3, 0, 0}", MISSING_IN_MATHICS),
    ("ArrayPad[{{1, 2}}, {{1, 0}, {0, 1}}, x]", "{{x, x, x}, {1, 2, x}}", MISSING_IN_MATHICS),
    ("ArrayPad[{1, 2, 3, 4}, -1]", "{2, 3}", "trimming: not in Mathics3"),
    ("ArrayPad[{1, 2, 3}, 2, \"Periodic\"]", "{2, 3, 1, 2, 3, 1, 2}", "not in Mathics3"),
    ("ArrayPad[{1, 2, 3}, 1, \"Fixed\"]", "{1, 1, 2, 3, 3}", "not in Mathics3"),
    ("ArrayPad[{1, 2, 3}, 2, \"Reflected\"]", "{3, 2, 1, 2, 3, 2, 1}", "not in Mathics3"),
    # CenterArray (the reference page): the odd padding goes on the right; a result of
    # higher rank centres a at its deepest levels; a scalar length is the first level's
    ("CenterArray[5]", "{0, 0, 1, 0, 0}", MISSING_IN_MATHICS),
    ("CenterArray[4]", "{0, 1, 0, 0}", MISSING_IN_MATHICS),
    ("CenterArray[{a, b}, 5]", "{0, a, b, 0, 0}", MISSING_IN_MATHICS),
    ("CenterArray[x, {3, 3}]", "{{0, 0, 0}, {0, x, 0}, {0, 0, 0}}", MISSING_IN_MATHICS),
    ("CenterArray[{1, 2, 3}, {3, 5}]", "{{0, 0, 0, 0, 0}, {0, 1, 2, 3, 0}, {0, 0, 0, 0, 0}}",
     MISSING_IN_MATHICS),
    ("CenterArray[{{1, 2, 3}, {4, 5, 6}}, 3]", "{{1, 2, 3}, {4, 5, 6}, {0, 0, 0}}",
     MISSING_IN_MATHICS),
    ("CenterArray[{{1, 2, 3}, {4, 5, 6}}, {Inherited, 5}, x]",
     "{{x, 1, 2, 3, x}, {x, 4, 5, 6, x}}", MISSING_IN_MATHICS),
    ("CenterArray[{1, 2, 3, 4, 5}, 3]", "{2, 3, 4}", "a smaller length keeps the centre"),
    ("CenterArray[{1, 2}, -3]", "CenterArray[{1, 2}, -3]", ["CenterArray::cspec"]),
]

test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "lists.padding")
