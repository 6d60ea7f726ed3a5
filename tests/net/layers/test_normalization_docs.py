"""The examples of the reference pages of NormalizationLayer, LayerNormalizationLayer and
InstanceNormalizationLayer: levels of aggregation and scaling, methods, groups, sequences,
and the messages."""

import pytest

from wlnet.core.session import Session

from _docs import message_tags, shown


@pytest.fixture(scope="module")
def session():
    return Session()


@pytest.mark.parametrize("text, want", [
    ('NetInitialize[NormalizationLayer["Input" -> {2, 3}]][{{1, 2, 3}, {4, 5, 7}}]',
     "{{-1.22383, 0., 1.22383}, {-1.0687, -0.267175, 1.33588}}"),
    ('NetInitialize[NormalizationLayer[1, "Input" -> {2, 3}]][{{1, 2, 3}, {4, 5, 7}}]',
     "{{-0.999778, -0.999778, -0.999875}, {0.999778, 0.999778, 0.999875}}"),
    ('NetInitialize[NormalizationLayer[1 ;; 2, "Input" -> {2, 3}]][{{1, 2, 3}, {4, 5, 7}}]',
     "{{-1.35207, -0.845046, -0.338018}, {0.169009, 0.676036, 1.69009}}"),
    ('NetInitialize[NormalizationLayer["Input" -> {2, 3}, Method -> "RMS"]]'
     '[{{1, 2, 3}, {4, 5, 7}}]',
     "{{0.46286, 0.925721, 1.38858}, {0.730285, 0.912856, 1.278}}"),
    ('NetInitialize[NormalizationLayer[-1, -1, "Input" -> {"Varying", 3}]]'
     '[{{1, 2, 3}, {4, 5, 7}}]', "{{-1.22383, 0., 1.22383}, {-1.0687, -0.267175, 1.33588}}"),
    ('Normal[NetExtract[NetInitialize[NormalizationLayer["Input" -> {2, 3}]], "Scaling"]]',
     "{1., 1.}"),
    ('Normal[NetExtract[NetInitialize[NormalizationLayer[2, "Same", "Input" -> {2, 3}]], '
     '"Scaling"]]', "{1., 1., 1.}"),
    ('NetInitialize[LayerNormalizationLayer["Input" -> 3]][{1, 2, 3}]',
     "{-1.22383, 0., 1.22383}"),
    ('NetInitialize[LayerNormalizationLayer["Input" -> {"Varying", 3}]][{{1, 2, 3}, {4, 5, 7}}]',
     "{{-1.22383, 0., 1.22383}, {-1.0687, -0.267175, 1.33588}}"),
    ('NetInitialize[InstanceNormalizationLayer["Input" -> {2, 2, 2}]]'
     '[{{{1, 2}, {3, 4}}, {{1, 1}, {1, 1}}}]',
     "{{{-1.3411, -0.447035}, {0.447035, 1.3411}}, {{0., 0.}, {0., 0.}}}"),
])
def test_examples(session, text, want):
    assert shown(session, text) == want


def test_layer_normalization_summary(session):
    text = shown(session, 'LayerNormalizationLayer["Epsilon" -> 0.1, "Input" -> {2, 3}]')
    assert "Epsilon            0.1" in text and "Scaling                   3" in text


@pytest.mark.parametrize("text, tag", [
    ('NormalizationLayer[All, Automatic, "Input" -> {2, 3}]', "NormalizationLayer::invlevel"),
    ('NormalizationLayer["Input" -> {"Varying", 3}]', "NormalizationLayer::nodyn"),
    ('NetInitialize[LayerNormalizationLayer["Input" -> {"Varying", 3}]][{{1, 2, 3}}, 5]',
     "LayerNormalizationLayer::invoutspec"),
])
def test_messages(session, text, tag):
    assert tag in message_tags(session, text)
