"""The special functions that symbolic results and scripts name beyond the elementary ones:
exponential and trigonometric integrals, Bessel and Airy functions, elliptic integrals,
incomplete gamma and beta functions, error-function inverses, hypergeometric functions,
orthogonal polynomials, PolyLog, ProductLog, Pochhammer, Sinc.

Each is declared by one row of ``_FUNCTIONS``: its mpmath function gives the value at
inexact arguments (machine numbers, or bignums with their precision tracked through
``special_functions._numeric``); exact arguments go to SymPy, which knows the same exact
values and closed forms WL gives (``SinIntegral[0]`` is 0, ``LegendreP[2, x]`` is
``(3 x^2 - 1)/2``, ``Gamma[2, x]`` is ``E^-x (1 + x)``); what SymPy leaves alone stays as it
is.  Integrate, DSolve and Series answer with these heads, so N of their results works.
"""

from __future__ import annotations

import math

from wlnet.builtins._sympy_bridge import Translation, Untranslatable
from wlnet.builtins.special_functions import _inexact, _numeric
from wlnet.core.expr import Expr, Integer, Rational, S, Symbol
from wlnet.core.registry import builtin

_LISTABLE = ("Listable", "NumericFunction", "Protected")


def _mp():
    import mpmath
    return mpmath


def _partials(f, n):
    """Numeric partial derivatives of f (one function per argument), for the precision
    bookkeeping of bignum arguments."""
    def partial(i):
        def d(*zs):
            def along(t):
                return f(*zs[:i], t, *zs[i + 1:])
            return _mp().diff(along, zs[i])
        return d
    return tuple(partial(i) for i in range(n))


def _exact(ev, name, args):
    """The function at exact arguments as SymPy evaluates it, or None when it stays."""
    t = Translation()
    try:
        value = t.to(Expr(Symbol(name), *args))
        if not hasattr(value, "func"):
            return None
        result = t.back(value)
    except (Untranslatable, TypeError, ValueError, ZeroDivisionError, RecursionError):
        return None
    if type(result) is Expr and result.head.name == name and (
            result.args == args or tuple(ev.evaluate(x) for x in result.args) == tuple(args)):
        return None      # SymPy wrote the same call another way (x/b as x*b**-1): it stays,
        #                  and evaluating it would come back here without end
    result = ev.evaluate(result)
    if type(result) is Expr and result.head.name == name and result.args == args:
        return None
    return result


def _declare(name, argc, mp_function, usage, examples=(), exact=True):
    """One special function: ``mp_function(mpmath)`` is its value at mpmath numbers."""
    arity = argc if isinstance(argc, tuple) else (argc, argc)

    def evaluate(ev, *args):
        if _inexact(*args):
            f = mp_function(_mp())
            return _numeric(ev, f, _partials(f, len(args)), *args)
        rule = _EXACT_RULES.get(name)
        value = rule(ev, *args) if rule is not None and len(args) == arity[0] else None
        if value is not None:
            return value
        return _exact(ev, name, args) if exact else None

    builtin(name, argc=arity, attributes=_LISTABLE, usage=usage,
            examples=examples)(evaluate)


def _beta_regularized_of_integers(ev, z, a, b):
    """BetaRegularized[z, a, b] at an exact number z and positive integers a, b: the binomial
    tail Sum[Binomial[n, j] z^j (1 - z)^(n - j), {j, a, n}] with n = a + b - 1, an exact
    number (CDF[BinomialDistribution[10, 1/2], 4] is 193/512); None otherwise."""
    if not (type(a) is Integer and type(b) is Integer and a.value > 0 and b.value > 0
            and a.value + b.value <= 1000 and type(z) in (Integer, Rational)):
        return None
    n = a.value + b.value - 1
    terms = [Expr(S.Times, Integer(math.comb(n, j)), Expr(S.Power, z, Integer(j)),
                  Expr(S.Power, Expr(S.Plus, Integer(1), Expr(S.Times, Integer(-1), z)),
                       Integer(n - j)))
             for j in range(a.value, n + 1)]
    return ev.evaluate(Expr.from_args(S.Plus, terms))


_EXACT_RULES = {"BetaRegularized": _beta_regularized_of_integers}


def _airy(kind, derivative):
    return lambda m: (lambda z: getattr(m, kind)(z, derivative))


