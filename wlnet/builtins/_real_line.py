"""The real line as Reduce (reduce.py) and its parametric form (reduce_parametric.py) cut
it: the exact zeros of a condition, distinct and in Solve's order, a point between two of
them, and a run of the line written back as a WL condition (a < x <= b)."""

from __future__ import annotations

from fractions import Fraction

from wlnet.builtins.algebra import exact_roots
from wlnet.core.expr import TRUE, Expr, S, Symbol

_ZERO = 1e-25                    # |f(r)| below this at an exact critical point r is zero


class _Cannot(Exception):
    """A form Reduce does not handle."""


def _zeros(sp, f, x, cubics, real: bool) -> list:
    """The zeros of f (and the points where f is undefined: the zeros of a rational
    function's denominator, the ends of a logarithm's domain), exact."""
    num, den = sp.fraction(sp.together(f))
    found = []
    for p in (num, den):
        if not p.has(x):
            continue
        if p.is_polynomial(x) and (roots := exact_roots(sp, sp.Poly(p, x), *cubics)) is not None:
            found += roots
            continue
        if not real:
            raise _Cannot(f)
        zeros = sp.solveset(p, x, sp.S.Reals)
        if not isinstance(zeros, sp.FiniteSet) or f.has(sp.sin, sp.cos, sp.tan):
            raise _Cannot(f)                     # periodic or unknown zeros
        found += list(zeros)
        domain = sp.calculus.util.continuous_domain(p if p is num else f, x, sp.S.Reals)
        found += [b for b in domain.boundary if b.is_finite] \
            if domain is not sp.S.Reals else []
    if real:
        found = [r for r in found if _is_real(sp, r)]
    return _distinct(sp, found)


def _is_real(sp, r) -> bool:
    if r.is_real is not None:
        return bool(r.is_real)
    return abs(complex(sp.N(r, 30)).imag) < _ZERO


def _numeric_key(sp, r):
    z = complex(sp.N(r, 30))
    return (0 if abs(z.imag) < 1e-12 else 1, z.real, z.imag)


def _distinct(sp, points) -> list:
    """The points without repeats, in Solve's order (real ascending, then complex)."""
    out, seen = [], []
    for r in sorted(points, key=lambda r: _numeric_key(sp, r)):
        z = complex(sp.N(r, 30))
        if not any(abs(z - w) < 1e-20 for w in seen):
            seen.append(z)
            out.append(r)
    return out


def _sample_between(sp, a, b):
    """A rational point strictly between a and b (either may be None: unbounded)."""
    if a is None and b is None:
        return sp.Integer(0)
    if a is None:
        return sp.floor(sp.N(b, 30)) - 1
    if b is None:
        return sp.ceiling(sp.N(a, 30)) + 1
    lo, hi = float(sp.N(a, 30)), float(sp.N(b, 30))
    mid = Fraction((lo + hi) / 2).limit_denominator(max(2, int(4 / max(hi - lo, 1e-15))))
    if not lo < mid < hi:
        mid = Fraction((lo + hi) / 2)
    return sp.Rational(mid.numerator, mid.denominator)


def _rel(name, *args):
    return Expr(Symbol(name), *args)


def _run_condition(t, xw, run):
    lo, lo_closed, hi, hi_closed = run
    if lo is None and hi is None:
        return TRUE
    if lo is not None and hi is not None and lo == hi:
        return _rel("Equal", xw, t.back(lo))
    if lo is None:
        return _rel("LessEqual" if hi_closed else "Less", xw, t.back(hi))
    if hi is None:
        return _rel("GreaterEqual" if lo_closed else "Greater", xw, t.back(lo))
    left, right = ("LessEqual" if lo_closed else "Less"), ("LessEqual" if hi_closed else "Less")
    if left == right:
        return _rel(left, t.back(lo), xw, t.back(hi))
    return Expr(S.Inequality, t.back(lo), Symbol(left), xw, Symbol(right), t.back(hi))


def line_cells(sp, points) -> list:
    """The cells of the real line cut at the sorted ``points``, in order: ("open", a
    value inside, index) for each interval and ("point", the point, index) for each
    point."""
    cells = []
    for i in range(len(points) + 1):
        lo = points[i - 1] if i else None
        hi = points[i] if i < len(points) else None
        cells.append(("open", _sample_between(sp, lo, hi), i))
        if i < len(points):
            cells.append(("point", points[i], i))
    return cells


def true_runs(points, cells, truths) -> list:
    """The runs of consecutive cells (("point" | "open", value, index), alternating
    around the sorted points) where ``truths`` hold, each as (lower, lower_closed, upper,
    upper_closed) with None for an unbounded side."""
    runs, start = [], None
    for k, h in enumerate(truths + [False]):
        if h and start is None:
            start = k
        elif not h and start is not None:
            runs.append((cells[start], cells[k - 1]))
            start = None
    out = []
    for first, last in runs:
        if first[0] == "point":
            lower = (points[first[2]], True)
        else:
            lower = (points[first[2] - 1], False) if first[2] else (None, False)
        if last[0] == "point":
            upper = (points[last[2]], True)
        else:
            upper = (points[last[2]], False) if last[2] < len(points) else (None, False)
        out.append((*lower, *upper))
    return out
