"""Rules and matching builtins (wlnet/builtins/patterns.py)."""

from __future__ import annotations

import pytest

from tests.builtins._support import (
    check, check_example, check_row, declared_examples, row_id, run, without_usage)
from tests.oracle_mathics import mathics_available, mathics_evaluate

needs_mathics = pytest.mark.skipif(not mathics_available(), reason="mathics3 not installed")

CASES = [
    ("MatchQ[x]", "MatchQ[x]"),
    ("MatchQ[_Integer][3]", "True"),
    ("Select[{1, a, 2}, MatchQ[_Integer]]", "{1, 2}"),
    ("x /. x -> y /. y -> z", "z"),
    ("{a, b} /. a -> b /. b -> c", "{c, c}"),
    ("f[a] /. f -> g", "g[a]"),
    ("f[x] /. f[y_] :> y /; y =!= x", "f[x]"),
    ("{1, 2, 3} /. {x_ /; x > 1 :> 0}", "{1, 0, 0}"),
    ("{1, 2} /. {1 -> a, 2 -> b, _ -> c}", "c"),           # the whole list matches first
    ("{1, 2} /. {1 -> a, 2 -> b, _Integer -> c}", "{a, b}"),
    ("x /. <|x -> 1|>", "1"),
    ("{{1, 2}, {3, 4}} /. {a_, b_} :> a + b", "{4, 6}"),   # the outer list matches
    ("{{1, 2}, {3, 4}} /. {a_Integer, b_Integer} :> a + b", "{3, 7}"),
    ("Hold[1 + 1] /. 1 -> 2", "Hold[2 + 2]"),
    ("ReplaceAll[x -> 1][{x, x}]", "{1, 1}"),
    ("Replace[x -> 1][x]", "1"),
    ("Replace[{1, {2}}, _Integer -> a, {2}]", "{1, {a}}"),
    ("Replace[{1, {2}}, _Integer -> a, Infinity]", "{a, {a}}"),
    ("Replace[{1, {2}}, {_Integer -> a}, {1, 2}]", "{a, {a}}"),
    ("ReplaceRepeated[{a, {b}}, {b} -> b]", "{a, b}"),
    ("x //. x -> x", "x"),
    ("ReplaceList[{a, b}, {x___, y___} :> {{x}, {y}}]", "{{{}, {a, b}}, {{a}, {b}}, {{a, b}, {}}}"),
    ("ReplaceList[x, {x -> 1, x -> 2, y -> 3}]", "{1, 2}"),
    ("f[1, 2] /. f[x_, y_: 0] :> x + y", "3"),
    ("f[1] /. f[x_, y_: 0] :> x + y", "1"),
    ("{f[1], f[1, 2]} /. f[x__] :> Length[{x}]", "{1, 2}"),
    ("g[a, b, c] /. g[x_, y__] :> {x, y}", "{a, b, c}"),
    ("{a, b, c} /. {x___, b, y___} :> {y, x}", "{c, a}"),
    ("f[a, b, c] /. f[x__] :> Plus[x]", "a + b + c"),
    ("x + y + z /. x + y -> w", "w + z"),
    ("2 x y /. x y -> p", "2 p"),
    # PatternSequence (Mathics3 does not match PatternSequence as a sequence and leaves
    # these unmatched; the expected values follow the Wolfram documentation)
    ("{a, b, c, a, b} /. {x___, PatternSequence[c, a], y___} :> {{x}, {y}}",
     "{{a, b}, {b}}"),
    ("Clear[f]; f[a : PatternSequence[_, _], b___] := {{a}, {b}}; {f[1], f[1, 2], f[1, 2, 3]}",
     "{f[1], {{1, 2}, {}}, {{1, 2}, {3}}}"),
    # the tutorial's "exactly one or two arguments" (Mathics3 gives only {g[1, 2]})
    ("Cases[{g[1], g[1, 2], g[1, 2, 3]}, g[_, _ | PatternSequence[]]]", "{g[1], g[1, 2]}"),
    ("{MatchQ[{a, b, a, b}, {PatternSequence[a, b] ..}], "
     "MatchQ[{a, b, a}, {PatternSequence[a, b] ..}]}", "{True, False}"),
    ("{a, b, c} /. {x : PatternSequence[_, _], y_} :> Hold[x]", "Hold[a, b]"),
    ("ReplaceList[{1, 2, 3, 4}, {___, PatternSequence[x_, y_] /; y == x + 1, ___} :> {x, y}]",
     "{{1, 2}, {2, 3}, {3, 4}}"),
    ("{a, b, c, a, b, a, b, a, b, c} /. {___, Longest[x : PatternSequence[a, b] ..], ___} "
     ":> {x}", "{a, b, a, b, a, b}"),
    # Longest / Shortest (Mathics3 leaves all of these unmatched)
    ("{a, b, c, d} /. {x__, Longest[y__]} :> {{x}, {y}}", "{{a}, {b, c, d}}"),
    ("{a, b, c, d} /. {Shortest[x__], y__} :> {{x}, {y}}", "{{a}, {b, c, d}}"),
    ("{a, b, c, d} /. {Longest[x__], y__} :> {{x}, {y}}", "{{a, b, c}, {d}}"),
    ("{a, b, c, d} /. {x__, Shortest[y__]} :> {{x}, {y}}", "{{a, b, c}, {d}}"),
    ("{1, a, 2, 3, 4, b, 5} /. {___, Longest[x__Integer], ___} :> {x}", "{2, 3, 4}"),
    ("ReplaceList[{a, b, c}, {___, Longest[x__], ___} :> {x}]",
     "{{a, b, c}, {a, b}, {b, c}, {a}, {b}, {c}}"),
    ("ReplaceList[{a, b, c}, {Longest[x___, 1], Longest[y___, 2]} :> {{x}, {y}}]",
     "{{{}, {a, b, c}}, {{a}, {b, c}}, {{a, b}, {c}}, {{a, b, c}, {}}}"),
    ("Cases[{{1, 2, 3}, {4, 5}}, {Longest[x__], _} :> {x}]", "{{1, 2}, {4}}"),
    ("Replace[{a, b, c, d}, Longest[{x__, y__}] :> {{x}, {y}}]", "{{a, b, c}, {d}}"),
    ("Clear[q]; q[x__, Longest[y__]] := {{x}, {y}}; q[1, 2, 3]", "{{1}, {2, 3}}"),
    # the example from the Mathematica StackExchange question on Longest with Repeated
    ("Replace[{5, 1, 2, 1, 2, 1, 2, 1, 2, 4, 3, 3, 3, 3, 3, 3, 10}, {Shortest[pre___, 3], "
     "Longest[Repeated[Shortest[rep__, 1], {2, Infinity}]], Shortest[inc___, 2]} :> "
     "{{pre}, {rep}, {inc}}]", "{{5}, {1, 2}, {4, 3, 3, 3, 3, 3, 3, 10}}"),
    # Optional is implicitly Longest (the argument before the default); Shortest reverses it
    ("f[1, 2] /. f[x_: 0, y__] :> {x, {y}}", "{1, {2}}"),
    ("f[1, 2] /. f[Shortest[x_: 0], y__] :> {x, {y}}", "{0, {1, 2}}"),
    ("ReplaceList[{a, b}, {x_: 0, y___} :> {x, {y}}]", "{{a, {b}}, {0, {a, b}}}"),
    ("Clear[q]; Default[q] = 7; q[Shortest[x_.], y_.] := {x, y}; {q[], q[1], q[1, 2]}",
     "{{7, 7}, {7, 1}, {1, 2}}"),
    # string patterns: Longest/Shortest are greedy/lazy repetition
    ('StringCases["abcabc", "a" ~~ Shortest[__] ~~ "c"]', '{"abc", "abc"}'),
    ('StringReplace["aaaa", Shortest[x__] ~~ y__ :> x <> "-" <> y]', '"a-aaa"'),
]


