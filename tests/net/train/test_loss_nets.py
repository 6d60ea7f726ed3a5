"""LossFunction with loss nets of the user's (ContrastiveLossLayer, ThreadingLayer,
FunctionLayer, NetChain…): their per-example losses and gradients against numpy and
central differences, training with them, "port" -> layer -> Scaled[r], the TrainingNet
that holds them, and messages for nets that cannot be losses."""

import numpy as np
import pytest

from _wl import QUIET, WL
from wlnet.core.session import Session
from wlnet.net.train.losses import Loss, example_losses, parse_loss_function
from wlnet.net.values import Batch
from wlnet.net.wlform import net_from_expr

RNG = np.random.default_rng(8)


class _Result:
    def __init__(self, outputs):
        self.outputs = outputs


@pytest.fixture(scope="module")
def session():
    return Session()


def losses_for(session, net_text, spec_text):
    net = net_from_expr(session.evaluate(net_text))
    return net, parse_loss_function(session.evaluate(spec_text), net)


@pytest.mark.parametrize("spec, reference", [
    ('ThreadingLayer[(#1 - #2)^2 &, InputPorts -> {"Input", "Target"}]',
     lambda x, t: ((x - t) ** 2).sum(axis=1)),
    ('FunctionLayer[Total[Abs[#Input - #Target]] &]', lambda x, t: np.abs(x - t).sum(axis=1)),
    ('NetGraph[<|"d" -> ThreadingLayer[Subtract, InputPorts -> {"Input", "Target"}], '
     '"s" -> ElementwiseLayer[#^2 &], "t" -> SummationLayer[]|>, {"d" -> "s" -> "t"}]',
     lambda x, t: ((x - t) ** 2).sum(axis=1)),
])
def test_loss_net_values_and_gradients(session, spec, reference):
    net, (loss,) = losses_for(session, 'LinearLayer[3, "Input" -> 2]', spec)
    assert loss.kind == "Net" and loss.needs_target
    x, t = RNG.normal(size=(4, 3)), RNG.normal(size=(4, 3))
    per, grad, where = example_losses(loss, _Result({"Output": Batch(x, None)}), Batch(t, None))
    np.testing.assert_allclose(per, reference(x, t), rtol=1e-6)
    numeric = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        up, down = x.copy(), x.copy()
        up[idx] += 1e-6
        down[idx] -= 1e-6
        f = lambda v: reference(v, t).sum()
        numeric[idx] = (f(up) - f(down)) / 2e-6
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-6)


def test_contrastive_loss_against_numpy(session):
    net, (loss,) = losses_for(session, 'LinearLayer[{}, "Input" -> 2]', "ContrastiveLossLayer[0.8]")
    x, t = RNG.uniform(0, 1.5, size=6), np.array([1, 0, 1, 0, 1, 1.0])
    per, grad, _ = example_losses(loss, _Result({"Output": Batch(x, None)}), Batch(t, None))
    want = t * np.maximum(0.8 - x, 0) ** 2 + (1 - t) * x ** 2
    np.testing.assert_allclose(per, want, rtol=1e-6)
    np.testing.assert_allclose(grad, -2 * t * np.maximum(0.8 - x, 0) + 2 * (1 - t) * x, rtol=1e-5)


@pytest.mark.parametrize("targets", ["{1, 1, 0}", "{True, True, False}"])
def test_contrastive_layer_evaluates_pairs(session, targets):
    r = session.evaluate(f'ContrastiveLossLayer[][<|"Input" -> {{0.2, 0.7, 0.1}}, "Target" -> {targets}|>]')
    np.testing.assert_allclose([float(a.value) for a in r.args], [0.09, 0.0, 0.01], rtol=1e-6)
    r = session.evaluate('NetGraph[<|"d" -> ElementwiseLayer[Abs], "l" -> ContrastiveLossLayer[1]|>, '
                         '{"d" -> NetPort["l", "Input"]}, "Input" -> "Real"][<|"Input" -> -0.5, "Target" -> True|>]')
    assert abs(float(r.value) - 0.25) < 1e-6


def test_training_with_a_threading_loss_learns():
    wl = WL()
    wl('t = NetTrain[net, data, LossFunction -> ThreadingLayer[Abs[#1 - #2] &, InputPorts -> '
       f'{{"Input", "Target"}}], MaxTrainingRounds -> 400, LearningRate -> 0.05, RandomSeeding -> 1, {QUIET}];')
    assert not wl.tags, wl.tags
    w = float(wl('Normal[NetExtract[t, "Weights"]][[1, 1]]').value)
    b = float(wl('Normal[NetExtract[t, "Biases"]][[1]]').value)
    assert abs(w - 2) < 0.05 and abs(b - 1) < 0.05


