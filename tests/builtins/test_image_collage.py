"""ImageCollage: images tiled in justified rows, keeping order and shapes."""

import numpy as np
import pytest

from tests.builtins._support import check_example, declared_examples
from wlnet.builtins.image_collage import collage_rows
from wlnet.core.session import Session


@pytest.mark.parametrize("name,text,expected", declared_examples("image_collage"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_rows_are_about_the_square_root_of_the_count():
    assert collage_rows([1.0] * 2) == [[0, 1]]
    assert collage_rows([1.0] * 4) == [[0, 1], [2, 3]]
    assert collage_rows([1.0] * 5) == [[0, 1, 2], [3, 4]]


def test_the_images_keep_their_place_and_shape():
    s = Session(echo=False)
    img = s.evaluate("ImageCollage[{Image[ConstantArray[0, {10, 20}]], "
                     "Image[ConstantArray[1, {10, 10}]]}, Spacings -> 2, Background -> Red]")
    assert not s.messages
    pixels = img.reals()
    # one row 20 + 2 + 10 = 32 wide at its natural height 10
    assert pixels.shape == (10, 32, 3)
    assert np.allclose(pixels[:, :20], 0) and np.allclose(pixels[:, 22:], 1)
    assert np.allclose(pixels[:, 20:22], [1, 0, 0])                  # the background
    wide = s.evaluate("ImageCollage[Table[Image[ConstantArray[0.5, {20, 40}]], {4}], "
                      "ImageSize -> 100]")
    assert wide.reals().shape[:2] == (50, 100)                       # 2 rows of 2
    small = s.evaluate("ImageCollage[{Image[ConstantArray[0, {10, 20}]]}, ImageSize -> Small]")
    assert small.reals().shape[:2] == (90, 180)                     # Small is 180 wide


def test_messages():
    s = Session(echo=False)
    s.evaluate("ImageCollage[{1, 2}]")
    assert s.messages[-1].startswith("ImageCollage::imginv")
    s.evaluate("ImageCollage[{Image[{{0}}]}, Spacings -> -1]")
    assert s.messages[-1].startswith("ImageCollage::optvg")


def test_a_width_and_height_fit_the_collage_inside_on_the_background():
    from wlnet.core.session import Session
    s = Session(echo=False)
    out = s.evaluate('ImageCollage[{Image[ConstantArray[0, {10, 20}]], '
                     'Image[ConstantArray[0, {10, 20}]]}, "Fit", {100, 100}]')
    assert (out.width, out.height) == (100, 100)
    values = out.reals()[:, :, 0]
    assert values[0, 50] == 1.0 and values[50, 50] == 0.0     # white bands, black collage
    keyed = s.evaluate('ImageDimensions[ImageCollage[<|Image[ConstantArray[0, {10, 20}]] -> 2, '
                       'Image[ConstantArray[1, {10, 20}]] -> 1|>, ImageSize -> 80]]')
    from wlnet.core.expr import to_python
    assert to_python(keyed) == [80, 20]
