"""NetTrain options as their reference pages give them: ValidationSet -> {data, "Interval"
-> n}, a two-example validation list, MaxTrainingRounds -> Infinity with a TimeGoal,
Method -> "SignSGD"."""

from _wl import QUIET, WL, values
from wlnet.core.expr import String

RUN = f'BatchSize -> 7, {QUIET}, RandomSeeding -> 1'


def test_a_validation_set_of_two_rules_is_data():
    wl = WL()
    got = wl(f'NetTrain[net, data, "ValidationLossList", MaxTrainingRounds -> 3, {RUN}, '
             'ValidationSet -> {{0.5} -> {2.}, {0.2} -> {1.4}}]')
    assert not wl.tags and len(got.args) == 3


def test_validation_every_n_rounds():
    wl = WL()
    got = wl(f'NetTrain[net, data, {{"ValidationLossList", "ValidationPositions", "BestValidationRound"}}, '
             f'MaxTrainingRounds -> 6, {RUN}, ValidationSet -> {{{{{{0.5}} -> {{2.}}}}, "Interval" -> 2}}]')
    assert not wl.tags
    losses, positions, best = got.args
    assert len(losses.args) == 3
    assert values(positions) == [6, 12, 18]                  # 3 batches a round: rounds 2, 4, 6
    assert best.value in (2, 4, 6)
    got = wl(f'NetTrain[net, data, "ValidationPositions", MaxTrainingRounds -> 6, {RUN}, '
             'ValidationSet -> {Scaled[0.3], "Interval" -> Quantity[3, "Rounds"]}]')
    assert len(got.args) == 2
    wl(f'NetTrain[net, data, MaxTrainingRounds -> 2, {RUN}, ValidationSet -> {{Scaled[0.3], "Interval" -> 0}}]')
    assert wl.tags == ["NetTrain::invvdata"]


def test_unlimited_rounds_with_a_time_goal():
    wl = WL()
    got = wl(f'NetTrain[net, data, {{"TotalRounds", "ReasonTrainingStopped"}}, {RUN}, '
             'MaxTrainingRounds -> Infinity, TimeGoal -> 0.5]')
    assert not wl.tags
    assert got.args[1] == String("TimeGoal") and got.args[0].value >= 1


def test_sign_sgd_method():
    wl = WL()
    got = wl(f'NetTrain[net, data, {{"OptimizationMethod", "RoundLossList"}}, MaxTrainingRounds -> 40, {RUN}, '
             'Method -> {"SignSGD", "LearningRate" -> 0.02}]')
    assert not wl.tags
    assert got.args[0].args[0] == String("SignSGD")
    losses = values(got.args[1])
    assert losses[-1] < losses[0]
    wl(f'NetTrain[net, data, {RUN}, Method -> {{"SignSGD", "Beta1" -> 0.5}}]')
    assert wl.tags == ["NetTrain::invopt"]


def test_a_scaled_validation_set_of_a_few_examples_with_the_automatic_batch_size():
    wl = WL()
    # 21 examples in one batch of 64 could not be split: the automatic size gets smaller
    got = wl(f'NetTrain[net, data, {{"BatchSize", "TrainingExamples", "ValidationExamples"}}, {QUIET}, '
             'MaxTrainingRounds -> 2, ValidationSet -> Scaled[0.2]]')
    assert not wl.tags
    size, training, validation = (a.value for a in got.args)
    assert size < 21 and training > 0 and validation > 0 and training + validation == 21
    # a batch size given is kept: the split's message
    wl(f'NetTrain[net, data, {QUIET}, MaxTrainingRounds -> 2, BatchSize -> 64, ValidationSet -> Scaled[0.2]]')
    assert wl.tags == ["NetTrain::invvsfrac"]
