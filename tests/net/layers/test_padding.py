"""PaddingLayer: constant, "Fixed", "Reflected" and "Periodic" padding against numpy.pad
and torch; bad specifications give messages."""

import numpy as np
import pytest

from wlnet.core.session import Session

from _layerutil import build, forward, messages, wl

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


@pytest.mark.parametrize("text, tag", [
    ('PaddingLayer[{{3, 1}}, Padding -> "Reflected", "Input" -> 3]', "PaddingLayer::padw"),
    ('PaddingLayer[{{1, 1}}, "Input" -> "Varying"]', "PaddingLayer::nodyn"),
    ('PaddingLayer[{{1, 1}}, Padding -> "Foo"]', "PaddingLayer::netarg"),
    ("PaddingLayer[{1, 1}]", "PaddingLayer::netarg"),
    ('PaddingLayer[{{1, 1}, {1, 1}}, "Input" -> 3]', "PaddingLayer::rankx"),
    ("PaddingLayer[{{1, 1}, {1, 1}}][{1, 2}]", "PaddingLayer::rankx"),
])
def test_bad_specifications_give_messages(session, text, tag):
    assert any(m.startswith(tag) for m in messages(session, text)), text
