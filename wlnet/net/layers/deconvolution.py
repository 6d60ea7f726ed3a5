"""DeconvolutionLayer[n, s], DeconvolutionLayer[n, {s}], DeconvolutionLayer[n, {h, w}],
DeconvolutionLayer[n, {h, w, d}]: a trainable deconvolution (transposed convolution) with n
output channels.

The adjoint of ConvolutionLayer with the same settings: ports "Input" {m, s1, …} and
"Output" {n, s1', …} with s' = (s - 1) stride + dilation (k - 1) + 1 - before - after, where
"PaddingSize" is the amount cropped from the output (n, {n1, …}, {{b1, a1}, …}, or "Same":
output size = input size × stride as far as the kernel allows).  Arrays "Weights"
{m, n/g, k1, …} (input channels first, as the convolution it transposes has them) and
"Biases" {n} (or None).  Everything else — options, inference of the dimensionality and
of the input channels, messages — is ConvolutionLayer's (``convolution.py``).

The computation is ``ConvolutionOp`` over the transposed kernels of
``wlnet.kernels.convolution``.
"""

from __future__ import annotations

from wlnet.kernels import convolution as kconv
from wlnet.net.layers._spatial import (
    torch_pad, torch_varying,
)
from wlnet.net.layers.convolution import Convolution, ConvolutionOp, kernel_dims
from wlnet.net.registry import register
from wlnet.net.spec import ArraySpec, Param

SYMBOL = "DeconvolutionLayer"


class DeconvolutionOp(ConvolutionOp):
    transposed = True
    kernels = staticmethod(kconv.deconv_forward), staticmethod(kconv.deconv_backward)


def torch_lowering(t, p, ctx, inputs, arrays, states):
    """F.conv_transpose1d/2d/3d without padding, then the crop (a negative crop pads)."""
    x, (_, stride, crop, dilation), output = torch_varying(t, p, SYMBOL, inputs, transposed=True)
    deconv = (t.nn.functional.conv_transpose1d, t.nn.functional.conv_transpose2d,
              t.nn.functional.conv_transpose3d)[x.dim() - 3]
    y = deconv(x, arrays["Weights"], arrays.get("Biases"), stride=stride, dilation=dilation,
               groups=p["ChannelGroups"])
    y = torch_pad(t, y, [(-before, -after) for before, after in crop])
    return {"Output": output(y)}, {}


@register
class Deconvolution(Convolution):
    type_name = "Deconvolution"
    symbol = SYMBOL
    usage = ("DeconvolutionLayer[n, sz] represents a trainable deconvolutional net layer "
             "having n output channels and using kernels of size sz to compute the "
             "deconvolution.")
    params = tuple(Param("$GroupOutputChannels", "size") if prm.name == "$GroupInputChannels"
                   else prm for prm in Convolution.params)
    arrays = (ArraySpec("Weights", lambda p: (p["InputChannels"], p["$GroupOutputChannels"])
                        + kernel_dims(p)),
              ArraySpec("Biases", lambda p: (p["OutputChannels"],), init="biases",
                        nullable=True))
    op = DeconvolutionOp
    torch_lowering = staticmethod(torch_lowering)
    min_args = max_args = 2              # (the stride and others only as options)
    output_channels_level = 1
    grouped = ("OutputChannels", "$GroupOutputChannels", "output")
    other = ("InputChannels", "input")
    transposed = True
    sample = ('DeconvolutionLayer[2, {2, 3}, "Stride" -> {2, 1}, "PaddingSize" -> {{1, 0}, '
              '{0, 1}}, "Dilation" -> {1, 2}, "ChannelGroups" -> 2, "Input" -> {2, 3, 3}]')
    examples = (
        ('Dimensions@NetInitialize[DeconvolutionLayer[3, {2, 2}, "Stride" -> 2, '
         '"Input" -> {1, 4, 5}]][RandomReal[1, {1, 4, 5}]]', "{3, 8, 10}"),
        ('DeconvolutionLayer[1, {2}, "Stride" -> 2, "Weights" -> {{{1, 10}}}, '
         '"Biases" -> None, "Input" -> {1, 3}][{{1, 2, 3}}]', "{{1., 10., 2., 20., 3., 30.}}"),
        ('Dimensions@NetInitialize[DeconvolutionLayer[4, 3, "Stride" -> 2, '
         '"PaddingSize" -> "Same", "Input" -> {2, 5, 6}]][RandomReal[1, {2, 5, 6}]]',
         "{4, 10, 12}"),
        ('NetExtract[NetInitialize@DeconvolutionLayer[6, {3, 3}, "ChannelGroups" -> 3, '
         '"Input" -> {3, 8, 8}], "Weights"] // Dimensions', "{3, 2, 3, 3}"),
    )
