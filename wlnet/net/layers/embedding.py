"""EmbeddingLayer[size, n], EmbeddingLayer[size]: integers 1..n → vectors of length size
(row i of "Weights", n×size); an integer array of rank k gives an array of rank k + 1.

n is learnt from an integer-coded input when not given (a "Characters" or "Class" encoder,
an integer port of another layer).  Integers outside 1..n are refused with a message naming
the port, the offending value and the range, before anything runs.  The computation is the
"gather" primitive (its gradient sums the rows that were picked).
"""

from __future__ import annotations

from wlnet.core.expr import Integer
from wlnet.net.layers._class_axis import class_vectors_type, tie_class_vectors
from wlnet.net.registry import register
from wlnet.net.spec import ArraySpec, LayerSpec, Param, positive_int
from wlnet.net.types import IndexIntegerT, TensorT


@register
class Embedding(LayerSpec):
    type_name = "Embedding"
    symbol = "EmbeddingLayer"
    usage = ("EmbeddingLayer[size, n] represents a trainable net layer that embeds integers "
             "between 1 and n into a continuous vector space of dimension size.")
    params = (Param("OutputDimension", "size"), Param("ClassCount", "size"),
              Param("$Dimensions", "sizelist"), Param("$OutRank", "rank"))
    arrays = (ArraySpec("Weights", lambda p: (p["ClassCount"], p["OutputDimension"])),)
    min_args, max_args = 1, 2
    sample = 'EmbeddingLayer[3, 5, "Input" -> {"Varying"}]'
    examples = (
        ('EmbeddingLayer[2, 3, "Weights" -> {{1, 2}, {3, 4}, {5, 6}}][{3, 1, 3}]',
         "{{5., 6.}, {1., 2.}, {5., 6.}}"),
        ('EmbeddingLayer[2, 3, "Weights" -> {{1, 2}, {3, 4}, {5, 6}}][2]', "{3., 4.}"),
        ('Dimensions@NetInitialize[EmbeddingLayer[4, 10, "Input" -> {"Varying"}]][{1, 5, 10}]',
         "{3, 4}"),
        ('NetExtract[NetChain[{EmbeddingLayer[2]}, "Input" -> NetEncoder[{"Characters", "abc"}]], '
         '{1, "ClassCount"}]', "3"),
    )

    def compose(self, p, g):
        g.output("Output", g.gather(g.array("Weights"), g.input("Input")))

    def implied_args(self, rules):
        """EmbeddingLayer["Weights" -> w] (as converters of trained nets write it): the
        embedding size and the class count are those of the n×size weight matrix."""
        from wlnet.core.numeric_array import to_numpy_data
        weights = to_numpy_data(dict(rules)["Weights"]) if "Weights" in dict(rules) else None
        if weights is None or weights.ndim != 2 or 0 in weights.shape:
            return ()
        return Integer(weights.shape[1]), Integer(weights.shape[0])

    def parse_args(self, args, p):
        p["OutputDimension"] = positive_int(args[0], self.symbol)
        if len(args) > 1:
            p["ClassCount"] = positive_int(args[1], self.symbol)

    def inputs(self, p):
        d = p["$Dimensions"]
        return {"Input": TensorT(d.dims, IndexIntegerT(p["ClassCount"]), d.tail)}

    def outputs(self, p):
        # the vector axis may follow dimensions not known yet (see _class_axis)
        return {"Output": class_vectors_type(p["$Dimensions"], p["OutputDimension"], p["$OutRank"])}

    def post(self, p, u):
        tie_class_vectors(u, p["$Dimensions"], p["OutputDimension"], p["$OutRank"])
