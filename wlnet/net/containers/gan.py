"""NetGANOperator[{generator, discriminator}, loss]: generative adversarial training.

The operator is a container node (the protocol of ``wlnet.net.net``) whose two sub-nets sit
where WL puts them, at ``("Parameters", "Generator")`` and ``("Parameters",
"Discriminator")`` (so NetExtract[gan, "Generator"] and TrainingUpdateSchedule ->
{"Discriminator", "Generator"} name them).  Ports: "Sample" (a real example) and "Latent"
(the generator's seed) in; "LossReal", "LossFake" (the discriminator's losses, one number
per example) and "GeneratedFake" (the generator's output) out.

Running, as NetMapOperator's views do (``operators.py``): the generator runs on the
latent seeds; ``Stack`` makes one batch of the real samples followed by the fakes, so the
discriminator (one set of arrays) runs once on both; ``GANLoss`` views take its scores of
each half to the documented losses:

    "JensenShannon"  LossReal = -Log[d[sample]]   LossFake = -Log[1 - d[generator[latent]]]
    "Wasserstein"    LossReal = -d[sample]        LossFake = d[generator[latent]]

NetTrain minimises LossReal + LossFake (both are loss ports); ``Stack`` hands the generator
the opposite of the gradient that reaches the fakes, so the same step makes the generator
maximise LossFake, as the reference page says.  Automatic is "JensenShannon" when the
discriminator ends in a LogisticSigmoid (its scores are probabilities), else "Wasserstein".
"""

from __future__ import annotations

import attrs
import numpy as np

from wlnet.net.containers.chain import prefix_arrays
from wlnet.net.containers.operators import ViewOp, _OperatorNode, _only_port, _unify
from wlnet.net.errors import NetSpecError
from wlnet.net.net import Net, constrain_coders, freshen, infer, producer
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
               "the output of the discriminator", "a real number")
        constrain_coders(self, u, prefix)

    def wire(self, wiring, prefix, sources, state_feeds) -> dict:
        gen_in = next(iter(self.generator.inputs()))
        disc_in = next(iter(self.discriminator.inputs()))
        wiring.stateless += 1
        try:
            fake = next(iter(wiring.wire(self.generator, self.sub_prefix(prefix, "Generator"),
                                         {gen_in: sources["Latent"]}, state_feeds).values()))
            both = wiring.view(prefix + ("$Stack",), Stack(),
                               {"Real": sources["Sample"], "Fake": fake})
            scores = next(iter(wiring.wire(self.discriminator,
                                           self.sub_prefix(prefix, "Discriminator"),
                                           {disc_in: both}, state_feeds).values()))
        finally:
            wiring.stateless -= 1
        return {"LossReal": wiring.view(prefix + ("$LossReal",), GANLoss(self.loss, "Real"),
                                        {"Input": scores}),
                "LossFake": wiring.view(prefix + ("$LossFake",), GANLoss(self.loss, "Fake"),
                                        {"Input": scores}),
                "GeneratedFake": fake}


def automatic_loss(discriminator) -> str:
    """"JensenShannon" when the discriminator's output comes out of a LogisticSigmoid (the
    layer NetTrain would give a binary cross-entropy), else "Wasserstein"."""
    port = next(iter(discriminator.outputs()))
    layer = producer(discriminator, port)
    kind = layer.spec.automatic_loss(layer.params) if layer is not None else None
    return "JensenShannon" if kind == "Binary" else "Wasserstein"


def build_gan(generator: Net, discriminator: Net, loss: str | None = None, hints=(),
              coders: dict | None = None) -> Net:
    """The operator of two nets; ``loss`` None is Automatic."""
    for role, net in (("generator", generator), ("discriminator", discriminator)):
        if len(net.inputs()) != 1 or len(net.outputs()) != 1:
            raise NetSpecError("ganports", role, len(net.inputs()), len(net.outputs()),
                               symbol=SYMBOL)
    if loss is None:
        loss = automatic_loss(discriminator.root)
    root = GANNode(FrozenDict({"Generator": freshen(generator.root),
                               "Discriminator": freshen(discriminator.root)}),
                   loss, FrozenDict(coders or {}))
    arrays = {**prefix_arrays(generator.arrays, ("Parameters", "Generator")),
              **prefix_arrays(discriminator.arrays, ("Parameters", "Discriminator"))}
    return infer(Net(root, FrozenDict(arrays)), hints)


# ---------------------------------------------------------------------------- running

def _padded(data: np.ndarray, steps: int) -> np.ndarray:
    """A sequence batch padded with zeros to ``steps`` steps."""
    if data.shape[1] == steps:
        return data
    pad = [(0, 0)] * data.ndim
    pad[1] = (0, steps - data.shape[1])
    return np.pad(data, pad)


class Stack(ViewOp):
    """The real samples followed by the fakes, as one batch (sequences padded to the
    longer); the gradient reaching the fakes goes back to the generator negated."""

    def run(self, inputs, dtype):
        real, fake = inputs["Real"], inputs["Fake"]
        r, f = np.asarray(real.data, dtype), np.asarray(fake.data, dtype)
        lengths = None
        if real.lengths is not None or fake.lengths is not None:
            steps = max(r.shape[1], f.shape[1])
            r, f = _padded(r, steps), _padded(f, steps)
            lengths = np.concatenate([np.full(len(x.data), x.data.shape[1]) if x.lengths is None
                                      else np.asarray(x.lengths) for x in (real, fake)])
        return Batch(np.concatenate([r, f]), lengths), (r.shape[0], real.data.shape, fake.data.shape)

    def grad(self, cache, d):
        n, real_shape, fake_shape = cache
        d_real, d_fake = d[:n], -d[n:]
        return {"Real": d_real[(slice(None),) + tuple(slice(0, k) for k in real_shape[1:])],
                "Fake": d_fake[(slice(None),) + tuple(slice(0, k) for k in fake_shape[1:])]}


class GANLoss(ViewOp):
    """One half of the discriminator's scores (the real samples' or the fakes') → the
    loss of each example."""

    def __init__(self, loss: str, half: str):
        self.loss = loss
        self.half = half

    def run(self, inputs, dtype):
        scores = np.asarray(inputs["Input"].data, dtype).reshape(-1)
        n = len(scores) // 2
        d = scores[:n] if self.half == "Real" else scores[n:]
        if self.loss == "Wasserstein":
            out = -d if self.half == "Real" else d
        else:
            p = np.clip(d if self.half == "Real" else 1 - d, _EPS, 1.0)
            out = -np.log(p)
        return Batch(np.asarray(out, dtype), None), (d, len(scores), np.shape(inputs["Input"].data))

    def grad(self, cache, g):
        d, total, shape = cache
        n = total // 2
        g = g.reshape(-1)
        if self.loss == "Wasserstein":
            local = -g if self.half == "Real" else g
        elif self.half == "Real":               # d/dd -Log[d]
            local = -g / np.clip(d, _EPS, 1.0)
        else:                                   # d/dd -Log[1 - d]
            local = g / np.clip(1 - d, _EPS, 1.0)
        full = np.zeros(total, g.dtype)
        if self.half == "Real":
            full[:n] = local
        else:
            full[n:] = local
        return {"Input": full.reshape(shape)}
