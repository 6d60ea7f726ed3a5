"""SequenceRestLayer[]: each sequence without its first element (see _sequence_length)."""

from __future__ import annotations

from wlnet.net.layers._sequence_length import SequenceLengthChangeSpec
from wlnet.net.registry import register


@register
class SequenceRest(SequenceLengthChangeSpec):
    change = -1
    type_name = "SequenceRest"
    moves_values = True
    symbol = "SequenceRestLayer"
    usage = ("SequenceRestLayer[] represents a net that takes a sequence of inputs and "
             "returns all but the first element of the sequence.")
    sample = 'SequenceRestLayer["Input" -> {"Varying", 2}]'
    examples = (
        ("SequenceRestLayer[][{{1, 2}, {3, 4}, {5, 6}}]", "{{3., 4.}, {5., 6.}}"),
        ('SequenceRestLayer["Input" -> "Varying"][{{1, 2, 3}, {4, 5}}]', "{{2., 3.}, {5.}}"),
    )

    def compose(self, p, g):
        g.output("Output", g.sequence_rest(g.input("Input")))
