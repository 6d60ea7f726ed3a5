"""NetTrain / NetMeasurements / NetTrainResultsObject through a Session: results, options,
messages, progress output, interruption and divergence, and one exact SGD step checked
against finite-difference gradients through the real executor."""

import numpy as np
import pytest

from _wl import QUIET, WL, values
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.image import Image, encode_png
from wlnet.net.execute import Executor
from wlnet.net.wlform import net_from_expr



@pytest.fixture(scope="module")
def wl():
    return WL()


def test_training_lowers_the_loss_and_returns_a_new_net(wl):
    wl('w0 = NetExtract[net, "Weights"]; res = NetTrain[net, data, All, MaxTrainingRounds -> 30, '
       'BatchSize -> 7, TrainingProgressReporting -> None, RandomSeeding -> 1, LearningRate -> 0.05]')
    losses = values(wl('res["RoundLossList"]'))
    assert len(losses) == 30 and losses[-1] < 0.2 * losses[0]
    assert wl('NetExtract[net, "Weights"] === w0') == Symbol("True")      # not mutated
    assert wl('NetExtract[res["TrainedNet"], "Weights"] === w0') == Symbol("False")
    assert wl('res["TrainedNet"] === res["FinalNet"]') == Symbol("True")  # no validation set


PROPS = [("TotalRounds", Integer(30)), ("TotalBatches", Integer(90)), ("BatchSize", Integer(7)),
         ("BatchesPerRound", Integer(3)),
         ("ReasonTrainingStopped", String("MaxTrainingRounds")), ("TargetDevice", String("CPU")),
         ("ExamplesProcessed", Integer(630)), ("TrainingExamples", Integer(21))]


@pytest.mark.parametrize("prop,expected", PROPS, ids=[p[0] for p in PROPS])
def test_results_properties(wl, prop, expected):
    assert wl(f'res["{prop}"]') == expected


def test_optimization_method_with_all_its_options(wl):
    # the page: "the optimization method used and all associated options"
    got = wl('res["OptimizationMethod"]')
    assert got.args[0] == String("ADAM")
    options = {r.args[0].value: r.args[1] for r in got.args[1:]}
    assert sorted(options) == ["Beta1", "Beta2", "Epsilon", "GradientClipping", "L2Regularization",
                               "LearningRate", "LearningRateSchedule", "WeightClipping"]
    assert options["Beta1"].value == 0.9 and options["L2Regularization"] == Symbol("None")


def test_more_results_properties(wl):
    assert len(wl('res["BatchLossList"]').args) == 90
    assert wl('res["RoundLoss"] == Last[res["RoundLossList"]]') == Symbol("True")
    assert wl('res["ValidationLossList"]') == Expr(S.List)
    assert wl('res["BestValidationRound"]').head is S.Missing
    assert wl('res["TotalTrainingTime"] > 0 && res["MeanExamplesPerSecond"] > 0') == Symbol("True")
    assert wl('res[{"TotalRounds", "BatchSize"}]') == Expr(S.List, Integer(30), Integer(7))
    assert wl('res["FinalRoundLoss"] == res["RoundLoss"]') == Symbol("True")     # old name
    assert String("LossPlot") in wl('res["Properties"]').args
    plot = wl('res["LossPlot"]')
    assert plot.head is Symbol("Graphics")                      # drawn when shown or exported
    size = wl('ImageDimensions[Rasterize[res["LossPlot"]]]')
    assert all(d.value > 100 for d in size.args)


def test_positions_plots_and_input_form(wl):
    """The properties that say where things happened and how NetTrain was called."""
    assert wl('res["RoundPositions"]') == Expr(S.List, *(Integer(3 * r) for r in range(1, 31)))
    assert wl('res["ValidationPositions"]') == Expr(S.List)
    assert wl('Length[res["BatchMeasurementsLists"]] == 90 && '
              'res["BatchMeasurementsLists"][[1, "Loss"]] == res["BatchLossList"][[1]]') == Symbol("True")
    assert wl('Keys[res["FinalPlots"]]') == Expr(S.List, String("Loss"))
    assert wl('res["FinalPlots"]["Loss"] === res["LossPlot"]') == Symbol("True")
    # HoldForm[NetTrain][net, data, rest…]: only the head held, so the arguments can be
    # taken apart (List @@ form) without training again
    assert wl('res["NetTrainInputForm"][[0]] === HoldForm[NetTrain]') == Symbol("True")
    assert wl('Cases[res["NetTrainInputForm"], (BatchSize -> b_) :> b, Infinity]') == Expr(S.List, Integer(7))
    # the net and the data as placeholders (they can be large), the rest as given
    assert wl('res["NetTrainInputForm"][[{1, 2}]] === '
              'HoldForm[NetTrain][Placeholder["net"], Placeholder["data"]]') == Symbol("True")
    assert Expr(S.Rule, Symbol("BatchSize"), Integer(7)) in \
        wl('Cases[Flatten @ Drop[List @@ res["NetTrainInputForm"], 2], _Rule]').args
    for prop in ("RoundPositions", "FinalPlots", "NetTrainInputForm", "ArraysLearningRateMultipliers"):
        assert String(prop) in wl('res["Properties"]').args


def test_validation_positions_and_measurement_plots():
    wl = WL()
    wl('r = NetTrain[net, data, All, MaxTrainingRounds -> 4, BatchSize -> 5, TrainingProgressReporting -> None, '
       'ValidationSet -> Scaled[0.25], TrainingProgressMeasurements -> {"MeanDeviation"}, RandomSeeding -> 2]')
    assert wl('r["ValidationPositions"] == r["RoundPositions"] == r["BatchesPerRound"] Range[4]') == Symbol("True")
    assert wl('Keys[r["FinalPlots"]]') == Expr(S.List, String("Loss"), String("MeanDeviation"))
    assert wl('Head[r["FinalPlots"]["MeanDeviation"]]') == Symbol("Graphics")
    # the older name of a measurement's plot ("ErrorRateEvolutionPlot" in programs)
    assert wl('r["MeanDeviationEvolutionPlot"] === r["FinalPlots"]["MeanDeviation"]') \
        == Symbol("True")
    assert wl('r["NoSuchEvolutionPlot"]') == Symbol("$Failed")


def test_third_argument_forms(wl):
    common = ', MaxTrainingRounds -> 2, TrainingProgressReporting -> None'
    assert wl(f'NetTrain[net, data{common}]').head is Symbol("LinearLayer")
    assert wl(f'NetTrain[net, data, "FinalNet"{common}]').head is Symbol("LinearLayer")
    assert wl(f'NetTrain[net, data, "TotalRounds"{common}]') == Integer(2)
    got = wl(f'NetTrain[net, data, {{"TotalRounds", "BatchSize"}}{common}]')
    assert got == Expr(S.List, Integer(2), Integer(21))       # the 21 examples: one batch
    assert wl(f'NetTrain[net, data, All{common}]').head == Symbol("NetTrainResultsObject")
    # a loss layer as the third argument is the loss (the loss layers' documented form),
    # a property may follow it
    assert wl(f'NetTrain[net, data, MeanAbsoluteLossLayer[]{common}]').head is Symbol("LinearLayer")
    assert wl(f'NetTrain[net, data, MeanAbsoluteLossLayer[], "TotalRounds"{common}]') == Integer(2)
    l1 = wl(f'NetTrain[net, data, MeanAbsoluteLossLayer[], "RoundLossList", RandomSeeding -> 1{common}]')
    l2 = wl(f'NetTrain[net, data, "RoundLossList", LossFunction -> MeanAbsoluteLossLayer[], '
            f'RandomSeeding -> 1{common}]')
    assert l1 == l2


def test_validation_set_gives_the_best_net(wl):
    wl('v = NetTrain[net, data, All, MaxTrainingRounds -> 8, BatchSize -> 3, '
       'ValidationSet -> Scaled[0.3], TrainingProgressReporting -> None, RandomSeeding -> 2]')
    vl = values(wl('v["ValidationLossList"]'))
    assert len(vl) == 8
    assert wl('v["BestValidationRound"]') == Integer(int(np.argmin(vl)) + 1)
    assert wl('v["ValidationExamples"] + v["TrainingExamples"]') == Integer(21)
    assert wl('NetMeasurements[v["TrainedNet"], data[[1 ;; 3]], "Loss"] > 0') == Symbol("True")
    explicit = wl('NetTrain[net, data, "ValidationLossList", MaxTrainingRounds -> 3, '
                  'ValidationSet -> data[[1 ;; 5]], TrainingProgressReporting -> None]')
    assert len(explicit.args) == 3


def test_a_validation_example_that_does_not_fit_says_it_is_the_validation_sets(wl):
    wl('NetTrain[net, data, ValidationSet -> {{1, 2} -> 3}, MaxTrainingRounds -> 1, '
       'TrainingProgressReporting -> None]')
    assert wl.tags == ["NetTrain::invvdata"]
    assert 'the port "Input" was given {1, 2}' in wl.session.messages[0]


def test_an_image_that_does_not_fit_is_named_in_words(wl):
    # not the image's whole NumericArray in the message (a list example is shown as itself)
    wl('NetTrain[NetChain[{FlattenLayer[], LinearLayer[2]}, "Input" -> {1, 4, 4}], '
       '{Image[ConstantArray[0.5, {4, 4}]] -> {1, 2}}, MaxTrainingRounds -> 1, '
       'TrainingProgressReporting -> None]')
    assert wl.session.messages[0].startswith('NetTrain::invindata: The port "Input" was given an image;')
    wl('NetTrain[NetChain[{LinearLayer[2]}, "Input" -> 2], {{1, 2} -> Image[ConstantArray[0.5, {4, 4}]]}, '
       'MaxTrainingRounds -> 1, TrainingProgressReporting -> None]')        # a target too
    assert wl.session.messages[0].startswith('NetTrain::invtarget: Target data for port "Output" was an image,')


