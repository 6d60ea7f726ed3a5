"""AppendLayer[]: "Input" a sequence, "Element" one more element, "Output" the sequence with
the element after each example's own last step (Append[in, elem]); see _sequence_length."""

from __future__ import annotations

from wlnet.net.layers._sequence_length import SequenceLengthChangeSpec
from wlnet.net.registry import register


@register
class Append(SequenceLengthChangeSpec):
    change = +1
    type_name = "Append"
    symbol = "AppendLayer"
    usage = ("AppendLayer[] represents a net layer that takes an input array and appends "
             "another array to it.")
    sample = 'AppendLayer["Input" -> {"Varying", 2}]'
    examples = (
        ('AppendLayer[][<|"Input" -> {1, 2, 3}, "Element" -> 4|>]', "{1., 2., 3., 4.}"),
        ('AppendLayer["Input" -> {"Varying", 2}][<|"Input" -> {{{1, 2}}, {{1, 2}, {3, 4}}}, '
         '"Element" -> {{5, 6}, {7, 8}}|>]', "{{{1., 2.}, {5., 6.}}, {{1., 2.}, {3., 4.}, {7., 8.}}}"),
    )

    def compose(self, p, g):
        g.output("Output", g.sequence_append(g.input("Input"), g.input("Element")))

    def inputs(self, p):
        return {**super().inputs(p), "Element": self.element_type(p)}
