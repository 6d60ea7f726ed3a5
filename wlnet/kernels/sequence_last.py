"""SequenceLastLayer: the last VALID element of each sequence of a padded batch."""

import numpy as np

from ._jit import kernel


@kernel
def _last_forward_kernel(x, lengths, out):
    """x (B, T, F), lengths (B,) >= 1 -> out (B, F) = x[b, lengths[b] - 1]."""
    for b in range(x.shape[0]):
        for f in range(x.shape[2]):      # element by element: see _last_backward_kernel
            out[b, f] = x[b, lengths[b] - 1, f]


@kernel
def _last_backward_kernel(d_out, lengths, d_x):
    """d_x (B, T, F): d_out[b] at step lengths[b] - 1, zero elsewhere."""
    d_x[:] = 0
    for b in range(d_x.shape[0]):
        # element by element: an array-to-array assignment makes Numba compile its shape
        # check's error message formatting (5 s of a first run's compilation, measured)
        for f in range(d_x.shape[2]):
            d_x[b, lengths[b] - 1, f] = d_out[b, f]


def _check(x_shape, lengths):
    lengths = np.asarray(lengths)
    if len(x_shape) < 2 or lengths.shape != (x_shape[0],) or lengths.dtype.kind not in "iu":
        raise ValueError("need x of shape (batch, steps, ...) and one integer length per example")
    if lengths.size and (lengths.min() < 1 or lengths.max() > x_shape[1]):
        raise ValueError(f"lengths must lie in 1..{x_shape[1]}")
    return lengths.astype(np.int64, copy=False)


def sequence_last_forward(x, lengths):
    """x (B, T, ...) -> (B, ...): each example's element at its own last step."""
    x = np.ascontiguousarray(x)
    lengths = _check(x.shape, lengths)
    batch, steps = x.shape[:2]
    x3 = x.reshape(batch, steps, -1)
    out = np.empty((batch, x3.shape[2]), x.dtype)
    _last_forward_kernel(x3, lengths, out)
    return out.reshape((batch,) + x.shape[2:])


def sequence_last_backward(d_out, lengths, steps):
    """Gradient w.r.t. the (B, steps, ...) input for d_out (B, ...)."""
    d_out = np.ascontiguousarray(d_out)
    batch = d_out.shape[0]
    lengths = _check((batch, steps), lengths)
    d2 = d_out.reshape(batch, -1)
    d_x = np.empty((batch, steps, d2.shape[1]), d_out.dtype)
    _last_backward_kernel(d2, lengths, d_x)
    return d_x.reshape((batch, steps) + d_out.shape[1:])
