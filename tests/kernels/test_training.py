"""The fused ADAM update against the rule written out in numpy (the operations the
optimizer did one by one before), in both precisions, with one rate and with a rate per
entry (learning-rate multipliers).  The fused tail is tested against the layers one by one
in tests/net/train/test_fused.py."""

import numpy as np
import pytest

from wlnet.kernels.training import adam_update


def numpy_adam(w, g, m, v, b1, b2, eps, rate):
    dtype = w.dtype.type
    m = m * dtype(b1) + dtype(1 - b1) * g
    v = v * dtype(b2) + (g * g) * dtype(1 - b2)
    return w - m / (np.sqrt(v) + dtype(eps)) * rate, m, v


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("per_entry", [False, True])
def test_adam_update_is_the_rule(dtype, per_entry):
    rng = np.random.default_rng(3)
    n = 37
    w, m = rng.normal(size=n).astype(dtype), rng.normal(size=n).astype(dtype) * 0.1
    v = rng.random(n).astype(dtype) * 0.01
    b1, b2, eps = 0.9, 0.999, 1e-5
    coef = np.array([b1, 1 - b1, b2, 1 - b2, eps], dtype)
    for step in range(3):
        g = rng.normal(size=n).astype(dtype)
        rates = (rng.random(n) * 1e-3).astype(dtype) if per_entry else np.array([2e-3], dtype)
        want_w, want_m, want_v = numpy_adam(w, g, m, v, b1, b2, eps, rates)
        adam_update(w, g, m, v, coef, rates)
        tol = 1e-6 if dtype == np.float32 else 1e-14
        np.testing.assert_allclose(m, want_m, rtol=tol, atol=tol)
        np.testing.assert_allclose(v, want_v, rtol=tol, atol=tol)
        np.testing.assert_allclose(w, want_w, rtol=tol, atol=tol)
