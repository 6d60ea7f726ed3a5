"""Associations (wlnet/builtins/associations.py): key order and replacement, evaluation of
entries (once, but again after a symbol in them gets a value), lookups by every route, and
the list functions on associations."""

from __future__ import annotations

import pytest

from tests.builtins._support import (
    ASSOC_IN_MATHICS, MISSING_IN_MATHICS, Runner, differential_table, parse)


@pytest.fixture
def runner():
    return Runner()


@pytest.mark.parametrize("script, expected", [
    # construction: later rules win, a key keeps its first place, rule lists splice
    ("<|b -> 1, a -> 2, b -> 3|>", "<|b -> 3, a -> 2|>"),
    ("Association[{a -> 1}, {{b -> 2}}, <|c -> 3|>]", "<|a -> 1, b -> 2, c -> 3|>"),
    ("<||>", "<||>"),
    ("<|x -> 1 + 1|>", "<|x -> 2|>"),
    # entries are evaluated once, yet follow later definitions of their symbols
    ("f[] := <|k -> x|>; f[]; x = 5; f[]", "<|k -> 5|>"),
    ("as = <|1 -> y|>; y = 3; as", "<|1 -> 3|>"),
    ("as = <|1 -> y|>; y = 3; as[1]", "3"),
    # lookups
    ("<|a -> 1|>[a]", "1"),
    ("<|a -> 1|>[Key[a]]", "1"),
    ("<|\"a\" -> 1|>[\"b\"]", "Missing[\"KeyAbsent\", \"b\"]"),
    ("<|a -> <|b -> <|c -> 7|>|>|>[a, b, c]", "7"),
    ("<|a -> <|b -> 1|>|>[[\"a\"]]", "Missing[\"KeyAbsent\", \"a\"]"),
    ("<|a -> <|b -> 1|>|>[[Key[a], Key[b]]]", "1"),
    ("<|a -> 1, b -> 2|>[[All]]", "<|a -> 1, b -> 2|>"),
    ("<|a -> 1, b -> 2|>[[-1]]", "2"),
    ("<|a -> {1, 2}|>[[Key[a], 2]]", "2"),
    ("Lookup[{a -> 1, b -> 2}, b]", "2"),
    ("Lookup[<|a -> 1|>, {a, z}, 0]", "{1, 0}"),
    ("KeyExistsQ[a][<|a -> 1|>]", "True"),
    ("KeyExistsQ[{a -> 1}, a]", "True"),
    # rearranging keeps keys with their values
    ("KeySort[<|3 -> c, 1 -> a, 2 -> b|>]", "<|1 -> a, 2 -> b, 3 -> c|>"),
    ("KeyTake[{<|a -> 1, b -> 2|>, <|a -> 3|>}, {a}]", "{<|a -> 1|>, <|a -> 3|>}"),
    ("KeyTake[{c, a}][<|a -> 1, b -> 2, c -> 3|>]", "<|c -> 3, a -> 1|>"),
    ("KeyDrop[{a}][<|a -> 1, b -> 2|>]", "<|b -> 2|>"),
    ("KeySelect[EvenQ][<|1 -> a, 2 -> b|>]", "<|2 -> b|>"),
    ("KeyMap[ToString, <|1 -> a, 2 -> b|>]", "<|\"1\" -> a, \"2\" -> b|>"),
    ("KeyMap[f][<|1 -> a|>]", "<|f[1] -> a|>"),
    ("AssociationMap[Reverse, <|a -> 1|>]", "<|1 -> a|>"),
    ("Merge[Total][{<|a -> 1|>, <|a -> 2|>}]", "<|a -> 3|>"),
    ("Merge[{<|a -> 1|>, <|b -> 2|>}, First]", "<|a -> 1, b -> 2|>"),
    ("Normal[{<|a -> 1|>, 2}]", "{{a -> 1}, 2}"),
    ("Normal[{<|a -> <|b -> 1|>|>}]", "{{a -> <|b -> 1|>}}"),
    # Normal[expr, h]: only the objects with head h, at any depth
    ("Normal[{<|a -> 1|>, SparseArray[{2 -> 1}]}, SparseArray]", "{<|a -> 1|>, {0, 1}}"),
    ("Normal[{<|a -> 1|>, SparseArray[{2 -> 1}]}, {SparseArray, Association}]",
     "{{a -> 1}, {0, 1}}"),
    ("Normal[<|a -> <|b -> 1|>|>, Association]", "{a -> {b -> 1}}"),
    ("Normal[f[ByteArray[{1, 2}]], ByteArray]", "f[{1, 2}]"),
    ("Normal[ByteArray[{1, 2}], SparseArray] === ByteArray[{1, 2}]", "True"),
    ("Normal[TimeSeries[{1, 2}], TimeSeries]", "{{0, 1}, {1, 2}}"),
    # special objects inside lists are made normal too, at any depth of lists
    ('Normal[{NumericArray[{1, 2}, "Integer8"], {NumericArray[{3}, "Integer8"]}, 0.5}]',
     "{{1, 2}, {{3}}, 0.5}"),
    ("Values[{<|a -> 1|>, <|a -> 2|>}]", "{{1}, {2}}"),
    ("Keys[<|a -> 1|>, f]", "{f[a]}"),
    # list functions on associations work on the values and keep the keys
    ("Map[#^2 &, <|a -> 2, b -> 3|>]", "<|a -> 4, b -> 9|>"),
    ("Select[<|a -> 1, b -> 2, c -> 3|>, OddQ]", "<|a -> 1, c -> 3|>"),
    ("Length[<|a -> 1, b -> 2, a -> 5|>]", "2"),
    ("Total[<|a -> 1, b -> 2|>]", "3"),
    ("Mean[Values[<|a -> 1, b -> 2|>]]", "3/2"),
    ("Counts[{\"x\", \"y\", \"x\"}][\"x\"]", "2"),
    ("Keys[GroupBy[{1, 2, 3, 4}, Mod[#, 3] &]]", "{1, 2, 0}"),
    ("GroupBy[{1, 2, 3, 4}, {EvenQ, # > 2 &}]",
     "<|False -> <|False -> {1}, True -> {3}|>, True -> <|False -> {2}, True -> {4}|>|>"),
    ("GroupBy[{{a, 1}, {a, 2}}, {First, Last} -> Last, Total]",
     "<|a -> <|1 -> 1, 2 -> 2|>|>"),
    ("MapIndexed[f, <|a -> x|>]", "<|a -> f[x, {Key[a]}]|>"),
    ("Association[Thread[{\"a\", \"b\"} -> {1, 2}]][\"b\"]", "2"),
    ("Apply[Plus, <|a -> 1, b -> 2|>]", "3"),
    ("AllTrue[<|a -> 2, b -> 4|>, EvenQ]", "True"),
    ("SortBy[<|a -> 3, b -> 1, c -> 2|>, Identity]", "<|b -> 1, c -> 2, a -> 3|>"),
    ("Take[<|a -> 1, b -> 2, c -> 3|>, 2]", "<|a -> 1, b -> 2|>"),
    ("Drop[<|a -> 1, b -> 2, c -> 3|>, 1]", "<|b -> 2, c -> 3|>"),
    ("Last[<|a -> 1, b -> 2|>]", "2"),
    ("Append[<|a -> 1|>, {b -> 2, c -> 3}]", "<|a -> 1, b -> 2, c -> 3|>"),
    ("Prepend[<|a -> 1|>, b -> 2]", "<|b -> 2, a -> 1|>"),
])
def test_associations(runner, script, expected):
    assert runner.run(script) == runner.session.evaluate(parse(expected))


