"""The losses NetTrain minimises (spec §3.2 "Automatic loss selection", §2.13).

A ``Loss`` names an output port and how it is compared with its targets:

    "Index"          CrossEntropyLossLayer["Index"]: class probabilities vs class indices
    "Probabilities"  CrossEntropyLossLayer["Probabilities"]
    "Binary"         CrossEntropyLossLayer["Binary"]
    "MeanSquared"    MeanSquaredLossLayer[]
    "MeanAbsolute"   MeanAbsoluteLossLayer[]
    "Port"           the output already is a loss (a loss layer inside the net, or
                     LossFunction -> "port"): its elements are summed

Automatic (per output port): what the producing layer declares (its ``automatic_loss``
trait: "Index" after a SoftmaxLayer, "Binary" after ``ElementwiseLayer[LogisticSigmoid]``,
"Port" after a loss layer); "Port" on a port named "Loss" (the port NetTrain's docs say
defines a net's loss); otherwise "MeanSquared".  When the producing layer ``gives_logits``
(a SoftmaxLayer), the cross-entropies are fused with its log-softmax: the loss is computed
from the softmax's input (``res.logits[port]``) and its gradient is handed to the executor
as ``d_logits``, which is exact and stable.

The batch objective is the weighted sum over losses of the mean over the batch of the
per-example losses; each per-example loss is a mean over the example's elements (over the
valid steps only, for sequences).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.kernels import losses as K
from wlnet.net.spec import LayerNode
from wlnet.net.train import TrainError

__all__ = ["Loss", "producer", "automatic_losses", "parse_loss_function", "batch_loss"]

_CLASS_KINDS = ("Index", "Probabilities")


class Loss(NamedTuple):
    port: str
    kind: str
    weight: float = 1.0
    fused: bool = False               # the port comes out of a SoftmaxLayer

    @property
    def needs_target(self) -> bool:
        return self.kind != "Port"


# ---------------------------------------------------------------------------- which layer

def producer(root, port: str):
    """The layer (LayerNode) whose output is the net's output ``port``."""
    if isinstance(root, LayerNode):
        return root
    if root.type == "Chain":
        return producer(root.last, port)
    for dst, src in root.edges:
        if dst == ("Outputs", port):
            if src[0] == "Nodes":
                return producer(root.nodes[src[1]], src[3])
            return None                                  # an input wired straight out
    return None


def _gives_logits(layer) -> bool:
    return layer is not None and layer.spec.gives_logits


def automatic_loss(net, port: str) -> Loss:
    if port == "Loss":                      # e.g. a TrainingNet's (possibly scaled) loss
        return Loss(port, "Port")
    layer = producer(net.root, port)
    kind = layer.spec.automatic_loss(layer.params) if layer is not None else None
    if kind is None:
        return Loss(port, "MeanSquared")
    return Loss(port, kind, fused=kind in _CLASS_KINDS and _gives_logits(layer))


def automatic_losses(net) -> list[Loss]:
    return [automatic_loss(net, port) for port in net.outputs()]


# ---------------------------------------------------------------------------- LossFunction

def _loss_layer_kind(e) -> str | None:
    """The kind of a loss layer expression (MeanSquaredLossLayer[…] & co), else None."""
    from wlnet.net.wlform import is_net_expr, net_from_expr
    if not is_net_expr(e):
        return None
    try:
        net = net_from_expr(e)
    except Exception:                                    # not a valid net: not a loss layer
        return None
    root = net.root
    if not isinstance(root, LayerNode):
        return None
    return root.spec.loss_kind(root.params)


def _with_kind(net, port: str, kind: str, spec) -> Loss:
    if port not in net.outputs():
        raise TrainError("invloss", spec, f'the net has no output port "{port}".')
    fused = kind in _CLASS_KINDS and _gives_logits(producer(net.root, port))
    return Loss(port, kind, 1.0, fused)


