"""DeconvolutionLayer: shapes, forward and gradients through the executor against torch's
conv_transpose (float64, 1e-9), the adjoint relation with ConvolutionLayer, and messages."""

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


def initialized(session, text):
    return net_from_expr(evaluate(session, f"NetInitialize[{text}, RandomSeeding -> 5]"))


# (WL text, crop pairs, stride, dilation, groups)
TORCH_CASES = [
    ('DeconvolutionLayer[3, {3}, "Stride" -> 2, "Input" -> {2, 5}]', ((0, 0),), (2,), (1,), 1),
    ('DeconvolutionLayer[4, {3, 2}, "Stride" -> {2, 1}, "PaddingSize" -> {{1, 0}, {0, 1}}, '
     '"Dilation" -> {1, 2}, "ChannelGroups" -> 2, "Input" -> {2, 4, 3}]',
     ((1, 0), (0, 1)), (2, 1), (1, 2), 2),
    ('DeconvolutionLayer[2, 4, "Stride" -> 2, "PaddingSize" -> "Same", "Biases" -> None, '
     '"Input" -> {3, 3, 4}]', ((1, 1), (1, 1)), (2, 2), (1, 1), 1),
    ('DeconvolutionLayer[2, 3, "Stride" -> 2, "PaddingSize" -> "Same", "Input" -> {1, 3, 3}]',
     ((0, 1), (0, 1)), (2, 2), (1, 1), 1),                     # 3 - 2 = 1: after
    ('DeconvolutionLayer[2, {2, 2, 2}, "Stride" -> {1, 2, 2}, "Input" -> {2, 2, 3, 2}]',
     ((0, 0),) * 3, (1, 2, 2), (1, 1, 1), 1),
]


@pytest.mark.parametrize("text, crop, stride, dilation, groups", TORCH_CASES,
                         ids=lambda v: str(v)[:50])