MESSAGES = [
    ('NetTrain[3, data]', "NetTrain::invnet"),
    ('NetTrain[net, 5]', "NetTrain::invtdata"),
    ('NetTrain[net, {}]', "NetTrain::invtdata"),
    ('NetTrain[net, {{1, 2} -> {1}}]', "NetTrain::invindata"),
    ('NetTrain[net, {{1} -> "a"}]', "NetTrain::invtarget"),
    ('NetTrain[net, data, BatchSize -> 0]', "NetTrain::optpi"),
    ('NetTrain[net, data, MaxTrainingRounds -> -1]', "NetTrain::optpi"),
    ('NetTrain[net, data, Method -> "Newton"]', "NetTrain::invmethod"),
    ('NetTrain[net, data, Method -> {"ADAM", "Momentum" -> 1}]', "NetTrain::invopt"),
    ('NetTrain[net, data, LearningRate -> -1]', "NetTrain::optpr"),
    ('NetTrain[net, data, ValidationSet -> Scaled[0.99], BatchSize -> 5]', "NetTrain::invvsfrac"),
    ('NetTrain[net, data, LossFunction -> 5]', "NetTrain::invloss"),
    ('NetTrain[net, data, "Nope"]', "NetTrain::invprop"),
    ('NetTrain[net, data, RandomSeeding -> {}]', "NetTrain::seeding"),
    ('NetTrain[net, data, TargetDevice -> "TPU"]', "NetTrain::invdevice"),
    ('NetTrain[net, data, WorkingPrecision -> "Real16"]', "NetTrain::invprec"),
    ('NetTrain[net, data, TrainingProgressReporting -> "Loud"]', "NetTrain::invopt"),
    ('NetTrain[net, data, PerformanceGoal -> "Quality"]', "NetTrain::invopt"),
    ('NetTrain[net, data, Colour -> 1]', "NetTrain::optx"),
    ('NetTrain[LinearLayer[2], {"a" -> {1, 2}}]', "NetTrain::notfspec"),
    ('NetTrain[LinearLayer[2], data]', "NetTrain::invtarget"),     # input size read, {1} ≠ 2
    ('NetTrain[net, {{1.}, {2.}}]', "NetTrain::invport"),      # inputs only, a target needed
    # inputs of different lengths for a LinearLayer: the first example shapes the port and
    # the data check names the other one (not notfspec for the open size)
    ('NetTrain[NetChain[{LinearLayer[1]}], {{1., 2.} -> 2., {2.} -> 3.}]', "NetTrain::invindata"),
    # a sequence net: the first example's length does not fix the output
    ('NetTrain[NetChain[{EmbeddingLayer[4], NetMapOperator[LinearLayer[]], SoftmaxLayer[]}, '
     '"Input" -> {"Varying", Restricted["Integer", 3]}], {{1, 2, 3} -> {1, 2, 3}}]',
     "NetTrain::notfspec"),
    # every output deleted (NetDelete of the graph's output ports): no loss to train on
    ('NetTrain[NetDelete[NetGraph[{LinearLayer[1]}, {NetPort["Input"] -> 1 -> NetPort["A"]}, '
     '"Input" -> 2], NetPort["A"]], {{1, 2}}]', "NetTrain::nooutputs"),
    ('NetMeasurements[net, data, "Bogus"]', "NetMeasurements::invmeas"),
    ('NetMeasurements[net, data, "Accuracy"]', "NetMeasurements::invmeas"),
    ('NetMeasurements[LinearLayer[2], data, "Loss"]', "NetMeasurements::notfspec"),
]


@pytest.mark.parametrize("code,tag", MESSAGES, ids=[m[1] + " " + m[0][:30] for m in MESSAGES])
def test_bad_input_is_a_message_and_failed(wl, code, tag):
    assert wl(code) == Symbol("$Failed")
    assert tag in wl.tags


def test_sizes_the_net_leaves_open_are_read_from_the_data(wl):
    # the perceptron of a public "WL vs TensorFlow" post: LinearLayer[] on 3-vectors, scalar targets
    wl('pdata = Thread[{{0, 1, 2}, {0, 0, 2}, {1, 1, 1}, {1, 0, 1}} -> {1, 0, 1, 0}]; '
       'p = NetTrain[NetChain[{LinearLayer[], ElementwiseLayer["Sigmoid"]}], pdata, '
       'MaxTrainingRounds -> 300, LossFunction -> MeanSquaredLossLayer[], BatchSize -> 4, '
       'Method -> {"SGD", "LearningRate" -> 0.5}, TrainingProgressReporting -> None, '
       'RandomSeeding -> 1]')
    assert wl('Information[p, "InputPorts"]') == wl('<|"Input" -> 3|>')
    assert wl('NetExtract[p, "Output"]') == String("Real")
    assert wl('Round[p /@ Keys[pdata]]') == wl('Values[pdata]')


def test_integer_examples_shape_an_embedding_input(wl):
    # codes 1 … 5 in length-3 vectors feed EmbeddingLayer[3, 5]: the data fixes the length
    # (the element type stays the layer's integers), so the LinearLayer after the
    # FlattenLayer learns its size
    wl('edata = Table[RandomInteger[{1, 5}, 3] -> RandomChoice[{"a", "b"}], 20]; '
       'e = NetTrain[NetChain[{EmbeddingLayer[2, 5], FlattenLayer[], LinearLayer[2], '
       'SoftmaxLayer[]}, "Output" -> NetDecoder[{"Class", {"a", "b"}}]], edata, '
       'MaxTrainingRounds -> 1, ' + QUIET + ']')
    assert wl.tags == []
    assert wl('Information[e, "InputPorts"]') == wl('<|"Input" -> {3, Restricted["Integer", 5]}|>')


def test_an_initialized_net_of_open_input_rank_trains_on_batches(wl):
    # a NetArrayLayer broadcast against an input of a rank no layer fixes (a public
    # differentiable-logic package): the data fixes it, so batches broadcast as examples
    wl('lg = NetInitialize[NetGraph[<|"w" -> NetArrayLayer["Output" -> {3, 2}], '
       '"t" -> ThreadingLayer[#Input * #Weights &, 1, "Output" -> {3, 2}], '
       '"m" -> AggregationLayer[Min]|>, {"w" -> NetPort["t", "Weights"], "t" -> "m"}], '
       'RandomSeeding -> 1]; '
       'lt = NetTrain[lg, {{1., 0.} -> {1., 0., 1.}, {0., 1.} -> {0., 1., 1.}}, '
       'MaxTrainingRounds -> 2, TrainingProgressReporting -> None]')
    assert wl('Information[lt, "InputPorts"]') == wl('<|"Input" -> 2|>')
    assert wl('Dimensions[lt[{{1., 0.}, {0., 1.}, {1., 1.}}]]') == wl('{3, 3}')
    assert wl.tags == []

def test_index_ports_left_open_take_their_shape_from_the_data(wl):
    # a recommender (EmbeddingLayer + DotLayer): user and item indices are single integers,
    # so the trained net takes batches of them; and an embedded pair of indices fixes the
    # size a FlattenLayer gives the LinearLayer after it
    wl('rec = NetGraph[<|"u" -> EmbeddingLayer[3, 5], "i" -> EmbeddingLayer[3, 4], '
       '"d" -> DotLayer[]|>, {NetPort["User"] -> "u", NetPort["Item"] -> "i", '
       '{"u", "i"} -> "d" -> NetPort["Rating"]}]; '
       'rt = NetTrain[rec, <|"User" -> {1, 2, 3}, "Item" -> {3, 4, 1}, '
       '"Rating" -> {0.1, 0.2, 0.3}|>, MaxTrainingRounds -> 2, '
       'TrainingProgressReporting -> None, RandomSeeding -> 1]')
    assert wl('Information[rt, "InputPorts"]') == wl(
        '<|"User" -> Restricted["Integer", 5], "Item" -> Restricted["Integer", 4]|>')
    assert wl('Length[rt[<|"User" -> {1, 2}, "Item" -> {3, 4}|>]]') == Integer(2)
    wl('et = NetTrain[NetChain[{EmbeddingLayer[2, 5], FlattenLayer[], LinearLayer[1]}], '
       '{{1, 2} -> {1.}, {3, 4} -> {2.}}, MaxTrainingRounds -> 2, '
       'TrainingProgressReporting -> None, RandomSeeding -> 1]')
    assert wl('Information[et, "InputPorts"]') == wl('<|"Input" -> {2, Restricted["Integer", 5]}|>')
    assert wl('Dimensions[NetExtract[et, {3, "Weights"}]]') == wl('{1, 4}')
    # sequences of indices that happen to have one length stay sequences of any length
    wl('st = NetTrain[NetChain[{EmbeddingLayer[4, 10], AggregationLayer[Mean, 1], '
       'LinearLayer[1]}], {{1, 2, 3} -> {1.}, {4, 5, 6} -> {2.}}, MaxTrainingRounds -> 2, '
       'TrainingProgressReporting -> None, RandomSeeding -> 1]')
    assert wl('Information[st, "InputPorts"]') == wl(
        '<|"Input" -> {"Varying", Restricted["Integer", 10]}|>')
    assert wl('Length[st[{1, 2}]]') == Integer(1)
    assert wl.tags == []



def test_sequence_targets_must_have_the_length_of_their_output(wl):
    # NetMapOperator keeps its input's length: a target of another length is refused
    # (it trained silently before), as is a graph's own "Target" port of another length
    code = ('NetTrain[NetMapOperator[LinearLayer[1], "Input" -> {"Varying", 1}], '
            '{{{1}, {2}} -> {{1}}, {{1}} -> {{2}}}, MaxTrainingRounds -> 1, '
            'TrainingProgressReporting -> None]')
    assert wl(code) == Symbol("$Failed") and wl.tags == ["NetTrain::invtarget"]
    code = ('NetTrain[NetGraph[{MeanSquaredLossLayer[]}, {}, "Input" -> {"Varying", 1}], '
            '<|"Input" -> {{{1}, {2}}}, "Target" -> {{{1}}}|>, MaxTrainingRounds -> 1, '
            'TrainingProgressReporting -> None]')
    assert wl(code) == Symbol("$Failed") and wl.tags == ["NetTrain::invindata"]
    code = ('Head[NetTrain[NetMapOperator[LinearLayer[1], "Input" -> {"Varying", 1}], '
            '{{{1}, {2}} -> {{1}, {3}}, {{1}} -> {{2}}}, MaxTrainingRounds -> 1, '
            'TrainingProgressReporting -> None]]')
    assert wl(code) == Symbol("NetMapOperator") and wl.tags == []


