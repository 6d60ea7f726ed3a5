"""Reduce (wlnet/builtins/reduce.py) on the basic forms of WL's Reduce page: polynomial
equations and inequalities in one variable, domains, systems of linear equations and
inequalities; answers as WL writes them (Mathics3 has no Reduce)."""

import pytest

from tests.builtins._support import check, check_example, close_printed, declared_examples


@pytest.mark.parametrize("text, expected", [
    # one variable over the complex numbers: the roots, once each
    ("Reduce[x^2 - 3 x + 2 == 0, x]", "x == 1 || x == 2"),
    ("Reduce[x^2 + 1 == 0, x]", "x == -I || x == I"),
    ("Reduce[(x - 1)^2 == 0, x]", "x == 1"),
    ("Reduce[x^3 + x + 1 == 0, x]", "x == Root[1 + #1 + #1^3 &, 1] || "
     "x == Root[1 + #1 + #1^3 &, 2] || x == Root[1 + #1 + #1^3 &, 3]"),
    ("Reduce[x != 1, x]", "x != 1"),
    ("Reduce[x^2 == 1 && x != 1, x]", "x == -1"),
    ("Reduce[x == x, x]", "True"),
    # over the reals: inequalities make the variable real
    ("Reduce[x^2 + 1 == 0, x, Reals]", "False"),
    ("Reduce[x^2 == 2, x, Reals]", "x == -Sqrt[2] || x == Sqrt[2]"),
    ("Reduce[x^2 < 4, x]", "-2 < x < 2"),
    ("Reduce[x^2 >= 4, x]", "x <= -2 || x >= 2"),
    ("Reduce[(x - 1)/(x - 2) >= 0, x]", "x <= 1 || x > 2"),
    ("Reduce[x^4 - 5 x^2 + 4 < 0, x]", "-2 < x < -1 || 1 < x < 2"),
    ("Reduce[x^2 - 2 x + 1 <= 0, x]", "x == 1"),
    ("Reduce[x^2 + 1 > 0, x]", "True"),
    ("Reduce[x^2 < 0, x]", "False"),
    ("Reduce[1 < x <= 3, x]", "1 < x <= 3"),
    ("Reduce[x^2 == 4 && x > 0, x]", "x == 2"),
    ("Reduce[x < 0 || x > 1, x]", "x < 0 || x > 1"),
    ("Reduce[x^3 - 3 x + 1 > 0, x]", "Root[1 - 3 #1 + #1^3 &, 1] < x < "
     "Root[1 - 3 #1 + #1^3 &, 2] || x > Root[1 - 3 #1 + #1^3 &, 3]"),
    ("Reduce[Log[x] < 1, x]", "0 < x < E"),
    ("Reduce[Abs[x - 1] < 2, x]", "-1 < x < 3"),
    ("Reduce[Sqrt[x] < 2, x]", "0 <= x < 4"),
    # over the integers
    ("Reduce[x^2 < 10, x, Integers]",
     "x == -3 || x == -2 || x == -1 || x == 0 || x == 1 || x == 2 || x == 3"),
    ("Reduce[x^2 == 4, x, Integers]", "x == -2 || x == 2"),
    ("Reduce[x > 3, x, Integers]", "Element[x, Integers] && x >= 4"),
    # several variables
    ("Reduce[{x + y == 3, x - y == 1}, {x, y}]", "x == 2 && y == 1"),
    ("Reduce[x + y == 3, {x, y}]", "y == 3 - x"),
    ("Reduce[{x + y + z == 1, x - y == 0}, {x, y, z}]", "y == x && z == 1 - 2 x"),
    ("Reduce[{x - y == 1, x + y == 1, x == 5}, {x, y}]", "False"),
    ("Reduce[{x^2 + y^2 == 1, x == y}, {x, y}]",
     "(x == -(1/Sqrt[2]) && y == -(1/Sqrt[2])) || (x == 1/Sqrt[2] && y == 1/Sqrt[2])"),
    ("Reduce[{x + y < 2, x > 0, y > 0}, {x, y}]", "0 < x < 2 && 0 < y < 2 - x"),
    ("Reduce[{0 < x < 1, 0 < y < x}, {x, y}]", "0 < x < 1 && 0 < y < x"),
    ("Reduce[{y > x, y > -x, y < 1}, {x, y}]",
     "(-1 < x <= 0 && -x < y < 1) || (0 < x < 1 && x < y < 1)"),
    ("Reduce[{x > 0, y > 0, z > 0, x + y + z < 1}, {x, y, z}]",
     "0 < x < 1 && 0 < y < 1 - x && 0 < z < 1 - x - y"),
    ("Reduce[{x + y == 1, x > 0, y > 0}, {x, y}]", "0 < x < 1 && y == 1 - x"),
    ("Reduce[{x > 0, x < -1, y > 0}, {x, y}]", "False"),
    # a piece that fixes the first variables gives the later ones as numbers there
    ("Reduce[{x^2 == 4, y == x + 1, x > 0}, {x, y}]", "x == 2 && y == 3"),
    ("Reduce[{x^2 == 4, y > x}, {x, y}]", "(x == -2 && y > -2) || (x == 2 && y > 2)"),
    ("Reduce[{x^2 == 4, y == x + 1, z == 2 y, x > 0}, {x, y, z}]",
     "x == 2 && y == 3 && z == 6"),
    ("Reduce[{z == 2 y, y == x + 1, x > 0}, {x, y, z}]",
     "x > 0 && y == 1 + x && z == 2 + 2 x"),
    # a linear equation with parameters: the degenerate case too
    ("Reduce[a x + b == 0, x]", "(b == 0 && a == 0) || (a != 0 && x == -(b/a))"),
    ("Reduce[a x == 1, x]", "a != 0 && x == 1/a"),
])
def test_reduce(text, expected):
    check(text, expected, evaluate_expected=True)


