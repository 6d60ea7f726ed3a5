"""NetTrain's custom properties <|"Property" -> p, "Form" -> …, "Interval" -> …|> and the
older history names that stand for one ("RoundWeightsHistories", "RoundErrorRateList", …)."""

import numpy as np

from _wl import CLASSIFIER, QUIET, WL, values
from wlnet.core.expr import S, String

RUN = f'BatchSize -> 7, {QUIET}, RandomSeeding -> 1'      # 21 examples: 3 batches a round


def test_a_function_of_the_state_each_round():
    wl = WL()
    got = wl(f'NetTrain[net, data, <|"Property" -> Function[#Round]|>, MaxTrainingRounds -> 4, {RUN}]')
    assert not wl.tags and values(got) == [1, 2, 3, 4]


def test_each_batch_and_every_n():
    wl = WL()
    got = wl(f'NetTrain[net, data, <|"Property" -> Function[#AbsoluteBatch], "Interval" -> "Batch"|>, '
             f'MaxTrainingRounds -> 2, {RUN}]')
    assert values(got) == [1, 2, 3, 4, 5, 6]
    got = wl(f'NetTrain[net, data, <|"Property" -> "Round", "Interval" -> Quantity[2, "Rounds"]|>, '
             f'MaxTrainingRounds -> 5, {RUN}]')
    assert values(got) == [2, 4]


def test_a_named_value_matches_the_result_property():
    wl = WL()
    got = wl(f'NetTrain[net, data, {{<|"Property" -> "RoundLoss"|>, "RoundLossList"}}, '
             f'MaxTrainingRounds -> 3, {RUN}]')
    history, losses = got.args
    assert np.allclose(values(history), values(losses))


def test_transposed_list_of_associations_is_one_list_per_key():
    wl = WL()
    got = wl(f'NetTrain[net, data, <|"Property" -> "WeightsRMS", "Form" -> "TransposedList"|>, '
             f'MaxTrainingRounds -> 3, {RUN}]')
    assert got.head is S.Association
    keys = [r.args[0] for r in got.args]
    assert len(keys) == 2                                       # the weights and the biases
    assert all(len(r.args[1].args) == 3 for r in got.args)
    # the last entry is the RMS of the trained array
    w = wl(f'Normal@NetExtract[NetTrain[net, data, MaxTrainingRounds -> 3, {RUN}], "Weights"]')
    rms = float(np.sqrt(np.mean(np.square(np.array([[x.value for x in row.args] for row in w.args])))))
    assert abs(got.args[0].args[1].args[-1].value - rms) < 1e-6


def test_old_history_names():
    wl = WL(CLASSIFIER)
    got = wl(f'NetTrain[cnet, cdata, {{"RoundErrorRateList", "RoundWeightsVectorHistories", '
             f'"ExampleLossHistories"}}, MaxTrainingRounds -> 3, {RUN}]')
    assert not wl.tags
    errors, vectors, losses = got.args
    assert len(errors.args) == 3 and all(0 <= e.value <= 1 for e in errors.args)
    assert len(vectors.args) == 3                                # a weights vector each round
    assert len(losses.args) == 21 and all(len(x.args) == 3 for x in losses.args)   # per example


def test_plot_form_and_evolution_plots():
    wl = WL()
    got = wl(f'Head /@ {{NetTrain[net, data, <|"Property" -> "LearningRate", "Form" -> "Plot"|>, '
             f'MaxTrainingRounds -> 2, {RUN}], NetTrain[net, data, "RMSGradientsEvolutionPlot", '
             f'MaxTrainingRounds -> 2, {RUN}]}}')
    assert not wl.tags
    assert [h.name for h in got.args] == ["Graphics", "Legended"]


def test_bad_specs_are_messages():
    wl = WL()
    for spec in ('<|"Property" -> "NoSuchThing"|>', '<|"Property" -> "Round", "Form" -> "Table"|>',
                 '<|"Property" -> "Round", "Interval" -> 3|>', '<|"Property" -> "Round", "Colour" -> 1|>'):
        got = wl(f'NetTrain[net, data, {spec}, MaxTrainingRounds -> 1, {RUN}]')
        assert wl.tags == ["NetTrain::invcustprop"] and got.name == "$Failed"


def test_results_object_does_not_take_custom_properties():
    wl = WL()
    wl(f'r = NetTrain[net, data, All, MaxTrainingRounds -> 1, {RUN}]')
    wl('r[<|"Property" -> "Round"|>]')
    assert wl.tags == ["NetTrainResultsObject::invprop"]
    assert wl('r["TotalRounds"]').value == 1
    assert isinstance(wl('r["ReasonTrainingStopped"]'), String)


def test_batch_error_rates_and_the_progress_line():
    wl = WL(CLASSIFIER)
    got = wl(f'NetTrain[cnet, cdata, {{"BatchErrorRateList", "BatchMeasurementsLists"}}, '
             f'MaxTrainingRounds -> 2, {RUN}]')
    rates, batches = got.args
    assert len(rates.args) == 6
    assert values(rates) == [b.args[1].args[1].value for b in batches.args]    # <|"Loss", "ErrorRate"|>
    wl('NetTrain[cnet, cdata, MaxTrainingRounds -> 2, BatchSize -> 7, TrainingProgressReporting -> "Print"]')
    assert any("error rate" in str(o) for o in wl.session.output)