def test_print_progress_lines(wl):
    wl('NetTrain[net, data, MaxTrainingRounds -> 3, TrainingProgressReporting -> "Print"]')
    out = wl.session.output
    assert out[0].startswith("Training with ADAM, batch size 21")        # the 21 examples
    assert any(line.startswith("round 3/3") and "round loss" in line for line in out)
    assert out[-1] == "Training complete."


def test_progress_function_gets_an_association_per_round(wl):
    got = wl('log = {}; NetTrain[net, data, MaxTrainingRounds -> 4, TrainingProgressReporting -> None, '
             'TrainingProgressFunction -> ((log = Append[log, {#["Round"], NumericQ[#["RoundLoss"]]}]) &)]; log')
    assert got == Expr(S.List, *(Expr(S.List, Integer(r), Symbol("True")) for r in range(1, 5)))


def test_progress_function_intervals(wl):
    from wlnet.syntax.printer import output_form
    # every 2 rounds; every 2 batches (21 examples in batches of 8: 3 batches a round)
    got = wl('log = {}; NetTrain[net, data, MaxTrainingRounds -> 4, TrainingProgressReporting -> None, '
             'TrainingProgressFunction -> {(AppendTo[log, #Round]) &, "Interval" -> Quantity[2, "Rounds"]}]; log')
    assert output_form(got) == "{2, 4}"
    got = wl('log = {}; NetTrain[net, data, MaxTrainingRounds -> 2, BatchSize -> 8, '
             'TrainingProgressReporting -> None, TrainingProgressFunction -> '
             '{(AppendTo[log, #AbsoluteBatch]) &, "Interval" -> Quantity[2, "Batches"]}]; log')
    assert output_form(got) == "{2, 4, 6}"
    # a function as the reporting itself, with its interval
    got = wl('log = {}; NetTrain[net, data, MaxTrainingRounds -> 3, TrainingProgressReporting -> '
             '{(AppendTo[log, #Round]) &, "Interval" -> Quantity[1, "Rounds"]}]; log')
    assert output_form(got) == "{1, 2, 3}"
    wl('NetTrain[net, data, MaxTrainingRounds -> 2, TrainingProgressReporting -> None, '
       'TrainingProgressFunction -> {Print, "Interval" -> Quantity[1, "Fortnights"]}]')
    assert "NetTrain::invopt" in wl.tags


def test_abort_in_a_progress_function_stops_and_returns_the_net(wl):
    got = wl('NetTrain[net, data, {"ReasonTrainingStopped", "TotalRounds", "FinalNet"}, '
             'TrainingProgressReporting -> None, MaxTrainingRounds -> 50, '
             'TrainingProgressFunction -> (If[#["Round"] == 2, Abort[]] &)]')
    assert got.args[:2] == (String("UserAbort"), Integer(2))
    assert got.args[2].head is Symbol("LinearLayer")
    assert "NetTrain::interrupted" in wl.tags
    assert wl('1 + 1') == Integer(2)                      # the session goes on


def test_divergence_stops_with_a_message_and_a_finite_net(wl):
    got = wl('NetTrain[net, data, {"ReasonTrainingStopped", "FinalNet"}, TrainingProgressReporting -> None, '
             'Method -> {"SGD", "LearningRate" -> 1000, "Momentum" -> 0}]')
    assert got.args[0] == String("Divergence")
    assert "NetTrain::arrdiv" in wl.tags
    arrays = net_from_expr(got.args[1]).arrays
    assert all(np.isfinite(a.array).all() for a in arrays.values())


def test_learning_rate_multipliers_freeze_layers():
    wl = WL('chain = NetInitialize@NetChain[{LinearLayer[3, "Input" -> 2], LinearLayer[1]}];'
            'd = Table[{x, -x} -> {x}, {x, 0, 1, 0.1}];')
    for spec, frozen in [("{1 -> 0}", "1"), ("{2 -> None}", "2"), ('{{1, "Biases"} -> 0, _ -> 1}', None)]:
        t = net_from_expr(wl(f'NetTrain[chain, d, MaxTrainingRounds -> 3, LearningRateMultipliers -> {spec}, '
                             'TrainingProgressReporting -> None]'))
        before = net_from_expr(wl('chain')).arrays
        for path, arr in t.arrays.items():
            same = np.array_equal(arr.array, before[path].array)
            expect_same = path[1] == frozen or (frozen is None and path[-1] == "Biases" and path[1] == "1")
            assert same == expect_same, (spec, path)
    unchanged = wl('NetTrain[chain, d, LearningRateMultipliers -> None]')
    assert "NetTrain::netfrozen" in wl.tags
    assert unchanged == wl('chain')
    # an uninitialised net comes back initialised (NetTrain initialises before it trains),
    # which the message says rather than "unchanged"
    fresh = net_from_expr(wl('NetTrain[NetChain[{LinearLayer[1, "Input" -> 2]}], d, '
                             'LearningRateMultipliers -> 0]'))
    assert fresh.is_initialized()
    assert any("initialized where they were not" in m for m in wl.session.messages)


GRU = """
gnet = NetInitialize@NetChain[{GatedRecurrentLayer[3, "Input" -> {"Varying", 2}], SequenceLastLayer[], LinearLayer[2]}];
gdata = {{{1, 2}, {0, 1}, {2, 1}} -> {1, 0}, {{0.5, -1}} -> {0, 1}, {{1, 1}, {-1, 0}} -> {0.5, 0.5}};
"""


def _finite_difference_gradients(wl):
    """The float64 finite-difference gradient of the batch objective (mean over the examples
    of the mean squared error) at gnet's arrays, through the real executor."""
    net = net_from_expr(wl('gnet'))
    ex = Executor.for_net(net, "Real64")
    inputs = ex.encode_inputs({"Input": list(wl('gdata[[All, 1]]').args)})
    targets = np.array([[1, 0], [0, 1], [0.5, 0.5]])
    arrays = ex.arrays_for(net)

    def loss(arrs):
        out = ex.forward(arrs, inputs).outputs["Output"].data
        return np.mean(np.mean((out - targets) ** 2, axis=1))

    eps, grads = 1e-6, {}
    for path, w in arrays.items():
        grad = np.zeros_like(w)
        for i in np.ndindex(w.shape):
            up, down = dict(arrays), dict(arrays)
            up[path], down[path] = w.copy(), w.copy()
            up[path][i] += eps
            down[path][i] -= eps
            grad[i] = (loss(up) - loss(down)) / (2 * eps)
        grads[path] = grad
    return arrays, grads


ONE_STEP = 'NetTrain[gnet, gdata, MaxTrainingRounds -> 1, BatchSize -> 3, WorkingPrecision -> "Real64", ' \
           'TrainingProgressReporting -> None, Method -> {method}]'


def test_one_sgd_step_is_minus_rate_times_the_finite_difference_gradient():
    wl = WL(GRU)
    method = '{"SGD", "Momentum" -> 0, "LearningRateSchedule" -> None, "LearningRate" -> 0.1}'
    new = net_from_expr(wl(ONE_STEP.format(method=method)))
    arrays, grads = _finite_difference_gradients(wl)
    for path, w in arrays.items():
        np.testing.assert_allclose(new.arrays[path].array, (w - 0.1 * grads[path]).astype(np.float32),
                                   rtol=1e-5, atol=1e-6, err_msg=str(path))


def test_one_adam_step_matches_numpy_adam_on_the_finite_difference_gradient():
    wl = WL(GRU)
    new = net_from_expr(wl(ONE_STEP.format(method='"ADAM"')))
    arrays, grads = _finite_difference_gradients(wl)
    lr, b1, b2, eps = 0.001, 0.9, 0.999, 1e-5
    for path, w in arrays.items():
        g = grads[path]
        m, v = (1 - b1) * g, (1 - b2) * g * g
        expected = w - lr * np.sqrt(1 - b2) / (1 - b1) * m / (np.sqrt(v) + eps)
        np.testing.assert_allclose(new.arrays[path].array, expected.astype(np.float32),
                                   rtol=1e-5, atol=2e-6, err_msg=str(path))


CLASSIFIER = """
cnet = NetChain[{LinearLayer[3, "Input" -> 2, "Weights" -> {{1, 0}, {0, 1}, {-1, -1}}, "Biases" -> {0, 0, 0}], SoftmaxLayer[]}, "Output" -> NetDecoder[{"Class", {a, b, c}}]];
cdata = {{1, 0} -> a, {2, 0} -> a, {0, 1} -> b, {0, 3} -> c, {-1, -1} -> c, {-2, -1} -> b};
"""


def test_measurements_on_known_predictions():
    wl = WL(CLASSIFIER)
    # decisions: a, a, b, b, c, c  vs  truth: a, a, b, c, c, b
    assert wl('NetMeasurements[cnet, cdata, "Accuracy"]') == Real(4 / 6)
    assert wl('NetMeasurements[cnet, cdata, "ErrorRate"]') == Real(2 / 6)
    cm = wl('NetMeasurements[cnet, cdata, "ConfusionMatrix"]')
    assert [[x.value for x in row.args] for row in cm.args] == [[2, 0, 0], [0, 1, 1], [0, 1, 1]]
    got = wl('NetMeasurements[cnet, cdata, {"Precision", "Recall", "F1Score"}]')
    per_class = [{r.args[0].name: r.args[1].value for r in a.args} for a in got.args]
    assert per_class[0] == {"a": 1.0, "b": 0.5, "c": 0.5}
    assert per_class[1] == {"a": 1.0, "b": 0.5, "c": 0.5}
    assert per_class[2] == pytest.approx({"a": 1.0, "b": 0.5, "c": 0.5})
    assert wl('NetMeasurements[cnet, cdata, "Loss"] > 0') == Symbol("True")


def test_regression_measurements():
    wl = WL('rnet = LinearLayer[1, "Input" -> 1, "Weights" -> {{1}}, "Biases" -> {0}];')
    got = wl('NetMeasurements[rnet, {{1} -> {2}, {2} -> {2}, {3} -> {3}}, '
             '{"MeanSquare", "MeanDeviation", "RSquared", "Loss"}]')
    assert values(got) == pytest.approx([1 / 3, 1 / 3, -0.5, 1 / 3])


