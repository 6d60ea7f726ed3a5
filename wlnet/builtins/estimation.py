"""Fitting distributions to data: ``LogLikelihood``, ``Likelihood``,
``DistributionParameterQ``, ``EstimatedDistribution``, ``FindDistributionParameters``.

The distributions are those distributions.py has formulas for.  The likelihoods are the
PDF's values at the data, multiplied (or their logarithms added) by the evaluator, so
symbolic parameters give a formula and numbers a number.  Estimates are maximum likelihood:
in closed form where the family has one (the sample mean and the population standard
deviation of a normal distribution, 1/mean for an exponential, min and max for a uniform…,
exact for exact data as in WL), by FindMaximum of the log-likelihood from moment estimates
otherwise.
"""

from __future__ import annotations

from wlnet.builtins.distributions import _parameters, formula_with
from wlnet.core.expr import Expr, FALSE, Integer, Real, S, Symbol, TRUE
from wlnet.core.registry import builtin

# Where a family's parameters are valid (WL text in the parameter names); a condition that
# does not evaluate to False (symbolic parameters) counts as valid, as in WL.
_VALID = {
    "NormalDistribution": "s > 0", "UniformDistribution": "a < b",
    "ExponentialDistribution": "l > 0", "GammaDistribution": "a > 0 && b > 0",
    "BetaDistribution": "a > 0 && b > 0", "LogNormalDistribution": "s > 0",
    "LaplaceDistribution": "b > 0", "CauchyDistribution": "b > 0",
    "LogisticDistribution": "b > 0", "PoissonDistribution": "m > 0",
    "BernoulliDistribution": "0 <= p <= 1",
    "BinomialDistribution": "n >= 0 && 0 <= p <= 1 && (!NumericQ[n] || IntegerQ[n])",
    "GeometricDistribution": "0 < p <= 1", "ChiSquareDistribution": "k > 0",
    "StudentTDistribution": "k > 0", "RayleighDistribution": "s > 0",
    "WeibullDistribution": "a > 0 && b > 0",
}

# Maximum-likelihood estimates in closed form, WL text in the data ``d``.
_CLOSED_FORM = {
    "NormalDistribution": {"m": "Mean[d]", "s": "Sqrt[Mean[(d - Mean[d])^2]]"},
    "LogNormalDistribution": {"m": "Mean[Log[d]]",
                              "s": "Sqrt[Mean[(Log[d] - Mean[Log[d]])^2]]"},
    "ExponentialDistribution": {"l": "1/Mean[d]"},
    "PoissonDistribution": {"m": "Mean[d]"},
    "BernoulliDistribution": {"p": "Mean[d]"},
    "GeometricDistribution": {"p": "1/(1 + Mean[d])"},
    "UniformDistribution": {"a": "Min[d]", "b": "Max[d]"},
    "LaplaceDistribution": {"m": "Median[d]", "b": "Mean[Abs[d - Median[d]]]"},
    "RayleighDistribution": {"s": "Sqrt[Mean[d^2]/2]"},
}

# Where FindMaximum starts for the other families: moment estimates (mean mu, variance v).
_STARTS = {
    "GammaDistribution": {"a": "mu^2/v", "b": "v/mu"},
    "BetaDistribution": {"a": "mu (mu (1 - mu)/v - 1)", "b": "(1 - mu) (mu (1 - mu)/v - 1)"},
    "WeibullDistribution": {"a": "1.", "b": "mu"},
    "CauchyDistribution": {"a": "Median[d]", "b": "InterquartileRange[d]/2 + 10.^-3"},
    "LogisticDistribution": {"m": "mu", "b": "Sqrt[3 v]/Pi"},
    "StudentTDistribution": {"k": "5."},
    "ChiSquareDistribution": {"k": "mu"},
    "BinomialDistribution": {"n": "Max[d]", "p": "mu/Max[d]"},
}

_MESSAGES = {
    "nodist": "`1` is not a distribution whose likelihood wlnet knows.",
    "data": "The data `1` should be a non-empty list of numbers.",
    "noparams": "The distribution `1` has no symbolic parameters to estimate.",
}


def _data_ok(ev, data) -> bool:
    return (type(data) is Expr and data.head is S.List and len(data.args) > 0
            and all(type(x) is not Expr or x.head is not S.List for x in data.args))


def _checked(ev, head, dist, data) -> bool:
    """Whether dist is a distribution this module knows and data a list of numbers; the
    message of ``head`` when not."""
    if _parameters(dist) is None:
        ev.message(head, "nodist", dist)
        return False
    if not _data_ok(ev, data):
        ev.message(head, "data", data)
        return False
    return True


def _with_parameters(dist, values: dict):
    """``dist`` with its parameters replaced by ``values`` (name -> value)."""
    params = _parameters(dist)
    new = [values.get(name, value) for name, value in params.items()]
    if dist.head.name == "UniformDistribution":
        return Expr(dist.head, Expr(S.List, *new))
    return Expr(dist.head, *new)