def test_machine_numbers_are_reduced_exactly_and_given_numerically():
    check("Reduce[x^2 < 4.5, x]", "-2.1213203435596424 < x < 2.1213203435596424",
          same=close_printed)                 # strict: not closed by rounding at the ends
    check("Reduce[0.5 x + 1 > 0, x]", "x > -2.", same=close_printed)


@pytest.mark.parametrize("text, tag", [
    ("Reduce[Sin[x] > 0, x]", "Reduce::nsmet"),         # periodic: not done
    ("Reduce[x^2 == 1, x, Rationals]", "Reduce::ndom"),
    ("Reduce[x^2 == 1, 3]", "Reduce::ivar"),
    ("Reduce[f[x], x]", "Reduce::nsmet"),
])
def test_what_reduce_cannot_do_is_a_message(text, tag):
    check(text, text, [tag])


@pytest.mark.parametrize("name,text,expected", declared_examples("reduce"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text, expected", [
    # polynomial equations with parameters, over the complexes: a case for each leading
    # coefficient that may vanish
    ("Reduce[x^2 == a, x]", "x == -Sqrt[a] || x == Sqrt[a]"),
    ("Reduce[a x^2 + b x + c == 0, x]",
     "(a != 0 && (x == (-b - Sqrt[b^2 - 4 a c])/(2 a) || x == (-b + Sqrt[b^2 - 4 a c])/(2 a)))"
     " || (a == 0 && b != 0 && x == -(c/b)) || (c == 0 && b == 0 && a == 0)"),
    ("Reduce[a x + 1 == 0, x]", "a != 0 && x == -(1/a)"),
    ("Reduce[a x^2 == 0, x]", "(a != 0 && x == 0) || a == 0"),
])
def test_polynomial_equations_with_parameters(text, expected):
    check(text, expected, evaluate_expected=True)


@pytest.mark.parametrize("text, expected", [
    # over the reals: the roots where the discriminant allows them, reduced in the parameter
    ("Reduce[x^2 + a == 0, x, Reals]", "a <= 0 && (x == -Sqrt[-a] || x == Sqrt[-a])"),
    ("Reduce[x^2 - 2 a x + 1 == 0, x, Reals]",
     "(a <= -1 || a >= 1) && (x == a - Sqrt[-1 + a^2] || x == a + Sqrt[-1 + a^2])"),
    ("Reduce[x^2 + a^2 + 1 == 0, x, Reals]", "False"),
    ("Reduce[2 x + a == 0, x, Reals]", "x == -a/2"),
])
def test_quadratics_with_a_parameter_over_the_reals(text, expected):
    check(text, expected, evaluate_expected=True)


@pytest.mark.parametrize("text, expected", [
    ("{ToRules[x == 1 || x == 2]}", "{{x -> 1}, {x -> 2}}"),
    ("{ToRules[a > 0 && (x == 1 || x == 2)]}", "{{x -> 1}, {x -> 2}}"),   # conditions out
    ("{ToRules[(x == 1 || x == 2) && y == 3]}", "{{x -> 1, y -> 3}, {x -> 2, y -> 3}}"),
    ("{ToRules[False]}", "{}"),
    ("ToRules[f[x]]", "ToRules[f[x]]"),
    ("x /. {ToRules[Reduce[x^2 == 9, x]]}", "{-3, 3}"),
])
def test_to_rules(text, expected):
    check(text, expected, evaluate_expected=True)
