"""Piecewise and special functions scripts use on numbers: ``UnitStep``,
``HeavisideTheta``, ``DiracDelta``, ``UnitBox``, ``UnitTriangle``, ``Piecewise``,
``Erf``, ``Erfc``, ``Fibonacci``, ``Zeta``, ``PolyGamma``, ``Beta``, ``BernoulliB``,
``HarmonicNumber``.

Each gives an exact result for exact arguments where WL does (``UnitStep[-1]`` is 0,
``Erf[0]`` is 0, ``Fibonacci[10]`` is 55), a machine number for machine arguments, and
stays unevaluated for symbolic ones; all are Listable.
"""

from __future__ import annotations

import math
from fractions import Fraction

from wlnet.builtins.arithmetic import is_complex_bignum, mp_value
from wlnet.builtins.linear_algebra import exact_fraction
from wlnet.builtins.numbers import (COMPLEX_INFINITY, ExactComplex, from_py, is_inexact_value,
                                    normalize, to_py)
from wlnet.core.bigreal import MP_FUNCTIONS, BigFloat, mp_apply
from wlnet.core.expr import FALSE, Expr, Integer, Rational, Real, S, TRUE
from wlnet.core.registry import builtin

_LISTABLE = ("Listable", "NumericFunction", "Protected")


def _real(e) -> float | None:
    return float(e.value) if type(e) is Real else None


@builtin("UnitStep", argc=(1, None), attributes=_LISTABLE,
         usage="UnitStep[x] is 0 for x < 0 and 1 for x >= 0; UnitStep[x1, x2, …] is 1 when "
               "every xi >= 0.",
         examples=(("UnitStep[{-2, 0, 3.5}]", "{0, 1, 1}"),))
def unit_step(ev, *xs):
    values = _real_values(xs)
    if values is None:
        return None
    return Integer(int(all(v >= 0 for v in values)))


def _real_values(xs) -> list | None:
    """The arguments as floats (None when one is not a real number)."""
    values = []
    for x in xs:
        v = exact_fraction(x)
        v = float(v) if v is not None else _real(x)
        if v is None or math.isnan(v):
            return None
        values.append(v)
    return values


@builtin("HeavisideTheta", argc=(1, None), attributes=_LISTABLE,
         usage="HeavisideTheta[x] is 0 for x < 0 and 1 for x > 0 (a distribution, unevaluated "
               "at 0); HeavisideTheta[x1, x2, …] is 1 when every xi > 0.",
         examples=(("HeavisideTheta[{-2, 3.5}]", "{0, 1}"),))
def heaviside_theta(ev, *xs):
    values = _real_values(xs)
    if values is None:
        return None
    if any(v < 0 for v in values):
        return Integer(0)
    return Integer(1) if all(v > 0 for v in values) else None


@builtin("DiracDelta", argc=(1, None), attributes=_LISTABLE,
         usage="DiracDelta[x] is the Dirac delta distribution: 0 for real x other than 0, "
               "unevaluated at 0 and for symbols (D[HeavisideTheta[x], x] gives it).",
         examples=(("DiracDelta[{-1, 2.5}]", "{0, 0}"),))
def dirac_delta(ev, *xs):
    values = _real_values(xs)
    if values is None or not any(values):
        return None
    return Integer(0) if any(v != 0 for v in values) else None


@builtin("UnitBox", argc=(1, None), attributes=_LISTABLE,
         usage="UnitBox[x] is 1 for |x| < 1/2 (and at |x| = 1/2) and 0 beyond; UnitBox[x1, "
               "x2, …] the product of the UnitBox of each.",
         examples=(("UnitBox[{0, 1/2, 0.7}]", "{1, 1, 0}"),))
def unit_box(ev, *xs):
    values = _real_values(xs)
    if values is None:
        return None
    return Integer(int(all(abs(v) <= 0.5 for v in values)))


@builtin("UnitTriangle", argc=(1, None), attributes=_LISTABLE,
         usage="UnitTriangle[x] is 1 - |x| for |x| < 1 and 0 beyond; UnitTriangle[x1, x2, …] "
               "the product of the UnitTriangle of each.",
         examples=(("UnitTriangle[{0, 1/4, 2}]", "{1, 3/4, 0}"),))
def unit_triangle(ev, *xs):
    product = Integer(1)
    for x in xs:
        values = _real_values([x])
        if values is None:
            return None
        if abs(values[0]) >= 1:
            return Integer(0)
        product = Expr(S.Times, product, Expr(S.Subtract, Integer(1), Expr(S.Abs, x)))
    return ev.evaluate(product)


