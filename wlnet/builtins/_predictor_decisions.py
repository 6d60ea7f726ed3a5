"""A PredictorFunction's decisions under its IndeterminateThreshold and UtilityFunction
(wlnet/builtins/machine_learning.py).

A prediction is a normal distribution N(μ, σ) of the value.  With an IndeterminateThreshold
t the decision is Indeterminate where the distribution's highest density, 1/(σ √(2π)),
is below t (the predictor is not sure enough of any value).  With a UtilityFunction
u[actual, predicted] the decision is the value ŷ maximising the expected utility
E[u[y, ŷ]] over y ~ N(μ, σ): the mean over the normal's quantiles in y, a grid of candidates across
μ ± 4σ in ŷ, the best refined by the parabola through it and its neighbours.  u is called
once on whole arrays of (actual, predicted) pairs when it takes them (arithmetic of #1 and
#2), else pair by pair on a coarser grid.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import float_value
from wlnet.core.expr import Expr
from wlnet.core.numeric_array import to_numpy_data
from wlnet.core.packed import list_from_array

_NODES = 200           # quantile nodes over the actual value
_CANDIDATES = 161      # predicted values tried across μ ± 4σ
_SCALAR_NODES, _SCALAR_CANDIDATES = 24, 41     # when u takes one pair at a time


def below_threshold(spreads: np.ndarray, threshold: float) -> np.ndarray:
    """Per prediction whether its highest density is below the threshold."""
    peak = 1.0 / (np.maximum(spreads, 1e-300) * np.sqrt(2 * np.pi))
    return peak < threshold


def utility_decisions(ev, utility, means: np.ndarray, spreads: np.ndarray):
    """The values maximising the expected utility per prediction; None when the utility
    does not give numbers."""
    out = []
    for mu, sd in zip(means, spreads):
        best = _best_value(ev, utility, float(mu), max(float(sd), 1e-12))
        if best is None:
            return None
        out.append(best)
    return np.array(out)


def _best_value(ev, utility, mu: float, sd: float) -> float | None:
    table = _expected_utilities(ev, utility, mu, sd, _NODES, _CANDIDATES)
    if table is None:
        table = _expected_utilities(ev, utility, mu, sd, _SCALAR_NODES, _SCALAR_CANDIDATES,
                                    by_pair=True)
        if table is None:
            return None
    candidates, expected = table
    i = int(np.argmax(expected))
    if 0 < i < len(expected) - 1:                 # the parabola's vertex through i - 1..i + 1
        left, mid, right = expected[i - 1:i + 2]
        curvature = left - 2 * mid + right
        if curvature < 0:
            step = candidates[1] - candidates[0]
            return float(candidates[i] + 0.5 * step * (left - right) / curvature)
    return float(candidates[i])


def _expected_utilities(ev, utility, mu, sd, nodes: int, count: int, by_pair=False):
    """(candidate predictions, the expected utility of each); None when u gives
    something else than numbers."""
    from scipy.special import ndtri
    # equal-probability nodes (the normal's quantiles at the midpoints of n equal slices):
    # unlike Gauss-Hermite they stay accurate for utilities with kinks (Abs, If)
    actual = mu + sd * ndtri((np.arange(nodes) + 0.5) / nodes)
    w = np.full(nodes, 1.0 / nodes)
    candidates = mu + sd * np.linspace(-4, 4, count)
    grid_actual, grid_predicted = np.meshgrid(actual, candidates, indexing="ij")
    values = _pairwise(ev, utility, grid_actual, grid_predicted) if by_pair else \
        _at_once(ev, utility, grid_actual, grid_predicted)
    if values is None:
        return None
    return candidates, w @ values


def _at_once(ev, utility, actual: np.ndarray, predicted: np.ndarray):
    result = ev.evaluate(Expr(utility, list_from_array(actual), list_from_array(predicted)))
    try:
        values = np.asarray(to_numpy_data(result), dtype=float)
    except (TypeError, ValueError, AttributeError):
        return None
    return values if values.shape == actual.shape and np.isfinite(values).all() else None


def _pairwise(ev, utility, actual: np.ndarray, predicted: np.ndarray):
    from wlnet.core.expr import Real
    values = np.empty(actual.shape)
    for index in np.ndindex(actual.shape):      # a function of single numbers only
        v = float_value(ev.evaluate(Expr(utility, Real(float(actual[index])),
                                         Real(float(predicted[index])))))
        if v is None or not np.isfinite(v):
            return None
        values[index] = v
    return values
