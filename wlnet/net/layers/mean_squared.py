"""MeanSquaredLossLayer[]: the mean of (input - target)^2 over all elements (over the valid
steps of a sequence), one number per example."""

from __future__ import annotations

from wlnet.net.registry import register
from wlnet.net.spec import LayerSpec, Param
from wlnet.net.types import RealT, TensorT


class ElementwiseLoss(LayerSpec):
    """A loss that averages an elementwise comparison of "Input" and "Target"."""
    params = (Param("$Dimensions", "sizelist"),)
    kind = ""

    def inputs(self, p):
        d = p["$Dimensions"]
        return {"Input": TensorT(d.dims, RealT, d.tail), "Target": TensorT(d.dims, RealT, d.tail)}

    def outputs(self, p):
        return {"Loss": TensorT((), RealT)}

    def loss_kind(self, p):
        return self.kind

    def compose(self, p, g):
        difference = g.subtract(g.input("Input"), g.input("Target"))
        g.output("Loss", g.example_mean(self.compare(g, difference)))


@register
class MeanSquaredLoss(ElementwiseLoss):
    type_name = "MeanSquaredLoss"
    symbol = "MeanSquaredLossLayer"
    usage = "MeanSquaredLossLayer[] represents a loss layer that computes the mean squared loss between its \"Input\" port and \"Target\" port."
    kind = "MeanSquared"
    sample = 'MeanSquaredLossLayer["Input" -> {"Varying", 2}]'
    examples = (
        ('MeanSquaredLossLayer[][<|"Input" -> {1, 2, 3}, "Target" -> {1, 2, 5}|>]', "1.33333"),
    )

    def compare(self, g, difference):
        return g.times(difference, difference)
