"""Lengths and shapes made to measure: ``PadLeft``, ``PadRight``, ``RotateLeft``,
``RotateRight``, ``ArrayReshape``, ``ArrayPad``.

PadLeft/PadRight are how scripts make sequences one length (``PadRight[seqs]`` pads every
list of a ragged list to the longest with 0); a padding list pads cyclically, laid out as if
it continued through the list (so ``PadLeft[{a, b, c}, 10, {x, y, z}]`` is
``{z, x, y, z, x, y, z, a, b, c}``).  A length shorter than the list keeps its last
(PadLeft) or first (PadRight) elements.  ``{n1, n2, …}`` pads level by level.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import is_list, nonneg_int
from wlnet.core.expr import Expr, Integer, Real, S
from wlnet.core.packed import pack, packed_array
from wlnet.core.registry import builtin

LIST = S.List
_MESSAGES = {
    "normal": "Nonatomic expression expected at position `1` in `2`.",
    "ilsmp": "Single or list of non-negative machine-sized integers expected at position `1` "
             "of `2`.",
    "rvec": "Argument `1` at position `2` is not a list of positive integers.",
}


def _lengths(spec):
    """n or {n1, n2, …} as a list of lengths (None when not one)."""
    items = spec.args if is_list(spec) else (spec,)
    sizes = [nonneg_int(x) for x in items]
    return None if not items or None in sizes else sizes


def _ragged_width(e, depth: int) -> list:
    """The longest length at each of ``depth`` levels of a (ragged) nested list."""
    widths = [0] * depth
    level = [e]
    for d in range(depth):
        nxt = []
        for x in level:
            if is_list(x):
                widths[d] = max(widths[d], len(x.args))
                nxt.extend(x.args)
        level = nxt
    return widths


def _pad_list(items: list, n: int, fill, left: bool, cyclic: bool, margin: int = 0) -> list:
    """``items`` laid on a length-``n`` background of ``fill``, ``margin`` places from the
    padded side's opposite end (PadRight: from the left).  A cyclic ``fill`` (a list whose
    elements take turns) is laid so that the list's first element (PadRight) or its last
    (PadLeft) falls on an occurrence of the cycle's first or last element."""
    k = len(items)
    offset = n - margin - k if left else margin          # the position of items[0]
    cycle = fill.args if cyclic and is_list(fill) and fill.args else None
    out = []
    for p in range(n):
        j = p - offset
        if 0 <= j < k:
            out.append(items[j])
        elif cycle is None:
            out.append(fill)
        else:
            out.append(cycle[(j - k if left else j) % len(cycle)])
    return out


def _filled(shape: list, fill):
    """An array of ``shape`` of the padding value (a padding list: its first element)."""
    if not shape:
        return fill.args[0] if is_list(fill) and fill.args else fill
    return Expr.from_args(LIST, [_filled(shape[1:], fill) for _ in range(shape[0])])


def _pad(e, sizes: list, fill, left: bool, margins: list | None = None):
    if not sizes:
        return e
    if not is_list(e):
        return e
    inner = sizes[1:]
    margin, inner_margins = (margins[0], margins[1:]) if margins else (0, None)
    # outer levels are padded with blocks of the padding value; the last level with the
    # value itself (a list of values: cyclically)
    block = _filled(inner, fill) if inner else fill
    padded = _pad_list(list(e.args), sizes[0], block, left, not inner, margin)
    return Expr.from_args(LIST, [_pad(x, inner, fill, left, inner_margins) if is_list(x) else x
                                 for x in padded])


def _pad_margins(spec, depth: int):
    """m or {m1, m2, …} (integers, negative ones cut the list) as one margin per level."""
    items = list(spec.args) if is_list(spec) else [spec] * depth
    if not items or any(type(m) is not Integer for m in items):
        return None
    return [m.value for m in items] + [0] * (depth - len(items))


