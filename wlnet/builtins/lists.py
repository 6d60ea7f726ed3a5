"""List builtins: construction, structure, parts, rearranging, set operations, statistics,
searching by pattern, grouping.

Builtins that take a function (``Select``, ``SortBy``, ``GroupBy``…) call it through
``ev.apply``; builtins that only build ``f[x]`` (``Array``, ``Outer``, ``Thread``) return the
structure unevaluated and let the evaluator evaluate the result once.  Integer-only fast paths
avoid a call into the evaluator per element where the answer is plain arithmetic.
"""

from __future__ import annotations

import itertools
import math
from itertools import repeat
from operator import is_
from fractions import Fraction
from functools import cmp_to_key

from wlnet.core.expr import Expr, FALSE, Integer, Rational, Real, S, String, TRUE, make_rational
from wlnet.core.registry import builtin, declare, split_options
from wlnet.builtins._listutil import (
    ALL, ASSOCIATION, LIST, NONE, LevelSpec, affordable, all_integers, assoc_index,
    canonical_compare,
    canonical_key, canonical_sorted, depth_of, from_number, int_value, is_assoc, is_infinity,
    is_list, is_rule, matcher, mklist, nonneg_int, number_value, operator_form,
    parse_levelspec, rule_applier, walk, wl_bool)

NOTHING = S.Nothing
MISSING = S.Missing
SPAN = S.Span
KEY = S.Key
UPTO = S.UpTo
PLUS = S.Plus
TIMES = S.Times


# ---------------------------------------------------------------------------- shared checks

def _expect_normal(ev, sym, e, call, position: int = 1) -> bool:
    """True when ``e`` has parts; otherwise issue ``sym::normal`` and return False."""
    if type(e) is Expr:
        return True
    ev.message(sym, "normal", Integer(position), call)
    return False


def _assoc_values(e):
    return [a._args[1] for a in e._args if is_rule(a)]


def _elements(e):
    """The parts a list function works on: an association's values, else the arguments."""
    return _assoc_values(e) if is_assoc(e) else list(e._args)


def _plus_all(ev, items):
    """``Plus @@ items`` with an exact-integer fast path."""
    if not items:
        return Integer(0)
    if all_integers(items):
        return Integer(sum(a._value for a in items))
    if len(items) == 1:
        return items[0]
    return ev.apply(PLUS, *items)


# ---------------------------------------------------------------------------- List, Nothing

declare("Missing", usage="Missing[reason, …] stands for data that is not available.")
declare("Nothing", usage="Nothing is removed from any list it appears in.")
declare("UpTo", usage="UpTo[n] asks for up to n elements, as many as are available.")
declare("Span", usage="i ;; j is the span of parts i through j (Span[i, j]).")
declare("Key", usage="Key[k] names the key k of an association in Part and friends.")


@builtin("List", attributes=("Locked", "Protected"),
         usage="{e1, e2, …} is a list of elements.",
         examples=(("{1, Nothing, 2}", "{1, 2}"),))
def list_(ev, *args):
    if any(map(is_, args, repeat(NOTHING))):           # identity tests at C speed
        return mklist(a for a in args if a is not NOTHING)
    return None


# ---------------------------------------------------------------------------- construction

def _range_values(ev, call, start, stop, step):
    """Elements start, start+step, … up to stop, as atoms of the combined number type."""
    a, b, d = number_value(start), number_value(stop), number_value(step)
    if a is None or b is None or d is None:
        return None
    if d == 0:
        ev.message(S.Range, "range", call)
        return None
    inexact = isinstance(a, float) or isinstance(d, float)
    span = (b - a) / d if inexact or isinstance(b, float) else Fraction(b - a) / Fraction(d)
    if span < 0:
        return []
    count = int(span + 1e-10) + 1 if isinstance(span, float) else int(span) + 1
    if not affordable(ev, count):
        return None
    if inexact:
        a, d = float(a), float(d)
        return [Real(a + k * d) for k in range(count)]
    if isinstance(a, int) and isinstance(d, int):
        return [Integer(a + k * d) for k in range(count)]
    a, d = Fraction(a), Fraction(d)
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
        return mklist(Integer(k) for k in range(1, stop._value + 1))
    if any(number_value(x) is None for x in (start, stop, step)):
        return _symbolic_range(ev, call, start, stop, step)
    values = _range_values(ev, call, start, stop, step)
    return None if values is None else mklist(values)


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
    result = c
    for n in reversed(sizes):
        result = Expr.from_args(LIST, (result,) * n)
    return result


# ---------------------------------------------------------------------------- structure

@builtin("Length", argc=1, usage="Length[expr] is the number of elements of expr "
         "(0 for an atom).", examples=(("Length[{a, b, c}]", "3"),))
def length(ev, e):
    return Integer(len(e._args)) if type(e) is Expr else Integer(0)


def dimensions_of(e, limit=None) -> list[int]:
    """The dimensions of the rectangular array that ``e``'s same-head subexpressions form."""
    if type(e) is not Expr:
        return []
    head, dims, layer = e._head, [], [e]
    while limit is None or len(dims) < limit:
        if type(layer[0]) is not Expr:
            return dims
        n = len(layer[0]._args)
        for x in layer:
            if type(x) is not Expr or len(x._args) != n or x._head != head:
                return dims
        dims.append(n)
        if n == 0:
            break
        layer = [a for x in layer for a in x._args]
    return dims


@builtin("Dimensions", argc=(1, 2), usage="Dimensions[expr] is the list of dimensions of a "
         "rectangular array; Dimensions[expr, n] looks at most n levels down.",
         examples=(("Dimensions[{{1, 2, 3}, {4, 5, 6}}]", "{2, 3}"),))
