"""ArrayResample: an array of any depth resampled to other dimensions.

    ArrayResample[array, dspec]                 ArrayResample[array, dspec, scheme]

dspec is n ({n, Automatic, …} for an array of depth > 1), {d1, d2, …} (the dimensions
after the first k kept) with each di n, Scaled[s], All (kept) or Automatic (scaled as the
given ones are), and {n} is {n, All, …}.  The scheme places the samples:

    "Point"               (the default) element i at position i of 1..n: the first and
                          last elements of input and output coincide
    "Bin", {"Bin", a}     element i is the bin i-1..i of 0..n, its sample at the bin's
                          alignment a (Left, Center (the default), Right, or -1..1)

Between samples the values are interpolated by Resampling: Automatic or "Linear", or any
method of the Resampling option as wlnet.core.resampling implements it ("Nearest", "Cubic"
the cubic spline, "Lanczos", {"Keys", a}, "Gaussian", …).  Beyond the ends the taps read
Padding: "Fixed" (the default: the end element repeated), "Periodic", "Reflected",
"Reversed", or a value.  Antialiasing -> True widens the kernel when an axis shrinks.

Exact and symbolic arrays stay so with "Linear" and "Nearest" (the weights are exact
fractions and each output element is evaluated as a weighted sum; the other methods weigh
with machine numbers); an array with approximate numbers is first brought to its precision
(machine arrays are resampled as numpy arrays).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from wlnet.builtins._listutil import is_list
from wlnet.builtins.images import resampling_method
from wlnet.core.expr import Expr, Integer, Rational, Real, S, String, Symbol
from wlnet.core.packed import list_from_array, packed_array, to_packed
from wlnet.core.registry import builtin, read_options
from wlnet.graphics.values import number

_MESSAGES = {
    "dspec": "`1` is not a valid dimension specification for an array of dimensions `2`.",
    "scheme": "`1` is not a resampling scheme (\"Point\", \"Bin\" or {\"Bin\", alignment}).",
    "resamp": "`1` is not a resampling method (Automatic, \"Linear\", \"Nearest\", \"Cubic\", "
              "\"Lanczos\", {\"Keys\", a} or another method of the Resampling option).",
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


def _exact_taps(position: Fraction, method: str) -> list[tuple[int, Fraction]]:
    """(index, weight) pairs of one output element, as exact fractions: "Nearest" (the
    right one of a tie) and "Linear" unwidened."""
    if method == "Nearest":
        return [(math.floor(position + Fraction(1, 2)), Fraction(1))]
    base = math.floor(position)
    t = position - base
    return [(base, 1 - t), (base + 1, t)] if t else [(base, Fraction(1))]


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


def axis_weights(n_in, n_out, scheme, alignment, method: tuple, padding, antialias):
    """For each output element, ([(input index or None (the constant padding), weight)])
    along one axis; ``method`` is (name, parameters) of a Resampling method."""
    name, parameters = method
    stretch = max(n_in / n_out, 1.0) if antialias and name != "Nearest" else 1.0
    positions = _positions(n_in, n_out, scheme, alignment)
    if not parameters and (name == "Nearest" or name == "Linear" and stretch == 1):
        return [_merged(_exact_taps(p, name), n_in, padding) for p in positions]
    return _sampled_rows(n_in, [float(p) for p in positions], method, padding, stretch)


def _merged(taps, n: int, padding) -> list:
    merged: dict = {}
    for i, w in taps:
        j = _mapped(i, n, padding)
        merged[j] = merged.get(j, 0) + w
    return list(merged.items())


def _sampled_rows(n_in: int, positions: list, method: tuple, padding, stretch: float):
    """The rows of a method of wlnet.core.resampling (a spline's prefilter included): its
    linear map, read off by sampling the unit vectors (and, for a constant padding, what
    the padding adds)."""
    from wlnet.core.resampling import sample_axis
    name, parameters = method
    constant = padding == "Constant"
    matrix = sample_axis(np.eye(n_in), positions, name, 0.0 if constant else padding,
                         stretch, parameters)
    outside = sample_axis(np.zeros((n_in, 1)), positions, name, 1.0, stretch,
                          parameters)[:, 0] if constant else np.zeros(len(positions))
    # a spline's solve leaves rounding dust where a weight is 0 (a b term of 1e-17 in
    # a symbolic result): such weights are dropped
    return [[(int(j), float(row[j])) for j in np.flatnonzero(np.abs(row) > _DUST)]
            + ([(None, float(extra))] if abs(extra) > _DUST else [])
            for row, extra in zip(matrix, outside)]


_DUST = 1e-13


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
               "in bins); Resampling (Automatic linear, \"Nearest\", \"Cubic\", \"Lanczos\", "
               "{\"Keys\", a}, …), Padding, Antialiasing.  Exact and symbolic arrays stay "
               "exact with \"Linear\" and \"Nearest\".",
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
    spec = _option(rest, "Resampling", Symbol("Automatic"))
    method = resampling_method(spec, "Linear")
    if method is None:
        ev.message(S.ArrayResample, "resamp", spec)
        return None
    pad = _option(rest, "Padding", String("Fixed"))
    padding = pad.value if type(pad) is String and pad.value in _PADDINGS else None
    if padding is None and (type(pad) is String or number(pad) is None):
        ev.message(S.ArrayResample, "padding", pad)
        return None
    antialias = _option(rest, "Antialiasing", Symbol("False")) == Symbol("True")
    plans = [None if n_out == n_in else axis_weights(n_in, n_out, scheme[0], scheme[1], method,
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
