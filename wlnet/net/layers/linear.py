"""LinearLayer[n], LinearLayer[{n1, …}], LinearLayer[]: w.x + b.

The input (any array) is flattened to a vector of size m = Π input dims; "Weights" is
(Π output dims)×m and "Biases" a vector (or None).  Sizes are learnt both ways: from the
input that feeds the layer and from what its output feeds.
"""

from __future__ import annotations

from wlnet.core.expr import String
from wlnet.net.registry import register
from wlnet.net.spec import ArraySpec, LayerSpec, Param, dims_arg, product_or_var
from wlnet.net.errors import NetSpecError
from wlnet.net.types import AtomT, LengthVar, RealT, SizeList, TensorT, describe_type


@register
class Linear(LayerSpec):
    type_name = "Linear"
    symbol = "LinearLayer"
    usage = "LinearLayer[n] represents a trainable, fully connected net layer that computes w.x + b."
    params = (Param("OutputDimensions", "sizelist"), Param("$OutputSize", "size"),
              Param("$InputSize", "size"), Param("$InputDimensions", "sizelist"))
    arrays = (ArraySpec("Weights", lambda p: (p["$OutputSize"], p["$InputSize"])),
              ArraySpec("Biases", lambda p: (p["$OutputSize"],), init="biases", nullable=True))
    min_args, max_args = 0, 1
    sample = 'LinearLayer[{2, 2}, "Input" -> {3, 2}]'
    examples = (
        ('Dimensions@NetInitialize[LinearLayer[5, "Input" -> 3]][{1, 2, 3}]', "{5}"),
        ('NetExtract[NetInitialize@LinearLayer[2, "Input" -> 3, "Weights" -> {{1, 0, 0}, {0, 1, 1}}, '
         '"Biases" -> None], "Weights"] // Normal', "{{1., 0., 0.}, {0., 1., 1.}}"),
        ('LinearLayer[2, "Weights" -> {{1, 0, 0}, {0, 1, 1}}, "Biases" -> {1, 2}][{1, 2, 3}]',
         "{2., 7.}"),
    )

    def compose(self, p, g):
        x = g.input("Input")
        if len(p["$InputDimensions"].dims) != 1:           # an array: flattened to a vector
            x = g.reshape(x, dims=(-1,))
        biases = (g.array("Biases"),) if g.has_array("Biases") else ()
        y = g.linear(x, g.array("Weights"), *biases)
        out_dims = tuple(p["OutputDimensions"].dims)
        g.output("Output", y if len(out_dims) == 1 else g.reshape(y, dims=out_dims))

    def parse_args(self, args, p):
        if args and type(args[0]) is String and args[0].value == "Real":
            p["OutputDimensions"] = SizeList(())          # LinearLayer["Real"]: a scalar
        elif args:
            p["OutputDimensions"] = SizeList(dims_arg(args[0], self.symbol))

    def inputs(self, p):
        d = p["$InputDimensions"]
        return {"Input": TensorT(d.dims, AtomT, d.tail)}

    def outputs(self, p):
        d = p["OutputDimensions"]
        return {"Output": TensorT(d.dims, RealT, d.tail)}

    def constrain_arrays(self, p, u, given):
        # the sizes the dimensions already fix, so that a weights matrix of the wrong shape
        # is told the expected {3, k} (both sizes were unknown until post: {k, k})
        product_or_var(u, p["OutputDimensions"], p["$OutputSize"], "output", self.symbol)
        product_or_var(u, p["$InputDimensions"], p["$InputSize"], "input", self.symbol)

    def post(self, p, u):
        inp = u.resolve(self.inputs(p)["Input"])
        if any(isinstance(d, LengthVar) for d in inp.dims):
            raise NetSpecError("nodyn", self.symbol, describe_type(inp))
        product_or_var(u, p["OutputDimensions"], p["$OutputSize"], "output", self.symbol)
        product_or_var(u, p["$InputDimensions"], p["$InputSize"], "input", self.symbol)

    def defaults(self, p, u):
        # Weights given but nothing else says how the output is shaped: a vector.  The
        # input's rank stays open (as WL's LinearLayer leaves it): LinearLayer[n, "Weights"
        # -> w] may follow a layer whose output is an array of Dimensions[w][[2]] elements,
        # which it flattens; applied alone it takes the rank of the data it is given.
        d = u.resolve(p["OutputDimensions"])
        size = u.dim(p["$OutputSize"])
        if d.tail is not None and not d.dims and isinstance(size, int):
            u.unify_shape(d, SizeList((size,)))


@register
class DotPlus(Linear):
    """DotPlusLayer[n], the WL 11.0 name of LinearLayer[n] (still in old programs): the
    layer it builds is a LinearLayer (``builds``)."""
    type_name = "DotPlus"
    symbol = "DotPlusLayer"
    usage = "DotPlusLayer[n] is equivalent to LinearLayer[n] and should no longer be used."
    builds = "LinearLayer"
    sample = 'DotPlusLayer[2, "Input" -> 3]'
    examples = (
        ('Head[DotPlusLayer[5, "Input" -> 3]]', "LinearLayer"),
        ('DotPlusLayer[2, "Weights" -> {{1, 2}, {3, 4}}, "Biases" -> {1, 2}][{1, 1}]',
         "{4., 9.}"),
    )
