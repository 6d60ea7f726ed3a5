"""The special functions of wlnet/builtins/special_functions_extra.py: machine values
against scipy.special (an independent implementation), bignums against mpmath at more
digits, exact values and closed forms as WL gives them, and the declared examples."""

import math

import mpmath
import pytest
import scipy.special as sc

from tests.builtins._support import (Runner, check, check_example, close_to,
                                     declared_examples)
from wlnet.core.expr import Real


def _value(text):
    r = Runner()
    v = r.run(text)
    assert r.messages == [], (text, r.messages)
    return v


MACHINE = [
    ("SinIntegral[1.3]", sc.sici(1.3)[0]),
    ("CosIntegral[1.3]", sc.sici(1.3)[1]),
    ("SinhIntegral[0.7]", sc.shichi(0.7)[0]),
    ("CoshIntegral[0.7]", sc.shichi(0.7)[1]),
    ("ExpIntegralEi[1.2]", sc.expi(1.2)),
    ("ExpIntegralE[2, 1.5]", sc.expn(2, 1.5)),
    ("LogIntegral[3.]", sc.expi(math.log(3.0))),
    ("Erfi[0.8]", float(sc.erfi(0.8))),
    ("InverseErf[0.3]", sc.erfinv(0.3)),
    ("InverseErfc[0.3]", sc.erfcinv(0.3)),
    ("FresnelS[1.1]", sc.fresnel(1.1)[0]),
    ("FresnelC[1.1]", sc.fresnel(1.1)[1]),
    ("BesselJ[2, 3.5]", sc.jv(2, 3.5)),
    ("BesselY[1, 2.5]", sc.yv(1, 2.5)),
    ("BesselI[0, 1.5]", sc.iv(0, 1.5)),
    ("BesselK[1, 1.5]", sc.kv(1, 1.5)),
    ("BesselJ[0.5, 2.]", sc.jv(0.5, 2.0)),
    ("AiryAi[0.5]", sc.airy(0.5)[0]),
    ("AiryAiPrime[0.5]", sc.airy(0.5)[1]),
    ("AiryBi[0.5]", sc.airy(0.5)[2]),
    ("AiryBiPrime[0.5]", sc.airy(0.5)[3]),
    ("EllipticK[0.3]", sc.ellipk(0.3)),
    ("EllipticE[0.3]", sc.ellipe(0.3)),
    ("EllipticE[0.9, 0.3]", sc.ellipeinc(0.9, 0.3)),
    ("EllipticF[0.9, 0.3]", sc.ellipkinc(0.9, 0.3)),
    ("ProductLog[2.]", sc.lambertw(2.0).real),
    ("ProductLog[-1, -0.2]", sc.lambertw(-0.2, -1).real),
    ("PolyLog[3, 0.4]", float(mpmath.polylog(3, 0.4))),
    ("Pochhammer[2.5, 3]", sc.poch(2.5, 3)),
    ("Hypergeometric0F1[1.5, 0.7]", sc.hyp0f1(1.5, 0.7)),
    ("Hypergeometric1F1[1, 2.5, 0.7]", sc.hyp1f1(1, 2.5, 0.7)),
    ("Hypergeometric2F1[1, 2, 3.5, 0.4]", sc.hyp2f1(1, 2, 3.5, 0.4)),
    ("HypergeometricU[1, 2.5, 0.7]", sc.hyperu(1, 2.5, 0.7)),
    ("LegendreP[3, 0.4]", sc.eval_legendre(3, 0.4)),
    ("HermiteH[4, 0.4]", sc.eval_hermite(4, 0.4)),
    ("LaguerreL[3, 0.4]", sc.eval_laguerre(3, 0.4)),
    ("LaguerreL[3, 1.5, 0.4]", sc.eval_genlaguerre(3, 1.5, 0.4)),
    ("ChebyshevT[5, 0.4]", sc.eval_chebyt(5, 0.4)),
    ("ChebyshevU[5, 0.4]", sc.eval_chebyu(5, 0.4)),
    ("GegenbauerC[3, 1.5, 0.4]", sc.eval_gegenbauer(3, 1.5, 0.4)),
    ("JacobiP[3, 0.5, 1.5, 0.4]", sc.eval_jacobi(3, 0.5, 1.5, 0.4)),
    ("Sinc[0.7]", math.sin(0.7) / 0.7),
    ("Gamma[2.5, 1.2]", sc.gammaincc(2.5, 1.2) * sc.gamma(2.5)),
    ("Gamma[2.5, 0.5, 1.2]", (sc.gammaincc(2.5, 0.5) - sc.gammaincc(2.5, 1.2)) * sc.gamma(2.5)),
    ("GammaRegularized[2.5, 1.2]", sc.gammaincc(2.5, 1.2)),
    ("InverseGammaRegularized[2.5, 0.3]", sc.gammainccinv(2.5, 0.3)),
    # the z with GammaRegularized[a, z0, z] == s: Q(a, z) == Q(a, z0) - s
    ("InverseGammaRegularized[2.5, 0.4, 0.3]",
     sc.gammainccinv(2.5, sc.gammaincc(2.5, 0.4) - 0.3)),
    ("InverseGammaRegularized[2.5, 0, 0.3]", sc.gammaincinv(2.5, 0.3)),
    ("BetaRegularized[0.3, 2.5, 1.5]", sc.betainc(2.5, 1.5, 0.3)),
    ("InverseBetaRegularized[0.3, 2.5, 1.5]", sc.betaincinv(2.5, 1.5, 0.3)),
]


