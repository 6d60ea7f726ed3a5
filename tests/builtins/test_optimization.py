"""Exact global optimisation (wlnet/builtins/optimization.py): Minimize, Maximize, MinValue,
MaxValue, ArgMin, ArgMax.  Answers as the Wolfram Language gives them (its reference pages);
Mathics3 lacks most of these problems (constraints, several variables)."""

from __future__ import annotations

import pytest

from tests.builtins._support import (
    check, check_example, declared_examples, without_examples, without_usage)

CASES = [
    # one variable
    ("Minimize[x^2 - 2 x + 3, x]", "{2, {x -> 1}}"),
    ("Maximize[-x^2 + 4 x, x]", "{4, {x -> 2}}"),
    ("Minimize[Exp[x] - 2 x, x]", "{2 - 2 Log[2], {x -> Log[2]}}"),
    ("Minimize[(x^2 - 1)^2, x]", "{0, {x -> -1}}"),
    ("Minimize[{x, x >= 1}, x]", "{1, {x -> 1}}"),
    ("Maximize[{x, 0 <= x <= 3}, x]", "{3, {x -> 3}}"),
    ("Minimize[{(x - 3)^2, 0 <= x <= 1}, x]", "{4, {x -> 1}}"),
    ("Maximize[{x (1 - x), 0 <= x <= 1}, x]", "{1/4, {x -> 1/2}}"),
    ("Minimize[{x^2 - x, x^2 == 4}, x]", "{2, {x -> 2}}"),
    # a quartic: the minimum at a Root of the cubic derivative
    ("Abs[First[N[Minimize[x^4 - 3 x^2 + x, x]]] + 3.5139050389] < 10^-9", "True"),
    # several variables, under equations
    ("Minimize[{x^2 + y^2, x + y == 1}, {x, y}]", "{1/2, {x -> 1/2, y -> 1/2}}"),
    ("Minimize[(x - 1)^2 + (y - 2)^2, {x, y}]", "{0, {x -> 1, y -> 2}}"),
    ("Maximize[{x + y, x^2 + y^2 == 2}, {x, y}]", "{2, {x -> 1, y -> 1}}"),
    ("Minimize[{x^2 + y^2 + z^2, x + 2 y + 3 z == 6}, {x, y, z}]",
     "{18/7, {x -> 3/7, y -> 6/7, z -> 9/7}}"),
    # the parts
    ("MinValue[x^2 - 2 x, x]", "-1"),
    ("MaxValue[{x, x^2 <= 4}, x]", "2"),
    ("ArgMin[x^2 - 2 x, x]", "1"),
    ("ArgMax[{x + y, x^2 + y^2 == 2}, {x, y}]", "{1, 1}"),
    # not handled: stays unevaluated (a saddle with no minimum, parameters, periodic)
    ("Minimize[x y, {x, y}]", "Minimize[x y, {x, y}]"),
    ("Minimize[a x^2, x]", "Minimize[a x^2, x]"),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0] for c in CASES])
def test_exact_optimum(text, expected):
    check(text, expected, evaluate_expected=True)


@pytest.mark.parametrize("text, expected", [
    ("Minimize[x^3, x]", "{-Infinity, {x -> -Infinity}}"),
    ("Minimize[{x, x > 1}, x]", "{1, {x -> 1}}"),
])
def test_an_infimum_not_attained_says_so(text, expected):
    check(text, expected, ["Minimize::natt"], evaluate_expected=True)


def test_maximize_says_maximum():
    runner = check("Maximize[x^3, x]", "{Infinity, {x -> Infinity}}", ["Maximize::natt"],
                   evaluate_expected=True)
    assert "maximum is not attained" in runner.messages[0]


def test_a_variable_must_be_a_symbol():
    check("Minimize[x^2 + 1, 3]", "Minimize[x^2 + 1, 3]", ["Minimize::ivar"])


@pytest.mark.parametrize("name,text,expected", declared_examples("optimization"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_every_builtin_has_usage_and_examples():
    assert not without_usage("optimization") and not without_examples("optimization")
