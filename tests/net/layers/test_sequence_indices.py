"""SequenceIndicesLayer: positions per example (varying lengths, "Maximum"), integer outputs,
the class count it gives an EmbeddingLayer (a learnt position embedding), messages."""

import numpy as np
import pytest

from wlnet.core.session import Session
from wlnet.net.execute import Executor
from wlnet.net.values import Batch
from wlnet.syntax.printer import output_form

from _layerutil import build


@pytest.fixture
def session():
    return Session()


def run(session, text):
    r = session.evaluate(text)
    assert not session.messages, (text, session.messages)
    return output_form(r)


@pytest.mark.parametrize("maximum, want", [
    (None, [[1, 2, 3, 4, 0], [1, 2, 0, 0, 0], [1, 2, 3, 4, 5]]),
    (2, [[1, 2, 2, 2, 0], [1, 2, 0, 0, 0], [1, 2, 2, 2, 2]]),
])
def test_indices_follow_each_length(session, maximum, want):
    option = f'"Maximum" -> {maximum}, ' if maximum else ""
    net = build(session, f'SequenceIndicesLayer[{option}"Input" -> {{"Varying", 3}}]')
    ex = Executor.for_net(net, "Real64")
    x = Batch(np.random.default_rng(0).standard_normal((3, 5, 3)), np.array([4, 2, 5]))
    out = ex.forward({}, {"Input": x}).outputs["Output"]
    assert out.data.dtype.kind == "i"
    np.testing.assert_array_equal(out.data, want)
    np.testing.assert_array_equal(out.lengths, [4, 2, 5])


def test_position_embedding_in_a_graph(session):
    """Input plus an embedding of its positions: gradients reach the embedding's rows of the
    positions used, and the input through the other branch only."""
    run(session, 'g = NetInitialize[NetGraph[<|"pos" -> SequenceIndicesLayer["Maximum" -> 4], '
                 '"emb" -> EmbeddingLayer[2], "plus" -> ThreadingLayer[Plus]|>, '
                 '{NetPort["Input"] -> "pos" -> "emb", {NetPort["Input"], "emb"} -> "plus"}, '
                 '"Input" -> {"Varying", 2}], RandomSeeding -> 1];')
    assert run(session, 'NetExtract[g, {"emb", "ClassCount"}]') == "4"
    x = "{{1, 1}, {2, 2}, {3, 3}, {4, 4}, {5, 5}}"
    w = run(session, f'Normal[NetExtract[g, {{"emb", "Weights"}}]][[{{1, 2, 3, 4, 4}}]] + {x}')
    assert run(session, f'g[{x}]') == w             # the fifth position is clipped to 4
    grad = run(session, 'g[{{1, 1}, {2, 2}, {3, 3}}, NetPortGradient["Input"]]')
    assert grad == "{{1., 1.}, {1., 1.}, {1., 1.}}"


def test_maximum_as_the_argument(session):
    # SequenceIndicesLayer[nmax], as position embeddings are written
    assert run(session, 'SequenceIndicesLayer[5][{1, 2, 3, 4, 5, 6, 7}]') == "{1, 2, 3, 4, 5, 5, 5}"
    assert run(session, 'NetExtract[SequenceIndicesLayer[3], "Maximum"]') == "3"


@pytest.mark.parametrize("text", ['SequenceIndicesLayer["Maximum" -> 0]',
                                  'SequenceIndicesLayer["Maximum" -> 2.5]',
                                  'SequenceIndicesLayer[0]'])
def test_bad_maximum(session, text):
    session.evaluate(text)
    assert session.messages and session.messages[0].startswith("SequenceIndicesLayer::invmax")


def test_round_trip(session):
    assert run(session, 'a = SequenceIndicesLayer["Maximum" -> 7, "Input" -> {"Varying", 2}]; '
                        'ToExpression[ToString[InputForm[a]]] === a') == "True"
    assert run(session, 'NetExtract[SequenceIndicesLayer[], "Maximum"]') == "Infinity"
