"""NProbability and NExpectation of several independent continuous variables, as machine
numbers, where no closed form is found (expectation.py tries the exact forms first).

A 2-D (or higher) NIntegrate of Boole[pred] times the densities is slow and inaccurate: the
integrand jumps where pred changes.  Instead one variable y is taken innermost and done
exactly: for numbers given to the others, the points where a condition of pred changes
(the real roots of a polynomial in y, or the branches Solve gives) cut y's support into
cells; pred is tested in each cell, and the mass of a cell where it holds is the difference
of y's CDF at its ends.  That inner probability is smooth in the other variables, which are
integrated against their densities by adaptive quadrature (scipy's quad, nested).

    NProbability[x^2 + y^2 < 1, {x ~ N(0, 1), y ~ N(0, 1)}]   = 0.393469…  (1 - 1/Sqrt[E])
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from wlnet.builtins._sympy_bridge import Translation, Untranslatable
from wlnet.core.expr import Expr, Real, S

_NUMERIC_MODULES = ["scipy", "numpy"]
_QUAD_LIMIT = 200


class _NoRoute(Exception):
    """A predicate or distribution this numerical route does not handle."""


def n_probability_several(ev, pred, variables):
    """P[pred] as a Real for independent continuous variables, each given as
    (x, dist, lo, hi, discrete, density in x) by expectation.py; None when not done here."""
    if len(variables) < 2 or any(v[4] for v in variables):
        return None
    try:
        inner = _InnerProbability(ev, pred, variables)
        value = _integrated(ev, inner.probability, [v for v in variables if v[0] != inner.x])
    except (_NoRoute, Untranslatable, NotImplementedError, TypeError, ValueError,
            ZeroDivisionError, OverflowError):
        return None
    return None if value is None or not math.isfinite(value) else \
        Real(min(1.0, max(0.0, value)))


def n_expectation_several(ev, f, variables):
    """E[f] as a Real for independent continuous variables by nested quadrature."""
    if len(variables) < 2 or any(v[4] for v in variables):
        return None
    t = Translation()
    try:
        xs = [t.to(v[0]) for v in variables]
        g = t.sp.lambdify(xs, t.to(ev.evaluate(f)), modules=_NUMERIC_MODULES)
        value = _integrated(ev, lambda *point: float(g(*point)), variables)
    except (Untranslatable, NotImplementedError, TypeError, ValueError, ZeroDivisionError,
            OverflowError, _NoRoute):
        return None
    return None if value is None or not math.isfinite(value) else Real(value)


# ---------------------------------------------------------------------------- the inner one

class _InnerProbability:
    """P[pred | the other variables] as a function of their values."""

    def __init__(self, ev, pred, variables):
        from wlnet.builtins.reduce import _Cannot, _atoms, _formula
        self.t = t = Translation()
        sp = t.sp
        try:
            formula = _formula(ev, t, pred, set())
        except _Cannot:
            raise _NoRoute(pred) from None
        symbols = [t.to(v[0]) for v in variables]
        atoms = _atoms(formula, [])
        if any(f.free_symbols - set(symbols) for _, _, f in atoms):
            raise _NoRoute(pred)                      # parameters: no number to give
        inner, y = self._inner_variable(sp, variables, symbols, atoms)
        self.x, dist = inner[0], inner[1]
        self.outer = [s for s in symbols if s != y]
        self.formula = _compiled(sp, formula, self.outer + [y])
        self.cuts = [c for _, _, f in atoms for c in _cut_functions(sp, f, y, self.outer)]
        self.lo, self.hi = _numeric_support(ev, inner)
        cdf = ev.evaluate(Expr(S.CDF, dist, self.x))
        self.cdf = sp.lambdify([y], t.to(cdf), modules=_NUMERIC_MODULES)

    @staticmethod
    def _inner_variable(sp, variables, symbols, atoms):
        """The variable every condition is a polynomial (or rational function) in, the
        last such one: the others are given numbers around it."""
        for v, s in reversed(list(zip(variables, symbols))):
            if all(_rational_in(sp, f, s) for _, _, f in atoms):
                return v, s
        return variables[-1], symbols[-1]                 # its zeros by Solve

    def probability(self, *outer) -> float:
        points = sorted({p for cut in self.cuts for p in cut(*outer)
                         if self.lo < p < self.hi})
        ends = [self.lo, *points, self.hi]
        total = 0.0
        for a, b in zip(ends, ends[1:]):
            if self.formula(*outer, _inside(a, b)):
                total += self._cdf(b) - self._cdf(a)
        return total

    def _cdf(self, y: float) -> float:
        if y == -math.inf:
            return 0.0
        if y == math.inf:
            return 1.0
        return float(self.cdf(y))


def _rational_in(sp, f, y) -> bool:
    num, den = sp.fraction(sp.together(f))
    return num.is_polynomial(y) and den.is_polynomial(y)


def _cut_functions(sp, f, y, outer) -> list:
    """Functions of the outer values giving the real points where f changes sign in y:
    the real roots of its numerator and denominator."""
    num, den = sp.fraction(sp.together(f))
    cuts = []
    for p in (num, den):
        if not p.has(y):
            continue
        if not p.is_polynomial(y):
            cuts.append(_solved_branches(sp, p, y, outer))
            continue
        coefficients = sp.Poly(p, y).all_coeffs()
        compiled = [sp.lambdify(outer, c, modules=_NUMERIC_MODULES) for c in coefficients]
        cuts.append(_real_roots_of(compiled))
    return cuts


def _solved_branches(sp, p, y, outer):
    """The zeros of p in y as Solve's branches in the outer variables (y - x == ±1 for
    Abs[x - y] == 1); _NoRoute when there is no finite list of them."""
    real = {s: sp.Symbol(s.name + "_real", real=True) for s in [y, *outer]}
    try:
        branches = sp.solve(p.xreplace(real), real[y])
    except NotImplementedError:
        raise _NoRoute(p) from None
    if not isinstance(branches, list) or any(b.has(real[y]) for b in branches):
        raise _NoRoute(p)
    compiled = [sp.lambdify([real[s] for s in outer], b, modules=_NUMERIC_MODULES)
                for b in branches]

    def zeros(*values):
        out = []
        for branch in compiled:
            with np.errstate(all="ignore"):
                z = complex(branch(*values))
            if math.isfinite(z.real) and abs(z.imag) <= 1e-9 * max(1.0, abs(z.real)):
                out.append(z.real)
        return out
    return zeros


def _real_roots_of(coefficients):
    def roots(*outer):
        values = np.array([complex(c(*outer)) for c in coefficients])
        nonzero = np.flatnonzero(np.abs(values) > 0)
        if not len(nonzero) or not np.all(np.isfinite(values)):
            return []
        found = np.roots(values[nonzero[0]:])
        scale = max(1.0, float(np.max(np.abs(found)))) if len(found) else 1.0
        return [float(r.real) for r in found if abs(r.imag) <= 1e-9 * scale]
    return roots


def _inside(a: float, b: float) -> float:
    """A point strictly inside (a, b), either end possibly infinite."""
    if math.isinf(a) and math.isinf(b):
        return 0.0
    if math.isinf(a):
        return b - 1.0 - abs(b)
    if math.isinf(b):
        return a + 1.0 + abs(a)
    return (a + b) / 2


def _compiled(sp, formula, variables):
    """The formula (reduce.py's tree of relations f op 0) as a test of numbers."""
    kind = formula[0]
    if kind == "const":
        return lambda *point: formula[1]
    if kind in ("and", "or"):
        parts = [_compiled(sp, g, variables) for g in formula[1]]
        combine = all if kind == "and" else any
        return lambda *point: combine(p(*point) for p in parts)
    if kind == "not":
        part = _compiled(sp, formula[1], variables)
        return lambda *point: not part(*point)
    _, op, f = formula
    g = sp.lambdify(variables, f, modules=_NUMERIC_MODULES)
    compare = {"<": lambda v: v < 0, "<=": lambda v: v <= 0, ">": lambda v: v > 0,
               ">=": lambda v: v >= 0, "==": lambda v: v == 0, "!=": lambda v: v != 0}[op]

    def test(*point):
        with np.errstate(all="ignore"):
            value = complex(g(*point))
        if not (math.isfinite(value.real) and math.isfinite(value.imag)):
            return False
        if op in ("==", "!="):
            return compare(value)
        return abs(value.imag) <= 1e-12 * max(1.0, abs(value.real)) and compare(value.real)
    return test


# ---------------------------------------------------------------------------- the outer ones

def _numeric_support(ev, variable) -> tuple[float, float]:
    from wlnet.builtins._listutil import float_value
    _, dist, lo, hi = variable[:4]
    ends = []
    for end in (lo, hi):
        value = ev.evaluate(Expr(S.N, end))
        number = float_value(value)
        if number is None and type(value) is Expr and value.head is S.DirectedInfinity \
                and len(value.args) == 1 and float_value(value.args[0]) is not None:
            number = math.copysign(math.inf, float_value(value.args[0]))
        if number is None:
            raise _NoRoute(dist)               # symbolic parameters: no numbers to use
        ends.append(number)
    return ends[0], ends[1]


def _integrated(ev, g, variables):
    """∫ g(x1, …) Π density_i(x_i) over the supports, nested adaptive quadrature."""
    from scipy import integrate
    t = Translation()
    densities, ranges = [], []
    for v in variables:
        densities.append(t.sp.lambdify([t.to(v[0])], t.to(v[5]), modules=_NUMERIC_MODULES))
        ranges.append(_numeric_support(ev, v))
    if not variables:
        return g()

    def integrand(*point):
        weight = 1.0
        for density, v in zip(densities, point):
            weight *= float(density(v))
        return g(*point) * weight if weight else 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value, _ = integrate.nquad(integrand, ranges, opts={"limit": _QUAD_LIMIT})
    return value
