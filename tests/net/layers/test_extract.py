"""ExtractLayer (the reference page's examples): Extract[input, position] with positions of
any depth and count, negative positions, "Integer" positions, shapes from the ports,
sequences, the gradient added at the positions taken, and the Possible Issues messages."""

import numpy as np
import pytest

from wlnet.core.session import Session
from wlnet.net.execute import Executor
from wlnet.net.values import Batch

from _docs import message_tags, shown
from _gradcheck import check_gradients
from _layerutil import build


@pytest.fixture(scope="module")
def session():
    return Session()


@pytest.mark.parametrize("data, position", [
    ("{10, 20, 30}", "{2}"),
    ("{10, 20, 30}", "{{2}, {3}, {-1}}"),
    ("{{1, 2}, {3, 4}}", "{{2, 1}, {-1, -1}}"),
    ("{{1, 2}, {3, 4}}", "{2}"),
])
def test_same_as_extract(session, data, position):
    assert shown(session, f'ExtractLayer[][<|"Input" -> {data}, "Position" -> {position}|>] '
                          f'== Extract[{data}, {position}]') == "True"


@pytest.mark.parametrize("text, want", [
    ('ExtractLayer["Position" -> "Integer"][<|"Input" -> {{1, 2}, {3, 4}}, "Position" -> 2|>]',
     "{3., 4.}"),
    ('NetExtract[ExtractLayer["Input" -> {5, 4, 3}, "Position" -> {6, 2}], "Output"]', "{6, 3}"),
    ('NetExtract[ExtractLayer["Input" -> {5, 4, 3}, "Position" -> {6, 3}], "Output"]', "6"),
    # positions {m1, …, mp, s} give {m1, …, mp, n(s+1), …}
    ('ExtractLayer[][<|"Input" -> {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}}, '
     '"Position" -> {{{1, 2}, {2, 1}}, {{2, 2}, {1, 1}}}|>]',
     "{{{3., 4.}, {5., 6.}}, {{7., 8.}, {1., 2.}}}"),
    # positions within each sequence's own length; a varying list of positions
    ('ExtractLayer["Input" -> {"Varying", 2}, "Position" -> {1}][<|"Input" -> '
     '{{{1, 2}, {3, 4}}, {{5, 6}}}, "Position" -> {{-1}, {-1}}|>]', "{{3., 4.}, {5., 6.}}"),
    ('ExtractLayer["Input" -> {4}, "Position" -> {"Varying", 1}][<|"Input" -> '
     '{{1, 2, 3, 4}, {5, 6, 7, 8}}, "Position" -> {{{1}, {4}}, {{2}}}|>]', "{{1., 4.}, {6.}}"),
])
def test_examples(session, text, want):
    assert shown(session, text) == want


def test_gradient_adds_at_the_positions(session):
    net = build(session, 'ExtractLayer["Input" -> {3, 2}, "Position" -> {4, 1}]')
    x = np.random.default_rng(0).normal(size=(2, 3, 2))
    positions = np.array([[[1], [3], [1], [-1]], [[2], [2], [2], [1]]], np.int64)
    grads = check_gradients(Executor.for_net(net, "Real64"), {},
                            {"Input": Batch(x, None), "Position": Batch(positions, None)})
    assert "Position" not in grads.inputs or not np.any(grads.inputs["Position"])


@pytest.mark.parametrize("text, tag", [
    ('ExtractLayer["Input" -> {5, 4}, "Position" -> {6, 3}]', "ExtractLayer::extdepth"),
    ('ExtractLayer[][<|"Input" -> {10, 20, 30}, "Position" -> {4}|>]', "ExtractLayer::extpart"),
    ('ExtractLayer[][<|"Input" -> {10, 20, 30}, "Position" -> {0}|>]', "ExtractLayer::extpart"),
    ('ExtractLayer[][<|"Input" -> {10, 20, 30}, "Position" -> {1.5}|>]', "ExtractLayer::extint"),
])
def test_possible_issues(session, text, tag):
    assert tag in message_tags(session, text)
