"""ResizeLayer: output and input gradient against torch's F.interpolate (float64, 1e-9) for
every method, scheme and rank, shapes (Scaled, All, Interleaving, inference in a chain),
the torch backend's lowering, and messages."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from wlnet.core.session import Session
from wlnet.net.execute import Executor
from wlnet.net.values import Batch, RunContext
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


def run(net, x, d_out_seed=1):
    ex = Executor.for_net(net, "Real64")
    res = ex.forward({}, {"Input": Batch(x, None)}, keep=True)
    out = res.outputs["Output"].data
    d_out = np.random.default_rng(d_out_seed).normal(size=out.shape)
    return out, d_out, ex.backward(res, {"Output": d_out}).inputs["Input"]


LINEAR_MODES = {1: "linear", 2: "bilinear", 3: "trilinear"}

# (WL text, torch mode, align_corners); the mode "linear" is made rank-specific
TORCH_CASES = [
    ('ResizeLayer[{7}, "Input" -> {2, 4}]', "linear", True),
    ('ResizeLayer[{3}, "Input" -> {2, 8}]', "linear", True),
    ('ResizeLayer[{7}, "Scheme" -> "Bin", "Input" -> {2, 4}]', "linear", False),
    ('ResizeLayer[{3}, "Scheme" -> "Bin", "Input" -> {2, 8}]', "linear", False),
    ('ResizeLayer[{5, 9}, "Input" -> {3, 4, 6}]', "linear", True),
    ('ResizeLayer[{Scaled[2], Scaled[0.5]}, "Scheme" -> "Bin", "Input" -> {2, 5, 8}]',
     "linear", False),
    ('ResizeLayer[{Scaled[3/2], All, 3}, "Input" -> {1, 4, 3, 5}]', "linear", True),
    ('ResizeLayer[{Scaled[2], Scaled[2]}, Resampling -> "Nearest", "Input" -> {2, 3, 4}]',
     "nearest-exact", None),
    ('ResizeLayer[{5, 3}, Resampling -> "Nearest", "Input" -> {2, 3, 7}]',
     "nearest-exact", None),
    ('ResizeLayer[{1}, "Input" -> {2, 5}]', "linear", True),
]


@pytest.mark.parametrize("text, mode, align", TORCH_CASES, ids=lambda v: str(v)[:60])
def test_output_and_gradient_match_torch(session, text, mode, align):
    net = net_from_expr(evaluate(session, text))
    dims = tuple(net.inputs()["Input"].dims)
    out_dims = tuple(net.outputs()["Output"].dims)
    x = np.random.default_rng(3).normal(size=(2,) + dims)
    out, d_out, d_x = run(net, x)
    tx = torch.tensor(x, requires_grad=True)
    if mode == "linear":
        t_out = F.interpolate(tx, size=out_dims[1:], mode=LINEAR_MODES[len(dims) - 1],
                              align_corners=align)
    else:
        t_out = F.interpolate(tx, size=out_dims[1:], mode=mode)
    t_out.backward(torch.tensor(d_out))
    assert out.shape == tuple(t_out.shape) == (2,) + out_dims
    np.testing.assert_allclose(out, t_out.detach().numpy(), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(d_x, tx.grad.numpy(), rtol=1e-9, atol=1e-9)


def test_interleaving_moves_the_channels_last(session):
    flat = net_from_expr(evaluate(session, 'ResizeLayer[{6, 5}, "Input" -> {3, 4, 2}]'))
    inter = net_from_expr(evaluate(session, 'ResizeLayer[{6, 5}, "Interleaving" -> True, '
                                            '"Input" -> {4, 2, 3}]'))
    assert tuple(inter.outputs()["Output"].dims) == (6, 5, 3)
    x = np.random.default_rng(0).normal(size=(2, 3, 4, 2))
    out, _, _ = run(flat, x)
    out_i, _, _ = run(inter, np.moveaxis(x, 1, -1))
    np.testing.assert_allclose(np.moveaxis(out_i, -1, 1), out, rtol=1e-12)


def test_nearest_point_takes_the_nearest_point(session):
    # positions j (3 - 1)/(5 - 1) = 0, 0.5, 1, 1.5, 2: halves go up
    assert output_form(evaluate(session, 'ResizeLayer[{5}, Resampling -> "Nearest", '
                                         '"Scheme" -> "Point"][{{1, 2, 3}}]')) \
        == "{{1., 2., 2., 3., 3.}}"


@pytest.mark.parametrize("text, want", [
    ('ResizeLayer[{Scaled[0.29]}, "Input" -> {1, 100}]', (1, 29)),
    ('ResizeLayer[{Scaled[1/3], All}, "Input" -> {2, 10, 4}]', (2, 3, 4)),
    ('NetChain[{ConvolutionLayer[2, 3], ResizeLayer[{Scaled[2], Scaled[2]}], '
     'PoolingLayer[2, 2]}, "Input" -> {1, 8, 8}]', (2, 6, 6)),
])
def test_output_shapes(session, text, want):
    net = net_from_expr(evaluate(session, text))
    assert tuple(net.outputs()["Output"].dims) == want


def test_sizes_learnt_from_the_data(session):
    r = evaluate(session, 'Dimensions@ResizeLayer[{Scaled[2], All}][RandomReal[1, {2, 3, 5}]]')
    assert output_form(r) == "{2, 6, 5}"


@pytest.mark.parametrize("text", [
    'ResizeLayer[{5, Scaled[1.5]}, "Scheme" -> "Bin", "Input" -> {2, 3, 4}]',
    'ResizeLayer[{Scaled[2], 3}, Resampling -> "Nearest", "Input" -> {2, 3, 4}]',
    'ResizeLayer[{4, 3}, Resampling -> "Nearest", "Scheme" -> "Point", "Input" -> {2, 3, 5}]',
    'ResizeLayer[{4, 3, 2}, "Interleaving" -> True, "Input" -> {2, 3, 5, 2}]',
])
def test_torch_lowering_agrees(session, text):
    from wlnet.net.layers.resize import torch_lowering
    net = net_from_expr(evaluate(session, text))
    dims = tuple(net.inputs()["Input"].dims)
    x = np.random.default_rng(5).normal(size=(2,) + dims)
    out, d_out, d_x = run(net, x)
    tx = torch.tensor(x, requires_grad=True)
    ctx = RunContext(train=False, rng=None, keep=True, dtype=np.dtype(np.float64))
    outs, _ = torch_lowering(torch, net.root.params, ctx, {"Input": Batch(tx, None)}, {}, {})
    t_out = outs["Output"].data
    t_out.backward(torch.tensor(d_out))
    np.testing.assert_allclose(t_out.detach().numpy(), out, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(tx.grad.numpy(), d_x, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("text, tag", [
    ("ResizeLayer[{0}]", "resizespec"),
    ("ResizeLayer[3]", "resizespec"),
    ("ResizeLayer[{1, 2, 3, 4}]", "resizespec"),
    ("ResizeLayer[{Scaled[-1]}]", "resizespec"),
    ("ResizeLayer[{Scaled[0.1]}][{{1, 2, 3}}]", "resizezero"),
    ('ResizeLayer[{Scaled[0.1]}, "Input" -> {2, 3}]', "resizezero"),
    ('ResizeLayer[{2}, Resampling -> "Cubic"]', "invsetting"),
    ('ResizeLayer[{2}, "Scheme" -> "Area"]', "invsetting"),
    ('ResizeLayer[{2}, "Interleaving" -> 1]', "invsetting"),
    ('ResizeLayer[{Scaled[2]}, "Input" -> {2, "Varying"}]', "invportspec"),
    ('ResizeLayer[{3}, "Interleaving" -> True, "Input" -> {"Varying", 2}]', "tyinc"),
])
def test_bad_input_is_a_message(session, text, tag):
    session.messages.clear()
    r = session.evaluate(text)
    assert any(f"::{tag}:" in m for m in session.messages), session.messages
    assert output_form(r) in ("$Failed", text) or "ResizeLayer" not in output_form(r)
