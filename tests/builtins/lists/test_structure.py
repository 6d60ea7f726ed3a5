"""The differential table of wlnet/builtins/lists/structure.py (Depth, Dimensions, Length): see
tests/builtins/_support.py."""

from tests.builtins._support import MISSING_IN_MATHICS, differential_table

RECORDS = "WL counts a level of associations (rows of records): Mathics3 does not"

CASES = [
    ('Dimensions[{<|"a" -> 1, "b" -> 2|>, <|"a" -> 3, "b" -> 4|>}]', "{2, 2}", RECORDS),
    ("Dimensions[<|a -> {1, 2}, b -> {3, 4}|>]", "{2, 2}", RECORDS),
    ("Dimensions[{<|a -> 1|>, <|a -> 1, b -> 2|>}]", "{2}", RECORDS),
    ("Length[{a, b, c}]", None),
    ("Length[f[x, y]]", None),
    ("Length[5]", None),
    ("Dimensions[{{1, 2, 3}, {4, 5, 6}}]", None),
    ("Dimensions[{{1, 2}, {3}}]", None),
    ("Dimensions[{1, {2}}]", None),
    ("Dimensions[f[f[a, b], f[c, d]]]", None),
    ("Dimensions[{{{1}}, {{2}}}, 2]", "{2, 1}", "the level argument: " + MISSING_IN_MATHICS),
    ("Depth[{{a}, b}]", None),
    ("Depth[a]", None),
    ("Depth[{}]", None),
    ("Length[<|a -> 1, b -> 2|>]", None),
]


test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "lists.structure")
