"""Expectation and Probability of the distributions wlnet has formulas for
(wlnet.builtins.distributions), and their numerical forms NExpectation and NProbability.

``Expectation[f, x \\[Distributed] dist]`` is the integral of f times the density over the
distribution's support (a sum over its integers for a discrete one), done exactly by SymPy
with the distribution's scale parameters taken positive, as WL's answers assume;
``Probability[pred, x \\[Distributed] dist]`` finds where pred holds with Reduce's real-line
analysis (wlnet.builtins.reduce) and adds up the density there.  Several ``Distributed``
in a list are independent variables: the expectation is taken of each in turn.
"""

from __future__ import annotations

import itertools
import math

from wlnet.builtins._listutil import is_list
from wlnet.builtins._sympy_bridge import Translation, Untranslatable
from wlnet.builtins.distributions import _parameters, formula_with
from wlnet.builtins.numeric_probability import n_expectation_several, n_probability_several
from wlnet.core.expr import FALSE, TRUE, Expr, Integer, Real, S, Symbol
from wlnet.core.registry import builtin, builtin_upvalue, declare

_DISTRIBUTED = Symbol("Distributed")
_MESSAGES = {
    "dist": "`1` is not a random variable specification: give x \\[Distributed] dist or a "
            "list of them.",
    "nodist": "`1` is not a distribution whose density wlnet knows.",
}
# The support {lo, hi} of each distribution, as WL text in its parameters, and whether it
# is discrete (the density is then a probability at each integer of the support).
_SUPPORT = {
    "NormalDistribution": ("-Infinity", "Infinity", False),
    "UniformDistribution": ("a", "b", False),
    "ExponentialDistribution": ("0", "Infinity", False),
    "GammaDistribution": ("0", "Infinity", False),
    "BetaDistribution": ("0", "1", False),
    "LogNormalDistribution": ("0", "Infinity", False),
    "LaplaceDistribution": ("-Infinity", "Infinity", False),
    "CauchyDistribution": ("-Infinity", "Infinity", False),
    "LogisticDistribution": ("-Infinity", "Infinity", False),
    "StudentTDistribution": ("-Infinity", "Infinity", False),
    "ChiSquareDistribution": ("0", "Infinity", False),
    "RayleighDistribution": ("0", "Infinity", False),
    "WeibullDistribution": ("0", "Infinity", False),
    "PoissonDistribution": ("0", "Infinity", True),
    "BernoulliDistribution": ("0", "1", True),
    "BinomialDistribution": ("0", "n", True),
    "DiscreteUniformDistribution": ("a", "b", True),
    "GeometricDistribution": ("0", "Infinity", True),
}
# Parameters that are positive (scales, shapes, rates, probabilities, counts): a symbol
# given for one is taken positive, so that the integrals converge without conditions.
_POSITIVE = {"s", "l", "b", "k", "p", "n"}
_POSITIVE_BY_DISTRIBUTION = {"GammaDistribution": {"a"}, "BetaDistribution": {"a"},
                             "WeibullDistribution": {"a"}, "PoissonDistribution": {"m"}}
_EXPLICIT_SUM_AT_MOST = 10000      # a discrete support this small is summed term by term

declare("Distributed", attributes=("Protected",),
        usage="x \\[Distributed] dist (Distributed[x, dist]) says that x is a random "
              "variable distributed as dist: the second argument of Expectation, "
              "Probability and their numerical forms.")


def _specs(ev, head, spec):
    """[(variable, distribution)] of ``x \\[Distributed] dist`` or a list of them."""
    items = spec.args if is_list(spec) else (spec,)
    if not items:                       # {} names no random variable
        ev.message(head, "dist", spec)
        return None
    out = []
    for item in items:
        if not (type(item) is Expr and item.head is _DISTRIBUTED and len(item.args) == 2
                and type(item.args[0]) is Symbol):
            ev.message(head, "dist", spec)
            return None
        if _parameters(item.args[1]) is None or item.args[1].head.name not in _SUPPORT:
            ev.message(head, "nodist", item.args[1])
            return None
        out.append((item.args[0], item.args[1]))
    return out


