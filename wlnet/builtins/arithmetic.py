"""Arithmetic: Plus, Times and Power with the Wolfram Language's simplifications, the
elementary functions, rounding, N, and the small numeric utilities (Clip, Rescale, Dot…).

The evaluator applies the attributes (flattens Flat heads, sorts Orderless arguments,
threads Listable ones over lists); these functions see flat, sorted arguments and only
combine them.  A builtin returns None when nothing changes, so a canonical sum or product
is a fixed point.

Plus and Times of plain numbers are the most frequent calls of the whole evaluator, so each
starts with a loop that handles Integer and Real arguments without building anything.
"""

from __future__ import annotations

import cmath
import math
import sys
from collections import Counter
from fractions import Fraction

import numpy as np

from wlnet.builtins.numbers import (COMPLEX_INFINITY, HALF, INDETERMINATE, INFINITY,
                                    MINUS_ONE, N_VALUES, NEG_INFINITY, ONE, ZERO,
                                    ExactComplex, bignum_of, from_py, inexact_value,
                                    is_exact, is_inexact_value, is_infinity, is_number,
                                    is_numeric, is_real_number, machine_value, normalize,
                                    real_value, to_py)
from wlnet.core.bigreal import (MACHINE_PRECISION, BigFloat, big_atan2, big_constant,
                                big_from_exact, big_from_float, big_function, mp_function)
from wlnet.core.bigint import power_affordable, quadratic_affordable
from wlnet.core import attributes as A
from wlnet.core.registry import builtin, declare
from wlnet.core.expr import FALSE, TRUE, Complex, Expr, Integer, Rational, Real, S, Symbol

PLUS, TIMES, POWER, LIST = S.Plus, S.Times, S.Power, S.List

_NUMERIC_LISTABLE = ("Listable", "NumericFunction", "Protected")

# Results with more bits than this are refused (General::ovfl) rather than computed.
_MAX_RESULT_BITS = 1 << 26


def machine_function(ufunc):
    """A machine-real function computed by the numpy ufunc that the packed-array form of
    the same builtin applies to a whole array (wlnet.builtins.vectorised): libm and numpy
    can differ in the last bit, and packing must not change a result."""
    return lambda v: float(ufunc(v))


def machine_pow(b: float, e: float) -> float:
    """``b^e`` for machine reals, as numpy computes it for a packed array (see
    machine_function); inf when it overflows."""
    return float(np.power(b, e))


def _held(e):
    """Wrap an expression for a message slot so that it prints as written."""
    return Expr(S.HoldForm, e)


def _held_reciprocal(b, e):
    """``b^e`` with a negative number ``e`` for Power::infy, written as the Wolfram
    Language shows it: ``1/0``, ``1/0^2``, ``1/0.^1.5``."""
    if type(e) is Integer:
        positive = Integer(-e.value)
    elif type(e) is Real:
        positive = Real(-e.value)
    else:
        return _held(Expr(POWER, b, e))
    denominator = b if positive == ONE else Expr(POWER, b, positive)
    return _held(Expr(TIMES, ONE, Expr(POWER, denominator, Integer(-1))))


_MIN_NORMAL = sys.float_info.min


def _below_normal(v: float) -> bool:
    """A machine result that is zero or subnormal: what a machine underflow leaves."""
    return -_MIN_NORMAL < v < _MIN_NORMAL


def _machine_underflow(ev, computation) -> None:
    """General::munfl, as WL since version 12: a machine computation whose result fell
    below the normal range keeps its machine value (0., or a subnormal with digits lost)
    and says so; an arbitrary-precision input would have kept the digits."""
    ev.message(S.General, "munfl", _held(computation))


def _exact_outside_machine_range(v) -> bool:
    """An exact number that no normal machine real can hold (10^-400, 10^400)."""
    if type(v) not in (int, Fraction) or v == 0:
        return False
    try:
        return abs(float(v)) < _MIN_NORMAL
    except OverflowError:
        return True


# ============================================================================ Plus

def _split_coefficient(term):
    """``2 x y`` → (2, ``x y``); ``x`` → (1, ``x``).  The coefficient is a Python number."""
    if type(term) is Expr and term.head is TIMES:
        args = term.args
        if len(args) >= 2 and is_number(args[0]):
            rest = args[1] if len(args) == 2 else Expr.from_args(TIMES, args[1:])
            return to_py(args[0]), rest
    return 1, term


def _with_coefficient(coefficient, rest):
    """The term ``coefficient * rest`` (coefficient a Python number, not 0)."""
    if type(coefficient) is int and coefficient == 1:
        return rest
    c = from_py(coefficient)
    if type(rest) is Expr and rest.head is TIMES:
        return Expr(TIMES, c, *rest.args)
    return Expr(TIMES, c, rest)


def _combine_infinities(ev, infinities, expr_for_message):
    """The sum of several DirectedInfinity terms, or Indeterminate (with a message)."""
    first = infinities[0]
    for other in infinities[1:]:
        if other != first or first == COMPLEX_INFINITY:
            ev.message(S.Infinity, "indet", _held(expr_for_message()))
            return INDETERMINATE
    return first


@builtin(attributes=("Flat", "Listable", "NumericFunction", "OneIdentity", "Orderless",
                     "Protected"),
         usage="Plus[x, y, …] or x + y + … is the sum of the terms.",
         examples=(("1 + 2", "3"), ("1/2 + 1/3", "5/6"), ("x + x", "2 x"), ("1 + 2.", "3.")))
def Plus(ev, *args):
    if len(args) <= 1:
        return args[0] if args else ZERO
    total, inexact, fraction = 0, False, False
    try:
        for a in args:                   # fast path: machine reals and integers only
            t = type(a)                  # (the atoms' slots are read directly: hot loop)
            if t is Integer:
                total += a._value
            elif t is Real:
                total += a._value
                inexact = True
            elif t is Rational and (q := _machine_fraction(a)) is not None:
                total += q               # used only beside a machine real (1. + 1/3)
                fraction = True
            else:
                return _plus_general(ev, args)
    except OverflowError:                # an integer past a double's range beside a real
        return _beyond_machine_range(ev, _plus_general, args)
    if fraction and not _machine_reals_beside(args, inexact):   # 1/3 + 2/3, N[Pi, 20] + 1/3
        return _plus_general(ev, args)
    if inexact:                          # (a bignum among them: the general path)
        if type(total) is float and math.isfinite(total):
            if total != 0 and -_MIN_NORMAL < total < _MIN_NORMAL:
                _machine_underflow(ev, Expr.from_args(PLUS, args))
            return Real(total)
        if type(total) is float:
            return _beyond_machine_range(ev, _plus_general, args)
        return _plus_general(ev, args)
    return Integer(total)


def _machine_fraction(r):
    """A rational's machine value (correctly rounded, as WL takes it beside a machine
    real), or None when that leaves the normal range (the general path decides then)."""
    try:
        q = r._num / r._den
    except OverflowError:
        return None
    return q if _MIN_NORMAL <= abs(q) < math.inf else None


def _machine_reals_beside(args, inexact: bool) -> bool:
    """Whether the rationals among ``args`` stand beside machine reals only (then they
    take their machine value); exact or arbitrary-precision company keeps them exact."""
    return inexact and all(type(a) is not Real or a._precision is None for a in args)


def _beyond_machine_range(ev, general, args):
    """Machine arithmetic whose result lies beyond a double's range (2^2000 + 1.,
    1.*^300 1.*^300): as in WL, an arbitrary-precision number of machine precision
    (1.14813*10^602), not an overflow: the machine reals taken as such numbers, the
    result kept to machine precision."""
    if any(type(a) is Real and a.precision is None and not math.isfinite(a._value)
           for a in args):
        return general(ev, args)        # an infinite "real" made outside the language
    bigs = tuple(Real(big_from_float(a._value, MACHINE_PRECISION), MACHINE_PRECISION)
                 if type(a) is Real and a.precision is None else a for a in args)
    return _at_machine_precision(general(ev, bigs))


def _at_machine_precision(result):
    """A bignum result held to machine precision at most (exact integers beside machine
    reals do not make it more precise); a machine real again when it is within range
    (2^2000 + 1. - 2^2000)."""
    if type(result) is not Real or result.precision is None:
        return result
    value = float(result.value)
    if math.isfinite(value) and (abs(value) >= _MIN_NORMAL or result.value.is_zero):
        return Real(value)
    if result.precision > MACHINE_PRECISION:
        return Real(BigFloat.with_precision(result.value.v, MACHINE_PRECISION),
                    MACHINE_PRECISION)
    return result


def _plus_general(ev, args):
    number, saw_number = 0, False
    terms: dict = {}                     # rest → coefficient (insertion keeps input order)
    infinities = []
    for a in args:
        v = to_py(a)
        if v is not None:
            number = number + v
            saw_number = True
        elif a is INDETERMINATE:
            return INDETERMINATE
        elif is_infinity(a):
            infinities.append(a)
        else:
            c, rest = _split_coefficient(a)
            terms[rest] = terms.get(rest, 0) + c
    if infinities:
        inf = _combine_infinities(ev, infinities, lambda: Expr.from_args(PLUS, args))
        if inf is INDETERMINATE or not terms:
            return inf
        result = [inf] + [_with_coefficient(c, r) for r, c in terms.items() if c != 0]
        return _unless_same(result, args, PLUS)

    if is_inexact_value(number):         # machine contagion: 1. + Pi is a number
        for rest in [r for r in terms if is_numeric(r)]:
            v = inexact_value(ev, rest, number)
            if v is not None:
                number = number + terms.pop(rest) * v
    out = []
    for rest, c in terms.items():
        if c == 0:
            if is_inexact_value(c):      # x - 1. x is 0., not 0
                number = number + c
                saw_number = True
            continue
        out.append(_with_coefficient(c, rest))
    if not out:
        return from_py(number)
    if saw_number and (number != 0 or is_inexact_value(number)):
        out.insert(0, from_py(number))           # an exact 0 goes, 0. stays: 0. + x
    if len(out) == 1:
        return out[0]
    return _unless_same(out, args, PLUS)


def _unless_same(new_args, old_args, head):
    """``head[new_args]``, or None when the arguments did not change.  The heads using this
    are Orderless: a mere permutation of the old arguments counts as unchanged (returning
    it would make the evaluator sort it back and call again forever), and a changed result
    is left for the evaluator to sort."""
    if len(new_args) == len(old_args) and (
            all(x is y or x == y for x, y in zip(new_args, old_args))
            or Counter(new_args) == Counter(old_args)):
        return None
    return Expr.from_args(head, new_args)


# ============================================================================ Times

def _split_power(factor):
    """``x^n`` → (x, n); ``x`` → (x, 1)."""
    if type(factor) is Expr and factor.head is POWER and len(factor.args) == 2:
        return factor.args
    return factor, ONE


def _sum_exponents(ev, exponents):
    values = [to_py(e) for e in exponents]
    if all(v is not None for v in values):
        total = 0
        for v in values:
            total = total + v
        return from_py(normalize(total))
    return ev.evaluate(Expr.from_args(PLUS, exponents))


@builtin(attributes=("Flat", "Listable", "NumericFunction", "OneIdentity", "Orderless",
                     "Protected"),
         usage="Times[x, y, …] or x y … or x*y*… is the product of the factors.",
         examples=(("2 3", "6"), ("x x", "x^2"), ("2/4", "1/2"), ("0 x", "0")))
def Times(ev, *args):
    if len(args) <= 1:
        return args[0] if args else ONE
    product, inexact, fraction = 1, False, False
    try:
        for a in args:                   # fast path: machine reals and integers only
            t = type(a)
            if t is Integer:
                product *= a._value
            elif t is Real:
                product *= a._value
                inexact = True
            elif t is Rational and (q := _machine_fraction(a)) is not None:
                product *= q             # used only beside a machine real (1. / k)
                fraction = True
            else:
                return _times_general(ev, args)
    except OverflowError:                # an integer past a double's range beside a real
        return _beyond_machine_range(ev, _times_general, args)
    if fraction and not _machine_reals_beside(args, inexact):   # (1/3) 3, N[Pi, 20]/3
        return _times_general(ev, args)
    if inexact:
        if type(product) is float and math.isfinite(product):
            if -_MIN_NORMAL < product < _MIN_NORMAL and \
                    all(type(a) is Rational or a._value != 0 for a in args):
                return _times_underflowed(ev, args, product)
            return Real(product)
        if type(product) is float and product != 0:
            return _beyond_machine_range(ev, _times_general, args)
        return _times_general(ev, args)
    return Integer(product)