def _one_spec(net, spec) -> Loss:
    outputs = list(net.outputs())
    if type(spec) is String:
        if spec.value not in outputs:
            raise TrainError("invloss", spec, f'the net has no output port "{spec.value}".')
        return Loss(spec.value, "Port")
    if type(spec) is Expr and spec.head is S.Rule and len(spec.args) == 2:
        lhs, rhs = spec.args
        if type(rhs) is Expr and rhs.head is Symbol("Scaled") and len(rhs.args) == 1 \
                and type(rhs.args[0]) in (Integer, Real):
            return _one_spec(net, lhs)._replace(weight=float(rhs.args[0].value))
        if type(lhs) is String:
            kind = _loss_layer_kind(rhs)
            if kind is None:
                raise TrainError("invloss", spec, "the right side should be a loss layer.")
            return _with_kind(net, lhs.value, kind, spec)
    kind = _loss_layer_kind(spec)
    if kind is not None:
        if len(outputs) != 1:
            raise TrainError("invloss", spec, "a loss layer alone needs a net with one output; "
                             "use \"port\" -> layer.")
        return _with_kind(net, outputs[0], kind, spec)
    raise TrainError("invloss", spec, "use Automatic, a loss layer, an output port name, "
                     "\"port\" -> layer, lspec -> Scaled[r], or a list of these.")


def parse_loss_function(spec, net) -> list[Loss]:
    """LossFunction -> spec → the losses (raises TrainError("invloss"))."""
    if spec is None or (type(spec) is Symbol and spec.name == "Automatic"):
        return automatic_losses(net)
    specs = spec.args if type(spec) is Expr and spec.head is S.List else (spec,)
    if not specs:
        raise TrainError("invloss", spec, "the list is empty.")
    losses = [_one_spec(net, s) for s in specs]
    ports = [l.port for l in losses]
    if len(set(ports)) != len(ports):
        raise TrainError("invloss", spec, "each output port can have only one loss.")
    return losses


# ---------------------------------------------------------------------------- computing

def _fit_steps(target: np.ndarray, steps: int) -> np.ndarray:
    """A padded target sequence cut or zero-padded to ``steps`` (the output's padding)."""
    if target.shape[1] == steps:
        return target
    if target.shape[1] > steps:
        return target[:, :steps]
    fill = 1 if target.dtype.kind in "iu" else 0         # a valid class index; masked anyway
    pad = np.full((target.shape[0], steps - target.shape[1]) + target.shape[2:], fill, target.dtype)
    return np.concatenate([target, pad], axis=1)


def example_losses(loss: Loss, res, target):
    """(per-example losses (B,), gradient of their sum, "outputs" | "logits")."""
    out = res.outputs[loss.port]
    x, lengths = out.data, out.lengths
    if loss.kind == "Port":
        per = x.reshape(x.shape[0], -1).sum(axis=1)
        return per, np.ones_like(x), "outputs"
    t = target.data
    if lengths is not None:
        t = _fit_steps(t, x.shape[1])
    if loss.kind in _CLASS_KINDS and loss.fused:
        logits = getattr(res, "logits", None) or {}
        z = logits.get(loss.port)
        if z is not None:
            fn = (K.cross_entropy_index_logits_loss if loss.kind == "Index"
                  else K.cross_entropy_probabilities_logits_loss)
            per, grad = fn(z, t, lengths)
            return per, grad, "logits"
    fn = {"Index": K.cross_entropy_index_loss, "Probabilities": K.cross_entropy_probabilities_loss,
          "Binary": K.binary_cross_entropy_loss, "MeanSquared": K.mean_squared_loss,
          "MeanAbsolute": K.mean_absolute_loss}[loss.kind]
    per, grad = fn(x, t, lengths)
    return per, grad, "outputs"


class BatchLoss(NamedTuple):
    value: float                       # the objective (weighted sum of batch means)
    parts: dict                        # port -> mean loss of that port
    d_outputs: dict
    d_logits: dict


def batch_loss(losses: list[Loss], res, targets: dict, with_gradient: bool = True) -> BatchLoss:
    total, parts, d_out, d_log = 0.0, {}, {}, {}
    for loss in losses:
        per, grad, where = example_losses(loss, res, targets.get(loss.port))
        batch = max(per.shape[0], 1)
        mean = float(np.mean(per, dtype=np.float64))
        parts[loss.port] = mean
        total += loss.weight * mean
        if with_gradient:
            grad *= loss.weight / batch
            (d_log if where == "logits" else d_out)[loss.port] = grad
    return BatchLoss(total, parts, d_out, d_log)