def _density(ev, dist, x):
    """The density (probability for a discrete distribution) at x inside the support:
    the first case of the formula's Piecewise, taken before the cases are evaluated (a
    discrete one's IntegerQ[x] would be False for the symbol x)."""
    from wlnet.builtins.distributions import _FORMULAS
    formula = formula_with(_FORMULAS[dist.head.name][2], {**_parameters(dist), "x": x})
    if type(formula) is Expr and formula.head is S.Piecewise and formula.args and \
            is_list(formula.args[0]) and formula.args[0].args:
        formula = formula.args[0].args[0].args[0]
    return ev.evaluate(formula)


def _laws(ev, specs) -> list:
    """(x, dist, lo, hi, discrete, density in x) of each variable, for the numerical
    routes of numeric_probability.py."""
    return [(x, dist, *_support(dist), _density(ev, dist, x)) for x, dist in specs]


def _tidy(sp, value, backward: dict):
    """A closed form as WL writes it, in the symbols of the input: a rational function
    factored, Erf and Erfc of the same argument combined."""
    if value.has(sp.erf) and value.has(sp.erfc):
        value = value.rewrite(sp.erf)
    value = sp.simplify(value).xreplace(backward)
    return sp.factor(value) if value.is_rational_function() else value


def _support(dist):
    lo, hi, discrete = _SUPPORT[dist.head.name]
    params = _parameters(dist)
    return formula_with(lo, params), formula_with(hi, params), discrete


def _assumed(t: Translation, dist, g):
    """g with the symbols of the distribution's parameters made real (positive for
    scales and shapes), and the map back."""
    sp = t.sp
    positive = _POSITIVE | _POSITIVE_BY_DISTRIBUTION.get(dist.head.name, set())
    forward = {}
    for name, value in _parameters(dist).items():
        try:
            symbols = t.to(value).free_symbols
        except Untranslatable:
            continue
        for s in symbols:
            if s not in forward:
                forward[s] = sp.Symbol(s.name + "_p", positive=True) if name in positive \
                    else sp.Symbol(s.name + "_p", real=True)
    return forward, {v: k for k, v in forward.items()}


def _expectation_one(ev, f, x, dist, also=()):
    """E[f] for x distributed as dist: the exact integral or sum; None when SymPy finds
    no closed form.  The parameters of the distributions ``also`` (other variables', whose
    CDF f may be) are taken real or positive too."""
    lo, hi, discrete = _support(dist)
    lo, hi = ev.evaluate(lo), ev.evaluate(hi)
    if discrete and type(lo) is Integer and type(hi) is Integer and \
            hi.value - lo.value <= _EXPLICIT_SUM_AT_MOST:
        terms = [Expr(S.Times, Expr(S.ReplaceAll, f, Expr(S.Rule, x, Integer(k))),
                      Expr(S.PDF, dist, Integer(k)))
                 for k in range(lo.value, hi.value + 1)]
        return ev.evaluate(Expr(S.Together, Expr(S.Plus, *terms)))
    t = Translation()
    sp = t.sp
    try:
        g = t.to(ev.evaluate(Expr(S.Times, f, _density(ev, dist, x))))
        xs, a, b = t.to(x), t.to(lo), t.to(hi)
    except Untranslatable:
        return None
    if t.opaque_contains(x):
        return None
    forward, backward = _assumed(t, dist, g)
    for other in also:
        more, more_back = _assumed(t, other, g)
        forward = {**more, **forward}
        backward = {**more_back, **backward}
    # (a variable whose support is on the nonnegative reals is declared so: a Piecewise
    # of it, as a CDF inside another expectation, then takes its branch for x >= 0)
    nonnegative = True if a.is_number and a >= 0 else None
    xr = sp.Symbol(x.name + "_r", integer=True, nonnegative=nonnegative) if discrete else \
        sp.Symbol(x.name + "_r", real=True, nonnegative=nonnegative)
    g = g.xreplace(forward).xreplace({xs: xr})
    a, b = a.xreplace(forward), b.xreplace(forward)
    try:
        value = _tidy(sp, (sp.summation if discrete else sp.integrate)(g, (xr, a, b)),
                      backward)
    except Exception:       # noqa: BLE001 - SymPy says "cannot" with many exception types
        return None
    if value.has(sp.Integral, sp.Sum, sp.Piecewise) or value.has(xr):
        return None
    try:
        return ev.evaluate(t.back(value))
    except Untranslatable:
        return None


def _expectation(ev, f, specs, also=()):
    for x, dist in reversed(specs):             # the last variable is the inner one
        f = _expectation_one(ev, f, x, dist, also)
        if f is None:
            return None
    return f


