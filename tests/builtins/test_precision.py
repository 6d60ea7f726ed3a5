"""Arbitrary-precision numbers in the language: N[expr, n] (wlnet/builtins/arithmetic.py),
Precision, Accuracy, SetPrecision, SetAccuracy, MachineNumberQ and the precision symbols
(wlnet/builtins/precision.py), significance arithmetic in Plus/Times/Power and the
elementary functions, comparisons, rounding and printing.

Printed digits are checked against Mathics3 where it agrees with the Wolfram Language (its
InputForm of N[...] has the same digits and marks); precisions after arithmetic follow WL's
significance arithmetic, which Mathics3 does not do (it keeps the lowest precision), so
those answers are written by hand from the rule: uncertainties add.
"""

import math

import mpmath
import pytest

from tests.builtins._support import (Runner, check_example, close_printed, declared_examples,
                                     example_id, needs_mathics, without_examples, without_usage)
from tests.oracle_mathics import mathics_evaluate
from wlnet.core.expr import Complex, Integer, Real, Symbol
from wlnet.syntax.printer import input_form, output_form

EXAMPLES = declared_examples("precision")
MACHINE = 53 * math.log10(2)          # $MachinePrecision


@pytest.fixture
def runner():
    return Runner()


def test_every_builtin_has_usage_and_an_example():
    assert without_usage("precision") == []
    assert without_examples("precision") == []


@pytest.mark.parametrize("name, text, expected", EXAMPLES, ids=example_id)
def test_declared_example(name, text, expected):
    check_example(name, text, expected, same=close_printed)


# ---------------------------------------------------------------------------- N[expr, n]

# what Wolfram's OutputForm shows: every significant digit, trailing zeros included
OUTPUT_FORMS = [
    ("N[Pi, 30]", "3.14159265358979323846264338328"),
    ("N[Pi, 50]", "3.1415926535897932384626433832795028841971693993751"),
    ("N[Sqrt[2], 30]", "1.41421356237309504880168872421"),
    ("N[E^10, 20]", "22026.465794806716517"),
    ("N[1/3, 25]", "0.3333333333333333333333333"),
    ("N[1/4, 20]", "0.25000000000000000000"),
    ("N[{Pi, E}, 20]", "{3.1415926535897932385, 2.7182818284590452354}"),
    ("N[Sin[1] + Log[2], 30]", "1.53461816536784181606973444309"),
    ("N[10^10 Pi, 20]", "3.1415926535897932385*10^10"),
    ("N[Pi/10^7, 20]", "3.1415926535897932385*10^-7"),
    ("N[x + Pi, 20]", "3.1415926535897932385 + x"),
    ("N[Sqrt[-2], 20]", "1.4142135623730950488 I"),
    ("N[Log[-2], 20]", "0.69314718055994530942 + 3.1415926535897932385 I"),
    ("N[E^(I Pi/3), 20]", "0.50000000000000000000 + 0.86602540378443864676 I"),
    ("N[GoldenRatio, 30]", "1.61803398874989484820458683437"),
    ("N[MachinePrecision, 20]", "15.954589770191003346"),
    ("N[Pi - 314159265358979/10^14, 20]", "3.2384626433832795029*10^-15"),
]


@pytest.mark.parametrize("text, shown", OUTPUT_FORMS)
def test_n_shows_the_significant_digits(runner, text, shown):
    assert output_form(runner.run(text)) == shown
    assert runner.messages == []


@needs_mathics
@pytest.mark.parametrize("text", ["N[Pi, 30]", "N[Sqrt[2], 30]", "N[1/3, 25]", "N[E^10, 20]",
                                  "N[{Pi, E}, 20]", "N[Sin[1], 20]", "N[Log[2], 20]",
                                  "N[ArcTan[1/3], 25]", "N[2^(1/3), 20]", "N[Tanh[1/2], 20]",
                                  "N[10^10 Pi, 20]", "N[Pi/10^7, 20]", "N[Exp[-3/2], 40]"])
def test_n_agrees_with_mathics_digit_for_digit(runner, text):
    want, _ = mathics_evaluate(text)
    assert input_form(runner.run(text)) == input_form(want)


