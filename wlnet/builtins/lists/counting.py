"""Counting elements: ``Counts``, ``CountsBy``, ``Tally``, ``CountDistinct``,
``CountDistinctBy``."""

from __future__ import annotations

from wlnet.core.expr import Expr, Integer, S, TRUE
from wlnet.core.registry import builtin
from wlnet.builtins._listutil import ASSOCIATION, mklist, operator_form
from wlnet.builtins.lists._shared import _elements, _expect_normal


@builtin("Counts", argc=1, usage="Counts[list] is an association from each distinct element "
         "to the number of times it occurs.",
         examples=(("Counts[{a, b, a}]", "<|a -> 2, b -> 1|>"),))
def counts(ev, e):
    if type(e) is not Expr:
        return None
    tally: dict = {}
    for x in _elements(e):
        tally[x] = tally.get(x, 0) + 1
    return Expr.from_args(ASSOCIATION, (Expr(S.Rule, k, Integer(v)) for k, v in tally.items()))


@builtin("CountsBy", argc=(1, 2), usage="CountsBy[list, f] is an association from each "
         "distinct f[e] to the number of elements giving it.",
         examples=(("CountsBy[{1, 2, 3}, OddQ]", "<|True -> 2, False -> 1|>"),))
def counts_by(ev, e, f=None):
    if f is None or type(e) is not Expr:
        return None
    tally: dict = {}
    for x in _elements(e):
        k = ev.apply(f, x)
        tally[k] = tally.get(k, 0) + 1
    return Expr.from_args(ASSOCIATION, (Expr(S.Rule, k, Integer(v)) for k, v in tally.items()))


operator_form("CountsBy", 1)


@builtin("Tally", argc=(1, 2), usage="Tally[list] is the list of {element, count} pairs in "
         "order of first occurrence; Tally[list, test] groups elements with test.",
         examples=(("Tally[{a, b, a}]", "{{a, 2}, {b, 1}}"),))
def tally(ev, e, test=None):
    call = Expr(S.Tally, e) if test is None else Expr(S.Tally, e, test)
    if not _expect_normal(ev, S.Tally, e, call):
        return None
    if test is None or test is S.SameQ:
        tally_: dict = {}
        for x in e._args:
            tally_[x] = tally_.get(x, 0) + 1
        pairs = tally_.items()
    else:
        groups: list = []
        for x in e._args:
            for g in groups:
                if ev.apply(test, g[0], x) is TRUE:
                    g[1] += 1
                    break
            else:
                groups.append([x, 1])
        pairs = groups
    return mklist(mklist((k, Integer(v))) for k, v in pairs)


@builtin("CountDistinct", argc=1, usage="CountDistinct[list] is the number of distinct "
         "elements of list.", examples=(("CountDistinct[{a, b, a, c}]", "3"),))
def count_distinct(ev, e):
    if type(e) is not Expr:
        return None
    return Integer(len(set(_elements(e))))


@builtin("CountDistinctBy", argc=(1, 2), usage="CountDistinctBy[list, f] is the number of "
         "distinct values f[e] of the elements of list.",
         examples=(("CountDistinctBy[{1, 2, 3, 4}, EvenQ]", "2"),))
def count_distinct_by(ev, e, f=None):
    if f is None or type(e) is not Expr:
        return None
    return Integer(len({ev.apply(f, x) for x in _elements(e)}))


operator_form("CountDistinctBy", 1)