@builtin("LogLikelihood", argc=2, messages=_MESSAGES,
         usage="LogLikelihood[dist, {x1, x2, …}] is the sum of Log[PDF[dist, xi]], the "
               "log-likelihood of dist for the data.",
         examples=(("LogLikelihood[ExponentialDistribution[2], {1, 2}]", "-6 + 2 Log[2]"),
                   ("LogLikelihood[NormalDistribution[0, 1], {0., 1.}]",
                    "-2.3378770664093453")))
def LogLikelihood(ev, dist, data):
    if not _checked(ev, S.LogLikelihood, dist, data):
        return None
    total = ev.evaluate(Expr(S.Total, Expr(S.Log, Expr(S.PDF, dist, data))))
    if type(total) is Expr:          # exact or symbolic: Log[2/E^4] as Log[2] - 4
        total = ev.evaluate(Expr(S.PowerExpand, total))
    return total


@builtin("Likelihood", argc=2, messages=_MESSAGES,
         usage="Likelihood[dist, {x1, x2, …}] is the product of PDF[dist, xi], the "
               "likelihood of dist for the data.",
         examples=(("Likelihood[BernoulliDistribution[1/3], {0, 1, 1}]", "2/27"),))
def Likelihood(ev, dist, data):
    if not _checked(ev, S.Likelihood, dist, data):
        return None
    return ev.evaluate(Expr(S.Apply, S.Times, Expr(S.PDF, dist, data)))


@builtin("DistributionParameterQ", argc=1,
         usage="DistributionParameterQ[dist] is True when dist is a distribution with valid "
               "parameters (symbolic parameters count as valid), False otherwise.",
         examples=(("DistributionParameterQ[NormalDistribution[m, s]]", "True"),
                   ("DistributionParameterQ[NormalDistribution[0, -1]]", "False"),
                   ("DistributionParameterQ[f[1]]", "False")))
def DistributionParameterQ(ev, dist):
    params = _parameters(dist)
    if params is None:
        return FALSE
    verdict = ev.evaluate(formula_with(_VALID[dist.head.name], params))
    return FALSE if verdict is FALSE else TRUE


_CONSTANTS = frozenset((S.Pi, S.E, S.Infinity, S.Degree, S.EulerGamma, S.GoldenRatio))


def _free_parameters(dist) -> dict | None:
    """{parameter name: the symbol standing for it} of the parameters given as symbols."""
    params = _parameters(dist)
    if params is None:
        return None
    return {name: v for name, v in params.items()
            if type(v) is Symbol and v not in _CONSTANTS}


def _evaluate_text(ev, text: str, bindings: dict):
    return ev.evaluate(formula_with(text, bindings))


def _estimates(ev, dist, data) -> dict | None:
    """{parameter name: estimate} for the symbolic parameters of ``dist``; None (after a
    message) when they cannot be estimated."""
    family = dist.head.name
    free = _free_parameters(dist)
    if not free:
        ev.message(S.EstimatedDistribution, "noparams", dist)
        return None
    closed = _CLOSED_FORM.get(family)
    if closed is not None and len(free) == len(_parameters(dist)):
        return {name: _evaluate_text(ev, closed[name], {"d": data}) for name in free}
    return _numeric_estimates(ev, dist, data, free)


# Families whose maximum-likelihood equations SciPy solves directly (by root finding on
# the score equations, not by a general search): family -> (scipy.stats name, the fixed
# location/scale, how its answer maps to the parameters).  Used for machine-number data
# with every parameter free, where FindMaximum over a symbolic log-likelihood takes
# seconds per hundred data.
_SCIPY_FITS = {
    "GammaDistribution": ("gamma", {"floc": 0}, lambda r: {"a": r[0], "b": r[2]}),
    "WeibullDistribution": (None, {}, None),       # its own root finding, _weibull_fit
    "BetaDistribution": ("beta", {"floc": 0, "fscale": 1}, lambda r: {"a": r[0], "b": r[1]}),
    "LogisticDistribution": ("logistic", {}, lambda r: {"m": r[0], "b": r[1]}),
    "CauchyDistribution": ("cauchy", {}, lambda r: {"a": r[0], "b": r[1]}),
}
# the parameters of those families that are locations (any sign); the others are positive
_LOCATIONS = {"LogisticDistribution": "m", "CauchyDistribution": "a"}


def _weibull_fit(x) -> dict:
    """The Weibull shape a and scale b of maximum likelihood: a solves
    1/a = Sum[x^a Log[x]]/Sum[x^a] - Mean[Log[x]] (one root, bracketed), b = Mean[x^a]^(1/a)."""
    import numpy as np
    from scipy.optimize import brentq
    logs = np.log(x)
    scaled = logs - logs.max()          # x^a / max(x)^a: no overflow for large a

    def score(a):
        w = np.exp(a * scaled)
        return 1 / a - (w @ logs) / w.sum() + logs.mean()
    low, high = 1e-3, 1.0
    while score(high) > 0 and high < 1e6:
        high *= 2
    a = brentq(score, low, high, xtol=1e-14, rtol=4 * np.finfo(float).eps)
    b = float(np.exp(logs.max()) * np.mean(np.exp(a * scaled)) ** (1 / a))
    return {"a": a, "b": b}