def test_n_gives_the_precision_asked_for(runner):
    for text in ("N[Pi, 50]", "N[Sqrt[2] + Sqrt[3], 40]", "N[Exp[100], 20]"):
        assert runner.run(f"Precision[{text}]") == Real(float(text.rsplit(", ", 1)[1][:-1]))


def test_n_works_harder_where_digits_cancel(runner):
    # 15 digits cancel: the working precision rises so the difference still has 20
    result = runner.run("N[Pi - 314159265358979/10^14, 20]")
    assert result.precision == 20.0 and runner.messages == []
    with mpmath.workdps(60):
        want = mpmath.pi - mpmath.mpf(314159265358979) / 10 ** 14
        assert abs(mpmath.mpf(result.value.v) - want) / want < mpmath.mpf(10) ** -20


def test_n_gives_up_past_max_extra_precision(runner):
    result = runner.run("N[(1 + Sqrt[5])/2 - GoldenRatio, 20]")
    assert runner.tags == ["N::meprec"]
    assert type(result) is Real and result.value.is_zero


def test_n_never_adds_digits_a_number_does_not_have(runner):
    # 1.5`10 knows 9.8 digits after the point; so does its sum with Pi (4.64…)
    assert runner.run("Precision[N[1.5`10 + Pi, 30]]").value == \
        pytest.approx(10 + math.log10((1.5 + math.pi) / 1.5))
    assert runner.run("N[1.5 + Pi, 30]") == Real(1.5 + math.pi)
    assert runner.messages == []


def test_n_with_machine_precision_is_n(runner):
    assert runner.run("N[Pi, MachinePrecision]") == Real(math.pi)


@pytest.mark.parametrize("spec", ["-1", "0", "x", "10^6", "\"a\""])
def test_a_bad_precision_is_refused_with_a_message(runner, spec):
    assert input_form(runner.run(f"N[Pi, {spec}]")).startswith("N[Pi, ")
    assert runner.tags == ["N::precbd"]


def test_n_of_a_packed_array_unpacks_into_bignums(runner):
    result = runner.run("N[Range[3], 30]")
    assert [a.precision for a in result.args] == [30.0] * 3
    assert runner.run("Developer`PackedArrayQ[N[Range[3], 30]]") is Symbol("False")
    assert runner.run("N[N[Range[3]], 30] == N[Range[3]]") is Symbol("True")


# ---------------------------------------------------------------------------- precision

def test_precision_and_accuracy(runner):
    assert runner.run("Precision[1/3]") == runner.run("Infinity")
    assert runner.run("Precision[1.5]") is Symbol("MachinePrecision")
    assert runner.run("Precision[N[Pi, 30]]") == Real(30.0)
    assert runner.run("Precision[{1, 2.5`20, x}]") == Real(20.0)
    assert runner.run("Precision[{1.5, 2.5`20}]") is Symbol("MachinePrecision")
    assert runner.run("Accuracy[N[Pi, 30]]").value == pytest.approx(30 - math.log10(math.pi))
    assert runner.run("Accuracy[1.5]").value == pytest.approx(15.9546 - math.log10(1.5),
                                                              abs=1e-4)
    assert runner.run("Accuracy[x]") == runner.run("Infinity")


def test_machine_precision_symbols(runner):
    assert runner.run("$MachinePrecision").value == pytest.approx(53 * math.log10(2))
    assert runner.run("N[MachinePrecision]").value == pytest.approx(53 * math.log10(2))
    assert runner.run("$MaxExtraPrecision") == Real(50.0)
    assert runner.run("NumericQ[MachinePrecision]") is Symbol("True")
    assert runner.run("MachineNumberQ /@ {1.5, 1.5`20, 3, 1. + 2. I}") == \
        runner.run("{True, False, False, True}")


