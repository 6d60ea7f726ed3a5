"""Assignments and definitions (wlnet/builtins/assignment.py)."""

from __future__ import annotations

import pytest

from tests.builtins._support import (
    check, check_example, check_row, declared_examples, row_id, run, without_usage)

CASES = [
    ("x = 1 + 1", "2"),
    ("x := 1 + 1", "Null"),
    ("y = 1; x := y; y = 2; x", "2"),
    ("y = 1; x = y; y = 2; x", "1"),
    ("{x, {y, z}} = {1, {2, 3}}; {z, y, x}", "{3, 2, 1}"),
    ("f[x_] = x^2; f[a]", "a^2"),
    ("f[1 + 1] := two; f[2]", "two"),
    ("f[x_][y_] := x - y; {f[5][2], f[5]}", "{3, f[5]}"),
    ("f[x_Integer] := int; f[x_] := any; f[2] =.; {f[2], f[a]}", "{int, any}",
     ["Unset::norep"]),
    ("f[x_Integer] := int; f[x_Integer] =.; f[2]", "f[2]"),
    ("x = 5; x =.; x", "x"),
    ("x = 1; Clear[x]; x", "x"),
    ("x = 1; Clear[\"x\"]; x", "x"),
    ("x1 = 1; x2 = 2; Clear[\"x*\"]; {x1, x2}", "{x1, x2}"),
    ("x = 1; ClearAll[x]; x", "x"),
    ("v = {1, 2, 3}; v[[1]] = a; v", "{a, 2, 3}"),
    ("v = {1, 2, 3}; v[[{1, 3}]] = 0; v", "{0, 2, 0}"),
    ("v = {1, 2, 3}; v[[All]] = 0; v", "{0, 0, 0}"),
    ("m = {{1, 2}, {3, 4}}; m[[All, 1]] = {a, b}; m", "{{a, 2}, {b, 4}}"),
    ("v = {1, 2, 3}; v[[2]] = 7", "7"),
    ("as = <|\"a\" -> 1|>; as[\"a\"] = 5; as", "<|\"a\" -> 5|>"),
    ("as = <|\"a\" -> 1|>; as[\"b\"] = 2; as[\"b\"]", "2"),
    ("as = <|\"a\" -> <|\"b\" -> 1|>|>; as[[\"a\", \"b\"]] = 3; as", "<|\"a\" -> <|\"b\" -> 3|>|>"),
    # a[k1, k2] = v sets a value of a nested association (adding the last key)
    ("as = <|{1, 2} -> <||>|>; as[{1, 2}, 3] = True; as[{1, 2}, 4] = 0; as",
     "<|{1, 2} -> <|3 -> True, 4 -> 0|>|>"),
    ("as = <|\"a\" -> <|\"b\" -> 1|>|>; as[\"a\", \"b\"] = 2; as", "<|\"a\" -> <|\"b\" -> 2|>|>"),
    ("x = 1; x += 1; x += 1; x", "3"),
    # a key of an association held by a symbol: the counting idiom counts[w] += 1
    ("as = <|a -> 1|>; as[a] += 5; as", "<|a -> 6|>"),
    ("as = <|\"x\" -> 1|>; {as[\"x\"]++, as[\"x\"] *= 3, as}", "{1, 6, <|\"x\" -> 6|>}"),
    ("x = {1, 2}; x += 1; x", "{2, 3}"),
    ("x = 1; {x++, x++, x}", "{1, 2, 3}"),
    ("x = 1; {++x, ++x}", "{2, 3}"),
    ("x = 2; x *= 3; x /= 2; x", "3"),
    ("x = 5; x -= 5", "0"),
    ("v = {1, 2}; v[[1]]++; v", "{2, 2}"),
    # the part specification is evaluated once: read and written at the same place
    ("n = 0; f[] := (n++; 5); s = Range[10]; s[[f[] ;; ;; 3]] += 1; {s, n}",
     "{{1, 2, 3, 4, 6, 6, 7, 9, 9, 10}, 1}"),
    ("n = 0; f[] := (n++; 2); s = {1, 2, 3}; s[[f[]]]++; {s, n}", "{{1, 3, 3}, 1}"),
    ("f /: g[f] = 3; g[f]", "3"),
    ("h[f] ^= 3; {h[f], DownValues[h]}", "{3, {}}"),
    ("Attributes[f] = {Listable}; f[{1, 2}]", "{f[1], f[2]}"),
    ("SetAttributes[{f, g}, Orderless]; {f[b, a], g[d, c]}", "{f[a, b], g[c, d]}"),
    ("Protect[p]; Unprotect[p]; p = 1; p", "1"),
    ("Protect[p]", "{\"p\"}"),
    ("Protect[p]; Protect[p]", "{}"),
    ("Options[f] = {a -> 1, b -> 2}; SetOptions[f, b -> 3]; Options[f]", "{a -> 1, b -> 3}"),
    ("Options[f] = {a -> 1, b -> 2}; Options[f, b]", "{b -> 2}"),
    ("Options[f] = {a -> 1, b -> 2}; SetOptions[f, {a -> 3, b -> 4}]; Options[f]",
     "{a -> 3, b -> 4}"),
    ("Options[f] = {a -> 1}; f[OptionsPattern[]] := OptionValue[a]; f[a -> 7]", "7"),
    # OptionValue[opts, name] reads the rules given; OptionValue[f, opts, name] falls back
    # on f's defaults
    ('r[x_, opts : OptionsPattern[]] := OptionValue[{opts}, "c"]; r[1, "c" -> 3]', "3"),
    ("OptionValue[a -> 1, a]", "1"),
    ("Options[f] = {a -> 1}; OptionValue[f, {b -> 2}, a]", "1"),
    ("Options[f] = {a -> 1}; f[x_, OptionsPattern[]] := x + OptionValue[a]; f[1]", "2"),
    ("Options[f] = {\"A\" -> 1}; f[OptionsPattern[]] := OptionValue[\"A\"]; f[\"A\" -> 3]", "3"),
    ("Options[f] = {a -> 1, b -> 2}; f[OptionsPattern[]] := OptionValue[{a, b}]; f[b -> 0]",
     "{1, 0}"),
    ("g[x_, OptionsPattern[{k -> 10}]] := x + OptionValue[k]; {g[1], g[1, k -> 2]}",
     "{11, 3}"),
    ("Options[h] = {a -> 1}; h[OptionsPattern[]] := OptionValue[a]; h[{a -> 8}]", "8"),
    ("x = 1; OwnValues[x]", "{HoldPattern[x] :> 1}"),
    ("f[x_] := x; DownValues[f]", "{HoldPattern[f[x_]] :> x}"),
    ("f[x_][y_] := x; SubValues[f]", "{HoldPattern[f[x_][y_]] :> x}"),
    ("x = 1; {ValueQ[x], ValueQ[y]}", "{True, False}"),
    ("Default[f] = 5; f[x_.] := x; f[]", "5"),
    ("f::usage = \"f does things\"; f::usage", "\"f does things\""),
    # a part assignment changes the variable's value in place only when nothing else holds
    # it: another variable, an enclosing expression, a definition or a view keeps the old
    ("a = ConstantArray[0, 3]; b = a; a[[1]] = 5; {a, b}", "{{5, 0, 0}, {0, 0, 0}}"),
    ("a = Range[5]; {a, a[[1]] = 10, a}", "{{1, 2, 3, 4, 5}, 10, {10, 2, 3, 4, 5}}"),
    ("g[x_] := (c[[1]] = 9; x); c = Range[3]; {g[c], c}", "{{1, 2, 3}, {9, 2, 3}}"),
    ("m = ConstantArray[0., {3, 2}]; r = m[[2]]; m[[2, 1]] = 7.; {m, r}",
     "{{{0., 0.}, {7., 0.}, {0., 0.}}, {0., 0.}}"),
    ("m = ConstantArray[0., {3, 2}]; r = m[[2 ;; 3]]; m[[3, 2]] = 7.; {m, r}",
     "{{{0., 0.}, {0., 0.}, {0., 7.}}, {{0., 0.}, {0., 0.}}}"),
    ("d = Range[4]; h[d] = \"x\"; d[[1]] = 100; {d, h[{1, 2, 3, 4}], h[d]}",
     "{{100, 2, 3, 4}, \"x\", h[{100, 2, 3, 4}]}"),
    ("k = ConstantArray[0, 4]; t = Table[k[[i]] = i; k, {i, 2}]; {t, k}",
     "{{{1, 0, 0, 0}, {1, 2, 0, 0}}, {1, 2, 0, 0}}"),
    ("s = Range[3]; s2 = {s}; s[[1]] = 9; {s, s2}", "{{9, 2, 3}, {{1, 2, 3}}}"),
    ("q = N[Range[3]]; Do[q[[i]] = q[[i]]^2, {i, 3}]; {q, Total[q]}", "{{1., 4., 9.}, 14.}"),
    # AssociateTo stores through the key table like a[k] = v (a protected name refused)
    ("a = <|x -> 1|>; {AssociateTo[a, y -> 2], AssociateTo[a, x -> 5], a}",
     "{<|x -> 1, y -> 2|>, <|x -> 5, y -> 2|>, <|x -> 5, y -> 2|>}"),
    ("a = <|x -> 1|>; b = a; AssociateTo[a, y -> 2]; a[z] = 3; {a, b}",
     "{<|x -> 1, y -> 2, z -> 3|>, <|x -> 1|>}"),
    ("a = <|x -> 1|>; Protect[a]; a[y] = 2; AssociateTo[a, z -> 3]; a", "<|x -> 1|>",
     ["Set::wrsym", "AssociateTo::wrsym"]),
    # DownValues[f] = rules and its kin replace the rules, in the order given
    ("DownValues[f] = {HoldPattern[f[1]] :> one, f[x_] -> x^2}; {f[1], f[3]}", "{one, 9}"),
    ("k[x_] := 1; k[x_Integer] := 2; DownValues[k] = Reverse[DownValues[k]]; {k[1], k[a]}",
     "{1, 1}"),
    ("k[x_] := 1; DownValues[k] = {}; k[2]", "k[2]"),
    ("UpValues[h] = {HoldPattern[f[h]] :> up}; {f[h], UpValues[h]}",
     "{up, {HoldPattern[f[h]] :> up}}"),
    ("SubValues[g] = {HoldPattern[g[x_][y_]] :> x y}; g[2][3]", "6"),
    ("OwnValues[z] = {HoldPattern[z] :> 1 + 1}; {z, OwnValues[z] = {}; z}", "{2, z}"),
    # a string names the symbol
    ('f[x_] := x^2; {DownValues["f"], OwnValues["z"]}', "{{HoldPattern[f[x_]] :> x^2}, {}}"),
    ('z = 1; h /: g[h] = 2; {OwnValues["z"], UpValues["h"], DownValues["nosuch"]}',
     "{{HoldPattern[z] :> 1}, {HoldPattern[g[h]] :> 2}, {}}"),
    ('f::oops = "Went wrong."; {Messages[f], Messages["f"], Messages[nosuch]}',
     '{{HoldPattern[f::oops] :> "Went wrong."}, {HoldPattern[f::oops] :> "Went wrong."}, {}}'),
    ("Default[f] = 0; Default[f, 2] = 5; DefaultValues[f]",
     "{HoldPattern[Default[f]] :> 0, HoldPattern[Default[f, 2]] :> 5}"),
    ('Format[f[x_]] := {x}; FormatValues["f"]', "{HoldPattern[Format[f[x_]]] :> {x}}"),
    # tag /: lhs =. removes the rule kept with the tag, and only that one
    ("h /: g[h[x_]] := x; h /: g[h[x_]] =.; {g[h[1]], UpValues[h]}", "{g[h[1]], {}}"),
    ("f /: f[1] = one; f /: f[1] =.; f[1]", "f[1]"),
    ("h /: g[h[x_]] := x; h /: g[h[y_]] =.; g[h[1]]", "1", ["TagUnset::norep"]),
    # K is no System symbol: a program's own variable
    ("K = 3; K + 1", "4"),
]