def _cauchy_polished(x, start: dict) -> dict | None:
    """SciPy's Cauchy fit (a general search, good to about 1e-5) made exact by solving the
    two likelihood equations, Mean[z/(1 + z^2)] == 0 and Mean[z^2/(1 + z^2)] == 1/2 for
    z = (x - a)/b, from it."""
    import numpy as np
    from scipy.optimize import fsolve

    def scores(p):
        z = (x - p[0]) / p[1]
        return [np.mean(z / (1 + z * z)), np.mean(z * z / (1 + z * z)) - 0.5]
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        solution = fsolve(scores, [start["a"], start["b"]], xtol=1e-14)
    # judged by the equations, not fsolve's status (which reports a stall at xtol)
    if solution[1] <= 0 or max(abs(v) for v in scores(solution)) > 1e-10:
        return None
    return {"a": float(solution[0]), "b": float(solution[1])}


def _scipy_estimates(dist, numeric, free: dict) -> dict | None:
    """The estimates SciPy's direct solvers give (see _SCIPY_FITS); None where they do not
    apply (another family, a parameter given, data not all machine reals, no solution)."""
    fit = _SCIPY_FITS.get(dist.head.name)
    if fit is None or len(free) != len(_parameters(dist)):
        return None
    if not (type(numeric) is Expr and all(type(x) is Real for x in numeric.args)):
        return None
    import warnings

    import numpy as np
    import scipy.stats
    name, fixed, read = fit
    values = np.array([x.value for x in numeric.args], dtype=float)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if name is None:
                found = _weibull_fit(values)
            else:
                found = read(getattr(scipy.stats, name).fit(values, **fixed))
    except (ValueError, RuntimeError, FloatingPointError, ZeroDivisionError):
        return None
    location = _LOCATIONS.get(dist.head.name)
    if dist.head.name == "CauchyDistribution":
        found = _cauchy_polished(values, found)
    if found is None or not all(np.isfinite(v) and (k == location or v > 0)
                                for k, v in found.items()):
        return None
    return {name_: Real(float(found[name_])) for name_ in free}


def _numeric_estimates(ev, dist, data, free: dict) -> dict | None:
    """FindMaximum of the log-likelihood over the free parameters, from moment estimates
    (SciPy's direct solution where it has one)."""
    numeric = ev.evaluate(Expr(S.N, data))
    direct = _scipy_estimates(dist, numeric, free)
    if direct is not None:
        return direct
    mu = ev.evaluate(Expr(S.Mean, numeric))
    v = ev.evaluate(Expr(S.Variance, numeric)) if len(data.args) > 1 else Real(1.0)
    starts_text = {**_CLOSED_FORM.get(dist.head.name, {}), **_STARTS.get(dist.head.name, {})}
    start = {}
    for name in free:
        text = starts_text.get(name, "1.")
        value = ev.evaluate(Expr(S.N, _evaluate_text(ev, text, {"d": numeric, "mu": mu,
                                                                "v": v})))
        start[name] = value if type(value) in (Real, Integer) else Real(1.0)
    objective = Expr(S.LogLikelihood, dist, numeric)
    spec = Expr(S.List, *[Expr(S.List, free[name], start[name]) for name in free])
    found = ev.evaluate(Expr(S.Quiet, Expr(S.FindMaximum, objective, spec)))
    if not (type(found) is Expr and found.head is S.List and len(found.args) == 2):
        return None
    solution = found.args[1]
    values = {}
    for rule in solution.args:
        for name, sym in free.items():
            if rule.args[0] is sym:
                values[name] = rule.args[1]
    return values if len(values) == len(free) else None


@builtin("FindDistributionParameters", argc=2, messages=_MESSAGES,
         usage="FindDistributionParameters[data, dist] is the rules {p -> value, …} for the "
               "symbolic parameters of dist that fit data best (maximum likelihood).",
         examples=(("FindDistributionParameters[{1, 2, 3, 4}, PoissonDistribution[m]]",
                    "{m -> 5/2}"),))
def FindDistributionParameters(ev, data, dist):
    if not _checked(ev, S.FindDistributionParameters, dist, data):
        return None
    values = _estimates(ev, dist, data)
    if values is None:
        return None
    free = _free_parameters(dist)
    return Expr(S.List, *[Expr(S.Rule, free[name], values[name]) for name in free])


@builtin("EstimatedDistribution", argc=2, messages=_MESSAGES,
         usage="EstimatedDistribution[data, dist] is dist with its symbolic parameters "
               "replaced by the values that fit data best (maximum likelihood).",
         examples=(("EstimatedDistribution[{1, 2, 3, 4}, NormalDistribution[m, s]]",
                    "NormalDistribution[5/2, Sqrt[5]/2]"),
                   ("EstimatedDistribution[{1., 3.}, ExponentialDistribution[l]]",
                    "ExponentialDistribution[0.5]")))
def EstimatedDistribution(ev, data, dist):
    if not _checked(ev, S.EstimatedDistribution, dist, data):
        return None
    values = _estimates(ev, dist, data)
    if values is None:
        return None
    return _with_parameters(dist, values)
