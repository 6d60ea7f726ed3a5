"""MixtureDistribution[{w1, w2, …}, {dist1, dist2, …}]: the mixture of the distributions
with weights proportional to the wi, as programs make clustered and multi-modal toy data
(a mixture density network's targets, two Gaussian blobs).

``PDF`` and ``CDF`` are the weighted sums of the components' (a symbolic point gives the
formula), ``Mean`` and ``Variance`` the mixture's moments (Variance of univariate
components: the weighted second moments less the squared mean), and ``RandomVariate``
draws each variate's component by the weights, then the value from that component's own
RandomVariate, so any distribution RandomVariate samples may be a component (vector-valued
ones too).  Weights must be non-negative numbers with a positive sum, one per component;
other forms stay unevaluated.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins.random import _array_with_shape
from wlnet.core.expr import Expr, Integer, S, Symbol
from wlnet.core.packed import packed_array, to_packed
from wlnet.core.registry import builtin_upvalue, declare

_NAME = "MixtureDistribution"

declare(_NAME, attributes=("Protected", "ReadProtected"),
        usage="MixtureDistribution[{w1, w2, …}, {dist1, dist2, …}] is the mixture of the "
              "distributions disti with weights proportional to wi (PDF, CDF, Mean, "
              "Variance, RandomVariate).")


def _is_list(e) -> bool:
    return type(e) is Expr and e.head is S.List


def _parts(dist):
    """(weights, components) of a mixture of matching lists; None for other forms."""
    if type(dist) is not Expr or dist.head != Symbol(_NAME) or len(dist.args) != 2:
        return None
    weights, components = dist.args
    if not (_is_list(weights) and _is_list(components) and weights.args
            and len(weights.args) == len(components.args)):
        return None
    return list(weights.args), list(components.args)


def _weighted_mean(ev, dist, term):
    """Σ wi term(disti) / Σ wi, evaluated; None for a form that is not a mixture."""
    parts = _parts(dist)
    if parts is None:
        return None
    weights, components = parts
    total = Expr(S.Plus, *weights)
    summed = Expr(S.Plus, *(Expr(S.Times, w, term(d)) for w, d in zip(weights, components)))
    return ev.evaluate(Expr(S.Times, summed, Expr(S.Power, total, Integer(-1))))


def _point_function(outer: str):
    def function(ev, dist, point=None, *rest):
        if rest or _parts(dist) is None:
            return None
        if point is None:                  # PDF[dist]: the pure function
            slot = Symbol("x$")
            return Expr(S.Function, slot, _weighted_mean(ev, dist, lambda d: Expr(Symbol(outer), d, slot)))
        return _weighted_mean(ev, dist, lambda d: Expr(Symbol(outer), d, point))
    return function


for _outer in ("PDF", "CDF"):
    builtin_upvalue(_outer, _NAME)(_point_function(_outer))


@builtin_upvalue("Mean", _NAME)
def mixture_mean(ev, dist, *rest):
    return None if rest else _weighted_mean(ev, dist, lambda d: Expr(S.Mean, d))


@builtin_upvalue("Variance", _NAME)
def mixture_variance(ev, dist, *rest):
    """E[X²] - E[X]², E[X²] the weighted Variance + Mean² of the components."""
    parts = None if rest else _parts(dist)
    if parts is None:
        return None
    means = [ev.evaluate(Expr(S.Mean, d)) for d in parts[1]]
    if any(_is_list(m) or (type(m) is Expr and m.head is S.Mean) for m in means):
        return None                          # vector-valued or unknown components
    second = _weighted_mean(ev, dist, lambda d: Expr(S.Plus, Expr(S.Variance, d),
                                                     Expr(S.Power, Expr(S.Mean, d), Integer(2))))
    mean = _weighted_mean(ev, dist, lambda d: Expr(S.Mean, d))
    return ev.evaluate(Expr(S.Subtract, second, Expr(S.Power, mean, Integer(2))))


@builtin_upvalue("StandardDeviation", _NAME)
def mixture_standard_deviation(ev, dist, *rest):
    variance = mixture_variance(ev, dist, *rest)
    return None if variance is None else ev.evaluate(Expr(S.Sqrt, variance))


def _machine_weights(ev, weights) -> np.ndarray | None:
    values = packed_array(to_packed(ev.evaluate(Expr(S.N, Expr(S.List, *weights))), coerce=True))
    if values is None or values.ndim != 1 or (values < 0).any() or not values.sum() > 0:
        return None
    return values / values.sum()


@builtin_upvalue("RandomVariate", _NAME)
def mixture_random_variate(ev, dist, *rest):
    parts = _parts(dist)
    if parts is None or len(rest) > 1:
        return None
    p = _machine_weights(ev, parts[0])
    if p is None:
        return None
    components = parts[1]

    def draw(count):
        which = ev.rng.choice(len(components), size=count, p=p)
        out = None
        for k, component in enumerate(components):
            chosen = np.flatnonzero(which == k)
            if not len(chosen):
                continue
            sample = ev.evaluate(Expr(S.RandomVariate, component, Integer(len(chosen))))
            values = packed_array(to_packed(sample, coerce=True))
            if values is None:
                raise _NotSampled
            if out is None:
                out = np.empty((count,) + values.shape[1:], dtype=np.float64)
            out[chosen] = values
        return out if out is not None else np.empty((0,))

    try:
        return _array_with_shape(ev, "RandomVariate", (dist, *rest), draw)
    except _NotSampled:
        return None                        # a component RandomVariate could not sample


class _NotSampled(Exception):
    """A component's RandomVariate gave no array (it said why)."""