def test_automatic_batch_size_and_reproducible_seeding():
    wl = WL(GRU)
    assert wl('NetTrain[gnet, Flatten[Table[gdata, 6]], "BatchSize", MaxTrainingRounds -> 1, '
              'TrainingProgressReporting -> None]') == Integer(16)          # varying input
    a = wl('SeedRandom[7]; NetTrain[gnet, gdata, MaxTrainingRounds -> 2, TrainingProgressReporting -> None]')
    b = wl('SeedRandom[7]; NetTrain[gnet, gdata, MaxTrainingRounds -> 2, TrainingProgressReporting -> None]')
    c = wl('NetTrain[gnet, gdata, MaxTrainingRounds -> 2, TrainingProgressReporting -> None, RandomSeeding -> 7]')
    d = wl('NetTrain[gnet, gdata, MaxTrainingRounds -> 2, TrainingProgressReporting -> None, RandomSeeding -> 7]')
    assert a == b and c == d


def test_an_uninitialized_net_is_initialized_first():
    wl = WL(GRU + 'raw = NetChain[{GatedRecurrentLayer[3, "Input" -> {"Varying", 2}], SequenceLastLayer[], LinearLayer[2]}];')
    t = net_from_expr(wl('NetTrain[raw, gdata, MaxTrainingRounds -> 1, TrainingProgressReporting -> None]'))
    assert t.is_initialized() and not wl.tags


def test_results_object_display():
    from wlnet.net.train.results import summary_text
    wl = WL()
    obj = wl('NetTrain[net, data, All, MaxTrainingRounds -> 2, TrainingProgressReporting -> None]')
    text = summary_text(obj)
    assert text.startswith("NetTrainResultsObject[<2 rounds, 2 batches") and "validation loss -" in text


def test_the_layer_option_learning_rate_multipliers():
    wl = WL('chain = NetInitialize@NetChain[{LinearLayer[3, "Input" -> 2, LearningRateMultipliers -> 0], '
            'LinearLayer[1, LearningRateMultipliers -> {"Biases" -> None}]}];'
            'd = Table[{x, -x} -> {x}, {x, 0, 1, 0.1}];')
    assert net_from_expr(wl('NetExtract[chain, 1]')).root.lrm == Integer(0)       # kept in the layer's form
    before = net_from_expr(wl('chain')).arrays
    t = net_from_expr(wl('NetTrain[chain, d, MaxTrainingRounds -> 3, TrainingProgressReporting -> None]'))
    changed = {p for p, a in t.arrays.items() if not np.array_equal(a.array, before[p].array)}
    assert changed == {("Nodes", "2", "Arrays", "Weights")}
    # the NetTrain option wins over the layer's own
    t = net_from_expr(wl('NetTrain[chain, d, MaxTrainingRounds -> 3, TrainingProgressReporting -> None, '
                         'LearningRateMultipliers -> {1 -> 1}]'))
    changed = {p for p, a in t.arrays.items() if not np.array_equal(a.array, before[p].array)}
    assert ("Nodes", "1", "Arrays", "Weights") in changed and ("Nodes", "2", "Arrays", "Biases") not in changed


def test_method_sub_options_through_wl(wl):
    rate = wl('NetTrain[net, data, "FinalLearningRate", MaxTrainingRounds -> 2, TrainingProgressReporting -> None, '
              'Method -> {"SGD", "LearningRateSchedule" -> (0.5 &), "Momentum" -> 0}]')
    assert rate == Real(0.005)
    # a schedule that gives an exact numeric value (a warm-up/cosine program's formula) is
    # taken as its number, not refused
    rate = wl('NetTrain[net, data, "FinalLearningRate", MaxTrainingRounds -> 2, TrainingProgressReporting -> None, '
              'Method -> {"SGD", "LearningRateSchedule" -> ((1 + Cos[Pi/3])/2 &), "Momentum" -> 0}]')
    assert rate.value == pytest.approx(0.0075) and not wl.tags
    polynomial = wl('NetTrain[net, data, "FinalLearningRate", MaxTrainingRounds -> 2, '
                    'TrainingProgressReporting -> None, Method -> "SGD", LearningRate -> 0.1]')
    assert polynomial.value == pytest.approx(0.1 * np.sqrt(1 - 1 / 3))         # t = 1 of 2
    got = wl('NetTrain[net, data, "OptimizationMethod", MaxTrainingRounds -> 1, TrainingProgressReporting -> None, '
             'Method -> {"RMSProp", "L2Regularization" -> 0.01, "GradientClipping" -> 1, "Beta" -> 0.9}]')
    assert got.args[0] == String("RMSProp") and not wl.tags
    options = {r.args[0].value: r.args[1] for r in got.args[1:]}
    assert options["L2Regularization"].value == 0.01 and options["Beta"].value == 0.9


def test_file_and_indicator_reporting_through_wl(wl, tmp_path):
    path = tmp_path / "log.csv"
    wl(f'NetTrain[net, data, MaxTrainingRounds -> 3, TrainingProgressReporting -> File["{path}"]]')
    assert len(path.read_text().strip().splitlines()) == 4 and not wl.tags
    wl('NetTrain[net, data, MaxTrainingRounds -> 2, TrainingProgressReporting -> {"Print", "Interval" -> 3600}]')
    assert wl.session.output[-1] == "Training complete." and len(wl.session.output) == 3


def test_a_wl_progress_file_holds_a_list_of_associations(wl, tmp_path):
    # the TrainingProgressReporting page lists "WL" beside CSV, TSV and JSON
    path = tmp_path / "log.wl"
    wl(f'NetTrain[net, data, MaxTrainingRounds -> 3, TrainingProgressReporting -> File["{path}"]]')
    assert not wl.tags
    assert wl(f'Get["{path}"][[All, "Round"]]') == Expr(S.List, Integer(1), Integer(2), Integer(3))
    assert wl(f'AllTrue[Get["{path}"][[All, "RoundLoss"]], Positive]') == Symbol("True")
    assert wl(f'MissingQ[Get["{path}"][[1, "ValidationLoss"]]]') == Symbol("True")


def test_a_batch_report_names_the_round_under_way(wl):
    # "Round": the current round (TrainingProgressFunction page), 1 during the first round's
    # batches as a data generator is told; at a round's end the round just ended
    got = wl('log = {}; NetTrain[net, data, MaxTrainingRounds -> 2, BatchSize -> 7, ' + QUIET + ', '
             'TrainingProgressFunction -> {(AppendTo[log, {#Round, #Batch}] &), '
             '"Interval" -> Quantity[1, "Batches"]}]; log')
    assert got == wl('{{1, 1}, {1, 2}, {1, 3}, {2, 1}, {2, 2}, {2, 3}}')
    wl('NetTrain[net, data, MaxTrainingRounds -> 2, BatchSize -> 7, '
       'TrainingProgressReporting -> {"Print", "Interval" -> Quantity[1, "Batches"]}]')
    assert wl.session.output[1].startswith("round 1/2  batch 1/3")


def test_a_minimum_interval_thins_the_reports(wl):
    # the TrainingProgressReporting page: {form, …, "MinimumInterval" -> n}, never more often
    got = wl('log = {}; NetTrain[net, data, MaxTrainingRounds -> 4, BatchSize -> 7, '
             'TrainingProgressReporting -> {Function[AppendTo[log, #AbsoluteBatch]], '
             '"Interval" -> Quantity[1, "Batches"], "MinimumInterval" -> Quantity[1, "Hours"]}]; log')
    assert values(got) == [1] and not wl.tags
    wl('NetTrain[net, data, MaxTrainingRounds -> 1, '
       'TrainingProgressReporting -> {"Print", "MinimumInterval" -> Quantity[1, "Rounds"]}]')
    assert wl.tags == ["NetTrain::invopt"]


def test_a_print_report_at_the_last_round_is_not_shown_twice(wl):
    wl('NetTrain[net, data, MaxTrainingRounds -> 2, '
       'TrainingProgressReporting -> {"Print", "Interval" -> Quantity[1, "Rounds"]}]')
    out = wl.session.output
    assert [line.split("  ")[0] for line in out[1:-1]] == ["round 1/2", "round 2/2"], out


def test_time_goal_and_a_schedule_naming_missing_layers(wl):
    got = wl('NetTrain[net, data, "ReasonTrainingStopped", TimeGoal -> 0.3, BatchSize -> 1, '
             'TrainingProgressReporting -> None]')
    assert got == String("TimeGoal")
    got = wl('NetTrain[net, data, MaxTrainingRounds -> 1, TrainingProgressReporting -> None, '
             'TrainingUpdateSchedule -> {"Generator", "Discriminator"}]')
    assert got == Symbol("$Failed") and wl.tags == ["NetTrain::invopt"]


def test_the_session_interrupt_flag_stops_training():
    import threading
    from wlnet.builtins.train import NetTrain
    wl = WL()
    ev = wl.session.evaluator
    net, data = wl('net'), wl('data')
    rule = lambda k, v: Expr(S.Rule, Symbol(k), v)
    timer = threading.Timer(0.3, lambda: setattr(ev, "abort_requested", True))
    timer.start()
    got = NetTrain(ev, net, data, Expr(S.List, String("ReasonTrainingStopped"), String("TrainedNet")),
                   rule("MaxTrainingRounds", Integer(10**6)), rule("BatchSize", Integer(1)),
                   rule("TrainingProgressReporting", Symbol("None")))
    timer.join()
    assert got.args[0] == String("UserAbort") and got.args[1].head is Symbol("LinearLayer")
    assert ev.abort_requested is False                   # handled: the session goes on


def test_sequence_outputs_train_with_masked_losses():
    wl = WL('snet = NetInitialize@NetChain[{GatedRecurrentLayer[3, "Input" -> {"Varying", 2}], SoftmaxLayer[]}];'
            'sdata = {{{1, 2}, {0, 1}} -> {1, 2}, {{1, 1}} -> {3}, {{0, 0}, {1, 0}, {2, 2}} -> {1, 1, 3}};')
    losses = values(wl('NetTrain[snet, sdata, "RoundLossList", MaxTrainingRounds -> 60, LearningRate -> 0.05, '
                       'TrainingProgressReporting -> None, RandomSeeding -> 3]'))
    assert not wl.tags and losses[-1] < 0.7 * losses[0]
    cm = wl('NetMeasurements[snet, sdata, "ConfusionMatrix"]')
    assert sum(x.value for row in cm.args for x in row.args) == 6      # one decision per valid step


