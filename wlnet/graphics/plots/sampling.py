"""Evaluating a held function at numeric points, as Plot does.

``evaluator_at(ev, f, x)`` gives a Python function of a float: it evaluates
``Quiet[N[Block[{x = value}, f]]]`` in the session (so definitions of ``x`` elsewhere do
not leak in, and messages of points where the function fails are not shown) and returns
a vector of floats (one per curve), NaN where the result is not a real number.

``adaptive_sample`` starts from evenly spaced points and bisects the intervals where the
curve bends (the midpoint is far from the chord) or where it starts or stops failing,
up to ``max_recursion`` times and within an evaluation budget.
"""

from __future__ import annotations

import math

import numpy as np

from wlnet.core.expr import TRUE, Complex, Expr, Integer, Real, S, Symbol
from wlnet.graphics.values import is_list, number

__all__ = ["evaluator_at", "adaptive_sample", "grid_sample", "grid_values", "numeric_value",
           "real_limit"]

MAX_EVALUATIONS = 2000           # per function, whatever PlotPoints and MaxRecursion ask
BEND_TOLERANCE = 0.002           # of the curve's vertical extent


def numeric_value(e) -> np.ndarray | None:
    """A real number or a list of them as floats (NaN for non-real entries); None when
    the result is neither."""
    value = _real(e)
    if value is not None:
        return np.array([value])
    if is_list(e) and e.args:
        return np.array([_real(a) if _real(a) is not None else math.nan for a in e.args])
    return None


def _real(e) -> float | None:
    value = number(e)
    if value is not None:
        return value if math.isfinite(value) else None
    if type(e) is Complex and number(e.im) == 0.0:
        return number(e.re)
    return None


def evaluator_at(ev, f, variables):
    """A function of floats (one per variable) giving the vector of values of ``f``."""
    variables = variables if isinstance(variables, (list, tuple)) else [variables]

    def at(*values) -> np.ndarray | None:
        assignments = Expr.from_args(S.List, (Expr(S.Set, v, Real(float(x)))
                                              for v, x in zip(variables, values)))
        result = ev.evaluate(Expr(S.Quiet, Expr(S.N, Expr(S.Block, assignments, f))))
        return numeric_value(result)

    return at


def real_limit(ev, e) -> float | None:
    """A plot range limit: ``N`` of it as a finite float, or None."""
    value = number(ev.evaluate(Expr(S.N, e)))
    return value if value is not None and math.isfinite(value) else None


def values_at(at, xs, width: int | None) -> np.ndarray:
    """The values of ``at`` at each of xs as rows of ``width`` numbers (the widest seen when
    None); NaN rows where it gives none or another width."""
    rows = []
    for x in xs:
        value = at(x)
        rows.append(value)
    if width is None:
        width = max((len(v) for v in rows if v is not None), default=1)
    out = np.full((len(xs), width), np.nan)
    for i, v in enumerate(rows):
        if v is not None and len(v) == width:
            out[i] = v
    return out


def adaptive_sample(at, a: float, b: float, plot_points: int = 50, max_recursion: int = 6):
    """(xs, ys): xs increasing, ys of shape (len(xs), curves), NaN where ``at`` failed."""
    xs = np.linspace(a, b, max(plot_points, 2))
    ys = values_at(at, xs, None)
    curves = ys.shape[1]
    budget = MAX_EVALUATIONS - len(xs)
    for _ in range(max_recursion):
        refine = _intervals_to_refine(xs, ys)
        if not refine.size or budget <= 0:
            break
        refine = refine[:budget]
        mids = (xs[refine] + xs[refine + 1]) / 2
        new = values_at(at, mids, curves)
        budget -= len(mids)
        xs = np.insert(xs, refine + 1, mids)
        ys = np.insert(ys, refine + 1, new, axis=0)
    return xs, ys


def _intervals_to_refine(xs, ys) -> np.ndarray:
    """Indices i of the intervals [xs[i], xs[i+1]] worth bisecting."""
    finite = np.isfinite(ys)
    extent = np.nanmax(ys) - np.nanmin(ys) if finite.any() else 0.0
    extent = extent if np.isfinite(extent) and extent > 0 else 1.0
    # the edges of a gap: one end fails, the other does not
    edge = (finite[:-1] != finite[1:]).any(axis=1)
    # the bend at each inner point: distance from the chord of its neighbours
    bend = np.zeros(len(xs) - 1, dtype=bool)
    if len(xs) >= 3:
        x0, x1, x2 = xs[:-2], xs[1:-1], xs[2:]
        t = ((x1 - x0) / (x2 - x0))[:, None]
        chord = ys[:-2] + t * (ys[2:] - ys[:-2])
        with np.errstate(invalid="ignore"):
            far = np.nan_to_num(np.abs(ys[1:-1] - chord) / extent, nan=0.0).max(axis=1) \
                > BEND_TOLERANCE
        bend[:-1] |= far
        bend[1:] |= far
    tiny = np.diff(xs) < (xs[-1] - xs[0]) * 1e-6
    return np.flatnonzero((edge | bend) & ~tiny)


