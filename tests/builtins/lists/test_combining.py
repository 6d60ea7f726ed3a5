"""The differential table of wlnet/builtins/lists/combining.py (Inner, Outer, Thread): see
tests/builtins/_support.py."""

from tests.builtins._support import MISSING_IN_MATHICS, differential_table

CASES = [
    ("Outer[f, {a, b}, {x, y}]", None),
    ("Outer[Times, {1, 2}, {3, 4}]", None),
    ("Outer[f, {{a, b}}, {x}]", None),
    ("Inner[f, {a, b}, {x, y}, g]", None),
    ("Inner[Times, {{1, 2}, {3, 4}}, {5, 6}, Plus]", None),
    ("Inner[Times, {{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}, Plus]", None),
    ("Thread[{a, b} -> {1, 2}]", None),
    ("Thread[f[{a, b}, c]]", None),
    ("Thread[f[{a, b}, {c}]]", None, ["Thread::tdlen"]),
    ("Thread[f[a, b]]", None),
    ("Thread[{a, b} == {1, 2}]", None),
    ("Thread[f[{a, b}, {c, d}], List, 1]", "{f[a, {c, d}], f[b, {c, d}]}",
     "the count argument: " + MISSING_IN_MATHICS),
    ("Outer[List, {a, b}, {1, 2}, {x}]", None),
]


test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "lists.combining")