def dimensions(ev, e, n=None):
    limit = None
    if n is not None:
        if is_infinity(n):
            limit = None
        elif nonneg_int(n) is not None:
            limit = n._value
        else:
            return None
    return mklist(Integer(d) for d in dimensions_of(e, limit))


@builtin("Depth", argc=1, usage="Depth[expr] is one more than the largest number of indices "
         "needed to reach a part of expr.", examples=(("Depth[{{a}, b}]", "3"),))
def depth(ev, e):
    return Integer(depth_of(e))


# ---------------------------------------------------------------------------- Part

class PartError(Exception):
    """A part that does not exist.  ``tag`` and ``slots`` make the message ``Part::tag``
    (the assignment line reports it as ``Set::tag``)."""

    def __init__(self, tag: str, *slots):
        super().__init__(tag)
        self.tag = tag
        self.slots = slots


_PART_MESSAGES = {
    "partw": "Part `1` of `2` does not exist.",
    "partd": "Part specification `1` is longer than depth of object.",
    "pkspec1": "The expression `1` cannot be used as a part specification.",
    "take": "Cannot take positions `1` through `2` in `3`.",
}


def _index(i: int, n: int, e) -> int:
    """0-based position of the 1-based (or negative) index ``i`` among ``n`` elements."""
    k = i - 1 if i > 0 else n + i
    if i == 0 or not 0 <= k < n:
        raise PartError("partw", Integer(i), e)
    return k


def _span_positions(spec, n: int, e) -> range:
    """0-based positions picked by ``Span[a, b]`` / ``Span[a, b, s]``."""
    parts = spec._args
    if len(parts) not in (2, 3):
        raise PartError("pkspec1", spec)
    a = 1 if parts[0] is ALL else int_value(parts[0])
    b = n if parts[1] is ALL else int_value(parts[1])
    s = int_value(parts[2]) if len(parts) == 3 else 1
    if a is None or b is None or not s:
        raise PartError("pkspec1", spec)
    a0 = a - 1 if a > 0 else n + a
    b0 = b - 1 if b > 0 else n + b
    ok = (0 <= a0 < n or (s > 0 and a0 == b0 + 1 and 0 <= a0 <= n)) and -1 <= b0 < n
    if not ok:
        raise PartError("take", parts[0], parts[1], e)
    return range(a0, b0 + (1 if s > 0 else -1), s)


def _assoc_lookup(e, key):
    rule = assoc_index(e).get(key)
    if rule is None:
        return Expr(MISSING, String("KeyAbsent"), key)
    return rule._args[1]


def _is_key_spec(e, spec) -> bool:
    return is_assoc(e) and (type(spec) is String or (type(spec) is Expr and spec._head is KEY))


def _key_of(spec):
    return spec._args[0] if type(spec) is Expr and spec._head is KEY else spec


def _positions(e, spec):
    """0-based positions a multi-part spec (All, a list of indices, a span) selects, or
    None when ``spec`` picks a single part."""
    n = len(e._args)
    if spec is ALL:
        return range(n)
    if type(spec) is Expr and spec._head is SPAN:
        return _span_positions(spec, n, e)
    if is_list(spec):
        if is_assoc(e) and not all_integers(spec._args):
            keys = [_key_of(k) for k in spec._args]
            index = {r._args[0]: j for j, r in enumerate(e._args) if is_rule(r)}
            if any(k not in index for k in keys):
                missing = next(k for k in keys if k not in index)
                raise PartError("partw", missing, e)
            return [index[k] for k in keys]
        if not all_integers(spec._args):
            raise PartError("pkspec1", spec)
        return [_index(i._value, n, e) for i in spec._args]
    return None


def get_part(e, specs, k: int = 0):
    """``e[[specs[k]], specs[k+1], …]]``; raises PartError."""
    if k == len(specs):
        return e
    if type(e) is not Expr:
        raise PartError("partd", None)
    spec = specs[k]
    if type(spec) is Integer:
        i = spec._value
        if i == 0:
            return get_part(e._head, specs, k + 1)
        sub = e._args[_index(i, len(e._args), e)]
        if is_assoc(e) and is_rule(sub):
            sub = sub._args[1]
        return get_part(sub, specs, k + 1)
    if _is_key_spec(e, spec):
        return get_part(_assoc_lookup(e, _key_of(spec)), specs, k + 1)
    positions = _positions(e, spec)
    if positions is None:
        raise PartError("pkspec1", spec)
    args = e._args
    if is_assoc(e):
        return Expr.from_args(ASSOCIATION, (Expr(args[j]._head, args[j]._args[0],
                                                 get_part(args[j]._args[1], specs, k + 1))
                                            if is_rule(args[j]) else args[j]
                                            for j in positions))
    if k + 1 == len(specs):
        return Expr.from_args(e._head, (args[j] for j in positions))
    return Expr.from_args(e._head, (get_part(args[j], specs, k + 1) for j in positions))


def _part_message(ev, sym, err: PartError, call):
    slots = err.slots
    if err.tag == "partd":
        slots = (call,)
    ev.message(sym, err.tag, *slots)


@builtin("Part", attributes=("NHoldRest", "Protected", "ReadProtected"), argc=(1, None),
         usage="expr[[i]] is the i-th part of expr; expr[[i, j, …]], expr[[{i1, i2}]], "
         "expr[[m ;; n]], expr[[All, j]] and assoc[[\"key\"]] pick deeper and several parts.",
         examples=(("{a, b, c}[[-1]]", "c"), ("{{1, 2}, {3, 4}}[[All, 2]]", "{2, 4}")),
         messages=_PART_MESSAGES)
def part(ev, e, *specs):
    try:
        return get_part(e, specs)
    except PartError as err:
        _part_message(ev, S.Part, err, Expr(S.Part, e, *specs))
        return None


