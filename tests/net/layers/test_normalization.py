"""NormalizationLayer, InstanceNormalizationLayer and LayerNormalizationLayer: outputs and
the gradients of the input, "Scaling" and "Biases" against torch (F.layer_norm,
F.group_norm, F.instance_norm, and the RMS and unbiased forms written in torch) in float64
to 1e-9; array shapes for each scaling-level form; the torch lowering; sequences; messages."""

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


def run(net, x, lengths=None):
    ex = Executor.for_net(net, "Real64")
    arrays = ex.arrays_for(net)
    res = ex.forward(arrays, {"Input": Batch(x, lengths)}, keep=True)
    out = res.outputs["Output"].data
    d_out = np.random.default_rng(7).normal(size=out.shape)
    grads = ex.backward(res, {"Output": d_out})
    values = {path[-1]: np.asarray(v) for path, v in arrays.items()}
    return values, out, d_out, grads


def layer(session, text):
    """The layer with random scaling and biases (not the 1 and 0 they start at)."""
    net = net_from_expr(evaluate(session, text))
    rng = np.random.default_rng(11)
    options = []
    for name, dims in net.root.array_shapes().items():
        values = rng.normal(size=dims)
        options.append(f'"{name}" -> {to_wl(values)}')
    head = text[:-1]
    return net_from_expr(evaluate(session, f"{head}, {', '.join(options)}]"))


def to_wl(a):
    if np.ndim(a) == 0:
        return repr(float(a))
    return "{" + ", ".join(to_wl(v) for v in a) + "}"


def torch_reference(kind, tx, ts, tb, eps, **kw):
    if kind == "layer":
        return F.layer_norm(tx, kw["shape"], ts, tb, eps)
    if kind == "group":
        return F.group_norm(tx, kw["groups"], ts, tb, eps)
    if kind == "instance":
        return F.instance_norm(tx, weight=ts, bias=tb, eps=eps)
    axes = kw["axes"]
    if kind == "rms":
        y = tx / torch.sqrt((tx * tx).mean(dim=axes, keepdim=True) + eps)
    else:                                   # unbiased standardization
        c = tx - tx.mean(dim=axes, keepdim=True)
        y = c / torch.sqrt((c * c).sum(dim=axes, keepdim=True) / (kw["n"] - 1) + eps)
    return y * ts.reshape(kw["bshape"]) + tb.reshape(kw["bshape"])


# (WL layer text, reference kind, its keywords)
CASES = [
    ('NormalizationLayer["Input" -> {3, 4, 5}]', "instance", {}),
    ('InstanceNormalizationLayer["Input" -> {2, 6}]', "instance", {}),
    ('NormalizationLayer[-1, "Same", "Input" -> {4, 6}]', "layer", {"shape": (6,)}),
    ('LayerNormalizationLayer["Input" -> {3, 2, 5}]', "layer", {"shape": (5,)}),
    ('LayerNormalizationLayer[2 ;; 3, "Input" -> {3, 2, 5}]', "layer", {"shape": (2, 5)}),
    ('NormalizationLayer[1 ;; All, "Same", "Input" -> {3, 4}]', "layer", {"shape": (3, 4)}),
    ('NormalizationLayer[1 ;; All, 1, "GroupNumber" -> {2, None, None}, "Input" -> {4, 3, 3}]',
     "group", {"groups": 2}),
    ('NormalizationLayer[{1, 2}, 1, "GroupNumber" -> {3, None}, "Input" -> {6, 5}]',
     "group", {"groups": 3}),
    ('NormalizationLayer[{2, 3}, 1, Method -> "RMS", "Input" -> {3, 4, 2}]',
     "rms", {"axes": (2, 3), "bshape": (1, 3, 1, 1)}),
    ('NormalizationLayer[2, {1, 2}, "Unbiased" -> True, "Input" -> {3, 5}]',
     "unbiased", {"axes": (2,), "n": 5, "bshape": (1, 3, 5)}),
]


