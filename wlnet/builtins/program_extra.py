"""List and test functions that public net programs use in preparing their data: MissingQ,
FailureQ, PadLeft, PadRight, ArrayReshape, Pick, MinMax, TakeLargest, TakeSmallest,
ReverseSortBy, RemoveDiacritics.

Where a function is another one's composition in the Wolfram Language (``MinMax`` is
``{Min[list], Max[list]}``, ``TakeLargest`` takes from the list sorted by ``Greater``…) it is
evaluated through those builtins, so exact, machine and symbolic arguments and the messages
are theirs.
"""

from __future__ import annotations

import math
import unicodedata

from wlnet.builtins._listutil import is_assoc, is_list
from wlnet.core.expr import FALSE, TRUE, Expr, Integer, S, String, Symbol
from wlnet.core.registry import builtin

LIST = S.List


def _bool(b: bool):
    return TRUE if b else FALSE


def _nonneg_int(e) -> int | None:
    return e.value if type(e) is Integer and e.value >= 0 else None


def _failed_call(e, head) -> bool:
    """Did evaluating a call leave it unevaluated (the builtin said why)?"""
    return type(e) is Expr and e.head is head


# ============================================================================ tests

@builtin(argc=1, attributes=("Protected",),
         usage="MissingQ[expr] is True when expr has head Missing.",
         examples=(('MissingQ[Missing["NotFound"]]', "True"), ("MissingQ[1]", "False")))
def MissingQ(ev, e):
    return _bool(type(e) is Expr and e.head is S.Missing)


@builtin(argc=1, attributes=("Protected",),
         usage="FailureQ[expr] is True when expr is $Failed or a Failure object.",
         examples=(("FailureQ[$Failed]", "True"), ("FailureQ[1]", "False")))
def FailureQ(ev, e):
    return _bool(e is S["$Failed"] or (type(e) is Expr and e.head is Symbol("Failure")))


# ============================================================================ PadLeft, PadRight

def _ragged_dims(e) -> list[int]:
    """The longest length at each level of a (possibly ragged) nest of lists."""
    dims, level = [], [e]
    while level and all(is_list(x) for x in level):
        dims.append(max(len(x.args) for x in level))
        level = [y for x in level for y in x.args]
    return dims


def _filled(fill, dims: list[int]):
    """An array of ``dims`` every element of which is ``fill``."""
    if not dims:
        return fill
    inner = _filled(fill, dims[1:])
    return Expr.from_args(LIST, [inner] * dims[0])


def _cyclic(fill_list, count: int, offset: int) -> list:
    """``count`` elements of the cyclic fill, the first being element ``offset`` of it."""
    k = len(fill_list)
    return [fill_list[(offset + i) % k] for i in range(count)]


def _pad(e, dims: list[int], fill, left: bool):
    n, rest = dims[0], dims[1:]
    items = [(_pad(x, rest, fill, left) if rest and is_list(x) else x) for x in e.args]
    if len(items) >= n:                               # too long: cut, keeping the far end
        return Expr.from_args(LIST, items[len(items) - n:] if left else items[:n])
    missing = n - len(items)
    if is_list(fill) and not rest:                    # a cyclic fill, tiled from the far end
        cycle = list(fill.args)
        if left:
            pad = _cyclic(cycle, missing, (-n) % len(cycle))
        else:
            pad = _cyclic(cycle, missing, len(items) % len(cycle))
    else:
        pad = [_filled(fill, rest)] * missing
    return Expr.from_args(LIST, pad + items if left else items + pad)


def _pad_dims(spec) -> list[int] | None:
    if _nonneg_int(spec) is not None:
        return [spec.value]
    if is_list(spec) and spec.args and all(_nonneg_int(d) is not None for d in spec.args):
        return [d.value for d in spec.args]
    return None


def _padding(ev, name: str, left: bool, args):
    e = args[0]
    if not is_list(e):
        ev.message(Symbol(name), "normal", Integer(1), Expr(Symbol(name), *args))
        return None
    if len(args) > 3:                                 # margins: not provided
        return None
    fill = args[2] if len(args) == 3 else Integer(0)
    if is_list(fill) and not fill.args:
        return None
    dims = _ragged_dims(e) if len(args) == 1 else _pad_dims(args[1])
    if dims is None:
        ev.message(Symbol(name), "ilsm", Integer(2), Expr(Symbol(name), *args))
        return None
    if not dims:
        return e
    return _pad(e, dims, fill, left)