# ---------------------------------------------------------------------------- generators

def test_a_generator_function_makes_every_batch(wl):
    wl('asked = {}; gen[a_] := (AppendTo[asked, a]; Table[{RandomReal[]} -> {1.}, a["BatchSize"]]);'
       'gres = NetTrain[LinearLayer[1, "Input" -> 1], gen, All, BatchSize -> 8, '
       'MaxTrainingRounds -> 3, TrainingProgressReporting -> None]')
    assert wl('Length[asked]') == Integer(3)                 # a round is one batch
    assert wl('KeyDrop[asked[[3]], "Net"]') == wl('<|"BatchSize" -> 8, "Round" -> 3, "AbsoluteBatch" -> 3|>')
    assert wl('gres["BatchesPerRound"]') == Integer(1)


def test_each_loss_of_a_net_trained_on_several_is_measured(wl):
    # ActorCritic.m (Mathematica-RL) plots netall["FinalPlots"]["PolicyLoss"] and "ValueLoss"
    wl('g2 = NetGraph[<|"a" -> LinearLayer[1], "l1" -> MeanSquaredLossLayer[], '
       '"l2" -> MeanAbsoluteLossLayer[]|>, {"a" -> "l1" -> NetPort["L1"], "a" -> "l2" -> NetPort["L2"], '
       'NetPort["T"] -> NetPort["l1", "Target"], NetPort["T"] -> NetPort["l2", "Target"]}, '
       '"Input" -> 1, "T" -> 1];'
       'r2 = NetTrain[g2, <|"Input" -> RandomReal[1, {20, 1}], "T" -> RandomReal[1, {20, 1}]|>, All, '
       'LossFunction -> {"L1" -> Scaled[0.5], "L2"}, MaxTrainingRounds -> 3, '
       'TrainingProgressReporting -> None, RandomSeeding -> 4]')
    assert not wl.tags
    lists = wl('r2["RoundMeasurementsLists"]')
    assert [r.args[0].value for r in lists.args] == ["Loss", "L1", "L2"]
    loss, l1, l2 = (values(r.args[1]) for r in lists.args)
    assert np.allclose(loss, 0.5 * np.array(l1) + np.array(l2), rtol=1e-5)
    assert wl('Keys[r2["FinalPlots"]]') == wl('{"Loss", "L1", "L2"}')


def test_a_generator_is_given_the_net_as_trained_so_far(wl):
    # REINFORCE (harveyThomas4692/Mathematica-RL): the policy samples its own episodes,
    # SampleEnv[#Net, #BatchSize, …] &; the batches' "Return" input is measured by NetPort
    wl('seen = {}; pg = NetGraph[<|"p" -> NetChain[{2, SoftmaxLayer[]}, "Input" -> 1], '
       '"l" -> NetGraph[{CrossEntropyLossLayer["Probabilities"], ThreadingLayer[#1*#2 &]}, '
       '{NetPort["Return"] -> 2, {NetPort["Input"], NetPort["Action"]} -> 1 -> 2 -> NetPort["Loss"]}]|>, '
       '{NetPort["p", "Output"] -> NetPort["l", "Input"]}];'
       'episodes[a_] := (AppendTo[seen, NetExtract[a["Net"], "p"][{0.5}]]; <|"Input" -> Table[{0.5}, a["BatchSize"]], '
       '"Action" -> Table[{1., 0.}, a["BatchSize"]], "Return" -> Table[2., a["BatchSize"]]|>);'
       'pgres = NetTrain[pg, episodes, All, LossFunction -> "Loss", MaxTrainingRounds -> 3, '
       'BatchSize -> 4, LearningRate -> 0.5, TrainingProgressReporting -> None, '
       'TrainingProgressMeasurements -> <|"Measurement" -> NetPort["Return"], "Aggregation" -> "Mean"|>]')
    assert not wl.tags
    first, last = wl('seen[[1, 1]]').value, wl('seen[[3, 1]]').value
    assert first < last                            # the net it is given has learnt action 1
    assert wl('pgres["RoundMeasurementsLists"]["Return"]') == wl('{2., 2., 2.}')


def test_round_length_sets_the_batches_of_a_round(wl):
    wl('asked = {}; gres = NetTrain[LinearLayer[1, "Input" -> 1], {gen, "RoundLength" -> 20}, All, '
       'BatchSize -> 8, MaxTrainingRounds -> 2, TrainingProgressReporting -> None]')
    assert wl('gres["BatchesPerRound"]') == Integer(3)       # ceiling of 20/8
    assert wl('asked[[All, "Round"]]') == wl('{1, 1, 1, 2, 2, 2}')


def test_a_generator_is_called_once_a_batch_when_batches_are_measured(wl):
    # a class net measures every batch (error rate): the measure must use the batch trained
    # on, not ask the generator for another (which doubled the calls and the rounds it saw)
    wl('made = {}; cgen = Function[AppendTo[made, #]; Table[RandomReal[1, 2] -> RandomChoice[{"a", "b"}], '
       '#BatchSize]]; seen = {}; '
       'cres = NetTrain[NetChain[{LinearLayer[2], SoftmaxLayer[]}, "Input" -> 2, '
       '"Output" -> NetDecoder[{"Class", {"a", "b"}}]], {cgen, "RoundLength" -> 12}, All, BatchSize -> 4, '
       'MaxTrainingRounds -> 3, TrainingProgressReporting -> None, '
       'TrainingProgressFunction -> {AppendTo[seen, #BatchData] &, "Interval" -> Quantity[1, "Batches"]}]')
    assert wl('Length[made]') == Integer(9)
    assert wl('made[[All, "Round"]]') == wl('{1, 1, 1, 2, 2, 2, 3, 3, 3}')
    assert wl('cres["TotalBatches"]') == Integer(9)
    assert wl('Length[seen]') == Integer(9)
    assert wl('Dimensions[Last[seen]["Input"]]') == wl('{4, 2}')


def test_a_pure_function_generator_learns(wl):
    wl('lin = NetTrain[LinearLayer[1, "Input" -> 1], '
       'Table[With[{x = RandomReal[{-1, 1}]}, {x} -> {3 x - 1}], #BatchSize] &, BatchSize -> 16, '
       'MaxTrainingRounds -> 400, LearningRate -> 0.05, RandomSeeding -> 2, '
       'TrainingProgressReporting -> None]')
    assert abs(wl('lin[{1.}]').args[0].value - 2.0) < 0.05


@pytest.mark.parametrize("call, tag", [
    ('NetTrain[LinearLayer[1, "Input" -> 1], gen, ValidationSet -> Scaled[0.2]]', "invvdata"),
    ('NetTrain[LinearLayer[1, "Input" -> 1], {gen, "RoundLength" -> 0}]', "invtdata"),
    ('NetTrain[LinearLayer[1, "Input" -> 1], Function[{1, 2}], MaxTrainingRounds -> 1]', "invport"),
])
def test_bad_generators_give_messages(wl, call, tag):
    wl.session.evaluate(call)
    assert wl.session.messages and wl.session.messages[0].startswith(f"NetTrain::{tag}")


@pytest.mark.parametrize("device, tag", [
    ('"TPU"', "invdevice"), ('{"GPU", 0}', "invdevice"), ('"GPU"', "nogpu"),
    ('{"GPU", 2}', "nogpu"), ('{"GPU", All}', "nogpu"),
    # the TargetDevice page's other names: CUDA is "GPU" here, CoreML/DirectML are absent,
    # a device number is for GPUs only
    ('"CUDA"', "nogpu"), ('{"CUDA", 1}', "nogpu"), ('{"GPU", {1, 2}}', "nogpu"),
    ('"CoreML"', "nogpu"), ('"DirectML"', "nogpu"), ('{"CPU", 2}', "invdevice"),
    ('{"GPU", {1, 1}}', "invdevice"), ('{"GPU", {}}', "invdevice"),
])
def test_target_devices_without_a_gpu(wl, device, tag):
    pytest.importorskip("torch")
    import torch
    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    wl.session.evaluate(f'NetTrain[net, data, TargetDevice -> {device}, MaxTrainingRounds -> 1, {QUIET}]')
    assert wl.session.messages and wl.session.messages[0].startswith(f"NetTrain::{tag}")


def test_target_device_cpu_trains(wl):
    r = wl(f'NetTrain[net, data, TargetDevice -> "CPU", MaxTrainingRounds -> 2, {QUIET}]')
    assert not wl.session.messages and r.head.name == "LinearLayer"


def test_an_abort_during_net_train_is_never_forced(monkeypatch):
    """An abort NetTrain does not take up at once (a slow batch) is left to it, even where
    the session forces ignored aborts into the evaluation (issue 19): the net is kept."""
    import threading
    from wlnet.core import evaluator
    from wlnet.core.session import Session
    monkeypatch.setattr(evaluator, "_FORCE_ABORT_SECONDS", 0.0)
    s = Session(echo=False)
    s.evaluate('net = NetInitialize@LinearLayer[2, "Input" -> 3]; '
               'data = Table[RandomReal[1, 3] -> RandomReal[1, 2], 64];')
    timer = threading.Timer(0.5, lambda: setattr(s.evaluator, "abort_requested", True))
    timer.start()
    got = s.evaluate('NetTrain[net, data, {"ReasonTrainingStopped", "TrainedNet"}, '
                     'MaxTrainingRounds -> 10^6, BatchSize -> 1, '
                     'TrainingProgressReporting -> None]')
    timer.join()
    assert got.args[0] == String("UserAbort") and got.args[1].head is Symbol("LinearLayer")


@pytest.mark.parametrize("net", [
    'NetFoldOperator[NetGraph[<|"cat" -> CatenateLayer[], "lin" -> LinearLayer[2]|>, '
    '{{NetPort["Input"], NetPort["State"]} -> "cat" -> "lin"}], "Input" -> {4, 3}]',
    'NetMapOperator[LinearLayer[2], "Input" -> {4, 3}]',
])
def test_a_net_operator_at_the_top_trains(net):
    """The automatic loss looks for the layer that gives the output; a net operator at the
    top has none (it failed with an internal error)."""
    from _wl import QUIET, WL
    wl = WL("SeedRandom[2];")
    wl(f"n = NetInitialize[{net}]; data = Table[RandomReal[1, {{4, 3}}] -> RandomReal[1, {{4, 2}}], {{16}}];")
    r = wl(f"r = NetTrain[n, data, All, MaxTrainingRounds -> 3, {QUIET}]; r[\"RoundLossList\"]")
    assert not wl.tags, wl.tags
    assert len(r.args) == 3


