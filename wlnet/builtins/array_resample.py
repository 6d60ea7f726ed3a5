"""ArrayResample: an array of any depth resampled to other dimensions.

    ArrayResample[array, dspec]                 ArrayResample[array, dspec, scheme]

dspec is n ({n, Automatic, …} for an array of depth > 1), {d1, d2, …} (the dimensions
after the first k kept) with each di n, Scaled[s], All (kept) or Automatic (scaled as the
given ones are), and {n} is {n, All, …}.  The scheme places the samples:

    "Point"               (the default) element i at position i of 1..n: the first and
                          last elements of input and output coincide
    "Bin", {"Bin", a}     element i is the bin i-1..i of 0..n, its sample at the bin's
                          alignment a (Left, Center (the default), Right, or -1..1)

Between samples the values are interpolated by Resampling: Automatic or "Linear",
"Nearest", "Cubic" (Keys' cubic convolution) or "Lanczos".  Beyond the ends the taps read
Padding: "Fixed" (the default: the end element repeated), "Periodic", "Reflected",
"Reversed", or a value.  Antialiasing -> True widens the kernel when an axis shrinks.

Exact and symbolic arrays stay so with "Linear", "Nearest" and "Cubic" (the weights are exact
fractions and each output element is evaluated as a weighted sum); an array with
approximate numbers is first brought to its precision (machine arrays are resampled as
numpy arrays).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from wlnet.builtins._listutil import is_list
from wlnet.core.expr import Expr, Integer, Rational, Real, S, String, Symbol
from wlnet.core.packed import list_from_array, packed_array, to_packed
from wlnet.core.registry import builtin, read_options
from wlnet.graphics.values import number

_MESSAGES = {
    "dspec": "`1` is not a valid dimension specification for an array of dimensions `2`.",
    "scheme": "`1` is not a resampling scheme (\"Point\", \"Bin\" or {\"Bin\", alignment}).",
    "resamp": "`1` is not a resampling method (Automatic, \"Linear\", \"Nearest\", \"Cubic\" "
              "or \"Lanczos\").",
    "padding": "`1` is not a padding (\"Fixed\", \"Periodic\", \"Reflected\", \"Reversed\" or "
               "a value).",
    "array": "`1` is not a rectangular array.",
    "subrange": "Resampling a subrange of the data is not available.",
}
_ALIGNMENTS = {"Left": Fraction(-1), "Center": Fraction(0), "Right": Fraction(1)}
_PADDINGS = ("Fixed", "Periodic", "Reflected", "Reversed")


# ---------------------------------------------------------------------------- reading

def _dimensions(e) -> tuple[int, ...] | None:
    """The dimensions of a rectangular nested list (at least 1 level)."""
    dims = []
    while is_list(e):
        if not e.args:
            return None
        dims.append(len(e.args))
        first = e.args[0]
        if any(is_list(a) != is_list(first) or is_list(a) and len(a.args) != len(first.args)
               for a in e.args):
            return tuple(dims)
        e = first
    return tuple(dims) or None


def _target_dims(spec, dims: tuple) -> tuple | None:
    """The dimensions dspec asks for, or None."""
    def one(d, n):
        if type(d) is Integer and d.value > 0:
            return d.value
        if d == Symbol("All"):
            return n
        if d == Symbol("Automatic"):
            return "auto"
        if type(d) is Expr and d.head is Symbol("Scaled") and len(d.args) == 1:
            s = number(d.args[0])
            return max(1, int(round(n * s))) if s is not None and s > 0 else None
        return None
    if is_list(spec):
        if not spec.args or len(spec.args) > len(dims):
            return None
        rest = [Symbol("All")] * (len(dims) - len(spec.args))
        entries = list(spec.args) + rest
    else:
        entries = [spec] + [Symbol("Automatic")] * (len(dims) - 1)
    sizes = [one(d, n) for d, n in zip(entries, dims)]
    if None in sizes:
        return None
    given = [(s / n) for s, n in zip(sizes, dims) if s != "auto"]
    ratio = given[0] if given else 1.0
    return tuple(max(1, int(round(n * ratio))) if s == "auto" else s
                 for s, n in zip(sizes, dims))


def _scheme(spec):
    """("Point", None) or ("Bin", alignment in -1..1), or None."""
    if spec is None or spec == String("Point"):
        return "Point", None
    if spec == String("Bin"):
        return "Bin", Fraction(0)
    if is_list(spec) and len(spec.args) == 2 and spec.args[0] == String("Bin"):
        a = spec.args[1]
        if type(a) is Symbol and a.name in _ALIGNMENTS:
            return "Bin", _ALIGNMENTS[a.name]
        if type(a) in (Integer, Rational) and -1 <= a.value <= 1:
            return "Bin", Fraction(a.value)
        value = number(a)
        if value is not None and -1 <= value <= 1:
            return "Bin", Fraction(value)
    return None


# ---------------------------------------------------------------------------- weights

def _positions(n_in: int, n_out: int, scheme, alignment) -> list:
    """Where each output element samples the input, in input indices (0..n_in-1),
    as exact fractions."""
    if scheme == "Point":
        if n_out == 1:
            return [Fraction(n_in - 1, 2)]
        return [Fraction(k * (n_in - 1), n_out - 1) for k in range(n_out)]
    offset = (alignment + 1) / 2                       # where a sample sits in its bin
    return [(k + offset) * Fraction(n_in, n_out) - offset for k in range(n_out)]


def _keys(x):
    """Keys' cubic convolution kernel (a = -1/2); exact for a fraction."""
    x = abs(x)
    if x <= 1:
        return Fraction(3, 2) * x ** 3 - Fraction(5, 2) * x ** 2 + 1
    return -Fraction(1, 2) * x ** 3 + Fraction(5, 2) * x ** 2 - 4 * x + 2 if x < 2 else 0


