"""Grouping elements: ``GroupBy``, ``GatherBy``, ``Gather``, ``Split``, ``SplitBy``,
``Catenate``, ``MaximalBy``, ``MinimalBy``."""

from __future__ import annotations

from functools import cmp_to_key

from wlnet.core.expr import Expr, S, TRUE
from wlnet.core.registry import builtin
from wlnet.builtins._listutil import (
    ASSOCIATION, LIST, canonical_compare, is_assoc, is_list, is_rule, mklist, nonneg_int,
    operator_form)
from wlnet.builtins.lists._shared import UPTO, _assoc_values, _elements, _numeric_key


def _group_keys(ev, items, f):
    """Python dict key → list of items, in order of first occurrence of each key."""
    groups: dict = {}
    for x in items:
        groups.setdefault(ev.apply(f, x), []).append(x)
    return groups


@builtin("GroupBy", argc=(1, 3), usage="GroupBy[list, f] is an association from each "
         "value f[e] to the elements giving it; GroupBy[list, f -> g] keeps g[e]; "
         "GroupBy[list, spec, red] applies red to each group; GroupBy[f] is the operator form.",
         examples=(("GroupBy[{1, 2, 3}, OddQ]", "<|True -> {1, 3}, False -> {2}|>"),))
def group_by(ev, e, spec=None, reducer=None):
    if spec is None:
        return None
    if type(e) is not Expr:
        return None
    f, g = (spec._args if is_rule(spec) else (spec, None))
    fs = list(f._args) if is_list(f) else [f]
    if not fs:
        return None
    return _group_levels(ev, _elements(e), fs, g, reducer)


def _group_levels(ev, items, fs, g, reducer):
    """GroupBy with the functions ``fs``: nested associations, one level per function."""
    rules = []
    for k, members in _group_keys(ev, items, fs[0]).items():
        if len(fs) > 1:
            value = _group_levels(ev, members, fs[1:], g, reducer)
        else:
            value = mklist(members if g is None else (Expr(g, x) for x in members))
            if reducer is not None:
                value = Expr(reducer, value)
        rules.append(Expr(S.Rule, k, value))
    return Expr.from_args(ASSOCIATION, rules)


operator_form("GroupBy", 1)


@builtin("GatherBy", argc=2, usage="GatherBy[list, f] gathers into sublists the elements "
         "with the same value of f, in order of first occurrence.",
         examples=(("GatherBy[{1, 2, 3, 4}, EvenQ]", "{{1, 3}, {2, 4}}"),))
def gather_by(ev, e, f):
    if type(e) is not Expr:
        return None
    if is_list(f):
        if not f._args:
            return e
        first_level = gather_by(ev, e, f._args[0])
        rest_fs = Expr.from_args(LIST, f._args[1:])
        return Expr.from_args(e._head, (gather_by(ev, g, rest_fs) for g in first_level._args))
    return Expr.from_args(e._head, (Expr.from_args(e._head, g)
                                    for g in _group_keys(ev, e._args, f).values()))


@builtin("Gather", argc=(1, 2), usage="Gather[list] gathers identical elements into "
         "sublists; Gather[list, test] uses test to decide which are the same.",
         examples=(("Gather[{a, b, a}]", "{{a, a}, {b}}"),))
def gather(ev, e, test=None):
    if type(e) is not Expr:
        return None
    if test is None or test is S.SameQ:
        groups: dict = {}
        for x in e._args:
            groups.setdefault(x, []).append(x)
        blocks = list(groups.values())
    else:
        blocks = []
        for x in e._args:
            for b in blocks:
                if ev.apply(test, b[0], x) is TRUE:
                    b.append(x)
                    break
            else:
                blocks.append([x])
    return Expr.from_args(e._head, (Expr.from_args(e._head, b) for b in blocks))


def _runs(items, same):
    blocks: list = []
    for x in items:
        if blocks and same(blocks[-1][-1], x):
            blocks[-1].append(x)
        else:
            blocks.append([x])
    return blocks


@builtin("Split", argc=(1, 2), usage="Split[list] splits list into runs of identical "
         "elements; Split[list, test] starts a new run where test[prev, next] is not True.",
         examples=(("Split[{a, a, b, a}]", "{{a, a}, {b}, {a}}"),))
