"""TotalLayer: the elementwise sum of its inputs against numpy and torch, one shape for all
ports, ports from connections and lists; messages for inputs of different shapes."""

import numpy as np
import pytest

from wlnet.core.session import Session
from wlnet.syntax.printer import output_form

from _layerutil import build, forward, messages

RNG = np.random.default_rng(11)


@pytest.fixture(scope="module")
def session():
    return Session()


def test_sum_against_numpy_and_torch(session):
    torch = pytest.importorskip("torch")
    net = build(session, "TotalLayer[InputPorts -> {{2, 3}, Automatic, Automatic}]")
    xs = [RNG.normal(size=(4, 2, 3)) for _ in range(3)]
    got = forward(net, Input1=xs[0], Input2=xs[1], Input3=xs[2])["Output"]
    np.testing.assert_allclose(got, xs[0] + xs[1] + xs[2], rtol=1e-15)
    want = torch.stack([torch.from_numpy(x) for x in xs]).sum(0).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-15)


def test_the_output_fixes_every_input(session):
    net = build(session, 'TotalLayer[InputPorts -> 3, "Output" -> {2, 3}]')
    assert all(t.dims == (2, 3) for t in net.inputs().values())


def test_in_a_graph_and_on_a_list(session):
    r = session.evaluate("TotalLayer[][{{1, 2}, {3, 4}, {5, 6}}]")
    assert output_form(r) == "{9., 12.}"
    text = ('NetGraph[{ElementwiseLayer[Tanh], ElementwiseLayer[Sin], TotalLayer[]}, '
            '{NetPort["x"] -> 1, NetPort["x"] -> 2, {1, 2} -> 3}, "x" -> 3]')
    r = session.evaluate(f"{text}[{{0.1, 0.2, 0.3}}]")
    want = np.tanh([0.1, 0.2, 0.3]) + np.sin([0.1, 0.2, 0.3])
    np.testing.assert_allclose([float(a.value) for a in r.args], want, rtol=1e-6)


@pytest.mark.parametrize("text, tag", [
    ("TotalLayer[InputPorts -> {{2}, {3}}]", "TotalLayer::portsinc"),
    ("TotalLayer[][{{1, 2}, {3}}]", "TotalLayer::"),
    ("TotalLayer[InputPorts -> 0]", "TotalLayer::invports"),
    ("TotalLayer[1]", "TotalLayer::"),
])
def test_bad_inputs_give_messages(session, text, tag):
    assert any(m.startswith(tag) for m in messages(session, text)), text