@builtin("Expectation", argc=2, attributes=("HoldFirst", "Protected"), messages=_MESSAGES,
         usage="Expectation[f, x \\[Distributed] dist] is the expected value of f when x is "
               "distributed as dist; a list of Distributed gives independent variables.",
         examples=(("Expectation[x^2, x \\[Distributed] NormalDistribution[0, 1]]", "1"),
                   ("Expectation[x, x \\[Distributed] PoissonDistribution[m]]", "m"),
                   ("Expectation[x + y, {x \\[Distributed] ExponentialDistribution[1], "
                    "y \\[Distributed] UniformDistribution[{0, 2}]}]", "2")))
def expectation(ev, f, spec):
    specs = _specs(ev, S.Expectation, ev.evaluate(spec))
    if specs is None:
        return None
    return _expectation(ev, f, specs)


def _probability_one(ev, pred, x, dist):
    """P[pred] for x distributed as dist: the density over the runs of the real line where
    pred holds (Reduce's analysis), over the integers of them for a discrete dist."""
    from wlnet.builtins.reduce import _Cannot, _formula, _real_one
    t = Translation()
    sp = t.sp
    try:
        formula = _formula(ev, t, pred, set())
        xs = t.to(x)
        xr = sp.Symbol(x.name + "_r", real=True)
        from wlnet.builtins.reduce import _atoms, _substituted
        if any(f.free_symbols - {xs} for _, _, f in _atoms(formula, [])):
            return _threshold_probability(ev, pred, x, dist)  # a condition with parameters
        runs = _real_one(sp, _substituted(formula, {xs: xr}), xr, (False, False))
    except (_Cannot, Untranslatable, NotImplementedError, TypeError, ValueError):
        return None
    lo, hi, discrete = _support(dist)
    total = []
    for a, a_closed, b, b_closed in runs:
        a_w = Expr(S.DirectedInfinity, Integer(-1)) if a is None else t.back(a)
        b_w = Expr(S.DirectedInfinity, Integer(1)) if b is None else t.back(b)
        if discrete:
            first = Expr(S.Ceiling, a_w) if a_closed or a is None else \
                Expr(S.Plus, Expr(S.Floor, a_w), Integer(1))
            last = Expr(S.Floor, b_w) if b_closed or b is None else \
                Expr(S.Plus, Expr(S.Ceiling, b_w), Integer(-1))
            first = ev.evaluate(Expr(S.Max, first, lo))
            last = ev.evaluate(Expr(S.Min, last, hi))
        else:
            if a is not None and b is not None and a == b:
                continue                             # a point: no probability
            first = ev.evaluate(Expr(S.Max, a_w, lo))
            last = ev.evaluate(Expr(S.Min, b_w, hi))
        part = _mass_between(ev, dist, x, first, last, discrete)
        if part is None:
            return None
        total.append(part)
    return ev.evaluate(Expr(S.Simplify, Expr(S.Plus, *total))) if total else Integer(0)


def _cdf(ev, dist, at):
    """CDF[dist, at], 0 at -Infinity and 1 at Infinity."""
    if type(at) is Expr and at.head is S.DirectedInfinity:
        return Integer(0) if at.args == (Integer(-1),) else Integer(1)
    return Expr(S.CDF, dist, at)


# x < c, x <= c, x > c, x >= c (and c > x, … turned round): the probability from the CDF,
# for a continuous dist and for one on the integers (where x < c is x <= Ceiling[c] - 1).
_BELOW = {"Less": True, "LessEqual": True, "Greater": False, "GreaterEqual": False}
_TURNED = {"Less": "Greater", "LessEqual": "GreaterEqual", "Greater": "Less",
           "GreaterEqual": "LessEqual"}


def _threshold_probability(ev, pred, x, dist):
    """P[x op c] for a bound c with parameters (x > a): 1 - CDF[dist, a] and its kin,
    the closed form WL gives; None for any other condition with parameters."""
    if not (type(pred) is Expr and type(pred.head) is Symbol and
            pred.head.name in _BELOW and len(pred.args) == 2):
        return None
    op, (left, right) = pred.head.name, pred.args
    if right == x and left != x:
        op, left, right = _TURNED[op], right, left
    if left != x or _mentions(right, x):
        return None
    bound = right
    if _SUPPORT[dist.head.name][2] and op in ("Less", "GreaterEqual"):
        bound = Expr(S.Plus, Expr(S.Ceiling, right), Integer(-1))   # the integer below c
    below = _cdf(ev, dist, bound)
    value = below if _BELOW[op] else Expr(S.Plus, Integer(1), Expr(S.Times, Integer(-1), below))
    return ev.evaluate(Expr(S.Simplify, value))


