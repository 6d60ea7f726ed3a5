"""The measurements NetMeasurements computes beyond accuracy: agreement statistics,
per-class rates, ROC areas, likelihoods of the true classes, the commonest confusions,
and the residuals' standard deviation; checked against the same numbers computed by hand
from the net's own outputs."""

import numpy as np
import pytest

from wlnet.core.expr import to_python
from wlnet.core.session import Session
from wlnet.syntax.printer import output_form

CLASSIFIER = ('net = NetInitialize[NetChain[{LinearLayer[3], SoftmaxLayer[]}, "Input" -> 2, '
              '"Output" -> NetDecoder[{"Class", {a, b, c}}]], RandomSeeding -> 1]; '
              'data = {{1, 2} -> a, {2, 1} -> b, {0, 0} -> c, {1, 1} -> a, {3, 0} -> b, {0, 3} -> c}; '
              'inputs = Keys[data]; truth = Values[data] /. {a -> 1, b -> 2, c -> 3};')


@pytest.fixture(scope="module")
def session():
    s = Session()
    s.evaluate(CLASSIFIER)
    assert not s.messages
    return s


def value(session, text):
    session.messages.clear()
    r = session.evaluate(text)
    assert not session.messages, (text, session.messages)
    return r


def number(session, text) -> float:
    return float(to_python(value(session, f"N[{text}]")))


def probabilities(session) -> np.ndarray:
    return np.array(to_python(value(session, 'net[inputs, None]')), dtype=float)


def truth(session) -> np.ndarray:
    return np.array(to_python(value(session, 'truth')))


def confusion(session) -> np.ndarray:
    p, t = probabilities(session), truth(session)
    cm = np.zeros((3, 3))
    for true, decided in zip(t, p.argmax(axis=1) + 1):
        cm[true - 1, decided - 1] += 1
    return cm


def test_likelihoods_of_the_true_classes(session):
    p, t = probabilities(session), truth(session)
    logs = np.log(p[np.arange(len(t)), t - 1])
    assert number(session, 'NetMeasurements[net, data, "LogLikelihood"]') == pytest.approx(logs.sum(), rel=1e-4)
    assert number(session, 'NetMeasurements[net, data, "MeanCrossEntropy"]') == pytest.approx(-logs.mean(), rel=1e-4)
    assert number(session, 'NetMeasurements[net, data, "Perplexity"]') == pytest.approx(np.exp(-logs.mean()), rel=1e-4)
    assert number(session, 'NetMeasurements[net, data, "GeometricMeanProbability"]') \
        == pytest.approx(np.exp(logs.mean()), rel=1e-4)
    # the mean cross-entropy is the "Index" loss NetTrain minimises
    assert number(session, 'NetMeasurements[net, data, "MeanCrossEntropy"] - '
                           'NetMeasurements[net, data, "Loss"]') == pytest.approx(0, abs=1e-5)


def test_agreement_beyond_chance(session):
    cm = confusion(session)
    n = cm.sum()
    observed = np.trace(cm) / n
    rows, cols = cm.sum(axis=1) / n, cm.sum(axis=0) / n
    kappa_chance, pi_chance = (rows * cols).sum(), (((rows + cols) / 2) ** 2).sum()
    assert number(session, 'NetMeasurements[net, data, "CohenKappa"]') \
        == pytest.approx((observed - kappa_chance) / (1 - kappa_chance), rel=1e-6)
    assert number(session, 'NetMeasurements[net, data, "ScottPi"]') \
        == pytest.approx((observed - pi_chance) / (1 - pi_chance), rel=1e-6)


def test_confusion_matrix_plot_is_a_graphic(session):
    assert output_form(value(session, 'Head[NetMeasurements[net, data, "ConfusionMatrixPlot"]]')) \
        == "Graphics"


