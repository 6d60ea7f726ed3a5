"""SoftmaxLayer[] (≡ SoftmaxLayer[-1]): normalised exponentials along a level."""

from __future__ import annotations

from wlnet.core.expr import Integer
from wlnet.net.errors import NetSpecError
from wlnet.net.layers._shapes import SameShapeLayer, known_rank
from wlnet.net.registry import register
from wlnet.net.spec import Param


@register
class Softmax(SameShapeLayer):
    type_name = "Softmax"
    symbol = "SoftmaxLayer"
    usage = "SoftmaxLayer[] represents a softmax net layer."
    params = (Param("Level", "int", lambda: -1), Param("$Dimensions", "sizelist"))
    min_args, max_args = 0, 1
    gives_logits = True
    sample = 'SoftmaxLayer["Input" -> {3, 4}]'
    examples = (
        ("SoftmaxLayer[][{1, 2, 3}]", "{0.0900306, 0.244728, 0.665241}"),
        ("SoftmaxLayer[1][{{1, 2}, {3, 2}}]", "{{0.119203, 0.5}, {0.880797, 0.5}}"),
    )

    def parse_args(self, args, p):
        if args:
            if type(args[0]) is not Integer or args[0].value == 0:
                raise NetSpecError("netarg", args[0], "level", "it should be a nonzero integer",
                                   symbol=self.symbol)
            p["Level"] = args[0].value

    def compose(self, p, g):
        level = p["Level"]
        g.output("Output", g.softmax(g.input("Input"), axis=level - 1 if level > 0 else level))

    def post(self, p, u):
        # the level must exist: SoftmaxLayer[] needs at least a vector, SoftmaxLayer[n] rank |n|
        dims = known_rank(u, p["$Dimensions"])
        if dims is not None and len(dims) < abs(p["Level"]):
            raise NetSpecError("rankx", self.symbol, f"at least {abs(p['Level'])}", len(dims),
                               symbol=self.symbol)

    def automatic_loss(self, p):
        return "Index"               # class probabilities: a cross-entropy against indices


def normalises_classes(layer) -> bool:
    """Whether ``layer`` (a LayerNode) is a SoftmaxLayer over the last level, the class
    level a cross-entropy reads: the cross-entropy can then be computed from the softmax's
    input, by a log-softmax (the paclet fuses the two so; a probability that underflows to 0
    would otherwise cap the loss at -log of the smallest float and stop its gradient)."""
    if not getattr(layer.spec, "gives_logits", False):
        return False
    level = layer.params["Level"]
    dims = layer.params["$Dimensions"]
    return level == -1 or (getattr(dims, "tail", True) is None and level == len(dims.dims))

