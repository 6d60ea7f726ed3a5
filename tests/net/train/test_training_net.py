"""NetTrain's "TrainingNet": the net with the loss layers NetTrain attached.  Its loss on an
example is checked against the loss NetTrain itself reports for a one-example batch of the
final net (BatchLossList is taken before the update), its structure against what NetTrain
chose, and it can be trained again as it is."""

import math

import pytest

from _wl import CLASSIFIER, LINEAR, QUIET, WL, values
from wlnet.core.expr import Expr, Real, S, String, Symbol
from wlnet.net.train.losses import Loss, automatic_losses
from wlnet.net.train.training_net import training_net
from wlnet.net.wlform import net_from_expr

TWO_OUTPUTS = """
two = NetInitialize[NetGraph[<|"a" -> LinearLayer[1], "b" -> LinearLayer[2]|>,
    {NetPort["Input"] -> "a" -> NetPort["A"], NetPort["Input"] -> "b" -> NetPort["B"]},
    "Input" -> 1], RandomSeeding -> 5];
twodata = <|"Input" -> Table[{x}, {x, -1, 1, 0.25}], "A" -> Table[{x}, {x, -1, 1, 0.25}],
            "B" -> Table[{x, -x}, {x, -1, 1, 0.25}]|>;
"""


@pytest.fixture(scope="module")
def wl():
    return WL(LINEAR + CLASSIFIER + TWO_OUTPUTS)


def real(e) -> float:
    assert type(e) is Real, e
    return e.value


def one_batch_loss(wl, net: str, example: str, extra: str = "") -> float:
    """The loss NetTrain reports for ``net`` on a batch holding only ``example``."""
    return values(wl(f'NetTrain[{net}, {example}, "BatchLossList", BatchSize -> 1, '
                     f'MaxTrainingRounds -> 1, {QUIET}{extra}]'))[0]


def train_with_training_net(wl, net, data, name, extra=""):
    wl(f'{name}res = NetTrain[{net}, {data}, All, MaxTrainingRounds -> 5, BatchSize -> 4, '
       f'RandomSeeding -> 2, {QUIET}{extra}]; {name}tn = {name}res["TrainingNet"]; '
       f'{name}final = {name}res["FinalNet"];')


def test_regression_training_net_structure_and_loss(wl):
    train_with_training_net(wl, "net", "data", "r")
    assert wl('Keys[NetInformation[rtn, "InputPorts"]]') == Expr(S.List, String("Input"), String("Output"))
    assert wl('Keys[NetInformation[rtn, "OutputPorts"]]') == Expr(S.List, String("Loss"))
    assert wl('Head[NetExtract[rtn, "Loss"]]') == Symbol("MeanSquaredLossLayer")
    assert wl('NetExtract[NetExtract[rtn, "Net"], "Weights"] === '
              'NetExtract[rfinal, "Weights"]') == Symbol("True")       # the final weights
    got = real(wl('rtn[<|"Input" -> {0.3}, "Output" -> {1.1}|>]'))
    assert got == pytest.approx(one_batch_loss(wl, "rfinal", "{{0.3} -> {1.1}}"), rel=1e-6)
    y = values(wl('rfinal[{0.3}]'))[0]
    assert got == pytest.approx((y - 1.1) ** 2, rel=1e-5)               # not a constant


def test_the_property_through_the_third_argument_and_properties(wl):
    third = wl(f'NetTrain[net, data, "TrainingNet", MaxTrainingRounds -> 5, BatchSize -> 4, '
               f'RandomSeeding -> 2, {QUIET}]')
    assert third == wl('rtn')
    assert String("TrainingNet") in wl('rres["Properties"]').args
    pair = wl(f'NetTrain[net, data, {{"TrainingNet", "FinalNet"}}, MaxTrainingRounds -> 5, '
              f'BatchSize -> 4, RandomSeeding -> 2, {QUIET}]')
    assert pair.args[0] == third and pair.args[1] == wl('rfinal')


def test_classifier_gets_cross_entropy_with_a_class_encoded_target(wl):
    train_with_training_net(wl, "cnet", "cdata", "c")
    assert wl('NetExtract[NetExtract[ctn, "Loss"], "TargetForm"]') == String("Index")
    assert wl('Head[NetExtract[ctn, "Output"]]') == Symbol("NetEncoder")
    assert wl('NetExtract[NetExtract[ctn, "Output"], "Labels"]') == \
        Expr(S.List, Symbol("neg"), Symbol("pos"))
    probs = {r.args[0].name: real(r.args[1]) for r in wl('cfinal[{0.3}, "Probabilities"]').args}
    for label in ("pos", "neg"):
        got = real(wl(f'ctn[<|"Input" -> {{0.3}}, "Output" -> {label}|>]'))
        want = one_batch_loss(wl, "cfinal", f"{{{{0.3}} -> {label}}}")
        assert got == pytest.approx(want, rel=1e-5)
        assert got == pytest.approx(-math.log(probs[label]), rel=1e-5)


def test_training_net_trains_again_as_it_is(wl):
    wl(f'again = NetTrain[rtn, <|"Input" -> Table[{{x}}, {{x, -1, 1, 0.1}}], '
       f'"Output" -> Table[{{2 x + 1}}, {{x, -1, 1, 0.1}}]|>, All, MaxTrainingRounds -> 20, '
       f'BatchSize -> 4, LearningRate -> 0.05, RandomSeeding -> 1, {QUIET}]')
    assert wl.tags == []
    losses = values(wl('again["RoundLossList"]'))
    assert losses[-1] < losses[0]
    # a net whose only output is its "Loss" already is its training net
    assert wl('again["TrainingNet"] === again["FinalNet"]') == Symbol("True")
    # the loss it reports is the attached loss NetTrain minimised for the original net
    first = one_batch_loss(wl, "rtn", '<|"Input" -> {{0.3}}, "Output" -> {{1.1}}|>')
    assert first == pytest.approx(one_batch_loss(wl, "rfinal", "{{0.3} -> {1.1}}"), rel=1e-6)


