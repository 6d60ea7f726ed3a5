"""Lists as sets: ``Union``, ``Intersection``, ``Complement``, ``SymmetricDifference``,
``DeleteDuplicates``, ``DeleteAdjacentDuplicates``, ``DeleteDuplicatesBy``."""

from __future__ import annotations

import itertools

from wlnet.core.expr import FALSE, Expr, Integer, S, Symbol, TRUE
from wlnet.core.registry import builtin, split_options
from wlnet.builtins._listutil import canonical_sorted, mklist, operator_form


def _same_heads(ev, sym, args) -> bool:
    for j, a in enumerate(args):
        if type(a) is not Expr:
            ev.message(sym, "normal", Integer(j + 1), Expr(sym, *args))
            return False
    head = args[0]._head
    for j, a in enumerate(args):
        if a._head != head:
            ev.message(sym, "heads", head, a._head, Integer(1), Integer(j + 1))
            return False
    return True


def _unique(items):
    return list(dict.fromkeys(items))


def _unique_by_test(ev, items, test):
    kept = []
    for x in items:
        if not any(ev.apply(test, y, x) is TRUE for y in kept):
            kept.append(x)
    return kept


_HEADS_MSG = {"heads": "Heads `1` and `2` at positions `3` and `4` are expected to be the same."}


def _set_arguments(ev, sym, args):
    """(lists, SameTest) of a set operation's call: None when it stays unevaluated (after
    a message where one is due); no lists give ([], SameTest)."""
    split = split_options(args, {"SameTest": S.Automatic})
    if split is None:
        return None
    lists, opts = split
    if lists and not _same_heads(ev, sym, lists):
        return None
    return lists, opts["SameTest"]


def _set_operation(ev, sym, args, combine):
    given = _set_arguments(ev, sym, args)
    if given is None:
        return None
    lists, test = given
    if not lists:
        return mklist(())
    result = combine([list(x._args) for x in lists])
    if test is not S.Automatic:
        result = _unique_by_test(ev, result, test)
    return Expr.from_args(lists[0]._head, canonical_sorted(result))


@builtin("Union", attributes=("Flat", "OneIdentity", "Protected"), argc=(0, None),
         usage="Union[list1, list2, …] is the sorted list of distinct elements of all lists.",
         examples=(("Union[{c, a}, {b, a}]", "{a, b, c}"),), messages=_HEADS_MSG)
def union(ev, *args):
    return _set_operation(ev, S.Union, args,
                          lambda ls: _unique(itertools.chain.from_iterable(ls)))


@builtin("Intersection", attributes=("Flat", "OneIdentity", "Protected"), argc=(1, None),
         usage="Intersection[list1, list2, …] is the sorted list of elements common to all.",
         examples=(("Intersection[{a, b, c}, {b, c, d}]", "{b, c}"),), messages=_HEADS_MSG)
def intersection(ev, *args):
    def common(ls):
        keep = set(ls[0])
        for other in ls[1:]:
            keep &= set(other)
        return [x for x in _unique(ls[0]) if x in keep]
    return _set_operation(ev, S.Intersection, args, common)


@builtin("Complement", argc=(1, None), usage="Complement[all, e1, e2, …] is the sorted list "
         "of elements of all that are in no ei.",
         examples=(("Complement[{a, b, c, d}, {b}, {d}]", "{a, c}"),), messages=_HEADS_MSG)
def complement(ev, *args):
    def rest(ls):
        drop = set(itertools.chain.from_iterable(ls[1:]))
        return [x for x in _unique(ls[0]) if x not in drop]
    return _set_operation(ev, S.Complement, args, rest)


@builtin("SymmetricDifference", argc=(0, None), usage="SymmetricDifference[list1, list2, …] is "
         "the sorted list of elements that appear in an odd number of the lists.",
         examples=(("SymmetricDifference[{a, b, c}, {b, c, d}]", "{a, d}"),
                   ("SymmetricDifference[{1, 2}, {2, 3}, {3, 4}]", "{1, 4}")),
         messages=_HEADS_MSG)
