"""What a distribution is, as formulas: ``PDF``, ``CDF``, ``InverseCDF`` (``Quantile``,
``Median``) and the distribution's ``Mean``, ``Variance``, ``StandardDeviation`` (a
multinormal's ``Covariance``), ``Skewness``, ``Kurtosis``; and ``RandomPermutation``
(Skewness, Kurtosis and Commonest of data are in statistics_extra.py).

Each distribution's density and distribution function are written here in the Wolfram
Language itself (the formulas of WL's reference pages) and evaluated by the evaluator, so a
symbolic point gives the formula (``PDF[NormalDistribution[0, 1], x]`` is
``E^(-x^2/2)/Sqrt[2 Pi]``), exact points exact values and machine points machine numbers,
as in WL; ``PDF[dist]`` is the pure function.  Sampling is RandomVariate's (random.py).
"""

from __future__ import annotations


from wlnet.builtins._listutil import spoken_for
from wlnet.core.expr import Expr, Integer, Rational, Real, S, Symbol
from wlnet.core.pattern import substitute
from wlnet.core.packed import list_from_array
from wlnet.core.registry import builtin, builtin_upvalue
from wlnet.syntax.parser import parse

# name -> (parameter names, defaults, PDF, CDF, mean, variance, InverseCDF or None), as WL
# text in the parameters and x (q for the inverse); discrete ones give the PMF as PDF.
_FORMULAS = {
    "NormalDistribution": (
        ("m", "s"), ("0", "1"),
        "E^(-(x - m)^2/(2 s^2))/(Sqrt[2 Pi] s)", "Erfc[(m - x)/(Sqrt[2] s)]/2",
        "m", "s^2", "m - Sqrt[2] s InverseErfc[2 q]"),
    "UniformDistribution": (
        ("a", "b"), None,
        "Piecewise[{{1/(b - a), a <= x <= b}}, 0]",
        "Piecewise[{{(x - a)/(b - a), a <= x <= b}, {1, x > b}}, 0]",
        "(a + b)/2", "(b - a)^2/12", "a + q (b - a)"),
    "DiscreteUniformDistribution": (
        ("a", "b"), None,
        "Piecewise[{{1/(1 - a + b), a <= x <= b}}, 0]",
        "Piecewise[{{(1 - a + Floor[x])/(1 - a + b), a <= x < b}, {1, x >= b}}, 0]",
        "(a + b)/2", "((1 - a + b)^2 - 1)/12",
        "Piecewise[{{a - 1 + Ceiling[q (1 - a + b)], 0 < q < 1}, {a, q <= 0}}, b]"),
    "ExponentialDistribution": (
        ("l",), None, "Piecewise[{{l E^(-l x), x >= 0}}, 0]",
        "Piecewise[{{1 - E^(-l x), x >= 0}}, 0]", "1/l", "1/l^2", "-Log[1 - q]/l"),
    "GammaDistribution": (
        ("a", "b"), None,
        "Piecewise[{{x^(a - 1) E^(-x/b)/(b^a Gamma[a]), x > 0}}, 0]",
        "Piecewise[{{GammaRegularized[a, 0, x/b], x > 0}}, 0]",
        "a b", "a b^2",
        # P(a, x) = q is Q(a, x) = 1 - q: InverseGammaRegularized inverts the upper one
        "Piecewise[{{b InverseGammaRegularized[a, 1 - q], 0 < q < 1}, {0, q <= 0}}, Infinity]"),
    "BetaDistribution": (
        ("a", "b"), None,
        "Piecewise[{{x^(a - 1) (1 - x)^(b - 1) Gamma[a + b]/(Gamma[a] Gamma[b]), 0 < x < 1}}, 0]",
        "Piecewise[{{BetaRegularized[x, a, b], 0 < x < 1}, {1, x >= 1}}, 0]",
        "a/(a + b)", "a b/((a + b)^2 (1 + a + b))",
        "Piecewise[{{InverseBetaRegularized[q, a, b], 0 < q < 1}, {0, q <= 0}}, 1]"),
    "LogNormalDistribution": (
        ("m", "s"), None,
        "Piecewise[{{E^(-(Log[x] - m)^2/(2 s^2))/(Sqrt[2 Pi] s x), x > 0}}, 0]",
        "Piecewise[{{Erfc[(m - Log[x])/(Sqrt[2] s)]/2, x > 0}}, 0]",
        "E^(m + s^2/2)", "(E^(s^2) - 1) E^(2 m + s^2)", "E^(m - Sqrt[2] s InverseErfc[2 q])"),
    "LaplaceDistribution": (
        ("m", "b"), None, "E^(-Abs[x - m]/b)/(2 b)",
        "Piecewise[{{E^((x - m)/b)/2, x < m}}, 1 - E^(-(x - m)/b)/2]", "m", "2 b^2",
        "Piecewise[{{m + b Log[2 q], 0 < q <= 1/2}, {m - b Log[2 - 2 q], 1/2 < q < 1},"
        " {-Infinity, q <= 0}}, Infinity]"),
    "CauchyDistribution": (
        ("a", "b"), ("0", "1"), "1/(Pi b (1 + ((x - a)/b)^2))", "1/2 + ArcTan[(x - a)/b]/Pi",
        "Indeterminate", "Indeterminate", "a + b Tan[Pi (q - 1/2)]"),
    "LogisticDistribution": (
        ("m", "b"), ("0", "1"), "E^(-(x - m)/b)/(b (1 + E^(-(x - m)/b))^2)",
        "1/(1 + E^(-(x - m)/b))", "m", "Pi^2 b^2/3", "m + b Log[q/(1 - q)]"),
    "PoissonDistribution": (
        ("m",), None, "Piecewise[{{m^x E^(-m)/x!, x >= 0}}, 0]",
        "Piecewise[{{GammaRegularized[1 + Floor[x], m], x >= 0}}, 0]",
        "m", "m", None),
    "BernoulliDistribution": (
        ("p",), None, "Piecewise[{{1 - p, x == 0}, {p, x == 1}}, 0]",
        "Piecewise[{{0, x < 0}, {1 - p, x < 1}}, 1]", "p", "p (1 - p)",
        "Piecewise[{{0, q <= 1 - p}}, 1]"),
    "BinomialDistribution": (
        ("n", "p"), None,
        "Piecewise[{{Binomial[n, x] p^x (1 - p)^(n - x), 0 <= x <= n}}, 0]",
        "Piecewise[{{BetaRegularized[1 - p, n - Floor[x], 1 + Floor[x]], 0 <= x < n},"
        " {1, x >= n}}, 0]",
        "n p", "n p (1 - p)", None),
    "GeometricDistribution": (
        ("p",), None, "Piecewise[{{p (1 - p)^x, x >= 0}}, 0]",
        "Piecewise[{{1 - (1 - p)^(Floor[x] + 1), x >= 0}}, 0]", "(1 - p)/p", "(1 - p)/p^2",
        # the least k with 1 - (1 - p)^(k + 1) >= q
        "Piecewise[{{Max[0, Ceiling[Log[1 - q]/Log[1 - p]] - 1], q < 1}}, Infinity]"),
    "ChiSquareDistribution": (
        ("k",), None,
        "Piecewise[{{x^(k/2 - 1) E^(-x/2)/(2^(k/2) Gamma[k/2]), x > 0}}, 0]",
        "Piecewise[{{GammaRegularized[k/2, 0, x/2], x > 0}}, 0]",
        "k", "2 k",
        "Piecewise[{{2 InverseGammaRegularized[k/2, 1 - q], 0 < q < 1}, {0, q <= 0}}, Infinity]"),
    "StudentTDistribution": (
        ("k",), None, "(k/(k + x^2))^((k + 1)/2) Gamma[(k + 1)/2]/(Sqrt[k] Gamma[k/2] Sqrt[Pi])",
        "Piecewise[{{BetaRegularized[k/(k + x^2), k/2, 1/2]/2, x <= 0}},"
        " (1 + BetaRegularized[x^2/(k + x^2), 1/2, k/2])/2]",
        "Piecewise[{{0, k > 1}}, Indeterminate]",
        "Piecewise[{{k/(k - 2), k > 2}}, Indeterminate]",
        "Piecewise[{{-Sqrt[k] Sqrt[1/InverseBetaRegularized[2 q, k/2, 1/2] - 1], 0 < q < 1/2},"
        " {0, q == 1/2}, {Sqrt[k] Sqrt[1/InverseBetaRegularized[2 - 2 q, k/2, 1/2] - 1],"
        " 1/2 < q < 1}, {-Infinity, q <= 0}}, Infinity]"),
    "RayleighDistribution": (
        ("s",), None, "Piecewise[{{x E^(-x^2/(2 s^2))/s^2, x >= 0}}, 0]",
        "Piecewise[{{1 - E^(-x^2/(2 s^2)), x >= 0}}, 0]", "s Sqrt[Pi/2]",
        "(4 - Pi) s^2/2", "s Sqrt[-2 Log[1 - q]]"),
    "WeibullDistribution": (
        ("a", "b"), None,
        "Piecewise[{{(a/b) (x/b)^(a - 1) E^(-(x/b)^a), x > 0}}, 0]",
        "Piecewise[{{1 - E^(-(x/b)^a), x > 0}}, 0]", "b Gamma[1 + 1/a]",
        "b^2 (Gamma[1 + 2/a] - Gamma[1 + 1/a]^2)", "b (-Log[1 - q])^(1/a)"),
    "ErlangDistribution": (
        ("k", "l"), None, "Piecewise[{{l^k x^(k - 1) E^(-l x)/(k - 1)!, x > 0}}, 0]",
        "Piecewise[{{GammaRegularized[k, 0, l x], x > 0}}, 0]", "k/l", "k/l^2",
        "Piecewise[{{InverseGammaRegularized[k, 1 - q]/l, 0 < q < 1}, {0, q <= 0}}, Infinity]"),
    "HalfNormalDistribution": (
        ("t",), None, "Piecewise[{{2 t E^(-x^2 t^2/Pi)/Pi, x > 0}}, 0]",
        "Piecewise[{{Erf[t x/Sqrt[Pi]], x > 0}}, 0]", "1/t", "(Pi - 2)/(2 t^2)",
        "Piecewise[{{Sqrt[Pi] InverseErf[q]/t, 0 <= q < 1}}, Infinity]"),
    "ChiDistribution": (
        ("k",), None, "Piecewise[{{2^(1 - k/2) x^(k - 1) E^(-x^2/2)/Gamma[k/2], x > 0}}, 0]",
        "Piecewise[{{GammaRegularized[k/2, 0, x^2/2], x > 0}}, 0]",
        "Sqrt[2] Gamma[(k + 1)/2]/Gamma[k/2]", "k - 2 Gamma[(k + 1)/2]^2/Gamma[k/2]^2",
        "Piecewise[{{Sqrt[2 InverseGammaRegularized[k/2, 1 - q]], 0 < q < 1}, {0, q <= 0}},"
        " Infinity]"),
    "MaxwellDistribution": (
        ("s",), None, "Piecewise[{{Sqrt[2/Pi] x^2 E^(-x^2/(2 s^2))/s^3, x > 0}}, 0]",
        "Piecewise[{{GammaRegularized[3/2, 0, x^2/(2 s^2)], x > 0}}, 0]",
        "2 Sqrt[2/Pi] s", "(3 - 8/Pi) s^2",
        "Piecewise[{{s Sqrt[2 InverseGammaRegularized[3/2, 1 - q]], 0 < q < 1}, {0, q <= 0}},"
        " Infinity]"),
    "InverseGammaDistribution": (
        ("a", "b"), None, "Piecewise[{{b^a x^(-a - 1) E^(-b/x)/Gamma[a], x > 0}}, 0]",
        "Piecewise[{{GammaRegularized[a, b/x], x > 0}}, 0]",
        "Piecewise[{{b/(a - 1), a > 1}}, Indeterminate]",
        "Piecewise[{{b^2/((a - 1)^2 (a - 2)), a > 2}}, Indeterminate]",
        "Piecewise[{{b/InverseGammaRegularized[a, q], 0 < q < 1}, {0, q <= 0}}, Infinity]"),
    "NakagamiDistribution": (
        ("m", "w"), None,
        "Piecewise[{{2 (m/w)^m x^(2 m - 1) E^(-m x^2/w)/Gamma[m], x > 0}}, 0]",
        "Piecewise[{{GammaRegularized[m, 0, m x^2/w], x > 0}}, 0]",
        "Gamma[m + 1/2] Sqrt[w/m]/Gamma[m]", "w (1 - Gamma[m + 1/2]^2/(m Gamma[m]^2))",
        "Piecewise[{{Sqrt[w InverseGammaRegularized[m, 1 - q]/m], 0 < q < 1}, {0, q <= 0}},"
        " Infinity]"),
    "NegativeBinomialDistribution": (
        ("n", "p"), None, "Piecewise[{{Binomial[x + n - 1, n - 1] p^n (1 - p)^x, x >= 0}}, 0]",
        "Piecewise[{{BetaRegularized[p, n, 1 + Floor[x]], x >= 0}}, 0]",
        "n (1 - p)/p", "n (1 - p)/p^2", None),
    "MultinormalDistribution": (
        ("m", "s"), None,
        "E^(-(x - m).Inverse[s].(x - m)/2)/((2 Pi)^(Length[m]/2) Sqrt[Det[s]])", None,
        "m", "Diagonal[s]", None),
}
# the distributions whose variates are vectors: a point is a list, a list of them a matrix
_VECTOR_VALUED = ("MultinormalDistribution",)
_RANGES = ("UniformDistribution", "DiscreteUniformDistribution")
# the distributions whose PDF is a probability mass on the integers
_DISCRETE = frozenset({"PoissonDistribution", "NegativeBinomialDistribution", "BernoulliDistribution", "BinomialDistribution",
                       "GeometricDistribution", "DiscreteUniformDistribution"})
