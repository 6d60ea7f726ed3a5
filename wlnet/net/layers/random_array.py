"""RandomArrayLayer[dist]: a layer without inputs whose output is an array of independent
samples of the univariate distribution ``dist``, drawn afresh every time it runs (in
training and in evaluation alike, as WL documents); no gradient flows through it.

RandomArrayLayer[dfunc] (``NormalDistribution[#Mean, 1] &``, ``UniformDistribution[{#1,
#2}] &``) takes the distribution's parameters from its inputs, elementwise: one input port
per argument of dfunc ("Input" for one, "Input1", "Input2", … for several, the names of
#name slots), all of one shape, which the output has too.

The output's dimensions come from ``"Output" -> {d1, …}`` or from what the output feeds;
when nothing says, it is a scalar.  The distribution is kept as (name, parameters) and
sampled with numpy; every example of a batch gets its own draws.
"""

from __future__ import annotations

from math import pi, sqrt

import numpy as np

from wlnet.core.expr import Expr, Integer, Real, S, Symbol
from wlnet.net.errors import NetSpecError
from wlnet.net.registry import register
from wlnet.net.spec import LayerSpec, Param, real_value
from wlnet.net.types import RealT, TensorT


def _gamma(rng, shape, k, theta):
    return rng.gamma(k, theta, shape)


def _ints(v):
    return np.asarray(np.rint(v), np.int64)


# name -> (the parameter count it takes, a check of the parameters, the sampler
# (rng, shape, *parameters) -> array).  A parameter written {a, b} (Uniform and
# DiscreteUniform ranges) counts as two.
_DISTRIBUTIONS = {
    "NormalDistribution": ((0, 2), lambda m, s: s > 0, lambda r, sh, m=0.0, s=1.0: r.normal(m, s, sh)),
    "UniformDistribution": ((0, 2), lambda a, b: a <= b, lambda r, sh, a=0.0, b=1.0: r.uniform(a, b, sh)),
    "ExponentialDistribution": ((1,), lambda l: l > 0, lambda r, sh, l: r.exponential(1 / l, sh)),
    "GammaDistribution": ((2,), lambda a, b: a > 0 and b > 0, lambda r, sh, a, b: _gamma(r, sh, a, b)),
    "ErlangDistribution": ((2,), lambda k, l: k >= 1 and k == int(k) and l > 0,
                           lambda r, sh, k, l: _gamma(r, sh, k, 1 / l)),
    "InverseGammaDistribution": ((2,), lambda a, b: a > 0 and b > 0,
                                 lambda r, sh, a, b: b / _gamma(r, sh, a, 1.0)),
    "ChiSquareDistribution": ((1,), lambda n: n > 0, lambda r, sh, n: r.chisquare(n, sh)),
    "ChiDistribution": ((1,), lambda n: n > 0, lambda r, sh, n: np.sqrt(r.chisquare(n, sh))),
    "MaxwellDistribution": ((1,), lambda s: s > 0, lambda r, sh, s: s * np.sqrt(r.chisquare(3, sh))),
    "RayleighDistribution": ((1,), lambda s: s > 0, lambda r, sh, s: r.rayleigh(s, sh)),
    "HalfNormalDistribution": ((1,), lambda t: t > 0,
                               lambda r, sh, t: np.abs(r.normal(0.0, sqrt(pi / 2) / t, sh))),
    "WeibullDistribution": ((2,), lambda a, b: a > 0 and b > 0, lambda r, sh, a, b: b * r.weibull(a, sh)),
    "NakagamiDistribution": ((2,), lambda m, w: m >= 0.5 and w > 0,
                             lambda r, sh, m, w: np.sqrt(_gamma(r, sh, m, w / m))),
    "BernoulliDistribution": ((1,), lambda p: 0 <= p <= 1, lambda r, sh, p: r.random(sh) < p),
    "BinomialDistribution": ((2,), lambda n, p: n >= 0 and n == int(n) and 0 <= p <= 1,
                             lambda r, sh, n, p: r.binomial(_ints(n), p, sh)),
    "NegativeBinomialDistribution": ((2,), lambda n, p: n > 0 and 0 < p <= 1,
                                     lambda r, sh, n, p: r.negative_binomial(n, p, sh)),
    "PoissonDistribution": ((1,), lambda m: m > 0, lambda r, sh, m: r.poisson(m, sh)),
    "DiscreteUniformDistribution": ((2,), lambda a, b: a == int(a) and b == int(b) and a <= b,
                                    lambda r, sh, a, b: r.integers(_ints(a), _ints(b) + 1, sh)),
}
_RANGES = ("UniformDistribution", "DiscreteUniformDistribution")     # written {a, b}
DISTRIBUTION_HEADS = frozenset(_DISTRIBUTIONS)                       # (net files may hold them)


def _bad(e):
    return NetSpecError("invdist", e, symbol="RandomArrayLayer")


def read_distribution(e):
    """NormalDistribution[0, 2] → ("NormalDistribution", (0.0, 2.0)); a function of the
    inputs (dfunc) as it is; NetSpecError "invdist" for anything it cannot sample."""
    if type(e) is Expr and e.head is S.Function:
        function_parameters(e)
        return e
    if type(e) is Symbol and e.name in _DISTRIBUTIONS and 0 in _DISTRIBUTIONS[e.name][0]:
        e = Expr(e)                 # RandomArrayLayer[NormalDistribution]: its standard form
    name, args = _distribution_parts(e)
    values = tuple(real_value(a) for a in args)
    counts, valid, _ = _DISTRIBUTIONS[name]
    if len(values) not in counts or any(v is None for v in values) or (values and not valid(*values)):
        raise _bad(e)
    return name, values


