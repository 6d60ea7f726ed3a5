"""The differential table of wlnet/builtins/lists/searching.py (AllTrue, AnyTrue, Cases, Count,
DeleteCases, FreeQ, MemberQ, NoneTrue, Position, Select, SelectFirst): see
tests/builtins/_support.py."""

from tests.builtins._support import MISSING_IN_MATHICS, differential_table

CASES = [
    ("Count[{1, a, 2, b}, _Integer]", None),
    ("Count[{{1}, {2, 3}}, _Integer, 2]", None),
    ("Count[{a, b, a}, a]", None),
    ("Position[{a, b, a}, a]", None),
    ("Position[{{a}, b, {c, a}}, a]", None),
    ("Position[{1, 2, 3, 4}, _?EvenQ]", None),
    ("Position[{a, b, a}, a, 1, 1]", "{{1}}", "the count argument: " + MISSING_IN_MATHICS),
    ("Select[{1, 2, 3, 4}, EvenQ]", None),
    ("Select[{1, 2, 3, 4}, EvenQ, 1]", None),
    ("Select[{1, 2, 3, 4}, # > 2 &]", None),
    ("Select[EvenQ][{1, 2, 3, 4}]", "{2, 4}", "operator forms (§6)"),
    ("Cases[{1, a, 2, b}, _Integer]", None),
    ("Cases[{1, a, 2, b}, x_Integer :> x^2]", None),
    ("Cases[{1, a, 2, b}, x_Integer -> x + 1]", None),
    ("Cases[{{1}, {2, b}}, _Integer, Infinity]", None),
    ("Cases[{f[1], g[2], f[3]}, f[x_] :> x]", None),
    ("Cases[{1, a, 2, b}, _Symbol, 1, 1]", "{a}", "the count argument: "
     + MISSING_IN_MATHICS),
    ("Cases[_Integer][{1, a}]", "{1}", "operator forms (§6)"),
    ("DeleteCases[{1, a, 2, b}, _Integer]", None),
    ("DeleteCases[{{1, a}, {2, b}}, _Integer, 2]", None),
    ("DeleteCases[{a, b, a}, a]", None),
    ("MemberQ[{1, 2, 3}, 2]", None),
    ("MemberQ[{1, 2, 3}, _String]", None),
    ("MemberQ[{{1}}, 1]", None),
    ("FreeQ[{a, b}, c]", None),
    ("FreeQ[{a, f[c]}, c]", None),
    ("FreeQ[f[x], f]", None),
    ("AllTrue[{2, 4}, EvenQ]", "True", MISSING_IN_MATHICS),
    ("AllTrue[{2, 3}, EvenQ]", "False", MISSING_IN_MATHICS),
    ("AnyTrue[{1, 3}, EvenQ]", "False", MISSING_IN_MATHICS),
    ("AnyTrue[{1, 2}, EvenQ]", "True", MISSING_IN_MATHICS),
    ("NoneTrue[{1, 3}, EvenQ]", "True", MISSING_IN_MATHICS),
    ("Select[<|a -> 1, b -> 2|>, EvenQ]", "<|b -> 2|>",
     "Select is broken on associations in Mathics3 (§6)"),
    ("Cases[<|a -> 1, b -> x|>, _Integer]", "{1}", "Cases looks at an association's values"),
    ("DeleteCases[<|a -> 1, b -> x|>, _Integer]", "<|b -> x|>",
     "DeleteCases keeps an association an association"),
    ("Position[<|a -> 1, b -> x|>, x]", "{{Key[b]}}", "positions in associations are keys"),
    ("SelectFirst[{1, 2, 3}, EvenQ]", "2", MISSING_IN_MATHICS),
    ("SelectFirst[{1, 3}, EvenQ]", "Missing[\"NotFound\"]", MISSING_IN_MATHICS),
    ("Count[{1, 2, 3}, x_ /; x > 1]", None),
    ("Position[f[g[x], x], x, Infinity, Heads -> False]", None),
    ("Cases[{a, {b, {c}}}, _List, {0, Infinity}]", None),
    ("FirstPosition[{a, b, a, c}, a]", None),
    ("FirstPosition[{{1, 2}, {3, 4}}, 3]", None),
    ("FirstPosition[{1, 2}, 5]", None),
    ("FirstPosition[{1, 2}, 5, none]", None),
    ("FirstCase[{1, a, 2.5, b}, _Symbol]", "a", MISSING_IN_MATHICS),
    ("FirstCase[{1, 2, 3}, x_ /; x > 1 :> 10 x]", "20", MISSING_IN_MATHICS),
    ("FirstCase[{1, 2}, _String, none]", "none", MISSING_IN_MATHICS),
    ("FirstCase[{1, 2}, _String]", "Missing[\"NotFound\"]", MISSING_IN_MATHICS),
]


test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "lists.searching")
