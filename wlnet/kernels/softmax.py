"""SoftmaxLayer: normalised exponentials over the last axis.

When the last axis is a varying-length sequence (x of shape (B, T) or (B, ..., T) with one
length per example), only each example's first `length` entries take part; the output is zero
past the length, and so is the gradient there.
"""

from math import prod

import numpy as np

from ._jit import kernel


@kernel
def _softmax_kernel(x, valid, out):
    """Row-wise softmax of x (R, C) over the first valid[r] entries of each row."""
    for r in range(x.shape[0]):
        v = valid[r]
        if v == 0:
            out[r] = 0
            continue
        top = x[r, 0]
        for c in range(1, v):
            if x[r, c] > top:
                top = x[r, c]
        total = 0.0
        for c in range(v):
            e = np.exp(x[r, c] - top)
            out[r, c] = e
            total += e
        inv = 1 / total
        for c in range(v):
            out[r, c] *= inv
        for c in range(v, x.shape[1]):
            out[r, c] = 0


@kernel
def _softmax_backward_kernel(y, d_out, valid, d_x):
    """d_x = y * (d_out - <d_out, y>) row-wise, over the valid entries (zero past them)."""
    for r in range(y.shape[0]):
        v = valid[r]
        dot = 0.0
        for c in range(v):
            dot += d_out[r, c] * y[r, c]
        for c in range(v):
            d_x[r, c] = y[r, c] * (d_out[r, c] - dot)
        for c in range(v, y.shape[1]):
            d_x[r, c] = 0


def _valid_per_row(shape, lengths):
    """How many entries of each row (last axis) take part."""
    rows = prod(shape[:-1])                  # math.prod: np.prod cost 4 us a call
    if lengths is None:
        return np.full(rows, shape[-1], np.int64)
    lengths = np.asarray(lengths)
    if lengths.shape != (shape[0],) or lengths.dtype.kind not in "iu" or len(shape) < 2:
        raise ValueError("lengths must give one integer per example of a (batch, ..., T) array")
    if lengths.size and (lengths.min() < 0 or lengths.max() > shape[-1]):
        raise ValueError(f"lengths must lie in 0..{shape[-1]}")
    per_example = rows // shape[0] if shape[0] else 0
    return np.repeat(lengths.astype(np.int64), per_example)


def _as_rows(x):
    x = np.ascontiguousarray(x)
    if x.dtype not in (np.float32, np.float64) or x.ndim < 1:
        raise ValueError("softmax input must be a float32/float64 array")
    return x.reshape(-1, x.shape[-1]) if x.shape[-1] else x.reshape(-1, 0)


def softmax_forward(x, lengths=None):
    """Softmax over the last axis; `lengths` (B,) masks a varying last axis past each length."""
    x = np.asarray(x)
    x2 = _as_rows(x)
    out = np.empty_like(x2)
    _softmax_kernel(x2, _valid_per_row(x.shape, lengths), out)
    return out.reshape(x.shape)


def softmax_backward(y, d_out, lengths=None):
    """Gradient w.r.t. the input, given the forward output y and the output gradient."""
    y = np.asarray(y)
    y2 = _as_rows(y)
    d2 = np.ascontiguousarray(d_out, y.dtype).reshape(y2.shape)
    d_x = np.empty_like(y2)
    _softmax_backward_kernel(y2, d2, _valid_per_row(y.shape, lengths), d_x)
    return d_x.reshape(y.shape)
