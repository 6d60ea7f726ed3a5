"""Whether data fits a distribution: ``KolmogorovSmirnovTest``, ``DistributionFitTest``, and
``FindDistribution`` (which family fits best).

A distribution with symbolic parameters is first fitted to the data (estimation.py's
maximum-likelihood estimates), as WL does; the test then compares the data with the fitted
distribution.  The CDF of the distribution is evaluated by the evaluator at the sorted data
(one call over the whole list).  P-values come from SciPy: the exact distribution of the
one-sample Kolmogorov-Smirnov statistic (``kstwo``) and of the two-sample one
(``ks_2samp``), Cramér-von Mises', Shapiro-Wilk's and the chi-square distribution of
Pearson's statistic; Anderson-Darling's by Monte Carlo (fixed seed) over the uniform
values F(x).  With estimated parameters the Kolmogorov-Smirnov and Cramér-von Mises
p-values use the fully specified null distribution, which makes them conservative.  The
automatic test is the first that applies of Shapiro-Wilk (normality, mean and deviation
estimated), Anderson-Darling (a fully specified continuous distribution), Cramér-von
Mises, Kolmogorov-Smirnov, Pearson chi-square (the one for discrete distributions).

FindDistribution fits each candidate family the data's support allows and ranks them by
the Bayesian information criterion.  Its criteria are per observation and larger is better
(as WL reports them): with the mean log-likelihood l, k parameters and n data,
AIC = 2 l - 2 k/(n - k - 1), BIC = 2 l - k Log[n]/n, HQIC = 2 l - 2 k Log[Log[n]]/n.
"""

from __future__ import annotations

import math

import numpy as np

from wlnet.builtins.distributions import _DISCRETE, _parameters
from wlnet.builtins.estimation import _estimates, _free_parameters, _with_parameters
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.registry import builtin

_MESSAGES = {
    "data": "The data `1` should be a list of at least `2` real numbers.",
    "nodist": "`1` is not a distribution whose CDF wlnet knows.",
    "nofit": "The parameters of `1` could not be estimated from the data.",
    "prop": "`1` is not a known property or test; known are `2`.",
    "notest": "The test `1` does not apply to the distribution `2`.",
    "target": "TargetFunctions -> `1` should be Automatic, All, \"Continuous\", \"Discrete\" "
              "or a list of the families `2`.",
    "nofam": "None of the families `1` could be fitted to the data (a value outside their "
             "support, or a failed fit).",
    "siglev": "The significance level `1` should be a number between 0 and 1.",
    "optx": "Unknown option `1` in `2`.",
}

# The significance level of the conclusions (WL's SignificanceLevel default).
_ALPHA = 0.05

_NORMAL = Symbol("NormalDistribution")


# --- data and distributions --------------------------------------------------------------

def _reals(data) -> np.ndarray | None:
    """The data as a float vector; None unless a list of real numbers."""
    if type(data) is not Expr or data.head is not S.List:
        return None
    values = []
    for x in data.args:
        if type(x) is Integer or type(x) is Real:
            values.append(float(x.value))
        else:
            return None
    return np.asarray(values, dtype=float)


def _numbers(ev, data) -> np.ndarray | None:
    """The data as a float vector (exact numbers and constants as their values); None
    unless a list of real numbers."""
    if type(data) is not Expr or data.head is not S.List:
        return None
    return _reals(ev.evaluate(Expr(S.N, data)))


def _fitted(ev, head, dist, data):
    """``dist`` with its symbolic parameters estimated from data (None after a message);
    a distribution without symbolic parameters is itself."""
    if _parameters(dist) is None:
        ev.message(head, "nodist", dist)
        return None
    if not _free_parameters(dist):
        return dist
    values = ev.evaluate(Expr(S.Quiet, Expr(Symbol("EstimatedDistribution"), data, dist)))
    if _parameters(values) is None or _free_parameters(values):
        ev.message(head, "nofit", dist)
        return None
    return values


def _cdf_at(ev, dist, xs: np.ndarray) -> np.ndarray | None:
    """CDF[dist] at the points xs as floats; None when it does not evaluate to numbers."""
    points = Expr(S.List, *[Real(float(x)) for x in xs])
    values = ev.evaluate(Expr(S.N, Expr(Symbol("CDF"), dist, points)))
    return _reals(values)