_MESSAGES = {"nodist": "`1` is not a distribution whose `2` wlnet knows."}


def _parameters(dist):
    """{parameter name: value} of a distribution wlnet has formulas for; None otherwise."""
    if type(dist) is not Expr or type(dist.head) is not Symbol:
        return None
    spec = _FORMULAS.get(dist.head.name)
    if spec is None:
        return None
    names, defaults = spec[0], spec[1]
    args = list(dist.args)
    if dist.head.name in _RANGES:                  # written with the range {a, b}
        if not args and dist.head.name == "UniformDistribution":
            args = [Expr(S.List, Integer(0), Integer(1))]
        if len(args) != 1 or not (type(args[0]) is Expr and args[0].head is S.List
                                  and len(args[0].args) == 2):
            return None
        args = list(args[0].args)
    if not args and defaults:
        args = [parse(d) for d in defaults]
    if dist.head.name in _VECTOR_VALUED and len(args) == 1:       # [Σ]: mean zero
        if not (type(args[0]) is Expr and args[0].head is S.List):
            return None
        args = [Expr(S.List, *[Integer(0)] * len(args[0].args)), args[0]]
    if len(args) != len(names):
        return None
    return dict(zip(names, args))


def _formula(ev, dist, which: int, point, variable: str):
    """Formula number ``which`` of the distribution with its parameters and the point put
    in; None when there is none."""
    params = _parameters(dist)
    if params is None:
        return None
    text = _FORMULAS[dist.head.name][which]
    if text is None and which == 6 and dist.head.name in _COUNTING_QUANTILES:
        return _counting_quantile(dist.head.name, params, point)
    if text is None:
        return None
    if which == 2 and dist.head.name in _DISCRETE and _off_the_integers(point):
        return Integer(0)                   # a discrete distribution has no mass there
    return _evaluated(ev, formula_with(text, {**params, **(
        {} if point is None else {variable: point})}))


