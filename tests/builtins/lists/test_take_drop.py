"""The differential table of wlnet/builtins/lists/take_drop.py (Drop, First, Last, Most, Rest,
Take): see tests/builtins/_support.py."""

from tests.builtins._support import MISSING_IN_MATHICS, differential_table

CASES = [
    ("First[{a, b, c}]", None),
    ("Last[{a, b, c}]", None),
    ("Rest[{a, b, c}]", None),
    ("Most[{a, b, c}]", None),
    ("First[{}]", None, ["First::nofirst"]),
    ("First[{}, x]", None),
    ("Take[{a, b, c, d}, 2]", None),
    ("Take[{a, b, c, d}, -2]", None),
    ("Take[{a, b, c, d}, {2, 3}]", None),
    ("Take[{a, b, c, d, e, f}, {1, -1, 2}]", None),
    ("Take[{{1, 2, 3}, {4, 5, 6}}, 2, 2]", None),
    ("Take[{a, b}, 5]", None, ["Take::take"]),
    ("Take[{}, {1, 0}]", None),                 # an empty span of an empty list
    ("Take[{a, b, c}, {1, 0}]", None),
    ("Take[{a, b, c}, {2, 0}]", None, ["Take::take"]),
    ("Take[{a, b, c}, UpTo[5]]", "{a, b, c}", "UpTo: " + MISSING_IN_MATHICS),
    # a bad spec at a deeper level is a message, not an internal error
    ("Take[{{1, 2}, {3, 4}}, 1, x]", "Take[{{1, 2}, {3, 4}}, 1, x]", ["Take::seqs"]),
    ("Drop[{{1, 2}, {3, 4}}, 1, x]", "Drop[{{1, 2}, {3, 4}}, 1, x]", ["Drop::seqs"]),
    ("Drop[{a, b, c, d}, 2]", None),
    ("Drop[{a, b, c, d}, -1]", None),
    ("Drop[{a, b, c, d}, {2, 3}]", None),
    ("Drop[{{1, 2, 3}, {4, 5, 6}}, 1, 1]", None),
    ("First[<|a -> 1, b -> 2|>]", "1", "First of an association is its first value"),
    ("Take[{a, b, c, d, e}, {-1, 1, -2}]", None),
    ("TakeList[{a, b, c, d, e}, {2, 3}]", "{{a, b}, {c, d, e}}", MISSING_IN_MATHICS),
    ("TakeList[{a, b, c}, {1, All}]", "{{a}, {b, c}}", "All: " + MISSING_IN_MATHICS),
    ("TakeList[{a, b, c}, {1, UpTo[5]}]", "{{a}, {b, c}}", "UpTo: " + MISSING_IN_MATHICS),
    ("TakeList[{a, b}, {3}]", "TakeList[{a, b}, {3}]", ["TakeList::take"]),
]


test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "lists.take_drop")
