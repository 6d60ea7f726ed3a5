"""Random numbers: SeedRandom, RandomInteger, RandomReal, RandomChoice, RandomSample,
RandomVariate of NormalDistribution / UniformDistribution.

Every draw comes from the session's generator ``ev.rng`` (a numpy Generator), so the same
``SeedRandom[n]`` gives the same numbers within wlnet (Wolfram's own numbers cannot be
reproduced: its generator is not numpy's).  Distributions are inert heads that these
functions read.
"""

from __future__ import annotations

import copy
import hashlib

import numpy as np

from wlnet.core.registry import builtin, declare
from wlnet.core.expr import Complex, Expr, Integer, Rational, Real, S, String, Symbol
from wlnet.core.packed import list_from_array, pack, packed_array
from wlnet.builtins.math_extra import _is_prime
from wlnet.builtins.numbers import is_numeric

LIST = S.List

_MESSAGES = {
    "unifr": "The endpoints specified by `1` for the endpoints of the discrete uniform "
             "distribution range are not integers.",
    "unifrr": "The endpoints specified by `1` for the endpoints of the uniform distribution "
              "range are not real valued.",
    "array": "The array dimensions `1` given in position `2` of `3` should be a list of "
             "non-negative machine-sized integers giving the dimensions for the result.",
    "lrwl": "The items for choice `1` should be a list or an association of a list of weights "
            "and a list of items.",
    "wghtv": "The weights on the left-hand side of `1` has to be a list of non-negative "
             "numbers with the same length as the list of items on its right-hand side.",
    "smplen": "RandomSample cannot generate a sample of length `1`, which is greater than the "
              "length of the sample set `2`. If you want a choice of possibly repeated "
              "elements from the set, use RandomChoice.",
    "nodist": "`1` is not a random distribution recognized by the system.",
    "seed": "The seed `1` should be an integer or a string.",
    "precw": "The precision `1` should be a positive number or MachinePrecision.",
    "precd": "`1` can be sampled at machine precision only; a WorkingPrecision is "
             "available for UniformDistribution and NormalDistribution.",
}


def _call(name: str, args) -> Expr:
    return Expr.from_args(Symbol(name), args)


def _list(items) -> Expr:
    return Expr.from_args(LIST, items)


def _is_list(e) -> bool:
    return type(e) is Expr and e.head is LIST


def _real_value(e) -> float | None:
    """The float value of an explicit real number, or None."""
    t = type(e)
    if t is Integer or t is Real:
        return float(e.value)
    if t is Rational:
        return float(e.value)
    return None


# ---------------------------------------------------------------------------- seeding

def _seed_value(seed) -> int | None:
    if type(seed) is Integer:
        return seed.value % (1 << 128)          # numpy seeds are non-negative
    if type(seed) is String:                  # a stable hash, unlike Python's hash()
        return int.from_bytes(hashlib.sha256(seed.value.encode()).digest()[:16], "little")
    return None


def seeded_generator(ev, spec) -> np.random.Generator | None:
    """The generator a ``RandomSeeding`` setting asks for: its own for an integer or a
    string, a fresh one drawn from the session's for Automatic, the session's own for
    Inherited; None for anything else."""
    seed = _seed_value(spec)
    if seed is not None:
        return np.random.default_rng(seed)
    if type(spec) is Symbol and spec.name == "Automatic":
        return np.random.default_rng(int(ev.rng.integers(0, 2**63)))
    if type(spec) is Symbol and spec.name == "Inherited":
        return ev.rng
    return None


@builtin(argc=(0, None), messages=_MESSAGES,
         usage="SeedRandom[n] reseeds the random generator with n (an integer or a string), so "
               "that the random functions repeat the same numbers; SeedRandom[] reseeds it "
               "from the clock.",
         examples=[("SeedRandom[42]; a = RandomReal[]; SeedRandom[42]; a == RandomReal[]",
                    "True")])
def SeedRandom(ev, *args):
    if len(args) > 1 and not (len(args) == 2 and _is_option_rule(args[1])):
        return None
    seed = None
    if args:
        seed = _seed_value(args[0])
        if seed is None:
            ev.message(S.SeedRandom, "seed", args[0])
            return None
    reseed = getattr(ev, "seed_random", None)
    if reseed is not None:
        reseed(seed)
    else:                                      # until the evaluator provides seed_random
        ev.rng = np.random.default_rng(seed)
    return _generator_state(args[0] if args else None)