@pytest.mark.parametrize("row", CASES, ids=row_id)
def test_patterns(row):
    check_row(row)


@pytest.mark.parametrize("text,tag", [
    ("x /. 1", "ReplaceAll::reps"),
    ("Replace[x, {1}]", "Replace::reps"),
    ("Replace[x, x -> 1, a]", "Replace::level"),
    ("ReplaceRepeated[x, x :> x + 1, MaxIterations -> 50]", "ReplaceRepeated::rrlim"),
    ("ReplaceRepeated[x, x -> 1, Foo -> 2]", "ReplaceRepeated::optx"),
])
def test_pattern_messages(text, tag):
    assert tag in run(text).tags


@pytest.mark.parametrize("name,text,expected", declared_examples("patterns"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_usage_declared():
    assert without_usage("patterns") == []


@needs_mathics
@pytest.mark.parametrize("text", [
    "f[1, 2] /. f[x_: 0, y__] :> {x, {y}}",
    "Clear[q]; Default[q] = 7; q[x_., y_.] := {x, y}; {q[], q[1], q[1, 2]}",
    "ReplaceList[h[a, b, c], h[x___, y___] :> {{x}, {y}}]",
])
def test_agrees_with_mathics(text):
    """Optional tries the argument first, as in Mathics3; unmarked sequences shortest first."""
    value, _ = mathics_evaluate(text, fresh=True)
    assert run(text).value == value
