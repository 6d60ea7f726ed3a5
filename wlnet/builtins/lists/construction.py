"""Building lists: ``Range``, ``Array``, ``ConstantArray``."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from wlnet.core.bigreal import BigFloat
from wlnet.core.expr import Expr, Integer, Real, S
from wlnet.core.packed import (INT_MAX, element_kind, maybe_pack, pack, packed_array,
                               scalar_value, to_packed)
from wlnet.core.registry import builtin
from wlnet.builtins._listutil import (
    LIST, affordable, all_integers, from_number, int_value, is_list, mklist, nonneg_int,
    number_value)
from wlnet.builtins.lists._shared import PLUS, TIMES, _product


def _range_values(ev, call, start, stop, step):
    """Elements start, start+step, … up to stop, as atoms of the combined number type."""
    a, b, d = number_value(start), number_value(stop), number_value(step)
    if a is None or b is None or d is None:
        return None
    if d == 0:
        ev.message(S.Range, "range", call)
        return None
    inexact = isinstance(a, float) or isinstance(d, float)
    if not inexact and not isinstance(b, float) and \
            any(type(v) is BigFloat for v in (a, b, d)):
        return _bignum_range(ev, a, b, d)
    span = (b - a) / d if inexact or isinstance(b, float) else Fraction(b - a) / Fraction(d)
    if span < 0:
        return []
    count = int(span + 1e-10) + 1 if isinstance(span, float) else int(span) + 1
    if not affordable(ev, count):
        return None
    if inexact:
        a, d = float(a), float(d)
        values = a + np.arange(count) * d      # the same doubles as a + k d, one by one
        return pack(values) or [Real(x) for x in values.tolist()]
    if isinstance(a, int) and isinstance(d, int):
        if max(abs(a), abs(a + (count - 1) * d)) <= INT_MAX:
            return pack(a + np.arange(count, dtype=np.int64) * d) or []
        return [Integer(a + k * d) for k in range(count)]
    a, d = Fraction(a), Fraction(d)
    return [from_number(a + k * d) for k in range(count)]


def _bignum_range(ev, a, b, d):
    """Range with an arbitrary-precision bound or step: bignums a + k d (WL's
    significance arithmetic tracks each one's precision)."""
    span = (b - a) / d
    if span < 0:
        return []
    count = math.floor(span) + 1
    if not affordable(ev, count):
        return None
    if type(a) is not BigFloat:                  # Range[0, 1, 1/4`20] starts at 0``20
        a = a + BigFloat.zero(d.acc)
    return [from_number(a + k * d) for k in range(count)]


@builtin("Range", attributes=("Listable", "Protected"), argc=(1, 3),
         usage="Range[n] is {1, …, n}; Range[m, n] runs from m to n; Range[m, n, d] steps by d.",
         examples=(("Range[4]", "{1, 2, 3, 4}"), ("Range[0, 1, 0.25]",
                                                   "{0., 0.25, 0.5, 0.75, 1.}")),
         messages={"range": "Range specification in `1` does not have appropriate bounds."})
def range_(ev, *args):
    call = Expr(S.Range, *args)
    if len(args) == 1:
        start, stop, step = Integer(1), args[0], Integer(1)
    else:
        start, stop = args[0], args[1]
        step = args[2] if len(args) == 3 else Integer(1)
    if len(args) == 1 and type(stop) is Integer:           # the common case
        if not affordable(ev, stop._value):
            return None
        if stop._value < 1:
            return mklist(())
        return pack(np.arange(1, stop._value + 1, dtype=np.int64))
    if any(number_value(x) is None for x in (start, stop, step)):
        return _symbolic_range(ev, call, start, stop, step)
    values = _range_values(ev, call, start, stop, step)
    if values is None or type(values) is Expr:
        return values
    return mklist(values)


@builtin("PowerRange", attributes=("Protected",), argc=(1, 3),
         usage="PowerRange[b] is {1, 10, 100, …} up to b; PowerRange[a, b] {a, 10 a, …} up "
               "to b; PowerRange[a, b, r] multiplies by r at each step.",
         examples=(("PowerRange[1000]", "{1, 10, 100, 1000}"),
                   ("PowerRange[2, 100, 3]", "{2, 6, 18, 54}"),
                   ("PowerRange[1, 1/100, 1/10]", "{1, 1/10, 1/100}")),
         messages={"prng": "Power range specification in `1` does not have appropriate "
                           "bounds."})
def power_range(ev, *args):
    start, stop, ratio = (Integer(1), args[0], Integer(10)) if len(args) == 1 else \
        (args[0], args[1], args[2] if len(args) == 3 else Integer(10))
    a, b, r = (number_value(x) for x in (start, stop, ratio))
    if any(v is None or isinstance(v, complex) for v in (a, b, r)) or r <= 0 or r == 1 \
            or a == 0 or (a > 0) != (b > 0):
        ev.message(S.PowerRange, "prng", Expr(S.PowerRange, *args))
        return None
    growing = abs(r) > 1
    values, value, magnitude = [], start, abs(a)
    while (magnitude <= abs(b) * (1 + 1e-12)) if growing else \
            (magnitude >= abs(b) * (1 - 1e-12)):
        if not affordable(ev, len(values) + 1):
            return None
        values.append(value)
        value = ev.evaluate(Expr(TIMES, value, ratio))
        magnitude = abs(number_value(value))
    return mklist(values)


def _symbolic_range(ev, call, start, stop, step):
    """``Range[a, a + 3]``: symbolic bounds whose distance is a number."""
    span = ev.evaluate(Expr(TIMES, Expr(PLUS, stop, Expr(TIMES, Integer(-1), start)),
                            Expr(S.Power, step, Integer(-1))))
    n = number_value(span)
    if n is None:
        ev.message(S.Range, "range", call)
        return None
    count = int(n + 1e-10) + 1 if isinstance(n, float) else int(n) + 1
    return mklist(Expr(PLUS, start, Expr(TIMES, Integer(k), step)) if k else start
                  for k in range(max(count, 0)))


def _array_dims(spec):
    if nonneg_int(spec) is not None:
        return [spec._value]
    if is_list(spec) and all(nonneg_int(a) is not None for a in spec._args):
        return [a._value for a in spec._args]
    return None


@builtin("Array", argc=(2, 4), usage="Array[f, n] is {f[1], …, f[n]}; Array[f, {n1, n2, …}] "
         "a nested array of f[i1, i2, …]; Array[f, dims, origin] starts indices at origin.",
         examples=(("Array[f, 3]", "{f[1], f[2], f[3]}"),),
         messages={"ilsnn": "Single or list of non-negative integers expected at position `1`."})
def array(ev, f, dims, origin=None, head=None):
    sizes = _array_dims(dims)
    if sizes is None:
        ev.message(S.Array, "ilsnn", Integer(2))
        return None
    if origin is None:
        starts = [1] * len(sizes)
    elif int_value(origin) is not None:
        starts = [origin._value] * len(sizes)
    elif is_list(origin) and len(origin._args) == len(sizes) and all_integers(origin._args):
        starts = [a._value for a in origin._args]
    else:
        return None
    head = head if head is not None else LIST
    if not affordable(ev, _product(sizes)):
        return None

    def build(level, index):
        if level == len(sizes):
            return Expr(f, *index)
        s = starts[level]
        return Expr.from_args(head, (build(level + 1, index + (Integer(s + k),))
                                     for k in range(sizes[level])))
    if head is LIST:                     # numeric results pack, as Table's do
        return maybe_pack(ev.evaluate(build(0, ())))
    return build(0, ())


@builtin("ConstantArray", argc=2, usage="ConstantArray[c, n] is a list of n copies of c; "
         "ConstantArray[c, {n1, n2, …}] a nested array.",
         examples=(("ConstantArray[0, {2, 2}]", "{{0, 0}, {0, 0}}"),),
         messages={"ilsnn": "Single or list of non-negative integers expected at position `1`."})
def constant_array(ev, c, dims):
    sizes = _array_dims(dims)
    if sizes is None:
        ev.message(S.ConstantArray, "ilsnn", Integer(2))
        return None
    if not affordable(ev, _product(sizes)):
        return None
    if all(sizes) and element_kind(c) is None and is_list(c):
        c = to_packed(c) or c             # ConstantArray[{0.}, n] packs, as WL's does
    if all(sizes) and (element_kind(c) is not None or packed_array(c) is not None):
        value = scalar_value(c) if packed_array(c) is None else packed_array(c)
        filled = np.broadcast_to(value, tuple(sizes) + np.shape(value))
        return pack(np.array(filled))
    result = c
    for n in reversed(sizes):
        result = Expr.from_args(LIST, (result,) * n)
    return result
