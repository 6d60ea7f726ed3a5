"""UnitStep, Piecewise, Erf, Erfc, Fibonacci, Zeta, PolyGamma, Beta, BernoulliB,
HarmonicNumber against Mathics3 (where it has them) and by hand; their bignums against
mpmath."""

import mpmath
import pytest

from tests.builtins._support import (Runner, check, check_example, declared_examples,
                                     differential_table)
from wlnet.core.expr import Real

CASES = [
    ("UnitStep[{-2, 0, 3.5, -1/2}]", None),
    ("UnitStep[x]", None),
    ("UnitStep[1, -1]", None),
    ("HeavisideTheta[{-2, 3.5}]", "{0, 1}", "MISSING in Mathics3"),
    ("HeavisideTheta[0]", "HeavisideTheta[0]", "a distribution: unevaluated at 0"),
    ("HeavisideTheta[1, -1]", "0", "MISSING in Mathics3"),
    ("DiracDelta[{-1, 2.5}]", "{0, 0}", "MISSING in Mathics3"),
    ("DiracDelta[0]", "DiracDelta[0]", "a distribution: unevaluated at 0"),
    ("UnitBox[{0, 1/2, 0.7}]", "{1, 1, 0}", "MISSING in Mathics3"),
    ("UnitTriangle[{0, 1/4, 2, 0.5}]", "{1, 3/4, 0, 0.5}", "MISSING in Mathics3"),
    ("Piecewise[{{-1, 3 < 0}, {1, 3 > 0}}]", None),
    ("Piecewise[{{-1, 3 < 0}}]", None),
    ("Piecewise[{{-1, 3 < 0}}, 7]", None),
    ("Erf[0]", None),
    ("Erf[0.5]", None),
    ("Erfc[0.5]", None),
    ("Erf[0, 0.5]", "0.5204998778130465", "Erf[x0, x1] is Erf[x1] - Erf[x0]"),
    ("Fibonacci[10]", None),
    ("Fibonacci[{0, 1, 2, 20}]", None),
    ("Fibonacci[-4]", None),
    ("Zeta[{2, 4, 10}]", None),
    ("Zeta[{0, -1, -2, -3}]", None),
    ("Zeta[1]", None),
    ("Zeta[3]", "Zeta[3]", "odd values stay; N gives their digits"),
    ("Zeta[3.]", None),
    ("Zeta[s]", None),
    ("Zeta[2.5, 2.]", "0.34148725725091716", "Hurwitz zeta numerically (Mathics3 keeps it)"),
    ("PolyGamma[{1, 3}]", None),
    ("PolyGamma[{1, 2}, 1]", None),
    ("PolyGamma[1, 2]", None),
    ("PolyGamma[0]", None),
    ("PolyGamma[0.5]", None),
    ("Beta[2, 3]", None),
    ("Beta[1/2, 1/2]", None),
    ("Beta[1/3, 2]", "9/4", "Gamma[1/3] cancels (Mathics3 keeps it)"),
    ("Beta[2.5, 1.5]", None),
    ("BernoulliB[{0, 1, 2, 10}]", "{1, -1/2, 1/6, 5/66}", "WL: BernoulliB[1] is -1/2 (Mathics3 +1/2)"),
    ("HarmonicNumber[5]", None),
    ("HarmonicNumber[2.5]", None),
]

test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "special_functions")


def test_piecewise_waits_for_an_unknown_condition_and_defines_functions():
    check("f[x_] := Piecewise[{{x^2, x < 0}}, x]; {f[-2], f[3], Head[f[y]]}", "{4, 3, Piecewise}",
          evaluate_expected=True)


@pytest.mark.parametrize("name,text,expected", declared_examples("special_functions"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text, want", [
    ("N[Zeta[3], 30]", lambda: mpmath.zeta(3)),
    ("Zeta[N[5/2, 30]]", lambda: mpmath.zeta(mpmath.mpf(5) / 2)),
    ("N[PolyGamma[1/3], 30]", lambda: mpmath.digamma(mpmath.mpf(1) / 3)),
    ("N[PolyGamma[2, 1/3], 30]", lambda: mpmath.psi(2, mpmath.mpf(1) / 3)),
    ("N[Beta[1/3, 1/4], 30]", lambda: mpmath.beta(mpmath.mpf(1) / 3, mpmath.mpf(1) / 4)),
    ("Zeta[N[1/2 + 10 I, 30]]", lambda: mpmath.zeta(mpmath.mpc(0.5, 10))),
])
def test_bignums_of_the_special_functions(text, want):
    r = Runner()
    result = r.run(text)
    assert r.messages == []
    with mpmath.workdps(80):
        parts = [result] if type(result) is Real else [result.re, result.im]
        assert all(not p.is_machine and p.precision > 27 for p in parts), text
        got = mpmath.mpc(*[mpmath.mp.make_mpf(p.value.v) for p in parts])
        assert abs(got - want()) < abs(want()) * mpmath.mpf(10) ** -27, text


def test_gamma_at_half_integers_and_its_bignums():
    check("Gamma[{1/2, 7/2, -3/2}]", "{Sqrt[Pi], 15 Sqrt[Pi]/8, 4 Sqrt[Pi]/3}",
          evaluate_expected=True)
    check("Head[Gamma[1/3]]", "Gamma")
