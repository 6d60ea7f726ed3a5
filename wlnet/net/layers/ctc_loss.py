"""CTCLossLayer[]: the connectionist temporal classification loss (Graves et al. 2006) of a
sequence of probability vectors of size c + 1 (the last entry is the blank class) against a
target sequence of class indices 1 … c, no longer than the input: -log of the probability
of all the alignments that reduce to the target (merge repeats, drop blanks).

The custom op runs the forward (alpha) and backward (beta) recursions in log space, one
example at a time over its own lengths; the gradient for the input probability y_t(k) is
-(sum of alpha_t(s) beta_t(s) over the positions s labelled k) / (y_t(k)^2 P).
Probabilities are floored at the smallest normal number, as the cross-entropy's are.
"""

from __future__ import annotations

import numpy as np

from wlnet.net.custom_op import CustomOp
from wlnet.net.primitives import StructureError
from wlnet.net.registry import register
from wlnet.net.spec import LayerSpec, Param
from wlnet.net.types import IndexIntegerT, RealT, TensorT
from wlnet.net.values import Batch

_NEG_INF = -np.inf


def _logsumexp(a, b):
    m = np.maximum(a, b)
    safe = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(divide="ignore"):
        return np.where(np.isfinite(m), safe + np.log(np.exp(a - safe) + np.exp(b - safe)), _NEG_INF)


def _extended(target, blank: int) -> np.ndarray:
    """blank, l1, blank, l2, …, lU, blank (0-based classes)."""
    ext = np.full(2 * len(target) + 1, blank, np.int64)
    ext[1::2] = target
    return ext


def ctc_example(logp: np.ndarray, target: np.ndarray):
    """(-log P, d(-log P)/d logp) for one example: ``logp`` (T, c+1) log probabilities,
    ``target`` (U,) 0-based classes."""
    steps, width = logp.shape
    blank = width - 1
    ext = _extended(target, blank)
    size = len(ext)
    # s may come from s - 2 when it is a class differing from the class two before
    skip = np.zeros(size, bool)
    skip[2:] = (ext[2:] != blank) & (ext[2:] != ext[:-2])
    emit = logp[:, ext]                                  # (T, S)
    alpha = np.full((steps, size), _NEG_INF)
    alpha[0, 0] = emit[0, 0]
    if size > 1:
        alpha[0, 1] = emit[0, 1]
    for t in range(1, steps):
        prev = alpha[t - 1]
        total = prev.copy()
        total[1:] = _logsumexp(total[1:], prev[:-1])
        total[2:] = np.where(skip[2:], _logsumexp(total[2:], prev[:-2]), total[2:])
        alpha[t] = total + emit[t]
    beta = np.full((steps, size), _NEG_INF)
    beta[-1, -1] = emit[-1, -1]
    if size > 1:
        beta[-1, -2] = emit[-1, -2]
    for t in range(steps - 2, -1, -1):
        nxt = beta[t + 1]
        total = nxt.copy()
        total[:-1] = _logsumexp(total[:-1], nxt[1:])
        total[:-2] = np.where(skip[2:], _logsumexp(total[:-2], nxt[2:]), total[:-2])
        beta[t] = total + emit[t]
    log_p = _logsumexp(alpha[-1, -1], alpha[-1, -2]) if size > 1 else alpha[-1, -1]
    # alpha beta counts y_t(l'_s) twice: per class, gather over its positions
    both = alpha + beta - emit
    grad = np.zeros_like(logp)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for k in np.unique(ext):
            cols = both[:, ext == k]
            m = cols.max(axis=1)
            safe = np.where(np.isfinite(m), m, 0.0)
            occupancy = np.where(np.isfinite(m), safe + np.log(np.exp(cols - safe[:, None]).sum(axis=1)),
                                 _NEG_INF)
            grad[:, k] = -np.exp(occupancy - log_p)      # d(-log P)/d log y_t(k)
    return -float(log_p), grad


class CTCLossOp(CustomOp):
    """"Input" (B, T, c+1) probabilities, "Target" (B, U) class indices → "Output" (B,)."""

    def forward(self, inputs, arrays, states, ctx):
        x, t = inputs["Input"], inputs["Target"]
        losses, grads = _ctc_batch(x.data, _lengths(x, x.data.shape[1]), t.data,
                                   _lengths(t, t.data.shape[1]), ctx.dtype)
        cache = grads.astype(ctx.dtype) if ctx.keep else None
        return {"Output": Batch(losses.astype(ctx.dtype), None)}, {}, cache

    def backward(self, cache, d_outputs, d_states):
        d = d_outputs.get("Output")
        if d is None:
            return {}, {}, {}
        scale = np.asarray(d, self.dtype).reshape(-1, 1, 1)
        return {"Input": cache * scale}, {}, {}


