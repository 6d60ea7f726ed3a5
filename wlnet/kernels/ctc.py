"""The connectionist temporal classification loss (CTCLossLayer): the forward (alpha) and
backward (beta) recursions over the extended label sequence (blank, l1, blank, …, lU,
blank) in log space, one example at a time over its own lengths, in the working precision.

`ctc_loss` returns each example's -log P and the gradient of that loss for the input
probabilities y_t(k): -(the sum of alpha_t(s) beta_t(s) / y_t(k) over the positions s
labelled k) / (y_t(k) P).  Probabilities are floored at the working precision's
smallest normal number before their logarithm, as the cross-entropy's are.  The wrapper
checks the lengths; the kernel assumes every target fits its input.
"""

from __future__ import annotations

import math

import numpy as np

from ._jit import kernel, writable

__all__ = ["ctc_loss"]


@kernel
def _log_add(a, b):
    """log(exp(a) + exp(b)), exact at -inf.  log(1 + e), not log1p(e): a path whose
    probability is 1 next to floored ones gives a loss of exactly 0, not -1e-38."""
    if a == -np.inf:
        return b
    if b == -np.inf:
        return a
    if a > b:
        return a + math.log(1.0 + math.exp(b - a))
    return b + math.log(1.0 + math.exp(a - b))


@kernel
def _ctc_example(logp, ext, skip, alpha, beta, occupancy):
    """-log P of one example (``logp`` (T, C) log probabilities, ``ext`` (S,) the extended
    labels, ``skip[s]``: s may come from s - 2); fills ``occupancy`` (T, C) with
    log sum over the positions s labelled k of alpha_t(s) beta_t(s) / y_t(k)."""
    steps, size = alpha.shape
    alpha[:, :] = -np.inf
    beta[:, :] = -np.inf
    occupancy[:, :] = -np.inf
    alpha[0, 0] = logp[0, ext[0]]
    if size > 1:
        alpha[0, 1] = logp[0, ext[1]]
    for t in range(1, steps):
        for s in range(size):
            total = alpha[t - 1, s]
            if s >= 1:
                total = _log_add(total, alpha[t - 1, s - 1])
            if skip[s]:
                total = _log_add(total, alpha[t - 1, s - 2])
            alpha[t, s] = total + logp[t, ext[s]]
    beta[steps - 1, size - 1] = logp[steps - 1, ext[size - 1]]
    if size > 1:
        beta[steps - 1, size - 2] = logp[steps - 1, ext[size - 2]]
    for t in range(steps - 2, -1, -1):
        for s in range(size):
            total = beta[t + 1, s]
            if s + 1 < size:
                total = _log_add(total, beta[t + 1, s + 1])
            if s + 2 < size and skip[s + 2]:
                total = _log_add(total, beta[t + 1, s + 2])
            beta[t, s] = total + logp[t, ext[s]]
    log_p = alpha[steps - 1, size - 1]
    if size > 1:
        log_p = _log_add(log_p, alpha[steps - 1, size - 2])
    # alpha beta counts y_t(ext[s]) twice: take it out once
    for t in range(steps):
        for s in range(size):
            k = ext[s]
            occupancy[t, k] = _log_add(occupancy[t, k], alpha[t, s] + beta[t, s] - logp[t, k])
    return -log_p


@kernel
def _ctc_batch(probs, in_lengths, codes, t_lengths, tiny, losses, grads):
    batch, steps, width = probs.shape
    blank = width - 1
    longest = codes.shape[1]
    logp = np.empty((steps, width), probs.dtype)
    occupancy = np.empty((steps, width), probs.dtype)
    alpha = np.empty((steps, 2 * longest + 1), probs.dtype)
    beta = np.empty((steps, 2 * longest + 1), probs.dtype)
    ext = np.empty(2 * longest + 1, np.int64)
    skip = np.zeros(2 * longest + 1, np.bool_)
    for b in range(batch):
        n, u = in_lengths[b], t_lengths[b]
        size = 2 * u + 1
        for s in range(size):
            ext[s] = blank if s % 2 == 0 else codes[b, s // 2] - 1
            skip[s] = s >= 2 and ext[s] != blank and ext[s] != ext[s - 2]
        for t in range(n):
            for k in range(width):
                logp[t, k] = math.log(max(probs[b, t, k], tiny))
        loss = _ctc_example(logp[:n], ext[:size], skip[:size], alpha[:n, :size], beta[:n, :size],
                            occupancy[:n])
        losses[b] = loss
        for t in range(n):
            for k in range(width):
                # d(-log P)/d log y, then d/dy = that / y
                grads[b, t, k] = -math.exp(occupancy[t, k] + loss) / max(probs[b, t, k], tiny)


def ctc_loss(probs, in_lengths, codes, t_lengths, dtype):
    """(losses (B,), d losses / d probs (B, T, C)) in ``dtype``: ``probs`` (B, T, C) with the
    blank class last, ``codes`` (B, U) class indices 1 … C-1, the lengths (B,) of both;
    the gradient is zero past each input's length."""
    dtype = np.dtype(dtype)
    probs = writable(np.ascontiguousarray(probs, dtype))
    codes = writable(np.ascontiguousarray(codes, np.int64))
    in_lengths = np.ascontiguousarray(in_lengths, np.int64)
    t_lengths = np.ascontiguousarray(t_lengths, np.int64)
    losses = np.zeros(probs.shape[0], dtype)
    grads = np.zeros_like(probs)
    _ctc_batch(probs, in_lengths, codes, t_lengths, dtype.type(np.finfo(dtype).tiny), losses, grads)
    return losses, grads
