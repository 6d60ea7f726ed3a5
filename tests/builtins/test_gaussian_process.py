"""Predict's "GaussianProcess" covariances, estimation and optimization methods
(wlnet/builtins/_gaussian_process.py)."""

import numpy as np
import pytest

from tests.builtins._support import run
from wlnet.builtins import _gaussian_process as G

_WAVE = ('SeedRandom[1]; data = Table[x -> Sin[2 x] + 0.05 RandomReal[{-1, 1}], '
         '{x, 0, 10, 0.25}]; ')


def _values(r):
    assert not r.messages, r.messages
    return [a.value for a in r.value.args]


def test_periodic_and_composite_covariances_extrapolate_a_cycle():
    # beyond the data a squared exponential returns to the mean; a periodic covariance
    # (alone, or picked out of "Composite") continues the wave
    r = run(_WAVE + 'Table[Predict[data, Method -> {"GaussianProcess", "CovarianceType" -> '
            'k}][12.3], {k, {"SquaredExponential", "Periodic", "Composite"}}]')
    squared, periodic, composite = _values(r)
    target = np.sin(24.6)
    assert abs(squared - target) > 0.3
    assert periodic == pytest.approx(target, abs=0.05)
    assert composite == pytest.approx(target, abs=0.05)


def test_simulated_annealing_finds_the_period():
    r = run(_WAVE + 'p = Predict[data, Method -> {"GaussianProcess", "CovarianceType" -> '
            '"Periodic", "OptimizationMethod" -> "SimulatedAnnealing"}]; '
            '{p[12.3], p[12.3, "StandardDeviation"]}')
    value, sd = _values(r)
    assert value == pytest.approx(np.sin(24.6), abs=0.05) and sd < 0.2


def test_mean_posterior_averages_and_survives_input_form():
    r = run(_WAVE + 'p = Predict[data, Method -> {"GaussianProcess", "EstimationMethod" -> '
            '"MeanPosterior"}]; q = ToExpression[ToString[InputForm[p]]]; '
            '{p[5.1], q[5.1], p[5.1, "StandardDeviation"]}')
    value, again, sd = _values(r)
    assert value == pytest.approx(np.sin(10.2), abs=0.1) and again == pytest.approx(value)
    assert 0 < sd < 0.3


def test_maximum_likelihood_and_method_option():
    r = run(_WAVE + 'p = Predict[data, Method -> {"GaussianProcess", "EstimationMethod" -> '
            '"MaximumLikelihood"}]; {p[5.1], Information[p, "MethodOption"]}')
    assert not r.messages
    assert r.value.args[0].value == pytest.approx(np.sin(10.2), abs=0.1)


_MIXED = ('d = {{"a", 1.} -> 1., {"b", 1.} -> 5., {"a", 2.} -> 2., {"b", 2.} -> 6., '
          '{"a", 3.} -> 3., {"b", 3.} -> 7., {"c", 1.} -> 10., {"c", 2.} -> 11.}; ')


def test_covariance_by_feature_type_and_hamming_distance():
    # a line in the number times a Hamming kernel on the letter: each letter's own line
    r = run(_MIXED + 'p = Predict[d, Method -> {"GaussianProcess", "CovarianceType" -> '
            '<|"Numerical" -> "Linear", "Nominal" -> "HammingDistance"|>}]; '
            '{p[{"b", 2.5}], p[{"c", 1.5}], p[{"a", 4}]}')
    b, c, a = _values(r)
    assert b == pytest.approx(6.5, abs=0.1) and c == pytest.approx(10.5, abs=0.1)
    assert a == pytest.approx(4.0, abs=0.3)
    r = run('p = Predict[{"a" -> 1., "b" -> 2., "a" -> 1.1, "c" -> 3.}, Method -> '
            '{"GaussianProcess", "CovarianceType" -> "HammingDistance"}]; {p["a"], p["c"]}')
    a, c = _values(r)
    assert a == pytest.approx(1.05, abs=0.1) and c == pytest.approx(3.0, abs=0.2)


def test_bad_settings_are_messages():
    for setting in ('"CovarianceType" -> <|"Numeric" -> "Linear"|>',
                    '"CovarianceType" -> <|"Nominal" -> "Composite"|>',
                    '"EstimationMethod" -> "Foo"', '"OptimizationMethod" -> 3'):
        r = run(_MIXED + f'Predict[d, Method -> {{"GaussianProcess", {setting}}}]')
        assert r.tags == ["Predict::subopt"], setting


def test_hamming_counts_a_nominal_value_once():
    # columns: a number, then a nominal value's three one-hot columns
    nominal = np.array([False, True, True, True])
    a = np.array([[0.5, 1, 0, 0]])
    b = np.array([[0.5, 0, 1, 0], [0.7, 1, 0, 0], [0.7, 0, 0, 1]])
    covariance = G.Covariance("HammingDistance", nominal)
    assert G._hamming(a, b, covariance.weights).tolist() == [[1.0, 1.0, 2.0]]


def test_mixture_moments_and_old_objects():
    x = np.linspace(-1, 1, 9)[:, None]
    y = x[:, 0] ** 2
    model = G.GaussianProcessModel(x, y, {"EstimationMethod": "MeanPosterior"})
    assert model.weights.sum() == pytest.approx(1.0) and len(model.components) > 1
    means = [c.theta for c in model.components]
    assert np.ptp(np.array(means), axis=0).max() > 0          # the draws differ
    # a process written before: one kernel, its α, signal, length and noise
    from wlnet.core.expr import Real, String
    from wlnet.core.packed import list_from_array
    theta = np.log([0.01, 1.0, 0.5])
    cov = G.Covariance("SquaredExponential", np.zeros(1, dtype=bool))
    k = cov.matrix(theta, x, x) + (0.01 + 1e-8) * np.eye(9)
    alpha = np.linalg.solve(k, y)
    old = {"Points": list_from_array(x), "Alpha": list_from_array(alpha),
           "Inverse": list_from_array(np.linalg.inv(k)), "Length2": Real(0.5),
           "Signal": Real(1.0), "Noise": Real(0.01), "Shift": Real(0.0), "Scale": Real(1.0),
           "Covariance": String("SquaredExponential")}
    restored = G.GaussianProcessModel.restore(old)
    expected = cov.matrix(theta, np.array([[0.3]]), x) @ alpha
    assert restored.predict(np.array([[0.3]])) == pytest.approx(expected)
