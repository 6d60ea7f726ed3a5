"""Compile (or load from the on-disk cache) every kernel ahead of its first use: `wlnet
--precompile`.  Kernels otherwise compile lazily, for what a session uses (see `_jit`); this
warms the cache for both precisions, evaluation and training, and the one-chunk and the
split-over-threads passes of every kernel family (GRU, LSTM, convolution and deconvolution,
pooling, batch normalization, and the small layers and losses), so that later sessions only
load machine code.

It calls each public wrapper once on tiny arrays (their argument types are what selects a
compiled variant, so the warm-up goes through the same doors as the net layer); a batch is
made just big enough to be split over threads where a family has a parallel driver.
`MODULES` names every kernel module warmed here (tests/test_cli_precompile.py checks that
no module of wlnet.kernels is missing from it)."""

from __future__ import annotations

import math
import time

import numpy as np

from . import (batch_norm, convolution, ctc, dropout, elementwise, gru, linear, losses, lstm,
               pooling, recurrent, sequence_last, softmax, training, unit_vector, winograd,
               winograd5)
from ._jit import thread_count

PRECISIONS = (np.float32, np.float64)

MODULES = (batch_norm, convolution, ctc, dropout, elementwise, gru, linear, losses, lstm, pooling,
           recurrent, sequence_last, softmax, training, unit_vector,
           winograd, winograd5)     # recurrent: through gru and lstm


def _batches(per_example: int) -> tuple:
    """One example, and (with more than one thread) a batch whose work, `per_example` units
    each, is big enough for the kernels to split it over threads (`gru.parallel_work`)."""
    if thread_count() < 2:
        return (1,)
    return 1, max(2 * thread_count(), math.ceil(gru.parallel_work() / per_example) + 1)


def _recurrent(module, pack, forward, backward, dtype, rng):
    """A GRU or LSTM layer of 4 units on 3 inputs over 2 steps: inference, and training's
    forward and backward passes."""
    n, k, steps = 4, 3, 2
    shapes = {"InputWeights": (n, k), "StateWeights": (n, n), "Biases": (n,)}
    arrays = {name: rng.standard_normal(shapes[next(s for s in shapes if name.endswith(s))])
              .astype(dtype) for name in module.ARRAY_NAMES}      # as NetTrain packs them
    weights = pack(arrays, dtype)
    for batch in _batches(steps * n * (n + k)):
        x = rng.standard_normal((batch, steps, k)).astype(dtype)
        lengths = np.full(batch, steps)
        lengths[-1] = 1                                           # mixed: slots sorted
        forward(x, lengths, weights, keep_for_backward=False)
        result = forward(x, lengths, weights)
        backward(result[-1], np.ones_like(result[0]))


def _gru(dtype, rng):
    _recurrent(gru, gru.pack_gru_weights, gru.gru_forward, gru.gru_backward, dtype, rng)


def _lstm(dtype, rng):
    _recurrent(lstm, lstm.pack_lstm_weights, lstm.lstm_forward, lstm.lstm_backward, dtype,
               rng)


def _vision(dtype, rng):
    """Convolution and deconvolution, pooling (Max and the sums), batch normalization:
    evaluation and training passes, on 2 channels of 4 x 4."""
    size, kernel = (4, 4), (2, 2)
    w = rng.standard_normal((3, 2) + kernel).astype(dtype)
    bias = np.zeros(3, dtype)
    geometry = ((1, 1), ((0, 0), (0, 0)), (1, 1), 1)
    for batch in _batches(3 * 2 * 4 * 9):        # O * C * K * P of the convolution
        x = rng.standard_normal((batch, 2) + size).astype(dtype)
        out, cache = convolution.conv_forward(x, w, bias, *geometry)
        convolution.conv_backward(cache, np.ones_like(out))
        back, cache = convolution.deconv_forward(out, w, bias, *geometry)
        convolution.deconv_backward(cache, np.ones_like(back))
    channels = winograd.MIN_CHANNELS              # 3x3 and 5x5 layers on the Winograd path
    for k in winograd.TRANSFORMS:
        w = rng.standard_normal((channels, channels, k, k)).astype(dtype)
        pad = (k // 2, k // 2)
        for batch in _batches(channels * channels * (k + 1) ** 2 * 4):   # O * C * n² * tiles
            batch = max(batch, winograd.MIN_BATCH_5X5)    # (5x5: fewer take im2col)
            x = rng.standard_normal((batch, channels) + size).astype(dtype)
            out, cache = convolution.conv_forward(x, w, np.zeros(channels, dtype), (1, 1),
                                                  (pad, pad), (1, 1))
            convolution.conv_backward(cache, np.ones_like(out))
    for batch in _batches(2 * 4 * 9):            # C * K * P of the pooling
        x = rng.standard_normal((batch, 2) + size).astype(dtype)
        for function in ("Max", "Mean"):
            pooled, cache = pooling.pool_forward(x, function, kernel, (1, 1), ((0, 0), (0, 0)))
            pooling.pool_backward(cache, np.ones_like(pooled))
    for batch in _batches(2 * 16):
        x = rng.standard_normal((batch, 2, 16)).astype(dtype)
        for moving in ((), (np.zeros(2), np.ones(2))):
            y, cache = batch_norm.batch_norm_forward(x, np.ones(2), np.zeros(2), 1e-3, *moving)
            batch_norm.batch_norm_backward(cache, np.ones_like(y))


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
    ctc.ctc_loss(p, lengths, classes[:, :1], np.array([1, 1, 1]), dtype)


def _training(dtype, rng):
    """NetTrain's fused ADAM (its fused tail calls the kernels above)."""
    n = 6
    w, g = rng.standard_normal(n).astype(dtype), rng.standard_normal(n).astype(dtype)
    training.adam_update(w, g, np.zeros(n, dtype), np.zeros(n, dtype),
                         np.array([0.9, 0.1, 0.999, 0.001, 1e-5], dtype), np.ones(1, dtype))


def precompile(precisions=PRECISIONS, report=None) -> None:
    """Compile or load every kernel in each of `precisions`; `report(text)` after each."""
    rng = np.random.default_rng(0)
    for dtype in precisions:
        start = time.perf_counter()
        _gru(dtype, rng)
        _lstm(dtype, rng)
        _vision(dtype, rng)
        _layers(dtype, rng)
        _losses(dtype, rng)
        _training(dtype, rng)
        if report is not None:
            report(f"{np.dtype(dtype).name} kernels ready ({time.perf_counter() - start:.1f} s)")