def test_set_precision(runner):
    assert input_form(runner.run("SetPrecision[0.1, 20]")) == "0.10000000000000000555`20."
    assert input_form(runner.run("SetPrecision[1/3, 20]")) == "0.33333333333333333333`20."
    assert input_form(runner.run("SetPrecision[N[Pi, 30], 10]")) == "3.141592654`10."
    assert input_form(runner.run("SetPrecision[Pi + x, 20]")) == "3.1415926535897932385`20. + x"
    assert runner.run("SetPrecision[0.5, Infinity]") == runner.run("1/2")
    assert runner.run("SetPrecision[N[Pi, 20], MachinePrecision]") == Real(math.pi)
    assert runner.messages == []


def test_set_precision_refuses_bad_precisions(runner):
    runner.run("SetPrecision[1, -1]")
    assert runner.tags == ["SetPrecision::precsm"]
    runner.run("SetPrecision[1, x]")
    assert runner.tags == ["SetPrecision::precbd"]
    runner.run("SetAccuracy[1, x]")
    assert runner.tags == ["SetAccuracy::precbd"]


def test_set_accuracy(runner):
    assert runner.run("Accuracy[SetAccuracy[100, 10]]") == Real(10.0)
    assert runner.run("Precision[SetAccuracy[100, 10]]").value == pytest.approx(12.0)
    assert runner.run("Accuracy[SetAccuracy[Pi, 30]]").value == pytest.approx(30.0)


# ---------------------------------------------------------------------------- arithmetic

def precision_of(runner, text):
    value = runner.run(f"Precision[{text}]")
    assert type(value) is Real, input_form(value)
    return value.value


def test_significance_arithmetic(runner):
    lg = math.log10
    # products: relative uncertainties add (about the smaller precision)
    assert precision_of(runner, "N[Pi, 20]^2") == pytest.approx(20 - lg(2))
    assert precision_of(runner, "N[Pi, 30] N[E, 20]") == pytest.approx(20, abs=1e-6)
    assert precision_of(runner, "3 N[Pi, 20]") == pytest.approx(20)
    # sums: absolute uncertainties add, so cancellation loses digits
    assert precision_of(runner, "1.5`20 + 1") == pytest.approx(20 + lg(2.5 / 1.5))
    assert precision_of(runner, "N[1 + 10^-10, 20] - 1") == pytest.approx(10, abs=0.01)
    # functions: the derivative scales the uncertainty
    assert precision_of(runner, "Sqrt[N[2, 30]]") == pytest.approx(30 + lg(2))
    assert precision_of(runner, "Exp[N[2, 20]]") == pytest.approx(20 - lg(2), abs=1e-6)


def test_a_cancelled_difference_is_a_zero_with_an_accuracy(runner):
    zero = runner.run("N[1, 20] - N[1, 20]")
    assert zero.value.is_zero and zero.precision == 0.0
    assert output_form(zero) == "0.*10^-20"
    assert input_form(zero) == "0.``19.69897000433602"
    assert runner.run("Accuracy[N[1, 20] - N[1, 20]]").value == pytest.approx(20 - math.log10(2))


def test_machine_numbers_and_exact_numbers_mixed_with_bignums(runner):
    assert runner.run("N[Pi, 20] + 1.5") == Real(math.pi + 1.5)
    assert runner.run("N[Pi, 20] 2.") == Real(2 * math.pi)
    assert precision_of(runner, "N[Pi, 20] + 1") == \
        pytest.approx(20 + math.log10((math.pi + 1) / math.pi))
    # Pi is taken to a few more digits than N[Pi, 20] has: the sum is known as well as 2 x
    assert output_form(runner.run("N[Pi, 20] + Pi")) == "6.2831853071795864769"
    assert precision_of(runner, "N[Pi, 20] + Pi") == pytest.approx(20 + math.log10(2), abs=1e-6)
    assert runner.run("0 N[Pi, 20]") == Integer(0)


def test_complex_bignums(runner):
    assert input_form(runner.run("N[I, 20]")) == "1.`20.*I"
    assert input_form(runner.run("N[1/(1 + I), 20]")) == "0.5`20. - 0.5`20.*I"
    assert input_form(runner.run("Abs[N[3 + 4 I, 20]]")) == "5.`20."
    assert runner.run("N[I, 20] 2.") == Complex(Real(0.0), Real(2.0))


