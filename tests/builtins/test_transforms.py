"""Transformation functions and ImageTransformation (wlnet.builtins.transforms)."""

import numpy as np
import pytest

from wlnet.core.expr import to_python
from wlnet.core.session import Session
from wlnet.syntax.printer import output_form
from tests.builtins._support import check_example, declared_examples


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


@pytest.mark.parametrize("name, text, expected", declared_examples("transforms"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text, expected", [
    ("RotationTransform[Pi/2]", "TransformationFunction[{{0, -1, 0}, {1, 0, 0}, {0, 0, 1}}]"),
    ("RotationTransform[a][{x, y}]", "{x Cos[a] - y Sin[a], y Cos[a] + x Sin[a]}"),
    ("RotationTransform[Pi/2, {1, 1}][{2, 1}]", "{1, 2}"),
    ("RotationTransform[Pi/2, {0, 0, 1}][{1, 0, 0}]", "{0, 1, 0}"),
    ("RotationTransform[Pi, {1, 0, 0}, {0, 1, 0}][{0, 0, 1}]", "{0, 2, -1}"),
    ("ScalingTransform[{2, 3}, {1, 1}][{2, 2}]", "{3, 4}"),
    ("AffineTransform[{{2, 0}, {0, 1}}][{1, 1}]", "{2, 1}"),
    ("TransformationMatrix[ScalingTransform[{2, 3}]]", "{{2, 0, 0}, {0, 3, 0}, {0, 0, 1}}"),
    ("InverseFunction[RotationTransform[Pi/2]][{0, 1}]", "{1, 0}"),
    ("Composition[TranslationTransform[{1, 0}], RotationTransform[Pi/2]][{1, 0}]", "{1, 1}"),
    ("TransformationFunction[{{1, 0, 0}, {0, 1, 0}, {0, 0, 2}}][{2, 4}]", "{1, 2}"),
    ("RotationTransform[0.5][{1., 0.}]", "{0.877583, 0.479426}"),
    ("InverseFunction[Sin]", "InverseFunction[Sin]"),
])
def test_transformation_functions(session, text, expected):
    session.messages.clear()
    assert output_form(session.evaluate(text)) == expected
    assert not session.messages, session.messages


def data(session, text):
    session.messages.clear()
    got = session.evaluate(f"ImageData[{text}]")
    assert not session.messages, session.messages
    return np.asarray(to_python(got), dtype=float)


def test_image_transformation(session):
    session.evaluate("img = Image[Table[If[j < 3, 1., 0.], {4}, {j, 6}]]")   # 2 white columns
    shifted = [[0, 1, 1, 0, 0, 0]] * 4
    # standard coordinates: x from 0 to 1 (a pixel is 1/6), y up to the aspect ratio
    assert np.allclose(data(session, "ImageTransformation[img, TranslationTransform[{-1/6, 0}]]"),
                       shifted)
    assert np.allclose(data(session, "ImageTransformation[img, TranslationTransform[{-1, 0}], "
                                     "DataRange -> Full]"), shifted)
    # a function of a position, applied to all positions at once or one by one
    assert np.allclose(data(session, "ImageTransformation[img, {#[[1]] - 1/6, #[[2]]} &]"),
                       shifted)
    assert np.allclose(data(session, "ImageTransformation[img, If[True, {#[[1]] - 1/6, "
                                     "#[[2]]}, #] &]"), shifted)
    # outside the image: Padding (0 by default), or the edge repeated
    assert np.allclose(data(session, "ImageTransformation[img, TranslationTransform[{1/6, 0}], "
                                     "Padding -> 0.5]")[:, -1], 0.5)
    assert np.allclose(data(session, "ImageTransformation[img, TranslationTransform[{-1/6, 0}], "
                                     'Padding -> "Fixed"]')[:, 0], 1.0)
    # the identity keeps the image; a size
    assert np.allclose(data(session, "ImageTransformation[img, RotationTransform[0]]"),
                       data(session, "img"))
    assert data(session, "ImageTransformation[img, RotationTransform[0.2], {12, 8}]").shape \
        == (8, 12)


@pytest.mark.parametrize("aspect", ["{4, 5}", "{3, 7}", "{5, 3}", "{6, 6}"])
def test_the_identity_keeps_every_edge_row_and_column(session, aspect):
    # pixel centres computed in the aspect-ratio coordinates land a rounding error off
    # the edge: they read the edge pixel, not the padding
    session.evaluate(f"m = Image[Array[#1 + 10 #2 &, {aspect}] / 100.]")
    want = data(session, "m")
    assert np.allclose(data(session, "ImageTransformation[m, # &]"), want, atol=1e-6)
    assert np.allclose(data(session, "ImageTransformation[m, {1 - #[[1]], #[[2]]} &]"),
                       want[:, ::-1], atol=1e-6)
    assert np.allclose(data(session, 'ImageTransformation[m, # &, Resampling -> "Nearest"]'),
                       want, atol=1e-6)


