"""The differential table of wlnet/builtins/lists/grouping.py (Catenate, Gather, GatherBy,
GroupBy, MaximalBy, MinimalBy, Split, SplitBy): see tests/builtins/_support.py."""

from tests.builtins._support import ASSOC_IN_MATHICS, MISSING_IN_MATHICS, differential_table

CASES = [
    ("GroupBy[{1, 2, 3, 4, 5}, OddQ]", "<|True -> {1, 3, 5}, False -> {2, 4}|>",
     MISSING_IN_MATHICS),
    ("GroupBy[{{a, 1}, {b, 2}, {a, 3}}, First -> Last]", "<|a -> {1, 3}, b -> {2}|>",
     MISSING_IN_MATHICS),
    ("GroupBy[{{a, 1}, {b, 2}, {a, 3}}, First -> Last, Total]", "<|a -> 4, b -> 2|>",
     MISSING_IN_MATHICS),
    ("GatherBy[{1, 2, 3, 4, 5}, OddQ]", None),
    ("Gather[{a, b, a, c}]", None),
    ("SplitBy[{1, 3, 2, 4, 5}, OddQ]", None),
    # a list of functions splits each run again (Mathics3 gives {{{1}}, {{2}}, …})
    ("SplitBy[Range[8], {# > 4 &, EvenQ}]", "{{{1}, {2}, {3}, {4}}, {{5}, {6}, {7}, {8}}}",
     "SplitBy page: recursively splits by each f in turn"),
    ("SplitBy[{1, 1, 2, 3}, {OddQ}]", "{{1, 1}, {2}, {3}}", "one function in a list"),
    ("Split[{a, a, b, a}]", None),
    ("Split[{1, 2, 5, 6, 7}, #2 - #1 == 1 &]", None),
    ("Catenate[{{a, b}, {c}}]", None),
    ("MaximalBy[{{a, 1}, {b, 3}, {c, 3}}, Last]", "{{b, 3}, {c, 3}}", MISSING_IN_MATHICS),
    ("MinimalBy[{{a, 1}, {b, 3}}, Last]", "{{a, 1}}", MISSING_IN_MATHICS),
    ("MaximalBy[{-3, 1, 2}, Abs, 2]", "{-3, 2}", MISSING_IN_MATHICS),
    ("GroupBy[{1, 2, 3}, OddQ][True]", "{1, 3}", MISSING_IN_MATHICS),
    ("Catenate[{<|a -> 1|>, <|b -> 2|>}]", "{1, 2}", ASSOC_IN_MATHICS),
    ("Split[{}]", None),
    # an association gives the association of the chosen entries
    ("MaximalBy[<|a -> 1, b -> 3, c -> 3|>, Identity]", "<|b -> 3, c -> 3|>", ASSOC_IN_MATHICS),
    ("MaximalBy[<|a -> 1, b -> 3, c -> 2|>, Identity, 2]", "<|b -> 3, c -> 2|>", ASSOC_IN_MATHICS),
    ("MinimalBy[<|a -> 1, b -> 3|>, Minus]", "<|b -> 3|>", ASSOC_IN_MATHICS),
]


test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "lists.grouping")
