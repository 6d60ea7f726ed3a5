"""Packed arrays: a numeric List held as one numpy array.

A packed array is an ordinary ``Expr`` of head ``List`` (``type(e) is Expr`` holds, so every
pattern, builtin and printer sees a List) whose argument tuple is a ``PackedArgs``: a tuple
subclass that holds the numpy array and builds the element atoms only when something asks
for them (iteration, indexing, length aside).  Code that knows about packing reads the array
(``packed_array(e)``) and computes with one numpy call; code that does not sees the
elements, built once and kept.  Packing is invisible: a packed List equals (``==``, hash,
``SameQ``) the unpacked List of the same elements.

What can be packed, as in the Wolfram Language: a rectangular array of rank >= 1 and no
zero dimension whose elements are all machine integers (int64), all machine reals
(float64, finite) or all machine complex numbers (complex128, finite).  The elements of a
packed array of rank > 1 are packed arrays of rank one less (views of the same memory).
The arrays are read-only: an Expr is immutable.

Why a tuple subclass instead of an Expr subclass or a lazy slot: hundreds of places test
``type(e) is Expr`` and read ``e._args``; a subclass would fail the first, and a lazy slot
needs ``__getattr__`` on Expr, which slows every attribute access of the evaluator.  A
normal expression pays nothing for packing.
"""

from __future__ import annotations

import sys

import numpy as np

from wlnet.core.expr import FALSE, PACK_ARRAY, TRUE, Complex, Expr, Integer, Real, S
from wlnet.core.items_tuple import ItemsTuple

__all__ = ["PackedArgs", "pack", "overwrite_part", "packed", "packed_array", "is_packed", "list_from_array",
           "unpack", "to_packed", "maybe_pack", "element_kind", "scalar_value", "INT_MAX"]

_List = S.List
INT_MAX = 2 ** 63 - 1


class PackedArgs(ItemsTuple):
    """The arguments of a packed List: a numpy array, its element atoms built on demand
    (``items``) and kept."""

    def __new__(cls, array: np.ndarray):
        self = tuple.__new__(cls)
        self.array = array
        self._items = None
        return self

    def _build_items(self) -> tuple:
        return _elements(self.array)

    def __len__(self):
        return self.array.shape[0]

    def __bool__(self):
        return True                     # a packed array has no zero dimension

    def __getitem__(self, i):
        if self._items is None and type(i) is int:
            return _element(self.array, i)      # one element needs no materialising
        return self.items[i]

    def __eq__(self, other):
        if type(other) is PackedArgs:
            return _arrays_same(self.array, other.array)
        return ItemsTuple.__eq__(self, other)

    __hash__ = ItemsTuple.__hash__      # defining __eq__ would otherwise drop it

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


def _arrays_same(a: np.ndarray, b: np.ndarray) -> bool:
    return (a is b or a.shape == b.shape and a.dtype.kind == b.dtype.kind
            and bool(np.array_equal(a, b)))


def _element(arr: np.ndarray, i: int):
    x = arr[i]
    if arr.ndim > 1:
        return packed(x)
    kind = arr.dtype.kind
    if kind == "i":
        return Integer(int(x))
    if kind == "f":
        return Real(float(x))
    return Complex(Real(float(x.real)), Real(float(x.imag)))


def _elements(arr: np.ndarray) -> tuple:
    if arr.ndim > 1:
        return tuple(packed(row) for row in arr)
    kind = arr.dtype.kind
    if kind == "i":
        return tuple(map(Integer, arr.tolist()))
    if kind == "f":
        return tuple(map(Real, arr.tolist()))
    return tuple(Complex(Real(z.real), Real(z.imag)) for z in arr.tolist())


# ---------------------------------------------------------------------------- changing one

def overwrite_part(e: Expr, index: tuple, part) -> bool:
    """Set the part ``index`` of the packed array ``e`` to ``part`` in its own memory, when
    nothing but ``e`` can see that memory: no other holder of its argument tuple, of its
    array or of a view of it (each such holder keeps a reference, which the counts below
    would show).  The caller answers for ``e`` itself being held by nobody else (one
    variable's value being assigned a part).  False, with nothing changed, otherwise.
    This makes ``a[[i]] = x`` in a loop cost the same at any length, as in WL."""
    args = e._args
    if type(args) is not PackedArgs:
        return False
    # the references to args: e's slot, the name args and getrefcount's argument
    if sys.getrefcount(args) != 3:
        return False
    args._items = None              # our own element atoms (views of rows) let go
    array = args.array
    # the references to array: args' slot, the name array and getrefcount's argument
    if array.base is not None or sys.getrefcount(array) != 3:
        return False
    array.flags.writeable = True
    try:
        array[index] = part
    finally:
        array.flags.writeable = False
    e._hash = None
    return True


