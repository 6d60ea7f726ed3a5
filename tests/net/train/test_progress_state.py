"""What a TrainingProgressFunction is given (the keys its page lists: lists of losses and
measurements, the latest batch and its indices, the weights and gradients, rates, the
event), and NetTrain's third argument naming those values ("Weights", "Gradients"… at the
end of training, the old names "FinalWeights", "EvolutionPlots")."""

import numpy as np
import pytest

from _wl import QUIET, WL, values
from wlnet.core.expr import Integer, String, Symbol
from wlnet.syntax.printer import output_form

DOCUMENTED_KEYS = (
    "AbsoluteBatch", "Batch", "BatchData", "BatchesPerRound", "BatchesPerSecond", "BatchIndices",
    "BatchLoss", "BatchLossList", "BatchMeasurements", "BatchMeasurementsLists", "BatchSize",
    "BestValidationRound", "CheckpointingFiles", "Event", "ExamplesPerSecond", "ExamplesProcessed",
    "Gradients", "GradientsRMS", "GradientsVector", "InitialLearningRate", "LearningRate",
    "MeanBatchesPerSecond", "MeanExamplesPerSecond", "Net", "OptimizationMethod",
    "ProgressFraction", "Round", "RoundLoss", "RoundLossList", "RoundMeasurements",
    "RoundMeasurementsLists", "TargetDevice", "TimeElapsed", "TimeRemaining", "TotalBatches",
    "TotalRounds", "ValidationLoss", "ValidationLossList", "ValidationMeasurements",
    "ValidationMeasurementsLists", "Weights", "WeightsRMS", "WeightsVector")

RUN = f'MaxTrainingRounds -> 3, BatchSize -> 7, {QUIET}, RandomSeeding -> 1'


@pytest.fixture(scope="module")
def wl():
    return WL()


def test_a_function_that_names_no_key_sees_them_all(wl):
    wl(f'keys = {{}}; NetTrain[net, data, {RUN}, TrainingProgressFunction -> ((keys = Keys[#]) &)]')
    keys = {a.value for a in wl('keys').args}
    assert not set(DOCUMENTED_KEYS) - keys, set(DOCUMENTED_KEYS) - keys


def test_lists_so_far_and_the_latest_batch(wl):
    wl(f'log = {{}}; NetTrain[net, data, {RUN}, TrainingProgressFunction -> '
       '((AppendTo[log, {#Round, #RoundLossList, #BatchLossList, #BatchIndices, #Event}]) &)]')
    log = wl('log')
    assert len(log.args) == 3
    for r, entry in enumerate(log.args, 1):
        rnd, round_losses, batch_losses, indices, event = entry.args
        assert rnd == Integer(r)
        assert len(round_losses.args) == r and len(batch_losses.args) == 3 * r   # 21 examples, 3 batches
        assert event == String("RoundComplete")
        assert 1 <= len(indices.args) <= 7 and all(1 <= i.value <= 21 for i in indices.args)
    # the round loss is the mean of that round's batch losses
    last = log.args[-1]
    assert values(last.args[1])[-1] == pytest.approx(np.mean(values(last.args[2])[-3:]), rel=1e-5)


def test_the_batch_data_is_the_batch_of_those_indices(wl):
    wl(f'bd = None; NetTrain[net, data, {RUN}, TrainingProgressFunction -> '
       '((bd = {#BatchIndices, #BatchData}) &)]')
    # the inputs of the batch are the data's inputs at the batch's indices
    assert wl('Max[Abs[Flatten[bd[[2]]["Input"]] - Flatten[Keys[data][[bd[[1]]]]]]] < 10^-6') \
        == Symbol("True")


def test_weights_and_gradients_by_array(wl):
    wl(f'st = None; NetTrain[net, data, {RUN}, TrainingProgressFunction -> '
       '((st = {#Weights, #WeightsVector, #WeightsRMS, #Gradients, #GradientsRMS, #Net}) &)]')
    assert wl('Keys[st[[1]]] == Keys[st[[3]]] == Keys[st[[4]]] == Keys[st[[5]]]') == Symbol("True")
    # the weights are those of the net being trained; the vector is all of them, flat
    assert wl('Normal /@ Values[st[[1]]] == (Normal[NetExtract[st[[6]], #]] & /@ Keys[st[[1]]])') \
        == Symbol("True")
    assert wl('Sort[Normal[st[[2]]]] == Sort[Flatten[Normal /@ Values[st[[1]]]]]') == Symbol("True")
    # RMS of each array and of each gradient
    assert wl('Max[Abs[Values[st[[3]]] - (Sqrt[Mean[Flatten[Normal[#]]^2]] & /@ Values[st[[1]]])]] < 10^-5') \
        == Symbol("True")
    assert wl('Max[Abs[Values[st[[5]]] - (Sqrt[Mean[Flatten[Normal[#]]^2]] & /@ Values[st[[4]]])]] < 10^-5') \
        == Symbol("True")