def _distribute(value, count: int):
    """Values for ``count`` positions: a list of that length is spread, else repeated."""
    if is_list(value) and len(value._args) == count:
        return value._args
    return (value,) * count


def part_set(expr, indices, value):
    """``expr`` with the part at ``indices`` replaced by ``value`` (what ``a[[i, …]] = value``
    stores).  A multi-part spec (All, a list, a span) spreads a list ``value`` of the right
    length over its positions, otherwise puts ``value`` at each.  An association given an
    absent key gets a new entry.  Raises PartError when the part does not exist."""
    return _set_part(expr, tuple(indices), 0, value)


def _set_part(e, specs, k, value):
    if k == len(specs):
        return value
    if type(e) is not Expr:
        raise PartError("partd", None)
    spec, args = specs[k], list(e._args)
    if type(spec) is Integer:
        i = spec._value
        if i == 0:
            return Expr.from_args(_set_part(e._head, specs, k + 1, value), args)
        j = _index(i, len(args), e)
        if is_assoc(e) and is_rule(args[j]):
            r = args[j]
            args[j] = Expr(r._head, r._args[0], _set_part(r._args[1], specs, k + 1, value))
        else:
            args[j] = _set_part(args[j], specs, k + 1, value)
        return Expr.from_args(e._head, args)
    if _is_key_spec(e, spec):
        key = _key_of(spec)
        for j, r in enumerate(args):
            if is_rule(r) and r._args[0] == key:
                args[j] = Expr(r._head, key, _set_part(r._args[1], specs, k + 1, value))
                return Expr.from_args(e._head, args)
        if k + 1 != len(specs):
            raise PartError("partw", key, e)
        args.append(Expr(S.Rule, key, value))
        return Expr.from_args(e._head, args)
    positions = _positions(e, spec)
    if positions is None:
        raise PartError("pkspec1", spec)
    positions = list(positions)
    for j, v in zip(positions, _distribute(value, len(positions))):
        if is_assoc(e) and is_rule(args[j]):
            r = args[j]
            args[j] = Expr(r._head, r._args[0], _set_part(r._args[1], specs, k + 1, v))
        else:
            args[j] = _set_part(args[j], specs, k + 1, v)
    return Expr.from_args(e._head, args)


def _position_spec(pos):
    """A position ``{i, j, …}`` (or a single index) as a tuple of part specs."""
    return tuple(pos._args) if is_list(pos) else (pos,)


@builtin("Extract", argc=(1, 3), usage="Extract[expr, {i, j, …}] is the part at that "
         "position; Extract[expr, {pos1, pos2, …}] a list of parts; Extract[expr, pos, h] "
         "wraps each part in h before it is evaluated.",
         examples=(("Extract[{{a, b}, {c, d}}, {2, 1}]", "c"),), messages=_PART_MESSAGES)
def extract(ev, e, pos=None, h=None):
    if pos is None:
        return None                                    # operator form Extract[pos]
    try:
        if is_list(pos) and pos._args and all(is_list(p) for p in pos._args):
            parts = [get_part(e, _position_spec(p)) for p in pos._args]
            return mklist(Expr(h, p) if h is not None else p for p in parts)
        result = get_part(e, _position_spec(pos))
    except PartError as err:
        _part_message(ev, S.Extract, err, Expr(S.Extract, e, pos))
        return None
    return Expr(h, result) if h is not None else result


operator_form("Extract", 1)


