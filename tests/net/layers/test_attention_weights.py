"""AttentionLayer's attention weights, asked for by NetPort["AttentionWeights"] (a lone layer)
or NetPort[{…, "AttentionWeights"}] (a layer inside a graph or chain): the softmax of the
scores over each query's keys (checked against the scores computed here in numpy), masked
keys 0, each example cut to its own queries and keys, on numpy and torch; the weights are
no port of the layer (a graph's and a chain's ports stay as they were)."""

import numpy as np
import pytest

from wlnet.core.expr import to_python
from wlnet.core.session import Session
from wlnet.net.backends import backend
from wlnet.net.execute import Executor
from wlnet.net.values import Batch, RunContext
from wlnet.syntax.printer import output_form

from test_attention import CASES, attention_net

WEIGHTS = "AttentionWeights"


def reference_weights(K, Q, W, scoring, rescale, mask):
    """One example in numpy: K (n, h, k), Q (m, h, q) → the weights (m, n, h)."""
    QW = Q if scoring == "Dot" else np.einsum("mhq,kq->mhk", Q, W)
    scores = np.einsum("nhk,mhk->mnh", K, QW)
    if rescale:
        scores = scores / np.sqrt(K.shape[-1])
    if mask is not None:
        m, n = scores.shape[:2]
        i, j = np.arange(m)[:, None], np.arange(n)[None, :]
        allowed = j <= i if mask[1] is None else (j <= i) & (j > i - mask[1])
        scores = np.where(allowed[:, :, None], scores, -np.inf)
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _weights_of(ex, res) -> Batch:
    (step,) = ex.steps
    return res.env[(step.path, "out", WEIGHTS)]


def _varying_batches(rng, heads, mask):
    h = heads or 1
    lead = (h,) if heads else ()
    key_lengths = np.array([4, 2, 3])
    query_lengths = key_lengths if mask else np.array([1, 3, 2])
    m = 4 if mask else 3
    K, V = rng.standard_normal((3, 4) + lead + (3,)), rng.standard_normal((3, 4) + lead + (2,))
    Q = rng.standard_normal((3, m) + lead + (3,))
    batches = {"Key": Batch(K, key_lengths), "Value": Batch(V, key_lengths),
               "Query": Batch(Q, query_lengths)}
    return batches, key_lengths, query_lengths


