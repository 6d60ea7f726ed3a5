"""Structure builtins (wlnet/builtins/structure.py): a differential table against
Mathics3, message cases, and Definition's printing.

(input, None) compares with Mathics3's answer; (input, answer, why) carries the Wolfram
Language's answer written by hand where Mathics3 differs from it (and needs no Mathics3).
"""

from __future__ import annotations


import pytest

from tests.builtins._support import (
    Runner, builtins_missing_from, builtins_of, check_example, check_row, declared_examples,
    parse, without_examples, without_usage)

MISSING = "not implemented in Mathics3"
POSITION_PATTERNS = "position patterns (documented for ReplacePart): " + MISSING

CASES = [
    # --- heads and atoms
    ("Head[1]", None),
    ("Head[1/2]", None),
    ("Head[1.5]", None),
    ("Head[\"s\"]", None),
    ("Head[x]", None),
    ("Head[{a}]", None),
    ("Head[q[x][y]]", None),
    ("Head[q[x], h]", "h[q]", "the wrapper argument: " + MISSING),
    ("Head[1 + I]", None),
    ("AtomQ[\"ab\"]", None),
    ("AtomQ[1/2]", None),
    ("AtomQ[x]", None),
    ("AtomQ[q[x]]", None),
    ("AtomQ[{}]", None),
    ("StringQ[\"a\"]", None),
    ("StringQ[a]", None),
    ("ListQ[{1}]", None),
    ("ListQ[q[1]]", None),
    ("AssociationQ[<|a -> 1|>]", None),
    ("AssociationQ[{a -> 1}]", None),
    # --- arrays
    ("VectorQ[{1, 2}]", None),
    ("VectorQ[{{1}}]", None),
    ("VectorQ[{}]", "True", "Mathics3 says False; an empty list is a vector in Wolfram"),
    ("VectorQ[x]", None),
    ("VectorQ[{1, 2}, IntegerQ]", None),
    ("VectorQ[{1, x}, NumberQ]", None),
    ("MatrixQ[{{1, 2}, {3, 4}}]", None),
    ("MatrixQ[{{1}, {2, 3}}]", None),
    ("MatrixQ[{1, 2}]", None),
    ("MatrixQ[{{1, 2}}, NumberQ]", None),
    ("MatrixQ[{{{1}}}]", None),
    ("ArrayQ[{{1, 2}, {3, 4}}]", None),
    ("ArrayQ[{{1}, {2, 3}}]", None),
    ("ArrayQ[{1, {2}}]", None),
    ("ArrayQ[x]", None),
    ("ArrayQ[{}]", None),
    ("ArrayQ[{{1, 2}}, 2]", None),
    ("ArrayQ[{{1, 2}}, 1]", None),
    ("ArrayQ[{{1, 2}}, _, IntegerQ]", None),
    ("ArrayQ[{{1, a}}, _, NumberQ]", None),
    ("ArrayDepth[{{1, 2}, {3, 4}}]", None),
    ("ArrayDepth[{{1}, {2, 3}}]", None),
    ("ArrayDepth[x]", None),
    ("ArrayDepth[{{{1, 2}}}]", None),
    ("LeafCount[1 + a]", None),
    ("LeafCount[q[x][y]]", None),
    ("LeafCount[1/2]", None),
    ("LeafCount[{1, {2, x}}]", None),
    ("LeafCount[x]", None),
    ("ByteCount[x]", "0", "symbols are shared: " + MISSING),
    ("ByteCount[Range[10.]]", "184", "a packed array's header and 80 bytes of reals: " + MISSING),
    ("ByteCount[{a, b}] < ByteCount[{a, b, c}] < ByteCount[{a, b, \"a long string\"}]", "True",
     MISSING),
    # --- symbols
    ("Symbol[\"x\"]", None),
    ("Head[Symbol[\"x\"]]", None),
    ("SymbolName[x]", None),
    ("SymbolName[Plus]", None),
    ("Context[x]", None),
    ("Context[Plus]", None),
    ("Context[]", None),
    ("Context[\"Plus\"]", "\"System`\"", "a name as a string: " + MISSING),
    ("MemberQ[Names[\"String*\"], \"StringJoin\"]", None),
    ("MemberQ[Names[\"String*\"], \"Plus\"]", None),
    ("Names[\"NoSuchPrefixAnywhere*\"]", None),
    ("Names[\"StringJoi@\"]", None),
    # --- order
    ("Order[a, b]", None),
    ("Order[b, a]", None),
    ("Order[x, x]", None),
    ("Order[2, 1]", None),
    ("Order[\"a\", \"B\"]", None),
    ("Order[1, a]", None),
    ("OrderedQ[{1, 2, 2}]", None),
    ("OrderedQ[{b, a}]", None),
    ("OrderedQ[{}]", None),
    ("OrderedQ[q[a, b]]", None),
    ("OrderedQ[{3, 2, 1}, Greater]", "True", "the ordering function: " + MISSING),
    ("OrderedQ[{1, 3, 2}, Less]", "False", "the ordering function: " + MISSING),
    # --- ReplaceAt: rules applied at the positions given
    ("ReplaceAt[{a, a, a}, a -> x, 2]", "{a, x, a}", MISSING),
    ("ReplaceAt[{{a, b}, {a, b}}, a -> x, {2, 1}]", "{{a, b}, {x, b}}", MISSING),
    ("ReplaceAt[{a, a, a}, a -> x, {{1}, {3}}]", "{x, a, x}", MISSING),
    ("ReplaceAt[a -> x, -1][{a, a}]", "{a, x}", MISSING),
    # --- ReplacePart
    ("ReplacePart[{a, b, c}, 2 -> x]", None),
    ("ReplacePart[{a, b, c}, -1 -> x]", None),
    ("ReplacePart[{{a, b}, {c, d}}, {2, 1} -> x]", None),
    ("ReplacePart[{a, b, c}, {}]", None),
    ("ReplacePart[{a, b, c}, {{1}, {3}} -> x]", None),
    ("ReplacePart[{a, b, c}, {1 -> x, 3 -> y}]", None),
    ("ReplacePart[q[a, b], 0 -> g]", None),
    ("ReplacePart[{a, b}, 5 -> x]", None),
    ("ReplacePart[{a, b, c, d}, i_ /; EvenQ[i] -> 0]", "{a, 0, c, 0}", POSITION_PATTERNS),
    ("ReplacePart[{{a, b}, {c, d}}, {i_, i_} -> x]", "{{x, b}, {c, x}}", POSITION_PATTERNS),
    ("ReplacePart[{a, b, c}, i_ :> i^2]", "{1, 4, 9}", POSITION_PATTERNS),
    ("ReplacePart[{a, b, c}, {1 -> x, 1 -> y}]", "{x, b, c}",
     "Wolfram tries the rules in order, the first for a position wins; Mathics3 the last"),
    ("ReplacePart[2 -> x][{a, b}]", "{a, x}", "the operator form: " + MISSING),
    # packed arrays: numbers of the array's own type set in a copy, anything else as a list
    ("ReplacePart[{1, 2, 3}, {{2} -> 9, 2 -> 8, -1 -> 7, 5 -> 0}]", "{1, 9, 7}",
     "the first rule for a position wins (Wolfram); Mathics3 the last"),
    ("ReplacePart[ConstantArray[0., {2, 2}], {1, 2} -> 1.]", None),
    ("ReplacePart[{1, 2}, 1 -> 1.5]", None),
    ("ReplacePart[{{1, 2}, {3, 4}}, 1 -> 0]", None),
    # --- MapAt
    ("MapAt[g, {a, b, c}, 2]", None),
    ("MapAt[g, {a, b, c}, -1]", None),
    ("MapAt[g, {{a, b}, {c, d}}, {2, 1}]", None),
    ("MapAt[g, {a, b, c}, {{1}, {3}}]", None),
    ("MapAt[g, {{a, b}, {c, d}}, {All, 1}]", "{{g[a], b}, {g[c], d}}",
     "All in a position: " + MISSING),
    ("MapAt[g, {a, b, c}, {{1}, {1}}]", None),
    ("MapAt[g, 2][{a, b}]", None),
    ("MapAt[g, q[a, b], 0]", "g[q][a, b]", "the head (position 0): " + MISSING),
    # MapAt reads positions as Part does (the MapAt page's scope: associations, spans)
    ("MapAt[g, <|\"a\" -> 1, \"b\" -> 2, \"c\" -> 3|>, 2]",
     "<|\"a\" -> 1, \"b\" -> g[2], \"c\" -> 3|>", "an association's part is a value"),
    ("MapAt[g, <|\"a\" -> 1, \"b\" -> 2|>, Key[\"b\"]]", "<|\"a\" -> 1, \"b\" -> g[2]|>",
     "a Key position"),
    ("MapAt[g, <|\"a\" -> 1, \"b\" -> 2|>, \"b\"]", "<|\"a\" -> 1, \"b\" -> g[2]|>",
     "a string key needs no Key"),
    ("MapAt[g, <|\"a\" -> 1, \"b\" -> 2, \"c\" -> 3|>, -3]",
     "<|\"a\" -> g[1], \"b\" -> 2, \"c\" -> 3|>", "negative index in an association"),
    ("MapAt[g, {<|\"x\" -> 1, \"y\" -> 5|>, <|\"x\" -> 2, \"y\" -> 6|>}, {All, \"x\"}]",
     "{<|\"x\" -> g[1], \"y\" -> 5|>, <|\"x\" -> g[2], \"y\" -> 6|>}",
     "a column of a list of associations"),
    ("MapAt[g, {a, b, c, d}, 2 ;; 3]", "{a, g[b], g[c], d}", "a span"),
    ("MapAt[g, {{a, b}, {c, d}, {e, f}}, {1 ;; -1 ;; 2, -1}]", "{{a, g[b]}, {c, d}, {e, g[f]}}",
     "a span with a step inside a position"),
    ("MapAt[g, {a, b, c}, {}]", "{a, b, c}", "no positions: nothing is mapped"),
    ("MapAt[g, {a, b, c}, {{}}]", "g[{a, b, c}]", "the empty position is the whole expression"),
]


