"""NumericArray values, an atom of the core language.

``NumericArray`` is an atom (no parts, like Wolfram's): an immutable numpy array with a
WL element type name.  Two NumericArrays are equal when type, shape and bytes agree.
``to_expr_form`` gives the ``NumericArray[{…}, "Real32"]`` expression that InputForm
prints and that re-evaluates to an equal value.  Its WL face (the constructor, Normal,
Dimensions) is ``wlnet.builtins.numeric_array``.

Nets keep their weights as NumericArrays beside their structure (``wlnet.net.net.Net.arrays``,
a path → NumericArray map), but nothing here depends on the net framework.
"""

from __future__ import annotations

import hashlib

import numpy as np

from wlnet.core.expr import Atom, Expr, Integer, Rational, Real, S, String, Symbol
from wlnet.core.packed import pack, packed_array

__all__ = ["NumericArray", "NA_TYPES", "numeric_array_from_expr", "to_numpy_data", "reals_expr"]

NA_TYPES = {
    "Real32": np.float32, "Real64": np.float64, "Real16": np.float16,
    "Integer8": np.int8, "Integer16": np.int16, "Integer32": np.int32, "Integer64": np.int64,
    "UnsignedInteger8": np.uint8, "UnsignedInteger16": np.uint16,
    "UnsignedInteger32": np.uint32, "UnsignedInteger64": np.uint64,
}
_NAME_OF_DTYPE = {np.dtype(v): k for k, v in NA_TYPES.items()}


class NumericArray(Atom):
    """An immutable typed numeric array, atomic in the language."""

    __slots__ = ("_array", "_type", "_hash")
    head = Symbol("NumericArray")

    def __init__(self, data, type_name: str = "Real32"):
        if type_name not in NA_TYPES:
            raise ValueError(f"unknown NumericArray type {type_name!r}")
        arr = np.array(data, dtype=NA_TYPES[type_name], copy=True, order="C")
        arr.setflags(write=False)
        self._array = arr
        self._type = type_name
        self._hash = None

    @classmethod
    def wrap(cls, arr: np.ndarray) -> "NumericArray":
        """A NumericArray over ``arr``'s own memory, without a copy when ``arr`` is
        C-contiguous with a NumericArray element type (a copy otherwise).  The value sees
        the memory through a read-only view; whoever owns ``arr`` must not change it
        afterwards (the Python API's ``from_numpy``, for large arrays)."""
        arr = np.asarray(arr)
        name = _NAME_OF_DTYPE.get(arr.dtype.newbyteorder("="))
        if name is None or not arr.flags.c_contiguous or not arr.dtype.isnative:
            return cls(arr, name or "Real64")
        self = cls.__new__(cls)
        view = arr.view()
        view.setflags(write=False)
        self._array = view
        self._type = name
        self._hash = None
        return self

    @classmethod
    def from_numpy(cls, arr: np.ndarray) -> "NumericArray":
        name = _NAME_OF_DTYPE.get(np.asarray(arr).dtype, "Real64")
        return cls(arr, name)

    @property
    def array(self) -> np.ndarray:
        """The (read-only) numpy array."""
        return self._array

    @property
    def type_name(self) -> str:
        return self._type

    @property
    def shape(self) -> tuple:
        return self._array.shape

    def __eq__(self, other) -> bool:
        return (type(other) is NumericArray and other._type == self._type
                and other._array.shape == self._array.shape
                and other._array.tobytes() == self._array.tobytes())

    def __hash__(self) -> int:
        if self._hash is None:
            digest = hashlib.blake2b(self._array.tobytes(), digest_size=8).digest()
            self._hash = hash(("NumericArray", self._type, self._array.shape, digest))
        return self._hash

    def __repr__(self) -> str:
        return f"NumericArray(<{self._type} {self._array.shape}>)"

    def normal(self):
        """The data as nested lists of Integer/Real (``Normal[na]``): a packed array, as in
        the Wolfram Language, when the values allow one."""
        p = pack(self._array)
        return p if p is not None else _to_expr(self._array.tolist())

    def to_expr_form(self) -> Expr:
        """``NumericArray[{…}, "type"]``: what InputForm shows and what re-evaluates to
        this value.  Real32 values print as the float64 that equals them exactly."""
        return Expr(S.NumericArray, self.normal(), String(self._type))


def _to_expr(x):
    if isinstance(x, list):
        return Expr.from_args(S.List, (_to_expr(y) for y in x))
    if isinstance(x, float):
        return Real(x)
    return Integer(int(x))


def reals_expr(arr: np.ndarray) -> Expr:
    """A numeric numpy array as a nested List of machine Reals (a 0-d array: one Real):
    packed unless a value is not finite."""
    arr = np.asarray(arr, dtype=np.float64)
    p = pack(arr)
    return p if p is not None else _to_expr(arr.tolist())


def to_numpy_data(e):
    """A rectangular nested List of numbers (or a NumericArray) → numpy float64/int64
    array, or None when it is not one."""
    if isinstance(e, NumericArray):
        return e.array
    arr = packed_array(e)                # a packed array: its own memory, no conversion
    if arr is not None:
        return arr if arr.dtype.kind in "if" else None
    try:
        data = _from_expr(e)
        arr = np.array(data)
    except (ValueError, TypeError):
        return None
    if arr.dtype == object or arr.dtype.kind not in "if":
        return None
    return arr


def _from_expr(e):
    t = type(e)
    if t is Integer:
        return e.value
    if t is Real:
        return e.value
    if t is Expr and e.head is S.List:
        arr = packed_array(e)            # numpy stacks arrays among lists at C speed
        if arr is not None:
            return arr
        return [_from_expr(a) for a in e.args]
    if t is Rational:
        return float(e.value)
    raise TypeError("not numeric")


def numeric_array_from_expr(data, type_name: str = "Real32") -> NumericArray | None:
    arr = to_numpy_data(data)
    if arr is None:
        return None
    if NA_TYPES[type_name]().dtype.kind in "ui":
        if arr.dtype.kind == "f" and not np.all(np.equal(np.floor(arr), arr)):
            return None
        info = np.iinfo(NA_TYPES[type_name])
        if arr.size and (arr.min() < info.min or arr.max() > info.max):
            return None
    return NumericArray(arr, type_name)
