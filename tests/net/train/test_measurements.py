"""TrainingProgressMeasurements: the option forms, and through NetTrain one measurement
per round on the training and the validation data, equal to NetMeasurements of the net
of that round; the loop does no extra pass over the data when none are asked for."""

import numpy as np
import pytest

from _fake import B, W, LinearExecutor, initial_arrays, linear_problem
from _wl import CLASSIFIER, LINEAR, QUIET, WL, values
from wlnet.core.expr import S, String, Symbol
from wlnet.net.train import TrainError
from wlnet.net.train import data as D
from wlnet.net.train.losses import Loss
from wlnet.net.train.loop import run_training
from wlnet.net.train.measurements import RoundMeasurer, parse_measurements
from wlnet.net.train.optimizers import MethodSpec, Optimizer, Parameters


def keys(measurements) -> tuple:
    return tuple(m.key for m in measurements)


def test_the_forms():
    s = WL("")
    assert parse_measurements(Symbol("Automatic"), True) == ()
    assert parse_measurements(String("Loss"), True) == ()
    assert keys(parse_measurements(s('{"Accuracy", <|"Measurement" -> "ErrorRate"|>, "Accuracy"}'), True)) \
        == ("Accuracy", "ErrorRate")
    assert keys(parse_measurements(s('"RSquared"'), False)) == ("RSquared",)
    # synonyms, a parameter, settings with a key of their own
    got = parse_measurements(s('{"MCC", "Accuracy" -> 2, <|"Measurement" -> "Recall", '
                               '"ClassAveraging" -> "Macro", "Key" -> "r"|>}'), True)
    assert keys(got) == ("MatthewsCorrelationCoefficient", "Accuracy", "r")
    assert got[1].k == 2 and got[2].averaging == "Macro"
    for bad, classification in (('"Accuracy"', False), ('"RSquared"', True), ('"Nope"', True),
                                ('NetPort[x]', True), ('<|"Measurement" -> 1|>', True)):
        with pytest.raises(TrainError) as err:
            parse_measurements(s(bad), classification)
        assert err.value.tag == "invopt"


def test_classification_measurements_each_round():
    wl = WL(CLASSIFIER)
    wl(f'r = NetTrain[cnet, cdata, All, MaxTrainingRounds -> 4, BatchSize -> 5, LearningRate -> 0.05, '
       f'ValidationSet -> cdata[[;; ;; 3]], RandomSeeding -> 2, {QUIET}, '
       'TrainingProgressMeasurements -> {"Accuracy", "ErrorRate", "ConfusionMatrix"}]')
    assert not wl.tags
    lists = wl('r["RoundMeasurementsLists"]')
    assert wl('Keys[r["RoundMeasurementsLists"]]') == wl('{"Loss", "Accuracy", "ErrorRate", "ConfusionMatrix"}')
    assert all(len(rule.args[1].args) == 4 for rule in lists.args)
    acc = values(wl('r["RoundMeasurementsLists"]["Accuracy"]'))
    err = values(wl('r["RoundMeasurementsLists"]["ErrorRate"]'))
    assert np.allclose(np.add(acc, err), 1)
    assert values(wl('r["RoundMeasurementsLists"]["Loss"]')) == values(wl('r["RoundLossList"]'))
    v = wl('r["ValidationMeasurementsLists"]')
    assert all(len(rule.args[1].args) == 4 for rule in v.args)
    assert values(wl('r["ValidationMeasurementsLists"]["Loss"]')) == values(wl('r["ValidationLossList"]'))
    # the last round's measurements are those of the final net
    assert wl('r["ValidationMeasurements"]["Accuracy"] == '
              'NetMeasurements[r["FinalNet"], cdata[[;; ;; 3]], "Accuracy"]') == Symbol("True")
    assert wl('r["ValidationMeasurements"]["ConfusionMatrix"] == '
              'NetMeasurements[r["FinalNet"], cdata[[;; ;; 3]], "ConfusionMatrix"]') == Symbol("True")
    assert wl('Last[r["RoundMeasurementsLists"]["ErrorRate"]] == r["RoundMeasurements"]["ErrorRate"]') \
        == Symbol("True")


