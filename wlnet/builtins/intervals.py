"""Interval arithmetic: ``Interval[{min, max}, …]`` (a union of closed ranges) under Plus,
Times, Power and the elementary functions, Min and Max of one, IntervalUnion and
IntervalIntersection.

An interval is kept in WL's normal form: each range {min, max} ordered, the ranges sorted
and overlapping ones merged.  The ends stay exact where they are given exact (the
evaluator computes them; machine numbers decide the order), so Interval[{1, 2}]^2 is
Interval[{1, 4}] and 1/Interval[{-1, 2}] the two rays Interval[{-Infinity, -1},
{1/2, Infinity}].  A number beside an interval is the interval of one point.
"""

from __future__ import annotations

import math

from wlnet.builtins._listutil import float_value, is_list, mklist
from wlnet.core.expr import Expr, Integer, Rational, Real, S, Symbol
from wlnet.core.registry import builtin, builtin_upvalue

INTERVAL = Symbol("Interval")


def _infinity(sign: int) -> Expr:
    return Expr(S.DirectedInfinity, Integer(sign))


def _value(ev, e) -> float | None:
    """The end as a float (±inf for the infinities), None when it is not a real number."""
    if type(e) is Expr and e.head is S.DirectedInfinity and len(e.args) == 1 and \
            type(e.args[0]) is Integer and abs(e.args[0].value) == 1:
        return math.inf * e.args[0].value
    v = float_value(e)
    if v is None and type(e) in (Expr, Symbol):
        v = float_value(ev.evaluate(Expr(S.N, e)))
    return v


def read_interval(ev, e) -> list | None:
    """[(lo, hi)] of an Interval (ends as expressions) or of a real number (one point);
    None otherwise."""
    if type(e) is Expr and e.head is INTERVAL:
        ranges = []
        for r in e.args:
            if not (is_list(r) and len(r.args) == 2) or \
                    any(_value(ev, x) is None for x in r.args):
                return None
            ranges.append(tuple(r.args))
        return ranges
    if type(e) in (Integer, Rational, Real) or (
            type(e) in (Expr, Symbol) and _value(ev, e) is not None and
            not (type(e) is Expr and e.head is S.DirectedInfinity)):
        return [(e, e)]
    return None


def _normal(ev, ranges) -> Expr:
    """Interval[…] with each range ordered, sorted and overlapping ranges merged."""
    ordered = []
    for lo, hi in ranges:
        lo, hi = ev.evaluate(lo), ev.evaluate(hi)
        if _value(ev, lo) > _value(ev, hi):
            lo, hi = hi, lo
        ordered.append((lo, hi))
    ordered.sort(key=lambda r: (_value(ev, r[0]), _value(ev, r[1])))
    merged = []
    for lo, hi in ordered:
        if merged and _value(ev, lo) <= _value(ev, merged[-1][1]):
            if _value(ev, hi) > _value(ev, merged[-1][1]):
                merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return Expr(INTERVAL, *[mklist([lo, hi]) for lo, hi in merged])


@builtin("Interval", argc=(0, None), attributes=("Protected",),
         usage="Interval[{min, max}] is the closed range of real numbers from min to max; "
               "Interval[{a1, b1}, {a2, b2}, …] the union of several.  Arithmetic and the "
               "elementary functions give the interval of all their values.",
         examples=(("Interval[{1, 2}] + Interval[{3, 5}]", "Interval[{4, 7}]"),
                   ("Interval[{3, 1}, {2, 5}]", "Interval[{1, 5}]")))
def interval(ev, *ranges):
    read = read_interval(ev, Expr(INTERVAL, *ranges))
    if read is None:
        return None
    normal = _normal(ev, read)
    return None if normal == Expr(INTERVAL, *ranges) else normal


def _operands(ev, args):
    found = [read_interval(ev, a) for a in args]
    return None if any(f is None for f in found) else found


def _combine(ev, operands, op):
    """The ranges of op over each choice of one range from every operand."""
    out = [()]
    for ranges in operands:
        out = [acc + (r,) for acc in out for r in ranges]
    pieces = []
    for choice in out:
        found = op(choice)
        if found is None:
            return None
        pieces.extend(found)
    return _normal(ev, pieces)


