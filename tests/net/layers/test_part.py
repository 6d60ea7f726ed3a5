"""PartLayer: indices, negative indices, spans with steps, All and lists at successive
levels against numpy and torch; parts out of range and bad specifications give messages."""

import numpy as np
import pytest

from wlnet.core.session import Session

from _layerutil import build, forward, messages, wl

RNG = np.random.default_rng(16)


@pytest.fixture(scope="module")
def session():
    return Session()


@pytest.mark.parametrize("spec, shape, index", [
    ("2", (4,), (1,)),
    ("-1", (4, 3), (-1,)),
    ("2 ;; 3", (4, 3), (slice(1, 3),)),
    ("1 ;; -1 ;; 2", (5,), (slice(0, 5, 2),)),
    ("{All, 2}", (4, 3), (slice(None), 1)),
    ("{{3, 1, 3}, -2 ;; All}", (4, 3), ([2, 0, 2], slice(1, 3))),
    ("{1, All, {2}}", (2, 3, 4), (0, slice(None), [1])),
])
def test_against_numpy_and_torch(session, spec, shape, index):
    torch = pytest.importorskip("torch")
    net = build(session, f'PartLayer[{spec}, "Input" -> {wl(shape)}]')
    x = RNG.normal(size=(2,) + shape)
    want = x[:, index[0]] if len(index) == 1 else x
    if len(index) > 1:                  # level by level, as Part does
        for axis in range(len(index) - 1, -1, -1):
            want = np.take(want, np.arange(shape[axis])[index[axis]], axis=axis + 1)
    got = forward(net, Input=x)["Output"]
    np.testing.assert_array_equal(got, want)
    assert got.shape[1:] == tuple(net.outputs()["Output"].dims)
    t = torch.from_numpy(x)
    if spec == "{All, 2}":
        np.testing.assert_array_equal(got, t[:, :, 1].numpy())


def test_gradient_accumulates_repeated_parts(session):
    from wlnet.net.execute import Executor
    from wlnet.net.values import Batch
    net = build(session, 'PartLayer[{{1, 1, 2}}, "Input" -> 3]')
    ex = Executor.for_net(net, "Real64")
    res = ex.forward({}, {"Input": Batch(np.ones((1, 3)), None)}, keep=True)
    grads = ex.backward(res, {"Output": np.ones((1, 3))})
    np.testing.assert_array_equal(grads.inputs["Input"], [[2.0, 1.0, 0.0]])


@pytest.mark.parametrize("text, tag", [
    ('PartLayer[4, "Input" -> 3]', "PartLayer::partw"),
    ("PartLayer[4][{1, 2, 3}]", "PartLayer::partw"),
    ("PartLayer[-1 ;; 2][{1, 2, 3}]", "PartLayer::partw"),
    # an empty span whatever the input (the PartLayer page's Possible Issues): refused at once
    ("PartLayer[3 ;; 1]", "PartLayer::partempty"),
    ("PartLayer[{All, -1 ;; -2}]", "PartLayer::partempty"),
    ('PartLayer[{1, 2, 3}, "Input" -> {2, 2}]', "PartLayer::rankx"),
    ('NetChain[{PartLayer[{{1, 3}}]}, "Input" -> {"Varying", 2}][{{1, 2}, {3, 4}}]', "NetChain::partw"),
    ('NetChain[{PartLayer[2 ;; -2]}, "Input" -> {"Varying", 2}][{{1, 2}, {3, 4}}]', "NetChain::partw"),
    ('NetChain[{PartLayer[3]}, "Input" -> {"Varying", 2}][{{1, 2}, {3, 4}}]', "NetChain::partw"),
    ("PartLayer[0]", "PartLayer::netarg"),
    ("PartLayer[x]", "PartLayer::netarg"),
])
def test_bad_parts_give_messages(session, text, tag):
    assert any(m.startswith(tag) for m in messages(session, text)), text


def test_an_index_into_a_sequence_counts_within_its_length(session):
    net = build(session, 'PartLayer[{-1, 2}, "Input" -> {"Varying", 3}]')
    x = RNG.normal(size=(3, 4, 3))
    lengths = np.array([4, 2, 1])
    for i, n in enumerate(lengths):
        x[i, n:] = 0
    got = forward(net, lengths, Input=x)["Output"]
    np.testing.assert_array_equal(got, x[np.arange(3), lengths - 1, 1])
    first = forward(build(session, 'PartLayer[1, "Input" -> {"Varying", 3}]'), lengths, Input=x)["Output"]
    np.testing.assert_array_equal(first, x[:, 0])


@pytest.mark.parametrize("span, first, last, step", [
    ("2 ;; -1", 1, 0, 1), ("1 ;; All ;; 2", 0, 0, 2), ("-2 ;; -1", -2, 0, 1), ("2 ;; 3", 1, 3, 1),
])
def test_a_span_of_a_sequence_takes_each_examples_own_steps(session, span, first, last, step):
    from wlnet.net.execute import Executor
    from wlnet.net.values import Batch
    from _gradcheck import check_gradients
    net = build(session, f'PartLayer[{{{span}, 2}}, "Input" -> {{"Varying", 3}}]')
    lengths = np.array([5, 3, 4])
    x = RNG.normal(size=(3, 5, 3))
    for i, n in enumerate(lengths):
        x[i, n:] = 0
    res = Executor.for_net(net, "Real64").forward({}, {"Input": Batch(x, lengths)})
    out = res.outputs["Output"]
    for i, n in enumerate(lengths):           # the numpy reference: Part of each sequence
        start = first if first >= 0 else n + first
        stop = n if last == 0 else last
        want = x[i, start:stop:step, 1]
        assert out.lengths[i] == len(want)
        np.testing.assert_array_equal(out.data[i, :len(want)], want)
        assert not np.any(out.data[i, len(want):])
    check_gradients(Executor.for_net(net, "Real64"), {}, {"Input": Batch(x, lengths)})


def test_a_list_of_steps_of_a_sequence_counts_within_each_length(session):
    from _gradcheck import check_gradients
    from wlnet.net.execute import Executor
    from wlnet.net.values import Batch
    net = build(session, 'PartLayer[{{1, -1, 2}, 2}, "Input" -> {"Varying", 3}]')
    assert net.outputs()["Output"].dims == (3,)
    x = RNG.normal(size=(3, 4, 3))
    lengths = np.array([4, 2, 3])
    for i, n in enumerate(lengths):
        x[i, n:] = 0
    got = forward(net, lengths, Input=x)["Output"]
    want = np.stack([x[i, [0, n - 1, 1], 1] for i, n in enumerate(lengths)])
    np.testing.assert_array_equal(got, want)
    check_gradients(Executor.for_net(net, "Real64"), {}, {"Input": Batch(x, lengths)})
