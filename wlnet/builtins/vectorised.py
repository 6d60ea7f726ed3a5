"""Packed arrays at array speed: the ``Developer``` packing functions, and the numpy forms of
builtins for packed-array arguments (wlnet.core.packed).

Each form is one or a few numpy calls on the whole array, tried before the builtin's own
(element by element) definition; it answers None, and the builtin runs as before, for every
case it does not cover exactly: exact rationals, big integers, anything that would overflow
int64 or give a non-finite real, anything that issues a message.  So a form never changes
a result or a message; it only saves the per-element evaluation.

What "the same result" means for machine reals:
* elementwise arithmetic and functions give the same bits as the element-by-element path,
  which computes its machine reals with the same numpy functions (``machine_function``,
  ``machine_pow`` in wlnet.builtins.arithmetic);
* Accumulate and Differences are sequential, as the element path is: the same bits;
* sums of many reals (Total, Mean, Dot) use numpy's summation (pairwise, BLAS), which can
  differ from the element-by-element left-to-right sum in the last bits, as the Wolfram
  Language's packed and unpacked sums do.  Integer sums are exact.

Listable forms are registered with ``registry.vectorised`` (the evaluator tries them before
threading a Listable head over lists); the others wrap a builtin with ``packed_form``.
"""

from __future__ import annotations

import dataclasses
import math
from fractions import Fraction

import numpy as np

import wlnet.builtins.arithmetic  # noqa: F401  (the builtins wrapped below are registered)
import wlnet.builtins.control as control
import wlnet.builtins.functional  # noqa: F401
import wlnet.builtins.lists  # noqa: F401
import wlnet.builtins.math_extra  # noqa: F401
from wlnet.builtins._array_parts import _take_parts
from wlnet.core.messages import CheckFrame
from wlnet.core.attributes import LISTABLE as _LISTABLE
from wlnet.core.expr import (FALSE, TRUE, Complex, Expr, Integer, Rational, Real, S, Symbol,
                             make_rational)
from wlnet.core.packed import (INT_MAX, MAP_PACK_THRESHOLD, PACK_THRESHOLD, is_packed,
                               list_from_array, maybe_pack, pack, packed, packed_array,
                               to_packed, unpack)
from wlnet.core.registry import BUILTINS, VECTORISED as _VECTORISED_FORMS, builtin, vectorised

_List = S.List
_ALL = S.All


# ---------------------------------------------------------------------------- Developer`

@builtin("Developer`PackedArrayQ", argc=(1, 3),
         usage="Developer`PackedArrayQ[expr] gives True if expr is a packed array; "
               "Developer`PackedArrayQ[expr, type] of Integer, Real or Complex elements; "
               "Developer`PackedArrayQ[expr, type, rank] of that rank too.",
         examples=(("Developer`PackedArrayQ[Range[3]]", "True"),
                   ("Developer`PackedArrayQ[{1, x}]", "False")))
def packed_array_q(ev, e, type_=None, rank=None):
    arr = packed_array(e)
    ok = arr is not None
    if ok and type_ is not None:
        ok = _KIND_OF_TYPE.get(type_) == arr.dtype.kind
    if ok and rank is not None:
        ok = type(rank) is Integer and rank.value == arr.ndim
    return TRUE if ok else FALSE


_KIND_OF_TYPE = {S.Integer: "i", S.Real: "f", S.Complex: "c"}
_DTYPE_OF_TYPE = {S.Integer: np.int64, S.Real: np.float64, S.Complex: np.complex128}


@builtin("Developer`ToPackedArray", argc=(1, 2),
         usage="Developer`ToPackedArray[expr] packs expr when it is a rectangular array of "
               "machine numbers (else gives expr unchanged); Developer`ToPackedArray[expr, "
               "type] packs with elements of type Integer, Real or Complex.",
         examples=(("Developer`PackedArrayQ[Developer`ToPackedArray[{1, 2, 3}]]", "True"),))
def to_packed_array(ev, e, type_=None):
    p = to_packed(e, coerce=True)
    if p is None:
        return e
    if type_ is None:
        return p
    dtype = _DTYPE_OF_TYPE.get(type_)
    arr = packed_array(p)
    if dtype is None or arr.dtype.kind == "c" and dtype is not np.complex128 \
            or arr.dtype.kind == "f" and dtype is np.int64:
        return e
    return pack(arr.astype(dtype)) or e


@builtin("Developer`FromPackedArray", argc=1,
         usage="Developer`FromPackedArray[expr] unpacks every packed array in expr (the same "
               "elements, as an ordinary list).",
         examples=(("Developer`PackedArrayQ[Developer`FromPackedArray[Range[3]]]", "False"),))
def from_packed_array(ev, e):
    return unpack(e)


# ---------------------------------------------------------------------------- operands

# numeric constants as the element path turns them into machine reals next to one
_CONSTANTS = {"Pi": math.pi, "E": math.e, "Degree": math.pi / 180,
              "GoldenRatio": (1 + math.sqrt(5)) / 2, "EulerGamma": 0.5772156649015329,
              "Catalan": 0.915965594177219}


def _scalar(e):
    """(value, kind) of a number that can meet a packed array: 'i' int64 integer, 'f'
    machine real, 'c' machine complex, 'q' rational, 'k' a numeric constant (Pi, E…: a
    machine real only beside machine reals); None for anything else."""
    t = type(e)
    if t is Symbol:
        value = _CONSTANTS.get(e.name)
        return None if value is None else (value, "k")
    if t is Integer:
        v = e._value
        return (v, "i") if -INT_MAX <= v <= INT_MAX else None
    if t is Real:
        return (e._value, "f") if e._precision is None else None
    if t is Rational:
        return (Fraction(e.numerator, e.denominator), "q")
    if t is Complex and type(e._re) is Real and type(e._im) is Real \
            and e._re._precision is None and e._im._precision is None:
        return (complex(e._re._value, e._im._value), "c")
    return None


def _operands(args):
    """The arguments as numpy arrays or Python numbers (with their kinds), when every one is
    a packed array or a scalar that can meet one and at least one is packed; else None."""
    values, kinds, shape = [], [], None
    for a in args:
        arr = packed_array(a)
        if arr is not None:
            values.append(arr)
            kinds.append(arr.dtype.kind)
            shape = arr.shape if shape is None or arr.ndim > len(shape) else shape
            continue
        sc = _scalar(a)
        if sc is None:
            return None
        values.append(sc[0])
        kinds.append(sc[1])
    if shape is None:
        return None
    return values, kinds


