"""ImageValuePositions, PixelValuePositions, ImageLevels (wlnet.builtins.image_levels)."""

import pytest

from wlnet.core.session import Session
from wlnet.syntax.printer import output_form
from tests.builtins._support import check, check_example, close_printed, declared_examples, run


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


@pytest.mark.parametrize("name, text, expected", declared_examples("image_levels"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text, expected", [
    # image coordinates, y up: the bottom-left pixel's centre is {0.5, 0.5}
    ("ImageValuePositions[Image[{{1, 0, 0}, {0, 0, 0}}], 1]", "{{0.5, 1.5}}"),
    ("ImageValuePositions[Image[{{{1, 0, 0}, {0, 0, 1}}}], Red]", "{{0.5, 0.5}}"),
    ("ImageValuePositions[Image[{{{1, 0, 0}, {0, 0, 1}}}], {0, 0, 1}]", "{{1.5, 0.5}}"),
    ('ImageValuePositions[Image[{{0.1, 0.5, 0.9}}], "Max"]', "{{2.5, 0.5}}"),
    ('ImageValuePositions[Image[{{0.1, 0.5, 0.9}}], "Min"]', "{{0.5, 0.5}}"),
    ("ImageValuePositions[Image[{{0.1, 0.5, 0.9}}], 0.45, 0.1]", "{{1.5, 0.5}}"),
    ("ImageValuePositions[Image[{{0.1, 0.5, 0.9}}], 0.3]", "{}"),
    ("ImageLevels[Image[{{0.25, 0.25, 0.5}}], All]", "{{0.25, 2}, {0.5, 1}}"),
    ('Select[ImageLevels[Image[{{0, 128, 255}}, "Byte"]], #[[2]] > 0 &]',
     "{{0., 1}, {0.501961, 1}, {1., 1}}"),
    ("Length[ImageLevels[Image[{{0.2}}]]]", "256"),
    ("ImageLevels[Image[{{-1., 0.3, 2.}}], 2]", "{{0., 2}, {0.5, 1}}"),      # out of range
    ("ImageLevels[Image[{{0.5, 1.5, 2.5}}], 2, {0, 3}]", "{{0., 1}, {1.5, 2}}"),
    ("Dimensions[ImageLevels[Image[ConstantArray[{0.2, 0.4, 0.6}, {2, 2}]], 4]]", "{3, 4, 2}"),
])
def test_positions_and_levels(session, text, expected):
    assert output_form(session.evaluate(text)) == expected


@pytest.mark.parametrize("text, tag", [
    ("ImageValuePositions[Image[{{0.5}}], x]", "ImageValuePositions::val"),
    ("ImageValuePositions[Image[{{0.5}}], 0.5, -1]", "ImageValuePositions::dist"),
    ("PixelValuePositions[3, 1]", "PixelValuePositions::imginv"),
    ("ImageLevels[Image[{{0.5}}], 0]", "ImageLevels::bins"),
    ("ImageLevels[Image[{{0.5}}], 4, {1, 0}]", "ImageLevels::range"),
])
def test_bad_input_is_a_message_and_stays_unevaluated(session, text, tag):
    session.messages.clear()
    out = output_form(session.evaluate(text))
    assert any(tag in m for m in session.messages), session.messages
    assert out.startswith(text.split("[")[0] + "["), out


def test_image_accumulate_sums_any_rectangle_from_four_corners(session):
    import numpy as np
    from wlnet.core.expr import to_python
    session.evaluate("SeedRandom[4]; data = RandomReal[1, {5, 6}]; "
                     "acc = ImageData[ImageAccumulate[Image[data]], \"Real64\"];")
    data = np.array(to_python(session.evaluate("data")))
    acc = np.array(to_python(session.evaluate("acc")))
    assert acc.shape == (6, 7) and (acc[-1] == 0).all() and (acc[:, 0] == 0).all()
    # rows 1..3 (from the top) and columns 2..4 of the data, from the integral image
    rows, cols = slice(1, 4), slice(2, 5)
    total = acc[1, 5] - acc[4, 5] - acc[1, 2] + acc[4, 2]
    assert abs(total - data[rows, cols].sum()) < 1e-5
    assert output_form(session.evaluate(
        'ImageType[ImageAccumulate[Image[data], Method -> "CompensatedSummation"]]')) == "Real64"


@pytest.mark.parametrize("text, expected", [
    # values beyond the range count in the end bins, or (ExcludeOutOfRange) not at all
    ("ImageLevels[Image[{{-0.5, 0.25, 1.5}}], 2]", "{{0., 2}, {0.5, 1}}"),
    ('ImageLevels[Image[{{-0.5, 0.25, 1.5}}], 2, {0, 1}, Method -> "ExcludeOutOfRange"]',
     "{{0., 1}, {0.5, 0}}"),
    # All: the values' own range; {All, max}; one range per channel
    ("ImageLevels[Image[{{-0.5, 0.25, 1.5}}], 2, All]", "{{-0.5, 2}, {0.5, 1}}"),
    ("ImageLevels[Image[{{0.25, 0.5}}], 2, {All, 0.75}]", "{{0.25, 1}, {0.5, 1}}"),
    ("ImageLevels[Image[{{{0.25, 0.5, 0.125}}}], 2, {{0, 1}, {0, 2}, {0, 4}}]",
     "{{{0., 1}, {0.5, 0}}, {{0., 1}, {1., 0}}, {{0., 1}, {2., 0}}}"),
    # a 3D image
    ("ImageLevels[Image3D[{{{0.125, 0.875}}}], 2]", "{{0., 1}, {0.5, 1}}"),
])
def test_image_levels_ranges_and_methods(text, expected):
    check(text, expected, same=close_printed)


def test_image_levels_bad_settings():
    assert run("ImageLevels[Image[{{0.2}}], 2, {1, 0}]").tags == ["ImageLevels::range"]
    assert run('ImageLevels[Image[{{0.2}}], 2, Method -> "Clip"]').tags == \
        ["ImageLevels::method"]
