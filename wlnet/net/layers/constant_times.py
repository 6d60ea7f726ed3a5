"""ConstantTimesLayer[]: multiplies its input elementwise by a learned array "Scaling" of
the input's own dimensions (WL 11's layer; WL 12.1+ writes it as a NetGraph of a
NetArrayLayer and a ThreadingLayer[Times], which computes the same).  ``"Scaling" -> values``
gives the array, and with it the dimensions; NetInitialize starts it at ones."""

from __future__ import annotations

from wlnet.net.layers.constant_plus import ArrayOperandLayer
from wlnet.net.registry import register
from wlnet.net.spec import ArraySpec


@register
class ConstantTimes(ArrayOperandLayer):
    type_name = "ConstantTimes"
    symbol = "ConstantTimesLayer"
    usage = ("ConstantTimesLayer[] represents a layer that multiplies its input by a learnable "
             "scaling array.")
    # the array has exactly the input's dimensions, whatever its rank
    arrays = (ArraySpec("Scaling", lambda p: p["$Dimensions"], init="ones"),)
    sample = 'ConstantTimesLayer["Input" -> {2, 3}]'
    examples = (
        ('ConstantTimesLayer["Scaling" -> {2, 3}][{10, 20}]', "{20., 60.}"),
        ('NetInitialize[ConstantTimesLayer["Input" -> 2]][{3, 4}]', "{3., 4.}"),
    )

    def compose(self, p, g):
        g.output("Output", g.times(g.input("Input"), g.array("Scaling")))