def test_training_with_true_false_targets_and_a_contrastive_loss():
    wl = WL('SeedRandom[1]; net = NetChain[{LinearLayer[{}], ElementwiseLayer[Abs]}, "Input" -> 2];'
            'data = Table[With[{x = RandomReal[{-1, 1}, 2]}, x -> (x[[1]] > 0)], {256}];')
    r = wl('r = NetTrain[net, data, All, LossFunction -> ContrastiveLossLayer[1], '
           f'MaxTrainingRounds -> 60, LearningRate -> 0.02, RandomSeeding -> 1, {QUIET}];'
           'r["RoundLossList"][[{1, -1}]]')
    assert not wl.tags, wl.tags
    first, last = (float(a.value) for a in r.args)
    assert last < 0.6 * first


def test_port_layer_scaled_and_the_training_net():
    wl = WL('g = NetGraph[<|"a" -> LinearLayer[1], "b" -> LinearLayer[2]|>, '
            '{NetPort["Input"] -> "a" -> NetPort["Out1"], NetPort["Input"] -> "b" -> NetPort["Out2"]}, "Input" -> 1];'
            'd = Table[<|"Input" -> {x}, "Out1" -> {x}, "Out2" -> {x, -x}|>, {x, -1, 1, 0.1}];')
    wl('r = NetTrain[g, d, All, LossFunction -> {"Out1" -> ThreadingLayer[(#1 - #2)^2 &, InputPorts -> '
       '{"Input", "Target"}], "Out2" -> MeanSquaredLossLayer[] -> Scaled[2]}, '
       f'MaxTrainingRounds -> 2, {QUIET}];')
    assert not wl.tags, wl.tags
    outs = wl('Keys[Information[r["TrainingNet"], "OutputPorts"]]')
    assert [a.value for a in outs.args] == ["Out1Loss", "Out2Loss"]
    net = net_from_expr(wl('g'))
    losses = parse_loss_function(wl('{"Out1" -> ThreadingLayer[(#1 - #2)^2 &, InputPorts -> '
                                    '{"Input", "Target"}], "Out2" -> MeanSquaredLossLayer[] -> Scaled[2]}'), net)
    assert [(l.port, l.kind, l.weight) for l in losses] == [("Out1", "Net", 1.0), ("Out2", "MeanSquared", 2.0)]


def test_the_arrays_of_a_loss_net_are_used_as_given_and_not_trained():
    wl = WL()
    wl('loss = NetChain[{ThreadingLayer[Subtract, InputPorts -> {"Input", "Target"}], '
       'LinearLayer[1, "Weights" -> {{3.}}, "Biases" -> {0.5}], ElementwiseLayer[#^2 &], SummationLayer[]}];'
       f'r = NetTrain[net, data, All, LossFunction -> loss, MaxTrainingRounds -> 400, LearningRate -> 0.05, '
       f'RandomSeeding -> 1, {QUIET}];')
    assert not wl.tags, wl.tags
    # the net fits the (Input - Target) * 3 + 0.5 = 0 that this fixed loss asks for
    w = float(wl('Normal[NetExtract[r["TrainedNet"], "Weights"]][[1, 1]]').value)
    b = float(wl('Normal[NetExtract[r["TrainedNet"], "Biases"]][[1]]').value)
    assert abs(w - 2) < 0.05 and abs(b - (1 - 0.5 / 3)) < 0.05
    kept = wl('Normal /@ {NetExtract[loss, {2, "Weights"}], NetExtract[loss, {2, "Biases"}]}')
    assert kept == wl('{{{3.}}, {0.5}}')
    held = wl('Normal /@ {NetExtract[r["TrainingNet"], {"Loss", 2, "Weights"}], '
              'NetExtract[r["TrainingNet"], {"Loss", 2, "Biases"}]}')
    assert held == wl('{{{3.}}, {0.5}}'), held


def test_a_loss_net_without_target_needs_no_targets(session):
    net, (loss,) = losses_for(session, 'LinearLayer[2, "Input" -> 2]',
                              'NetChain[{ElementwiseLayer[#^2 &], SummationLayer[]}]')
    assert loss.kind == "Net" and not loss.needs_target
    wl = WL()
    wl(f'NetTrain[net, data, LossFunction -> NetChain[{{ElementwiseLayer[#^2 &], SummationLayer[]}}], '
       f'MaxTrainingRounds -> 2, {QUIET}]')
    assert not wl.tags, wl.tags