# name, argument count, mpmath function, usage, examples
_FUNCTIONS = (
    ("SinIntegral", 1, lambda m: m.si, "SinIntegral[z] is the sine integral "
     "Integrate[Sin[t]/t, {t, 0, z}].", (("SinIntegral[0]", "0"),)),
    ("CosIntegral", 1, lambda m: m.ci, "CosIntegral[z] is the cosine integral "
     "-Integrate[Cos[t]/t, {t, z, Infinity}].", ()),
    ("SinhIntegral", 1, lambda m: m.shi, "SinhIntegral[z] is Integrate[Sinh[t]/t, {t, 0, z}].",
     ()),
    ("CoshIntegral", 1, lambda m: m.chi, "CoshIntegral[z] is the hyperbolic cosine integral.",
     ()),
    ("ExpIntegralEi", 1, lambda m: m.ei, "ExpIntegralEi[z] is the exponential integral "
     "-Integrate[E^-t/t, {t, -z, Infinity}].", ()),
    ("ExpIntegralE", 2, lambda m: m.expint, "ExpIntegralE[n, z] is "
     "Integrate[E^(-z t)/t^n, {t, 1, Infinity}].", ()),
    ("LogIntegral", 1, lambda m: m.li, "LogIntegral[z] is Integrate[1/Log[t], {t, 0, z}].",
     (("LogIntegral[1]", "-Infinity"),)),
    ("Erfi", 1, lambda m: m.erfi, "Erfi[z] is the imaginary error function Erf[I z]/I.", ()),
    ("InverseErf", 1, lambda m: m.erfinv, "InverseErf[s] is the x with Erf[x] == s.",
     (("InverseErf[0]", "0"),)),
    ("InverseErfc", 1, lambda m: (lambda s: m.erfinv(1 - s)),
     "InverseErfc[s] is the x with Erfc[x] == s.", ()),
    ("FresnelS", 1, lambda m: m.fresnels, "FresnelS[z] is Integrate[Sin[Pi t^2/2], {t, 0, z}].",
     ()),
    ("FresnelC", 1, lambda m: m.fresnelc, "FresnelC[z] is Integrate[Cos[Pi t^2/2], {t, 0, z}].",
     ()),
    ("BesselJ", 2, lambda m: m.besselj, "BesselJ[n, z] is the Bessel function of the first "
     "kind.", (("BesselJ[0, 0]", "1"),)),
    ("BesselY", 2, lambda m: m.bessely, "BesselY[n, z] is the Bessel function of the second "
     "kind.", ()),
    ("BesselI", 2, lambda m: m.besseli, "BesselI[n, z] is the modified Bessel function of "
     "the first kind.", ()),
    ("BesselK", 2, lambda m: m.besselk, "BesselK[n, z] is the modified Bessel function of "
     "the second kind.", ()),
    ("AiryAi", 1, _airy("airyai", 0), "AiryAi[z] is the Airy function Ai.", ()),
    ("AiryBi", 1, _airy("airybi", 0), "AiryBi[z] is the Airy function Bi.", ()),
    ("AiryAiPrime", 1, _airy("airyai", 1), "AiryAiPrime[z] is the derivative of AiryAi.", ()),
    ("AiryBiPrime", 1, _airy("airybi", 1), "AiryBiPrime[z] is the derivative of AiryBi.", ()),
    ("EllipticK", 1, lambda m: m.ellipk, "EllipticK[m] is the complete elliptic integral of "
     "the first kind (parameter m).", (("EllipticK[0]", "Pi/2"),)),
    ("EllipticE", (1, 2), lambda m: m.ellipe, "EllipticE[m] is the complete elliptic integral "
     "of the second kind; EllipticE[phi, m] the incomplete one.", (("EllipticE[0]", "Pi/2"),)),
    ("EllipticF", 2, lambda m: m.ellipf, "EllipticF[phi, m] is the elliptic integral of the "
     "first kind.", ()),
    ("ProductLog", (1, 2), lambda m: (lambda *a: m.lambertw(a[-1], int(a[0])) if len(a) == 2
                                      else m.lambertw(a[0])),
     "ProductLog[z] is the principal w with z == w E^w; ProductLog[k, z] the k-th branch.",
     (("ProductLog[0]", "0"),)),
    ("PolyLog", 2, lambda m: m.polylog, "PolyLog[n, z] is the polylogarithm "
     "Sum[z^k/k^n, {k, Infinity}].", (("PolyLog[2, 1]", "Pi^2/6"),)),
    ("Pochhammer", 2, lambda m: m.rf, "Pochhammer[a, n] is the rising factorial "
     "a (a + 1) … (a + n - 1).", (("Pochhammer[3, 4]", "360"),)),
    ("Hypergeometric0F1", 2, lambda m: m.hyp0f1, "Hypergeometric0F1[b, z] is the confluent "
     "hypergeometric limit function.", ()),
    ("Hypergeometric1F1", 3, lambda m: m.hyp1f1, "Hypergeometric1F1[a, b, z] is Kummer's "
     "confluent hypergeometric function.", ()),
    ("Hypergeometric2F1", 4, lambda m: m.hyp2f1, "Hypergeometric2F1[a, b, c, z] is the "
     "hypergeometric function.", ()),
    ("HypergeometricU", 3, lambda m: m.hyperu, "HypergeometricU[a, b, z] is Tricomi's "
     "confluent hypergeometric function.", ()),
    ("LegendreP", (2, 3), lambda m: (lambda *a: m.legenp(a[0], a[1], a[2]) if len(a) == 3
                                     else m.legendre(a[0], a[1])),
     "LegendreP[n, x] is the Legendre polynomial; LegendreP[n, m, x] the associated Legendre "
     "function.", (("LegendreP[2, x]", "-1/2 + (3*x^2)/2"),)),
    ("LegendreQ", 2, lambda m: (lambda n, x: m.legenq(n, 0, x)),
     "LegendreQ[n, x] is the Legendre function of the second kind.", ()),
    ("HermiteH", 2, lambda m: m.hermite, "HermiteH[n, x] is the Hermite polynomial.",
     (("HermiteH[3, x]", "-12*x + 8*x^3"),)),
    ("LaguerreL", (2, 3), lambda m: (lambda *a: m.laguerre(a[0], a[1], a[2]) if len(a) == 3
                                     else m.laguerre(a[0], 0, a[1])),
     "LaguerreL[n, x] is the Laguerre polynomial; LaguerreL[n, a, x] the generalized one.",
     ()),
    ("ChebyshevT", 2, lambda m: m.chebyt, "ChebyshevT[n, x] is the Chebyshev polynomial of "
     "the first kind.", (("ChebyshevT[3, x]", "-3*x + 4*x^3"),)),
    ("ChebyshevU", 2, lambda m: m.chebyu, "ChebyshevU[n, x] is the Chebyshev polynomial of "
     "the second kind.", ()),
    ("GegenbauerC", 3, lambda m: m.gegenbauer, "GegenbauerC[n, m, x] is the Gegenbauer "
     "polynomial.", ()),
    ("JacobiP", 4, lambda m: m.jacobi, "JacobiP[n, a, b, x] is the Jacobi polynomial.", ()),
    ("Sinc", 1, lambda m: m.sinc, "Sinc[z] is Sin[z]/z, and 1 at 0.", (("Sinc[0]", "1"),)),
    ("BetaRegularized", 3, lambda m: (lambda z, a, b: m.betainc(a, b, 0, z, regularized=True)),
     "BetaRegularized[z, a, b] is Beta[z, a, b]/Beta[a, b].", ()),
    ("InverseGammaRegularized", (2, 3), lambda m: _inverse_gamma_regularized(m),
     "InverseGammaRegularized[a, s] is the z with GammaRegularized[a, z] == s; "
     "InverseGammaRegularized[a, z0, s] the z with GammaRegularized[a, z0, z] == s.", ()),
    ("InverseBetaRegularized", 3, lambda m: _inverse_beta_regularized(m),
     "InverseBetaRegularized[s, a, b] is the z with BetaRegularized[z, a, b] == s.", ()),
)