# ---------------------------------------------------------------------------- making them

def packed(arr: np.ndarray) -> Expr:
    """The packed List over ``arr``, which must already be packable (``pack`` checks)."""
    e = Expr.__new__(Expr)
    e._head = _List
    e._args = PackedArgs(arr)
    e._hash = None
    return e


def _packable(arr: np.ndarray, owned: bool = False) -> np.ndarray | None:
    """``arr`` as a read-only int64/float64/complex128 array, or None when it cannot be
    packed (rank 0, a zero dimension, non-finite reals, integers past 64 bits, other
    element types)."""
    if arr.ndim == 0 or 0 in arr.shape:
        return None
    kind = arr.dtype.kind
    if kind in "iu":
        if arr.dtype != np.int64:
            if kind == "u" and arr.dtype.itemsize == 8 and arr.max() > INT_MAX:
                return None
            arr = arr.astype(np.int64)
    elif kind == "f":
        if arr.dtype != np.float64:
            arr = arr.astype(np.float64)
        if not _all_finite(arr):
            return None
    elif kind == "c":
        if arr.dtype != np.complex128:
            arr = arr.astype(np.complex128)
        if not _all_finite(arr):
            return None
    else:
        return None
    if arr.flags.writeable:
        if not owned and (arr.base is not None or not arr.flags.owndata):
            arr = arr.copy()             # the caller's memory could change under us
        arr.setflags(write=False)
    return arr


def _all_finite(arr: np.ndarray) -> bool:
    """No inf or nan in ``arr``: its sum is finite then (an inf or nan would carry into it);
    only when the sum overflows are the elements looked at one by one."""
    return bool(np.isfinite(np.add.reduce(arr, axis=None))) or bool(np.isfinite(arr).all())


def pack(arr, owned: bool = False) -> Expr | None:
    """A packed List holding ``arr`` (any numpy array or array-like), or None when it is
    not packable.  The array is kept, not copied, when it is a fresh array of the packed
    element type; a writeable view is copied (an Expr must not change) unless ``owned``
    says that the caller made it and keeps no other reference to its memory."""
    arr = _packable(np.asarray(arr), owned)
    return None if arr is None else packed(arr)


def _pack_numbers(obj) -> Expr | None:
    """from_python's packing of a numpy array: arrays of numbers only."""
    return pack(obj) if obj.dtype.kind in "iufc" else None


PACK_ARRAY[0] = _pack_numbers


def packed_array(e) -> np.ndarray | None:
    """The numpy array of a packed List, None for anything else."""
    if type(e) is Expr:
        args = e._args
        if type(args) is PackedArgs:
            return args.array
    return None


def is_packed(e) -> bool:
    return packed_array(e) is not None


def element_kind(e) -> str | None:
    """'i', 'f' or 'c' for a machine Integer, Real or Complex-of-Reals atom (what can sit
    in a packed array), None otherwise."""
    t = type(e)
    if t is Integer:
        return "i" if -INT_MAX - 1 <= e._value <= INT_MAX else None
    if t is Real:
        return "f" if e._precision is None else None
    if t is Complex and type(e._re) is Real and type(e._im) is Real:
        return "c" if e._re._precision is None and e._im._precision is None else None
    return None


def scalar_value(e):
    """The Python number of a packable atom, None otherwise."""
    kind = element_kind(e)
    if kind is None:
        return None
    if kind == "c":
        return complex(e._re._value, e._im._value)
    return e._value


def list_from_array(arr, owned: bool = False) -> Expr:
    """``arr`` as a List: packed when it can be, else nested Lists of atoms (a rank-0
    array: its atom).  Non-finite reals become the Wolfram Language's infinities."""
    arr = np.asarray(arr)
    p = pack(arr, owned)
    if p is not None:
        return p
    if arr.ndim == 0:
        return _atom(arr.item())
    return Expr.from_args(_List, (list_from_array(x) for x in arr))