def _generator_state(seed) -> Expr:
    """What SeedRandom returns, as in the Wolfram Language (13+): the generator's state,
    ``RandomGeneratorState[<|"Method" -> …, "Seed" -> seed|>]`` (no seed: from the clock)."""
    entries = [Expr(S.Rule, String("Method"), String("PCG64"))]
    if seed is not None:
        entries.append(Expr(S.Rule, String("Seed"), seed))
    return Expr(Symbol("RandomGeneratorState"), Expr.from_args(S.Association, entries))


def _is_option_rule(e) -> bool:             # SeedRandom[n, Method -> …]: the method is ignored
    return type(e) is Expr and e.head in (S.Rule, S.RuleDelayed)


# ---------------------------------------------------------------------------- shapes

def _shape(spec) -> tuple | None:
    """The result shape a count argument names: n -> (n,), {d1, d2, …} -> dims."""
    if type(spec) is Integer and spec.value >= 0:
        return (spec.value,)
    if _is_list(spec) and all(type(d) is Integer and d.value >= 0 for d in spec.args):
        return tuple(d.value for d in spec.args)
    return None


def _nest(flat: list, shape: tuple):
    """Nested Lists of the given shape from a flat list of expressions."""
    if len(shape) <= 1:
        return _list(flat)
    step = len(flat) // shape[0] if shape[0] else 0
    return _list(_nest(flat[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0]))


def _with_shape(ev, name: str, args, draw):
    """``draw(count) -> list of expressions``, as one value or shaped by ``args[1]``."""
    if len(args) < 2:
        return draw(1)[0]
    shape = _shape(args[1])
    if shape is None:
        ev.message(Symbol(name), "array", args[1], Integer(2), _call(name, args))
        return None
    count = int(np.prod(shape)) if shape else 1
    return _nest(draw(count), shape)


def _array_with_shape(ev, name: str, args, draw):
    """``draw(count) -> numpy array``, as one number or, shaped by ``args[1]``, a packed
    array (what the Wolfram Language gives for RandomReal[1, {100000, 10}])."""
    if len(args) < 2:
        return list_from_array(draw(1)[0])
    shape = _shape(args[1])
    if shape is None:
        ev.message(Symbol(name), "array", args[1], Integer(2), _call(name, args))
        return None
    if not shape:
        return _nest([list_from_array(x) for x in draw(1)], shape)
    values = draw(int(np.prod(shape)))        # (count, *shape of one variate)
    return list_from_array(values.reshape(shape + values.shape[1:]), owned=True)


# ---------------------------------------------------------------------------- integers and reals

def _integer_range(spec) -> tuple[int, int] | None:
    if type(spec) is Integer:
        return (0, spec.value) if spec.value >= 0 else (spec.value, 0)
    if _is_list(spec) and len(spec.args) == 2 and all(type(a) is Integer for a in spec.args):
        lo, hi = spec.args[0].value, spec.args[1].value
        return (lo, hi) if lo <= hi else (hi, lo)
    return None


