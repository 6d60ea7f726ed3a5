"""UnitVectorLayer[n], UnitVectorLayer[]: integers 1..n → one-hot n-vectors (arrays of
integers → arrays of one-hot vectors).  The class count is learnt from an integer-coded
input, e.g. a "Characters" encoder over {DigitCharacter, "+"} gives 11."""

from __future__ import annotations

from wlnet.net.layers._class_axis import class_vectors_type, tie_class_vectors
from wlnet.net.registry import register
from wlnet.net.spec import LayerSpec, Param, positive_int
from wlnet.net.types import IndexIntegerT, TensorT


@register
class UnitVector(LayerSpec):
    type_name = "UnitVector"
    symbol = "UnitVectorLayer"
    usage = "UnitVectorLayer[n] represents a net layer that transforms integers between 1 and n into n-dimensional unit vectors."
    params = (Param("ClassCount", "size"), Param("$Dimensions", "sizelist"),
              Param("$OutRank", "rank"))
    min_args, max_args = 0, 1
    sample = 'UnitVectorLayer[3, "Input" -> {"Varying"}]'
    examples = (
        ("UnitVectorLayer[4][2]", "{0., 1., 0., 0.}"),
        ('UnitVectorLayer[3, "Input" -> {"Varying"}][{1, 3}]', "{{1., 0., 0.}, {0., 0., 1.}}"),
    )

    def compose(self, p, g):
        g.output("Output", g.one_hot(g.input("Input"), classes=p["ClassCount"]))

    def parse_args(self, args, p):
        if args:
            p["ClassCount"] = positive_int(args[0], self.symbol)

    def inputs(self, p):
        d = p["$Dimensions"]
        return {"Input": TensorT(d.dims, IndexIntegerT(p["ClassCount"]), d.tail)}

    def outputs(self, p):
        # the class dimension may come after dimensions not known yet: a loose output
        # type, tied to the real one by ``post`` once the input rank is learnt
        return {"Output": class_vectors_type(p["$Dimensions"], p["ClassCount"], p["$OutRank"])}

    def post(self, p, u):
        tie_class_vectors(u, p["$Dimensions"], p["ClassCount"], p["$OutRank"])
