"""ReplicateLayer: new levels at a position against numpy and torch, sizes learnt both
ways, messages for bad specifications."""

import numpy as np
import pytest

from wlnet.core.session import Session

from _layerutil import build, forward, messages, wl

RNG = np.random.default_rng(15)


@pytest.fixture(scope="module")
def session():
    return Session()


@pytest.mark.parametrize("spec, shape, start, dims", [
    ("3", (2,), 0, (3,)),
    ("{3, 4}", (2,), 0, (3, 4)),
    ("3, 2", (2, 5), 1, (3,)),
    ("2, -1", (2, 5), 2, (2,)),
    ("{2, 3}, 3", (2, 5), 2, (2, 3)),
])
def test_against_numpy_and_torch(session, spec, shape, start, dims):
    torch = pytest.importorskip("torch")
    net = build(session, f'ReplicateLayer[{spec}, "Input" -> {wl(shape)}]')
    want_shape = shape[:start] + dims + shape[start:]
    assert tuple(net.outputs()["Output"].dims) == want_shape
    x = RNG.normal(size=(3,) + shape)
    got = forward(net, Input=x)["Output"]
    expanded = x.reshape((3,) + shape[:start] + (1,) * len(dims) + shape[start:])
    np.testing.assert_array_equal(got, np.broadcast_to(expanded, (3,) + want_shape))
    t = torch.from_numpy(expanded).expand((3,) + want_shape)
    np.testing.assert_array_equal(got, t.numpy())


def test_sizes_are_learnt_from_the_output(session):
    net = build(session, 'ReplicateLayer[Automatic, 2, "Output" -> {3, 4, 5}]')
    assert net.inputs()["Input"].dims == (3, 5)
    assert tuple(net.root.params["Specification"].dims) == (4,)


@pytest.mark.parametrize("text, tag", [
    ("ReplicateLayer[0]", "ReplicateLayer::netarg"),
    ("ReplicateLayer[{}]", "ReplicateLayer::netarg"),
    ("ReplicateLayer[2, 0]", "ReplicateLayer::netarg"),
    ('ReplicateLayer[3, 4, "Input" -> 2]', "ReplicateLayer::rankx"),
    ('ReplicateLayer[3, "Input" -> 2, "Output" -> {4, 2}]', "ReplicateLayer::"),
    # a fixed count (Automatic: learnt as a size) never makes a varying length
    ('NetChain[{ReplicateLayer[Automatic]}, "Input" -> {2}, "Output" -> {"Varying", 2}]',
     "ReplicateLayer::repvary"),
    ('NetChain[{ReplicateLayer[3]}, "Input" -> {2}, "Output" -> {"Varying", 2}]',
     "ReplicateLayer::repvary"),
])
def test_bad_specifications_give_messages(session, text, tag):
    assert any(m.startswith(tag) for m in messages(session, text)), text


def test_a_count_tied_to_the_input_length_is_read_from_the_data():
    # the torch converter's nn.Normalize: x / Norm[x], the norm replicated to x's length,
    # a length the net leaves free until it is applied
    s = Session()
    s.evaluate('g = NetGraph[{ElementwiseLayer[#^2 &], SummationLayer[], ElementwiseLayer[Sqrt], '
               'ReplicateLayer[{Automatic}], ThreadingLayer[#1/#2 &]}, '
               '{1 -> 2 -> 3 -> 4, {NetPort["Input"], 4} -> 5}]')
    got = s.evaluate('g[{3., 4.}]')
    assert [float(x.value) for x in got.args] == pytest.approx([0.6, 0.8])
    got = s.evaluate('g[{{1., 0., 0.}, {0., 2., 0.}}]')
    assert [float(x.value) for row in got.args for x in row.args] == \
        pytest.approx([1., 0., 0., 0., 1., 0.])
    assert not s.messages


def test_a_count_nothing_gives_is_a_message():
    s = Session()
    value = s.evaluate('ReplicateLayer[{Automatic}][2.]')
    assert value.name == "$Failed"
    assert [m.split(": ", 1)[0] for m in s.messages] == ["ReplicateLayer::nosize"]