def _times_underflowed(ev, args, product: float):
    """A machine product below the normal range of nonzero factors: a bignum of machine
    precision when an exact factor lies outside the machine range (1. 10^-400, as the
    overflow side does), else the machine value with General::munfl."""
    if any(_exact_outside_machine_range(to_py(a)) for a in args):
        return _beyond_machine_range(ev, _times_general, args)
    _machine_underflow(ev, Expr.from_args(TIMES, args))
    return Real(product)


def _times_general(ev, args):
    coefficient = 1
    powers: dict = {}                    # base → [exponents]
    originals: dict = {}                 # base → the factor as written (when alone)
    infinities = []
    for a in args:
        v = to_py(a)
        if v is not None:
            coefficient = coefficient * v
        elif a is INDETERMINATE:
            return INDETERMINATE
        elif is_infinity(a):
            infinities.append(a)
        else:
            base, exp = _split_power(a)
            powers.setdefault(base, []).append(exp)
            originals[base] = a
    if type(coefficient) is float and _below_normal(coefficient) and \
            all(v != 0 for v in map(to_py, args) if v is not None):
        if any(_exact_outside_machine_range(to_py(a)) for a in args):
            return _beyond_machine_range(ev, _times_general, args)
        _machine_underflow(ev, Expr.from_args(TIMES, args))

    factors = []
    for base, exps in powers.items():
        if len(exps) == 1:
            factor = originals[base]
        else:
            exp = _sum_exponents(ev, exps)
            factor = _power_value(ev, base, exp)
        for f in _factors_of(factor):
            v = to_py(f)
            if v is not None:
                coefficient = coefficient * v
            elif f is INDETERMINATE:
                return INDETERMINATE
            elif is_infinity(f):
                infinities.append(f)
            else:
                factors.append(f)

    if infinities:
        return _times_with_infinities(ev, args, coefficient, infinities, factors)
    if (type(coefficient) is int and coefficient == -1 and len(factors) == 1
            and type(factors[0]) is Expr and factors[0].head is PLUS):
        # -(a + b) → -a - b (a larger coefficient, 2 (a + b), stays outside)
        return ev.evaluate(Expr.from_args(PLUS, (Expr(TIMES, MINUS_ONE, t)
                                                 for t in factors[0].args)))
    if coefficient == 0:
        return from_py(coefficient)      # 0 x → 0, 0. x → 0.
    if is_inexact_value(coefficient):    # machine contagion: 2. Sqrt[2] is a number
        symbolic = []
        for f in factors:
            v = inexact_value(ev, f, coefficient) if is_numeric(f) else None
            if v is None:
                symbolic.append(f)
            else:
                coefficient = coefficient * v
        factors = symbolic
    elif type(coefficient) in (int, Fraction):
        factors, merged_coefficient = _merge_surds(ev, factors)
        coefficient = _normalize_surds(factors, Fraction(coefficient) * merged_coefficient)
    if not factors:
        return from_py(coefficient)
    if len(factors) > 1:
        quotients = _trig_quotients(ev, factors)
        if quotients is not None:
            return ev.evaluate(Expr(TIMES, from_py(coefficient), quotients))
    if not (type(coefficient) is int and coefficient == 1):
        factors.insert(0, from_py(coefficient))
    if len(factors) == 1:
        return factors[0]
    return _unless_same(factors, args, TIMES)


def _power_value(ev, base, exp):
    """``base^exp`` simplified (never None)."""
    result = _power(ev, base, exp)
    return Expr(POWER, base, exp) if result is None else result


def _factors_of(e):
    return e.args if type(e) is Expr and e.head is TIMES else (e,)


def _times_with_infinities(ev, args, coefficient, infinities, factors):
    if coefficient == 0:
        ev.message(S.Infinity, "indet", _held(Expr.from_args(TIMES, args)))
        return INDETERMINATE
    if COMPLEX_INFINITY in infinities:   # no direction to keep: ComplexInfinity x → itself
        return COMPLEX_INFINITY
    if any(to_py(inf.args[0]) is None for inf in infinities):
        return None                      # a symbolic direction: leave the product alone
    symbolic = []
    for f in factors:                    # Pi Infinity → Infinity; x Infinity stays
        v = machine_value(ev, f) if is_numeric(f) else None
        if v is None or v == 0:
            symbolic.append(f)
        else:
            coefficient = coefficient * (v / abs(v))
    factors = symbolic
    direction = coefficient
    for inf in infinities:
        direction = direction * to_py(inf.args[0])
    inf = ev.evaluate(Expr(S.DirectedInfinity, from_py(normalize(direction))))
    if not factors:
        return inf
    return _unless_same([inf] + factors, args, TIMES)


def _surd_parts(f):
    """(base, exponent) as Fractions of a positive rational to a rational power, else
    None."""
    if type(f) is Expr and f.head is POWER and len(f.args) == 2 and type(f.args[1]) is Rational:
        base = f.args[0]
        if type(base) in (Integer, Rational) and to_py(base) > 0:
            return Fraction(to_py(base)), to_py(f.args[1])
    return None


def _share_a_prime(a: Fraction, b: Fraction) -> bool:
    return math.gcd(a.numerator * a.denominator, b.numerator * b.denominator) > 1


def _merge_surds(ev, factors):
    """Roots of rationals merged as the Wolfram Language merges them: two with the same
    exponent when their bases share a prime (Sqrt[14] Sqrt[26] → 2 Sqrt[91], but
    Sqrt[2] Sqrt[3] stays), two with opposite exponents always (Sqrt[6]/Sqrt[3] → Sqrt[2],
    Sqrt[2]/Sqrt[3] → Sqrt[2/3]).  Gives the new factors and a rational coefficient."""
    merged: list = []                            # [base, exponent] in order of meeting
    others = []
    for f in factors:
        parts = _surd_parts(f)
        if parts is None:
            others.append(f)
            continue
        base, e = parts
        for m in merged:
            if m[1] == e and _share_a_prime(m[0], base):
                m[0] *= base
                break
            if m[1] == -e:
                m[0] /= base
                break
        else:
            merged.append([base, e])
    if len(merged) + len(others) == len(factors):
        return factors, 1
    coefficient = Fraction(1)
    for base, e in merged:
        if base == 1:
            continue
        for f in _factors_of(_power_value(ev, from_py(normalize(base)), from_py(normalize(e)))):
            v = to_py(f)
            if type(v) in (int, Fraction):
                coefficient *= v
            else:
                others.append(f)
    return others, coefficient


