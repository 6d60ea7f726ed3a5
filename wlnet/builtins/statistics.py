"""Statistics of data beyond the mean and variance: ``Quantile`` (``Quartiles``,
``InterquartileRange``), ``Covariance``, ``Correlation``, ``SpearmanRho``,
``PrincipalComponents``.

``Quantile[list, q]`` is WL's default definition, the element at position ``Ceiling[n q]``
of the sorted list (the first for q = 0), exact for exact data; a list of q's gives a list.
Covariance and Correlation are the sample ones (n - 1 in the denominator), of two vectors
or of the columns of a matrix, defined by their formulas (so exact data stay exact).
"""

from __future__ import annotations

import math

from wlnet.builtins._listutil import is_list, number_value
from wlnet.core.expr import Expr, Integer, Rational, Real, S, String
from wlnet.core.registry import builtin, read_options

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


def _parameters(params):
    """The ``{{a, b}, {c, d}}`` of Quantile's third argument, or None."""
    if is_list(params) and len(params.args) == 2 and all(
            is_list(p) and len(p.args) == 2 for p in params.args):
        return params.args[0].args + params.args[1].args
    return None


def _interpolated(ev, ordered, q, params):
    """WL's parametrised quantile: with r = a + (n + b) q, the elements at Floor[r] and
    Ceiling[r] (kept within 1..n) mixed by c + d FractionalPart[r]; exact data stay exact."""
    a, b, c, d = params
    items = ordered.args
    n = len(items)
    r = ev.evaluate(Expr(S.Plus, a, Expr(S.Times, Expr(S.Plus, Integer(n), b), q)))
    low, high = (ev.evaluate(Expr(f, r)) for f in (S.Floor, S.Ceiling))
    if type(low) is not Integer or type(high) is not Integer:
        return None
    x_low = items[min(max(low.value, 1), n) - 1]
    x_high = items[min(max(high.value, 1), n) - 1]
    mix = Expr(S.Plus, c, Expr(S.Times, d, Expr(S.Subtract, r, low)))
    return ev.evaluate(Expr(S.Plus, x_low, Expr(S.Times, Expr(S.Subtract, x_high, x_low), mix)))


@builtin("Quantile", argc=(2, 3),
         usage="Quantile[list, q] is the q-th quantile of list (0 <= q <= 1): the element at "
               "position Ceiling[Length[list] q] of Sort[list]; a list of q's gives a list.  "
               "Quantile[list, q, {{a, b}, {c, d}}] interpolates between the elements around "
               "position a + (Length[list] + b) q with c + d times its fractional part.",
         examples=(("Quantile[{1, 2, 3, 4, 5, 6}, 1/2]", "3"),
                   ("Quantile[{5, 1, 4, 2, 3}, {1/4, 3/4}]", "{2, 4}"),
                   ("Quantile[{1, 2, 3, 4}, 1/2, {{1/2, 0}, {0, 1}}]", "5/2")))
def quantile(ev, data, q, params=None):
    if not is_list(data) or not data.args:
        return None
    columns = _columns(data)
    if columns is not None:         # a matrix: the quantiles of each column, as Mean does
        per_column = [quantile(ev, c, q, params) for c in columns]
        if None in per_column:
            return None
        if not is_list(q):
            return Expr.from_args(LIST, per_column)
        return Expr.from_args(LIST, (Expr.from_args(LIST, (c.args[i] for c in per_column))
                                     for i in range(len(q.args))))
    ordered = ev.evaluate(Expr(S.Sort, data))
    n = len(ordered.args)
    parameters = None if params is None else _parameters(params)
    if params is not None and parameters is None:
        return None

    def one(p):
        v = _q_value(p)
        if v is None:
            return None
        if parameters is not None:
            return _interpolated(ev, ordered, p, parameters)
        return ordered.args[max(1, math.ceil(n * v - 1e-12)) - 1]

    if is_list(q):
        picks = [one(p) for p in q.args]
        return None if None in picks else Expr.from_args(LIST, picks)
    return one(q)


# the parameters of Quartiles and InterquartileRange: linear interpolation around n q + 1/2
_QUARTILE_PARAMETERS = Expr(LIST, Expr(LIST, Rational(1, 2), Integer(0)),
                            Expr(LIST, Integer(0), Integer(1)))
_QUARTERS = Expr(LIST, Rational(1, 4), Rational(1, 2), Rational(3, 4))


@builtin("Quartiles", argc=1,
         usage="Quartiles[list] is the {1/4, 1/2, 3/4} quantiles of list, interpolated "
               "(Quantile[list, {1/4, 1/2, 3/4}, {{1/2, 0}, {0, 1}}]).",
         examples=(("Quartiles[{1, 2, 3, 4, 5, 6}]", "{2, 7/2, 5}"),))
def quartiles(ev, data):
    return quantile(ev, data, _QUARTERS, _QUARTILE_PARAMETERS)


@builtin("InterquartileRange", argc=1,
         usage="InterquartileRange[list] is the third quartile minus the first (Quartiles).",
         examples=(("InterquartileRange[{1, 2, 3, 4, 5, 6, 7, 8}]", "4"),))
