"""CrossEntropyLossLayer["Index" | "Probabilities" | "Binary"].

A custom op over the fused loss kernels of ``wlnet.kernels.losses`` (each gives the
per-example losses and their gradient in one pass, with the paclet's guards against
log 0)."""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import String
from wlnet.kernels import losses as klosses
from wlnet.net.custom_op import CustomOp
from wlnet.net.errors import NetSpecError
from wlnet.net.layers._class_axis import class_vectors_type, tie_class_vectors
from wlnet.net.registry import register
from wlnet.net.spec import LayerSpec, Param
from wlnet.net.types import IndexIntegerT, RealT, TensorT
from wlnet.net.values import Batch

FORMS = ("Index", "Probabilities", "Binary")


def _mean_weights(shape, lengths, class_axis: bool, dtype):
    """Weights broadcastable to an input of ``shape``: 1/count at the positions that count
    towards each example's mean, 0 past its length (``class_axis``: the last axis is summed,
    not averaged)."""
    batch = shape[0]
    inner = shape[1:-1] if class_axis else shape[1:]
    if lengths is None:
        count = max(int(np.prod(inner, dtype=np.int64)), 1)
        w = np.full((batch,) + (1,) * len(inner), 1.0 / count)
    else:
        per_step = max(int(np.prod(inner[1:], dtype=np.int64)), 1)
        valid = (np.arange(inner[0])[None, :] < lengths[:, None]).astype(np.float64)
        valid /= (np.maximum(lengths, 1) * per_step)[:, None]
        w = valid.reshape((batch, inner[0]) + (1,) * (len(inner) - 1))
    if class_axis:
        w = w[..., None]
    return w.astype(dtype)


# the parameter an executor sets on a cross-entropy whose "Input" it wires to the logits of
# the SoftmaxLayer before it (wlnet.net.execute): the loss is then computed by a log-softmax
FROM_LOGITS = "$FromLogits"


def _reading_logits(layer):
    """``layer`` reading the logits of the SoftmaxLayer that feeds it: "Index" and
    "Probabilities" cross-entropies fuse with it, "Binary" does not (None)."""
    if layer.params["TargetForm"] == "Binary":
        return None
    import attrs
    return attrs.evolve(layer, params=layer.params.set(FROM_LOGITS, True))


class CrossEntropyOp(CustomOp):
    """"Input", "Target" -> "Loss" (one number per example)."""

    def __init__(self, layer, dtype):
        super().__init__(layer, dtype)
        self.form = layer.params["TargetForm"]
        self.from_logits = bool(layer.params.get(FROM_LOGITS))

    def forward(self, inputs, arrays, states, ctx):
        x, t = inputs["Input"], inputs["Target"]
        data = np.asarray(x.data, ctx.dtype)
        target = t.data if self.form == "Index" else np.asarray(t.data, ctx.dtype)
        losses, grad = self._loss(data, target, x.lengths)
        cache = (data, target, x.lengths, grad) if ctx.keep else None
        return {"Loss": Batch(np.asarray(losses, ctx.dtype), None)}, {}, cache

    def _loss(self, x, t, lengths):
        if self.form == "Index":         # padding past a length is code 0: any class will do
            t = np.maximum(np.asarray(t, np.int64), 1)
            classes = x.shape[-1]
            if t.size and t.max() > classes:   # a class count the port types left open
                from wlnet.net.batch import NetDataError
                raise NetDataError("Target", None, f"integers between 1 and {classes}",
                                   got_text=f"the class index {int(t.max())}")
            if self.from_logits:
                return klosses.cross_entropy_index_logits_loss(x, t, lengths)
            return klosses.cross_entropy_index_loss(x, t, lengths)
        if self.form == "Probabilities":
            if self.from_logits:
                return klosses.cross_entropy_probabilities_logits_loss(x, t, lengths)
            return klosses.cross_entropy_probabilities_loss(x, t, lengths)
        return klosses.binary_cross_entropy_loss(x, t, lengths)

    def backward(self, cache, d_outputs, d_states):
        data, target, lengths, grad = cache
        d = d_outputs.get("Loss")
        if d is None:
            return {}, {}, {}
        scale = np.asarray(d, self.dtype).reshape((-1,) + (1,) * (data.ndim - 1))
        out = {"Input": grad * scale}
        d_target = self._target_gradient(data, target, lengths)
        if d_target is not None:
            out["Target"] = d_target * scale
        return out, {}, {}

    def _target_gradient(self, x, t, lengths):
        if self.form == "Index":
            return None
        if self.form == "Probabilities":
            w = _mean_weights(x.shape, lengths, True, x.dtype)
            if self.from_logits:
                return -_log_softmax(x) * w
            return -np.log(np.maximum(x, np.finfo(x.dtype).tiny)) * w
        eps = klosses.BINARY_EPSILON
        w = _mean_weights(x.shape, lengths, False, x.dtype)
        return -(np.log(x + eps) - np.log(1 - x + eps)) * w


