"""PoolingLayer[sz], PoolingLayer[{w}], PoolingLayer[{h, w}], PoolingLayer[{h, w, d}],
PoolingLayer[kernel, stride]: max, mean or total of each kernel-sized window.

Ports "Input" {c, s1, …} and "Output" {c, s1', …} (channels first, or last with Interleaving
-> True; 1 to 3 spatial dimensions,
s' = Floor[(s + before + after - k) / stride] + 1); PoolingLayer[k] is PoolingLayer[k, 1].
Options "Function" (Max, Mean or Total), "PaddingSize" and "Dimensionality" (see
``_spatial``).  Padding: Max ignores the padded positions, Mean counts them as zeros (it
divides by the kernel size), Total adds zeros.  No arrays.

The computation is a custom op over ``wlnet.kernels.pooling``.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Integer, Symbol
from wlnet.kernels import pooling as kpool
from wlnet.net.custom_op import CustomOp
from wlnet.net.errors import NetSpecError
from wlnet.net.layers._spatial import (
    RunGeometry, channel_port, channels_back, channels_first, dimensionality_value,
    SameShift, interleaving_value, loosen_first_sizes, masked_steps, output_gradient, output_lengths,
    padding_value, refused_sequence,
    show_padding, show_spatial, spatial_settings_per_dimension,
    spatial_param_value, tie_channel_ports, tie_output_sizes, tie_spatial_shapes, unread_ranks,
    torch_pad, torch_varying,
)
from wlnet.net.registry import register
from wlnet.net.spec import LayerSpec, Param
from wlnet.net.values import Batch

SYMBOL = "PoolingLayer"


def function_value(e) -> str:
    if type(e) is Symbol and e.name in kpool.FUNCTIONS:
        return e.name
    raise NetSpecError("invsetting", e, "Function", SYMBOL, "Max, Mean or Total", symbol=SYMBOL)


class PoolingOp(CustomOp):
    def __init__(self, layer, dtype):
        super().__init__(layer, dtype)
        p = layer.params
        self.geometry = RunGeometry(p, layer.symbol)
        self.function = p["Function"]
        self.interleaving = p["Interleaving"]

    def forward(self, inputs, arrays, states, ctx):
        lengths = inputs["Input"].lengths            # a varying first spatial dimension
        # past each length as in the padding: never the maximum, zeros for Mean and Total
        fill = -np.inf if self.function == "Max" else 0.0
        data = masked_steps(inputs["Input"].data.astype(ctx.dtype, copy=False), lengths, fill)
        sizes = data.shape[1:-1] if self.interleaving else data.shape[2:]
        found = self.geometry(sizes)
        kernel, stride, padding, _ = found
        shift = SameShift.plan(self.layer.params, self.geometry, found, sizes, lengths)
        if shift is not None:                        # each example its own "Same" padding
            data, padding = shift.spread(data, fill), shift.padding
        out, cache = kpool.pool_forward(channels_first(data, self.interleaving), self.function,
                                        kernel, stride, padding, keep=ctx.keep)
        shape = out.shape                            # the kernels' layout
        if shift is not None:
            out = shift.cut(out)
        out_lengths = output_lengths(lengths, self.geometry, sizes, SYMBOL)
        out = masked_steps(channels_back(out, self.interleaving), out_lengths)
        return ({"Output": Batch(out, out_lengths)}, {},
                (cache, shape, lengths, out_lengths, shift) if ctx.keep else None)

    def backward(self, cache, d_outputs, d_states):
        cache, shape, lengths, out_lengths, shift = cache
        d = d_outputs.get("Output")
        d_out = output_gradient(None if d is None else masked_steps(d, out_lengths),
                                shape if shift is None else shape[:2] + (shift.out_steps,) + shape[3:],
                                self.interleaving, self.dtype)
        if shift is not None:
            d_out = shift.uncut(d_out, shape)
        d_x = channels_back(kpool.pool_backward(cache, d_out), self.interleaving)
        if shift is not None:
            d_x = shift.gather(d_x)
        return {"Input": masked_steps(d_x, lengths)}, {}, {}


def torch_lowering(t, p, ctx, inputs, arrays, states):
    """F.max_poolNd / avg_poolNd after explicit padding: Max never takes a padded position
    (padded with -inf), Mean divides by the whole kernel (zero padding counted), Total is
    Mean times the kernel's size."""
    import math
    x, (kernel, stride, padding, _), output = torch_varying(
        t, p, SYMBOL, inputs, float("-inf") if p["Function"] == "Max" else 0.0)
    rank = x.dim() - 2
    function = p["Function"]
    if function == "Max":
        pool = (t.nn.functional.max_pool1d, t.nn.functional.max_pool2d,
                t.nn.functional.max_pool3d)[rank - 1]
        y = pool(torch_pad(t, x, padding, float("-inf")), kernel, stride)
    else:
        pool = (t.nn.functional.avg_pool1d, t.nn.functional.avg_pool2d,
                t.nn.functional.avg_pool3d)[rank - 1]
        y = pool(torch_pad(t, x, padding), kernel, stride)
        if function == "Total":
            y = y * math.prod(kernel)
    return {"Output": output(y)}, {}


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
              Param("Dimensionality", "size"), Param("Interleaving", "bool", lambda: False),
              Param("Channels", "size"), Param("$InputSize", "sizelist"),
              Param("$OutputSize", "sizelist"), Param("$InputRank", "rank"),
              Param("$OutputRank", "rank"))
    min_args, max_args = 1, 2
    # the stride may be given as an option too, as for ConvolutionLayer (PoolingLayer[{2, 2},
    # "Stride" -> 2] is common in public code)
    options = {"Function": Symbol("Max"), "PaddingSize": Integer(0), "Stride": Integer(1),
               "Dimensionality": Symbol("Automatic"), "Interleaving": Symbol("False")}
    op = PoolingOp
    torch_lowering = staticmethod(torch_lowering)
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

    def extracted_param(self, p, name, value):
        return spatial_settings_per_dimension(p, name, value)

    def parse_args(self, args, p):
        p["KernelSize"] = spatial_param_value(args[0], "KernelSize", self.symbol)
        if len(args) > 1:
            p["Stride"] = spatial_param_value(args[1], "Stride", self.symbol)

    def parse_option(self, name, value, p):
        if name == "PaddingSize":
            p[name] = padding_value(value, self.symbol)
        elif name == "Function":
            p[name] = function_value(value)
        elif name == "Interleaving":
            p[name] = interleaving_value(value, self.symbol)
        elif name == "Stride":
            p[name] = spatial_param_value(value, name, self.symbol)
        else:
            dimensionality_value(value, p, self.symbol)

    PORTS = (("$InputSize", "Channels", "$InputRank"), ("$OutputSize", "Channels", "$OutputRank"))

    def unread_params(self, p):
        return unread_ranks(p, self.PORTS)

    def inputs(self, p):
        return {"Input": channel_port(p, *self.PORTS[0])}

    def outputs(self, p):
        return {"Output": channel_port(p, *self.PORTS[1])}

    def refused_shape(self, p, port, given):
        return refused_sequence(p, port, given, self.symbol)

    def read_back(self, p):
        loosen_first_sizes(p)

    def post(self, p, u):
        tie_channel_ports(p, u, self.PORTS, self.symbol)
        settings = {name: p[name] for name in ("KernelSize", "Stride", "PaddingSize")}
        rank = tie_spatial_shapes(p, u, self.symbol, settings)
        if rank is not None:
            tie_output_sizes(p, u, self.symbol, rank)
        tie_channel_ports(p, u, self.PORTS, self.symbol)
