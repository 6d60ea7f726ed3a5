"""ConvolutionLayer[n, s], ConvolutionLayer[n, {s}], ConvolutionLayer[n, {h, w}],
ConvolutionLayer[n, {h, w, d}]: a trainable convolution with n output channels.

Ports "Input" {m, s1, …} and "Output" {n, s1', …}: channels first (last with Interleaving ->
True: {s1, …, m}), then 1 to 3 spatial dimensions,
s' = Floor[(s + before + after - dilation (k - 1) - 1) / stride] + 1.  The number of spatial
dimensions ("Dimensionality") and of input channels are learnt from whatever fixes them: a
list-valued setting, the input that feeds the layer, or the "Input" option.  With a single
kernel size, given weights fix it too: their rank less two.
Arrays "Weights" {n, m/g, k1, …} and "Biases" {n} (or None), g = "ChannelGroups": input
channel group i feeds output channel group i only.  Options "Stride", "PaddingSize",
"Dilation", "ChannelGroups", "Dimensionality", Interleaving (see ``_spatial`` for their
forms).

The computation is a custom op over ``wlnet.kernels.convolution`` (im2col + BLAS).
"""

from __future__ import annotations

from wlnet.core.expr import Expr, Integer, S, Symbol
from wlnet.kernels import convolution as kconv
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
from wlnet.net.shape import NetTypeError
from wlnet.net.spec import ArraySpec, LayerSpec, Param, positive_int
from wlnet.net.types import fresh_size
from wlnet.net.values import Batch

SYMBOL = "ConvolutionLayer"


def spatial_param(name: str, default, least: int = 1) -> Param:
    return Param(name, "custom", lambda: default,
                 read=lambda e: spatial_param_value(e, name, SYMBOL, least), show=show_spatial)


def kernel_dims(p) -> tuple:
    """The kernel's spatial sizes; one unknown size while a single kernel size is given and
    the number of dimensions is not known yet (the weights cannot be made then)."""
    kernel, rank = p["KernelSize"], p["Dimensionality"]
    if isinstance(kernel, tuple):
        return kernel
    return (kernel,) * rank if isinstance(rank, int) else (fresh_size(),)


class ConvolutionOp(CustomOp):
    # the kernels (DeconvolutionLayer's op is this one with the transposed kernels)
    transposed = False
    kernels = staticmethod(kconv.conv_forward), staticmethod(kconv.conv_backward)

    def __init__(self, layer, dtype):
        super().__init__(layer, dtype)
        p = layer.params
        self.geometry = RunGeometry(p, layer.symbol, self.transposed)
        self.groups = p["ChannelGroups"]
        self.interleaving = p["Interleaving"]

    def forward(self, inputs, arrays, states, ctx):
        lengths = inputs["Input"].lengths            # a varying first spatial dimension
        data = masked_steps(inputs["Input"].data.astype(ctx.dtype, copy=False), lengths)
        sizes = data.shape[1:-1] if self.interleaving else data.shape[2:]
        found = self.geometry(sizes)
        _, stride, padding, dilation = found
        shift = None if self.transposed else SameShift.plan(self.layer.params, self.geometry,
                                                            found, sizes, lengths)
        if shift is not None:                        # each example its own "Same" padding
            data, padding = shift.spread(data), shift.padding
        out, cache = self.kernels[0](channels_first(data, self.interleaving), arrays["Weights"],
                                     arrays.get("Biases"), stride, padding, dilation,
                                     self.groups, keep=ctx.keep)
        shape = out.shape                            # the kernels' layout
        if shift is not None:
            out = shift.cut(out)
        out_lengths = output_lengths(lengths, self.geometry, sizes, self.layer.symbol,
                                     self.transposed)
        out = masked_steps(channels_back(out, self.interleaving), out_lengths)
        return ({"Output": Batch(out, out_lengths)}, {},
                (cache, shape, lengths, out_lengths, shift) if ctx.keep else None)

    spares_input_gradients = True        # a net's first layer: its images need none

    def backward(self, cache, d_outputs, d_states, wanted=("Input",)):
        cache, shape, lengths, out_lengths, shift = cache
        d = d_outputs.get("Output")
        d_out = output_gradient(None if d is None else masked_steps(d, out_lengths),
                                shape if shift is None else shape[:2] + (shift.out_steps,) + shape[3:],
                                self.interleaving, self.dtype)
        if shift is not None:
            d_out = shift.uncut(d_out, shape)
        d_x, d_w, d_b = self.kernels[1](cache, d_out, input_gradient="Input" in wanted)
        d_arrays = {"Weights": d_w}
        if d_b is not None:
            d_arrays["Biases"] = d_b
        if d_x is None:
            return {}, d_arrays, {}
        d_x = channels_back(d_x, self.interleaving)
        if shift is not None:
            d_x = shift.gather(d_x)
        return {"Input": masked_steps(d_x, lengths)}, d_arrays, {}