def _aligned(values):
    """Arrays of lower rank lined up with the leading axes of the highest (Listable threads
    over the first levels, numpy broadcasts the last); None when the leading dimensions
    disagree (the element path then says Thread::tdlen)."""
    arrays = [v for v in values if isinstance(v, np.ndarray)]
    top = max(arrays, key=lambda a: a.ndim)
    out = []
    for v in values:
        if isinstance(v, np.ndarray):
            if v.shape != top.shape[:v.ndim]:
                return None
            v = v.reshape(v.shape + (1,) * (top.ndim - v.ndim))
        out.append(v)
    return out


def _numeric(values, kinds):
    """Rationals as floats when a real or complex operand is there (machine contagion, as
    Fraction * float is in the element path); None when exact rationals would remain, or
    a constant would (Pi {1, 2} is {Pi, 2 Pi}; one constant beside machine reals only)."""
    if "k" in kinds and ("f" not in kinds or "c" in kinds or kinds.count("k") > 1):
        return None
    if "q" not in kinds:
        return values
    if "f" not in kinds and "c" not in kinds:
        return None
    return [float(v) if type(v) is Fraction else v for v in values]


def _int_bound(v) -> int:
    """The largest magnitude of an int64 array or int, as a Python int."""
    if isinstance(v, np.ndarray):
        return max(-int(v.min()), int(v.max()))
    return abs(v)


def _result(arr):
    """A numpy result as a packed array (or its atom), None when it is not packable (a
    non-finite value: the element path has a message or an infinity for it)."""
    if arr.ndim == 0:
        return list_from_array(arr) if np.isfinite(arr) else None
    return pack(arr, owned=True)


# ---------------------------------------------------------------------------- arithmetic

@vectorised("Plus")
def _plus(ev, args):
    ops = _operands(args)
    if ops is None:
        return None
    values, kinds = ops
    if set(kinds) == {"i"}:
        if sum(_int_bound(v) for v in values) > INT_MAX:
            return None
    elif len(values) != 2:
        return None      # the element path sorts three or more reals by value before adding
    values = _numeric(values, kinds)
    if values is None:
        return None
    values = _aligned(values)
    if values is None:
        return None
    total = values[0]
    for v in values[1:]:
        total = np.add(total, v)
    return _result(np.asarray(total))


@vectorised("Times")
def _times(ev, args):
    ops = _operands(args)
    if ops is None:
        return None
    values, kinds = ops
    if "c" in kinds:
        return None       # complex products: numpy's loop may fuse a multiply-add, Python's not
    values, kinds = _fold_integers(values, kinds)
    if set(kinds) == {"i"}:
        bound = 1
        for v in values:
            bound *= _int_bound(v)
        if bound > INT_MAX:
            return None
    elif len(values) - kinds.count("k") != 2 and not (len(values) == 2 and "k" in kinds):
        return None
    values = _numeric(values, kinds)
    if values is None:
        return None
    # the element path multiplies the numbers first, then the constant (2 Pi x is
    # (2 x) Pi, bit for bit)
    constant = [v for v, k in zip(values, kinds) if k == "k"]
    values = _aligned([v for v, k in zip(values, kinds) if k != "k"])
    if values is None:
        return None
    product = values[0]
    for v in values[1:] + constant:
        product = np.multiply(product, v)
    return _result(np.asarray(product))


def _fold_integers(values, kinds):
    """Integer factors (not arrays) multiplied into one, exactly, as the element path
    folds them first (2 Pi 440 x is 880 Pi x); unchanged when the product leaves int64."""
    ints = [v for v, k in zip(values, kinds) if k == "i" and not isinstance(v, np.ndarray)]
    if len(ints) < 2:
        return values, kinds
    product = math.prod(ints)
    if abs(product) > INT_MAX:
        return values, kinds
    rest = [(v, k) for v, k in zip(values, kinds)
            if not (k == "i" and not isinstance(v, np.ndarray))]
    return [product, *(v for v, _ in rest)], ["i", *(k for _, k in rest)]


@vectorised("Power")
def _power(ev, args):
    if len(args) != 2:
        return None
    ops = _operands(args)
    if ops is None:
        return None
    (b, e), (kb, ke) = ops
    if "c" in (kb, ke) or ke == "k" or kb == "k" and ke != "f":
        return None                       # E^{1, 2} stays exact; E^x. is machine_pow
    if kb == "i" and ke == "i":
        return _integer_power(b, e)
    if kb == "q" or kb == "i" and ke == "q":
        return None                       # exact rationals or surds
    fb = b.astype(np.float64) if isinstance(b, np.ndarray) else float(b)
    fe = e.astype(np.float64) if isinstance(e, np.ndarray) else float(e)
    if np.any(np.asarray(fb) == 0):
        return None                       # 0^e: the element path's cases and messages
    if ke != "i" and np.any(np.asarray(fb) < 0):
        return None                       # complex results
    if np.any(np.asarray(fe) == 0):
        return None                       # x^0 is the exact 1, x^0. has its own cases
    if kb == "i" and np.any(np.asarray(b) == 1):
        return None                       # 1^x is the exact 1
    if ke == "i" and not isinstance(e, np.ndarray):
        if e == 1:
            return args[0]
        if e == 0:
            return None
    aligned = _aligned([fb, fe])
    if aligned is None:
        return None
    return _result(np.power(*aligned))


def _integer_power(b, e):
    if isinstance(e, np.ndarray):
        if isinstance(b, np.ndarray) or e.min() < 1 or b in (0, 1, -1):
            return None
        if abs(b) ** int(e.max()) > INT_MAX:
            return None
    else:
        if e < 1 or _int_bound(b) ** e > INT_MAX:
            return None
    return _result(np.power(b, e))


def _unary(name, ufunc, domain=None):
    """The vectorised form of a one-argument function of machine reals (integer arrays
    stay exact in the element path: Sin[1] is Sin[1])."""

    @vectorised(name)
    def form(ev, args):
        if len(args) != 1:
            return None
        arr = packed_array(args[0])
        if arr is None or arr.dtype.kind != "f":
            return None
        if domain is not None and not domain(arr):
            return None
        return _result(ufunc(arr))

    return form


for _name, _ufunc in (("Sin", np.sin), ("Cos", np.cos), ("Tan", np.tan), ("Tanh", np.tanh),
                      ("ArcTan", np.arctan)):
    _unary(_name, _ufunc)
