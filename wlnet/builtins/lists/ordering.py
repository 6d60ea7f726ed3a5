"""Sorting: ``Sort``, ``ReverseSort``, ``NumericalSort``, ``SortBy``, ``Ordering``."""

from __future__ import annotations

from functools import cmp_to_key

from wlnet.core.expr import Expr, FALSE, Integer, Real, S, TRUE
from wlnet.core.registry import builtin
from wlnet.builtins._listutil import (
    ALL, ASSOCIATION, canonical_compare, canonical_key, canonical_sorted, int_value, is_assoc,
    is_list, is_rule, mklist, operator_form)
from wlnet.builtins.lists._shared import _assoc_values, _elements, _numeric_key


def _order_function_cmp(ev, p):
    """A comparison from an ordering function: ``p[a, b]`` True (or 1) keeps a first."""
    def cmp(a, b):
        r = ev.apply(p, a, b)
        if r is TRUE:
            return -1
        if r is FALSE:
            return 1
        v = int_value(r)
        return -v if v is not None else 0
    return cmp


def _sorted(ev, items, p=None):
    if p is None:
        return canonical_sorted(items)
    if p is S.Less or p is S.LessEqual or p is S.Greater or p is S.GreaterEqual:
        key = _numeric_key(items)
        if key is not None:
            return sorted(items, key=key, reverse=p is S.Greater or p is S.GreaterEqual)
    return sorted(items, key=cmp_to_key(_order_function_cmp(ev, p)))


def _sort_assoc_by_values(e, order_of_values):
    rules = [a for a in e._args if is_rule(a)]
    return Expr.from_args(ASSOCIATION, (rules[j] for j in order_of_values))


@builtin("Sort", argc=(1, 2), usage="Sort[list] sorts into canonical order; Sort[list, p] "
         "uses the ordering function p.",
         examples=(("Sort[{c, a, b}]", "{a, b, c}"), ("Sort[{1, 3, 2}, Greater]", "{3, 2, 1}")))
def sort(ev, e, p=None):
    if type(e) is not Expr:
        ev.message(S.Sort, "normal", Integer(1), Expr(S.Sort, e))
        return None
    if is_assoc(e):
        return _sort_assoc(e, canonical_compare if p is None else _order_function_cmp(ev, p))
    return Expr.from_args(e._head, _sorted(ev, e._args, p))


def _sort_assoc(e, compare):
    """The association with its rules ordered by ``compare`` of their values (stable)."""
    values = _assoc_values(e)
    order = sorted(range(len(values)),
                   key=cmp_to_key(lambda i, j: compare(values[i], values[j])))
    return _sort_assoc_by_values(e, order)


@builtin("ReverseSort", argc=(1, 2), usage="ReverseSort[list] sorts into reverse canonical "
         "order (largest first); ReverseSort[list, p] sorts by the reverse of the ordering "
         "function p.  Ties keep their order; an association is sorted by its values.",
         examples=(("ReverseSort[{2, 3, 1}]", "{3, 2, 1}"),
                   ("ReverseSort[<|a -> 1, b -> 3|>]", "<|b -> 3, a -> 1|>")))
def reverse_sort(ev, e, p=None):
    if type(e) is not Expr:
        ev.message(S.ReverseSort, "normal", Integer(1), Expr(S.ReverseSort, e))
        return None
    compare = canonical_compare if p is None else _order_function_cmp(ev, p)
    reverse = cmp_to_key(lambda a, b: compare(b, a))
    if is_assoc(e):
        return _sort_assoc(e, lambda a, b: compare(b, a))
    return Expr.from_args(e._head, sorted(e._args, key=reverse))


def _numerical_compare(ev, a, b) -> int:
    """Numbers (Pi, 1/2, 2.) by their values, anything else after them in canonical
    order; equal values by canonical order, so the sort is repeatable."""
    x, y = ev.evaluate(Expr(S.N, a)), ev.evaluate(Expr(S.N, b))
    numeric_x, numeric_y = type(x) in (Integer, Real), type(y) in (Integer, Real)
    if numeric_x and numeric_y and x.value != y.value:
        return -1 if x.value < y.value else 1
    if numeric_x != numeric_y:
        return -1 if numeric_x else 1
    return canonical_compare(a, b)


@builtin("NumericalSort", argc=1, usage="NumericalSort[list] sorts numbers by their numerical "
         "values (Pi between 3 and 4); an association is sorted by its values.",
         examples=(("NumericalSort[{3, Pi, 1/2, 2.}]", "{1/2, 2., 3, Pi}"),
                   ("NumericalSort[<|a -> 3, b -> 1|>]", "<|b -> 1, a -> 3|>")))
