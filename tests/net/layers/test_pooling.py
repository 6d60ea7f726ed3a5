"""PoolingLayer: forward against numpy, output and input gradient through the executor
against torch (float64, 1e-9), shapes in a LeNet-style chain, and messages."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from wlnet.core.session import Session
from wlnet.net.execute import Executor
from wlnet.net.values import Batch
from wlnet.net.wlform import net_from_expr
from wlnet.syntax.printer import output_form

from _gradcheck import check_gradients


@pytest.fixture(scope="module")
def session():
    return Session()


def evaluate(session, text):
    session.messages.clear()
    r = session.evaluate(text)
    assert not session.messages, (text, session.messages)
    return r


def run(net, x, d_out_seed=1):
    ex = Executor.for_net(net, "Real64")
    res = ex.forward({}, {"Input": Batch(x, None)}, keep=True)
    out = res.outputs["Output"].data
    d_out = np.random.default_rng(d_out_seed).normal(size=out.shape)
    return out, d_out, ex.backward(res, {"Output": d_out}).inputs["Input"]


def test_max_against_numpy(session):
    net = net_from_expr(evaluate(session, 'PoolingLayer[{2, 3}, {2, 1}, "Input" -> {2, 6, 5}]'))
    x = np.random.default_rng(0).normal(size=(1, 2, 6, 5))
    out, _, _ = run(net, x)
    want = np.array([[[x[0, c, 2 * i:2 * i + 2, j:j + 3].max() for j in range(3)]
                      for i in range(3)] for c in range(2)])
    np.testing.assert_array_equal(out[0], want)


# (WL text, torch function, kernel, stride, padding before = after)
TORCH_CASES = [
    ('PoolingLayer[3, 2, "PaddingSize" -> 1, "Input" -> {2, 9}]', "max", 3, 2, 1),
    ('PoolingLayer[{3}, "Function" -> Mean, "Input" -> {3, 7}]', "avg", 3, 1, 0),
    ('PoolingLayer[{2, 2}, 2, "Input" -> {3, 8, 6}]', "max", 2, 2, 0),
    ('PoolingLayer[{3, 2}, {1, 2}, "Function" -> Mean, "PaddingSize" -> 1, '
     '"Input" -> {2, 7, 8}]', "avg", (3, 2), (1, 2), 1),
    ('PoolingLayer[{3, 3}, 2, "Function" -> Total, "PaddingSize" -> 1, "Input" -> {2, 7, 7}]',
     "total", 3, 2, 1),
    ('PoolingLayer[{2, 2, 2}, {1, 2, 2}, "PaddingSize" -> {0, 1, 1}, '
     '"Input" -> {2, 4, 5, 6}]', "max", 2, (1, 2, 2), (0, 1, 1)),
    ('PoolingLayer[2, "Function" -> Mean, "Input" -> {1, 3, 4, 5}]', "avg", 2, 1, 0),
]


@pytest.mark.parametrize("text, function, kernel, stride, pad", TORCH_CASES,
                         ids=lambda v: str(v)[:50])
def test_output_and_gradient_match_torch(session, text, function, kernel, stride, pad):
    net = net_from_expr(evaluate(session, text))
    dims = tuple(net.inputs()["Input"].dims)
    x = np.random.default_rng(3).normal(size=(2,) + dims)
    out, d_out, d_x = run(net, x)
    rank = len(dims) - 1
    tx = torch.tensor(x, requires_grad=True)
    if function == "max":
        t_out = getattr(F, f"max_pool{rank}d")(tx, kernel, stride, pad)
    else:
        t_out = getattr(F, f"avg_pool{rank}d")(tx, kernel, stride, pad)
        if function == "total":
            t_out = t_out * int(np.prod(np.broadcast_to(kernel, (rank,))))
    t_out.backward(torch.tensor(d_out))
    assert out.shape == tuple(t_out.shape) == (2,) + tuple(net.outputs()["Output"].dims)
    np.testing.assert_allclose(out, t_out.detach().numpy(), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(d_x, tx.grad.numpy(), rtol=1e-9, atol=1e-9)


def test_lenet_shapes(session):
    evaluate(session, 'lenet = NetChain[{ConvolutionLayer[6, 5], ElementwiseLayer[Ramp], '
                      'PoolingLayer[2, 2], ConvolutionLayer[16, 5], ElementwiseLayer[Ramp], '
                      'PoolingLayer[2, 2], LinearLayer[10], SoftmaxLayer[]}, '
                      '"Input" -> {1, 28, 28}];')
    r = evaluate(session, 'Dimensions@NetInitialize[lenet][RandomReal[1, {1, 28, 28}]]')
    assert output_form(r) == "{10}"
    r = evaluate(session, 'Total@NetInitialize[lenet][RandomReal[1, {1, 28, 28}]]')
    assert abs(float(output_form(r)) - 1) < 1e-5


def test_stride_given_as_an_option(session):
    """PoolingLayer[{2, 2}, "Stride" -> 2] (as ConvolutionLayer takes it) is PoolingLayer[{2, 2}, 2]."""
    x = "RandomReal[1, {3, 9, 9}]"
    evaluate(session, f"x = {x};")
    for text in ('PoolingLayer[{2, 2}, "Stride" -> 2]', 'PoolingLayer[2, "Stride" -> {2, 2}]'):
        r = evaluate(session, f'{text}[x] == PoolingLayer[{{2, 2}}, 2][x]')
        assert output_form(r) == "True", text
        r = evaluate(session, f'Dimensions[{text}[x]]')
        assert output_form(r) == "{3, 4, 4}", text
    r = evaluate(session, 'NetExtract[PoolingLayer[3, "Stride" -> 2], "Stride"] === '
                          'NetExtract[PoolingLayer[3, 2], "Stride"] =!= 1')
    assert output_form(r) == "True"


@pytest.mark.parametrize("text, tag, words", [
    ('PoolingLayer[2, "Stride" -> 0]', "invsetting", ['"Stride"']),
    ('PoolingLayer[2, "Function" -> Min]', "invsetting", ["Min", '"Function"', "Max, Mean"]),
    ('PoolingLayer[5, "Input" -> {2, 3, 3}]', "kernelfit", ["spans 5", "size 3"]),
    ('PoolingLayer[{2, 2}, {1, 1, 1}]', "spatialrank", ['"Stride" has 3']),
    ('PoolingLayer[2, 0]', "invsetting", ['"Stride"']),
    ('PoolingLayer[2, "PaddingSize" -> {{1}}]', "invsetting", ['"PaddingSize"']),
    ('PoolingLayer[2, "Input" -> {7}]', "spatialdims", ["rank 1"]),
    # a rank the "Dimensionality" setting rules out: the message says the rank it takes
    ('PoolingLayer[2, "Input" -> {1, 4, 4}, "Dimensionality" -> 1]', "spatialinrank",
     ["1 spatial", "rank 2", "not of rank 3"]),
])
def test_messages(session, text, tag, words):
    session.messages.clear()
    r = session.evaluate(text)
    assert output_form(r).startswith("$Failed")
    assert len(session.messages) == 1, session.messages
    assert session.messages[0].startswith(f"PoolingLayer::{tag}:"), session.messages
    for w in words:
        assert w in session.messages[0], (w, session.messages[0])
    session.messages.clear()


def test_interleaving_puts_the_channels_last(session):
    first = net_from_expr(evaluate(session, 'PoolingLayer[{2, 3}, 2, "Function" -> Mean, '
                                            '"Input" -> {3, 6, 7}]'))
    last = net_from_expr(evaluate(session, 'PoolingLayer[{2, 3}, 2, "Function" -> Mean, '
                                           'Interleaving -> True, "Input" -> {6, 7, 3}]'))
    x = np.random.default_rng(5).normal(size=(2, 3, 6, 7))
    out1, d1, dx1 = run(first, x)
    ex = Executor.for_net(last, "Real64")
    res = ex.forward({}, {"Input": Batch(np.ascontiguousarray(np.moveaxis(x, 1, -1)), None)},
                     keep=True)
    out2 = res.outputs["Output"].data
    dx2 = ex.backward(res, {"Output": np.ascontiguousarray(np.moveaxis(d1, 1, -1))}
                      ).inputs["Input"]
    np.testing.assert_allclose(np.moveaxis(out2, -1, 1), out1, rtol=1e-12)
    np.testing.assert_allclose(np.moveaxis(dx2, -1, 1), dx1, rtol=1e-12)


def test_a_layer_without_sizes_takes_them_from_the_data(session):
    assert output_form(evaluate(session, 'PoolingLayer[2, 2][{Partition[Range[16], 4]}]')) \
        == "{{{6., 8.}, {14., 16.}}}"
    assert output_form(evaluate(session, 'PoolingLayer[2, "Function" -> Total][{Range[5]}]')) \
        == "{{3., 5., 7., 9.}}"
    for text, tag in (('PoolingLayer[5][{Partition[Range[16], 4]}]', "kernelfit"),
                      ('PoolingLayer[2][Range[5]]', "spatialdims")):
        session.messages.clear()
        assert output_form(session.evaluate(text)) == "$Failed"
        assert len(session.messages) == 1
        assert session.messages[0].startswith(f"PoolingLayer::{tag}:"), session.messages
    session.messages.clear()


def test_max_2x2_kernel_gradients_by_finite_differences(session):
    # the 2x2, stride-2 Max pooling has a kernel of its own; odd sizes leave a last row and
    # column in no window (their gradient is zero)
    net = net_from_expr(evaluate(session, 'PoolingLayer[2, 2, "Input" -> {2, 5, 7}]'))
    x = np.random.default_rng(8).normal(size=(3, 2, 5, 7))
    check_gradients(Executor.for_net(net, "Real64"), {}, {"Input": Batch(x, None)})