def _distribution_parts(e) -> tuple:
    """(name, parameter expressions) of a distribution (a range {a, b} as two)."""
    name = e.head.name if type(e) is Expr and type(e.head) is Symbol else None
    if name not in _DISTRIBUTIONS:
        raise _bad(e)
    args = e.args
    if name in _RANGES and len(args) == 1:
        rng = args[0]
        if not (type(rng) is Expr and rng.head is S.List and len(rng.args) == 2):
            raise _bad(e)
        args = rng.args
    elif name in _RANGES and args:
        raise _bad(e)
    return name, args


def function_parameters(f) -> tuple:
    """(input port names, distribution name, its parameters as ("port", i) or ("num", v))
    of RandomArrayLayer[dfunc]; NetSpecError "invdist" when dfunc is not a distribution of
    its arguments and numbers."""
    from wlnet.net.layers._ports import default_names
    from wlnet.net.layers.elementwise import NotCompilable, _slot_key, function_variables
    try:
        variables = function_variables(f)
    except NotCompilable:
        raise _bad(f)
    if not variables or len(f.args) != 1:
        raise _bad(f)
    keys = [key for _, key in variables]
    name, args = _distribution_parts(f.args[0])
    params = []
    for a in args:
        if type(a) is Expr and a.head is S.Slot and _slot_key(a) in keys:
            params.append(("port", keys.index(_slot_key(a))))
        elif real_value(a) is not None:
            params.append(("num", real_value(a)))
        else:
            raise _bad(f)
    if len(params) not in _DISTRIBUTIONS[name][0] or not any(k == "port" for k, _ in params):
        raise _bad(f)
    names = tuple(keys) if isinstance(keys[0], str) else ("Input",) if len(keys) == 1 \
        else default_names(len(keys))
    return names, name, tuple(params)


def show_distribution(dist) -> Expr:
    if isinstance(dist, Expr):                  # a function of the inputs
        return dist
    name, values = dist
    numbers = tuple(Integer(int(v)) if v == int(v) and name == "DiscreteUniformDistribution"
                    else Real(v) for v in values)
    if name in _RANGES and numbers:
        numbers = (Expr(S.List, *numbers),)
    return Expr(Symbol(name), *numbers)


def sampler(dist):
    """(rng, shape) -> samples of ``dist``, as reals."""
    name, values = dist
    draw = _DISTRIBUTIONS[name][2]
    return lambda rng, shape: np.asarray(draw(rng, shape, *values), np.float64)


@register
class RandomArray(LayerSpec):
    type_name = "RandomArray"
    symbol = "RandomArrayLayer"
    usage = ("RandomArrayLayer[dist] represents a net layer that has no input and produces a "
             "random array from the univariate distribution dist.\nRandomArrayLayer[dfunc] "
             "uses the univariate distribution dfunc[input] for each input value.")
    params = (Param("Distribution", "custom", read=read_distribution, show=show_distribution),
              Param("$Dimensions", "sizelist"))
    min_args = max_args = 1
    messages = {"invdist": "`1` is not a distribution that RandomArrayLayer can sample: use "
                           "NormalDistribution, UniformDistribution, ExponentialDistribution, "
                           "GammaDistribution, BernoulliDistribution, PoissonDistribution or "
                           "another univariate distribution with valid numeric parameters.",
                "invdistvals": "The inputs of RandomArrayLayer hold values that `1` cannot "
                               "take as its parameters."}
    sample = 'RandomArrayLayer[NormalDistribution[1, 2], "Output" -> {2, 3}]'
    examples = (
        ('Dimensions[RandomArrayLayer[NormalDistribution[], "Output" -> {4, 2}][]]', "{4, 2}"),
        ('RandomArrayLayer[UniformDistribution[{2, 2}], "Output" -> 3][]', "{2., 2., 2.}"),
        ('NetExtract[RandomArrayLayer[ExponentialDistribution[2]], "Distribution"]',
         "ExponentialDistribution[2.]"),
        ('RandomArrayLayer[NormalDistribution[#, 0.] &][{1, 2, 3}]', "{1., 2., 3.}"),
    )

    def parse_args(self, args, p):
        p["Distribution"] = read_distribution(args[0])

    def inputs(self, p):
        dist = p["Distribution"]
        if not isinstance(dist, Expr):
            return {}
        d = p["$Dimensions"]
        return {n: TensorT(d.dims, RealT, d.tail) for n in function_parameters(dist)[0]}

    def outputs(self, p):
        d = p["$Dimensions"]
        return {"Output": TensorT(d.dims, RealT, d.tail)}

    def compose(self, p, g):
        dist = p["Distribution"]
        if isinstance(dist, Expr):              # parameters from the inputs, elementwise
            names, name, params = function_parameters(dist)
            xs = [g.input(n) for n in names]
            g.output("Output", g.random_of(*xs, distribution=name, params=params,
                                           sample=_DISTRIBUTIONS[name][2]))
            return
        # an output whose rank nothing gave (not even the net it is in) is a scalar
        g.output("Output", g.random(dims=tuple(p["$Dimensions"].dims),
                                    sample=sampler(p["Distribution"])))
