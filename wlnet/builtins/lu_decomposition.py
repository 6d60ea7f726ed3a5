"""``LUDecomposition[m]``: ``{lu, p, c}`` as WL gives it.

``lu`` holds both factors in one matrix: below the diagonal the multipliers of the unit
lower-triangular l (its ones on the diagonal left out), on and above it the upper-triangular
u, so that ``l.u == m[[p]]`` for the permutation ``p`` of the rows used as pivots.  ``c`` is
the L-infinity condition number of a machine-number matrix (0 for an exact or symbolic one,
whose result is exact).

How pivots are chosen follows WL's practice: a machine matrix takes the largest entry of the
column (LAPACK's partial pivoting, through SciPy); an exact or symbolic one takes the first
entry that is not zero, which keeps the factors as simple as they can be.  ``Pivoting ->
False`` takes the diagonal entry as it is; ``Modulus -> p`` works in the integers mod p.  A
non-square matrix is eliminated the same way over its min(rows, columns) columns.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from wlnet.builtins.linear_algebra import _expr, _kind, _numeric, _rows, exact_fraction
from wlnet.builtins.matrix_functions import MESSAGES, _BAD, _given_options, _modulus
from wlnet.core.expr import FALSE, TRUE, Expr, Integer, Real, S
from wlnet.core.registry import builtin

LIST = S.List
_OPTIONS = {"Pivoting": TRUE, "Modulus": Integer(0)}


def _settings(ev, m, rest):
    """(pivoting, modulus) of LUDecomposition[m, rest…]; None after a message."""
    given = _given_options(ev, S.LUDecomposition, m, rest, _OPTIONS)
    if given is None:
        return None
    pivoting, modulus = given[1]["Pivoting"], given[1]["Modulus"]
    if pivoting not in (TRUE, FALSE):
        ev.message(S.LUDecomposition, "pivb", pivoting)
        return None
    modulus = _modulus(ev, S.LUDecomposition, modulus)
    return None if modulus is _BAD else (pivoting is TRUE, modulus)


def _eliminate(a: list, is_zero, divide, pivoting: bool):
    """Gaussian elimination in place on the rows ``a`` (entries of any arithmetic):
    (lu, row order, singular?).  The pivot of a column is the first entry that is not
    zero (the diagonal one without pivoting); a column with none is passed over."""
    rows, cols = len(a), len(a[0])
    order = list(range(rows))
    singular = False
    for k in range(min(rows, cols)):
        candidates = range(k, rows) if pivoting else (k,)
        pivot = next((r for r in candidates if not is_zero(a[r][k])), None)
        if pivot is None:
            singular = True
            continue
        a[k], a[pivot] = a[pivot], a[k]
        order[k], order[pivot] = order[pivot], order[k]
        for r in range(k + 1, rows):
            factor = divide(a[r][k], a[k][k])
            a[r] = a[r][:k] + [factor] + [x - factor * y for x, y in
                                          zip(a[r][k + 1:], a[k][k + 1:])]
    return a, order, singular


def _exact(rows, pivoting, modulus):
    a = [[exact_fraction(x) for x in row] for row in rows]
    if modulus:
        if any(x.denominator % modulus == 0 for row in a for x in row):
            return None
        a = [[x.numerator * pow(x.denominator, -1, modulus) % modulus for x in row]
             for row in a]
        lu, order, singular = _eliminate(a, lambda x: x % modulus == 0,
                                         lambda x, y: x * pow(y, -1, modulus) % modulus,
                                         pivoting)
        lu = [[x % modulus for x in row] for row in lu]
    else:
        lu, order, singular = _eliminate(a, lambda x: x == 0, lambda x, y: x / y, pivoting)
    return [[_expr(Fraction(x)) for x in row] for row in lu], order, singular


def _symbolic(ev, rows, pivoting):
    """Elimination with expressions (d - b c/a, as WL writes it), a pivot the first entry
    that Together does not make 0."""
    def is_zero(x):
        return ev.evaluate(Expr(S.Together, x)) == Integer(0)

    def divide(x, y):
        return ev.evaluate(Expr(S.Times, x, Expr(S.Power, y, Integer(-1))))

    class Entry:                        # arithmetic of the update a - f b, through ev
        __slots__ = ("e",)

        def __init__(self, e):
            self.e = e

        def __sub__(self, other):
            return Entry(ev.evaluate(Expr(S.Plus, self.e, Expr(S.Times, Integer(-1), other.e))))

        def __mul__(self, other):
            return Entry(Expr(S.Times, self.e, other.e))

        __rmul__ = __mul__

    a = [[Entry(x) for x in row] for row in rows]
    lu, order, singular = _eliminate(a, lambda x: is_zero(x.e),
                                     lambda x, y: Entry(divide(x.e, y.e)), pivoting)
    return [[x.e for x in row] for row in lu], order, singular


def _machine(rows, kind, pivoting):
    """LAPACK's getrf (SciPy) with partial pivoting; without it, elimination in numpy."""
    a = _numeric(rows, complex if kind == "complex" else np.float64)
    n_rows = a.shape[0]
    if pivoting:
        import warnings
        from scipy.linalg import LinAlgWarning, lu_factor
        with warnings.catch_warnings():          # a singular matrix gets sing instead
            warnings.simplefilter("ignore", LinAlgWarning)
            lu, swaps = lu_factor(a, check_finite=False)
        order = list(range(n_rows))
        for i, j in enumerate(swaps):
            order[i], order[j] = order[j], order[i]
    else:
        lu, order = a.copy(), list(range(n_rows))
        for k in range(min(a.shape)):
            if lu[k, k] == 0:
                continue
            lu[k + 1:, k] /= lu[k, k]
            lu[k + 1:, k + 1:] -= np.outer(lu[k + 1:, k], lu[k, k + 1:])
    diagonal = np.diag(lu)
    singular = bool(np.any(diagonal == 0)) or not np.all(np.isfinite(lu))
    if a.shape[0] != a.shape[1]:
        condition = 0.0
    else:
        with np.errstate(all="ignore"):
            condition = float(np.linalg.cond(a, np.inf))
    matrix = [[_expr(x) for x in row] for row in lu]
    return matrix, order, singular, condition


