"""CrossEntropyLossLayer["Index" | "Probabilities" | "Binary"]."""

from __future__ import annotations

from wlnet.core.expr import String
from wlnet.net.errors import NetSpecError
from wlnet.net.layers._class_axis import class_vectors_type, tie_class_vectors
from wlnet.net.registry import register
from wlnet.net.spec import LayerSpec, Param
from wlnet.net.types import IndexIntegerT, RealT, TensorT

FORMS = ("Index", "Probabilities", "Binary")


@register
class CrossEntropyLoss(LayerSpec):
    type_name = "CrossEntropyLoss"
    symbol = "CrossEntropyLossLayer"
    usage = "CrossEntropyLossLayer[form] represents a net layer that computes the cross-entropy loss by comparing input class probability vectors with indices or probability vectors representing the target class."
    params = (Param("TargetForm", "value", lambda: String("Index")),
              Param("$Classes", "size"), Param("$Dimensions", "sizelist"),
              Param("$InRank", "rank"))
    min_args, max_args = 1, 1

    def parse_args(self, args, p):
        if not (type(args[0]) is String and args[0].value in FORMS):
            raise NetSpecError("netarg", args[0], "target form",
                               'use "Index", "Probabilities" or "Binary"', symbol=self.symbol)
        p["TargetForm"] = args[0]

    def _vectors(self, p):
        return class_vectors_type(p["$Dimensions"], p["$Classes"], p["$InRank"])

    def inputs(self, p):
        d = p["$Dimensions"]
        form = p["TargetForm"].value
        if form == "Binary":
            return {"Input": TensorT(d.dims, RealT, d.tail), "Target": TensorT(d.dims, RealT, d.tail)}
        target = (TensorT(d.dims, IndexIntegerT(p["$Classes"]), d.tail) if form == "Index"
                  else self._vectors(p))
        return {"Input": self._vectors(p), "Target": target}

    def outputs(self, p):
        return {"Loss": TensorT((), RealT)}

    def post(self, p, u):
        tie_class_vectors(u, p["$Dimensions"], p["$Classes"], p["$InRank"],
                          forwards=p["TargetForm"].value != "Binary")