# name -> (Skewness, Kurtosis) of the distribution, as WL text in its parameters (the
# kurtosis is the plain fourth standardized moment: 3 for a normal distribution)
_SHAPES = {
    "NormalDistribution": ("0", "3"),
    "UniformDistribution": ("0", "9/5"),
    "DiscreteUniformDistribution": (
        "0", "3 (3 (1 - a + b)^2 - 7)/(5 ((1 - a + b)^2 - 1))"),
    "ExponentialDistribution": ("2", "9"),
    "GammaDistribution": ("2/Sqrt[a]", "3 + 6/a"),
    "ErlangDistribution": ("2/Sqrt[k]", "3 + 6/k"),
    "BetaDistribution": (
        "2 (b - a) Sqrt[1 + a + b]/((2 + a + b) Sqrt[a b])",
        "3 + 6 ((a - b)^2 (1 + a + b) - a b (2 + a + b))/(a b (2 + a + b) (3 + a + b))"),
    "LogNormalDistribution": ("(2 + E^(s^2)) Sqrt[E^(s^2) - 1]",
                              "E^(4 s^2) + 2 E^(3 s^2) + 3 E^(2 s^2) - 3"),
    "LaplaceDistribution": ("0", "6"),
    "CauchyDistribution": ("Indeterminate", "Indeterminate"),
    "LogisticDistribution": ("0", "21/5"),
    "PoissonDistribution": ("1/Sqrt[m]", "3 + 1/m"),
    "BernoulliDistribution": ("(1 - 2 p)/Sqrt[p (1 - p)]", "3 + (1 - 6 p (1 - p))/(p (1 - p))"),
    "BinomialDistribution": ("(1 - 2 p)/Sqrt[n p (1 - p)]",
                             "3 + (1 - 6 p (1 - p))/(n p (1 - p))"),
    "GeometricDistribution": ("(2 - p)/Sqrt[1 - p]", "9 + p^2/(1 - p)"),
    "NegativeBinomialDistribution": ("(2 - p)/Sqrt[n (1 - p)]", "3 + 6/n + p^2/(n (1 - p))"),
    "ChiSquareDistribution": ("2 Sqrt[2/k]", "3 + 12/k"),
    "StudentTDistribution": ("Piecewise[{{0, k > 3}}, Indeterminate]",
                             "Piecewise[{{3 + 6/(k - 4), k > 4}}, Indeterminate]"),
    "RayleighDistribution": ("2 Sqrt[Pi] (Pi - 3)/(4 - Pi)^(3/2)", "(32 - 3 Pi^2)/(4 - Pi)^2"),
    "HalfNormalDistribution": ("Sqrt[2] (4 - Pi)/(Pi - 2)^(3/2)", "3 + 8 (Pi - 3)/(Pi - 2)^2"),
    "MaxwellDistribution": ("2 Sqrt[2] (16 - 5 Pi)/(3 Pi - 8)^(3/2)",
                            "3 + 4 (40 Pi - 3 Pi^2 - 96)/(3 Pi - 8)^2"),
    "InverseGammaDistribution": (
        "Piecewise[{{4 Sqrt[a - 2]/(a - 3), a > 3}}, Indeterminate]",
        "Piecewise[{{3 + 6 (5 a - 11)/((a - 3) (a - 4)), a > 4}}, Indeterminate]"),
}


