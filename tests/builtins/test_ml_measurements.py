"""ClassifierMeasurements of ClassifierFunctions and of given classifications,
PredictorMeasurements and their objects (wlnet/builtins/ml_measurements.py)."""

import numpy as np
import pytest

from tests.builtins._support import check_example, close_printed, declared_examples, run
from wlnet.core.expr import to_python
from wlnet.syntax.printer import output_form


@pytest.mark.parametrize("name,text,expected", declared_examples("ml_measurements"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected, same=close_printed)


CLASSIFIER = ('c = Classify[{1 -> "A", 2 -> "A", 3.5 -> "B", 4 -> "B", 1.5 -> "A", 3.8 -> "B"}];'
              ' test = {1.2 -> "A", 3.9 -> "B", 2.9 -> "A", 2.5 -> "B"}; '
              'cm = ClassifierMeasurements[c, test]; ')


def values(code):
    r = run(code)
    assert not r.messages, r.messages
    return r.value


def test_measurements_agree_with_the_probabilities():
    out = values(CLASSIFIER + 'p = c[Keys[test], "Probabilities"]; '
                 'truep = MapThread[#1[#2] &, {p, Values[test]}]; '
                 '{cm["Accuracy"], cm["ConfusionMatrix"], cm["Probabilities"], truep, '
                 'cm["MeanCrossEntropy"], cm["CohenKappa"], cm["AccuracyBaseline"]}')
    acc, matrix, probs, truep, mce, kappa, base = to_python(out)
    assert acc == 0.5 and matrix == [[1, 1], [1, 1]]
    assert np.allclose(probs, truep)
    assert mce == pytest.approx(-np.mean(np.log(truep)))
    assert kappa == pytest.approx(0.0) and base == 0.5


def test_examples_properties():
    out = values(CLASSIFIER + '{cm["MisclassifiedExamples"], cm[{"BestClassifiedExamples", 1}], '
                 'cm["FalsePositiveExamples"], Length[cm["WorstClassifiedExamples"]], '
                 'cm["Examples"] == test}')
    assert output_form(out) == ('{{2.9 -> A, 2.5 -> B}, {1.2 -> A}, '
                                '<|"A" -> {2.5 -> "B"}, "B" -> {2.9 -> "A"}|>, 4, True}')


def test_plots_report_properties_and_unknown_ones():
    out = values(CLASSIFIER + '{Head[cm["ConfusionMatrixPlot"]], Head[cm["ProbabilityHistogram"]], '
                 'Head[cm["Report"]], MemberQ[cm["Properties"], "WorstClassifiedExamples"], '
                 'cm["Foo"], cm["ClassifierFunction"] === c}')
    assert output_form(out) == "{Graphics, Graphics, Column, True, Missing[UnknownProperty, Foo], True}"


def test_test_data_of_another_form():
    r = run('ClassifierMeasurements[Classify[{1 -> a, 2 -> b}], {x -> a}, "Accuracy"]')
    assert r.tags == ["ClassifierFunction::bdtest"] and output_form(r.value) == "$Failed"


def test_classifications_given_as_lists():
    out = values('ClassifierMeasurements[{"a", "b", "a"}, {"a", "a", "a"}, {"Accuracy", '
                 '"Recall", "MisclassifiedExamples"}]')
    assert output_form(out) == "{0.666667, <|\"a\" -> 0.666667, \"b\" -> 0.|>, {b -> a}}"


PREDICTOR = ('p = Predict[{1 -> 1.3, 2 -> 2.4, 3 -> 3.1, 4 -> 4.5}]; '
             'test = {1.5 -> 1.8, 3.5 -> 3.9, 2 -> 2}; pm = PredictorMeasurements[p, test]; ')


def test_predictor_measurements():
    out = to_python(values(PREDICTOR + 'r = Values[test] - p[Keys[test]]; '
                           'sd = p[1, "StandardDeviation"]; {pm["StandardDeviation"], '
                           'RootMeanSquare[r], pm["StandardDeviationBaseline"], '
                           'StandardDeviation[Values[test]] Sqrt[2/3], pm["LogLikelihood"], '
                           'Total[Log[PDF[NormalDistribution[0, sd], r]]], '
                           'pm[{"WorstPredictedExamples", 1}]}'))
    sd, rms, base, want_base, loglik, want_loglik, worst = out
    assert sd == pytest.approx(rms) and base == pytest.approx(want_base)
    assert loglik == pytest.approx(want_loglik)
    assert output_form(run(PREDICTOR + 'pm[{"WorstPredictedExamples", 1}]').value) == \
        output_form(run(PREDICTOR + 'First[MaximalBy[test, Abs[Last[#] - p[First[#]]] &, 1]]; '
                        '{First[MaximalBy[test, Abs[Last[#] - p[First[#]]] &]]} /. '
                        '(x_ -> y_) :> x -> N[y]').value)


def test_predictor_plots_and_bad_properties():
    out = values(PREDICTOR + '{Head[pm["ComparisonPlot"]], Head[pm["ResidualHistogram"]], '
                 'Head[pm["Report"]], MemberQ[pm["Properties"], "RSquared"]}')
    assert output_form(out) == "{Graphics, Graphics, Column, True}"
    r = run(PREDICTOR + 'pm["Foo"]')
    assert r.tags == ["PredictorMeasurements::bdprop"]


def test_error_and_top_n_accuracy():
    # "Error": the fraction misclassified; {"Accuracy", n}: the true class among the n most
    # probable (n = the number of classes: every example)
    out = values(CLASSIFIER + '{cm["Error"] == 1 - cm["Accuracy"], cm[{"Accuracy", 1}] == '
                 'cm["Accuracy"], cm[{"Accuracy", 2}]}')
    assert output_form(out) == "{True, True, 1.}"
    out = values('c = Classify[{1 -> "a", 2 -> "b", 3 -> "c", 4 -> "a", 5 -> "b", 6 -> "c"}, '
                 'Method -> "NearestNeighbors"]; p = c[{1, 2.2}, "Probabilities"]; '
                 'ClassifierMeasurements[c, {1 -> "a", 2.2 -> "c"}, {"Accuracy", 2}] == '
                 'Mean[MapThread[Boole[Count[Values[#1], x_ /; x > #1[#2]] < 2] &, '
                 '{p, {"a", "c"}}]]')
    assert output_form(out) == "True"


def test_indeterminate_decisions_are_rejected_and_left_out():
    out = values(CLASSIFIER + 'p = Max /@ Values /@ c[Keys[test], "Probabilities"]; '
                 'sure = Pick[test, Thread[p >= 0.8]]; '
                 '{cm["RejectionRate", IndeterminateThreshold -> 0.8], '
                 'Count[p, x_ /; x < 0.8]/4., '
                 'ClassifierMeasurements[c, test, "Accuracy", IndeterminateThreshold -> 0.8], '
                 'ClassifierMeasurements[c, sure, "Accuracy"], '
                 'ClassifierMeasurements[c, test, "ClassRejectionRate", '
                 'IndeterminateThreshold -> 1]}')
    rate, expected_rate, accuracy, sure_accuracy, per_class = to_python(out)
    assert rate == pytest.approx(expected_rate)
    assert accuracy == pytest.approx(sure_accuracy)
    assert per_class == {"A": 1.0, "B": 1.0}


def test_decision_utilities_follow_the_utility_function():
    out = values(CLASSIFIER + 'u = <|"A" -> <|"A" -> 2, "B" -> -1|>, "B" -> <|"B" -> 3|>|>; '
                 'd = c[Keys[test], UtilityFunction -> u]; '
                 '{ClassifierMeasurements[c, test, "DecisionUtilities", UtilityFunction -> u], '
                 'MapThread[Lookup[Lookup[u, #1, <||>], #2, 0] &, {Values[test], d}], '
                 'ClassifierMeasurements[c, test, "MeanDecisionUtility", UtilityFunction -> u], '
                 'cm["DecisionUtilities"], c[Keys[test]], Values[test]}')
    got, expected, mean, plain, decided, truth = to_python(out)
    assert got == pytest.approx(expected)
    assert mean == pytest.approx(np.mean(expected))
    # without a UtilityFunction: 1 for a right class, 0 otherwise
    assert plain == pytest.approx([float(d == t) for d, t in zip(decided, truth)])


def test_times_uncertainty_and_top_confusions():
    out = values(CLASSIFIER + '{cm["EvaluationTime"], cm["BatchEvaluationTime"], '
                 'cm["Accuracy", ComputeUncertainty -> True], cm["Accuracy"], '
                 'cm[{"TopConfusions", 1}], cm["TopConfusions"]}')
    single, batch, around, accuracy, top1, top = out.args
    for t in (single, batch):
        assert t.head.name == "Quantity" and t.args[0].value >= 0
    assert around.head.name == "Around"
    a, n = accuracy.value, 4
    # the jackknife error of a proportion: sqrt(a (1 - a) / (n - 1))
    assert around.args[0].value == pytest.approx(a)
    assert around.args[1].value == pytest.approx(np.sqrt(a * (1 - a) / (n - 1)))
    assert top1.args == top.args[:1]


def test_given_classifications_with_indeterminate_and_bad_options():
    out = values('ClassifierMeasurements[{"a", Indeterminate, "b", "b"}, {"a", "a", "b", "a"}, '
                 '{"RejectionRate", "Accuracy"}]')
    assert to_python(out) == pytest.approx([0.25, 2 / 3])
    r = run(CLASSIFIER + 'ClassifierMeasurements[c, test, "Accuracy", Frobnicate -> 2]')
    assert r.tags == ["ClassifierMeasurements::optx"]


def test_predictor_evaluation_times():
    out = values('p = Predict[{1 -> 2, 2 -> 4, 3 -> 6}]; pm = PredictorMeasurements[p, '
                 '{4 -> 8, 5 -> 10}]; {pm["EvaluationTime"], pm["BatchEvaluationTime"], '
                 'MemberQ[pm["Properties"], "EvaluationTime"]}')
    single, batch, listed = out.args
    assert single.head.name == "Quantity" and batch.head.name == "Quantity"
    assert single.args[0].value > 0 and listed.name == "True"


def test_confusion_matrix_plot_of_some_classes():
    three = ('cf = Classify[<|"a" -> {1, 2, 3, 3.5}, "b" -> {5, 6, 7, 4.2}, "c" -> {10, 11, '
             '12}|>, Method -> "LogisticRegression"]; cm = ClassifierMeasurements[cf, {1 -> '
             '"a", 4 -> "a", 4.5 -> "b", 6 -> "b", 8 -> "c", 11 -> "c", 3.9 -> "b"}]; ')
    out = values(three + 'has[g_, s_] := !StringFreeQ[ToString[InputForm[g]], s]; '
                 '{has[cm["ConfusionMatrixPlot"], "\\"c\\""], '
                 'has[cm[{"ConfusionMatrixPlot", {"a", "b"}}], "\\"c\\""], '
                 'has[cm[{"ConfusionMatrixPlot", {"a", "b"}}], "\\"b\\""], '
                 'Head[cm[{"ConfusionMatrixPlot", 2}]]}')
    assert [a.name for a in out.args] == ["True", "False", "True", "Graphics"]
    r = run(three + 'cm[{"ConfusionMatrixPlot", {"a", "zz"}}]')
    assert r.value.head.name == "Missing"


def test_predictions_given_as_lists():
    # PredictorMeasurements[{y1, …}, test]: predictions made elsewhere (a net's outputs)
    # against the test values, given as a list of values or of rules
    out = to_python(values('pm = PredictorMeasurements[{1.1, 1.9, 3.3}, {1, 2, 3}]; '
                           '{pm["StandardDeviation"], pm["MeanDeviation"], pm["RSquared"], '
                           'PredictorMeasurements[{1.1, 1.9, 3.3}, {a -> 1, b -> 2, c -> 3}, '
                           '"Residuals"]}'))
    assert out[0] == pytest.approx(np.sqrt((0.01 + 0.01 + 0.09) / 3))
    assert out[1] == pytest.approx(0.5 / 3)
    assert out[2] == pytest.approx(1 - 0.11 / 2)
    assert out[3] == pytest.approx([-0.1, 0.1, -0.3])
    assert output_form(run('PredictorMeasurements[{1.1, 1.9, 3.3}, {a -> 1, b -> 2, c -> 3}, '
                           '{"WorstPredictedExamples", 1}]').value) == "{c -> 3.}"
    assert output_form(run('PredictorMeasurements[{1, 2, 4}, {1, 2, 3}]').value) == \
        "PredictorMeasurementsObject[<3 examples>]"
    assert output_form(run('Head[PredictorMeasurements[{1, 2, 4}, {1, 2, 3}]'
                           '["ResidualHistogram"]]').value) == "Graphics"
    # a normal prediction carries its own spread
    loglik = to_python(values('PredictorMeasurements[{NormalDistribution[1, 2]}, {2}, '
                              '"LogLikelihood"]'))
    assert loglik == pytest.approx(-0.125 - np.log(2 * np.sqrt(2 * np.pi)))


def test_given_predictions_that_do_not_fit():
    assert run('PredictorMeasurements[{1, 2}, {1, 2, 3}, "RSquared"]').tags == \
        ["PredictorMeasurements::prdlen"]
    assert run('PredictorMeasurements[{1, x}, {1, 2}, "RSquared"]').tags == \
        ["PredictorMeasurements::prdval"]
    assert run('PredictorMeasurements[{1, 2}, {1, y}, "RSquared"]').tags == \
        ["PredictorMeasurements::bdtest"]


def test_least_and_most_certain_predicted_examples():
    # ordered by the spread of each prediction's distribution: a Gaussian process is
    # least certain far from its training inputs
    code = ('p = Predict[{1 -> 1.3, 2 -> 2.4, 3 -> 3.1, 4 -> 4.5, 5 -> 5.2, 6 -> 5.8}, '
            'Method -> "GaussianProcess"]; test = {1.5 -> 1.8, 3.5 -> 3.9, 20 -> 20, 2 -> 2}; '
            'pm = PredictorMeasurements[p, test]; sd = p[Keys[test], "StandardDeviation"]; ')
    out = values(code + '{Keys[pm["LeastCertainExamples"]] === Keys[test][[Ordering[-sd]]], '
                 'Keys[pm[{"MostCertainExamples", 1}]] === Keys[test][[{First[Ordering[sd]]}]]}')
    assert output_form(out) == "{True, True}"


NET = ('net = NetInitialize[NetChain[{LinearLayer[{}]}, "Input" -> 2], RandomSeeding -> 3]; '
       'xs = {{0.5, 1.}, {1., -2.}, {0., 3.}, {2., 2.}}; ys = {1., -1., 2.5, 4.}; '
       'test = Thread[xs -> ys]; out = net[xs]; ')


def test_a_net_measured_as_a_predictor():
    # PredictorMeasurements[net, test, prop]: a net of one number out per example is a
    # predictor, its outputs the predictions (as ClassifierMeasurements takes nets)
    out = to_python(values(NET + '{out, PredictorMeasurements[net, test, {"StandardDeviation", '
                           '"RSquared", "Residuals"}], PredictorMeasurements[net, xs -> ys, '
                           '"MeanDeviation"], PredictorMeasurements[net, <|"Input" -> xs, '
                           '"Output" -> ys|>, "MeanSquare"]}'))
    predictions, (sd, r2, residuals), mean_deviation, mean_square = out
    truth, residual = np.array([1., -1., 2.5, 4.]), np.array([1., -1., 2.5, 4.]) - predictions
    assert residuals == pytest.approx(residual)
    assert sd == pytest.approx(np.sqrt(np.mean(residual ** 2)))
    assert r2 == pytest.approx(1 - np.sum(residual ** 2) / np.sum((truth - truth.mean()) ** 2))
    assert mean_deviation == pytest.approx(np.mean(np.abs(residual)))
    assert mean_square == pytest.approx(np.mean(residual ** 2))
    assert output_form(values(NET + 'pm = PredictorMeasurements[net, test]; '
                              '{pm, pm["PredictorFunction"] === net, '
                              'Keys[pm[{"WorstPredictedExamples", 1}]] === '
                              '{xs[[First[Ordering[-Abs[ys - out]]]]]}}')) == \
        "{PredictorMeasurementsObject[<4 examples>], True, True}"


def test_a_net_of_length_1_vectors_measured_as_a_predictor():
    # LinearLayer[1] gives {y}: a length-1 vector counts as its number, in the targets too
    code = ('n1 = NetInitialize[NetChain[{LinearLayer[1]}, "Input" -> 1], RandomSeeding -> 4]; '
            'p = Flatten[n1[{{0.5}, {1.}}]]; ')
    out = to_python(values(code + '{PredictorMeasurements[n1, {{0.5} -> {1.}, {1.} -> {2.}}, '
                           '"Residuals"], PredictorMeasurements[n1, {{0.5} -> 1., {1.} -> 2.}, '
                           '"Residuals"], {1., 2.} - p}'))
    assert out[0] == pytest.approx(out[2]) and out[1] == pytest.approx(out[2])


def test_nets_that_are_not_predictors():
    assert run(NET + 'PredictorMeasurements[NetInitialize@NetChain[{LinearLayer[3]}, '
               '"Input" -> 2], test, "RSquared"]').tags == ["PredictorMeasurements::netout"]
    assert run(NET + 'PredictorMeasurements[NetInitialize@NetChain[{LinearLayer[2], '
               'SoftmaxLayer[]}, "Input" -> 2, "Output" -> NetDecoder[{"Class", {a, b}}]], test, '
               '"RSquared"]').tags == ["PredictorMeasurements::netout"]
    assert run(NET + 'PredictorMeasurements[net, {{0., 1.} -> "a"}, "RSquared"]').tags == \
        ["PredictorMeasurements::netval"]
    assert run(NET + 'PredictorMeasurements[net, {1, 2}, "RSquared"]').tags == \
        ["PredictorMeasurements::netprd"]
    # the net's own message when it cannot take the examples; no second one
    r = run(NET + 'PredictorMeasurements[net, {{1., 2., 3.} -> 1.}, "RSquared"]')
    assert r.tags == ["NetChain::invindata1"] and output_form(r.value) == "$Failed"
