"""The NumericArray atom's WL face: the ``NumericArray`` constructor, ``Normal``,
``Length``, ``Dimensions`` and ``ArrayDepth`` of a NumericArray, its ends (``First``,
``Last``, ``Rest``, ``Most``, ``Take``, ``Drop``: a number, or a NumericArray of the same
type, as Part gives; a ``NetDecoder[{"Function", First}]`` gets its input as a
NumericArray), and the structural operations that give a NumericArray of the same type
(``Transpose``, ``Reverse``, ``Flatten``, ``Join``, ``ArrayReshape``: a program ties an
embedding's weights to a projection with ``Transpose[NetExtract[net, {…, "Weights"}]]``).

The atom itself is ``wlnet.core.numeric_array.NumericArray``; it belongs to the core
language (nets store their arrays as NumericArrays, but using one loads nothing of the
net framework).
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import FALSE, TRUE, Expr, Integer, Real, S, String
from wlnet.core.numeric_array import NA_TYPES, NumericArray, numeric_array_from_expr, to_numpy_data
from wlnet.core.packed import list_from_array
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


# NumericArray[data, type, method]: how values that do not fit the type are stored
_METHODS = ("Check", "Coerce", "ClipAndCoerce", "Round", "ClipAndRound")


def _converted(arr: np.ndarray, type_name: str, method: str) -> np.ndarray | None:
    """``arr`` made to fit ``type_name`` by ``method``: "Round" rounds reals to integers
    (half to even, as Round), "Coerce" truncates them and wraps integers around as a
    C cast does, the Clip… methods first clip to the type's range; None when a value
    still does not fit (checked as "Check" does)."""
    dtype = NA_TYPES[type_name]
    if np.dtype(dtype).kind in "ui":
        info = np.iinfo(dtype)
        if method.startswith("Clip"):
            arr = np.clip(arr, info.min, info.max)
        if arr.dtype.kind == "f":
            arr = np.round(arr) if method.endswith("Round") else np.trunc(arr)
        if method.endswith("Coerce"):
            return arr.astype(np.int64).astype(dtype)
    elif method.startswith("Clip"):
        info = np.finfo(dtype)
        arr = np.clip(arr, info.min, info.max)
    return arr


@builtin("NumericArray", argc=(1, 3),
         usage="NumericArray[array, \"type\"] is an array of numbers stored in the given type "
               "(\"Real32\", \"Integer8\", \"UnsignedInteger8\", …); NumericArray[array, "
               "\"type\", method] stores values that do not fit by method: \"Check\" (the "
               "default: refuse them), \"Coerce\", \"ClipAndCoerce\", \"Round\" or "
               "\"ClipAndRound\".",
         examples=(('Normal[NumericArray[{1.7, -200, 300}, "Integer8", "ClipAndRound"]]',
                    "{2, -128, 127}"),),
         messages={"invna": "`1` is not a valid NumericArray type.",
                   "nadata": "`1` cannot be stored as a NumericArray of type `2`.",
                   "nameth": "`1` is not a conversion method: use one of \"Check\", "
                             "\"Coerce\", \"ClipAndCoerce\", \"Round\", \"ClipAndRound\"."})
def NumericArray_(ev, data, type_spec=None, method=String("Check")):
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
    if not (type(method) is String and method.value in _METHODS):
        ev.message(S.NumericArray, "nameth", method)
        return FAILED
    type_name, given = type_spec.value, data
    if method.value != "Check":
        arr = data.array if isinstance(data, NumericArray) else to_numpy_data(data)
        if arr is not None:
            data = list_from_array(_converted(arr, type_name, method.value))
    if isinstance(data, NumericArray):
        return NumericArray(data.array, type_name)
    na = numeric_array_from_expr(data, type_name)
    if na is None:
        ev.message(S.NumericArray, "nadata", given, type_name)
        return FAILED
    return na


@builtin("NumericArrayType", argc=1,
         usage="NumericArrayType[array] is the element type of a NumericArray (\"Real32\", "
               "\"Integer8\", …).",
         examples=(('NumericArrayType[NumericArray[{1, 2}, "UnsignedInteger8"]]',
                    "UnsignedInteger8"),))
def NumericArrayType_(ev, e):
    return String(e.type_name) if isinstance(e, NumericArray) else None


@builtin("NumericArrayQ", argc=1, usage="NumericArrayQ[expr] is True for a NumericArray.",
         examples=(("NumericArrayQ[NumericArray[{1., 2.}]]", "True"),
                   ("NumericArrayQ[{1., 2.}]", "False")))
def NumericArrayQ_(ev, e):
    return TRUE if isinstance(e, NumericArray) else FALSE


@builtin("RawArray", argc=2,
         usage="RawArray[\"type\", array] is NumericArray's older name (type first), as nets "
               "and notebooks saved by earlier versions hold their arrays: it gives "
               "NumericArray[array, \"type\"].")
def RawArray_(ev, type_spec, data):
    return NumericArray_(ev, data, type_spec)


@builtin_upvalue("Normal", "NumericArray")
def _normal(ev, e, *rest):
    """``Normal[na]``: the data as nested lists."""
    return e.normal() if isinstance(e, NumericArray) and not rest else None


@builtin_upvalue("Length", "NumericArray")
def _length(ev, e, *rest):
    """Its first dimension (0 for a single number's array), as for the list it stands for."""
    if isinstance(e, NumericArray) and not rest:
        return Integer(e.shape[0] if e.shape else 0)
    return None


@builtin_upvalue("Dimensions", "NumericArray")
def _dimensions(ev, e, *rest):
    if isinstance(e, NumericArray) and not rest:
        return Expr.from_args(S.List, (Integer(d) for d in e.shape))
    return None


@builtin_upvalue("ArrayDepth", "NumericArray")
def _array_depth(ev, e, *rest):
    return Integer(len(e.shape)) if isinstance(e, NumericArray) and not rest else None


def _element(e: NumericArray, i: int):
    """Element ``i`` (0-based) of the first level: a number, or a NumericArray."""
    return _number_or_array(e.array[i], e.type_name)


@builtin_upvalue("First", "NumericArray")
def _first(ev, e, *rest):
    """``First[na]``: its first element (``First[na, def]``: def when it has none, which
    First's own definition gives)."""
    if not isinstance(e, NumericArray) or not e.shape or len(rest) > 1:
        return None
    if e.shape[0] == 0:
        return rest[0] if rest else _as_list(ev, S.First, e)
    return _element(e, 0)


@builtin_upvalue("Last", "NumericArray")
def _last(ev, e, *rest):
    if not isinstance(e, NumericArray) or not e.shape or len(rest) > 1:
        return None
    if e.shape[0] == 0:
        return rest[0] if rest else _as_list(ev, S.Last, e)
    return _element(e, -1)


@builtin_upvalue("Rest", "NumericArray")
def _rest(ev, e, *rest):
    if not isinstance(e, NumericArray) or not e.shape or rest:
        return None
    if e.shape[0] == 0:
        return _as_list(ev, S.Rest, e)
    return NumericArray(np.ascontiguousarray(e.array[1:]), e.type_name)


@builtin_upvalue("Most", "NumericArray")
def _most(ev, e, *rest):
    if not isinstance(e, NumericArray) or not e.shape or rest:
        return None
    if e.shape[0] == 0:
        return _as_list(ev, S.Most, e)
    return NumericArray(np.ascontiguousarray(e.array[:-1]), e.type_name)


def _as_list(ev, sym, e, *specs):
    """``sym[e, specs…]`` that cannot be done (an empty array, positions that do not
    exist), done on the list ``e`` stands for: the list function's own message, and
    the call left unevaluated on the list (an upvalue that gave the call back unchanged
    would be tried again)."""
    return ev.evaluate(Expr(sym, e.normal(), *specs))


def _ends(ev, sym, e, specs, drop: bool):
    """``Take[na, spec1, spec2, …]`` / ``Drop[…]``: the sequence specs of Take (n, -n, {m},
    {m, n}, {m, n, s}, All, None, UpTo[n]) on the first levels, as numpy indices; a
    NumericArray of the same type.  A spec that is not one, positions that do not exist
    and more specs than levels are Take's messages."""
    from wlnet.builtins.lists.take_drop import _SeqError, _seq_positions
    if not isinstance(e, NumericArray) or not specs:
        return None
    if len(specs) > len(e.shape):
        return _as_list(ev, sym, e, *specs)
    index = []
    for spec, n in zip(specs, e.shape):
        try:
            positions = _seq_positions(spec, n)
        except _SeqError:
            return _as_list(ev, sym, e, *specs)
        if positions is None:                   # not a sequence spec: Take says so
            return _as_list(ev, sym, e, *specs)
        chosen = np.fromiter(positions, dtype=np.intp, count=len(positions))
        if drop:
            chosen = np.setdiff1d(np.arange(n), chosen)
        index.append(chosen)
    data = e.array[np.ix_(*index)] if index else e.array
    return NumericArray(np.ascontiguousarray(data), e.type_name)


@builtin_upvalue("Take", "NumericArray")
def _take(ev, e, *specs):
    return _ends(ev, S.Take, e, specs, drop=False)


@builtin_upvalue("Drop", "NumericArray")
def _drop(ev, e, *specs):
    return _ends(ev, S.Drop, e, specs, drop=True)


def _transposition(e, spec):
    """The numpy axes of ``Transpose[na, spec]`` (None: not a permutation of its levels):
    a permutation {n1, n2, …} puts level k at level nk; i <-> j swaps two levels."""
    rank = len(e.shape)
    if spec is None:
        perm = [2, 1] + list(range(3, rank + 1))
    elif type(spec) is Expr and spec.head is S.List and all(type(x) is Integer for x in spec.args):
        perm = [x.value for x in spec.args] + list(range(len(spec.args) + 1, rank + 1))
    elif type(spec) is Expr and getattr(spec.head, "name", None) == "TwoWayRule" \
            and len(spec.args) == 2 and all(type(x) is Integer for x in spec.args):
        perm = list(range(1, rank + 1))
        i, j = (x.value for x in spec.args)
        if not (1 <= i <= rank and 1 <= j <= rank):
            return None
        perm[i - 1], perm[j - 1] = j, i
    else:
        return None
    if rank < 2 or sorted(perm) != list(range(1, rank + 1)):
        return None
    axes = [0] * rank
    for level, target in enumerate(perm):
        axes[target - 1] = level
    return axes


@builtin_upvalue("Transpose", "NumericArray")
def _transpose(ev, e, *rest):
    if not isinstance(e, NumericArray) or len(rest) > 1:
        return None
    axes = _transposition(e, rest[0] if rest else None)
    if axes is None:
        return None                               # diagonals and the like: not as an array
    return NumericArray(np.ascontiguousarray(np.transpose(e.array, axes)), e.type_name)


@builtin_upvalue("Reverse", "NumericArray")
def _reverse(ev, e, *rest):
    if not isinstance(e, NumericArray) or rest or not e.shape:
        return None
    return NumericArray(np.ascontiguousarray(e.array[::-1]), e.type_name)


@builtin_upvalue("Flatten", "NumericArray")
def _flatten(ev, e, *rest):
    if not isinstance(e, NumericArray) or rest:
        return None
    return NumericArray(e.array.reshape(-1).copy(), e.type_name)


@builtin_upvalue("Join", "NumericArray")
def _join(ev, *args):
    """``Join[na1, na2, …]`` (and ``Join[…, n]`` at level n) of NumericArrays: one
    NumericArray (a program joins a layer's "Biases" and flattened "Weights" into one
    parameter vector).  Arrays of different types join in the type numpy promotes them to;
    a NumericArray joined with lists is left to Join (None)."""
    level = 1
    if args and type(args[-1]) is Integer:
        level, args = args[-1].value, args[:-1]
    if not args or not all(isinstance(a, NumericArray) for a in args):
        return None
    rank = len(args[0].shape)
    if not 1 <= level <= rank or any(len(a.shape) != rank for a in args) or any(
            a.shape[:level - 1] + a.shape[level:] != args[0].shape[:level - 1]
            + args[0].shape[level:] for a in args):
        return None                                   # Join says why (its own messages)
    joined = np.concatenate([a.array for a in args], axis=level - 1)
    names = {a.type_name for a in args}
    type_name = names.pop() if len(names) == 1 else _type_of_dtype(joined.dtype)
    return NumericArray(np.ascontiguousarray(joined), type_name)


@builtin_upvalue("ArrayReshape", "NumericArray")
def _array_reshape(ev, e, *rest):
    """``ArrayReshape[na, dims]``: a NumericArray of the same type (its elements in order,
    cut or padded with zeros as ArrayReshape does lists), as a converter reshapes flat
    weights into a convolution's kernel."""
    if not isinstance(e, NumericArray) or len(rest) != 1:
        return None
    dims = rest[0]
    if not (type(dims) is Expr and dims.head is S.List and dims.args
            and all(type(d) is Integer and d.value >= 0 for d in dims.args)):
        return None
    shape = tuple(d.value for d in dims.args)
    flat = e.array.reshape(-1)
    total = int(np.prod(shape))
    if flat.size < total:
        flat = np.concatenate([flat, np.zeros(total - flat.size, dtype=flat.dtype)])
    return NumericArray(np.ascontiguousarray(flat[:total].reshape(shape)), e.type_name)


def _type_of_dtype(dtype) -> str:
    for name, kind in NA_TYPES.items():
        if np.dtype(kind) == dtype:
            return name
    return "Real64"


def _number_or_array(values: np.ndarray, type_name: str):
    """A reduction's result: a number for a 0-d result, else a NumericArray of the type."""
    if values.ndim == 0:
        value = values.item()
        return Integer(int(value)) if values.dtype.kind in "iu" else Real(float(value))
    return NumericArray(np.ascontiguousarray(values), type_name)


@builtin_upvalue("Max", "NumericArray")
def _max(ev, e, *rest):
    """``Max[na]``: its largest element (a number), without going through the lists."""
    if not isinstance(e, NumericArray) or rest or e.array.size == 0:
        return None
    return _number_or_array(np.max(e.array), e.type_name)


@builtin_upvalue("Min", "NumericArray")
def _min(ev, e, *rest):
    if not isinstance(e, NumericArray) or rest or e.array.size == 0:
        return None
    return _number_or_array(np.min(e.array), e.type_name)


@builtin_upvalue("Total", "NumericArray")
def _total(ev, e, *rest):
    """``Total[na]`` sums its first level, ``Total[na, n]`` its first n levels: a number,
    or a NumericArray of the same type."""
    if not isinstance(e, NumericArray) or not e.shape or len(rest) > 1:
        return None
    levels = rest[0].value if rest and type(rest[0]) is Integer else (1 if not rest else None)
    if levels is None or not 1 <= levels <= len(e.shape):
        return None
    total = np.sum(e.array, axis=tuple(range(levels)), dtype=e.array.dtype)
    return _number_or_array(total, e.type_name)


@builtin_upvalue("Mean", "NumericArray")
def _mean(ev, e, *rest):
    """``Mean[na]``: the mean over its first level (integers give reals, Real64)."""
    if not isinstance(e, NumericArray) or rest or not e.shape or e.shape[0] == 0:
        return None
    real = e.array.dtype.kind == "f"
    mean = np.mean(e.array, axis=0, dtype=e.array.dtype if real else np.float64)
    return _number_or_array(mean, e.type_name if real else "Real64")


def numeric_array_text(a) -> str | None:
    """WL's OutputForm of a NumericArray: its dimensions and type, not its contents
    (``NumericArray[<3,2>, Real32]``, as wolframscript prints it); InputForm and FullForm
    keep the contents."""
    if not isinstance(a, NumericArray):
        return None
    return f"NumericArray[<{','.join(map(str, a.shape))}>, {a.type_name}]"


from wlnet.syntax.printer import register_output_format  # noqa: E402

register_output_format("NumericArray", numeric_array_text)