def test_equal_compares_within_precision(runner):
    for text, want in (("N[Pi, 20] == N[Pi, 20] + 10^-25", True),
                       ("N[1, 30] == 1 + 10^-25", False),
                       ("N[1, 30] == 1 + 10^-29", True),
                       ("N[Pi, 20] == Pi", True),
                       ("N[Pi, 20] == N[E, 20]", False),
                       ("N[Pi, 20] < N[Pi, 20] + 10^-25", False),
                       ("N[Pi, 20] <= N[Pi, 20] + 10^-25", True),
                       ("N[Pi, 20] < N[Pi, 20] + 10^-10", True),
                       ("N[I, 20] == I", True)):
        assert runner.run(text) is Symbol(str(want)), text


def test_rounding_and_parts(runner):
    assert runner.run("{Round[N[Pi, 20]], Floor[N[Pi, 20]], Ceiling[N[Pi, 20]], "
                      "IntegerPart[-N[Pi, 20]], Round[N[5/2, 20]], Round[N[7/2, 20]]}") == \
        runner.run("{3, 3, 4, -3, 2, 4}")
    assert input_form(runner.run("FractionalPart[N[Pi, 20]]")).startswith("0.1415926535897932385`")
    assert input_form(runner.run("Mod[N[Pi, 20], 1]")).startswith("0.1415926535897932385`")
    assert runner.run("Round[N[Pi, 20], 1/100]") == runner.run("157/50")
    assert runner.run("Rationalize[N[1/3, 20]]") == runner.run("1/3")
    assert runner.run("Rationalize[N[Pi, 20]]") == runner.run("N[Pi, 20]")
    assert runner.run("Chop[N[10^-30, 20]]") == Integer(0)
    assert runner.messages == []


def test_bignums_are_numbers_to_the_language(runner):
    assert runner.run("{NumberQ[N[Pi, 20]], MatchQ[N[Pi, 20], _Real], Head[N[Pi, 20]], "
                      "IntegerQ[N[2, 20]]}") == runner.run("{True, True, Real, False}")
    assert runner.run("Sort[{N[Pi, 20], 3, 3.5}]") == runner.run("{3, N[Pi, 20], 3.5}")
    assert runner.run("ToString[N[Pi, 20]]") == runner.run("\"3.1415926535897932385\"")


def test_list_functions_keep_bignums(runner):
    assert input_form(runner.run("Range[N[1, 20], 3]")).startswith("{1.`20., 2.`20.3")
    assert [a.precision is not None for a in runner.run("Range[0, 1, N[1/4, 20]]").args] == \
        [True] * 5
    assert input_form(runner.run("Variance[{N[1, 20], 2, 3}]")).startswith("1.`19.6")
    assert output_form(runner.run("StandardDeviation[{N[1, 20], N[2, 20]}]")) == \
        "0.7071067811865475244"
    assert output_form(runner.run("{N[Pi, 20], 1} . {1, N[Pi, 20]}")) == "6.2831853071795864769"
    assert output_form(runner.run("ArcTan[N[1, 20], N[2, 20]]")) == "1.1071487177940905030"
    assert output_form(runner.run("ArcTan[-1, N[1, 20]]")) == "2.35619449019234492885"
    assert runner.messages == []


def test_n_of_exact_zero_is_a_zero_of_that_accuracy(runner):
    assert input_form(runner.run("N[{0, 1/2}, 20]")) == "{0.``20., 0.5`20.}"
    assert runner.messages == []


def test_max_extra_precision_bounds_the_extra_work(runner):
    runner.run("Block[{$MaxExtraPrecision = 5}, N[Pi - 314159265358979/10^14, 20]]")
    assert runner.tags == ["N::meprec"] and "= 5." in runner.messages[0]
    result = runner.run("Block[{$MaxExtraPrecision = 100}, "
                        "N[Pi - 3141592653589793238462643383/10^27, 20]]")
    assert runner.messages == [] and result.precision == 20.0