def _lanczos(x, lobes=3):
    return float(np.sinc(x) * np.sinc(x / lobes)) if abs(x) < lobes else 0.0


def _taps(position: Fraction, method: str, stretch: float) -> list[tuple[int, object]]:
    """(index, weight) pairs of one output element: exact fractions for "Nearest",
    "Linear" and "Cubic" (unwidened), floats otherwise."""
    if method == "Nearest":
        return [(math.floor(position + Fraction(1, 2)), Fraction(1))]
    if method == "Linear" and stretch == 1:
        base = math.floor(position)
        t = position - base
        return [(base, 1 - t), (base + 1, t)] if t else [(base, Fraction(1))]
    kernel, radius = {"Linear": (lambda x: max(0.0, 1 - abs(x)), 1.0),
                      "Cubic": (_keys, 2.0), "Lanczos": (_lanczos, 3.0)}[method]
    reach = radius * stretch
    p = position if method == "Cubic" and stretch == 1 else float(position)
    taps = [(i, kernel((i - p) / stretch)) for i in range(math.floor(p - reach) + 1,
                                                            math.floor(p + reach) + 1)]
    total = sum(w for _, w in taps)
    return [(i, w / total) for i, w in taps if w != 0]


def _mapped(i: int, n: int, padding) -> int | None:
    """The input index a tap at i reads (None: the constant padding)."""
    if 0 <= i < n:
        return i
    if padding == "Fixed":
        return min(max(i, 0), n - 1)
    if padding == "Periodic":
        return i % n
    if padding == "Reversed":
        m = i % (2 * n)
        return m if m < n else 2 * n - 1 - m
    if padding == "Reflected":
        if n == 1:
            return 0
        m = i % (2 * n - 2)
        return m if m < n else 2 * n - 2 - m
    return None


def axis_weights(n_in, n_out, scheme, alignment, method, padding, antialias):
    """For each output element, ([(input index or None, weight)]) along one axis."""
    stretch = max(n_in / n_out, 1.0) if antialias and method != "Nearest" else 1
    rows = []
    for position in _positions(n_in, n_out, scheme, alignment):
        merged: dict = {}
        for i, w in _taps(position, method, stretch):
            j = _mapped(i, n_in, padding)
            merged[j] = merged.get(j, 0) + w
        rows.append(list(merged.items()))
    return rows


# ---------------------------------------------------------------------------- applying

def _resampled_numbers(arr: np.ndarray, plans, constant: float) -> np.ndarray:
    for axis, rows in enumerate(plans):
        if rows is None:
            continue
        n_in = arr.shape[axis]
        matrix = np.zeros((len(rows), n_in))
        outside = np.zeros(len(rows))
        for k, taps in enumerate(rows):
            for j, w in taps:
                if j is None:
                    outside[k] += float(w)
                else:
                    matrix[k, j] += float(w)
        moved = np.moveaxis(arr, axis, 0)
        out = np.tensordot(matrix, moved, axes=(1, 0))
        out = out + outside.reshape((-1,) + (1,) * (out.ndim - 1)) * constant
        arr = np.moveaxis(out, 0, axis)
    return arr


def _exact(w) -> Expr:
    if isinstance(w, Fraction):
        return Integer(w.numerator) if w.denominator == 1 else Rational(w.numerator,
                                                                         w.denominator)
    return Real(float(w))


def _resampled_exprs(ev, arr: np.ndarray, plans, constant) -> np.ndarray:
    """The same on an object array of expressions: each element a weighted sum, evaluated."""
    for axis, rows in enumerate(plans):
        if rows is None:
            continue
        moved = np.moveaxis(arr, axis, 0)
        out = np.empty((len(rows),) + moved.shape[1:], dtype=object)
        for k, taps in enumerate(rows):
            for index in np.ndindex(*moved.shape[1:]):
                terms = [Expr(S.Times, _exact(w), constant if j is None else moved[(j,) + index])
                         for j, w in taps]
                out[(k,) + index] = ev.evaluate(Expr(S.Plus, *terms))
        arr = np.moveaxis(out, 0, axis)
    return arr