def _is_discrete(dist) -> bool:
    return dist.head.name in _DISCRETE


# --- the tests: name -> (applies to (fitted, estimated?), statistic and p-value) -----------

def _kolmogorov_smirnov(ev, xs, dist, estimated: int):
    from scipy.stats import kstwo
    n = len(xs)
    ordered = np.sort(xs)
    cdf = _cdf_at(ev, dist, ordered)
    if cdf is None:
        return None
    above = np.arange(1, n + 1) / n - cdf
    below = cdf - np.arange(0, n) / n
    statistic = float(max(above.max(), below.max()))
    return statistic, float(kstwo.sf(statistic, n))


def _cramer_von_mises(ev, xs, dist, estimated: int):
    from scipy.stats import cramervonmises

    def cdf(points):
        values = _cdf_at(ev, dist, np.asarray(points, dtype=float))
        if values is None:
            raise ValueError("CDF did not evaluate")
        return values
    try:
        result = cramervonmises(xs, cdf)
    except ValueError:
        return None
    return float(result.statistic), float(result.pvalue)


def _anderson_darling(ev, xs, dist, estimated: int):
    """Anderson-Darling test of a fully specified continuous distribution: F(x) is uniform
    under the null hypothesis whatever F is, so the p-value is that of the probability
    integral transform against the uniform distribution (Monte Carlo, fixed seed)."""
    from scipy.stats import goodness_of_fit, uniform
    cdf = _cdf_at(ev, dist, np.sort(xs))
    if cdf is None:
        return None
    result = goodness_of_fit(uniform, cdf, known_params={"loc": 0.0, "scale": 1.0},
                             statistic="ad", n_mc_samples=9999, rng=_SEED)
    return float(result.statistic), float(result.pvalue)


def _shapiro_wilk(ev, xs, dist, estimated: int):
    from scipy.stats import shapiro
    result = shapiro(xs)
    return float(result.statistic), float(result.pvalue)


def _pearson_chi_square(ev, xs, dist, estimated: int):
    """Pearson's chi-square test of the counts in cells against the counts dist expects:
    for a discrete distribution a cell per value from the data's least to its greatest
    (the two tails joined to the end cells), for a continuous one ceil(2 n^(2/5)) cells of
    equal probability; each estimated parameter takes a degree of freedom."""
    from scipy.stats import chi2
    n = len(xs)
    if _is_discrete(dist):
        low, high = int(xs.min()), int(xs.max())
        values = np.arange(low, high + 1)
        cdf = _cdf_at(ev, dist, values[:-1].astype(float)) if high > low else np.array([])
        if cdf is None:
            return None
        probabilities = np.diff(np.concatenate([[0.0], cdf, [1.0]]))
        observed = np.bincount((np.round(xs) - low).astype(np.int64), minlength=len(values))
    else:
        cells = max(int(math.ceil(2 * n ** 0.4)), 2)
        u = _cdf_at(ev, dist, xs)
        if u is None:
            return None
        observed = np.bincount(np.minimum((u * cells).astype(np.int64), cells - 1),
                               minlength=cells)
        probabilities = np.full(cells, 1.0 / cells)
    freedom = len(probabilities) - 1 - estimated
    expected = n * probabilities
    if freedom < 1 or (expected <= 0).any():
        return None
    statistic = float(((observed - expected) ** 2 / expected).sum())
    return statistic, float(chi2.sf(statistic, freedom))


def _is_normality(dist, estimated: int) -> bool:
    """Shapiro-Wilk tests normality with the mean and the deviation both unknown (its
    statistic does not depend on them): a normal distribution with both estimated."""
    return dist.head is _NORMAL and estimated == 2


# The seed of the Monte Carlo p-values, so that a test gives one answer.
_SEED = 1919


def _continuous_known(dist, estimated: int) -> bool:
    return not estimated and not _is_discrete(dist)