def test_per_class_rates(session):
    cm = confusion(session)
    tp = np.diag(cm)
    fp, fn = cm.sum(axis=0) - tp, cm.sum(axis=1) - tp
    tn = cm.sum() - tp - fp - fn
    for name, want in (("Specificity", tn / (tn + fp)), ("FalsePositiveRate", fp / (fp + tn)),
                       ("FalseNegativeRate", fn / (fn + tp))):
        got = [number(session, f'NetMeasurements[net, data, "{name}"][{c}]') for c in "abc"]
        assert got == pytest.approx(list(want), abs=1e-6), name
    assert output_form(value(session, 'Keys[NetMeasurements[net, data, '
                                      '"MatthewsCorrelationCoefficient"]]')) == "{a, b, c}"


def test_roc_area_of_a_perfect_and_a_reversed_score():
    s = Session()
    # a fixed softmax of the inputs: class 1 scores the first input, class 2 the second
    s.evaluate('n = NetChain[{SoftmaxLayer[]}, "Input" -> 2, "Output" -> NetDecoder[{"Class", {x, y}}]]; '
               'd = {{3, 0} -> x, {2, 0} -> x, {0, 2} -> y, {0, 3} -> y};')
    assert output_form(s.evaluate('NetMeasurements[n, d, "AreaUnderROCCurve"]')) == "<|x -> 1., y -> 1.|>"
    assert output_form(s.evaluate('NetMeasurements[n, d /. {x -> y, y -> x}, '
                                  '"AreaUnderROCCurve"]')) == "<|x -> 0., y -> 0.|>"
    # every example confused: each true class -> the other (ties in class order)
    assert output_form(s.evaluate('NetMeasurements[n, d /. {x -> y, y -> x}, "TopConfusions"]')) \
        == "{x -> y, y -> x}"
    assert not s.messages, s.messages


def test_standard_deviation_of_the_residuals():
    s = Session()
    s.evaluate('n = NetInitialize[NetChain[{LinearLayer[1]}, "Input" -> 1, "Output" -> "Scalar"], '
               'RandomSeeding -> 1]; d = {{1} -> 2., {2} -> 3.9, {3} -> 6.1};')
    ms = float(to_python(s.evaluate('NetMeasurements[n, d, "MeanSquare"]')))
    sd = float(to_python(s.evaluate('NetMeasurements[n, d, "StandardDeviation"]')))
    assert sd == pytest.approx(np.sqrt(ms), rel=1e-5)
    s.evaluate('NetMeasurements[n, d, "CohenKappa"]')           # a classification measure
    assert s.messages and "NetMeasurements::invmeas" in s.messages[0]


def counts(session):
    cm = confusion(session)
    tp = np.diag(cm)
    fp, fn = cm.sum(axis=0) - tp, cm.sum(axis=1) - tp
    return tp, fp, fn, cm.sum() - tp - fp - fn


def test_top_n_accuracy_and_error_rate(session):
    p, t = probabilities(session), truth(session)
    rank = (p > p[np.arange(len(t)), t - 1][:, None]).sum(axis=1)     # classes above the true one
    # "Accuracy" -> n in the third place is the measurement, not an option
    assert number(session, 'NetMeasurements[net, data, "Accuracy" -> 2]') \
        == pytest.approx(np.mean(rank < 2), abs=1e-5)
    assert number(session, 'NetMeasurements[net, data, "ErrorRate" -> 2]') \
        == pytest.approx(np.mean(rank >= 2), abs=1e-5)
    assert number(session, 'NetMeasurements[net, data, {"Accuracy" -> 3}][[1]]') == 1.0
    assert number(session, 'NetMeasurements[net, data, "Accuracy" -> 1] - '
                           'NetMeasurements[net, data, "Accuracy"]') == 0.0


def test_f_score_with_a_beta(session):
    tp, fp, fn, _ = counts(session)
    beta2 = 4.0
    want = np.divide((1 + beta2) * tp, (1 + beta2) * tp + fp + beta2 * fn,
                     out=np.zeros(3), where=(1 + beta2) * tp + fp + beta2 * fn > 0)
    got = [number(session, f'NetMeasurements[net, data, "FScore" -> 2][{c}]') for c in "abc"]
    assert got == pytest.approx(list(want), abs=1e-6)
    # β = 1 is the F1 score
    assert output_form(value(session, 'NetMeasurements[net, data, "FScore" -> 1] == '
                                      'NetMeasurements[net, data, "F1Score"]')) == "True"


