"""Adding and removing elements: ``Join``, ``Append``/``Prepend`` (and ``…To``), ``Insert``,
``Delete``, ``Reverse``."""

from __future__ import annotations

import itertools

from wlnet.core.expr import Expr, Integer, S, Symbol
from wlnet.core.registry import builtin, declare
from wlnet.builtins._listutil import (
    ASSOCIATION, int_value, is_assoc, is_list, is_rule, mklist, nonneg_int, operator_form)
from wlnet.builtins.lists._shared import NOTHING, _position_spec


def merge_rules(rules):
    """Association arguments from rules in order: later rules win, a key keeps the place
    where it first appeared."""
    entries: dict = {}
    for r in rules:
        if is_rule(r):
            entries[r._args[0]] = r
    return tuple(entries.values())


def _join_at_level(ev, lists, level):
    if level == 1:
        return Expr.from_args(lists[0]._head, itertools.chain.from_iterable(x._args for x in lists))
    n = len(lists[0]._args)
    if any(type(x) is not Expr or len(x._args) != n for x in lists):
        return None
    rows = []
    for parts in zip(*(x._args for x in lists)):
        if any(type(p) is not Expr for p in parts):
            return None
        row = _join_at_level(ev, parts, level - 1)
        if row is None:
            return None
        rows.append(row)
    return Expr.from_args(lists[0]._head, rows)


# spliced by the evaluator when it evaluates the arguments of a List (or of h)
declare("Splice", attributes=("Protected",),
        usage="Splice[{e1, e2, …}] is spliced into any List it is an element of: {a, "
              "Splice[{b, c}]} is {a, b, c}; Splice[list, h] into h[…] instead (All: any "
              "head).")


@builtin("Join", attributes=("Flat", "OneIdentity", "Protected"), argc=(0, None),
         usage="Join[list1, list2, …] concatenates lists (or merges associations); "
         "Join[lists…, n] joins at level n.",
         examples=(("Join[{a, b}, {c}]", "{a, b, c}"),),
         messages={"heads": "Heads `1` and `2` at positions `3` and `4` are expected to be "
                            "the same.",
                   "nonl": "Nonatomic expression expected at position `1` in `2`."})
def join(ev, *args):
    if not args:
        return mklist(())
    level = 1
    if len(args) > 1 and type(args[-1]) is Integer and type(args[-2]) is Expr:
        level, args = args[-1]._value, args[:-1]
    for j, a in enumerate(args):
        if type(a) is not Expr:
            ev.message(S.Join, "nonl", Integer(j + 1), Expr(S.Join, *args))
            return None
    head = args[0]._head
    for j, a in enumerate(args):
        if a._head != head:
            ev.message(S.Join, "heads", head, a._head, Integer(1), Integer(j + 1))
            return None
    if head is ASSOCIATION:
        return Expr.from_args(ASSOCIATION, merge_rules(r for a in args for r in a._args))
    if len(args) == 1 and level == 1:
        return args[0]
    result = _join_at_level(ev, args, level)
    if level == 1 and head is S.List and type(result) is Expr:
        ev.mark_built_list(result, args)     # evaluated lists: their elements are too
    return result


def _add_element(ev, sym, e, x, at_end: bool):
    if type(e) is not Expr:
        ev.message(sym, "normal", Integer(1), Expr(sym, e, x))
        return None
    if is_assoc(e):
        if is_rule(x) and at_end:
            from wlnet.builtins._assoc_entries import with_entry
            return with_entry(ev, e, x)
        new = [x] if is_rule(x) else [r for r in x._args if is_rule(r)] \
            if type(x) is Expr and (is_list(x) or is_assoc(x)) else None
        if new is None:
            return None
        return Expr.from_args(ASSOCIATION, merge_rules(list(e._args) + new if at_end
                                                       else new + list(e._args)))
    result = Expr.from_args(e._head, e._args + (x,) if at_end else (x,) + e._args)
    if e._head is S.List and x is not NOTHING:
        ev.mark_built_list(result, (e, x))
    return result


@builtin("Append", argc=(1, 2), usage="Append[expr, elem] adds elem at the end; "
         "Append[elem] is the operator form.", examples=(("Append[{a, b}, c]", "{a, b, c}"),))
def append(ev, e, x=None):
    return None if x is None else _add_element(ev, S.Append, e, x, at_end=True)


@builtin("Prepend", argc=(1, 2), usage="Prepend[expr, elem] adds elem at the front; "
         "Prepend[elem] is the operator form.", examples=(("Prepend[{a, b}, c]", "{c, a, b}"),))
def prepend(ev, e, x=None):
    return None if x is None else _add_element(ev, S.Prepend, e, x, at_end=False)


operator_form("Append", 1)
operator_form("Prepend", 1)


_ADD_TO_MESSAGES = {"rvalue": "`1` has no value, so it cannot be changed."}


@builtin("AppendTo", attributes=("HoldFirst", "Protected"), argc=2,
         usage="AppendTo[x, elem] sets x to Append[x, elem].",
         examples=(("x = {1}; AppendTo[x, 2]; x", "{1, 2}"),),
         messages=_ADD_TO_MESSAGES)
def append_to(ev, x, elem):
    return _add_to(ev, S.AppendTo, x, elem, at_end=True)


@builtin("PrependTo", attributes=("HoldFirst", "Protected"), argc=2,
         usage="PrependTo[x, elem] sets x to Prepend[x, elem].",
         examples=(("x = {1}; PrependTo[x, 2]; x", "{2, 1}"),),
         messages=_ADD_TO_MESSAGES)
def prepend_to(ev, x, elem):
    return _add_to(ev, S.PrependTo, x, elem, at_end=False)