_unary("Log", np.log, lambda a: bool((a > 0).all()))
_unary("Sqrt", np.sqrt, lambda a: bool((a >= 0).all()))   # of negatives: complex, exact paths
_unary("Exp", lambda a: np.power(math.e, a))        # as machine_pow computes E^x


@vectorised("Abs")
def _abs(ev, args):
    arr = packed_array(args[0]) if len(args) == 1 else None
    if arr is None or arr.dtype.kind not in "if" \
            or arr.dtype.kind == "i" and arr.min() == -INT_MAX - 1:
        return None
    return _result(np.abs(arr))


def _rounding(name, to_integers):
    """Round, Floor, Ceiling and IntegerPart of machine reals: f[x] the integers (when all
    fit int64), f[x, a]: f[x/a] a, machine reals for a machine real a, integers for an
    integer a, as the element path computes them (Round halves to even, as numpy's does)."""

    @vectorised(name)
    def form(ev, args):
        arr = packed_array(args[0]) if args else None
        if arr is not None and arr.dtype.kind == "i" and len(args) == 1:
            return args[0]                        # integers are their own rounding
        if arr is None or arr.dtype.kind != "f" or len(args) > 2:
            return None
        if len(args) == 1:
            if not np.isfinite(arr).all() or np.abs(arr).max(initial=0.0) >= 2.0 ** 62:
                return None
            return _result(to_integers(arr).astype(np.int64))
        step = _scalar(args[1])
        if step is None or step[1] not in "if" or step[0] == 0:
            return None
        quotient = arr / float(step[0])
        if not np.isfinite(quotient).all():
            return None
        if step[1] == "f":
            return _result(to_integers(quotient) * step[0])
        # an integer step: integer multiples (Round[2.7, 2] is 2), when they fit int64
        if np.abs(quotient).max(initial=0.0) * abs(step[0]) >= 2.0 ** 62:
            return None
        return _result(to_integers(quotient).astype(np.int64) * step[0])

    return form


for _name, _to_integers in (("Round", np.round), ("Floor", np.floor), ("Ceiling", np.ceil),
                            ("IntegerPart", np.trunc)):
    _rounding(_name, _to_integers)


# ---------------------------------------------------------------------------- wrapping builtins

def packed_form(name: str):
    """Register ``fast(ev, *args)`` as the packed-array form of the builtin ``name``: tried
    first, the builtin's own function runs when it answers None."""

    def register(fast):
        spec = BUILTINS[name]
        own = spec.func

        def func(ev, *args):
            r = fast(ev, *args)
            return own(ev, *args) if r is None else r

        func.__name__ = getattr(own, "__name__", name)
        func.__doc__ = own.__doc__
        BUILTINS[name] = dataclasses.replace(spec, func=func)
        return fast

    return register


def _real_or_int(arr) -> bool:
    return arr is not None and arr.dtype.kind in "if"


def _sum_first_axis(arr):
    """The sum over the first axis, exact for integers (None when int64 could overflow)."""
    if arr.dtype.kind == "i" and _int_bound(arr) * arr.shape[0] > INT_MAX:
        return None
    return np.add.reduce(arr, axis=0)


def _summed_array(e):
    """The array Total and Mean sum: a packed array, or an unpacked List of machine reals
    (or complex numbers) packed for the sum.  Both then add the same way, numpy's pairwise
    summation in list order, so packing never changes a sum, not even in the last bit.
    (Plus itself adds in its sorted argument order; WL's Total of machine numbers is not
    a plain left-to-right sum either.)  None for anything else (exact numbers keep their
    own exact path)."""
    arr = packed_array(e)
    if arr is not None:
        return arr
    if type(e) is not Expr or e._head is not _List:
        return None
    p = to_packed(e, coerce=True)
    arr = None if p is None else packed_array(p)
    return arr if arr is not None and arr.dtype.kind in "fc" else None


@packed_form("Total")
def _total(ev, e, spec=None):
    arr = _summed_array(e)
    if arr is None:
        return None
    if spec is not None:
        return _total_levels(arr, spec)
    s = _sum_first_axis(arr)
    return None if s is None else _result(np.asarray(s))


@packed_form("Mean")
def _mean(ev, e):
    arr = _summed_array(e)
    if arr is None or arr.dtype.kind == "c":
        return None
    n = arr.shape[0]
    if arr.dtype.kind == "i":             # exact: the integer sums over n, as rationals
        sums = _sum_first_axis(arr)
        if sums is None:
            return None
        if arr.ndim == 1:
            return make_rational(int(sums), n)
        return _nested_rationals(sums.tolist(), n)
    return _result(np.asarray(np.add.reduce(arr, axis=0) * (1.0 / n)))


def _nested_rationals(values, n):
    if isinstance(values, list):
        items = [_nested_rationals(v, n) for v in values]
        if all(type(x) is Integer for x in items):
            return pack(np.array([x.value for x in items], dtype=np.int64))
        return Expr.from_args(_List, items)
    return make_rational(values, n)


@packed_form("Accumulate")
def _accumulate(ev, e):
    arr = packed_array(e)
    if arr is None or arr.dtype.kind == "i" and _int_bound(arr) * arr.shape[0] > INT_MAX:
        return None
    return _result(np.cumsum(arr, axis=0))


@packed_form("Differences")
def _differences(ev, e, n=None):
    arr = packed_array(e)
    if arr is None or n is not None and not (type(n) is Integer and 0 <= n.value):
        return None
    times = 1 if n is None else n.value
    if times >= arr.shape[0] or arr.dtype.kind == "i" and _int_bound(arr) * 2 ** times > INT_MAX:
        return None
    return _result(np.diff(arr, n=times, axis=0)) if times else e


@packed_form("Dot")
def _dot(ev, *args):
    if len(args) != 2:
        return None
    a, b = packed_array(args[0]), packed_array(args[1])
    if a is None or b is None or a.ndim > 2 or b.ndim > 2 or a.shape[-1] != b.shape[0]:
        return None
    if a.dtype.kind == "i" and b.dtype.kind == "i" and \
            _int_bound(a) * _int_bound(b) * a.shape[-1] > INT_MAX:
        return None
    return _result(np.asarray(np.dot(a, b)))


