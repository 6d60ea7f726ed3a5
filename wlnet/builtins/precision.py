"""Precision and accuracy of approximate numbers: Precision, Accuracy, SetPrecision,
SetAccuracy, MachineNumberQ, and the symbols MachinePrecision, $MachinePrecision,
$MaxExtraPrecision.

An exact number has infinite precision and accuracy; a machine real has MachinePrecision
(53 binary digits, 15.9546 decimal ones); an arbitrary-precision real (a bignum,
wlnet.core.bigreal) has its own.  The precision of an expression is the lowest of its
numbers', as in the Wolfram Language.  N[expr, n] itself lives with the arithmetic
(wlnet.builtins.arithmetic).
"""

from __future__ import annotations

import math
from fractions import Fraction

from wlnet.builtins.arithmetic import MAX_EXTRA_PRECISION, MAX_PRECISION
from wlnet.builtins.numbers import INFINITY, N_VALUES, from_py, to_py
from wlnet.core.bigreal import (MACHINE_PRECISION, BigFloat, big_constant, big_from_exact,
                                big_from_float, big_with_accuracy)
from wlnet.core.expr import FALSE, TRUE, Complex, Expr, Integer, Rational, Real, S, Symbol
from wlnet.core.registry import builtin, declare

declare("MachinePrecision", attributes=("Constant", "Protected"),
        usage="MachinePrecision is the precision of machine numbers, 53 log10(2) ≃ 15.9546 "
              "decimal digits.")
declare("$MachinePrecision", attributes=("Protected",),
        usage="$MachinePrecision is the number of decimal digits of precision of machine "
              "numbers.", value=Real(MACHINE_PRECISION))
declare("$MachineEpsilon", attributes=("Protected",),
        usage="$MachineEpsilon is the difference between 1. and the next machine number, "
              "2^-52.", value=Real(2.0 ** -52))
declare("$MaxExtraPrecision",
        usage="$MaxExtraPrecision is how many digits beyond the requested precision N may "
              "work with when cancellation loses some: 50, raised for one computation "
              "by Block[{$MaxExtraPrecision = 200}, N[expr, n]].",
        value=Real(MAX_EXTRA_PRECISION), settable=True)


# ---------------------------------------------------------------------------- measuring

def _numbers(e):
    """The number atoms of ``e`` (Complex parts separately)."""
    t = type(e)
    if t is Real or t is Integer or t is Rational:
        yield e
    elif t is Complex:
        yield e.re
        yield e.im
    elif t is Expr:
        yield from _numbers(e.head)
        for a in e.args:
            yield from _numbers(a)


def _lowest(e, measure):
    """The lowest ``measure`` over the approximate numbers of e: None when e has none
    (exact), "machine" when the lowest is a machine real's."""
    lowest, machine = math.inf, False
    for x in _numbers(e):
        if type(x) is not Real:
            continue
        if x.precision is None:
            machine = True
            lowest = min(lowest, measure(x))
        else:
            lowest = min(lowest, measure(x))
    if lowest == math.inf:
        return None
    return lowest, machine


@builtin(argc=1, attributes=("Protected",),
         usage="Precision[x] gives the number of significant decimal digits of x: Infinity "
               "for an exact number, MachinePrecision for a machine number, the lowest "
               "precision of its numbers for an expression.",
         examples=(("Precision[1/3]", "Infinity"), ("Precision[1.5]", "MachinePrecision"),
                   ("Precision[N[Pi, 30]]", "30."), ("Precision[{1, 2.5`20}]", "20.")))
def Precision(ev, x):
    found = _lowest(x, lambda r: MACHINE_PRECISION if r.precision is None else r.precision)
    if found is None:
        return INFINITY
    value, machine = found
    if machine and value >= MACHINE_PRECISION:
        return S.MachinePrecision
    return Real(value)


@builtin(argc=1, attributes=("Protected",),
         usage="Accuracy[x] gives the number of significant decimal digits to the right of "
               "the decimal point in x: Infinity for an exact number.",
         examples=(("Accuracy[1/3]", "Infinity"), ("Accuracy[N[Pi, 30]]", "29.5029"),
                   ("Accuracy[1.5`20]", "19.8239")))
def Accuracy(ev, x):
    found = _lowest(x, lambda r: r.accuracy)
    return INFINITY if found is None else Real(found[0])


@builtin(argc=1, attributes=("Protected",),
         usage="MachineNumberQ[x] gives True if x is a machine-precision real or complex "
               "number.",
         examples=(("MachineNumberQ[1.5]", "True"), ("MachineNumberQ[1.5`20]", "False"),
                   ("MachineNumberQ[3]", "False")))
def MachineNumberQ(ev, x):
    if type(x) is Real:
        return TRUE if x.precision is None else FALSE
    if type(x) is Complex:
        parts = [p for p in (x.re, x.im) if type(p) is Real]
        return TRUE if parts and all(p.precision is None for p in parts) else FALSE
    return FALSE