def grid_sample(at, xr, yr, points: int, width: int | None = None):
    """Values of a function of two variables on a points x points grid: (xs, ys, z) with
    z[j, i] the value at (xs[i], ys[j]), NaN where it failed; with ``width`` the function
    is a vector of that many components and z[j, i] is the vector."""
    xs = np.linspace(xr[0], xr[1], points)
    ys = np.linspace(yr[0], yr[1], points)
    z = np.full((points, points, width or 1), np.nan)
    for j, y in enumerate(ys):
        for i, x in enumerate(xs):
            value = at(x, y)
            if value is not None and len(value) == (width or len(value)) and len(value):
                z[j, i] = value[:width or 1]
    return xs, ys, (z if width else z[..., 0])


def grid_values(ev, f, variables, axes) -> np.ndarray:
    """The real values of ``f`` on the grid the ``axes`` (1-D arrays, one per variable)
    span, shape (len(axes[0]), len(axes[1]), …), NaN where f is not real.

    f is evaluated once symbolically with the variables kept free; when SymPy can take the
    result whole (no other free symbols), it is turned into a numpy function and computed
    on the whole grid at once; otherwise f is evaluated point by point as Plot does."""
    mesh = np.meshgrid(*axes, indexing="ij")
    fast = _numpy_function(ev, f, variables)
    if fast is not None:
        with np.errstate(all="ignore"):
            try:
                values = np.asarray(fast(*mesh), dtype=complex)
            except (TypeError, ValueError, ZeroDivisionError, OverflowError, NameError):
                values = None
        if values is not None:
            values = np.broadcast_to(values, mesh[0].shape)
            real = np.where(np.abs(values.imag) <= 1e-12 * (1 + np.abs(values.real)),
                            values.real, np.nan)
            return np.where(np.isfinite(real), real, np.nan)
    at = evaluator_at(ev, f, list(variables))
    out = np.full(mesh[0].size, np.nan)
    for i, point in enumerate(zip(*(m.ravel() for m in mesh))):
        value = at(*point)
        if value is not None and len(value) == 1:
            out[i] = value[0]
    return out.reshape(mesh[0].shape)


def region_mask(ev, spec, columns: list) -> np.ndarray | None:
    """Where RegionFunction holds: ``spec`` applied to each point's coordinates (columns:
    arrays of one shape, x, y, then the value), True only where it gives True; None
    without a region function (None, Automatic or True: everywhere).  Whole arrays at once
    when SymPy can take the condition, else point by point."""
    if spec is None or spec in (S.Automatic, TRUE, Symbol("None")):
        return None
    variables = [Symbol(f"wlnet`region`{name}") for name in "xyzw"[:len(columns)]]
    fast = _numpy_function(ev, Expr(spec, *variables), variables)
    if fast is not None:
        with np.errstate(all="ignore"):
            try:
                held = np.broadcast_to(np.asarray(fast(*columns)), columns[0].shape)
                if held.dtype == bool:
                    return held.copy()
            except (TypeError, ValueError, ZeroDivisionError, OverflowError, NameError):
                pass
    flat = [np.ravel(c) for c in columns]
    held = np.array([ev.evaluate(Expr(S.Quiet, Expr(spec, *map(Real, map(float, point)))))
                     is TRUE for point in zip(*flat)], dtype=bool)
    return held.reshape(columns[0].shape)


def point_values(ev, spec, columns: list) -> np.ndarray:
    """``spec`` (a function such as a MeshFunctions entry) applied to each point's
    coordinates (columns: arrays of one shape): the real values, NaN where it gives none.
    Whole arrays at once when SymPy can take the function, else point by point."""
    variables = [Symbol(f"wlnet`mesh`{name}") for name in "xyzw"[:len(columns)]]
    fast = _numpy_function(ev, Expr(spec, *variables), variables)
    if fast is not None:
        with np.errstate(all="ignore"):
            try:
                held = np.asarray(fast(*columns), dtype=complex)
                held = np.broadcast_to(held, columns[0].shape)
                return np.where(np.abs(held.imag) < 1e-12, held.real, np.nan)
            except (TypeError, ValueError, ZeroDivisionError, OverflowError, NameError):
                pass
    flat = [np.ravel(c) for c in columns]
    values = []
    for point in zip(*flat):
        value = ev.evaluate(Expr(S.N, Expr(S.Quiet, Expr(spec, *map(Real, map(float, point))))))
        values.append(float(value.value) if type(value) in (Real, Integer) else np.nan)
    return np.array(values).reshape(columns[0].shape)


def _numpy_function(ev, f, variables):
    """A numpy function of the variables computing ``f``, or None."""
    from wlnet.builtins._sympy_bridge import Untranslatable, to_sympy
    symbolic = ev.evaluate(Expr(S.Quiet, Expr(S.Block, Expr.from_args(S.List, variables), f)))
    try:
        expr, translation = to_sympy(symbolic)
    except (Untranslatable, RecursionError):
        return None
    sp = translation.sp
    symbols = [translation.symbol(v) for v in variables]
    free = getattr(expr, "free_symbols", None)
    if free is None or not free <= set(symbols):
        return None
    try:
        return sp.lambdify(symbols, expr, modules="numpy")
    except Exception:                      # noqa: BLE001 - any SymPy failure: point by point
        return None
