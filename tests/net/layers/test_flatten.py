"""FlattenLayer: levels merged as documented, against numpy and torch; bad levels and
ranks give messages."""

import numpy as np
import pytest

from wlnet.core.session import Session

from wlnet.syntax.printer import output_form

from _layerutil import build, forward, messages, wl

RNG = np.random.default_rng(7)


@pytest.fixture(scope="module")
def session():
    return Session()


@pytest.mark.parametrize("spec, shape, want", [
    ("", (2, 3, 4), lambda x: x.reshape(len(x), -1)),
    ("1", (2, 3, 4, 5), lambda x: x.reshape(len(x), 6, 4, 5)),
    ("2", (2, 3, 4, 5), lambda x: x.reshape(len(x), 24, 5)),
    ("-1", (2, 3, 4, 5), lambda x: x.reshape(len(x), 2, 3, 20)),
    ("-2", (2, 3, 4, 5), lambda x: x.reshape(len(x), 2, 60)),
    ("Infinity", (2, 3), lambda x: x.reshape(len(x), -1)),
    ("{{2, 3}}", (2, 3, 4), lambda x: x.transpose(0, 2, 3, 1).reshape(len(x), 12, 2)),
    ("{{1}, {3, 2}}", (2, 3, 4), lambda x: x.transpose(0, 1, 3, 2).reshape(len(x), 2, 12)),
])
def test_forward_against_numpy_and_torch(session, spec, shape, want):
    torch = pytest.importorskip("torch")
    net = build(session, f'FlattenLayer[{spec + ", " if spec else ""}"Input" -> {wl(shape)}]')
    x = RNG.normal(size=(3,) + shape)
    got = forward(net, Input=x)["Output"]
    np.testing.assert_array_equal(got, want(x))
    if spec in ("", "Infinity"):
        np.testing.assert_array_equal(got, torch.flatten(torch.from_numpy(x), 1).numpy())
    elif spec == "2":
        np.testing.assert_array_equal(got, torch.flatten(torch.from_numpy(x), 1, 3).numpy())


def test_output_type_is_inferred(session):
    r = session.evaluate('NetExtract[FlattenLayer[{{3}, {1, 2}}, "Input" -> {2, 3, 4}], "Output"]')
    assert output_form(r) == "{4, 6}"                 # as a port is specified


def test_a_sequence_keeps_its_varying_level(session):
    net = build(session, 'FlattenLayer[-1, "Input" -> {"Varying", 2, 3}]')
    x = RNG.normal(size=(2, 4, 2, 3))
    lengths = np.array([4, 2])
    x[1, 2:] = 0
    got = forward(net, lengths, Input=x)["Output"]
    np.testing.assert_array_equal(got, x.reshape(2, 4, 6))


@pytest.mark.parametrize("text, tag", [
    ("FlattenLayer[0]", "FlattenLayer::netarg"),
    ("FlattenLayer[{{1, 1}}]", "FlattenLayer::netarg"),
    ('FlattenLayer[3, "Input" -> {2, 3}]', "FlattenLayer::rankx"),
    ('FlattenLayer["Input" -> {"Varying", 3}]', "FlattenLayer::nodyn"),
    ('FlattenLayer[{{2}}, "Input" -> {"Varying", 3}]', "FlattenLayer::nodyn"),
    # the size the next layer fixed on the link: the link is named (ninctyp2)
    ('NetChain[{FlattenLayer[], LinearLayer[2, "Input" -> 7]}, "Input" -> {2, 3}]', "NetChain::ninctyp2"),
])
def test_bad_levels_and_shapes_give_messages(session, text, tag):
    assert any(m.startswith(tag) for m in messages(session, text)), text


def test_an_output_rank_the_net_refuses_is_reported_as_the_output():
    # a recommender post: FlattenLayer's length-1 vector fed a ThreadingLayer summing it with
    # a DotLayer's scalar; the message is about the flattened output, not a "rank 0 input":
    # the connection from it to the ThreadingLayer that takes a number
    from wlnet.core.session import Session
    s = Session()
    s.evaluate('NetGraph[<|"ub" -> EmbeddingLayer[1, 30], "d" -> DotLayer[], '
               '"sum" -> ThreadingLayer[#1 + #2 &], "flat" -> FlattenLayer[]|>, '
               '{NetPort["User"] -> "ub" -> "flat", {NetPort["A"], NetPort["B"]} -> "d", '
               '{"d", "flat"} -> "sum"}, "User" -> "Integer", "A" -> 3, "B" -> 3]')
    assert any(m.startswith("NetGraph::ninctyp:") and
               'output "Output" of layer flat (FlattenLayer, a length-1 vector' in m
               and "(ThreadingLayer, a real number)" in m for m in s.messages), s.messages
