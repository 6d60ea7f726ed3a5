"""The differential table of wlnet/builtins/lists/reshaping.py (Flatten, Partition,
Permutations, Riffle, Subsets, Transpose, Tuples): see tests/builtins/_support.py."""

from tests.builtins._support import MISSING_IN_MATHICS, differential_table

CASES = [
    ("Flatten[{a, {b, {c}}}]", None),
    ("Flatten[{a, {b, {c}}}, 1]", None),
    ("Flatten[{{1, 2}, {3, 4}}, {{2}, {1}}]", None),
    ("Flatten[{{1, 2}, {3, 4}}, {{1, 2}}]", None),
    ("Flatten[f[a, f[b], g[c]], 1, f]", None),
    ("Flatten[f[a, f[b, f[c]]]]", None),
    ("Partition[{a, b, c, d, e}, 2]", None),
    ("Partition[{a, b, c, d, e}, 3, 1]", None),
    ("Partition[{a, b, c, d, e, f}, 3, 2]", None),
    ("Partition[{a, b, c, d, e}, 2, 2, 1]", "{{a, b}, {c, d}, {e, a}}",
     "overhang: " + MISSING_IN_MATHICS),
    ("Partition[{a, b, c, d, e}, 2, 2, {1, 1}]", "{{a, b}, {c, d}, {e, a}}",
     "overhang: " + MISSING_IN_MATHICS),
    ("Partition[{a, b, c, d}, 3, 1, {-1, 1}]",
     "{{c, d, a}, {d, a, b}, {a, b, c}, {b, c, d}, {c, d, a}, {d, a, b}}",
     "overhang: " + MISSING_IN_MATHICS),
    ("Partition[{a, b, c, d, e}, 2, 2, 1, x]", "{{a, b}, {c, d}, {e, x}}",
     "padding: " + MISSING_IN_MATHICS),
    ("Partition[{a, b, c, d, e}, 2, 2, 1, {}]", "{{a, b}, {c, d}, {e}}",
     "no padding: " + MISSING_IN_MATHICS),
    ("Partition[{a, b, c, d, e}, UpTo[2]]", "{{a, b}, {c, d}, {e}}",
     "UpTo: " + MISSING_IN_MATHICS),
    ("Transpose[{{1, 2}, {3, 4}}]", None),
    ("Transpose[{{1, 2, 3}, {4, 5, 6}}]", None),
    ("Transpose[{{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}}, {1, 3, 2}]",
     "{{{1, 3}, {2, 4}}, {{5, 7}, {6, 8}}}", "a permutation: " + MISSING_IN_MATHICS),
    ("Tuples[{0, 1}, 2]", None),
    ("Tuples[{{a, b}, {x, y}}]", None),
    ("Tuples[{a, b}, 0]", None),
    ("Subsets[{a, b, c}]", None),
    ("Subsets[{a, b, c}, {2}]", None),
    ("Subsets[{a, b, c, d}, 2]", None),
    ("Permutations[{a, b, c}]", None),
    ("Permutations[{a, a, b}]", "{{a, a, b}, {a, b, a}, {b, a, a}}",
     "Mathics3 repeats permutations of equal elements; Wolfram gives distinct ones"),
    ("Permutations[{a, b, c}, {2}]", None),
    ("Riffle[{a, b, c}, x]", None),
    ("Riffle[{a, b, c}, {x, y}]", None),
    ("Riffle[{a, b, c}, {x, y, z}]", None),
    ("Partition[Range[7], 3, 3, {1, 1}, 0]", "{{1, 2, 3}, {4, 5, 6}, {7, 0, 0}}",
     "padding: " + MISSING_IN_MATHICS),
    ("Riffle[{a, b, c, d}, x, 2]", "{a, x, b, x, c, x, d}", "the spacing argument: "
     + MISSING_IN_MATHICS),
    ("Riffle[{a, b, c, d, e, f, g}, x, 3]", "{a, b, x, c, d, x, e, f, x, g}",
     "the spacing argument: " + MISSING_IN_MATHICS),
    ("Tuples[f[a, b], 2]", None),
    ("Subsets[{a, b, c}, All, 3]", None),
    ("Flatten[{{a, {b}}, {c}}, Infinity]", None),
]


test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "lists.reshaping")