def test_ports_left_open_take_their_shapes_from_the_data():
    # NetTrain's first documented example: LinearLayer[] learns from scalar rules, its
    # input and output shapes taken from the first example
    wl = WL(setup="")
    wl('t = NetTrain[LinearLayer[], {1 -> 1.9, 2 -> 4.1, 3 -> 6.0, 4 -> 8.1}, '
       'MaxTrainingRounds -> 3, RandomSeeding -> 1, TrainingProgressReporting -> None]')
    assert not wl.session.messages
    assert wl('NetExtract[t, "Input"]') == String("Real")
    assert wl('NetExtract[t, "Output"]') == String("Real")
    assert isinstance(wl("t[5]"), Real)
    wl('v = NetTrain[LinearLayer[], {{1, 2} -> {1, 0, 0}}, MaxTrainingRounds -> 1, '
       'TrainingProgressReporting -> None]')
    assert wl('Dimensions[NetExtract[v, "Weights"]]') == Expr(S.List, Integer(3), Integer(2))
    wl('NetTrain[LinearLayer[], {"a" -> 1}, MaxTrainingRounds -> 1, '
       'TrainingProgressReporting -> None]')                  # nothing usable: as before
    assert "NetTrain::notfspec" in wl.tags


def test_data_keep_a_sequence_input_varying():
    wl = WL(setup="")
    wl('t = NetTrain[NetChain[{EmbeddingLayer[4, 5], SequenceLastLayer[], LinearLayer[]}, '
       '"Input" -> "Varying"], {{1, 2, 3} -> {1., 0.}, {2, 3} -> {0., 1.}}, '
       'MaxTrainingRounds -> 2, TrainingProgressReporting -> None]')
    assert not wl.session.messages
    assert wl('First[NetExtract[t, "Input"]]') == String("Varying")      # not fixed at 3
    assert wl('NetExtract[t, "Output"]') == Integer(2)
    assert wl('Length[t[{1, 2, 3, 4, 5}]]') == Integer(2)


def test_class_coders_attached_from_label_data():
    from wlnet.syntax.printer import output_form
    wl = WL("")
    # an output of unknown size after a SoftmaxLayer, trained on labels: a "Class" decoder
    # with the data's labels, and the LinearLayer sized for them
    got = wl('t = NetTrain[NetChain[{LinearLayer[], SoftmaxLayer[]}], {{1, 2} -> y, {2, 1} -> x, '
             '{0, 0} -> z, {1, 1} -> y}, MaxTrainingRounds -> 2, TrainingProgressReporting -> None]; '
             'Keys[t[{1, 2}, "Probabilities"]]')
    assert output_form(got) == "{x, y, z}" and not wl.tags
    # labels as the input of an EmbeddingLayer: a "Class" encoder
    got = wl('t = NetTrain[NetChain[{EmbeddingLayer[3], LinearLayer[1]}, "Output" -> "Scalar"], '
             '{"b" -> 1., "a" -> 2.}, MaxTrainingRounds -> 2, TrainingProgressReporting -> None]; '
             'NetExtract[t, "Input"][["Labels"]]')
    assert output_form(got) == "{a, b}" and not wl.tags
    # numbers and True/False are no labels; True/False on an output that is no
    # probability get no decoder
    wl('NetTrain[NetChain[{LinearLayer[]}], {1 -> True}, MaxTrainingRounds -> 1, '
       'TrainingProgressReporting -> None]')
    assert wl.tags


def test_boolean_coders_attached_from_true_false_data():
    # the NetTrain page's perceptron: a LogisticSigmoid output trained on True/False gets a
    # "Boolean" decoder (its shapes learnt from the data), and gives True/False
    from wlnet.syntax.printer import output_form
    wl = WL("")
    got = wl('p = NetTrain[NetChain[{LinearLayer[], LogisticSigmoid}], {1 -> False, 2 -> False, 3 -> True, '
             '4 -> True}, MaxTrainingRounds -> 3, TrainingProgressReporting -> None, RandomSeeding -> 1]; '
             'p[{0, 1.5, 2.5, 5}]')
    assert not wl.tags and set(output_form(got).strip("{}").split(", ")) <= {"True", "False"}
    assert output_form(wl('Information[p, "OutputPorts"]')) == '<|"Output" -> NetDecoder["Boolean"]|>'
    # True/False as inputs: a "Boolean" encoder
    got = wl('q = NetTrain[LinearLayer[], {True -> 2., False -> -1.}, MaxTrainingRounds -> 2, '
             'TrainingProgressReporting -> None]; NumberQ[q[True]]')
    assert output_form(got) == "True" and not wl.tags
    # lists of True/False of one length: the coders mapped over them
    wl('m = NetTrain[NetChain[{LinearLayer[], LogisticSigmoid}], {{1, 2} -> {True, False, True}, '
       '{2, 1} -> {False, True, False}}, MaxTrainingRounds -> 2, TrainingProgressReporting -> None]')
    assert output_form(wl('Information[m, "OutputPorts"]')) == '<|"Output" -> {3, NetDecoder["Boolean"]}|>'
    assert set(output_form(wl('m[{1, 2}]')).strip("{}").split(", ")) <= {"True", "False"}
    assert not wl.tags


def test_image_coders_attached_from_image_data():
    from wlnet.syntax.printer import output_form
    wl = WL("")
    # image inputs: an "Image" encoder of the first image's size and colour space
    wl('SeedRandom[1]; imgs = Table[Image[RandomReal[1, {5, 6}]], 3]; '
       't = NetTrain[NetChain[{ConvolutionLayer[1, {2, 2}], FlattenLayer[], LinearLayer[2]}], '
       'Thread[imgs -> {{1, 0}, {0, 1}, {1, 1}}], MaxTrainingRounds -> 2, '
       'TrainingProgressReporting -> None]')
    assert not wl.tags
    assert output_form(wl('{NetExtract[t, "Input"][["ImageSize"]], NetExtract[t, "Input"][["ColorSpace"]]}')) \
        == "{{6, 5}, Grayscale}"
    # image targets too: an "Image" decoder, so that the trained net gives images
    wl('u = NetTrain[NetChain[{ConvolutionLayer[3, {1, 1}]}], {Image[RandomReal[1, {4, 4, 3}]] -> '
       'Image[RandomReal[1, {4, 4, 3}]]}, MaxTrainingRounds -> 2, TrainingProgressReporting -> None]')
    assert not wl.tags
    assert output_form(wl('ImageDimensions[u[Image[RandomReal[1, {4, 4, 3}]]]]')) == "{4, 4}"


CTC_NET = ('data = {{{1, 0}, {1, 0}, {0, 1}} -> "ab", {{0, 1}, {0, 1}, {1, 0}} -> "ba", '
           '{{1, 0}, {0, 0}, {1, 0}} -> "aa"}; '
           'net = NetChain[{GatedRecurrentLayer[8], NetMapOperator[LinearLayer[3]], SoftmaxLayer[]}, '
           '"Input" -> {"Varying", 2}, "Output" -> NetDecoder[{"CTCBeamSearch", {"a", "b"}}]];')


def test_ctc_training_from_string_targets():
    from wlnet.syntax.printer import output_form
    wl = WL(CTC_NET)
    # a CTCLossLayer whose "Target" encoder reads the strings
    wl('t = NetTrain[net, data, LossFunction -> CTCLossLayer["Target" -> NetEncoder[{"Characters", {"a", "b"}}]], '
       'MaxTrainingRounds -> 300, LearningRate -> 0.05, RandomSeeding -> 1, TrainingProgressReporting -> None]')
    assert not wl.tags
    assert output_form(wl('{t[{{1, 0}, {1, 0}, {0, 1}}], t[{{0, 1}, {0, 1}, {1, 0}}]}')) == "{ab, ba}"
    # and with no LossFunction: the CTCBeamSearch decoder makes the loss a CTCLossLayer
    wl('t = NetTrain[net, data, MaxTrainingRounds -> 300, LearningRate -> 0.05, RandomSeeding -> 1, '
       'TrainingProgressReporting -> None]')
    assert not wl.tags
    assert output_form(wl('t[{{0, 1}, {0, 1}, {1, 0}}]')) == "ba"


def test_plain_ctc_loss_layer_reads_targets_in_the_decoders_alphabet():
    from wlnet.syntax.printer import output_form
    wl = WL(CTC_NET)
    # LossFunction -> CTCLossLayer[] with no "Target" encoder: as for a class decoder, the
    # targets are read in the output's CTCBeamSearch alphabet (here strings of its characters)
    wl('t = NetTrain[net, data, LossFunction -> CTCLossLayer[], MaxTrainingRounds -> 300, '
       'LearningRate -> 0.05, RandomSeeding -> 1, TrainingProgressReporting -> None]')
    assert not wl.tags
    assert output_form(wl('{t[{{1, 0}, {1, 0}, {0, 1}}], t[{{0, 1}, {0, 1}, {1, 0}}]}')) == "{ab, ba}"
    # a letter outside the alphabet is refused as a target, not trained on
    wl('NetTrain[net, {{{1, 0}, {0, 1}} -> "ac"}, LossFunction -> CTCLossLayer[], '
       'MaxTrainingRounds -> 1, TrainingProgressReporting -> None]')
    assert wl.tags and all(t.startswith("NetTrain::") for t in wl.tags)


def test_multilabel_targets_are_lists_of_labels():
    from wlnet.syntax.printer import output_form
    wl = WL('net = NetChain[{LinearLayer[3], LogisticSigmoid}, "Input" -> 2, '
            '"Output" -> NetDecoder[{"Class", {a, b, c}, "Multilabel" -> True}]]; '
            'data = {{1, 0} -> {a}, {0, 1} -> {b, c}, {1, 1} -> {a, b, c}, {0, 0} -> {}};')
    wl('t = NetTrain[net, data, MaxTrainingRounds -> 500, LearningRate -> 0.05, RandomSeeding -> 1, '
       'TrainingProgressReporting -> None]')
    assert not wl.tags
    assert output_form(wl('t[{{1, 0}, {0, 1}, {1, 1}}]')) == "{{a}, {b, c}, {a, b, c}}"
    wl('NetTrain[net, {{1, 0} -> {d}}, MaxTrainingRounds -> 1, TrainingProgressReporting -> None]')
    assert "NetTrain::invtarget" in wl.tags