def test_regression_measurements_on_the_training_data():
    wl = WL()
    wl(f'r = NetTrain[net, data, All, MaxTrainingRounds -> 3, BatchSize -> 7, {QUIET}, '
       'TrainingProgressMeasurements -> {"MeanSquare", "MeanDeviation"}]')
    assert wl('Length /@ Values[r["RoundMeasurementsLists"]]') == wl('{3, 3, 3}')
    assert wl('r["RoundMeasurements"]["MeanDeviation"] == NetMeasurements[r["FinalNet"], data, "MeanDeviation"]') \
        == Symbol("True")
    assert wl('r["ValidationMeasurements"]').head is S.Missing
    assert wl('r["ValidationMeasurementsLists"]') == wl('<|"Loss" -> {}, "MeanSquare" -> {}, "MeanDeviation" -> {}|>')


def test_without_measurements_the_loss_is_all_there_is():
    wl = WL()
    wl(f'r = NetTrain[net, data, All, MaxTrainingRounds -> 2, {QUIET}]')
    assert wl('r["RoundMeasurements"] == <|"Loss" -> r["RoundLoss"]|>') == Symbol("True")
    assert wl('r["RoundMeasurementsLists"] == <|"Loss" -> r["RoundLossList"]|>') == Symbol("True")


def test_a_training_data_key_measured_as_a_netport():
    # the TrainingProgressMeasurements page's NetPort["tdata"]: a key of the training data
    # that feeds no port, measured as the mean of its values over the round
    wl = WL('net = NetInitialize@LinearLayer[1, "Input" -> 1]; '
            'rows = Table[<|"Input" -> {x}, "Output" -> {2 x}, "w" -> {x, 1}|>, {x, 0, 1, 0.1}];')
    wl(f'r = NetTrain[net, rows, All, MaxTrainingRounds -> 2, BatchSize -> 4, {QUIET}, '
       'TrainingProgressMeasurements -> {NetPort["w"]}, '
       'ValidationSet -> Table[<|"Input" -> {x}, "Output" -> {2 x}|>, {x, 0, 1, 0.5}]]')
    assert not wl.tags, wl.tags
    assert values(wl('r["RoundMeasurements"]["w"]')) == pytest.approx([0.5, 1.0])
    assert wl('r["ValidationMeasurements"]["w"]') == wl('Missing["NotAvailable"]')  # not in it
    wl(f'NetTrain[net, rows, MaxTrainingRounds -> 1, {QUIET}, TrainingProgressMeasurements -> NetPort["v"]]')
    assert wl.tags == ["NetTrain::invmeas"]


def test_net_measurements_of_a_generator():
    # NetMeasurements takes data "in any form NetTrain accepts": {f, "RoundLength" -> n}
    # draws n examples from f once; f gets the batch size as NetTrain's generators do
    wl = WL('net = NetInitialize@LinearLayer[1, "Input" -> 1]; sizes = {}; '
            'gen = Function[AppendTo[sizes, #BatchSize]; Table[{1.} -> {2.}, #BatchSize]];')
    got = wl('{NetMeasurements[net, {gen, "RoundLength" -> 10}, "Loss", BatchSize -> 4], '
             'NetMeasurements[net, {{1.} -> {2.}}, "Loss"]}')
    assert not wl.tags and got.args[0] == got.args[1]
    assert wl('sizes') == wl('{4, 4, 4}')
    wl('NetMeasurements[net, 5, "Loss"]')             # data, not "training data", here
    assert wl.tags == ["NetMeasurements::invmdata"]


