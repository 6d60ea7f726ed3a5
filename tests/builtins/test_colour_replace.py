"""ColorDistance and ColorReplace (wlnet/builtins/colour_replace.py)."""

import pytest

from tests.builtins._support import check, check_example, close_printed, declared_examples, run


@pytest.mark.parametrize("name,text,expected", declared_examples("colour_replace"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected, same=close_printed)


def test_colour_distance_is_euclidean_in_lab():
    check("ColorDistance[Red, Red]", "0.")
    check("Round[ColorDistance[Black, White], 10.^-6]", "1.")      # L from 0 to 1
    check("Round[ColorDistance[{Black, White}, Black], 10.^-6]", "{0., 1.}")
    check("ColorDistance[GrayLevel[0.5], GrayLevel[0.5, 0.3]]", "0.")   # alpha ignored
    check("ImageDimensions[ColorDistance[Image[{{0, 1, 0}}], Black]]", "{3, 1}")


def test_colour_replace_forms():
    # a segmentation mask recoloured for an overlay: White -> Red on a grey mask
    check("ImageData[ColorReplace[Image[{{0, 1}}], White -> Red]]",
          "{{{0., 0., 0.}, {1., 0., 0.}}}")
    check("ImageData[ColorReplace[Image[{{0, 1}}], White]]",        # transparent, colour kept
          "{{{0., 0., 0., 1.}, {1., 1., 1., 0.}}}")
    check("ImageData[ColorReplace[Image[{{0, 0.5, 1}}], {White -> Red, _ -> Blue}]]",
          "{{{0., 0., 1.}, {0., 0., 1.}, {1., 0., 0.}}}")
    # within the distance d only: 0.45 is near 0.5 at 0.2, not at the default 0.1
    check("ImageData[ColorReplace[Image[{{0.45}}], GrayLevel[0.5] -> Red, 0.2]]",
          "{{{1., 0., 0.}}}")
    check("ImageData[ColorReplace[Image[{{0.4}}], GrayLevel[0.5] -> Red]]",
          "{{{0.4, 0.4, 0.4}}}", same=close_printed)


def test_bad_arguments_are_messages():
    assert run("ColorReplace[x, Red]").tags == ["ColorReplace::imginv"]
    assert run("ColorReplace[Image[{{0}}], 3]").tags == ["ColorReplace::rspec"]
    assert run("ColorReplace[Image[{{0}}], Red -> Blue, -1]").tags == ["ColorReplace::dist"]
    assert run("ColorDistance[Red, 3]").tags == ["ColorDistance::col"]
