"""SequenceMostLayer[]: each sequence without its last element (see _sequence_length)."""

from __future__ import annotations

from wlnet.net.layers._sequence_length import SequenceLengthChangeSpec
from wlnet.net.registry import register


@register
class SequenceMost(SequenceLengthChangeSpec):
    change = -1
    type_name = "SequenceMost"
    moves_values = True
    symbol = "SequenceMostLayer"
    usage = ("SequenceMostLayer[] represents a net that takes a sequence of inputs and "
             "returns all but the last element of the sequence.")
    sample = 'SequenceMostLayer["Input" -> {"Varying", 2}]'
    examples = (
        ("SequenceMostLayer[][{{1, 2}, {3, 4}, {5, 6}}]", "{{1., 2.}, {3., 4.}}"),
        ('SequenceMostLayer["Input" -> "Varying"][{{1, 2, 3}, {4, 5}}]', "{{1., 2.}, {4.}}"),
        ('Dimensions@SequenceMostLayer["Input" -> {4, 2}][RandomReal[1, {4, 2}]]', "{3, 2}"),
    )

    def compose(self, p, g):
        g.output("Output", g.sequence_most(g.input("Input")))
