"""UnitStep, Piecewise, Erf, Erfc, Fibonacci against Mathics3 (where it has them) and by
hand."""

import pytest

from tests.builtins._support import check, check_example, declared_examples, differential_table

CASES = [
    ("UnitStep[{-2, 0, 3.5, -1/2}]", None),
    ("UnitStep[x]", None),
    ("UnitStep[1, -1]", None),
    ("Piecewise[{{-1, 3 < 0}, {1, 3 > 0}}]", None),
    ("Piecewise[{{-1, 3 < 0}}]", None),
    ("Piecewise[{{-1, 3 < 0}}, 7]", None),
    ("Erf[0]", None),
    ("Erf[0.5]", None),
    ("Erfc[0.5]", None),
    ("Erf[0, 0.5]", "0.5204998778130465", "Erf[x0, x1] is Erf[x1] - Erf[x0]"),
    ("Fibonacci[10]", None),
    ("Fibonacci[{0, 1, 2, 20}]", None),
    ("Fibonacci[-4]", None),
]

test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "special_functions")


def test_piecewise_waits_for_an_unknown_condition_and_defines_functions():
    check("f[x_] := Piecewise[{{x^2, x < 0}}, x]; {f[-2], f[3], Head[f[y]]}", "{4, 3, Piecewise}",
          evaluate_expected=True)


@pytest.mark.parametrize("name,text,expected", declared_examples("special_functions"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)
