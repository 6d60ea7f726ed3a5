"""HighlightImage (wlnet.builtins.highlight_image): regions of interest of every kind, their
styles, the background styles, the Graphics it gives and its messages."""

import numpy as np
import pytest

from wlnet.core.expr import S
from wlnet.core.image import Image
from wlnet.core.session import Session
from wlnet.syntax.printer import input_form


@pytest.fixture(scope="module")
def session():
    s = Session(echo=False)
    s.evaluate("img = Image[ConstantArray[0.5, {4, 6}]]")       # 6 wide, 4 high, grey
    return s


def highlighted(session, text):
    session.messages.clear()
    g = session.evaluate(text)
    assert not session.messages, session.messages
    assert g.head is S.Graphics
    picture = g.args[0].args[0]
    assert type(picture) is Image and picture.width == 6 and picture.height == 4
    return g, picture.reals()


def test_primitives_are_drawn_over_the_image_in_image_coordinates(session):
    g, pixels = highlighted(session, "HighlightImage[img, Disk[{3, 2}, 1]]")
    assert np.allclose(pixels, 0.5)                       # the pixels are left as they are
    overlay = input_form(g.args[0].args[1])
    assert "Disk[{3, 2}, 1]" in overlay and "RGBColor[1., 0., 0.]" in overlay
    options = input_form(g)
    assert "PlotRange -> {{0, 6}, {0, 4}}" in options
    # positions become points; a style applies to the regions after it in its list
    g, _ = highlighted(session, "HighlightImage[img, {{1, 1}, {Blue, {{2, 2}}}, Point[{4, 3}]}]")
    overlays = [input_form(o) for o in g.args[0].args[1:]]
    assert "Point[{{1, 1}}]" in overlays[0] and "RGBColor[1., 0., 0.]" in overlays[0]
    assert "RGBColor[0., 0., 1.]" in overlays[1]
    assert "RGBColor[1., 0., 0.]" in overlays[2]           # the list ended: red again
    g, _ = highlighted(session, 'HighlightImage[img, {"Boundary", Rectangle[{1, 1}, {3, 3}]}]')
    assert "FaceForm[None]" in input_form(g.args[0].args[1])


def test_masks_label_matrices_and_pixel_styles(session):
    # a mask image: its nonzero pixels tinted red by half
    _, pixels = highlighted(session, "HighlightImage[img, Image[{{1, 0, 0, 0, 0, 0}, {0, 0, 0, "
                                     "0, 0, 0}, {0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 1}}]]")
    assert np.allclose(pixels[0, 0], [0.75, 0.25, 0.25]) and np.allclose(pixels[3, 5],
                                                                         [0.75, 0.25, 0.25])
    assert np.allclose(pixels[1, 1], 0.5)
    # a label matrix: a colour per component
    _, pixels = highlighted(session, "HighlightImage[img, {{1, 1, 0, 0, 2, 2}, "
                                     "{1, 1, 0, 0, 2, 2}, {0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0}}]")
    assert not np.allclose(pixels[0, 0], pixels[0, 5]) and np.allclose(pixels[3, 3], 0.5)
    # the background: everything outside the regions (here the disk's pixels)
    _, pixels = highlighted(session, 'HighlightImage[img, Rectangle[{0, 0}, {2, 4}], "Darken"]')
    assert np.allclose(pixels[:, :2], 0.5) and np.allclose(pixels[:, 2:], 0.25)
    _, pixels = highlighted(session, 'HighlightImage[img, Rectangle[{0, 0}, {2, 4}], '
                                     '{"Lighten", 1}]')
    assert np.allclose(pixels[:, :2], 0.5) and np.allclose(pixels[:, 2:], 1.0)
    # "Blur" in a region changes its pixels only
    session.evaluate("step = Image[Table[If[j > 3, 1., 0.], {4}, {j, 6}]]")
    g = session.evaluate('HighlightImage[step, {"Blur", Rectangle[{0, 0}, {6, 2}]}]')
    pixels = g.args[0].args[0].reals()
    assert np.allclose(pixels[:2, :, 0], [[0, 0, 0, 1, 1, 1]] * 2)       # top rows kept
    assert 0 < pixels[3, 2, 0] < 1 and 0 < pixels[3, 3, 0] < 1


def test_labels_and_wrappers(session):
    g, _ = highlighted(session, 'HighlightImage[img, <|"cat" -> Disk[{3, 2}, 1]|>]')
    assert 'Text["cat", {3., 2.}]' in input_form(g)
    g, _ = highlighted(session, 'HighlightImage[img, {Labeled[Rectangle[{0, 0}, {2, 2}], "a"], '
                                'Tooltip[Point[{5, 3}], "p"]}]')
    text = input_form(g)
    assert 'Text["a", {1., 1.}]' in text and "Point[{5, 3}]" in text and "Tooltip" not in text


@pytest.mark.parametrize("text, tag", [
    ("HighlightImage[3, Disk[]]", "HighlightImage::imginv"),
    ("HighlightImage[img, foo]", "HighlightImage::roi"),
    ("HighlightImage[img, Image[{{1, 0}}]]", "HighlightImage::roi"),      # another size
    ('HighlightImage[img, Disk[], "Sparkle"]', "HighlightImage::bgstyle"),
])
def test_messages(session, text, tag):
    session.messages.clear()
    assert session.evaluate(text).head.name == "HighlightImage"
    assert [m.split(":")[0] + "::" + m.split("::")[1].split(":")[0]
            for m in session.messages] == [tag]


def test_the_result_is_a_picture(session, tmp_path):
    path = tmp_path / "h.png"
    session.evaluate(f'Export["{path}", HighlightImage[img, {{Disk[{{3, 2}}, 1]}}, "Blur"]]')
    assert path.exists() and not session.messages
