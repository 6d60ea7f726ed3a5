"""LocalResponseNormalizationLayer: output and input gradient against
F.local_response_norm (float64, 1e-9) for several window sizes and parameters, the torch
lowering, the documented formula on a small case, and messages."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from wlnet.core.session import Session
from wlnet.net.execute import Executor
from wlnet.net.values import Batch, RunContext
from wlnet.net.wlform import net_from_expr


@pytest.fixture(scope="module")
def session():
    return Session()


def evaluate(session, text):
    session.messages.clear()
    r = session.evaluate(text)
    assert not session.messages, (text, session.messages)
    return r


def run(net, x):
    ex = Executor.for_net(net, "Real64")
    res = ex.forward({}, {"Input": Batch(x, None)}, keep=True)
    out = res.outputs["Output"].data
    d_out = np.random.default_rng(1).normal(size=out.shape)
    return out, d_out, ex.backward(res, {"Output": d_out}).inputs["Input"]


# (options, channel window c, alpha, beta, bias, input dims)
CASES = [
    ("", 2, 1.0, 0.5, 1.0, (5, 3, 4)),
    ('"ChannelWindowSize" -> 1, "Alpha" -> 0.3, "Beta" -> 0.75, "Bias" -> 2',
     1, 0.3, 0.75, 2.0, (6, 2, 2)),
    ('"ChannelWindowSize" -> 0, "Alpha" -> 2, "Beta" -> 1.5', 0, 2.0, 1.5, 1.0, (2, 3, 3)),
    ('"ChannelWindowSize" -> 3, "Alpha" -> 1.7, "Beta" -> 0.25, "Bias" -> 0.5',
     3, 1.7, 0.25, 0.5, (9, 2, 3)),
]


def layer(session, options, dims):
    sep = ", " if options else ""
    return net_from_expr(evaluate(session, f'LocalResponseNormalizationLayer[{options}{sep}'
                                           f'"Input" -> {{{", ".join(map(str, dims))}}}]'))


@pytest.mark.parametrize("options, c, alpha, beta, bias, dims", CASES, ids=lambda v: str(v)[:40])
def test_matches_torch(session, options, c, alpha, beta, bias, dims):
    net = layer(session, options, dims)
    x = np.random.default_rng(4).normal(size=(3,) + dims)
    out, d_out, d_x = run(net, x)
    tx = torch.tensor(x, requires_grad=True)
    t_out = F.local_response_norm(tx, 2 * c + 1, alpha=alpha, beta=beta, k=bias)
    t_out.backward(torch.tensor(d_out))
    np.testing.assert_allclose(out, t_out.detach().numpy(), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(d_x, tx.grad.numpy(), rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("options, c, alpha, beta, bias, dims", CASES, ids=lambda v: str(v)[:40])
def test_torch_lowering_agrees(session, options, c, alpha, beta, bias, dims):
    from wlnet.net.layers.local_response_normalization import torch_lowering
    net = layer(session, options, dims)
    x = np.random.default_rng(6).normal(size=(2,) + dims)
    out, _, _ = run(net, x)
    ctx = RunContext(train=False, rng=None, keep=False, dtype=np.dtype(np.float64))
    outs, _ = torch_lowering(torch, net.root.params, ctx, {"Input": Batch(torch.tensor(x), None)},
                             {}, {})
    np.testing.assert_allclose(outs["Output"].data.numpy(), out, rtol=1e-12)


def test_the_documented_formula(session):
    net = layer(session, '"ChannelWindowSize" -> 1, "Alpha" -> 0.6, "Beta" -> 0.8, "Bias" -> 1.5',
                (4, 1, 2))
    x = np.random.default_rng(0).normal(size=(1, 4, 1, 2))
    out, _, _ = run(net, x)
    for i in range(4):
        window = x[0, max(0, i - 1):min(4, i + 2)]
        d = (0.6 / 3 * np.sum(window ** 2, axis=0) + 1.5) ** 0.8
        np.testing.assert_allclose(out[0, i], x[0, i] / d, rtol=1e-12)


@pytest.mark.parametrize("text, tag", [
    ('LocalResponseNormalizationLayer["Input" -> {3, 2, 2}]', "lrnchannels"),
    ("LocalResponseNormalizationLayer[][RandomReal[1, {4, 2, 2}]]", "lrnchannels"),
    ('LocalResponseNormalizationLayer["ChannelWindowSize" -> -1]', "invsetting"),
    ('LocalResponseNormalizationLayer["Bias" -> 0]', "invsetting"),
    ('LocalResponseNormalizationLayer["Alpha" -> x]', "invsetting"),
    ("LocalResponseNormalizationLayer[][{1, 2, 3}]", "invindata1"),
    ("LocalResponseNormalizationLayer[2]", "args"),
])
def test_bad_input_is_a_message(session, text, tag):
    session.messages.clear()
    session.evaluate(text)
    assert any(f"::{tag}:" in m for m in session.messages), session.messages
