"""BatchNormalizationLayer: forward and backward of a per-channel normalisation.

Layout: x (M, C, R) contiguous, the channel axis in the middle (the layer's `_channels_view`:
(batch, channels, positions), or (batch * positions, channels, 1) with Interleaving); a
channel's statistics run over M and R.

    y = γ (x - μ) / Sqrt[σ² + ε] + β

μ and σ² are the batch's own (training: mean and biased variance, computed here) or given
(evaluation: the moving statistics).  Per-channel values (μ, σ², 1/Sqrt[σ² + ε], γ, β and
the gradients of γ and β) are float64 arrays; sums over a channel accumulate in float64 and
the data stay in their own precision.  The backward pass recomputes the normalised input
from x (keeping it would cost an array of the input's size per layer).

One pass over the data for the evaluation forward pass and for each of the two sweeps of the
others (statistics, then the output; gradient sums, then the input gradient), where numpy
took six to eight passes with temporaries: a ResNet block's layer (32 x 64 x 32 x 32) went
from 10 ms to about 1 ms per call.  Channels are split into contiguous chunks, one per
thread, when the call is big enough (`gru.parallel_work`).
"""

from __future__ import annotations

import math

import numpy as np
from numba import prange, types
from numba.extending import overload

from ._jit import kernel, parallel_kernel, thread_count, writable
from ._linalg import span
from .gru import parallel_work


def _like(value, sample):
    """value converted to the float type of `sample` (a kernel's data type)."""
    return type(sample)(value)


@overload(_like)
def _like_overload(value, sample):
    if sample == types.float32:
        return lambda value, sample: np.float32(value)
    if sample == types.float64:
        return lambda value, sample: np.float64(value)
    return None


@kernel
def _channel_sum(x, c, shape, shift):
    """Σ (x - shift) over channel c of x (flat (M, C, R)), in float64."""
    m_count, channels, r_count = shape
    total = 0.0
    for m in range(m_count):
        row = span(x, (m * channels + c) * r_count, r_count)
        part = 0.0
        for r in range(r_count):
            part += row[r] - shift
        total += part
    return total


@kernel
def _forward_channel(x, c, shape, train, mean, variance, inv_std, eps, scale, bias, y):
    m_count, channels, r_count = shape
    if train:
        n = m_count * r_count
        mu = _channel_sum(x, c, shape, 0.0) / n
        squares = 0.0
        for m in range(m_count):
            row = span(x, (m * channels + c) * r_count, r_count)
            part = 0.0
            for r in range(r_count):
                d = row[r] - mu
                part += d * d
            squares += part
        mean[c] = mu
        variance[c] = squares / n
    inv = 1.0 / math.sqrt(variance[c] + eps)
    inv_std[c] = inv
    gain = scale[c] * inv
    gain_t = _like(gain, x[0])
    shift_t = _like(bias[c] - mean[c] * gain, x[0])
    for m in range(m_count):
        start = (m * channels + c) * r_count
        src, dst = span(x, start, r_count), span(y, start, r_count)
        for r in range(r_count):
            dst[r] = src[r] * gain_t + shift_t


@kernel
def _backward_channel(x, d_y, c, shape, train, mean, inv_std, scale, d_x, d_scale, d_bias):
    m_count, channels, r_count = shape
    mu, inv = mean[c], inv_std[c]
    sum_dy, sum_dy_x = 0.0, 0.0
    for m in range(m_count):
        start = (m * channels + c) * r_count
        xs, gs = span(x, start, r_count), span(d_y, start, r_count)
        part_dy, part_dy_x = 0.0, 0.0
        for r in range(r_count):
            g = gs[r]
            part_dy += g
            part_dy_x += g * (xs[r] - mu)
        sum_dy += part_dy
        sum_dy_x += part_dy_x
    sum_dy_normal = sum_dy_x * inv                      # Σ dy (x - μ)/σ
    d_scale[c] = sum_dy_normal
    d_bias[c] = sum_dy
    gain = scale[c] * inv
    if train:           # μ and σ² depend on x too
        n = m_count * r_count
        slope = -gain * sum_dy_normal * inv / n         # times (x - μ)
        shift = -gain * sum_dy / n - slope * mu
    else:
        slope, shift = 0.0, 0.0
    gain_t, slope_t, shift_t = _like(gain, x[0]), _like(slope, x[0]), _like(shift, x[0])
    for m in range(m_count):
        start = (m * channels + c) * r_count
        xs, gs, out = span(x, start, r_count), span(d_y, start, r_count), span(d_x, start,
                                                                                 r_count)
        for r in range(r_count):
            out[r] = gain_t * gs[r] + slope_t * xs[r] + shift_t


# Serial and parallel drivers are distinct functions (see gru.py: Numba's cache is keyed by
# the function, not by the `parallel` flag).

