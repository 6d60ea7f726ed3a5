"""Generalized linear models (wlnet/builtins/glm_fit.py)."""

import numpy as np
import pytest
from scipy import optimize
from scipy.special import expit, gammaln

from tests.builtins._support import check_example, declared_examples, run
from wlnet.syntax.printer import output_form

X = np.array([0, 1, 2, 3, 4, 5], float)
Y01 = np.array([0, 0, 1, 0, 1, 1], float)


@pytest.mark.parametrize("name, text, expected", declared_examples("glm_fit"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def _values(text):
    return [a.value for a in run(text).value.args]


def test_logit_fit_is_the_maximum_likelihood_estimate():
    # the likelihood maximised directly, independently of the IRLS iteration
    def nll(b):
        p = expit(b[0] + b[1] * X)
        return -np.sum(Y01 * np.log(p) + (1 - Y01) * np.log(1 - p))
    expected = optimize.minimize(nll, [0.0, 0.0], method="BFGS", options={"gtol": 1e-10}).x
    got = _values("LogitModelFit[{{0, 0}, {1, 0}, {2, 1}, {3, 0}, {4, 1}, {5, 1}}, x, x]"
                  "[\"BestFitParameters\"]")
    assert got == pytest.approx(list(expected), abs=1e-5)
    # the fitted probability at x = 2.5 (the data are symmetric about it) is 1/2
    assert run("LogitModelFit[{{0, 0}, {1, 0}, {2, 1}, {3, 0}, {4, 1}, {5, 1}}, x, x][2.5]"
               ).value.value == pytest.approx(0.5, abs=1e-9)


def test_poisson_fit_is_the_maximum_likelihood_estimate():
    xs, ys = np.array([0, 1, 2, 3.]), np.array([1, 3, 7, 20.])

    def nll(b):
        mu = np.exp(b[0] + b[1] * xs)
        return -np.sum(ys * np.log(mu) - mu - gammaln(ys + 1))
    expected = optimize.minimize(nll, [0.0, 0.0], method="BFGS", options={"gtol": 1e-10}).x
    got = _values('GeneralizedLinearModelFit[{{0, 1}, {1, 3}, {2, 7}, {3, 20}}, x, x, '
                  'ExponentialFamily -> "Poisson"]["BestFitParameters"]')
    assert got == pytest.approx(list(expected), abs=1e-5)


def test_gaussian_fit_is_least_squares_and_forms_of_the_best_fit():
    assert _values("GeneralizedLinearModelFit[{{0, 1.1}, {1, 2.9}, {2, 5.2}}, x, x]"
                   "[\"BestFitParameters\"]") == pytest.approx([1.016667, 2.05], abs=1e-6)
    out = output_form(run("LogitModelFit[{{0, 0}, {1, 1}, {2, 0}, {3, 1}}, x, x]").value)
    assert out.startswith("FittedModel[1/(1 + E^(") and "x" in out
    out = output_form(run('GeneralizedLinearModelFit[{{0, 1}, {1, 3}, {2, 7}}, x, x, '
                          'ExponentialFamily -> "Poisson"]["BestFit"]').value)
    assert out.startswith("E^(")


@pytest.mark.parametrize("text, tag", [
    ("LogitModelFit[{{0, 2}, {1, 0}}, x, x]", "LogitModelFit::respb"),
    ('GeneralizedLinearModelFit[{{0, -1}, {1, 2}}, x, x, ExponentialFamily -> "Poisson"]',
     "GeneralizedLinearModelFit::respp"),
    ('GeneralizedLinearModelFit[{{0, 1}, {1, 2}}, x, x, ExponentialFamily -> "Foo"]',
     "GeneralizedLinearModelFit::family"),
    ('GeneralizedLinearModelFit[{{0, 1}, {1, 2}}, x, x, LinkFunction -> "Foo"]',
     "GeneralizedLinearModelFit::link"),
])
def test_bad_input_is_a_message(text, tag):
    r = run(text)
    assert tag in r.tags and output_form(r.value).startswith(text.split("[")[0] + "[")
