"""NetArrayLayer / ConstantArrayLayer: no input, its learned array as every example's output;
the batch axis from the run; trained in a graph; initialisation, round trips and messages."""

import numpy as np
import pytest

from wlnet.core.session import Session
from wlnet.net.execute import Executor
from wlnet.net.values import Batch
from wlnet.syntax.printer import output_form

from _gradcheck import check_gradients, random_arrays
from _layerutil import build, messages

RNG = np.random.default_rng(21)
GRAPH = ('NetGraph[<|"a" -> NetArrayLayer["Output" -> {2, 3}], "t" -> ThreadingLayer[Times]|>, '
         '{{NetPort["Input"], "a"} -> "t"}, "Input" -> {2, 3}]')


@pytest.fixture(scope="module")
def session():
    return Session()


def test_the_output_is_the_array_for_every_example(session):
    net = build(session, GRAPH)
    ex = Executor.for_net(net, "Real64")
    arrays = random_arrays(net, RNG)
    x = RNG.normal(size=(5, 2, 3))
    res = ex.forward(arrays, {"Input": Batch(x, None)})
    a = arrays[("Nodes", "a", "Arrays", "Array")]
    np.testing.assert_allclose(res.outputs["Output"].data, x * a[None], rtol=1e-15)


def test_gradient_of_the_array_sums_over_the_batch(session):
    net = build(session, GRAPH)
    grads = check_gradients(Executor.for_net(net, "Real64"), random_arrays(net, RNG),
                            {"Input": Batch(RNG.normal(size=(4, 2, 3)), None)})
    assert ("Nodes", "a", "Arrays", "Array") in grads.arrays


def test_evaluation_without_data(session):
    assert output_form(session.evaluate('NetArrayLayer["Array" -> {{1, 2}, {3, 4}}][]')) \
        == "{{1., 2.}, {3., 4.}}"
    assert output_form(session.evaluate(
        'NetInitialize[NetChain[{NetArrayLayer["Array" -> {1, -2}], Ramp}]][]')) == "{1., 0.}"


def test_initialisation_follows_the_array_rule(session):
    # vectors start at zero, matrices get weights (as any array of the same rank)
    assert output_form(session.evaluate('NetInitialize[NetArrayLayer["Output" -> 3]][]')) \
        == "{0., 0., 0.}"
    m = session.evaluate('NetInitialize[NetArrayLayer["Output" -> {4, 4}]][]')
    assert np.std([[float(x.value) for x in row.args] for row in m.args]) > 0.1


def test_net_train_learns_the_array(session):
    session.evaluate('data = Table[With[{x = RandomReal[1, 3]}, x -> x + {1, -2, 3}], {128}];'
                     'g = NetGraph[<|"a" -> NetArrayLayer["Output" -> 3], "t" -> ThreadingLayer[Plus]|>,'
                     '{{NetPort["Input"], "a"} -> "t"}, "Input" -> 3];'
                     't = NetTrain[g, data, MaxTrainingRounds -> 150, LearningRate -> 0.05,'
                     ' RandomSeeding -> 3, TrainingProgressReporting -> None];')
    assert not session.messages, session.messages
    got = session.evaluate('Normal[NetExtract[t, {"a", "Array"}]]')
    np.testing.assert_allclose([float(x.value) for x in got.args], [1, -2, 3], atol=1e-2)


def test_constant_array_layer_is_a_net_array_layer(session):
    assert output_form(session.evaluate('Head[ConstantArrayLayer["Output" -> 2]]')) == "NetArrayLayer"
    assert output_form(session.evaluate('ConstantArrayLayer["Array" -> {5, 6}][]')) == "{5., 6.}"


def test_information_and_round_trip(session, tmp_path):
    assert output_form(session.evaluate(
        'Information[NetArrayLayer["Output" -> {2, 3}], "InputPorts"]')) == "<||>"
    path = str(tmp_path / "a.wlnet")
    r = session.evaluate(f'Export["{path}", NetArrayLayer["Array" -> {{{{1, 2}}}}]]; Import["{path}"][]')
    assert output_form(r) == "{{1., 2.}}"


@pytest.mark.parametrize("text, tag", [
    ('NetArrayLayer["Array" -> {1, 2}, "Output" -> {3}]', "NetArrayLayer::"),
    ('NetArrayLayer["Array" -> "x"]', "NetArrayLayer::invarray"),
    ("NetArrayLayer[3]", "NetArrayLayer::"),
    ('NetArrayLayer["Array" -> {1, 2}][{1}]', "NetArrayLayer::"),
    ('NetChain[{NetArrayLayer["Array" -> {1, 2}], LinearLayer[2, "Input" -> 3]}]', "NetChain::"),
])
def test_bad_input_gives_messages(session, text, tag):
    assert any(m.startswith(tag) for m in messages(session, text)), text


def test_a_conflicting_output_spec_is_named_as_given(session):
    # the "Output" -> {3} specification is the length-3 one; the array makes the port length 2
    msgs = messages(session, 'NetArrayLayer["Array" -> {1, 2}, "Output" -> {3}]')
    assert any('port "Output" (a length-3 vector' in m and "(a length-2 vector" in m for m in msgs), msgs


def test_constant_array_layer_of_dimensions(session):
    # the WL 11 form ConstantArrayLayer[{d1, …}] (a generative-model package's)
    r = session.evaluate('Dimensions[NetInitialize[ConstantArrayLayer[{2, 3}]][]]')
    assert output_form(r) == "{2, 3}" and not session.messages
    session.evaluate('ConstantArrayLayer[{0}]')
    assert session.messages and session.messages[0].startswith("ConstantArrayLayer::")