@pytest.mark.parametrize("text, message", [
    ("<|1, 2|>", "Association::invrl: 1 is not a valid list of rules."),
    ("Keys[5]", "Keys::invrl: The argument 5 is not a valid Association or a list of rules."),
    ("KeySort[5]",
     "KeySort::invrl: The argument 5 is not a valid Association or a list of rules."),
    ("AssociationThread[{a, b}, {1}]",
     "AssociationThread::idim: {a, b} and {1} must have the same length."),
    # a variable with no association: a message, not a recursion (asc = Append[asc, …])
    ("AssociateTo[noSuchAsc, 1]",
     "AssociateTo::rvalue: noSuchAsc is not a variable with a value, so its value cannot be "
     "changed."),
    ("five = 5; AssociateTo[five, a -> 1]",
     "AssociateTo::noassoc: The value 5 of five is not an association."),
    ("KeyDropFrom[noSuchAsc, a]",
     "KeyDropFrom::rvalue: noSuchAsc is not a variable with a value, so its value cannot be "
     "changed."),
])
def test_association_messages(runner, text, message):
    runner.run(text)
    assert message in runner.messages


def test_a_large_association_is_looked_up_by_key(runner):
    """10^4 keys: lookups go through a cached index, not a scan of the entries."""
    runner.run("as = AssociationThread[Range[10^4], Range[10^4]^2];")
    assert runner.run("Total[Table[Lookup[as, i], {i, 1, 10^4, 7}]]") == \
        runner.run("Total[Range[1, 10^4, 7]^2]")
    assert runner.run("as[9999] + as[[Key[2]]]") == parse(str(9999 ** 2 + 4))