def _pad_builtin(name: str, left: bool):
    sym = S[name]

    def pad(ev, e, *rest):
        call = Expr(sym, e, *rest)
        if not is_list(e):
            ev.message(sym, "normal", Integer(1), call)
            return None
        if len(rest) > 3:
            return None
        if rest:
            sizes = _lengths(rest[0])
            if sizes is None:
                ev.message(sym, "ilsmp", Integer(2), call)
                return None
        else:                           # a ragged list: every level to its longest
            depth = 1
            probe = e
            while is_list(probe) and probe.args and all(is_list(x) for x in probe.args):
                depth += 1
                probe = probe.args[0]
            sizes = _ragged_width(e, depth)
            sizes[0] = len(e.args)
        fill = rest[1] if len(rest) >= 2 else Integer(0)
        margins = None
        if len(rest) == 3:
            margins = _pad_margins(rest[2], len(sizes))
            if margins is None:
                return None
        arr = packed_array(e)
        if margins is None and arr is not None and len(sizes) <= arr.ndim and \
                _same_kind(arr, fill):
            return _pad_packed(arr, sizes, fill, left)
        return _pad(e, sizes, fill, left, margins)

    what = "the left (the start)" if left else "the right (the end)"
    builtin(name, argc=(1, 4), messages=_MESSAGES,
            usage=f"{name}[list, n] pads list with 0 on {what} to length n (shortening it "
                  f"when n is smaller); {name}[list, n, x] pads with x (a list: cyclically); "
                  f"{name}[list, {{n1, n2, …}}] pads at each level; {name}[list, n, x, m] leaves "
                  f"a margin of m elements of padding on the "
                  f"{'right' if left else 'left'}; {name}[list] pads a ragged list of lists "
                  f"to the longest.",
            examples=((f"{name}[{{1, 2}}, 4]", "{0, 0, 1, 2}" if left else "{1, 2, 0, 0}"),
                      (f"{name}[{{{{1}}, {{2, 3}}}}]",
                       "{{0, 1}, {2, 3}}" if left else "{{1, 0}, {2, 3}}")))(pad)


def _same_kind(arr, fill) -> bool:
    """A packed array padded with a number of its own kind stays packed (an exact 0 in a
    list of reals does not: the result mixes the two, as in WL)."""
    return (arr.dtype.kind == "i" and type(fill) is Integer) or \
        (arr.dtype.kind == "f" and type(fill) is Real)


def _pad_packed(arr, sizes, fill, left):
    """The packed case: one numpy pad (or slice) per level."""
    value = fill.value
    out = arr
    for axis, n in enumerate(sizes):
        have = out.shape[axis]
        index = [slice(None)] * out.ndim
        if n <= have:
            index[axis] = slice(have - n, None) if left else slice(0, n)
            out = out[tuple(index)]
        else:
            widths = [(0, 0)] * out.ndim
            widths[axis] = (n - have, 0) if left else (0, n - have)
            out = np.pad(out, widths, constant_values=value)
    return pack(np.ascontiguousarray(out))


_pad_builtin("PadLeft", True)
_pad_builtin("PadRight", False)


# ---------------------------------------------------------------------------- rotation

def _rotate(e, shifts: list, left: bool):
    if not shifts or not is_list(e) or not e.args:
        return e
    k = shifts[0] % len(e.args)
    items = list(e.args)
    items = items[k:] + items[:k] if left else items[len(items) - k:] + items[:len(items) - k]
    return Expr.from_args(LIST, [_rotate(x, shifts[1:], left) for x in items])


def _rotate_builtin(name: str, left: bool):

    def rotate(ev, e, n=Integer(1)):
        if not is_list(e):
            return None
        items = n.args if is_list(n) else (n,)
        if not all(type(x) is Integer for x in items):
            return None
        return _rotate(e, [x.value for x in items], left)

    way = "left" if left else "right"
    builtin(name, argc=(1, 2),
            usage=f"{name}[list, n] cycles the elements of list n places to the {way}; "
                  f"{name}[list] by one; {name}[list, {{n1, n2, …}}] at successive levels.",
            examples=((f"{name}[{{1, 2, 3, 4}}]", "{2, 3, 4, 1}" if left else "{4, 1, 2, 3}"),))(rotate)


