"""SpatialTransformationLayer (the reference page's examples): the identity, zoom and
translation parameters on a 3×3 input, images through encoder and decoder, gradients of
the input and of the parameters, and the messages."""

import numpy as np
import pytest

from wlnet.core.session import Session
from wlnet.net.execute import Executor
from wlnet.net.values import Batch

from _docs import message_tags, shown
from _gradcheck import check_gradients
from _layerutil import build

NINE = "{{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}}"


@pytest.fixture(scope="module")
def session():
    return Session()


@pytest.mark.parametrize("size, parameters, want", [
    ("{3, 3}", "{1, 0, 0, 0, 1, 0}", "{{{1., 2., 3.}, {4., 5., 6.}, {7., 8., 9.}}}"),  # identity
    ("{2, 2}", "{1, 0, 0, 0, 1, 0}", "{{{1., 3.}, {7., 9.}}}"),                       # corners
    ("{2, 2}", "{0.5, 0, 0, 0, 0.5, 0}", "{{{3., 4.}, {6., 7.}}}"),                   # zoom 2
    ("{3, 3}", "{1, 0, 1, 0, 1, 0}", "{{{2., 3., 0.}, {5., 6., 0.}, {8., 9., 0.}}}"), # shifted
    ("{3, 3}", "{1, 0, 0, 0, -1, 0}", "{{{7., 8., 9.}, {4., 5., 6.}, {1., 2., 3.}}}"), # flipped
])
def test_transformations(session, size, parameters, want):
    assert shown(session, f'SpatialTransformationLayer[{size}, "Input" -> {{1, 3, 3}}]'
                          f'[<|"Input" -> {NINE}, "Parameters" -> {parameters}|>]') == want


def test_images(session):
    text = shown(session, 'SpatialTransformationLayer[{50, 40}, "Input" -> NetEncoder[{"Image", '
                          '{60, 60}}], "Output" -> NetDecoder["Image"]]')
    assert "a length-6 vector of real numbers" in text
    assert shown(session, 'ImageDimensions[SpatialTransformationLayer[{50, 40}, "Input" -> '
                          'NetEncoder[{"Image", {60, 60}}], "Output" -> NetDecoder["Image"]][<|"Input" '
                          '-> Image[RandomReal[1, {60, 60, 3}]], "Parameters" -> {0.5, 0, 0, 0, 0.5, 0}|>]]') \
        == "{40, 50}"


def test_gradients(session):
    net = build(session, 'SpatialTransformationLayer[{3, 4}, "Input" -> {2, 4, 5}]')
    rng = np.random.default_rng(4)
    x = rng.normal(size=(3, 2, 4, 5))
    theta = np.array([[0.8, 0.1, 0.05, -0.1, 0.7, 0.02], [1.1, 0, 0.3, 0, 0.9, -0.2],
                      [0.5, 0.2, -0.1, 0.1, 0.6, 0.1]])
    check_gradients(Executor.for_net(net, "Real64"), {},
                    {"Input": Batch(x, None), "Parameters": Batch(theta, None)})


@pytest.mark.parametrize("text, tag", [
    ("SpatialTransformationLayer[{0, 3}]", "SpatialTransformationLayer::invsize2"),
    ('SpatialTransformationLayer[{2, 2}][<|"Input" -> {{{1, 2}, {3, 4}}}, '
     '"Parameters" -> {1, 0, 0, 0, 1}|>]', "SpatialTransformationLayer::invindata1"),
])
def test_messages(session, text, tag):
    assert tag in message_tags(session, text)
