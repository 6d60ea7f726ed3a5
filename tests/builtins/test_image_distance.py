"""ImageDistance (wlnet/builtins/image_distance.py)."""

import pytest

from tests.builtins._support import check, check_example, close_printed, declared_examples, run


@pytest.mark.parametrize("name,text,expected", declared_examples("image_distance"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected, same=close_printed)


def test_distances_of_pixel_values():
    # an image-to-image net's output compared with its target
    check("ImageDistance[Image[{{0, 1}, {1, 1}}], Image[{{0, 0}, {0, 0}}]]", "1.7320508075688772",
          same=close_printed)
    check("ImageDistance[Image[{{0, 1}, {1, 1}}], Image[{{0, 0}, {0, 0}}], "
          "DistanceFunction -> ManhattanDistance]", "3.")
    check("ImageDistance[Image[{{0, 1}, {1, 1}}], Image[{{0, 0}, {0, 0}}], "
          "DistanceFunction -> \"MeanEuclideanDistance\"]", "0.75")
    # centred: the single pixel meets the middle column's middle pixel
    check("ImageDistance[Image[{{0, 1, 0}, {0, 1, 0}, {0, 1, 0}}], Image[{{1}}]]", "0.")
    # a grey image's channel is repeated to meet a colour one
    check("ImageDistance[Image[{{{1, 0, 0}}}], Image[{{1}}]]", "1.4142135623730951",
          same=close_printed)


def test_bad_arguments_are_messages():
    assert run("ImageDistance[x, Image[{{1}}]]").tags == ["ImageDistance::imginv"]
    assert run("ImageDistance[Image[{{1}}], Image[{{1}}], DistanceFunction -> Foo]").tags \
        == ["ImageDistance::dfun"]
