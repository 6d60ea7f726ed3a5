"""DropoutLayer[], DropoutLayer[p]: identity at evaluation; in training, zero entries with
probability p and scale the rest by 1/(1-p) ("Method" -> "AlphaDropout": SELU's variant,
which keeps the mean and variance)."""

from __future__ import annotations

from wlnet.core.expr import String
from wlnet.net.errors import NetSpecError
from wlnet.net.layers.gated_recurrent import check_probability
from wlnet.net.layers._shapes import SameShapeLayer
from wlnet.net.registry import register
from wlnet.net.spec import Param

METHODS = ("Dropout", "AlphaDropout")


@register
class Dropout(SameShapeLayer):
    type_name = "Dropout"
    symbol = "DropoutLayer"
    usage = "DropoutLayer[p] represents a net layer that sets its input elements to zero with probability p during training."
    params = (Param("DropoutProbability", "real", lambda: 0.5),
              Param("Method", "string", lambda: "Dropout"),
              Param("$Dimensions", "sizelist"))
    min_args, max_args = 0, 1
    options = {"Method": String("Dropout")}
    messages = {"invdrppval": "The dropout probability `1` should be a number between 0 and 1."}
    sample = 'DropoutLayer[0.3, "Input" -> {2, 3}]'
    examples = (
        ("DropoutLayer[][{1, 2, 3}]", "{1., 2., 3.}"),
        ('NetExtract[DropoutLayer[0.2], "DropoutProbability"]', "0.2"),
    )

    def parse_args(self, args, p):
        if args:
            p["DropoutProbability"] = float(check_probability(args[0], self.symbol))

    def parse_option(self, name, value, p):
        if not (type(value) is String and value.value in METHODS):
            raise NetSpecError("netarg", value, "Method", 'use "Dropout" or "AlphaDropout"',
                               symbol=self.symbol)
        p["Method"] = value.value

    def compose(self, p, g):
        g.output("Output", g.dropout(g.input("Input"), p=p["DropoutProbability"],
                                     alpha=p["Method"] == "AlphaDropout"))