@packed_form("Transpose")
def _transpose(ev, e, perm=None):
    arr = packed_array(e)
    if arr is None and type(e) is Expr and e._head is _List and len(e._args) <= 64:
        # a few packed vectors of one length ({xs, ys}): stacked, then transposed
        stacked = to_packed(e)
        arr = packed_array(stacked) if stacked is not None else None
    if arr is None or perm is not None or arr.ndim < 2:
        return None
    return packed_copy(np.swapaxes(arr, 0, 1))


def packed_copy(arr):
    """A packed array of ``arr``: a C-contiguous view as it is (the memory is read-only, so
    sharing it is safe), a strided one copied to C order (fast to read)."""
    if not arr.flags.c_contiguous:
        arr = np.ascontiguousarray(arr)
    if arr.flags.writeable:
        arr.setflags(write=False)
    return packed(arr)


@packed_form("Reverse")
def _reverse(ev, e, levels=None):
    arr = packed_array(e)
    if arr is None or levels is not None:
        return None
    return packed_copy(arr[::-1])


@packed_form("Flatten")
def _flatten(ev, e, *rest):
    arr = packed_array(e)
    if arr is None or rest:
        return None
    return packed(arr.reshape(-1)) if arr.ndim > 1 else e


@packed_form("Sort")
def _sort(ev, e, *rest):
    arr = packed_array(e)
    if arr is None or rest or arr.ndim != 1:
        return None
    out = np.sort(arr, kind="stable")
    out.setflags(write=False)
    return packed(out)


@packed_form("Ordering")
def _ordering(ev, e, *rest):
    arr = packed_array(e)
    if arr is None or rest or arr.ndim != 1:
        return None
    return pack(np.argsort(arr, kind="stable") + 1)


def _extremum(name, reduce, combine):
    """Max/Min of packed arrays: numpy's extremum of each array, then the extremum of those
    few values."""
    @packed_form(name)
    def form(ev, *args):
        arrays = [packed_array(a) for a in args]
        if not args or not all(_real_or_int(a) for a in arrays):
            return None
        if len({a.dtype.kind for a in arrays}) != 1:
            return None       # Max[{1}, {1.}]: which of equal values is kept is the element path's
        return list_from_array(np.asarray(combine(reduce(a) for a in arrays)))
    return form


_extremum("Max", np.max, max)
_extremum("Min", np.min, min)


@packed_form("Join")
def _join(ev, *args):
    arrays = [packed_array(a) for a in args]
    if len(args) < 2 or any(a is None for a in arrays):
        return None
    if len({a.dtype.kind for a in arrays}) != 1 or len({a.shape[1:] for a in arrays}) != 1:
        return None
    return pack(np.concatenate(arrays))


# ---------------------------------------------------------------------------- Part, Take, Drop

@packed_form("Part")
def _part(ev, e, *specs):
    arr = packed_array(e)
    if arr is None or not specs:
        return None
    out = _take_parts(arr, specs)
    if out is None:
        return None
    if out.ndim == 0:
        return list_from_array(out)
    if 0 in out.shape:
        return None
    return packed_copy(out)


def _take_drop_slice(spec, n):
    """The slice Take[list, spec] takes, for n, -n, {m}, {m, k}; None otherwise."""
    if type(spec) is Integer:
        k = spec._value
        if abs(k) > n:
            return None
        return slice(0, k) if k >= 0 else slice(n + k, n)
    if spec is _ALL:
        return slice(None)
    if type(spec) is Expr and spec._head is _List and len(spec._args) in (1, 2) \
            and all(type(x) is Integer for x in spec._args):
        ends = [x._value if x._value > 0 else n + 1 + x._value for x in spec._args]
        if any(not 1 <= v <= n for v in ends):
            return None
        lo, hi = ends[0], ends[-1]
        return slice(lo - 1, hi) if hi >= lo else None
    return None


@packed_form("Take")
def _take(ev, e, *specs):
    arr = packed_array(e)
    if arr is None or len(specs) != 1:
        return None
    sl = _take_drop_slice(specs[0], arr.shape[0])
    if sl is None:
        return None
    out = arr[sl]
    return packed_copy(out) if out.shape[0] else None


@packed_form("Drop")
def _drop(ev, e, *specs):
    arr = packed_array(e)
    if arr is None or len(specs) != 1:
        return None
    sl = _take_drop_slice(specs[0], arr.shape[0])
    if sl is None:
        return None
    keep = np.ones(arr.shape[0], dtype=bool)
    keep[sl] = False
    out = arr[keep]
    return packed_copy(out) if out.shape[0] else None


@packed_form("Partition")
def _partition(ev, e, *rest):
    arr = packed_array(e)
    if arr is None or len(rest) != 1 or type(rest[0]) is not Integer:
        return None
    n = rest[0]._value
    if n < 1 or n > arr.shape[0]:
        return None
    blocks = arr.shape[0] // n
    return packed_copy(arr[:blocks * n].reshape((blocks, n) + arr.shape[1:]))


@packed_form("Dimensions")
def _dimensions(ev, e, *rest):
    arr = packed_array(e)
    if arr is None or rest:
        return None
    return pack(np.array(arr.shape, dtype=np.int64))


@packed_form("N")
def _n(ev, e, *rest):
    arr = packed_array(e)
    if arr is None or rest or arr.dtype.kind == "c":
        return None
    return e if arr.dtype.kind == "f" else pack(arr.astype(np.float64))


# ---------------------------------------------------------------------------- levels and maps

def _total_axes(spec, ndim):
    """The axes Total[list, spec] sums: n (levels 1..n), {n}, {n1, n2}, Infinity; None for
    anything else."""
    if type(spec) is Integer and spec._value >= 1:
        return tuple(range(min(spec._value, ndim)))
    if spec is S.Infinity:
        return tuple(range(ndim))
    if type(spec) is Expr and spec._head is _List and len(spec._args) in (1, 2) \
            and all(type(x) is Integer and 1 <= x._value for x in spec._args):
        lo, hi = spec._args[0]._value, spec._args[-1]._value
        if hi > ndim or lo > hi:
            return None
        return tuple(range(lo - 1, hi))
    return None


def _total_levels(arr, spec):
    axes = _total_axes(spec, arr.ndim)
    if axes is None or not axes:
        return None
    if arr.dtype.kind == "i":
        count = int(np.prod([arr.shape[a] for a in axes]))
        if _int_bound(arr) * count > INT_MAX:
            return None
    return _result(np.asarray(np.add.reduce(arr, axis=axes)))