def test_to_python_keeps_every_bit_of_a_bignum():
    from wlnet.core.expr import to_python
    r = Runner().run("N[Pi, 40]")
    assert to_python(r)._mpf_ == r.value.v


def test_factorial_of_a_bignum_is_gamma_to_its_precision(runner):
    # (1/2)! = Sqrt[Pi]/2; the 30-digit value rounds its last digit: compare 28 of them
    assert output_form(runner.run("Factorial[N[1/2, 30]]"))[:30] == \
        output_form(runner.run("N[Sqrt[Pi]/2, 30]"))[:30]
    # the uncertainty grows by x PolyGamma[x + 1] = 5 (137/60 - EulerGamma) ≈ 7.5
    assert precision_of(runner, "N[5, 20]!") == pytest.approx(20 - math.log10(7.53), abs=0.1)


# ---------------------------------------------------------------------------- complex bignums

def _complex_value(result):
    """A complex bignum result as an mpmath mpc with its two parts' precisions."""
    assert type(result) is Complex, input_form(result)
    with mpmath.workdps(80):                    # mpc() rounds to the working precision
        parts = [mpmath.mp.make_mpf(p.value.v) for p in (result.re, result.im)]
        return mpmath.mpc(*parts), [p.precision for p in (result.re, result.im)]


# (wlnet text of f at z = 1 + I to 30 digits, the same with mpmath, |f'(z)| by mpmath)
COMPLEX_FUNCTIONS = [
    ("Exp", mpmath.exp, mpmath.exp),
    ("Log", mpmath.log, lambda z: 1 / z),
    ("Sqrt", mpmath.sqrt, lambda z: 1 / (2 * mpmath.sqrt(z))),
    ("Sin", mpmath.sin, mpmath.cos),
    ("Cos", mpmath.cos, mpmath.sin),
    ("Tan", mpmath.tan, lambda z: 1 / mpmath.cos(z) ** 2),
    ("ArcTan", mpmath.atan, lambda z: 1 / (1 + z * z)),
    ("Sinh", mpmath.sinh, mpmath.cosh),
    ("Cosh", mpmath.cosh, mpmath.sinh),
    ("ArcSin", mpmath.asin, lambda z: 1 / mpmath.sqrt(1 - z * z)),
    ("ArcCosh", mpmath.acosh, lambda z: 1 / mpmath.sqrt(z * z - 1)),
    ("Gamma", mpmath.gamma, lambda z: mpmath.gamma(z) * mpmath.digamma(z)),
    ("LogGamma", mpmath.loggamma, mpmath.digamma),
    ("Erf", mpmath.erf, lambda z: 2 / mpmath.sqrt(mpmath.pi) * mpmath.exp(-z * z)),
]


@pytest.mark.parametrize("name, f, slope", COMPLEX_FUNCTIONS, ids=[c[0] for c in COMPLEX_FUNCTIONS])
def test_functions_of_a_complex_bignum(runner, name, f, slope):
    """f(1 + I) to 30 digits: every digit mpmath gives at 60, and the accuracy the
    argument's uncertainty leaves after |f'(z)| (significance arithmetic, as WL)."""
    got, precisions = _complex_value(runner.run(f"{name}[N[1 + I, 30]]"))
    assert runner.messages == []
    with mpmath.workdps(60):
        z = mpmath.mpc(1, 1)
        want = f(z)
        accuracy = 30 - math.log10(float(abs(slope(z))))
        assert abs(got - want) < mpmath.mpf(10) ** -(accuracy - 1)
        for part, precision in zip((want.real, want.imag), precisions):
            assert precision == pytest.approx(accuracy + math.log10(abs(float(part))), abs=1e-6)


def test_powers_of_complex_bignums(runner):
    with mpmath.workdps(60):
        z = mpmath.mpc(1, 1)
        for text, want in [("N[1 + I, 30]^2", z ** 2), ("N[1 + I, 30]^-1", 1 / z),
                           ("N[1 + I, 30]^N[1/3, 30]", z ** (mpmath.mpf(1) / 3)),
                           ("2^N[1 + I, 30]", 2 ** z), ("N[1 + I, 30]^N[1 + I, 30]", z ** z),
                           ("N[(1 + I)^(1/3), 40]", z ** (mpmath.mpf(1) / 3))]:
            got, precisions = _complex_value(runner.run(text))
            assert runner.messages == [], text
            assert abs(got - want) < mpmath.mpf(10) ** -28, text
            assert all(28 < p < 42 for p in precisions if p), text      # 0.``29: a zero