def _inverse_gamma_regularized(m):
    def upper_inverse(a, s):
        if not (0 < s < 1):
            return m.inf if s == 0 else (0 if s == 1 else None)
        guess = max(a - 1, m.mpf("0.5"))
        return m.findroot(lambda z: m.gammainc(a, z, m.inf, regularized=True) - s, guess)

    def inverse(a, *rest):
        if len(rest) == 1:
            return upper_inverse(a, rest[0])
        # GammaRegularized[a, z0, z] = Q(a, z0) - Q(a, z) == s is Q(a, z) == Q(a, z0) - s
        z0, s = rest
        return upper_inverse(a, m.gammainc(a, z0, m.inf, regularized=True) - s)
    return inverse


def _inverse_beta_regularized(m):
    def inverse(s, a, b):
        if not (0 < s < 1):
            return 0 if s == 0 else (1 if s == 1 else None)
        return m.findroot(lambda z: m.betainc(a, b, 0, z, regularized=True) - s,
                          (m.mpf(0), m.mpf(1)), solver="anderson")
    return inverse


for _row in _FUNCTIONS:
    _declare(*_row)


# ---------------------------------------------------------------------------- incomplete gamma

def incomplete_gamma(ev, a, z0, z1=None):
    """Gamma[a, z] (upper incomplete) and Gamma[a, z0, z1] (Gamma[a, z0] - Gamma[a, z1]):
    numbers at inexact arguments, SymPy's closed forms at exact ones (Gamma[1, z] is E^-z,
    Gamma[a, 0] is Gamma[a]), else unevaluated.  Gamma's one-argument rules call this for
    two and three arguments."""
    args = (a, z0) if z1 is None else (a, z0, z1)
    if _inexact(*args):
        m = _mp()

        def f(*xs):
            return m.gammainc(xs[0], xs[1], m.inf if len(xs) == 2 else xs[2])
        return _numeric(ev, f, _partials(f, len(args)), *args)
    if z1 is not None:
        values = [incomplete_gamma(ev, a, z) for z in (z0, z1)]
        if any(v is None for v in values):
            return None
        return ev.evaluate(Expr(S.Plus, values[0], Expr(S.Times, Integer(-1), values[1])))
    if z0 == Integer(0):
        return ev.evaluate(Expr(S.Gamma, a))
    if type(a) is Integer and 0 < a.value <= _GAMMA_EXPANDED_UP_TO:
        return ev.evaluate(_gamma_of_positive_integer(a.value, z0))
    return _exact(ev, "Gamma", args)


