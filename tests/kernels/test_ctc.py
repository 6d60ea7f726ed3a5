"""The CTC kernel: its float32 pass agrees with its float64 pass, a zero probability on the
only path is floored (a finite loss), and nothing is computed past an input's length."""

import numpy as np

from wlnet.kernels.ctc import ctc_loss

RNG = np.random.default_rng(5)


def _batch():
    probs = RNG.uniform(0.05, 1, size=(2, 5, 4))
    probs /= probs.sum(axis=2, keepdims=True)
    return probs, np.array([5, 3]), np.array([[1, 3, 3], [2, 0, 0]]), np.array([3, 1])


def test_float32_agrees_with_float64():
    probs, lx, codes, lt = _batch()
    l64, g64 = ctc_loss(probs, lx, codes, lt, np.float64)
    l32, g32 = ctc_loss(probs, lx, codes, lt, np.float32)
    assert l32.dtype == g32.dtype == np.float32
    np.testing.assert_allclose(l32, l64, rtol=1e-5)
    np.testing.assert_allclose(g32, g64, rtol=1e-4, atol=1e-5)


def test_zero_probabilities_are_floored_and_padding_gets_no_gradient():
    probs, lx, codes, lt = _batch()
    probs[0, 0, 0] = 0.0
    losses, grads = ctc_loss(probs, lx, codes, lt, np.float64)
    assert np.all(np.isfinite(losses))
    assert np.all(grads[1, 3:] == 0)
