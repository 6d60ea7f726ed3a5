"""LinearLayer: y = W.x + b on the last axis (inputs of higher rank are flattened to rows).

Rows are independent, so a padded sequence batch can be passed whole: padding rows are
computed (cheap, and harmless), and their gradients vanish as long as the incoming gradient is
zero there, which the sequence-aware kernels (losses, SequenceLast) guarantee.
"""

import numpy as np

from ._jit import kernel
from ._linalg import matmul_into


@kernel
def _linear_forward_kernel(x, w_t, b, out):
    """out (R, n) = x (R, m) @ w_t (m, n) + b (n,) (b of shape (0,) means no bias)."""
    matmul_into(x, w_t, out, x.shape[0])
    if b.shape[0] > 0:
        for r in range(out.shape[0]):
            for c in range(out.shape[1]):
                out[r, c] += b[c]


@kernel
def _linear_backward_kernel(x, w, d_out, d_x, d_w, d_b):
    """d_x (R, m) = d_out @ w; d_w (n, m) = d_out.T @ x; d_b (n,) = column sums of d_out."""
    rows = x.shape[0]
    if rows == 0:
        d_x[:] = 0
        d_w[:] = 0
        d_b[:] = 0
        return
    matmul_into(d_out, w, d_x, rows)
    np.dot(d_out.T, x, d_w)
    d_b[:] = 0
    for r in range(rows):
        for c in range(d_out.shape[1]):
            d_b[c] += d_out[r, c]


def _rows(x, m):
    x = np.ascontiguousarray(x)
    if x.dtype not in (np.float32, np.float64) or x.shape[-1:] != (m,):
        raise ValueError(f"input must be a float array whose last axis has size {m}")
    return x.reshape(-1, m)


_NO_BIAS = {c: np.zeros(0, c) for c in "fd"}     # (never written: size 0)
# weight matrices from this many entries are multiplied by numpy's BLAS call on the weights
# as they are (copying a transpose of LeNet's 500 x 800 cost a fifth of its product); smaller
# ones go through the kernel, whose call costs less than numpy's for tiny nets
_LARGE_WEIGHTS = 64 * 64


def linear_forward(x, weights, biases=None):
    """x (..., m), weights (n, m), biases (n,) or None -> (..., n) in x's dtype."""
    x = np.asarray(x)
    n, m = weights.shape
    x2 = _rows(x, m)
    dtype = x2.dtype
    weights = np.asarray(weights)
    if n * m >= _LARGE_WEIGHTS and weights.dtype == dtype:
        # BLAS reads the weights transposed where they are: no copy of a large matrix per call
        out = np.empty((x2.shape[0], n), dtype)
        np.dot(x2, weights.T, out=out)
        if biases is not None:
            out += np.asarray(biases, dtype)
        return out.reshape(x.shape[:-1] + (n,))
    # copies (the transpose is one anyway, but not for a single row or column; the biases are
    # small): a trained net's read-only arrays would compile the kernel a second time
    w_t = np.array(weights.T, dtype, order="C")
    b = _NO_BIAS[dtype.char] if biases is None else np.array(biases, dtype)
    out = np.empty((x2.shape[0], n), dtype)
    _linear_forward_kernel(x2, w_t, b, out)
    return out.reshape(x.shape[:-1] + (n,))


def linear_backward(x, weights, d_out):
    """Gradients (d_x like x, d_weights (n, m), d_biases (n,)) for d_out (..., n)."""
    x = np.asarray(x)
    n, m = weights.shape
    x2 = _rows(x, m)
    dtype = x2.dtype
    d2 = np.ascontiguousarray(d_out, dtype).reshape(-1, n)
    if d2.shape[0] != x2.shape[0]:
        raise ValueError("d_out does not match x")
    d_x = np.empty_like(x2)
    d_w = np.empty((n, m), dtype)
    d_b = np.empty(n, dtype)
    _linear_backward_kernel(x2, np.ascontiguousarray(weights, dtype), d2, d_x, d_w, d_b)
    return d_x.reshape(x.shape), d_w, d_b
