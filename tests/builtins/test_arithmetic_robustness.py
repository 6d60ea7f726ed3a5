"""Bad input never escapes the arithmetic, numbers and logic builtins as a Python exception
(which the evaluator would report as ``General::pyerr``), and never makes them loop.

Every builtin of the three modules is called with every argument (and pairs of a smaller
pool, and random triples) drawn from awkward values: huge and negative numbers, zero,
machine infinities and NaN, complex numbers, strings, symbols, ragged lists, infinities.
"""

import math
import random

import pytest

from tests.builtins._support import builtins_of
from wlnet.core.expr import (FALSE, TRUE, Complex, Expr, Integer, Rational, Real, S, String,
                             Symbol)

NAMES = builtins_of("arithmetic", "numbers", "logic")

INF = Expr(S.DirectedInfinity, Integer(1))
POOL = [
    Integer(0), Integer(1), Integer(-3), Integer(2 ** 70), Rational(-1, 3), Real(2.5),
    Real(-0.0), Real(1e308), Real(math.inf), Real(math.nan), Complex(Integer(1), Integer(-2)),
    Complex(Real(0.5), Real(1.5)), String("a"), String(""), Symbol("x"), TRUE, FALSE, S.Pi,
    INF, Expr(S.DirectedInfinity), S.Indeterminate, Expr(S.List),
    Expr(S.List, Integer(1), Integer(2)), Expr(S.List, Integer(1), Expr(S.List, Integer(2))),
    Expr(S.List, Expr(S.List, Real(1.0), Real(2.0)), Expr(S.List, Real(3.0), Real(4.0))),
    Expr(S.Power, Integer(2), Rational(1, 2)), Expr(S.Plus, Integer(1), Symbol("x")),
    Expr(Symbol("f"), Symbol("x")), Expr(S.Rule, Symbol("a"), Integer(1)),
]
SMALL_POOL = [Integer(0), Integer(-3), Rational(-1, 3), Real(2.5), Real(math.nan),
              Complex(Integer(1), Integer(-2)), String("a"), Symbol("x"), INF,
              Expr(S.List, Integer(1), Integer(2)), Expr(S.List)]

_BAD = ("::pyerr", "$IterationLimit::", "$RecursionLimit::")


@pytest.fixture(scope="module")
def session():
    from wlnet.core.session import Session
    return Session(echo=False)


def _assert_survives(session, expr):
    session.evaluate(expr)
    bad = [m for m in session.messages if any(tag in m for tag in _BAD)]
    assert not bad, f"{expr!r}: {bad}"


def test_there_are_builtins_to_test():
    assert {"Plus", "Times", "Power", "Equal", "IntegerDigits"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_single_and_no_arguments(session, name):
    head = Symbol(name)
    _assert_survives(session, Expr(head))
    for a in POOL:
        _assert_survives(session, Expr(head, a))


@pytest.mark.parametrize("name", NAMES)
def test_pairs_and_triples(session, name):
    head = Symbol(name)
    for a in SMALL_POOL:
        for b in SMALL_POOL:
            _assert_survives(session, Expr(head, a, b))
    rng = random.Random(name)
    for _ in range(25):
        _assert_survives(session, Expr(head, *rng.sample(POOL, 3)))