def test_a_scaled_loss_is_scaled_in_the_training_net(wl):
    train_with_training_net(wl, "net", "data", "s",
                            ", LossFunction -> MeanSquaredLossLayer[] -> Scaled[0.25]")
    got = real(wl('stn[<|"Input" -> {0.3}, "Output" -> {1.1}|>]'))
    want = one_batch_loss(wl, "sfinal", "{{0.3} -> {1.1}}",
                          ", LossFunction -> MeanSquaredLossLayer[] -> Scaled[0.25]")
    assert got == pytest.approx(want, rel=1e-6)
    y = values(wl('sfinal[{0.3}]'))[0]
    assert got == pytest.approx(0.25 * (y - 1.1) ** 2, rel=1e-5)
    # trained again, its "Loss" output is taken as the loss (no targets asked for it)
    assert [l.kind for l in automatic_losses(net_from_expr(wl('stn')))] == ["Port"]


def test_several_outputs_get_one_loss_each(wl):
    train_with_training_net(wl, "two", "twodata", "t")
    outs = wl('Keys[NetInformation[ttn, "OutputPorts"]]')
    assert set(values(outs)) == {"ALoss", "BLoss"}
    assert set(values(wl('Keys[NetInformation[ttn, "InputPorts"]]'))) == {"Input", "A", "B"}
    parts = wl('ttn[<|"Input" -> {0.5}, "A" -> {0.2}, "B" -> {0.1, -0.3}|>]')
    total = sum(real(r.args[1]) for r in parts.args)
    want = one_batch_loss(wl, "tfinal", '<|"Input" -> {{0.5}}, "A" -> {{0.2}}, "B" -> {{0.1, -0.3}}|>')
    assert total == pytest.approx(want, rel=1e-6)


def test_an_untrainable_net_still_has_a_training_net(wl):
    got = wl(f'NetTrain[ElementwiseLayer[Tanh, "Input" -> 2], {{{{1., 2.}} -> {{0., 0.}}}}, '
             f'"TrainingNet", {QUIET}]')
    assert wl.tags == ["NetTrain::netnoparams"]
    tn = net_from_expr(got)
    assert list(tn.outputs()) == ["Loss"] and list(tn.inputs()) == ["Input", "Output"]


def test_an_output_named_loss_is_a_loss():
    net = net_from_expr(WL()('NetGraph[{LinearLayer[1, "Input" -> 1]}, {1 -> NetPort["Loss"]}]'))
    assert automatic_losses(net) == [Loss("Loss", "Port")]
    assert training_net(net, automatic_losses(net)) is net


# (net, one training example, the same example for the training net): a "Scalar" decoder
# (target given as a number through a "Scalar" encoder), a real output, a sequence output.
MORE = [
    ("scalar decoder", 'NetChain[{LinearLayer[1, "Input" -> 1]}, "Output" -> NetDecoder["Scalar"]]',
     "{0.3} -> 1.2", '<|"Input" -> {0.3}, "Output" -> 1.2|>'),
    ("real output", 'LinearLayer[{}, "Input" -> 1]', "{0.3} -> 1.2",
     '<|"Input" -> {0.3}, "Output" -> 1.2|>'),
    ("sequence", 'GatedRecurrentLayer[2, "Input" -> {"Varying", 1}]',
     "{{0.1}, {0.5}, {0.2}} -> {{0.1, 0.2}, {0.3, 0.1}, {0.0, 0.4}}",
     '<|"Input" -> {{0.1}, {0.5}, {0.2}}, "Output" -> {{0.1, 0.2}, {0.3, 0.1}, {0.0, 0.4}}|>'),
]


@pytest.mark.parametrize("name,net,example,assoc", MORE, ids=[m[0] for m in MORE])
def test_more_outputs_give_the_loss_netTrain_reports(wl, name, net, example, assoc):
    wl(f'm = NetInitialize[{net}, RandomSeeding -> 1]; '
       f'mres = NetTrain[m, {{{example}, {example}}}, All, MaxTrainingRounds -> 2, {QUIET}];')
    assert wl.tags == []
    got = real(wl(f'mres["TrainingNet"][{assoc}]'))
    want = one_batch_loss(wl, 'mres["FinalNet"]', f"{{{example}}}")
    assert got == pytest.approx(want, rel=1e-6) and got > 0


@pytest.mark.parametrize("loss", ['CrossEntropyLossLayer["Probabilities"]', "MeanSquaredLossLayer[]"])
def test_class_labels_as_unit_vector_targets(wl, loss):
    """A loss that compares the class probabilities with vectors: the target encoder gives
    unit vectors, as NetTrain encodes class labels for it."""
    wl(f'pres = NetTrain[cnet, cdata, All, MaxTrainingRounds -> 2, LossFunction -> {loss}, {QUIET}];')
    assert wl('NetExtract[NetExtract[pres["TrainingNet"], "Output"], "OutputForm"]') == \
        String("UnitVector")
    got = real(wl('pres["TrainingNet"][<|"Input" -> {0.3}, "Output" -> pos|>]'))
    want = one_batch_loss(wl, 'pres["FinalNet"]', "{{0.3} -> pos}", f", LossFunction -> {loss}")
    assert got == pytest.approx(want, rel=1e-5)