def _add_to(ev, caller, x, elem, at_end: bool):
    """AppendTo/PrependTo: ``x = Append[x, elem]`` (Prepend), in place when ``x``'s List is
    held by ``x`` alone.  A symbol without a value cannot be changed (as in WL, a
    message and the call unevaluated, instead of a recursion through Append[x, …])."""
    if type(x) is Symbol:
        rec = ev.definitions.get(x)
        if rec is None or rec.own is None:
            ev.message(caller, "rvalue", x)
            return None
        from wlnet.builtins.assignment import add_element_in_place
        result = add_element_in_place(ev, x, elem, at_end)
        if result is not None:
            return result
    return Expr(S.Set, x, Expr(S.Append if at_end else S.Prepend, x, elem))


def _insert_at(e, x, pos):
    """``e`` with ``x`` inserted at the position tuple ``pos`` (negative counts from the end,
    -1 being after the last element); None when that position does not exist."""
    if type(e) is not Expr or type(pos[0]) is not Integer:
        return None
    n, i = len(e._args), pos[0]._value
    if len(pos) == 1:
        k = i - 1 if i > 0 else n + i + 1
        if i == 0 or not 0 <= k <= n:
            return None
        return Expr.from_args(e._head, e._args[:k] + (x,) + e._args[k:])
    k = i - 1 if i > 0 else n + i
    if i == 0 or not 0 <= k < n:
        return None
    inner = _insert_at(e._args[k], x, pos[1:])
    if inner is None:
        return None
    return Expr.from_args(e._head, e._args[:k] + (inner,) + e._args[k + 1:])


@builtin("Insert", argc=(2, 3), usage="Insert[list, elem, n] inserts elem at position n "
         "(from the end for negative n); Insert[list, elem, {i, j, …}] deeper; "
         "Insert[list, elem, {pos1, pos2, …}] at several positions.",
         examples=(("Insert[{a, b, c}, x, 2]", "{a, x, b, c}"),),
         messages={"ins": "Cannot insert at position `1` in `2`."})
def insert(ev, e, x, pos=None):
    if pos is None:
        return None                                    # operator form Insert[elem, n]
    if is_list(pos) and pos._args and all(is_list(p) for p in pos._args):
        positions = [p._args for p in pos._args]
        # insert from the last position backwards so earlier positions stay valid
        positions.sort(key=lambda p: [a._value if type(a) is Integer else 0 for a in p],
                       reverse=True)
    else:
        positions = [_position_spec(pos)]
    result = e
    for p in positions:
        new = _insert_at(result, x, p) if p else None
        if new is None:
            ev.message(S.Insert, "ins", pos, e)
            return None
        result = new
    return result


operator_form("Insert", 2)


def _normalised_position(e, pos):
    """A position with negative indices resolved to positive ones, or None."""
    out = []
    for spec in pos:
        i = int_value(spec)
        if i is None or type(e) is not Expr:
            return None
        n = len(e._args)
        k = i if i >= 0 else n + i + 1
        if not 0 <= k <= n or (i != 0 and k == 0):
            return None
        out.append(k)
        e = e._head if k == 0 else e._args[k - 1]
    return tuple(out)


def _delete_positions(e, positions: set, prefix=()):
    kids = {p[len(prefix)] for p in positions if len(p) > len(prefix) and p[:len(prefix)] == prefix}
    if not kids:
        return e
    args = []
    for i, a in enumerate(e._args, 1):
        here = prefix + (i,)
        if here in positions:
            continue
        args.append(_delete_positions(a, positions, here) if i in kids else a)
    head = Expr(S.Sequence) if prefix + (0,) in positions else e._head
    if type(head) is Expr and head._head is S.Sequence and not head._args:
        return Expr.from_args(S.Sequence, args)
    return Expr.from_args(head, args)


@builtin("Delete", argc=(1, 2), usage="Delete[expr, n] removes the element at position n; "
         "Delete[expr, {i, j, …}] a deeper part; Delete[expr, {pos1, pos2, …}] several.",
         examples=(("Delete[{a, b, c}, 2]", "{a, c}"),),
         messages={"partw": "Part `1` of `2` does not exist."})
def delete(ev, e, pos=None):
    if pos is None:
        return None                                    # operator form Delete[n]
    if is_list(pos) and pos._args and all(is_list(p) for p in pos._args):
        raw = [p._args for p in pos._args]
    else:
        raw = [_position_spec(pos)]
    positions = set()
    for p in raw:
        q = _normalised_position(e, p)
        if q is None or not q:
            ev.message(S.Delete, "partw", pos, e)
            return None
        positions.add(q)
    return _delete_positions(e, positions)


operator_form("Delete", 1)


def _reverse_levels(e, levels: set, level=1):
    if type(e) is not Expr:
        return e
    args = e._args
    if max(levels) > level:
        args = tuple(_reverse_levels(a, levels, level + 1) for a in args)
    if level in levels:
        args = args[::-1]
    return Expr.from_args(e._head, args)


@builtin("Reverse", argc=(1, 2), usage="Reverse[expr] reverses the order of the elements; "
         "Reverse[expr, n] at level n; Reverse[expr, {n1, n2, …}] at several levels.",
         examples=(("Reverse[{a, b, c}]", "{c, b, a}"),))
def reverse(ev, e, levels=None):
    if type(e) is not Expr:
        ev.message(S.Reverse, "normal", Integer(1), Expr(S.Reverse, e))
        return None
    if levels is None:
        return Expr.from_args(e._head, e._args[::-1])
    if int_value(levels) is not None and levels._value > 0:
        wanted = {levels._value}
    elif is_list(levels) and levels._args and all(nonneg_int(a) for a in levels._args):
        wanted = {a._value for a in levels._args}
    else:
        return None
    return _reverse_levels(e, wanted)