def symmetric_difference(ev, *args):
    given = _set_arguments(ev, S.SymmetricDifference, args)
    if given is None:
        return None
    lists, test = given
    if not lists:
        return mklist(())
    # each distinct element (under SameTest: its first representative) and the lists it is in
    holders: dict = {}
    for k, lst in enumerate(lists):
        for x in lst._args:
            key = x if test is S.Automatic else next(
                (y for y in holders if ev.apply(test, y, x) is TRUE), x)
            holders.setdefault(key, set()).add(k)
    odd = [x for x, ks in holders.items() if len(ks) % 2 == 1]
    return Expr.from_args(lists[0]._head, canonical_sorted(odd))


@builtin("DeleteDuplicates", argc=(1, 2), usage="DeleteDuplicates[list] drops later copies "
         "of elements; DeleteDuplicates[list, test] treats a, b as copies when test[a, b].",
         examples=(("DeleteDuplicates[{b, a, b, c, a}]", "{b, a, c}"),))
def delete_duplicates(ev, e, test=None):
    if type(e) is not Expr:
        ev.message(S.DeleteDuplicates, "normal", Integer(1), Expr(S.DeleteDuplicates, e))
        return None
    if test is None or test is S.SameQ:
        return Expr.from_args(e._head, _unique(e._args))
    return Expr.from_args(e._head, _unique_by_test(ev, e._args, test))


@builtin("DeleteAdjacentDuplicates", argc=(1, 2), usage="DeleteAdjacentDuplicates[list] "
         "drops each element identical to the one before it; DeleteAdjacentDuplicates[list, "
         "test] drops b following a when test[a, b] is True.",
         examples=(("DeleteAdjacentDuplicates[{a, a, b, b, b, a, c, c}]", "{a, b, a, c}"),
                   ("DeleteAdjacentDuplicates[{1, 2, 4, 7, 8}, Abs[#1 - #2] <= 1 &]",
                    "{1, 4, 7}")))
def delete_adjacent_duplicates(ev, e, test=None):
    if type(e) is not Expr:
        ev.message(S.DeleteAdjacentDuplicates, "normal", Integer(1),
                   Expr(S.DeleteAdjacentDuplicates, e))
        return None
    items = e._args
    # each element is compared with the one just before it in the list, kept or not
    kept = [x for i, x in enumerate(items)
            if i == 0 or not (items[i - 1] == x if test is None or test is S.SameQ
                              else ev.apply(test, items[i - 1], x) is TRUE)]
    return Expr.from_args(e._head, kept)


@builtin("DuplicateFreeQ", argc=(1, 2), usage="DuplicateFreeQ[list] is True when no element "
         "of list appears twice; DuplicateFreeQ[list, test] when test[a, b] holds for no "
         "pair.",
         examples=(("DuplicateFreeQ[{1, 2, 3}]", "True"), ("DuplicateFreeQ[{a, b, a}]", "False")))
def duplicate_free_q(ev, e, test=None):
    if type(e) is not Expr or type(e._head) is not Symbol:
        return FALSE
    if test is None or test is S.SameQ:
        unique = _unique(e._args)
    else:
        unique = _unique_by_test(ev, e._args, test)
    return TRUE if len(unique) == len(e._args) else FALSE


@builtin("DeleteDuplicatesBy", argc=(1, 2), usage="DeleteDuplicatesBy[list, f] keeps the first "
         "element of each set with the same value of f.",
         examples=(("DeleteDuplicatesBy[{1, 2, 3, 4}, EvenQ]", "{1, 2}"),))
def delete_duplicates_by(ev, e, f=None):
    if f is None:
        return None                       # the operator form DeleteDuplicatesBy[f]
    if type(e) is not Expr:
        return None
    seen, kept = set(), []
    for x in e._args:
        k = ev.apply(f, x)
        if k not in seen:
            seen.add(k)
            kept.append(x)
    return Expr.from_args(e._head, kept)


operator_form("DeleteDuplicatesBy", 1)