# ---------------------------------------------------------------------------- setting

def _digits_spec(ev, name, spec, what):
    """The digits SetPrecision/SetAccuracy asks for: a float, "machine", "exact", or None
    after a message."""
    if spec is S.MachinePrecision:
        return "machine"
    if spec == INFINITY:
        return "exact"
    v = to_py(spec)
    if type(v) in (int, Fraction, float, BigFloat):
        v = float(v)
        if v < 0 and what == "precision":
            ev.message(Symbol(name), "precsm", spec)
            return None
        if abs(v) <= MAX_PRECISION:
            return v
    ev.message(Symbol(name), "precbd", spec)
    return None


def _exact_of(v):
    """The exact rational value of an approximate real (its binary value)."""
    if type(v) is BigFloat:
        return v.to_fraction()
    return Fraction(v)


def _reset(ev, e, convert):
    """``e`` with ``convert(number value) -> new value`` applied to each real number and
    numeric constant (None: keep it), re-evaluated where something changed."""
    t = type(e)
    if t is Integer or t is Rational or t is Real:
        v = to_py(e)
        if v is None:
            return e
        new = convert(v)
        return e if new is None else from_py(new)
    if t is Complex:
        return ev.evaluate(Expr(S.Plus, _reset(ev, e.re, convert),
                                Expr(S.Times, _reset(ev, e.im, convert), Complex(Integer(0),
                                                                                Integer(1)))))
    if t is Symbol:
        if e in N_VALUES:
            return from_py(convert(e))
        return e
    if t is Expr:
        args = [_reset(ev, a, convert) for a in e.args]
        if all(x is y for x, y in zip(args, e.args)):
            return e
        return ev.evaluate(Expr.from_args(e.head, args))
    return e


def _to_precision(digits):
    def convert(v):
        if type(v) is Symbol:
            big = big_constant(v.name, digits)
            return big if big is not None else big_from_float(N_VALUES[v], digits)
        if type(v) is BigFloat:
            return BigFloat.with_precision(v.v, digits) if not v.is_zero else \
                BigFloat(v.v, 0.0, v.acc)
        if type(v) is float:
            return big_from_float(v, digits)
        if type(v) in (int, Fraction):
            return big_from_exact(v, digits)
        return None
    return convert


def _to_accuracy(digits):
    def convert(v):
        if type(v) is Symbol:
            value = N_VALUES[v]
            big = big_constant(v.name, max(digits + math.log10(abs(value)), 1.0) + 5)
            return BigFloat.with_accuracy(big.v, digits) if big is not None else \
                big_with_accuracy(value, digits)
        if type(v) is BigFloat:
            return BigFloat.with_accuracy(v.v, digits)
        if type(v) in (int, Fraction, float):
            return big_with_accuracy(v, digits)
        return None
    return convert


def _to_machine(v):
    if type(v) is Symbol:
        return N_VALUES[v]
    if type(v) in (int, Fraction, BigFloat):
        return float(v)
    return None


def _to_exact(v):
    if type(v) is Symbol:
        return None
    return _exact_of(v) if type(v) in (float, BigFloat) else None


def _set(ev, name, e, spec, what):
    digits = _digits_spec(ev, name, spec, what)
    if digits is None:
        return None
    if digits == "machine":
        return _reset(ev, e, _to_machine)
    if digits == "exact":
        return _reset(ev, e, _to_exact)
    convert = _to_precision(digits) if what == "precision" else _to_accuracy(digits)
    return _reset(ev, e, convert)


_SET_MESSAGES = {
    "precbd": "Requested precision `1` is not a real number of at most 100000 digits.",
    "precsm": "Requested precision `1` is negative: a precision counts significant digits.",
}


@builtin(argc=2, attributes=("Protected",),
         usage="SetPrecision[expr, p] gives expr with every number made to have precision p "
               "(machine numbers are padded with binary zeros); SetPrecision[expr, "
               "MachinePrecision] gives machine numbers, SetPrecision[expr, Infinity] exact "
               "ones.",
         examples=(("SetPrecision[1/3, 20]", "0.33333333333333333333"),
                   ("SetPrecision[0.1, 20]", "0.10000000000000000555"),
                   ("SetPrecision[0.5, Infinity]", "1/2")),
         messages=_SET_MESSAGES)
def SetPrecision(ev, e, p):
    return _set(ev, "SetPrecision", e, p, "precision")


@builtin(argc=2, attributes=("Protected",),
         usage="SetAccuracy[expr, a] gives expr with every number made to have accuracy a "
               "(a digits known after the decimal point).",
         examples=(("SetAccuracy[1/3, 20]", "0.33333333333333333333"),
                   ("Accuracy[SetAccuracy[100, 10]]", "10.")),
         messages={"precbd": "Requested accuracy `1` is not a real number of at most 100000 "
                             "digits."})
def SetAccuracy(ev, e, a):
    return _set(ev, "SetAccuracy", e, a, "accuracy")