def test_ports_and_arrays_measured_each_round():
    wl = WL('net = NetInitialize[NetChain[<|"a" -> LinearLayer[3], "r" -> Ramp, "b" -> LinearLayer[1]|>, '
            '"Input" -> 1], RandomSeeding -> 1]; data = Table[{x} -> {2 x + 1}, {x, -1, 1, 0.1}];')
    wl(f'r = NetTrain[net, data, All, MaxTrainingRounds -> 3, BatchSize -> 7, {QUIET}, '
       'TrainingProgressMeasurements -> {NetPort[{"r", "Output"}], '
       '<|"Measurement" -> NetPort[{"a", "Weights"}], "Aggregation" -> "RootMeanSquare"|>}]')
    assert not wl.tags
    assert wl('Keys[r["RoundMeasurementsLists"]]') == wl('{"Loss", "r/Output", "a/Weights"}')
    # the last round's values are those of the final net: the mean activation over the
    # data, and the RMS of the array
    assert wl('Max[Abs[Last[r["RoundMeasurementsLists"]["r/Output"]] - '
              'Mean[NetTake[r["FinalNet"], 2][Keys[data]]]]] < 10^-5') == Symbol("True")
    assert wl('Abs[Last[r["RoundMeasurementsLists"]["a/Weights"]] - '
              'Sqrt[Mean[Flatten[Normal[NetExtract[r["FinalNet"], {"a", "Weights"}]]]^2]]] < 10^-5') \
        == Symbol("True")


def test_bad_measurements_are_a_message_and_failed():
    wl = WL()
    assert wl(f'NetTrain[net, data, {QUIET}, TrainingProgressMeasurements -> "Accuracy"]') == Symbol("$Failed")
    assert wl.tags == ["NetTrain::invopt"]
    # a function measurement without its "Key"
    assert wl('NetMeasurements[NetInitialize[net], data, <|"Measurement" -> (1 &)|>]') == Symbol("$Failed")
    assert wl.tags == ["NetMeasurements::invmeas"] and '"Key"' in wl.session.messages[0]


def test_net_measurements_of_a_function_see_the_net():
    # the NetMeasurements page: <|"Measurement" -> spec, …|> takes TrainingProgressMeasurements'
    # settings, Function[…] among them; outside training only the net is in its state
    wl = WL()
    wl('trained = NetInitialize[net, RandomSeeding -> 2];')
    assert wl('NetMeasurements[trained, data, {"MeanSquare", <|"Measurement" -> '
              '(NetMeasurements[#Net, data, "MeanSquare"] &), "Key" -> "again"|>}] // '
              'Apply[Equal]') == Symbol("True")
    assert wl('NetMeasurements[trained, data, <|"Measurement" -> (Head[#Net] &), "Key" -> "h"|>]') \
        == wl('Head[trained]')
    assert not wl.tags


def _setup():
    inputs, targets = linear_problem(64)
    rng = np.random.default_rng(0)
    train = D.prepare_batches(inputs, targets, D.bucket_by_length(np.arange(64), None, 16, rng))
    whole = D.prepare_batches(inputs, targets, [np.arange(64)])
    params = Parameters(initial_arrays(), [W, B], np.float64)
    opt = Optimizer(params, MethodSpec("ADAM", {"LearningRate": 0.05}))
    return LinearExecutor(), params, opt, train, whole, rng


MSE = [Loss("Output", "MeanSquared")]


def test_the_loop_does_one_forward_pass_per_batch_without_measurements():
    ex, params, opt, train, _, rng = _setup()
    run = run_training(ex, params, opt, train, MSE, batch_size=16, max_rounds=3, rng=rng)
    assert ex.forward_calls == run.total_batches == 12
    assert run.round_measurements == [] and run.checkpoint_files == []


def test_the_loop_measures_after_every_round():
    ex, params, opt, train, whole, rng = _setup()
    measurer = RoundMeasurer(("MeanSquare",), ex, MSE, "Output", False, [], whole)
    run = run_training(ex, params, opt, train, MSE, batch_size=16, max_rounds=3, rng=rng,
                       validation=whole, measurer=measurer)
    assert len(run.round_measurements) == len(run.validation_measurements) == 3
    assert ex.forward_calls == run.total_batches + 3 + 3      # one pass each, per round
    # on the same data, the validation loss is the training MeanSquare
    assert [m["MeanSquare"].value for m in run.round_measurements] == pytest.approx(run.validation_losses)


