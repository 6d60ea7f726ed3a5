"""SequenceLastLayer[]: the last element of a sequence (the last *valid* step of each
example in a padded batch)."""

from __future__ import annotations

from wlnet.net.registry import register
from wlnet.net.spec import LayerSpec, Param
from wlnet.net.types import TensorT


@register
class SequenceLast(LayerSpec):
    type_name = "SequenceLast"
    moves_values = True
    symbol = "SequenceLastLayer"
    usage = "SequenceLastLayer[] represents a net that takes a sequence of inputs and returns the last element of the sequence."
    params = (Param("$Length", "length"), Param("$Dimensions", "sizelist"),
              Param("$Element", "elem"))        # integer codes stay integer codes
    sample = 'SequenceLastLayer["Input" -> {"Varying", 2}]'
    examples = (
        ("SequenceLastLayer[][{{1, 2}, {3, 4}, {5, 6}}]", "{5., 6.}"),
        ('SequenceLastLayer["Input" -> {"Varying", 2}][{{{1, 2}}, {{1, 2}, {3, 4}}}]',
         "{{1., 2.}, {3., 4.}}"),
    )

    def compose(self, p, g):
        g.output("Output", g.sequence_last(g.input("Input")))

    def inputs(self, p):
        d = p["$Dimensions"]
        return {"Input": TensorT((p["$Length"],) + d.dims, p["$Element"], d.tail)}

    def outputs(self, p):
        d = p["$Dimensions"]
        return {"Output": TensorT(d.dims, p["$Element"], d.tail)}