_PAD_MESSAGES = {"ilsm": "Non-negative integer or list of non-negative integers expected at "
                         "position `1` in `2`."}


@builtin(argc=(1, 4), attributes=("Protected",), messages=_PAD_MESSAGES,
         usage="PadLeft[list, n] makes a list of length n by adding 0s on the left (or "
               "dropping elements from the left); PadLeft[list, n, x] pads with x (a list x "
               "cyclically); PadLeft[list, {n1, n2, …}] pads at each level; PadLeft[list] "
               "pads a ragged array to a full one.",
         examples=(("PadLeft[{1, 2}, 4]", "{0, 0, 1, 2}"), ("PadLeft[{1, 2, 3}, 2]", "{2, 3}"),
                   ("PadLeft[{{1}, {1, 2}}]", "{{0, 1}, {1, 2}}"),
                   ("PadLeft[{a, b, c}, 10, {x, y, z}]", "{z, x, y, z, x, y, z, a, b, c}")))
def PadLeft(ev, *args):
    return _padding(ev, "PadLeft", True, args)


@builtin(argc=(1, 4), attributes=("Protected",), messages=_PAD_MESSAGES,
         usage="PadRight[list, n] makes a list of length n by adding 0s on the right (or "
               "dropping elements from the right); PadRight[list, n, x] pads with x (a list "
               "x cyclically); PadRight[list, {n1, n2, …}] pads at each level; "
               "PadRight[list] pads a ragged array to a full one.",
         examples=(("PadRight[{1, 2}, 4]", "{1, 2, 0, 0}"), ("PadRight[{1, 2, 3}, 2]", "{1, 2}"),
                   ("PadRight[{{1}, {1, 2}}, {2, 3}, x]", "{{1, x, x}, {1, 2, x}}"),
                   ("PadRight[{a, b, c}, 10, {x, y, z}]", "{a, b, c, x, y, z, x, y, z, x}")))
def PadRight(ev, *args):
    return _padding(ev, "PadRight", False, args)


# ============================================================================ ArrayReshape

def _leaves(e, out: list) -> list:
    if is_list(e):
        for x in e.args:
            _leaves(x, out)
    else:
        out.append(e)
    return out


def _nest(flat: list, dims: list[int], start: int = 0):
    if len(dims) == 1:
        return Expr.from_args(LIST, flat[start:start + dims[0]])
    step = math.prod(dims[1:])
    return Expr.from_args(LIST, [_nest(flat, dims[1:], start + i * step) for i in range(dims[0])])


@builtin(argc=(2, 3), attributes=("Protected",), messages=_PAD_MESSAGES,
         usage="ArrayReshape[list, dims] arranges the elements of list (flattened) into an "
               "array of dimensions dims, padding with 0 (or the third argument) if there are "
               "too few.",
         examples=(("ArrayReshape[Range[6], {2, 3}]", "{{1, 2, 3}, {4, 5, 6}}"),
                   ("ArrayReshape[{1, 2, 3}, {2, 2}]", "{{1, 2}, {3, 0}}")))
def ArrayReshape(ev, e, spec, fill=Integer(0)):
    dims = _pad_dims(spec)
    if dims is None:
        ev.message(S.ArrayReshape, "ilsm", Integer(2), Expr(S.ArrayReshape, e, spec))
        return None
    if not is_list(e):
        return None
    flat = _leaves(e, [])
    total = math.prod(dims)
    flat = flat[:total] + [fill] * max(0, total - len(flat))
    return _nest(flat, dims)


# ============================================================================ Pick

def _pick(ev, e, sel, pattern):
    """The parts of ``e`` where ``sel`` (of the same structure) is True or matches."""
    if pattern is None:
        chosen = sel is TRUE
    else:
        chosen = ev.evaluate(Expr(S.MatchQ, sel, pattern)) is TRUE
    if chosen:
        return e
    if is_list(sel) and type(e) is Expr and len(e.args) == len(sel.args):
        parts = [_pick(ev, x, s, pattern) for x, s in zip(e.args, sel.args)]
        return Expr.from_args(e.head, [p for p in parts if p is not None])
    return None