def test_classifier_measurements_of_a_net_are_its_net_measurements():
    # a public CIFAR-10 script exports ClassifierMeasurements[net, validationSet]
    wl = WL(CLASSIFIER)
    direct = wl('NetMeasurements[cnet, cdata, {"Accuracy", "ConfusionMatrix"}]')
    assert wl('ClassifierMeasurements[cnet, cdata, {"Accuracy", "ConfusionMatrix"}]') == direct
    assert wl('cm = ClassifierMeasurements[cnet, cdata]; Head[cm]') \
        == Symbol("ClassifierMeasurementsObject")
    assert wl('{cm["Accuracy"], cm["ConfusionMatrix"]}') == direct
    assert wl('ToString[cm]') == String("ClassifierMeasurementsObject[<net, 21 examples>]")
    assert wl.tags == []
    assert wl('ClassifierMeasurements[5, cdata]') == Symbol("$Failed")
    assert wl.tags == ["ClassifierMeasurements::invnet"]


def test_classifier_measurements_apply_encoders_that_evaluate_in_the_session():
    # a "Function" encoder (and "FeatureExtractor", which applies its extractor alike) needs
    # the session while ClassifierMeasurements encodes the data, as NetMeasurements has it
    wl = WL('fnet = NetInitialize[NetChain[{LinearLayer[2, "Weights" -> {{1., 0.}, {0., 1.}}, '
            '"Biases" -> {0., 0.}], SoftmaxLayer[]}, "Input" -> NetEncoder[{"Function", '
            '{#[[1]], -#[[1]]} &, {2}}], "Output" -> NetDecoder[{"Class", {"pos", "neg"}}]]]; '
            'fdata = {{2., "x"} -> "pos", {-1., "y"} -> "neg", {3., "z"} -> "neg"};')
    direct = wl('NetMeasurements[fnet, fdata, {"Accuracy", "ConfusionMatrix"}]')
    assert wl.tags == []
    assert wl('ClassifierMeasurements[fnet, fdata, {"Accuracy", "ConfusionMatrix"}]') == direct
    assert wl.tags == []
    assert wl('ClassifierMeasurements[fnet, fdata]["Accuracy"]') == wl("2/3.")


def test_classifier_measurements_of_a_boolean_net():
    # a Boolean-decoded net (LogisticSigmoid output) is a classifier of False and True
    wl = WL('bnet = NetInitialize[NetChain[{LinearLayer[1, "Weights" -> {{5.}}, "Biases" -> {0.}], '
            'PartLayer[1], LogisticSigmoid}, "Input" -> 1, "Output" -> NetDecoder["Boolean"]]]; '
            'bdata = {{-1.} -> False, {-0.5} -> False, {0.5} -> True, {1.} -> True, {-0.2} -> True};')
    got = wl('ClassifierMeasurements[bnet, bdata, {"Accuracy", "ConfusionMatrix", "Recall"}]')
    assert wl.tags == []
    assert got == wl('{0.8, {{2, 0}, {1, 2}}, <|False -> 1., True -> 2/3.|>}')
    # and per round, as a TrainingProgressMeasurement
    got = wl('Keys[NetTrain[bnet, bdata, All, MaxTrainingRounds -> 2, ValidationSet -> bdata, '
             'TrainingProgressMeasurements -> {"Accuracy"}, ' + QUIET + ']["ValidationMeasurementsLists"]]')
    assert wl.tags == [] and got == wl('{"Loss", "Accuracy"}')


def test_the_loss_of_a_net_that_gives_its_loss():
    # NetMeasurements[trainingNet, data, "Loss"] of a teacher-forcing net (no targets to
    # compare outputs with: the loss port is measured alone)
    wl = WL('lnet = NetInitialize[NetGraph[<|"lin" -> LinearLayer[1], '
            '"loss" -> MeanSquaredLossLayer[]|>, {"lin" -> NetPort["loss", "Input"]}, '
            '"Input" -> 1], RandomSeeding -> 1]; '
            'ldata = <|"Input" -> {{1.}, {2.}}, "Target" -> {{1.}, {2.}}|>;')
    loss = wl('NetMeasurements[lnet, ldata, "Loss"]')
    assert wl.tags == []
    assert loss.value == pytest.approx(
        wl('Mean[lnet[<|"Input" -> #1, "Target" -> #2|>] & @@@ Transpose[Values[ldata]]]').value,
        rel=1e-5)


