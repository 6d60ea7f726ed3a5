"""NetTrain's "TrainingNet": the trained net with the loss layers NetTrain attached.

A NetGraph with the net as its node "Net" and, for each loss that compares an output with
targets, a loss layer fed by that output on its "Input" and, on its "Target", by a graph
input named like the output port: NetTrain takes the targets from the training data
under the output port's name (LossFunction docs), so the training net takes the same data
as NetTrain.  That input gets the encoder matching the output's decoder (a "Class"
decoder gives a "Class" encoder, a "Scalar" decoder a "Scalar" encoder), so targets are
given as NetTrain takes them.  An output that already is a loss is wired straight out.
A loss net of the user's (LossFunction -> ContrastiveLossLayer[], a ThreadingLayer…) is
a node like a loss layer, its loss output wired out.

The loss outputs: with one loss, "Loss"; with several, one per loss, ``<port>Loss`` for
an attached loss layer and the net's own name for a loss output of the net (NetTrain
reports each loss separately and minimises their sum).  A weighted loss (``Scaled[r]``)
goes through ``ElementwiseLayer[r #&]``.  The other outputs of the net are not exposed.

Each loss output is a loss output to NetTrain (a loss layer's output, or a port named
"Loss"), so the training net can be trained again as it is, on the same data.
"""

from __future__ import annotations

from wlnet.core.expr import Expr, Real, S, String
from wlnet.net.construct import construct_layer
from wlnet.net.net import Net
from wlnet.net.registry import spec_for_symbol
from wlnet.net.train.losses import Loss

__all__ = ["training_net", "target_encoder", "LOSS_LAYERS"]

NET = "Net"
# Loss kind -> the loss layer NetTrain attaches for it (spec §3.2 / LossFunction docs).
LOSS_LAYERS = {
    "Index": ("CrossEntropyLossLayer", "Index"),
    "Probabilities": ("CrossEntropyLossLayer", "Probabilities"),
    "Binary": ("CrossEntropyLossLayer", "Binary"),
    "MeanSquared": ("MeanSquaredLossLayer", None),
    "MeanAbsolute": ("MeanAbsoluteLossLayer", None),
}


def _loss_layer(kind: str) -> Net:
    symbol, form = LOSS_LAYERS[kind]
    return construct_layer(spec_for_symbol(symbol), (String(form),) if form else ())


def _scaling_layer(weight: float) -> Net:
    body = Expr(S.Times, Real(weight), Expr(S.Slot))
    return construct_layer(spec_for_symbol("ElementwiseLayer"), (Expr(S.Function, body),))


def target_encoder(loss: Loss, out_type, decoder):
    """The encoder for the target input of ``loss`` (None: targets given as arrays), so that
    the training net takes targets in the form NetTrain takes them for that output."""
    from wlnet.net.coders.encoders import BooleanEncoder, ClassEncoder, ScalarEncoder
    from wlnet.net.coders.mapped import mapped
    name = getattr(decoder, "name", None)
    if name == "Class" and len(out_type.dims) == 1:          # one class vector per example
        form = "Index" if loss.kind == "Index" else "UnitVector"
        return ClassEncoder(decoder.labels, form, decoder.count)
    if name == "Scalar" and loss.kind != "Index":
        return ScalarEncoder()
    if name == "Boolean" and loss.kind != "Index":         # True/False targets
        return mapped(BooleanEncoder(), getattr(decoder, "dims", ()))
    return None


def _is_plain(net: Net, losses: list[Loss]) -> bool:
    """The net already is a training net: every output is a loss NetTrain only sums, and a
    single loss is called "Loss"."""
    outs = list(net.outputs())
    return (all(l.kind == "Port" and l.weight == 1.0 for l in losses)
            and sorted(l.port for l in losses) == sorted(outs)
            and (len(outs) > 1 or outs == ["Loss"]))


def _output_name(loss: Loss, several: bool) -> str:
    if not several:
        return "Loss"
    return loss.port if loss.kind == "Port" else f"{loss.port}Loss"


def _loss_outputs(node: str, loss: Loss, layers: list) -> list:
    """The connections exposing every output of a loss net of several outputs as a loss
    port of its own name (scaled by the loss's weight), as WL reports each separately."""
    conns = []
    for name in loss.net_outputs:
        conns += _exposed(("port", node, name), name, loss.weight, layers)
    return conns


def _exposed(source, out_name: str, weight: float, layers: list) -> list:
    """The connections taking a loss ``source`` to the graph output ``out_name``, through a
    scaling layer (added to ``layers``) when its weight is not 1."""
    conns = []
    if weight != 1.0:
        node = f"{out_name}Scale"
        layers.append((node, _scaling_layer(weight)))
        conns.append((source, ("layer", node), None))
        source = ("layer", node)
    return conns + [(source, ("graph", out_name), None)]


def training_net(net: Net, losses: list[Loss], decoders: dict | None = None) -> Net:
    """``net`` with ``losses`` attached (``decoders``: output port -> its decoder or None).
    Raises NetSpecError / NetTypeError if the graph cannot be built."""
    from wlnet.net.containers.graph import build_graph
    if _is_plain(net, losses):
        return net
    decoders = decoders or {}
    outs = net.outputs()
    several = len(losses) > 1
    layers = [(NET, net)]
    conns = [(("graph", p), ("port", NET, p), None) for p in net.inputs()]   # inputs first
    coders = {}
    for loss in losses:
        source = ("port", NET, loss.port)
        out_name = _output_name(loss, several)
        if loss.kind == "Net":                   # a loss net of the user's (LossFunction)
            node = "Loss" if not several else f"{loss.port}Loss"
            layers.append((node, loss.net))
            conns.append((source, ("port", node, "Input"), None))
            if loss.needs_target:
                conns.append((("graph", loss.port), ("port", node, "Target"), None))
            if loss.net_output is None:          # each output of the loss net is a loss port
                conns += _loss_outputs(node, loss, layers)
                continue
            source = ("port", node, loss.net_output)
        elif loss.needs_target:
            node = "Loss" if not several else f"{loss.port}Loss"
            layers.append((node, _loss_layer(loss.kind)))
            conns += [(source, ("port", node, "Input"), None),
                      (("graph", loss.port), ("port", node, "Target"), None)]
            encoder = target_encoder(loss, outs[loss.port], decoders.get(loss.port))
            if encoder is not None:
                coders[loss.port] = encoder
            source = ("layer", node)
        conns += _exposed(source, out_name, loss.weight, layers)
    used = {l.port for l in losses}
    conns += [(("port", NET, p), None, None) for p in outs if p not in used]   # not exposed
    return build_graph(layers, conns, coders=coders)