_rotate_builtin("RotateLeft", True)
_rotate_builtin("RotateRight", False)


# ---------------------------------------------------------------------------- ArrayReshape

def _leaves(e, out: list) -> None:
    if is_list(e):
        for x in e.args:
            _leaves(x, out)
    else:
        out.append(e)


def _nest(items: list, dims: list):
    if len(dims) == 1:
        return Expr.from_args(LIST, items)
    step = len(items) // dims[0]
    return Expr.from_args(LIST, [_nest(items[i * step:(i + 1) * step], dims[1:])
                                 for i in range(dims[0])])


@builtin(argc=(2, 3), messages=_MESSAGES,
         usage="ArrayReshape[list, dims] arranges the elements of list, in order, into an "
               "array of dimensions dims, padding with 0 (or ArrayReshape[list, dims, x] with "
               "x) when there are too few and dropping the rest.",
         examples=(("ArrayReshape[Range[6], {2, 3}]", "{{1, 2, 3}, {4, 5, 6}}"),
                   ("ArrayReshape[{1, 2, 3}, {2, 2}]", "{{1, 2}, {3, 0}}")))
def ArrayReshape(ev, e, dims, fill=Integer(0)):
    call = Expr(S.ArrayReshape, e, dims, fill)
    sizes = [x.value for x in dims.args] if is_list(dims) and dims.args and all(
        type(x) is Integer and x.value > 0 for x in dims.args) else None
    if sizes is None:
        ev.message(S.ArrayReshape, "rvec", dims, Integer(2))
        return None
    if not is_list(e):
        ev.message(S.ArrayReshape, "normal", Integer(1), call)
        return None
    total = int(np.prod(sizes))
    arr = packed_array(e)
    if arr is not None and type(fill) is Integer:
        flat = arr.reshape(-1)[:total]
        if flat.size < total:
            flat = np.concatenate([flat, np.full(total - flat.size, fill.value, flat.dtype)])
        return pack(flat.reshape(sizes))
    items: list = []
    _leaves(e, items)
    items = items[:total] + [fill] * max(0, total - len(items))
    return _nest(items, sizes)


_NUMPY_PAD_MODES = {"Fixed": "edge", "Reflected": "reflect", "Periodic": "wrap"}


def _margins(spec, rank: int):
    """ArrayPad's (before, after) for each level: m, {m, n} or {{m1, n1}, {m2, n2}, …}."""
    if type(spec) is Integer:
        return [(spec.value, spec.value)] * rank
    if is_list(spec) and len(spec.args) == 2 and all(type(v) is Integer for v in spec.args):
        return [(spec.args[0].value, spec.args[1].value)] * rank
    if is_list(spec) and 0 < len(spec.args) <= rank and all(
            is_list(p) and len(p.args) == 2 and all(type(v) is Integer for v in p.args)
            for p in spec.args):
        given = [(p.args[0].value, p.args[1].value) for p in spec.args]
        return given + [(0, 0)] * (rank - len(given))
    return None


@builtin("ArrayPad", argc=(2, 3), messages=dict(_MESSAGES, apad="`1` is not a valid padding "
                                                "specification for an array of depth `2`."),
         usage="ArrayPad[array, m] pads an array with m zeros on every side of every level "
               "(negative m trims); {m, n} before and after; {{m1, n1}, {m2, n2}, …} level by "
               "level; a third argument is the padding value or \"Fixed\", \"Reflected\", "
               "\"Periodic\".",
         examples=(("ArrayPad[{1, 2, 3}, 1]", "{0, 1, 2, 3, 0}"),
                   ("ArrayPad[{{1, 2}}, {{1, 0}, {0, 1}}, x]", "{{x, x, x}, {1, 2, x}}"),
                   ("ArrayPad[{1, 2, 3}, 2, \"Periodic\"]", "{2, 3, 1, 2, 3, 1, 2}")))
