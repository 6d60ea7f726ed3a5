"""PaddingLayer: constant, "Fixed", "Reflected" and "Periodic" padding against numpy.pad
and torch; bad specifications give messages."""

import numpy as np
import pytest

from wlnet.core.session import Session

from _gradcheck import check_gradients
from _layerutil import build, forward, messages, wl
from wlnet.net.execute import Executor
from wlnet.net.values import Batch

RNG = np.random.default_rng(18)


@pytest.fixture(scope="module")
def session():
    return Session()


@pytest.mark.parametrize("method, mode, extra", [
    ("0", "constant", {"constant_values": 0}),
    ("-2.5", "constant", {"constant_values": -2.5}),
    ('"Fixed"', "edge", {}),
    ('"Reflected"', "reflect", {}),
    ('"Periodic"', "wrap", {}),
    ('"Reversed"', "symmetric", {}),
])
@pytest.mark.parametrize("widths, shape", [
    (((1, 2),), (4,)),
    (((2, 0), (1, 3)), (3, 4)),
    (((0, 0), (1, 1)), (2, 3, 2)),
])
def test_against_numpy(session, method, mode, extra, widths, shape):
    spec = "{" + ", ".join("{%d, %d}" % w for w in widths) + "}"
    net = build(session, f'PaddingLayer[{spec}, Padding -> {method}, "Input" -> {wl(shape)}]')
    x = RNG.normal(size=(2,) + shape)
    full = ((0, 0),) + widths + ((0, 0),) * (len(shape) - len(widths))
    got = forward(net, Input=x)["Output"]
    np.testing.assert_array_equal(got, np.pad(x, full, mode=mode, **extra))
    assert got.shape[1:] == tuple(net.outputs()["Output"].dims)


def test_constant_padding_against_torch(session):
    torch = pytest.importorskip("torch")
    net = build(session, 'PaddingLayer[{{1, 2}, {0, 1}}, Padding -> 3, "Input" -> {2, 3}]')
    x = RNG.normal(size=(2, 2, 3))
    want = torch.nn.functional.pad(torch.from_numpy(x), (0, 1, 1, 2), value=3.0).numpy()
    np.testing.assert_array_equal(forward(net, Input=x)["Output"], want)


_LENGTHS = np.array([4, 2, 3])


def _per_example(x, lengths, full, mode, extra):
    """numpy.pad of each example's valid steps, zeros after its padded length."""
    rows = [np.pad(v[:n], full, mode=mode, **extra) for v, n in zip(x, lengths)]
    out = np.zeros((len(rows), max(len(r) for r in rows)) + rows[0].shape[1:])
    for i, r in enumerate(rows):
        out[i, :len(r)] = r
    return out


@pytest.mark.parametrize("method, mode, extra", [
    ("-2.5", "constant", {"constant_values": -2.5}),
    ('"Fixed"', "edge", {}),
    ('"Reflected"', "reflect", {}),
    ('"Periodic"', "wrap", {}),
    ('"Reversed"', "symmetric", {}),
])
@pytest.mark.parametrize("widths", [((1, 1),), ((0, 1), (1, 0)), ((1, 0), (0, 0))])
def test_varying_sequence_padded_after_each_example(session, method, mode, extra, widths):
    """Each example is padded after its own last step, from its own elements, and the
    output is a sequence of its own length (the input's plus the padding)."""
    spec = "{" + ", ".join("{%d, %d}" % w for w in widths) + "}"
    net = build(session, f'PaddingLayer[{spec}, Padding -> {method}, '
                         f'"Input" -> {{"Varying", 2}}]')
    x = RNG.normal(size=(3, 4, 2))
    full = widths + ((0, 0),) * (2 - len(widths))
    ex = Executor.for_net(net, "Real64")
    out = ex.forward({}, {"Input": Batch(x, _LENGTHS)}).outputs["Output"]
    np.testing.assert_array_equal(out.lengths, _LENGTHS + sum(widths[0]))
    np.testing.assert_array_equal(out.data, _per_example(x, _LENGTHS, full, mode, extra))
    check_gradients(ex, {}, {"Input": Batch(x, _LENGTHS)})