def _normalize_surds(factors, coefficient: Fraction):
    """Move integer bases between the rational coefficient and their surd powers the way
    the Wolfram Language prints them: ``Sqrt[2]/2`` → ``1/Sqrt[2]``, ``2/Sqrt[2]`` →
    ``Sqrt[2]``.  Mutates ``factors``; returns the new coefficient (int or Fraction)."""
    for i, f in enumerate(factors):
        if not (type(f) is Expr and f.head is POWER and type(f.args[0]) is Integer
                and type(f.args[1]) is Rational):
            continue
        b, e = f.args[0].value, to_py(f.args[1])
        if b < 2:
            continue
        if e > 0 and coefficient.denominator % b == 0:
            coefficient, e = coefficient * b, e - 1
        elif e < 0 and coefficient.numerator % b == 0:
            coefficient, e = coefficient / b, e + 1
        elif abs(e) == Fraction(1, 2):
            # a factor shared with the coefficient goes under the root:
            # Sqrt[6]/2 → Sqrt[3/2], 2/Sqrt[6] → Sqrt[2/3]
            g = math.gcd(coefficient.denominator if e > 0 else coefficient.numerator, b)
            if g == 1:
                continue
            coefficient = coefficient * g if e > 0 else coefficient / g
            base = Fraction(b // g, g) if e > 0 else Fraction(g, b // g)
            factors[i] = Expr(POWER, from_py(normalize(base)), from_py(Fraction(1, 2)))
            continue
        else:
            continue
        factors[i] = Expr(POWER, Integer(b), from_py(e))
    return normalize(coefficient)


# ============================================================================ Power

@builtin(attributes=("Listable", "NumericFunction", "OneIdentity", "Protected"), argc=(0, None),
         usage="Power[x, y] or x^y gives x to the power y.",
         examples=(("2^10", "1024"), ("2^-1", "1/2"), ("4^(1/2)", "2"), ("Sqrt[8]", "2 Sqrt[2]"),
                   ("(x^2)^3", "x^6")),
         messages={"infy": "Infinite expression `1` encountered.",
                   "indet": "Indeterminate expression `1` encountered."})
def Power(ev, *args):
    if len(args) <= 1:
        return args[0] if args else ONE
    if len(args) > 2:                    # right-associative: a^b^c = a^(b^c)
        return Expr(POWER, args[0], Expr.from_args(POWER, args[1:]))
    return _power(ev, *args)


def _power(ev, b, e):
    tb, te = type(b), type(e)
    if te is Integer:
        n = e.value
        if n == 1:
            return b
        if tb is Integer:                # fast path: integer powers of integers
            return _integer_power(ev, b, n)
        if n == 0:
            if is_number(b) and to_py(b) == 0 or is_infinity(b):
                ev.message(S.Power, "indet", _held(Expr(POWER, b, e)))
                return INDETERMINATE
            return ONE
    elif te is Real and e.value == 0 and not is_infinity(b):
        if is_number(b) and to_py(b) == 0:
            ev.message(S.Power, "indet", _held(Expr(POWER, b, e)))
            return INDETERMINATE
        return Real(1.0)
    if b == ONE:
        return ONE
    if b is INDETERMINATE or e is INDETERMINATE:
        return INDETERMINATE
    if is_number(b) and is_number(e):
        return _power_numbers(ev, b, e)
    if is_infinity(b):
        return _power_of_infinity(ev, b, e)
    if tb is Expr and b.head is POWER:
        x, a = b.args
        # (x^a)^n → x^(a n) for an integer n, or for any power of a positive real x
        # raised to a real a (Sqrt[E^2] → E, Sqrt[2]^x → 2^(x/2))
        if te is Integer or (is_real_number(a) and _is_positive_real(ev, x)):
            return ev.evaluate(Expr(POWER, x, Expr(TIMES, a, e)))
    if tb is Expr and b.head is TIMES:
        if te is Integer:                            # (x y)^n → x^n y^n
            return ev.evaluate(Expr.from_args(TIMES, (Expr(POWER, f, e) for f in b.args)))
        if is_real_number(e):
            return _power_of_product(ev, b, e)
    if (is_number(b) and not is_exact(b) or is_number(e) and not is_exact(e)) \
            and is_numeric(b) and is_numeric(e):     # machine contagion: 2.^Pi
        like = to_py(b) if is_number(b) and not is_exact(b) else to_py(e)
        # an exact number no machine real holds (10^-400) stays exact: the power is then
        # taken with bignums
        vb, ve = (to_py(x) if _exact_outside_machine_range(to_py(x)) else
                  inexact_value(ev, x, like) for x in (b, e))
        if vb is not None and ve is not None:
            return _power_numbers(ev, from_py(vb), from_py(ve), Expr(POWER, b, e))
    if b is S.E and type(e) is Expr and e.head is S.Log and len(e.args) == 1:
        return e.args[0]                             # E^Log[x] → x
    if b is S.E:
        return _exp_of_half_turns(e)
    if te is Integer and e.value < 0:
        return _reciprocal_trig_power(ev, b, -e.value)
    return None


# 1/Sin[x] is Csc[x], 1/Csc[x] is Sin[x], … as WL evaluates them (circular and hyperbolic)
_RECIPROCAL_TRIG = {}
for _f, _g in (("Sin", "Csc"), ("Cos", "Sec"), ("Tan", "Cot"),
               ("Sinh", "Csch"), ("Cosh", "Sech"), ("Tanh", "Coth")):
    _RECIPROCAL_TRIG[Symbol(_f)] = Symbol(_g)
    _RECIPROCAL_TRIG[Symbol(_g)] = Symbol(_f)


def _reciprocal_trig_power(ev, b, n):
    """``f[u]^-n`` → ``g[u]^n`` for g the reciprocal of the trigonometric function f."""
    if not (type(b) is Expr and len(b.args) == 1 and b.head in _RECIPROCAL_TRIG):
        return None
    reciprocal = Expr(_RECIPROCAL_TRIG[b.head], b.args[0])
    return ev.evaluate(reciprocal if n == 1 else Expr(POWER, reciprocal, Integer(n)))


# Sin[u] Sec[u] is Tan[u], Cos[u] Csc[u] is Cot[u] (so Sin[x]/Cos[x] is Tan[x]); with
# powers, the common power goes: Sin[x]^2 Sec[x] is Sin[x] Tan[x], as WL gives
_TRIG_QUOTIENTS = {Symbol(a): (Symbol(b), Symbol(c)) for a, b, c in (
    ("Sin", "Sec", "Tan"), ("Cos", "Csc", "Cot"),
    ("Sinh", "Sech", "Tanh"), ("Cosh", "Csch", "Coth"))}


def _positive_integer_power(factor):
    """``f[u]^n`` (n a positive integer, or 1 for ``f[u]``) → (f[u], n); else None."""
    base, exp = _split_power(factor)
    if type(exp) is Integer and exp.value > 0 and type(base) is Expr and len(base.args) == 1:
        return base, exp.value
    return None


def _trig_quotients(ev, factors):
    """The factors with each pair Sin[u]^a Sec[u]^b (and the like) made Tan[u]^min(a, b)
    times what is left; None when no pair is there."""
    powers = {}
    for f in factors:
        bp = _positive_integer_power(f)
        if bp is not None:
            powers[bp[0]] = bp[1]
    pairs = []
    for base, n in powers.items():
        partner_and_quotient = _TRIG_QUOTIENTS.get(base.head)
        if partner_and_quotient is not None:
            partner = Expr(partner_and_quotient[0], base.args[0])
            if partner in powers:
                pairs.append((base, partner, Expr(partner_and_quotient[1], base.args[0])))
    if not pairs:
        return None
    for base, partner, quotient in pairs:
        k = min(powers[base], powers[partner])
        powers[base] -= k
        powers[partner] -= k
        powers[quotient] = powers.get(quotient, 0) + k
    rest = [f for f in factors if _positive_integer_power(f) is None]
    rest += [b if n == 1 else Expr(POWER, b, Integer(n)) for b, n in powers.items() if n]
    return ev.evaluate(Expr.from_args(TIMES, rest))


_QUARTER_TURNS = (Integer(1), Complex(Integer(0), Integer(1)), Integer(-1),
                  Complex(Integer(0), Integer(-1)))


def _exp_of_half_turns(e):
    """E^(k I Pi) for k a multiple of 1/2: 1, I, -1 or -I, as WL gives (E^(I Pi) is -1);
    other multiples stay as they are."""
    if not (type(e) is Expr and e.head is TIMES and len(e.args) == 2 and e.args[1] is S.Pi):
        return None
    c = e.args[0]
    if type(c) is not Complex or not (type(c.re) is Integer and c.re.value == 0):
        return None
    k = c.im
    twice = 2 * k.value if type(k) is Integer else (
        k.numerator if type(k) is Rational and k.denominator == 2 else None)
    return None if twice is None else _QUARTER_TURNS[twice % 4]


def _is_positive_real(ev, x) -> bool:
    """x is a number or numeric quantity known to be real and positive (2, 1/2, Pi, E^2)."""
    if is_number(x):
        return is_real_number(x) and to_py(x) > 0
    if not is_numeric(x):
        return False
    v = real_value(ev, x)
    return v is not None and v > 0


def _numeric_radical(ev, b, e):
    """``(c K)^e`` of a positive rational c and positive numeric constants K (Pi, E…), as
    WL keeps it: one radical (``Sqrt[2 Pi]``, ``Sqrt[Pi/2]``), with the perfect powers of
    c taken out (``Sqrt[8 Pi]`` is ``2 Sqrt[2 Pi]``); None when it is already so."""
    numbers = [f for f in b.args if is_number(f)]
    constants = [f for f in b.args if not is_number(f)]
    if not numbers or not constants:
        return None
    c = ev.evaluate(Expr.from_args(TIMES, numbers))
    root = ev.evaluate(Expr(POWER, c, e))             # Sqrt[8] is 2 Sqrt[2]
    if is_number(root):                               # c was a perfect power
        return ev.evaluate(Expr(TIMES, root, Expr(POWER, Expr.from_args(TIMES, constants), e)))
    coefficient, rest = ONE, root
    if type(root) is Expr and root.head is TIMES and is_number(root.args[0]):
        coefficient = root.args[0]
        rest = root.args[1] if len(root.args) == 2 else Expr.from_args(TIMES, root.args[1:])
    if coefficient == ONE:
        return None                                    # nothing comes out
    if not (type(rest) is Expr and rest.head is POWER and rest.args[1] == e):
        return None
    inner = Expr.from_args(TIMES, [rest.args[0], *constants])
    return Expr(TIMES, coefficient, Expr(POWER, ev.evaluate(inner), e))


def _power_of_product(ev, b, e):
    """``(c x)^e`` for a non-integer real e: positive factors come out (``Sqrt[4 x]`` →
    ``2 Sqrt[x]``); a negative number splits into -1 and its magnitude, and the -1 comes
    out only when everything else came out too (``Sqrt[-4 x]`` → ``2 Sqrt[-x]``,
    ``Sqrt[-1/E]`` → ``I/Sqrt[E]``), as the principal branch allows.  Positive numbers
    and numeric constants stay under one radical together, as in WL (``Sqrt[2 Pi]``,
    ``Sqrt[2 Pi x]`` is ``Sqrt[2 Pi] Sqrt[x]``)."""
    if all(is_number(f) or is_numeric(f) for f in b.args) and \
            any(not is_number(f) for f in b.args):
        negative = [f for f in b.args if is_real_number(f) and to_py(f) < 0]
        if len(negative) == 1 and all(_is_positive_real(ev, f) for f in b.args
                                      if f is not negative[0]):
            magnitude = [from_py(-to_py(f)) if f is negative[0] else f for f in b.args]
            return ev.evaluate(Expr(TIMES, Expr(POWER, MINUS_ONE, e),    # Sqrt[-2 Pi]
                                    Expr(POWER, Expr.from_args(TIMES, magnitude), e)))
        if all(_is_positive_real(ev, f) for f in b.args):
            return _numeric_radical(ev, b, e)
    numeric = [f for f in b.args if _is_positive_real(ev, f) and not is_number(f)]
    numbers = [f for f in b.args if is_number(f) and _is_positive_real(ev, f)]
    others = [f for f in b.args if f not in numeric and f not in numbers]
    if numeric and others:                    # (2 Pi x)^e: (2 Pi)^e x^e
        group = Expr.from_args(TIMES, numbers + numeric)
        rest = others[0] if len(others) == 1 else Expr.from_args(TIMES, others)
        return ev.evaluate(Expr(TIMES, Expr(POWER, ev.evaluate(group), e),
                                Expr(POWER, rest, e)))
    outside, inside = [], []
    for f in b.args:
        if _is_positive_real(ev, f):
            outside.append(f)
        elif is_real_number(f) and to_py(f) < 0:
            magnitude = from_py(-to_py(f))
            if magnitude != ONE:
                outside.append(magnitude)
            inside.append(MINUS_ONE)
        else:
            inside.append(f)
    if not outside:
        return None
    if inside == [MINUS_ONE]:
        outside.append(MINUS_ONE)
        inside = []
    factors = [Expr(POWER, f, e) for f in outside]
    if inside:
        rest = inside[0] if len(inside) == 1 else Expr.from_args(TIMES, inside)
        factors.append(Expr(POWER, rest, e))
    return ev.evaluate(Expr.from_args(TIMES, factors))


def _integer_power(ev, b, n):
    base = b.value
    if n > 0:
        if base.bit_length() * n > _MAX_RESULT_BITS or not power_affordable(base, n):
            ev.message(S.General, "ovfl")
            return Expr(S.Overflow)
        return Integer(base ** n)
    if base == 0:
        if n == 0:
            ev.message(S.Power, "indet", _held(Expr(POWER, b, Integer(n))))
            return INDETERMINATE
        ev.message(S.Power, "infy", _held_reciprocal(b, Integer(n)))
        return COMPLEX_INFINITY
    if n == 0:
        return ONE
    if base.bit_length() * -n > _MAX_RESULT_BITS or not power_affordable(base, -n):
        ev.message(S.General, "ovfl")
        return Expr(S.Overflow)
    return from_py(Fraction(1, base ** -n))


def _power_numbers(ev, b, e, written=None):
    """``b^e`` for two number atoms, or None when it stays symbolic (``2^(1/3)``);
    ``written`` is the power as given (E^-1000.), for a message."""
    vb, ve = to_py(b), to_py(e)
    if vb == 0:
        return _power_of_zero(ev, b, e, ve)
    if type(vb) is BigFloat or type(ve) is BigFloat:
        return _big_power(ev, b, e, vb, ve)
    if is_complex_bignum(vb) or is_complex_bignum(ve):
        return _complex_big_power(ev, vb, ve)
    te = type(ve)
    if te is int:
        if type(vb) is float:
            try:
                r = machine_pow(vb, float(ve))
            except OverflowError:            # 1.^(10^400): an exponent past a double
                if abs(vb) == 1:
                    return Real(1.0 if vb > 0 or ve % 2 == 0 else -1.0)
                r = math.inf
            if math.isinf(r):                # 10.^400: a bignum of machine precision, as WL
                return _at_machine_precision(
                    _big_power(ev, b, e, big_from_float(vb, MACHINE_PRECISION), ve))
            if _below_normal(r):             # 0.5^2000
                _machine_underflow(ev, Expr(POWER, b, e) if written is None else written)
            return from_py(r)
        if type(vb) is complex:
            try:
                return from_py(vb ** ve)
            except OverflowError:
                ev.message(S.General, "ovfl")
                return Expr(S.Overflow)
        if te is int and abs(ve) * _bit_size(vb) > _MAX_RESULT_BITS:
            ev.message(S.General, "ovfl")
            return Expr(S.Overflow)
        if ve < 0:
            return from_py(normalize(Fraction(1) / vb ** -ve) if type(vb) is not ExactComplex
                           else vb ** ve)
        return from_py(vb ** ve)
    if type(vb) is float and vb < 0 and type(ve) is Fraction and ve.denominator == 2 \
            and abs(ve.numerator) == 1:
        # Sqrt[-4.] is 0. + 2. I, as WL gives: a square root, not Exp[Log[b]/2], whose real
        # part would be 1.2*^-16
        root = math.sqrt(-vb)
        return from_py(complex(0.0, root if ve > 0 else -1.0 / root))
    if is_inexact_value(vb) or is_inexact_value(ve):
        try:
            if _exact_outside_machine_range(vb):
                raise OverflowError          # (10^-400)^0.5: no machine real holds the base
            r = _machine_power(complex(vb) if type(vb) is ExactComplex else vb,
                               complex(ve) if type(ve) is ExactComplex else ve)
            if type(r) is float and _below_normal(r) and not _exact_outside_machine_range(vb):
                _machine_underflow(ev, Expr(POWER, b, e) if written is None else written)    # E^-1000., 2^-1100.
            if type(r) is not float or not math.isinf(r):
                return from_py(r)
        except (ZeroDivisionError, ValueError):
            return None
        except OverflowError:
            pass
        if type(vb) in (int, float, Fraction) and vb > 0 and type(ve) in (int, float):
            # past a double's range (10.^400.5, 2^5000.): a bignum of machine precision
            return _at_machine_precision(_big_power(
                ev, b, e, big_from_float(vb, MACHINE_PRECISION) if type(vb) is float else
                big_from_exact(vb, MACHINE_PRECISION) if type(vb) is Fraction else vb,
                big_from_float(ve, MACHINE_PRECISION) if type(ve) is float else ve))
        return None
    if te is Fraction and type(vb) in (int, Fraction):
        return _rational_power(ev, vb, ve, b, e)
    if te is Fraction and type(vb) is ExactComplex and vb.re == 0 and abs(vb.im) == 1:
        # I^r = (-1)^(r/2), -I^r = (-1)^(-r/2): Sqrt[I] → (-1)^(1/4)
        return ev.evaluate(Expr(POWER, MINUS_ONE, from_py(ve / 2 * vb.im)))
    return None                                      # exact complex exponents and bases


def _big_power(ev, b, e, vb, ve):
    """``b^e`` where one side is a bignum: a bignum when both are real (a complex bignum
    for a negative base to a fractional power, and for a positive base to a complex
    bignum power), machine arithmetic when the other side is a machine number."""
    real = (int, Fraction, BigFloat)
    if is_complex_bignum(vb) or is_complex_bignum(ve):
        return _complex_big_power(ev, vb, ve)
    if type(vb) in real and type(ve) in real:
        try:
            if vb < 0 and type(ve) is not int:
                return from_py(_negative_base_power(vb, ve))
            return from_py(vb ** ve)
        except ZeroDivisionError:
            ev.message(S.Power, "infy", _held_reciprocal(b, e))
            return COMPLEX_INFINITY
        except OverflowError:
            ev.message(S.General, "ovfl")
            return Expr(S.Overflow)
    if type(vb) in real and vb > 0 and is_inexact_value(ve) and type(ve) is ExactComplex:
        return from_py(normalize(_complex_exponent_power(vb, ve)))
    machine = [complex(v) if type(v) is ExactComplex else
               (float(v) if type(v) is BigFloat else v) for v in (vb, ve)]
    if any(type(m) is float and math.isinf(m) for m in machine) and \
            all(type(v) in real or type(v) is float for v in (vb, ve)):
        # a bignum past a double's range beside a machine real: the machine real taken as
        # a bignum of machine precision (1.^(10.^400))
        big = [big_from_float(v, MACHINE_PRECISION) if type(v) is float else v
               for v in (vb, ve)]
        return _at_machine_precision(_big_power(ev, b, e, big[0], big[1]))
    return _power_numbers(ev, from_py(machine[0]), from_py(machine[1]))


def is_complex_bignum(v) -> bool:
    return type(v) is ExactComplex and bignum_of(v) is not None


def mp_value(name: str, v):
    """f(v) for a bignum or complex bignum value through mpmath (bigreal.mp_function),
    as a Python value; None where f has no such form (or no finite value)."""
    parts = (v.re, v.im) if type(v) is ExactComplex else (v, 0)
    result = mp_function(name, *parts)
    return None if result is None else normalize(ExactComplex(*result))


def _complex_big_power(ev, vb, ve):
    """``b^e`` with a complex bignum on either side: exact powers of the base for an
    integer exponent (significance arithmetic on the parts), else Exp[e Log[b]] through
    mpmath, each step tracking the precision; a machine number on the other side makes
    the result a machine number."""
    if type(ve) is float or type(ve) is complex or type(vb) is float or type(vb) is complex:
        return from_py(_machine_power(complex(vb), complex(ve)))
    if type(ve) is int and type(vb) is ExactComplex:
        if ve < 0:
            return from_py((vb ** -ve).reciprocal() if type(vb ** -ve) is ExactComplex
                           else 1 / (vb ** -ve))
        return from_py(vb ** ve)
    log = mp_value("Log", vb) if type(vb) is ExactComplex or type(vb) is BigFloat else \
        mp_value("Log", big_from_exact(vb, max(bignum_of(ve).prec, 1.0) + 10))
    if log is None:
        return None
    result = mp_value("Exp", log * ve)
    return None if result is None else from_py(result)


HALF_VALUE = Fraction(1, 2)


def _negative_base_power(vb, ve):
    """(-r)^e = r^e (cos(Pi e) + I sin(Pi e)) on the principal branch, a complex bignum
    (a square root is exactly imaginary: Sqrt[-2.`20] is 1.4142135623730950488 I)."""
    magnitude = (-vb) ** ve
    if ve == HALF_VALUE:
        return ExactComplex(0, magnitude)
    digits = max(magnitude.prec, 1.0) + 10
    angle = big_constant("Pi", digits) * ve
    return ExactComplex(magnitude * big_function("Cos", angle),
                        magnitude * big_function("Sin", angle))


def _complex_exponent_power(r, z):
    """r^(a + b I) = r^a (cos(b Log[r]) + I sin(b Log[r])) for a positive real r and a
    complex bignum exponent: a complex bignum (E^(I Pi/3) to 20 digits)."""
    digits = max(bignum_of(z).prec, 1.0) + 10
    base = r if type(r) is BigFloat else big_from_exact(r, digits)
    magnitude = base ** z.re if z.re != 0 else 1
    angle = z.im * big_function("Log", base)
    return ExactComplex(magnitude * big_function("Cos", angle),
                        magnitude * big_function("Sin", angle))


def _bit_size(v) -> int:
    if type(v) is int:
        return max(v.bit_length(), 1)
    if type(v) is Fraction:
        return max(v.numerator.bit_length(), v.denominator.bit_length(), 1)
    return max(_bit_size(v.re), _bit_size(v.im)) + 1


def _machine_power(vb, ve):
    if type(vb) is float and vb < 0 and type(ve) is not complex and ve != int(ve):
        return complex(vb) ** ve
    if type(vb) in (float, int) and type(ve) in (float, int, Fraction):
        return machine_pow(float(vb), float(ve))
    try:
        r = vb ** ve
    except OverflowError:
        return math.inf
    return r


_np_arctan = machine_function(np.arctan)
_np_log = machine_function(np.log)


def _power_of_zero(ev, b, e, ve):
    """``0^e``: 0 for a positive exponent, ComplexInfinity for a negative one."""
    re = ve.real if type(ve) is complex else (ve.re if type(ve) is ExactComplex else ve)
    if re > 0:
        return b if is_exact(b) or type(b) is Real else ZERO
    if re < 0:
        ev.message(S.Power, "infy", _held_reciprocal(b, e))
        return COMPLEX_INFINITY
    ev.message(S.Power, "indet", _held(Expr(POWER, b, e)))
    return INDETERMINATE


def _power_of_infinity(ev, b, e):
    ve = to_py(e)
    if ve is None or type(ve) in (complex, ExactComplex):
        return None
    if ve < 0:
        return ZERO
    if ve == 0:
        ev.message(S.Power, "indet", _held(Expr(POWER, b, e)))
        return INDETERMINATE
    if b == COMPLEX_INFINITY:
        return b
    if type(ve) is int:
        return ev.evaluate(Expr(S.DirectedInfinity, Expr(POWER, b.args[0], e)))
    return INFINITY if b == INFINITY else None


# ---------------------------------------------------------------------------- surds

def _iroot(n: int, k: int) -> int:
    """floor(n ** (1/k)) for n >= 0, exactly."""
    if n < 2:
        return n
    x = 1 << ((n.bit_length() + k - 1) // k)         # an upper bound
    while True:
        y = ((k - 1) * x + n // x ** (k - 1)) // k
        if y >= x:
            return x
        x = y


def _perfect_root(n: int, k: int) -> int | None:
    r = _iroot(n, k)
    return r if r ** k == n else None


def _split_qth_power(n: int, q: int) -> tuple[int, int]:
    """(m, rest) with n = m^q * rest, by trial division below 10^4; a cofactor beyond
    that is taken out whole when it is itself a perfect q-th power."""
    m, rest, left = 1, 1, n
    p = 2
    while p < 10_000 and p * p <= left:
        if left % p == 0:
            count = 0
            while left % p == 0:
                left //= p
                count += 1
            m *= p ** (count // q)
            rest *= p ** (count % q)
        p += 1 if p == 2 else 2
    if left > 1:
        root = _perfect_root(left, q)
        if root is not None:
            m *= root
        else:
            rest *= left
    return m, rest


def _positive_surd(n: int, e: Fraction):
    """``n^e`` for an integer n > 0 and a non-integer e, as (coefficient, base, exponent)
    meaning ``coefficient * base^exponent`` with |exponent| < 1."""
    k = int(e)                                   # toward zero: 2^(-3/2) = 1/2 * 2^(-1/2)
    f = e - k
    coefficient = Fraction(n) ** k
    if n == 1:
        return coefficient, 1, f
    r, q = abs(f.numerator), f.denominator
    m, rest = _split_qth_power(n ** r, q) if r * n.bit_length() < 4096 else (1, n ** r)
    if m == 1:
        return coefficient, n, f
    if r > 1:
        base = 1 if rest == 1 else _perfect_root(rest, r)
        if base is None:                         # no clean form; keep n^f
            return coefficient, n, f
    else:
        base = rest
    coefficient *= Fraction(m) if f > 0 else Fraction(1, m)
    return coefficient, base, f


def _surd_expr(coefficient, base, exp):
    parts = []
    if base != 1:
        parts.append(Expr(POWER, Integer(base), from_py(exp)))
    c = normalize(coefficient)
    if not parts:
        return from_py(c)
    if c != 1:
        parts.insert(0, from_py(c))
    return parts[0] if len(parts) == 1 else Expr.from_args(TIMES, parts)


def _rational_power(ev, vb, ve, b, e):
    """An exact real number to a non-integer rational power."""
    if vb < 0:
        if ve.denominator == 2:                  # (-n)^(p/2) = I^p n^(p/2)
            i_power = ExactComplex(0, 1) ** ve.numerator
            magnitude = _rational_power(ev, -vb, ve, None, None)
            if magnitude is None:
                magnitude = Expr(POWER, from_py(-vb), e)
            return ev.evaluate(Expr(TIMES, from_py(i_power), magnitude))
        if type(vb) is int:
            c, base, f = _positive_surd(-vb, ve)
            if c == 1 and base == -vb:
                return None
            return ev.evaluate(Expr(TIMES, from_py(normalize(c)),
                                    Expr(POWER, Integer(-base), from_py(f))))
        return None
    if type(vb) is Fraction and ve < 0:          # (2/3)^(-1/2) → (3/2)^(1/2)
        return ev.evaluate(Expr(POWER, from_py(normalize(1 / vb)), from_py(-ve)))
    num, den = (vb, 1) if type(vb) is int else (vb.numerator, vb.denominator)
    cn, bn, fn = _positive_surd(num, ve)
    if den == 1:
        if bn == num and cn == 1:
            return None                          # 2^(1/3) stays as it is
        return _surd_expr(cn, bn, fn)
    cd, bd, fd = _positive_surd(den, ve)
    if num != 1 and bn == num and cn == 1 and bd == den and cd == 1:
        return None                              # (2/3)^(1/2) stays
    parts = [from_py(normalize(cn / cd))]
    if bn != 1 and bd != 1 and fn == fd:         # Sqrt[28/3] is 2 Sqrt[7/3], as in WL
        parts.append(Expr(POWER, from_py(Fraction(bn, bd)), from_py(fn)))
        return ev.evaluate(Expr.from_args(TIMES, parts))
    if bn != 1:
        parts.append(Expr(POWER, Integer(bn), from_py(fn)))
    if bd != 1:
        parts.append(Expr(POWER, Integer(bd), from_py(-fd)))
    return ev.evaluate(Expr.from_args(TIMES, parts))


# ============================================================================ forms of Plus/Times/Power

@builtin(argc=2, attributes=_NUMERIC_LISTABLE,
         usage="Subtract[x, y] or x - y is x + (-1 * y).",
         examples=(("Subtract[5, 3]", "2"), ("Subtract[x, x]", "0")))
def Subtract(ev, x, y):
    return ev.evaluate(Expr(PLUS, x, Expr(TIMES, MINUS_ONE, y)))


@builtin(argc=2, attributes=_NUMERIC_LISTABLE,
         usage="Divide[x, y] or x / y is x * y^-1.",
         examples=(("Divide[6, 4]", "3/2"), ("Divide[x, x]", "1")))
def Divide(ev, x, y):
    return ev.evaluate(Expr(TIMES, x, Expr(POWER, y, MINUS_ONE)))


@builtin(argc=1, attributes=_NUMERIC_LISTABLE,
         usage="Minus[x] or -x is the arithmetic negation of x.",
         examples=(("Minus[3]", "-3"), ("Minus[-x]", "x")))
def Minus(ev, x):
    return ev.evaluate(Expr(TIMES, MINUS_ONE, x))


@builtin(argc=1, attributes=_NUMERIC_LISTABLE,
         usage="Sqrt[z] gives the square root of z.",
         examples=(("Sqrt[16]", "4"), ("Sqrt[8]", "2 Sqrt[2]"), ("Sqrt[-1]", "I"),
                   ("Sqrt[2.]", "1.41421")))
def Sqrt(ev, z):
    return ev.evaluate(Expr(POWER, z, HALF))


@builtin(argc=1, attributes=_NUMERIC_LISTABLE,
         usage="Exp[z] gives the exponential of z, E^z.",
         examples=(("Exp[0]", "1"), ("Exp[1.]", "2.71828")))
def Exp(ev, z):
    return ev.evaluate(Expr(POWER, S.E, z))


# ============================================================================ Log

@builtin(argc=(1, 2), attributes=_NUMERIC_LISTABLE,
         usage="Log[z] gives the natural logarithm of z; Log[b, z] the logarithm to base b.",
         examples=(("Log[E]", "1"), ("Log[1]", "0"), ("Log[2, 8]", "3"), ("Log[2.]", "0.693147")))
def Log(ev, *args):
    if len(args) == 2:
        return _log_base(ev, *args)
    (z,) = args
    v = to_py(z)
    if v is not None:
        return _log_number(ev, z, v)
    if z is S.E:
        return ONE
    if is_infinity(z):
        return INFINITY
    if type(z) is Expr and z.head is POWER and z.args[0] is S.E and is_real_number(z.args[1]):
        return z.args[1]                          # Log[E^k] → k for real k
    return None


def _log_number(ev, z, v):
    if v == 0:
        return NEG_INFINITY
    if type(v) is BigFloat:
        return _big_function("Log", v, cmath.log)   # Log[-x]: Log[x] + I Pi, complex
    if type(v) is float:
        return from_py(_np_log(v) if v > 0 else complex(_np_log(-v), math.pi))
    if type(v) is complex:
        return from_py(cmath.log(v))
    if is_complex_bignum(v):
        return _complex_big_function("Log", v, cmath.log)
    if type(v) is ExactComplex:
        if v.re == 0:                             # Log[b I] → Log[b] + I Pi/2 (sign of b)
            half_pi = Expr(TIMES, Complex(ZERO, HALF if v.im > 0 else Rational(-1, 2)), S.Pi)
            return ev.evaluate(Expr(PLUS, Expr(S.Log, from_py(abs(v.im))), half_pi))
        return None
    if v == 1:
        return ZERO
    if v < 0:                                     # Log[-n] → I Pi + Log[n]
        return ev.evaluate(Expr(PLUS, Expr(TIMES, Complex(ZERO, ONE), S.Pi),
                                Expr(S.Log, from_py(-v))))
    if type(v) is Fraction and v.numerator == 1:  # Log[1/n] → -Log[n]
        return Expr(TIMES, MINUS_ONE, Expr(S.Log, Integer(v.denominator)))
    return None


def _exact_log(b, z):
    """k with b^k == z for exact positive rationals b, z (k an integer), or None."""
    if b == 1 or z <= 0 or b <= 0:
        return None
    sign = 1
    if (z < 1) != (b < 1):
        z, sign = 1 / Fraction(z), -1
    k, p = 0, Fraction(1)
    while (p < z if b > 1 else p > z) and k < 4096:
        p *= b
        k += 1
    return sign * k if p == z else None


def _log_base(ev, b, z):
    vb, vz = to_py(b), to_py(z)
    if type(vb) in (int, Fraction) and type(vz) in (int, Fraction):
        k = _exact_log(vb, vz)
        if k is not None:
            return Integer(k)
    if b == z and b != ONE:
        return ONE
    return ev.evaluate(Expr(TIMES, Expr(S.Log, z), Expr(POWER, Expr(S.Log, b), MINUS_ONE)))


# ============================================================================ trigonometry

def _pi_multiple(x):
    """k (a Fraction) when x is k Pi with k rational, else None."""
    if x is S.Pi:
        return Fraction(1)
    if type(x) is Expr and x.head is TIMES and len(x.args) == 2 and x.args[1] is S.Pi:
        k = to_py(x.args[0])
        if type(k) in (int, Fraction):
            return Fraction(k)
    return None


# sin(k Pi) for k in [0, 1/2] with a closed form: k → expression
_SIN_TABLE = {
    Fraction(0): ZERO,
    Fraction(1, 6): HALF,
    Fraction(1, 4): Expr(POWER, Integer(2), Rational(-1, 2)),
    Fraction(1, 3): Expr(TIMES, HALF, Expr(POWER, Integer(3), HALF)),
    Fraction(1, 2): ONE,
}


def _sin_pi(k: Fraction):
    """sin(k Pi) exactly, or None when there is no simple closed form."""
    k = k % 2
    sign = 1
    if k >= 1:
        k, sign = k - 1, -1
    if k > Fraction(1, 2):
        k = 1 - k
    value = _SIN_TABLE.get(k)
    if value is None:
        return None
    if sign < 0 and value != ZERO:
        return Expr(TIMES, MINUS_ONE, value) if type(value) is not Integer \
            else Integer(-value.value)
    return value


def _negated(x):
    """-x when x is visibly negative (a negative number, ``-c y``, or a sum whose first
    term in canonical order is one: WL's Sin[-x + y] is -Sin[x - y]), else None."""
    if type(x) is Expr and x.head is PLUS and x.args and _negated(x.args[0]) is not None:
        return Expr.from_args(PLUS, [_negated(a) if _negated(a) is not None else
                                     Expr(TIMES, MINUS_ONE, a) for a in x.args])
    if is_real_number(x) and to_py(x) < 0:
        return from_py(-to_py(x))
    if type(x) is Expr and x.head is TIMES and x.args and is_real_number(x.args[0]) \
            and to_py(x.args[0]) < 0:
        c = -to_py(x.args[0])
        rest = x.args[1:]
        if c == 1:
            return rest[0] if len(rest) == 1 else Expr.from_args(TIMES, rest)
        return Expr(TIMES, from_py(c), *rest)
    return None


# f[I y] for the circular and hyperbolic functions: (factor, function of y), as WL
# evaluates Cos[I x] to Cosh[x] and Sinh[I x] to I Sin[x]
_OF_IMAGINARY = {
    "Sin": (Complex(Integer(0), Integer(1)), "Sinh"), "Cos": (Integer(1), "Cosh"),
    "Tan": (Complex(Integer(0), Integer(1)), "Tanh"), "Cot": (Complex(Integer(0), Integer(-1)), "Coth"),
    "Sec": (Integer(1), "Sech"), "Csc": (Complex(Integer(0), Integer(-1)), "Csch"),
    "Sinh": (Complex(Integer(0), Integer(1)), "Sin"), "Cosh": (Integer(1), "Cos"),
    "Tanh": (Complex(Integer(0), Integer(1)), "Tan"), "Coth": (Complex(Integer(0), Integer(-1)), "Cot"),
    "Sech": (Integer(1), "Sec"), "Csch": (Complex(Integer(0), Integer(-1)), "Csc"),
}


def _imaginary_part_of_exact_imaginary(c):
    """y of an exact purely imaginary number I y, else None."""
    if type(c) is Complex and c.re == ZERO and type(c.im) in (Integer, Rational):
        return c.im
    return None


def _over_i(x):
    """y when x is visibly I y with an exact coefficient (``I x``, ``-2 I x``, ``I``);
    else None."""
    y = _imaginary_part_of_exact_imaginary(x)
    if y is not None:
        return y
    if type(x) is Expr and x.head is TIMES and x.args:
        y = _imaginary_part_of_exact_imaginary(x.args[0])
        if y is not None:
            rest = x.args[1:]
            if y == ONE:
                return rest[0] if len(rest) == 1 else Expr.from_args(TIMES, rest)
            return Expr(TIMES, y, *rest)
    return None


def symbolic_argument_rule(ev, name: str, x, parity: int):
    """What f[x] is by the form of a symbolic argument: an imaginary one goes to the
    companion function (``Cosh[I x]`` is ``Cos[x]``), a visibly negative one has its sign
    pulled out by ``parity`` (+1 even, -1 odd, 0 neither); None when neither applies."""
    companion = _OF_IMAGINARY.get(name)
    if companion is not None:
        y = _over_i(x)
        if y is not None:
            factor, other = companion
            return ev.evaluate(Expr(TIMES, factor, Expr(Symbol(other), y)))
    if parity:
        neg = _negated(x)
        if neg is not None:
            inner = Expr(Symbol(name), neg)
            return inner if parity > 0 else ev.evaluate(Expr(TIMES, MINUS_ONE, inner))
    return None


def _elementary(name, real_fn, complex_fn, exact_fn, parity, usage, examples,
                infinity_fn=None):
    """Declare a one-argument elementary function: machine numbers go to ``real_fn`` (or
    ``complex_fn`` outside its real domain), exact arguments to ``exact_fn``, and
    ``parity`` (+1 even, -1 odd, 0 neither) pulls signs out of symbolic arguments."""

    def apply(ev, x):
        v = to_py(x)
        if type(v) is BigFloat:
            return _big_function(name, v, complex_fn)
        if is_complex_bignum(v):
            return _complex_big_function(name, v, complex_fn)
        if is_inexact_value(v):
            try:
                return from_py(real_fn(v) if type(v) is float else complex_fn(v))
            except (ValueError, OverflowError):
                return from_py(complex_fn(complex(v)))
        if x == COMPLEX_INFINITY or x is INDETERMINATE:
            return INDETERMINATE
        if is_infinity(x):
            return infinity_fn(x) if infinity_fn is not None else None
        result = exact_fn(ev, x)
        if result is not None:
            return result
        return symbolic_argument_rule(ev, name, x, parity)

    builtin(name, argc=1, attributes=_NUMERIC_LISTABLE, usage=usage, examples=examples)(apply)


def _big_function(name, v, complex_fn):
    """A function of a bignum: a bignum with the propagated precision, or (outside the
    real domain, or for a function with no bignum form) the machine complex value."""
    result = big_function(name, v)
    if result is not None:
        return from_py(result)
    return _complex_big_function(name, v, complex_fn)


def _complex_big_function(name, v, complex_fn):
    """A function of a complex bignum, or of a real one outside the real domain: a complex
    bignum through mpmath; the machine value where mpmath has no form for it."""
    result = mp_value(name, v)
    if result is not None:
        return from_py(result)
    return from_py(complex_fn(complex(v)))


def _exact_sin(ev, x):
    k = _pi_multiple(x)
    if k is not None:
        return ev.evaluate(_sin_pi(k)) if _sin_pi(k) is not None else None
    return ZERO if x == ZERO else None


def _exact_cos(ev, x):
    k = _pi_multiple(x)
    if k is not None:
        value = _sin_pi(k + Fraction(1, 2))
        return ev.evaluate(value) if value is not None else None
    return ONE if x == ZERO else None


def _exact_tan(ev, x):
    k = _pi_multiple(x)
    if k is not None:
        s, c = _sin_pi(k), _sin_pi(k + Fraction(1, 2))
        if s is None or c is None:
            return None
        if c == ZERO:
            return COMPLEX_INFINITY
        return ev.evaluate(Expr(TIMES, s, Expr(POWER, c, MINUS_ONE)))
    return ZERO if x == ZERO else None


def _exact_tanh(ev, x):
    return ZERO if x == ZERO else None


# ArcTan at the tangents of the special angles: value → multiple of Pi
_ARCTAN_TABLE = {
    ZERO: ZERO,
    ONE: Rational(1, 4),
    Expr(POWER, Integer(3), HALF): Rational(1, 3),
    Expr(POWER, Integer(3), Rational(-1, 2)): Rational(1, 6),
}


def _exact_arctan(ev, x):
    k = _ARCTAN_TABLE.get(x)
    if k is None:
        return None
    return ZERO if k == ZERO else Expr(TIMES, k, S.Pi)


_elementary("Sin", machine_function(np.sin), cmath.sin, _exact_sin, -1,
            "Sin[z] gives the sine of z (in radians).",
            (("Sin[Pi/2]", "1"), ("Sin[Pi/6]", "1/2"), ("Sin[0.5]", "0.479426")))
_elementary("Cos", machine_function(np.cos), cmath.cos, _exact_cos, 1,
            "Cos[z] gives the cosine of z (in radians).",
            (("Cos[0]", "1"), ("Cos[Pi]", "-1"), ("Cos[1.]", "0.540302")))
_elementary("Tan", machine_function(np.tan), cmath.tan, _exact_tan, -1,
            "Tan[z] gives the tangent of z (in radians).",
            (("Tan[Pi/4]", "1"), ("Tan[0.5]", "0.546302")))
_elementary("Tanh", machine_function(np.tanh), cmath.tanh, _exact_tanh, -1,
            "Tanh[z] gives the hyperbolic tangent of z.",
            (("Tanh[0]", "0"), ("Tanh[1.]", "0.761594"), ("Tanh[Infinity]", "1")),
            infinity_fn=lambda x: {INFINITY: ONE, NEG_INFINITY: MINUS_ONE}.get(x))


def _arctan1(ev, x):
    v = to_py(x)
    if type(v) is BigFloat:
        return _big_function("ArcTan", v, cmath.atan)
    if is_complex_bignum(v):
        return _complex_big_function("ArcTan", v, cmath.atan)
    if is_inexact_value(v):
        return from_py(_np_arctan(v) if type(v) is float else cmath.atan(v))
    if x == INFINITY:
        return Expr(TIMES, HALF, S.Pi)
    if x == NEG_INFINITY:
        return Expr(TIMES, Rational(-1, 2), S.Pi)
    result = _exact_arctan(ev, x)
    if result is not None:
        return result
    neg = _negated(x)
    if neg is not None:
        return ev.evaluate(Expr(TIMES, MINUS_ONE, Expr(S.ArcTan, neg)))
    return None


@builtin(argc=(1, 2), attributes=_NUMERIC_LISTABLE,
         usage="ArcTan[z] gives the arc tangent of z; ArcTan[x, y] gives the arc tangent of "
               "y/x, taking into account which quadrant the point (x, y) is in.",
         examples=(("ArcTan[1]", "Pi/4"), ("ArcTan[-1, 0]", "Pi"), ("ArcTan[1., 1.]", "0.785398")),
         messages={"indet": "Indeterminate expression `1` encountered."})
def ArcTan(ev, *args):
    if len(args) == 1:
        return _arctan1(ev, args[0])
    x, y = args
    if not (is_numeric(x) and is_numeric(y)):
        return None
    vx, vy = real_value(ev, x), real_value(ev, y)
    if vx is None or vy is None or math.isinf(vx) or math.isinf(vy):
        return None
    if type(vx) is BigFloat and type(vy) is not float or \
            type(vy) is BigFloat and type(vx) is not float:
        return from_py(big_atan2(vy, vx))
    if type(x) is Real or type(y) is Real:          # machine arguments: a machine angle
        return Real(math.atan2(float(vy), float(vx)))
    if vx == 0 and vy == 0:
        ev.message(S.ArcTan, "indet", _held(Expr(S.ArcTan, x, y)))
        return INDETERMINATE
    if vx == 0:
        return Expr(TIMES, HALF if vy > 0 else Rational(-1, 2), S.Pi)
    quotient = ev.evaluate(Expr(TIMES, y, Expr(POWER, x, MINUS_ONE)))
    base = Expr(S.ArcTan, quotient)
    if vx > 0:
        return ev.evaluate(base)
    return ev.evaluate(Expr(PLUS, base, S.Pi if vy >= 0 else Expr(TIMES, MINUS_ONE, S.Pi)))


@builtin(argc=1, attributes=_NUMERIC_LISTABLE,
         usage="LogisticSigmoid[z] gives the logistic sigmoid function 1/(1 + E^-z).",
         examples=(("LogisticSigmoid[0]", "1/2"), ("LogisticSigmoid[2.]", "0.880797")))
def LogisticSigmoid(ev, z):
    v = to_py(z)
    if type(v) is BigFloat:
        return _big_function("LogisticSigmoid", v, lambda c: 1 / (1 + cmath.exp(-c)))
    if type(v) is float:
        if v >= 0:
            return Real(1.0 / (1.0 + math.exp(-v)))
        ex = math.exp(v)                  # stable for large negative v
        return Real(ex / (1.0 + ex))
    if type(v) is complex:
        return from_py(1 / (1 + cmath.exp(-v)))
    if z == ZERO:
        return HALF
    if z == INFINITY:
        return ONE
    if z == NEG_INFINITY:
        return ZERO
    return None


@builtin(argc=1, attributes=_NUMERIC_LISTABLE,
         usage="Ramp[x] gives x if x >= 0 and 0 otherwise.",
         examples=(("Ramp[-2]", "0"), ("Ramp[2.5]", "2.5")))
def Ramp(ev, x):
    v = real_value(ev, x)
    if v is None:
        return None
    return x if v >= 0 else ZERO         # like Max[x, 0]: an exact 0 below zero


# ============================================================================ N

def n_value(ev, e):
    """The machine-precision numerical value of ``e`` (what N[e] gives)."""
    t = type(e)
    if t is Integer or t is Rational:
        if _exact_outside_machine_range(to_py(e)):   # 10^400, 10^-400: a bignum of
            return Real(big_from_exact(to_py(e), MACHINE_PRECISION), MACHINE_PRECISION)
        return Real(float(to_py(e)))                 # machine precision
    if t is Real:
        return e if e.precision is None else Real(e.value)
    if t is Complex:
        return from_py(complex(to_py(e)))
    if t is Symbol:
        v = N_VALUES.get(e)
        return Real(v) if v is not None else e
    if t is Expr:
        if e.head is S.DirectedInfinity:
            return e
        new_args = _n_args(ev, e, lambda a: n_value(ev, a))
        if all(x is y for x, y in zip(new_args, e.args)):
            return e
        return ev.evaluate(Expr.from_args(n_value(ev, e.head) if type(e.head) is Expr
                                          else e.head, new_args))
    return e


def _n_args(ev, e, numeric):
    """The arguments of ``e`` with ``numeric`` applied to those its head's NHoldAll,
    NHoldFirst, NHoldRest leave to N (PolyGamma[2, 1/3]: the order stays an integer)."""
    attrs = ev.definitions.attributes(e.head) if type(e.head) is Symbol else 0
    if attrs & A.N_HOLD_ALL:
        return list(e.args)
    first, rest = attrs & A.N_HOLD_FIRST, attrs & A.N_HOLD_REST
    return [a if (first if i == 0 else rest) else numeric(a) for i, a in enumerate(e.args)]


# N[expr, n]: the largest precision asked for (digits), and how many digits beyond n the
# evaluation may add when cancellation loses some ($MaxExtraPrecision)
MAX_PRECISION = 100000.0
MAX_EXTRA_PRECISION = 50.0
_GUARD_DIGITS = 10.0


def _max_extra_precision(ev) -> float:
    """$MaxExtraPrecision as the session has it (50 unless set; Infinity is taken as
    MAX_PRECISION)."""
    value = ev.evaluate(S["$MaxExtraPrecision"])
    if value == INFINITY:
        return MAX_PRECISION
    v = to_py(value)
    if type(v) in (int, Fraction, float, BigFloat) and v >= 0:
        return min(float(v), MAX_PRECISION)
    return MAX_EXTRA_PRECISION


def _requested_digits(ev, spec):
    """The precision N[expr, spec] asks for: None for MachinePrecision, False after
    N::precbd."""
    if spec is S.MachinePrecision:
        return None
    v = to_py(spec)
    if type(v) in (int, Fraction, float, BigFloat) and 0 < v <= MAX_PRECISION:
        return float(v)
    ev.message(S.N, "precbd", spec)
    return False


def n_precise(ev, e, digits: float):
    """``e`` with its exact numbers and numeric constants made bignums of ``digits``
    digits, evaluated (the working step of N[e, n]).  Machine reals stay machine reals
    and bignums keep their own precision: N never adds digits a number does not have."""
    t = type(e)
    if t is Integer or t is Rational:
        return from_py(big_from_exact(to_py(e), digits))
    if t is Complex:                            # an exact zero part stays exact: N[I, 20]
        parts = [p if p == ZERO else n_precise(ev, p, digits) for p in (e.re, e.im)]
        return Complex(*parts)
    if t is Symbol:
        v = big_constant(e.name, digits) if e in N_VALUES else None
        return from_py(v) if v is not None else e
    if t is Expr:
        if e.head is S.DirectedInfinity:
            return e
        new_args = _n_args(ev, e, lambda a: n_precise(ev, a, digits))
        if all(x is y for x, y in zip(new_args, e.args)):
            return e
        head = n_precise(ev, e.head, digits) if type(e.head) is Expr else e.head
        return ev.evaluate(Expr.from_args(head, new_args))
    return e


def _falls_short(e, digits: float, working: float) -> bool:
    """Whether a bignum of ``e`` has fewer than ``digits`` significant digits, or is a
    zero known to fewer digits than were worked with (an exact 0 made a bignum is known to
    all of them; a zero left by cancellation is not, and more digits may resolve it)."""
    t = type(e)
    if t is Real:
        if e.precision is None:
            return False
        return e.value.acc < working if e.value.is_zero else e.precision < digits
    if t is Complex:
        return _falls_short(e.re, digits, working) or _falls_short(e.im, digits, working)
    if t is Expr:
        return any(_falls_short(a, digits, working) for a in e.args)
    return False


def _has_approximate(e) -> bool:
    t = type(e)
    if t is Real:
        return True
    if t is Complex:
        return type(e.re) is Real or type(e.im) is Real
    if t is Expr:
        return _has_approximate(e.head) or any(_has_approximate(a) for a in e.args)
    return False


def with_precision_at_most(e, digits: float):
    """``e`` with every bignum of more than ``digits`` digits rounded to ``digits``."""
    t = type(e)
    if t is Real:
        if e.precision is None:
            return e
        if e.value.is_zero:                     # a zero keeps at most n digits of accuracy
            return e if e.value.acc <= digits else from_py(BigFloat(e.value.v, 0.0, digits))
        if e.precision <= digits:
            return e
        return from_py(BigFloat.with_precision(e.value.v, digits))
    if t is Complex:
        return Complex(with_precision_at_most(e.re, digits),
                       with_precision_at_most(e.im, digits))
    if t is Expr:
        args = [with_precision_at_most(a, digits) for a in e.args]
        if all(x is y for x, y in zip(args, e.args)):
            return e
        return Expr.from_args(e.head, args)
    return e


@builtin(argc=(1, 2), attributes=("Protected",),
         usage="N[expr] gives the numerical value of expr with machine numbers; N[expr, n] "
               "gives it with arbitrary-precision numbers of n decimal digits.",
         examples=(("N[Pi]", "3.14159"), ("N[1/3]", "0.333333"), ("N[{1/2, x}]", "{0.5, x}"),
                   ("N[Pi, 30]", "3.14159265358979323846264338328"),
                   ("N[Sqrt[2], 20]", "1.4142135623730950488")),
         messages={"precbd": "Requested precision `1` is not a real number between 0 and "
                             "100000.",
                   "meprec": "Internal precision limit $MaxExtraPrecision = `2` reached "
                             "while evaluating `1`."})
def N(ev, expr, *precision):
    if not precision:
        return n_value(ev, expr)
    digits = _requested_digits(ev, precision[0])
    if digits is None:
        return n_value(ev, expr)
    if digits is False:
        return None
    adaptive = not _has_approximate(expr)       # only exact input can gain digits
    limit = _max_extra_precision(ev)
    extra = min(_GUARD_DIGITS, limit)
    while True:
        result = n_precise(ev, expr, digits + extra)
        if not adaptive or not _falls_short(result, digits, digits + extra):
            break
        if extra >= limit:
            ev.message(S.N, "meprec", _held(expr), Real(limit))
            break
        extra = min(extra * 2 + 10, limit)
    return with_precision_at_most(result, digits)


# ============================================================================ rounding

def _round_half_even(v):
    return round(v)                       # Python rounds halves to even, as WL's Round


def _real_rounding(name, fn, usage, examples):
    """Round/Floor/Ceiling/IntegerPart: an integer from a real number, applied to both parts
    of a complex number; ``f[x, a]`` rounds to a multiple of a."""

    def to_integer(ev, x):
        v = to_py(x)
        if v is None:
            if not is_numeric(x):
                return None
            v = machine_value(ev, x)
            if v is None:
                return None
        if type(v) in (complex, ExactComplex):
            re = v.real if type(v) is complex else v.re
            im = v.imag if type(v) is complex else v.im
            return from_py(ExactComplex(fn(re), fn(im)))
        if type(v) is float and not math.isfinite(v):
            return None
        return Integer(fn(v))

    def apply(ev, x, *multiple):
        if x == INFINITY or x == NEG_INFINITY:
            return x                              # Floor[Infinity] is Infinity
        if not multiple:
            return to_integer(ev, x)
        (a,) = multiple
        vx, va = to_py(x), to_py(a)
        if vx is None and va is not None and is_numeric(x):
            vx = machine_value(ev, x)        # Round[Pi, 0.01]: a numeric quantity's value
            if type(vx) is float and math.isfinite(vx) and va != 0 \
                    and type(va) not in (complex, ExactComplex):
                return from_py(normalize(fn(vx / va) * va))
            return None
        if vx is None or va is None or va == 0 or type(vx) in (complex, ExactComplex) \
                or type(va) in (complex, ExactComplex):
            return None
        q = vx / va if is_inexact_value(vx) or is_inexact_value(va) else Fraction(vx) / va
        return from_py(normalize(fn(q) * va))

    builtin(name, argc=(1, 2), attributes=_NUMERIC_LISTABLE, usage=usage,
            examples=examples)(apply)


_real_rounding("Round", _round_half_even,
               "Round[x] gives the integer closest to x (halves to even); Round[x, a] rounds "
               "to the nearest multiple of a.",
               (("Round[2.5]", "2"), ("Round[3.5]", "4"), ("Round[7/2]", "4"),
                ("Round[17, 5]", "15")))
_real_rounding("Floor", math.floor,
               "Floor[x] gives the greatest integer less than or equal to x; Floor[x, a] the "
               "greatest multiple of a below x.",
               (("Floor[2.7]", "2"), ("Floor[-7/2]", "-4")))
_real_rounding("Ceiling", math.ceil,
               "Ceiling[x] gives the smallest integer greater than or equal to x.",
               (("Ceiling[2.1]", "3"), ("Ceiling[-7/2]", "-3")))
_real_rounding("IntegerPart", math.trunc,
               "IntegerPart[x] gives the integer part of x (toward zero).",
               (("IntegerPart[-2.7]", "-2"), ("IntegerPart[7/2]", "3")))


@builtin(argc=1, attributes=_NUMERIC_LISTABLE,
         usage="FractionalPart[x] gives the fractional part of x, x - IntegerPart[x].",
         examples=(("FractionalPart[2.5]", "0.5"), ("FractionalPart[-7/2]", "-1/2")))
def FractionalPart(ev, x):
    v = to_py(x)
    if v is None or type(v) in (complex, ExactComplex):
        return None
    if type(v) is float:
        return Real(v - math.trunc(v)) if math.isfinite(v) else None
    return from_py(normalize(v - math.trunc(v)))


@builtin(argc=1, attributes=_NUMERIC_LISTABLE,
         usage="Sign[x] gives -1, 0 or 1 as x is negative, zero or positive; for a complex "
               "number, z/Abs[z].",
         examples=(("Sign[-2.5]", "-1"), ("Sign[0]", "0"), ("Sign[3 + 4 I]", "3/5 + 4/5 I")))
def Sign(ev, x):
    if type(x) is Complex:
        v = to_py(x)
        if type(v) is complex:
            return from_py(v / abs(v))
        return ev.evaluate(Expr(TIMES, x, Expr(POWER, Expr(S.Abs, x), MINUS_ONE)))
    v = real_value(ev, x)
    if v is None:
        return _sign_of_product(ev, x)
    return Integer((v > 0) - (v < 0))


def _sign_of_product(ev, x):
    """Sign[c y] → Sign[c] Sign[y] for real numeric factors c (Sign[Pi y] → Sign[y])."""
    if not (type(x) is Expr and x.head is TIMES):
        return None
    sign, rest = 1, []
    for f in x.args:
        v = real_value(ev, f) if is_numeric(f) else None
        if v is None or v == 0:
            rest.append(f)
        elif v < 0:
            sign = -sign
    if len(rest) == len(x.args):
        return None
    inner = rest[0] if len(rest) == 1 else Expr.from_args(TIMES, rest)
    return ev.evaluate(Expr(TIMES, Integer(sign), Expr(S.Sign, inner)))


@builtin(argc=1, attributes=_NUMERIC_LISTABLE,
         usage="Abs[z] gives the absolute value of the real or complex number z.",
         examples=(("Abs[-3]", "3"), ("Abs[3 + 4 I]", "5"), ("Abs[-2.5]", "2.5")))
def Abs(ev, z):
    v = to_py(z)
    if v is not None:
        if type(v) is ExactComplex:
            return ev.evaluate(Expr(POWER, from_py(v.re * v.re + v.im * v.im), HALF))
        return from_py(abs(v))
    if is_infinity(z):
        return INFINITY
    if type(z) is Expr and z.head is POWER and z.args[0] == MINUS_ONE \
            and is_real_number(z.args[1]):
        return ONE                                # |(-1)^r| = 1 for real r
    if is_numeric(z):
        r = real_value(ev, z)
        if r is not None:
            return z if r >= 0 else ev.evaluate(Expr(TIMES, MINUS_ONE, z))
    neg = _negated(z)
    if neg is not None:
        return Expr(S.Abs, neg)
    return None


# ============================================================================ Mod, Quotient

def _real_values(*exprs):
    """The Python values of ``exprs`` when every one is a real number, else None."""
    values = [to_py(x) for x in exprs]
    if any(v is None or type(v) in (complex, ExactComplex) for v in values):
        return None
    return values


def _floor_quotient(vm, vn, vd):
    """Floor[(m - d)/n]: exact unless one of the values is a machine real."""
    exact = not any(is_inexact_value(v) for v in (vm, vn, vd))
    return math.floor(Fraction(vm - vd) / vn if exact else (vm - vd) / vn)


@builtin(argc=(2, 3), attributes=_NUMERIC_LISTABLE,
         usage="Mod[m, n] gives the remainder on division of m by n, with the sign of n; "
               "Mod[m, n, d] uses an offset d.",
         examples=(("Mod[7, 3]", "1"), ("Mod[-7, 3]", "2"), ("Mod[7, -3]", "-2"),
                   ("Mod[5.5, 2]", "1.5")),
         messages={"indet": "Indeterminate expression `1` encountered."})
def Mod(ev, m, n, d=ZERO):
    if type(m) is Integer and type(n) is Integer and d is ZERO and n._value:
        return Integer(m._value % n._value)       # Python's % takes the divisor's sign too
    values = _real_values(m, n, d)
    if values is None:
        return None
    vm, vn, vd = values
    if vn == 0:
        ev.message(S.Mod, "indet", _held(Expr(S.Mod, m, n)))
        return INDETERMINATE
    return from_py(normalize(vm - vn * _floor_quotient(vm, vn, vd)))


@builtin(argc=(2, 3), attributes=_NUMERIC_LISTABLE,
         usage="Quotient[m, n] gives the integer quotient of m and n, Floor[m/n].",
         examples=(("Quotient[7, 2]", "3"), ("Quotient[-7, 2]", "-4")),
         messages={"infy": "Infinite expression `1` encountered."})
def Quotient(ev, m, n, d=ZERO):
    if type(m) is Integer and type(n) is Integer and d is ZERO and n._value:
        return Integer(m._value // n._value)      # floor division, as Floor[m/n]
    values = _real_values(m, n, d)
    if values is None:
        return None
    vm, vn, vd = values
    if vn == 0:
        ev.message(S.Quotient, "infy", _held(Expr(S.Quotient, m, n)))
        return COMPLEX_INFINITY
    return Integer(_floor_quotient(vm, vn, vd))


# ============================================================================ Max, Min

def _flatten_lists(args):
    """The elements of the lists in ``args``, and the values of its associations."""
    for a in args:
        if type(a) is Expr and a.head is LIST:
            yield from _flatten_lists(a.args)
        elif type(a) is Expr and a.head is S.Association:
            yield from _flatten_lists(r.args[1] for r in a.args)
        else:
            yield a


def _extremum(name, pick, empty):
    def apply(ev, *args):
        items = list(_flatten_lists(args))
        best, best_value, symbolic = None, None, []
        for item in items:
            if type(item) is Complex:
                ev.message(Symbol(name), "nord", item)
                return None
            v = real_value(ev, item)
            if v is None:
                if item not in symbolic:
                    symbolic.append(item)
                continue
            if best is None or pick(v, best_value) or (v == best_value and type(item) is Real
                                                       and type(best) is not Real):
                best, best_value = item, v
        if best is None:
            if not symbolic:
                return empty
            new = symbolic
        else:
            if not symbolic or best_value == pick_inf(pick):
                return best
            new = [best] + symbolic
        if len(new) == 1:
            return new[0]
        return _unless_same(new, args, Symbol(name))

    return apply


def pick_inf(pick):
    return math.inf if pick(1, 0) else -math.inf


builtin("Max", attributes=("Flat", "NumericFunction", "OneIdentity", "Orderless", "Protected"),
        usage="Max[x1, x2, …] yields the numerically largest of the xi; lists are flattened.",
        examples=(("Max[1, 5, 2]", "5"), ("Max[{1, 2}, {7, 3}]", "7"), ("Max[]", "-Infinity")),
        messages={"nord": "Invalid comparison with `1` attempted."})(
    _extremum("Max", lambda a, b: a > b, NEG_INFINITY))
builtin("Min", attributes=("Flat", "NumericFunction", "OneIdentity", "Orderless", "Protected"),
        usage="Min[x1, x2, …] yields the numerically smallest of the xi; lists are flattened.",
        examples=(("Min[1, 5, 2]", "1"), ("Min[{4, 2.5}]", "2.5"), ("Min[]", "Infinity")),
        messages={"nord": "Invalid comparison with `1` attempted."})(
    _extremum("Min", lambda a, b: a < b, INFINITY))


# ============================================================================ Clip, Rescale

def _is_list(e):
    return type(e) is Expr and e.head is LIST


@builtin(argc=(1, 3), attributes=("Protected",),
         usage="Clip[x] gives x clipped to be between -1 and 1; Clip[x, {min, max}] between "
               "min and max; Clip[x, {min, max}, {vmin, vmax}] gives vmin below min and vmax "
               "above max.",
         examples=(("Clip[2]", "1"), ("Clip[-5, {-2, 2}]", "-2"), ("Clip[{-3, 0.5, 3}]",
                                                                   "{-1, 0.5, 1}")))
def Clip(ev, x, bounds=None, values=None):
    if bounds is None:
        bounds = Expr(LIST, MINUS_ONE, ONE)
    if not _is_list(bounds) or len(bounds.args) != 2:
        return None
    if values is None:
        values = bounds
    if not _is_list(values) or len(values.args) != 2:
        return None
    if _is_list(x):
        clipped = [Clip(ev, item, bounds, values) for item in x.args]
        if any(c is None for c in clipped):
            clipped = [c if c is not None else Expr(S.Clip, item, bounds, values)
                       for c, item in zip(clipped, x.args)]
        return Expr.from_args(LIST, clipped)
    vx = real_value(ev, x)
    lo, hi = (real_value(ev, b) for b in bounds.args)
    if vx is None or lo is None or hi is None:
        return None
    if vx < lo:
        return values.args[0]
    if vx > hi:
        return values.args[1]
    return x


@builtin(argc=(1, 3), attributes=("Protected",),
         usage="Rescale[x, {min, max}] gives x rescaled to run from 0 to 1 over the range "
               "min to max; Rescale[x, {min, max}, {ymin, ymax}] to run from ymin to ymax; "
               "Rescale[list] rescales a list to run from 0 to 1.",
         examples=(("Rescale[5, {0, 10}]", "1/2"), ("Rescale[{1, 2, 3}]", "{0, 1/2, 1}"),
                   ("Rescale[0.5, {0, 1}, {-1, 1}]", "0.")))
def Rescale(ev, x, bounds=None, target=None):
    if bounds is None:
        if not _is_list(x):
            return None
        lo = ev.evaluate(Expr.from_args(S.Min, x.args))
        hi = ev.evaluate(Expr.from_args(S.Max, x.args))
        bounds = Expr(LIST, lo, hi)
    if not _is_list(bounds) or len(bounds.args) != 2:
        return None
    if target is None:
        target = Expr(LIST, ZERO, ONE)
    if not _is_list(target) or len(target.args) != 2:
        return None
    lo, hi = bounds.args
    y0, y1 = target.args
    if _is_list(x):
        return Expr.from_args(LIST, (_rescale_one(ev, item, lo, hi, y0, y1) for item in x.args))
    return _rescale_one(ev, x, lo, hi, y0, y1)


def _rescale_one(ev, x, lo, hi, y0, y1):
    # y0 + (y1 - y0) (x - lo) / (hi - lo)
    def minus(e):
        return Expr(TIMES, MINUS_ONE, e)
    fraction = Expr(TIMES, Expr(PLUS, x, minus(lo)),
                    Expr(POWER, Expr(PLUS, hi, minus(lo)), MINUS_ONE))
    return ev.evaluate(Expr(PLUS, y0, Expr(TIMES, Expr(PLUS, y1, minus(y0)), fraction)))


# ============================================================================ Rationalize

def _simplest_between(lo: Fraction, hi: Fraction) -> Fraction:
    """The rational with the smallest denominator in [lo, hi] (0 <= lo <= hi)."""
    fl = math.floor(lo)
    if fl == lo:
        return Fraction(fl)
    if fl + 1 <= hi:
        return Fraction(fl + 1)
    return fl + 1 / _simplest_between(1 / (hi - fl), 1 / (lo - fl))


def _convergents(x: Fraction):
    h0, h1, k0, k1 = 0, 1, 1, 0
    while True:
        a = math.floor(x)
        h0, h1 = h1, a * h1 + h0
        k0, k1 = k1, a * k1 + k0
        yield Fraction(h1, k1)
        frac = x - a
        if frac == 0:
            return
        x = 1 / frac


@builtin(argc=(1, 2), attributes=("Listable", "Protected"),
         usage="Rationalize[x] converts an approximate number x to a nearby rational with a "
               "small denominator; Rationalize[x, dx] gives the rational with the smallest "
               "denominator within dx of x.",
         examples=(("Rationalize[0.25]", "1/4"), ("Rationalize[3.14159, 0.01]", "22/7")))
def Rationalize(ev, x, *tolerance):
    if tolerance and type(x) in (Expr, Symbol) and \
            ev.evaluate(Expr(S.NumericQ, x)) is TRUE:
        # an exact number that is not rational (Pi, Sqrt[2]): its digits, then the
        # simplest rational within dx of them
        approximate = ev.evaluate(Expr(S.N, x, Integer(40)))
        if type(approximate) is Real:
            return Rationalize(ev, approximate, *tolerance)
    if type(x) is Expr:                   # rationalize the numbers inside an expression
        new_args = [Rationalize(ev, a, *tolerance) for a in x.args]
        if any(n is None for n in new_args):
            return None
        if all(n is a for n, a in zip(new_args, x.args)):
            return x
        return ev.evaluate(Expr.from_args(x.head, new_args))
    if type(x) is not Real:
        return x
    big = x.precision is not None
    if not big and not math.isfinite(x.value):
        return None
    exact = x.value.to_fraction() if big else Fraction(x.value)
    if tolerance:
        dx = to_py(tolerance[0])
        if dx is None or type(dx) in (complex, ExactComplex) or dx < 0:
            return None
        if dx == 0:                       # the simplest rational that rounds to x
            dx = Fraction(1, 2 * 10 ** max(int(x.value.acc), 0)) if big else \
                Fraction(math.ulp(x.value)) / 2
        dx = Fraction(dx)
        sign = -1 if exact < 0 else 1
        lo, hi = abs(exact) - dx, abs(exact) + dx
        if lo <= 0:
            return ZERO
        return from_py(normalize(sign * _simplest_between(lo, hi)))
    for p_q in _convergents(exact):
        if p_q.denominator > 10 ** 8:
            break
        if abs(p_q - exact) < Fraction(1, 10 ** 4) / p_q.denominator ** 2:
            return from_py(normalize(p_q))
    return x


# ============================================================================ integers

@builtin(argc=1, attributes=_NUMERIC_LISTABLE,
         usage="Factorial[n] or n! gives the factorial of n.",
         examples=(("5!", "120"), ("Factorial[2.5]", "3.32335")))
def Factorial(ev, n):
    if type(n) is Integer:
        if n.value < 0:
            return COMPLEX_INFINITY
        if n.value > 100_000:
            return None
        return Integer(math.factorial(n.value))
    if type(n) is Real:
        v = n.value
        if v < 0 and v == int(v):
            return COMPLEX_INFINITY
        if type(v) is BigFloat:                   # Gamma[x + 1] to x's precision
            return from_py(big_function("Factorial", v))
        try:
            return Real(math.gamma(v + 1))
        except (OverflowError, ValueError):
            return None
    return None


def _euclid_affordable(ev, values) -> bool:
    """GCD and LCM are quadratic in the operands' sizes and run in C: huge operands are
    refused (General::ovfl, the call stays) rather than left to run for minutes."""
    if quadratic_affordable(*(v.numerator for v in values)) and \
            quadratic_affordable(*(v.denominator for v in values)):
        return True
    ev.message(S.General, "ovfl")
    return False


def _rational_parts(args):
    values = [to_py(a) for a in args]
    if all(type(v) in (int, Fraction) for v in values):
        return [Fraction(v) for v in values]
    return None


@builtin(attributes=("Flat", "Listable", "OneIdentity", "Orderless", "Protected"),
         usage="GCD[n1, n2, …] gives the greatest common divisor of the ni.",
         examples=(("GCD[12, 18]", "6"), ("GCD[1/2, 1/3]", "1/6")))
def GCD(ev, *args):
    values = _rational_parts(args)
    if values is None or not _euclid_affordable(ev, values):
        return None
    num = math.gcd(*(v.numerator for v in values)) if values else 0
    den = math.lcm(*(v.denominator for v in values)) if values else 1
    return from_py(normalize(Fraction(num, den)))


@builtin(attributes=("Flat", "Listable", "OneIdentity", "Orderless", "Protected"),
         usage="LCM[n1, n2, …] gives the least common multiple of the ni.",
         examples=(("LCM[4, 6]", "12"), ("LCM[2, 3, 5]", "30")))
def LCM(ev, *args):
    values = _rational_parts(args)
    if values is None or not _euclid_affordable(ev, values):
        return None
    if not values:
        return ONE
    num = abs(math.lcm(*(v.numerator for v in values)))
    den = math.gcd(*(v.denominator for v in values))
    return from_py(normalize(Fraction(num, den)))


@builtin(argc=1, attributes=("Listable", "Protected"),
         usage="Boole[expr] yields 1 if expr is True and 0 if it is False.",
         examples=(("Boole[True]", "1"), ("Boole[{True, False}]", "{1, 0}")))
def Boole(ev, x):
    if x is TRUE:
        return ONE
    if x is FALSE:
        return ZERO
    return None


def _chop(ev, e, delta):
    t = type(e)
    if t is Real:
        return ZERO if abs(e.value) < delta else e
    if t is Complex:
        re, im = _chop(ev, e.re, delta), _chop(ev, e.im, delta)
        if re is e.re and im is e.im:
            return e
        if im == ZERO:
            return re
        return Complex(Real(float(to_py(re))), im) if type(im) is Real else Complex(re, im)
    if t is Expr:
        new_args = [_chop(ev, a, delta) for a in e.args]
        if all(x is y for x, y in zip(new_args, e.args)):
            return e
        return ev.evaluate(Expr.from_args(e.head, new_args))
    return e


@builtin(argc=(1, 2), attributes=("Protected",),
         usage="Chop[expr] replaces approximate real numbers in expr that are smaller in "
               "absolute magnitude than 10^-10 by the exact integer 0; Chop[expr, delta] uses "
               "the tolerance delta.",
         examples=(("Chop[{1.*^-12, 1.}]", "{0, 1.}"), ("Chop[0.01, 0.1]", "0")))
def Chop(ev, expr, *delta):
    tolerance = 1e-10
    if delta:
        v = to_py(delta[0])
        if v is None or type(v) in (complex, ExactComplex):
            return None
        tolerance = float(v)
    return _chop(ev, expr, tolerance)


@builtin(argc=(1, 2), attributes=("Listable", "Protected"),
         usage="Unitize[x] gives 0 when x is zero and 1 when x has any other numerical "
               "value; Unitize[x, dx] gives 0 when |x| < dx.",
         examples=(("Unitize[{0, 2, -1.5}]", "{0, 1, 1}"), ("Unitize[0.1, 0.5]", "0")))
def Unitize(ev, x, *tolerance):
    v = to_py(x)
    if v is None:
        if not is_numeric(x):
            return None
        v = machine_value(ev, x)
        if v is None:
            return None
    if tolerance:
        dx = real_value(ev, tolerance[0])
        if dx is None:
            return None
        return ZERO if abs(complex(v) if type(v) is ExactComplex else v) < dx else ONE
    return ZERO if v == 0 else ONE


# ============================================================================ Dot

def _tensor_shape(e):
    """The dimensions of a full (rectangular) tensor of lists, of any rank, or None."""
    if not _is_list(e):
        return None
    if not e.args or not any(_is_list(x) for x in e.args):
        return (len(e.args),)
    if not all(_is_list(x) for x in e.args):
        return None
    inner = {_tensor_shape(x) for x in e.args}
    if len(inner) != 1 or None in inner:
        return None
    return (len(e.args),) + inner.pop()


def _dot2(ev, a, b):
    sa, sb = _tensor_shape(a), _tensor_shape(b)
    if sa is None or sb is None:
        return None
    if sa[-1] != sb[0]:
        ev.message(S.Dot, "dotsh", a, b)
        return None
    leaves = [x for t in (a, b) for x in _leaves(t)]
    if leaves and all(type(x) is Integer or type(x) is Real and x.precision is None
                      for x in leaves) and any(type(x) is Real for x in leaves):
        return _dot_numpy(a, b)             # machine numbers (bignums: the generic sums)
    return _dot_generic(ev, a, b, len(sa))


def _leaves(t):
    for x in t.args:
        if _is_list(x):
            yield from _leaves(x)
        else:
            yield x


def _dot_numpy(a, b):
    import numpy as np
    from wlnet.core.expr import from_python
    arr_a = np.array(_to_floats(a), dtype=np.float64)
    arr_b = np.array(_to_floats(b), dtype=np.float64)
    # Dot contracts the last index of a with the first of b (np.dot would take b's
    # second-to-last index for tensors of rank 3 and more).
    return from_python(np.tensordot(arr_a, arr_b, axes=1).astype(float))


def _to_floats(t):
    return [_to_floats(x) if _is_list(x) else float(x.value) for x in t.args]


def _dot_generic(ev, a, b, rank_a):
    """a . b for full tensors whose last and first dimensions agree: each element of a of
    rank > 1 dotted with b, and a vector's dot the sum of a_k b_k (b_k a number or a
    sub-tensor: Plus and Times thread over lists)."""
    if rank_a > 1:
        return Expr.from_args(LIST, (_dot_generic(ev, row, b, rank_a - 1) for row in a.args))
    return ev.evaluate(Expr.from_args(PLUS, (Expr(TIMES, x, y)
                                             for x, y in zip(a.args, b.args))))


# a ** b ** c: associative (Flat) but nothing else; NonCommutativeMultiply[a] stays as it
# is, unlike Times[a]
declare("NonCommutativeMultiply", attributes=("Flat", "OneIdentity", "Protected"),
        usage="a ** b ** c is a general associative but non-commutative product; it has no "
              "rules besides flattening.")


@builtin(attributes=("Flat", "OneIdentity", "Protected"),
         usage="a . b or Dot[a, b] gives the product of vectors and matrices.",
         examples=(("{1, 2} . {3, 4}", "11"), ("{{1, 2}, {3, 4}} . {1, 1}", "{3, 7}")),
         messages={"dotsh": "Tensors `1` and `2` have incompatible shapes."})
def Dot(ev, *args):
    if not args:
        return ONE
    if len(args) == 1:
        return args[0]
    result = args[0]
    for nxt in args[1:]:
        r = _dot2(ev, result, nxt)
        if r is None:
            return None
        result = r
    return result
