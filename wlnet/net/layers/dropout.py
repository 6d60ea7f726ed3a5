"""DropoutLayer[], DropoutLayer[p]: identity at evaluation; in training, zero entries with
probability p and scale the rest by 1/(1-p)."""

from __future__ import annotations

from wlnet.core.expr import Real, String
from wlnet.net.errors import NetSpecError
from wlnet.net.layers.gated_recurrent import check_probability
from wlnet.net.registry import register
from wlnet.net.spec import LayerSpec, Param
from wlnet.net.types import RealT, TensorT


@register
class Dropout(LayerSpec):
    type_name = "Dropout"
    symbol = "DropoutLayer"
    usage = "DropoutLayer[p] represents a net layer that sets its input elements to zero with probability p during training."
    params = (Param("DropoutProbability", "value", lambda: Real(0.5)),
              Param("Method", "value", lambda: String("Dropout")),
              Param("$Dimensions", "sizelist"))
    min_args, max_args = 0, 1
    options = {"Method": String("Dropout")}

    def parse_args(self, args, p):
        if args:
            check_probability(args[0], self.symbol)
            p["DropoutProbability"] = args[0]

    def parse_option(self, name, value, p):
        if not (type(value) is String and value.value in ("Dropout", "AlphaDropout")):
            raise NetSpecError("netarg", value, "Method", 'use "Dropout" or "AlphaDropout"',
                               symbol=self.symbol)
        p["Method"] = value

    def inputs(self, p):
        d = p["$Dimensions"]
        return {"Input": TensorT(d.dims, RealT, d.tail)}

    def outputs(self, p):
        d = p["$Dimensions"]
        return {"Output": TensorT(d.dims, RealT, d.tail)}