@pytest.mark.parametrize("row", CASES, ids=row_id)
def test_assignment(row):
    check_row(row)


@pytest.mark.parametrize("text,tag", [
    ("Sin = 1", "Set::wrsym"),
    ("Sin[x_] := 1", "SetDelayed::wrsym"),
    ("1 = 2", "Set::setraw"),
    ("{a, b} = {1}", "Set::shape"),
    ("y[[1]] = 2", "Set::noval"),
    ("v = {1}; v[[3]] = 0", "Part::partw"),
    ("x =.; x =.; f[1] =.", "Unset::norep"),
    ("Sin /: Sin[1] =.", "TagUnset::wrsym"),
    ("1 /: f[1] =.", "TagUnset::sym"),
    ("Clear[Sin]", "Clear::wrsym"),
    ("q++", "Increment::rvalue"),
    ("q += 1", "AddTo::rvalue"),
    ("q = {1}; q[1] += 1", "AddTo::rvalue"),          # not an association: no keys to modify
    ("SetAttributes[f, Nonsense]", "Attributes::attnf"),
    ("DownValues[f] = 3", "Set::vrule"),
    ("DownValues[Sin] = {}", "Set::wrsym"),
    ("Options[f] = {a -> 1}; f[OptionsPattern[]] := OptionValue[b]; f[]", "OptionValue::optnf"),
])
def test_assignment_messages(text, tag):
    assert tag in run(text).tags