def _random_ints(rng, lo: int, hi: int, count: int) -> list[int]:
    span = hi - lo
    if -(1 << 62) < lo and hi < (1 << 62):
        return [int(x) for x in rng.integers(lo, hi + 1, size=count)]
    bits = span.bit_length()                   # big integers: rejection sampling on bits
    out = []
    while len(out) < count:
        candidate = int.from_bytes(rng.bytes((bits + 7) // 8), "little") >> (-bits % 8)
        if candidate <= span:
            out.append(lo + candidate)
    return out


@builtin(argc=(0, 2), messages=_MESSAGES,
         usage="RandomInteger[{a, b}] gives a random integer from a to b; RandomInteger[n] from "
               "0 to n; RandomInteger[] 0 or 1; RandomInteger[spec, n] a list of n; "
               "RandomInteger[spec, {d1, d2, …}] an array of those dimensions.",
         examples=[("RandomInteger[{3, 3}]", "3"), ("Length[RandomInteger[9, 5]]", "5")])
def RandomInteger(ev, *args):
    spec = args[0] if args else Integer(1)
    bounds = _integer_range(spec)
    if bounds is None:
        ev.message(S.RandomInteger, "unifr", spec)
        return None
    lo, hi = bounds
    if -(1 << 62) < lo and hi < (1 << 62):
        return _array_with_shape(ev, "RandomInteger", args,
                                 lambda count: ev.rng.integers(lo, hi + 1, size=count))
    return _with_shape(ev, "RandomInteger", args,
                       lambda count: [Integer(v) for v in _random_ints(ev.rng, lo, hi, count)])


def _real_range(spec) -> tuple[float, float] | None:
    x = _real_value(spec)
    if x is not None:
        return (0.0, x)
    if _is_list(spec) and len(spec.args) == 2:
        lo, hi = _real_value(spec.args[0]), _real_value(spec.args[1])
        if lo is not None and hi is not None:
            return lo, hi
    return None


def _working_precision(ev, head, args):
    """(arguments, digits) with a trailing WorkingPrecision -> p taken off: digits None for
    machine precision, False (after a message) for a setting that is no precision."""
    if not (args and _is_option_rule(args[-1]) and args[-1].args[0] is S.WorkingPrecision):
        return args, None
    setting = args[-1].args[1]
    if setting is S.MachinePrecision:
        return args[:-1], None
    value = _real_value(setting)
    if value is None or value <= 0:
        ev.message(head, "precw", setting)
        return args, False
    return args[:-1], float(value)


def _uniform_fractions(ev, count: int, digits: float) -> list:
    """``count`` exact fractions uniform in [0, 1) with a few more digits than asked."""
    from fractions import Fraction
    bits = int(digits * 3.33) + 16
    words = (bits + 62) // 63
    out = []
    for _ in range(count):
        k = 0
        for w in ev.rng.integers(0, 2**63, size=words, dtype=np.int64):
            k = (k << 63) | int(w)
        out.append(Fraction(k, 1 << (63 * words)))
    return out


def _precise_uniform(ev, lo, hi, digits: float, count: int) -> list:
    """Reals of ``digits`` digits uniform in [lo, hi] (WorkingPrecision -> digits)."""
    from fractions import Fraction
    from wlnet.builtins.numbers import from_py
    from wlnet.core.bigreal import big_from_exact
    lo, hi = Fraction(lo), Fraction(hi)
    return [from_py(big_from_exact(lo + (hi - lo) * u, digits))
            for u in _uniform_fractions(ev, count, digits)]


def _precise_normal(ev, mu, sigma, digits: float, count: int) -> list:
    """Normal reals of ``digits`` digits: the inverse normal CDF of a uniform of that
    precision, through mpmath."""
    import mpmath
    from wlnet.builtins.numbers import from_py
    from wlnet.core.bigreal import big_from_exact
    from fractions import Fraction
    out = []
    with mpmath.workdps(int(digits) + 10):
        for u in _uniform_fractions(ev, count, digits):
            u = u or Fraction(1, 2)
            z = mpmath.sqrt(2) * mpmath.erfinv(2 * mpmath.mpf(u.numerator) / u.denominator - 1)
            exact = Fraction(*mpmath.libmp.to_rational(z._mpf_))
            out.append(from_py(big_from_exact(Fraction(mu) + Fraction(sigma) * exact, digits)))
    return out


@builtin(argc=(0, 3), messages=_MESSAGES,
         usage="RandomReal[] gives a random real between 0 and 1; RandomReal[x] between 0 and x; "
               "RandomReal[{a, b}] between a and b; RandomReal[spec, n] and "
               "RandomReal[spec, {d1, d2, …}] give lists and arrays; RandomReal[dist, …] "
               "samples a distribution, as RandomVariate.",
         examples=[("0 <= RandomReal[] <= 1", "True")])
def RandomReal(ev, *args):
    args, precision = _working_precision(ev, S.RandomReal, args)
    if precision is False:
        return None
    spec = args[0] if args else _list((Integer(0), Integer(1)))
    bounds = _real_range(spec)
    if bounds is None and type(spec) is Expr and _sampler(spec) is not None:
        return RandomVariate(ev, *args)        # RandomReal[dist, n]: the older RandomVariate
    ends = spec.args if _is_list(spec) and len(spec.args) == 2 else (spec,)
    if bounds is None and type(spec) is Expr and all(is_numeric(x) for x in ends):
        # {0, 6 Pi}, Sqrt[2]: endpoints that N makes real
        bounds = _real_range(ev.evaluate(Expr(S.N, spec)))
    if bounds is None:
        ev.message(S.RandomReal, "unifrr", spec)
        return None
    lo, hi = min(bounds), max(bounds)          # RandomReal[-1] lies in [-1, 0]
    if precision is not None:
        return _with_shape(ev, "RandomReal", args,
                           lambda count: _precise_uniform(ev, lo, hi, precision, count))
    return _array_with_shape(ev, "RandomReal", args,
                             lambda count: ev.rng.uniform(lo, hi, size=count))


_RANDOM_TYPES = {"Real": "RandomReal", "Integer": "RandomInteger", "Complex": "RandomComplex"}


@builtin(argc=(0, 3), messages=dict(_MESSAGES, type="`1` is not Integer, Real or Complex."),
         usage="Random[] gives a random real between 0 and 1 (the form of versions before "
               "RandomReal); Random[Integer] 0 or 1, Random[Complex] a complex number in the "
               "unit square; Random[type, range] a number of that type in the range; "
               "Random[Real, range, n] a real of n digits.",
         examples=[("0 <= Random[] <= 1", "True"),
                   ("MemberQ[{2, 3}, Random[Integer, {2, 3}]]", "True")])
def Random(ev, *args):
    """The one-number draws of RandomReal, RandomInteger and RandomComplex (a third argument
    is the precision of a real, not a count)."""
    kind = args[0] if args else S.Real
    name = _RANDOM_TYPES.get(kind.name) if type(kind) is Symbol else None
    if name is None:
        ev.message(Symbol("Random"), "type", kind)
        return None
    rest = list(args[1:2])
    if len(args) == 3:
        if name != "RandomReal":
            return None
        rest = (rest or [_list((Integer(0), Integer(1)))]) + [
            Expr(S.Rule, Symbol("WorkingPrecision"), args[2])]
    return ev.evaluate(_call(name, rest))


def _complex_corners(spec):
    """(lo, hi) Python complexes of RandomComplex's range: zmax (from 0) or {zmin, zmax}."""
    def value(e):
        if type(e) is Complex:
            re, im = _real_value(e.re), _real_value(e.im)
            return None if re is None or im is None else complex(re, im)
        v = _real_value(e)
        return None if v is None else complex(v, 0)
    if _is_list(spec) and len(spec.args) == 2:
        lo, hi = value(spec.args[0]), value(spec.args[1])
        return None if lo is None or hi is None else (lo, hi)
    hi = value(spec)
    return None if hi is None else (0j, hi)


@builtin(argc=(0, 2), messages=dict(_MESSAGES, unifrc="The endpoints specified by `1` for "
                                    "the rectangle of the uniform distribution are not "
                                    "complex numbers."),
         usage="RandomComplex[] gives a complex number with real and imaginary parts between "
               "0 and 1; RandomComplex[zmax] in the rectangle from 0 to zmax; "
               "RandomComplex[{zmin, zmax}, n] a list of n (an array for {d1, d2, …}).",
         examples=[("Head[RandomComplex[]]", "Complex"),
                   ("Length[RandomComplex[{-1 - I, 1 + I}, 4]]", "4")])
def RandomComplex(ev, *args):
    spec = args[0] if args else Complex(Integer(1), Integer(1))
    corners = _complex_corners(spec)
    if corners is None:
        ev.message(S.RandomComplex, "unifrc", spec)
        return None
    lo, hi = corners

    def draw(count):
        re = ev.rng.uniform(min(lo.real, hi.real), max(lo.real, hi.real), size=count)
        im = ev.rng.uniform(min(lo.imag, hi.imag), max(lo.imag, hi.imag), size=count)
        return [Complex(Real(float(a)), Real(float(b))) for a, b in zip(re, im)]
    return _with_shape(ev, "RandomComplex", args, draw)


def _primes_between(lo: int, hi: int) -> list[int] | None:
    """Every prime in [lo, hi] when the range is small enough to list; None otherwise."""
    if hi - lo > 1_000_000:
        return None
    return [n for n in range(max(lo, 2), hi + 1) if _is_prime(n)]


@builtin(argc=(1, 2), messages=dict(_MESSAGES, noprime="There are no primes in the specified "
                                    "interval."),
         usage="RandomPrime[n] gives a random prime from 2 to n; RandomPrime[{a, b}] from a to "
               "b; RandomPrime[range, n] a list of n (an array for {d1, d2, …}).",
         examples=[("RandomPrime[{2, 2}]", "2"), ("PrimeQ[RandomPrime[100]]", "True")])
def RandomPrime(ev, *args):
    spec = args[0]
    bounds = (2, spec.value) if type(spec) is Integer else _integer_range(spec)
    if bounds is None:
        ev.message(S.RandomPrime, "unifr", spec)
        return None
    lo, hi = bounds
    listed = _primes_between(lo, hi)
    if listed is not None and not listed:
        ev.message(S.RandomPrime, "noprime")
        return None

    def one() -> int:
        if listed is not None:
            return listed[int(ev.rng.integers(len(listed)))]
        while True:                                   # a wide range: primes are dense enough
            n = _random_ints(ev.rng, lo, hi, 1)[0]
            if _is_prime(n):
                return n
    return _with_shape(ev, "RandomPrime", args, lambda count: [Integer(one()) for _ in
                                                               range(count)])


@builtin(argc=1, attributes=("HoldAll", "Protected"),
         usage="BlockRandom[expr] evaluates expr and then puts the random generator back as "
               "it was, so that the draws inside do not change the ones after.",
         examples=[("BlockRandom[RandomReal[]] == BlockRandom[RandomReal[]]", "True")])
def BlockRandom(ev, body):
    saved = copy.deepcopy(ev.rng)
    try:
        return ev.evaluate(body)
    finally:
        ev.rng = saved


# ---------------------------------------------------------------------------- choice and sample

def _weights_and_items(ev, name: str, spec):
    """(items, probabilities or None) of a choice spec: a list, or weights -> items."""
    if _is_list(spec):
        return list(spec.args), None
    if type(spec) is Expr and spec.head is S.Rule and len(spec.args) == 2 \
            and _is_list(spec.args[0]) and _is_list(spec.args[1]):
        weights = [_real_value(w) for w in spec.args[0].args]
        items = list(spec.args[1].args)
        if len(weights) != len(items) or any(w is None or w < 0 for w in weights) \
                or not sum(weights) > 0:
            ev.message(Symbol(name), "wghtv", spec)
            return None
        total = sum(weights)
        return items, np.array([w / total for w in weights])
    ev.message(Symbol(name), "lrwl", spec)
    return None


@builtin(argc=(1, 2), messages=_MESSAGES,
         usage="RandomChoice[list] gives an element of list chosen at random; "
               "RandomChoice[list, n] n independent choices; RandomChoice[{w1, w2, …} -> list, "
               "n] chooses with the given weights.",
         examples=[("RandomChoice[{7}]", "7"), ("Length[RandomChoice[{a, b}, 10]]", "10")])
def RandomChoice(ev, *args):
    parsed = _weights_and_items(ev, "RandomChoice", args[0])
    if parsed is None:
        return None
    items, probs = parsed
    if not items:
        ev.message(S.RandomChoice, "lrwl", args[0])
        return None
    return _with_shape(ev, "RandomChoice", args,
                       lambda count: [items[k] for k in ev.rng.choice(len(items), size=count,
                                                                       p=probs)])


@builtin(argc=(1, 2), messages=_MESSAGES,
         usage="RandomSample[list] gives the elements of list in random order; "
               "RandomSample[list, n] n of them without repetition (All: every one); "
               "RandomSample[{w1, w2, …} -> list, n] draws with weights; RandomSample[assoc] "
               "samples the entries of an association.",
         examples=[("Sort[RandomSample[{1, 2, 3}]]", "{1, 2, 3}")])
def RandomSample(ev, *args):
    assoc = type(args[0]) is Expr and args[0].head is S.Association
    array = packed_array(args[0])        # a packed array: sampled as rows of the array
    # an association is sampled by its entries and stays an association
    parsed = (range(len(array)), None) if array is not None else \
        (list(args[0].args), None) if assoc else _weights_and_items(ev, "RandomSample", args[0])
    if parsed is None:
        return None
    items, probs = parsed
    n = len(items)
    if len(args) == 2:
        k = args[1].value if type(args[1]) is Integer else None
        if type(args[1]) is Expr and args[1].head is S.UpTo and len(args[1].args) == 1 \
                and type(args[1].args[0]) is Integer:
            k = min(args[1].args[0].value, n)
        elif args[1] is S.All:            # every element, shuffled (transfer-learning scripts)
            k = n
        if k is None or k < 0:
            return None
        if k > n:
            ev.message(S.RandomSample, "smplen", Integer(k), Integer(n))
            return None
    else:
        k = n
    if probs is not None and np.count_nonzero(probs) < k:
        k = int(np.count_nonzero(probs))
    order = ev.rng.choice(n, size=k, replace=False, p=probs) if n else []
    if array is not None:
        return pack(array[np.asarray(order, dtype=np.int64)]) if k else _list(())
    if assoc:
        return Expr(S.Association, *(items[i] for i in order))
    return _list(items[i] for i in order)


# ---------------------------------------------------------------------------- distributions

def _normal_params(dist):
    if len(dist.args) == 0:
        return 0.0, 1.0
    if len(dist.args) == 2:
        mu, sigma = _real_value(dist.args[0]), _real_value(dist.args[1])
        if mu is not None and sigma is not None and sigma > 0:
            return mu, sigma
    return None


def _uniform_params(dist):
    if len(dist.args) == 0:
        return 0.0, 1.0
    if len(dist.args) == 1:
        return _real_range(dist.args[0]) if _is_list(dist.args[0]) else None
    return None


# The other univariate distributions: name -> (parameter count, check, draw(rng, n, *params)).
# They are inert data, as in WL (RandomArrayLayer reads them too); RandomVariate samples them.
_DISTRIBUTIONS = {
    "ExponentialDistribution": (1, lambda l: l > 0, lambda r, n, l: r.exponential(1 / l, n)),
    "GammaDistribution": (2, lambda a, b: a > 0 and b > 0, lambda r, n, a, b: r.gamma(a, b, n)),
    "BetaDistribution": (2, lambda a, b: a > 0 and b > 0, lambda r, n, a, b: r.beta(a, b, n)),
    "LogNormalDistribution": (2, lambda m, s: s > 0, lambda r, n, m, s: r.lognormal(m, s, n)),
    "ChiSquareDistribution": (1, lambda k: k > 0, lambda r, n, k: r.chisquare(k, n)),
    "StudentTDistribution": (1, lambda k: k > 0, lambda r, n, k: r.standard_t(k, n)),
    "CauchyDistribution": (2, lambda a, b: b > 0, lambda r, n, a, b: a + b * r.standard_cauchy(n)),
    "LaplaceDistribution": (2, lambda m, b: b > 0, lambda r, n, m, b: r.laplace(m, b, n)),
    "LogisticDistribution": (2, lambda m, b: b > 0, lambda r, n, m, b: r.logistic(m, b, n)),
    "RayleighDistribution": (1, lambda s: s > 0, lambda r, n, s: r.rayleigh(s, n)),
    "WeibullDistribution": (2, lambda a, b: a > 0 and b > 0, lambda r, n, a, b: b * r.weibull(a, n)),
    "PoissonDistribution": (1, lambda m: m > 0, lambda r, n, m: r.poisson(m, n)),
    "BernoulliDistribution": (1, lambda p: 0 <= p <= 1, lambda r, n, p: (r.random(n) < p).astype(np.int64)),
    "BinomialDistribution": (2, lambda k, p: k >= 0 and k == int(k) and 0 <= p <= 1,
                             lambda r, n, k, p: r.binomial(int(k), p, n)),
    "GeometricDistribution": (1, lambda p: 0 < p <= 1, lambda r, n, p: r.geometric(p, n) - 1),
    "DiscreteUniformDistribution": (1, None, None),       # {a, b}: handled below
    "ErlangDistribution": (2, lambda k, l: k > 0 and k == int(k) and l > 0,
                           lambda r, n, k, l: r.gamma(k, 1 / l, n)),
    "InverseGammaDistribution": (2, lambda a, b: a > 0 and b > 0,
                                 lambda r, n, a, b: b / r.gamma(a, 1.0, n)),
    "ChiDistribution": (1, lambda k: k > 0, lambda r, n, k: np.sqrt(r.chisquare(k, n))),
    "MaxwellDistribution": (1, lambda s: s > 0, lambda r, n, s: s * np.sqrt(r.chisquare(3, n))),
    # WL's θ: the half of a normal with σ = Sqrt[π/2]/θ
    "HalfNormalDistribution": (1, lambda t: t > 0,
                               lambda r, n, t: np.abs(r.normal(0, np.sqrt(np.pi / 2) / t, n))),
    "NakagamiDistribution": (2, lambda m, w: m >= 0.5 and w > 0,
                             lambda r, n, m, w: np.sqrt(r.gamma(m, w / m, n))),
    "NegativeBinomialDistribution": (2, lambda k, p: k > 0 and 0 < p <= 1,
                                     lambda r, n, k, p: r.negative_binomial(k, p, n)),
}
for _name in _DISTRIBUTIONS:
    declare(_name, attributes=("Protected", "ReadProtected"),
            usage=f"{_name}[…] is a statistical distribution (symbolic data: RandomVariate and "
                  f"RandomArrayLayer sample it).")


def _table_sampler(dist):
    name = dist.head.name if type(dist.head) is Symbol else None
    if name == "DiscreteUniformDistribution" and len(dist.args) == 1:
        bounds = _real_range(dist.args[0]) if _is_list(dist.args[0]) else None
        if bounds is None or bounds[0] != int(bounds[0]) or bounds[1] != int(bounds[1]):
            return None
        lo, hi = int(bounds[0]), int(bounds[1])
        return lambda rng, count: rng.integers(lo, hi + 1, size=count)
    spec = _DISTRIBUTIONS.get(name)
    if spec is None or spec[1] is None or len(dist.args) != spec[0]:
        return None
    params = [_real_value(a) for a in dist.args]
    if None in params or not spec[1](*params):
        return None
    return lambda rng, count: spec[2](rng, count, *params)


# ---------------------------------------------------------------------------- multivariate

def _real_matrix(e) -> np.ndarray | None:
    if not (_is_list(e) and e.args and all(_is_list(row) for row in e.args)):
        return None
    rows = [[_real_value(x) for x in row.args] for row in e.args]
    if any(v is None for row in rows for v in row) or len({len(r) for r in rows}) != 1:
        return None
    return np.array(rows, dtype=np.float64)


def _covariance_factor(sigma) -> np.ndarray | None:
    """The Cholesky factor of a covariance matrix expression, None unless it is a symmetric
    positive definite matrix of reals (WL's condition on Σ)."""
    matrix = _real_matrix(sigma)
    if matrix is None or matrix.shape[0] != matrix.shape[1] or \
            not np.allclose(matrix, matrix.T):
        return None
    try:
        return np.linalg.cholesky(matrix)
    except np.linalg.LinAlgError:
        return None


def _multinormal_sampler(dist):
    """MultinormalDistribution[μ, Σ] (or [Σ], mean zero): each variate a vector."""
    if len(dist.args) not in (1, 2):
        return None
    factor = _covariance_factor(dist.args[-1])
    if factor is None:
        return None
    size = factor.shape[0]
    mean = np.zeros(size)
    if len(dist.args) == 2:
        values = [_real_value(x) for x in dist.args[0].args] if _is_list(dist.args[0]) else None
        if values is None or None in values or len(values) != size:
            return None
        mean = np.array(values)
    return lambda rng, count: mean + rng.standard_normal((count, size)) @ factor.T


def _wishart_sampler(dist):
    """WishartMatrixDistribution[ν, Σ] (ν > p - 1): each variate a p×p matrix, drawn by the
    Bartlett decomposition L A Aᵀ Lᵀ (L the Cholesky factor of Σ, A lower triangular with
    chi-distributed diagonal and standard normal entries below it)."""
    if len(dist.args) != 2:
        return None
    nu, factor = _real_value(dist.args[0]), _covariance_factor(dist.args[1])
    if nu is None or factor is None or nu <= factor.shape[0] - 1:
        return None
    size = factor.shape[0]

    def draw(rng, count):
        a = np.tril(rng.standard_normal((count, size, size)), -1)
        degrees = nu - np.arange(size)
        a[:, np.arange(size), np.arange(size)] = np.sqrt(rng.chisquare(degrees, (count, size)))
        la = factor @ a
        return la @ np.swapaxes(la, 1, 2)
    return draw


_MULTIVARIATE = {"MultinormalDistribution": _multinormal_sampler,
                 "WishartMatrixDistribution": _wishart_sampler}
for _name in _MULTIVARIATE:
    declare(_name, attributes=("Protected", "ReadProtected"),
            usage=f"{_name}[…] is a multivariate statistical distribution (RandomVariate "
                  f"samples it; each variate is a "
                  f"{'vector' if _name.startswith('Multinormal') else 'matrix'}).")


def _sampler(dist):
    """``draw(rng, count) -> array`` (count variates along the first axis) for a supported
    distribution, or None."""
    if type(dist) is not Expr:
        return None
    if type(dist.head) is Symbol and dist.head.name in _MULTIVARIATE:
        return _MULTIVARIATE[dist.head.name](dist)
    if dist.head is not S.NormalDistribution and dist.head is not S.UniformDistribution:
        return _table_sampler(dist)
    if dist.head is S.NormalDistribution:
        params = _normal_params(dist)
        if params is not None:
            mu, sigma = params
            return lambda rng, count: rng.normal(mu, sigma, size=count)
    if dist.head is S.UniformDistribution:
        params = _uniform_params(dist)
        if params is not None:
            lo, hi = params
            return lambda rng, count: rng.uniform(lo, hi, size=count)
    return None


def _precise_sampler(dist, digits: float):
    """``(ev, count) -> reals`` of the given precision for the distributions that have one
    here (uniform, normal); None for the others."""
    if type(dist) is not Expr:
        return None
    params = _uniform_params(dist) if dist.head is S.UniformDistribution else None
    if params is not None:
        lo, hi = params
        return lambda ev, count: _precise_uniform(ev, lo, hi, digits, count)
    if dist.head is S.NormalDistribution:
        values = [_real_value(a) for a in dist.args] if dist.args else [0.0, 1.0]
        if len(values) == 2 and None not in values and values[1] > 0:
            mu, sigma = values
            return lambda ev, count: _precise_normal(ev, mu, sigma, digits, count)
    return None


@builtin(argc=(1, 3), messages=_MESSAGES,
         usage="RandomVariate[dist] gives a random number from the distribution dist "
               "(NormalDistribution[μ, σ], UniformDistribution[{a, b}], ExponentialDistribution[λ], "
               "PoissonDistribution[μ], BernoulliDistribution[p], GammaDistribution[α, β], …); "
               "RandomVariate[dist, n] "
               "a list of n; RandomVariate[dist, {d1, d2, …}] an array.",
         examples=[("Length[RandomVariate[NormalDistribution[], 4]]", "4")])
def RandomVariate(ev, *args):
    args, precision = _working_precision(ev, S.RandomVariate, args)
    if precision is False or not args:
        return None
    draw = _sampler(args[0])
    if draw is None:
        ev.message(S.RandomVariate, "nodist", args[0])
        return None
    if precision is not None:
        precise = _precise_sampler(args[0], precision)
        if precise is None:
            ev.message(S.RandomVariate, "precd", args[0])
            return None
        return _with_shape(ev, "RandomVariate", args, lambda count: precise(ev, count))

    def sample(count):
        values = np.asarray(draw(ev.rng, count))   # discrete distributions give integers
        return values if values.dtype.kind == "i" else values.astype(np.float64)

    return _array_with_shape(ev, "RandomVariate", args, sample)


@builtin(usage="NormalDistribution[μ, σ] is the normal distribution with mean μ and standard "
               "deviation σ; NormalDistribution[] is NormalDistribution[0, 1].",
         examples=[("NormalDistribution[]", "NormalDistribution[0, 1]")])
def NormalDistribution(ev, *args):
    if not args:
        return Expr(S.NormalDistribution, Integer(0), Integer(1))
    return None                                # inert: a distribution is data


@builtin(usage="UniformDistribution[{a, b}] is the uniform distribution on [a, b]; "
               "UniformDistribution[] is UniformDistribution[{0, 1}].",
         examples=[("UniformDistribution[]", "UniformDistribution[{0, 1}]")])
def UniformDistribution(ev, *args):
    if not args:
        return Expr(S.UniformDistribution, _list((Integer(0), Integer(1))))
    return None

