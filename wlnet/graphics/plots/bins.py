"""Histogram bins and bar heights, shared by Histogram, HistogramList, PairedHistogram,
the bivariate histograms and DistributionChart.

Bin specifications: Automatic (WL's: equal bins of a round width (1, 2 or 5 times a power
of ten) near Scott's 3.5 sigma n^(-1/3), from a multiple of it), a count ``n``, a width
``{dx}``, ``{min, max, dx}``, explicit edges ``{{b1, b2, …}}``, or a named method:
"Sturges" (ceil(log2 n) + 1 bins), "Scott" (width 3.5 sigma n^(-1/3)),
"FreedmanDiaconis" (width 2 IQR n^(-1/3)), "Wand" (Wand's plug-in width), "Knuth" (the
bin count of highest posterior under Knuth's piecewise-uniform model); ``{"Log", spec}``
bins on a logarithmic scale.  Each bin [a, b) holds the values from a up to, not
including, b, as WL's do.

Height specifications turn the counts c of bins of widths w (n values in all) into heights:
"Count", "CumulativeCount", "SurvivalCount" (values at or past each bin), "Probability"
(c / n), "Intensity" (c / w), "PDF" (c / (n w)), "CDF", "SF", "HF" (PDF / SF), "CHF"
(-log SF).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import gammaln

from wlnet.core.expr import String, Symbol
from wlnet.graphics.values import is_list, number, numeric_array


def automatic_width(values: np.ndarray) -> float:
    """WL's automatic bin width: Scott's rule 3.5 sigma n^(-1/3) rounded, on a log scale,
    to the nearest 1, 2 or 5 times a power of ten (1 for data with no spread)."""
    scott = _scott_width(values)
    if scott is None:
        return 1.0
    decade = 10.0 ** math.floor(math.log10(scott))
    return min((m * decade for m in (1, 2, 5, 10)),
               key=lambda w: abs(math.log10(w) - math.log10(scott)))


def _scott_width(values: np.ndarray) -> float | None:
    n = values.size
    sigma = float(np.std(values, ddof=1)) if n > 1 else 0.0
    return 3.5 * sigma * n ** (-1 / 3) if sigma > 0 else None


def _freedman_diaconis_width(values: np.ndarray) -> float | None:
    q1, q3 = np.percentile(values, [25, 75], method="hazen")
    width = 2 * float(q3 - q1) * values.size ** (-1 / 3)
    return width if width > 0 else _scott_width(values)


def _sturges_count(values: np.ndarray) -> int:
    return int(math.ceil(math.log2(values.size))) + 1 if values.size > 1 else 1


def _knuth_count(values: np.ndarray) -> int:
    """The number of equal bins M maximising Knuth's log posterior
    n log M + lgamma(M/2) - M lgamma(1/2) - lgamma(n + M/2) + sum_k lgamma(n_k + 1/2)."""
    n = values.size
    if n < 2 or values.min() == values.max():
        return 1
    best, best_score = 1, -np.inf
    for m in range(1, min(n, 200) + 1):
        counts, _ = np.histogram(values, bins=m)
        score = (n * math.log(m) + gammaln(m / 2) - m * gammaln(0.5) - gammaln(n + m / 2)
                 + float(gammaln(counts + 0.5).sum()))
        if score > best_score:
            best, best_score = m, score
    return best


def _gaussian_derivative_sum(grid: np.ndarray, counts: np.ndarray, g: float,
                             order: int) -> float:
    """sum over pairs of values of phi^(order)((x_i - x_j) / g), the values binned on
    ``grid`` with ``counts`` (phi the standard normal density; orders 2 and 4)."""
    d = (grid[:, None] - grid[None, :]) / g
    hermite = d * d - 1 if order == 2 else d ** 4 - 6 * d * d + 3
    kernel = hermite * np.exp(-d * d / 2) / math.sqrt(2 * math.pi)
    return float(counts @ kernel @ counts)


def _wand_width(values: np.ndarray) -> float | None:
    """Wand's (1997) plug-in bin width (6 / (n R(f')))^(1/3): R(f') = -psi_2 estimated in
    two stages with Gaussian kernels, from psi_6 of a normal of the data's scale (the
    smaller of the standard deviation and IQR / 1.349); the values are linearly binned on
    401 points, as such estimators usually are, so that the cost does not grow with n^2."""
    n = values.size
    if n < 2 or values.min() == values.max():
        return None
    q1, q3 = np.percentile(values, [25, 75])
    sd = float(np.std(values, ddof=1))
    scale = min(sd, float(q3 - q1) / 1.349) or sd
    lo, hi = float(values.min()), float(values.max())
    grid = np.linspace(lo, hi, 401)
    position = (values - lo) / (grid[1] - grid[0])
    left = np.minimum(np.floor(position).astype(int), 399)
    right_share = position - left
    counts = np.bincount(left, 1 - right_share, 401) + np.bincount(left + 1, right_share, 401)
    root_pi = math.sqrt(math.pi)
    psi6 = -120 / ((2 * scale) ** 7 * root_pi)                        # normal reference
    g4 = (-2 * 3 / math.sqrt(2 * math.pi) / (psi6 * n)) ** (1 / 7)
    psi4 = _gaussian_derivative_sum(grid, counts, g4, 4) / (n * n * g4 ** 5)
    g2 = (2 / math.sqrt(2 * math.pi) / (psi4 * n)) ** (1 / 5)
    psi2 = _gaussian_derivative_sum(grid, counts, g2, 2) / (n * n * g2 ** 3)
    return (6 / (-psi2 * n)) ** (1 / 3) if psi2 < 0 else _scott_width(values)


_NAMED_WIDTHS = {"Scott": _scott_width, "FreedmanDiaconis": _freedman_diaconis_width,
                 "Wand": _wand_width}
_NAMED_COUNTS = {"Sturges": _sturges_count, "Knuth": _knuth_count}


def _aligned_edges(values: np.ndarray, width: float) -> np.ndarray:
    """Bins [a, a + dx) from a multiple of dx, the last holding the largest value."""
    lo = math.floor(values.min() / width) * width
    hi = (math.floor(values.max() / width) + 1) * width    # the maximum's own bin
    return np.arange(lo, hi + width / 2, width)


def _spread_edges(values: np.ndarray, count: int) -> np.ndarray:
    return np.histogram_bin_edges(values, bins=max(1, int(count)))


def histogram_edges(values: np.ndarray, spec) -> np.ndarray | None:
    """The bin edges a bin specification gives for ``values``; None when it is not one.
    ``{"Log", spec}`` bins the values' base-10 logarithms by spec (non-positive values
    fall outside every bin)."""
    inner = log_bins(spec)
    if inner is not None:
        positive = values[values > 0]
        if not positive.size:
            return None
        edges = histogram_edges(np.log10(positive), inner)
        return None if edges is None else 10.0 ** edges
    if spec is None or type(spec) is Symbol and spec.name == "Automatic":
        return _aligned_edges(values, automatic_width(values))
    if type(spec) is String:
        if spec.value in _NAMED_COUNTS:
            return _spread_edges(values, _NAMED_COUNTS[spec.value](values))
        if spec.value in _NAMED_WIDTHS:
            width = _NAMED_WIDTHS[spec.value](values)
            return _aligned_edges(values, width) if width else _spread_edges(values, 1)
        return None
    count = number(spec)
    if count is not None:
        return _spread_edges(values, count) if count >= 1 else None
    if is_list(spec) and len(spec.args) == 1 and is_list(spec.args[0]):
        edges = numeric_array(spec.args[0])
        ok = edges is not None and edges.ndim == 1 and edges.size >= 2 \
            and np.all(np.diff(edges) > 0)
        return edges.astype(float) if ok else None
    if is_list(spec):
        parts = [number(a) for a in spec.args]
        if any(p is None for p in parts):
            return None
        if len(parts) == 1 and parts[0] > 0:
            return _aligned_edges(values, parts[0])
        if len(parts) == 3 and parts[2] > 0 and parts[1] > parts[0]:
            return np.arange(parts[0], parts[1] + parts[2] / 2, parts[2])
    return None


def bin_counts(values: np.ndarray, edges: np.ndarray, spec) -> np.ndarray:
    """How many values fall in each bin [edges[i], edges[i + 1]); bins spread from the
    data's minimum to its maximum (a count, Sturges, Knuth) hold the maximum in the last."""
    index = np.searchsorted(edges, values, side="right") - 1
    if _bins_from_data(spec):
        index[values == edges[-1]] = len(edges) - 2
    inside = (index >= 0) & (index < len(edges) - 1)
    return np.bincount(index[inside], minlength=len(edges) - 1)