def split(ev, e, test=None):
    if type(e) is not Expr:
        return None
    if test is None or test is S.SameQ:
        blocks = _runs(e._args, lambda a, b: a == b)
    else:
        blocks = _runs(e._args, lambda a, b: ev.apply(test, a, b) is TRUE)
    return Expr.from_args(e._head, (Expr.from_args(e._head, b) for b in blocks))


@builtin("SplitBy", argc=2, usage="SplitBy[list, f] splits list into runs of elements with "
         "the same value of f.", examples=(("SplitBy[{1, 3, 2, 4, 5}, OddQ]",
                                            "{{1, 3}, {2, 4}, {5}}"),))
def split_by(ev, e, f):
    if type(e) is not Expr:
        return None
    if is_list(f):                  # SplitBy[list, {f1, f2, …}]: by f1, each run by f2, …
        if not f._args:
            return e
        runs = split_by(ev, e, f._args[0])
        if len(f._args) == 1:
            return runs
        rest = Expr.from_args(f._head, f._args[1:])
        return Expr.from_args(runs._head, (split_by(ev, run, rest) for run in runs._args))
    keyed = [(ev.apply(f, x), x) for x in e._args]
    blocks = _runs(keyed, lambda a, b: a[0] == b[0])
    return Expr.from_args(e._head, (Expr.from_args(e._head, (x for _, x in b)) for b in blocks))


@builtin("Catenate", argc=1, usage="Catenate[{list1, list2, …}] joins the lists (or the "
         "values of associations) into one list.",
         examples=(("Catenate[{{a, b}, {c}}]", "{a, b, c}"),),
         messages={"invrp": "`1` is not a list or association."})
def catenate(ev, e):
    if type(e) is not Expr:
        return None
    out = []
    for x in _elements(e):
        if is_list(x):
            out.extend(x._args)
        elif is_assoc(x):
            out.extend(_assoc_values(x))
        else:
            ev.message(S.Catenate, "invrp", x)
            return None
    return mklist(out)


def _extreme_by(ev, e, f, n, sign):
    if type(e) is not Expr:
        return None
    items = _elements(e)
    keys = [ev.apply(f, x) for x in items]
    numeric = _numeric_key(keys)

    def cmp(i, j):
        if numeric is not None:
            a, b = numeric(keys[i]), numeric(keys[j])
            c = (a > b) - (a < b)
        else:
            c = canonical_compare(keys[i], keys[j])
        return sign * c or i - j
    order = sorted(range(len(items)), key=cmp_to_key(cmp))
    # an association gives an association of the chosen entries (WL keeps the keys)
    if is_assoc(e):
        result = _assoc_entries(e)
    else:
        def result(positions):
            return mklist(items[i] for i in positions)
    if n is None:
        if not order:
            return result(())
        best = keys[order[0]]
        return result(i for i in range(len(items)) if _same_key(keys[i], best, numeric))
    k = nonneg_int(n) if not (type(n) is Expr and n._head is UPTO) else \
        nonneg_int(n._args[0])
    if k is None:
        return None
    return result(order[:k])


def _assoc_entries(assoc):
    """A builder: the association of ``assoc``'s entries at the given value positions."""
    rules = [a for a in assoc._args if is_rule(a)]
    return lambda positions: Expr.from_args(ASSOCIATION, (rules[i] for i in positions))


def _same_key(a, b, numeric):
    if numeric is not None:
        return numeric(a) == numeric(b)
    return canonical_compare(a, b) == 0


@builtin("MaximalBy", argc=(1, 3), usage="MaximalBy[list, f] is the elements for which f "
         "is largest; MaximalBy[list, f, n] the n largest, largest first.",
         examples=(("MaximalBy[{{a, 1}, {b, 3}}, Last]", "{{b, 3}}"),))
def maximal_by(ev, e, f=None, n=None):
    if f is None:
        return None
    return _extreme_by(ev, e, f, n, -1)


@builtin("MinimalBy", argc=(1, 3), usage="MinimalBy[list, f] is the elements for which f "
         "is smallest; MinimalBy[list, f, n] the n smallest, smallest first.",
         examples=(("MinimalBy[{{a, 1}, {b, 3}}, Last]", "{{a, 1}}"),))
def minimal_by(ev, e, f=None, n=None):
    if f is None:
        return None
    return _extreme_by(ev, e, f, n, 1)


operator_form("MaximalBy", 1)
operator_form("MinimalBy", 1)
