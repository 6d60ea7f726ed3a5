"""The differential table of wlnet/builtins/lists/ordering.py (Ordering, Sort, SortBy): see
tests/builtins/_support.py."""

from tests.builtins._support import MISSING_IN_MATHICS, differential_table

CASES = [
    ("NumericalSort[{3, Pi, 1/2, 2.}]", "{1/2, 2., 3, Pi}", MISSING_IN_MATHICS),
    ("NumericalSort[{b, 2, a, 1}]", "{1, 2, a, b}", MISSING_IN_MATHICS),
    ("NumericalSort[<|a -> 3, b -> 1, c -> 2|>]", "<|b -> 1, c -> 2, a -> 3|>",
     MISSING_IN_MATHICS),
    ("Sort[{c, a, b}]", None),
    ("Sort[{3, 1, 2}, Greater]", None),
    ("Sort[{b, 2, a, 1.5, \"x\"}]", None),
    ("Sort[{{2, 1}, {1, 2}, {1}}]", None),
    ("Sort[{3, 1, 2}, #1 > #2 &]", None),
    ("SortBy[{{2, a}, {1, b}}, First]", None),
    ("SortBy[{-3, 1, 2}, Abs]", None),
    # numeric keys of symbolic items: by value, ties by the items' canonical order
    ("SortBy[{{2, b}, {1, z}, {2, a}, {0.5, c}}, First]", None),
    ("SortBy[{f[3], g[1], f[1], h[2]}, First]", None),
    ("SortBy[Last][{{a, 2}, {b, 1}}]", "{{b, 1}, {a, 2}}", "operator forms (§6)"),
    ("Ordering[{c, a, b}]", "{2, 3, 1}", MISSING_IN_MATHICS),
    ("Ordering[{3, 1, 2}, 2]", "{2, 3}", MISSING_IN_MATHICS),
    ("Ordering[{3, 1, 2}, -1]", "{1}", MISSING_IN_MATHICS),
    ("Sort[<|a -> 2, b -> 1|>]", "<|b -> 1, a -> 2|>",
     "Sort orders an association by its values"),
    ("Sort[{\"b\", \"B\", \"a\", \"A\"}]", None),
    ("OrderingBy[{{a, 3}, {b, 1}, {c, 2}}, Last]", "{2, 3, 1}", MISSING_IN_MATHICS),
    ("OrderingBy[{-3, 1, 2}, Abs, 2]", "{2, 3}", MISSING_IN_MATHICS),
    ("ReverseSort[{3, 1, 2, 1.5}]", None),
    ("ReverseSort[{\"b\", \"a\", \"c\"}]", None),
    ("ReverseSort[<|a -> 1, b -> 3|>]", None),
    ("ReverseSort[<|a -> 4, b -> 1, c -> 3, d -> 2, e -> 2|>]",
     "<|a -> 4, c -> 3, d -> 2, e -> 2, b -> 1|>", "ties keep their order (WL reference)"),
    ("ReverseSort[{0, 11, 13, 4, 9}, Greater]", "{0, 4, 9, 11, 13}",
     "Sort with the reverse of the ordering function (WL reference)"),
    ("ReverseSort[f[x, z, y]]", "f[z, y, x]", "any head (WL reference)"),
    ("ReverseSort[5]", "ReverseSort[5]", ["ReverseSort::normal"]),
]


test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "lists.ordering")
