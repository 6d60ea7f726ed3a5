"""Expectation, Probability, NExpectation, NProbability (wlnet/builtins/expectation.py)
of the distributions wlnet has formulas for: closed forms WL gives (Mathics3 has none of
these functions)."""

import pytest

from tests.builtins._support import check, check_example, close_printed, declared_examples


@pytest.mark.parametrize("text, expected", [
    ("Expectation[x^2, x \\[Distributed] NormalDistribution[0, 1]]", "1"),
    ("Expectation[x^2, x \\[Distributed] NormalDistribution[m, s]]", "m^2 + s^2"),
    ("Expectation[E^x, x \\[Distributed] NormalDistribution[m, s]]", "E^(m + s^2/2)"),
    ("Expectation[x, x \\[Distributed] ExponentialDistribution[l]]", "1/l"),
    ("Expectation[x^2, x \\[Distributed] UniformDistribution[{a, b}]]",
     "(a^2 + a b + b^2)/3"),
    # (WL writes Sqrt[2/Pi]: SymPy always splits the rational out of the radical)
    ("Expectation[Abs[x], x \\[Distributed] NormalDistribution[0, 1]]", "Sqrt[2]/Sqrt[Pi]"),
    # discrete: sums over the support, term by term where it is finite
    ("Expectation[x, x \\[Distributed] PoissonDistribution[m]]", "m"),
    ("Expectation[x, x \\[Distributed] BinomialDistribution[10, p]]", "10 p"),
    ("Expectation[x^2, x \\[Distributed] BernoulliDistribution[p]]", "p"),
    # independent variables
    ("Expectation[x + y, {x \\[Distributed] ExponentialDistribution[1], "
     "y \\[Distributed] UniformDistribution[{0, 2}]}]", "2"),
    ("Expectation[x y, {x \\[Distributed] PoissonDistribution[2], "
     "y \\[Distributed] NormalDistribution[3, 1]}]", "6"),
    ("Probability[x > 0, x \\[Distributed] NormalDistribution[0, 1]]", "1/2"),
    ("Probability[x^2 < 1, x \\[Distributed] NormalDistribution[0, 1]]", "Erf[1/Sqrt[2]]"),
    ("Probability[x > 1, x \\[Distributed] ExponentialDistribution[2]]", "E^-2"),
    ("Probability[1 < x < 3, x \\[Distributed] UniformDistribution[{0, 4}]]", "1/2"),
    ("Probability[x < -1 || x > 5, x \\[Distributed] UniformDistribution[{0, 4}]]", "0"),
    ("Probability[x > 1/2, x \\[Distributed] BetaDistribution[2, 3]]", "5/16"),
    ("Probability[x <= 2, x \\[Distributed] PoissonDistribution[1]]", "5/(2 E)"),
    ("Probability[x == 3, x \\[Distributed] BinomialDistribution[5, 1/2]]", "5/16"),
    ("Probability[x > 2, x \\[Distributed] GeometricDistribution[1/3]]", "8/27"),
    ("Probability[x == 1, x \\[Distributed] NormalDistribution[0, 1]]", "0"),
    # symbolic parameters: the CDF's closed form, not SymPy's integral of the density
    ("Probability[x > 1/2, x \\[Distributed] LogNormalDistribution[m, s]]",
     "1 - Erfc[(m + Log[2])/(Sqrt[2] s)]/2"),
    ("Probability[x > 1, x \\[Distributed] WeibullDistribution[k, b]]", "E^-(1/b)^k"),
    ("Probability[x < 1/2 || x > 2, x \\[Distributed] BetaDistribution[a, b]]",
     "BetaRegularized[1/2, a, b]"),
    # independent variables with symbolic parameters: the other's CDF inside the
    # expectation takes its x >= 0 branch, its rate taken positive
    ("Probability[x > y, {x \\[Distributed] ExponentialDistribution[l], "
     "y \\[Distributed] ExponentialDistribution[m]}]", "m/(l + m)"),
    ("Probability[x > y, {x \\[Distributed] UniformDistribution[{0, 1}], "
     "y \\[Distributed] ExponentialDistribution[m]}]", "1 - 1/m + E^(-m)/m"),
    # a bound with parameters: 1 - CDF (x < c for integers is x <= Ceiling[c] - 1)
    ("Probability[x > c, x \\[Distributed] NormalDistribution[0, 1]]", "Erfc[c/Sqrt[2]]/2"),
    ("Probability[c >= x, x \\[Distributed] ExponentialDistribution[l]]",
     "Piecewise[{{1 - E^(-c l), c >= 0}}, 0]"),
    ("Probability[x < c, x \\[Distributed] PoissonDistribution[2]]",
     "Piecewise[{{GammaRegularized[1 + Floor[-1 + Ceiling[c]], 2], Ceiling[c] >= 1}}, 0]"),
])
def test_closed_forms(text, expected):
    check(text, expected, evaluate_expected=True)