def log_bins(spec):
    """The inner bin specification of ``{"Log", spec}`` (Automatic for ``{"Log"}`` and
    ``"Log"``); None for any other."""
    if type(spec) is String and spec.value == "Log":
        return Symbol("Automatic")
    if is_list(spec) and spec.args and type(spec.args[0]) is String \
            and spec.args[0].value == "Log" and len(spec.args) <= 2:
        return spec.args[1] if len(spec.args) == 2 else Symbol("Automatic")
    return None


def _bins_from_data(spec) -> bool:
    if log_bins(spec) is not None:
        return _bins_from_data(log_bins(spec))
    return number(spec) is not None or (type(spec) is String and spec.value in _NAMED_COUNTS)


HEIGHT_SPECS = ("Count", "CumulativeCount", "SurvivalCount", "Probability", "Intensity",
                "PDF", "CDF", "SF", "HF", "CHF")


def histogram_heights(counts: np.ndarray, edges: np.ndarray, spec) -> np.ndarray | None:
    """The bar heights a height specification gives; None when it is not one."""
    name = "Count" if spec is None or spec is Symbol("Automatic") else \
        (spec.value if type(spec) is String else None)
    if name not in HEIGHT_SPECS:
        return None
    c = counts.astype(float)
    n = max(float(c.sum()), 1.0)
    widths = np.diff(edges)
    survival = c[::-1].cumsum()[::-1]                 # values in this bin or later ones
    with np.errstate(divide="ignore", invalid="ignore"):
        return {
            "Count": lambda: c,
            "CumulativeCount": lambda: c.cumsum(),
            "SurvivalCount": lambda: survival,
            "Probability": lambda: c / n,
            "Intensity": lambda: c / widths,
            "PDF": lambda: c / (n * widths),
            "CDF": lambda: c.cumsum() / n,
            "SF": lambda: survival / n,
            "HF": lambda: np.where(survival > 0, c / (widths * survival), 0.0),
            "CHF": lambda: np.where(survival > 0, -np.log(survival / n), 0.0),
        }[name]()