# ---------------------------------------------------------------------------- First … Drop

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
    l0 = last - 1 if last > 0 else n + last
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
        return Expr.from_args(x._head, (at_level(a, k + 1) for a in kept)
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


# ---------------------------------------------------------------------------- joining

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
    return _join_at_level(ev, args, level)


def _add_element(ev, sym, e, x, at_end: bool):
    if type(e) is not Expr:
        ev.message(sym, "normal", Integer(1), Expr(sym, e, x))
        return None
    if is_assoc(e):
        new = [x] if is_rule(x) else [r for r in x._args if is_rule(r)] \
            if type(x) is Expr and (is_list(x) or is_assoc(x)) else None
        if new is None:
            return None
        return Expr.from_args(ASSOCIATION, merge_rules(list(e._args) + new if at_end
                                                       else new + list(e._args)))
    return Expr.from_args(e._head, e._args + (x,) if at_end else (x,) + e._args)


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


@builtin("AppendTo", attributes=("HoldFirst", "Protected"), argc=2,
         usage="AppendTo[x, elem] sets x to Append[x, elem].",
         examples=(("x = {1}; AppendTo[x, 2]; x", "{1, 2}"),))
def append_to(ev, x, elem):
    return Expr(S.Set, x, Expr(S.Append, x, elem))


@builtin("PrependTo", attributes=("HoldFirst", "Protected"), argc=2,
         usage="PrependTo[x, elem] sets x to Prepend[x, elem].",
         examples=(("x = {1}; PrependTo[x, 2]; x", "{2, 1}"),))
def prepend_to(ev, x, elem):
    return Expr(S.Set, x, Expr(S.Prepend, x, elem))


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


# ---------------------------------------------------------------------------- ordering

_REAL_TYPES = (Integer, Rational, Real)


def _numeric_key(items):
    """A numeric sort key when every item is a real number atom, else None."""
    for a in items:
        if type(a) not in _REAL_TYPES:
            return None
    return number_value


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
        values = _assoc_values(e)
        compare = canonical_compare if p is None else _order_function_cmp(ev, p)
        order = sorted(range(len(values)),
                       key=cmp_to_key(lambda i, j: compare(values[i], values[j])))
        return _sort_assoc_by_values(e, order)
    return Expr.from_args(e._head, _sorted(ev, e._args, p))


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
    return sorted(range(len(items)), key=cmp_to_key(cmp))


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


# ---------------------------------------------------------------------------- set operations

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


def _set_operation(ev, sym, args, combine):
    split = split_options(args, {"SameTest": S.Automatic})
    if split is None:
        return None
    lists, opts = split
    if not lists:
        return mklist(())
    if not _same_heads(ev, sym, lists):
        return None
    test = opts["SameTest"]
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


@builtin("DeleteDuplicatesBy", argc=2, usage="DeleteDuplicatesBy[list, f] keeps the first "
         "element of each set with the same value of f.",
         examples=(("DeleteDuplicatesBy[{1, 2, 3, 4}, EvenQ]", "{1, 2}"),))
def delete_duplicates_by(ev, e, f):
    if type(e) is not Expr:
        return None
    seen, kept = set(), []
    for x in e._args:
        k = ev.apply(f, x)
        if k not in seen:
            seen.add(k)
            kept.append(x)
    return Expr.from_args(e._head, kept)


# ---------------------------------------------------------------------------- reshaping

def _flatten_into(out: list, args, head, depth):
    """Append ``args`` to ``out``, splicing subexpressions with ``head`` ``depth`` levels
    deep (None: all the way)."""
    for a in args:
        if type(a) is Expr and (a._head is head or a._head == head) \
                and (depth is None or depth > 0):
            _flatten_into(out, a._args, head, None if depth is None else depth - 1)
        else:
            out.append(a)


def _flatten_dims(ev, e, groups):
    """``Flatten[e, {{s11, s12, …}, {s21, …}, …}]``: a rectangular array regrouped so that
    level i of the result runs over the levels in group i of ``e``."""
    levels = [g for grp in groups for g in grp]
    dims = dimensions_of(e)
    if sorted(levels) != list(range(1, len(levels) + 1)) or len(dims) < len(levels):
        return None

    def element(index):           # index[j] = position at original level j+1
        x = e
        for i in index:
            x = x._args[i]
        return x

    def build(g, index):
        if g == len(groups):
            return element(index)
        grp = groups[g]
        ranges = [range(dims[lv - 1]) for lv in grp]
        out = []
        for combo in itertools.product(*ranges):
            idx = list(index)
            for lv, i in zip(grp, combo):
                idx[lv - 1] = i
            out.append(build(g + 1, idx))
        return Expr.from_args(e._head, out)
    return build(0, [0] * len(levels))


@builtin("Flatten", argc=(1, 3), usage="Flatten[list] splices all nested lists; "
         "Flatten[list, n] to level n; Flatten[list, n, h] splices subexpressions with head h; "
         "Flatten[list, {{s11, …}, {s21, …}}] regroups levels.",
         examples=(("Flatten[{a, {b, {c}}}]", "{a, b, c}"),
                   ("Flatten[{a, {b, {c}}}, 1]", "{a, b, {c}}")),
         messages={"flpi": "Levels to be flattened together in `1` should be lists of "
                           "positive integers."})
def flatten(ev, e, n=None, h=None):
    if type(e) is not Expr:
        return e if n is None else None
    depth = None
    if n is not None and not is_infinity(n):
        if int_value(n) is not None:
            depth = max(n._value, 0)
        elif is_list(n) and all(is_list(g) and all(nonneg_int(x) for x in g._args)
                                for g in n._args):
            groups = [[x._value for x in g._args] for g in n._args]
            result = _flatten_dims(ev, e, groups)
            if result is None:
                ev.message(S.Flatten, "flpi", Expr(S.Flatten, e, n))
            return result
        elif is_list(n) and all(nonneg_int(x) for x in n._args):
            return _flatten_dims(ev, e, [[x._value for x in n._args]])
        else:
            ev.message(S.Flatten, "flpi", Expr(S.Flatten, e, n))
            return None
    out: list = []
    _flatten_into(out, e._args, e._head if h is None else h, depth)
    return Expr.from_args(e._head, out)


def _partition_element(items, i, pad):
    """Element at (0-based, possibly out-of-range) position ``i`` of items padded with pad:
    the list itself cyclically (pad None) or the padding list cyclically."""
    n = len(items)
    if 0 <= i < n:
        return items[i]
    if pad is None:
        return items[i % n]
    return pad[(i - n) % len(pad)] if i >= n else pad[i % len(pad)]


def _overhang(spec, n):
    """(kL, kR) from an overhang spec, as positive positions within a block of n."""
    if int_value(spec) is not None:
        kl = kr = spec._value
    elif is_list(spec) and len(spec._args) == 2 and all_integers(spec._args):
        kl, kr = spec._args[0]._value, spec._args[1]._value
    else:
        return None
    kl = kl if kl > 0 else n + kl + 1
    kr = kr if kr > 0 else n + kr + 1
    return kl, kr


def _partition_1d(items, n, d, over=None, pad=None, ragged=False):
    size = len(items)
    if over is None:
        return [items[s:s + n] for s in range(0, size - n + 1, d)]
    kl, kr = over
    start, last_start = 1 - kl, size - kr
    out = []
    s = start
    while s <= last_start:
        if ragged:
            block = [items[i] for i in range(max(s, 0), min(s + n, size))]
        else:
            block = [_partition_element(items, i, pad) for i in range(s, s + n)]
        out.append(block)
        s += d
    return out


@builtin("Partition", argc=(2, 5), usage="Partition[list, n] splits list into blocks of n "
         "(dropping a short tail); Partition[list, n, d] with offset d; "
         "Partition[list, n, d, {kL, kR}] with overhang, padding cyclically; "
         "Partition[list, n, d, k, x] pads with x ({} for no padding); Partition[list, UpTo[n]] "
         "keeps a short last block.",
         examples=(("Partition[{a, b, c, d, e}, 2]", "{{a, b}, {c, d}}"),
                   ("Partition[{a, b, c, d}, 3, 1]", "{{a, b, c}, {b, c, d}}")))
def partition(ev, e, n, d=None, over=None, pad=None):
    if type(e) is not Expr:
        return None
    items = list(e._args)
    upto = type(n) is Expr and n._head is UPTO and len(n._args) == 1
    size = nonneg_int(n._args[0]) if upto else nonneg_int(n)
    if not size:
        return None
    step = size if d is None else nonneg_int(d)
    if not step:
        return None
    if upto:
        blocks = [items[s:s + size] for s in range(0, len(items), step)]
        return Expr.from_args(e._head, (Expr.from_args(e._head, b) for b in blocks))
    overhang = None
    padding = None
    ragged = False
    if over is not None:
        overhang = _overhang(over, size)
        if overhang is None:
            return None
        if pad is not None:
            if is_list(pad) and not pad._args:
                ragged = True
            else:
                padding = list(pad._args) if is_list(pad) else [pad]
        elif not items:
            return Expr.from_args(e._head, ())
    blocks = _partition_1d(items, size, step, overhang, padding, ragged)
    return Expr.from_args(e._head, (Expr.from_args(e._head, b) for b in blocks))


def _transpose_perm(e, perm, dims):
    """General Transpose: result index J has original index I with I[j] = J[perm[j]-1]."""
    k = len(perm)
    new_dims = [0] * k
    for j, p in enumerate(perm):
        new_dims[p - 1] = dims[j]

    def build(level, jdx):
        if level == k:
            x = e
            for j in range(k):
                x = x._args[jdx[perm[j] - 1]]
            return x
        return Expr.from_args(e._head, (build(level + 1, jdx + [i])
                                        for i in range(new_dims[level])))
    return build(0, [])


@builtin("Transpose", argc=(1, 2), usage="Transpose[m] swaps the first two levels of m; "
         "Transpose[t, {n1, n2, …}] puts level k of t at level nk.",
         examples=(("Transpose[{{1, 2}, {3, 4}}]", "{{1, 3}, {2, 4}}"),),
         messages={"nmtx": "The first two levels of `1` cannot be transposed.",
                   "perm": "`1` is not a permutation."})
def transpose(ev, e, perm=None):
    if type(e) is not Expr:
        return None
    if perm is None:
        if not e._args:
            return e
        if all(type(r) is not Expr for r in e._args):
            return e                                   # a vector transposes to itself
        dims = dimensions_of(e, 2)
        if len(dims) < 2:
            ev.message(S.Transpose, "nmtx", e)
            return None
        return Expr.from_args(e._head, (Expr.from_args(e._head, col)
                                        for col in zip(*(r._args for r in e._args))))
    if not (is_list(perm) and all_integers(perm._args)) or \
            sorted(a._value for a in perm._args) != list(range(1, len(perm._args) + 1)):
        ev.message(S.Transpose, "perm", perm)
        return None
    p = [a._value for a in perm._args]
    dims = dimensions_of(e, len(p))
    if len(dims) < len(p):
        ev.message(S.Transpose, "nmtx", e)
        return None
    return _transpose_perm(e, p, dims)


@builtin("Tuples", argc=(1, 2), usage="Tuples[list, n] is every n-tuple of elements of list; "
         "Tuples[{list1, list2, …}] every tuple with one element from each list.",
         examples=(("Tuples[{0, 1}, 2]", "{{0, 0}, {0, 1}, {1, 0}, {1, 1}}"),))
def tuples(ev, e, n=None):
    if type(e) is not Expr:
        return None
    head = e._head
    if n is None:
        if not all(type(x) is Expr for x in e._args):
            return None
        pools = [x._args for x in e._args]
    elif nonneg_int(n) is not None:
        pools = [e._args] * n._value
    elif is_list(n) and all(nonneg_int(x) is not None for x in n._args):
        dims = [x._value for x in n._args]
        flat = tuples(ev, e, Integer(_product(dims)))
        if flat is None:
            return None
        result = [_reshape(t._args, dims, head) for t in flat._args]
        return mklist(result)
    else:
        return None
    if not affordable(ev, _product(len(p) for p in pools) * max(len(pools), 1)):
        return None
    return Expr.from_args(LIST, (Expr.from_args(head, t) for t in itertools.product(*pools)))


def _product(values):
    out = 1
    for v in values:
        out *= v
    return out


def _reshape(items, dims, head):
    if len(dims) == 1:
        return Expr.from_args(head, items)
    step = _product(dims[1:])
    return Expr.from_args(head, (_reshape(items[i:i + step], dims[1:], head)
                                 for i in range(0, len(items), step)))


def _subset_sizes(spec, n):
    if spec is None or spec is ALL:
        return range(n + 1)
    if is_infinity(spec):
        return range(n + 1)
    if nonneg_int(spec) is not None:
        return range(min(spec._value, n) + 1)
    if is_list(spec) and all_integers(spec._args) and 1 <= len(spec._args) <= 3:
        vals = [a._value for a in spec._args]
        lo, hi = vals[0], vals[1] if len(vals) > 1 else vals[0]
        step = vals[2] if len(vals) > 2 else 1
        return [k for k in range(lo, hi + (1 if step > 0 else -1), step) if 0 <= k <= n]
    return None


@builtin("Subsets", argc=(1, 3), usage="Subsets[list] is every subset of list; "
         "Subsets[list, n] those of at most n elements; Subsets[list, {n}] exactly n; "
         "Subsets[list, {m, n}] from m to n; Subsets[list, spec, k] the first k of them.",
         examples=(("Subsets[{a, b}]", "{{}, {a}, {b}, {a, b}}"),))
def subsets(ev, e, spec=None, count=None):
    if type(e) is not Expr:
        return None
    n = len(e._args)
    sizes = _subset_sizes(spec, n)
    if sizes is None:
        return None
    if count is None and not affordable(ev, sum(math.comb(n, k) * max(k, 1) for k in sizes)):
        return None
    gen = (Expr.from_args(e._head, c) for k in sizes for c in itertools.combinations(e._args, k))
    if count is not None:
        if nonneg_int(count) is not None:
            gen = itertools.islice(gen, count._value)
        elif is_list(count) and len(count._args) == 1 and int_value(count._args[0]):
            k = count._args[0]._value
            picked = list(itertools.islice(gen, k))
            return mklist(picked[-1:]) if len(picked) == k else mklist(())
        else:
            return None
    return mklist(gen)


def _distinct_permutations(items, k):
    """Distinct k-permutations of items, in the order of first occurrence."""
    counts: dict = {}
    for x in items:
        counts[x] = counts.get(x, 0) + 1
    keys = list(counts)
    out = []

    def rec(prefix):
        if len(prefix) == k:
            out.append(tuple(prefix))
            return
        for x in keys:
            if counts[x]:
                counts[x] -= 1
                prefix.append(x)
                rec(prefix)
                prefix.pop()
                counts[x] += 1
    rec([])
    return out


def _distinct_permutation_count(items, sizes) -> int:
    """About how many elements the distinct k-permutations of items (k in sizes) hold:
    k! times the x^k coefficient of prod over distinct values of sum_j x^j / j!, in floats
    (only for the memory check, and only when the plain bound n!/(n-k)! is large)."""
    n = len(items)
    plain = sum(math.perm(n, k) * max(k, 1) for k in sizes)
    if plain <= 1 << 20:
        return plain
    counts: dict = {}
    for x in items:
        counts[x] = counts.get(x, 0) + 1
    poly = [1.0]
    for c in counts.values():
        term = [1.0 / math.factorial(j) for j in range(c + 1)]
        product = [0.0] * (len(poly) + c)
        for i, a in enumerate(poly):
            for j, b in enumerate(term):
                product[i + j] += a * b
        poly = product
    total = 0.0
    for k in sizes:
        total += math.factorial(k) * poly[k] * max(k, 1) if k < len(poly) else 0.0
    return int(min(total, 1e300))


@builtin("Permutations", argc=(1, 2), usage="Permutations[list] is every distinct "
         "permutation of list; Permutations[list, n] of at most n elements; {n} exactly n.",
         examples=(("Permutations[{a, b, c}]",
                    "{{a, b, c}, {a, c, b}, {b, a, c}, {b, c, a}, {c, a, b}, {c, b, a}}"),))
def permutations(ev, e, spec=None):
    if type(e) is not Expr:
        return None
    n = len(e._args)
    sizes = [n] if spec is None else _subset_sizes(spec, n)
    if sizes is None:
        return None
    if not affordable(ev, _distinct_permutation_count(e._args, sizes)):
        return None
    return mklist(Expr.from_args(e._head, p) for k in sizes
                  for p in _distinct_permutations(e._args, k))


@builtin("Riffle", argc=(2, 3), usage="Riffle[list, x] puts x between consecutive elements; "
         "Riffle[list, {x1, x2, …}] interleaves the xi.",
         examples=(("Riffle[{a, b, c}, x]", "{a, x, b, x, c}"),))
def riffle(ev, e, x, n=None):
    if type(e) is not Expr:
        return None
    items = e._args
    if n is not None:
        step = nonneg_int(n)
        if not step or step < 2:
            return None
        fill = list(x._args) if is_list(x) else None
        out, j = [], 0
        for i, a in enumerate(items):
            if i and i % (step - 1) == 0:
                out.append(fill[j % len(fill)] if fill else x)
                j += 1
            out.append(a)
        return Expr.from_args(e._head, out)
    if is_list(x) and len(x._args) in (len(items), len(items) - 1) and items:
        fill = x._args
        out = []
        for i, a in enumerate(items):
            out.append(a)
            if i < len(fill):
                out.append(fill[i])
        return Expr.from_args(e._head, out)
    if is_list(x) and x._args:
        fill = x._args
        out = []
        for i, a in enumerate(items):
            if i:
                out.append(fill[(i - 1) % len(fill)])
            out.append(a)
        return Expr.from_args(e._head, out)
    out = []
    for i, a in enumerate(items):
        if i:
            out.append(x)
        out.append(a)
    return Expr.from_args(e._head, out)


# ---------------------------------------------------------------------------- arithmetic

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
         "Total[list, n] sums over levels 1 to n; Total[list, {n}] at level n only.",
         examples=(("Total[{1, 2, 3}]", "6"), ("Total[{{1, 2}, {3, 4}}]", "{4, 6}")))
