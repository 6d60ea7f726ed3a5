"""QuantilePlot and ProbabilityPlot: how data compare with a reference distribution.

QuantilePlot puts each sorted value of the data (its quantile at probability (i - 1/2)/n)
against the reference's quantile at the same probability; ProbabilityPlot puts the data's
empirical CDF at each value against the reference's CDF there.  The reference is, as in
the Wolfram Language, the normal distribution with the data's mean and standard deviation
unless given: a list of numbers (its own quantiles and CDF) or a distribution (through
InverseCDF and CDF).  A reference line marks perfect agreement (ReferenceLineStyle -> None
leaves it out).  Several data sets are plotted in turn, each against the reference.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import norm

from wlnet.core.expr import Expr, Real, S, Symbol, from_python
from wlnet.core.registry import builtin
from wlnet.graphics.plots.common import read_call, rule
from wlnet.graphics.plots.lists import list_plot
from wlnet.graphics.values import is_list, numeric_array

MESSAGES = {
    "ldata": "`1` is not a list of real numbers or a list of such lists.",
    "ref": "`1` is neither a list of real numbers nor a distribution whose quantiles and "
           "CDF can be computed.",
    "optx": "Unknown option `1` in `2`.",
}


def _data_sets(data) -> list | None:
    arr = numeric_array(data)
    if arr is not None and arr.ndim == 1 and arr.size and np.isfinite(arr).all():
        return [np.sort(arr.astype(float))]
    if is_list(data) and data.args:
        sets = [_data_sets(a) for a in data.args]
        if all(s is not None and len(s) == 1 for s in sets):
            return [s[0] for s in sets]
    return None


def _positions(n: int) -> np.ndarray:
    return (np.arange(1, n + 1) - 0.5) / n


class _Reference:
    """The reference distribution: quantiles and CDF values at arrays of points."""

    def __init__(self, ev, spec, data: np.ndarray):
        self.ev, self.spec = ev, spec
        self.sample = None
        if spec is None:
            sd = data.std(ddof=1) if len(data) > 1 else 1.0
            self.mean, self.sd = float(data.mean()), float(sd if sd > 0 else 1.0)
        else:
            arr = numeric_array(spec)
            if arr is not None and arr.ndim == 1 and arr.size:
                self.sample = np.sort(arr.astype(float))

    def _evaluated(self, head: str, xs: np.ndarray) -> np.ndarray | None:
        """head[spec, x] at each x (quietly: a spec that is no distribution is this plot's
        ``ref`` message, not InverseCDF's)."""
        values = Expr.from_args(S.List, (Expr(Symbol(head), self.spec, Real(float(x)))
                                         for x in xs))
        out = numeric_array(self.ev.evaluate(Expr(S.Quiet, Expr(S.N, values))))
        return out if out is not None and out.shape == xs.shape else None

    def quantiles(self, p: np.ndarray) -> np.ndarray | None:
        if self.spec is None:
            return norm.ppf(p, self.mean, self.sd)
        if self.sample is not None:
            return np.quantile(self.sample, p)
        return self._evaluated("InverseCDF", p)

    def cdf(self, x: np.ndarray) -> np.ndarray | None:
        if self.spec is None:
            return norm.cdf(x, self.mean, self.sd)
        if self.sample is not None:
            return np.searchsorted(self.sample, x, side="right") / len(self.sample)
        return self._evaluated("CDF", x)


def _comparison_plot(ev, head, data, rest, pairs_of):
    reference = rest[0] if rest and not (type(rest[0]) is Expr and rest[0].head in
                                         (S.Rule, S.RuleDelayed)) else None
    options = rest[1:] if reference is not None else rest
    call = read_call(ev, head, (data, *options))
    if call is None:
        return None
    sets = _data_sets(data)
    if sets is None:
        ev.message(head, "ldata", data)
        return None
    point_sets = []
    for values in sets:
        pairs = pairs_of(_Reference(ev, reference, values), values)
        if pairs is None:
            ev.message(head, "ref", reference)
            return None
        point_sets.append(from_python(np.column_stack(pairs)))
    everything = np.concatenate([numeric_array(p) for p in point_sets])
    lo, hi = float(np.nanmin(everything)), float(np.nanmax(everything))
    line_style = call.get("ReferenceLineStyle")
    epilog = []
    if line_style is not Symbol("None"):
        style = Expr(S.GrayLevel, Real(0.5)) if line_style is None or \
            line_style is S.Automatic else line_style
        epilog = [style, Expr(S.Line, from_python([[lo, lo], [hi, hi]]))]
    plain = tuple(r for r in options if not (type(r.args[0]) is Symbol and
                                            r.args[0].name == "ReferenceLineStyle"))
    data_expr = point_sets[0] if len(point_sets) == 1 else Expr.from_args(S.List, point_sets)
    return list_plot(ev, head, data_expr, plain, False,
                     extra_defaults=[rule("Prolog", Expr.from_args(S.List, epilog))])


def _quantile_pairs(reference: _Reference, values: np.ndarray):
    q = reference.quantiles(_positions(len(values)))
    return None if q is None else (q, values)


def _probability_pairs(reference: _Reference, values: np.ndarray):
    c = reference.cdf(values)
    return None if c is None else (c, _positions(len(values)))


@builtin("QuantilePlot", argc=(1, None), messages=MESSAGES,
         usage="QuantilePlot[list] plots the quantiles of list against those of the normal "
               "distribution with its mean and standard deviation; QuantilePlot[data, ref] "
               "against a list of numbers or a distribution; a reference line marks "
               "agreement.",
         examples=(("Head[QuantilePlot[{1, 2, 3, 5, 8}]]", "Graphics"),))
def quantile_plot(ev, data, *rest):
    return _comparison_plot(ev, Symbol("QuantilePlot"), data, rest, _quantile_pairs)


@builtin("ProbabilityPlot", argc=(1, None), messages=MESSAGES,
         usage="ProbabilityPlot[list] plots the empirical CDF of list against the CDF of the "
               "normal distribution with its mean and standard deviation at each value; "
               "ProbabilityPlot[data, ref] against a list of numbers or a distribution.",
         examples=(("Head[ProbabilityPlot[{1, 2, 3, 5, 8}]]", "Graphics"),))
def probability_plot(ev, data, *rest):
    return _comparison_plot(ev, Symbol("ProbabilityPlot"), data, rest, _probability_pairs)
