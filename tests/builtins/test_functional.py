"""Functional builtins (wlnet/builtins/functional.py): level specifications, the Heads
option, operator forms, iteration with side effects and limits, composition."""

from __future__ import annotations

import pytest

from tests.builtins._support import MISSING_IN_MATHICS, Runner, differential_table, parse


@pytest.fixture
def runner():
    return Runner()


@pytest.mark.parametrize("script, expected", [
    # Map with level specifications (post-order: inner parts first)
    ("Map[f, {{a, b}, {c}}, {0, 2}]", "f[{f[{f[a], f[b]}], f[{f[c]}]}]"),
    ("Map[f, {{a, b}, {c}}, {-1}]", "{{f[a], f[b]}, {f[c]}}"),
    ("Map[f, {{a, b}, c}, {-2}]", "{f[{a, b}], c}"),
    ("Map[f, {{a}}, Infinity]", "{f[{f[a]}]}"),
    ("Map[f, g[a, b], Heads -> True]", "f[g][f[a], f[b]]"),
    ("Map[f, {a, b}, {0}]", "f[{a, b}]"),
    ("Map[f, {}]", "{}"),
    ("Map[f, h[a, b]]", "h[f[a], f[b]]"),
    # Apply and MapApply
    ("Apply[f, {{a, b}, {c}}, {1}]", "{f[a, b], f[c]}"),
    ("Apply[f, {{{a}}}, 2]", "{f[f[a]]}"),
    ("Apply[f, {{{a}}}, {0, 1}]", "f[f[{a}]]"),
    ("Apply[f, x]", "x"),
    ("MapApply[f][{{a}}]", "{f[a]}"),
    ("Apply[f][{a}]", "f[a]"),
    # indexed and threaded maps
    ("MapIndexed[f, {{a}}, 2]", "{f[{f[a, {1, 1}]}, {1}]}"),
    ("MapIndexed[f][{a}]", "{f[a, {1}]}"),
    ("MapIndexed[#2 &, {x, y}]", "{{1}, {2}}"),
    ("MapThread[f][{{a}, {b}}]", "{f[a, b]}"),
    ("MapThread[f, {}]", "{}"),
    # Scan evaluates for side effects and returns Null
    ("s = 0; Scan[(s += #) &, {1, 2, 3}]; s", "6"),
    ("s = {}; Scan[AppendTo[s, #] &, {{1}, {2}}, {2}]; s", "{1, 2}"),
    ("Scan[f][{a}]", "Null"),
    ("s = 0; Scan[(s += #) &, <|a -> 1, b -> 2|>]; s", "3"),
    # iteration
    ("Nest[#^2 &, 2, 3]", "256"),
    ("NestList[# + 1 &, 0, 3]", "{0, 1, 2, 3}"),
    ("Nest[f, x, 0]", "x"),
    ("Fold[#1 - #2 &, 10, {1, 2}]", "7"),
    ("Fold[f, {}]", "Fold[f, {}]"),
    ("FoldList[f, {a, b, c}]", "{a, f[a, b], f[f[a, b], c]}"),
    ("FixedPoint[# + 1 &, 0, 5]", "5"),
    ("FixedPoint[Round[#/2] &, 10, SameTest -> (Abs[#1 - #2] < 2 &)]", "1"),
    ("FixedPointList[Mod[# + 1, 3] &, 0, 4]", "{0, 1, 2, 0, 1}"),
    ("NestWhile[# + 1 &, 1, # < 5 &]", "5"),
    ("NestWhile[# + 1 &, 1, True &, 1, 3]", "4"),
    # composition
    ("Composition[f, g, h][x, y]", "f[g[h[x, y]]]"),
    ("Composition[][x]", "x"),
    ("Composition[f, Identity, g]", "Composition[f, g]"),
    ("(f @* g)[x]", "f[g[x]]"),
    ("(f /* g)[x]", "g[f[x]]"),
    ("Through[{First, Last}[{1, 2, 3}]]", "{1, 3}"),
    ("Through[p[f][x], q]", "p[f][x]"),
    ("Identity /@ {1, 2}", "{1, 2}"),
    ("KeyValueMap[List][<|a -> 1|>]", "{{a, 1}}"),
    ("Level[f[a, g[b]], {1}, h]", "h[a, g[b]]"),
    ("Level[f[g[x]], -1, Heads -> True]", "{f, g, x, g[x]}"),
    ("f //@ {a, {b}}", "f[{f[a], f[{f[b]}]}]"),
    ("MapAll[f, 5]", "f[5]"),
    ("MapAll[#^2 &, {1, 2}]", "{1, 16}"),
    ("MapAll[f, g[a], Heads -> True]", "f[f[g][f[a]]]"),
    ("MapAll[f][{1}]", "f[{f[1]}]"),
])
def test_functional(runner, script, expected):
    assert runner.run(script) == runner.session.evaluate(parse(expected))


@pytest.mark.parametrize("text, message", [
    ("Map[f, {a}, {x}]", "Map::level: Level specification {x} is not of the form n, {n}, "
                         "or {m, n}."),
    ("Nest[f, x, -1]", "Nest::intnm: Non-negative machine-sized integer expected at "
                       "position 3 in Nest[f, x, -1]."),
    ("MapThread[f, {{a, b}, {c}}]", "MapThread::mptc: Incompatible dimensions of objects "
     "at positions {2, 1} and {2, 2} of MapThread[f, {{a, b}, {c}}]; dimensions are 2 and 1."),
])
def test_functional_messages(runner, text, message):
    assert runner.run(text) == parse(text)
    assert message in runner.messages