def test_standard_deviation_is_the_root_mean_square_deviation():
    wl = WL()
    got = wl('{NetMeasurements[net, data, "StandardDeviation"]^2, NetMeasurements[net, data, "MeanSquare"]}')
    a, b = values(got)
    assert a == pytest.approx(b, rel=1e-6) and not wl.tags
    got = wl('NetMeasurements[net, data, {"RSquared", "MeanDeviation", "StandardDeviation"}]')
    assert len(got.args) == 3 and not wl.tags


def test_function_measurements_of_the_training_state():
    wl = WL()
    wl(f'r = NetTrain[net, data, All, MaxTrainingRounds -> 3, BatchSize -> 7, {QUIET}, '
       'ValidationSet -> Scaled[0.3], TrainingProgressMeasurements -> {"MeanSquare", '
       '<|"Measurement" -> Function[#Round^2], "Key" -> "sq"|>, '
       '<|"Measurement" -> Function[Total[Abs[Flatten[Normal /@ Values[#Weights]]]]], "Key" -> "l1"|>}]')
    assert not wl.tags
    assert wl('r["RoundMeasurementsLists"]["sq"]') == wl('{1., 4., 9.}')
    assert wl('r["ValidationMeasurementsLists"]["sq"]') == wl('{1., 4., 9.}')
    # the weights' L1 norm after the last round is that of the final net
    assert wl('Abs[Last[r["RoundMeasurementsLists"]["l1"]] - '
              'Total[Abs[Flatten[Normal /@ Values[Information[r["FinalNet"], "Arrays"]]]]]] < 10^-4') \
        == Symbol("True")
    # a function measurement needs a key; its value must be a number
    wl(f'NetTrain[net, data, {QUIET}, TrainingProgressMeasurements -> <|"Measurement" -> Function[#Round]|>]')
    assert wl.tags == ["NetTrain::invopt"]
    wl(f'NetTrain[net, data, MaxTrainingRounds -> 1, {QUIET}, '
       'TrainingProgressMeasurements -> <|"Measurement" -> Function["x"], "Key" -> "s"|>]')
    assert wl.tags == ["NetTrain::badcustmeas"]


def test_a_classifier_measures_its_error_rate_by_default():
    wl = WL(LINEAR + CLASSIFIER)
    # one batch a round: round 1's error rate is the initial net's, its batch's outputs
    wl(f'r = NetTrain[cnet, cdata, All, BatchSize -> 21, MaxTrainingRounds -> 2, {QUIET}, RandomSeeding -> 1]')
    assert not wl.tags
    lists = wl('r["RoundMeasurementsLists"]')
    assert [k.value for k in (r.args[0] for r in lists.args)] == ["Loss", "ErrorRate"]
    first = wl('r["RoundMeasurementsLists"]["ErrorRate"][[1]]').value
    assert abs(first - (1 - wl('NetMeasurements[cnet, cdata, "Accuracy"]').value)) < 1e-12
    assert wl('r["BatchMeasurementsLists"][[All, "ErrorRate"]] == r["RoundMeasurementsLists"]["ErrorRate"]') \
        == Symbol("True")
    # the validation set's, of the net after the round (NetMeasurements of the final net)
    wl(f'r = NetTrain[cnet, cdata, All, BatchSize -> 7, MaxTrainingRounds -> 1, {QUIET}, '
       'RandomSeeding -> 1, ValidationSet -> cdata[[;; 10]]]')
    got = wl('r["ValidationMeasurements"]["ErrorRate"]').value
    assert abs(got - (1 - wl('NetMeasurements[r["FinalNet"], cdata[[;; 10]], "Accuracy"]').value)) < 1e-6
    # not for a regression net, nor when measurements are chosen
    assert wl(f'Keys@NetTrain[net, data, "RoundMeasurements", MaxTrainingRounds -> 1, {QUIET}]') \
        == wl('{"Loss"}')
    assert wl(f'Keys@NetTrain[cnet, cdata, "RoundMeasurements", MaxTrainingRounds -> 1, {QUIET}, '
              'TrainingProgressMeasurements -> "Accuracy"]') == wl('{"Loss", "Accuracy"}')