_GAMMA_EXPANDED_UP_TO = 100


def _gamma_of_positive_integer(n: int, z):
    """Gamma[n, z] = (n - 1)! E^-z Sum[z^k/k!, {k, 0, n - 1}] with integer coefficients, the
    form WL gives (Gamma[3, x] is E^-x (2 + 2 x + x^2)); SymPy's is 2 (1 + x + x^2/2) E^-x."""
    terms = [Expr(S.Times, Integer(math.factorial(n - 1) // math.factorial(k)),
                  Expr(S.Power, z, Integer(k))) for k in range(n)]
    return Expr(S.Times, Expr(S.Power, S.E, Expr(S.Times, Integer(-1), z)),
                Expr.from_args(S.Plus, terms))


@builtin("GammaRegularized", argc=(2, 3), attributes=_LISTABLE,
         usage="GammaRegularized[a, z] is Gamma[a, z]/Gamma[a]; GammaRegularized[a, z0, z1] "
               "is GammaRegularized[a, z0] - GammaRegularized[a, z1].",
         examples=(("GammaRegularized[1, x]", "E^(-x)"), ("GammaRegularized[a, 0]", "1")))
def gamma_regularized(ev, a, z0, z1=None):
    args = (a, z0) if z1 is None else (a, z0, z1)
    if _inexact(*args):
        m = _mp()

        def f(*xs):
            return m.gammainc(xs[0], xs[1], m.inf if len(xs) == 2 else xs[2],
                              regularized=True)
        return _numeric(ev, f, _partials(f, len(args)), *args)
    if z1 is None and z0 == Integer(0):
        return Integer(1)
    upper = incomplete_gamma(ev, *args)
    if upper is None or _has_incomplete_gamma(upper):
        return None
    return ev.evaluate(Expr(S.Times, upper, Expr(S.Power, Expr(S.Gamma, a), Integer(-1))))


def _has_incomplete_gamma(e) -> bool:
    """Whether an incomplete Gamma[a, …] is still inside e (no closed form was found)."""
    if type(e) is not Expr:
        return False
    if e.head is S.Gamma and len(e.args) > 1:
        return True
    return any(_has_incomplete_gamma(x) for x in e.args)
