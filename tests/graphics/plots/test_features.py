"""FeatureSpacePlot: examples reduced to the plane and drawn as points."""

import numpy as np

from tests.graphics.conftest import png_pixels
from tests.graphics.plots.test_lists import points_of


def test_separated_groups_stay_apart_and_the_picture_is_repeatable(session):
    session.evaluate("SeedRandom[3]; a = RandomReal[{0, 1}, {15, 4}]; "
                     "b = RandomReal[{3, 4}, {15, 4}]")
    g = session.evaluate("FeatureSpacePlot[Join[a, b]]")
    assert not session.messages and g.head.name == "Graphics"
    (pts,) = points_of(g)
    first, second = pts[:15], pts[15:]
    spread = max(np.linalg.norm(first - first.mean(0), axis=1).max(),
                 np.linalg.norm(second - second.mean(0), axis=1).max())
    assert np.linalg.norm(first.mean(0) - second.mean(0)) > 2 * spread    # apart
    again = session.evaluate("FeatureSpacePlot[Join[a, b]]")
    assert np.array_equal(points_of(again)[0], pts)                        # seeded


def test_markers_and_wrappers_are_not_drawn(session):
    forms = ['<|"p" -> {0, 0}, "q" -> {1, 2}, "r" -> {5, 5}|>',
             '{{0, 0} -> "p", {1, 2} -> "q", {5, 5} -> "r"}',
             '{{0, 0}, {1, 2}, {5, 5}} -> {"p", "q", "r"}',
             '{Tooltip[{0, 0}, "p"], Labeled[{1, 2}, "q"], {5, 5}}']
    pictures = [points_of(session.evaluate(f"FeatureSpacePlot[{f}]"))[0] for f in forms]
    assert not session.messages
    for p in pictures[1:]:
        assert np.allclose(p, pictures[0])


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


def test_every_dimension_reduction_method(session):
    """FeatureSpacePlot takes DimensionReduce's methods; for points on a line every one
    keeps their order along it."""
    data = "Table[{t, 2 t, 1 + t}, {t, 0, 3, 0.25}]"
    for method in ("PCA", "LatentSemanticAnalysis", "MultidimensionalScaling", "Isomap",
                   "LLE", "Autoencoder"):
        g = session.evaluate(f'FeatureSpacePlot[{data}, Method -> "{method}"]')
        assert not session.messages, method
        (pts,) = points_of(g)
        assert pts.shape == (13, 2), method
        main = pts[:, np.argmax(pts.std(axis=0))]
        steps = np.diff(main)
        assert (steps > 0).all() or (steps < 0).all(), method


def test_images_are_drawn_as_thumbnails(session):
    g = session.evaluate('FeatureSpacePlot[Table[Image[ConstantArray[c, {4, 4}]], '
                         '{c, {0., 0.1, 0.2, 0.8, 0.9, 1.}}], Method -> "PCA"]')
    insets = [p for p in g.args[0].args if p.head.name == "Inset"]
    assert len(insets) == 6 and all(type(i.args[0]).__name__ == "Image" for i in insets)
