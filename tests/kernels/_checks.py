"""Helpers shared by the kernel tests: random data, float64 central differences, error norms."""

import numpy as np


def rel_error(actual, expected):
    """Norm-wise relative error (0 when both are zero)."""
    actual = np.asarray(actual, np.float64)
    expected = np.asarray(expected, np.float64)
    scale = max(np.abs(actual).max(initial=0.0), np.abs(expected).max(initial=0.0))
    if scale == 0:
        return 0.0
    return float(np.abs(actual - expected).max() / scale)


def numeric_gradient(f, x, eps=1e-6):
    """Central differences of the scalar function f() w.r.t. the array x (perturbed in place)."""
    grad = np.zeros(x.shape, np.float64)
    for idx in np.ndindex(*x.shape):
        saved = x[idx]
        x[idx] = saved + eps
        plus = f()
        x[idx] = saved - eps
        minus = f()
        x[idx] = saved
        grad[idx] = (plus - minus) / (2 * eps)
    return grad
