"""OrderingLayer (the reference page's examples): Ordering of a vector, the first n and
the last n positions, a fixed input length, batches and sequences of varying length, the
integer output type that an EmbeddingLayer can take, and the messages."""

import numpy as np
import pytest

from wlnet.core.session import Session
from wlnet.net.layers.ordering import ordering

from _docs import message_tags, shown


@pytest.fixture(scope="module")
def session():
    return Session()


@pytest.mark.parametrize("spec", ["", "4", "-4", "1", "-1", "8"])
def test_same_as_ordering(session, spec):
    data = "{5, 1, 4, 3, 9, 0, 2, 8}"
    args = f", {spec}" if spec else ""
    assert shown(session, f"OrderingLayer[{spec}][{data}] == Ordering[{data}{args}]") == "True"


@pytest.mark.parametrize("text, want", [
    ('OrderingLayer[4, "Input" -> 8][{{5, 1, 4, 3, 9, 0, 2, 8}, {1, 2, 3, 4, 5, 6, 7, 8}}]',
     "{{6, 2, 7, 4}, {1, 2, 3, 4}}"),
    ('OrderingLayer["Input" -> "Varying"][{{3, 1, 2}, {2, 1}}]', "{{2, 3, 1}, {2, 1}}"),
    ('OrderingLayer[-1, "Input" -> "Varying"][{{3, 1, 2}, {2, 1}}]', "{{1}, {1}}"),
    ("OrderingLayer[][{2, 1, 2, 1}]", "{2, 4, 1, 3}"),                 # ties by position
    ('NetExtract[NetChain[{OrderingLayer[], EmbeddingLayer[2]}, "Input" -> 5], '
     '{2, "ClassCount"}]', "5"),
])
def test_examples(session, text, want):
    assert shown(session, text) == want


def test_summary(session):
    text = shown(session, 'OrderingLayer[4, "Input" -> 8]')
    assert "a length-4 vector of integers between 1 and 8" in text


def test_ordering_of_random_batches_against_numpy():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(5, 7))
    lengths = np.array([7, 3, 5, 7, 4])
    for spec in (None, 2, -3):
        got = ordering(x, lengths, spec)
        for i, n in enumerate(lengths):
            want = np.argsort(x[i, :n], kind="stable") + 1
            want = want if spec is None else want[:spec] if spec > 0 else want[spec:]
            assert list(got[i, :len(want)]) == list(want)


@pytest.mark.parametrize("text, tag", [
    ("OrderingLayer[0]", "OrderingLayer::invorder"),
    ('OrderingLayer[5, "Input" -> 3]', "OrderingLayer::ordshort"),
    ('OrderingLayer[3, "Input" -> "Varying"][{{3, 1, 2}, {2, 1}}]', "OrderingLayer::ordshort"),
    ("OrderingLayer[][{a, b}]", "OrderingLayer::invindata1"),
])
def test_messages(session, text, tag):
    assert tag in message_tags(session, text)


def test_too_few_elements_on_the_torch_backend_too():
    # the CPU op and the torch lowering share the check (the torch backend gave the
    # whole ordering)
    pytest.importorskip("torch")
    from wlnet.net.backends import backend
    from wlnet.net.errors import NetSpecError
    from wlnet.net.execute import Executor
    from wlnet.net.values import Batch
    from _layerutil import build
    net = build(Session(), 'OrderingLayer[5, "Input" -> "Varying"]')
    batches = {"Input": Batch(np.array([[3.0, 1.0, 2.0]]), np.array([3]))}
    with pytest.raises(NetSpecError):
        Executor.for_net(net, "Real64", backend("torch")).forward({}, batches)
