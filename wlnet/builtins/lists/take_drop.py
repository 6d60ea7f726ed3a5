"""Elements at the ends: ``First``, ``Last``, ``Rest``, ``Most``, ``Take``, ``Drop``."""

from __future__ import annotations

from wlnet.core.expr import Expr, Integer, S
from wlnet.core.registry import builtin
from wlnet.builtins._listutil import (
    ALL, NONE, all_integers, int_value, is_assoc, is_list, is_rule, nonneg_int)
from wlnet.builtins.lists._shared import UPTO, _expect_normal


@builtin("First", argc=(1, 2), usage="First[expr] is the first element of expr; "
         "First[expr, def] gives def when expr has none.",
         examples=(("First[{a, b, c}]", "a"),),
         messages={"nofirst": "`1` has zero length and no first element."})
def first(ev, e, default=None):
    if type(e) is Expr and e._args:
        a = e._args[0]
        return a._args[1] if is_assoc(e) and is_rule(a) else a
    if default is not None:
        return default
    if _expect_normal(ev, S.First, e, Expr(S.First, e)):
        ev.message(S.First, "nofirst", e)
    return None


@builtin("Last", argc=(1, 2), usage="Last[expr] is the last element of expr; "
         "Last[expr, def] gives def when expr has none.",
         examples=(("Last[{a, b, c}]", "c"),),
         messages={"nolast": "`1` has zero length and no last element."})
def last(ev, e, default=None):
    if type(e) is Expr and e._args:
        a = e._args[-1]
        return a._args[1] if is_assoc(e) and is_rule(a) else a
    if default is not None:
        return default
    if _expect_normal(ev, S.Last, e, Expr(S.Last, e)):
        ev.message(S.Last, "nolast", e)
    return None


@builtin("Rest", argc=1, usage="Rest[expr] is expr without its first element.",
         examples=(("Rest[{a, b, c}]", "{b, c}"),),
         messages={"norest": "Cannot take Rest of expression `1` with length zero."})
def rest(ev, e):
    if type(e) is Expr and e._args:
        return Expr.from_args(e._head, e._args[1:])
    if _expect_normal(ev, S.Rest, e, Expr(S.Rest, e)):
        ev.message(S.Rest, "norest", e)
    return None


@builtin("Most", argc=1, usage="Most[expr] is expr without its last element.",
         examples=(("Most[{a, b, c}]", "{a, b}"),),
         messages={"nomost": "Cannot take Most of expression `1` with length zero."})
def most(ev, e):
    if type(e) is Expr and e._args:
        return Expr.from_args(e._head, e._args[:-1])
    if _expect_normal(ev, S.Most, e, Expr(S.Most, e)):
        ev.message(S.Most, "nomost", e)
    return None


class _SeqError(Exception):
    def __init__(self, first, last):
        super().__init__()
        self.first, self.last = first, last


def _seq_positions(spec, n: int):
    """0-based positions a Take/Drop sequence spec names: ``n``, ``-n``, ``{m}``,
    ``{m, n}``, ``{m, n, s}``, ``All``, ``None``, ``UpTo[n]``.  None when ``spec`` is not a
    sequence spec; raises _SeqError when the positions do not exist."""
    if spec is ALL:
        return range(n)
    if spec is NONE:
        return range(0)
    if type(spec) is Expr and spec._head is UPTO and len(spec._args) == 1:
        k = nonneg_int(spec._args[0])
        return range(min(k, n)) if k is not None else None
    i = int_value(spec)
    if i is not None:
        if abs(i) > n:
            raise _SeqError(Integer(1), spec) if i > 0 else _SeqError(spec, Integer(-1))
        return range(i) if i >= 0 else range(n + i, n)
    if not (is_list(spec) and 1 <= len(spec._args) <= 3 and all_integers(spec._args)):
        return None
    vals = [a._value for a in spec._args]
    m, last = vals[0], vals[1] if len(vals) > 1 else vals[0]
    step = vals[2] if len(vals) > 2 else 1
    if step == 0:
        return None
    m0 = m - 1 if m > 0 else n + m
    l0 = last - 1 if last >= 0 else n + last      # {m, 0}: nothing (m = 1)
    bad = m == 0 or last == 0 and len(vals) == 1
    if step > 0:
        bad = bad or not (0 <= m0 <= n and -1 <= l0 < n and m0 <= l0 + 1)
    else:
        bad = bad or not (0 <= m0 < n and 0 <= l0 < n)
    if bad:
        raise _SeqError(spec._args[0], spec._args[1] if len(vals) > 1 else spec._args[0])
    return range(m0, l0 + (1 if step > 0 else -1), step)