def total(ev, e, spec=None):
    if type(e) is not Expr:
        return None
    if spec is None:
        return _plus_all(ev, _elements(e))
    if is_infinity(spec):
        return _total(ev, e, 1, None)
    if nonneg_int(spec) is not None:
        return _total(ev, e, 1, spec._value)
    if is_list(spec) and len(spec._args) in (1, 2) and all(nonneg_int(a) for a in spec._args):
        lo = spec._args[0]._value
        hi = spec._args[-1]._value
        return _total(ev, e, lo, hi)
    return None


@builtin("Accumulate", argc=1, usage="Accumulate[list] is the list of running totals.",
         examples=(("Accumulate[{1, 2, 3}]", "{1, 3, 6}"),))
def accumulate(ev, e):
    if type(e) is not Expr:
        return None
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
    if not is_list(e) or not e._args:
        ev.message(S.Mean, "rectn", Integer(1), Expr(S.Mean, e))
        return None
    n = len(e._args)
    if all_integers(e._args):
        return make_rational(sum(a._value for a in e._args), n)
    return Expr(TIMES, Expr(S.Power, Integer(n), Integer(-1)), _plus_all(ev, e._args))


@builtin("Median", argc=1, usage="Median[list] is the middle value of the sorted numbers "
         "(the mean of the two middle ones for an even count).",
         examples=(("Median[{3, 1, 2, 4}]", "5/2"),),
         messages={"rectn": "Rectangular array of real numbers is expected at position `1` "
                             "in `2`."})
