"""PoolingLayer[sz], PoolingLayer[{w}], PoolingLayer[{h, w}], PoolingLayer[{h, w, d}],
PoolingLayer[kernel, stride]: max, mean or total of each kernel-sized window.

Ports "Input" {c, s1, …} and "Output" {c, s1', …} (channels first, 1 to 3 spatial dimensions,
s' = Floor[(s + before + after - k) / stride] + 1); PoolingLayer[k] is PoolingLayer[k, 1].
Options "Function" (Max, Mean or Total), "PaddingSize" and "Dimensionality" (see
``_spatial``).  Padding: Max ignores the padded positions, Mean counts them as zeros (it
divides by the kernel size), Total adds zeros.  No arrays.

The computation is a custom op over ``wlnet.kernels.pooling``.
"""

from __future__ import annotations

from wlnet.core.expr import Integer, Symbol
from wlnet.kernels import pooling as kpool
from wlnet.net.custom_op import CustomOp
from wlnet.net.errors import NetSpecError
from wlnet.net.layers._spatial import (
    dimensionality_value, geometry, padding_value, show_padding, show_spatial,
    spatial_param_value, tie_output_sizes, tie_spatial_shapes,
)
from wlnet.net.registry import register
from wlnet.net.spec import LayerSpec, Param
from wlnet.net.types import RealT, TensorT
from wlnet.net.values import Batch, zeros_or

SYMBOL = "PoolingLayer"


def function_value(e) -> str:
    if type(e) is Symbol and e.name in kpool.FUNCTIONS:
        return e.name
    raise NetSpecError("invsetting", e, "Function", SYMBOL, "Max, Mean or Total", symbol=SYMBOL)


class PoolingOp(CustomOp):
    def __init__(self, layer, dtype):
        super().__init__(layer, dtype)
        p = layer.params
        self.kernel, self.stride, self.padding, _ = geometry(p, p["Dimensionality"],
                                                             p["$InputSize"].dims)
        self.function = p["Function"]

    def forward(self, inputs, arrays, states, ctx):
        out, cache = kpool.pool_forward(inputs["Input"].data.astype(ctx.dtype, copy=False),
                                        self.function, self.kernel, self.stride, self.padding,
                                        keep=ctx.keep)
        return {"Output": Batch(out, None)}, {}, cache

    def backward(self, cache, d_outputs, d_states):
        shape = (cache.geometry.batch,) + cache.geometry.out_shape
        d_out = zeros_or(d_outputs.get("Output"), shape, self.dtype)
        return {"Input": kpool.pool_backward(cache, d_out)}, {}, {}


@register
class Pooling(LayerSpec):
    type_name = "Pooling"
    symbol = SYMBOL
    usage = "PoolingLayer[sz] represents a pooling net layer using kernels of size sz."
    params = (Param("KernelSize", "custom", lambda: 1,
                    read=lambda e: spatial_param_value(e, "KernelSize", SYMBOL),
                    show=show_spatial),
              Param("Stride", "custom", lambda: 1,
                    read=lambda e: spatial_param_value(e, "Stride", SYMBOL), show=show_spatial),
              Param("PaddingSize", "custom", lambda: 0,
                    read=lambda e: padding_value(e, SYMBOL), show=show_padding),
              Param("Function", "custom", lambda: "Max", read=function_value,
                    show=lambda v: Symbol(v)),
              Param("Dimensionality", "size"), Param("Channels", "size"),
              Param("$InputSize", "sizelist"), Param("$OutputSize", "sizelist"))
    min_args, max_args = 1, 2
    options = {"Function": Symbol("Max"), "PaddingSize": Integer(0),
               "Dimensionality": Symbol("Automatic")}
    op = PoolingOp
    sample = ('PoolingLayer[{2, 3}, {1, 2}, "Function" -> Mean, "PaddingSize" -> {{1, 0}, '
              '{0, 1}}, "Input" -> {2, 4, 5}]')
    examples = (
        ('PoolingLayer[2, 2, "Input" -> {1, 4, 4}][{Partition[Range[16], 4]}]',
         "{{{6., 8.}, {14., 16.}}}"),
        ('PoolingLayer[{3}, "Function" -> Mean][{{1, 2, 3, 4, 5}}]', "{{2., 3., 4.}}"),
        ('PoolingLayer[{2}, 2, "Function" -> Total, "PaddingSize" -> 1][{{1, 2, 3}}]',
         "{{1., 5.}}"),
        ('Dimensions@PoolingLayer[{2, 2, 2}, 2, "Input" -> {3, 4, 6, 8}][RandomReal[1, '
         '{3, 4, 6, 8}]]', "{3, 2, 3, 4}"),
    )

    def parse_args(self, args, p):
        p["KernelSize"] = spatial_param_value(args[0], "KernelSize", self.symbol)
        if len(args) > 1:
            p["Stride"] = spatial_param_value(args[1], "Stride", self.symbol)

    def parse_option(self, name, value, p):
        if name == "PaddingSize":
            p[name] = padding_value(value, self.symbol)
        elif name == "Function":
            p[name] = function_value(value)
        else:
            dimensionality_value(value, p, self.symbol)

    def inputs(self, p):
        sizes = p["$InputSize"]
        return {"Input": TensorT((p["Channels"],) + sizes.dims, RealT, sizes.tail)}

    def outputs(self, p):
        sizes = p["$OutputSize"]
        return {"Output": TensorT((p["Channels"],) + sizes.dims, RealT, sizes.tail)}

    def post(self, p, u):
        settings = {name: p[name] for name in ("KernelSize", "Stride", "PaddingSize")}
        rank = tie_spatial_shapes(p, u, self.symbol, settings)
        if rank is not None:
            tie_output_sizes(p, u, self.symbol, rank)
