"""ContrastiveLossLayer[] (margin 0.5), ContrastiveLossLayer[margin]: a loss on a distance.

"Input" is a distance, "Target" says whether it should be made large (1, True) or small
(0, False): the loss is Ramp[margin - x]^2 for a target of 1, which is zero once the
distance passes the margin, and x^2 for a target of 0 (targets between weigh the two).
Both ports are real numbers (the "Target" takes True and False too): applied to lists, the
layer gives a loss for each pair.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Symbol
from wlnet.net.coders.base import CoderError
from wlnet.net.errors import NetSpecError
from wlnet.net.registry import register
from wlnet.net.spec import LayerSpec, Param, real_value
from wlnet.net.types import RealT, TensorT


class BooleanTarget:
    """The "Target" port's encoder: True is 1, False is 0, a number itself."""
    kind = "Encoder"
    name = "Boolean"

    def takes(self, x) -> bool:
        return (type(x) is Symbol and x.name in ("True", "False")) or real_value(x) is not None

    def encode_array(self, x):
        if type(x) is Symbol and x.name in ("True", "False"):
            return np.array(1.0 if x.name == "True" else 0.0)
        if real_value(x) is None:
            raise CoderError("the target should be True, False or a number")
        return np.array(real_value(x))


_BOOLEAN_TARGET = BooleanTarget()


@register
class ContrastiveLoss(LayerSpec):
    type_name = "ContrastiveLoss"
    symbol = "ContrastiveLossLayer"
    usage = ("ContrastiveLossLayer[] represents a loss layer that computes a loss based on a "
             "distance metric and a target that specifies whether the distance should be "
             "minimized or maximized.")
    params = (Param("Margin", "real", lambda: 0.5),)
    min_args, max_args = 0, 1
    messages = {"invmargin": "The margin `1` of ContrastiveLossLayer should be a positive number."}
    sample = "ContrastiveLossLayer[0.7]"
    examples = (
        ('ContrastiveLossLayer[][<|"Input" -> 0.2, "Target" -> True|>]', "0.09"),
        ('ContrastiveLossLayer[][<|"Input" -> 0.2, "Target" -> False|>]', "0.04"),
        ('ContrastiveLossLayer[1][<|"Input" -> {0.5, 2.}, "Target" -> {1, 1}|>]', "{0.25, 0.}"),
    )

    def parse_args(self, args, p):
        if args:
            m = real_value(args[0])
            if m is None or m <= 0:
                raise NetSpecError("invmargin", args[0], symbol=self.symbol)
            p["Margin"] = m

    def inputs(self, p):
        return {"Input": TensorT((), RealT), "Target": TensorT((), RealT)}

    def outputs(self, p):
        return {"Loss": TensorT((), RealT)}

    def loss_kind(self, p):
        return "Contrastive"

    def port_encoder(self, port):
        return _BOOLEAN_TARGET if port == "Target" else None

    def compose(self, p, g):
        x, t = g.input("Input"), g.input("Target")
        short = g.max(g.subtract(g.const(p["Margin"]), x), 0.0)    # how far below the margin
        far = g.times(t, g.times(short, short))
        near = g.times(g.subtract(g.const(1.0), t), g.times(x, x))
        g.output("Loss", g.add(far, near))
