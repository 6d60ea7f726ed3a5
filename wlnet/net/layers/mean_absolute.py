"""MeanAbsoluteLossLayer[]: the mean of |input - target| over all elements."""

from __future__ import annotations

from wlnet.net.layers.mean_squared import ElementwiseLoss
from wlnet.net.registry import register


@register
class MeanAbsoluteLoss(ElementwiseLoss):
    type_name = "MeanAbsoluteLoss"
    symbol = "MeanAbsoluteLossLayer"
    usage = "MeanAbsoluteLossLayer[] represents a loss layer that computes the mean absolute loss between its \"Input\" port and \"Target\" port."
