"""NetGANOperator[{generator, discriminator}, loss]: generative adversarial training.

The operator is a container node (the protocol of ``wlnet.net.net``) whose two sub-nets sit
where WL puts them, at ``("Parameters", "Generator")`` and ``("Parameters",
"Discriminator")`` (so NetExtract[gan, "Generator"] and TrainingUpdateSchedule ->
{"Discriminator", "Generator"} name them).  Ports: "Sample" (a real example) and "Latent"
(the generator's seed) in; "LossReal", "LossFake" (the discriminator's losses, one number
per example) and "GeneratedFake" (the generator's output) out.

Running, as NetMapOperator's views do (``operators.py``): the generator runs on the
latent seeds; the discriminator (one set of arrays) runs on the real samples and, a second
time, on the fakes, each its own batch (a BatchNormalizationLayer in it sees the real
samples and the fakes apart, as in WL); ``GANLoss`` views take its scores to the
documented losses:

    "JensenShannon"  LossReal = -Log[d[sample]]   LossFake = -Log[1 - d[generator[latent]]]
    "Wasserstein"    LossReal = -d[sample]        LossFake = d[generator[latent]]

NetTrain minimises LossReal + LossFake (both are loss ports); ``Reversed`` hands the
generator the opposite of the gradient that reaches the fakes, so the same step makes the
generator maximise LossFake, as the reference page says.  Automatic is "JensenShannon" when the
discriminator ends in a LogisticSigmoid (its scores are probabilities), else "Wasserstein".
"""

from __future__ import annotations

import attrs
import numpy as np

from wlnet.net.containers.chain import prefix_arrays
from wlnet.net.containers.operators import ViewOp, _OperatorNode, _only_port, _unify, port_counts
from wlnet.net.errors import NetSpecError
from wlnet.net.net import Net, constrain_coders, freshen, infer, value_producer
from wlnet.net.types import FrozenDict, RealT, TensorT
from wlnet.net.values import Batch

__all__ = ["GANNode", "build_gan", "LOSSES", "SYMBOL"]

SYMBOL = "NetGANOperator"
LOSSES = ("JensenShannon", "Wasserstein")
# -Log of a probability of exactly 0 or 1 would be infinite: scores are kept this far inside
_EPS = 1e-7


@attrs.frozen(slots=True, cache_hash=True)
class GANNode(_OperatorNode):
    nodes: FrozenDict                    # {"Generator": …, "Discriminator": …}
    loss: str                            # "JensenShannon" or "Wasserstein"
    coders: FrozenDict = attrs.field(factory=FrozenDict)
    type = "GANOperator"
    symbol = SYMBOL
    _dim_fields = ()
    stateless = True
    loss_ports = ("LossReal", "LossFake")    # NetTrain's automatic losses

    @property
    def generator(self):
        return self.nodes["Generator"]

    @property
    def discriminator(self):
        return self.nodes["Discriminator"]

    def inputs(self) -> dict:
        return {"Sample": _only_port(self.discriminator.inputs())[1],
                "Latent": _only_port(self.generator.inputs())[1]}

    def outputs(self) -> dict:
        return {"LossReal": TensorT((), RealT), "LossFake": TensorT((), RealT),
                "GeneratedFake": _only_port(self.generator.outputs())[1]}

    def constrain(self, u, arrays, prefix) -> None:
        self._constrain_nodes(u, arrays, prefix)
        _unify(u, self, _only_port(self.generator.outputs())[1],
               _only_port(self.discriminator.inputs())[1],
               "the output of the generator", "the input of the discriminator")
        _unify(u, self, _only_port(self.discriminator.outputs())[1], TensorT((), RealT),
               "the output of the discriminator", "the score NetGANOperator takes")
        constrain_coders(self, u, prefix)

    def wire(self, wiring, prefix, sources, state_feeds) -> dict:
        gen_in = next(iter(self.generator.inputs()))
        disc_in = next(iter(self.discriminator.inputs()))
        disc_at = self.sub_prefix(prefix, "Discriminator")
        fake_at = self.sub_prefix(prefix + ("$Fake",), "Discriminator")
        wiring.stateless += 1
        outer_alias = wiring.array_alias
        try:
            fake = next(iter(wiring.wire(self.generator, self.sub_prefix(prefix, "Generator"),
                                         {gen_in: sources["Latent"]}, state_feeds).values()))
            real_scores = next(iter(wiring.wire(self.discriminator, disc_at,
                                                {disc_in: sources["Sample"]}, state_feeds).values()))
            reversed_fake = wiring.view(prefix + ("$Reversed",), Reversed(), {"Input": fake})
            wiring.array_alias = (fake_at, wiring._array_at(disc_at))
            fake_scores = next(iter(wiring.wire(self.discriminator, fake_at,
                                                {disc_in: reversed_fake}, state_feeds).values()))
        finally:
            wiring.stateless -= 1
            wiring.array_alias = outer_alias
        return {"LossReal": wiring.view(prefix + ("$LossReal",), GANLoss(self.loss, "Real"),
                                        {"Input": real_scores}),
                "LossFake": wiring.view(prefix + ("$LossFake",), GANLoss(self.loss, "Fake"),
                                        {"Input": fake_scores}),
                "GeneratedFake": fake}


