"""Compile (or load from the on-disk cache) every kernel ahead of its first use: `wlnet
--precompile`.  Kernels otherwise compile lazily, for what a session uses (see `_jit`); this
warms the cache for both precisions, evaluation and training, the one-chunk and the
split-over-threads GRU passes, so that later sessions only load machine code.

It calls each public wrapper once on tiny arrays (their argument types are what selects a
compiled variant, so the warm-up goes through the same doors as the net layer)."""

from __future__ import annotations

import math
import time

import numpy as np

from . import dropout, elementwise, gru, linear, losses, sequence_last, softmax, unit_vector
from ._jit import thread_count

PRECISIONS = (np.float32, np.float64)


def _gru(dtype, batch, rng):
    n, k, steps = 4, 3, 2
    shapes = {"InputWeights": (n, k), "StateWeights": (n, n), "Biases": (n,)}
    arrays = {name: rng.standard_normal(shapes[next(s for s in shapes if name.endswith(s))])
              for name in gru.ARRAY_NAMES}
    x = rng.standard_normal((batch, steps, k)).astype(dtype)
    lengths = np.full(batch, steps)
    weights = gru.pack_gru_weights(arrays, dtype)
    gru.gru_forward(x, lengths, weights, keep_for_backward=False)
    out, _, cache = gru.gru_forward(x, lengths, weights)
    gru.gru_backward(cache, np.ones_like(out))


def _split_batch() -> int | None:
    """A batch size the GRU passes split over threads (None with one thread)."""
    if thread_count() < 2:
        return None
    per_example = 2 * 4 * (4 + 3)                 # steps * n * (n + k) of `_gru`'s layer
    return max(2 * thread_count(), math.ceil(gru.parallel_work() / per_example) + 1)


def _layers(dtype, rng):
    x = rng.standard_normal((3, 2, 4)).astype(dtype)
    lengths = np.array([2, 1, 2])
    w, b = rng.standard_normal((5, 4)).astype(dtype), np.zeros(5, dtype)
    rows = x.reshape(-1, 4)
    linear.linear_forward(rows, w, b)
    linear.linear_backward(rows, w, np.ones((6, 5), dtype))
    sequence_last.sequence_last_forward(x, lengths)
    sequence_last.sequence_last_backward(x[:, 0], lengths, 2)
    unit_vector.unit_vector_forward(np.array([[1, 2], [0, 3]]), 4, dtype)
    y = softmax.softmax_forward(x, None)
    softmax.softmax_backward(y, np.ones_like(y), None)
    for function in elementwise.FUNCTIONS:
        y = elementwise.elementwise_forward(function, x)
        elementwise.elementwise_backward(function, x, y, np.ones_like(x))
    mask = dropout.make_dropout_mask(rng, x.shape, 0.5, dtype)
    dropout.dropout_forward(x, mask)
    dropout.dropout_backward(x, mask)


def _losses(dtype, rng):
    p = softmax.softmax_forward(rng.standard_normal((3, 2, 4)).astype(dtype))
    lengths, classes = np.array([2, 1, 2]), np.array([[1, 4], [2, 1], [3, 3]])
    for loss in (losses.mean_squared_loss, losses.mean_absolute_loss,
                 losses.binary_cross_entropy_loss, losses.cross_entropy_probabilities_loss,
                 losses.cross_entropy_probabilities_logits_loss):
        loss(p, p, lengths)
    losses.cross_entropy_index_loss(p, classes, lengths)
    losses.cross_entropy_index_logits_loss(p, classes, lengths)


def precompile(precisions=PRECISIONS, report=None) -> None:
    """Compile or load every kernel in each of `precisions`; `report(text)` after each."""
    rng = np.random.default_rng(0)
    split = _split_batch()
    for dtype in precisions:
        start = time.perf_counter()
        for batch in (1, split) if split else (1,):
            _gru(dtype, batch, rng)
        _layers(dtype, rng)
        _losses(dtype, rng)
        if report is not None:
            report(f"{np.dtype(dtype).name} kernels ready ({time.perf_counter() - start:.1f} s)")
