"""Loss functions for NetTrain: each returns (per-example losses (B,), gradient w.r.t. the input).

Conventions
-----------
- The first axis is the batch. Each example's loss is the MEAN over its elements (or, for the
  cross-entropies, over its positions), as WL's loss layers average over extra dimensions.
- The gradient returned is that of the SUM of the per-example losses; a trainer that minimises
  the batch mean divides it by the batch size.
- Sequences: with `lengths` (B,), axis 1 is a padded sequence axis; only each example's first
  `length` steps count (the means are over valid steps) and the gradient past them is zero.
- Cross-entropy over class indices comes in two forms: over probabilities (after a softmax) and
  fused with log-softmax over the softmax's input (logits) — numerically stable, and what an
  executor should use when a SoftmaxLayer feeds the loss.
"""

import numpy as np

from ._jit import kernel

BINARY_EPSILON = 2.220446049250313e-16  # the paclet's epsilon inside the logs


# --------------------------------------------------------------------------------------------
# Shapes and position weights
# --------------------------------------------------------------------------------------------

def _position_weights(batch, steps, lengths):
    """weights (B, steps): 1/valid-count at valid positions, 0 past each example's length."""
    if lengths is None:
        return np.full((batch, steps), 1.0 / steps if steps else 0.0)
    lengths = np.asarray(lengths)
    if lengths.shape != (batch,) or lengths.dtype.kind not in "iu":
        raise ValueError("lengths must give one integer per example")
    if lengths.size and (lengths.min() < 0 or lengths.max() > steps):
        raise ValueError(f"lengths must lie in 0..{steps}")
    valid = np.arange(steps)[None, :] < lengths[:, None]
    return valid / np.maximum(lengths, 1)[:, None]


def _float_input(x):
    x = np.ascontiguousarray(x)
    if x.dtype not in (np.float32, np.float64) or x.ndim < 1:
        raise ValueError("loss input must be a float32/float64 array with a batch axis")
    return x


def _elementwise_layout(x, lengths):
    """(B, steps, F) view of x, and the position weights (B, steps) (already / F)."""
    batch = x.shape[0]
    if lengths is None:
        x3 = x.reshape(batch, 1, -1)
    else:
        if x.ndim < 2:
            raise ValueError("a sequence input needs shape (batch, steps, ...)")
        x3 = x.reshape(batch, x.shape[1], -1)
    features = x3.shape[2]
    weights = _position_weights(batch, x3.shape[1], lengths) / max(features, 1)
    return x3, weights.astype(x.dtype)


def _class_layout(x, lengths):
    """(B, positions, classes) view of x, and the position weights (B, positions)."""
    batch = x.shape[0]
    if x.ndim < 2:
        raise ValueError("class inputs need shape (batch, ..., classes)")
    x3 = x.reshape(batch, -1, x.shape[-1])
    if lengths is not None and x.ndim != 3:
        raise ValueError("with lengths, class inputs need shape (batch, steps, classes)")
    return x3, _position_weights(batch, x3.shape[1], lengths).astype(x.dtype)


def _check_targets(targets, shape, classes):
    targets = np.asarray(targets)
    if targets.shape != shape or targets.dtype.kind not in "iu":
        raise ValueError(f"targets must be integers of shape {shape}")
    if targets.size and (targets.min() < 1 or targets.max() > classes):
        raise ValueError(f"targets must lie in 1..{classes}")
    return np.ascontiguousarray(targets, np.int64)


# --------------------------------------------------------------------------------------------
# Kernels
# --------------------------------------------------------------------------------------------

@kernel
def _regression_kernel(kind, x, target, weights, losses, grad):
    """kind 0: squared error, 1: absolute error; x, target, grad (B, S, F); weights (B, S)."""
    for b in range(x.shape[0]):
        total = 0.0
        for s in range(x.shape[1]):
            w = weights[b, s]
            for f in range(x.shape[2]):
                diff = x[b, s, f] - target[b, s, f]
                if w == 0:
                    grad[b, s, f] = 0
                elif kind == 0:
                    total += w * diff * diff
                    grad[b, s, f] = 2 * w * diff
                else:
                    total += w * abs(diff)
                    grad[b, s, f] = w if diff > 0 else (-w if diff < 0 else 0)
        losses[b] = total


