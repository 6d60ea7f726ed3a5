"""TrainingStoppingCriterion: the decision round by round (on recorded values), and
through NetTrain: early stops with their reason, validation or training values, function
criteria, and messages for bad specifications."""

from types import SimpleNamespace

import pytest

from _wl import CLASSIFIER, QUIET, WL, values
from wlnet.core.expr import Integer, Real, String, Symbol
from wlnet.net.train.stopping import StoppingCriterion


def rounds_until_stop(criterion, losses, validation=None, measured=None):
    """Feed one value per round; the round at which the criterion stops (None: never)."""
    run = SimpleNamespace(round=0, round_loss=None, validation_loss=None,
                          round_measurements=[], validation_measurements=[])
    for i, loss in enumerate(losses):
        run.round = i + 1
        run.round_loss = loss
        if validation is not None:
            run.validation_loss = validation[i]
        if measured is not None:
            run.round_measurements.append({k: Real(v[i]) for k, v in measured.items()})
        if criterion.should_stop(run):
            return run.round
    return None


def test_patience_counts_non_improving_rounds_in_a_row():
    flat = [1.0] * 10
    assert rounds_until_stop(StoppingCriterion("Loss"), flat) == 2
    assert rounds_until_stop(StoppingCriterion("Loss", patience=3), flat) == 5
    # an improvement resets the count
    assert rounds_until_stop(StoppingCriterion("Loss", patience=1),
                             [5, 4, 4, 3, 3, 3, 3]) == 6
    assert rounds_until_stop(StoppingCriterion("Loss", patience=2), [5, 4, 3, 2, 1]) is None


def test_initial_patience_delays_the_first_check():
    flat = [1.0] * 10
    assert rounds_until_stop(StoppingCriterion("Loss", initial_patience=4), flat) == 5
    # patience counts from the first check on
    assert rounds_until_stop(StoppingCriterion("Loss", patience=1, initial_patience=6), flat) == 8


def test_the_change_that_counts_as_an_improvement():
    slow = [1.0, 0.95, 0.9, 0.85, 0.8]
    assert rounds_until_stop(StoppingCriterion("Loss"), slow) is None
    assert rounds_until_stop(StoppingCriterion("Loss", absolute=0.1), slow) == 2
    assert rounds_until_stop(StoppingCriterion("Loss", absolute=0.04), slow) is None
    assert rounds_until_stop(StoppingCriterion("Loss", relative=0.2), slow) == 2
    assert rounds_until_stop(StoppingCriterion("Loss", relative=0.05), slow) is None


def test_higher_is_better_for_accuracy_and_validation_values_are_used():
    acc = {"Accuracy": [0.5, 0.6, 0.6, 0.7]}
    assert rounds_until_stop(StoppingCriterion("Accuracy"), [1] * 4, measured=acc) == 3
    falling_error = {"ErrorRate": [0.5, 0.4, 0.3, 0.2]}
    assert rounds_until_stop(StoppingCriterion("ErrorRate"), [1] * 4, measured=falling_error) is None
    # the training loss improves, the validation loss does not: judged on validation
    criterion = StoppingCriterion("Loss", on_validation=True)
    assert rounds_until_stop(criterion, [4, 3, 2, 1], validation=[1, 1, 1, 1]) == 2


def test_a_function_criterion_with_patience():
    calls = []

    def stop_after_two(run):
        calls.append(run.round)
        return run.round >= 2
    criterion = StoppingCriterion(None, call=stop_after_two, patience=1, initial_patience=1)
    assert rounds_until_stop(criterion, [1] * 6) == 3
    assert calls == [2, 3]                      # not called in the grace round


# ---------------------------------------------------------------------------- through NetTrain

@pytest.fixture(scope="module")
def wl():
    return WL()


FROZEN = f"LearningRate -> 10^-30, BatchSize -> 21, {QUIET}"     # the loss stays exactly the same


def test_a_constant_loss_stops_after_the_patience_and_says_why(wl):
    wl(f'r = NetTrain[net, data, All, MaxTrainingRounds -> 50, {FROZEN}, '
       'TrainingStoppingCriterion -> <|"Criterion" -> "Loss", "Patience" -> 3|>]')
    assert wl.tags == ["NetTrain::stopnoval"]                 # judged on the training data
    assert wl('r["TotalRounds"]') == Integer(5)               # 1 best + 3 tolerated + 1
    assert wl('r["ReasonTrainingStopped"]') == String("StoppingCriterion")
    assert len(set(values(wl('r["RoundLossList"]')))) == 1
    assert wl('r["TrainedNet"] === r["FinalNet"]') == Symbol("True")