def test_output_and_gradients_match_torch(session, text, crop, stride, dilation, groups):
    net = initialized(session, text)
    ex = Executor.for_net(net, "Real64")
    arrays = ex.arrays_for(net)
    rng = np.random.default_rng(2)
    dims = tuple(net.inputs()["Input"].dims)
    x = rng.normal(size=(3,) + dims)
    res = ex.forward(arrays, {"Input": Batch(x, None)}, keep=True)
    out = res.outputs["Output"].data
    d_out = rng.normal(size=out.shape)
    grads = ex.backward(res, {"Output": d_out})

    w_path, b_path = ("Arrays", "Weights"), ("Arrays", "Biases")
    tx = torch.tensor(x, requires_grad=True)
    tw = torch.tensor(arrays[w_path], requires_grad=True)
    tb = torch.tensor(arrays[b_path], requires_grad=True) if b_path in arrays else None
    f = getattr(F, f"conv_transpose{len(dims) - 1}d")
    full = f(tx, tw, tb, stride=stride, dilation=dilation, groups=groups)
    t_out = full[(slice(None), slice(None)) + tuple(
        slice(b, n - a) for (b, a), n in zip(crop, full.shape[2:]))]
    t_out.backward(torch.tensor(d_out))

    assert out.shape == tuple(t_out.shape) == (3,) + tuple(net.outputs()["Output"].dims)
    np.testing.assert_allclose(out, t_out.detach().numpy(), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(grads.inputs["Input"], tx.grad.numpy(), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(grads.arrays[w_path], tw.grad.numpy(), rtol=1e-9, atol=1e-9)
    if tb is not None:
        np.testing.assert_allclose(grads.arrays[b_path], tb.grad.numpy(), rtol=1e-9, atol=1e-9)


def test_the_weights_alone_give_the_channels_and_the_kernel(session):
    # a DCGAN generator converted from chainer: DeconvolutionLayer["Weights" -> w, …]
    r = evaluate(session, 'd = DeconvolutionLayer["Weights" -> RandomReal[1, {3, 2, 4, 4}], '
                          '"ChannelGroups" -> 1, "Stride" -> 2, "PaddingSize" -> 1]; '
                          '{NetExtract[d, "OutputChannels"], NetExtract[d, "KernelSize"], '
                          'Dimensions[NetInitialize[d][RandomReal[1, {3, 6, 6}]]]}')
    assert output_form(r) == "{2, {4, 4}, {2, 12, 12}}"
    r = evaluate(session, 'NetExtract[DeconvolutionLayer["Weights" -> RandomReal[1, {4, 3, 2, 2}], '
                          '"ChannelGroups" -> 2], "OutputChannels"]')
    assert output_form(r) == "6"


def test_adjoint_of_the_convolution(session):
    """<conv(x), y> = <x, deconv(y)> for the same weights and settings, without biases."""
    settings = '"Stride" -> 2, "PaddingSize" -> 1, "Dilation" -> 2, "Biases" -> None'
    conv = initialized(session, f'ConvolutionLayer[4, 3, {settings}, "Input" -> {{2, 9, 7}}]')
    weights = conv.arrays[("Arrays", "Weights")].array
    out_dims = tuple(conv.outputs()["Output"].dims)
    w_text = str(weights.astype(np.float64).tolist()).replace("[", "{").replace("]", "}")
    deconv = net_from_expr(evaluate(
        session, f'DeconvolutionLayer[2, {{3, 3}}, {settings}, "Weights" -> {w_text}, '
                 f'"Input" -> {{{", ".join(map(str, out_dims))}}}]'))
    assert tuple(deconv.outputs()["Output"].dims) == (2, 9, 7)          # sizes the stride divides exactly
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(1, 2, 9, 7)), rng.normal(size=(1,) + out_dims)
    run = lambda net, data: Executor.for_net(net, "Real64").forward(
        Executor.for_net(net, "Real64").arrays_for(net),
        {"Input": Batch(data, None)}).outputs["Output"].data
    assert np.isclose(np.sum(run(conv, x) * y), np.sum(x * run(deconv, y)), rtol=1e-10)


def test_an_autoencoder_chain_restores_the_size(session):
    evaluate(session, 'ae = NetInitialize@NetChain[{ConvolutionLayer[4, 3, "Stride" -> 2, '
                      '"PaddingSize" -> 1], ElementwiseLayer[Ramp], DeconvolutionLayer[1, 4, '
                      '"Stride" -> 2, "PaddingSize" -> 1]}, "Input" -> {1, 8, 8}];')
    assert output_form(evaluate(session, 'Dimensions@ae[RandomReal[1, {1, 8, 8}]]')) \
        == "{1, 8, 8}"


@pytest.mark.parametrize("text, tag, words", [
    ('DeconvolutionLayer[2, 2, "PaddingSize" -> 3, "Input" -> {1, 2, 2}]', "cropall",
     ["{3, 3}", "size 3"]),
    ('DeconvolutionLayer[3, 2, "ChannelGroups" -> 2]', "chgroups", ["3 output channels"]),
    ('DeconvolutionLayer[4, 2, "ChannelGroups" -> 2, "Input" -> {3, 2, 2}]', "chgroups",
     ["3 input channels"]),
    ('DeconvolutionLayer[2, 2, "Stride" -> -1]', "invsetting", ['"Stride"']),
    ('DeconvolutionLayer[2, {2, 2}, "Dilation" -> {1, 1, 1}]', "spatialrank", ['"Dilation"']),
])
def test_messages(session, text, tag, words):
    session.messages.clear()
    r = session.evaluate(text)
    assert output_form(r).startswith("$Failed")
    assert len(session.messages) == 1, session.messages
    assert session.messages[0].startswith(f"DeconvolutionLayer::{tag}:"), session.messages
    for w in words:
        assert w in session.messages[0], (w, session.messages[0])
    session.messages.clear()
