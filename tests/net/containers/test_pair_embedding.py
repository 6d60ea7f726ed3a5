"""NetPairEmbeddingOperator[net, DistanceFunction -> f] (containers/pair_embedding.py),
after its reference page: pairs and batches of pairs, the distance of the embeddings under
EuclideanDistance and CosineDistance, "Input" -> dims of each array, NetExtract of the
net, gradients by finite differences, InputForm round trip, messages, and NetTrain with the
ContrastiveLossLayer it attaches."""

import numpy as np
import pytest

from wlnet.core.numeric_array import to_numpy_data
from wlnet.core.session import Session
from wlnet.net.execute import Executor
from wlnet.net.values import Batch
from wlnet.net.wlform import net_from_expr
from wlnet.syntax.printer import output_form

from _gradcheck import check_gradients

EMBED = 'NetChain[{LinearLayer[5], Tanh}]'


@pytest.fixture
def s():
    return Session()


def run(s, text):
    s.messages.clear()
    r = s.evaluate(text)
    assert not s.messages, (text, s.messages)
    return r


def value(s, text):
    return np.asarray(to_numpy_data(run(s, text)), float)


@pytest.mark.parametrize("distance", ["EuclideanDistance", "CosineDistance"])
def test_distance_of_the_embeddings(s, distance):
    run(s, f'p = NetInitialize[NetPairEmbeddingOperator[{EMBED}, "Input" -> 2, '
           f'DistanceFunction -> {distance}], RandomSeeding -> 3]; e = NetExtract[p, "Net"];')
    assert output_form(run(s, 'Information[p, "InputPorts"]')) == '<|"Input" -> {2, 2}|>'
    got = value(s, 'p[{{1, 2}, {3, 4}}]')
    want = value(s, f'{distance}[e[{{1, 2}}], e[{{3, 4}}]]')
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)   # Real32 arithmetic
    batch = value(s, 'p[{{{1, 2}, {3, 4}}, {{1, 2}, {1, 2}}}]')
    np.testing.assert_allclose(batch, [want, 0.0], rtol=1e-5, atol=1e-6)


def test_same_as_a_map_operator(s):
    # Properties & Relations: NetMapOperator of the net and the distance of the two rows
    run(s, 'lin = NetInitialize[LinearLayer[3, "Input" -> 2], RandomSeeding -> 5];')
    pair = value(s, 'NetPairEmbeddingOperator[lin][{{1, 2}, {-1, 3}}]')
    mapped = value(s, 'EuclideanDistance @@ NetMapOperator[lin][{{1, 2}, {-1, 3}}]')
    np.testing.assert_allclose(pair, mapped, rtol=1e-5)


@pytest.mark.parametrize("distance", ["EuclideanDistance", "CosineDistance"])
def test_gradients(s, distance):
    net = net_from_expr(run(s, f'NetPairEmbeddingOperator[{EMBED}, "Input" -> 3, '
                               f'DistanceFunction -> {distance}]'))
    rng = np.random.default_rng(0)
    arrays = {p: rng.uniform(-1, 1, dims) for p, dims in net.array_paths().items()}
    check_gradients(Executor.for_net(net, "Real64"), arrays,
                    {"Input": Batch(rng.normal(size=(3, 2, 3)), None)})


def test_round_trip_extract_and_messages(s):
    run(s, f'p = NetInitialize[NetPairEmbeddingOperator[{EMBED}, "Input" -> 2, '
           'DistanceFunction -> CosineDistance]];')
    assert output_form(run(s, 'ToExpression[ToString[InputForm[p]]] === p')) == "True"
    assert output_form(run(s, 'Head[NetExtract[p, "Net"]]')) == "NetChain"
    s.messages.clear()
    s.evaluate(f'NetPairEmbeddingOperator[{EMBED}, DistanceFunction -> ManhattanDistance]')
    assert any("NetPairEmbeddingOperator::pairdist" in m for m in s.messages), s.messages
    s.messages.clear()
    s.evaluate('NetPairEmbeddingOperator[CatenateLayer["InputPorts" -> 2]]')
    assert any("NetPairEmbeddingOperator::opsingleport" in m for m in s.messages), s.messages


def test_train_attaches_a_contrastive_loss(s):
    run(s, f'p = NetInitialize[NetPairEmbeddingOperator[{EMBED}, "Input" -> 2], RandomSeeding -> 1];')
    run(s, 'SeedRandom[2]; pts = RandomReal[1, {128, 2, 2}]; '
           'data = Map[# -> (EuclideanDistance @@ # > 0.5) &, pts];')
    run(s, 'res = NetTrain[p, data, All, MaxTrainingRounds -> 30, RandomSeeding -> 1, '
           'TrainingProgressReporting -> None];')
    losses = value(s, 'res["RoundLossList"]')
    assert losses[-1] < losses[0], losses


def test_the_embedding_nets_encoder_encodes_each_of_the_pair(s):
    run(s, 'e = NetInitialize[NetChain[{FlattenLayer[], LinearLayer[2]}, "Input" -> '
           'NetEncoder[{"Image", {3, 3}, ColorSpace -> "Grayscale"}]], RandomSeeding -> 1]; '
           'p = NetPairEmbeddingOperator[e]; a = Image[RandomReal[1, {3, 3}]]; '
           'b = Image[RandomReal[1, {3, 3}]]')
    assert value(s, 'p[{a, b}] - EuclideanDistance[e[a], e[b]]') < 1e-5
    assert np.allclose(value(s, 'p[{{a, a}, {a, b}}]'), [0, value(s, 'p[{a, b}]')], atol=1e-5)