# the functions whose Map over the rows of a packed array is one numpy call over axis 1
# ---------------------------------------------------------------------------- Apply, MapThread

def _plain_builtin(ev, f) -> bool:
    """``f`` is a builtin symbol the user has given no rules."""
    if type(f) is not Symbol:
        return False
    rec = ev.definitions.records.get(f)
    return rec is not None and not (rec.down or rec.down_exact or rec.up or rec.sub)


def _row_sums(arr):
    """Plus @@@ rows as the element path adds them: exact integers; machine reals sorted
    (Plus is Orderless) and added one by one from 0 (cumsum is sequential)."""
    if arr.dtype.kind == "i":
        if _int_bound(arr) * arr.shape[1] > INT_MAX:
            return None
        return np.add.reduce(arr, axis=1)
    if arr.dtype.kind != "f":
        return None
    return np.cumsum(np.sort(arr, axis=1), axis=1)[:, -1] + 0.0     # 0 + -0. is 0.


_ROW_APPLIED = {"Plus": _row_sums,
                "Max": lambda arr: np.max(arr, axis=1) if arr.dtype.kind in "if" else None,
                "Min": lambda arr: np.min(arr, axis=1) if arr.dtype.kind in "if" else None}


def _apply_to_rows(ev, f, e):
    """f @@@ m for a packed matrix m and f Plus, Max, Min or List, or a pure function of
    the row's entries that Map could take (``#1^2 + #2^2 &``, ``{#2, #1} &``)."""
    arr = packed_array(e)
    if arr is None or arr.ndim != 2:
        return None
    if not _plain_builtin(ev, f):
        g = _slots_as_row_entries(f, arr.shape[1])
        result = _mapped(ev, g, e, arr) if g is not None else None
        if result is not None and arr.shape[0] < MAP_PACK_THRESHOLD and is_packed(result):
            return unpack(result)
        return result
    if f is _List:
        return e
    reduce_rows = _ROW_APPLIED.get(f.name)
    found = reduce_rows(arr) if reduce_rows is not None else None
    return None if found is None else _result(found)


@packed_form("Apply")
def _apply(ev, f, e=None, *rest):
    if rest == (Expr(_List, Integer(1)),):
        return _apply_to_rows(ev, f, e)
    return None


@packed_form("MapApply")
def _map_apply(ev, f, e=None):
    return _apply_to_rows(ev, f, e) if e is not None else None


@packed_form("MapThread")
def _map_thread(ev, f, lists=None, n=None):
    """MapThread[f, {a, b, …}] for a Listable f with a numpy form and packed a, b, … of one
    shape: f[a, b, …] itself (threading f over the lists pairs their elements the same
    way)."""
    if lists is None or n is not None or not _plain_builtin(ev, f) \
            or not ev.definitions.attributes(f) & _LISTABLE or f not in _VECTORISED_FORMS:
        return None
    if not (type(lists) is Expr and lists._head is _List and len(lists._args) >= 2):
        return None
    arrays = [packed_array(a) for a in lists._args]
    if any(a is None for a in arrays) or len({a.shape for a in arrays}) != 1:
        return None
    return _VECTORISED_FORMS[f](ev, tuple(lists._args))


# ---------------------------------------------------------------------------- Norm, Normalize

def _euclidean_norms(arr):
    """The 2-norm along the last axis of machine reals, as the element path computes one:
    Abs[x]^2 of each, summed in increasing order one by one (Plus sorts its terms; cumsum
    adds sequentially), then ^(1/2); None for anything but machine reals."""
    if arr.dtype.kind != "f" or arr.shape[-1] == 0 or not np.isfinite(arr).all():
        return None
    squares = np.power(np.abs(arr), 2.0)
    totals = np.cumsum(np.sort(squares, axis=-1), axis=-1)[..., -1]
    return np.power(totals, 0.5)


def _normalized_rows(arr):
    """Each vector along the last axis divided by its norm (v times norm^-1, as the
    element path's Times[v, Power[n, -1]]); a zero vector is left as it is."""
    norms = _euclidean_norms(arr)
    if norms is None:
        return None
    zero = norms == 0.0
    factors = np.power(np.where(zero, 1.0, norms), -1.0)
    return np.where(zero[..., None], arr, arr * factors[..., None])


@packed_form("Norm")
def _norm(ev, v, p=None):
    arr = packed_array(v)
    if arr is None or arr.ndim != 1 or p is not None and p != Integer(2):
        return None
    norms = _euclidean_norms(arr)
    return None if norms is None else _result(norms)


@packed_form("Normalize")
def _normalize(ev, v, f=None):
    arr = packed_array(v)
    if arr is None or arr.ndim != 1 or f is not None:   # Normalize[v, f]: the builtin's own
        return None
    rows = _normalized_rows(arr)
    return None if rows is None else _result(rows)


def _when(found, shape_ok=True):
    return None if found is None or not shape_ok else _result(found)


_ROW_REDUCTIONS = {
    "Norm": lambda arr: _when(_euclidean_norms(arr), arr.ndim == 2),
    "Normalize": lambda arr: _when(_normalized_rows(arr), arr.ndim == 2),
    "Total": lambda arr: _total_levels(arr, Expr(_List, Integer(2))),
    "Max": lambda arr: _result(np.max(arr, axis=tuple(range(1, arr.ndim))))
    if arr.dtype.kind in "if" else None,
    "Min": lambda arr: _result(np.min(arr, axis=tuple(range(1, arr.ndim))))
    if arr.dtype.kind in "if" else None,
    "Length": lambda arr: pack(np.full(arr.shape[0], arr.shape[1], dtype=np.int64)),
}


@packed_form("Map")
def _map(ev, f, e=None, *rest):
    arr = packed_array(e)
    if arr is None or rest:
        return None
    result = _mapped(ev, f, e, arr)
    if result is not None and arr.shape[0] < MAP_PACK_THRESHOLD and is_packed(result):
        return unpack(result)             # WL's Map packs from 100 elements on
    return result


def _mapped(ev, f, e, arr):
    if type(f) is Symbol:
        rec = ev.definitions.records.get(f)
        if rec is None or rec.down or rec.down_exact or rec.up:
            return None
        if arr.ndim > 1 and f.name in _ROW_REDUCTIONS:
            return _ROW_REDUCTIONS[f.name](arr)
        fast = _VECTORISED_FORMS.get(f)
        if fast is not None and rec.attrs & _LISTABLE:
            return fast(ev, (e,))         # Map[Sin, list] is Sin[list] for a Listable Sin
        return None
    columns = arr.shape[1] if arr.ndim > 1 else None
    body = _elementwise_body(ev, f, columns)
    if body is None:
        return _rows_of_list_body(ev, f, e, arr) if columns is not None else None
    return _quietly_packed(ev, _substitute_slot(body, e, arr))