def test_real_bignums_outside_the_real_domain_are_complex_bignums(runner):
    got, precisions = _complex_value(runner.run("ArcSin[N[2, 30]]"))
    with mpmath.workdps(60):
        assert abs(got - mpmath.mpc(mpmath.pi / 2, -mpmath.acosh(2))) < mpmath.mpf(10) ** -28
    got, precisions = _complex_value(runner.run("Log[N[-2, 30]]"))
    assert max(precisions) < 31                  # Pi's part is as uncertain as the rest
    assert input_form(runner.run("Sqrt[N[-2, 20]]")) == "1.4142135623730950488`20.30102999566398*I"


def test_bignum_functions_beyond_the_elementary_ones(runner):
    cases = [("Sinh[N[2, 30]]", lambda: mpmath.sinh(2)),
             ("Gamma[N[1/3, 30]]", lambda: mpmath.gamma(mpmath.mpf(1) / 3)),
             ("LogGamma[N[10, 30]]", lambda: mpmath.loggamma(10)),
             ("Log10[N[7, 30]]", lambda: mpmath.log10(7)),
             ("CubeRoot[N[-2, 30]]", lambda: -mpmath.cbrt(2)),
             ("Erf[N[1/2, 30]]", lambda: mpmath.erf(mpmath.mpf(1) / 2)),
             ("Binomial[N[10, 30], N[5/2, 30]]", lambda: mpmath.binomial(10, mpmath.mpf(5) / 2)),
             ("Binomial[N[10, 30], 3]", lambda: mpmath.mpf(120))]
    for text, want in cases:
        result = runner.run(text)
        assert type(result) is Real and not result.is_machine, text
        with mpmath.workdps(60):
            assert abs(mpmath.mp.make_mpf(result.value.v) - want()) < mpmath.mpf(10) ** -28, text


def test_machine_complex_arguments_of_the_other_elementary_functions(runner):
    result = runner.run("{Sinh[1. + I], Gamma[1. + I]}")
    values = [complex(float(c.re.value), float(c.im.value)) for c in result.args]
    assert values[0] == pytest.approx(complex(mpmath.sinh(1 + 1j)))
    assert values[1] == pytest.approx(complex(mpmath.gamma(1 + 1j)))


def test_max_extra_precision_can_be_set(runner):
    assert runner.run("$MaxExtraPrecision = 100") == Integer(100)
    result = runner.run("N[Pi - 3141592653589793238462643383/10^27, 20]")
    assert runner.messages == [] and result.precision == 20.0
    runner.run("$MaxExtraPrecision = 5")
    runner.run("N[Pi - 314159265358979/10^14, 20]")
    assert runner.tags == ["N::meprec"] and "= 5" in runner.messages[0]


# N of complex and special functions, digit for digit against Mathics3 (which has the
# Wolfram Language's values for these, through mpmath too)
N_AGAINST_MATHICS = [
    "N[Gamma[1/3], 30]", "N[Erf[1], 25]", "N[Zeta[3], 20]", "N[Cosh[1], 20]",
    "N[ArcSinh[2], 20]", "N[Log[2 + I], 20]", "N[Sqrt[1 + I], 20]", "N[(1 + I)^(1 + I), 20]",
    "N[Tanh[1 + I], 20]", "N[Beta[1/2, 1/3], 20]", "N[PolyGamma[1, 1/2], 20]",
]


@needs_mathics
@pytest.mark.parametrize("text", N_AGAINST_MATHICS)
def test_n_of_complex_and_special_functions_agrees_with_mathics(runner, text):
    want, _ = mathics_evaluate(text)
    assert input_form(runner.run(text)) == input_form(want)
    assert runner.messages == []