def interquartile_range(ev, data):
    q = quartiles(ev, data)       # (of a matrix: the rows of the columns' quartiles)
    return None if q is None else ev.evaluate(Expr(S.Subtract, q.args[2], q.args[0]))


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
        left, right = _columns(a), _columns(b)
        if left is not None and right is not None:
            # two matrices of as many rows: the matrix of each column of a with each of b
            return ev.evaluate(Expr.from_args(LIST, (Expr.from_args(
                LIST, (formula(c, d) for d in right)) for c in left)))
        if (left is None) != (right is None):
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
               "Covariance[m] the covariance matrix of the columns of m, Covariance[m1, m2] "
               "that of the columns of m1 with those of m2.",
         examples=(("Covariance[{1, 2, 3}, {1, 3, 5}]", "2"),))
def covariance(ev, a, b=None):
    return _pairwise(ev, S.Covariance, a, b, _covariance)


def _correlation(x, y):
    return Expr(S.Divide, _covariance(x, y),
                Expr(S.Times, Expr(S.StandardDeviation, x), Expr(S.StandardDeviation, y)))


@builtin("Correlation", argc=(1, 2), messages=_MESSAGES,
         usage="Correlation[x, y] is the (Pearson) correlation of the vectors x and y; "
               "Correlation[m] the correlation matrix of the columns of m, Correlation[m1, "
               "m2] that of the columns of m1 with those of m2.",
         examples=(("Correlation[{1, 2, 3}, {2, 4, 6}]", "1"),))
def correlation(ev, a, b=None):
    return _pairwise(ev, S.Correlation, a, b, _correlation)


def _ranks(x):
    """The ranks of a vector of real numbers (1 for the smallest; tied elements share the mean
    of their ranks, exact), as a list expression; None when an element is not a real number."""
    values = [number_value(e) for e in x.args]
    if any(v is None for v in values):
        return None
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [None] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        shared = Rational(start + end + 2, 2) if end > start else Integer(start + 1)
        for i in order[start:end + 1]:
            ranks[i] = shared
        start = end + 1
    return Expr.from_args(LIST, ranks)


def _rank_correlation(x, y):
    rho = _correlation(_ranks(x), _ranks(y))
    # machine-real data give a machine-real coefficient (the ranks themselves are exact)
    inexact = any(type(e) is Real for e in x.args + y.args)
    return Expr(S.N, rho) if inexact else rho


@builtin("SpearmanRho", argc=(1, 2), messages=_MESSAGES,
         usage="SpearmanRho[x, y] is Spearman's rank correlation of the vectors x and y (the "
               "correlation of their ranks, ties sharing their mean rank); SpearmanRho[m] the "
               "matrix of it between the columns of m.",
         examples=(("SpearmanRho[{1, 2, 3, 4}, {1, 3, 2, 4}]", "4/5"),))
def spearman_rho(ev, a, b=None):
    # ranks need real numbers: symbolic data stay unevaluated
    for data in (a, b):
        rows = data.args if is_list(data) and data.args and is_list(data.args[0]) else [data]
        if data is not None and not all(is_list(r) and _ranks(r) is not None for r in rows):
            return None
    return _pairwise(ev, S.SpearmanRho, a, b, _rank_correlation)


@builtin("PrincipalComponents", argc=(1, None), options={"Method": String("Covariance")},
         messages=dict(_MESSAGES, pcmeth="Value of option Method -> `1` should be "
                                         "\"Covariance\" or \"Correlation\"."),
         usage="PrincipalComponents[m] transforms the rows of the matrix m into their "
               "unscaled principal components: the centred rows in the basis of the "
               "covariance matrix's eigenvectors, largest variance first.",
         examples=(("Chop[PrincipalComponents[{{1., 1.}, {2., 2.}, {3., 3.}}]] == "
                    "{{-Sqrt[2.], 0}, {0, 0}, {Sqrt[2.], 0}}", "True"),))
def principal_components(ev, m, *options):
    import numpy as np
    from wlnet.core.packed import pack, packed_array, to_packed
    split = read_options(ev, Expr(S.PrincipalComponents, m, *options), options,
                         {"Method": String("Covariance")})
    if split is None:
        return None
    method = ev.evaluate(split[1]["Method"])
    if not (type(method) is String and method.value in ("Covariance", "Correlation")):
        ev.message(S.PrincipalComponents, "pcmeth", method)
        return None
    numeric = to_packed(ev.evaluate(Expr(S.N, m)), coerce=True)
    arr = packed_array(numeric) if numeric is not None else None
    if arr is None or arr.ndim != 2 or arr.dtype.kind not in "if":
        ev.message(S.PrincipalComponents, "rectt", Expr(S.PrincipalComponents, m))
        return None
    centred = arr.astype(np.float64) - arr.mean(axis=0)
    if method.value == "Correlation":            # the columns standardized first
        spread = centred.std(axis=0, ddof=1) if len(centred) > 1 else np.ones(arr.shape[1])
        centred = centred / np.where(spread > 0, spread, 1.0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    # an eigenvector's sign is arbitrary: each is turned so its largest entry is positive
    # (the same components whichever way the decomposition came out)
    largest = np.argmax(np.abs(vt), axis=1)
    vt *= np.sign(vt[np.arange(len(vt)), largest])[:, None]
    components = centred @ vt.T
    if components.shape[1] < arr.shape[1]:         # fewer rows than columns: zero-variance
        components = np.hstack([components, np.zeros((arr.shape[0],
                                                      arr.shape[1] - components.shape[1]))])
    return pack(components)