def test_print_and_file_reporting_show_the_measurements(tmp_path):
    wl = WL(LINEAR + CLASSIFIER)
    path = str(tmp_path / "progress.csv")
    wl(f'NetTrain[cnet, cdata, BatchSize -> 7, MaxTrainingRounds -> 2, RandomSeeding -> 1, '
       f'ValidationSet -> cdata[[;; 10]], TrainingProgressMeasurements -> {{"Accuracy", "Recall"}}, '
       f'TrainingProgressReporting -> {{"Print", File["{path}"]}}]')
    assert not wl.tags
    last = [str(o) for o in wl.session.output if "round 2/2" in str(o)][-1]
    assert "Accuracy " in last and "Recall " in last and "validation Accuracy " in last
    rows = wl(f'Import["{path}"]')
    header = [x.value for x in rows.args[0].args]
    assert header[-4:] == ["Accuracy", "Recall", "ValidationAccuracy", "ValidationRecall"]
    # the Recall column is the macro average of the per-class values of that round
    recall = wl(f'Mean[Values[NetTrain[cnet, cdata, "RoundMeasurements", BatchSize -> 7, '
                f'MaxTrainingRounds -> 2, RandomSeeding -> 1, ValidationSet -> cdata[[;; 10]], '
                f'TrainingProgressMeasurements -> {{"Accuracy", "Recall"}}, {QUIET}]["Recall"]]]')
    assert abs(rows.args[-1].args[header.index("Recall")].value - recall.value) < 1e-5


def test_the_trained_net_is_the_best_validation_pass():
    wl = WL(LINEAR + CLASSIFIER)
    run = (f'BatchSize -> 7, MaxTrainingRounds -> 12, {QUIET}, RandomSeeding -> 1, '
           'ValidationSet -> cdata[[;; ;; 2]]')
    # a classifier's: the lowest validation error rate, ties to the lower validation loss
    got = wl(f'NetTrain[cnet, cdata, {{"BestValidationRound", "ValidationMeasurementsLists"}}, {run}]')
    best, lists = got.args
    errors = [x.value for x in lists.args[1].args[1].args]
    losses = [x.value for x in lists.args[0].args[1].args]
    assert best.value == min(range(1, 13), key=lambda r: (errors[r - 1], losses[r - 1]))
    # a regression net's: the lowest validation loss
    got = wl(f'NetTrain[net, data, {{"BestValidationRound", "ValidationLossList"}}, BatchSize -> 7, '
             f'MaxTrainingRounds -> 5, {QUIET}, RandomSeeding -> 1, ValidationSet -> data[[;; ;; 2]]]')
    assert got.args[0].value == 1 + int(np.argmin(values(got.args[1])))
    # a stopping criterion's measurement, in its direction
    got = wl(f'NetTrain[cnet, cdata, {{"BestValidationRound", "ValidationMeasurementsLists"}}, {run}, '
             'TrainingProgressMeasurements -> "Accuracy", '
             'TrainingStoppingCriterion -> <|"Criterion" -> "Accuracy", "Patience" -> 20|>]')
    best, lists = got.args
    accuracy = [x.value for x in lists.args[1].args[1].args]
    assert best.value == 1 + int(np.argmax(accuracy))


ATTENTION = ('g = NetInitialize[NetGraph[<|"att" -> AttentionLayer[], "lin" -> LinearLayer[2]|>, '
             '{NetPort["Key"] -> NetPort["att", "Key"], NetPort["Value"] -> NetPort["att", "Value"], '
             'NetPort["Query"] -> NetPort["att", "Query"], "att" -> NetPort["Out"], "att" -> "lin" -> NetPort["Other"]}, '
             '"Key" -> {2, 3}, "Value" -> {2, 3}, "Query" -> {1, 3}], RandomSeeding -> 1]; '
             'ins = {<|"Key" -> {{1, 2, 3}, {0, 1, 0}}, "Value" -> {{1, 0, 0}, {0, 1, 0}}, "Query" -> {{1, 1, 1}}|>, '
             '<|"Key" -> {{0, 2, 3}, {1, 1, 0}}, "Value" -> {{1, 0, 0}, {0, 1, 0}}, "Query" -> {{1, 0, 1}}|>}; '
             'd = Join[#, <|"Out" -> {{1, 2, 3}}, "Other" -> {1, 2}|>] & /@ ins;')