def automatic_loss(discriminator) -> str:
    """"JensenShannon" when the discriminator's output comes out of a LogisticSigmoid (the
    layer NetTrain would give a binary cross-entropy), also through layers that only
    reshape or pick its values (a length-1 vector of probabilities made a scalar by
    PartLayer[1] or ReshapeLayer[{}]), else "Wasserstein"."""
    port = next(iter(discriminator.outputs()))
    layer = value_producer(discriminator, port)
    kind = layer.spec.automatic_loss(layer.params) if layer is not None else None
    return "JensenShannon" if kind == "Binary" else "Wasserstein"


def build_gan(generator: Net, discriminator: Net, loss: str | None = None, hints=(),
              coders: dict | None = None) -> Net:
    """The operator of two nets; ``loss`` None is Automatic."""
    for role, net in (("generator", generator), ("discriminator", discriminator)):
        if len(net.inputs()) != 1 or len(net.outputs()) != 1:
            raise NetSpecError("ganports", role, port_counts(net), symbol=SYMBOL)
    if loss is None:
        loss = automatic_loss(discriminator.root)
    root = GANNode(FrozenDict({"Generator": freshen(generator.root),
                               "Discriminator": freshen(discriminator.root)}),
                   loss, FrozenDict(coders or {}))
    arrays = {**prefix_arrays(generator.arrays, ("Parameters", "Generator")),
              **prefix_arrays(discriminator.arrays, ("Parameters", "Discriminator"))}
    return infer(Net(root, FrozenDict(arrays)), hints)


# ---------------------------------------------------------------------------- running

class Reversed(ViewOp):
    """The fakes as they are, their gradient going back to the generator negated: the
    step that makes the discriminator minimise LossFake makes the generator maximise it."""

    def run(self, inputs, dtype):
        return inputs["Input"], None

    def grad(self, cache, d):
        return {"Input": -d}


class GANLoss(ViewOp):
    """The discriminator's scores of the real samples (or of the fakes) → the loss of
    each example."""

    def __init__(self, loss: str, half: str):
        self.loss = loss
        self.half = half

    def run(self, inputs, dtype):
        d = np.asarray(inputs["Input"].data, dtype).reshape(-1)
        if self.loss == "Wasserstein":
            out = -d if self.half == "Real" else d
        else:
            p = np.clip(d if self.half == "Real" else 1 - d, _EPS, 1.0)
            out = -np.log(p)
        return Batch(np.asarray(out, dtype), None), (d, np.shape(inputs["Input"].data))

    def grad(self, cache, g):
        d, shape = cache
        g = g.reshape(-1)
        if self.loss == "Wasserstein":
            local = -g if self.half == "Real" else g
        elif self.half == "Real":               # d/dd -Log[d]
            local = -g / np.clip(d, _EPS, 1.0)
        else:                                   # d/dd -Log[1 - d]
            local = g / np.clip(1 - d, _EPS, 1.0)
        return {"Input": local.reshape(shape)}