# name -> (whether it applies to the null distribution, the test); the first that applies is
# the automatic choice: Shapiro-Wilk for normality, Anderson-Darling for a fully specified
# continuous distribution (the most powerful of these against general alternatives).
_TESTS = {
    "ShapiroWilk": (_is_normality, _shapiro_wilk),
    "AndersonDarling": (_continuous_known, _anderson_darling),
    "CramerVonMises": (lambda d, e: not _is_discrete(d), _cramer_von_mises),
    "KolmogorovSmirnov": (lambda d, e: not _is_discrete(d), _kolmogorov_smirnov),
    "PearsonChiSquare": (lambda d, e: True, _pearson_chi_square),
}

_PROPERTIES = ("PValue", "TestStatistic", "TestData", "ShortTestConclusion",
               "TestConclusion", "FittedDistribution", "FittedDistributionParameters",
               "AutomaticTest", "AllTests")


def _conclusion(p: float, short: bool, alpha: float):
    rejected = p < alpha
    if short:
        return String("Reject" if rejected else "Do not reject")
    verdict = "is rejected" if rejected else "is not rejected"
    return String(f"The null hypothesis that the data is distributed according to the "
                  f"test distribution {verdict} at the {alpha * 100:g} percent level.")


def _fitted_parameters(dist, fitted):
    free = _free_parameters(dist) or {}
    values = _parameters(fitted)
    return Expr(S.List, *[Expr(S.Rule, sym, values[name]) for name, sym in free.items()])


def _answer(ev, head, prop: str, test: str, xs, dist, fitted, estimated: int,
            alpha: float):
    """The value of ``prop`` of ``test`` of the data against the fitted distribution."""
    if prop == "FittedDistribution":
        return fitted
    if prop == "FittedDistributionParameters":
        return _fitted_parameters(dist, fitted)
    if prop == "AllTests":
        return Expr(S.List, *[String(t) for t in _applicable(fitted, estimated)])
    if prop == "AutomaticTest":
        return String(_applicable(fitted, estimated)[0])
    applies, run = _TESTS[test]
    if not applies(fitted, estimated):
        ev.message(head, "notest", String(test), fitted)
        return None
    result = run(ev, xs, fitted, estimated)
    if result is None:
        ev.message(head, "notest", String(test), fitted)
        return None
    statistic, p = result
    return {"PValue": Real(p), "TestStatistic": Real(statistic),
            "TestData": Expr(S.List, Real(statistic), Real(p)),
            "ShortTestConclusion": _conclusion(p, True, alpha),
            "TestConclusion": _conclusion(p, False, alpha)}[prop]


def _applicable(fitted, estimated: int) -> list[str]:
    return [name for name, (applies, _) in _TESTS.items() if applies(fitted, estimated)]


def _one_sample(ev, head, data, dist, spec, fixed_test: str | None, alpha: float):
    """The test of data against dist; spec is a property, a test name or Automatic."""
    xs = _numbers(ev, data)
    if xs is None or len(xs) < 3:
        ev.message(head, "data", data, Integer(3))
        return None
    fitted = _fitted(ev, head, dist, data)
    if fitted is None:
        return None
    estimated = len(_free_parameters(dist))
    test, prop = fixed_test, "PValue"
    if type(spec) is String:
        if spec.value in _TESTS and fixed_test is None:
            test = spec.value
        elif spec.value in _PROPERTIES:
            prop = spec.value
        else:
            known = (*_PROPERTIES, *(_TESTS if fixed_test is None else ()))
            ev.message(head, "prop", spec, Expr(S.List, *map(String, known)))
            return None
    elif spec is not None and spec is not S.Automatic:
        ev.message(head, "prop", spec, Expr(S.List, *map(String, _PROPERTIES)))
        return None
    if test is None:
        tests = _applicable(fitted, estimated)
        if not tests:
            ev.message(head, "notest", String("Automatic"), fitted)
            return None
        test = tests[0]
    return _answer(ev, head, prop, test, xs, dist, fitted, estimated, alpha)