def test_attention_weights_measurement():
    """"AttentionWeights" (a built-in measurement of WL's, with "Source" -> the output an
    AttentionLayer gives): that layer's attention weights averaged over the examples (it
    was invmeas)."""
    wl = WL(ATTENTION)
    assert wl('Max@Abs[NetMeasurements[g, d, <|"Measurement" -> "AttentionWeights", "Source" -> "Out"|>] - '
              'Mean[g[#, NetPort[{"att", "AttentionWeights"}]] & /@ ins]] < 10^-6') == Symbol("True")
    assert not wl.tags
    # the net's only output needs no "Source"
    assert wl('a = NetExtract[g, "att"]; NetMeasurements[a, {Join[ins[[1]], <|"Output" -> {{1, 2, 3}}|>]}, '
              '"AttentionWeights"] == a[ins[[1]], NetPort["AttentionWeights"]]') == Symbol("True")
    for spec in ('"AttentionWeights"', '<|"Measurement" -> "AttentionWeights", "Source" -> "Other"|>'):
        assert wl(f'NetMeasurements[g, d, {spec}]') == Symbol("$Failed")
        assert wl.tags == ["NetMeasurements::invmeas"]


def test_a_multilabel_classifier_is_measured_by_sets_of_classes():
    # a "Multilabel" class decoder decides each class on its own (probability above 0.5):
    # an example is classified correctly when its set of classes is; per-class measures
    # count each class's yes/no decisions (the decisions here: {a, b}, {a}, {c}, {})
    wl = WL('mnet = NetChain[{ElementwiseLayer[LogisticSigmoid]}, "Input" -> 3, '
            '"Output" -> NetDecoder[{"Class", {a, b, c}, "Multilabel" -> True}]]; '
            'mdata = {{4., 4., -4.} -> {a, b}, {4., -4., -4.} -> {a, b}, {-4., -4., 4.} -> {c}, '
            '{-4., -4., -4.} -> {}};')
    got = wl('NetMeasurements[mnet, mdata, {"Accuracy", "ErrorRate", "Recall", "Precision", '
             '"TruePositiveNumber", <|"Measurement" -> "Recall", "ClassAveraging" -> "Micro"|>}]')
    assert wl.tags == []
    assert got == wl('{0.75, 0.25, <|a -> 1., b -> 0.5, c -> 1.|>, <|a -> 1., b -> 1., c -> 1.|>, '
                     '<|a -> 2, b -> 1, c -> 1|>, 0.8}')
    # the likelihood of each example's set: its classes independent
    p, q = 1 / (1 + np.exp(-4.0)), 1 / (1 + np.exp(4.0))
    want = 3 * (3 * np.log(p)) + (2 * np.log(p) + np.log(q))
    assert abs(wl('NetMeasurements[mnet, mdata, "LogLikelihood"]').value - want) < 1e-4
    # a measure of one class against another is not defined for it
    wl('NetMeasurements[mnet, mdata, "ConfusionMatrix"]')
    assert wl.tags == ["NetMeasurements::invmeas"]


def test_the_batch_error_rate_of_a_multilabel_classifier():
    # NetTrain's default measurement while a multilabel classifier trains: an example is
    # wrong unless its set of classes is decided exactly
    from types import SimpleNamespace as Batch
    from wlnet.net.train.measurements import BatchErrorRate
    out = Batch(data=np.array([[0.9, 0.8, 0.1], [0.9, 0.2, 0.1], [0.1, 0.2, 0.3]]), lengths=None)
    target = Batch(data=np.array([[1., 1., 0.], [1., 1., 0.], [0., 0., 0.]]), lengths=None)
    assert BatchErrorRate("Output", decision="multilabel")(out, target) == {"ErrorRate": 1 / 3}


