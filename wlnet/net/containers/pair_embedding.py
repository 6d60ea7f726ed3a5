"""NetPairEmbeddingOperator[net, DistanceFunction -> f]: the distance between the
embeddings (by ``net``) of the two arrays of a pair.

Its "Input" is a pair of arrays (dimensions {2, …}, each of the embedding net's input
type), its "Output" a real number; ``net`` sits at ``("Parameters", "Net")`` as in WL
(NetExtract[op, "Net"]).  It runs as NetMapOperator over a sequence of length 2 does
(``operators.py``: the pair flattened into one batch of both arrays, the net run once on
it, the embeddings put back in pairs), then ``Distance`` (a view) gives
EuclideanDistance or CosineDistance of each pair's two embeddings.  NetTrain attaches a
ContrastiveLossLayer to its output (``automatic_loss_layer``): targets True for pairs
that should be far apart, False for pairs that should be close.
"""

from __future__ import annotations

import attrs
import numpy as np

from wlnet.net.coders.mapped import mapped
from wlnet.net.containers.chain import prefix_arrays
from wlnet.net.containers.operators import (
    MapIn, MapOut, ViewOp, _OperatorNode, _only_port, check_single_ports)
from wlnet.net.errors import NetSpecError
from wlnet.net.net import Net, constrain_coders, freshen, infer, port_coder
from wlnet.net.types import FrozenDict, RealT, TensorT
from wlnet.net.values import Batch

__all__ = ["PairEmbeddingNode", "build_pair_embedding", "DISTANCES", "SYMBOL"]

SYMBOL = "NetPairEmbeddingOperator"
DISTANCES = ("EuclideanDistance", "CosineDistance")


@attrs.frozen(slots=True, cache_hash=True)
class PairEmbeddingNode(_OperatorNode):
    nodes: FrozenDict                    # {"Net": the embedding net}
    distance: str                        # "EuclideanDistance" or "CosineDistance"
    coders: FrozenDict = attrs.field(factory=FrozenDict)
    type = "PairEmbeddingOperator"
    symbol = SYMBOL
    _dim_fields = ()
    stateless = True
    automatic_loss_layer = "ContrastiveLossLayer"     # what NetTrain attaches to "Output"

    @property
    def net(self):
        return self.nodes["Net"]

    def inputs(self) -> dict:
        t = _only_port(self.net.inputs())[1]
        return {"Input": TensorT((2,) + t.dims, t.elem, t.tail)}

    def outputs(self) -> dict:
        return {"Output": TensorT((), RealT)}

    def lifted_coder(self, port: str, is_input: bool):
        # the embedding net's encoder, on each array of the pair
        coder = port_coder(self.net, next(iter(self.net.inputs())), True) if is_input else None
        return None if coder is None else mapped(coder, (2,))

    def constrain(self, u, arrays, prefix) -> None:
        self._constrain_nodes(u, arrays, prefix)
        constrain_coders(self, u, prefix)

    def wire(self, wiring, prefix, sources, state_feeds) -> dict:
        pair = sources["Input"]
        flat = wiring.view(prefix + ("$MapIn", "Input"), MapIn("Input"), {"Input": pair})
        wiring.stateless += 1
        try:
            outs = wiring.wire(self.net, self.sub_prefix(prefix, "Net"),
                               {next(iter(self.net.inputs())): flat}, state_feeds)
        finally:
            wiring.stateless -= 1
        pairs = wiring.view(prefix + ("$MapOut", "Output"), MapOut(),
                            {"Input": next(iter(outs.values())), "Like": pair})
        return {"Output": wiring.view(prefix + ("$Distance",), Distance(self.distance),
                                      {"Input": pairs})}


def build_pair_embedding(net: Net, distance: str = "EuclideanDistance", hints=(),
                         coders: dict | None = None) -> Net:
    check_single_ports(net, SYMBOL)
    root = PairEmbeddingNode(FrozenDict({"Net": freshen(net.root)}), distance,
                             FrozenDict(coders or {}))
    return infer(Net(root, FrozenDict(prefix_arrays(net.arrays, ("Parameters", "Net")))), hints)


class Distance(ViewOp):
    """(B, 2, …) embeddings → (B,) distances between each pair's two."""

    def __init__(self, distance: str):
        self.distance = distance

    def run(self, inputs, dtype):
        data = np.asarray(inputs["Input"].data, dtype)
        a = data[:, 0].reshape(len(data), -1)
        b = data[:, 1].reshape(len(data), -1)
        if self.distance == "EuclideanDistance":
            d = np.sqrt(np.sum((a - b) ** 2, axis=1))
            return Batch(d, None), (a, b, d, data.shape)
        na, nb = np.linalg.norm(a, axis=1), np.linalg.norm(b, axis=1)
        dot = np.sum(a * b, axis=1)
        scale = np.where(na * nb > 0, na * nb, 1)
        return Batch(1 - dot / scale, None), (a, b, (na, nb, dot, scale), data.shape)

    def grad(self, cache, g):
        a, b, saved, shape = cache
        g = g.reshape(-1, 1)
        if self.distance == "EuclideanDistance":
            d = saved.reshape(-1, 1)
            da = g * (a - b) / np.where(d > 0, d, 1)
            db = -da
        else:
            na, nb, dot, scale = (v.reshape(-1, 1) for v in saved)
            na2, nb2 = np.where(na > 0, na * na, 1), np.where(nb > 0, nb * nb, 1)
            da = -g * (b / scale - dot * a / (scale * na2))
            db = -g * (a / scale - dot * b / (scale * nb2))
        return {"Input": np.stack([da, db], axis=1).reshape(shape)}