def _ends_extremes(ev, candidates):
    """(smallest, largest) of candidate end expressions, by value."""
    valued = [(c, _value(ev, c)) for c in candidates]
    if any(v is None or math.isnan(v) for _, v in valued):
        return None
    return min(valued, key=lambda cv: cv[1])[0], max(valued, key=lambda cv: cv[1])[0]


@builtin_upvalue("Plus", "Interval")
def _plus(ev, *terms):
    operands = _operands(ev, terms)
    if operands is None:
        return None

    def add(choice):
        return [(ev.evaluate(Expr(S.Plus, *[r[0] for r in choice])),
                 ev.evaluate(Expr(S.Plus, *[r[1] for r in choice])))]
    return _combine(ev, operands, add)


@builtin_upvalue("Times", "Interval")
def _times(ev, *factors):
    operands = _operands(ev, factors)
    if operands is None:
        return None

    def multiply(choice):
        products = [Integer(1)]
        for lo, hi in choice:
            products = [ev.evaluate(Expr(S.Times, p, end)) for p in products for end in (lo, hi)]
        found = _ends_extremes(ev, products)
        return None if found is None else [found]
    return _combine(ev, operands, multiply)


def _power_range(ev, lo, hi, n):
    """The ranges of x^n for x in [lo, hi]; None when they are not real."""
    a, b = _value(ev, lo), _value(ev, hi)
    if _value(ev, n) is None:
        return None
    whole = type(n) is Integer

    def power(x):
        return ev.evaluate(Expr(S.Power, x, n))
    if whole and n.value < 0 and a <= 0 <= b:
        odd = n.value % 2 == 1
        if a == b:
            return None                                  # 1/0
        if a == 0:                                       # (0, b]: from b^n up
            return [(power(hi), _infinity(1))]
        if b == 0:                                       # [a, 0): from a^n away from 0
            return [(_infinity(-1), power(lo))] if odd else [(power(lo), _infinity(1))]
        if odd:                                          # through 0: two rays
            return [(_infinity(-1), power(lo)), (power(hi), _infinity(1))]
        return [(_ends_extremes(ev, [power(lo), power(hi)])[0], _infinity(1))]
    if not whole and a < 0:
        return None                      # a real power of negative numbers
    if whole and n.value > 0 and n.value % 2 == 0 and a < 0 < b:
        return [(Integer(0), _ends_extremes(ev, [power(lo), power(hi)])[1])]
    found = _ends_extremes(ev, [power(lo), power(hi)])
    return None if found is None else [found]


@builtin_upvalue("Power", "Interval")
def _power(ev, base, exponent):
    if type(exponent) is Expr and exponent.head is INTERVAL:
        return None
    ranges = read_interval(ev, base)
    if ranges is None or _value(ev, exponent) is None:
        return None
    pieces = []
    for lo, hi in ranges:
        found = _power_range(ev, lo, hi, exponent)
        if found is None:
            return None
        pieces.extend(found)
    return _normal(ev, pieces)


# increasing functions: the range of the ends' values (on their domain)
_INCREASING = {"Exp": (-math.inf, math.inf), "Log": (0, math.inf), "Sqrt": (0, math.inf),
               "ArcTan": (-math.inf, math.inf), "Tanh": (-math.inf, math.inf),
               "Sinh": (-math.inf, math.inf), "ArcSin": (-1, 1), "Erf": (-math.inf, math.inf)}
_DECREASING = {"ArcCos": (-1, 1)}


def _monotone(name: str, increasing: bool, domain):
    def function(ev, x, *rest):
        ranges = read_interval(ev, x) if type(x) is Expr and x.head is INTERVAL else None
        if ranges is None or rest:
            return None
        pieces = []
        for lo, hi in ranges:
            if _value(ev, lo) < domain[0] or _value(ev, hi) > domain[1]:
                return None
            ends = [ev.evaluate(Expr(Symbol(name), lo)), ev.evaluate(Expr(Symbol(name), hi))]
            pieces.append(tuple(ends) if increasing else tuple(reversed(ends)))
        return _normal(ev, pieces)
    return function


for _name, _domain in _INCREASING.items():
    builtin_upvalue(_name, "Interval")(_monotone(_name, True, _domain))
for _name, _domain in _DECREASING.items():
    builtin_upvalue(_name, "Interval")(_monotone(_name, False, _domain))


