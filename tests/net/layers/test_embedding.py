"""EmbeddingLayer: rows of "Weights" by integer code (numpy and torch.nn.Embedding), the
gradient of the weights, the class count learnt from an encoder, out-of-range messages."""

import numpy as np
import pytest

from wlnet.core.expr import Symbol
from wlnet.core.session import Session
from wlnet.net.execute import Executor
from wlnet.net.values import Batch
from wlnet.net.wlform import net_from_expr

from _sequences import array, evaluate

SIZE, N = 4, 6


def embedding_net(spec='"Input" -> {"Varying"}'):
    s = Session()
    net = net_from_expr(s.evaluate(f'NetInitialize[EmbeddingLayer[{SIZE}, {N}, {spec}], '
                                   'RandomSeeding -> 2]'))
    assert not s.messages, s.messages
    return net


def test_rows_by_code_and_the_gradient_against_torch():
    net = embedding_net()
    rng = np.random.default_rng(0)
    weights = rng.standard_normal((N, SIZE))
    codes = np.array([[1, 6, 3, 3], [2, 5, 0, 0]], np.int32)     # example 2 has length 2
    lengths = np.array([4, 2])
    ex = Executor.for_net(net, "Real64")
    arrays = {("Arrays", "Weights"): weights}
    res = ex.forward(arrays, {"Input": Batch(codes, lengths)}, keep=True)
    out = res.outputs["Output"].data
    for e, n in enumerate(lengths):
        np.testing.assert_array_equal(out[e, :n], weights[codes[e, :n] - 1])
    d = rng.standard_normal(out.shape)
    for e, n in enumerate(lengths):
        d[e, n:] = 0                        # gradients reach only valid steps
    grads = ex.backward(res, {"Output": d})
    torch = pytest.importorskip("torch")
    emb = torch.nn.Embedding(N, SIZE).double()
    with torch.no_grad():
        emb.weight.copy_(torch.from_numpy(weights))
    valid = np.concatenate([codes[e, :n] for e, n in enumerate(lengths)]) - 1
    t_out = emb(torch.from_numpy(valid.astype(np.int64)))
    (t_out * torch.from_numpy(np.concatenate([d[e, :n] for e, n in enumerate(lengths)]))).sum().backward()
    np.testing.assert_allclose(grads.arrays[("Arrays", "Weights")], emb.weight.grad.numpy(),
                               rtol=1e-12, atol=1e-14)
    assert "Input" not in grads.inputs           # integer codes have no gradient


def test_any_rank_of_codes():
    r, msgs = evaluate('Dimensions@NetInitialize[EmbeddingLayer[3, 5]][{{1, 2}, {3, 4}, {5, 1}}]')
    assert not msgs and [a.value for a in r.args] == [3, 2, 3]


def test_size_and_class_count_from_the_weights_alone():
    # EmbeddingLayer["Weights" -> w] (a converted Keras net): w is the n×size matrix
    r, msgs = evaluate('EmbeddingLayer["Weights" -> {{1, 2}, {3, 4}, {5, 6}}][{3, 1}]')
    assert not msgs and r == evaluate('{{5., 6.}, {1., 2.}}')[0]
    r, msgs = evaluate('Dimensions[EmbeddingLayer["Weights" -> RandomReal[1, {12, 8}]][12]]')
    assert not msgs and r == evaluate('{8}')[0], r


def test_class_count_from_an_encoder_and_a_recurrent_model():
    r, msgs = evaluate(
        'net = NetInitialize[NetChain[{EmbeddingLayer[3], LongShortTermMemoryLayer[4], '
        'SequenceLastLayer[]}, "Input" -> NetEncoder[{"Characters", "abcde"}]], RandomSeeding -> 1]; '
        '{NetExtract[net, {1, "ClassCount"}], Dimensions@NetExtract[net, {1, "Weights"}], net["abca"]}')
    assert not msgs, msgs
    count, dims, out = r.args
    assert count.value == 5 and [d.value for d in dims.args] == [5, 3]
    assert array(out).shape == (4,)


@pytest.mark.parametrize("data, words", [
    ("{1, 7}", "a length-2 vector containing 7"),
    ("{{1, 2}, {0, 1}}", "containing 0"),
    ("7", "the number 7"),
    ("{1.5}", "containing 1.5"),
])
def test_out_of_range_codes_are_messages(data, words):
    r, msgs = evaluate(f'NetInitialize[EmbeddingLayer[2, 6]][{data}]')
    assert r == Symbol("$Failed")
    assert msgs[0].startswith("EmbeddingLayer::invindata1"), msgs
    assert words in msgs[0] and "integers between 1 and 6" in msgs[0]


@pytest.mark.parametrize("text, tag", [
    ("EmbeddingLayer[0, 3]", "invsize"), ("EmbeddingLayer[2, -1]", "invsize"),
    ("EmbeddingLayer[]", "argt"), ('EmbeddingLayer["Weights" -> {1, 2}]', "argt"),
    ('EmbeddingLayer[2, 3, "Weights" -> {{1, 2}, {3, 4}}]', "arrdims"),
])
def test_bad_construction(text, tag):
    r, msgs = evaluate(text)
    assert r == Symbol("$Failed") and msgs[0].startswith(f"EmbeddingLayer::{tag}"), msgs


def test_reals_cannot_feed_it():
    r, msgs = evaluate('NetChain[{LinearLayer[3], EmbeddingLayer[2, 3]}, "Input" -> 2]')
    assert r == Symbol("$Failed") and "integers between 1 and 3" in msgs[0]