def _with_erf(ev, value):
    """A normal law's probability in Erf where that is shorter (1 - Erfc[z] is Erf[z]),
    as WL writes it; anything else as it is."""
    if not any(type(e) is Expr and e.head in (S.Erf, S.Erfc) for e in _subexpressions(value)):
        return value
    t = Translation()
    try:
        rewritten = t.back(t.to(value).rewrite(t.sp.erf))
    except Untranslatable:
        return value
    rewritten = ev.evaluate(rewritten)
    shorter = ev.evaluate(Expr(S.Less, Expr(S.LeafCount, rewritten),
                               Expr(S.LeafCount, value)))
    return rewritten if shorter is TRUE else value


def _subexpressions(e):
    yield e
    if type(e) is Expr:
        for a in e.args:
            yield from _subexpressions(a)


def _mass_between(ev, dist, x, first, last, discrete):
    """The probability of first <= x <= last (integers for a discrete dist); for a
    continuous dist the difference of its CDF at the ends (quick even where the
    distribution's parameters are symbols, where integrating its density can take SymPy
    minutes: LogNormalDistribution[m, s])."""
    if ev.evaluate(Expr(S.Less, last, first)) is TRUE:
        return Integer(0)
    if not discrete:
        lo, hi, _ = _support(dist)
        upper = Integer(1) if ev.evaluate(hi) == last else _cdf(ev, dist, last)
        lower = Integer(0) if ev.evaluate(lo) == first else _cdf(ev, dist, first)
        return _with_erf(ev, ev.evaluate(Expr(S.Plus, upper, Expr(S.Times, Integer(-1),
                                                                  lower))))
    if type(first) is Expr and first.head in (S.Max, S.Min) or \
            type(last) is Expr and last.head in (S.Max, S.Min):
        return None                                  # the support's ends are symbolic
    if discrete and type(first) is Integer and type(last) is Integer and \
            last.value - first.value <= _EXPLICIT_SUM_AT_MOST:
        return ev.evaluate(Expr(S.Plus, *[Expr(S.PDF, dist, Integer(k))
                                          for k in range(first.value, last.value + 1)]))
    t = Translation()
    sp = t.sp
    try:
        g, xs = t.to(_density(ev, dist, x)), t.to(x)
        a, b = t.to(first), t.to(last)
    except Untranslatable:
        return None
    forward, backward = _assumed(t, dist, g)
    xr = sp.Symbol(x.name + "_r", integer=True) if discrete else \
        sp.Symbol(x.name + "_r", real=True)
    try:
        value = (sp.summation if discrete else sp.integrate)(
            g.xreplace(forward).xreplace({xs: xr}), (xr, a, b))
        value = _tidy(sp, value, backward)
    except Exception:       # noqa: BLE001 - SymPy says "cannot" with many exception types
        return None
    if value.has(sp.Integral, sp.Sum, sp.Piecewise):
        return None
    try:
        return ev.evaluate(t.back(value))
    except Untranslatable:
        return None


@builtin("Probability", argc=2, attributes=("HoldFirst", "Protected"), messages=_MESSAGES,
         usage="Probability[pred, x \\[Distributed] dist] is the probability that pred (an "
               "equation or inequality in x, or a logical combination of them) holds when x "
               "is distributed as dist.",
         examples=(("Probability[x > 0, x \\[Distributed] NormalDistribution[0, 1]]", "1/2"),
                   ("Probability[x <= 2, x \\[Distributed] PoissonDistribution[1]]",
                    "5/(2 E)"),
                   ("Probability[1 < x < 3, x \\[Distributed] UniformDistribution[{0, 4}]]",
                    "1/2")))
def probability(ev, pred, spec):
    specs = _specs(ev, S.Probability, ev.evaluate(spec))
    if specs is None:
        return None
    return _probability_of(ev, pred, specs)


def _probability_of(ev, pred, specs):
    """P[pred] in closed form for the checked specs, or None."""
    if len(specs) != 1:
        return _probability_several(ev, ev.evaluate(pred), specs)
    (x, dist), = specs
    return _probability_one(ev, ev.evaluate(pred), x, dist)


_INEQUALITIES = {"Less": "below", "LessEqual": "below", "Greater": "above",
                 "GreaterEqual": "above"}