def _quietly_packed(ev, expr, packed_only: bool = True):
    """``expr`` evaluated, when that gives a packed array (any List with ``packed_only``
    False) without a single message; None otherwise (nothing shown: the caller's element
    path then runs and says its messages, in its order)."""
    ms = ev.msg
    saved = ms.checks
    frame = CheckFrame(len(ms.quiet_stack) + 1)       # sees what the Quiet below silences
    ms.checks = [frame]
    ms.quiet_stack.append(None)
    try:
        result = ev.evaluate(expr)
    finally:
        ms.quiet_stack.pop()
        ms.checks = saved
    if frame.seen:
        return None
    if packed_only:
        return result if packed_array(result) is not None else None
    return result if type(result) is Expr and result._head is _List else None


def _one_argument_body(f):
    """The body of the pure function ``f`` of one argument (``#^2 + 1 &``,
    ``Function[x, Sin[x]]``) with its argument as ``#``; None for anything else."""
    if type(f) is not Expr or f._head is not S.Function or len(f._args) not in (1, 2):
        return None
    if len(f._args) == 2:
        params = f._args[0]
        param = params._args[0] if type(params) is Expr and params._head is _List \
            and len(params._args) == 1 else params
        if type(param) is not Symbol:
            return None
        return _replace(f._args[1], param, _SLOT1)
    return f._args[0]


def _elementwise_body(ev, f, columns=None):
    """The body of ``f`` when it is a pure function of one argument built only from
    numbers, its argument and Listable functions with a numpy form: applying it to the
    whole array is then the same as mapping it.  Mapped over the rows of an array of
    ``columns`` columns, the body may also take a row's entries (``#[[1]]^2 + #[[2]]^2
    &``): each stands for the column of them, which Listable threading pairs with the
    other rows' values as mapping would."""
    body = _one_argument_body(f)
    return body if body is not None and _is_elementwise(ev, body, columns) else None


def _rows_of_list_body(ev, f, e, arr):
    """Map of ``{g1, g2, …} &`` over the rows of the packed matrix ``arr`` (``e``), each gi
    an elementwise body of the row's entries (``{#[[2]], #[[1]]^2} &``): the matrix of
    the columns gi gives, when each is a packed vector of one type; None otherwise."""
    body = _one_argument_body(f)
    if type(body) is not Expr or body._head is not _List or not body._args \
            or not all(_is_elementwise(ev, g, arr.shape[1]) for g in body._args):
        return None
    columns = []
    for g in body._args:
        column = _quietly_packed(ev, _substitute_slot(g, e, arr))
        if column is None:
            return None
        columns.append(packed_array(column))
    if any(c.shape != (arr.shape[0],) or c.dtype != columns[0].dtype for c in columns):
        return None
    return pack(np.stack(columns, axis=1))


def _slots_as_row_entries(f, columns: int):
    """``f @@@ rows`` as a Map over the rows: the pure function ``f`` of a row's entries
    (``#1 + #2^2 &``, ``Function[{x, y}, x y]``) as a function of the row, each slot k
    (each parameter) standing for the row's k-th entry ``#[[k]]``.  None when ``f`` is
    anything else (``##``, a slot or a parameter past the row's length, a nested
    Function, whose slots are its own)."""
    if type(f) is not Expr or f._head is not S.Function or len(f._args) not in (1, 2):
        return None
    if len(f._args) == 1:
        body = _slots_to_entries(f._args[0], columns)
    else:
        params = f._args[0]
        names = params._args if type(params) is Expr and params._head is _List else (params,)
        if not names or len(names) > columns or any(type(n) is not Symbol for n in names):
            return None
        body = f._args[1]
        for k, name in enumerate(names):
            body = _replace(body, name, Expr(S.Part, _SLOT1, Integer(k + 1)))
    return None if body is None else Expr(S.Function, body)


def _slots_to_entries(e, columns: int):
    if type(e) is not Expr:
        return e
    if e._head is S.Slot:
        k = e._args[0] if len(e._args) == 1 else Integer(1) if not e._args else None
        if type(k) is not Integer or not 1 <= k._value <= columns:
            return None
        return Expr(S.Part, _SLOT1, k)
    if e._head is S.SlotSequence or e._head is S.Function:
        return None
    parts = [_slots_to_entries(a, columns) for a in (e._head,) + tuple(e._args)]
    return None if any(p is None for p in parts) else Expr.from_args(parts[0], parts[1:])


def _replace(e, old, new):
    """``e`` with the symbol ``old`` replaced by ``new`` everywhere."""
    if e is old:
        return new
    if type(e) is Expr:
        return Expr.from_args(_replace(e._head, old, new), (_replace(a, old, new) for a in e._args))
    return e


_SLOT1 = Expr(S.Slot, Integer(1))


def _row_entry(e, columns):
    """The index k of ``#[[k]]`` (a row's k-th entry, k from the end when negative) in
    rows of ``columns`` entries; None for anything else."""
    if columns is None or type(e) is not Expr or e._head is not S.Part or len(e._args) != 2 \
            or e._args[0] != _SLOT1 or type(e._args[1]) is not Integer:
        return None
    k = e._args[1]._value
    return k - 1 if 1 <= k <= columns else columns + k if -columns <= k <= -1 else None


def _is_elementwise(ev, e, columns=None) -> bool:
    if e == _SLOT1 or (type(e) is Expr and e._head is S.Slot and not e._args):
        return True
    if _scalar(e) is not None or _row_entry(e, columns) is not None:
        return True
    if type(e) is Expr and type(e._head) is Symbol and e._head in _VECTORISED_FORMS \
            and e._args:
        rec = ev.definitions.records.get(e._head)
        if rec is None or rec.down or rec.down_exact or not rec.attrs & _LISTABLE:
            return False
        return all(_is_elementwise(ev, a, columns) for a in e._args)
    return False


