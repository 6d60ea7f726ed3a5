"""AnomalyDetection, AnomalyDetectorFunction, FindAnomalies and DeleteAnomalies
(wlnet/builtins/anomalies.py)."""

import pytest

from tests.builtins._support import check_example, close_printed, declared_examples
from wlnet.core.expr import to_python
from wlnet.core.session import Session
from wlnet.syntax.printer import output_form


@pytest.fixture
def session():
    return Session(echo=False)


def value(session, code):
    out = session.evaluate(code)
    assert session.messages == [], session.messages
    return to_python(out)


DATA = "{1.2, 2.5, 3.2, 4.6, 5.6, 7, 8, 9, 8.3}"
WITH_OUTLIER = "{1.2, 2.5, 3.2, 4.6, 5.6, 7, 8, 9, 8.3, 100}"


@pytest.mark.parametrize("name,text,expected", declared_examples("anomalies"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected, same=close_printed)


def test_detector_decisions_and_rarer_probabilities(session):
    session.evaluate(f"ad = AnomalyDetection[{DATA}]")
    assert output_form(session.evaluate("ad")) == \
        "AnomalyDetectorFunction[Input type: Numerical, Method: KernelDensityEstimation]"
    assert value(session, "ad[{5, 6, 100}]") == [False, False, True]
    rarer = value(session, 'ad[{5, 11, 100}, "RarerProbability"]')
    assert rarer[0] > 0.3 and 0 < rarer[1] < 0.3 and rarer[2] == 0
    # a threshold above 11's rarer probability makes it anomalous
    assert value(session, f"ad[11, AcceptanceThreshold -> {rarer[1] * 1.5}]") is True


def test_an_outlier_among_the_training_examples_is_found(session):
    assert value(session, f"FindAnomalies[{WITH_OUTLIER}]") == [100]
    assert value(session, f'FindAnomalies[{WITH_OUTLIER}, {{"AnomalyPositions", '
                          '"AnomalyCount", "AnomalyBooleanList"}]') == \
        [[10], 1, [False] * 9 + [True]]
    assert value(session, f"DeleteAnomalies[{WITH_OUTLIER}]") == \
        [1.2, 2.5, 3.2, 4.6, 5.6, 7, 8, 9, 8.3]
    assert value(session, f'FindAnomalies[{WITH_OUTLIER}, "AnomalyRarerProbabilities"]') == [0.0]


def test_normal_data_has_few_anomalies(session):
    session.evaluate("SeedRandom[5]; data = RandomVariate[NormalDistribution[], 500]")
    assert value(session, '(FindAnomalies[data, "AnomalyCount"])') <= 3
    assert value(session, "FindAnomalies[Append[data, 8]]") == [8]


def test_a_detector_or_distribution_on_new_data(session):
    session.evaluate("SeedRandom[1]; ad = AnomalyDetection[RandomReal[1, {20, 2}]]")
    assert value(session, "FindAnomalies[ad, {{5, 0.6}, {0.3, 0.5}, {0.1, 0.2}}]") == [[5, 0.6]]
    assert value(session, 'FindAnomalies[ad, {{0.8, 0.7}, {5, 0.6}, {0.3, 0.5}}, '
                          '{"Anomalies", "AnomalyPositions"}]') == [[[5, 0.6]], [2]]
    session.evaluate(f"ld = LearnDistribution[{DATA}]")
    assert value(session, "DeleteAnomalies[ld, {3, 50, 7}]") == [3, 7]


@pytest.mark.parametrize("data", [
    "True -> {10, 12}, False -> {1, 2, 3, 2.5, 1.5, 2.2}",
    "<|True -> {10, 12}, False -> {1, 2, 3, 2.5, 1.5, 2.2}|>",
    "{1, 2, 10, 3, 2.5, 12, 1.5, 2.2} -> {3, 6}",
    "{1, 2, 10, 3, 2.5, 12, 1.5, 2.2} -> {False, False, True, False, False, True, False, False}",
    "{1 -> False, 2 -> False, 10 -> True, 3 -> False, 2.5 -> False, 12 -> True, 1.5 -> False}",
])
def test_marked_examples_set_the_threshold(session, data):
    session.evaluate(f"ad = AnomalyDetection[{data}]")
    assert value(session, "ad[{2, 9, 11}]") == [False, True, True]


@pytest.mark.parametrize("code, tag", [
    ('FindAnomalies[{1, 2, 3}, "Foo"]', "FindAnomalies::prop"),
    ("FindAnomalies[{1, 2, 3}, AcceptanceThreshold -> 2]", "FindAnomalies::thrs"),
    ("AnomalyDetection[{}]", "AnomalyDetection::data"),
    ("AnomalyDetection[True -> {1, 2}, False -> {}]", "AnomalyDetection::nnorm"),
])
def test_bad_calls(session, code, tag):
    out = session.evaluate(code)
    assert output_form(out).split("[")[0] in ("FindAnomalies", "AnomalyDetection")
    assert any(tag in m for m in session.messages), session.messages


def test_datasets_are_their_rows(session):
    out = value(session, 'd = Dataset[{1.2, 2.5, 3.2, 4.6, 5.6, 7, 8, 9, 8.3, 100}]; '
                         '{FindAnomalies[d], ToString[Head[LearnDistribution[d]]], '
                         'Length[FindClusters[d]] >= 2, Length[DimensionReduce[Dataset[{{1, 2}, '
                         '{3, 4}, {5, 7}}], 1]], ClusterClassify[d][1.5]}')
    assert out == [[100], "LearnedDistribution", True, 3, 1]


def test_information_of_a_detector(session):
    session.evaluate("ad = AnomalyDetection[{1, 2, 3, 2.5}, AcceptanceThreshold -> 0.01]")
    assert value(session, 'Information[ad, {"AcceptanceThreshold", "Method", "ExampleNumber"}]') \
        == [0.01, "KernelDensityEstimation", 4]
    session.evaluate('Information[ad, "Foo"]')
    assert any("AnomalyDetectorFunction::iprop" in m for m in session.messages)


def test_false_positives_near_the_threshold_in_three_dimensions(session):
    # samples judged without their own kernel: about 0.1% of normal data is flagged
    out = value(session, "SeedRandom[1]; d = RandomVariate[NormalDistribution[], {3000, 3}]; "
                         "FindAnomalies[Append[d, {9, 9, 9}], \"AnomalyCount\"]")
    assert 1 <= out <= 6
