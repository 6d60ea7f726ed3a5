"""Optimizer steps against hand-written numpy versions of the same rules."""

import numpy as np
import pytest

from wlnet.net.train import TrainError
from wlnet.net.train.optimizers import DEFAULTS, MethodSpec, Optimizer, Parameters

A, B, C = ("Nodes", "1", "Arrays", "Weights"), ("Nodes", "1", "Arrays", "Biases"), ("Nodes", "2", "Arrays", "Weights")


def arrays(seed=0):
    rng = np.random.default_rng(seed)
    return {A: rng.normal(size=(3, 2)), B: rng.normal(size=3), C: rng.normal(size=(1, 3))}


def grads(step, seed=10):
    rng = np.random.default_rng(seed + step)
    return {A: rng.normal(size=(3, 2)), B: rng.normal(size=3), C: rng.normal(size=(1, 3))}


def make(method, opts=None, multipliers=None, trainable=(A, B, C), dtype=np.float64):
    params = Parameters(arrays(), trainable, dtype)
    return params, Optimizer(params, MethodSpec(method, opts), multipliers, total_iterations=10)


def test_parameters_are_views_of_one_buffer():
    params = Parameters(arrays(), [A, C], np.float32)
    assert params.size == 6 + 3
    params.flat[:] = 7
    assert (params.arrays[A] == 7).all() and (params.arrays[C] == 7).all()
    assert not (params.arrays[B] == 7).any()             # frozen: outside the buffer
    params.gather({A: np.ones((3, 2))})
    assert params.grad[:6].tolist() == [1] * 6 and params.grad[6:].tolist() == [0] * 3


def test_store_updates_writes_only_the_updated_statistics():
    # B and C are frozen; only C is a statistic that its layer keeps up to date
    params = Parameters(arrays(), [A], np.float64, updated=[C])
    version, before_b = params.arrays.version, params.arrays[B].copy()
    params.store_updates({C: np.full((1, 3), 5.0), B: np.zeros(3)})
    assert (params.arrays[C] == 5).all() and (params.values()[C] == 5).all()
    np.testing.assert_array_equal(params.arrays[B], before_b)     # multiplier 0: left alone
    assert params.arrays.version is not version                   # ops re-derive
    version = params.arrays.version
    params.store_updates({})
    assert params.arrays.version is version


def test_sgd_one_step_moves_every_array_by_minus_rate_times_gradient():
    params, opt = make("SGD", {"Momentum": 0.0, "LearningRateSchedule": None, "LearningRate": 0.1})
    before = params.values()
    g = grads(0)
    opt.step(params.gather(g))
    for p in before:
        np.testing.assert_allclose(params.arrays[p], before[p] - 0.1 * g[p], rtol=0, atol=1e-15)


def test_sgd_momentum_and_polynomial_schedule():
    params, opt = make("SGD")
    w = params.values()
    mom = {p: np.zeros_like(v) for p, v in w.items()}
    lr, mu, total = DEFAULTS["SGD"]["LearningRate"], DEFAULTS["SGD"]["Momentum"], 10
    for t in range(4):
        g = grads(t)
        opt.step(params.gather(g))
        rate = lr * np.sqrt(1 - min(t, total) / (total + 1))
        for p in w:
            mom[p] = mu * mom[p] - rate * g[p]
            w[p] = w[p] + mom[p]
    for p in w:
        np.testing.assert_allclose(params.arrays[p], w[p], rtol=1e-12)


def test_adam_matches_hand_written_adam():
    params, opt = make("ADAM")
    w = params.values()
    m = {p: np.zeros_like(v) for p, v in w.items()}
    v = {p: np.zeros_like(x) for p, x in w.items()}
    d = DEFAULTS["ADAM"]
    lr, b1, b2, eps = d["LearningRate"], d["Beta1"], d["Beta2"], d["Epsilon"]
    assert (lr, b1, b2, eps) == (0.001, 0.9, 0.999, 1e-5)
    for t in range(1, 6):
        g = grads(t)
        opt.step(params.gather(g))
        lr_t = lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        for p in w:
            m[p] = b1 * m[p] + (1 - b1) * g[p]
            v[p] = b2 * v[p] + (1 - b2) * g[p] ** 2
            w[p] = w[p] - lr_t * m[p] / (np.sqrt(v[p]) + eps)
    for p in w:
        np.testing.assert_allclose(params.arrays[p], w[p], rtol=1e-12)