def test_the_short_forms(wl):
    for spec in ('"Loss"', "Automatic", '<|"Criterion" -> "Loss"|>'):
        got = wl(f'NetTrain[net, data, {{"TotalRounds", "ReasonTrainingStopped"}}, '
                 f'MaxTrainingRounds -> 20, {FROZEN}, TrainingStoppingCriterion -> {spec}]')
        assert got.args == (Integer(2), String("StoppingCriterion")), spec
    got = wl(f'NetTrain[net, data, "TotalRounds", MaxTrainingRounds -> 20, {FROZEN}, '
             'TrainingStoppingCriterion -> <|"Criterion" -> "Loss", "Patience" -> Quantity[2, "Rounds"], '
             '"InitialPatience" -> 6|>]')
    assert got == Integer(9)                  # rounds 7 and 8 tolerated, 9 stops


def test_a_learning_net_trains_on_and_none_changes_nothing(wl):
    common = f'MaxTrainingRounds -> 15, BatchSize -> 21, LearningRate -> 0.05, {QUIET}, RandomSeeding -> 4'
    a = wl(f'NetTrain[net, data, "ReasonTrainingStopped", {common}, TrainingStoppingCriterion -> "Loss"]')
    assert a == String("MaxTrainingRounds")
    b = wl(f'NetTrain[net, data, {common}, TrainingStoppingCriterion -> None]')
    assert not wl.tags
    assert wl(f'NetTrain[net, data, {common}]') == b


def test_with_a_validation_set_the_validation_loss_decides(wl):
    wl(f'vr = NetTrain[net, data, All, MaxTrainingRounds -> 40, LearningRate -> 10^-30, '
       f'BatchSize -> 7, ValidationSet -> data[[;; 6]], {QUIET}, '
       'TrainingStoppingCriterion -> <|"Criterion" -> "Loss", "Patience" -> 2|>]')
    assert not wl.tags                              # no warning: there is validation data
    assert wl('vr["TotalRounds"]') == Integer(4)
    assert len(wl('vr["ValidationLossList"]').args) == 4
    assert wl('vr["ReasonTrainingStopped"]') == String("StoppingCriterion")


def test_a_function_criterion_sees_the_losses(wl):
    got = wl(f'NetTrain[net, data, "TotalRounds", MaxTrainingRounds -> 30, BatchSize -> 21, '
             f'LearningRate -> 0.1, {QUIET}, RandomSeeding -> 1, '
             'TrainingStoppingCriterion -> (#RoundLoss < 0.5 * #RoundMeasurements["Loss"] || #Round >= 3 &)]')
    assert got == Integer(3)
    got = wl(f'NetTrain[net, data, "TotalRounds", MaxTrainingRounds -> 3, {FROZEN}, '
             'TrainingStoppingCriterion -> <|"Criterion" -> (#ValidationLoss &)|>]')
    assert got == Integer(3) and set(wl.tags) == {"NetTrain::stopfunc"}


def test_a_measurement_criterion_is_measured():
    wl = WL(CLASSIFIER)
    wl(f'r = NetTrain[cnet, cdata, All, MaxTrainingRounds -> 30, BatchSize -> 21, {QUIET}, '
       'LearningRate -> 10^-30, TrainingStoppingCriterion -> "ErrorRate"]')
    assert wl('r["TotalRounds"]') == Integer(2)
    assert wl('Keys[r["RoundMeasurements"]]') == wl('{"Loss", "ErrorRate"}')
    assert wl('r["RoundMeasurements"]["ErrorRate"] == NetMeasurements[r["FinalNet"], cdata, "ErrorRate"]') \
        == Symbol("True")


BAD = [
    '5',
    '"Bogus"',
    '"Accuracy"',                                          # not for a regression net
    '"ConfusionMatrix"',
    '<|"Patience" -> 2|>',
    '<|"Criterion" -> "Loss", "Patience" -> -1|>',
    '<|"Criterion" -> "Loss", "Patience" -> 1.5|>',
    '<|"Criterion" -> "Loss", "Goal" -> 0.1|>',
    '<|"Criterion" -> "Loss", "AbsoluteChange" -> -1|>',
    '<|"Criterion" -> "Loss", "RelativeChange" -> 2|>',
    '<|"Criterion" -> "Loss", "AbsoluteChange" -> 0.1, "RelativeChange" -> 0.1|>',
    '<|"Criterion" -> (True &), "AbsoluteChange" -> 0.1|>',
    '<|"Criterion" -> "Loss", "Improvement" -> -0.5|>',
    '<|"Criterion" -> "Loss", "Improvement" -> Scaled[3]|>',
    '<|"Criterion" -> "Loss", "Improvement" -> 0.1, "AbsoluteChange" -> 0.1|>',
    '<|"Criterion" -> (True &), "Improvement" -> 0.1|>',
    '<|"Criterion" -> "Loss", "Improvement" -> "Relative" -> 0.1|>',
    '<|"Criterion" -> "Loss", "Improvement" -> "RelativeChange" -> 3|>',
]


