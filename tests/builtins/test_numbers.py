"""Numbers (wlnet/builtins/numbers.py): constants, exact and machine numbers, complex
numbers, digit conversions and the number predicates; a differential table against
Mathics3 plus hand-written Wolfram answers (see tests/builtins/_support.py).
"""

from fractions import Fraction

import pytest

from tests.builtins._support import MATHICS, Runner, check, check_row, close, row_id
from wlnet.builtins.numbers import (COMPLEX_INFINITY, INFINITY, ExactComplex, from_py,
                                    normalize, to_py)
from wlnet.core.expr import Complex, Integer, Rational, Real

ORDER = "Mathics3 orders terms differently; WL compares products and sums from their " \
    "last part"

CASES = [
    # constants and their N-values
    ("Pi", MATHICS),
    ("E", MATHICS),
    ("I", MATHICS),
    ("Infinity", MATHICS),
    ("-Infinity", MATHICS),
    ("ComplexInfinity", MATHICS),
    ("Indeterminate", MATHICS),
    ("N[Pi]", MATHICS),
    ("N[E]", MATHICS),
    ("N[Degree]", MATHICS),
    ("N[GoldenRatio]", MATHICS),
    ("N[EulerGamma]", MATHICS),
    ("DirectedInfinity[5]", MATHICS),
    ("DirectedInfinity[0]", MATHICS),
    # exact integers and rationals
    ("2^100", MATHICS),
    ("123456789012345678901234567890 * 987654321", MATHICS),
    ("1/3", MATHICS),
    ("2/4", MATHICS),
    ("-6/4", MATHICS),
    ("Rational[1, 3]", MATHICS),
    ("Rational[2, 4]", MATHICS),
    # Wolfram: Rational[4, 2] is the integer 2; Mathics3 keeps a non-canonical Rational[2, 1]
    ("Rational[4, 2]", "2"),
    ("1/3 + 2/3", MATHICS),
    ("1/3 + 0.5", MATHICS),
    # complex numbers
    ("I^2", MATHICS),
    ("I^3", MATHICS),
    ("1 + 2 I", MATHICS),
    ("Complex[1, 2]", MATHICS),
    ("Complex[1, 0]", MATHICS),
    ("Complex[1., 2]", MATHICS),
    ("(1 + 2 I) + (3 - I)", MATHICS),
    ("(1 + 2 I) (3 - I)", MATHICS),
    ("(1 + 2 I) / (3 - I)", MATHICS),
    ("1/I", MATHICS),
    ("(1 + I)^2", MATHICS),
    ("(1 + I)^-2", MATHICS),
    ("2. I", MATHICS),
    ("(1. + I) (1 - I)", MATHICS),
    ("I x + I x", MATHICS),
    # IntegerString / IntegerDigits / FromDigits
    ("IntegerString[255, 16]", MATHICS),
    ("IntegerString[7, 2, 5]", MATHICS),
    ("IntegerString[-42]", MATHICS),
    ("IntegerString[12345, 10, 3]", MATHICS),
    ("IntegerString[{1, 22}, 10, 3]", MATHICS),
    ("IntegerDigits[1234]", MATHICS),
    ("IntegerDigits[6, 2, 5]", MATHICS),
    ("IntegerDigits[-15]", MATHICS),
    ("IntegerDigits[0]", MATHICS),
    ("IntegerDigits[255, 16]", MATHICS),
    ("IntegerDigits[12345, 10, 3]", MATHICS),
    ("FromDigits[{1, 2, 3}]", MATHICS),
    ("FromDigits[\"ff\", 16]", MATHICS),
    ("FromDigits[{1, 0, 1}, 2]", MATHICS),
    ("FromDigits[\"0123\"]", MATHICS),
    ("FromDigits[{a, b, c}]", "10 (10 a + b) + c", ORDER),
    ("FromDigits[IntegerDigits[987654321, 7], 7]", MATHICS),
    # predicates
    ("NumberQ[3/4]", MATHICS),
    ("NumberQ[Pi]", MATHICS),
    ("NumberQ[1 + I]", MATHICS),
    ("NumberQ[\"1\"]", MATHICS),
    ("NumericQ[Sqrt[2] + Pi]", MATHICS),
    ("NumericQ[x]", MATHICS),
    ("NumericQ[Sin[1]]", MATHICS),
    ("NumericQ[Sin[x]]", MATHICS),
    ("IntegerQ[3]", MATHICS),
    ("IntegerQ[3.]", MATHICS),
    ("IntegerQ[x]", MATHICS),
    ("EvenQ[4]", MATHICS),
    ("EvenQ[3]", MATHICS),
    ("EvenQ[x]", MATHICS),
    ("OddQ[-3]", MATHICS),
    ("OddQ[2.]", MATHICS),
    ("Positive[1]", MATHICS),
    ("Positive[-2.5]", MATHICS),
    ("Positive[x]", MATHICS),
    ("Positive[Pi]", MATHICS),
    # Wolfram: Positive[Infinity] is True; Mathics3 leaves it unevaluated
    ("Positive[Infinity]", "True"),
    ("Negative[-1/2]", MATHICS),
    ("Negative[0]", MATHICS),
    ("NonNegative[0]", MATHICS),
    ("NonNegative[-1]", MATHICS),
    ("NonPositive[0.1]", MATHICS),
    ("NonPositive[0]", MATHICS),
    # Wolfram: complex numbers are not positive (Positive[I] is False)
    ("Positive[I]", "False"),
    # parts
    ("Numerator[2/3]", MATHICS),
    ("Denominator[2/3]", MATHICS),
    ("Numerator[a/b]", MATHICS),
    ("Denominator[a/b^2]", MATHICS),
    ("Numerator[5]", MATHICS),
    ("Denominator[5]", MATHICS),
    ("Denominator[2 x/3]", MATHICS),
    ("Re[3 + 4 I]", MATHICS),
    ("Im[3 + 4 I]", MATHICS),
    ("Re[2.5]", MATHICS),
    ("Im[2.5]", MATHICS),
    ("Re[x]", MATHICS),
    ("Re[Infinity]", MATHICS),
    ("Im[{1 + I, 2}]", MATHICS),
    # RealDigits: Mathics3 agrees for approximate numbers and terminating expansions; its
    # recurring digits are strings (and wrong for 1/6), so those answers are Wolfram's
    ("RealDigits[123.45]", MATHICS),
    ("RealDigits[N[Pi]]", MATHICS),
    ("RealDigits[N[Pi, 20]]", MATHICS),
    ("RealDigits[0.001234]", MATHICS),
    ("RealDigits[-2.5]", MATHICS),
    ("RealDigits[5, 2]", MATHICS),
    ("RealDigits[1/8]", MATHICS),
    ("RealDigits[1200]", MATHICS),
    ("RealDigits[0]", MATHICS),
    ("RealDigits[1/3, 10, 5]", MATHICS),
    ("RealDigits[Pi, 10, 25]", MATHICS),
    ("RealDigits[N[1/7, 30], 10, 10]", MATHICS),
    ("RealDigits[1/6]", "{{1, {6}}, 0}", "recurring digits: Mathics3 gives strings"),
    ("RealDigits[1/3]", "{{{3}}, 0}", "recurring digits: Mathics3 gives strings"),
    ("RealDigits[22/7]", "{{3, {1, 4, 2, 8, 5, 7}}, 1}", "recurring digits"),
    ("RealDigits[1/30]", "{{{3}}, -1}", "recurring digits"),
    ("RealDigits[1/3, 2]", "{{{1, 0}}, -1}", "recurring digits"),
    ("RealDigits[Pi]", "RealDigits[Pi]", ["RealDigits::ndig"], "Pi has no last digit"),
    ("RealDigits[2.5, 1]", "RealDigits[2.5, 1]", ["RealDigits::rbase"], "a bad base"),
]


