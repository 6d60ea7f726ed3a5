"""ReshapeLayer: sizes, Inherited, Automatic and a last All, against numpy; element counts
that do not fit give messages (at construction when the input is known, else when run)."""

import numpy as np
import pytest

from wlnet.core.session import Session
from wlnet.syntax.printer import output_form

from _layerutil import build, forward, messages, wl

RNG = np.random.default_rng(8)


@pytest.fixture(scope="module")
def session():
    return Session()


@pytest.mark.parametrize("spec, shape, want", [
    ("{2, 3}", (6,), (2, 3)),
    ("{Automatic, 2}", (2, 3), (3, 2)),
    ("{Inherited, Automatic}", (2, 3, 4), (2, 12)),
    ("{2, 3, All}", (6, 4, 5), (2, 3, 4, 5)),
    ("{Inherited, 2, Automatic}", (3, 4, 2), (3, 2, 4)),
    ("{}", (1,), ()),
])
def test_forward_against_numpy(session, spec, shape, want):
    torch = pytest.importorskip("torch")
    net = build(session, f'ReshapeLayer[{spec}, "Input" -> {wl(shape)}]')
    assert tuple(net.outputs()["Output"].dims) == want
    x = RNG.normal(size=(2,) + shape)
    got = forward(net, Input=x)["Output"]
    np.testing.assert_array_equal(got, x.reshape((2,) + want))
    np.testing.assert_array_equal(got, torch.from_numpy(x).reshape((2,) + want).numpy())


def test_a_sequence_keeps_its_inherited_first_level(session):
    net = build(session, 'ReshapeLayer[{Inherited, 2, 3}, "Input" -> {"Varying", 6}]')
    x = RNG.normal(size=(2, 3, 6))
    x[1, 1:] = 0
    got = forward(net, np.array([3, 1]), Input=x)["Output"]
    np.testing.assert_array_equal(got, x.reshape(2, 3, 2, 3))


def test_applied_without_a_known_input(session):
    r = session.evaluate("ReshapeLayer[{Automatic, 2}][{{1, 2, 3}, {4, 5, 6}}]")
    assert output_form(r) == "{{1., 2.}, {3., 4.}, {5., 6.}}"


@pytest.mark.parametrize("text, tag", [
    ('ReshapeLayer[{2, 4}, "Input" -> 6]', "ReshapeLayer::reshapecount"),
    ('ReshapeLayer[{Automatic, 4}, "Input" -> 6]', "ReshapeLayer::reshapecount"),
    ("ReshapeLayer[{2, 4}][Range[6]]", "ReshapeLayer::reshapecount"),
    ("ReshapeLayer[{Automatic, Automatic}]", "ReshapeLayer::netarg"),
    ("ReshapeLayer[{All, 2}]", "ReshapeLayer::netarg"),
    ("ReshapeLayer[3]", "ReshapeLayer::netarg"),
    ('ReshapeLayer[{3, Automatic}, "Input" -> {"Varying", 3}]', "ReshapeLayer::nodyn"),
    ('ReshapeLayer[{Inherited, Inherited, 2}, "Input" -> {2}]', "ReshapeLayer::rankx"),
])
def test_bad_specifications_give_messages(session, text, tag):
    assert any(m.startswith(tag) for m in messages(session, text)), text


def test_the_count_message_counts_the_whole_input(session):
    # Inherited levels are copied and the rest reshaped, but the message counts the input
    # the user gave (3×4: 12 elements), not only the part being reshaped
    msgs = messages(session, 'ReshapeLayer[{Inherited, 2}, "Input" -> {3, 4}]')
    assert msgs[0].startswith("ReshapeLayer::reshapecount: The input of ReshapeLayer has 12 elements"), msgs


def test_the_shape_of_a_reference_port(session):
    net = build(session, 'ReshapeLayer["ReferenceShape", "Input" -> 6, "ReferenceShape" -> {2, 3}]')
    assert net.outputs()["Output"].dims == (2, 3)
    x = RNG.normal(size=(2, 6))
    got = forward(net, Input=x, ReferenceShape=np.zeros((2, 2, 3)))["Output"]
    np.testing.assert_array_equal(got, x.reshape(2, 2, 3))
    assert any(m.startswith("ReshapeLayer::reshapecount") for m in messages(
        session, 'ReshapeLayer["ReferenceShape", "Input" -> 6, "ReferenceShape" -> {2, 2}]'))