def test_a_boolean_decoder_over_an_array_decides_each_element():
    # {n, NetDecoder["Boolean"]} (or over a sequence): one False/True decision per element,
    # measured as the classes False and True (was read as one n-class vector per example)
    wl = WL('bnet = NetChain[{ElementwiseLayer[LogisticSigmoid]}, "Input" -> 3, '
            '"Output" -> NetDecoder["Boolean"]]; '
            'snet = NetChain[{ElementwiseLayer[LogisticSigmoid]}, "Input" -> {"Varying"}, '
            '"Output" -> NetDecoder["Boolean"]];')
    got = wl('NetMeasurements[bnet, {{4., -4., 4.} -> {True, False, True}, {4., 4., -4.} -> '
             '{True, False, False}}, {"Accuracy", "ConfusionMatrix", "Recall"}]')
    assert wl.tags == []
    from wlnet.syntax.printer import output_form
    assert output_form(got) == '{0.833333, {{2, 1}, {0, 3}}, <|False -> 0.666667, True -> 1.|>}'

    got = wl('NetMeasurements[snet, {{4., -4., 4.} -> {True, False, True}, {4., 4.} -> {True, False}}, '
             '{"Accuracy", "ConfusionMatrix"}]')
    assert wl.tags == [] and got == wl('{0.8, {{1, 1}, {0, 3}}}')


def test_classifier_measurements_of_a_net_give_the_example_properties():
    # ClassifierMeasurements' properties of the test examples themselves (a
    # ClassifierFunction's have them) for a net with a "Class" decoder: the ClassifierMeasurements
    # page's "WorstClassifiedExamples", {"MisclassifiedExamples", n}, "Probabilities"…
    wl = WL('wnet = NetChain[{LinearLayer[2, "Weights" -> {{1.}, {-1.}}, "Biases" -> {0., 0.}], '
            'SoftmaxLayer[]}, "Input" -> 1, "Output" -> NetDecoder[{"Class", {"pos", "neg"}}]]; '
            'wdata = {{2.} -> "pos", {0.5} -> "pos", {-1.} -> "neg", {0.2} -> "neg", {-3.} -> "pos"};')
    assert wl('ClassifierMeasurements[wnet, wdata, {"WorstClassifiedExamples", 2}]') == \
        wl('{{-3.} -> "pos", {0.2} -> "neg"}')
    assert wl('ClassifierMeasurements[wnet, wdata, "MisclassifiedExamples"]') == \
        wl('{{0.2} -> "neg", {-3.} -> "pos"}')
    got = wl('ClassifierMeasurements[wnet, wdata, "Probabilities"]')
    p_true = [1 / (1 + np.exp(-2 * x)) for x in (2.0, 0.5, -1.0, 0.2, -3.0)]     # softmax of ±x
    p_true = [p if c == "pos" else 1 - p for p, c in zip(p_true, ["pos", "pos", "neg", "neg", "pos"])]
    assert np.allclose(values(got), p_true, atol=1e-6)
    assert wl('Length[ClassifierMeasurements[wnet, wdata, "Examples"]]') == wl("5")
    # a list mixes them with NetMeasurements' measurements; the object gives them too
    assert wl('ClassifierMeasurements[wnet, wdata, {"Accuracy", {"MostCertainExamples", 1}}]') \
        == wl('{0.6, {{-3.} -> "pos"}}')
    assert wl('ClassifierMeasurements[wnet, wdata]["TruePositiveExamples"]["pos"]') == \
        wl('{{2.} -> "pos", {0.5} -> "pos"}')
    assert wl('Head[ClassifierMeasurements[wnet, wdata, "Report"]]') == Symbol("Column")
    # the data forms of nets: {inputs} -> {classes} and an association by port
    assert wl('ClassifierMeasurements[wnet, Keys[wdata] -> Values[wdata], "Probabilities"]') == got
    assert wl('ClassifierMeasurements[wnet, <|"Input" -> Keys[wdata], "Output" -> Values[wdata]|>, '
              '"Probabilities"]') == got
    assert wl.tags == []


def test_classifier_measurements_example_properties_of_a_boolean_net():
    wl = WL('bnet = NetChain[{LinearLayer[1, "Weights" -> {{5.}}, "Biases" -> {0.}], PartLayer[1], '
            'LogisticSigmoid}, "Input" -> 1, "Output" -> NetDecoder["Boolean"]]; '
            'bdata = {{-1.} -> False, {0.5} -> True, {-0.2} -> True};')
    assert wl('ClassifierMeasurements[bnet, bdata, "MisclassifiedExamples"]') == wl('{{-0.2} -> True}')
    assert wl.tags == []
