"""Properties of exact arithmetic checked against Python's own integers and fractions:
sums, products and integer powers of rationals are exact and canonical, Mod and Quotient
follow WL's floor convention, Round rounds halves to even, surds square back exactly, and
IntegerDigits/FromDigits/IntegerString round-trip."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wlnet.builtins.numbers import from_py, to_py
from wlnet.core.expr import Expr, Integer, S, String

rationals = st.fractions(max_denominator=50).filter(lambda f: abs(f) < 10 ** 6)
nonzero = rationals.filter(lambda f: f != 0)


@pytest.fixture(scope="module")
def ev():
    from wlnet.core.session import Session
    return Session(echo=False).evaluator


def atom(f: Fraction):
    return from_py(f.numerator if f.denominator == 1 else f)


def value(e):
    v = to_py(e)
    assert v is not None, f"not a number: {e!r}"
    return Fraction(v)


@settings(max_examples=150)
@given(a=rationals, b=rationals, c=rationals)
def test_sum_and_product_are_exact(ev, a, b, c):
    total = ev.evaluate(Expr(S.Plus, atom(a), atom(b), atom(c)))
    product = ev.evaluate(Expr(S.Times, atom(a), atom(b), atom(c)))
    assert total == atom(a + b + c)                  # canonical: an Integer when whole
    assert product == atom(a * b * c)


@settings(max_examples=150)
@given(a=nonzero, n=st.integers(-6, 6))
def test_integer_powers_are_exact(ev, a, n):
    assert ev.evaluate(Expr(S.Power, atom(a), Integer(n))) == atom(a ** n)


@settings(max_examples=150)
@given(m=rationals, n=nonzero)
def test_mod_and_quotient_follow_floor_division(ev, m, n):
    q = ev.evaluate(Expr(S.Quotient, atom(m), atom(n)))
    r = ev.evaluate(Expr(S.Mod, atom(m), atom(n)))
    assert value(q) * n + value(r) == m
    assert 0 <= value(r) / n < 1                     # the remainder has the sign of n


@settings(max_examples=150)
@given(x=rationals)
def test_round_halves_to_even(ev, x):
    assert ev.evaluate(Expr(S.Round, atom(x))) == Integer(round(x))
    assert value(ev.evaluate(Expr(S.Floor, atom(x)))) <= x \
        <= value(ev.evaluate(Expr(S.Ceiling, atom(x))))


@settings(max_examples=100)
@given(n=st.integers(1, 10 ** 6))
def test_square_roots_square_back(ev, n):
    root = ev.evaluate(Expr(S.Sqrt, Integer(n)))
    assert ev.evaluate(Expr(S.Power, root, Integer(2))) == Integer(n)


@settings(max_examples=100)
@given(n=st.integers(0, 10 ** 30), base=st.integers(2, 36))
def test_digits_round_trip(ev, n, base):
    digits = ev.evaluate(Expr(S.IntegerDigits, Integer(n), Integer(base)))
    assert ev.evaluate(Expr(S.FromDigits, digits, Integer(base))) == Integer(n)
    text = ev.evaluate(Expr(S.IntegerString, Integer(n), Integer(base)))
    assert type(text) is String and int(text.value, base) == n