@builtin("Piecewise", argc=(1, 2), attributes=("HoldAll", "Protected"),
         usage="Piecewise[{{v1, c1}, {v2, c2}, …}, def] is the first vi whose condition ci is "
               "True, def (default 0) when none is.",
         examples=(("Piecewise[{{-1, 3 < 0}, {1, 3 > 0}}]", "1"),
                   ("f[x_] := Piecewise[{{x^2, x < 0}}, x]; {f[-2], f[3]}", "{4, 3}")))
def piecewise(ev, cases, default=None):
    cases = ev.evaluate(cases) if not (type(cases) is Expr and cases.head is S.List) else cases
    if not (type(cases) is Expr and cases.head is S.List) or not all(
            type(c) is Expr and c.head is S.List and len(c.args) == 2 for c in cases.args):
        return None
    for case in cases.args:
        condition = ev.evaluate(case.args[1])
        if condition is TRUE:
            return ev.evaluate(case.args[0])
        if condition is not FALSE:
            return None                      # a condition not yet known: stays as it is
    return Integer(0) if default is None else ev.evaluate(default)


def numeric_value(name: str, x, machine):
    """``name[x]`` for a number x that is not exact: a bignum or complex bignum through
    mpmath with its precision tracked (bigreal.mp_function), a machine real by
    ``machine(float)``, a machine complex by mpmath at machine precision; None for
    anything else (an exact or symbolic argument)."""
    v = to_py(x)
    try:
        if type(v) is BigFloat or is_complex_bignum(v):
            result = mp_value(name, v)
            return from_py(result) if result is not None else None
        if type(v) is float:
            return from_py(machine(v))
        if type(v) is complex:
            import mpmath
            return from_py(complex(MP_FUNCTIONS[name][0](mpmath.mpc(v))))
    except (ValueError, ZeroDivisionError, OverflowError):
        return None
    return None


def _erf(ev, x) -> Expr | None:
    if type(x) is Integer and x.value == 0:
        return Integer(0)
    return numeric_value("Erf", x, math.erf)


@builtin("Erf", argc=(1, 2), attributes=_LISTABLE,
         usage="Erf[x] is the error function 2/Sqrt[Pi] Integrate[E^-t^2, {t, 0, x}]; "
               "Erf[x0, x1] is Erf[x1] - Erf[x0].",
         examples=(("Erf[0.5]", "0.5204998778130465"), ("Erf[0]", "0")))
def erf(ev, x, x1=None):
    if x1 is None:
        return _erf(ev, x)
    a, b = _erf(ev, x), _erf(ev, x1)
    if a is None or b is None:
        return None
    return ev.evaluate(Expr(S.Subtract, b, a))


@builtin("Erfc", argc=1, attributes=_LISTABLE,
         usage="Erfc[x] is the complementary error function 1 - Erf[x].",
         examples=(("Erfc[0]", "1"),))
def erfc(ev, x):
    if type(x) is Integer and x.value == 0:
        return Integer(1)
    return numeric_value("Erfc", x, math.erfc)


@builtin("Fibonacci", argc=1, attributes=_LISTABLE,
         usage="Fibonacci[n] is the n-th Fibonacci number (Fibonacci[0] = 0, Fibonacci[1] = 1; "
               "negative n as WL extends them).",
         examples=(("Fibonacci[10]", "55"), ("Fibonacci[-3]", "2")))
def fibonacci(ev, n):
    if type(n) is not Integer or abs(n.value) > 10**6:
        return None
    k = abs(n.value)
    value = lucas_like(0, 1, k)
    return Integer(-value if n.value < 0 and k % 2 == 0 else value)


def lucas_like(first: int, second: int, k: int) -> int:
    """The k-th term of the sequence that starts first, second and adds the last two
    (Fibonacci: 0, 1; LucasL: 2, 1)."""
    a, b = first, second
    for _ in range(k):
        a, b = b, a + b
    return a


# ---------------------------------------------------------------------------- Zeta and kin
#
# Exact values where WL gives them at once (Zeta at even positive and at non-positive
# integers, PolyGamma and Beta at integers), machine numbers for machine arguments, and
# bignums (complex ones too) through mpmath with their precision tracked (bigreal.mp_apply);
# Zeta[3] and the like stay as they are, and N gives their digits.

_EXACT_LIMIT = 2000          # largest integer argument given exactly (Bernoulli numbers)


