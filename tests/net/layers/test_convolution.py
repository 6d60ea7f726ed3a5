"""ConvolutionLayer: shapes and inference, forward against numpy and torch, gradients
through the executor against torch (float64, 1e-9), and messages for bad settings."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from wlnet.core.session import Session
from wlnet.net.execute import Executor
from wlnet.net.values import Batch
from wlnet.net.wlform import net_from_expr
from wlnet.syntax.printer import output_form


@pytest.fixture(scope="module")
def session():
    return Session()


def evaluate(session, text):
    session.messages.clear()
    r = session.evaluate(text)
    assert not session.messages, (text, session.messages)
    return r


def failure(session, text):
    """The messages of an evaluation that must fail (returning $Failed)."""
    session.messages.clear()
    r = session.evaluate(text)
    assert output_form(r).startswith("$Failed"), output_form(r)
    messages = list(session.messages)
    session.messages.clear()
    return messages


def initialized(session, text):
    return net_from_expr(evaluate(session, f"NetInitialize[{text}, RandomSeeding -> 3]"))


def numpy_conv2d(x, w, b, stride, pads):
    """Plain loops: the definition of the cross-correlation the layer computes."""
    x = np.pad(x, ((0, 0),) + pads)
    o, _, kh, kw = w.shape
    oh = (x.shape[1] - kh) // stride[0] + 1
    ow = (x.shape[2] - kw) // stride[1] + 1
    out = np.empty((o, oh, ow))
    for c in range(o):
        for i in range(oh):
            for j in range(ow):
                patch = x[:, i * stride[0]:i * stride[0] + kh, j * stride[1]:j * stride[1] + kw]
                out[c, i, j] = np.sum(patch * w[c]) + b[c]
    return out


def test_forward_against_numpy(session):
    net = initialized(session, 'ConvolutionLayer[3, {3, 2}, "Stride" -> {2, 1}, '
                               '"PaddingSize" -> {1, 0}, "Input" -> {2, 7, 5}]')
    w = net.arrays[("Arrays", "Weights")].array.astype(np.float64)
    b = net.arrays[("Arrays", "Biases")].array.astype(np.float64)
    x = np.random.default_rng(0).normal(size=(2, 7, 5))
    ex = Executor.for_net(net, "Real64")
    out = ex.forward(ex.arrays_for(net), {"Input": Batch(x[None], None)}).outputs["Output"].data
    want = numpy_conv2d(x, w, b, (2, 1), ((1, 1), (0, 0)))
    assert out.shape == (1, 3, 4, 4)
    np.testing.assert_allclose(out[0], want, rtol=1e-12, atol=1e-12)


# (WL text, padding pairs for torch, stride, dilation, groups)
TORCH_CASES = [
    ('ConvolutionLayer[4, {3}, "Input" -> {2, 11}]', ((0, 0),), (1,), (1,), 1),
    ('ConvolutionLayer[4, 3, "Stride" -> 2, "Dilation" -> 2, "PaddingSize" -> {{2, 1}}, '
     '"ChannelGroups" -> 2, "Input" -> {2, 12}]', ((2, 1),), (2,), (2,), 2),
    ('ConvolutionLayer[6, {3, 2}, "Stride" -> {1, 2}, "PaddingSize" -> {1, 2}, '
     '"Dilation" -> {2, 1}, "ChannelGroups" -> 3, "Input" -> {3, 8, 9}]',
     ((1, 1), (2, 2)), (1, 2), (2, 1), 3),
    ('ConvolutionLayer[2, 3, "PaddingSize" -> "Same", "Stride" -> 2, "Input" -> {3, 9, 8}]',
     ((1, 1), (0, 1)), (2, 2), (1, 1), 1),        # 8: 1 zero, after
    ('ConvolutionLayer[2, 4, "PaddingSize" -> "Same", "Input" -> {1, 6, 6}]',
     ((1, 2), (1, 2)), (1, 1), (1, 1), 1),
    ('ConvolutionLayer[5, 1, "Biases" -> None, "Input" -> {4, 3, 5}]',
     ((0, 0), (0, 0)), (1, 1), (1, 1), 1),
    ('ConvolutionLayer[3, {2, 3, 2}, "Stride" -> {1, 2, 1}, "PaddingSize" -> '
     '{{1, 0}, {0, 1}, {1, 1}}, "Dilation" -> {1, 1, 2}, "Input" -> {2, 4, 5, 6}]',
     ((1, 0), (0, 1), (1, 1)), (1, 2, 1), (1, 1, 2), 1),
]


@pytest.mark.parametrize("text, padding, stride, dilation, groups", TORCH_CASES,
                         ids=lambda v: str(v)[:50])
def test_output_and_gradients_match_torch(session, text, padding, stride, dilation, groups):
    net = initialized(session, text)
    ex = Executor.for_net(net, "Real64")
    arrays = ex.arrays_for(net)
    rng = np.random.default_rng(1)
    in_dims = net.inputs()["Input"].dims
    x = rng.normal(size=(3,) + tuple(in_dims))
    res = ex.forward(arrays, {"Input": Batch(x, None)}, keep=True)
    out = res.outputs["Output"].data
    d_out = rng.normal(size=out.shape)
    grads = ex.backward(res, {"Output": d_out})

    w_path, b_path = ("Arrays", "Weights"), ("Arrays", "Biases")
    tx = torch.tensor(x, requires_grad=True)
    tw = torch.tensor(arrays[w_path], requires_grad=True)
    tb = torch.tensor(arrays[b_path], requires_grad=True) if b_path in arrays else None
    pad = [n for before, after in reversed(padding) for n in (before, after)]
    conv = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}[len(in_dims) - 1]
    t_out = conv(F.pad(tx, pad), tw, tb, stride=stride, dilation=dilation, groups=groups)
    t_out.backward(torch.tensor(d_out))

    assert out.shape == tuple(t_out.shape) == (3,) + tuple(net.outputs()["Output"].dims)
    np.testing.assert_allclose(out, t_out.detach().numpy(), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(grads.inputs["Input"], tx.grad.numpy(), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(grads.arrays[w_path], tw.grad.numpy(), rtol=1e-9, atol=1e-9)
    if tb is None:
        assert b_path not in grads.arrays
    else:
        np.testing.assert_allclose(grads.arrays[b_path], tb.grad.numpy(), rtol=1e-9, atol=1e-9)


def test_real32_and_real64_agree(session):
    net = initialized(session, 'ConvolutionLayer[3, 3, "PaddingSize" -> 1, "ChannelGroups" -> 3,'
                               ' "Input" -> {3, 5, 6}]')
    x = np.random.default_rng(2).normal(size=(4, 3, 5, 6))
    results = {}
    for precision in ("Real32", "Real64"):
        ex = Executor.for_net(net, precision)
        res = ex.forward(ex.arrays_for(net), {"Input": Batch(x.astype(ex.dtype), None)},
                         keep=True)
        out = res.outputs["Output"].data
        grads = ex.backward(res, {"Output": np.ones_like(out)})
        assert out.dtype == grads.inputs["Input"].dtype == ex.dtype
        results[precision] = (out, grads.inputs["Input"], grads.arrays[("Arrays", "Weights")])
    for a, b in zip(results["Real32"], results["Real64"]):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-4)


def test_dimensionality_and_channels_are_inferred_in_a_chain(session):
    evaluate(session, 'chain = NetInitialize@NetChain[{ConvolutionLayer[4, 3], '
                      'ElementwiseLayer[Ramp], ConvolutionLayer[2, 2, "Stride" -> 2]}, '
                      '"Input" -> {3, 9, 9}];')
    assert output_form(evaluate(session, 'NetExtract[chain, {1, "Weights"}] // Dimensions')) \
        == "{4, 3, 3, 3}"
    assert output_form(evaluate(session, 'NetExtract[chain, {3, "Weights"}] // Dimensions')) \
        == "{2, 4, 2, 2}"
    assert output_form(evaluate(session, 'Dimensions@chain[RandomReal[1, {3, 9, 9}]]')) \
        == "{2, 3, 3}"          # 9 -> 7 -> Floor[(7 - 2)/2] + 1


def test_the_weights_alone_give_the_channels_and_the_kernel(session):
    # ConvolutionLayer["Weights" -> w, "Biases" -> b, …], as converters of trained nets write it
    r = evaluate(session, 'ConvolutionLayer["Weights" -> {{{1, -1}}}, "Biases" -> {10}]'
                          '[{{1, 2, 4, 7}}]')
    assert output_form(r) == "{{9., 8., 7.}}"
    r = evaluate(session, 'c = ConvolutionLayer["Weights" -> RandomReal[1, {4, 3, 2, 2}], '
                          '"Stride" -> 2]; {NetExtract[c, "OutputChannels"], '
                          'NetExtract[c, "KernelSize"], Dimensions[NetInitialize[c][RandomReal[1, {3, 6, 6}]]]}')
    assert output_form(r) == "{4, {2, 2}, {4, 3, 3}}"
    session.messages.clear()
    session.evaluate('ConvolutionLayer["Biases" -> {1}]')
    assert session.messages and "ConvolutionLayer::argb" in session.messages[0]


def test_one_kernel_size_with_weights_takes_their_rank(session):
    # ConvolutionLayer[20, 5, "Weights" -> w]: w's rank says the kernel is 5×5 (2-D)
    r = evaluate(session, 'c = ConvolutionLayer[3, 2, "Weights" -> ConstantArray[1., {3, 1, 2, 2}], '
                          '"Biases" -> {0, 1, 2}]; {NetExtract[c, "KernelSize"], '
                          'NetExtract[c, "Dimensionality"], c[{{{1, 2, 3}, {4, 5, 6}}}]}')
    assert output_form(r) == ("{{2, 2}, 2, {{{12., 16.}}, {{13., 17.}}, {{14., 18.}}}}")
    r = evaluate(session, 'NetExtract[ConvolutionLayer[2, 3, "Weights" -> RandomReal[1, {2, 1, 3}]], '
                          '"KernelSize"]')
    assert output_form(r) == "{3}"
    # weights whose kernel is not the size given are refused, naming the sizes expected
    messages = failure(session, 'ConvolutionLayer[20, 5, "Weights" -> RandomReal[1, {20, 1, 4, 4}]]')
    assert any("ConvolutionLayer::arrdims" in m and "{20, 1, 5, 5}" in m for m in messages)


def test_spatial_settings_are_extracted_per_dimension_once_known(session):
    # as WL gives them: one entry per spatial dimension (padding: a {before, after} pair)
    r = evaluate(session, '{NetExtract[#, "KernelSize"], NetExtract[#, "Stride"], '
                          'NetExtract[#, "PaddingSize"], NetExtract[#, "Dilation"]} &['
                          'ConvolutionLayer[3, 2, "PaddingSize" -> {1, 2}, "Input" -> {1, 6, 6}]]')
    assert output_form(r) == "{{2, 2}, {1, 1}, {{1, 1}, {2, 2}}, {1, 1}}"
    # the number of dimensions not known yet: the setting as it was given
    r = evaluate(session, 'NetExtract[ConvolutionLayer[3, 2], "KernelSize"]')
    assert output_form(r) == "2"


def test_stride_padding_and_dilation_may_follow_the_kernel_size(session):
    # an Othello net's ConvolutionLayer[filters, {3, 3}, {1, 1}, {1, 1}]: the parameters in
    # their order (stride, padding, dilation), as the options give them
    r = evaluate(session, 'Information[ConvolutionLayer[4, {3, 3}, {2, 2}, {1, 1}, "Input" -> {1, 8, 8}], '
                          '"OutputPorts"]')
    assert output_form(r) == '<|"Output" -> {4, 4, 4}|>'
    r = evaluate(session, '{NetExtract[#, "Stride"], NetExtract[#, "Dilation"]} &[ConvolutionLayer[4, 3, 1, 2, 2]]')
    assert output_form(r) == "{1, 2}"          # as "Stride" -> 1, "Dilation" -> 2 give them
    assert any("ConvolutionLayer::argb" in m for m in failure(session, "ConvolutionLayer[4, 3, 1, 2, 2, 7]"))


def test_one_dimensional_input_inferred_from_the_weights(session):
    r = evaluate(session, 'ConvolutionLayer[1, {2}, "Weights" -> {{{1, -1}}}, "Biases" -> {10}]'
                          '[{{1, 2, 4, 7}}]')
    assert output_form(r) == "{{9., 8., 7.}}"


@pytest.mark.parametrize("text, tag, words", [
    ('ConvolutionLayer[3, 5, "Input" -> {1, 4, 4}]', "kernelfit", ["spans 5", "size 4"]),
    ('ConvolutionLayer[3, 3, "Dilation" -> 2, "PaddingSize" -> 1, "Input" -> {1, 6, 2}]',
     "kernelfit", ["dimension 2", "spans 5", "size 4"]),
    ('ConvolutionLayer[3, 2, "ChannelGroups" -> 2, "Input" -> {3, 4, 4}]', "chgroups",
     ["3 input channels", "2 channel groups"]),
    ('ConvolutionLayer[3, 2, "ChannelGroups" -> 2, "Input" -> {4, 4, 4}]', "chgroups",
     ["3 output channels"]),
    ('ConvolutionLayer[2, {2, 2}, "Weights" -> ConstantArray[0, {2, 3, 2, 2}], '
     '"Input" -> {2, 4, 4}]', "chmismatch", ["input of ConvolutionLayer has 2 channels", "made for 3"]),
    ('ConvolutionLayer[3, 2, "Stride" -> 0]', "invsetting", ['"Stride"', "0 is not"]),
    ('ConvolutionLayer[3, 2, "Stride" -> {1, 1.5}]', "invsetting", ['"Stride"']),
    ('ConvolutionLayer[3, 0]', "invsetting", ['"KernelSize"']),
    ('ConvolutionLayer[3, 2, "PaddingSize" -> {{1, 2, 3}}]', "invsetting", ['"PaddingSize"']),
    ('ConvolutionLayer[3, 2, "PaddingSize" -> -1]', "invsetting", ['"PaddingSize"']),
    ('ConvolutionLayer[3, 2, "PaddingSize" -> "Valid"]', "invsetting", ['"PaddingSize"']),
    ('ConvolutionLayer[3, {2, 2}, "Stride" -> {1, 2, 3}]', "spatialrank",
     ['"KernelSize" has 2', '"Stride" has 3']),
    ('ConvolutionLayer[3, 2, "Stride" -> {1, 2}, "Input" -> {1, 5, 5, 5}]', "spatiallen",
     ['"Stride"', "3 entries"]),
    ('ConvolutionLayer[3, {2, 2}, "Input" -> {1, 5}]', "spatiallen", ['"KernelSize"', "have 1 entry,"]),
    ('ConvolutionLayer[3, {2}, "Stride" -> {1, 2}]', "spatialrank",
     ['"KernelSize" has 1 entry and', '"Stride" has 2']),
    ('ConvolutionLayer[3, 2, "Input" -> {3, 4, 4, 4, 4}]', "spatialdims", ["rank 5"]),
    ('ConvolutionLayer[3, 2, "Dimensionality" -> 4]', "invsetting", ['"Dimensionality"']),
])
def test_messages_name_the_layer_and_the_values(session, text, tag, words):
    messages = failure(session, text)
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"ConvolutionLayer::{tag}:"), messages
    for w in words:
        assert w in messages[0], (w, messages[0])


def test_session_goes_on_after_a_message(session):
    failure(session, 'ConvolutionLayer[3, 5, "Input" -> {1, 4, 4}]')
    assert output_form(evaluate(session, "1 + 1")) == "2"


@pytest.mark.parametrize("layer, dims", [
    ('ConvolutionLayer[4, {3, 2}, "Stride" -> {2, 1}, "PaddingSize" -> 1, "ChannelGroups" -> 2',
     (2, 7, 6)),
    ('ConvolutionLayer[3, {3}, "Dilation" -> 2', (2, 9)),
    ('DeconvolutionLayer[4, {2, 3}, "Stride" -> 2, "ChannelGroups" -> 2', (2, 3, 4)),
])
def test_interleaving_puts_the_channels_last(session, layer, dims):
    text = lambda d, more="": f'{layer}{more}, "Input" -> {{{", ".join(map(str, d))}}}]'
    first = initialized(session, text(dims))
    last = net_from_expr(evaluate(session, text(dims[1:] + dims[:1], ", Interleaving -> True")))
    in_dims = tuple(first.inputs()["Input"].dims)
    assert tuple(last.inputs()["Input"].dims) == in_dims[1:] + in_dims[:1]
    out_dims = tuple(first.outputs()["Output"].dims)
    assert tuple(last.outputs()["Output"].dims) == out_dims[1:] + out_dims[:1]
    arrays = Executor.for_net(first, "Real64").arrays_for(first)
    x = np.random.default_rng(3).normal(size=(2,) + in_dims)
    d_out = np.random.default_rng(4).normal(size=(2,) + out_dims)
    results = []
    for net, data, d in ((first, x, d_out),
                         (last, np.moveaxis(x, 1, -1), np.moveaxis(d_out, 1, -1))):
        ex = Executor.for_net(net, "Real64")
        res = ex.forward(arrays, {"Input": Batch(np.ascontiguousarray(data), None)}, keep=True)
        grads = ex.backward(res, {"Output": np.ascontiguousarray(d)})
        results.append((res.outputs["Output"].data, grads.inputs["Input"],
                        grads.arrays[("Arrays", "Weights")]))
    (out1, dx1, dw1), (out2, dx2, dw2) = results
    np.testing.assert_allclose(np.moveaxis(out2, -1, 1), out1, rtol=1e-12)
    np.testing.assert_allclose(np.moveaxis(dx2, -1, 1), dx1, rtol=1e-12)
    np.testing.assert_allclose(dw2, dw1, rtol=1e-12)


def test_interleaving_learns_the_channels_from_the_last_dimension(session):
    evaluate(session, 'chain = NetChain[{ConvolutionLayer[3, 2, Interleaving -> True], '
                      'PoolingLayer[2, 2, Interleaving -> True]}, "Input" -> {6, 6, 1}];')
    assert output_form(evaluate(session, 'NetExtract[NetInitialize@chain, {1, "Weights"}] // '
                                         'Dimensions')) == "{3, 1, 2, 2}"
    assert output_form(evaluate(session, 'Dimensions@NetInitialize[chain][RandomReal[1, '
                                         '{6, 6, 1}]]')) == "{2, 2, 3}"


def test_single_kernel_size_with_weights_learns_the_dimensionality(session):
    weights = "RandomReal[1, {2, 1, 3, 3}]"
    net = net_from_expr(evaluate(session, f'ConvolutionLayer[2, 3, "Dimensionality" -> 2, '
                                          f'"Weights" -> {weights}, "Input" -> {{1, 5, 5}}]'))
    assert tuple(net.outputs()["Output"].dims) == (2, 3, 3)
    net = net_from_expr(evaluate(session, f'ConvolutionLayer[2, 3, "Weights" -> {weights}]'))
    assert net.root.params["Dimensionality"] == 2
    # a stated dimensionality the weights do not have is refused
    messages = failure(session, f'ConvolutionLayer[2, 3, "Dimensionality" -> 1, "Weights" -> {weights}]')
    assert messages[0].startswith("ConvolutionLayer::arrdims:")


def test_sizes_left_open_are_taken_from_the_data(session):
    """With its weights given and no input size, a layer takes inputs of any size (they
    may differ from call to call); "Same" padding follows the data."""
    evaluate(session, 'open = ConvolutionLayer[1, {2, 2}, "Weights" -> ConstantArray[1, '
                      '{1, 1, 2, 2}], "Biases" -> None, "PaddingSize" -> "Same", "Stride" -> 2];')
    assert output_form(evaluate(session, 'open[ConstantArray[1, {1, 5, 5}]]')) == \
        "{{{4., 4., 2.}, {4., 4., 2.}, {2., 2., 1.}}}"
    assert output_form(evaluate(session, 'Dimensions@open[ConstantArray[1, {1, 4, 6}]]')) == \
        "{1, 2, 3}"
    messages = failure(session, 'ConvolutionLayer[1, {5, 5}, "Weights" -> ConstantArray[1, '
                                '{1, 1, 5, 5}], "Biases" -> None][RandomReal[1, {1, 3, 3}]]')
    assert len(messages) == 1 and messages[0].startswith("ConvolutionLayer::kernelfit:")


@pytest.mark.parametrize("layer, out_lengths", [
    ('ConvolutionLayer[4, {5}, "Interleaving" -> True]', (3, 5)),
    ('ConvolutionLayer[4, 5, "Interleaving" -> True, "PaddingSize" -> 2]', (7, 9)),
    ('PoolingLayer[{2}, "Interleaving" -> True]', (6, 8)),
    ('DeconvolutionLayer[4, {2}, "Stride" -> 2, "Interleaving" -> True]', (14, 18)),
])
def test_channels_last_layers_in_a_net_take_a_varying_sequence(session, layer, out_lengths):
    # the sequence is the varying spatial dimension (as with "Input" on the layer itself),
    # also when the layer is written without sizes and the net's input makes them varying
    for container in ("NetChain[{%s}, \"Input\" -> {\"Varying\", 3}]",
                      "NetGraph[{%s}, {}, \"Input\" -> {\"Varying\", 3}]"):
        net = initialized(session, container % layer)
        assert output_form(evaluate(session, f"Dimensions /@ NetInitialize[{container % layer},"
                                             f" RandomSeeding -> 1][{{RandomReal[1, {{7, 3}}], "
                                             f"RandomReal[1, {{9, 3}}]}}]")) == \
            "{{%d, %s}, {%d, %s}}" % (out_lengths[0], "4" if "Pool" not in layer else "3",
                                       out_lengths[1], "4" if "Pool" not in layer else "3")
        assert len(net.inputs()["Input"].dims) == 2


def test_a_varying_sequence_through_embedding_convolution_and_pooling(session):
    evaluate(session, 'text = NetInitialize[NetChain[{EmbeddingLayer[3, 9], '
                      'ConvolutionLayer[4, {3}, "Interleaving" -> True], '
                      'PoolingLayer[{2}, "Interleaving" -> True], AggregationLayer[Max, 1]}, '
                      '"Input" -> NetEncoder[{"Characters", "abcdefghi"}]], RandomSeeding -> 2];')
    assert output_form(evaluate(session, 'Dimensions /@ text[{"abcdefg", "abcdefghiab"}]')) \
        == "{{4}, {4}}"
    # a fixed length still fixes the sizes, and a plain-size layer still refuses a sequence
    net = initialized(session, 'NetChain[{ConvolutionLayer[4, {5}, "Interleaving" -> True]}, '
                               '"Input" -> {9, 3}]')
    assert tuple(net.outputs()["Output"].dims) == (5, 4)
    assert failure(session, 'NetChain[{ConvolutionLayer[4, {5}, "Interleaving" -> True], '
                            'LinearLayer[2]}, "Input" -> {"Varying", 3}]')


@pytest.mark.parametrize("inner, lengths", [
    ('{ConvolutionLayer[4, {5}, PaddingSize -> 2, "Interleaving" -> True], '
     'ElementwiseLayer[Ramp]}', "{7, 9}"),
    ('{ConvolutionLayer[4, {5}, PaddingSize -> 2, "Interleaving" -> True], DropoutLayer[], '
     'BatchNormalizationLayer["Interleaving" -> True]}', "{7, 9}"),
    ('{PoolingLayer[{2}, "Interleaving" -> True], ElementwiseLayer[Tanh]}', "{6, 8}"),
])
def test_a_chain_built_without_sizes_takes_a_varying_sequence_later(session, inner, lengths):
    # the inner chain is built (and read back) before the outer one gives it a sequence: the
    # size its layers share after the convolution must stay free to become the sequence's
    evaluate(session, f"inner = NetChain[{inner}];")
    net = initialized(session, 'NetChain[{inner, AggregationLayer[Max, 1]}, '
                               '"Input" -> {"Varying", 3}]')
    assert len(net.inputs()["Input"].dims) == 2
    assert output_form(evaluate(session, 'Length /@ NetInitialize[NetChain[{inner}, "Input" -> '
                                         '{"Varying", 3}], RandomSeeding -> 1][{RandomReal[1, '
                                         '{7, 3}], RandomReal[1, {9, 3}]}]')) == lengths


# "Same" padding along a varying dimension with a stride: each example is padded for its own
# length (its output has Ceiling[n / stride] steps, and the padding before it depends on n)
SAME_STRIDED = [    # (layer, the stride along the sequence)
    ('ConvolutionLayer[2, 3, "Stride" -> 2, PaddingSize -> "Same", "Input" -> {"Varying", 2}, '
     'Interleaving -> True]', 2),
    ('ConvolutionLayer[2, 4, "Stride" -> 3, PaddingSize -> "Same", "Dilation" -> 2, '
     '"Input" -> {"Varying", 1}, Interleaving -> True]', 3),
    ('ConvolutionLayer[2, {3, 2}, "Stride" -> {2, 2}, PaddingSize -> "Same", '
     '"Input" -> {"Varying", 3, 2}, Interleaving -> True]', 2),
    ('PoolingLayer[3, 2, PaddingSize -> "Same", "Input" -> {"Varying", 2}, Interleaving -> True]', 2),
    ('PoolingLayer[{3, 2}, {3, 2}, "Function" -> Mean, PaddingSize -> "Same", '
     '"Input" -> {"Varying", 3, 2}, Interleaving -> True]', 3),
]
LENGTHS = (7, 8, 5, 6, 1)


@pytest.mark.parametrize("layer, stride", SAME_STRIDED)
def test_same_padding_with_a_stride_pads_each_example_for_its_own_length(session, layer, stride):
    net = initialized(session, layer)
    tail = ", ".join(str(d) for d in net.inputs()["Input"].dims[1:])
    evaluate(session, f'net = NetInitialize[{layer}, RandomSeeding -> 4]; '
                      f'xs = Table[RandomReal[{{-1, 1}}, {{n, {tail}}}], '
                      f'{{n, {{{", ".join(map(str, LENGTHS))}}}}}];')
    same = output_form(evaluate(session, 'Max[Abs[Flatten[net[xs] - Map[net, xs]]]] < 10^-5'))
    assert same == "True"
    lengths = output_form(evaluate(session, 'Map[Length, net[xs]]'))
    assert lengths == "{%s}" % ", ".join(str(-(-n // stride)) for n in LENGTHS)


@pytest.mark.parametrize("layer, stride", SAME_STRIDED)
def test_same_padding_with_a_stride_gradients_and_torch(session, layer, stride):
    from _gradcheck import check_gradients
    from wlnet.net.backends import backend
    net = initialized(session, layer)
    dims = tuple(net.inputs()["Input"].dims[1:])
    x = np.random.default_rng(5).normal(size=(4, 8) + dims)
    batches = {"Input": Batch(x, np.array([7, 8, 5, 6]))}
    ex = Executor.for_net(net, "Real64")
    arrays = ex.arrays_for(net)
    check_gradients(ex, arrays, batches)
    on_torch = Executor.for_net(net, "Real64", backend("torch"))
    mine = ex.forward(arrays, batches).outputs["Output"]
    theirs = on_torch.forward(on_torch.arrays_for(net), batches).outputs["Output"]
    assert list(np.asarray(mine.lengths)) == list(np.asarray(theirs.lengths))
    np.testing.assert_allclose(np.asarray(mine.data), np.asarray(theirs.data), atol=1e-12)


@pytest.mark.parametrize("layer, tag", [
    # channels first: a sequence would make the channels vary (the page's 1-D convolution
    # over a sequence of vectors takes Interleaving -> True)
    ('ConvolutionLayer[4, 2, "Input" -> {"Varying", 8}]', "ConvolutionLayer::chvary"),
    ('DeconvolutionLayer[4, 2, "Input" -> {"Varying", 8}]', "DeconvolutionLayer::chvary"),
    ('PoolingLayer[2, "Input" -> {"Varying", 8}]', "PoolingLayer::chvary"),
    # the same given to the net the layer starts
    ('NetChain[{NetChain[{ConvolutionLayer[4, 2]}], Ramp}, "Input" -> {"Varying", 8}]',
     "ConvolutionLayer::chvary"),
    ('NetGraph[{PoolingLayer[2], LinearLayer[3]}, {1 -> 2}, "Input" -> {"Varying", 8}]',
     "PoolingLayer::chvary"),
    # channels last on a sequence of numbers: no channel dimension after the steps
    ('ConvolutionLayer[4, 2, "Input" -> "Varying", Interleaving -> True]',
     "ConvolutionLayer::spatialdims"),
    ('PoolingLayer[2, "Input" -> {"Varying"}, Interleaving -> True]', "PoolingLayer::spatialdims"),
])
def test_a_sequence_the_layer_cannot_take_is_explained(session, layer, tag):
    messages = failure(session, layer)
    assert messages and messages[0].startswith(tag + ":"), messages