@pytest.mark.parametrize("spec", BAD)
def test_bad_specifications_are_a_message_and_nothing_is_trained(wl, spec):
    wl('Clear[trained]; f[x_] := (trained = True; x)')
    got = wl(f'NetTrain[net, data, MaxTrainingRounds -> 2, {QUIET}, '
             f'TrainingProgressFunction -> f, TrainingStoppingCriterion -> {spec}]')
    assert got == Symbol("$Failed")
    assert wl.tags == ["NetTrain::invopt"]
    assert wl('trained') == Symbol("trained")


def test_relative_change_as_a_percentage(wl):
    got = wl(f'NetTrain[net, data, "TotalRounds", MaxTrainingRounds -> 30, BatchSize -> 21, '
             f'LearningRate -> 0.001, {QUIET}, RandomSeeding -> 1, '
             'TrainingStoppingCriterion -> <|"Criterion" -> "Loss", "RelativeChange" -> Quantity[5, "Percent"]|>]')
    assert got == Integer(2)          # the loss falls by well under 5% a round


def test_a_net_whose_output_is_its_loss_has_only_the_loss_as_criterion():
    wl = WL('lnet = NetGraph[<|"lin" -> LinearLayer[1, "Input" -> 1], "loss" -> MeanSquaredLossLayer[]|>, '
            '{"lin" -> NetPort["loss", "Input"], NetPort["Target"] -> NetPort["loss", "Target"]}];'
            'ldata = <|"Input" -> Table[{x}, {x, -1, 1, 0.1}], "Target" -> Table[{2 x}, {x, -1, 1, 0.1}]|>;')
    assert wl(f'NetTrain[lnet, ldata, {QUIET}, TrainingStoppingCriterion -> "MeanSquare"]') == Symbol("$Failed")
    assert wl.tags == ["NetTrain::invopt"]
    got = wl(f'NetTrain[lnet, ldata, "ReasonTrainingStopped", MaxTrainingRounds -> 9, BatchSize -> 21, '
             f'LearningRate -> 10^-30, {QUIET}, TrainingStoppingCriterion -> "Loss"]')
    assert got == String("StoppingCriterion")


def test_a_criterion_on_a_measurement_key(wl):
    # the page: the criterion may be "a TrainingProgressMeasurements key"; a function's value
    # improves as it decreases, a named measurement's as that measurement does
    got = wl(f'NetTrain[net, data, "TotalRounds", MaxTrainingRounds -> 20, {QUIET}, '
             'TrainingProgressMeasurements -> <|"Measurement" -> Function[#Round], "Key" -> "r"|>, '
             'TrainingStoppingCriterion -> <|"Criterion" -> "r", "Patience" -> 1|>]')
    assert got == Integer(3) and wl.tags == ["NetTrain::stopnoval"]
    got = wl(f'NetTrain[net, data, "TotalRounds", MaxTrainingRounds -> 20, {QUIET}, '
             'TrainingProgressMeasurements -> <|"Measurement" -> Function[-#Round], "Key" -> "r"|>, '
             'TrainingStoppingCriterion -> <|"Criterion" -> "r", "Patience" -> 1|>]')
    assert got == Integer(20)
    got = wl(f'NetTrain[net, data, "TotalRounds", MaxTrainingRounds -> 20, {FROZEN}, '
             'TrainingProgressMeasurements -> <|"Measurement" -> "MeanSquare", "Key" -> "ms"|>, '
             'TrainingStoppingCriterion -> "ms"]')
    assert got == Integer(2)                       # a constant value stops after one round more


def test_a_function_criterion_sees_the_whole_training_state(wl):
    got = wl(f'NetTrain[net, data, "TotalRounds", MaxTrainingRounds -> 20, {QUIET}, '
             'TrainingStoppingCriterion -> (Length[#RoundLossList] >= 4 &)]')
    assert got == Integer(4)