def _object_array(e, depth: int) -> np.ndarray:
    out = np.empty(_dimensions(e)[:depth], dtype=object)
    for index in np.ndindex(*out.shape):
        x = e
        for i in index:
            x = x.args[i]
        out[index] = x
    return out


def _nested(arr: np.ndarray) -> Expr:
    if arr.ndim == 1:
        return Expr(S.List, *arr.tolist())
    return Expr(S.List, *[_nested(a) for a in arr])


def _common_precision(ev, array):
    """An array with approximate numbers in it, all its numbers at its precision (the
    least of theirs): N[array] or N[array, p]; an exact or symbolic array as it is."""
    precision = ev.evaluate(Expr(Symbol("Precision"), array))
    if precision == Symbol("MachinePrecision"):
        return ev.evaluate(Expr(S.N, array))
    if type(precision) in (Integer, Real):
        return ev.evaluate(Expr(S.N, array, precision))
    return array                                     # Infinity: exact or symbolic


def _option(rest, name, default):
    for r in rest:
        if type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and r.args[0] == Symbol(name):
            return r.args[1]
    return default


_RESAMPLE_OPTIONS = {"Resampling": Symbol("Automatic"), "Padding": String("Fixed"),
                     "Antialiasing": Symbol("False"), "DataRange": Symbol("Automatic")}


@builtin("ArrayResample", argc=(2, None), messages=_MESSAGES, options=_RESAMPLE_OPTIONS,
         usage="ArrayResample[array, {n1, n2, …}] resamples an array to those dimensions "
               "(n, Scaled[s], All, Automatic); ArrayResample[array, dspec, \"Point\" | "
               "\"Bin\" | {\"Bin\", alignment}] places the samples (the ends coincide, or "
               "in bins); Resampling (Automatic linear, \"Nearest\", \"Cubic\", \"Lanczos\"), "
               "Padding, Antialiasing.  Exact and symbolic arrays stay exact.",
         examples=(("ArrayResample[{1, 2, 3}, 5]", "{1, 3/2, 2, 5/2, 3}"),
                   ('ArrayResample[{1, 2, 3, 4}, 2, "Bin"]', "{3/2, 7/2}")))
def array_resample(ev, array, dspec, *rest):
    positional = [r for r in rest if not (type(r) is Expr and r.head in (S.Rule,
                                                                         S.RuleDelayed))]
    if len(positional) > 1:
        ev.message(S.ArrayResample, "subrange")
        return None
    split = read_options(ev, Expr(S.ArrayResample, array, dspec, *rest), rest,
                         _RESAMPLE_OPTIONS, positional=1)
    if split is None:
        return None
    if ev.evaluate(split[1]["DataRange"]) is not Symbol("Automatic"):
        ev.message(S.ArrayResample, "subrange")     # the coordinates of a subrange
        return None
    dims = _dimensions(array)
    if dims is None:
        ev.message(S.ArrayResample, "array", array)
        return None
    target = _target_dims(dspec, dims)
    if target is None:
        ev.message(S.ArrayResample, "dspec", dspec, Expr(S.List, *map(Integer, dims)))
        return None
    scheme = _scheme(positional[0] if positional else None)
    if scheme is None:
        ev.message(S.ArrayResample, "scheme", positional[0])
        return None
    method = _option(rest, "Resampling", Symbol("Automatic"))
    name = "Linear" if method == Symbol("Automatic") else getattr(method, "value", None)
    if name not in ("Linear", "Nearest", "Cubic", "Lanczos"):
        ev.message(S.ArrayResample, "resamp", method)
        return None
    pad = _option(rest, "Padding", String("Fixed"))
    padding = pad.value if type(pad) is String and pad.value in _PADDINGS else None
    if padding is None and (type(pad) is String or number(pad) is None):
        ev.message(S.ArrayResample, "padding", pad)
        return None
    antialias = _option(rest, "Antialiasing", Symbol("False")) == Symbol("True")
    plans = [None if n_out == n_in else axis_weights(n_in, n_out, scheme[0], scheme[1], name,
                                                     padding or "Constant", antialias)
             for n_in, n_out in zip(dims, target)]
    array = _common_precision(ev, array)
    machine = packed_array(to_packed(array, coerce=True) or array)
    if machine is not None and machine.dtype.kind == "f" and machine.shape[:len(dims)] == dims:
        return list_from_array(_resampled_numbers(machine.astype(np.float64), plans,
                                                  float(number(pad) or 0.0)))
    out = _resampled_exprs(ev, _object_array(array, len(dims)), plans,
                           pad if padding is None else Integer(0))
    return _nested(out)