def _two_sample(ev, head, data, other, spec, alpha: float):
    """Kolmogorov-Smirnov test of whether two samples come from one distribution."""
    from scipy.stats import ks_2samp
    xs, ys = _numbers(ev, data), _numbers(ev, other)
    for sample, values in ((data, xs), (other, ys)):
        if values is None or len(values) < 1:
            ev.message(head, "data", sample, Integer(1))
            return None
    result = ks_2samp(xs, ys, method="exact" if len(xs) * len(ys) <= 10000 else "auto")
    statistic, p = float(result.statistic), float(result.pvalue)
    prop = "PValue" if spec is None or spec is S.Automatic else getattr(spec, "value", None)
    answers = {"PValue": Real(p), "TestStatistic": Real(statistic),
               "TestData": Expr(S.List, Real(statistic), Real(p)),
               "ShortTestConclusion": _conclusion(p, True, alpha),
               "TestConclusion": _conclusion(p, False, alpha)}
    if type(spec) is not String and spec not in (None, S.Automatic) or prop not in answers:
        ev.message(head, "prop", spec, Expr(S.List, *map(String, answers)))
        return None
    return answers[prop]


def _normal_family():
    return Expr(_NORMAL, Symbol("System`Private`m"), Symbol("System`Private`s"))


def _significance(ev, head, call, options) -> float | None:
    """The SignificanceLevel option (0.05 when not given); None after a message for an
    unknown option or a level outside (0, 1).  Method -> Automatic is the only method."""
    alpha = _ALPHA
    for option in options:
        name = getattr(option.args[0], "name", None)
        value = option.args[1]
        if name == "SignificanceLevel" and type(value) in (Real, Integer) \
                and 0 < value.value < 1:
            alpha = float(value.value)
        elif name == "SignificanceLevel":
            ev.message(head, "siglev", value)
            return None
        elif not (name == "Method" and value is S.Automatic):
            ev.message(head, "optx", option.args[0], call)
            return None
    return alpha


def _fit_test(head, fixed_test: str | None):
    def test(ev, *args):
        positional = [a for a in args if not _is_option(a)]
        alpha = _significance(ev, head, Expr(head, *args),
                              [a for a in args if _is_option(a)])
        if alpha is None or not 1 <= len(positional) <= 3:
            return None
        data, dist, spec = (*positional, None, None)[:3]
        if dist is None or dist is S.Automatic:
            dist = _normal_family()

        def answer(one):
            if _numbers(ev, dist) is not None:
                return _two_sample(ev, head, data, dist, one, alpha)
            return _one_sample(ev, head, data, dist, one, fixed_test, alpha)
        if type(spec) is Expr and spec.head is S.List and spec.args:     # several properties
            values = [answer(one) for one in spec.args]
            return None if any(v is None for v in values) else Expr(S.List, *values)
        return answer(spec)
    return test


def _is_option(e) -> bool:
    return (type(e) is Expr and e.head in (S.Rule, S.RuleDelayed) and len(e.args) == 2
            and type(e.args[0]) is Symbol)


_FIT_TEST_EXAMPLES = (
    ("DistributionFitTest[{0.1, 0.5, 0.9, 0.3}, UniformDistribution[], \"AutomaticTest\"]",
     "\"AndersonDarling\""),
)

builtin("DistributionFitTest", argc=(1, None), messages=_MESSAGES,
        usage="DistributionFitTest[data, dist] is the p-value of a goodness-of-fit test of "
              "whether data comes from dist (a normal distribution when omitted; symbolic "
              "parameters are estimated first); DistributionFitTest[data, dist, \"test\"] "
              "uses that test, DistributionFitTest[data, dist, \"property\"] gives the "
              "property.",
        examples=_FIT_TEST_EXAMPLES)(_fit_test(Symbol("DistributionFitTest"), None))

builtin("KolmogorovSmirnovTest", argc=(1, None), messages=_MESSAGES,
        usage="KolmogorovSmirnovTest[data, dist] is the p-value of the Kolmogorov-Smirnov "
              "test of whether data comes from dist (normal when omitted); "
              "KolmogorovSmirnovTest[data1, data2] tests whether two samples come from "
              "one distribution.",
        examples=(("KolmogorovSmirnovTest[{0.25, 0.5, 0.75}, UniformDistribution[], "
                   "\"TestStatistic\"]", "0.25"),))(
    _fit_test(Symbol("KolmogorovSmirnovTest"), "KolmogorovSmirnov"))


# --- FindDistribution ---------------------------------------------------------------------

