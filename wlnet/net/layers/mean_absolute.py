"""MeanAbsoluteLossLayer[]: the mean of |input - target| over all elements (over the valid
steps of a sequence), one number per example."""

from __future__ import annotations

from wlnet.net.layers.mean_squared import ElementwiseLoss
from wlnet.net.registry import register


@register
class MeanAbsoluteLoss(ElementwiseLoss):
    type_name = "MeanAbsoluteLoss"
    symbol = "MeanAbsoluteLossLayer"
    usage = "MeanAbsoluteLossLayer[] represents a loss layer that computes the mean absolute loss between its \"Input\" port and \"Target\" port."
    kind = "MeanAbsolute"
    sample = 'MeanAbsoluteLossLayer["Input" -> {2, 3}]'
    examples = (
        ('MeanAbsoluteLossLayer[][<|"Input" -> {1, 2, 3}, "Target" -> {1, 3, 5}|>]', "1."),
    )

    def compare(self, g, difference):
        return g.map(difference, function="Abs")
