"""ImageRecolor (wlnet.builtins.image_recolor)."""

import numpy as np
import pytest

from wlnet.core.session import Session
from tests.builtins._support import check_example, declared_examples


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


@pytest.mark.parametrize("name, text, expected", declared_examples("image_recolor"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("spec, want", [
    # shades of red become the same shades of green (brightness kept)
    ("Red -> Green", [[0, 1, 0], [0, 0.5, 0], [0, 0, 1]]),
    ("Red <-> Blue", [[0, 0, 1], [0.5, 0, 0], [1, 0, 0]]),
    ("{Blue -> Yellow, _ -> White}", [[1, 1, 1], [0.5, 0.5, 0.5], [1, 1, 0]]),
    ("Image[{{0, 1, 0}}] -> Green", [[1, 0, 0], [0, 0.5, 0], [0, 0, 1]]),
    ("Image[{{0.5, 0, 0}}] -> Blue", [[0.5, 0, 0.5], [0.5, 0, 0], [0, 0, 1]]),
    ("ColorsNear[{Red, Blue}, 0.01] -> Green", [[0, 1, 0], [0.5, 0, 0], [0, 1, 0]]),
])
def test_regions(session, spec, want):
    session.evaluate("img = Image[{{{1, 0, 0}, {0.5, 0, 0}, {0, 0, 1}}}]")
    distance = ", MaxColorDistance -> 0.6" if spec == "Red -> Green" else ""
    out = session.evaluate(f"ImageRecolor[img, {spec}{distance}]")
    assert out.color_space == "RGB"
    assert out.reals()[0] == pytest.approx(np.array(want, dtype=float), abs=1e-6)


@pytest.mark.parametrize("method, want", [
    ("BrightnessPreserving", [0, 1, 0]),      # hue and saturation of green, brightness kept
    ("SaturationPreserving", [0.5, 1, 0.5]),
    ("HuePreserving", [0.5, 0.5, 0.5]),       # saturation and brightness of grey 0.5
    ("Brightness", [0.5, 0.25, 0.25]),        # a pink-grey of brightness 0.5
    ("Hue", [0.5, 1, 0.5]),
])
def test_methods(session, method, want):
    # the pixel: HSB (0, 0.5, 1); the colours: green HSB (1/3, 1, 1), grey 0.5 HSB (0, 0, 0.5)
    target = "GrayLevel[0.5]" if method in ("HuePreserving", "Brightness") else "Green"
    out = session.evaluate(f'ImageRecolor[Image[{{{{{{1, 0.5, 0.5}}}}}}], _ -> {target}, '
                           f'Method -> "{method}"]')
    got = out.reals()[0, 0]
    assert got == pytest.approx(want, abs=1e-6)


def test_grey_images_stay_grey_with_grey_colours_and_alpha_is_kept(session):
    grey = session.evaluate('ImageRecolor[Image[{{0.2, 0.8}}], _ -> White, '
                            'Method -> "Hue"]')
    assert grey.color_space == "Grayscale"
    alpha = session.evaluate('ImageRecolor[Image[{{{1, 0, 0, 0.3}}}], Red -> Blue]')
    assert alpha.reals()[0, 0] == pytest.approx([0, 0, 1, 0.3], abs=1e-6)
    assert session.evaluate('ImageType[ImageRecolor[Image[{{1, 0}}, "Bit"], '
                            '_ -> Red]]').value == "Real32"


@pytest.mark.parametrize("text, tag", [
    ("ImageRecolor[x, Red -> Green]", "imginv"),
    ("ImageRecolor[Image[{{1}}], Red]", "spec"),
    ("ImageRecolor[Image[{{1, 1}}], Image[{{1}}] -> Red]", "spec"),
    ("ImageRecolor[Image[{{1}}], Red -> Green, MaxColorDistance -> -1]", "dist"),
    ('ImageRecolor[Image[{{1}}], Red -> Green, DistanceFunction -> "Foo"]', "dfun"),
    ('ImageRecolor[Image[{{1}}], Red -> Green, Method -> "Foo"]', "method"),
])
def test_messages(session, text, tag):
    assert session.evaluate(text).head.name == "ImageRecolor"
    assert [m.split(":")[2] for m in session.messages] == [tag]


def test_a_marker_gives_the_colour_to_replace(session):
    out = session.evaluate("ImageRecolor[Image[{{{1, 0, 0}, {0.95, 0, 0}, {0, 0, 1}}}], "
                           "ImageMarker[Image[{{1, 0, 0}}]] -> Green]")
    assert out.reals()[0] == pytest.approx(np.array([[0, 1, 0], [0, 0.95, 0], [0, 0, 1]]),
                                           abs=1e-6)
    assert session.evaluate("ImageMarker[Image[{{1}}]]").head.name == "ImageMarker"
    assert not session.messages