@kernel
def _binary_kernel(p, target, weights, eps, losses, grad):
    for b in range(p.shape[0]):
        total = 0.0
        for s in range(p.shape[1]):
            w = weights[b, s]
            for f in range(p.shape[2]):
                if w == 0:
                    grad[b, s, f] = 0
                    continue
                q = p[b, s, f]
                t = target[b, s, f]
                total -= w * (t * np.log(q + eps) + (1 - t) * np.log(1 - q + eps))
                grad[b, s, f] = -w * (t / (q + eps) - (1 - t) / (1 - q + eps))
        losses[b] = total


@kernel
def _index_probabilities_kernel(p, targets, weights, tiny, losses, grad):
    """-log p[target] per position; p, grad (B, S, C); targets (B, S) in 1..C."""
    for b in range(p.shape[0]):
        total = 0.0
        for s in range(p.shape[1]):
            grad[b, s] = 0
            w = weights[b, s]
            if w == 0:
                continue
            c = targets[b, s] - 1
            q = max(p[b, s, c], tiny)
            total -= w * np.log(q)
            grad[b, s, c] = -w / q
        losses[b] = total


@kernel
def _log_softmax_row(z, out):
    """out = log-softmax of the vector z (numerically stable); returns nothing."""
    top = z[0]
    for c in range(1, z.shape[0]):
        if z[c] > top:
            top = z[c]
    total = 0.0
    for c in range(z.shape[0]):
        total += np.exp(z[c] - top)
    lse = top + np.log(total)
    for c in range(z.shape[0]):
        out[c] = z[c] - lse


@kernel
def _index_logits_kernel(z, targets, weights, losses, grad):
    """Fused log-softmax + cross-entropy: loss -log softmax(z)[target], grad softmax - onehot."""
    for b in range(z.shape[0]):
        total = 0.0
        for s in range(z.shape[1]):
            w = weights[b, s]
            if w == 0:
                grad[b, s] = 0
                continue
            _log_softmax_row(z[b, s], grad[b, s])
            c = targets[b, s] - 1
            total -= w * grad[b, s, c]
            for k in range(z.shape[2]):
                grad[b, s, k] = w * np.exp(grad[b, s, k])
            grad[b, s, c] -= w
        losses[b] = total


@kernel
def _probabilities_kernel(p, target, weights, tiny, losses, grad):
    """-sum_c t_c log p_c per position."""
    for b in range(p.shape[0]):
        total = 0.0
        for s in range(p.shape[1]):
            w = weights[b, s]
            for c in range(p.shape[2]):
                if w == 0:
                    grad[b, s, c] = 0
                    continue
                q = max(p[b, s, c], tiny)
                total -= w * target[b, s, c] * np.log(q)
                grad[b, s, c] = -w * target[b, s, c] / q
        losses[b] = total


@kernel
def _probabilities_logits_kernel(z, target, weights, losses, grad):
    """Fused: -sum_c t_c log softmax(z)_c; grad = softmax(z) * sum(t) - t."""
    for b in range(z.shape[0]):
        total = 0.0
        for s in range(z.shape[1]):
            w = weights[b, s]
            if w == 0:
                grad[b, s] = 0
                continue
            _log_softmax_row(z[b, s], grad[b, s])
            mass = 0.0
            for c in range(z.shape[2]):
                t = target[b, s, c]
                total -= w * t * grad[b, s, c]
                mass += t
            for c in range(z.shape[2]):
                grad[b, s, c] = w * (np.exp(grad[b, s, c]) * mass - target[b, s, c])
        losses[b] = total


# --------------------------------------------------------------------------------------------
# Wrappers
# --------------------------------------------------------------------------------------------