# ---------------------------------------------------------------------------- against Wolfram

# Against Mathics3, or the Wolfram answer written by hand where Mathics3 lacks or differs (the
# row says why); rows as tests/builtins/_support.py describes them, run in one session.
CASES = [
    ("<|a -> 1, b -> 2, a -> 3|>", None),
    ("<|a -> 1, {b -> 2, c -> 3}|>", None),
    ("<|<|a -> 1|>, b -> 2|>", None),
    ("<|\"a\" -> 1 + 1|>", None),
    ("Association[{a -> 1, b :> 1 + 1}]", "<|a -> 1, b :> 1 + 1|>",
     "Mathics3 evaluates the right side of :> in an association"),
    ("<|\"a\" -> 1, \"b\" -> 2|>[\"b\"]", None),
    ("<|\"a\" -> 1, \"b\" -> 2|>[\"c\"]", "Missing[\"KeyAbsent\", \"c\"]",
     "Mathics3 makes KeyAbsent a symbol (§6)"),
    ("<|\"a\" -> <|\"b\" -> 5|>|>[\"a\", \"b\"]", "5", ASSOC_IN_MATHICS),
    ("Keys[<|a -> 1, b -> 2|>]", None),
    ("Values[<|a -> 1, b -> 2|>]", None),
    ("Keys[{a -> 1, b -> 2}]", None),
    ("Lookup[<|a -> 1|>, a]", "1", "Lookup is broken in Mathics3 (§6)"),
    ("Lookup[<|a -> 1|>, b]", "Missing[\"KeyAbsent\", b]", "Lookup is broken in Mathics3"),
    ("Lookup[<|a -> 1|>, b, 0]", "0", "Lookup is broken in Mathics3 (§6)"),
    ("Lookup[<|a -> 1, b -> 2|>, {a, b, c}]", "{1, 2, Missing[\"KeyAbsent\", c]}",
     "Lookup is broken in Mathics3 (§6)"),
    ("Lookup[{<|a -> 1|>, <|a -> 2|>}, a]", "{1, 2}", "Lookup is broken in Mathics3 (§6)"),
    ("Lookup[a][<|a -> 1|>]", "1", "operator forms (§6)"),
    ("KeyExistsQ[<|a -> 1|>, a]", "True", MISSING_IN_MATHICS),
    ("KeyMemberQ[<|1 -> a, 2 -> b|>, _?EvenQ]", "True", MISSING_IN_MATHICS),
    ("KeyMemberQ[{x -> 1}, y]", "False", MISSING_IN_MATHICS),
    ("KeyMemberQ[_Integer][<|\"k\" -> 1|>]", "False", MISSING_IN_MATHICS),
    ("KeySortBy[Minus][<|1 -> a, 2 -> b|>]", "<|2 -> b, 1 -> a|>", MISSING_IN_MATHICS),
    ("KeyExistsQ[<|a -> 1|>, b]", "False", MISSING_IN_MATHICS),
    ("KeySort[<|b -> 1, a -> 2, c -> 0|>]", "<|a -> 2, b -> 1, c -> 0|>", MISSING_IN_MATHICS),
    ("KeyTake[<|a -> 1, b -> 2, c -> 3|>, {c, a}]", "<|c -> 3, a -> 1|>", MISSING_IN_MATHICS),
    ("KeyDrop[<|a -> 1, b -> 2|>, a]", "<|b -> 2|>", MISSING_IN_MATHICS),
    ("KeyDrop[<|a -> 1, b -> 2|>, {a, b}]", "<||>", MISSING_IN_MATHICS),
    ("KeySelect[<|1 -> a, 2 -> b|>, EvenQ]", "<|2 -> b|>", MISSING_IN_MATHICS),
    ("KeyMap[f, <|a -> 1|>]", "<|f[a] -> 1|>", MISSING_IN_MATHICS),
    ("AssociationThread[{a, b}, {1, 2}]", "<|a -> 1, b -> 2|>", MISSING_IN_MATHICS),
    ("AssociationThread[{a, b} -> {1, 2}]", "<|a -> 1, b -> 2|>", MISSING_IN_MATHICS),
    ("Association[Thread[{a, b} -> {1, 2}]]", "<|a -> 1, b -> 2|>",
     "Mathics3 does not evaluate the argument (§6)"),
    ("AssociationMap[f, {a, b}]", "<|a -> f[a], b -> f[b]|>", MISSING_IN_MATHICS),
    ("Normal[<|a -> 1, b -> 2|>]", "{a -> 1, b -> 2}", "Normal is broken in Mathics3 (§6)"),
    ("Merge[{<|a -> 1|>, <|a -> 2, b -> 3|>}, Total]", "<|a -> 3, b -> 3|>",
     MISSING_IN_MATHICS),
    ("Values[Map[#^2 &, <|a -> 2, b -> 3|>]]", None),
    ("KeySortBy[<|1 -> a, -2 -> b|>, Abs]", "<|1 -> a, -2 -> b|>", MISSING_IN_MATHICS),
    # lists of associations (WL reference)
    ("KeyUnion[{<|a -> 1|>, <|b -> 2|>}]", "{<|a -> 1, b -> Missing[\"KeyAbsent\", b]|>, "
     "<|a -> Missing[\"KeyAbsent\", a], b -> 2|>}", MISSING_IN_MATHICS),
    ("KeyUnion[{<|a -> 1|>, <|b -> 2|>}, 0 &]", "{<|a -> 1, b -> 0|>, <|a -> 0, b -> 2|>}",
     MISSING_IN_MATHICS),
    ("KeyUnion[{1, 2}]", "KeyUnion[{1, 2}]", ["KeyUnion::invrl"]),
    # a list that is not of associations or rules: one message, the call unevaluated
    ("Values[{1, 2}]", "Values[{1, 2}]", ["Values::invrl"]),
    ("Keys[{<|a -> 1|>, 5}]", "Keys[{<|a -> 1|>, 5}]", ["Keys::invrl"]),
    ("Lookup[{1, 2}, a]", "Lookup[{1, 2}, a]", ["Lookup::invrl"]),
    ("Lookup[{<|a -> 1|>, {a -> 3}}, a]", "{1, 3}", MISSING_IN_MATHICS),
    ("KeyIntersection[{<|a -> 1, b -> 2|>, <|b -> 3, c -> 4|>}]", "{<|b -> 2|>, <|b -> 3|>}",
     MISSING_IN_MATHICS),
    ("KeyComplement[{<|a -> 1, b -> 2, c -> 3|>, <|b -> 3|>, <|c -> 0|>}]", "<|a -> 1|>",
     MISSING_IN_MATHICS),
    ("PositionIndex[{a, b, a, c, b, a}]", "<|a -> {1, 3, 6}, b -> {2, 5}, c -> {4}|>",
     MISSING_IN_MATHICS),
    ("PositionIndex[<|x -> 1, y -> 2, z -> 1|>]", "<|1 -> {x, z}, 2 -> {y}|>",
     MISSING_IN_MATHICS),
    ("PositionIndex[{}]", "<||>", MISSING_IN_MATHICS),
]


