"""ReplicateLayer: new levels at a position against numpy and torch, sizes learnt both
ways, messages for bad specifications."""

import numpy as np
import pytest

from wlnet.core.session import Session
from wlnet.syntax.printer import output_form

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
    # an Automatic count tied to a varying length that no input gives
    ('NetChain[{ReplicateLayer[Automatic]}, "Input" -> {2}, "Output" -> {"Varying", 2}][{1, 2}]',
     "NetChain::nosize"),
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


SEQ_AND_VEC = ('NetGraph[<|"rep" -> ReplicateLayer[Automatic], "cat" -> CatenateLayer[2], '
               '"m" -> NetMapOperator[LinearLayer[2]]|>, '
               '{NetPort["Vec"] -> "rep", {NetPort["Seq"], "rep"} -> "cat" -> "m"}, '
               '"Seq" -> {"Varying", 3}, "Vec" -> 2]')


@pytest.mark.parametrize("backend", ["numba", "torch"])
def test_an_automatic_count_takes_a_sequence_length(monkeypatch, backend):
    # a vector copied along each example's sequence to be catenated with it (it was a
    # tyinc between the count's size and the sequence's length)
    monkeypatch.setenv("WLNET_BACKEND", backend)
    s = Session()
    s.evaluate('g = NetGraph[{ReplicateLayer[Automatic], CatenateLayer[2]}, '
               '{NetPort["Vec"] -> 1, {NetPort["Seq"], 1} -> 2}, "Seq" -> {"Varying", 3}, "Vec" -> 2];')
    r = s.evaluate('g[{<|"Seq" -> {{1, 2, 3}, {4, 5, 6}}, "Vec" -> {7, 8}|>, '
                   '<|"Seq" -> {{0, 0, 1}}, "Vec" -> {9, 9}|>}]')
    assert output_form(r) == ("{{{1., 2., 3., 7., 8.}, {4., 5., 6., 7., 8.}}, "
                              "{{0., 0., 1., 9., 9.}}}"), s.messages
    r = s.evaluate('g[<|"Seq" -> {{1, 2, 3}, {4, 5, 6}}, "Vec" -> {7, 8}|>, NetPortGradient["Vec"]]')
    assert output_form(r) == "{2., 2.}" and not s.messages


def test_copies_along_sequences_of_several_lengths_take_gradients(session):
    from wlnet.net.execute import Executor
    from wlnet.net.values import Batch
    from _gradcheck import check_gradients, random_arrays
    net = build(session, SEQ_AND_VEC)
    check_gradients(Executor.for_net(net, "Real64"), random_arrays(net, RNG),
                    {"Seq": Batch(RNG.normal(size=(2, 3, 3)), np.array([3, 1])),
                     "Vec": Batch(RNG.normal(size=(2, 2)), None)})