def _log_softmax(z):
    """The log-softmax of ``z`` along its last axis, without overflow."""
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def torch_lowering(t, p, ctx, inputs, arrays, states):
    """The same losses on torch tensors (the PyTorch backend), with the kernels' guards:
    probabilities floored at the smallest normal number (or, fused with the softmax before,
    the log-softmax of its logits), the paclet's epsilon for "Binary"; the mean over
    positions counts each example's valid steps only."""
    x, target = inputs["Input"], inputs["Target"]
    data = x.data
    form = p["TargetForm"]
    tiny = t.finfo(data.dtype).tiny
    # log p: of the softmax's logits when fused with it, else of the floored probabilities
    log_p = (t.log_softmax(data, dim=-1) if p.get(FROM_LOGITS) and form != "Binary"
             else None)
    if form == "Index":
        codes = t.clamp(target.data.long(), min=1) - 1
        if log_p is None:
            picked = t.gather(data, -1, codes.unsqueeze(-1)).squeeze(-1)
            per_position = -t.log(t.clamp(picked, min=tiny))
        else:
            per_position = -t.gather(log_p, -1, codes.unsqueeze(-1)).squeeze(-1)
    elif form == "Probabilities":
        if log_p is None:
            log_p = t.log(t.clamp(data, min=tiny))
        per_position = -(target.data * log_p).sum(dim=-1)
    else:
        eps = klosses.BINARY_EPSILON
        q, y = data, target.data
        per_position = -(y * t.log(q + eps) + (1 - y) * t.log(1 - q + eps))
    batch = per_position.shape[0]
    flat = per_position.reshape(batch, -1)
    if x.lengths is None:
        loss = flat.mean(dim=1)
    else:
        steps = per_position.shape[1]
        per_step = flat.shape[1] // max(steps, 1)
        valid = (t.arange(steps, device=data.device)[None, :] < x.lengths[:, None]).to(data.dtype)
        weights = valid.repeat_interleave(per_step, dim=1) if per_step > 1 else valid
        loss = (flat * weights).sum(dim=1) / (t.clamp(x.lengths, min=1).to(data.dtype) * per_step)
    return {"Loss": Batch(loss, None)}, {}


@register
class CrossEntropyLoss(LayerSpec):
    type_name = "CrossEntropyLoss"
    symbol = "CrossEntropyLossLayer"
    usage = "CrossEntropyLossLayer[form] represents a net layer that computes the cross-entropy loss by comparing input class probability vectors with indices or probability vectors representing the target class."
    params = (Param("TargetForm", "string", lambda: "Index"),
              Param("$Classes", "size"), Param("$Dimensions", "sizelist"),
              Param("$InRank", "rank"))
    min_args, max_args = 1, 1
    op = CrossEntropyOp
    torch_lowering = staticmethod(torch_lowering)
    sample = 'CrossEntropyLossLayer["Probabilities", "Input" -> {2, 3}]'
    examples = (
        ('CrossEntropyLossLayer["Index"][<|"Input" -> {0.5, 0.25, 0.25}, "Target" -> 1|>]',
         "0.693147"),
        ('CrossEntropyLossLayer["Binary"][<|"Input" -> {0.5}, "Target" -> {1}|>]', "0.693147"),
    )

    def parse_args(self, args, p):
        if not (type(args[0]) is String and args[0].value in FORMS):
            raise NetSpecError("netarg", args[0], "target form",
                               'use "Index", "Probabilities" or "Binary"', symbol=self.symbol)
        p["TargetForm"] = args[0].value

    def loss_kind(self, p):
        return p["TargetForm"]

    # the executor's fusion with a SoftmaxLayer before it (see _reading_logits)
    fused_with_softmax = staticmethod(_reading_logits)

    def _vectors(self, p):
        return class_vectors_type(p["$Dimensions"], p["$Classes"], p["$InRank"])

    def inputs(self, p):
        d = p["$Dimensions"]
        form = p["TargetForm"]
        if form == "Binary":
            return {"Input": TensorT(d.dims, RealT, d.tail), "Target": TensorT(d.dims, RealT, d.tail)}
        target = (TensorT(d.dims, IndexIntegerT(p["$Classes"]), d.tail) if form == "Index"
                  else self._vectors(p))
        return {"Input": self._vectors(p), "Target": target}

    def outputs(self, p):
        return {"Loss": TensorT((), RealT)}

    def post(self, p, u):
        tie_class_vectors(u, p["$Dimensions"], p["$Classes"], p["$InRank"],
                          forwards=p["TargetForm"] != "Binary")