def _ids():
    return [c[0] for c in CASES]


@pytest.fixture(scope="module")
def runner():
    return Runner()


def test_a_packed_array_stays_packed_when_numbers_of_its_type_replace_elements():
    from tests.builtins._support import Runner
    from wlnet.core.packed import packed_array
    runner = Runner()
    one_hot = runner.run("ReplacePart[ConstantArray[0, {10}], 3 -> 1]")
    assert packed_array(one_hot).tolist() == [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    source = runner.run("v = Range[3]; ReplacePart[v, 1 -> 5]; v")
    assert packed_array(source).tolist() == [1, 2, 3]          # the original is unchanged


def test_every_structure_builtin_is_in_the_table():
    exempt = {"Definition"}            # printing, tested below
    assert not builtins_missing_from([c[0] for c in CASES], ["structure"], exempt)


@pytest.mark.parametrize("case", CASES, ids=_ids())
def test_against_wolfram(runner, case):
    check_row(case, runner=runner, evaluate_expected=True)


# ---------------------------------------------------------------------------- messages

# Bad arguments: the call stays unevaluated and says why.
MESSAGE_CASES = [
    ("Symbol[\"1x\"]", "Symbol::symname"),
    ("Symbol[3]", "Symbol::symname"),
    ("SymbolName[1]", "SymbolName::sym"),
    ("SymbolName[\"x\"]", "SymbolName::sym"),
    ("Names[1]", "Names::strse"),
    ("OrderedQ[1]", "OrderedQ::normal"),
    ("ReplacePart[{a}, 1]", "ReplacePart::reps"),
    ("MapAt[g, {a}, 5]", "MapAt::partw"),
    ("MapAt[g, {a}, x]", "MapAt::psl"),
    ("MapAt[g, x, 1]", "MapAt::partw"),
    ("MapAt[g, <|\"a\" -> 1|>, \"z\"]", "MapAt::partw"),
    ("Definition[1]", "Definition::ssle"),
    ("Context[1]", "Context::ssle"),
    ("Head[]", "Head::argt"),
    ("AtomQ[1, 2]", "AtomQ::argx"),
]


@pytest.mark.parametrize("text, tag", MESSAGE_CASES, ids=[c[0] for c in MESSAGE_CASES])
def test_bad_arguments_stay_unevaluated_with_a_message(runner, text, tag):
    got = runner.run(text)
    assert got == parse(text)
    assert [m.split(": ", 1)[0] for m in runner.messages] == [tag]


# ---------------------------------------------------------------------------- names

def test_names_lists_builtin_and_user_symbols_sorted():
    r = Runner()
    r.run("myStructureVar = 1; myStructureFun[x_] := x")
    got = r.run("Names[\"myStructure*\"]")
    assert got == parse("{\"myStructureFun\", \"myStructureVar\"}")
    strings = r.run("Names[\"String*\"]")
    values = [s.value for s in strings.args]
    assert {"StringJoin", "StringLength", "StringQ"} <= set(values)
    assert all(v.startswith("String") for v in values)
    assert len(values) == len(set(values))
    assert r.run("Names[\"System`StringJoin\"]") == parse("{\"StringJoin\"}")


def test_symbol_evaluates_to_the_symbols_value():
    r = Runner()
    assert r.run("someValue = 7; Symbol[\"someValue\"]") == parse("7")


# ---------------------------------------------------------------------------- Definition

def _shown(r, text):
    from wlnet.syntax.printer import output_form
    return output_form(r.run(text))


def test_definition_stays_and_prints_the_rules():
    r = Runner()
    r.run("dq[x_] := x^2; dq[1] = 3; SetAttributes[dq, Listable]")
    assert r.run("Definition[dq]") == parse("Definition[dq]")
    assert _shown(r, "Definition[dq]") == (
        "Attributes[dq] = {Listable}\n\ndq[1] = 3\n\ndq[x_] := x^2")
    assert _shown(r, "dv = {1, 2}; Definition[dv]") == "dv = {1, 2}"
    assert _shown(r, "Definition[nothingDefinedHere]") == "Null"
    # the definitions as they are when shown
    r.run("dq[2] = 5")
    assert "dq[2] = 5" in _shown(r, "Definition[dq]")


def test_definition_lists_format_values_after_the_rules():
    r = Runner()
    r.run('dq[x_] := x^2; Format[dq[x_]] = {x}; Format[dq[x_], TeXForm] := "d"; '
          'tq /: Format[g[tq]] := "g"')
    assert _shown(r, "Definition[dq]") == (
        'dq[x_] := x^2\n\nFormat[dq[x_]] = {x}\n\nFormat[dq[x_], TeXForm] := "d"')
    assert _shown(r, "Definition[tq]") == 'tq /: Format[g[tq]] := "g"'
    r.run("Clear[dq]")
    assert _shown(r, "Definition[dq]") == "Null"


# ---------------------------------------------------------------------------- declared examples

EXAMPLES = declared_examples("structure")


@pytest.mark.parametrize("name, text, expected", EXAMPLES, ids=[e[1] for e in EXAMPLES])
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_every_builtin_has_usage_and_examples():
    assert not without_usage("structure")
    assert builtins_of("structure") and not without_examples("structure")