def median(ev, e):
    if not is_list(e) or not e._args:
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


# ---------------------------------------------------------------------------- searching

_HEADS_OPTION = {"Heads": FALSE}


def _levels_and_options(ev, sym, rest, default: LevelSpec, heads_default=False):
    """(LevelSpec, remaining positional args) from trailing ``levelspec`` and Heads option."""
    split = split_options(rest, {"Heads": TRUE if heads_default else FALSE})
    if split is None:
        return None
    positional, opts = split
    heads = opts["Heads"] is TRUE
    if positional:
        spec = parse_levelspec(positional[0], heads)
        if spec is None:
            ev.message(sym, "level", positional[0])
            return None
        return spec, positional[1:]
    return LevelSpec(default.lo, default.hi, heads), ()


_LEVEL_MSG = {"level": "Level specification `1` is not of the form n, {n}, or {m, n}."}


def _max_count(extra):
    if not extra:
        return None
    if is_infinity(extra[0]):
        return None
    return nonneg_int(extra[0])


def _is_level_one(spec: LevelSpec) -> bool:
    return spec.lo == 1 and spec.hi == 1 and not spec.heads


@builtin("Cases", argc=(1, None), usage="Cases[list, pattern] is the elements that match "
         "pattern; Cases[expr, pattern, levelspec] looks at those levels; "
         "Cases[expr, lhs -> rhs] gives the replacements; Cases[expr, pattern, levelspec, n] "
         "the first n; Cases[pattern] is the operator form.",
         examples=(("Cases[{1, a, 2, b}, _Integer]", "{1, 2}"),), messages=_LEVEL_MSG)