def _take_drop(ev, sym, e, specs, drop: bool):
    call = Expr(sym, e, *specs)
    tag = "drop" if drop else "take"

    def at_level(x, k):
        if k == len(specs):
            return x
        if type(x) is not Expr:
            raise _SeqError(None, None)
        positions = _seq_positions(specs[k], len(x._args))
        if positions is None:
            ev.message(sym, "seqs", specs[k], Integer(k + 2), call)
            raise StopIteration
        args = x._args
        if drop:
            chosen = set(positions)
            kept = [a for j, a in enumerate(args) if j not in chosen]
        else:
            kept = [args[j] for j in positions]
        # a list, not a generator: a bad spec deeper down stops the walk (StopIteration),
        # which a generator would turn into a RuntimeError
        return Expr.from_args(x._head, [at_level(a, k + 1) for a in kept]
                              if k + 1 < len(specs) else kept)

    if type(e) is not Expr:
        ev.message(sym, "normal", Integer(1), call)
        return None
    try:
        return at_level(e, 0)
    except StopIteration:
        return None
    except _SeqError as err:
        if err.first is None:
            ev.message(sym, "partd", call)
        else:
            ev.message(sym, tag, err.first, err.last, e)
        return None


_SEQ_MESSAGES = {
    "seqs": "Sequence specification (+n, -n, {+n}, {-n}, {m, n}, or {m, n, s}) expected "
            "at position `2` in `3`.",
    "partd": "Depth of object is less than the number of sequence specifications in `1`.",
}


@builtin("Take", argc=(1, None), usage="Take[list, n] is the first n elements (last n for -n); "
         "Take[list, {m, n}] elements m through n; Take[list, {m, n, s}] in steps of s; "
         "Take[list, UpTo[n]] at most n; more specs act on deeper levels.",
         examples=(("Take[{a, b, c, d}, -2]", "{c, d}"),),
         messages={"take": "Cannot take positions `1` through `2` in `3`.", **_SEQ_MESSAGES})
def take(ev, e, *specs):
    if not specs:
        return None
    return _take_drop(ev, S.Take, e, specs, drop=False)


@builtin("Drop", argc=(1, None), usage="Drop[list, n] is list without its first n elements "
         "(last n for -n); Drop[list, {m, n}] without elements m through n.",
         examples=(("Drop[{a, b, c, d}, 2]", "{c, d}"),),
         messages={"drop": "Cannot drop positions `1` through `2` in `3`.", **_SEQ_MESSAGES})
def drop(ev, e, *specs):
    if not specs:
        return None
    return _take_drop(ev, S.Drop, e, specs, drop=True)


def _take_count(spec, left: int) -> int | None:
    """How many elements one TakeList specification takes (n, UpTo[n], All)."""
    if type(spec) is Integer and spec.value >= 0:
        return spec.value if spec.value <= left else None
    if spec is S.All:
        return left
    if type(spec) is Expr and spec.head is S.UpTo and len(spec.args) == 1 \
            and type(spec.args[0]) is Integer and spec.args[0].value >= 0:
        return min(spec.args[0].value, left)
    return None


@builtin("TakeList", argc=2,
         usage="TakeList[list, {n1, n2, …}] is the successive sublists of n1, n2, … elements "
               "of list (UpTo[n] takes at most n, All the rest).",
         examples=(("TakeList[{a, b, c, d, e}, {2, 3}]", "{{a, b}, {c, d, e}}"),
                   ("TakeList[{a, b, c}, {1, All}]", "{{a}, {b, c}}")),
         messages={"take": "Cannot take `1` elements from the `2` elements left of `3`."})
def take_list(ev, e, specs):
    if type(e) is not Expr or not (type(specs) is Expr and specs.head is S.List):
        return None
    items = list(e.args)
    out, start = [], 0
    for spec in specs.args:
        n = _take_count(spec, len(items) - start)
        if n is None:
            ev.message(S.TakeList, "take", spec, Integer(len(items) - start), e)
            return None
        out.append(Expr.from_args(e.head, items[start:start + n]))
        start += n
    return Expr(S.List, *out)