def test_class_averaging(session):
    tp, fp, fn, _ = counts(session)
    defined = tp + fp > 0
    assert number(session, 'NetMeasurements[net, data, <|"Measurement" -> "Precision", '
                           '"ClassAveraging" -> "Macro"|>]') \
        == pytest.approx(np.mean(tp[defined] / (tp + fp)[defined]), abs=1e-5)
    # the counts summed over the classes: micro precision is the accuracy
    assert number(session, 'NetMeasurements[net, data, <|"Measurement" -> "Precision", '
                           '"ClassAveraging" -> "Micro"|>] - NetMeasurements[net, data, "Accuracy"]') \
        == pytest.approx(0, abs=1e-9)
    assert output_form(value(session, 'NetMeasurements[net, data, "TruePositiveNumber"]')) \
        == "<|a -> %d, b -> %d, c -> %d|>" % tuple(tp)


def test_synonyms_and_more_rates(session):
    tp, fp, fn, tn = counts(session)
    for synonym, name in (("Sensitivity", "Recall"), ("MCC", "MatthewsCorrelationCoefficient"),
                          ("TNR", "Specificity"), ("AUC", "AreaUnderROCCurve")):
        assert output_form(value(session, f'NetMeasurements[net, data, "{synonym}"] == '
                                          f'NetMeasurements[net, data, "{name}"]')) == "True", synonym
    with np.errstate(invalid="ignore", divide="ignore"):
        for name, want in (("NegativePredictiveValue", tn / (tn + fn)),
                           ("FalseOmissionRate", fn / (fn + tn)),
                           ("BalancedAccuracy", (tp / (tp + fn) + tn / (tn + fp)) / 2)):
            got = [number(session, f'NetMeasurements[net, data, "{name}"][{c}]') for c in "abc"]
            assert got == pytest.approx(list(np.nan_to_num(want)), abs=1e-6), name
    # "Entropy" (nats) is the mean cross-entropy, whose exponential is the perplexity
    assert number(session, 'Exp[NetMeasurements[net, data, "Entropy"]] - '
                           'NetMeasurements[net, data, "Perplexity"]') == pytest.approx(0, abs=1e-5)


def test_an_output_port_as_a_measurement(session):
    p = probabilities(session)
    got = value(session, 'NetMeasurements[net, data, NetPort["Output"]]')
    assert np.allclose(np.array(to_python(got), dtype=float), p.mean(axis=0),
                       atol=1e-6)
    assert number(session, 'NetMeasurements[net, data, <|"Measurement" -> NetPort["Output"], '
                           '"Aggregation" -> "Max"|>]') == pytest.approx(p.max(axis=1).mean(), rel=1e-5)
    session.messages.clear()
    assert output_form(session.evaluate('NetMeasurements[net, data, NetPort["Nope"]]')) == "$Failed"
    assert session.messages and "NetMeasurements::invmeas" in session.messages[0]


def test_fraction_of_variance_unexplained():
    s = Session()
    s.evaluate('n = NetInitialize[NetChain[{LinearLayer[1]}, "Input" -> 1, "Output" -> "Scalar"], '
               'RandomSeeding -> 1]; d = {{1} -> 2., {2} -> 3.9, {3} -> 6.1};')
    fvu = float(to_python(s.evaluate('NetMeasurements[n, d, "FractionVarianceUnexplained"]')))
    r2 = float(to_python(s.evaluate('NetMeasurements[n, d, "R2"]')))
    assert fvu == pytest.approx(1 - r2, rel=1e-6)
    assert not s.messages, s.messages


