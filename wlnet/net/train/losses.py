"""The losses NetTrain minimises (spec §3.2 "Automatic loss selection", §2.13).

A ``Loss`` names an output port and how it is compared with its targets:

    "Index"          CrossEntropyLossLayer["Index"]: class probabilities vs class indices
    "Probabilities"  CrossEntropyLossLayer["Probabilities"]
    "Binary"         CrossEntropyLossLayer["Binary"]
    "MeanSquared"    MeanSquaredLossLayer[]
    "MeanAbsolute"   MeanAbsoluteLossLayer[]
    "Port"           the output already is a loss (a loss layer inside the net, or
                     LossFunction -> "port"): its elements are summed
    "Net"            any other loss net (ContrastiveLossLayer[], a NetGraph, NetChain,
                     ThreadingLayer or FunctionLayer with an "Input" and optionally a
                     "Target" port and one output): run after the port by its own executor,
                     the sum of its output's elements is the loss (``Loss.net``).
                     Its arrays are part of the comparison, not of the model: used as
                     given (initialized once if not), never trained; the results'
                     "TrainingNet" shows them as they were.  (LossFunction's reference
                     page calls these "preconfigured" losses; a loss with learnable
                     parts belongs in the net, as a "Loss" output port.)

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

import math

from typing import NamedTuple

import numpy as np

from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.kernels import losses as K
from wlnet.net.net import producer
from wlnet.net.spec import LayerNode
from wlnet.net.train import TrainError

__all__ = ["Loss", "producer", "automatic_losses", "parse_loss_function", "batch_loss",
           "target_form", "KERNEL_KINDS"]

_CLASS_KINDS = ("Index", "Probabilities")


class Loss(NamedTuple):
    port: str
    kind: str
    weight: float = 1.0
    fused: bool = False               # the port comes out of a SoftmaxLayer
    net: object = None                # kind "Net": the loss net, typed for the port

    @property
    def needs_target(self) -> bool:
        if self.kind == "Port":
            return False
        return self.net is None or "Target" in self.net.inputs()

    @property
    def net_output(self) -> str | None:
        """The output of a "Net" loss that is the loss: "Loss", or its only output; None when
        the loss is the sum of its several outputs."""
        outs = list(self.net.outputs())
        return "Loss" if "Loss" in outs else outs[0] if len(outs) == 1 else None

    @property
    def net_outputs(self) -> list:
        """The outputs of a "Net" loss whose element sums add up to the loss."""
        return [self.net_output] if self.net_output is not None else list(self.net.outputs())


# the kinds computed by the fused kernels of wlnet.kernels.losses
KERNEL_KINDS = ("Index", "Probabilities", "Binary", "MeanSquared", "MeanAbsolute")


# ---------------------------------------------------------------------------- which layer

def _gives_logits(layer) -> bool:
    from wlnet.net.layers.softmax import normalises_classes
    return layer is not None and normalises_classes(layer)


def automatic_loss(net, port: str) -> Loss:
    if port == "Loss" or port in getattr(net.root, "loss_ports", ()):
        return Loss(port, "Port")      # a TrainingNet's (possibly scaled) loss, NetGANOperator's
    attached = getattr(net.root, "automatic_loss_layer", None)    # NetPairEmbeddingOperator's
    if attached is not None:
        return _attached_layer(net, port, attached)
    from wlnet.net.execute import port_coder
    decoder = port_coder(net.root, port, False)
    if getattr(decoder, "name", None) == "CTCBeamSearch":
        return _ctc_loss(net, port, decoder)
    layer = producer(net.root, port)
    kind = layer.spec.automatic_loss(layer.params) if layer is not None else None
    if kind is None:
        return Loss(port, "MeanSquared")
    return Loss(port, kind, fused=kind in _CLASS_KINDS and _gives_logits(layer))


def _ctc_loss(net, port: str, decoder) -> Loss:
    """The loss of an output with a "CTCBeamSearch" decoder: a CTCLossLayer whose "Target"
    takes the decoder's alphabet (strings through a "Characters" encoder when every element
    is one character, else lists of labels through a "Class" encoder)."""
    from wlnet.net.coders.encoders import CharactersEncoder, ClassEncoder
    from wlnet.net.coders.mapped import mapped
    from wlnet.net.construct import construct_layer
    from wlnet.net.registry import spec_for_symbol
    from wlnet.net.types import fresh_length
    alphabet = decoder.alphabet
    if all(type(a) is String and len(a.value) == 1 for a in alphabet):
        encoder = CharactersEncoder(tuple(a.value for a in alphabet))
    else:
        encoder = mapped(ClassEncoder(tuple(alphabet)), (fresh_length(),))
    layer = construct_layer(spec_for_symbol("CTCLossLayer"),
                            (Expr(S.Rule, String("Target"), encoder.to_expr()),))
    return Loss(port, "Net", net=_typed(layer, net.outputs()[port], Symbol("Automatic")))


def automatic_losses(net) -> list[Loss]:
    """The losses of LossFunction -> Automatic: a net that gives losses itself (outputs of
    loss layers, or a "Loss" port) is trained on those alone, its other outputs (an
    autoencoder's code and reconstruction) left free; else a loss on every output."""
    losses = [automatic_loss(net, port) for port in net.outputs()]
    given = [loss for loss in losses if loss.kind == "Port"]
    return given or losses


# ---------------------------------------------------------------------------- LossFunction

def _loss_net(e):
    """The net of a loss expression (a loss layer, or a net with an "Input" port: its
    "Loss" output, its only output, or the sum of its several outputs is the loss), else None."""
    from wlnet.net.wlform import is_net_expr, net_from_expr
    if not is_net_expr(e):
        return None
    try:
        net = net_from_expr(e)
    except Exception:                                    # not a valid net: not a loss
        return None
    return net if "Input" in net.inputs() and net.outputs() else None


def _kernel_kind(loss_net) -> str | None:
    """The kind of a loss layer that the fused kernels compute, else None."""
    root = loss_net.root
    if not isinstance(root, LayerNode):
        return None
    kind = root.spec.loss_kind(root.params)
    return kind if kind in KERNEL_KINDS else None


def _typed(loss_net, out_type, spec):
    """``loss_net`` with its "Input" of the output's type (and its "Target", while nothing
    else says, of the same type), initialized."""
    from wlnet.net.initialize import initialize
    from wlnet.net.errors import NetSpecError
    from wlnet.net.net import infer, missing_sizes
    from wlnet.net.shape import NetTypeError
    try:
        typed = infer(loss_net, [("Input", out_type, True)])
        target = typed.inputs().get("Target")
        if target is not None and not _fully_known(target):
            typed = infer(typed, [("Target", out_type, True)])
        if missing_sizes(typed):
            raise TrainError("invloss", spec, "the sizes of its arrays are not known.")
        return typed if typed.is_initialized() else initialize(typed, "missing")
    except (NetTypeError, NetSpecError):
        raise TrainError("invloss", spec, "its \"Input\" does not fit the output it is attached to.")


def _fully_known(t) -> bool:
    from wlnet.net.types import LengthVar
    return getattr(t, "tail", None) is None and all(
        isinstance(d, (int, LengthVar)) for d in getattr(t, "dims", ()))


def _attached(net, port: str, e, spec) -> Loss:
    """The loss ``e`` (a loss expression) attached to the output ``port``."""
    if port not in net.outputs():
        raise TrainError("invloss", spec, f'the net has no output port "{port}".')
    loss_net = _loss_net(e)
    if loss_net is None:
        raise TrainError("invloss", spec, "a loss should be a loss layer or a net with an "
                         "\"Input\" port (and optionally a \"Target\" port).")
    kind = _kernel_kind(loss_net)
    if kind is not None:
        fused = kind in _CLASS_KINDS and _gives_logits(producer(net.root, port))
        return Loss(port, kind, 1.0, fused)
    decoder = _ctc_decoder_for_plain_target(net, port, loss_net)
    if decoder is not None:
        return _ctc_loss(net, port, decoder)
    return Loss(port, "Net", net=_typed(loss_net, net.outputs()[port], spec))


def _ctc_decoder_for_plain_target(net, port: str, loss_net):
    """The "CTCBeamSearch" decoder of ``port`` when ``loss_net`` is a CTCLossLayer whose
    "Target" has no encoder of its own: the targets are then read in the decoder's alphabet
    (as a class decoder's labels are), else None."""
    from wlnet.net.net import port_coder
    root = loss_net.root
    if not (isinstance(root, LayerNode) and root.spec.symbol == "CTCLossLayer"):
        return None
    if port_coder(root, "Target", True) is not None:
        return None
    decoder = port_coder(net.root, port, False)
    return decoder if getattr(decoder, "name", None) == "CTCBeamSearch" else None


def _attached_layer(net, port: str, symbol: str) -> Loss:
    """A loss layer of default parameters (``symbol``) attached to the output ``port``."""
    from wlnet.net.construct import construct_layer
    from wlnet.net.registry import spec_for_symbol
    loss_net = construct_layer(spec_for_symbol(symbol), ())
    return Loss(port, "Net", net=_typed(loss_net, net.outputs()[port], Symbol("Automatic")))


def _weight(e) -> float | None:
    """r of Scaled[r] (any real number: Scaled[-10^-4] is exact), else None."""
    if type(e) is Expr and e.head is Symbol("Scaled") and len(e.args) == 1:
        from wlnet.builtins._listutil import float_value
        r = float_value(e.args[0])
        return None if r is None or not math.isfinite(r) else r
    return None


def _port_loss(net, port: str, e, spec) -> Loss:
    """"port" -> lspec: the loss layer or net ``e`` attached to the output, or with
    Automatic the loss LossFunction -> Automatic would give that output."""
    if type(e) is Symbol and e.name == "Automatic":
        if port not in net.outputs():
            raise TrainError("invloss", spec, f'the net has no output port "{port}".')
        return automatic_loss(net, port)
    return _attached(net, port, e, spec)


def _one_spec(net, spec) -> Loss:
    outputs = list(net.outputs())
    if type(spec) is String:
        if spec.value not in outputs:
            raise TrainError("invloss", spec, f'the net has no output port "{spec.value}".')
        return Loss(spec.value, "Port")
    if type(spec) is Expr and spec.head is S.Rule and len(spec.args) == 2:
        lhs, rhs = spec.args
        if _weight(rhs) is not None:
            return _one_spec(net, lhs)._replace(weight=_weight(rhs))
        if type(lhs) is String:
            # "port" -> layer -> Scaled[r] (Rule groups to the right)
            if type(rhs) is Expr and rhs.head is S.Rule and len(rhs.args) == 2 \
                    and _weight(rhs.args[1]) is not None:
                return _port_loss(net, lhs.value, rhs.args[0], spec)._replace(
                    weight=_weight(rhs.args[1]))
            return _port_loss(net, lhs.value, rhs, spec)
    if _loss_net(spec) is not None:
        if len(outputs) != 1:
            raise TrainError("invloss", spec, "a loss layer alone needs a net with one output; "
                             "use \"port\" -> layer.")
        return _attached(net, outputs[0], spec, spec)
    raise TrainError("invloss", spec, "use Automatic, a loss layer, an output port name, "
                     "\"port\" -> layer, lspec -> Scaled[r], or a list of these.")


def parse_loss_function(spec, net) -> list[Loss]:
    """LossFunction -> spec → the losses (raises TrainError("invloss"))."""
    if spec is None or (type(spec) is Symbol and spec.name == "Automatic"):
        losses = automatic_losses(net)
        if not losses:          # every output deleted or muted: nothing to compare
            raise TrainError("nooutputs")
        return losses
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


def _net_loss(loss: Loss, out, target, parts: dict | None = None):
    """A "Net" loss run by its own executor on the output (and the targets): the sum of
    its loss output's elements per example, and the gradient of their sum for the output.
    ``parts``: gets each output's batch mean when the loss net has several (each is
    reported under its own name, as the training net's loss ports are)."""
    from wlnet.net.execute import Executor
    from wlnet.net.values import Batch
    precision = "Real64" if out.data.dtype == np.float64 else "Real32"
    ex = Executor.for_net(loss.net, precision)
    batches = {"Input": out}
    if target is not None and target.lengths is not None:
        batches["Target"] = target          # a sequence of its own lengths (CTCLossLayer's)
    elif target is not None:
        t = target.data if out.lengths is None else _fit_steps(target.data, out.data.shape[1])
        batches["Target"] = Batch(t, out.lengths)
    res = ex.forward(ex.arrays_for(loss.net), batches, keep=True)
    ys = {name: res.outputs[name].data for name in loss.net_outputs}
    each = {name: np.asarray(y, np.float64).reshape(y.shape[0], -1).sum(axis=1) for name, y in ys.items()}
    per = sum(each.values())
    if parts is not None and len(each) > 1:
        parts.update((name, float(v.mean()) if v.size else float("nan")) for name, v in each.items())
    grads = ex.backward(res, {name: np.ones_like(y) for name, y in ys.items()})
    d = grads.inputs.get("Input")
    return per, (np.zeros_like(out.data) if d is None else np.array(d, out.data.dtype)), "outputs"


def example_losses(loss: Loss, res, target, parts: dict | None = None):
    """(per-example losses (B,), gradient of their sum, "outputs" | "logits").  ``parts``:
    see _net_loss."""
    out = res.outputs[loss.port]
    x, lengths = out.data, out.lengths
    if loss.kind == "Port":
        per = x.reshape(x.shape[0], -1).sum(axis=1)
        return per, np.ones_like(x), "outputs"
    if loss.kind == "Net":
        return _net_loss(loss, out, target, parts)
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
    parts: dict                        # port (or a loss net's output) -> its mean loss
    d_outputs: dict
    d_logits: dict


def batch_loss(losses: list[Loss], res, targets: dict, with_gradient: bool = True) -> BatchLoss:
    total, parts, d_out, d_log = 0.0, {}, {}, {}
    for loss in losses:
        own = {}                        # a loss net's several outputs, each by name
        per, grad, where = example_losses(loss, res, targets.get(loss.port), own)
        batch = max(per.shape[0], 1)
        # np.mean's own sum and division (np.mean costs 5 us a call)
        mean = float(np.add.reduce(per, axis=0, dtype=np.float64)) / per.shape[0] \
            if per.shape[0] else float("nan")
        parts.update(own or {loss.port: mean})
        total += loss.weight * mean
        if with_gradient:
            grad *= loss.weight / batch
            (d_log if where == "logits" else d_out)[loss.port] = grad
    return BatchLoss(total, parts, d_out, d_log)


# ---------------------------------------------------------------------------- targets

def target_form(loss: Loss, out_type) -> tuple:
    """(the type the targets of ``loss`` are encoded to, "index" | "vector"): the output's
    type, or for a "Net" loss its "Target" port's (class indices when it takes them)."""
    from wlnet.net.types import IndexIntegerT, RealT, TensorT
    if loss.kind != "Net":
        return out_type, "index" if loss.kind == "Index" else "vector"
    t = loss.net.inputs()["Target"]
    if isinstance(t.elem, IndexIntegerT):
        return TensorT(tuple(t.dims) + (t.elem.n,), RealT), "index"
    return t, "vector"


def target_examples(loss: Loss, examples: list) -> list:
    """The target examples of ``loss``, True and False as 1 and 0 for a "Net" loss (a
    ContrastiveLossLayer's targets say whether a distance should grow)."""
    if loss.kind != "Net":
        return examples
    return [_as_numbers(e) for e in examples]


def _as_numbers(e):
    if type(e) is Symbol and e.name in ("True", "False"):
        return Integer(1 if e.name == "True" else 0)
    if type(e) is Expr and e.head is S.List:
        return Expr.from_args(S.List, (_as_numbers(a) for a in e.args))
    return e