def cases(ev, e, pat=None, *rest):
    if pat is None:
        return None
    parsed = _levels_and_options(ev, S.Cases, rest, LevelSpec(1, 1))
    if parsed is None:
        return None
    spec, extra = parsed
    limit = _max_count(extra)
    if is_rule(pat):
        apply = rule_applier(ev, pat)
    else:
        test = matcher(ev, pat)

        def apply(x):
            return x if test(x) else None
    found = []
    if type(e) is not Expr:
        return mklist(())

    def visit(x, pos):
        r = apply(x)
        if r is not None:
            found.append(r)
            return limit is not None and len(found) >= limit
        return False

    if _is_level_one(spec):
        for x in _elements(e):
            if visit(x, None):
                break
    else:
        walk(e, spec, visit)
    return mklist(found)


operator_form("Cases", 1)


def _delete_cases(e, test, spec: LevelSpec, state, level=0):
    if type(e) is not Expr or not spec.may_descend(level):
        return e
    out = []
    changed = False
    for a in e._args:
        inner = a._args[1] if is_assoc(e) and is_rule(a) else a
        depth = depth_of(inner) if spec.uses_depth else 0
        if state[0] != 0 and spec.contains(level + 1, depth) and test(inner):
            state[0] -= 1
            changed = True
            continue
        new = _delete_cases(inner, test, spec, state, level + 1)
        if new is not inner:
            changed = True
            new = Expr(a._head, a._args[0], new) if inner is not a else new
        else:
            new = a
        out.append(new)
    return Expr.from_args(e._head, out) if changed else e


@builtin("DeleteCases", argc=(1, None), usage="DeleteCases[list, pattern] drops the "
         "elements that match pattern; DeleteCases[expr, pattern, levelspec] at those levels; "
         "DeleteCases[expr, pattern, levelspec, n] the first n.",
         examples=(("DeleteCases[{1, a, 2, b}, _Integer]", "{a, b}"),), messages=_LEVEL_MSG)
def delete_cases(ev, e, pat=None, *rest):
    if pat is None:
        return None
    parsed = _levels_and_options(ev, S.DeleteCases, rest, LevelSpec(1, 1))
    if parsed is None:
        return None
    spec, extra = parsed
    limit = _max_count(extra)
    test = matcher(ev, pat)
    if type(e) is not Expr:
        return e
    if _is_level_one(spec) and limit is None and not is_assoc(e):
        return Expr.from_args(e._head, (x for x in e._args if not test(x)))
    return _delete_cases(e, test, spec, [-1 if limit is None else limit])


operator_form("DeleteCases", 1)


def _position_expr(pos):
    return mklist(p if type(p) is Expr else Integer(p) for p in pos)


@builtin("Position", argc=(1, None), usage="Position[expr, pattern] is the list of positions "
         "of the parts of expr that match pattern; Position[expr, pattern, levelspec, n] "
         "limits the levels and the number of positions.",
         examples=(("Position[{a, b, a}, a]", "{{1}, {3}}"),), messages=_LEVEL_MSG)
def position(ev, e, pat=None, *rest):
    if pat is None:
        return None
    parsed = _levels_and_options(ev, S.Position, rest, LevelSpec(0, None), heads_default=True)
    if parsed is None:
        return None
    spec, extra = parsed
    limit = _max_count(extra)
    test = matcher(ev, pat)
    found = []

    def visit(x, pos):
        if test(x):
            found.append(_position_expr(pos))
            return limit is not None and len(found) >= limit
        return False
    walk(e, spec, visit)
    return mklist(found)


operator_form("Position", 1)


@builtin("Count", argc=(1, None), usage="Count[list, pattern] is the number of elements that "
         "match pattern; Count[expr, pattern, levelspec] counts at those levels.",
         examples=(("Count[{1, a, 2, b}, _Integer]", "2"),), messages=_LEVEL_MSG)