def test_roc_curves_and_their_plot(session):
    curves = value(session, 'NetMeasurements[net, data, "ROCCurve"]')
    areas = value(session, 'NetMeasurements[net, data, "AreaUnderROCCurve"]')
    for curve, area in zip(curves.args, areas.args):
        pts = np.array(to_python(curve.args[1]), dtype=float)
        assert tuple(pts[0]) == (0, 0) and tuple(pts[-1]) == (1, 1)
        assert np.all(np.diff(pts[:, 0]) >= 0) and np.all(np.diff(pts[:, 1]) >= 0)
        # the area under the curve drawn is the "AreaUnderROCCurve" (ties count half)
        assert np.trapezoid(pts[:, 1], pts[:, 0]) == pytest.approx(float(area.args[1].value), abs=1e-6)
    assert output_form(value(session, 'Head[NetMeasurements[net, data, "ROCCurvePlot"]]')) in (
        "Graphics", "Legended")


def test_a_layers_output_as_a_measurement():
    s = Session()
    s.evaluate('n = NetInitialize[NetChain[{LinearLayer[3], Ramp, LinearLayer[2], SoftmaxLayer[]}, "Input" -> 2, '
               '"Output" -> NetDecoder[{"Class", {"a", "b"}}]], RandomSeeding -> 2]; '
               'd = {{1, 2} -> "a", {2, 1} -> "b", {0, 1} -> "a"};')
    # NetPort[{layer, "Output"}]: the mean of that layer's output over the examples
    assert output_form(s.evaluate('Max[Abs[NetMeasurements[n, d, NetPort[{2, "Output"}]] - '
                                  'Mean[NetTake[n, 2][Keys[d]]]]] < 10^-5')) == "True"
    assert output_form(s.evaluate('Abs[NetMeasurements[n, d, <|"Measurement" -> NetPort[{1, "Output"}], '
                                  '"Aggregation" -> "L2Norm"|>] - Mean[Norm /@ NetTake[n, 1][Keys[d]]]] '
                                  '< 10^-5')) == "True"
    assert not s.messages, s.messages
    s.evaluate('NetMeasurements[n, d, NetPort[{7, "Output"}]]')
    assert s.messages and "NetMeasurements::invmeas" in s.messages[0]


def test_evaluation_mode_of_the_measurements():
    s = Session()
    s.evaluate('n = NetInitialize[NetChain[{LinearLayer[20], DropoutLayer[0.5], LinearLayer[1]}, '
               '"Input" -> 2, "Output" -> "Scalar"], RandomSeeding -> 1]; '
               'd = Flatten@Table[{x, y} -> x + y, {x, 0, 1, 0.5}, {y, 0, 1, 0.5}];')
    # "Test" (the default) is deterministic; "Train" drops units, differently each time
    assert output_form(s.evaluate('NetMeasurements[n, d, "Loss"] == '
                                  'NetMeasurements[n, d, "Loss", NetEvaluationMode -> "Test"]')) == "True"
    assert output_form(s.evaluate('NetMeasurements[n, d, "Loss", NetEvaluationMode -> "Train"] != '
                                  'NetMeasurements[n, d, "Loss", NetEvaluationMode -> "Train"]')) == "True"
    assert not s.messages
    s.evaluate('NetMeasurements[n, d, "Loss", NetEvaluationMode -> "Sometimes"]')
    assert s.messages and "NetMeasurements::invopt" in s.messages[0]


def test_intersection_over_union_per_class_and_its_mean(session):
    decided = value(session, 'net[inputs] /. {a -> 1, b -> 2, c -> 3}')
    decided = np.array([x.value for x in decided.args])
    truth = np.array([x.value for x in value(session, 'truth').args])
    iou = value(session, 'NetMeasurements[net, data, "IntersectionOverUnion"]')
    expected = []
    for k, r in zip((1, 2, 3), iou.args):
        union = np.sum((decided == k) | (truth == k))
        expected.append(np.sum((decided == k) & (truth == k)) / union if union else 0.0)
        assert abs(r.args[1].value - expected[-1]) < 1e-12
    mean = number(session, 'NetMeasurements[net, data, <|"Measurement" -> "IntersectionOverUnion", '
                           '"ClassAveraging" -> "Macro"|>]')
    assert abs(mean - np.mean(expected)) < 1e-6          # (read from its printed form)


