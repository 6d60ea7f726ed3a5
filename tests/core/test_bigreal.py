"""Arbitrary-precision reals (wlnet/core/bigreal.py): the BigFloat value, its significance
arithmetic and conversions, checked against mpmath computed at a much higher precision."""

import math
from fractions import Fraction

import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wlnet.core.bigreal import (MACHINE_PRECISION, BigFloat, big_constant, big_from_exact,
                                big_from_float, big_from_text, big_function, big_with_accuracy)
from wlnet.core.expr import Real


@pytest.fixture(autouse=True)
def high_precision_references():
    """The expected values are computed by mpmath at 150 digits (wlnet's own code passes
    its precision to every call, so mpmath's global setting does not touch it)."""
    with mpmath.workdps(150):
        yield


def high(x) -> mpmath.mpf:
    """The value of a BigFloat as an mpmath number (exact: the raw float itself)."""
    return mpmath.mpf(x.v)


def agrees_to(x: BigFloat, exact, digits: float) -> bool:
    """x agrees with ``exact`` (an mpmath value at high precision) to ``digits`` digits."""
    with mpmath.workdps(200):
        if exact == 0:
            return abs(high(x)) <= mpmath.mpf(10) ** (-digits)
        return abs(high(x) - exact) / abs(exact) <= mpmath.mpf(10) ** (-digits)


def test_machine_precision_is_53_bits():
    assert MACHINE_PRECISION == pytest.approx(15.954589770191003)


def test_precision_and_accuracy_of_a_made_number():
    x = big_from_exact(Fraction(1, 3), 30)
    assert x.prec == 30.0
    assert x.acc == pytest.approx(30 + math.log10(3))
    with mpmath.workdps(100):
        assert agrees_to(x, mpmath.mpf(1) / 3, 30)


def test_constants_to_many_digits():
    with mpmath.workdps(120):
        pi = +mpmath.pi
        e = +mpmath.e
    assert agrees_to(big_constant("Pi", 100), pi, 100)
    assert agrees_to(big_constant("E", 50), e, 50)
    assert big_constant("NoSuchConstant", 20) is None


def test_a_product_adds_relative_uncertainties():
    x = big_from_exact(2, 20)
    y = big_from_exact(3, 30)
    product = x * y
    assert product.prec == pytest.approx(20 - math.log10(1 + 10 ** -10))
    assert (x * x).prec == pytest.approx(20 - math.log10(2))
    assert (x * 5).prec == 20.0                  # an exact factor has no uncertainty


def test_a_sum_adds_absolute_uncertainties_so_cancellation_loses_digits():
    x = big_from_text("1.000000001", prec=20)
    y = big_from_exact(1, 20)
    difference = x - y
    assert difference.acc == pytest.approx(20 - math.log10(2))
    assert difference.prec == pytest.approx(difference.acc - 9, abs=1e-6)
    assert float(difference) == pytest.approx(1e-9)


def test_a_total_cancellation_is_a_zero_with_an_accuracy():
    x = big_from_exact(1, 20)
    zero = x - x
    assert zero.is_zero and not zero
    assert zero.prec == 0.0 and zero.acc == pytest.approx(20 - math.log10(2))


def test_machine_numbers_win():
    x = big_from_exact(2, 30)
    assert type(x + 1.5) is float and x + 1.5 == 3.5
    assert type(1.5 * x) is float
    assert type(x ** 0.5) is float


def test_exact_zero_factor_is_exactly_zero():
    assert big_from_exact(2, 30) * 0 == 0
    assert type(big_from_exact(2, 30) * 0) is int


def test_division_and_reciprocal():
    x = big_from_exact(3, 25)
    assert agrees_to(1 / x, mpmath.mpf(1) / 3, 25)
    assert agrees_to(x / 7, mpmath.mpf(3) / 7, 25)
    with pytest.raises(ZeroDivisionError):
        (x - x).reciprocal()


def test_powers():
    x = big_from_exact(2, 30)
    assert agrees_to(x ** Fraction(1, 2), mpmath.sqrt(2), 30)
    assert (x ** Fraction(1, 2)).prec == pytest.approx(30 + math.log10(2))
    assert (x ** 3).prec == pytest.approx(30 - math.log10(3))
    assert x ** 0 == 1
    assert agrees_to(2 ** big_from_exact(Fraction(1, 2), 30), mpmath.sqrt(2), 29)


def test_functions_propagate_the_uncertainty_by_the_derivative():
    x = big_from_exact(2, 20)
    exp = big_function("Exp", x)
    assert exp.prec == pytest.approx(20 - math.log10(2), abs=1e-6)   # condition number x
    with mpmath.workdps(60):
        assert agrees_to(exp, mpmath.exp(2), 19)
        assert agrees_to(big_function("Sin", x), mpmath.sin(2), 19)
        assert agrees_to(big_function("ArcTan", x), mpmath.atan(2), 19)
    assert big_function("Log", -x) is None          # outside the real domain
    assert big_function("NoSuchFunction", x) is None


def test_sin_of_pi_has_no_significant_digit():
    value = big_function("Sin", big_constant("Pi", 20))
    assert value.is_zero and value.acc == pytest.approx(20 - math.log10(math.pi), abs=0.01)


def test_rounding_to_integers():
    assert round(big_from_text("2.5", prec=20)) == 2
    assert round(big_from_text("3.5", prec=20)) == 4
    assert math.floor(big_from_text("-2.5", prec=20)) == -3
    assert math.ceil(big_from_text("2.1", prec=20)) == 3
    assert math.trunc(big_from_text("-2.7", prec=20)) == -2


def test_comparisons_with_every_kind_of_number():
    x = big_from_text("1.5", prec=20)
    assert x > 1 and x < 2 and x > Fraction(4, 3) and x < 1.6 and x == 1.5
    assert x == Fraction(3, 2) and x != 2


def test_digits_are_correctly_rounded():
    x = big_constant("Pi", 40)
    assert x.digits(30) == ("314159265358979323846264338328", 0)
    assert big_from_text("1.5e-30", prec=20).digits(3) == ("150", -30)


def test_float_padding_and_accuracy_construction():
    x = big_from_float(0.1, 20)
    assert x.digits(20)[0] == "10000000000000000555"
    y = big_with_accuracy(100, 10)
    assert y.acc == pytest.approx(10) and y.prec == pytest.approx(12)


def test_the_real_atom_holds_a_bignum():
    r = Real("3.25", 20)
    assert r.precision == 20.0 and not r.is_machine
    assert r == Real("3.25", 20) and r != Real(3.25) and hash(r) == hash(Real("3.25", 20))
    assert Real(3.25).accuracy == pytest.approx(MACHINE_PRECISION - math.log10(3.25))


@settings(max_examples=60, deadline=None)
@given(st.fractions(min_value=-1000, max_value=1000), st.fractions(min_value=-1000, max_value=1000),
       st.integers(min_value=5, max_value=60))
def test_arithmetic_is_right_to_the_precision_it_claims(a, b, digits):
    x, y = big_from_exact(a, digits), big_from_exact(b, digits)
    with mpmath.workdps(300):
        ea, eb = mpmath.mpf(a.numerator) / a.denominator, mpmath.mpf(b.numerator) / b.denominator
        for got, want in ((x + y, ea + eb), (x - y, ea - eb), (x * y, ea * eb)):
            if isinstance(got, int):
                assert got == 0 and want == 0
                continue
            if got.is_zero:
                assert abs(want) <= mpmath.mpf(10) ** (-got.acc + 1)
            else:
                assert agrees_to(got, want, got.prec - 1)
