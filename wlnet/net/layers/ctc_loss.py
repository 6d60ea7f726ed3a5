"""CTCLossLayer[]: the connectionist temporal classification loss (Graves et al. 2006) of a
sequence of probability vectors of size c + 1 (the last entry is the blank class) against a
target sequence of class indices 1 … c, no longer than the input: -log of the probability
of all the alignments that reduce to the target (merge repeats, drop blanks).

The custom op runs the forward (alpha) and backward (beta) recursions in log space, one
example at a time over its own lengths, in a Numba kernel (wlnet/kernels/ctc.py); the
gradient for the input probability y_t(k) is -(sum of alpha_t(s) beta_t(s) over the
positions s labelled k) / (y_t(k)^2 P).  Probabilities are floored at the smallest normal
number, as the cross-entropy's are.
"""

from __future__ import annotations

import numpy as np

from wlnet.kernels import ctc as kctc
from wlnet.net.custom_op import CustomOp
from wlnet.net.errors import NetSpecError
from wlnet.net.primitives import StructureError
from wlnet.net.registry import register
from wlnet.net.spec import LayerSpec, Param
from wlnet.net.types import IndexIntegerT, RealT, TensorT
from wlnet.net.values import Batch


class CTCLossOp(CustomOp):
    """"Input" (B, T, c+1) probabilities, "Target" (B, U) class indices → "Output" (B,)."""

    def forward(self, inputs, arrays, states, ctx):
        x, t = inputs["Input"], inputs["Target"]
        losses, grads = _ctc_batch(x.data, _lengths(x, x.data.shape[1]), t.data,
                                   _lengths(t, t.data.shape[1]), ctx.dtype)
        cache = grads if ctx.keep else None
        return {"Output": Batch(losses, None)}, {}, cache

    def backward(self, cache, d_outputs, d_states):
        d = d_outputs.get("Output")
        if d is None:
            return {}, {}, {}
        scale = np.asarray(d, self.dtype).reshape(-1, 1, 1)
        return {"Input": cache * scale}, {}, {}


def _ctc_batch(probs, in_lengths, codes, t_lengths, dtype):
    """(per-example losses, gradient for the probabilities) of a batch (the Numba kernel)."""
    for n, u in zip(in_lengths, t_lengths):
        if u > n:
            raise StructureError("ctclong", int(u), int(n))
    return kctc.ctc_loss(probs, in_lengths, codes, t_lengths, dtype)


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
        steps, targets = u.dim(p["$InputLength"]), u.dim(p["$TargetLength"])
        if isinstance(steps, int) and isinstance(targets, int) and targets > steps:
            # fixed lengths that can never fit: refused when the layer is made
            raise NetSpecError("ctclong", targets, steps, symbol=self.symbol)
        width, classes = u.dim(p["$Width"]), u.dim(p["$Classes"])
        if isinstance(width, int) and not isinstance(classes, int):
            u.unify_dim(p["$Classes"], width - 1)
        elif isinstance(classes, int) and not isinstance(width, int):
            u.unify_dim(p["$Width"], classes + 1)