def _shape_upvalue(which: int):
    def shape(ev, dist, *rest):
        params = _parameters(dist)
        if params is None or rest:
            return None
        return _evaluated(ev, formula_with(_SHAPES[dist.head.name][which], params))
    return shape


for _name in _SHAPES:
    builtin_upvalue("Skewness", _name)(_shape_upvalue(0))
    builtin_upvalue("Kurtosis", _name)(_shape_upvalue(1))


def _counting_quantile(name: str, params: dict, q):
    """InverseCDF of a Poisson, binomial or negative binomial distribution at numbers: the least count k with
    CDF[dist, k] >= q (no closed form; WL too gives it only at numbers), or None."""
    values = [_real_number(v) for v in (*params.values(), q)]
    if None in values or not 0 <= values[-1] <= 1:
        return None
    from scipy import stats
    *args, level = values
    k = float(getattr(stats, _COUNTING_QUANTILES[name]).ppf(level, *args))
    if k == float("inf"):
        return S.Infinity
    return Integer(max(0, int(k))) if k == k else None


# the discrete distributions whose quantiles are searched for (their SciPy names)
_COUNTING_QUANTILES = {"PoissonDistribution": "poisson", "BinomialDistribution": "binom",
                       "NegativeBinomialDistribution": "nbinom"}


