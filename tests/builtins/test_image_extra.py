"""Binarize (fixed thresholds, ranges, Otsu's threshold on a two-level image, colour
images through their luminance, the messages), ImagePyramid and the Mean of images."""

import numpy as np
import pytest

from tests.builtins._support import Runner, check_example, declared_examples
from wlnet.builtins.image_extra import otsu_threshold
from wlnet.core.image import Image


def _data(r, text):
    img = r.run(text)
    assert type(img) is Image and not r.messages, r.messages
    data = img.reals()
    return data[..., 0] if data.ndim == 3 else data


def test_thresholds_and_ranges():
    r = Runner()
    np.testing.assert_array_equal(_data(r, "Binarize[Image[{{0.1, 0.9}, {0.4, 0.6}}], 0.5]"), [[0, 1], [0, 1]])
    np.testing.assert_array_equal(_data(r, "Binarize[Image[{{0.1, 0.9}, {0.4, 0.6}}], {0.3, 0.7}]"),
                                  [[0, 0], [1, 1]])


def test_otsu_separates_two_populations():
    rng = np.random.default_rng(0)
    grey = np.concatenate([rng.normal(0.2, 0.03, 500), rng.normal(0.7, 0.03, 500)])
    t = otsu_threshold(grey)
    assert 0.3 < t < 0.6
    r = Runner()
    r.run("SeedRandom[2]; img = Image[Join[RandomReal[{0, 0.2}, {3, 4}], RandomReal[{0.8, 1}, {3, 4}]]]")
    np.testing.assert_array_equal(_data(r, "Binarize[img]"), [[0] * 4] * 3 + [[1] * 4] * 3)


def test_colour_images_use_luminance():
    r = Runner()
    data = _data(r, 'Binarize[Image[{{{1, 1, 1}, {0, 0, 0}}}, ColorSpace -> "RGB"], 0.5]')
    np.testing.assert_array_equal(data, [[1, 0]])


@pytest.mark.parametrize("method, expected", [
    ('"Mean"', [[0, 0, 0, 1]]),                     # the mean 0.375
    ('"Median"', [[0, 0, 1, 1]]),                   # the median 0.25
    ('{"BlackFraction", 0.75}', [[0, 0, 0, 1]]),
    ('"Cluster"', [[0, 0, 0, 1]]),
])
def test_method_finds_the_threshold_as_find_threshold_does(method, expected):
    r = Runner()
    r.run("m = Image[{{0.1, 0.2, 0.3, 0.9}}]")
    np.testing.assert_array_equal(_data(r, f"Binarize[m, Method -> {method}]"), expected)
    # an explicit threshold wins over the method
    np.testing.assert_array_equal(_data(r, f"Binarize[m, 0.15, Method -> {method}]"),
                                  [[0, 1, 1, 1]])


@pytest.mark.parametrize("text, tag", [("Binarize[3]", "Binarize::imginv"),
                                       ("Binarize[Image[{{0.1}}], x]", "Binarize::thr"),
                                       ('Binarize[Image[{{0.1}}], Method -> "Foo"]',
                                        "Binarize::method")])
def test_messages(text, tag):
    r = Runner()
    r.run(text)
    assert r.messages and r.messages[0].startswith(tag)