def test_rmsprop_matches_hand_written_rmsprop():
    params, opt = make("RMSProp")
    w = params.values()
    d = DEFAULTS["RMSProp"]
    lr, beta, mom, eps = d["LearningRate"], d["Beta"], d["Momentum"], d["Epsilon"]
    n = {p: np.zeros_like(x) for p, x in w.items()}
    gb = {p: np.zeros_like(x) for p, x in w.items()}
    delta = {p: np.zeros_like(x) for p, x in w.items()}
    for t in range(4):
        g = grads(t)
        opt.step(params.gather(g))
        for p in w:
            n[p] = beta * n[p] + (1 - beta) * g[p] ** 2
            gb[p] = beta * gb[p] + (1 - beta) * g[p]
            delta[p] = mom * delta[p] - lr * g[p] / np.sqrt(n[p] - gb[p] ** 2 + eps)
            w[p] = w[p] + delta[p]
    for p in w:
        np.testing.assert_allclose(params.arrays[p], w[p], rtol=1e-10)


def test_multipliers_scale_and_frozen_arrays_stay():
    sgd = {"Momentum": 0.0, "LearningRateSchedule": None, "LearningRate": 1.0}
    params, opt = make("SGD", sgd, multipliers={A: 0.5}, trainable=(A, C))
    before = params.values()
    g = grads(0)
    opt.step(params.gather(g))
    np.testing.assert_allclose(params.arrays[A], before[A] - 0.5 * g[A])
    np.testing.assert_allclose(params.arrays[C], before[C] - g[C])
    np.testing.assert_array_equal(params.arrays[B], before[B])


def test_l2_regularization_and_gradient_clipping():
    opts = {"Momentum": 0.0, "LearningRateSchedule": None, "LearningRate": 1.0,
            "L2Regularization": 0.1, "GradientClipping": 0.5}
    params, opt = make("SGD", opts)
    before = params.values()
    g = grads(0)
    opt.step(params.gather(g))
    for p in before:
        expected = before[p] - np.clip(g[p] + 0.1 * before[p], -0.5, 0.5)
        np.testing.assert_allclose(params.arrays[p], expected, rtol=1e-12)


def test_user_schedule_and_its_bounds():
    opts = {"Momentum": 0.0, "LearningRate": 1.0, "LearningRateSchedule": lambda t, T: 0.5}
    params, opt = make("SGD", opts)
    before = params.values()
    g = grads(0)
    opt.step(params.gather(g))
    np.testing.assert_allclose(params.arrays[A], before[A] - 0.5 * g[A])
    _, bad = make("SGD", {"LearningRateSchedule": lambda t, T: 2.0})
    with pytest.raises(TrainError) as err:
        bad.step(np.zeros(bad.params.size))
    assert err.value.tag == "badlrs"


def test_snapshots_restore_and_values_are_copies():
    params, opt = make("ADAM")
    snap = params.snapshot()
    opt.step(params.gather(grads(0)))
    assert not np.array_equal(params.flat, snap)
    values = params.values(snap)
    params.restore(snap)
    np.testing.assert_array_equal(params.flat, snap)
    values[A][...] = 0
    assert not (params.arrays[A] == 0).all()


def test_unknown_method():
    with pytest.raises(TrainError):
        MethodSpec("Newton")


def test_sign_sgd_steps_by_the_sign_of_the_averaged_gradient():
    params, opt = make("SignSGD", {"LearningRate": 0.05, "Momentum": 0.5})
    state = {p: np.zeros_like(a) for p, a in arrays().items()}
    expected = arrays()
    for step in range(3):
        g = grads(step)
        opt.step(params.gather(g))
        for p in expected:
            state[p] = 0.5 * state[p] + 0.5 * g[p]
            expected[p] = expected[p] - 0.05 * np.sign(state[p])
    for p in expected:
        np.testing.assert_allclose(params.arrays[p], expected[p], rtol=0, atol=1e-12)
    assert DEFAULTS["SignSGD"]["Momentum"] == 0.9


def test_cosine_schedule_falls_along_half_a_cosine():
    """"LearningRateSchedule" -> "Cosine": the multiplier goes from 1 towards 0 along half a
    cosine over the training's updates (the fraction done t/(total + 1), as "Polynomial")."""
    _, opt = make("SGD", {"LearningRateSchedule": "Cosine"})
    total = opt.total
    factors = [opt.schedule_factor(t) for t in range(total + 2)]
    expected = [0.5 * (1 + np.cos(np.pi * min(t, total) / (total + 1))) for t in range(total + 2)]
    np.testing.assert_allclose(factors, expected, rtol=1e-12)
    assert factors[0] == 1.0 and all(a > b for a, b in zip(factors, factors[1:total + 1]))
    assert 0 < factors[total] < 0.05