# ---------------------------------------------------------------------------- past a double

@pytest.mark.parametrize("text, value, precision", [
    # machine arithmetic whose result is past a double's range gives a bignum of machine
    # precision, as WL does (not Infinity, Overflow[] or an internal error)
    ("2^2000 * 1.", mpmath.mpf(2) ** 2000, MACHINE),
    ("2^2000 + 1.", mpmath.mpf(2) ** 2000, MACHINE),
    ("1.*^300 * 1.*^300", mpmath.mpf(10) ** 600, None),
    ("N[10^400]", mpmath.mpf(10) ** 400, MACHINE),
    ("N[-3^700]", -mpmath.mpf(3) ** 700, MACHINE),
    ("Total[{1.*^308, 1.*^308}]", 2 * mpmath.mpf(10) ** 308, None),
    ("10.^400", mpmath.mpf(10) ** 400, None),
    ("Exp[1000.]", mpmath.exp(1000), None),
    ("E^1000.", mpmath.exp(1000), None),
])
def test_machine_results_past_the_double_range_are_bignums(runner, text, value, precision):
    r = runner.run(text)
    assert type(r) is Real and r.precision is not None and runner.messages == [], (text, r)
    assert mpmath.almosteq(mpmath.mpf(r.value.v), value, rel_eps=1e-12)
    if precision is not None:
        assert r.precision == pytest.approx(precision)
    assert r.precision <= MACHINE + 1e-9


@pytest.mark.parametrize("text, value", [
    # an exact factor that no machine real holds: a bignum, as on the overflow side
    ("1./10^400", mpmath.mpf(10) ** -400),
    ("10^-400 * 1. * x /. x -> 2", 2 * mpmath.mpf(10) ** -400),
    ("N[10^-400]", mpmath.mpf(10) ** -400),
    ("(10^-400)^2.", mpmath.mpf(10) ** -800),
])
def test_exact_numbers_below_the_double_range_give_bignums(runner, text, value):
    r = runner.run(text)
    assert type(r) is Real and r.precision is not None and runner.messages == [], (text, r)
    assert mpmath.almosteq(mpmath.mpf(r.value.v), value, rel_eps=1e-12)


@pytest.mark.parametrize("text, shown", [
    # machine arithmetic that falls below the normal range keeps its machine value (0. or a
    # subnormal) and says so with General::munfl, as WL does since version 12
    ("1.*^-300 1.*^-300", "0."),
    ("x 1.*^-300 1.*^-300", "0."),
    ("0.5^2000", "0."),
    ("Exp[-1000.]", "0."),
    ("2^-1100.", "0."),
    ("2.*^-308/4.", "5.*10^-309"),
    ("3.*^-308 - 2.9*^-308", "1.*10^-309"),
])
def test_machine_underflow_keeps_the_machine_value_with_a_message(runner, text, shown):
    r = runner.run(text)
    assert type(r) is Real and r.precision is None
    assert output_form(r) == shown
    assert runner.tags == ["General::munfl"]


@pytest.mark.parametrize("text", ["0. 1.*^-300", "1.*^-300 2.", "Exp[-700.]", "0.^2"])
def test_no_underflow_message_for_zero_factors_or_normal_results(runner, text):
    runner.run(text)
    assert runner.messages == []


def test_power_of_one_to_an_exponent_past_a_double(runner):
    assert runner.run("1.^(10^400)") == Real(1.0)
    assert runner.run("(-1.)^(10^400 + 1)") == Real(-1.0)
    assert runner.messages == []


def test_back_within_range_a_machine_real_again(runner):
    assert runner.run("2^2000 + 1. - 2^2000") == Real(1.0)
    assert output_form(runner.run("Exp[1000.]")) == "1.970071114017*10^434"


def test_machine_epsilon_is_the_gap_above_one(runner):
    assert runner.run("$MachineEpsilon") == Real(2.0 ** -52)
    assert output_form(runner.run("{1. + $MachineEpsilon > 1., 1. + $MachineEpsilon/2 > 1.}")) \
        == "{True, False}"