def test_set_options_of_an_unknown_option_says_which():
    r = run("Options[f] = {a -> 1}; SetOptions[f, b -> 2]")
    assert r.messages == ["SetOptions::optnf: b is not a known option for f."]


@pytest.mark.parametrize("name,text,expected", declared_examples("assignment"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_usage_declared():
    assert without_usage("assignment") == []


def test_a_part_assignment_changes_a_value_nothing_else_holds_in_place():
    """Not a timing: the value object stays the same (no copy per assignment, so a loop
    of ``a[[i]] = x`` is linear), and a value also held elsewhere is copied."""
    runner = run("a = ConstantArray[0., 1000]; a[[1]] = 1.;")
    defs = runner.session.evaluator.definitions
    sym = runner.session.evaluate("Hold[a]").args[0]
    first = id(defs.get(sym).own)       # an id: holding the value would force copies
    runner.run("Do[a[[i]] = 1. i, {i, 2, 1000}];")
    assert id(defs.get(sym).own) == first
    runner.run("b = a; a[[2]] = 0.;")
    assert id(defs.get(sym).own) != first             # b holds the old value: copied
    assert runner.run("{a[[1 ;; 3]], b[[1 ;; 3]], Total[b]}") == runner.session.evaluate(
        "{{1., 0., 3.}, {1., 2., 3.}, 500500.}")


def _value_id(runner, name):
    defs = runner.session.evaluator.definitions
    sym = runner.session.evaluate(f"Hold[{name}]").args[0]
    return id(defs.get(sym).own)        # an id: holding the value would force copies


def test_a_part_assignment_changes_a_general_list_nothing_else_holds_in_place():
    """Not a timing: a List of non-numbers (not packed) is changed in place too, deeper
    parts as well when only the List holds them; any other holder keeps its old value."""
    runner = run('l = Table[{i, "a"}, {i, 300}]; l[[1]] = {0, "b"};')
    first = _value_id(runner, "l")
    runner.run('Do[l[[i]] = {i, "b"}, {i, 2, 300}]; Do[l[[i, 1]] = -i, {i, 300}];')
    assert _value_id(runner, "l") == first
    runner.run('b = l; r = l[[3]]; l[[3, 2]] = "c"; l[[-1]] = x;')
    assert _value_id(runner, "l") != first             # b holds the old value: copied
    check('{l[[{1, 3, -1}]], b[[{1, 3, -1}]], r, Length[l]}',
          '{{{-1, "b"}, {-3, "c"}, x}, {{-1, "b"}, {-3, "b"}, {-300, "b"}}, {-3, "b"}, 300}',
          runner=runner)


def test_append_to_grows_a_list_nothing_else_holds_in_place():
    # (each input ends in 0: a line ending in ";" keeps its value as Out[n], % of the
    # next line, which would hold the list too)
    runner = run("l = {a}; AppendTo[l, b]; 0")
    first = _value_id(runner, "l")
    runner.run("Do[AppendTo[l, {i}], {i, 200}]; PrependTo[l, c]; 0")
    assert _value_id(runner, "l") == first
    runner.run("k = l; AppendTo[l, z]; 0")
    assert _value_id(runner, "l") != first
    check("{Length[l], Length[k], l[[{1, 2, 3, -2, -1}]], Last[k]}",
          "{204, 203, {c, a, b, {200}, z}, {200}}", runner=runner)


PART_VALUE_CASES = [
    # what a part assignment stores is evaluated again when List would change it
    ("l = {1, 2, 3}; l[[2]] = Nothing; {l, Length[l]}", "{{1, 3}, 2}"),
    ("l = {1, 2}; l[[2]] = Sequence[5, 6]; l", "{1, 5, 6}"),
    ("l = {1, 2}; l[[2]] = Unevaluated[1 + 1]; l", "{1, 2}"),
    ("l = {a + b}; l[[1, 1]] = 2; l[[1, 2]] = 3; l", "{5}"),
    ("l = {f[1]}; l[[1, 1]] = 2; f[2] = two; l", "{two}"),
    ('a = <|"x" -> {1, 2}|>; a[["x", 2]] = 5; a', '<|"x" -> {1, 5}|>'),
    ("l = {1, 2, 3}; l[[2]] = x; x = 5; l", "{1, 5, 3}"),
    ("l = {1}; AppendTo[l, Nothing]; AppendTo[l, x]; x = 3; l", "{1, 3}"),
    ("l = {1}; PrependTo[l, {2}]; PrependTo[l, Nothing]; l", "{{2}, 1}"),
    ("y := {1}; AppendTo[y, 2]; y", "{1, 2}"),
]


@pytest.mark.parametrize("text,expected", PART_VALUE_CASES)
def test_values_changed_in_place_evaluate_as_in_wl(text, expected):
    check(text, expected)


def test_append_to_a_symbol_without_a_value_says_so():
    check("AppendTo[y, 1]", "AppendTo[y, 1]", ["AppendTo::rvalue"])
    check("PrependTo[y, 1]", "PrependTo[y, 1]", ["PrependTo::rvalue"])


def test_a_key_assignment_changes_an_association_nothing_else_holds_in_place():
    runner = run("a = <|0 -> 0|>; a[1] = 1;")
    first = _value_id(runner, "a")
    runner.run("Do[a[i] = i^2, {i, 300}]; Do[a[Mod[i, 7]] += 1, {i, 70}]; "
               "AssociateTo[a, x -> y];")
    assert _value_id(runner, "a") == first
    runner.run("b = a; a[1] = one; a[new] = 5;")
    assert _value_id(runner, "a") != first             # b holds the old value: copied
    check("{a[0], a[1], a[2], a[300], a[x], a[new], Length[a], b[1], b[2], "
          "KeyExistsQ[b, new], Keys[a][[{1, 2, -2, -1}]]}",
          "{10, one, 14, 90000, y, 5, 303, 11, 14, False, {0, 1, x, new}}", runner=runner)


ASSOCIATION_VALUE_CASES = [
    # entries replaced where they stand, added at the end, copies kept apart
    ("a = <|1 -> x, 2 -> y, 3 -> z|>; b = a; a[2] = w; a[4] = u; b[3] = v; a[3] = t; "
     "KeyDropFrom[a, 2]; a[1] = s; a[5] = r; a[1] = q; {a, b, a[[2]]}",
     "{<|1 -> q, 3 -> t, 4 -> u, 5 -> r|>, <|1 -> x, 2 -> y, 3 -> v|>, t}"),
    ('a = <|"x" -> 1|>; a["y"] = 2; c = a; a["x"] = 5; a["z"] = 3; '
     '{a, c, Lookup[a, "y"], KeyExistsQ[c, "z"]}',
     '{<|"x" -> 5, "y" -> 2, "z" -> 3|>, <|"x" -> 1, "y" -> 2|>, 2, False}'),
    ("a = <|1 -> 2|>; a[4] = x; x = 7; a", "<|1 -> 2, 4 -> 7|>"),
]


@pytest.mark.parametrize("text,expected", ASSOCIATION_VALUE_CASES)
def test_associations_changed_in_place_keep_their_meaning(text, expected):
    check(text, expected)


@pytest.mark.parametrize("text", ["True = 5", "False := 1", "None = 3", "All = 2",
                                  "Automatic = 1", "Null = 2", "Left = 3"])
def test_the_languages_own_values_cannot_be_assigned(text):
    r = run(text + "; {True, False, None, All, Automatic, Left}")
    assert r.tags == [("SetDelayed" if ":=" in text else "Set") + "::wrsym"]
    assert [a.name for a in r.value.args] == ["True", "False", "None", "All", "Automatic",
                                              "Left"]


def test_a_program_may_still_define_a_system_function_wlnet_lacks():
    r = run("DedekindEta[n_] := n + 1; $Pre = Identity; {DedekindEta[3], Attributes[True]}")
    assert r.messages == []
    assert r.value.args[0].value == 4
    assert [a.name for a in r.value.args[1].args] == ["Locked", "Protected"]