def _paired(x, target):
    x = _float_input(x)
    target = np.ascontiguousarray(target, x.dtype)
    if target.shape != x.shape:
        raise ValueError(f"target shape {target.shape} differs from input shape {x.shape}")
    return x, target


def _regression(kind, x, target, lengths):
    x, target = _paired(x, target)
    x3, weights = _elementwise_layout(x, lengths)
    losses = np.empty(x.shape[0], x.dtype)
    grad = np.empty_like(x3)
    _regression_kernel(kind, x3, target.reshape(x3.shape), weights, losses, grad)
    return losses, grad.reshape(x.shape)


def mean_squared_loss(x, target, lengths=None):
    """MeanSquaredLossLayer: mean of (x - target)^2 per example."""
    return _regression(0, x, target, lengths)


def mean_absolute_loss(x, target, lengths=None):
    """MeanAbsoluteLossLayer: mean of |x - target| per example."""
    return _regression(1, x, target, lengths)


def binary_cross_entropy_loss(p, target, lengths=None, epsilon=BINARY_EPSILON):
    """CrossEntropyLossLayer["Binary"]: mean of -(t log(p+eps) + (1-t) log(1-p+eps))."""
    p, target = _paired(p, target)
    p3, weights = _elementwise_layout(p, lengths)
    losses = np.empty(p.shape[0], p.dtype)
    grad = np.empty_like(p3)
    _binary_kernel(p3, target.reshape(p3.shape), weights, epsilon, losses, grad)
    return losses, grad.reshape(p.shape)


def cross_entropy_index_loss(p, targets, lengths=None):
    """CrossEntropyLossLayer["Index"] over probabilities p (B, ..., C), targets 1..C (B, ...).

    -log p[target], averaged over positions; p is floored at the smallest normal number so a
    zero probability gives a large finite loss rather than inf.
    """
    p = _float_input(p)
    p3, weights = _class_layout(p, lengths)
    t = _check_targets(targets, p.shape[:-1], p.shape[-1]).reshape(p3.shape[:2])
    losses = np.empty(p.shape[0], p.dtype)
    grad = np.empty_like(p3)
    _index_probabilities_kernel(p3, t, weights, np.finfo(p.dtype).tiny, losses, grad)
    return losses, grad.reshape(p.shape)


def cross_entropy_index_logits_loss(z, targets, lengths=None):
    """CrossEntropyLossLayer["Index"] fused with the SoftmaxLayer before it: z are the logits."""
    z = _float_input(z)
    z3, weights = _class_layout(z, lengths)
    t = _check_targets(targets, z.shape[:-1], z.shape[-1]).reshape(z3.shape[:2])
    losses = np.empty(z.shape[0], z.dtype)
    grad = np.empty_like(z3)
    _index_logits_kernel(z3, t, weights, losses, grad)
    return losses, grad.reshape(z.shape)


def cross_entropy_probabilities_loss(p, target, lengths=None):
    """CrossEntropyLossLayer["Probabilities"]: -sum_c t_c log p_c, averaged over positions."""
    p, target = _paired(p, target)
    p3, weights = _class_layout(p, lengths)
    losses = np.empty(p.shape[0], p.dtype)
    grad = np.empty_like(p3)
    _probabilities_kernel(p3, target.reshape(p3.shape), weights, np.finfo(p.dtype).tiny,
                          losses, grad)
    return losses, grad.reshape(p.shape)


def cross_entropy_probabilities_logits_loss(z, target, lengths=None):
    """CrossEntropyLossLayer["Probabilities"] fused with the SoftmaxLayer before it."""
    z, target = _paired(z, target)
    z3, weights = _class_layout(z, lengths)
    losses = np.empty(z.shape[0], z.dtype)
    grad = np.empty_like(z3)
    _probabilities_logits_kernel(z3, target.reshape(z3.shape), weights, losses, grad)
    return losses, grad.reshape(z.shape)