@pytest.mark.parametrize("heads", [None, 2])
@pytest.mark.parametrize("options, mask, scoring, rescale", CASES)
def test_weights_are_the_softmax_of_the_scores(options, mask, scoring, rescale, heads):
    net = attention_net(options, heads=heads)
    rng = np.random.default_rng(0)
    arrays = {path: rng.uniform(-1, 1, dims) for path, dims in net.array_paths().items()}
    batches, key_lengths, query_lengths = _varying_batches(rng, heads, mask)
    ex = Executor.for_net(net, "Real64")
    res = ex.forward(arrays, batches, keep=True)
    got = _weights_of(ex, res)
    assert set(res.outputs) == {"Output"}          # not an output port of the net
    h = heads or 1
    W = arrays.get(("Arrays", "Weights"))
    for e in range(3):
        n, m = key_lengths[e], query_lengths[e]
        K = batches["Key"].data[e, :n].reshape(n, h, -1)
        Q = batches["Query"].data[e, :m].reshape(m, h, -1)
        want = reference_weights(K, Q, W, scoring, rescale, mask)
        mine = got.data[e].reshape(got.data.shape[1], got.data.shape[2], h)
        np.testing.assert_allclose(mine[:m, :n], want, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(mine[:m, :n].sum(axis=1), 1, rtol=1e-12)
        assert not mine[:m, n:].any()                  # keys beyond the example's: weight 0
        # each example is cut to its own queries and keys
        assert tuple(got.lengths[e]) == (m, n)
    assert got.data.shape[3:] == ((heads,) if heads else ())


def test_weights_are_given_only_when_kept():
    """The op gives the weights when run with keep (as evaluation asks for NetPort[…]), not
    on a plain evaluation."""
    net = attention_net('"Dot", ')
    batches, _, _ = _varying_batches(np.random.default_rng(1), None, None)
    (step,) = Executor.for_net(net, "Real64").steps
    for keep in (False, True):
        ctx = RunContext(False, None, keep, np.dtype("float64"))
        outputs, _, _ = step.op.forward(batches, {}, {}, ctx)
        assert (WEIGHTS in outputs) is keep


@pytest.mark.parametrize("heads", [None, 2])
def test_torch_gives_the_same_weights(heads):
    pytest.importorskip("torch")
    net = attention_net('"Mask" -> "Causal", ', heads=heads)
    rng = np.random.default_rng(2)
    arrays = {path: rng.uniform(-1, 1, dims) for path, dims in net.array_paths().items()}
    batches, _, _ = _varying_batches(rng, heads, ("Causal", None))
    on_numpy = Executor.for_net(net, "Real64")
    on_torch = Executor.for_net(net, "Real64", backend("torch"))
    a = _weights_of(on_numpy, on_numpy.forward(arrays, batches, keep=True))
    b = _weights_of(on_torch, on_torch.forward(arrays, batches, keep=True))
    np.testing.assert_allclose(b.data, a.data, rtol=1e-9, atol=1e-12)
    np.testing.assert_array_equal(b.lengths, a.lengths)


def _evaluate(s, text):
    r = s.evaluate(text)
    assert not s.messages, s.messages
    return output_form(r)


def test_lone_layer_forms():
    s = Session()
    s.evaluate('att = AttentionLayer["Dot"]; '
               'kvq = <|"Key" -> {{1, 0}, {0, 1}, {1, 1}}, "Value" -> {{1}, {3}, {4}}, '
               '"Query" -> {{1, 0}, {0, 2}}|>')
    w = np.array(to_python(s.evaluate('att[kvq, NetPort["AttentionWeights"]]')))
    K = np.array([[1.0, 0], [0, 1], [1, 1]])
    Q = np.array([[1.0, 0], [0, 2]])
    e = np.exp(Q @ K.T)
    np.testing.assert_allclose(w, e / e.sum(axis=1, keepdims=True), rtol=1e-5)
    # one query vector: a vector of weights, which give the output
    assert _evaluate(s, 'att[<|"Key" -> {{1, 0}, {0, 1}}, "Value" -> {{1}, {3}}, '
                        '"Query" -> {1, 0}|>, NetPort["AttentionWeights"]]') == \
        "{0.731059, 0.268941}"
    both = _evaluate(s, 'att[<|"Key" -> {{1, 0}, {0, 1}}, "Value" -> {{1}, {3}}, '
                        '"Query" -> {1, 0}|>, {NetPort["Output"], NetPort["AttentionWeights"]}]')
    assert both == ('<|NetPort["Output"] -> {1.53788}, '
                    'NetPort["AttentionWeights"] -> {0.731059, 0.268941}|>')


def test_causal_mask_and_varying_lengths_of_a_batch():
    s = Session()
    s.evaluate('att = AttentionLayer["Dot", "Key" -> {"Varying", 2}, "Value" -> {"Varying", 1}, '
               '"Query" -> {"Varying", 2}]')
    w = s.evaluate('att[{<|"Key" -> {{1, 0}, {0, 1}, {1, 1}}, "Value" -> {{1}, {3}, {4}}, '
                   '"Query" -> {{1, 0}, {0, 2}}|>, <|"Key" -> {{1, 0}}, "Value" -> {{1}}, '
                   '"Query" -> {{1, 0}, {0, 2}, {1, 1}}|>}, NetPort["AttentionWeights"]]')
    assert not s.messages, s.messages
    first, second = to_python(w)
    assert np.shape(first) == (2, 3) and np.shape(second) == (3, 1)   # own queries × keys
    np.testing.assert_allclose(np.sum(first, axis=1), 1, rtol=1e-6)
    np.testing.assert_allclose(second, 1)
    causal = np.array(to_python(s.evaluate(
        'AttentionLayer["Dot", "Mask" -> "Causal"][<|"Key" -> {{1, 0}, {0, 1}, {1, 1}}, '
        '"Value" -> {{1}, {3}, {4}}, "Query" -> {{1, 0}, {1, 0}, {0, 1}}|>, '
        'NetPort["AttentionWeights"]]')))
    assert np.all(causal[np.triu_indices(3, 1)] == 0)
    np.testing.assert_allclose(causal.sum(axis=1), 1, rtol=1e-6)


def test_multihead_weights_have_the_heads_last():
    s = Session()
    dims = _evaluate(s, 'Dimensions@NetInitialize[AttentionLayer["MultiHead" -> True, '
                        '"Key" -> {5, 2, 3}, "Value" -> {5, 2, 4}, "Query" -> {4, 2, 3}]]['
                        '<|"Key" -> RandomReal[1, {5, 2, 3}], "Value" -> RandomReal[1, {5, 2, 4}], '
                        '"Query" -> RandomReal[1, {4, 2, 3}]|>, NetPort["AttentionWeights"]]')
    assert dims == "{4, 5, 2}"


GRAPH = ('g = NetGraph[<|"attention" -> AttentionLayer["Dot", "Mask" -> "Causal"]|>, '
         '{NetPort["Input"] -> NetPort["attention", "Key"], '
         'NetPort["Input"] -> NetPort["attention", "Value"], '
         'NetPort["Input"] -> NetPort["attention", "Query"]}, "Input" -> {"Varying", 2}]; '
         'c = NetChain[{g, AggregationLayer[Total, 1]}]; x = {{1, 2}, {3, 4}, {5, 6}}')


def test_inside_a_graph_and_a_chain():
    s = Session()
    s.evaluate(GRAPH)
    in_graph = s.evaluate('g[x, NetPort[{"attention", "AttentionWeights"}]]')
    in_chain = s.evaluate('c[x, NetPort[{1, "attention", "AttentionWeights"}]]')
    assert not s.messages, s.messages
    w = np.array(to_python(in_graph))
    X = np.array([[1.0, 2], [3, 4], [5, 6]])
    scores = np.where(np.tril(np.ones((3, 3), bool)), X @ X.T, -np.inf)
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    np.testing.assert_allclose(w, e / e.sum(axis=1, keepdims=True), rtol=1e-5, atol=1e-7)
    assert output_form(in_chain) == output_form(in_graph)


def test_ports_and_all_layer_outputs_are_unchanged():
    s = Session()
    s.evaluate(GRAPH)
    assert _evaluate(s, 'Keys@Information[g, "OutputPorts"]') == '{Output}'
    assert _evaluate(s, 'Keys@Information[c, "OutputPorts"]') == '{Output}'
    assert _evaluate(s, 'Dimensions@c[x]') == "{2}"
    assert _evaluate(s, 'Length@g[x, NetPort[All]]') == "1"


def test_other_names_still_say_invoutport():
    s = Session()
    s.evaluate('AttentionLayer["Dot"][<|"Key" -> {{1, 0}}, "Value" -> {{1}}, "Query" -> {1, 0}|>, '
               'NetPort["Weights"]]')
    assert s.messages and s.messages[0].startswith("AttentionLayer::invoutport"), s.messages


def test_a_scoring_net_of_the_users():
    """AttentionLayer[net] (a container running the user's scoring net): its weights,
    alone and inside a graph, are those whose sum of the values is the layer's output."""
    s = Session()
    s.evaluate('sn = NetGraph[{LinearLayer[4], LinearLayer[4], ThreadingLayer[Tanh[#1 + #2] &], '
               'LinearLayer[{}]}, {NetPort["Input"] -> 1, NetPort["Query"] -> 2, {1, 2} -> 3 -> 4}]; '
               'a = NetInitialize[AttentionLayer[sn, "Key" -> {"Varying", 2}, '
               '"Value" -> {"Varying", 1}, "Query" -> {"Varying", 2}], RandomSeeding -> 1]; '
               'kvq = <|"Key" -> {{1, 0}, {0, 1}, {1, 1}}, "Value" -> {{1}, {3}, {4}}, '
               '"Query" -> {{1, 0}, {0, 2}}|>')
    w = np.array(to_python(s.evaluate('a[kvq, NetPort["AttentionWeights"]]')))
    out = np.array(to_python(s.evaluate('a[kvq]')))
    in_graph = np.array(to_python(s.evaluate(
        'NetGraph[<|"att" -> a|>, {}][kvq, NetPort[{"att", "AttentionWeights"}]]')))
    assert not s.messages, s.messages
    assert w.shape == (2, 3)
    np.testing.assert_allclose(w.sum(axis=1), 1, rtol=1e-6)
    np.testing.assert_allclose(w @ np.array([1.0, 3, 4]), out[:, 0], rtol=1e-5)
    np.testing.assert_allclose(in_graph, w, rtol=1e-6)