@pytest.mark.parametrize("text, kind, kw", CASES, ids=lambda v: str(v)[:60])
def test_matches_torch(session, text, kind, kw):
    net = layer(session, text)
    dims = tuple(net.inputs()["Input"].dims)
    x = np.random.default_rng(3).normal(1, 2, size=(2,) + dims)
    values, out, d_out, grads = run(net, x)
    tx = torch.tensor(x, requires_grad=True)
    ts = torch.tensor(values["Scaling"], requires_grad=True)
    tb = torch.tensor(values["Biases"], requires_grad=True)
    t_out = torch_reference(kind, tx, ts, tb, 0.001, **kw)
    t_out.backward(torch.tensor(d_out))
    np.testing.assert_allclose(out, t_out.detach().numpy(), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(grads.inputs["Input"], tx.grad.numpy(), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(grads.arrays[("Arrays", "Scaling")], ts.grad.numpy(),
                               rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(grads.arrays[("Arrays", "Biases")], tb.grad.numpy(),
                               rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("text, _kind, _kw", CASES, ids=lambda v: str(v)[:60])
def test_torch_lowering_agrees(session, text, _kind, _kw):
    from wlnet.net.layers.normalization import torch_lowering
    net = layer(session, text)
    dims = tuple(net.inputs()["Input"].dims)
    x = np.random.default_rng(5).normal(size=(2,) + dims)
    values, out, d_out, grads = run(net, x)
    tx = torch.tensor(x, requires_grad=True)
    ctx = RunContext(train=False, rng=None, keep=True, dtype=np.dtype(np.float64))
    arrays = {name: torch.tensor(v) for name, v in values.items()}
    outs, _ = torch_lowering(torch, net.root.params, ctx, {"Input": Batch(tx, None)}, arrays, {})
    outs["Output"].data.backward(torch.tensor(d_out))
    np.testing.assert_allclose(outs["Output"].data.detach().numpy(), out, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(tx.grad.numpy(), grads.inputs["Input"], rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("text, want", [
    ('NormalizationLayer["Input" -> {3, 4, 5}]', (3,)),
    ('NormalizationLayer[{1, 3}, "Input" -> {3, 4, 5}]', (4,)),
    ('NormalizationLayer[2, "Same", "Input" -> {3, 4, 5}]', (4,)),
    ('NormalizationLayer[1 ;; 2, {-1, 1}, "Input" -> {3, 4, 5}]', (3, 5)),
    ('NormalizationLayer[1 ;; All, "Input" -> {3, 4}]', ()),
    ('LayerNormalizationLayer["Input" -> {"Varying", 7}]', (7,)),
])
def test_array_shapes(session, text, want):
    net = net_from_expr(evaluate(session, text))
    assert net.root.array_shapes()["Scaling"] == want
    assert net.root.array_shapes()["Biases"] == want


def test_arrays_none_leave_the_plain_normalisation(session):
    r = evaluate(session, 'NormalizationLayer[1, "Same", "Scaling" -> None, "Biases" -> None]'
                          '[{1, 2, 3}]')
    x = np.array([1.0, 2, 3])
    want = (x - x.mean()) / np.sqrt(x.var() + 0.001)
    assert output_form(r) == output_form(evaluate(session, to_wl(want)))


def test_sequences_are_normalised_per_step_and_padding_stays_zero(session):
    net = layer(session, 'LayerNormalizationLayer["Input" -> {"Varying", 3}]')
    x = np.random.default_rng(2).normal(size=(2, 4, 3))
    x[1, 2:] = 0
    values, out, _, grads = run(net, x, lengths=np.array([4, 2]))
    assert not np.any(out[1, 2:]) and not np.any(grads.inputs["Input"][1, 2:])
    t = F.layer_norm(torch.tensor(x[0]), (3,), torch.tensor(values["Scaling"]),
                     torch.tensor(values["Biases"]), 0.001)
    np.testing.assert_allclose(out[0], t.numpy(), rtol=1e-9)


def test_in_a_chain_after_a_convolution(session):
    r = evaluate(session, 'Dimensions[NetInitialize[NetChain[{ConvolutionLayer[4, 3], '
                          'NormalizationLayer[], Ramp}, "Input" -> {1, 6, 6}]][RandomReal[1, '
                          '{1, 6, 6}]]]')
    assert output_form(r) == "{4, 4, 4}"


@pytest.mark.parametrize("text, tag", [
    ("NormalizationLayer[x]", "invlevel"),
    ('NormalizationLayer[1, "Other"]', "invlevel"),
    ('NormalizationLayer[3 ;; 2, "Input" -> {2, 3, 4}]', "invlevel"),
    ('NormalizationLayer[Method -> "Foo"]', "invsetting"),
    ('NormalizationLayer["Epsilon" -> -1]', "invsetting"),
    ('NormalizationLayer["Unbiased" -> 2]', "invsetting"),
    ('NormalizationLayer["GroupNumber" -> {0}]', "invsetting"),
    ('NormalizationLayer[5, "Input" -> {2, 3}]', "rankx"),
    ('NormalizationLayer[1 ;; All, 1, "GroupNumber" -> {3, None}, "Input" -> {4, 3}]',
     "normgroup"),
    ('NormalizationLayer[1 ;; All, 1, "GroupNumber" -> {2}, "Input" -> {4, 3}]',
     "normgroups"),
    ('NormalizationLayer[1, "Input" -> {"Varying", 3}]', "nodyn"),
    ('NormalizationLayer["Input" -> {2, 2}, "Scaling" -> {1, 2, 3}]', "arrdims"),
    ("InstanceNormalizationLayer[2]", "args"),
])
def test_bad_input_is_a_message(session, text, tag):
    session.messages.clear()
    session.evaluate(text)
    assert any(f"::{tag}:" in m for m in session.messages), session.messages