def test_a_sequence_of_labels_per_example_gets_a_decision_per_step():
    from wlnet.syntax.printer import output_form
    wl = WL('net = NetChain[{NetMapOperator[LinearLayer[]], SoftmaxLayer[]}, "Input" -> {"Varying", 2}]; '
            'data = {{{1, 0}, {0, 1}} -> {"x", "y"}, {{0, 1}} -> {"y"}, '
            '{{1, 0}, {1, 1}, {0, 1}} -> {"x", "z", "y"}};')
    wl('t = NetTrain[net, data, MaxTrainingRounds -> 300, LearningRate -> 0.05, RandomSeeding -> 1, '
       'TrainingProgressReporting -> None]')
    assert not wl.tags
    assert output_form(wl('Information[t, "OutputPorts"]')) == \
        '<|"Output" -> {"Varying", NetDecoder["Class", 3 classes]}|>'
    assert output_form(wl('t[{{1, 0}, {1, 1}, {0, 1}}]')) == "{x, z, y}"


def test_progress_functions_at_batch_and_round_intervals_see_the_net(wl):
    # data: 21 examples, BatchSize 7 -> 3 batches a round; 4 rounds -> 12 batches
    got = wl('log = {}; NetTrain[net, data, MaxTrainingRounds -> 4, BatchSize -> 7, '
             'TrainingProgressReporting -> {{Function[AppendTo[log, #AbsoluteBatch]], '
             '"Interval" -> Quantity[4, "Batches"]}}]; log')
    assert values(got) == [4, 8, 12]
    got = wl('log = {}; NetTrain[net, data, MaxTrainingRounds -> 4, BatchSize -> 7, ' + QUIET + ', '
             'TrainingProgressFunction -> {(AppendTo[log, #Round] &), "Interval" -> Quantity[2, "Rounds"]}]; log')
    assert values(got) == [2, 4]
    # #Net is the net as trained so far (a LinearLayer with its current weights)
    got = wl('nets = {}; NetTrain[net, data, MaxTrainingRounds -> 2, BatchSize -> 7, ' + QUIET + ', '
             'TrainingProgressFunction -> (AppendTo[nets, NetExtract[#Net, "Weights"]] &)]; '
             '{Length[nets], nets[[1]] =!= nets[[2]], Head[nets[[1]]]}')
    assert got == Expr(S.List, Integer(2), Symbol("True"), Symbol("NumericArray"))
    assert not wl.tags


def test_a_bad_interval_is_a_message(wl):
    wl('NetTrain[net, data, MaxTrainingRounds -> 1, TrainingProgressReporting -> {{Print, "Interval" -> foo}}]')
    assert "NetTrain::invopt" in wl.tags


def test_weight_clipping_per_layer(wl):
    # a WGAN critic's clipping: the weights of the named layer stay within [-c, c]
    wl('cnet2 = NetInitialize[NetChain[<|"a" -> LinearLayer[3, "Input" -> 1], "b" -> LinearLayer[1]|>], '
       'RandomSeeding -> 1];')
    got = wl('t = NetTrain[cnet2, data, MaxTrainingRounds -> 3, LearningRate -> 0.5, ' + QUIET + ', '
             'Method -> {"ADAM", "WeightClipping" -> {"a" -> 0.01}}]; '
             '{Max[Abs[Normal[NetExtract[t, {"a", "Weights"}]]]], Max[Abs[Normal[NetExtract[t, {"b", "Weights"}]]]]}')
    clipped, free = values(got)
    assert clipped <= 0.01 + 1e-7 and free > 0.01
    got = wl('t = NetTrain[cnet2, data, MaxTrainingRounds -> 2, ' + QUIET + ', '
             'Method -> {"SGD", "WeightClipping" -> 0.05, "L2Regularization" -> {"b" -> 0.1}}]; '
             'Max[Abs[Normal[NetExtract[t, {"b", "Weights"}]]]]')
    assert got.value <= 0.05 + 1e-7 and not wl.tags
    wl('NetTrain[cnet2, data, MaxTrainingRounds -> 1, ' + QUIET + ', Method -> {"ADAM", "WeightClipping" -> {"zz" -> 1}}]')
    assert "NetTrain::invopt" in wl.tags


def test_an_open_port_whose_examples_vary_in_length_becomes_varying(wl):
    # a weight per candidate, and the candidates vary in number from example to example:
    # the "Weights" port (left open by ThreadingLayer) must not be fixed to the first length
    wl('wnet = NetGraph[<|"m" -> NetMapOperator[LinearLayer[1]], "t" -> ThreadingLayer[Times], '
       '"loss" -> MeanSquaredLossLayer[]|>, {NetPort["Input"] -> "m", {"m", NetPort["Weights"]} -> "t" -> '
       'NetPort["loss", "Input"]}, "Input" -> {"Varying", 2}];')
    wl('wdata = Table[With[{n = RandomInteger[{2, 5}]}, <|"Input" -> RandomReal[1, {n, 2}], '
       '"Weights" -> RandomReal[1, {n, 1}], "Target" -> RandomReal[1, {n, 1}]|>], 12];')
    got = wl('Head[NetTrain[wnet, wdata, MaxTrainingRounds -> 2, BatchSize -> 4, ' + QUIET + ']]')
    assert got == Symbol("NetGraph") and not wl.tags, wl.tags


def test_class_output_with_vector_targets_and_a_squared_loss(wl):
    # a notebook's classifier: the last layer is Ramp (so the loss is a mean squared one)
    # and the targets are one-hot vectors, though the output has a "Class" decoder
    wl('vnet = NetChain[{LinearLayer[8], Ramp, LinearLayer[], Ramp}, "Input" -> 3, '
       '"Output" -> NetDecoder[{"Class", {"a", "b"}}]];')
    wl('vdata = Table[With[{x = RandomReal[1, 3]}, x -> If[Total[x] > 1.5, {1, 0}, {0, 1}]], 40];')
    got = wl('t = NetTrain[vnet, vdata, MaxTrainingRounds -> 3, ' + QUIET + ']; '
             'MemberQ[{"a", "b"}, t[{0.1, 0.2, 0.3}]]')
    assert got == Symbol("True") and not wl.tags, wl.tags


def test_option_lists_among_the_options_are_spliced(wl):
    # NetTrain[net, data, opts…, FilterRules[{opts}, Options[NetTrain]]]: a list of options,
    # or an empty one, among the options
    got = wl('NetTrain[net, data, "TotalRounds", BatchSize -> 7, {MaxTrainingRounds -> 2, ' + QUIET + '}, '
             'FilterRules[{}, Options[NetTrain]], LearningRateMultipliers -> {}]')
    assert got == Integer(2) and not wl.tags, wl.tags


@pytest.mark.parametrize("goal", ['"TrainingSpeed"', '"TrainingMemory"', '{"TrainingMemory", "TrainingSpeed"}'])
def test_performance_goals_of_the_page_are_taken(wl, goal):
    got = wl(f'NetTrain[net, data, "TotalRounds", MaxTrainingRounds -> 1, PerformanceGoal -> {goal}, {QUIET}]')
    assert got == Integer(1) and not wl.tags, wl.tags


def test_validation_set_from_a_generator(wl):
    got = wl('gen = Function[Table[With[{x = RandomReal[{-1, 1}]}, {x} -> {2 x + 1}], {#BatchSize}]]; '
             'r = NetTrain[net, {gen, "RoundLength" -> 21}, All, BatchSize -> 7, MaxTrainingRounds -> 2, '
             'ValidationSet -> {gen, "RoundLength" -> 14}, ' + QUIET + ']; '
             '{Length[r["ValidationLossList"]], VectorQ[r["ValidationLossList"], NumericQ]}')
    assert got == Expr(S.List, Integer(2), Symbol("True")) and not wl.tags, wl.tags
    got = wl('Length[NetTrain[net, data, All, BatchSize -> 7, MaxTrainingRounds -> 2, '
             'ValidationSet -> {gen, "RoundLength" -> 7}, ' + QUIET + ']["ValidationLossList"]]')
    assert got == Integer(2) and not wl.tags, wl.tags


def test_a_dataset_as_training_and_validation_data(wl):
    # a Dataset of port associations, split by Part, both as the data and as the ValidationSet
    got = wl('ds = Dataset[Table[<|"Input" -> {RandomReal[]}, "Output" -> {RandomReal[]}|>, {12}]]; '
             'r = NetTrain[net, ds[[;; 8]], All, ValidationSet -> ds[[9 ;;]], BatchSize -> 4, '
             'MaxTrainingRounds -> 2, ' + QUIET + ']; '
             '{Length[r["ValidationLossList"]], VectorQ[r["ValidationLossList"], NumericQ]}')
    assert got == Expr(S.List, Integer(2), Symbol("True")) and not wl.tags, wl.tags


def test_whole_numeric_arrays_as_the_data(wl):
    # x -> y with x, y NumericArrays of all the examples (a benchmark's data), and an
    # association of such arrays
    got = wl('x = NumericArray[RandomReal[1, {21, 1}], "Real32"]; y = NumericArray[RandomReal[1, {21, 1}], "Real32"]; '
             '{NetTrain[net, x -> y, "TotalBatches", BatchSize -> 7, MaxTrainingRounds -> 2, ' + QUIET + '], '
             'NetTrain[net, <|"Input" -> x, "Output" -> y|>, "TotalBatches", BatchSize -> 7, MaxTrainingRounds -> 1, ' + QUIET + ']}')
    assert got == Expr(S.List, Integer(6), Integer(3)) and not wl.tags, wl.tags


