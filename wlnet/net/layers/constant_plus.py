"""ConstantPlusLayer[]: adds a learned array "Biases" of the input's own dimensions to its
input (WL 11's layer; WL 12.1+ writes it as a NetGraph of a NetArrayLayer and a
ThreadingLayer[Plus], which computes the same).  ``"Biases" -> values`` gives the array, and
with it the dimensions; NetInitialize starts it at zeros."""

from __future__ import annotations

from wlnet.net.layers._shapes import SameShapeLayer, no_varying
from wlnet.net.registry import register
from wlnet.net.spec import ArraySpec, Param
from wlnet.net.types import RealT, TensorT, describe_type


class ArrayOperandLayer(SameShapeLayer):
    """A layer that combines its input with one learned array of the same dimensions."""
    params = (Param("$Dimensions", "sizelist"),)
    min_args = max_args = 0

    def post(self, p, u):
        d = u.resolve(p["$Dimensions"])           # an array has fixed dimensions
        no_varying(d.dims, self.symbol, describe_type(TensorT(d.dims, RealT, d.tail)))


@register
class ConstantPlus(ArrayOperandLayer):
    type_name = "ConstantPlus"
    symbol = "ConstantPlusLayer"
    usage = "ConstantPlusLayer[] represents a layer that adds a learnable bias to its input."
    # the array has exactly the input's dimensions, whatever its rank
    arrays = (ArraySpec("Biases", lambda p: p["$Dimensions"], init="biases"),)
    sample = 'ConstantPlusLayer["Input" -> {2, 3}]'
    examples = (
        ('ConstantPlusLayer["Biases" -> {1, 2}][{10, 20}]', "{11., 22.}"),
        ('NetInitialize[ConstantPlusLayer["Input" -> 2]][{3, 4}]', "{3., 4.}"),
        ('Dimensions[Normal[NetExtract[NetInitialize[ConstantPlusLayer["Input" -> {2, 3}]], '
         '"Biases"]]]', "{2, 3}"),
    )

    def compose(self, p, g):
        g.output("Output", g.add(g.input("Input"), g.array("Biases")))
