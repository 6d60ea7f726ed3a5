"""Fitting distributions to data (wlnet/builtins/estimation.py): likelihoods, parameter
checks and maximum-likelihood estimates, closed-form and numeric."""

import pytest

from tests.builtins._support import check, check_example, declared_examples, run


@pytest.mark.parametrize("name,text,expected", declared_examples("estimation"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_likelihoods_of_symbolic_parameters_are_formulas():
    check("LogLikelihood[PoissonDistribution[m], {1, 2}]", "-2 m - Log[2] + 3 Log[m]",
          evaluate_expected=True)
    check("Likelihood[ExponentialDistribution[l], {1, 2}]", "l^2/E^(3 l)",
          evaluate_expected=True)


def test_closed_form_estimates_are_exact_for_exact_data():
    check("EstimatedDistribution[{1, 2, 3, 4}, NormalDistribution[m, s]]",
          "NormalDistribution[5/2, Sqrt[5]/2]", evaluate_expected=True)
    check("EstimatedDistribution[{0, 1, 1, 1}, BernoulliDistribution[p]]",
          "BernoulliDistribution[3/4]", evaluate_expected=True)
    check("EstimatedDistribution[{0.1, 0.4, 0.7}, UniformDistribution[{a, b}]]",
          "UniformDistribution[{0.1, 0.7}]")


def test_the_session_names_do_not_leak_into_the_formulas():
    # the formulas are written in m, s, x, d…: a session's own values of those are not used
    check("m = 5; x = 3; d = {9}; {Mean[NormalDistribution[1, 2]], "
          "EstimatedDistribution[{1, 3}, PoissonDistribution[l]]}",
          "{1, PoissonDistribution[2]}")


def test_numeric_estimates_maximise_the_likelihood():
    r = run("SeedRandom[3]; data = RandomVariate[GammaDistribution[2, 3], 400]; "
            "fit = EstimatedDistribution[data, GammaDistribution[a, b]]; "
            "{fit, LogLikelihood[fit, data] >= LogLikelihood[GammaDistribution[2.1, 2.9], data], "
            "LogLikelihood[fit, data] >= LogLikelihood[GammaDistribution[1.9, 3.1], data]}")
    fit, better1, better2 = r.value.args
    a, b = (x.value for x in fit.args)
    assert 1.5 < a < 2.6 and 2.3 < b < 3.9
    assert better1 == better2 and better1.name == "True"
    # a parameter given as a number stays fixed
    check("EstimatedDistribution[{1., 2., 2.5}, NormalDistribution[0, s]] // "
          "Last // Round[#, 0.0001] &", "1.9365")


def test_what_cannot_be_estimated():
    r = run("EstimatedDistribution[{1, 2}, NormalDistribution[0, 1]]")
    assert r.messages and "EstimatedDistribution::noparams" in r.messages[0]
    r = run("LogLikelihood[foo[1], {1, 2}]")
    assert r.messages and "LogLikelihood::nodist" in r.messages[0]
    check("{DistributionParameterQ[GammaDistribution[a, 2]], "
          "DistributionParameterQ[GammaDistribution[-1, 2]]}", "{True, False}")


def test_gamma_weibull_and_beta_fits_of_machine_data_solve_the_likelihood_equations():
    """Machine-number data with every parameter free: solved directly (fast), and the
    answer is the maximum-likelihood one (the score equations hold)."""
    import math

    import numpy as np
    from scipy.special import digamma

    xs = [0.8, 2.5, 1.1, 4.2, 3.3, 0.4, 1.9, 2.2, 5.1, 1.4]
    text = "{" + ", ".join(map(str, xs)) + "}"
    a, b = (x.value for x in run(f"EstimatedDistribution[{text}, GammaDistribution[a, b]]").value.args)
    mean, mean_log = np.mean(xs), np.mean(np.log(xs))
    assert math.isclose(math.log(a) - digamma(a), math.log(mean) - mean_log, rel_tol=1e-6)
    assert math.isclose(b, mean / a, rel_tol=1e-6)
    k, lam = (x.value for x in run(f"EstimatedDistribution[{text}, WeibullDistribution[k, l]]").value.args)
    x = np.array(xs)
    # Weibull scale and shape equations
    assert math.isclose(lam ** k, np.mean(x ** k), rel_tol=1e-6)
    assert math.isclose(1 / k, np.sum(x ** k * np.log(x)) / np.sum(x ** k) - mean_log, rel_tol=1e-5)
    unit = [v / 6 for v in xs]
    text = "{" + ", ".join(map(str, unit)) + "}"
    p, q = (x.value for x in run(f"EstimatedDistribution[{text}, BetaDistribution[p, q]]").value.args)
    assert math.isclose(digamma(p) - digamma(p + q), np.mean(np.log(unit)), rel_tol=1e-5)
    assert math.isclose(digamma(q) - digamma(p + q), np.mean(np.log1p(-np.array(unit))), rel_tol=1e-5)


def test_logistic_and_cauchy_fits_of_machine_data_solve_the_likelihood_equations():
    import math

    import numpy as np

    xs = [0.8, 2.5, 1.1, 4.2, 3.3, -0.4, 1.9, 2.2, 5.1, 1.4, 9.0]
    text = "{" + ", ".join(map(str, xs)) + "}"
    m, b = (x.value for x in run(f"EstimatedDistribution[{text}, LogisticDistribution[m, b]]").value.args)
    z = (np.array(xs) - m) / b
    assert abs(np.mean(np.tanh(z / 2))) < 1e-9
    assert abs(np.mean(z * np.tanh(z / 2)) - 1) < 1e-9
    a, s = (x.value for x in run(f"EstimatedDistribution[{text}, CauchyDistribution[a, s]]").value.args)
    z = (np.array(xs) - a) / s
    assert abs(np.mean(z / (1 + z * z))) < 1e-9
    assert math.isclose(np.mean(z * z / (1 + z * z)), 0.5, rel_tol=1e-9)