def _substitute_slot(e, value, arr=None):
    """``e`` with the slot replaced by ``value`` and, for the rows of the array ``arr``
    (``value`` packed), a row's k-th entry by the packed column of them."""
    if e == _SLOT1 or (type(e) is Expr and e._head is S.Slot and not e._args):
        return value
    if arr is not None and arr.ndim > 1:
        k = _row_entry(e, arr.shape[1])
        if k is not None:
            return pack(np.ascontiguousarray(arr[:, k]))
    if type(e) is Expr:
        return Expr.from_args(e._head, (_substitute_slot(a, value, arr) for a in e._args))
    return e


def _whole_array_table(ev, body, var, packed_values):
    """Table[body, {i, …}] computed on the packed array of the i values (``packed_values()``
    makes it, None when they are not machine numbers) at once, when body is built from i, numbers and Listable functions with a numpy form
    (i^2 + 1, Sin[2 Pi i/100] Exp[-i]): by the Listable rule that is the list of body at
    each i, and the numpy forms give the element path's results bit for bit.  None (the
    element path then runs) when body is anything else or the whole-array evaluation has a
    message."""
    with_slot = _replace(body, var, _SLOT1)
    if with_slot is body or not _is_elementwise(ev, with_slot):
        return None
    values = packed_values()
    if values is None:
        return None
    count = len(values._args)
    # a list, packed or not: where a numpy form declines (0.^2), threading the Listable
    # functions over the array evaluates each element, which is Table's own work
    result = _quietly_packed(ev, _substitute_slot(with_slot, values), packed_only=False)
    if result is None or len(result._args) != count:
        return None
    # packed from TableCompileLength elements on, as WL's Table gives it; a list below
    return maybe_pack(result) if count >= PACK_THRESHOLD else unpack(result)


control.use_whole_array_table(_whole_array_table)


# ---------------------------------------------------------------------------- Select, Tally, Counts

_COMPARISONS = {S.Greater: np.greater, S.Less: np.less, S.GreaterEqual: np.greater_equal,
                S.LessEqual: np.less_equal}
_FLIPPED = {S.Greater: S.Less, S.Less: S.Greater, S.GreaterEqual: S.LessEqual,
            S.LessEqual: S.GreaterEqual}
_EXACT_FLOAT = 2 ** 53            # integers beyond this do not compare exactly as doubles


def _mask(ev, crit, arr):
    """The boolean mask of ``crit`` over the elements of a real or integer array (its rows
    for a matrix), for the tests it can say exactly: EvenQ, OddQ, Positive, Negative,
    NonNegative, NonPositive of numbers, and pure functions comparing ``#`` (a number) or
    ``#[[k]]`` (a row's k-th entry) with a real number (``# > c &``, ``c <= #[[2]] &``),
    joined by And and Or; None otherwise."""
    name = crit.name if type(crit) is Symbol else None
    if name is not None and arr.ndim != 1:
        return None
    if name in ("EvenQ", "OddQ"):
        if arr.dtype.kind != "i":
            return np.zeros(arr.shape, dtype=bool)
        return (arr % 2 == 0) if name == "EvenQ" else (arr % 2 == 1)
    signs = {"Positive": np.greater, "Negative": np.less, "NonNegative": np.greater_equal,
             "NonPositive": np.less_equal}
    if name in signs:
        return signs[name](arr, 0)
    if type(crit) is not Expr or crit._head is not S.Function or len(crit._args) != 1:
        return None
    return _test_mask(ev, crit._args[0], arr)


def _test_mask(ev, body, arr):
    """The mask of a pure function's body: a comparison, or And/Or of such."""
    if type(body) is Expr and body._head in (S.And, S.Or) and body._args:
        masks = [_test_mask(ev, b, arr) for b in body._args]
        if any(m is None for m in masks):
            return None
        combine = np.logical_and if body._head is S.And else np.logical_or
        return combine.reduce(masks)
    if type(body) is not Expr or body._head not in _COMPARISONS or len(body._args) != 2:
        return None
    a, b = body._args
    op = body._head
    if _scalar(a) is not None:
        a, b, op = b, a, _FLIPPED[op]
    values = _slot_values(ev, a, arr)
    if values is None:
        return None
    sc = _scalar(b)
    if sc is None or sc[1] not in "if":
        return None
    if values.dtype.kind == "i" and sc[1] == "f" and _int_bound(values) > _EXACT_FLOAT:
        return None
    if values.dtype.kind == "f" and sc[1] == "i" and abs(sc[0]) > _EXACT_FLOAT:
        return None
    return _COMPARISONS[op](values, sc[0])


def _slot_values(ev, e, arr):
    """What ``e`` stands for at each element of a vector ``arr`` or each row of a matrix:
    ``#``, ``#[[k]]`` (entry k of each row), ``Norm[#]`` of rows, or arithmetic of them
    with numbers (``#[[1]]^2 + #[[2]]^2``, computed as mapping would); None for anything
    else or when that arithmetic has a message (the element path then says it)."""
    if e == _SLOT1:
        return arr if arr.ndim == 1 else None
    columns = arr.shape[1] if arr.ndim == 2 else None
    k = _row_entry(e, columns)
    if k is not None:
        return arr[:, k]
    if type(e) is Expr and e._head is S.Norm and e._args == (_SLOT1,) and arr.ndim == 2 \
            and _plain_builtin(ev, S.Norm):
        return _euclidean_norms(arr)
    if _scalar(e) is None and _is_elementwise(ev, e, columns):
        found = _quietly_packed(ev, _substitute_slot(e, pack(arr), arr))
        values = packed_array(found) if found is not None else None
        if values is not None and values.shape == arr.shape[:1]:
            return values
    return None


@packed_form("Select")
def _select(ev, e, crit=None, n=None):
    arr = packed_array(e)
    if arr is None or crit is None or n is not None or arr.ndim not in (1, 2) \
            or arr.dtype.kind not in "if":
        return None
    if type(crit) is Symbol:
        rec = ev.definitions.records.get(crit)
        if rec is None or rec.down or rec.down_exact or rec.up:
            return None
    mask = _mask(ev, crit, arr)
    if mask is None:
        return None
    chosen = arr[mask]
    return pack(chosen) if chosen.size else Expr(_List)


def _first_occurrences(arr):
    """The distinct values of a rank-1 array in the order they first occur, with counts."""
    values, first, counts = np.unique(arr, return_index=True, return_counts=True)
    order = np.argsort(first, kind="stable")
    return arr[first[order]], counts[order]


