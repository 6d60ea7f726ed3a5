"""PrependLayer[]: "Input" a sequence, "Element" one more element, "Output" the sequence
with the element first (Prepend[in, elem]); see _sequence_length."""

from __future__ import annotations

from wlnet.net.layers._sequence_length import SequenceLengthChangeSpec
from wlnet.net.registry import register


@register
class Prepend(SequenceLengthChangeSpec):
    change = +1
    type_name = "Prepend"
    symbol = "PrependLayer"
    usage = ("PrependLayer[] represents a net layer that takes an input array and prepends "
             "another array to it.")
    sample = 'PrependLayer["Input" -> {"Varying", 2}]'
    examples = (
        ('PrependLayer[][<|"Input" -> {1, 2, 3}, "Element" -> 4|>]', "{4., 1., 2., 3.}"),
        ('PrependLayer["Input" -> {"Varying", 2}][<|"Input" -> {{{1, 2}}, {{1, 2}, {3, 4}}}, '
         '"Element" -> {{5, 6}, {7, 8}}|>]', "{{{5., 6.}, {1., 2.}}, {{7., 8.}, {1., 2.}, {3., 4.}}}"),
    )

    def compose(self, p, g):
        g.output("Output", g.sequence_prepend(g.input("Input"), g.input("Element")))

    def inputs(self, p):
        return {**super().inputs(p), "Element": self.element_type(p)}
