"""CTCLossLayer: the loss against a brute-force sum over every alignment and against torch's
ctc_loss (with its gradient through a softmax), finite differences over sequences of
different lengths, training with LossFunction -> CTCLossLayer[], messages."""

from itertools import groupby, product

import numpy as np
import pytest

from wlnet.core.session import Session
from wlnet.net.execute import Executor
from wlnet.net.values import Batch

from _gradcheck import check_gradients
from _layerutil import build, messages

RNG = np.random.default_rng(41)


@pytest.fixture(scope="module")
def session():
    return Session()


def brute_force(probs, target):
    """-log of the summed probability of every path (blank last) that collapses to target."""
    steps, width = probs.shape
    blank = width - 1
    total = 0.0
    for path in product(range(width), repeat=steps):
        collapsed = [k for k, _ in groupby(path) if k != blank]
        if collapsed == list(target):
            total += np.prod(probs[np.arange(steps), path])
    return -np.log(total)


def run(net, probs, in_lengths, targets, t_lengths, keep=False):
    ex = Executor.for_net(net, "Real64")
    return ex, ex.forward({}, {"Input": Batch(probs, in_lengths), "Target": Batch(targets, t_lengths)},
                          keep=keep)


def random_batch(batch=3, steps=4, width=3, in_lengths=(4, 3, 4), t_lengths=(2, 1, 2)):
    probs = RNG.uniform(0.05, 1, size=(batch, steps, width))
    probs /= probs.sum(axis=2, keepdims=True)
    targets = RNG.integers(1, width, size=(batch, max(t_lengths))).astype(np.int32)
    targets[0, :2] = [1, 1]                      # a repeated label needs a blank between
    return probs, np.array(in_lengths), targets, np.array(t_lengths)


def test_against_every_alignment(session):
    net = build(session, 'CTCLossLayer["Input" -> {"Varying", 3}]')
    probs, lx, targets, lt = random_batch()
    _, res = run(net, probs, lx, targets, lt)
    want = [brute_force(probs[b, :lx[b]], targets[b, :lt[b]] - 1) for b in range(3)]
    np.testing.assert_allclose(res.outputs["Output"].data, want, rtol=1e-10)


def test_against_torch_through_a_softmax(session):
    torch = pytest.importorskip("torch")
    net = build(session, 'CTCLossLayer["Input" -> {"Varying", 4}]')
    z = RNG.normal(size=(2, 5, 4))
    probs = np.exp(z) / np.exp(z).sum(axis=2, keepdims=True)
    lx, targets, lt = np.array([5, 4]), np.array([[1, 3, 3], [2, 1, 0]], np.int32), np.array([3, 2])
    ex, res = run(net, probs, lx, targets, lt, keep=True)
    d_probs = ex.backward(res, {"Output": np.ones(2)}).inputs["Input"]
    zt = torch.tensor(z, requires_grad=True)
    loss = torch.nn.functional.ctc_loss(torch.log_softmax(zt, dim=2).transpose(0, 1),
                                        torch.tensor(targets, dtype=torch.long) - 1, torch.tensor(lx),
                                        torch.tensor(lt), blank=3, reduction="none")
    loss.sum().backward()
    np.testing.assert_allclose(res.outputs["Output"].data, loss.detach().numpy(), rtol=1e-10)
    # the gradient for z through the softmax: p * (g - sum(p * g))
    d_z = probs * (d_probs - (probs * d_probs).sum(axis=2, keepdims=True))
    for b, n in enumerate(lx):
        np.testing.assert_allclose(d_z[b, :n], zt.grad.numpy()[b, :n], rtol=1e-7, atol=1e-10)


def test_gradients_by_finite_differences(session):
    net = build(session, 'CTCLossLayer["Input" -> {"Varying", 3}]')
    probs, lx, targets, lt = random_batch()
    for b, n in enumerate(lx):
        probs[b, n:] = 0
    check_gradients(Executor.for_net(net, "Real64"), {},
                    {"Input": Batch(probs, lx), "Target": Batch(targets, lt)})


def test_training_with_ctc_as_the_loss_function(session):
    session.evaluate('net = NetChain[{NetMapOperator[LinearLayer[3]], SoftmaxLayer[]}, "Input" -> {"Varying", 3}];'
                     'data = Table[With[{a = RandomInteger[{1, 2}], b = RandomInteger[{1, 2}]},'
                     '{UnitVector[3, a], UnitVector[3, 3], UnitVector[3, b]} -> {a, b}], {128}];'
                     'r = NetTrain[net, data, All, LossFunction -> CTCLossLayer[], MaxTrainingRounds -> 60,'
                     ' LearningRate -> 0.05, RandomSeeding -> 1, TrainingProgressReporting -> None];')
    assert not session.messages, session.messages
    first, last = (float(x.value) for x in session.evaluate('r["RoundLossList"][[{1, -1}]]').args)
    assert last < 0.3 * first


def test_a_target_longer_than_the_input_gives_a_message(session):
    msgs = messages(session, 'CTCLossLayer[][<|"Input" -> {{0.5, 0.5}}, "Target" -> {1, 1}|>]')
    assert any(m.startswith("CTCLossLayer::ctclong") for m in msgs), msgs


def test_the_target_as_a_repeating_element():
    # the reference page's tshape RepeatingElement[Restricted["Integer", c]]
    from wlnet.core.session import Session
    from _docs import shown
    session = Session()
    assert shown(session, 'NetExtract[CTCLossLayer["Target" -> RepeatingElement[Restricted["Integer", 3]]], '
                          '"Input"]') == "{Varying, 4}"
    assert shown(session, 'CTCLossLayer["Target" -> RepeatingElement[Restricted["Integer", 2]]][<|"Input" -> '
                          '{{0.1, 0.1, 0.8}, {0.6, 0.3, 0.1}, {0.1, 0.8, 0.1}}, "Target" -> {1, 2}|>]') == "0.761426"


def test_fixed_lengths_that_cannot_fit_are_refused_when_made():
    # the page: "The target sequence cannot be longer than the input sequence"
    from wlnet.core.session import Session
    from _docs import message_tags
    assert message_tags(Session(), 'CTCLossLayer["Target" -> {6}, "Input" -> {5, 4}]') == \
        ["CTCLossLayer::ctclong"]