def _real_number(e) -> float | None:
    return float(e.value) if type(e) in (Integer, Rational, Real) else None


def _off_the_integers(point) -> bool:
    """Whether ``point`` is a real number that is not an integer (3. is one, 7/2 is not; a
    symbol may be either, so its probability stays the formula)."""
    if type(point) is Rational:
        return True
    return type(point) is Real and not float(point.value).is_integer()


def formula_with(text: str, values: dict):
    """The WL formula ``text`` with its names (``"m"``, ``"x"``) replaced by ``values``, not
    evaluated.  The names are replaced in the expression itself: a ReplaceAll would evaluate
    its rules, and a session's own m or x (m = 5) would then stand in their place."""
    return substitute(parse(text), {Symbol(k): v for k, v in values.items()})


def _evaluated(ev, e):
    """``e`` evaluated, a Piecewise's cases and default too (Piecewise holds them, and a
    formula's pieces should be simplified even while the point is a symbol)."""
    if type(e) is Expr and e.head is S.Piecewise and e.args and type(e.args[0]) is Expr:
        cases = [Expr(S.List, *[ev.evaluate(part) for part in case.args])
                 if type(case) is Expr else case for case in e.args[0].args]
        rest = [ev.evaluate(a) for a in e.args[1:]]
        return ev.evaluate(Expr(S.Piecewise, Expr(S.List, *cases), *rest))
    return ev.evaluate(e)