def _periodic(name: str, peak: float):
    """Sin (peak at Pi/2) and Cos (peak at 0): the ends' values, and 1 or -1 where a peak
    or trough lies inside the range."""
    def function(ev, x, *rest):
        ranges = read_interval(ev, x) if type(x) is Expr and x.head is INTERVAL else None
        if ranges is None or rest:
            return None
        pieces = []
        for lo, hi in ranges:
            a, b = _value(ev, lo), _value(ev, hi)
            if not (math.isfinite(a) and math.isfinite(b)) or b - a >= 2 * math.pi:
                pieces.append((Integer(-1), Integer(1)))
                continue
            values = [ev.evaluate(Expr(Symbol(name), lo)), ev.evaluate(Expr(Symbol(name), hi))]
            for level, offset in ((1, peak), (-1, peak + math.pi)):
                k = math.ceil((a - offset) / (2 * math.pi) - 1e-12)
                if offset + 2 * math.pi * k <= b + 1e-12:
                    values.append(Integer(level))
            found = _ends_extremes(ev, values)
            if found is None:
                return None
            pieces.append(found)
        return _normal(ev, pieces)
    return function


builtin_upvalue("Sin", "Interval")(_periodic("Sin", math.pi / 2))
builtin_upvalue("Cos", "Interval")(_periodic("Cos", 0.0))


@builtin_upvalue("Abs", "Interval")
def _abs(ev, x, *rest):
    ranges = read_interval(ev, x)
    if ranges is None or rest:
        return None
    pieces = []
    for lo, hi in ranges:
        a, b = _value(ev, lo), _value(ev, hi)
        if a >= 0:
            pieces.append((lo, hi))
        elif b <= 0:
            pieces.append((ev.evaluate(Expr(S.Times, Integer(-1), hi)),
                           ev.evaluate(Expr(S.Times, Integer(-1), lo))))
        else:
            pieces.append((Integer(0), _ends_extremes(
                ev, [ev.evaluate(Expr(S.Times, Integer(-1), lo)), hi])[1]))
    return _normal(ev, pieces)


def _extreme(which: int):
    """Min (0) or Max (1) of intervals and numbers: the least lower end or greatest upper
    one."""
    def extreme(ev, *args):
        if not any(type(a) is Expr and a.head is INTERVAL for a in args):
            return None
        operands = _operands(ev, args)
        if operands is None:
            return None
        ends = [r[which] for ranges in operands for r in ranges]
        found = _ends_extremes(ev, ends)
        return None if found is None else found[which]
    return extreme


builtin_upvalue("Min", "Interval")(_extreme(0))
builtin_upvalue("Max", "Interval")(_extreme(1))


@builtin("IntervalUnion", argc=(0, None), attributes=("Protected", "Flat", "OneIdentity"),
         usage="IntervalUnion[i1, i2, …] is the interval of the numbers in any of the "
               "intervals.",
         examples=(("IntervalUnion[Interval[{1, 3}], Interval[{2, 5}]]", "Interval[{1, 5}]"),))
def interval_union(ev, *intervals):
    operands = _operands(ev, intervals)
    if operands is None or not all(type(i) is Expr and i.head is INTERVAL
                                   for i in intervals):
        return None
    return _normal(ev, [r for ranges in operands for r in ranges])


@builtin("IntervalIntersection", argc=(0, None), attributes=("Protected",),
         usage="IntervalIntersection[i1, i2, …] is the interval of the numbers in all of "
               "the intervals (Interval[] when there are none).",
         examples=(("IntervalIntersection[Interval[{1, 3}], Interval[{2, 5}]]",
                    "Interval[{2, 3}]"),))
def interval_intersection(ev, *intervals):
    operands = _operands(ev, intervals)
    if operands is None or not intervals or not all(
            type(i) is Expr and i.head is INTERVAL for i in intervals):
        return None
    common = operands[0]
    for ranges in operands[1:]:
        meet = []
        for lo1, hi1 in common:
            for lo2, hi2 in ranges:
                lo = lo1 if _value(ev, lo1) >= _value(ev, lo2) else lo2
                hi = hi1 if _value(ev, hi1) <= _value(ev, hi2) else hi2
                if _value(ev, lo) <= _value(ev, hi):
                    meet.append((lo, hi))
        common = meet
    return _normal(ev, common)