def numerical_sort(ev, e):
    if type(e) is not Expr:
        ev.message(S.NumericalSort, "normal", Integer(1), Expr(S.NumericalSort, e))
        return None
    compare = lambda a, b: _numerical_compare(ev, a, b)
    if is_assoc(e):
        return _sort_assoc(e, compare)
    return Expr.from_args(e._head, sorted(e._args, key=cmp_to_key(compare)))


def _sort_by_keys(ev, items, f):
    """Positions of ``items`` ordered by ``f[item]``, ties by the items themselves."""
    fs = f._args if is_list(f) else (f,)
    keys = [[ev.apply(g, x) for g in fs] for x in items]

    def cmp(i, j):
        for a, b in zip(keys[i], keys[j]):
            c = canonical_compare(a, b)
            if c:
                return c
        return canonical_compare(items[i], items[j])

    flat = [k[0] for k in keys] if len(fs) == 1 else None
    if flat is not None:
        nk = _numeric_key(flat)
        ik = _numeric_key(items)
        if nk is not None and ik is not None:
            return sorted(range(len(items)), key=lambda i: (nk(flat[i]), ik(items[i])))
        if nk is not None:       # numeric keys: by value; the canonical order only for ties
            canonical = cmp_to_key(canonical_compare)
            return sorted(range(len(items)), key=lambda i: (
                nk(flat[i]), _Tie(canonical, flat[i], items[i])))
    return sorted(range(len(items)), key=cmp_to_key(cmp))


class _Tie:
    """Orders two items whose keys have the same value: by the keys' canonical order (1
    before 1.), then the items'; built for every item, compared only on ties."""

    __slots__ = ("canonical", "key", "item")

    def __init__(self, canonical, key, item):
        self.canonical, self.key, self.item = canonical, key, item

    def __lt__(self, other) -> bool:
        a, b = self.canonical(self.key), self.canonical(other.key)
        if a < b or b < a:
            return a < b
        return self.canonical(self.item) < self.canonical(other.item)


@builtin("SortBy", argc=(1, 3), usage="SortBy[list, f] sorts by the values f[e]; "
         "SortBy[list, {f1, f2, …}] breaks ties with f2, …; SortBy[f] is the operator form.",
         examples=(("SortBy[{{2, a}, {1, b}}, First]", "{{1, b}, {2, a}}"),))
def sort_by(ev, e, f=None, p=None):
    if f is None:
        return None
    if type(e) is not Expr:
        ev.message(S.SortBy, "normal", Integer(1), Expr(S.SortBy, e, f))
        return None
    items = _elements(e)
    if p is not None:
        keyed = sorted(range(len(items)), key=cmp_to_key(
            lambda i, j, c=_order_function_cmp(ev, p), ks=[ev.apply(f, x) for x in items]:
            c(ks[i], ks[j])))
    else:
        keyed = _sort_by_keys(ev, items, f)
    if is_assoc(e):
        return _sort_assoc_by_values(e, keyed)
    return Expr.from_args(e._head, (items[i] for i in keyed))


operator_form("SortBy", 1)


@builtin("Ordering", argc=(1, 3), usage="Ordering[list] is the positions that put list in "
         "sorted order; Ordering[list, n] the first n of them (last n for -n); "
         "Ordering[list, n, p] sorts with p.",
         examples=(("Ordering[{c, a, b}]", "{2, 3, 1}"),))
def ordering(ev, e, n=None, p=None):
    if type(e) is not Expr:
        ev.message(S.Ordering, "normal", Integer(1), Expr(S.Ordering, e))
        return None
    items = _elements(e)
    if p is None:
        key = _numeric_key(items)
        if key is not None:
            order = sorted(range(len(items)), key=lambda i: (key(items[i]),
                                                             type(items[i]) is Real))
        else:
            order = sorted(range(len(items)), key=lambda i: canonical_key(items[i]))
    else:
        cmp = _order_function_cmp(ev, p)
        order = sorted(range(len(items)), key=cmp_to_key(lambda i, j: cmp(items[i], items[j])))
    if n is not None and n is not ALL:
        k = int_value(n)
        if k is None:
            return None
        order = order[:k] if k >= 0 else order[k:]
    return mklist(Integer(i + 1) for i in order)


@builtin("OrderingBy", argc=(2, 4),
         usage="OrderingBy[list, f] is the positions that put list in the order of the values "
               "f[e] (ties keep their order); OrderingBy[list, f, n] the first n of them.",
         examples=(("OrderingBy[{{a, 3}, {b, 1}, {c, 2}}, Last]", "{2, 3, 1}"),
                   ("OrderingBy[{-3, 1, 2}, Abs, 2]", "{2, 3}")))
def ordering_by(ev, e, f, n=None, p=None):
    if type(e) is not Expr:
        return None
    keys = ev.evaluate(Expr(S.Map, f, Expr(S.List, *_elements(e))))
    args = [keys] + ([n] if n is not None else []) + ([p] if p is not None else [])
    return ev.evaluate(Expr(S.Ordering, *args))
