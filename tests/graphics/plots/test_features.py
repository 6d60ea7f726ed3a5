"""FeatureSpacePlot: examples reduced to the plane and drawn as points."""

import numpy as np

from tests.graphics.conftest import png_pixels
from tests.graphics.plots.test_lists import points_of
from wlnet.syntax.printer import input_form


def test_classes_are_coloured_sets_with_a_legend(session):
    session.evaluate("SeedRandom[3]; a = RandomReal[{0, 1}, {15, 4}]; "
                     "b = RandomReal[{3, 4}, {15, 4}]")
    g = session.evaluate('FeatureSpacePlot[<|"a" -> a, "b" -> b|>]')
    assert not session.messages and g.head.name == "Legended"
    first, second = points_of(g)
    assert first.shape == (15, 2) and second.shape == (15, 2)
    spread = max(np.linalg.norm(first - first.mean(0), axis=1).max(),
                 np.linalg.norm(second - second.mean(0), axis=1).max())
    assert np.linalg.norm(first.mean(0) - second.mean(0)) > 2 * spread    # apart
    assert '"a", "b"' in input_form(g.args[1])
    again = session.evaluate('FeatureSpacePlot[<|"a" -> a, "b" -> b|>]')
    assert np.array_equal(points_of(again)[0], first)                       # seeded


def test_pca_of_few_examples_and_labels_ignored(session):
    g = session.evaluate('FeatureSpacePlot[{{0, 0, 0} -> "o", {1, 1, 1} -> "a", '
                         '{3, 3, 3} -> "b"}, Method -> "PCA"]')
    (pts,) = points_of(g)
    assert np.allclose(pts[:, 1], 0) and np.allclose(np.diff(pts[:, 0]),
                                                     [np.sqrt(3), 2 * np.sqrt(3)])
    assert not session.messages


def test_messages_and_drawing(session, export):
    session.evaluate("FeatureSpacePlot[x]")
    assert session.messages[-1].startswith("FeatureSpacePlot::data")
    session.evaluate('FeatureSpacePlot[{{1, 2}, {2, 3}}, Method -> "X"]')
    assert session.messages[-1].startswith("FeatureSpacePlot::mthd")
    path, messages = export('FeatureSpacePlot[{"cat", "cats", "dog"}, ImageSize -> 220]')
    assert not messages and png_pixels(path).shape[1] == 220