@builtin("LUDecomposition", argc=(1, None), messages=MESSAGES, options=_OPTIONS,
         usage="LUDecomposition[m] is {lu, p, c}: lu holds the unit lower-triangular l "
               "below its diagonal and the upper-triangular u on and above it, with "
               "l.u == m[[p]]; c is the L-infinity condition number of a machine matrix "
               "(0 for an exact one).  Options Pivoting (True) and Modulus (0).",
         examples=(("LUDecomposition[{{1, 2, 3}, {1, 1, 1}, {3, 3, 1}}]",
                    "{{{1, 2, 3}, {1, -1, -2}, {3, 3, -2}}, {1, 2, 3}, 0}"),
                   ("First[LUDecomposition[{{0, 1}, {2, 4}}]]", "{{2, 4}, {0, 1}}")))
def lu_decomposition(ev, m, *rest):
    settings = _settings(ev, m, rest)
    if settings is None:
        return None
    pivoting, modulus = settings
    rows = _rows(m)
    if rows is None:
        ev.message(S.LUDecomposition, "matrix", m, Integer(1))
        return None
    kind = _kind(rows)
    condition = Integer(0)
    if kind in ("machine", "complex") and not modulus:
        lu, order, singular, c = _machine(rows, kind, pivoting)
        condition = Real(c) if np.isfinite(c) else Expr(S.DirectedInfinity, Integer(1))
    elif kind == "exact":
        found = _exact(rows, pivoting, modulus)
        if found is None:
            ev.message(S.LUDecomposition, "modm", Integer(modulus), m)
            return None
        lu, order, singular = found
    elif modulus:
        ev.message(S.LUDecomposition, "modm", Integer(modulus), m)
        return None
    else:
        lu, order, singular = _symbolic(ev, rows, pivoting)
    if singular:
        ev.message(S.LUDecomposition, "sing", m)
    matrix = Expr(LIST, *[Expr(LIST, *row) for row in lu])
    return Expr(LIST, matrix, Expr(LIST, *[Integer(i + 1) for i in order]), condition)