def test_numerical_forms():
    check("NExpectation[Cos[x], x \\[Distributed] NormalDistribution[0, 1]]",
          "0.6065306597126334", same=close_printed)
    check("NProbability[x > 1, x \\[Distributed] NormalDistribution[0, 1]]",
          "0.15865525393145707", same=close_printed)
    # no closed form (periodic): Boole[pred] integrated numerically, 2 Pi/10 here
    check("NProbability[Sin[x] > 0, x \\[Distributed] UniformDistribution[{0, 10}]]",
          "0.6283185307179586", same=close_printed)


@pytest.mark.parametrize("text", [
    "NProbability[x > 1/2, x \\[Distributed] LogNormalDistribution[m, s]]",
    "NProbability[x > c, x \\[Distributed] NormalDistribution[0, 1]]",
    "NExpectation[x^2 + c, x \\[Distributed] NormalDistribution[0, 1]]",
])
def test_numerical_forms_of_parameters_stay_unevaluated(text):
    check(text, text, evaluate_expected=True)
    check(f"NumberQ[{text} /. {{m -> 0, s -> 1, c -> 1}}]", "True")   # numbers: a number


@pytest.mark.parametrize("text, tag", [
    ("Expectation[x, x \\[Distributed] foo]", "Expectation::nodist"),
    ("Expectation[x, 3]", "Expectation::dist"),
    ("Probability[x > 1, y]", "Probability::dist"),
    # an empty list names no random variable
    ("Probability[{a, b}, {}]", "Probability::dist"),
    ("Expectation[x, {}]", "Expectation::dist"),
    ("NProbability[f[x], {}]", "NProbability::dist"),
    # one message, in NProbability's name (not Probability's as well)
    ("NProbability[x > 1, foo]", "NProbability::dist"),
])
def test_bad_specifications(text, tag):
    check(text, text, [tag], evaluate_expected=True)


@pytest.mark.parametrize("name,text,expected", declared_examples("expectation"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected, same=close_printed)


@pytest.mark.parametrize("text, expected", [
    # independent variables: the last given the others, then the expectation over them
    ("Probability[x > y, {x \\[Distributed] NormalDistribution[], "
     "y \\[Distributed] NormalDistribution[]}]", "1/2"),
    ("Probability[x + y < 1, {x \\[Distributed] UniformDistribution[], "
     "y \\[Distributed] UniformDistribution[]}]", "1/2"),
    ("Probability[x + y + z < 1, {x \\[Distributed] UniformDistribution[], "
     "y \\[Distributed] UniformDistribution[], z \\[Distributed] UniformDistribution[]}]",
     "1/6"),
    # the first of two exponential clocks: rate 1/(1 + 2)
    ("Probability[x < y, {x \\[Distributed] ExponentialDistribution[1], "
     "y \\[Distributed] ExponentialDistribution[2]}]", "1/3"),
    # x - 2 y is NormalDistribution[1, 2 Sqrt[2]]
    ("Probability[x - 2 y > 0, {x \\[Distributed] NormalDistribution[1, 2], "
     "y \\[Distributed] NormalDistribution[0, 1]}] == "
     "1 - CDF[NormalDistribution[1, 2 Sqrt[2]], 0]", "True"),
])
def test_probability_of_several_variables(text, expected):
    check(text, expected, evaluate_expected=True)


@pytest.mark.parametrize("text, expected", [
    # finite discrete supports: every point of the product tried
    ("Probability[x + y == 7, {x \\[Distributed] DiscreteUniformDistribution[{1, 6}], "
     "y \\[Distributed] DiscreteUniformDistribution[{1, 6}]}]", "1/6"),
    ("Probability[x > y, {x \\[Distributed] BinomialDistribution[3, 1/2], "
     "y \\[Distributed] BernoulliDistribution[1/3]}]", "3/4"),
    ("Expectation[x^2, x \\[Distributed] DiscreteUniformDistribution[{1, 6}]]", "91/6"),
    ("Probability[x > 4, x \\[Distributed] DiscreteUniformDistribution[{1, 6}]]", "1/3"),
])
def test_finite_discrete_variables(text, expected):
    check(text, expected, evaluate_expected=True)
