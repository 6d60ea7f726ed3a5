"""SmoothHistogram: a smooth estimate of the distribution of data (a Gaussian kernel
density estimate), drawn as a curve per data set.

The bandwidth is Silverman's rule, the Wolfram Language's default: 0.9 min(σ, IQR/1.34)
n^(-1/5); ``SmoothHistogram[data, h]`` gives it.  ``SmoothHistogram[data, h, "CDF"]``
draws the cumulative distribution instead of the density ("PDF").  The curve runs three
bandwidths past the extreme values, where the estimate has all but vanished.
"""

from __future__ import annotations

import math

import numpy as np

from wlnet.core.expr import TRUE, Expr, Real, S, String, Symbol
from wlnet.core.registry import builtin
from wlnet.graphics.plots.charts import quartiles, read_value_sets
from wlnet.graphics.plots.common import (GOLDEN, dataset_style, fill_polygons, filling_base,
                                         graphics_result, legend_labels, line_expr,
                                         opacity_of, rule)
from wlnet.graphics.values import number

POINTS = 200
_MESSAGES = {
    "ldata": "`1` is not a valid dataset or list of datasets.",
    "bw": "`1` is not a bandwidth: give a positive number or Automatic.",
    "dfun": "`1` is not a distribution function: \"PDF\" or \"CDF\".",
    "optx": "Unknown option `1` in `2`.",
}


def silverman_bandwidth(values: np.ndarray) -> float:
    """0.9 min(σ, IQR/1.34) n^(-1/5); σ alone when the quartiles coincide."""
    sigma = float(np.std(values, ddof=1)) if values.size > 1 else 0.0
    q1, _, q3 = quartiles(values)
    spread = min(sigma, (q3 - q1) / 1.34) if q3 > q1 else sigma
    spread = spread if spread > 0 else (abs(float(values.mean())) * 0.1 or 1.0)
    return 0.9 * spread * values.size ** -0.2


def kernel_density(values: np.ndarray, xs: np.ndarray, h: float, cumulative: bool):
    """The Gaussian kernel estimate (or its CDF) at ``xs``."""
    z = (xs[:, None] - values[None, :]) / h
    if cumulative:
        from scipy.special import ndtr
        return ndtr(z).mean(axis=1)
    return np.exp(-0.5 * z * z).sum(axis=1) / (values.size * h * math.sqrt(2 * math.pi))


def _bandwidth(spec) -> float | None | bool:
    """A given bandwidth, None for Automatic, False for a setting that is not one."""
    if spec is None or type(spec) is Symbol and spec.name == "Automatic":
        return None
    if type(spec) is String and spec.value == "Silverman":
        return None
    value = number(spec)
    return value if value is not None and value > 0 else False


@builtin("SmoothHistogram", argc=(1, None), messages=_MESSAGES,
         usage="SmoothHistogram[{x1, x2, …}] draws a smooth estimate of the values' "
               "distribution (a Gaussian kernel density, Silverman's bandwidth); "
               "SmoothHistogram[data, h] with bandwidth h; SmoothHistogram[data, h, \"CDF\"] "
               "the cumulative distribution; a list of data sets draws a curve each.",
         examples=(("Head[SmoothHistogram[{1, 2, 2, 3, 7}]]", "Graphics"),))
def smooth_histogram(ev, data, *rest):
    head = Symbol("SmoothHistogram")
    read = read_value_sets(ev, head, data, rest)
    if read is None:
        return None
    call, sets = read
    given = _bandwidth(call.positional[1] if len(call.positional) > 1 else None)
    if given is False:
        ev.message(head, "bw", call.positional[1])
        return None
    form = call.positional[2] if len(call.positional) > 2 else String("PDF")
    if not (type(form) is String and form.value in ("PDF", "CDF")):
        ev.message(head, "dfun", form)
        return None
    widths = [given or silverman_bandwidth(v) for v in sets]
    lo = min(float(v.min()) - 3 * h for v, h in zip(sets, widths))
    hi = max(float(v.max()) + 3 * h for v, h in zip(sets, widths))
    xs = np.linspace(lo, hi, POINTS)
    curves, fills, styles = [], [], []
    for k, (values, h) in enumerate(zip(sets, widths)):
        ys = kernel_density(values, xs, h, form.value == "CDF")
        style = dataset_style(call, k)
        styles.append(style)
        base = filling_base(call.get("Filling"), ys)
        if base is not None:
            fills.append(Expr(S.List, opacity_of(style, 0.2), *fill_polygons(xs, ys, base)))
        curves.append(Expr(S.List, style, line_expr(xs, ys)))
    defaults = [rule("AspectRatio", Real(GOLDEN)), rule("Axes", TRUE),
                rule("PlotRange", Expr(S.List, Expr(S.List, Real(lo), Real(hi)), S.All)),
                rule("PlotRangePadding", Expr(S.List, Symbol("None"), S.Automatic))]
    labels = legend_labels(call, len(curves))
    return graphics_result(call, fills + curves, defaults,
                           ("line", styles, labels) if labels else None)