def count(ev, e, pat=None, *rest):
    if pat is None:
        return None
    parsed = _levels_and_options(ev, S.Count, rest, LevelSpec(1, 1))
    if parsed is None:
        return None
    spec, _ = parsed
    test = matcher(ev, pat)
    if type(e) is not Expr:
        return Integer(0)
    if _is_level_one(spec):
        return Integer(sum(1 for x in _elements(e) if test(x)))
    n = [0]

    def visit(x, pos):
        if test(x):
            n[0] += 1
    walk(e, spec, visit)
    return Integer(n[0])


operator_form("Count", 1)


@builtin("MemberQ", argc=(1, None), usage="MemberQ[list, form] is True when an element of "
         "list matches form; MemberQ[expr, form, levelspec] tests at those levels.",
         examples=(("MemberQ[{1, 2, 3}, 2]", "True"),), messages=_LEVEL_MSG)
def member_q(ev, e, pat=None, *rest):
    if pat is None:
        return None
    parsed = _levels_and_options(ev, S.MemberQ, rest, LevelSpec(1, 1))
    if parsed is None:
        return None
    spec, _ = parsed
    if type(e) is not Expr:
        return FALSE
    test = matcher(ev, pat)
    if _is_level_one(spec):
        return wl_bool(any(test(x) for x in _elements(e)))
    return wl_bool(walk(e, spec, lambda x, pos: test(x)))


operator_form("MemberQ", 1)


@builtin("FreeQ", argc=(1, None), usage="FreeQ[expr, form] is True when no part of expr "
         "(heads included) matches form; FreeQ[expr, form, levelspec] looks at those levels.",
         examples=(("FreeQ[{a, b}, c]", "True"),), messages=_LEVEL_MSG)
def free_q(ev, e, pat=None, *rest):
    if pat is None:
        return None
    parsed = _levels_and_options(ev, S.FreeQ, rest, LevelSpec(0, None), heads_default=True)
    if parsed is None:
        return None
    spec, _ = parsed
    test = matcher(ev, pat)
    return wl_bool(not walk(e, spec, lambda x, pos: test(x)))


operator_form("FreeQ", 1)


def _select(ev, e, crit, limit=None):
    out, n = [], 0
    if is_assoc(e):
        for r in e._args:
            if is_rule(r) and ev.apply(crit, r._args[1]) is TRUE:
                out.append(r)
                n += 1
                if limit is not None and n >= limit:
                    break
        return Expr.from_args(ASSOCIATION, out)
    for x in e._args:
        if ev.apply(crit, x) is TRUE:
            out.append(x)
            n += 1
            if limit is not None and n >= limit:
                break
    return Expr.from_args(e._head, out)


@builtin("Select", argc=(1, 3), usage="Select[list, crit] is the elements e of list for "
         "which crit[e] is True; Select[list, crit, n] the first n; Select[crit] is the "
         "operator form.", examples=(("Select[{1, 2, 3, 4}, EvenQ]", "{2, 4}"),))
def select(ev, e, crit=None, n=None):
    if crit is None:
        return None
    if type(e) is not Expr:
        ev.message(S.Select, "normal", Integer(1), Expr(S.Select, e, crit))
        return None
    limit = None
    if n is not None and not is_infinity(n):
        limit = nonneg_int(n)
        if limit is None:
            return None
    return _select(ev, e, crit, limit)


operator_form("Select", 1)


@builtin("SelectFirst", argc=(1, 3), usage="SelectFirst[list, crit] is the first element "
         "for which crit is True (Missing[\"NotFound\"] if none); SelectFirst[list, crit, "
         "default] gives default instead.",
         examples=(("SelectFirst[{1, 2, 3}, EvenQ]", "2"),))
def select_first(ev, e, crit=None, default=None):
    if crit is None or type(e) is not Expr:
        return None
    for x in _elements(e):
        if ev.apply(crit, x) is TRUE:
            return x
    return default if default is not None else Expr(MISSING, String("NotFound"))


operator_form("SelectFirst", 1)


def _truth_test(kind):
    def run(ev, e, test=None):
        if test is None or type(e) is not Expr:
            return None
        for x in _elements(e):
            r = ev.apply(test, x)
            if kind == "all" and r is not TRUE:
                return FALSE
            if kind == "any" and r is TRUE:
                return TRUE
            if kind == "none" and r is TRUE:
                return FALSE
        return FALSE if kind == "any" else TRUE
    return run


for _name, _kind, _text in (("AllTrue", "all", "every element"),
                            ("AnyTrue", "any", "some element"),
                            ("NoneTrue", "none", "no element")):
    builtin(_name, argc=(1, 2), usage=f"{_name}[list, test] is True when test is True for "
            f"{_text} of list; {_name}[test] is the operator form.",
            examples=((f"{_name}[{{2, 4}}, EvenQ]", "True" if _kind != "none" else "False"),)
            )(_truth_test(_kind))
    operator_form(_name, 1)


# ---------------------------------------------------------------------------- counting

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
    if type(e) is not Expr:
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


# ---------------------------------------------------------------------------- grouping

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
    if n is None:
        if not order:
            return mklist(())
        best = keys[order[0]]
        return mklist(items[i] for i in range(len(items)) if _same_key(keys[i], best, numeric))
    k = nonneg_int(n) if not (type(n) is Expr and n._head is UPTO) else \
        nonneg_int(n._args[0])
    if k is None:
        return None
    return mklist(items[i] for i in order[:k])


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


# ---------------------------------------------------------------------------- combining

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
    return _outer(f, lists, 0, (), limits)


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
    return Expr.from_args(h, (Expr.from_args(e._head, (a._args[i] if j in which else a
                                                       for j, a in enumerate(args)))
                              for i in range(size)))