def test_transformation_resampling_methods(session):
    from scipy import ndimage
    session.evaluate('SeedRandom[2]; m = Image[RandomReal[1, {16, 18}], "Real64"]')
    pixels = data(session, "m")
    # a shift by a third of a pixel, read by the cubic spline (scipy's as the oracle)
    shifted = data(session, 'ImageTransformation[m, # + {1/3, 0} &, DataRange -> Full, '
                            'Resampling -> "Cubic", Padding -> "Reversed"]')
    expected = ndimage.shift(pixels, (0, -1 / 3), order=3, mode="reflect")
    assert np.allclose(shifted, expected, atol=1e-6)
    same = data(session, 'ImagePerspectiveTransformation[m, TranslationTransform[{-1/3, 0}], '
                         'DataRange -> Full, Resampling -> "Cubic", Padding -> "Reversed"]')
    assert np.allclose(same, shifted, atol=1e-6)
    # the identity keeps the pixels with every method
    for method in ('"Lanczos"', '{"Spline", 5}', '"Dodgson"'):
        assert np.allclose(data(session, f"ImageTransformation[m, # &, Resampling -> {method}]"),
                           pixels, atol=1e-6), method
    session.messages.clear()
    session.evaluate('ImageTransformation[m, # &, Resampling -> "Sharp"]')
    assert [t.split(":")[0] + "::" + t.split("::")[1].split(":")[0]
            for t in session.messages] == ["ImageTransformation::resampling"]


@pytest.mark.parametrize("text, tag", [
    ("ImageTransformation[3, RotationTransform[1]]", "ImageTransformation::imginv"),
    ("ImageTransformation[Image[{{0.5}}], 7 &]", "ImageTransformation::fun"),
    ("ImageTransformation[Image[{{0.5}}], # &, Padding -> x]", "ImageTransformation::padding"),
    ("TranslationTransform[3]", "TranslationTransform::spec"),
    ("TransformationFunction[{1, 2}]", "TransformationFunction::matrix"),
])
def test_messages(session, text, tag):
    session.messages.clear()
    session.evaluate(text)
    assert [m.split(":")[0] + "::" + m.split("::")[1].split(":")[0]
            for m in session.messages] == [tag]


def test_image_perspective_transformation_moves_points_forward(session):
    # the pixel at x moves to x + 1 (ImageTransformation with the inverse)
    assert output_form(session.evaluate(
        "ImageData[ImagePerspectiveTransformation[Image[{{1., 2., 3.}}], "
        "TranslationTransform[{1, 0}], DataRange -> Full]]")) == "{{0., 1., 2.}}"
    # a 2 x 2 matrix is the linear part; the size is kept
    assert output_form(session.evaluate(
        "ImageDimensions[ImagePerspectiveTransformation[Image[RandomReal[1, {4, 6}]], "
        "{{1, 0.2}, {0, 1}}]]")) == "{6, 4}"
    session.messages.clear()
    session.evaluate("ImagePerspectiveTransformation[Image[{{1.}}], {{0, 0}, {0, 0}}]")
    assert any("ImagePerspectiveTransformation::matrix" in m for m in session.messages)


def test_aligning_an_image_with_the_transformation_found_from_its_keypoints(session):
    """FindGeometricTransform of two images gives the map from the second's pixel
    positions to the first's: moving the first by its inverse (in pixels: DataRange ->
    Full) lays the second's content at the second's place."""
    session.evaluate("SeedRandom[5]; tex = ImageAdjust[GaussianFilter[RandomImage[1, {90, 70}], "
                     "2]]; part = ImageTake[tex, {6, 70}, {11, 90}]; "
                     "tf = Last[FindGeometricTransform[tex, part, TransformationClass -> "
                     "\"Translation\"]]; back = ImagePerspectiveTransformation[tex, "
                     "InverseFunction[tf], DataRange -> Full];")
    part = np.array(to_python(session.evaluate("ImageData[part]")))        # 80 x 65
    back = np.array(to_python(session.evaluate("ImageData[back]")))        # 90 x 70
    assert np.abs(back[5:, :80] - part).max() < 0.05


def test_image_forward_transformation_sends_pixels_where_f_says(session):
    assert output_form(session.evaluate(
        "ImageData[ImageForwardTransformation[Image[{{1., 2.}, {3., 4.}}], "
        "RotationTransform[Pi/2, {0.5, 0.5}]]]")) == "{{2., 4.}, {1., 3.}}"     # a quarter turn
    assert output_form(session.evaluate(
        "ImageData[ImageForwardTransformation[Image[{{1., 2., 3.}}], # + {1, 0} &, "
        "DataRange -> Full, Background -> 9]]")) == "{{9., 1., 2.}}"          # nothing lands
    session.messages.clear()
    session.evaluate("ImageForwardTransformation[3, # &]")
    assert any("ImageForwardTransformation::imginv" in m for m in session.messages)