@pytest.mark.parametrize("text, want", MACHINE, ids=[t for t, _ in MACHINE])
def test_machine_values_agree_with_scipy(text, want):
    got = _value(text)
    assert type(got) is Real and got.is_machine, text
    assert math.isclose(got.value, want, rel_tol=1e-10, abs_tol=1e-14), (text, got, want)


@pytest.mark.parametrize("text, want", [
    ("N[SinIntegral[1], 30]", lambda: mpmath.si(1)),
    ("BesselJ[2, N[7/2, 30]]", lambda: mpmath.besselj(2, mpmath.mpf(7) / 2)),
    ("Gamma[5/2, N[6/5, 30]]", lambda: mpmath.gammainc(mpmath.mpf(5) / 2, mpmath.mpf(6) / 5)),
    ("N[EllipticK[3/10], 30]", lambda: mpmath.ellipk(mpmath.mpf(3) / 10)),
])
def test_bignums_keep_their_digits(text, want):
    got = _value(text)
    assert type(got) is Real and not got.is_machine and got.precision > 27, text
    with mpmath.workdps(60):
        assert abs(mpmath.mp.make_mpf(got.value.v) - want()) < mpmath.mpf(10) ** -27


@pytest.mark.parametrize("text, expected", [
    ("SinIntegral[0]", "0"),
    ("ExpIntegralEi[0]", "-Infinity"),
    ("LogIntegral[1]", "-Infinity"),
    ("BesselJ[0, 0]", "1"),
    ("BesselJ[1, 0]", "0"),
    ("EllipticK[0]", "Pi/2"),
    ("ProductLog[0]", "0"),
    ("ProductLog[E]", "1"),
    ("PolyLog[2, 1]", "Pi^2/6"),
    ("Pochhammer[3, 4]", "360"),
    ("Pochhammer[x, 3]", "x (1 + x) (2 + x)"),
    ("Sinc[0]", "1"),
    ("InverseErf[0]", "0"),
    ("LegendreP[2, x]", "-1/2 + 3 x^2/2"),
    ("HermiteH[3, x]", "-12 x + 8 x^3"),
    ("ChebyshevT[4, x]", "1 - 8 x^2 + 8 x^4"),
    ("ChebyshevU[2, x]", "-1 + 4 x^2"),
    ("LaguerreL[2, x]", "1 - 2 x + x^2/2"),
    ("Gamma[1, x]", "E^-x"),
    ("Gamma[2, x]", "E^-x (1 + x)"),
    # integer coefficients, as WL writes it (not SymPy's 2 (1 + x + x^2/2) E^-x)
    ("Gamma[3, x]", "E^-x (2 + 2 x + x^2)"),
    ("Gamma[5, y]", "E^-y (24 + 24 y + 12 y^2 + 4 y^3 + y^4)"),
    ("Gamma[3, 2]", "10/E^2"),
    ("Gamma[1/2, x]", "Sqrt[Pi] Erfc[Sqrt[x]]"),
    ("Gamma[a, 0]", "Gamma[a]"),
    ("GammaRegularized[1, x]", "E^-x"),
    ("GammaRegularized[a, 0]", "1"),
    ("Gamma[2, 0, x]", "1 - E^-x (1 + x)"),
])
def test_exact_values_and_closed_forms(text, expected):
    check(text, expected, evaluate_expected=True)


@pytest.mark.parametrize("text", [
    "SinIntegral[x]", "BesselJ[n, x]", "Gamma[a, z]", "GammaRegularized[a, z]",
    "LegendreP[n, x]", "PolyLog[3, z]", "Hypergeometric2F1[a, b, c, z]", "SinIntegral[1]",
])
def test_symbolic_and_exact_arguments_without_a_closed_form_stay(text):
    check(text, text)


def test_listable_and_n_of_symbolic_results():
    check("BesselJ[{0, 1}, 2.]", "{0.22389077914123567, 0.5767248077568734}",
          same=close_to(1e-12))
    check("N[Integrate[Sin[x]/x, {x, 0, 2}]]", "1.6054129768026948", same=close_to(1e-12))
    check("Integrate[Sin[x]/x, x]", "SinIntegral[x]")


def test_wrong_argument_counts_are_messages():
    check("BesselJ[1.]", "BesselJ[1.]", ["BesselJ::argr"])
    check("Gamma[1, 2, 3, 4]", "Gamma[1, 2, 3, 4]", ["Gamma::argb"])


@pytest.mark.parametrize("name,text,expected", declared_examples("special_functions_extra"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)