def _probability_several(ev, pred, specs):
    """P[pred] for independent variables, pred one inequality linear in the last variable
    x (continuous): given the others, x is below (or above) a bound b in them, which has
    probability CDF[dist, b] (or 1 - CDF[dist, b]); its expectation over the others is
    the answer.  None for any other predicate."""
    finite = _finite_probability(ev, pred, specs)
    if finite is not None:
        return finite
    x, dist = specs[-1]
    if _support(dist)[2] or not (type(pred) is Expr and type(pred.head) is Symbol and
                                 pred.head.name in _INEQUALITIES and len(pred.args) == 2):
        return None
    difference = ev.evaluate(Expr(S.Plus, pred.args[0],
                                  Expr(S.Times, Integer(-1), pred.args[1])))
    normal = _normal_combination(ev, difference, specs)
    if normal is not None:             # a linear combination of normals is normal
        cdf = Expr(S.CDF, normal, Integer(0))
        below = _INEQUALITIES[pred.head.name] == "below"
        inner = cdf if below else Expr(S.Plus, Integer(1), Expr(S.Times, Integer(-1), cdf))
        return ev.evaluate(Expr(S.Simplify, inner))
    # difference = k x + rest with a numeric k: x < -rest/k when k > 0 for "below"
    k = ev.evaluate(Expr(S.D, difference, x))
    rest = ev.evaluate(Expr(S.Expand, Expr(S.Plus, difference, Expr(S.Times, Integer(-1),
                                                                   k, x))))
    k_value = ev.evaluate(Expr(S.N, k))
    if type(k_value) not in (Integer, Real) or k_value.value == 0 or _mentions(rest, x):
        return None
    bound = ev.evaluate(Expr(S.Times, Integer(-1), rest, Expr(S.Power, k, Integer(-1))))
    below = (_INEQUALITIES[pred.head.name] == "below") == (k_value.value > 0)
    cdf = Expr(S.CDF, dist, bound)
    inner = cdf if below else Expr(S.Plus, Integer(1), Expr(S.Times, Integer(-1), cdf))
    value = _expectation(ev, ev.evaluate(inner), specs[:-1], also=(dist,))
    return None if value is None else ev.evaluate(Expr(S.Simplify, value))


_FINITE_POINTS_AT_MOST = 10000


def _finite_probability(ev, pred, specs):
    """P[pred] for discrete variables of finite integer supports (dice): pred tried at
    every point of the product of the supports, the probabilities of the points where it
    holds added exactly; None when a support is infinite or the points too many (or pred
    is neither True nor False somewhere)."""
    supports = []
    for x, dist in specs:
        lo, hi, discrete = _support(dist)
        lo, hi = ev.evaluate(lo), ev.evaluate(hi)
        if not (discrete and type(lo) is Integer and type(hi) is Integer):
            return None
        supports.append(range(lo.value, hi.value + 1))
    if math.prod(len(s) for s in supports) > _FINITE_POINTS_AT_MOST:
        return None
    masses = [[ev.evaluate(Expr(S.PDF, d, Integer(k))) for k in s]
              for (_, d), s in zip(specs, supports)]
    total = []
    for point in itertools.product(*[range(len(s)) for s in supports]):
        values = [Integer(s[i]) for s, i in zip(supports, point)]
        rules = Expr(S.List, *[Expr(S.Rule, x, v) for (x, _), v in zip(specs, values)])
        truth = ev.evaluate(Expr(S.ReplaceAll, pred, rules))
        if truth is TRUE:
            total.append(Expr(S.Times, *[m[i] for m, i in zip(masses, point)]))
        elif truth is not FALSE:
            return None
    return ev.evaluate(Expr(S.Plus, *total)) if total else Integer(0)


def _normal_combination(ev, difference, specs):
    """NormalDistribution[Σ k μ + c, Sqrt[Σ k² σ²]] of difference = Σ k x + c when every
    variable is normal and difference is linear in them; None otherwise."""
    if not all(d.head is S.NormalDistribution for _, d in specs):
        return None
    mean, variance, rest = [], [], difference
    for x, dist in specs:
        k = ev.evaluate(Expr(S.D, difference, x))
        if any(_mentions(k, y) for y, _ in specs):
            return None                              # not linear
        params = _parameters(dist)
        mean.append(Expr(S.Times, k, params["m"]))
        variance.append(Expr(S.Times, Expr(S.Power, k, Integer(2)),
                             Expr(S.Power, params["s"], Integer(2))))
        rest = Expr(S.Plus, rest, Expr(S.Times, Integer(-1), k, x))
    rest = ev.evaluate(Expr(S.Expand, rest))
    if any(_mentions(rest, y) for y, _ in specs):
        return None
    return Expr(S.NormalDistribution, ev.evaluate(Expr(S.Plus, rest, *mean)),
                ev.evaluate(Expr(S.Sqrt, Expr(S.Plus, *variance))))