def test_map_builds_without_evaluating_twice(runner):
    """Map returns f[x] unevaluated; the evaluator evaluates each once (a counter)."""
    runner.run("n = 0; g[x_] := (n++; x); Map[g, Range[100]];")
    assert runner.run("n") == parse("100")
    runner.run("n = 0; Select[Range[100], (n++; EvenQ[#]) &];")
    assert runner.run("n") == parse("100")


# ---------------------------------------------------------------------------- against Wolfram

# Against Mathics3, or the Wolfram answer written by hand where Mathics3 lacks or differs (the
# row says why); rows as tests/builtins/_support.py describes them, run in one session.
CASES = [
    ("Operate[p, f[x, y]]", "p[f][x, y]", MISSING_IN_MATHICS),
    ("Map[f, {a, b}]", None),
    ("Map[f, {{a, b}, {c}}, {2}]", None),
    ("Map[f, {{a, b}, {c}}, 2]", None),
    ("Map[f, {{a, b}, {c}}, -1]", None),
    ("Map[f, {{a, b}, {c}}, {0, 1}]", None),
    ("Map[f][{a, b}]", None),
    ("Map[f, 5]", "5", "Mathics3 raises a Python exception"),
    ("Map[#^2 &, {1, 2, 3}]", None),
    ("Map[f, <|a -> 1, b -> 2|>]", None),
    ("MapAll[f, {a, {b}}]", "f[{f[a], f[{f[b]}]}]", MISSING_IN_MATHICS),
    ("MapIndexed[f, {a, b}]", None),
    ("MapIndexed[f, {{a, b}, {c}}, {2}]", None),
    ("MapThread[f, {{a, b}, {1, 2}}]", None),
    ("MapThread[f, {{{a, b}}, {{1, 2}}}, 2]", None),
    ("MapThread[Plus, {{1, 2}, {10, 20}}]", None),
    ("Apply[f, {a, b}]", None),
    ("Apply[f, {{a}, {b}}, {1}]", None),
    ("Apply[Plus, {{1, 2}, {3}}, 1]", None),
    ("Plus @@ {1, 2, 3}", None),
    ("Apply[f, {{{a}}}, {2}]", None),
    ("Scan[f, {a, b}]", None),
    ("Nest[f, x, 3]", None),
    ("NestList[f, x, 2]", None),
    ("Nest[2 # &, 1, 10]", None),
    ("Fold[f, x, {a, b}]", None),
    ("Fold[Plus, {1, 2, 3}]", None),
    ("FoldList[Plus, 0, {1, 2, 3}]", None),
    ("FoldList[f, x, {a, b}]", None),
    ("FixedPoint[Floor[#/2] &, 100]", None),
    ("FixedPointList[Floor[#/2] &, 4]", None),
    ("NestWhile[#/2 &, 64, EvenQ]", None),
    ("NestWhileList[#/2 &, 8, EvenQ]", "{8, 4, 2, 1}", MISSING_IN_MATHICS),
    ("KeyValueMap[f, <|a -> 1, b -> 2|>]", "{f[a, 1], f[b, 2]}", MISSING_IN_MATHICS),
    ("Composition[f, g][x]", None),
    ("Composition[f, Composition[g, h]]", None),
    ("RightComposition[f, g][x]", "g[f[x]]", MISSING_IN_MATHICS),
    ("Identity[a]", None),
    ("Through[{f, g}[x]]", None),
    ("Through[p[f, g][x]]", None),
    ("Construct[f, a, b]", "f[a, b]", MISSING_IN_MATHICS),
    ("Level[{a, {b}}, -1]", None),
    ("Level[{a, {b}}, {2}]", None),
    ("Level[f[g[x]], Infinity]", None),
    ("Apply[f, <|a -> 1, b -> 2|>]", "f[1, 2]", "Apply uses the values of an association"),
    ("MapApply[f, {{a}, {b}}]", None),
    ("f @@@ {{a, b}, {c}}", None),
    ("Level[{{a}}, {-1}]", None),
    ("ComposeList[{f, g}, x]", "{x, f[x], g[f[x]]}", MISSING_IN_MATHICS),
    ("ComposeList[{}, x]", "{x}", MISSING_IN_MATHICS),
    ("ComposeList[{#^2 &, # + 1 &}, 3]", "{3, 9, 10}", MISSING_IN_MATHICS),
    ("Comap[{f, g}, x]", "{f[x], g[x]}", MISSING_IN_MATHICS),
    ("Comap[{Min, Max}][{3, 1, 2}]", "{1, 3}", MISSING_IN_MATHICS),
    ("Comap[h[f, g], x]", "h[f[x], g[x]]", MISSING_IN_MATHICS),
]


test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "functional")



@pytest.mark.parametrize("text, expected", [
    ("Operate[p, f[x][y], 2]", "p[f][x][y]"),
    ("Operate[p, f[x], 0]", "p[f[x]]"),
    ("Operate[p, x]", "x"),
])
def test_operate_applies_to_the_head(text, expected):
    from tests.builtins._support import check
    check(text, expected)
