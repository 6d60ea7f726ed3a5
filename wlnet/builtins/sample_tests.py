"""Student t tests of means, as programs compare two nets over repeated training runs
("is the second architecture better?"): TTest and PairedTTest; and the sample
autocorrelation a forecasting program looks at before choosing a window
(CorrelationFunction, CovarianceFunction).

``TTest[data]`` tests whether the mean of data is 0, ``TTest[data, μ0]`` whether it is μ0,
``TTest[{data1, data2}]`` whether the two means are equal (μ0: their difference) — Welch's
test, the variances not assumed equal, unless VerifyTestAssumptions -> {"EqualVariance" ->
True} asks for the pooled-variance test.  ``PairedTTest[{data1, data2}]`` is TTest of the
differences.  The result is the two-sided p-value; a third argument asks for
"TestStatistic", "PValue", "DegreesOfFreedom" or a list of them.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import float_value, is_list
from wlnet.core.expr import Expr, Real, S, String, Symbol
from wlnet.core.packed import packed_array, to_packed
from wlnet.core.registry import builtin, split_options

_MESSAGES = {
    "data": "`1` is not a list of at least two real numbers, or a pair of such lists.",
    "prop": "`1` is not a property of the test: \"PValue\", \"TestStatistic\", "
            "\"DegreesOfFreedom\" or a list of them.",
    "pair": "`1` should be two lists of real numbers of the same length.",
}
_PROPERTIES = ("PValue", "TestStatistic", "DegreesOfFreedom")


def _sample(ev, e) -> np.ndarray | None:
    arr = packed_array(to_packed(ev.evaluate(Expr(S.N, e)), coerce=True)) if is_list(e) else None
    if arr is None or arr.ndim != 1 or arr.dtype.kind not in "if" or arr.size < 2:
        return None
    return arr.astype(np.float64)


def _samples(ev, spec):
    """One sample, or a pair of samples ({data1, data2} of two lists); None otherwise."""
    if is_list(spec) and len(spec.args) == 2 and all(is_list(a) for a in spec.args):
        pair = [_sample(ev, a) for a in spec.args]
        return None if any(p is None for p in pair) else pair
    one = _sample(ev, spec)
    return None if one is None else [one]


def _t_test(samples, mu: float, equal_variance: bool):
    """(statistic, degrees of freedom, two-sided p-value)."""
    from scipy import stats
    if len(samples) == 1:
        x = samples[0]
        se = x.std(ddof=1) / np.sqrt(x.size)
        t, dof = (x.mean() - mu) / se, x.size - 1
    else:
        a, b = samples
        va, vb, na, nb = a.var(ddof=1), b.var(ddof=1), a.size, b.size
        if equal_variance:
            pooled = ((na - 1) * va + (nb - 1) * vb) / (na + nb - 2)
            se, dof = np.sqrt(pooled * (1 / na + 1 / nb)), na + nb - 2
        else:                                  # Welch-Satterthwaite
            se = np.sqrt(va / na + vb / nb)
            dof = (va / na + vb / nb) ** 2 / ((va / na) ** 2 / (na - 1) + (vb / nb) ** 2 / (nb - 1))
        t = (a.mean() - b.mean() - mu) / se
    p = 2 * stats.t.sf(abs(t), dof)
    return float(t), float(dof), float(p)


def _equal_variance(ev, options) -> bool:
    spec = options.get("VerifyTestAssumptions", S.Automatic)
    rules = spec.args if is_list(spec) else (spec,)
    for r in rules:
        if type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and \
                r.args[0] == String("EqualVariance"):
            return ev.evaluate(r.args[1]) is Symbol("True")
    return False


def _report(ev, head, values: dict, prop):
    if prop is None:
        return Real(values["PValue"])
    names = prop.args if is_list(prop) else (prop,)
    if not all(type(n) is String and n.value in _PROPERTIES for n in names):
        ev.message(head, "prop", prop)
        return None
    out = [Real(values[n.value]) for n in names]
    return Expr(S.List, *out) if is_list(prop) else out[0]


def _run(ev, head, args, paired: bool):
    split = split_options(args, {"VerifyTestAssumptions": S.Automatic})
    if split is None:
        return None
    positional, options = split
    if not 1 <= len(positional) <= 3:
        return None
    samples = _samples(ev, positional[0])
    if samples is None:
        ev.message(head, "data", positional[0])
        return None
    if paired:
        if len(samples) != 2 or samples[0].size != samples[1].size:
            ev.message(head, "pair", positional[0])
            return None
        samples = [samples[0] - samples[1]]
    mu = 0.0
    if len(positional) >= 2 and positional[1] is not S.Automatic:
        mu = float_value(ev.evaluate(Expr(S.N, positional[1])))
        if mu is None:
            return None
    t, dof, p = _t_test(samples, mu, _equal_variance(ev, options))
    return _report(ev, head, {"TestStatistic": t, "DegreesOfFreedom": dof, "PValue": p},
                   positional[2] if len(positional) == 3 else None)


@builtin("TTest", argc=(1, None), messages=_MESSAGES,
         usage="TTest[data] is the p-value of Student's t test that the mean of data is 0; "
               "TTest[data, μ0] that it is μ0; TTest[{data1, data2}] that the means are equal "
               "(Welch's test; VerifyTestAssumptions -> {\"EqualVariance\" -> True} pools the "
               "variances); TTest[spec, μ0, \"prop\"] gives \"TestStatistic\", \"PValue\" or "
               "\"DegreesOfFreedom\".",
         examples=(("TTest[{1, 2, 3, 4, 5}, 3]", "1."),
                   ("TTest[{1, 2, 3, 4, 5}, 3, \"TestStatistic\"]", "0.")))
def t_test(ev, *args):
    return _run(ev, Symbol("TTest"), args, paired=False)


@builtin("PairedTTest", argc=(1, None), messages=_MESSAGES,
         usage="PairedTTest[{data1, data2}] is the p-value of the t test that the mean of the "
               "paired differences data1 - data2 is 0 (μ0 as a second argument); a third "
               "argument gives \"TestStatistic\", \"PValue\" or \"DegreesOfFreedom\".",
         examples=(("PairedTTest[{{1, 2, 3}, {1, 2, 3}} + {{0, 0, 0}, {1, 2, 1}}, Automatic, "
                    "\"DegreesOfFreedom\"]", "2."),))
def paired_t_test(ev, *args):
    return _run(ev, Symbol("PairedTTest"), args, paired=True)


# ============================================================================ correlation functions

_CORRELATION_MESSAGES = {
    "data": "`1` is not a list of at least two real numbers.",
    "lags": "`1` is not a lag specification: h, {hmax}, {hmin, hmax} or {hmin, hmax, dh} with "
            "whole numbers from 0 below the data's length.",
}


def _lags(spec, n: int) -> tuple[list[int], bool] | None:
    """(lags, one lag given alone?) of h | {hmax} | {hmin, hmax} | {hmin, hmax, dh}."""
    from wlnet.core.expr import Integer
    items = spec.args if is_list(spec) else (spec,)
    if not 1 <= len(items) <= 3 or not all(type(a) is Integer for a in items):
        return None
    values = [a.value for a in items]
    if not is_list(spec):
        lags = values
    elif len(values) == 1:
        lags = list(range(0, values[0] + 1))
    else:
        step = values[2] if len(values) == 3 else 1
        if step <= 0:
            return None
        lags = list(range(values[0], values[1] + 1, step))
    if not lags or min(lags) < 0 or max(lags) >= n:
        return None
    return lags, not is_list(spec)


def _correlation_function(ev, head, data, spec, normalise: bool):
    x = _sample(ev, data)
    if x is None:
        ev.message(head, "data", data)
        return None
    found = _lags(spec, x.size)
    if found is None:
        ev.message(head, "lags", spec)
        return None
    lags, single = found
    d = x - x.mean()
    scale = d @ d if normalise else x.size
    values = [float(d[:x.size - h] @ d[h:] / scale) for h in lags]
    if single:
        return Real(values[0])
    from wlnet.builtins.time_series import series_expr
    from wlnet.core.packed import list_from_array
    return series_expr(np.array(lags, dtype=np.float64), list_from_array(np.array(values)), 0)


@builtin("CorrelationFunction", argc=2, messages=_CORRELATION_MESSAGES,
         usage="CorrelationFunction[data, h] is the sample autocorrelation of data at lag h, "
               "Σ (x[t] - μ)(x[t+h] - μ) / Σ (x[t] - μ)²; {hmax}, {hmin, hmax} or {hmin, hmax, "
               "dh} give a TimeSeries of it over those lags.",
         examples=(("CorrelationFunction[{1, 2, 3, 4}, 1]", "0.25"),))
def correlation_function(ev, data, spec):
    return _correlation_function(ev, Symbol("CorrelationFunction"), data, spec, True)


@builtin("CovarianceFunction", argc=2, messages=_CORRELATION_MESSAGES,
         usage="CovarianceFunction[data, h] is the sample autocovariance of data at lag h, "
               "Σ (x[t] - μ)(x[t+h] - μ) / n; lag lists as for CorrelationFunction.",
         examples=(("CovarianceFunction[{1, 2, 3, 4}, 1]", "0.3125"),))
def covariance_function(ev, data, spec):
    return _correlation_function(ev, Symbol("CovarianceFunction"), data, spec, False)