@pytest.mark.parametrize("improvement", ['Quantity[5, "Percent"]', 'Scaled[0.05]',
                                         # the page's two kinds, named
                                         '"RelativeChange" -> 0.05',
                                         '"RelativeChange" -> Quantity[5, "Percent"]',
                                         '<|"RelativeChange" -> 0.05|>'])
def test_improvement_relative_to_the_best_value(wl, improvement):
    got = wl(f'NetTrain[net, data, "TotalRounds", MaxTrainingRounds -> 30, BatchSize -> 21, '
             f'LearningRate -> 0.001, {QUIET}, RandomSeeding -> 1, '
             f'TrainingStoppingCriterion -> <|"Criterion" -> "Loss", "Improvement" -> {improvement}|>]')
    assert got == Integer(2)          # the loss falls by well under 5% a round


def test_improvement_as_an_absolute_change(wl):
    run = f'"TotalRounds", MaxTrainingRounds -> 30, BatchSize -> 21, LearningRate -> 0.001, {QUIET}, RandomSeeding -> 1'
    assert wl(f'NetTrain[net, data, {run}, TrainingStoppingCriterion -> '
              '<|"Criterion" -> "Loss", "Improvement" -> 10|>]') == Integer(2)
    assert wl(f'NetTrain[net, data, {run}, TrainingStoppingCriterion -> '
              '<|"Criterion" -> "Loss", "Improvement" -> 0|>]') == Integer(30)   # it keeps falling
    assert wl(f'NetTrain[net, data, {run}, TrainingStoppingCriterion -> '
              '<|"Criterion" -> "Loss", "Improvement" -> "AbsoluteChange" -> 10|>]') == Integer(2)


def test_a_progress_function_can_stop_or_abort_training(wl):
    run = f'MaxTrainingRounds -> 10, BatchSize -> 7, {QUIET}, RandomSeeding -> 1'
    got = wl(f'NetTrain[net, data, {{"TotalRounds", "ReasonTrainingStopped", "TrainedNet"}}, {run}, '
             'TrainingProgressFunction -> Function[If[#Round == 3, "StopTraining"]]]')
    assert [got.args[0].value, got.args[1].value] == [3, "TrainingProgressFunction"] and not wl.tags
    assert wl(f'NetTrain[net, data, "TotalBatches", {run}, TrainingProgressFunction -> '
              '{Function[If[#AbsoluteBatch == 5, "StopTraining"]], "Interval" -> Quantity[1, "Batches"]}]') \
        == Integer(5)
    assert wl(f'NetTrain[net, data, {run}, '
              'TrainingProgressFunction -> Function[If[#Round == 2, "AbortTraining"]]]') == Symbol("$Aborted")
    # anything else a function gives is ignored
    assert wl(f'NetTrain[net, data, "TotalRounds", {run}, TrainingProgressFunction -> ("Stop" &)]') \
        == Integer(10)


def test_a_classifier_is_judged_on_its_default_error_rate():
    # the batches' error rates (no pass of its own over the training data), or the
    # validation set's
    wl = WL(CLASSIFIER)
    got = wl(f'NetTrain[cnet, cdata, {{"TotalRounds", "RoundMeasurementsLists"}}, MaxTrainingRounds -> 30, '
             f'BatchSize -> 7, {QUIET}, RandomSeeding -> 1, TrainingStoppingCriterion -> "ErrorRate"]')
    rounds, lists = got.args
    errors = [x.value for x in lists.args[1].args[1].args]
    assert rounds.value == len(errors) < 30
    assert errors[-1] >= min(errors[:-1])              # the last round did not improve


def test_a_measurements_direction_says_which_way_is_better(wl):
    run = f'"TotalRounds", MaxTrainingRounds -> 10, BatchSize -> 21, {QUIET}, TrainingStoppingCriterion -> "r"'
    rising = '<|"Measurement" -> Function[#Round], "Key" -> "r"'
    assert wl(f'NetTrain[net, data, {run}, TrainingProgressMeasurements -> {rising}, '
              '"Direction" -> "Increasing"|>]') == Integer(10)       # improves every round
    assert wl(f'NetTrain[net, data, {run}, TrainingProgressMeasurements -> {rising}|>]') == Integer(2)
    wl(f'NetTrain[net, data, {run}, TrainingProgressMeasurements -> {rising}, "Direction" -> "Up"|>]')
    assert wl.tags == ["NetTrain::invopt"]