TWO_LOSSES = ('NetGraph[<|"sq" -> MeanSquaredLossLayer[], "abs" -> MeanAbsoluteLossLayer[]|>, '
              '{NetPort["Input"] -> {"sq", "abs"}, '
              'NetPort["Target"] -> {NetPort["sq", "Target"], NetPort["abs", "Target"]}}]')


def test_a_loss_net_of_several_outputs_minimizes_their_sum(session):
    # LossFunction's page: the sum of all the output ports' values is the loss
    net, (loss,) = losses_for(session, 'LinearLayer[3, "Input" -> 2]', TWO_LOSSES)
    assert loss.kind == "Net" and loss.net_output is None
    x, t = RNG.normal(size=(4, 3)), RNG.normal(size=(4, 3))
    per, grad, _ = example_losses(loss, _Result({"Output": Batch(x, None)}), Batch(t, None))
    np.testing.assert_allclose(per, ((x - t) ** 2).mean(axis=1) + np.abs(x - t).mean(axis=1), rtol=1e-6)
    np.testing.assert_allclose(grad, (2 * (x - t) + np.sign(x - t)) / 3, rtol=1e-5, atol=1e-7)


def test_training_with_a_loss_net_of_several_outputs_reports_each():
    wl = WL()
    wl(f'r = NetTrain[net, data, All, LossFunction -> {TWO_LOSSES}, MaxTrainingRounds -> 2, {QUIET}];')
    assert not wl.tags, wl.tags
    outs = wl('Keys[Information[r["TrainingNet"], "OutputPorts"]]')
    assert sorted(a.value for a in outs.args) == ["Loss1", "Loss2"]
    # each loss beside their sum in the round measurements and in the progress lines
    got = wl('r["RoundMeasurements"]')
    parts = {k.value: v.value for k, v in (r.args for r in got.args)}
    assert sorted(parts) == ["Loss", "Loss1", "Loss2"]
    assert abs(parts["Loss"] - parts["Loss1"] - parts["Loss2"]) < 1e-5 * parts["Loss"]
    wl(f'NetTrain[net, data, LossFunction -> {TWO_LOSSES}, MaxTrainingRounds -> 2, '
       'TrainingProgressReporting -> "Print"]')
    line = next(o for o in wl.session.output if "round 2/2" in str(o))
    assert "Loss1 " in str(line) and "Loss2 " in str(line)
    # and in the validation values
    got = wl(f'NetTrain[net, data, "ValidationMeasurementsLists", LossFunction -> {TWO_LOSSES}, '
             f'MaxTrainingRounds -> 2, ValidationSet -> Scaled[0.25], {QUIET}]')
    lists = {k.value: [x.value for x in v.args] for k, v in (r.args for r in got.args)}
    assert sorted(lists) == ["Loss", "Loss1", "Loss2"] and len(lists["Loss"]) == 2
    assert np.allclose(lists["Loss"], np.add(lists["Loss1"], lists["Loss2"]), rtol=1e-5)


@pytest.mark.parametrize("spec", [
    'ThreadingLayer[Plus, InputPorts -> {"A", "B"}]',                        # no "Input" port
    'ThreadingLayer[(#1 - #2)^2 &, InputPorts -> {"Input", "Target"}, "Input" -> 3]',   # wrong size
    '"Nope" -> ContrastiveLossLayer[]',
])
def test_nets_that_cannot_be_losses_give_messages(spec):
    wl = WL()
    r = wl(f'NetTrain[net, data, LossFunction -> {spec}, MaxTrainingRounds -> 1, {QUIET}]')
    assert r.name == "$Failed" and "NetTrain::invloss" in wl.tags, wl.tags


def test_a_port_given_automatic_gets_the_automatic_loss(session):
    """"port" -> Automatic (documented beside "port" -> layer) gives that output the loss
    LossFunction -> Automatic would; it can be scaled like any lspec."""
    graph = ('NetGraph[{LinearLayer[3], LinearLayer[3], SoftmaxLayer[]}, {NetPort["Input"] -> 1 -> '
             'NetPort["Regression"], NetPort["Input"] -> 2 -> 3 -> NetPort["Class"]}, "Input" -> 2]')
    _, losses = losses_for(session, graph, '{"Regression" -> Automatic -> Scaled[0.1], '
                                           '"Class" -> Automatic}')
    _, automatic = losses_for(session, graph, "Automatic")
    by_port = {l.port: l for l in automatic}
    assert [l.port for l in losses] == ["Regression", "Class"]
    assert [l.kind for l in losses] == [by_port["Regression"].kind, by_port["Class"].kind]
    assert [l.weight for l in losses] == [0.1, 1.0]
    with pytest.raises(Exception, match="invloss"):
        losses_for(session, graph, '"Other" -> Automatic')
