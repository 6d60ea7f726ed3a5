"""CrossEntropyLossLayer["Index" | "Probabilities"] fed by a SoftmaxLayer inside a net
(wlnet/net/layers/cross_entropy.py, wired by wlnet/net/execute.py): the loss is computed from
the softmax's logits by a log-softmax, as the paclet fuses the two, so a confidently wrong
class keeps its exact loss and corrective gradient where the probability underflows."""

import numpy as np
import pytest

from wlnet.core.session import Session

GRAPH = ('g = NetGraph[<|"p" -> SoftmaxLayer[], "loss" -> CrossEntropyLossLayer[{form}]|>, '
         '{{NetPort["Input"] -> "p" -> NetPort["loss", "Input"], '
         'NetPort["Target"] -> NetPort["loss", "Target"]}}, "Input" -> 3];')



@pytest.mark.parametrize("form, target", [('"Index"', "3"), ('"Probabilities"', "{0., 0., 1.}")])
def test_underflowing_probability_keeps_exact_loss_and_gradient(form, target):
    s = Session()
    s.evaluate(GRAPH.format(form=form))
    data = f'<|"Input" -> {{1000., 1., 2.}}, "Target" -> {target}|>'
    loss = s.evaluate(f"g[{data}]")
    grad = s.evaluate(f'g[{data}, NetPortGradient["Input"]]')
    assert not s.messages
    assert abs(loss.value - 998.0) < 1e-3                   # not -Log of the smallest float
    assert np.allclose([x.value for x in grad.args], [1.0, 0.0, -1.0], atol=1e-6)
    # the probabilities are still the softmax's, for the net's other readers
    probs = s.evaluate(f'g[{data}, NetPort[{{"p", "Output"}}]]')
    assert probs.args[0].value == pytest.approx(1.0)


def test_fused_value_agrees_with_the_plain_loss_where_nothing_underflows():
    s = Session()
    s.evaluate(GRAPH.format(form='"Probabilities"'))
    data = '<|"Input" -> {0., 1., 2.}, "Target" -> {0.5, 0., 0.5}|>'
    expected = np.log(1 + np.e + np.e ** 2) - 1
    assert s.evaluate(f"g[{data}]").value == pytest.approx(expected, rel=1e-5)
    plain = s.evaluate('CrossEntropyLossLayer["Probabilities"][<|"Input" -> '
                       'SoftmaxLayer[][{0., 1., 2.}], "Target" -> {0.5, 0., 0.5}|>]')
    assert plain.value == pytest.approx(expected, rel=1e-5)


def test_softmax_over_another_level_is_not_fused():
    # SoftmaxLayer[1] normalises the columns, not the class vectors the loss reads: the
    # loss sees its probabilities (a row's entries need not sum to 1)
    s = Session()
    s.evaluate('g = NetGraph[<|"p" -> SoftmaxLayer[1], "loss" -> CrossEntropyLossLayer['
               '"Probabilities"]|>, {NetPort["Input"] -> "p" -> NetPort["loss", "Input"], '
               'NetPort["Target"] -> NetPort["loss", "Target"]}, "Input" -> {2, 2}];')
    x, t = np.array([[0.0, 1.0], [2.0, 0.0]]), np.array([[1.0, 0.0], [0.0, 1.0]])
    p = np.exp(x) / np.exp(x).sum(axis=0)
    expected = np.mean(-(t * np.log(p)).sum(axis=1))
    got = s.evaluate('g[<|"Input" -> {{0., 1.}, {2., 0.}}, "Target" -> {{1., 0.}, {0., 1.}}|>]')
    assert not s.messages
    assert got.value == pytest.approx(expected, rel=1e-5)


def test_a_net_trains_through_the_fused_loss():
    s = Session()
    s.evaluate(GRAPH.format(form='"Index"').replace('"p" -> SoftmaxLayer[]',
               '"lin" -> LinearLayer[3], "p" -> SoftmaxLayer[]').replace(
               'NetPort["Input"] -> "p"', 'NetPort["Input"] -> "lin" -> "p"'))
    s.evaluate('t = NetTrain[g, <|"Input" -> {{1., 0., 0.}, {0., 1., 0.}}, "Target" -> {1, 2}|>, '
               'LossFunction -> "Loss", MaxTrainingRounds -> 200, LearningRate -> 0.05, '
               'TrainingProgressReporting -> None];')
    assert not s.messages
    loss = s.evaluate('t[<|"Input" -> {1., 0., 0.}, "Target" -> 1|>]').value
    assert loss < 0.1
