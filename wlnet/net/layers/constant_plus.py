"""ConstantPlusLayer[]: adds a learned array "Biases" to its input (WL 11's layer; WL 12.1+
writes it as a NetGraph of a NetArrayLayer and a ThreadingLayer[Plus], which computes the
same).  The array has the input's dimensions unless ``"Biases" -> values`` gives one of
its own: a number, or an array of lower rank or with sizes 1, is broadcast over the input
as WL's arithmetic threads a list over a deeper one (aligned on the input's first
dimensions: {1, 2} + {{a, b}, {c, d}} adds 1 to the first row).  NetInitialize starts it
at zeros."""

from __future__ import annotations

from wlnet.net.errors import NetSpecError
from wlnet.net.layers._shapes import SameShapeLayer
from wlnet.net.registry import register
from wlnet.net.spec import ArraySpec, Param, dims_text
from wlnet.net.types import LengthVar, RealT, TensorT, describe_type


class ArrayOperandLayer(SameShapeLayer):
    """A layer that combines its input with one learned array (``array_name``): of the
    input's dimensions, or of its own ("$ArrayDimensions") when given, broadcast over the
    input's first dimensions."""
    params = (Param("$Dimensions", "sizelist"), Param("$ArrayDimensions", "sizelist"))
    min_args = max_args = 0
    array_name = ""

    def constrain_arrays(self, p, u, given):
        # no values given: the array is the input's shape (what NetInitialize makes)
        if self.array_name not in given:
            u.unify_shape(p["$ArrayDimensions"], p["$Dimensions"])

    def post(self, p, u):
        d, a = u.resolve(p["$Dimensions"]), u.resolve(p["$ArrayDimensions"])
        if a.tail is not None or d.tail is not None:
            return
        if len(a.dims) > len(d.dims):
            raise self._unbroadcastable(u, a, d)
        for want, have in zip(a.dims, d.dims):
            if want == 1:                       # replicated along this dimension
                continue
            if isinstance(u.dim(have), LengthVar):  # an array has fixed dimensions
                raise NetSpecError("nodyn", self.symbol, describe_type(TensorT(d.dims, RealT)),
                                   symbol=self.symbol)
            from wlnet.net.shape import NetTypeError
            try:
                u.unify_dim(have, want)
            except NetTypeError:
                raise self._unbroadcastable(u, a, d) from None

    def _unbroadcastable(self, u, a, d) -> NetSpecError:
        return NetSpecError("arrbcast", self.array_name, self.symbol,
                            dims_text(u.resolve(a).dims), dims_text(u.resolve(d).dims),
                            symbol=self.symbol)

    def operand(self, p, g):
        """The array, its missing trailing levels put in as 1s so that it broadcasts over
        the input's first dimensions (a batch comes first; numpy aligns the last ones)."""
        ref = g.array(self.array_name)
        rank, dims = len(p["$Dimensions"].dims), tuple(p["$ArrayDimensions"].dims)
        if 0 < len(dims) < rank:
            ref = g.reshape(ref, dims=dims + (1,) * (rank - len(dims)))
        return ref


@register
class ConstantPlus(ArrayOperandLayer):
    type_name = "ConstantPlus"
    symbol = "ConstantPlusLayer"
    usage = "ConstantPlusLayer[] represents a layer that adds a learnable bias to its input."
    array_name = "Biases"
    arrays = (ArraySpec("Biases", lambda p: p["$ArrayDimensions"], init="biases"),)
    sample = 'ConstantPlusLayer["Input" -> {2, 3}]'
    examples = (
        ('ConstantPlusLayer["Biases" -> {1, 2}][{10, 20}]', "{11., 22.}"),
        ('NetInitialize[ConstantPlusLayer["Input" -> 2]][{3, 4}]', "{3., 4.}"),
        ('Dimensions[Normal[NetExtract[NetInitialize[ConstantPlusLayer["Input" -> {2, 3}]], '
         '"Biases"]]]', "{2, 3}"),
        ('ConstantPlusLayer["Biases" -> {1, 2}][{{10, 20}, {30, 40}}]', "{{11., 21.}, {32., 42.}}"),
    )

    def compose(self, p, g):
        g.output("Output", g.add(g.input("Input"), self.operand(p, g)))