def test_information_properties_are_measurements(session):
    got = value(session, 'NetMeasurements[net, data, {"ArraysCount", "LayersCount", "Accuracy"}]')
    assert [got.args[0].value, got.args[1].value] == [2, 2]
    assert got.args[:2] == value(session, 'Information[net, {"ArraysCount", "LayersCount"}]').args
    session.messages.clear()
    session.evaluate('NetTrain[net, data, TrainingProgressMeasurements -> "LayersCount", '
                     'MaxTrainingRounds -> 1, TrainingProgressReporting -> None]')
    assert [m.split(":")[0] for m in session.messages] == ["NetTrain"]


def test_classifier_measurements_names(session):
    # ClassifierMeasurements' likelihood, per-class cross-entropy and baseline accuracy
    p = probabilities(session)
    truth = np.array([x.value for x in value(session, 'truth').args])
    p_true = p[np.arange(len(truth)), truth - 1]
    assert number(session, 'NetMeasurements[net, data, "Likelihood"]') == pytest.approx(np.prod(p_true), rel=1e-5)
    per_class = value(session, 'NetMeasurements[net, data, "ClassMeanCrossEntropy"]')
    for k, r in enumerate(per_class.args, start=1):
        assert r.args[1].value == pytest.approx(np.mean(-np.log(p_true[truth == k])), rel=1e-5)
    baseline = number(session, 'ClassifierMeasurements[net, data, "AccuracyBaseline"]')
    assert baseline == pytest.approx(np.max(np.bincount(truth)) / len(truth))


def test_a_net_trained_on_class_probabilities_is_a_classifier():
    # "for nets that contain CrossEntropyLossLayer": the "Probabilities" form too, the
    # target's most probable class the true one
    s = Session()
    s.evaluate('pn = NetInitialize[NetChain[{LinearLayer[2], SoftmaxLayer[]}, "Input" -> 1], RandomSeeding -> 1]; '
               'pd = {{1} -> {0.2, 0.8}, {2} -> {0.9, 0.1}, {-1} -> {0.6, 0.4}, {3} -> {0.3, 0.7}}; '
               'loss = LossFunction -> CrossEntropyLossLayer["Probabilities"];')
    decided = np.argmax(np.array(to_python(value(s, 'pn[Keys[pd]]')), dtype=float), axis=1)
    truth = np.array([1, 0, 0, 1])
    assert number(s, 'NetMeasurements[pn, pd, "Accuracy", loss]') == pytest.approx(np.mean(decided == truth))
    got = value(s, 'Keys@NetTrain[pn, pd, "RoundMeasurements", loss, MaxTrainingRounds -> 1, '
                   'TrainingProgressReporting -> None]')
    assert [k.value for k in got.args] == ["Loss", "ErrorRate"]


def test_a_binary_cross_entropy_net_of_one_probability_is_a_classifier():
    s = Session()
    s.evaluate('bn = NetInitialize[NetChain[{LinearLayer[{}, "Input" -> 1], LogisticSigmoid}], RandomSeeding -> 3]; '
               'bd = {{0.} -> 0, {1.} -> 1, {2.} -> 1, {-1.} -> 0, {0.5} -> 0};')
    p = np.array([x.value for x in value(s, 'bn /@ Keys[bd]').args])
    truth = np.array([0, 1, 1, 0, 0])
    assert number(s, 'NetMeasurements[bn, bd, "Accuracy"]') == pytest.approx(np.mean((p > 0.5) == truth))
    assert output_form(value(s, 'Keys@NetMeasurements[bn, bd, "Recall"]')) == "{0, 1}"
    # several probabilities (multi-label) are not one decision: no default error rate
    got = value(s, 'Keys@NetTrain[NetChain[{LinearLayer[2, "Input" -> 1], LogisticSigmoid}], '
                   '{{0.} -> {0, 1}, {1.} -> {1, 1}}, "RoundMeasurements", MaxTrainingRounds -> 1, '
                   'TrainingProgressReporting -> None]')
    assert [k.value for k in got.args] == ["Loss"]
