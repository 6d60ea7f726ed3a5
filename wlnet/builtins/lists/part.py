"""Parts by position: ``Part`` (reading, and ``part_set`` for ``x[[i]] = v``) and ``Extract``."""

from __future__ import annotations

from wlnet.core.expr import Expr, Integer, S, String
from wlnet.core.numeric_array import NumericArray
from wlnet.core.owned_args import held_by_list_only, own_args
from wlnet.core.packed import (
    element_kind, overwrite_part, pack, packed_array, scalar_value, to_packed)
from wlnet.core.registry import builtin
from wlnet.builtins._listutil import (
    ALL, ASSOCIATION, all_integers, assoc_index, int_value, is_assoc, is_list, is_rule, mklist,
    operator_form)
from wlnet.builtins.lists._shared import KEY, MISSING, SPAN, _position_spec


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


def _up_to(end, n: int):
    """A span's end: an integer, or UpTo[k] (k or the last element, whichever comes
    first: a song sampled as song[[i ;; UpTo[i + len - 1]]] near its end)."""
    if type(end) is Expr and getattr(end._head, "name", None) == "UpTo" and len(end._args) == 1:
        k = int_value(end._args[0])
        return None if k is None or k < 0 else min(k, n)
    return int_value(end)


def _span_positions(spec, n: int, e) -> range:
    """0-based positions picked by ``Span[a, b]`` / ``Span[a, b, s]``."""
    parts = spec._args
    if len(parts) not in (2, 3):
        raise PartError("pkspec1", spec)
    # All stands for the value giving the most elements: a step the way from a to b
    # (1 when a or b is All too); a start at the first element (the last going down); an
    # end at the last element (the first going down)
    a = None if parts[0] is ALL else int_value(parts[0])
    b = None if parts[1] is ALL else _up_to(parts[1], n)
    s = 1 if len(parts) == 2 else None if parts[2] is ALL else int_value(parts[2])
    if s is None and len(parts) == 3 and parts[2] is ALL:
        s = 1 if a is None or b is None or (b if b > 0 else n + 1 + b) >= (
            a if a > 0 else n + 1 + a) else -1
    if parts[0] is ALL:
        a = 1 if s is None or s > 0 else -1
    if parts[1] is ALL:
        b = -1 if s is None or s > 0 else 1
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
    if type(e) is NumericArray:
        return _numeric_array_part(e, specs[k:])
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


def _numeric_array_part(na, specs):
    """A part of a NumericArray (WL 12.1+): an element as a number, a sub-array as a
    NumericArray of the same type."""
    from wlnet.builtins._array_parts import _take_parts
    from wlnet.core.packed import list_from_array
    arr = na.array
    if len(specs) > arr.ndim:
        raise PartError("partd", None)
    out = _take_parts(arr, specs)
    if out is None:
        bad = next((s for s in specs if type(s) is Integer), specs[0])
        raise PartError("partw", bad, na)
    if out.ndim == 0:
        return list_from_array(out)
    return NumericArray(out, na.type_name)


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


def part_set(expr, indices, value, in_place: bool = False):
    """``expr`` with the part at ``indices`` replaced by ``value`` (what ``a[[i, …]] = value``
    stores).  A multi-part spec (All, a list, a span) spreads a list ``value`` of the right
    length over its positions, otherwise puts ``value`` at each.  An association given an
    absent key gets a new entry.  Raises PartError when the part does not exist.
    ``in_place``: nothing but the caller holds ``expr``, so a packed array may be changed
    in its own memory and returned (see packed.overwrite_part)."""
    fast = _set_packed_element(expr, indices, value, in_place)
    if fast is not None:
        return fast
    if in_place and _set_element_in_place(expr, indices, value):
        return expr
    return _set_part(expr, tuple(indices), 0, value)


def _set_element_in_place(e, indices, value) -> bool:
    """``e[[i, j, …]] = value`` by positive or negative integer indices, changing ``e`` (held
    by nobody but the caller's variable) in its own memory, and each part on the way that
    ``e`` alone holds (see owned_args).  False, with nothing changed, for any other spec, an
    association or a part that does not exist (the general path copies, or gives the
    message).  A loop of ``a[[i]] = x`` then takes time linear in its length."""
    if type(e) is not Expr or e._head is ASSOCIATION or type(indices[0]) is not Integer:
        return False
    args = own_args(e)
    if args is None:
        return False
    n, i = len(args), indices[0]._value
    if not (1 <= i <= n or -n <= i <= -1):
        return False
    j = i - 1 if i > 0 else n + i
    if len(indices) == 1:
        new = value
    else:
        alone = held_by_list_only(args, j)
        child, rest = args.elements[j], indices[1:]
        new = _set_packed_element(child, rest, value, alone)
        if new is None:
            if alone and _set_element_in_place(child, rest, value):
                new = child
            else:                       # raises PartError with nothing changed yet
                new = _set_part(child, tuple(rest), 0, value)
    args.put(j, new)
    e._hash = None
    return True


def _set_packed_element(expr, indices, value, in_place=False):
    """``a[[i, j…]] = x`` on a packed array with x of the array's element type (a number,
    or a packed array of the part's shape): a copy of the array with that part set, still
    packed.  None for anything else (the general path; x = 5 into reals unpacks, as in WL)."""
    arr = packed_array(expr)
    if arr is None or not indices or len(indices) > arr.ndim \
            or any(type(i) is not Integer for i in indices):
        return None
    index = []
    for i, n in zip(indices, arr.shape):
        v = i._value
        if not (1 <= v <= n or -n <= v <= -1):
            return None
        index.append(v - 1 if v > 0 else n + v)
    index = tuple(index)
    part = packed_array(value) if len(index) == arr.ndim else packed_array(to_packed(value))
    if part is None:
        if len(index) != arr.ndim or element_kind(value) != arr.dtype.kind:
            return None
        part = scalar_value(value)
    elif part.dtype != arr.dtype or part.shape != arr.shape[len(index):]:
        return None
    del arr                 # its reference would stop overwrite_part
    if in_place and overwrite_part(expr, index, part):
        return expr
    arr = packed_array(expr)
    out = arr.copy()
    out[index] = part
    return pack(out, owned=True)


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


@builtin("Extract", argc=(1, 3), usage="Extract[expr, {i, j, …}] is the part at that "
         "position; Extract[expr, {pos1, pos2, …}] a list of parts; Extract[expr, pos, h] "
         "wraps each part in h before it is evaluated.",
         examples=(("Extract[{{a, b}, {c, d}}, {2, 1}]", "c"),), messages=_PART_MESSAGES)
def extract(ev, e, pos=None, h=None):
    if pos is None:
        return None                                    # operator form Extract[pos]
    if is_list(pos) and not pos._args:
        # {} is the empty list of positions (what Position gives when nothing matches):
        # no parts, so Total@Prepend[Extract[a, Position[m, 1]], zero] is zero
        return mklist(())
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
