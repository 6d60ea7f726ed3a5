"""The measurements NetMeasurements computes beyond accuracy: agreement statistics,
per-class rates, ROC areas, likelihoods of the true classes, the commonest confusions,
and the residuals' standard deviation; checked against the same numbers computed by hand
from the net's own outputs."""

import numpy as np
import pytest

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
    return float(output_form(value(session, f"N[{text}]")).replace("*^", "e"))


def probabilities(session) -> np.ndarray:
    return np.array(eval(output_form(value(session, 'net[inputs, None]')).replace("{", "[")
                         .replace("}", "]").replace("*^", "e")))


def truth(session) -> np.ndarray:
    return np.array(eval(output_form(value(session, 'truth')).replace("{", "[").replace("}", "]")))


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
    ms = float(output_form(s.evaluate('NetMeasurements[n, d, "MeanSquare"]')))
    sd = float(output_form(s.evaluate('NetMeasurements[n, d, "StandardDeviation"]')))
    assert sd == pytest.approx(np.sqrt(ms), rel=1e-5)
    s.evaluate('NetMeasurements[n, d, "CohenKappa"]')           # a classification measure
    assert s.messages and "NetMeasurements::invmeas" in s.messages[0]