@pytest.mark.parametrize("name,text,expected", declared_examples("image_extra"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_image_pyramid_levels_and_parts():
    r = Runner()
    r.run("p = ImagePyramid[Image[RandomReal[1, {16, 12, 3}]]]")
    assert not r.messages
    dims = r.run("ImageDimensions /@ p[\"Images\"]")
    assert [tuple(d.value for d in x.args) for x in dims.args] == [(12, 16), (6, 8), (3, 4)]
    two = r.run("p[1 ;; 2]")
    assert len(two.args) == 2 and all(type(x) is Image for x in two.args)
    assert r.run("ImageDimensions[p[-1]]").args[0].value == 3
    r.run("ImagePyramid[{1, 2}]")
    assert r.messages and r.messages[-1].startswith("ImagePyramid::imginv")


def test_mean_of_images_is_the_pixelwise_mean():
    r = Runner()
    img = r.run("Mean[{Image[{{0., 1.}}], Image[{{1., 1.}}]}]")
    assert type(img) is Image
    np.testing.assert_allclose(img.reals()[..., 0], [[0.5, 1.0]])
    # images of different sizes are not averaged
    assert r.run("Head[Mean[{Image[{{0., 1.}}], Image[{{1.}}]}]]").name != "Image"


def test_find_threshold_is_binarizes_level():
    r = Runner()
    r.run("SeedRandom[2]; img = Image[Join[RandomReal[{0, 0.2}, {3, 4}], RandomReal[{0.8, 1}, {3, 4}]]]")
    t = r.run("FindThreshold[img]").value
    assert 0.2 <= t <= 0.8
    assert r.run("ImageData[Binarize[img, FindThreshold[img]]] == ImageData[Binarize[img]]") \
        .name == "True"
    assert abs(r.run('FindThreshold[Image[{{0.1, 0.2, 0.8, 0.9}}], Method -> "Median"]').value
               - 0.5) < 1e-6
    assert abs(r.run('FindThreshold[Image[{{0.1, 0.2, 0.8, 0.9}}], '
                     'Method -> {"BlackFraction", 0.25}]').value - 0.175) < 1e-6
    r.run('FindThreshold[img, Method -> "Foo"]')
    assert any("FindThreshold::method" in m for m in r.messages)


def test_morphological_binarize_grows_from_the_strong_pixels():
    r = Runner()
    # the 0.5 joined to 0.9 is kept, the lone one is not
    np.testing.assert_array_equal(
        _data(r, "MorphologicalBinarize[Image[{{0.9, 0.5, 0.1, 0.5}}], {0.4, 0.8}]"),
        [[1, 1, 0, 0]])
    np.testing.assert_array_equal(
        _data(r, "MorphologicalBinarize[Image[{{0.9, 0.1}, {0.1, 0.5}}], {0.4, 0.8}]"),
        [[1, 0], [0, 1]])                                    # diagonal neighbours join
    np.testing.assert_array_equal(
        _data(r, "MorphologicalBinarize[Image[{{0.9, 0.1}, {0.1, 0.5}}], {0.4, 0.8}, "
                 "CornerNeighbors -> False]"), [[1, 0], [0, 0]])
    r.run("MorphologicalBinarize[Image[{{0.1}}], {0.8, 0.4}]")
    assert any("MorphologicalBinarize::thr" in m for m in r.messages)


def test_thinning_leaves_connected_lines_one_pixel_wide():
    r = Runner()
    r.run("cross = Image[Table[If[Abs[i - 10] <= 2 || Abs[j - 12] <= 2, 1, 0], {i, 21}, {j, 25}]]")
    thin = _data(r, "Thinning[cross]").astype(bool)
    from scipy import ndimage
    assert ndimage.label(thin, np.ones((3, 3)))[1] == 1                 # still one piece
    assert thin.sum() < 0.25 * _data(r, "cross").sum()
    # no 2 x 2 block of foreground is left (one pixel wide)
    assert not (thin[:-1, :-1] & thin[1:, :-1] & thin[:-1, 1:] & thin[1:, 1:]).any()
    one = _data(r, "Thinning[cross, 1]").sum()
    assert thin.sum() < one < _data(r, "cross").sum()                   # n steps: partway
    r.run("Thinning[cross, 0]")
    assert any("Thinning::steps" in m for m in r.messages)


def test_skeleton_transform_is_the_distance_on_the_skeleton():
    r = Runner()
    skeleton = _data(r, "SkeletonTransform[Image[ConstantArray[1, {5, 9}]]]")
    thin = _data(r, "Thinning[Image[ConstantArray[1, {5, 9}]]]")
    np.testing.assert_array_equal(skeleton > 0, thin > 0)        # only on the skeleton
    assert skeleton.max() == 3.0                                 # the middle row: 3 to the edge


@pytest.mark.parametrize("method", ['"Entropy"', '"MinimumError"', '"Moments"'])
def test_find_threshold_methods_separate_two_populations(method):
    from wlnet.core.session import Session
    rng = np.random.default_rng(0)
    levels = np.clip(np.concatenate([rng.normal(0.25, 0.05, 600), rng.normal(0.75, 0.05, 200)]),
                     0, 1)
    text = "{" + ", ".join(repr(float(v)) for v in levels) + "}"
    s = Session(echo=False)
    t = s.evaluate(f"FindThreshold[Image[{{{text}}}], Method -> {method}]").value
    assert 0.3 < t < 0.65, (method, t)
    # Binarize at it splits the populations as they were drawn (some tail pixels aside:
    # Kapur's and Tsai's thresholds sit near the larger population's edge)
    assert abs(int((levels > t).sum()) - 200) < 50