# the assignments (AssociateTo, KeyDropFrom) are tested in lists/test_package.py
test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "associations", exempt={"AssociateTo", "KeyDropFrom"})


def test_nothing_is_dropped_from_an_association():
    from tests.builtins._support import check
    check('<|"a" -> 1, Nothing, "b" -> 2|>', '<|"a" -> 1, "b" -> 2|>')
    check("Association[{Nothing, 1 -> 2}, Nothing]", "<|1 -> 2|>")


def test_key_is_a_function_of_an_association():
    from tests.builtins._support import check
    check('{Key["x"][<|"x" -> 5|>], Key["q"][<|"x" -> 5|>], SortBy[{<|"a" -> 2|>, <|"a" -> 1|>}, Key["a"]]}',
          '{5, Missing["KeyAbsent", "q"], {<|"a" -> 1|>, <|"a" -> 2|>}}', evaluate_expected=True)
    check('Key["x"][5]', 'Key["x"][5]', evaluate_expected=True)


def test_growing_an_association_key_by_key(runner):
    """a[k] = v and AssociateTo set one entry through the key table (no walk of the
    others); replaced keys keep their place, and symbols in values still count."""
    out = runner.run("a = <||>; Do[a[i] = i^2, {i, 40}]; Do[AssociateTo[a, i -> x], "
                     "{i, 41, 45}]; a[3] = -1; AssociateTo[a, 1 -> 0]; x = 2; "
                     "{Length[a], Take[Keys[a], 3], a[1], a[3], a[45], Total[Values[a]]}")
    assert out == parse("{45, {1, 2, 3}, 0, -1, 2, "
                        f"{sum(i * i for i in range(1, 41)) - 1}}}")