def torch_lowering(t, p, ctx, inputs, arrays, states, symbol="ConvolutionLayer"):
    """F.conv1d/2d/3d after the explicit (possibly uneven) padding."""
    x, (_, stride, padding, dilation), output = torch_varying(t, p, symbol, inputs)
    conv = (t.nn.functional.conv1d, t.nn.functional.conv2d, t.nn.functional.conv3d)[x.dim() - 3]
    y = conv(torch_pad(t, x, padding), arrays["Weights"], arrays.get("Biases"), stride=stride,
             dilation=dilation, groups=p["ChannelGroups"])
    return {"Output": output(y)}, {}


@register
class Convolution(LayerSpec):
    type_name = "Convolution"
    symbol = SYMBOL
    usage = ("ConvolutionLayer[n, s] represents a trainable convolutional net layer having n "
             "output channels and using kernels of size s to compute the convolution.")
    params = (Param("OutputChannels", "size"), spatial_param("KernelSize", 1),
              spatial_param("Stride", 1),
              Param("PaddingSize", "custom", lambda: 0,
                    read=lambda e: padding_value(e, SYMBOL), show=show_padding),
              spatial_param("Dilation", 1), Param("ChannelGroups", "int", lambda: 1),
              Param("Dimensionality", "size"), Param("Interleaving", "bool", lambda: False),
              Param("InputChannels", "size"), Param("$GroupInputChannels", "size"),
              Param("$InputSize", "sizelist"), Param("$OutputSize", "sizelist"),
              Param("$InputRank", "rank"), Param("$OutputRank", "rank"))
    arrays = (ArraySpec("Weights", lambda p: (p["OutputChannels"], p["$GroupInputChannels"])
                        + kernel_dims(p)),
              ArraySpec("Biases", lambda p: (p["OutputChannels"],), init="biases",
                        nullable=True))
    # ConvolutionLayer[n, s, stride, padding, dilation]: the parameters after the kernel
    # size may be given in their order too (an Othello net's ConvolutionLayer[32, {3, 3},
    # {1, 1}, {1, 1}])
    min_args, max_args = 2, 5
    POSITIONAL = ("Stride", "PaddingSize", "Dilation")
    options = {"Stride": Integer(1), "PaddingSize": Integer(0), "Dilation": Integer(1),
               "ChannelGroups": Integer(1), "Dimensionality": Symbol("Automatic"),
               "Interleaving": Symbol("False")}
    op = ConvolutionOp
    torch_lowering = staticmethod(torch_lowering)
    sample = ('ConvolutionLayer[2, {2, 2}, "Stride" -> {1, 2}, "PaddingSize" -> {{1, 0}, '
              '{0, 1}}, "Dilation" -> {1, 2}, "ChannelGroups" -> 2, "Input" -> {2, 4, 5}]')
    examples = (
        ('Dimensions@NetInitialize[ConvolutionLayer[3, {2, 2}, "Input" -> {1, 4, 5}]]'
         '[RandomReal[1, {1, 4, 5}]]', "{3, 3, 4}"),
        ('ConvolutionLayer[1, {2}, "Weights" -> {{{1, -1}}}, "Biases" -> {10}, '
         '"Input" -> {1, 4}][{{1, 2, 4, 7}}]', "{{9., 8., 7.}}"),
        ('Dimensions@NetInitialize[ConvolutionLayer[4, 3, "Stride" -> 2, "PaddingSize" -> 1,'
         ' "Input" -> {2, 9, 8}]][RandomReal[1, {2, 9, 8}]]', "{4, 5, 4}"),
        ('NetExtract[NetInitialize@ConvolutionLayer[6, {3, 3}, "ChannelGroups" -> 3, '
         '"Input" -> {3, 8, 8}], "Weights"] // Dimensions', "{6, 1, 3, 3}"),
    )

    # which level of the "Weights" counts the output channels (DeconvolutionLayer: the
    # second, per channel group)
    output_channels_level = 0

    def implied_args(self, rules):
        """ConvolutionLayer["Weights" -> w, …] (as converters of trained nets write it): the
        output channels and the kernel size are those of the weights."""
        from wlnet.core.numeric_array import to_numpy_data
        given = dict(rules)
        weights = to_numpy_data(given["Weights"]) if "Weights" in given else None
        if weights is None or weights.ndim < 3:
            return ()
        groups = given.get("ChannelGroups")
        groups = groups.value if type(groups) is Integer and groups.value > 0 else 1
        channels = weights.shape[self.output_channels_level]
        if self.output_channels_level:
            channels *= groups
        kernel = Expr.from_args(S.List, (Integer(k) for k in weights.shape[2:]))
        return Integer(channels), kernel

    def extracted_param(self, p, name, value):
        return spatial_settings_per_dimension(p, name, value)

    def parse_args(self, args, p):
        p["OutputChannels"] = positive_int(args[0], self.symbol)
        p["KernelSize"] = spatial_param_value(args[1], "KernelSize", self.symbol)
        for name, value in zip(self.POSITIONAL, args[2:]):
            self.parse_option(name, value, p)

    def parse_option(self, name, value, p):
        if name == "PaddingSize":
            p[name] = padding_value(value, self.symbol)
        elif name == "ChannelGroups":
            p[name] = positive_int(value, self.symbol)
        elif name == "Dimensionality":
            dimensionality_value(value, p, self.symbol)
        elif name == "Interleaving":
            p[name] = interleaving_value(value, self.symbol)
        else:
            p[name] = spatial_param_value(value, name, self.symbol)

    PORTS = (("$InputSize", "InputChannels", "$InputRank"),
             ("$OutputSize", "OutputChannels", "$OutputRank"))

    def inputs(self, p):
        return {"Input": channel_port(p, *self.PORTS[0])}

    def unread_params(self, p):
        return unread_ranks(p, self.PORTS)

    def outputs(self, p):
        return {"Output": channel_port(p, *self.PORTS[1])}

    # the channel count that the weights hold per group (the input's here, the output's in
    # DeconvolutionLayer), its per-group parameter, and the other count
    grouped = ("InputChannels", "$GroupInputChannels", "input")
    other = ("OutputChannels", "output")
    transposed = False

    def constrain_arrays(self, p, u, given):
        # weights given with a single kernel size (ConvolutionLayer[20, 5, "Weights" -> w]):
        # their rank says how many spatial dimensions the kernel has
        weights = given.get("Weights")
        if weights is not None and len(weights) >= 3 and not isinstance(p["KernelSize"], tuple):
            try:
                u.unify_dim(p["Dimensionality"], len(weights) - 2)
            except NetTypeError:
                pass                   # the rank disagrees: the shape check names the arrays

    def post(self, p, u):
        tie_channel_ports(p, u, self.PORTS, self.symbol)
        self._tie_channels(p, u)
        settings = {name: p[name] for name in ("KernelSize", "Stride", "PaddingSize",
                                               "Dilation")}
        rank = tie_spatial_shapes(p, u, self.symbol, settings)
        if rank is not None:
            tie_output_sizes(p, u, self.symbol, rank, self.transposed)
        tie_channel_ports(p, u, self.PORTS, self.symbol)

    def refused_shape(self, p, port, given):
        return refused_sequence(p, port, given, self.symbol)

    def read_back(self, p):
        loosen_first_sizes(p)

    def _tie_channels(self, p, u):
        """The grouped channel count = groups × the weights' count per group; both channel
        counts split into the groups."""
        groups = p["ChannelGroups"]
        name, per_group_name, which = self.grouped
        channels, per_group = u.dim(p[name]), u.dim(p[per_group_name])
        if isinstance(channels, int):
            if channels % groups:
                raise NetSpecError("chgroups", self.symbol, channels, which, groups,
                                   symbol=self.symbol)
            if isinstance(per_group, int) and per_group * groups != channels:
                raise NetSpecError("chmismatch", self.symbol, which, channels,
                                   per_group * groups, symbol=self.symbol)
            u.unify_dim(per_group, channels // groups)
        elif isinstance(per_group, int):
            u.unify_dim(channels, per_group * groups)
        other = u.dim(p[self.other[0]])
        if isinstance(other, int) and other % groups:
            raise NetSpecError("chgroups", self.symbol, other, self.other[1], groups,
                               symbol=self.symbol)