@kernel
def _forward_serial(bounds, x, shape, train, mean, variance, inv_std, eps, scale, bias, y):
    for c in range(shape[1]):
        _forward_channel(x, c, shape, train, mean, variance, inv_std, eps, scale, bias, y)


@parallel_kernel
def _forward_parallel(bounds, x, shape, train, mean, variance, inv_std, eps, scale, bias, y):
    for k in prange(bounds.shape[0] - 1):
        for c in range(bounds[k], bounds[k + 1]):
            _forward_channel(x, c, shape, train, mean, variance, inv_std, eps, scale, bias, y)


@kernel
def _backward_serial(bounds, x, d_y, shape, train, mean, inv_std, scale, d_x, d_scale,
                     d_bias):
    for c in range(shape[1]):
        _backward_channel(x, d_y, c, shape, train, mean, inv_std, scale, d_x, d_scale, d_bias)


@parallel_kernel
def _backward_parallel(bounds, x, d_y, shape, train, mean, inv_std, scale, d_x, d_scale,
                       d_bias):
    for k in prange(bounds.shape[0] - 1):
        for c in range(bounds[k], bounds[k + 1]):
            _backward_channel(x, d_y, c, shape, train, mean, inv_std, scale, d_x, d_scale,
                              d_bias)


def _channel_chunks(channels: int, size: int) -> np.ndarray:
    chunks = 1 if channels < 2 or size < parallel_work() else min(thread_count(), channels)
    return np.array([(k * channels) // chunks for k in range(chunks + 1)], np.int64)


def _shape(x) -> tuple:
    """(M, C, R) as int64s: one kernel signature whatever the platform's int."""
    return tuple(np.int64(n) for n in x.shape)


def _per_channel(values, channels: int):
    """A fresh writable float64 (C,) array (one kernel signature)."""
    return np.array(np.broadcast_to(np.asarray(values, np.float64), (channels,)))


class BatchNormCache:
    """What the forward pass keeps for the backward pass (opaque to callers)."""
    __slots__ = ("x", "mean", "variance", "inv_std", "scale", "train", "bounds")

    def __init__(self, x, mean, variance, inv_std, scale, train, bounds):
        self.x, self.mean, self.variance, self.inv_std = x, mean, variance, inv_std
        self.scale, self.train, self.bounds = scale, train, bounds


def batch_norm_forward(x, scale, bias, eps, mean=None, variance=None, keep=True):
    """x (M, C, R) float32/float64; scale, bias (C,); with `mean` and `variance` (C,) given,
    normalise by them (evaluation), else by the batch's own (training).
    Returns (y like x, cache for batch_norm_backward or None); the cache's `mean` and
    `variance` (float64) are the statistics used."""
    x = writable(np.ascontiguousarray(x))
    if x.dtype.char not in "fd" or x.ndim != 3:
        raise ValueError("x must be a float32 or float64 array (M, C, R)")
    channels = x.shape[1]
    train = mean is None
    mean = np.zeros(channels) if train else _per_channel(mean, channels)
    variance = np.ones(channels) if train else _per_channel(variance, channels)
    inv_std = np.empty(channels)
    scale = _per_channel(scale, channels)
    y = np.empty_like(x)
    bounds = _channel_chunks(channels, x.size)
    driver = _forward_parallel if len(bounds) > 2 else _forward_serial
    if x.shape[0] and x.shape[2]:
        driver(bounds, x.reshape(-1), _shape(x), train, mean, variance, inv_std, float(eps),
               scale, _per_channel(bias, channels), y.reshape(-1))
    elif train:                 # no data: NaN statistics, as numpy's mean of nothing
        mean[:], variance[:] = np.nan, np.nan
    cache = BatchNormCache(x, mean, variance, inv_std, scale, train, bounds) if keep else None
    return y, cache


def batch_norm_backward(cache: BatchNormCache, d_y):
    """(d_x like x, d_scale, d_bias (float64, (C,))) for d_y like the forward output; in
    training the gradient runs through the batch statistics too."""
    x = cache.x
    d_y = writable(np.ascontiguousarray(d_y, x.dtype))
    if d_y.shape != x.shape:
        raise ValueError(f"d_y must have shape {x.shape}")
    channels = x.shape[1]
    d_x = np.empty_like(x)
    d_scale, d_bias = np.zeros(channels), np.zeros(channels)
    driver = _backward_parallel if len(cache.bounds) > 2 else _backward_serial
    if x.size:
        driver(cache.bounds, x.reshape(-1), d_y.reshape(-1), _shape(x), cache.train, cache.mean,
               cache.inv_std, cache.scale, d_x.reshape(-1), d_scale, d_bias)
    return d_x, d_scale, d_bias
