"""Statistics of data beyond the mean and variance: ``Quantile``, ``Covariance``,
``Correlation``.

``Quantile[list, q]`` is WL's default definition, the element at position ``Ceiling[n q]``
of the sorted list (the first for q = 0), exact for exact data; a list of q's gives a list.
Covariance and Correlation are the sample ones (n - 1 in the denominator), of two vectors
or of the columns of a matrix, defined by their formulas (so exact data stay exact).
"""

from __future__ import annotations

import math

from wlnet.builtins._listutil import is_list
from wlnet.core.expr import Expr, Integer, Rational, Real, S
from wlnet.core.registry import builtin

LIST = S.List
_MESSAGES = {
    "vectors": "`1` and `2` should be vectors of the same length, at least 2.",
    "rectt": "Rectangular array expected at position 1 in `1`.",
}


def _q_value(q) -> float | None:
    if type(q) in (Integer, Real):
        v = float(q.value)
    elif type(q) is Rational:
        v = q.numerator / q.denominator
    else:
        return None
    return v if 0 <= v <= 1 else None


@builtin("Quantile", argc=2,
         usage="Quantile[list, q] is the q-th quantile of list (0 <= q <= 1): the element at "
               "position Ceiling[Length[list] q] of Sort[list]; a list of q's gives a list.",
         examples=(("Quantile[{1, 2, 3, 4, 5, 6}, 1/2]", "3"),
                   ("Quantile[{5, 1, 4, 2, 3}, {1/4, 3/4}]", "{2, 4}")))
def quantile(ev, data, q):
    if not is_list(data) or not data.args:
        return None
    ordered = ev.evaluate(Expr(S.Sort, data))
    n = len(ordered.args)

    def one(p):
        v = _q_value(p)
        if v is None:
            return None
        return ordered.args[max(1, math.ceil(n * v - 1e-12)) - 1]

    if is_list(q):
        picks = [one(p) for p in q.args]
        return None if None in picks else Expr.from_args(LIST, picks)
    return one(q)


def _columns(m):
    """The columns of a rectangular matrix (None when not one)."""
    if not (is_list(m) and m.args and all(is_list(r) for r in m.args)):
        return None
    width = len(m.args[0].args)
    if width == 0 or any(len(r.args) != width for r in m.args):
        return None
    return [Expr.from_args(LIST, (r.args[j] for r in m.args)) for j in range(width)]


def _covariance(x, y):
    """Total[(x - Mean[x]) (y - Mean[y])] / (n - 1), as an expression (real data)."""
    n = len(x.args)
    dx = Expr(S.Subtract, x, Expr(S.Mean, x))
    dy = Expr(S.Subtract, y, Expr(S.Mean, y))
    return Expr(S.Divide, Expr(S.Total, Expr(S.Times, dx, dy)), Integer(n - 1))


def _pairwise(ev, sym, a, b, formula):
    if b is not None:
        if not (is_list(a) and is_list(b)) or len(a.args) != len(b.args) or len(a.args) < 2:
            ev.message(sym, "vectors", a, b)
            return None
        return ev.evaluate(formula(a, b))
    columns = _columns(a)
    if columns is None or len(a.args) < 2:
        ev.message(sym, "rectt", Expr(sym, a))
        return None
    return ev.evaluate(Expr.from_args(LIST, (Expr.from_args(LIST, (formula(c, d) for d in columns))
                                             for c in columns)))


@builtin("Covariance", argc=(1, 2), messages=_MESSAGES,
         usage="Covariance[x, y] is the sample covariance of the vectors x and y; "
               "Covariance[m] the covariance matrix of the columns of m.",
         examples=(("Covariance[{1, 2, 3}, {1, 3, 5}]", "2"),))
def covariance(ev, a, b=None):
    return _pairwise(ev, S.Covariance, a, b, _covariance)


def _correlation(x, y):
    return Expr(S.Divide, _covariance(x, y),
                Expr(S.Times, Expr(S.StandardDeviation, x), Expr(S.StandardDeviation, y)))


@builtin("Correlation", argc=(1, 2), messages=_MESSAGES,
         usage="Correlation[x, y] is the (Pearson) correlation of the vectors x and y; "
               "Correlation[m] the correlation matrix of the columns of m.",
         examples=(("Correlation[{1, 2, 3}, {2, 4, 6}]", "1"),))
def correlation(ev, a, b=None):
    return _pairwise(ev, S.Correlation, a, b, _correlation)
