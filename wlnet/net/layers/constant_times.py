"""ConstantTimesLayer[]: multiplies its input elementwise by a learned array "Scaling" (WL
11's layer; WL 12.1+ writes it as a NetGraph of a NetArrayLayer and a ThreadingLayer[Times],
which computes the same).  The array has the input's dimensions unless ``"Scaling" ->
values`` gives one of its own, broadcast over the input's first dimensions as in
ConstantPlusLayer (a number scales every element); NetInitialize starts it at ones."""

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
    array_name = "Scaling"
    arrays = (ArraySpec("Scaling", lambda p: p["$ArrayDimensions"], init="ones"),)
    sample = 'ConstantTimesLayer["Input" -> {2, 3}]'
    examples = (
        ('ConstantTimesLayer["Scaling" -> {2, 3}][{10, 20}]', "{20., 60.}"),
        ('NetInitialize[ConstantTimesLayer["Input" -> 2]][{3, 4}]', "{3., 4.}"),
        ('ConstantTimesLayer["Scaling" -> 2, "Input" -> 3][{1, 2, 3}]', "{2., 4., 6.}"),
    )

    def compose(self, p, g):
        g.output("Output", g.times(g.input("Input"), self.operand(p, g)))
