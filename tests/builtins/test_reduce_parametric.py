"""Reduce over the reals of one polynomial equation with one parameter, any degree, the
parameter in the leading coefficient too (wlnet/builtins/reduce_parametric.py): the
parameter's line cut where the real roots change, Root objects beyond degree 2."""

import pytest

from tests.builtins._support import check

CUBIC = "Root[a - #1 + #1^3 &, {}]"


@pytest.mark.parametrize("text, expected", [
    ("Reduce[a x^2 == 1, x, Reals]", "a > 0 && (x == -(1/Sqrt[a]) || x == 1/Sqrt[a])"),
    ("Reduce[a x == 1, x, Reals]", "a != 0 && x == 1/a"),
    ("Reduce[a x^2 == 0, x, Reals]", "a == 0 || x == 0"),
    ("Reduce[(a - 1) x == a - 1, x, Reals]", "a == 1 || x == 1"),
    ("Reduce[(x - a) (x - 1) == 0, x, Reals]", "x == 1 || x == a"),
    ("Reduce[a x^2 + x + 1 == 0, x, Reals]",
     "(a < 0 && (x == (-1 + Sqrt[1 - 4 a])/(2 a) || x == (-1 - Sqrt[1 - 4 a])/(2 a))) || "
     "(a == 0 && x == -1) || "
     "(0 < a <= 1/4 && (x == (-1 - Sqrt[1 - 4 a])/(2 a) || x == (-1 + Sqrt[1 - 4 a])/(2 a)))"),
    # degree 3: one real root outside the discriminant's zeros, three between them
    ("Reduce[x^3 - x + a == 0, x, Reals]",
     f"(a < -2/(3 Sqrt[3]) && x == {CUBIC.format(1)}) || "
     f"(-2/(3 Sqrt[3]) <= a <= 2/(3 Sqrt[3]) && (x == {CUBIC.format(1)} || "
     f"x == {CUBIC.format(2)} || x == {CUBIC.format(3)})) || "
     f"(a > 2/(3 Sqrt[3]) && x == {CUBIC.format(1)})"),
    ("Reduce[x^3 == a, x, Reals]", "x == Root[-a + #1^3 &, 1]"),
    ("Reduce[a x^3 + x + 1 == 0, x, Reals]",
     "(a < -4/27 && x == Root[1 + #1 + a #1^3 &, 1]) || (-4/27 <= a < 0 && "
     "(x == Root[1 + #1 + a #1^3 &, 1] || x == Root[1 + #1 + a #1^3 &, 2] || "
     "x == Root[1 + #1 + a #1^3 &, 3])) || (a >= 0 && x == Root[1 + #1 + a #1^3 &, 1])"),
])
def test_one_parameter_over_the_reals(text, expected):
    check(text, expected, evaluate_expected=True)


def test_a_root_of_a_parametric_polynomial_waits_for_numbers():
    check("Root[a - #1 + #1^3 &, 1]", "Root[a - #1 + #1^3 &, 1]", evaluate_expected=True)
    check("Root[a - #1 + #1^3 &, 1] /. a -> 0", "-1")


def test_the_roots_are_right_at_numbers():
    # each piece checked at numbers against the roots found numerically
    r = check("res = Reduce[a x^3 + x + 1 == 0, x, Reals]; "
              "Table[Sort[N[x /. {ToRules[res /. a -> v]}]] - "
              "Sort[Select[x /. NSolve[v x^3 + x + 1 == 0, x], Im[#] == 0 &]], "
              "{v, {-1, -1/10, 1/2, 3}}] // Flatten // Chop",
              "{0, 0, 0, 0, 0, 0}", evaluate_expected=True)
