"""PolynomialGCD, PolynomialLCM, Resultant, Discriminant (wlnet/builtins/polynomial_algebra.py)."""

import pytest

from tests.builtins._support import check, check_example, declared_examples


@pytest.mark.parametrize("name,text,expected", declared_examples("polynomial_algebra"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text, expected", [
    ("PolynomialGCD[x^2 y - y, x y + y]", "y + x y"),
    ("PolynomialGCD[{x^2, x^3}, x]", "{x, x}"),                       # Listable
    ("PolynomialGCD[Sin[x], x]", "PolynomialGCD[Sin[x], x]"),          # not polynomials
    ("Resultant[x^2 - 3 x + 2, x^2 - 1, x] == 0", "True"),            # the common root 1
    ("Discriminant[(x - 1)^2 (x + 2), x]", "0"),                      # a repeated root
])
def test_values(text, expected):
    check(text, expected, evaluate_expected=True)