def _is_matrix(e) -> bool:
    return all(type(row) is Expr and row.head is S.List for row in e.args)


def _point_function(name: str, which: int, variable: str, usage: str, examples):
    def function(ev, dist, point=None):
        if point is None:                            # PDF[dist]: the pure function
            slot = Symbol("x$")
            if _parameters(dist) is not None and dist.head.name in _VECTOR_VALUED:
                # its point is a vector, which a symbol would be taken for a number in
                return Expr(S.Function, slot, Expr(Symbol(name), dist, slot))
            value = _formula(ev, dist, which, slot, variable)
            if value is None:
                ev.message(Symbol(name), "nodist", dist, name)
                return None
            return Expr(S.Function, slot, value)
        if type(point) is Expr and point.head is S.List and not (
                dist.head.name in _VECTOR_VALUED and not _is_matrix(point)):
            parts = [function(ev, dist, p) for p in point.args]
            return None if any(p is None for p in parts) else Expr(S.List, *parts)
        value = _formula(ev, dist, which, point, variable)
        if value is None and not spoken_for(name, dist):
            ev.message(Symbol(name), "nodist", dist, name)
        return value
    builtin(name, argc=(1, 2), messages=_MESSAGES, usage=usage, examples=examples)(function)


_point_function("PDF", 2, "x",
                "PDF[dist, x] is the probability density (for discrete distributions the "
                "probability) of dist at x; PDF[dist] is it as a pure function.",
                (("PDF[NormalDistribution[0, 1], 0]", "1/Sqrt[2 Pi]"),
                 ("PDF[PoissonDistribution[2], 3]", "4/(3 E^2)")))
_point_function("CDF", 3, "x",
                "CDF[dist, x] is the probability that a value of dist is at most x; CDF[dist] "
                "is it as a pure function.",
                (("CDF[NormalDistribution[0, 1], 0]", "1/2"),
                 ("CDF[ExponentialDistribution[2], 1.]", "0.8646647167633873")))
_point_function("InverseCDF", 6, "q",
                "InverseCDF[dist, q] is the value x with CDF[dist, x] == q.",
                (("InverseCDF[UniformDistribution[{0, 10}], 1/4]", "5/2"),))


def _moment_upvalue(outer: str, which: int, root: bool = False):
    def moment(ev, dist, *rest):
        if rest:
            return None
        value = _formula(ev, dist, which, None, "x")
        if value is None:
            return None
        return ev.evaluate(Expr(S.Sqrt, value)) if root else value
    return moment


def _quantile(ev, dist, q=None, *rest):
    """Quantile[dist, q] of a univariate distribution is InverseCDF[dist, q] (a list of q
    gives a list)."""
    if q is None or rest:
        return None
    return ev.evaluate(Expr(Symbol("InverseCDF"), dist, q))


def _covariance(ev, dist, *rest):
    """Covariance[MultinormalDistribution[μ, Σ]] is Σ."""
    params = _parameters(dist)
    return None if params is None or rest else params["s"]


def _median(ev, dist, *rest):
    """Median[dist] of a univariate distribution is its quantile at 1/2."""
    return None if rest else _quantile(ev, dist, Expr(S.Rational, Integer(1), Integer(2)))


for _name in _VECTOR_VALUED:
    builtin_upvalue("Covariance", _name)(_covariance)
for _name in _FORMULAS:
    if _FORMULAS[_name][6] is not None or _name in _COUNTING_QUANTILES:
        builtin_upvalue("Quantile", _name)(_quantile)
        builtin_upvalue("Median", _name)(_median)
    builtin_upvalue("Mean", _name)(_moment_upvalue("Mean", 4))
    builtin_upvalue("Variance", _name)(_moment_upvalue("Variance", 5))
    builtin_upvalue("StandardDeviation", _name)(_moment_upvalue("StandardDeviation", 5,
                                                                root=True))


@builtin("RandomPermutation", argc=(1, 2),
         usage="RandomPermutation[n] is a random permutation of {1, …, n} as a Cycles-free "
               "list of images; RandomPermutation[n, k] a list of k of them.",
         examples=(("Sort[RandomPermutation[5]]", "{1, 2, 3, 4, 5}"),))
