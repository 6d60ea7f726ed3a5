"""SequenceReverseLayer[]: each sequence's elements in reverse order (each example of a
varying-length batch reversed within its own length)."""

from __future__ import annotations

from wlnet.net.registry import register
from wlnet.net.spec import LayerSpec, Param
from wlnet.net.types import TensorT


@register
class SequenceReverse(LayerSpec):
    type_name = "SequenceReverse"
    moves_values = True
    symbol = "SequenceReverseLayer"
    usage = ("SequenceReverseLayer[] represents a net that reverses the order of elements "
             "in a sequence.")
    params = (Param("$Length", "length"), Param("$Dimensions", "sizelist"),
              Param("$Element", "elem"))        # integer codes stay integer codes
    sample = 'SequenceReverseLayer["Input" -> {"Varying", 2}]'
    examples = (
        ("SequenceReverseLayer[][{{1, 2}, {3, 4}, {5, 6}}]", "{{5., 6.}, {3., 4.}, {1., 2.}}"),
        ('SequenceReverseLayer["Input" -> "Varying"][{{1, 2, 3}, {4, 5}}]',
         "{{3., 2., 1.}, {5., 4.}}"),
    )

    def compose(self, p, g):
        g.output("Output", g.sequence_reverse(g.input("Input")))

    def inputs(self, p):
        d = p["$Dimensions"]
        return {"Input": TensorT((p["$Length"],) + d.dims, p["$Element"], d.tail)}

    def outputs(self, p):
        d = p["$Dimensions"]
        return {"Output": TensorT((p["$Length"],) + d.dims, p["$Element"], d.tail)}