def _mentions(e, x) -> bool:
    if e == x:
        return True
    return type(e) is Expr and (_mentions(e.head, x) or any(_mentions(a, x) for a in e.args))


@builtin("NExpectation", argc=2, attributes=("HoldFirst", "Protected"), messages=_MESSAGES,
         usage="NExpectation[f, x \\[Distributed] dist] is the expected value of f as a "
               "number (a numerical integral or sum where no closed form is found).",
         examples=(("NExpectation[Cos[x], x \\[Distributed] NormalDistribution[0, 1]]",
                    "0.6065306597126334"),))
def n_expectation(ev, f, spec):
    specs = _specs(ev, S.NExpectation, ev.evaluate(spec))
    if specs is None or _has_parameters(ev, Expr(S.List, f, *(d for _, d in specs)), specs):
        return None
    exact = _expectation(ev, f, specs)
    if exact is not None:
        return ev.evaluate(Expr(S.N, exact))
    if len(specs) != 1:
        return n_expectation_several(ev, f, _laws(ev, specs))
    (x, dist), = specs
    lo, hi, discrete = _support(dist)
    body = Expr(S.Times, f, _density(ev, dist, x))
    head = S.NSum if discrete else S.NIntegrate
    return ev.evaluate(Expr(head, body, Expr(S.List, x, lo, hi)))


@builtin("NProbability", argc=2, attributes=("HoldFirst", "Protected"), messages=_MESSAGES,
         usage="NProbability[pred, x \\[Distributed] dist] is the probability that pred "
               "holds, as a number.",
         examples=(("NProbability[x > 1, x \\[Distributed] NormalDistribution[0, 1]]",
                    "0.15865525393145707"),))
def n_probability(ev, pred, spec):
    specs = _specs(ev, S.NProbability, ev.evaluate(spec))
    if specs is None or _has_parameters(ev, Expr(S.List, pred, *(d for _, d in specs)), specs):
        return None
    exact = _probability_of(ev, pred, specs)
    if exact is not None:
        return ev.evaluate(Expr(S.N, exact))
    if len(specs) != 1:                    # the last variable exactly, the others by quad
        return n_probability_several(ev, ev.evaluate(pred), _laws(ev, specs))
    (x, dist), = specs                     # where pred has no closed form: Boole[pred]
    lo, hi, discrete = _support(dist)      # summed or integrated numerically
    body = Expr(S.Times, Expr(S.Boole, pred), _density(ev, dist, x))
    return ev.evaluate(Expr(S.NSum if discrete else S.NIntegrate, body,
                            Expr(S.List, x, lo, hi)))


def _has_parameters(ev, e, specs) -> bool:
    """Whether e (the function or condition with the distributions) has a symbol that is
    neither a random variable nor a numeric constant: a number cannot be had then, and
    NExpectation and NProbability stay unevaluated, as in WL."""
    variables = {x for x, _ in specs}
    return any(type(a) is Symbol and a not in variables and a not in (TRUE, FALSE)
               and ev.evaluate(Expr(S.NumericQ, a)) is not TRUE
               for a in _leaves(ev.evaluate(e)))


def _leaves(e):
    """The atoms of e in argument positions (not heads: Sin in Sin[x] is no parameter)."""
    if type(e) is Expr:
        for a in e.args:
            yield from _leaves(a)
    else:
        yield e


def _numerically(numeric_head):
    """N[Probability[…]] (N[Expectation[…]]) left unevaluated is NProbability[…]: the
    number where no closed form was found, as in WL; other precisions keep N's way."""
    def n_value(ev, e, *rest):
        if rest or len(e.args) != 2:
            return None
        value = ev.evaluate(Expr(numeric_head, *e.args))
        return None if type(value) is Expr and value.head is numeric_head else value
    return n_value


builtin_upvalue("N", "Probability")(_numerically(S.NProbability))
builtin_upvalue("N", "Expectation")(_numerically(S.NExpectation))