@builtin(argc=(2, 3), attributes=("Protected",),
         messages={"incomp": "Expressions `1` and `2` have incompatible shapes."},
         usage="Pick[list, sel] picks the elements of list where sel is True; "
               "Pick[list, sel, patt] where sel matches patt.",
         examples=(("Pick[{a, b, c}, {True, False, True}]", "{a, c}"),
                   ("Pick[{a, b, c}, {1, 0, 1}, 1]", "{a, c}")))
def Pick(ev, e, sel, pattern=None):
    if not (type(e) is Expr and is_list(sel) and len(e.args) == len(sel.args)):
        ev.message(S.Pick, "incomp", e, sel)
        return None
    picked = _pick(ev, e, sel, pattern)
    return Expr(e.head) if picked is None else picked


# ============================================================================ MinMax

@builtin(argc=(1, 2), attributes=("Protected",),
         usage="MinMax[list] is {Min[list], Max[list]}; MinMax[list, d] widens it by d on "
               "each side.",
         examples=(("MinMax[{3, 1, 2}]", "{1, 3}"), ("MinMax[{3, 1, 2}, 1]", "{0, 4}")))
def MinMax(ev, e, delta=None):
    low = ev.evaluate(Expr(S.Min, e))
    high = ev.evaluate(Expr(S.Max, e))
    if delta is not None:
        low = ev.evaluate(Expr(S.Subtract, low, delta))
        high = ev.evaluate(Expr(S.Plus, high, delta))
    return Expr(LIST, low, high)


# ============================================================================ TakeLargest

def _take_extreme(ev, name: str, order, e, n):
    count = _nonneg_int(n)
    if count is None:
        ev.message(Symbol(name), "intnm", Expr(Symbol(name), e, n), Integer(2))
        return None
    if not (is_list(e) or is_assoc(e)):
        return None
    items = e.args if is_list(e) else [r.args[1] for r in e.args]
    if count > len(items):
        ev.message(Symbol(name), "insuff", Integer(count), e)
        return None
    kept = e
    if is_list(e):                 # WL leaves out what is not a number (Missing[…], None…)
        kept = Expr.from_args(LIST, [x for x in e.args if
                                     ev.evaluate(Expr(S.NumericQ, x)) is TRUE])
    ordered = ev.evaluate(Expr(S.Sort, kept, order))
    if _failed_call(ordered, S.Sort):
        return None
    return ev.evaluate(Expr(S.Take, ordered, Integer(min(count, len(ordered.args)))))


_TAKE_MESSAGES = {"intnm": "Non-negative machine-sized integer expected at position `2` in `1`.",
                  "insuff": "Cannot take `1` elements from `2`, which has fewer elements."}


@builtin(argc=2, attributes=("Protected",), messages=_TAKE_MESSAGES,
         usage="TakeLargest[list, n] is the n largest elements of list, largest first.",
         examples=(("TakeLargest[{1, 5, 3, 4}, 2]", "{5, 4}"),))
def TakeLargest(ev, e, n):
    return _take_extreme(ev, "TakeLargest", S.Greater, e, n)


@builtin(argc=2, attributes=("Protected",), messages=_TAKE_MESSAGES,
         usage="TakeSmallest[list, n] is the n smallest elements of list, smallest first.",
         examples=(("TakeSmallest[{1, 5, 3, 4}, 2]", "{1, 3}"),))
def TakeSmallest(ev, e, n):
    return _take_extreme(ev, "TakeSmallest", S.Less, e, n)


# ============================================================================ ReverseSortBy

@builtin(argc=2, attributes=("Protected",),
         usage="ReverseSortBy[list, f] sorts list by the values f[e], largest first.",
         examples=(("ReverseSortBy[{{1, a}, {3, b}, {2, c}}, First]",
                    "{{3, b}, {2, c}, {1, a}}"),))
def ReverseSortBy(ev, e, f):
    ordered = ev.evaluate(Expr(S.SortBy, e, f))
    if _failed_call(ordered, S.SortBy):
        return None
    return ev.evaluate(Expr(S.Reverse, ordered))


# ============================================================================ RemoveDiacritics

def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@builtin(argc=1, attributes=("Protected", "Listable"),
         usage="RemoveDiacritics[\"string\"] replaces the characters with diacritics by their "
               "base letters.",
         examples=(('RemoveDiacritics["Pokémon"]', '"Pokemon"'),))
def RemoveDiacritics(ev, s):
    if type(s) is not String:
        return None
    return String(_plain(s.value))
