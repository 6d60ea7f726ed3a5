"""Distributions made from data, as programs bootstrap an error estimate
(``RandomVariate[EmpiricalDistribution[errors], n]``) and smooth a net's sampled outputs
into a density (``PDF[SmoothKernelDistribution[samples], x]``).

``EmpiricalDistribution[{x1, x2, …}]`` (or ``{w1, …} -> {x1, …}`` with weights) puts mass
proportional to the weights on the data points: ``PDF`` is the mass at a point, ``CDF``
the mass up to it, ``Mean``, ``Variance`` (the population one: divided by n) and
``StandardDeviation`` the weighted moments, ``Quantile`` the smallest data point whose CDF
reaches q, and ``RandomVariate`` draws data points by the weights.

``SmoothKernelDistribution[{x1, …}]`` is the Gaussian kernel density estimate of the data
with Silverman's bandwidth 0.9 Min[σ, IQR/1.34] n^(-1/5) (σ the sample standard
deviation), or ``SmoothKernelDistribution[data, bw]`` with a given bandwidth: ``PDF`` and
``CDF`` are the mean of the kernels' at the point (machine numbers), ``Mean`` the data's
mean, ``Variance`` the data's population variance plus bw², and ``RandomVariate`` a data
point plus normal noise of scale bw.

Univariate numeric data only; other forms stay unevaluated.
"""

from __future__ import annotations

import math

import numpy as np

from wlnet.builtins.random import _array_with_shape
from wlnet.core.expr import Expr, Integer, Real, S, Symbol
from wlnet.core.packed import packed_array, to_packed
from wlnet.core.registry import builtin_upvalue, declare

_EMPIRICAL, _KERNEL = "EmpiricalDistribution", "SmoothKernelDistribution"

declare(_EMPIRICAL, attributes=("Protected", "ReadProtected"),
        usage="EmpiricalDistribution[{x1, x2, …}] is the distribution with equal mass on each "
              "data point; EmpiricalDistribution[{w1, …} -> {x1, …}] with mass proportional "
              "to the weights.")
declare(_KERNEL, attributes=("Protected", "ReadProtected"),
        usage="SmoothKernelDistribution[{x1, x2, …}] is the Gaussian kernel density estimate "
              "of the data (Silverman's bandwidth); SmoothKernelDistribution[data, bw] with "
              "the bandwidth bw.")


def _vector(ev, e) -> np.ndarray | None:
    arr = packed_array(to_packed(ev.evaluate(Expr(S.N, e)), coerce=True))
    if arr is None or arr.ndim != 1 or not len(arr) or not np.isfinite(arr).all():
        return None
    return arr.astype(np.float64)


class _Empirical:
    """An EmpiricalDistribution's data points and weights, sorted by value: as given
    (exact data gives exact moments and masses, as WL) and as machine numbers (to compare)."""

    def __init__(self, points, weights, values, probabilities):
        self.points, self.weights = points, weights
        self.values, self.probabilities = values, probabilities

    def total(self, selected):
        """The exact mass of the selected data points (a boolean mask over them)."""
        chosen = [w for w, keep in zip(self.weights, selected) if keep]
        return Expr(S.Times, Expr(S.Plus, *chosen) if chosen else Integer(0),
                    Expr(S.Power, Expr(S.Plus, *self.weights), Integer(-1)))


def _empirical(ev, dist):
    """The _Empirical of an EmpiricalDistribution; None for other forms."""
    if type(dist) is not Expr or dist.head != Symbol(_EMPIRICAL) or len(dist.args) != 1:
        return None
    data = dist.args[0]
    if type(data) is Expr and data.head is S.Rule:
        weights, points = data.args
        if not (type(weights) is Expr and weights.head is S.List and
                type(points) is Expr and points.head is S.List):
            return None
        weight_exprs, point_exprs = list(weights.args), list(points.args)
        w = _vector(ev, weights)
        if w is None or len(w) != len(point_exprs) or (w < 0).any() or not w.sum() > 0:
            return None
    elif type(data) is Expr and data.head is S.List:
        point_exprs, weight_exprs = list(data.args), [Integer(1)] * len(data.args)
        w = np.ones(len(point_exprs))
    else:
        return None
    values = _vector(ev, Expr(S.List, *point_exprs))
    if values is None:
        return None
    order = np.argsort(values, kind="stable")
    return _Empirical([point_exprs[i] for i in order], [weight_exprs[i] for i in order],
                      values[order], w[order] / w.sum())


def _kernel(ev, dist):
    """(data, bandwidth) of a SmoothKernelDistribution; None for other forms."""
    if type(dist) is not Expr or dist.head != Symbol(_KERNEL) or len(dist.args) not in (1, 2):
        return None
    data = _vector(ev, dist.args[0])
    if data is None or len(data) < 2:
        return None
    if len(dist.args) == 2:
        bw = _vector(ev, Expr(S.List, dist.args[1]))
        return None if bw is None or not bw[0] > 0 else (data, float(bw[0]))
    sigma = data.std(ddof=1)
    q75, q25 = np.percentile(data, [75, 25])
    spread = min(sigma, (q75 - q25) / 1.34) or sigma
    return (data, 0.9 * spread * len(data) ** -0.2) if spread > 0 else None


def _at_points(ev, point, one):
    """``one(x)`` at a machine point, mapped over a list of points; None if not numeric."""
    if type(point) is Expr and point.head is S.List:
        parts = [_at_points(ev, p, one) for p in point.args]
        return None if any(p is None for p in parts) else Expr(S.List, *parts)
    value = _vector(ev, Expr(S.List, point))
    return None if value is None else one(value[0])


