"""MissingQ, FailureQ, PadLeft, PadRight, ArrayReshape, Pick, MinMax, TakeLargest,
TakeSmallest, ReverseSortBy, RemoveDiacritics: against Wolfram's documented answers."""

from tests.builtins._support import check_example, declared_examples, differential_table

import pytest

CASES = [
    ('MissingQ[Missing["NotFound"]]', "True"),
    ("MissingQ[{Missing[]}]", "False"),
    ("FailureQ[$Failed]", "True"),
    ('FailureQ[Failure["x", <||>]]', "True"),
    ("FailureQ[x]", "False"),
    ("PadLeft[{1, 2}, 4]", "{0, 0, 1, 2}"),
    ("PadLeft[{1, 2, 3}, 2]", "{2, 3}"),
    ("PadLeft[{1, 2}, 4, x]", "{x, x, 1, 2}"),
    ("PadLeft[{{1}, {1, 2}}]", "{{0, 1}, {1, 2}}"),
    ("PadLeft[{a, b, c}, 10, {x, y, z}]", "{z, x, y, z, x, y, z, a, b, c}"),
    ("PadLeft[{{1, 2}}, {2, 3}]", "{{0, 0, 0}, {0, 1, 2}}"),
    ("PadRight[{1, 2}, 4]", "{1, 2, 0, 0}"),
    ("PadRight[{1, 2, 3}, 2]", "{1, 2}"),
    ("PadRight[{{1}, {1, 2, 3}}]", "{{1, 0, 0}, {1, 2, 3}}"),
    ("PadRight[{{1}, {1, 2}}, {2, 3}, x]", "{{1, x, x}, {1, 2, x}}"),
    ("PadRight[{a, b, c}, 10, {x, y, z}]", "{a, b, c, x, y, z, x, y, z, x}"),
    ("PadRight[{}, 2]", "{0, 0}"),
    ("PadRight[x, 2]", "PadRight[x, 2]", ["PadRight::normal"]),
    ("PadRight[{1}, -1]", "PadRight[{1}, -1]", ["PadRight::ilsmp"]),
    ("ArrayReshape[Range[6], {2, 3}]", "{{1, 2, 3}, {4, 5, 6}}"),
    ("ArrayReshape[{{1, 2}, {3, 4}}, {4}]", "{1, 2, 3, 4}"),
    ("ArrayReshape[{1, 2, 3}, {2, 2}]", "{{1, 2}, {3, 0}}"),
    ("ArrayReshape[Range[8], {2, 2}]", "{{1, 2}, {3, 4}}"),
    ("Pick[{a, b, c}, {True, False, True}]", "{a, c}"),
    ("Pick[{a, b, c}, {1, 0, 1}, 1]", "{a, c}"),
    ("Pick[{{a, b}, {c, d}}, {{True, False}, {False, True}}]", "{{a}, {d}}"),
    ("Pick[{a, b}, {True}]", "Pick[{a, b}, {True}]", ["Pick::incomp"]),
    ("MinMax[{3, 1, 2}]", "{1, 3}"),
    ("MinMax[{3, 1, 2}, 1]", "{0, 4}"),
    ("TakeLargest[{1, 5, 3, 4}, 2]", "{5, 4}"),
    ("TakeLargest[{1, Missing[], 3}, 2]", "{3, 1}"),
    ("TakeSmallest[{1, 5, 3, 4}, 2]", "{1, 3}"),
    ("TakeLargest[{1}, 2]", "TakeLargest[{1}, 2]", ["TakeLargest::insuff"]),
    ("TakeLargestBy[{{a, 1}, {b, 3}, {c, 2}}, Last, 2]", "{{b, 3}, {c, 2}}"),
    ('TakeLargestBy[{"aa", "b", "ccc"}, StringLength, 2]', '{"ccc", "aa"}'),
    ("TakeSmallestBy[{-3, 1, 2}, Abs, 2]", "{1, 2}"),
    ("Between[2, {1, 3}]", "True"),
    ("Between[5, {1, 3}]", "False"),
    ("Between[3, {{0, 1}, {2, 4}}]", "True"),
    ("Select[{1, 5, 9}, Between[{2, 6}]]", "{5}"),
    ("TakeLargestBy[<|a -> {1}, b -> {5}|>, First, 1]", "<|b -> {5}|>"),
    ("TakeLargestBy[{1, 2}, Abs, 3]", "TakeLargestBy[{1, 2}, Abs, 3]", ["TakeLargestBy::insuff"]),
    ("ReverseSortBy[{{1, a}, {3, b}, {2, c}}, First]", "{{3, b}, {2, c}, {1, a}}"),
    ('RemoveDiacritics["Pokémon Flabébé"]', '"Pokemon Flabebe"'),
    ('RemoveDiacritics[{"é", "ñ"}]', '{"e", "n"}'),
    ("FilterRules[{a -> 1, b -> 2, c -> 3}, {a, c}]", "{a -> 1, c -> 3}"),
    ("FilterRules[{a -> 1, b :> 2}, b]", "{b :> 2}"),
    ('FilterRules[{MaxTrainingRounds -> 1, Foo -> 2, "BatchSize" -> 3}, Options[NetTrain]]',
     '{MaxTrainingRounds -> 1, "BatchSize" -> 3}', "not in Mathics3"),
    ("FilterRules[{a -> 1, b -> 2, x -> 3}, Except[a]]", "{b -> 2, x -> 3}"),
    ("FilterRules[a -> 1, {a}]", "{a -> 1}"),
    ("ContainsAny[{a, b, c}, {c, d}]", "True"),
    ("ContainsAny[{a -> 1}, {a -> 2}]", "False"),
    ("ContainsAll[{a, b, c}, {c, a}]", "True"),
    ("ContainsAll[{a}, {a, b}]", "False"),
    ("ContainsNone[{a, b}, {c, d}]", "True"),
    ("ContainsOnly[{a, a, b}, {a, b, c}]", "True"),
    ("ContainsExactly[{a, b, b}, {b, a}]", "True"),
    ("ContainsExactly[{a}, {a, b}]", "False"),
    ("ContainsAny[x, {a}]", "ContainsAny[x, {a}]", ["ContainsAny::lsts"]),
    ("ArrayFlatten[{{{{1, 2}}, {{3}}}, {{{4, 5}}, {{6}}}}]", "{{1, 2, 3}, {4, 5, 6}}"),
    ("ArrayFlatten[{{{{1, 2}, {3, 4}}}, {{{5, 6}}}}]", "{{1, 2}, {3, 4}, {5, 6}}"),
    ("ArrayFlatten[{{{{1, 2}}}, {{{3}}}}]", "ArrayFlatten[{{{{1, 2}}}, {{{3}}}}]", ["ArrayFlatten::blocks"]),
]

test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = \
    differential_table(CASES, "program_extra")


@pytest.mark.parametrize("name,text,expected", declared_examples("program_extra"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)