def _family(name: str, *params: str):
    symbols = [Symbol(f"System`Private`{p}") for p in params]
    if name == "UniformDistribution":
        return Expr(Symbol(name), Expr(S.List, *symbols))
    return Expr(Symbol(name), *symbols)


# family -> (its parameters, the support its data must lie in), in the order of preference
# among equally good fits
_FAMILIES = {
    "NormalDistribution": (("m", "s"), "real"),
    "LaplaceDistribution": (("m", "b"), "real"),
    "LogisticDistribution": (("m", "b"), "real"),
    "CauchyDistribution": (("a", "b"), "real"),
    "UniformDistribution": (("a", "b"), "real"),
    "ExponentialDistribution": (("l",), "positive"),
    "LogNormalDistribution": (("m", "s"), "positive"),
    "GammaDistribution": (("a", "b"), "positive"),
    "WeibullDistribution": (("a", "b"), "positive"),
    "RayleighDistribution": (("s",), "positive"),
    "BetaDistribution": (("a", "b"), "unit"),
    "PoissonDistribution": (("m",), "counts"),
    "GeometricDistribution": (("p",), "counts"),
    "BernoulliDistribution": (("p",), "binary"),
}


def _supports(support: str, xs: np.ndarray) -> bool:
    integral = bool(np.all(xs == np.round(xs)))
    return {"real": True, "positive": xs.min() > 0, "unit": xs.min() > 0 and xs.max() < 1,
            "counts": integral and xs.min() >= 0,
            "binary": integral and set(np.unique(xs)) <= {0.0, 1.0}}[support]


def _candidates(xs: np.ndarray, targets) -> list:
    """The families among ``targets`` (None: the discrete ones for counts, the continuous
    ones otherwise) whose support holds every value of the data."""
    if targets is None:
        discrete = _supports("counts", xs)
        targets = [name for name in _FAMILIES
                   if (name in _DISCRETE) == discrete]
    return [_family(name, *_FAMILIES[name][0]) for name in targets
            if _supports(_FAMILIES[name][1], xs)]


def _targets(ev, option) -> list | None | bool:
    """The family names TargetFunctions asks for: None for Automatic, False after a
    message."""
    if option is None or option is S.Automatic:
        return None
    if option is S.All:
        return list(_FAMILIES)
    if type(option) is String and option.value in ("Continuous", "Discrete"):
        discrete = option.value == "Discrete"
        return [name for name in _FAMILIES if (name in _DISCRETE) == discrete]
    items = option.args if type(option) is Expr and option.head is S.List else (option,)
    names = [getattr(item, "name", None) for item in items]
    if not names or any(name not in _FAMILIES for name in names):
        ev.message(S.FindDistribution, "target", option,
                   Expr(S.List, *[Symbol(name) for name in _FAMILIES]))
        return False
    return names


_CRITERIA = ("BIC", "AIC", "HQIC", "LogLikelihood", "Complexity", "PearsonChiSquare",
             "CramerVonMises")


def _scores(ev, data, n: int, family):
    """{criterion: value} of the family fitted to data, and the fitted distribution; None
    when the fit fails."""
    fitted = ev.evaluate(Expr(S.Quiet, Expr(Symbol("EstimatedDistribution"), data, family)))
    if _parameters(fitted) is None or _free_parameters(fitted):
        return None
    total = ev.evaluate(Expr(S.N, Expr(Symbol("LogLikelihood"), fitted, data)))
    if type(total) is not Real or not math.isfinite(total.value):
        return None
    k = len(_parameters(family))
    mean = total.value / n
    return fitted, {"BIC": 2 * mean - k * math.log(n) / n,
                    "AIC": 2 * mean - 2 * k / max(n - k - 1, 1),
                    "HQIC": 2 * mean - 2 * k * math.log(max(math.log(n), 1e-300)) / n,
                    "LogLikelihood": mean, "Complexity": float(k)}


def _criterion_value(name: str, value: float):
    return Integer(int(value)) if name == "Complexity" else Real(value)