def test_varying_padding_from_wl(session):
    assert session.evaluate('PaddingLayer[{{2, 1}}, "Input" -> "Varying"]'
                            '[{{1, 2, 3}, {4}}]') == session.evaluate(
        "{{0., 0., 1., 2., 3., 0.}, {0., 0., 4., 0.}}")
    chain = ('NetChain[{PaddingLayer[{{1, 1}, {0, 0}}], ConvolutionLayer[3, {3}, '
             '"Interleaving" -> True]}, "Input" -> {"Varying", 2}]')
    net = build(session, chain)
    assert str(net.outputs()["Output"].dims[0]).startswith("LengthVar")


def test_the_padding_as_a_positional_parameter(session):
    # Tiny YOLO's converter: PaddingLayer[{{0, 0}, {0, 1}, {0, 1}}, -100] before a stride-1 pool
    assert session.evaluate("PaddingLayer[{{0, 0}, {0, 1}, {0, 1}}, -100][{{{1, 2}, {3, 4}}}]") == \
        session.evaluate("{{{1., 2., -100.}, {3., 4., -100.}, {-100., -100., -100.}}}")
    assert session.evaluate('PaddingLayer[{{1, 0}}, "Fixed"][{5, 6}]') == session.evaluate("{5., 5., 6.}")
    assert any(m.startswith("PaddingLayer::argt") for m in messages(session, "PaddingLayer[{{1, 1}}, 1, 2]"))


@pytest.mark.parametrize("method", ["0", '"Reflected"', '"Periodic"'])
def test_varying_padding_against_torch(session, method):
    pytest.importorskip("torch")
    from wlnet.net.backends import backend
    net = build(session, f'PaddingLayer[{{{{1, 1}}, {{1, 0}}}}, Padding -> {method}, '
                         f'"Input" -> {{"Varying", 2}}]')
    x = RNG.normal(size=(3, 4, 2))
    results = []
    for name in ("numba", "torch"):
        ex = Executor(net.root, "Real64", backend(name))
        res = ex.forward({}, {"Input": Batch(x, _LENGTHS)}, keep=True)
        weights = {"Output": np.random.default_rng(1).normal(size=res.outputs["Output"].data.shape)}
        results.append((np.asarray(res.outputs["Output"].data),
                        np.asarray(ex.backward(res, weights).inputs["Input"])))
    (y1, g1), (y2, g2) = results
    np.testing.assert_allclose(y1, y2, atol=1e-12)
    np.testing.assert_allclose(g1, g2, atol=1e-12)


@pytest.mark.parametrize("text, tag", [
    ('PaddingLayer[{{3, 1}}, Padding -> "Reflected", "Input" -> 3]', "PaddingLayer::padw"),
    ('PaddingLayer[{{0, 0}, {1, 1}}, "Input" -> {2, "Varying"}]', "PaddingLayer::invportspec"),
    ('PaddingLayer[{{2, 2}}, "Input" -> "Varying", Padding -> "Reflected"][{{1, 2}}]',
     "PaddingLayer::padw"),
    ('PaddingLayer[{{1, 1}}, Padding -> "Foo"]', "PaddingLayer::netarg"),
    ("PaddingLayer[{1, 1}]", "PaddingLayer::netarg"),
    ('PaddingLayer[{{1, 1}, {1, 1}}, "Input" -> 3]', "PaddingLayer::rankx"),
    ("PaddingLayer[{{1, 1}, {1, 1}}][{1, 2}]", "PaddingLayer::rankx"),
])
def test_bad_specifications_give_messages(session, text, tag):
    assert any(m.startswith(tag) for m in messages(session, text)), text
