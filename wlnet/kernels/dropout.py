"""DropoutLayer (Method -> "Dropout"): inverted dropout with an explicit mask.

The mask holds 0 (dropped) or 1/(1-p) (kept), so training-mode outputs need no rescaling and
test mode is the identity (the executor simply skips the layer).
"""

import numpy as np

from ._jit import kernel


@kernel
def _multiply_kernel(a, mask, out):
    for i in range(a.shape[0]):
        out[i] = a[i] * mask[i]


def make_dropout_mask(rng: np.random.Generator, shape, p, dtype=np.float32):
    """A mask of `shape`: each entry 0 with probability p, else 1/(1-p). p in [0, 1)."""
    if not 0 <= p < 1:
        raise ValueError("dropout probability must lie in [0, 1)")
    if p == 0:
        return np.ones(shape, dtype)
    return ((rng.random(shape) >= p) / (1.0 - p)).astype(dtype)


def _apply(a, mask):
    a = np.asarray(a)
    if a.dtype not in (np.float32, np.float64) or np.shape(mask) != a.shape:
        raise ValueError("dropout needs a float array and a mask of the same shape")
    flat = np.ascontiguousarray(a).reshape(-1)
    out = np.empty_like(flat)
    _multiply_kernel(flat, np.ascontiguousarray(mask, a.dtype).reshape(-1), out)
    return out.reshape(a.shape)


def dropout_forward(x, mask):
    """y = x * mask."""
    return _apply(x, mask)


def dropout_backward(d_out, mask):
    """d_x = d_out * mask."""
    return _apply(d_out, mask)