def random_permutation(ev, n, k=None):
    if type(n) is not Integer or n.value < 0:
        return None
    if k is None:
        return list_from_array(ev.rng.permutation(n.value) + 1)
    if type(k) is not Integer or k.value < 0:
        return None
    return Expr(S.List, *[list_from_array(ev.rng.permutation(n.value) + 1)
                          for _ in range(k.value)])




# ---------------------------------------------------------------------------- binormal

_BINORMAL = "BinormalDistribution"


def _binormal_as_multinormal(ev, dist):
    """BinormalDistribution[ρ], [{σ1, σ2}, ρ] or [{μ1, μ2}, {σ1, σ2}, ρ] as the
    MultinormalDistribution[{μ1, μ2}, {{σ1^2, ρ σ1 σ2}, {ρ σ1 σ2, σ2^2}}] it is; None for
    another shape."""
    args = list(dist.args)
    if not 1 <= len(args) <= 3:
        return None
    one, zero = Integer(1), Integer(0)
    means = args[0] if len(args) == 3 else Expr(S.List, zero, zero)
    sigmas = args[-2] if len(args) >= 2 else Expr(S.List, one, one)
    rho = args[-1]
    if not all(type(v) is Expr and v.head is S.List and len(v.args) == 2
               for v in (means, sigmas)) or (type(rho) is Expr and rho.head is S.List):
        return None
    s1, s2 = sigmas.args
    off = Expr(S.Times, rho, s1, s2)
    cov = Expr(S.List, Expr(S.List, Expr(S.Power, s1, Integer(2)), off),
               Expr(S.List, off, Expr(S.Power, s2, Integer(2))))
    return ev.evaluate(Expr(Symbol("MultinormalDistribution"), means, cov))


def _binormal_delegate(outer: str):
    """``outer[BinormalDistribution[…], …]`` computed as for the multinormal it is."""
    def handler(ev, dist, *rest):
        if not (type(dist) is Expr and dist.head == Symbol(_BINORMAL)):
            return None
        multi = _binormal_as_multinormal(ev, dist)
        return None if multi is None else ev.evaluate(Expr(Symbol(outer), multi, *rest))
    return handler


def _binormal_cdf(ev, dist, point=None, *rest):
    """CDF[BinormalDistribution[…], {x, y}] at approximate numbers (an exact point keeps
    its form for N to approximate, as WL gives exact values in OwenT terms that wlnet does
    not make)."""
    if point is None or rest or not (type(dist) is Expr and dist.head == Symbol(_BINORMAL)):
        return None
    if type(point) is Expr and point.head is S.List and point.args and \
            all(type(p) is Expr and p.head is S.List for p in point.args):
        parts = [_binormal_cdf(ev, dist, p) for p in point.args]
        return None if any(p is None for p in parts) else Expr(S.List, *parts)
    multi = _binormal_as_multinormal(ev, dist)
    if multi is None or not (type(point) is Expr and point.head is S.List
                             and len(point.args) == 2):
        return None
    means = [_real_number(v) for v in multi.args[0].args]
    cov = [[_real_number(v) for v in row.args] for row in multi.args[1].args]
    xs = [_real_number(v) for v in point.args]
    if None in means + cov[0] + cov[1] + xs or not _has_real(Expr(S.List, dist, point)):
        return None
    from scipy import stats
    value = stats.multivariate_normal(means, cov, allow_singular=True).cdf(xs)
    return Real(float(value))


def _has_real(e) -> bool:
    """Whether an approximate number stands anywhere in ``e``."""
    if type(e) is Real:
        return True
    return type(e) is Expr and any(_has_real(a) for a in e.args)


from wlnet.core.registry import declare  # noqa: E402

declare(_BINORMAL, attributes=("Protected", "ReadProtected"),
        usage="BinormalDistribution[{μ1, μ2}, {σ1, σ2}, ρ] is the bivariate normal "
              "distribution with means μi, standard deviations σi and correlation ρ; "
              "BinormalDistribution[{σ1, σ2}, ρ] has means 0, BinormalDistribution[ρ] "
              "standard deviations 1 too.")
for _outer in ("PDF", "Mean", "Variance", "StandardDeviation", "Covariance",
               "RandomVariate"):
    builtin_upvalue(_outer, _BINORMAL)(_binormal_delegate(_outer))
builtin_upvalue("CDF", _BINORMAL)(_binormal_cdf)
