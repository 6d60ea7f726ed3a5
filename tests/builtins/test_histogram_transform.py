"""HistogramTransform (wlnet.builtins.histogram_transform)."""

import numpy as np
import pytest

from wlnet.builtins.histogram_transform import matched
from wlnet.core.expr import to_python
from wlnet.core.session import Session
from wlnet.syntax.printer import output_form
from tests.builtins._support import check_example, declared_examples


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


@pytest.mark.parametrize("name, text, expected", declared_examples("histogram_transform"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_equalisation_flattens_the_histogram(session):
    session.evaluate("SeedRandom[1]; dark = Image[RandomReal[{0, 0.3}, {40, 50}]];")
    values = np.array(to_python(session.evaluate("Flatten[ImageData[HistogramTransform[dark]]]")))
    counts = np.histogram(values, bins=10, range=(0, 1))[0]
    assert counts.min() > 0.8 * counts.mean() and counts.max() < 1.2 * counts.mean()


@pytest.mark.parametrize("text, expected", [
    # matched to another image's values, rank for rank
    ("ImageData[HistogramTransform[Image[{{0.1, 0.12, 0.14, 0.9}}], "
     "Image[{{0.5, 0.6, 0.7, 0.8}}]]]", "{{0.5375, 0.6125, 0.6875, 0.7625}}"),
    ("ImageData[HistogramTransform[Image[{{0.1, 0.12, 0.14, 0.9}}], {0, 10}]]",
     "{{1.25, 3.75, 6.25, 8.75}}"),
    # ties keep one value
    ("ImageData[HistogramTransform[Image[{{0.1, 0.1, 0.5}}]]]",
     "{{0.333333, 0.333333, 0.833333}}"),
    ("Options[HistogramTransform[Image[{{0.1}}, ImageSize -> 4]], ImageSize]",
     "{ImageSize -> 4}"),
])
def test_matching(session, text, expected):
    assert output_form(session.evaluate(text)) == expected


def test_a_distribution_through_its_inverse_cdf(session):
    values = to_python(session.evaluate("First[ImageData[HistogramTransform["
                                        "Image[{{0.1, 0.12, 0.14, 0.9}}], "
                                        "UniformDistribution[{0, 2}]]]]"))
    np.testing.assert_allclose(values, [0.25, 0.75, 1.25, 1.75], atol=0.01)


def test_matched_keeps_the_order():
    values = np.array([[3.0, 1.0, 2.0]])
    assert matched(values, np.array([10.0, 20.0, 30.0])).argsort().tolist() == [[1, 2, 0]]


@pytest.mark.parametrize("text, tag", [
    ("HistogramTransform[3]", "imginv"),
    ("HistogramTransform[Image[{{0.1}}], x]", "ref"),
])
def test_bad_input_is_a_message_and_stays_unevaluated(session, text, tag):
    session.messages.clear()
    out = output_form(session.evaluate(text))
    assert any(f"HistogramTransform::{tag}" in m for m in session.messages), session.messages
    assert out.startswith("HistogramTransform["), out