def _ctc_batch(probs, in_lengths, codes, t_lengths, dtype):
    """(per-example losses, gradient for the probabilities) of a batch (numpy)."""
    probs = np.asarray(probs, np.float64)
    tiny = np.finfo(np.dtype(dtype)).tiny
    logp = np.log(np.maximum(probs, tiny))
    losses = np.zeros(probs.shape[0])
    grads = np.zeros_like(probs)
    for b in range(probs.shape[0]):
        n, u = int(in_lengths[b]), int(t_lengths[b])
        if u > n:
            raise StructureError("ctclong", u, n)
        losses[b], g = ctc_example(logp[b, :n], np.asarray(codes[b, :u], np.int64) - 1)
        grads[b, :n] = g / np.maximum(probs[b, :n], tiny)      # d/dy = d/dlog y / y
    return losses, grads


def _lengths(batch: Batch, n: int):
    data = batch.data
    return np.full(data.shape[0], n) if batch.lengths is None else np.asarray(batch.lengths)


def torch_lowering(t, p, ctx, inputs, arrays, states):
    """The same recursions (torch's own ctc_loss differentiates as if its input came from a
    log-softmax, which these probabilities need not): an autograd function around them."""
    x, target = inputs["Input"], inputs["Target"]
    cpu = lambda v: v.detach().cpu().numpy()
    in_lengths = _lengths(Batch(cpu(x.data), None if x.lengths is None else cpu(x.lengths)), x.data.shape[1])
    t_lengths = _lengths(Batch(cpu(target.data), None if target.lengths is None else cpu(target.lengths)),
                         target.data.shape[1])

    class _CTC(t.autograd.Function):
        @staticmethod
        def forward(fctx, probs):
            losses, grads = _ctc_batch(cpu(probs), in_lengths, cpu(target.data), t_lengths, ctx.dtype)
            fctx.save_for_backward(t.as_tensor(grads, dtype=probs.dtype, device=probs.device))
            return t.as_tensor(losses, dtype=probs.dtype, device=probs.device)

        @staticmethod
        def backward(fctx, d):
            (grads,) = fctx.saved_tensors
            return grads * d.reshape(-1, 1, 1)

    return {"Output": Batch(_CTC.apply(x.data), None)}, {}


@register
class CTCLoss(LayerSpec):
    type_name = "CTCLoss"
    symbol = "CTCLossLayer"
    usage = ("CTCLossLayer[] represents a net layer that computes the connectionist temporal "
             "classification loss by comparing a sequence of class probability vectors with a "
             "sequence of indices representing the target classes.")
    params = (Param("$InputLength", "length"), Param("$TargetLength", "length"),
              Param("$Classes", "size"), Param("$Width", "size"))
    op = CTCLossOp
    torch_lowering = staticmethod(torch_lowering)
    messages = {"ctclong": "The target sequence (`1` elements) is longer than the input "
                           "sequence (`2` steps); CTCLossLayer needs a target no longer than its input."}
    sample = 'CTCLossLayer["Input" -> {"Varying", 3}, "Target" -> {1}]'
    examples = (
        ('CTCLossLayer[][<|"Input" -> {{0.5, 0.5}, {0.5, 0.5}}, "Target" -> {1}|>]', "0.287682"),
        ('CTCLossLayer[][<|"Input" -> {{1, 0, 0}, {0, 0, 1}, {0, 1, 0}}, "Target" -> {1, 2}|>]', "0."),
    )

    def loss_kind(self, p):
        return "CTC"

    def inputs(self, p):
        return {"Input": TensorT((p["$InputLength"], p["$Width"]), RealT),
                "Target": TensorT((p["$TargetLength"],), IndexIntegerT(p["$Classes"]))}

    def outputs(self, p):
        return {"Output": TensorT((), RealT)}

    def post(self, p, u):
        width, classes = u.dim(p["$Width"]), u.dim(p["$Classes"])
        if isinstance(width, int) and not isinstance(classes, int):
            u.unify_dim(p["$Classes"], width - 1)
        elif isinstance(classes, int) and not isinstance(width, int):
            u.unify_dim(p["$Width"], classes + 1)
