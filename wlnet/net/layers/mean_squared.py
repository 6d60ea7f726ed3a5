"""MeanSquaredLossLayer[]: the mean of (input - target)^2 over all elements."""

from __future__ import annotations

from wlnet.net.registry import register
from wlnet.net.spec import LayerSpec, Param
from wlnet.net.types import RealT, TensorT


class ElementwiseLoss(LayerSpec):
    params = (Param("$Dimensions", "sizelist"),)

    def inputs(self, p):
        d = p["$Dimensions"]
        return {"Input": TensorT(d.dims, RealT, d.tail), "Target": TensorT(d.dims, RealT, d.tail)}

    def outputs(self, p):
        return {"Loss": TensorT((), RealT)}


@register
class MeanSquaredLoss(ElementwiseLoss):
    type_name = "MeanSquaredLoss"
    symbol = "MeanSquaredLossLayer"
    usage = "MeanSquaredLossLayer[] represents a loss layer that computes the mean squared loss between its \"Input\" port and \"Target\" port."
