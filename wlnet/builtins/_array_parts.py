"""Part specifications as numpy indices, shared by the packed-array Part (vectorised.py)
and Part of a NumericArray (lists/part.py): one axis at a time, 1-based, negative from the
end, All, spans, lists of positions; None where a spec is not plain (the element path then
gives its message)."""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, Integer, S
from wlnet.core.packed import packed_array

_ALL = S.All
_List = S.List


def _axis_index(spec, n):
    """A numpy index along one axis of length n for a Part spec (1-based), or None when the
    spec is not a plain one or is out of range (the element path gives the message)."""
    if type(spec) is Integer:
        i = spec._value
        if 1 <= i <= n:
            return i - 1
        if -n <= i <= -1:
            return n + i
        return None
    if spec is _ALL:
        return slice(None)
    if type(spec) is Expr and spec._head is S.Span and len(spec._args) in (2, 3):
        ends = []
        for x, default in zip(spec._args[:2], (1, n)):
            if x is _ALL:
                x = Integer(default)
            if type(x) is not Integer or x._value == 0 or abs(x._value) > n:
                return None
            ends.append(x._value if x._value > 0 else n + 1 + x._value)
        step = 1
        if len(spec._args) == 3:
            if type(spec._args[2]) is not Integer or spec._args[2]._value <= 0:
                return None
            step = spec._args[2]._value
        lo, hi = ends
        if hi < lo - 1:
            return None
        return slice(lo - 1, hi, step)
    idx = packed_array(spec)
    if idx is not None and idx.ndim == 1 and idx.dtype.kind == "i":
        if ((idx == 0) | (idx > n) | (idx < -n)).any():
            return None
        return np.where(idx > 0, idx - 1, idx + n)
    if type(spec) is Expr and spec._head is _List and spec._args:
        out = []
        for x in spec._args:
            i = _axis_index(x, n) if type(x) is Integer else None
            if i is None:
                return None
            out.append(i)
        return np.array(out)
    return None


def _take_parts(arr, specs):
    """``arr`` indexed by Part specs one axis at a time (lists of indices on two axes give
    the submatrix, as Part does, not numpy's pairs); None when a spec is not plain."""
    if len(specs) > arr.ndim:
        return None
    axis = 0
    for spec in specs:
        index = _axis_index(spec, arr.shape[axis])
        if index is None:
            return None
        arr = arr[(slice(None),) * axis + (index,)]
        if not isinstance(index, (int, np.integer)):
            axis += 1
    return arr
