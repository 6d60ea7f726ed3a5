"""Arithmetic over a list: ``Total``, ``Accumulate``, ``Differences``, ``Mean`` (also of a
list of images), ``Median``."""

from __future__ import annotations

import itertools

from wlnet.core.expr import Expr, Integer, Rational, S, make_rational
from wlnet.core.image import Image, with_data
from wlnet.core.registry import builtin
from wlnet.builtins._listutil import (
    all_integers, is_assoc, is_infinity, is_list, is_rule, mklist, nonneg_int, spoken_for,
    values_if_assoc)
from wlnet.builtins.lists._shared import (
    PLUS, TIMES, _elements, _flatten_into, _numeric_key, _plus_all)
from wlnet.builtins.lists.reshaping import transpose


def _total(ev, e, lo: int, hi):
    """Sum over levels lo..hi (hi None: all) of ``e``."""
    if type(e) is not Expr:
        return e
    if lo > 1:
        return Expr.from_args(e._head, (_total(ev, a, lo - 1, None if hi is None else hi - 1)
                                        for a in _elements(e)))
    if hi is not None and hi < 1:
        return e
    items = _elements(e)
    if hi is None or hi > 1:
        out: list = []
        _flatten_into(out, items, e._head, None if hi is None else hi - 1)
        items = out
    return _plus_all(ev, items)


@builtin("Total", argc=(1, 2), usage="Total[list] is the sum of the elements of list; "
         "Total[list, n] sums over levels 1 to n; Total[list, {n}] at level n only "
         "(negative levels count from the bottom: Total[m, {-1}] sums each row).",
         examples=(("Total[{1, 2, 3}]", "6"), ("Total[{{1, 2}, {3, 4}}]", "{4, 6}")))
def total(ev, e, spec=None):
    if type(e) is not Expr:
        return None
    if spec is None:
        return _plus_all(ev, _elements(e))
    if is_infinity(spec):
        return _total(ev, e, 1, None)
    if type(spec) is Integer:
        hi = _level(e, spec._value)
        return None if hi is None else _total(ev, e, 1, hi)
    if is_list(spec) and len(spec._args) in (1, 2) and all(type(a) is Integer
                                                          for a in spec._args):
        lo, hi = (_level(e, a._value) for a in (spec._args[0], spec._args[-1]))
        return None if lo is None or hi is None else _total(ev, e, lo, hi)
    return None


def _level(e, n: int):
    """Level n of ``e`` as a positive level: -k is the level of the parts of depth k
    (Total[m, {-1}] sums a matrix's rows); None for a level above the list (-k past the
    top)."""
    if n >= 0:
        return n
    depth, part = 1, e
    while type(part) is Expr and part._args and is_list(part):
        depth += 1
        part = _elements(part)[0]
    level = depth + n
    return level if level >= 0 else None


@builtin("Accumulate", argc=1, usage="Accumulate[list] is the list of running totals.",
         examples=(("Accumulate[{1, 2, 3}]", "{1, 3, 6}"),))
def accumulate(ev, e):
    if type(e) is not Expr:
        return None
    if is_assoc(e):                  # running totals of the values, under the same keys
        rules = [a for a in e._args if is_rule(a)]
        totals = accumulate(ev, values_if_assoc(e))._args
        return Expr.from_args(e._head, (Expr(r._head, r._args[0], t)
                                        for r, t in zip(rules, totals)))
    items = e._args
    if all_integers(items):
        return Expr.from_args(e._head, (Integer(v) for v in
                                        itertools.accumulate(a._value for a in items)))
    out, acc = [], None
    for x in items:
        acc = x if acc is None else ev.apply(PLUS, acc, x)
        out.append(acc)
    return Expr.from_args(e._head, out)


def _differences(ev, items):
    if all_integers(items):
        return [Integer(b._value - a._value) for a, b in zip(items, items[1:])]
    return [ev.apply(PLUS, b, ev.apply(TIMES, Integer(-1), a)) for a, b in zip(items, items[1:])]


@builtin("Differences", argc=(1, 2), usage="Differences[list] is the list of successive "
         "differences; Differences[list, n] the n-th differences.",
         examples=(("Differences[{1, 4, 9, 16}]", "{3, 5, 7}"),))
def differences(ev, e, n=None):
    if type(e) is not Expr:
        return None
    times = 1 if n is None else nonneg_int(n)
    if times is None:
        return None
    items = list(e._args)
    for _ in range(times):
        items = _differences(ev, items)
    return Expr.from_args(e._head, items)


@builtin("Mean", argc=1, usage="Mean[list] is the average of the elements of list "
         "(column means for a matrix).",
         examples=(("Mean[{1, 2, 3, 4}]", "5/2"),),
         messages={"rectn": "Rectangular array of real numbers is expected at position `1` "
                             "in `2`."})
def mean(ev, e):
    e = values_if_assoc(e)
    if not is_list(e) or not e._args:
        if not spoken_for("Mean", e):
            ev.message(S.Mean, "rectn", Integer(1), Expr(S.Mean, e))
        return None
    images = _mean_image(e._args)
    if images is not None:
        return images
    n = len(e._args)
    if all_integers(e._args):
        return make_rational(sum(a._value for a in e._args), n)
    return Expr(TIMES, Expr(S.Power, Integer(n), Integer(-1)), _plus_all(ev, e._args))


def _mean_image(items):
    """The pixel-wise mean of images of one size and colour space (as WL's Mean of a list
    of images); None when the items are not such images."""
    first = items[0]
    if type(first) is not Image or not all(
            type(x) is Image and x.data.shape == first.data.shape
            and x.color_space == first.color_space for x in items):
        return None
    return with_data(first, sum(x.reals() for x in items) / len(items))


@builtin("Median", argc=1, usage="Median[list] is the middle value of the sorted numbers "
         "(the mean of the two middle ones for an even count).",
         examples=(("Median[{3, 1, 2, 4}]", "5/2"),),
         messages={"rectn": "Rectangular array of real numbers is expected at position `1` "
                             "in `2`."})
def median(ev, e):
    e = values_if_assoc(e)
    if not is_list(e) or not e._args:
        if not spoken_for("Median", e):
            ev.message(S.Median, "rectn", Integer(1), Expr(S.Median, e))
        return None
    if all(is_list(r) for r in e._args):
        cols = transpose(ev, e)
        return None if cols is None else mklist(Expr(S.Median, c) for c in cols._args)
    key = _numeric_key(e._args)
    if key is None:
        ev.message(S.Median, "rectn", Integer(1), Expr(S.Median, e))
        return None
    items = sorted(e._args, key=key)
    n = len(items)
    if n % 2:
        return items[n // 2]
    a, b = items[n // 2 - 1], items[n // 2]
    if type(a) is Integer and type(b) is Integer:
        return make_rational(a._value + b._value, 2)
    return Expr(TIMES, Rational(1, 2), Expr(PLUS, a, b))