@packed_form("Tally")
def _tally(ev, e, test=None):
    arr = packed_array(e)
    if arr is None or test is not None or arr.ndim != 1 or arr.dtype.kind not in "if":
        return None
    values, counts = _first_occurrences(arr)
    if arr.dtype.kind == "i":
        return pack(np.stack([values, counts.astype(np.int64)], axis=1))
    return Expr.from_args(_List, (Expr(_List, Real(v), Integer(c))
                                  for v, c in zip(values.tolist(), counts.tolist())))


@packed_form("Counts")
def _counts(ev, e):
    arr = packed_array(e)
    if arr is None or arr.ndim != 1 or arr.dtype.kind not in "if":
        return None
    values, counts = _first_occurrences(arr)
    atom = Integer if arr.dtype.kind == "i" else Real
    return Expr.from_args(S.Association, (Expr(S.Rule, atom(v), Integer(c))
                                          for v, c in zip(values.tolist(), counts.tolist())))


# ---------------------------------------------------------------------------- Outer, Clip, Rescale

_OUTER_UFUNCS = {S.Plus: np.add, S.Times: np.multiply}


@packed_form("Outer")
def _outer(ev, f, *lists):
    arrays = [packed_array(x) for x in lists]
    ufunc = _OUTER_UFUNCS.get(f)
    if ufunc is None or len(arrays) != 2 or any(a is None for a in arrays):
        return None
    a, b = arrays
    if a.dtype.kind != b.dtype.kind or a.dtype.kind not in "if":
        return None
    rec = ev.definitions.records.get(f)
    if rec is None or rec.down or rec.down_exact:
        return None
    if a.dtype.kind == "i":
        bound = _int_bound(a) * _int_bound(b) if f is S.Times else _int_bound(a) + _int_bound(b)
        if bound > INT_MAX:
            return None
    return _result(ufunc.outer(a, b))


@packed_form("Clip")
def _clip(ev, x, bounds=None, values=None):
    arr = packed_array(x)
    if arr is None or values is not None or arr.dtype.kind not in "if":
        return None
    if bounds is None:
        if arr.dtype.kind != "i":
            return None                   # Clip[{2.5}] gives the exact bound 1, not 1.
        lo, hi = -1, 1
    elif type(bounds) is Expr and bounds._head is _List and len(bounds._args) == 2:
        ends = [_scalar(b) for b in bounds._args]
        if any(s is None or s[1] != arr.dtype.kind for s in ends):
            return None
        lo, hi = ends[0][0], ends[1][0]
    else:
        return None
    if lo > hi:
        return None
    return _result(np.clip(arr, lo, hi))


@packed_form("Rescale")
def _rescale(ev, x, bounds=None, target=None):
    """Machine reals of any rank: from their own smallest and largest value (all of the
    array, as Min and Max of it) or given machine-real bounds, to [0, 1] or a target of
    machine reals or integers: y0 + (y1 - y0) (x - lo) (hi - lo)^-1, as the element path."""
    arr = packed_array(x)
    if arr is None or arr.dtype.kind != "f" or arr.ndim == 0:
        return None
    if bounds is None:
        lo, hi = float(arr.min()), float(arr.max())
    else:
        ends = _machine_pair(bounds, "f")
        if ends is None:
            return None
        lo, hi = ends
    if hi == lo:
        return None
    fraction = (arr - lo) * np.power(hi - lo, -1.0)
    if target is None:
        return _result(0.0 + fraction)
    ends = _machine_pair(target, "if")
    if ends is None:
        return None
    y0, y1 = ends
    return _result(y0 + (y1 - y0) * fraction)


def _machine_pair(e, kinds: str):
    """The two numbers of {a, b} when both are scalars of the given kinds, else None."""
    if not (type(e) is Expr and e._head is _List and len(e._args) == 2):
        return None
    pair = [_scalar(b) for b in e._args]
    if any(p is None or p[1] not in kinds for p in pair):
        return None
    return pair[0][0], pair[1][0]


@packed_form("Standardize")
def _standardize(ev, data, center=None, scale=None):
    """Machine reals, a vector or a matrix column by column: (x - Mean) StandardDeviation^-1
    with the packed forms of Mean and StandardDeviation, as the element path's
    Times[Plus[x, Times[-1, mean]], Power[sd, -1]]."""
    arr = packed_array(data)
    if arr is None or arr.dtype.kind != "f" or arr.ndim not in (1, 2) or arr.shape[0] < 2 \
            or center is not None or scale is not None:
        return None
    # a column at a time, as the element path takes the columns of Transpose[data]: the
    # mean of a vector adds pairwise, a matrix's column means row by row (other bits)
    columns = [arr] if arr.ndim == 1 else [np.ascontiguousarray(c) for c in arr.T]
    means, spreads = [], []
    for column in columns:
        values = pack(column)
        means.append(_numbers_of(ev.evaluate(Expr(S.Mean, values))))
        spreads.append(_numbers_of(ev.evaluate(Expr(S.StandardDeviation, values))))
    if any(m is None for m in means) or any(s is None or not s > 0 for s in spreads):
        return None
    return _result((arr + (-1.0 * np.array(means))) * np.power(np.array(spreads), -1.0))


def _numbers_of(e):
    """A machine real or a packed array of them, as numpy; None for anything else."""
    if type(e) is Real and e._precision is None:
        return np.float64(e._value)
    packed_e = to_packed(e) if type(e) is Expr else None      # a list of machine reals
    arr = packed_array(packed_e) if packed_e is not None else None
    return arr if arr is not None and arr.dtype.kind == "f" else None


# ---------------------------------------------------------------------------- Variance

def _column_variances(arr):
    """The variance of each column (of the array itself for rank 1), each as the element
    path computes it: math.fsum of the values and of the squared deviations (C loops)."""
    import math
    n = arr.shape[0]
    columns = arr.reshape(n, -1).T
    out = []
    for col in columns:
        mean = math.fsum(col.tolist()) / n
        d = col - mean
        out.append(math.fsum((d * d).tolist()) / (n - 1))
    return np.array(out).reshape(arr.shape[1:])


def _variance_form(name):
    @packed_form(name)
    def form(ev, data):
        arr = packed_array(data)
        if arr is None or arr.dtype.kind != "f" or arr.ndim > 2 or arr.shape[0] < 2:
            return None
        var = _result(_column_variances(arr))
        if var is None or name == "Variance":
            return var
        return ev.apply(S.Sqrt, var)
    return form


_variance_form("Variance")
_variance_form("StandardDeviation")