def _mpmath():
    import mpmath
    return mpmath


def bernoulli(n: int) -> Fraction:
    """The Bernoulli number B_n exactly (B_1 = -1/2, as WL's BernoulliB)."""
    p, q = _mpmath().bernfrac(n)
    return Fraction(int(p), int(q))


def _times_pi_power(ev, c: Fraction, n: int):
    return ev.evaluate(Expr(S.Times, from_py(c), Expr(S.Power, S.Pi, Integer(n))))


def _exact_zeta(ev, n: int):
    """Zeta[n] for an integer: ComplexInfinity at 1, rational at 0 and below, a rational
    multiple of Pi^n at even n > 0; None (it stays) at odd n > 1."""
    if n == 1:
        return COMPLEX_INFINITY
    if n <= 0:                    # Zeta[-k] = (-1)^k BernoulliB[k + 1]/(k + 1)
        k = -n
        return from_py((-1) ** k * bernoulli(k + 1) / (k + 1)) if k < _EXACT_LIMIT else None
    if n % 2 or n > _EXACT_LIMIT:
        return None
    sign = 1 if (n // 2) % 2 else -1
    return _times_pi_power(ev, sign * bernoulli(n) * 2 ** (n - 1) / math.factorial(n), n)


def _inexact(*xs) -> bool:
    return any(is_inexact_value(to_py(x)) for x in xs) and all(to_py(x) is not None for x in xs)


def _numeric(ev, f, partials, *xs):
    """f(x1, …) on mpmath for number arguments one of which is inexact: a bignum (complex
    or real) with its precision tracked when the inexact ones are bignums, else a
    machine number (f at mpmath's 53 bits).  ComplexInfinity at a pole; None when mpmath
    has no value."""
    values = [to_py(x) for x in xs]
    m = _mpmath()
    if any(type(v) is float or type(v) is complex for v in values):
        try:
            with m.workprec(53):
                result = f(*[m.mpc(complex(v)) if isinstance(v, (complex, ExactComplex))
                             else m.mpf(float(v)) for v in values])
        except (ValueError, ZeroDivisionError):
            return COMPLEX_INFINITY
        if result is None:
            return None
        if not m.isfinite(result):
            return COMPLEX_INFINITY
        result = complex(result)
        return from_py(result.real if result.imag == 0 else result)
    pairs = [(v.re, v.im) if type(v) is ExactComplex else (v, 0) for v in values]
    parts = mp_apply(f, partials, pairs)
    return from_py(normalize(ExactComplex(*parts))) if parts is not None else None


@builtin("Zeta", argc=(1, 2), attributes=_LISTABLE,
         usage="Zeta[s] is the Riemann zeta function; Zeta[s, a] the Hurwitz zeta function "
               "Sum[(k + a)^-s, {k, 0, Infinity}].",
         examples=(("Zeta[2]", "Pi^2/6"), ("Zeta[-1]", "-1/12"), ("Zeta[3.]", "1.2020569031595942")))
def zeta(ev, s, a=None):
    if a is not None:
        if a == Integer(1):
            return Expr(S.Zeta, s)
        if _inexact(s, a):
            return _numeric(ev, lambda x, y: _mpmath().zeta(x, y),
                            (lambda x, y: _mpmath().zeta(x, y, 1),
                             lambda x, y: -x * _mpmath().zeta(x + 1, y)), s, a)
        return None
    if type(s) is Integer:
        return _exact_zeta(ev, s.value)
    if _inexact(s):
        return _numeric(ev, lambda x: _mpmath().zeta(x), (lambda x: _mpmath().zeta(x, 1, 1),), s)
    return None


def _harmonic(n: int, r: int = 1) -> Fraction:
    return sum((Fraction(1, k ** r) for k in range(1, n + 1)), Fraction(0))


def _exact_polygamma(ev, n: int, z: int):
    """PolyGamma[n, z] at integers: ComplexInfinity at z <= 0; at z > 0,
    PolyGamma[z] = HarmonicNumber[z - 1] - EulerGamma and for n > 0
    (-1)^(n+1) n! (Zeta[n + 1] - HarmonicNumber[z - 1, n + 1])."""
    if z <= 0:
        return COMPLEX_INFINITY
    if z > _EXACT_LIMIT:
        return None
    if n == 0:
        return ev.evaluate(Expr(S.Plus, from_py(_harmonic(z - 1)),
                                Expr(S.Times, Integer(-1), S.EulerGamma)))
    sign = 1 if n % 2 else -1
    return ev.evaluate(Expr(S.Times, Integer(sign * math.factorial(n)),
                            Expr(S.Plus, Expr(S.Zeta, Integer(n + 1)),
                                 from_py(-_harmonic(z - 1, n + 1)))))


@builtin("PolyGamma", argc=(1, 2), attributes=_LISTABLE,
         usage="PolyGamma[z] is the digamma function Gamma'[z]/Gamma[z]; PolyGamma[n, z] its "
               "n-th derivative.",
         examples=(("PolyGamma[3]", "3/2 - EulerGamma"), ("PolyGamma[1, 1]", "Pi^2/6"),
                   ("PolyGamma[0.5]", "-1.9635100260214235")))
def polygamma(ev, n, z=None):
    if z is None:
        n, z = Integer(0), n
    if type(n) is Real and float(n.value).is_integer():
        n = Integer(int(float(n.value)))      # the order as N leaves it: PolyGamma[2.`30, …]
    if type(n) is not Integer or n.value < 0:
        return None
    k = n.value
    if type(z) is Integer:
        return _exact_polygamma(ev, k, z.value)
    if _inexact(z):
        return _numeric(ev, lambda x: _mpmath().psi(k, x),
                        (lambda x: _mpmath().psi(k + 1, x),), z)
    return None


def _beta_partials():
    m = _mpmath()
    return (lambda a, b: m.beta(a, b) * (m.digamma(a) - m.digamma(a + b)),
            lambda a, b: m.beta(a, b) * (m.digamma(b) - m.digamma(a + b)))


@builtin("Beta", argc=2, attributes=_LISTABLE,
         usage="Beta[a, b] is the Euler beta function Gamma[a] Gamma[b]/Gamma[a + b].",
         examples=(("Beta[2, 3]", "1/12"), ("Beta[1/2, 1/2]", "Pi"),
                   ("Beta[2.5, 1.5]", "0.19634954084936207")))
def beta(ev, a, b):
    if _inexact(a, b):
        return _numeric(ev, lambda x, y: _mpmath().beta(x, y), _beta_partials(), a, b)
    if all(type(x) in (Integer, Rational) for x in (a, b)):
        for x, n in ((a, b), (b, a)):       # Beta[x, n] = (n - 1)!/(x (x + 1) … (x + n - 1))
            if type(n) is Integer and 0 < n.value <= 1000:
                v = to_py(x)
                product = math.prod((v + k for k in range(n.value)), start=Fraction(1))
                return from_py(Fraction(math.factorial(n.value - 1)) / product) \
                    if product else COMPLEX_INFINITY
        value = ev.evaluate(Expr(S.Times, Expr(S.Gamma, a), Expr(S.Gamma, b),
                                 Expr(S.Power, Expr(S.Gamma, ev.evaluate(Expr(S.Plus, a, b))),
                                      Integer(-1))))
        return None if _has_head(value, S.Gamma) else value
    return None


def _has_head(e, head) -> bool:
    if type(e) is not Expr:
        return False
    return e.head is head or any(_has_head(x, head) for x in e.args)


@builtin("BernoulliB", argc=1, attributes=_LISTABLE,
         usage="BernoulliB[n] is the n-th Bernoulli number (BernoulliB[1] = -1/2).",
         examples=(("BernoulliB[10]", "5/66"),))
def bernoulli_b(ev, n):
    if type(n) is Integer and 0 <= n.value <= _EXACT_LIMIT:
        return from_py(bernoulli(n.value))
    return None


@builtin("HarmonicNumber", argc=(1, 2), attributes=_LISTABLE,
         usage="HarmonicNumber[n] is Sum[1/k, {k, n}]; HarmonicNumber[n, r] is Sum[1/k^r, {k, n}].",
         examples=(("HarmonicNumber[5]", "137/60"), ("HarmonicNumber[2.5]", "1.680372305546776")))
def harmonic_number(ev, n, r=Integer(1)):
    if type(n) is Integer and type(r) is Integer and 0 <= n.value <= 10 ** 5:
        return from_py(_harmonic(n.value, r.value)) if r.value >= 0 else \
            Integer(sum(k ** -r.value for k in range(1, n.value + 1)))
    if type(r) is Integer and r.value == 1 and _inexact(n):
        return _numeric(ev, lambda x: _mpmath().harmonic(x),
                        (lambda x: _mpmath().psi(1, x + 1),), n)
    return None
