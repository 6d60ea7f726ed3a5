"""The NumericArray atom's WL face: the ``NumericArray`` constructor, ``Normal`` and
``Dimensions`` of a NumericArray.

The atom itself is ``wlnet.core.numeric_array.NumericArray``; it belongs to the core
language (nets store their arrays as NumericArrays, but using one loads nothing of the
net framework).
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, Integer, S, String
from wlnet.core.numeric_array import NA_TYPES, NumericArray, numeric_array_from_expr, to_numpy_data
from wlnet.core.registry import builtin, builtin_upvalue

FAILED = S["$Failed"]


def _auto_type(arr: np.ndarray) -> str:
    """The smallest NumericArray type that holds every value of ``arr`` (Real32 for reals)."""
    if arr.dtype.kind == "f":
        return "Real32"
    lo, hi = (int(arr.min()), int(arr.max())) if arr.size else (0, 0)
    for name in (("UnsignedInteger8", "UnsignedInteger16", "UnsignedInteger32", "UnsignedInteger64")
                 if lo >= 0 else ("Integer8", "Integer16", "Integer32", "Integer64")):
        info = np.iinfo(NA_TYPES[name])
        if info.min <= lo and hi <= info.max:
            return name
    return "Real64"


@builtin("NumericArray", argc=(1, 2),
         usage="NumericArray[array, \"type\"] is an array of numbers stored in the given type "
               "(\"Real32\", \"Integer8\", \"UnsignedInteger8\", …).",
         messages={"invna": "`1` is not a valid NumericArray type.",
                   "nadata": "`1` cannot be stored as a NumericArray of type `2`."})
def NumericArray_(ev, data, type_spec=None):
    if type_spec is None:
        if isinstance(data, NumericArray):
            return data
        arr = to_numpy_data(data)
        if arr is None:
            ev.message(S.NumericArray, "nadata", data, "any numeric type")
            return FAILED
        return NumericArray(arr, _auto_type(arr))
    if not (type(type_spec) is String and type_spec.value in NA_TYPES):
        ev.message(S.NumericArray, "invna", type_spec)
        return FAILED
    type_name = type_spec.value
    if isinstance(data, NumericArray):
        return NumericArray(data.array, type_name)
    na = numeric_array_from_expr(data, type_name)
    if na is None:
        ev.message(S.NumericArray, "nadata", data, type_name)
        return FAILED
    return na


@builtin_upvalue("Normal", "NumericArray")
def _normal(ev, e, *rest):
    """``Normal[na]``: the data as nested lists."""
    return e.normal() if isinstance(e, NumericArray) and not rest else None


@builtin_upvalue("Dimensions", "NumericArray")
def _dimensions(ev, e, *rest):
    if isinstance(e, NumericArray) and not rest:
        return Expr.from_args(S.List, (Integer(d) for d in e.shape))
    return None


def numeric_array_text(a) -> str | None:
    """WL's OutputForm of a NumericArray: its dimensions and type, not its contents
    (``NumericArray[<3,2>, Real32]``, as wolframscript prints it); InputForm and FullForm
    keep the contents."""
    if not isinstance(a, NumericArray):
        return None
    return f"NumericArray[<{','.join(map(str, a.shape))}>, {a.type_name}]"


from wlnet.syntax.printer import register_output_format  # noqa: E402

register_output_format("NumericArray", numeric_array_text)