def _point_function(reader, compute):
    def function(ev, dist, point=None, *rest):
        parts = reader(ev, dist)
        if parts is None or rest:
            return None
        if point is None:
            slot = Symbol("x$")
            return Expr(S.Function, slot, Expr(Symbol(compute.__name__.split("_")[0]), dist, slot))
        if reader is _empirical:
            return _masses(ev, point, lambda x: ev.evaluate(compute(parts, x)))
        return _at_points(ev, point, lambda x: Real(float(compute(parts, x))))
    return function


def _masses(ev, point, one):
    """``one(x)`` at a numeric point, mapped over a list of points; None if not numeric."""
    if type(point) is Expr and point.head is S.List:
        parts = [_masses(ev, p, one) for p in point.args]
        return None if any(p is None for p in parts) else Expr(S.List, *parts)
    value = _vector(ev, Expr(S.List, point))
    if value is None:
        return None
    mass = one(value[0])
    return ev.evaluate(Expr(S.N, mass)) if type(point) is Real else mass


def PDF_empirical(parts, x):
    return parts.total(parts.values == x)


def CDF_empirical(parts, x):
    return parts.total(parts.values <= x)


def PDF_kernel(parts, x):
    data, bw = parts
    return np.mean(np.exp(-0.5 * ((x - data) / bw) ** 2)) / (bw * math.sqrt(2 * math.pi))


def CDF_kernel(parts, x):
    data, bw = parts
    return np.mean([0.5 * math.erfc((d - x) / (bw * math.sqrt(2))) for d in data])


for _outer, _reader, _compute in (("PDF", _empirical, PDF_empirical),
                                  ("CDF", _empirical, CDF_empirical),
                                  ("PDF", _kernel, PDF_kernel), ("CDF", _kernel, CDF_kernel)):
    builtin_upvalue(_outer, _EMPIRICAL if _reader is _empirical else _KERNEL)(
        _point_function(_reader, _compute))


def _empirical_moments(ev, parts):
    """(mean, variance) as expressions: the weighted mean and the population variance."""
    total = Expr(S.Power, Expr(S.Plus, *parts.weights), Integer(-1))
    mean = ev.evaluate(Expr(S.Times, total, Expr(S.Plus, *(
        Expr(S.Times, w, x) for w, x in zip(parts.weights, parts.points)))))
    variance = ev.evaluate(Expr(S.Times, total, Expr(S.Plus, *(
        Expr(S.Times, w, Expr(S.Power, Expr(S.Subtract, x, mean), Integer(2)))
        for w, x in zip(parts.weights, parts.points)))))
    return mean, variance


def _moments(ev, dist):
    """(mean, variance) of either distribution as expressions, or None."""
    parts = _empirical(ev, dist)
    if parts is not None:
        return _empirical_moments(ev, parts)
    parts = _kernel(ev, dist)
    if parts is not None:
        data, bw = parts
        return Real(float(data.mean())), Real(float(data.var() + bw ** 2))
    return None


def _moment(which: str):
    def moment(ev, dist, *rest):
        m = None if rest else _moments(ev, dist)
        if m is None:
            return None
        if which == "StandardDeviation":
            return ev.evaluate(Expr(S.Sqrt, m[1]))
        return m[0] if which == "Mean" else m[1]
    return moment


for _head in (_EMPIRICAL, _KERNEL):
    for _outer in ("Mean", "Variance", "StandardDeviation"):
        builtin_upvalue(_outer, _head)(_moment(_outer))


def _empirical_quantile(ev, dist, q=None, *rest):
    parts = _empirical(ev, dist)
    if parts is None or q is None or rest:
        return None
    cumulative = np.cumsum(parts.probabilities)

    def one(level):
        """The smallest data point whose CDF reaches the level."""
        if not 0 <= level <= 1:
            return None
        return parts.points[min(np.searchsorted(cumulative, level - 1e-12), len(parts.points) - 1)]
    if type(q) is Expr and q.head is S.List:
        levels = _vector(ev, q)
        found = None if levels is None else [one(v) for v in levels]
        return None if found is None or None in found else Expr(S.List, *found)
    level = _vector(ev, Expr(S.List, q))
    return None if level is None else one(level[0])


builtin_upvalue("Quantile", _EMPIRICAL)(_empirical_quantile)
builtin_upvalue("Median", _EMPIRICAL)(
    lambda ev, dist, *rest: None if rest else _empirical_quantile(
        ev, dist, Expr(S.Rational, Integer(1), Integer(2))))


def _random_variate(reader, draw_from):
    def random_variate(ev, dist, *rest):
        parts = reader(ev, dist)
        if parts is None or len(rest) > 1:
            return None
        return _array_with_shape(ev, "RandomVariate", (dist, *rest),
                                 lambda count: draw_from(ev.rng, parts, count))
    return random_variate


builtin_upvalue("RandomVariate", _EMPIRICAL)(_random_variate(
    _empirical, lambda rng, parts, count: _drawn_points(parts, rng.choice(
        len(parts.points), size=count, p=parts.probabilities))))


def _drawn_points(parts, chosen):
    """The chosen data points: integers stay integers, as the data."""
    exact = np.array([p.value if type(p) is Integer else np.nan for p in parts.points])
    if not np.isnan(exact).any() and np.abs(exact).max() < 2 ** 53:
        return exact.astype(np.int64)[chosen]
    return parts.values[chosen]
builtin_upvalue("RandomVariate", _KERNEL)(_random_variate(
    _kernel, lambda rng, parts, count: rng.choice(parts[0], size=count)
    + parts[1] * rng.standard_normal(count)))