def test_alternatives_in_learning_rate_multiplier_specs():
    # "VAE_DynamicNet" | "LR_DynamicNet" -> -1 (a downscaling GAN's setting): both layers
    wl = WL('chain3 = NetInitialize@NetChain[<|"a" -> LinearLayer[3, "Input" -> 2], "b" -> LinearLayer[3], '
            '"c" -> LinearLayer[1]|>]; d3 = Table[{x, -x} -> {x}, {x, 0, 1, 0.1}];')
    t = net_from_expr(wl('NetTrain[chain3, d3, MaxTrainingRounds -> 3, LearningRateMultipliers -> {"a" | "c" -> 0}, '
                         'TrainingProgressReporting -> None]'))
    before = net_from_expr(wl('chain3')).arrays
    for path, arr in t.arrays.items():
        assert np.array_equal(arr.array, before[path].array) == (path[1] in ("a", "c")), path


def test_a_net_without_inputs_trains_on_targets_alone(wl):
    # an adversarial-image program: the image is a NetArrayLayer in front of a frozen
    # classifier, trained on <|"Output" -> {target}|> (the batch is made of copies of it)
    wl('adv = NetChain[<|"image" -> NetArrayLayer["Array" -> {0.1, 0.2, 0.3}], '
       '"net" -> NetInitialize[NetChain[{LinearLayer[3], SoftmaxLayer[]}, "Input" -> 3], RandomSeeding -> 1]|>, '
       '"Output" -> NetDecoder[{"Class", {"a", "b", "c"}}]];')
    got = wl('t = NetTrain[adv, <|"Output" -> {"b"}|>, LearningRateMultipliers -> {"image" -> 1, _ -> None}, '
             'MaxTrainingRounds -> 300, LearningRate -> 0.05, ' + QUIET + ']; '
             '{t[], NetExtract[t, {"net", 1, "Weights"}] === NetExtract[adv, {"net", 1, "Weights"}]}')
    assert got == Expr(S.List, String("b"), Symbol("True")) and not wl.tags, wl.tags


def test_a_net_that_takes_no_data_trains_from_an_empty_generator(wl):
    # ImageRestyle optimises an image held in the net: NetTrain[net, <||> &, LossFunction ->
    # "Output", BatchSize -> 1]; its loss is its own output
    wl('self = NetGraph[<|"x" -> NetArrayLayer["Array" -> {1., -2.}], "sq" -> ElementwiseLayer[#^2 &], '
       '"tot" -> SummationLayer[]|>, {"x" -> "sq" -> "tot"}];')
    got = wl('t = NetTrain[self, <||> &, LossFunction -> "Output", BatchSize -> 1, MaxTrainingRounds -> 200, '
             'Method -> {"ADAM", "LearningRate" -> 0.05}, ' + QUIET + ']; '
             'Max[Abs[Normal[NetExtract[t, {"x", "Array"}]]]] < 0.2')
    assert got == Symbol("True") and not wl.tags, wl.tags


def test_a_time_as_the_round_limit_bounds_the_training_time(wl):
    """MaxTrainingRounds -> Quantity[t, "Seconds"] (WL 11's examples) stops on time, as a
    TimeGoal does; with a TimeGoal as well the shorter time counts."""
    got = wl('NetTrain[net, data, "ReasonTrainingStopped", BatchSize -> 1, '
             'MaxTrainingRounds -> Quantity[0.3, "Seconds"], TrainingProgressReporting -> None]')
    assert got == String("TimeGoal") and not wl.tags
    got = wl('NetTrain[net, data, "TotalTrainingTime", BatchSize -> 1, TimeGoal -> 0.2, '
             'MaxTrainingRounds -> Quantity[1, "Hours"], TrainingProgressReporting -> None]')
    assert got.value < 60 and not wl.tags
    wl('NetTrain[net, data, MaxTrainingRounds -> Quantity[-2, "Seconds"]]')
    assert wl.tags == ["NetTrain::optpr"]


def test_cosine_schedule_and_mixed_precision_through_wl(wl):
    """Method -> {"SGD", "LearningRateSchedule" -> "Cosine"} lowers the rate to near 0 by
    the end; WorkingPrecision -> "Mixed" trains (in Real32 on the CPU)."""
    wl('cosres = NetTrain[net, data, All, MaxTrainingRounds -> 5, BatchSize -> 7, '
       'Method -> {"SGD", "LearningRateSchedule" -> "Cosine", "LearningRate" -> 0.1}, '
       'TrainingProgressReporting -> None, RandomSeeding -> 1]')
    assert not wl.tags
    first, last = values(wl('{cosres["InitialLearningRate"], cosres["FinalLearningRate"]}'))
    assert first == pytest.approx(0.1) and 0 < last < 0.01
    got = wl('NetTrain[net, data, MaxTrainingRounds -> 2, WorkingPrecision -> "Mixed", '
             'TrainingProgressReporting -> None, RandomSeeding -> 1]')
    assert not wl.tags and wl('Head[NetExtract[%, "Weights"]]') == Symbol("NumericArray")
    assert wl('NetTrain[net, data, WorkingPrecision -> "Real16"]') == Symbol("$Failed")
    assert wl.tags == ["NetTrain::invprec"]


def test_an_automatic_batch_size_holds_out_about_the_scaled_fraction():
    """ValidationSet -> Scaled[f] holds out whole batches; with few examples the automatic
    batch size is the largest giving at least 1/f batches, so about f of the examples are
    held out (21 examples and Scaled[0.2] had batches of 20: half of them held out)."""
    wl = WL('small = Table[{x, x^2} -> {x}, {x, 0., 1, 0.05}];')
    r = wl('r = NetTrain[NetChain[{LinearLayer[1]}, "Input" -> 2], small, All, MaxTrainingRounds -> 1, '
           'ValidationSet -> Scaled[0.2], TrainingProgressReporting -> None, RandomSeeding -> 1]; '
           '{r["BatchSize"], r["BatchesPerRound"]}')
    assert r == wl('{5, 4}')                     # 5 batches of 5: one held out (5 of 21)
    # WL's cap is Ceiling[f n]: 25 examples and Scaled[0.2] give batches of 5 (not 6)
    assert wl('NetTrain[NetChain[{LinearLayer[1]}, "Input" -> 2], Table[{x, 1 - x} -> {x}, {x, 0., 1, 1/24}], '
              '{"BatchSize", "BatchesPerRound"}, MaxTrainingRounds -> 1, ValidationSet -> Scaled[0.2], '
              'TrainingProgressReporting -> None]') == wl('{5, 4}')
    # enough examples for the default size: it stays 64
    assert wl('NetTrain[NetChain[{LinearLayer[1]}, "Input" -> 2], Table[{x, x^2} -> {x}, {x, 0., 1, 0.001}], '
              '"BatchSize", MaxTrainingRounds -> 1, ValidationSet -> Scaled[0.1], '
              'TrainingProgressReporting -> None]') == Integer(64)


def test_a_batch_is_never_larger_than_the_data():
    """Fewer examples than the batch size (automatic or given): one batch of all of them,
    not a batch padded with repeated examples; the results report the size used."""
    wl = WL('ten = Table[{x, 1 - x} -> {x}, {x, 0., 0.9, 0.1}]; lin = NetChain[{LinearLayer[1]}, "Input" -> 2];')
    run = ('NetTrain[lin, ten, {"BatchSize", "BatchesPerRound", "ExamplesProcessed"}, MaxTrainingRounds -> 3, '
           'TrainingProgressReporting -> None, RandomSeeding -> 1OPTS]')
    assert wl(run.replace("OPTS", "")) == wl('{10, 1, 30}')
    assert wl(run.replace("OPTS", ", BatchSize -> 300")) == wl('{10, 1, 30}')
    assert wl(run.replace("OPTS", ", BatchSize -> 4")) == wl('{4, 3, 36}')
    seqs = wl('NetTrain[NetChain[{GatedRecurrentLayer[2], SequenceLastLayer[]}, "Input" -> {"Varying", 1}], '
              'Table[Table[{0.1 k}, k] -> {0.1 k, 0.}, {k, 5}], "BatchSize", MaxTrainingRounds -> 1, '
              'TrainingProgressReporting -> None]')
    assert seqs == Integer(5)


def test_per_pixel_class_targets_train_a_segmentation_net(wl):
    # "InputDepth" -> 3: each example's target is a matrix of labels; a 1x1 convolution
    # learns "bright pixels are class 2"
    wl('segNet = NetChain[{ConvolutionLayer[2, 1], TransposeLayer[{1 <-> 3, 1 <-> 2}], '
       'SoftmaxLayer[]}, "Input" -> {1, 4, 4}, '
       '"Output" -> NetDecoder[{"Class", {"dark", "bright"}, "InputDepth" -> 3}]]; '
       'SeedRandom[3]; segData = Table[With[{m = RandomInteger[1, {4, 4}]}, '
       '{m + RandomReal[0.1, {4, 4}]} -> (m /. {0 -> "dark", 1 -> "bright"})], 64]; '
       'segT = NetTrain[segNet, segData, MaxTrainingRounds -> 200, LearningRate -> 0.1, '
       'TrainingProgressReporting -> None, RandomSeeding -> 1]')
    got = wl('segT[{{{1., 0., 0., 1.}, {0., 0., 0., 0.}, {1., 1., 0., 0.}, {0., 0., 0., 1.}}}]')
    rows = [[a.value for a in r.args] for r in got.args]
    assert rows[0] == ["bright", "dark", "dark", "bright"] and rows[2][:2] == ["bright"] * 2


def test_exact_numeric_examples_are_numbers(wl):
    # Table[x -> Sin[x], {x, 0, Pi, Pi/8}]: exact quantities are numbers to NetTrain, as to
    # net[data]; a symbol is still refused, with the data as given in the message
    t = wl('NetTrain[NetChain[{8, Tanh, 1}, "Input" -> "Scalar", "Output" -> "Scalar"], '
           'Table[x -> Sin[x], {x, 0, Pi, Pi/8}], MaxTrainingRounds -> 2, ' + QUIET + ']')
    assert wl.tags == [] and t.head == Symbol("NetChain")
    wl('NetTrain[NetChain[{2}, "Input" -> 2], {{Sqrt[2], 1/2} -> {1, 0}}, '
       'ValidationSet -> {{Pi, 1} -> {0, E}}, MaxTrainingRounds -> 1, ' + QUIET + ']')
    assert wl.tags == []
    assert wl('NetTrain[NetChain[{2}, "Input" -> 2], {{y, 1/2} -> {1, 0}}, '
              'MaxTrainingRounds -> 1, ' + QUIET + ']') == Symbol("$Failed")
    assert wl.tags == ["NetTrain::invindata"]
