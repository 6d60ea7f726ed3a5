"""ContrastiveLossLayer[] (margin 0.5), ContrastiveLossLayer[margin]: a loss on a distance.

"Input" is a distance, "Target" says whether it should be made large (1, True) or small
(0, False): the loss is Ramp[margin - x]^2 for a target of 1, which is zero once the
distance passes the margin, and x^2 for a target of 0 (targets between weigh the two).
Both ports are real numbers: applied to lists, the layer gives a loss for each pair.
NetTrain takes True/False targets for it.
"""

from __future__ import annotations

from wlnet.net.errors import NetSpecError
from wlnet.net.registry import register
from wlnet.net.spec import LayerSpec, Param, real_value
from wlnet.net.types import RealT, TensorT


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
        ('ContrastiveLossLayer[][<|"Input" -> 0.2, "Target" -> 1|>]', "0.09"),
        ('ContrastiveLossLayer[][<|"Input" -> 0.2, "Target" -> 0|>]', "0.04"),
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

    def compose(self, p, g):
        x, t = g.input("Input"), g.input("Target")
        short = g.max(g.subtract(g.const(p["Margin"]), x), 0.0)    # how far below the margin
        far = g.times(t, g.times(short, short))
        near = g.times(g.subtract(g.const(1.0), t), g.times(x, x))
        g.output("Loss", g.add(far, near))
