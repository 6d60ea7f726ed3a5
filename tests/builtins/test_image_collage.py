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
    # bands of the background (GrayLevel[0.2], WL's default), the black collage inside
    assert np.isclose(values[0, 50], 0.2) and values[50, 50] == 0.0
    keyed = s.evaluate('ImageDimensions[ImageCollage[<|Image[ConstantArray[0, {10, 20}]] -> 2, '
                       'Image[ConstantArray[1, {10, 20}]] -> 1|>, ImageSize -> 80]]')
    from wlnet.core.expr import to_python
    assert to_python(keyed) == [80, 20]


def test_methods_lay_the_images_out_in_rows_columns_or_a_grid():
    from wlnet.core.expr import to_python
    from wlnet.core.session import Session
    s = Session(echo=False)
    s.evaluate("a = Image[ConstantArray[0.2, {20, 30}]]; b = Image[ConstantArray[0.8, {30, 20}]]")
    dims = lambda code: tuple(to_python(s.evaluate(f"ImageDimensions[{code}]")))
    assert dims('ImageCollage[{a, b}, Method -> "Rows"]') == dims("ImageCollage[{a, b}]")
    assert dims('ImageCollage[{a, b}, Method -> "Columns"]') == dims("ImageCollage[{a, b}]")[::-1]
    # a grid 2 wide of cells of the median size (30 x 20); b is fitted inside its cell
    grid = s.evaluate('ImageCollage[{a, b, a}, Method -> "Grid", Spacings -> 2, '
                      'Background -> Black]')
    assert (grid.width, grid.height) == (62, 42)
    values = grid.reals()[:, :, 0]
    assert np.isclose(values[10, 15], 0.2) and np.isclose(values[31, 15], 0.2)
    assert np.isclose(values[10, 32 + 15], 0.8)     # b, 13 x 20, centred in its cell
    assert values[10, 33] == 0 and values[31, 47] == 0          # the background
    s.evaluate('ImageCollage[{a, b}, Method -> "Spiral"]')
    assert s.messages[-1].startswith("ImageCollage::optvg")


@pytest.mark.parametrize("form", [
    "{1 -> a, 2 -> b}", "a -> 1, b -> 2", "{1, 2} -> {a, b}", "3 -> {a, b}",
    "{{a, 1}, {b, 2}}", "<|a -> 1, b -> 2|>"])
def test_weighted_forms_give_the_images(form):
    from wlnet.core.expr import to_python
    from wlnet.core.session import Session
    s = Session(echo=False)
    s.evaluate("a = Image[ConstantArray[0.2, {20, 30}]]; b = Image[ConstantArray[0.8, {30, 20}]]")
    got = s.evaluate(f"ImageDimensions[ImageCollage[{form}, ImageSize -> 60]]")
    assert not s.messages, s.messages
    assert to_python(got) == to_python(s.evaluate("ImageDimensions[ImageCollage[{a, b}, "
                                                  "ImageSize -> 60]]"))


def test_packed_places_are_from_the_top_left_without_overlaps():
    from wlnet.builtins.image_collage import packed_places
    rng = np.random.default_rng(0)
    sizes = [tuple(int(v) for v in rng.integers(5, 40, 2)) for _ in range(25)]
    places = packed_places(sizes, 100, 2)
    assert places[0] == (0, 0)
    boxes = [(x, y, x + w, y + h) for (w, h), (x, y) in zip(sizes, places)]
    for i, a in enumerate(boxes):
        assert 0 <= a[0] and a[2] <= 100
        for b in boxes[:i]:                   # apart by the spacing at least
            assert a[0] >= b[2] + 2 or b[0] >= a[2] + 2 or a[1] >= b[3] + 2 \
                or b[1] >= a[3] + 2, (a, b)
        # nothing lets it sit higher: at its top edge an earlier box (or the top) holds it
        assert a[1] == 0 or any(b[3] + 2 == a[1] and b[0] < a[2] + 2 and a[0] < b[2] + 2
                                for b in boxes[:i])


def test_closest_packing_sizes_the_images_by_their_weights():
    s = Session(echo=False)
    s.evaluate("a = Image[ConstantArray[0.25, {20, 30}]]; b = Image[ConstantArray[0.75, {20, 30}]]")
    out = s.evaluate('ImageCollage[{3 -> a, 1 -> b}, Method -> "ClosestPacking", '
                     'Background -> White, ImageSize -> 120]')
    assert not s.messages and out.width == 120 and out.height <= 120
    values = out.reals()[:, :, 0]
    area_a, area_b = np.isclose(values, 0.25).sum(), np.isclose(values, 0.75).sum()
    assert area_a / area_b == pytest.approx(3, rel=0.1)
    assert np.isclose(values[0, 0], 0.25)             # the first image at the top left
    # Scaled[s]: s times the image's own area; no weights: equal areas
    s.evaluate("c = Image[ConstantArray[0.75, {10, 15}]]")
    for spec, ratio in [("{Scaled[1] -> a, Scaled[1] -> c}", 4), ("{a, c}", 1)]:
        values = s.evaluate(f'ImageCollage[{spec}, Method -> "ClosestPacking", '
                            'Background -> White]').reals()[:, :, 0]
        assert np.isclose(values, 0.25).sum() / np.isclose(values, 0.75).sum() \
            == pytest.approx(ratio, rel=0.15), spec