@builtin("FindDistribution", argc=(1, None), messages=_MESSAGES,
         usage="FindDistribution[data] is the distribution family, fitted to data, that "
               "fits best by the Bayesian information criterion; FindDistribution[data, n] "
               "the n best; FindDistribution[data, n, prop] pairs each with its \"BIC\", "
               "\"AIC\", \"HQIC\", \"LogLikelihood\" (per datum), \"Complexity\" or a "
               "test's p-value (\"PearsonChiSquare\", \"CramerVonMises\"); TargetFunctions "
               "-> {family, …}, \"Continuous\" or \"Discrete\" says which families to try.",
         examples=(("FindDistribution[{0, 1, 1, 0, 1}]", "BernoulliDistribution[0.6]"),))
def FindDistribution(ev, data, *rest):
    head = S.FindDistribution
    positional = [a for a in rest if not _is_option(a)]
    options = {a.args[0].name: a.args[1] for a in rest if _is_option(a)}
    for name in options:
        if name not in _FIND_OPTIONS:
            ev.message(head, "optx", Symbol(name), Expr(head, data, *rest))
            return None
    if len(positional) > 2:
        return None
    count, prop = (*positional, None, None)[:2]
    xs = _numbers(ev, data)
    if xs is None or len(xs) < 2:
        ev.message(head, "data", data, Integer(2))
        return None
    if count is not None and not (type(count) is Integer and count.value >= 1):
        return None
    props = _requested(ev, prop)
    targets = _targets(ev, options.get("TargetFunctions"))
    if props is False or targets is False:
        return None
    ranked = []
    for family in _candidates(xs, targets):
        scored = _scores(ev, data, len(xs), family)
        if scored is not None:
            ranked.append(scored)
    if not ranked:
        ev.message(head, "nofam", Expr(S.List, *[Symbol(n) for n in targets or _FAMILIES]))
        return None
    ranked.sort(key=lambda fit: -fit[1]["BIC"])
    ranked = [(ev.evaluate(Expr(S.N, fitted)), scores) for fitted, scores in ranked]
    if count is None:
        return ranked[0][0]
    best = ranked[:count.value]
    if props is None:
        return Expr(S.List, *[fitted for fitted, _ in best])
    names, single = props
    if prop is S.All:              # a Dataset, a row per distribution, a column per property
        return ev.evaluate(Expr(Symbol("Dataset"), Expr(S.List, *[
            Expr(S.Association, Expr(S.Rule, String("Distribution"), fitted),
                 *[Expr(S.Rule, String(name), _property(ev, name, scores, xs, fitted))
                   for name in names])
            for fitted, scores in best])))
    rows = []
    for fitted, scores in best:
        values = [_property(ev, name, scores, xs, fitted) for name in names]
        rows.append(Expr(S.List, fitted, values[0] if single else Expr(S.List, *values)))
    return Expr(S.List, *rows)


# FindDistribution's options; only TargetFunctions changes what it does (it fits no
# mixtures, so MaxItems has nothing to limit, and its fits are deterministic).
_FIND_OPTIONS = ("TargetFunctions", "MaxItems", "PerformanceGoal", "RandomSeeding")

# the properties that are p-values of a test of the fitted distribution
_FIT_P_VALUES = {"PearsonChiSquare": _pearson_chi_square, "CramerVonMises": _cramer_von_mises}


def _property(ev, name: str, scores: dict, xs, fitted):
    if name in _FIT_P_VALUES:
        if name == "CramerVonMises" and _is_discrete(fitted):
            return Expr(S.Missing, String("NotApplicable"))
        result = _FIT_P_VALUES[name](ev, xs, fitted, int(scores["Complexity"]))
        return Real(result[1]) if result else Expr(S.Missing, String("NotApplicable"))
    return _criterion_value(name, scores[name])


def _requested(ev, prop):
    """(property names, whether one was asked for alone), None for none, False after a
    message."""
    if prop is None:
        return None
    if prop is S.All:
        return list(_CRITERIA), False
    single = type(prop) is String
    items = [prop] if single else (list(prop.args) if type(prop) is Expr
                                   and prop.head is S.List else [prop])
    for item in items:
        if type(item) is not String or item.value not in _CRITERIA:
            ev.message(S.FindDistribution, "prop", item, Expr(S.List, *map(String, _CRITERIA)))
            return False
    return [item.value for item in items], single
