"""TransposeLayer: every documented specification against numpy and torch, inference both
ways, and messages for bad specifications and ranks."""

import numpy as np
import pytest

from wlnet.core.session import Session

from _layerutil import build, forward, messages, wl

RNG = np.random.default_rng(9)


@pytest.fixture(scope="module")
def session():
    return Session()


@pytest.mark.parametrize("spec, shape, axes", [
    ("", (2, 3), (1, 0)),
    ("TwoWayRule[1, 3]", (1, 2, 3), (2, 1, 0)),
    ("{TwoWayRule[1, 3], TwoWayRule[2, 4]}", (3, 4, 5, 6), (2, 3, 0, 1)),
    ("{TwoWayRule[1, 3], TwoWayRule[1, 4]}", (3, 4, 5, 6), (3, 1, 0, 2)),
    ("TwoWayRule[2, -1]", (2, 3, 4), (0, 2, 1)),
    ("{3, 1, 2}", (3, 4, 5), (1, 2, 0)),
    ("{2, 1}", (2, 3, 4), (1, 0, 2)),
])
def test_forward_against_numpy_and_torch(session, spec, shape, axes):
    torch = pytest.importorskip("torch")
    net = build(session, f'TransposeLayer[{spec + ", " if spec else ""}"Input" -> {wl(shape)}]')
    assert tuple(net.outputs()["Output"].dims) == tuple(shape[a] for a in axes)
    x = RNG.normal(size=(2,) + shape)
    got = forward(net, Input=x)["Output"]
    full = (0,) + tuple(a + 1 for a in axes)
    np.testing.assert_array_equal(got, np.transpose(x, full))
    np.testing.assert_array_equal(got, torch.from_numpy(x).permute(full).numpy())


def test_the_input_is_learnt_from_the_output(session):
    net = build(session, 'TransposeLayer[{2, 3, 1}, "Output" -> {2, 3, 4}]')
    assert net.inputs()["Input"].dims == (3, 4, 2)


def test_a_sequence_keeps_its_first_level(session):
    net = build(session, 'TransposeLayer[TwoWayRule[2, 3], "Input" -> {"Varying", 2, 3}]')
    x = RNG.normal(size=(2, 4, 2, 3))
    x[0, 3:] = 0
    got = forward(net, np.array([3, 4]), Input=x)["Output"]
    np.testing.assert_array_equal(got, np.transpose(x, (0, 1, 3, 2)))


@pytest.mark.parametrize("text, tag", [
    ("TransposeLayer[{1, 1}]", "TransposeLayer::netarg"),
    ("TransposeLayer[TwoWayRule[0, 1]]", "TransposeLayer::netarg"),
    ('TransposeLayer[TwoWayRule[1, 3], "Input" -> {2, 3}]', "TransposeLayer::rankx"),
    ("TransposeLayer[TwoWayRule[1, 3]][{{1, 2}, {3, 4}}]", "TransposeLayer::rankx"),
    ('TransposeLayer["Input" -> {"Varying", 3}]', "TransposeLayer::nodyn"),
    ('TransposeLayer["Input" -> {2, 3}, "Output" -> {2, 3}]', "TransposeLayer::"),
])
def test_bad_specifications_give_messages(session, text, tag):
    assert any(m.startswith(tag) for m in messages(session, text)), text


def test_rules_are_the_older_spelling_of_exchanges():
    from wlnet.core.session import Session
    s = Session(echo=False)
    a = s.evaluate('NetExtract[TransposeLayer[{2 -> 4, 1 -> 3}, "Input" -> {2, 3, 4, 5}], "Output"]')
    b = s.evaluate('NetExtract[TransposeLayer[{2 <-> 4, 1 <-> 3}, "Input" -> {2, 3, 4, 5}], "Output"]')
    assert a == b and not s.messages