def test_rates_and_counts(wl):
    wl(f'st = None; NetTrain[net, data, {RUN}, TrainingProgressFunction -> '
       '((st = <|"p" -> #ExamplesProcessed, "t" -> #TotalBatches, "m" -> #OptimizationMethod, '
       '"i" -> #InitialLearningRate, "d" -> #TargetDevice, "b" -> #BatchesPerSecond|>) &)]')
    assert wl('st["p"]') == Integer(63) and wl('st["t"]') == Integer(9)
    assert wl('st["m"]') == String("ADAM") and wl('st["d"]') == String("CPU")
    assert wl('st["i"] == 0.001') == Symbol("True") and wl('st["b"] > 0') == Symbol("True")


def test_measurements_so_far(wl):
    wl(f'st = None; NetTrain[net, data, {RUN}, ValidationSet -> Scaled[0.3], '
       'TrainingProgressMeasurements -> {"MeanSquare"}, TrainingProgressFunction -> '
       '((st = {#RoundMeasurementsLists, #ValidationLossList, #BestValidationRound}) &)]')
    assert wl('Keys[st[[1]]]') == wl('{"Loss", "MeanSquare"}')
    assert wl('Length[st[[1]]["MeanSquare"]] == Length[st[[2]]] == 3') == Symbol("True")
    assert wl('MemberQ[{1, 2, 3}, st[[3]]]') == Symbol("True")


def test_the_third_argument_names_the_values_at_the_end(wl):
    wl(f'{{tn, w, fw, g}} = NetTrain[net, data, {{"TrainedNet", "Weights", "FinalWeights", "GradientsRMS"}}, {RUN}]')
    assert wl('w === fw') == Symbol("True")
    assert wl('Normal[w[{"Weights"}]] == Normal[NetExtract[tn, "Weights"]]') == Symbol("True")
    assert wl('AllTrue[Values[g], # >= 0 &]') == Symbol("True")
    assert output_form(wl(f'Head /@ NetTrain[net, data, "EvolutionPlots", {RUN}]')) == "<|\"Loss\" -> Graphics|>"
    # a results object holds the documented properties only
    wl(f'res = NetTrain[net, data, All, {RUN}]; res["Weights"]')
    assert wl.tags == ["NetTrainResultsObject::invprop"]


def test_example_losses_are_each_examples_loss(wl):
    wl(f'el = None; NetTrain[net, data, {RUN}, TrainingProgressFunction -> ((el = #ExampleLosses) &)]')
    assert len(wl('el').args) == 21
    wl(f'{{tn, fl}} = NetTrain[net, data, {{"TrainedNet", "FinalExampleLosses"}}, {RUN}]')
    # the mean squared error of each example under the trained net
    assert wl('Max[Abs[fl - Table[Total[(tn[data[[i, 1]]] - data[[i, 2]])^2], {i, 21}]]] < 10^-4') \
        == Symbol("True")
    # a function that names no key is not made to wait for a pass over the data
    wl(f'keys = {{}}; NetTrain[net, data, {RUN}, TrainingProgressFunction -> ((keys = Keys[#]) &)]')
    assert String("ExampleLosses") not in wl('keys').args


def test_every_documented_key_is_a_third_argument_too(wl):
    # the values when training ended: the last round and batch, the last learning rate…
    got = wl(f'NetTrain[net, data, {{"Round", "AbsoluteBatch", "BatchLoss", "LearningRate", "Event", '
             f'"ProgressFraction", "BatchLossList", "WeightsLearningRateMultipliers"}}, {RUN}]')
    assert not wl.tags
    rnd, absolute, loss, rate, event, fraction, losses, multipliers = got.args
    assert (rnd, absolute, event) == (Integer(3), Integer(9), String("TrainingComplete"))
    assert loss.value == losses.args[-1].value and fraction.value == 1.0
    assert rate.value > 0 and multipliers.head.name == "Association"
    for key in DOCUMENTED_KEYS:
        if key != "Net":                   # ambiguous at the end (WL too): TrainedNet, FinalNet
            wl(f'NetTrain[net, data, "{key}", MaxTrainingRounds -> 1, {QUIET}]')
            assert not wl.tags, key
