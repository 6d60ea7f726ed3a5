"""Combining lists with a function: ``Outer``, ``Inner``, ``Thread``."""

from __future__ import annotations

from wlnet.core.expr import Expr, Integer, S
from wlnet.core.registry import builtin
from wlnet.builtins._listutil import LIST, affordable, int_value, is_list, mklist
from wlnet.builtins.lists._shared import PLUS
from wlnet.builtins.lists.structure import dimensions_of
from wlnet.builtins.lists.reshaping import transpose


def _outer(f, lists, k, acc, depth_limits):
    if k == len(lists):
        return Expr(f, *acc)

    def expand(x, d):
        if is_list(x) and (depth_limits[k] is None or d < depth_limits[k]):
            return Expr.from_args(LIST, (expand(y, d + 1) for y in x._args))
        return _outer(f, lists, k + 1, acc + (x,), depth_limits)
    return expand(lists[k], 0)


@builtin("Outer", argc=(2, None), usage="Outer[f, list1, list2, …] is the nested list of "
         "f[e1, e2, …] for every combination of elements at the lowest level of the lists.",
         examples=(("Outer[f, {a, b}, {x, y}]", "{{f[a, x], f[a, y]}, {f[b, x], f[b, y]}}"),))
def outer(ev, f, *lists):
    limits = [None] * len(lists)
    if len(lists) > 1 and type(lists[-1]) is Integer:
        n = lists[-1]._value
        lists = lists[:-1]
        limits = [n] * len(lists)
    if not lists or any(type(x) is not Expr for x in lists):
        return None
    size = 1
    for x, limit in zip(lists, limits):            # the result's size, before building it
        size *= _leaf_count(x, limit)
    if not affordable(ev, size):
        return None
    return _outer(f, lists, 0, (), limits)


def _leaf_count(x, limit, depth: int = 0) -> int:
    """How many elements Outer takes from ``x`` (those at its lowest list level)."""
    if is_list(x) and (limit is None or depth < limit):
        return sum(_leaf_count(y, limit, depth + 1) for y in x._args)
    return 1


@builtin("Inner", argc=(3, 4), usage="Inner[f, list1, list2, g] is the generalised inner "
         "product: g applied to f[a_i, b_i] summed over the last index of list1 and the first "
         "of list2 (g is Plus by default).",
         examples=(("Inner[f, {a, b}, {x, y}, g]", "g[f[a, x], f[b, y]]"),),
         messages={"incom": "Length `1` of dimension `2` in `3` is incommensurate with length "
                            "`4` of dimension `5` in `6`."})
def inner(ev, f, a, b, g=None):
    g = PLUS if g is None else g
    if not is_list(a) or not is_list(b):
        return None

    def rank(x):
        return len(dimensions_of(x))

    def contract(u, v):                 # u a vector, v of length len(u)
        if len(u._args) != len(v._args):
            raise ValueError
        if v._args and all(is_list(r) for r in v._args) and rank(v) > 1:
            cols = transpose(ev, v)
            if cols is None:
                raise ValueError
            return mklist(contract(u, c) for c in cols._args)
        return Expr(g, *(Expr(f, x, y) for x, y in zip(u._args, v._args)))

    def go(u):
        if u._args and all(is_list(r) for r in u._args):
            return mklist(go(r) for r in u._args)
        return contract(u, b)
    try:
        return go(a)
    except ValueError:
        ev.message(S.Inner, "incom", Integer(len(a._args)), Integer(1), a,
                   Integer(len(b._args)), Integer(1), b)
        return None


@builtin("Thread", argc=(1, 3), usage="Thread[f[{a1, a2}, {b1, b2}]] is {f[a1, b1], "
         "f[a2, b2]}: f is threaded over the lists among its arguments (other arguments are "
         "repeated); Thread[expr, h] threads over arguments with head h.",
         examples=(("Thread[{a, b} -> {1, 2}]", "{a -> 1, b -> 2}"),),
         messages={"tdlen": "Objects of unequal length in `1` cannot be combined."})
def thread(ev, e, h=None, n=None):
    h = LIST if h is None else h
    if type(e) is not Expr:
        return e
    args = e._args
    limit = len(args)
    if n is not None:
        k = int_value(n)
        if k is None:
            return None
        limit = k if k >= 0 else len(args) + k + 1
    threaded = [j for j, a in enumerate(args[:limit]) if type(a) is Expr and a._head == h]
    if not threaded:
        return e
    size = len(args[threaded[0]]._args)
    if any(len(args[j]._args) != size for j in threaded):
        ev.message(S.Thread, "tdlen", e)
        return e
    which = set(threaded)
    result = Expr.from_args(h, (Expr.from_args(e._head, (a._args[i] if j in which else a
                                                         for j, a in enumerate(args)))
                                for i in range(size)))
    if h is LIST and e._head in _INERT_HEADS:     # Thread[inputs -> outputs]: evaluated
        ev.mark_built_list(result, args)
    return result


# heads with no rules of their own: built from evaluated pieces, they are evaluated
_INERT_HEADS = (S.Rule, S.RuleDelayed, LIST)
