"""GeodesicDilation, GeodesicErosion, HitMissTransform, Pruning, LocalAdaptiveBinarize
(wlnet.builtins.binary_morphology)."""

import pytest

from wlnet.core.session import Session
from wlnet.syntax.printer import output_form
from tests.builtins._support import check_example, declared_examples


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


@pytest.mark.parametrize("name, text, expected", declared_examples("binary_morphology"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text, expected", [
    # reconstruction: the mask's components that the marker touches
    ("GeodesicDilation[{{0, 0, 0, 0, 1}}, {{1, 1, 0, 1, 1}}]", "{{0., 0., 0., 1., 1.}}"),
    ("GeodesicDilation[{{0, 0, 0}, {0, 0, 0}, {0, 0, 1}}, {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}]",
     "{{1., 0., 0.}, {0., 1., 0.}, {0., 0., 1.}}"),                 # diagonal neighbours
    ("GeodesicErosion[{{1, 1, 1, 0}}, {{0, 1, 0, 0}}]", "{{1., 1., 0., 0.}}"),
    ("GeodesicErosion[{{1, 1, 1, 1}}, {{0, 1, 1, 0}}]", "{{1., 1., 1., 1.}}"),   # nothing lower
    ("ImageType[GeodesicDilation[Image[{{1, 0}}], Image[{{1, 1}}]]]", "Real32"),
    # a corner detector: foreground to the right and below, background above and left
    ("HitMissTransform[{{0, 0, 0}, {0, 1, 1}, {0, 1, 1}}, {{0, -1, 0}, {-1, 1, 1}, {0, 1, 0}}]",
     "{{0, 0, 0}, {0, 1, 0}, {0, 0, 0}}"),
    ("HitMissTransform[{{1, 1, 1}}, {{{1, 1, 0}}, {{0, 1, 1}}}]", "{{1, 1, 1}}"),
    ("Pruning[{{1, 1, 1, 1, 1}, {0, 0, 1, 0, 0}, {0, 0, 1, 0, 0}}, 1]",
     "{{0, 1, 1, 1, 0}, {0, 0, 1, 0, 0}, {0, 0, 0, 0, 0}}"),
    ("Pruning[{{1, 1, 1, 1, 1}}, 0]", "{{1, 1, 1, 1, 1}}"),
    ("Pruning[{{1, 1, 1}, {1, 0, 1}, {1, 1, 1}}, All]",             # a ring has no ends
     "{{1, 1, 1}, {1, 0, 1}, {1, 1, 1}}"),
    ("ImageData[LocalAdaptiveBinarize[Image[{{0.1, 0.5, 0.1}}], 1, {1, 0, 0.3}]]", "{{0, 0, 0}}"),
])
def test_morphology(session, text, expected):
    assert output_form(session.evaluate(text)) == expected


@pytest.mark.parametrize("text, tag", [
    ("GeodesicDilation[{{1}}, {{1, 1}}]", "GeodesicDilation::imgdim"),
    ("GeodesicErosion[x, {{1}}]", "GeodesicErosion::imginv"),
    ("HitMissTransform[{{1}}, {{2}}]", "HitMissTransform::ker"),
    ("Pruning[{{1}}, -1]", "Pruning::steps"),
    ("LocalAdaptiveBinarize[Image[{{0.5}}], 1.5]", "LocalAdaptiveBinarize::rad"),
    ("LocalAdaptiveBinarize[Image[{{0.5}}], 1, {1, 2}]", "LocalAdaptiveBinarize::coef"),
])
def test_bad_input_is_a_message_and_stays_unevaluated(session, text, tag):
    session.messages.clear()
    out = output_form(session.evaluate(text))
    assert any(tag in m for m in session.messages), session.messages
    assert out.startswith(text.split("[")[0] + "["), out