@pytest.fixture(scope="module")
def runner():
    return Runner()


@pytest.mark.parametrize("row", CASES, ids=row_id)
def test_table(runner, row):
    check_row(row, runner=runner, same=close)


# ---------------------------------------------------------------------------- direct checks

@pytest.mark.parametrize("value, atom", [
    (3, Integer(3)),
    (Fraction(2, 4), Rational(1, 2)),
    (Fraction(4, 2), Integer(2)),
    (2.5, Real(2.5)),
    (ExactComplex(1, 0), Integer(1)),
    (ExactComplex(Fraction(1, 2), 3), Complex(Rational(1, 2), Integer(3))),
    (complex(1, 2), Complex(Real(1.0), Real(2.0))),
])
def test_python_values_round_trip(value, atom):
    assert from_py(value) == atom
    back = to_py(atom)
    assert normalize(back) == normalize(value) or complex(back) == complex(value)


def test_exact_complex_arithmetic():
    i = ExactComplex(0, 1)
    assert i * i == -1
    assert normalize(i ** 4) == 1
    assert (1 + i) / (1 - i) == i
    assert isinstance(i + 0.5, complex)


def test_constants_have_own_values():
    """A plain Session must evaluate I, Infinity and ComplexInfinity to their canonical
    forms (BuiltinSpec.value, declared in numbers.py)."""
    from wlnet.core.expr import S
    from wlnet.core.session import Session
    session = Session(echo=False)
    ev = session.evaluator
    assert ev.evaluate(S.I) == Complex(Integer(0), Integer(1))
    assert ev.evaluate(S.Infinity) == INFINITY
    assert ev.evaluate(S.ComplexInfinity) == COMPLEX_INFINITY


@pytest.mark.parametrize("text, expected", [
    # FromDigits of RealDigits' form {digits, exponent}, a trailing list recurring
    ("FromDigits[RealDigits[1/7]]", "1/7"),
    ("FromDigits[RealDigits[1/6]]", "1/6"),
    ("FromDigits[RealDigits[123.456]]", "15432/125"),
    ("FromDigits[{{1, 0, 1}, 2}, 2]", "5/2"),
    # an exact irrational with a tolerance: the simplest rational within it
    ("Rationalize[Pi, 1/1000]", "201/64"),
    ("Rationalize[Sqrt[2], 1/100]", "17/12"),
    ("Rationalize[Pi]", "Pi"),
])
def test_digits_with_exponent_and_exact_rationalize(text, expected):
    check(text, expected, evaluate_expected=True)
