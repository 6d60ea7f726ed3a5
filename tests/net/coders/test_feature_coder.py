"""NetEncoder "FeatureExtractor" (wlnet/net/coders/feature.py): with a given
FeatureExtractorFunction, and learnt by NetTrain; on a net, through Export/Import."""

import numpy as np
import pytest

from wlnet.core.expr import to_python
from wlnet.core.session import Session


@pytest.fixture
def session():
    return Session(echo=False)


def value(session, text):
    got = session.evaluate(text)
    assert session.messages == [], session.messages
    return to_python(got)


def test_encoder_applies_the_extractor(session):
    session.evaluate("fe = FeatureExtraction[{{1., 2.}, {3., 6.}}]")
    session.evaluate('enc = NetEncoder[{"FeatureExtractor", fe}]')
    assert np.allclose(value(session, "enc[{1., 2.}]"), value(session, "fe[{1., 2.}]"))
    assert np.array(value(session, "enc[{{1., 2.}, {3., 6.}}]")).shape == (2, 2)   # a batch
    assert value(session, 'enc[["FeatureExtractor"]] === fe') is True


@pytest.mark.parametrize("text, tag", [
    ('NetEncoder[{"FeatureExtractor", 3}]', "NetEncoder::invenc"),
    ('NetEncoder[{"FeatureExtractor", "Clustering"}]', "NetEncoder::invenc"),
    ('NetEncoder[{"FeatureExtractor", FeatureExtraction[{1., 2.}]}]["x"]', "NetEncoder::encfail"),
    ('NetEncoder["FeatureExtractor"][1]', "NetEncoder::encfail"),      # not learnt yet
])
def test_messages(session, text, tag):
    session.evaluate(text)
    assert session.messages and session.messages[0].startswith(tag), session.messages
    assert len(session.messages) == 1


def test_given_extractor_trains_and_survives_export(session, tmp_path):
    session.evaluate('fe = FeatureExtraction[{{1., 2., 3.}, {4., 5., 6.}, {7., 9., 9.}}]')
    session.evaluate('net = NetChain[{LinearLayer[2], SoftmaxLayer[]}, '
                     '"Input" -> NetEncoder[{"FeatureExtractor", fe}], '
                     '"Output" -> NetDecoder[{"Class", {"a", "b"}}]]')
    session.evaluate('tr = NetTrain[net, {{1., 2., 3.} -> "a", {7., 9., 9.} -> "b"}, '
                     'MaxTrainingRounds -> 200, LearningRate -> 0.05, '
                     'TrainingProgressReporting -> None]')
    assert value(session, "tr[{{1., 2., 3.}, {7., 9., 9.}}]") == ["a", "b"]
    session.evaluate(f'Export["{tmp_path}/fe.wlnet", tr]')
    fresh = Session(echo=False)
    assert value(fresh, f'Import["{tmp_path}/fe.wlnet"][{{{{1., 2., 3.}}, {{7., 9., 9.}}}}]') \
        == ["a", "b"]


@pytest.mark.parametrize("encoder, data, test, want", [
    ('NetEncoder["FeatureExtractor"]',
     '{"red" -> "a", "blue" -> "b", "green" -> "a", "black" -> "b"}', '{"red", "black"}',
     ["a", "b"]),
    ('NetEncoder[{"FeatureExtractor", "TFIDF"}]',
     '{"the cat sat" -> "a", "a dog barked" -> "a", "the car drove" -> "b", '
     '"a truck honked" -> "b"}', '{"cat sat", "truck honked"}', ["a", "b"]),
])
def test_netrain_learns_the_extractor_from_the_inputs(session, encoder, data, test, want):
    session.evaluate(f'net = NetChain[{{LinearLayer[2], SoftmaxLayer[]}}, "Input" -> {encoder}, '
                     '"Output" -> NetDecoder[{"Class", {"a", "b"}}]]')
    session.evaluate(f"tr = NetTrain[net, {data}, MaxTrainingRounds -> 300, "
                     "LearningRate -> 0.05, TrainingProgressReporting -> None]")
    assert session.messages == [], session.messages
    assert value(session, f"tr[{test}]") == want
    assert value(session, 'Head[NetExtract[tr, "Input"][["FeatureExtractor"]]] === '
                          'FeatureExtractorFunction') is True