def _atom(x):
    if isinstance(x, bool):
        return TRUE if x else FALSE
    if isinstance(x, int):
        return Integer(x)
    if isinstance(x, float):
        if x != x:
            return S.Indeterminate
        if x in (float("inf"), float("-inf")):
            return Expr(S.DirectedInfinity, Integer(1 if x > 0 else -1))
        return Real(x)
    if isinstance(x, complex):
        return Complex(Real(x.real), Real(x.imag))
    from wlnet.core.expr import from_python
    return from_python(x)


def unpack(e):
    """``e`` with every packed array in it replaced by nested Lists of atoms (what
    ``Developer`FromPackedArray`` gives)."""
    arr = packed_array(e)
    if arr is not None:
        return Expr.from_args(_List, (unpack(x) for x in e._args))
    if type(e) is Expr:
        args = tuple(unpack(a) for a in e._args)
        head = unpack(e._head)
        if head is e._head and all(x is y for x, y in zip(args, e._args)):
            return e
        return Expr.from_args(head, args)
    return e


def to_packed(e, coerce: bool = False):
    """``e`` packed when it is a rectangular List of machine numbers of one kind; None when
    it cannot be packed.  Already packed: ``e`` itself.  ``coerce``: integers and reals
    together pack as reals (complex with them as complex), as ``Developer`ToPackedArray``
    does; without it (packing that must not change an element) one kind only."""
    if packed_array(e) is not None:
        return e
    if type(e) is not Expr or e._head is not _List or not e._args:
        return None
    rows = [packed_array(a) for a in e._args]
    if rows[0] is not None and all(r is not None and r.shape == rows[0].shape
                                   and r.dtype == rows[0].dtype for r in rows):
        return pack(np.stack(rows))       # a list of packed arrays: stacked at C speed
    kinds: set = set()
    data = _nested_values(e, kinds)
    if data is None or not coerce and len(kinds) > 1:
        return None
    try:
        arr = np.array(data)
    except (ValueError, OverflowError):
        return None
    if arr.dtype == object:
        return None
    return pack(arr)


# Table and Array pack their result from this many elements on, as the Wolfram Language
# does (its "TableCompileLength"); a shorter list stays a list of atoms.
PACK_THRESHOLD = 250
MAP_PACK_THRESHOLD = 100           # WL packs Map's results from 100 elements on


def maybe_pack(e, threshold: int = PACK_THRESHOLD):
    """``e`` packed when it is a List of at least ``threshold`` machine numbers that can
    be packed (Table's and Array's results; Map's from MAP_PACK_THRESHOLD), else ``e``
    itself."""
    if type(e) is not Expr or e._head is not _List or type(e._args) is PackedArgs:
        return e
    count, x = 1, e
    while type(x) is Expr and x._head is _List and x._args:
        count *= len(x._args)
        x = x._args[0]
    if count < threshold or element_kind(x) is None:
        return e
    return to_packed(e) or e


def _nested_values(e, kinds: set):
    """The numbers of a nested List as nested Python lists (None when something is not a
    packable number), their kinds ('i', 'f', 'c') added to ``kinds``."""
    if type(e) is Expr:
        arr = packed_array(e)
        if arr is not None:
            kinds.add(arr.dtype.kind)
            return arr.tolist()
        if e._head is not _List or not e._args:
            return None
        out = []
        for a in e._args:
            v = _nested_values(a, kinds)
            if v is None:
                return None
            out.append(v)
        return out
    kind = element_kind(e)
    if kind is None:
        return None
    kinds.add(kind)
    return scalar_value(e)


class PackedRows:
    """The elements of a packed array as a read-only sequence that builds none of them until
    one is asked for, and hands the whole array (``.array``) to code that takes arrays:
    the examples of a packed training set reach the net without a conversion per element."""

    __slots__ = ("expr", "array")

    def __init__(self, e):
        self.expr = e
        self.array = packed_array(e)

    def __len__(self):
        return self.array.shape[0]

    def __getitem__(self, i):
        if isinstance(i, slice):
            part = self.array[i]
            return PackedRows(packed(part)) if part.shape[0] else []
        return self.expr._args[i]

    def __iter__(self):
        return iter(self.expr._args)


def elements_of(e):
    """The elements of the List ``e`` as a sequence: a PackedRows for a packed array (no
    element built), else a list of its arguments."""
    return PackedRows(e) if packed_array(e) is not None else list(e._args)


def examples_array(examples):
    """The numpy array of a PackedRows sequence, None for anything else."""
    return examples.array if type(examples) is PackedRows else None
