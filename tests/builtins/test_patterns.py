"""Rules and matching builtins (wlnet/builtins/patterns.py)."""

from __future__ import annotations

import pytest

from tests.builtins._eval_support import check_example, examples_of, usage_is_declared
from tests.core._support import check, run

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
]


@pytest.mark.parametrize("text,expected", CASES)
def test_patterns(text, expected):
    check(text, expected)


@pytest.mark.parametrize("text,tag", [
    ("x /. 1", "ReplaceAll::reps"),
    ("Replace[x, {1}]", "Replace::reps"),
    ("Replace[x, x -> 1, a]", "Replace::level"),
    ("ReplaceRepeated[x, x :> x + 1, MaxIterations -> 50]", "ReplaceRepeated::rrlim"),
    ("ReplaceRepeated[x, x -> 1, Foo -> 2]", "ReplaceRepeated::optx"),
])
def test_pattern_messages(text, tag):
    assert tag in run(text).tags


@pytest.mark.parametrize("name,text,expected", examples_of("patterns"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_usage_declared():
    assert usage_is_declared("patterns") == []