def ArrayPad(ev, e, spec, padding=Integer(0)):
    dims = ev.evaluate(Expr(S.Dimensions, e))
    rank = len(dims.args) if is_list(dims) else 0
    margins = _margins(spec, rank) if rank else None
    if margins is None:
        ev.message(S.ArrayPad, "apad", spec, Integer(rank))
        return None
    sizes = [d.value for d in dims.args]
    # trims first (negative margins), then pads
    for level, (before, after) in enumerate(margins):
        if before < 0 or after < 0:
            spans = [Expr(S.Span, Integer(1 + max(-b, 0)), Integer(n - max(-a, 0)))
                     if i == level else S.All
                     for i, ((b, a), n) in enumerate(zip(margins, sizes))]
            e = ev.evaluate(Expr(S.Part, e, *spans))
            sizes[level] -= max(-before, 0) + max(-after, 0)
    margins = [(max(b, 0), max(a, 0)) for b, a in margins]
    method = getattr(padding, "value", None)
    if method in _NUMPY_PAD_MODES:
        arr = packed_array(e)
        if arr is None:
            from wlnet.core.packed import to_packed
            arr = packed_array(to_packed(e))
        if arr is None:
            return None
        return pack(np.pad(arr, margins, mode=_NUMPY_PAD_MODES[method])) or None
    left = Expr(S.List, *[Integer(n + b) for n, (b, _) in zip(sizes, margins)])
    right = Expr(S.List, *[Integer(n + b + a) for n, (b, a) in zip(sizes, margins)])
    return ev.evaluate(Expr(S.PadRight, Expr(S.PadLeft, e, left, padding), right, padding))


@builtin("CenterArray", argc=(1, 3), messages=dict(_MESSAGES, cspec="`1` is not a length or a "
                                                   "list of lengths (or Inherited)."),
         usage="CenterArray[a, n] is a list of length n with the elements of a at its centre "
               "and zeros elsewhere; CenterArray[a, {n1, n2, …}] an array; CenterArray[a, "
               "nspec, pad] pads with pad (any ArrayPad padding); CenterArray[nspec] has a "
               "single 1 at the centre.",
         examples=(("CenterArray[5]", "{0, 0, 1, 0, 0}"),
                   ("CenterArray[{a, b}, 5]", "{0, a, b, 0, 0}"),
                   ("CenterArray[x, {3, 3}]", "{{0, 0, 0}, {0, x, 0}, {0, 0, 0}}")))
def CenterArray(ev, a, nspec=None, padding=Integer(0)):
    if nspec is None:
        a, nspec = Integer(1), a
    if not is_list(a):
        a = Expr(LIST, a)
    items = nspec.args if is_list(nspec) else (nspec,)
    wanted = [None if x is S.Inherited else nonneg_int(x) for x in items]
    if not items or any(w is None and x is not S.Inherited for w, x in zip(wanted, items)):
        ev.message(S.CenterArray, "cspec", nspec)
        return None
    dims = ev.evaluate(Expr(S.Dimensions, a))
    sizes = [d.value for d in dims.args]
    # a result of higher rank holds a at its deepest levels: a sits in singleton levels
    for _ in range(len(wanted) - len(sizes)):
        a, sizes = Expr(LIST, a), [1] + sizes
    margins = []
    for size, want in zip(sizes, wanted + [None] * (len(sizes) - len(wanted))):
        extra = 0 if want is None else want - size
        margins.append((extra // 2, extra - extra // 2))   # the odd one on the right
    spec = Expr(LIST, *[Expr(LIST, Integer(b), Integer(e)) for b, e in margins])
    return ev.evaluate(Expr(S.ArrayPad, a, spec, padding))
