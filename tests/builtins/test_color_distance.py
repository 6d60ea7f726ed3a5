"""ColorDistance (wlnet.builtins.color_distance)."""

import numpy as np
import pytest

from wlnet.builtins.color_distance import cie94, ciede2000
from wlnet.core.expr import to_python
from wlnet.core.session import Session
from wlnet.syntax.printer import output_form
from tests.builtins._support import check_example, declared_examples


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


@pytest.mark.parametrize("name, text, expected", declared_examples("color_distance"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


# pairs and differences published with the CIEDE2000 formula's test data
@pytest.mark.parametrize("lab1, lab2, expected", [
    ((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
    ((50, 3.1571, -77.2803), (50, 0, -82.7485), 2.8615),
    ((50, 2.8361, -74.0200), (50, 0, -82.7485), 3.4412),
])
def test_ciede2000_against_its_test_data(lab1, lab2, expected):
    got = ciede2000(np.array(lab1, float), np.array(lab2, float))
    assert abs(float(got) - expected) < 1e-4


def test_cie94_of_a_lightness_step_is_that_step():
    assert abs(float(cie94(np.array([50.0, 10, 10]), np.array([40.0, 10, 10]))) - 10) < 1e-12


def test_distances_of_colours_and_images(session):
    assert to_python(session.evaluate("ColorDistance[Red, Red]")) == 0.0
    assert abs(to_python(session.evaluate('ColorDistance[Black, White, '
                                          'DistanceFunction -> "CIE76"]')) - 1) < 1e-9
    # symmetric, and an image gives a grey image of its pixels' distances
    ab, ba = (to_python(session.evaluate(f"ColorDistance[{p}, {q}]"))
              for p, q in (("Red", "Orange"), ("Orange", "Red")))
    assert abs(ab - ba) < 1e-12 and ab > 0
    image = session.evaluate("ColorDistance[Image[{{{1, 0, 0}, {0, 0, 1}}}], Red]")
    assert type(image).__name__ == "Image" and image.image_type == "Real32"
    values = image.reals()[0, :, 0]
    assert values[0] == 0 and abs(values[1] - to_python(
        session.evaluate("ColorDistance[Blue, Red]"))) < 1e-6


@pytest.mark.parametrize("text, tag", [
    ("ColorDistance[Red, x]", "col"),
    ('ColorDistance[Red, Blue, DistanceFunction -> "Foo"]', "dfun"),
])
def test_bad_input_is_a_message_and_stays_unevaluated(session, text, tag):
    session.messages.clear()
    out = output_form(session.evaluate(text))
    assert any(f"ColorDistance::{tag}" in m for m in session.messages), session.messages
    assert out.startswith("ColorDistance["), out


@pytest.mark.parametrize("text, expected", [
    ("ImageData[ColorReplace[Image[{{{1, 0, 0}, {0, 0, 1}}}], Red -> Green]]",
     "{{{0., 1., 0.}, {0., 0., 1.}}}"),
    # a colour alone: transparent
    ("ImageData[ColorReplace[Image[{{{1, 0, 0}, {0, 0, 1}}}], Red]]",
     "{{{1., 0., 0., 0.}, {0., 0., 1., 1.}}}"),
    ("ImageData[ColorReplace[Image[{{{1, 0, 0}, {0, 0, 1}}}], {Red -> White, Blue -> Black}]]",
     "{{{1., 1., 1.}, {0., 0., 0.}}}"),
    # a near colour within the distance, not within 0
    ("ImageData[ColorReplace[Image[{{{0.9, 0.1, 0}}}], Red -> Green, 0.2]]", "{{{0., 1., 0.}}}"),
    ("ImageData[ColorReplace[Image[{{{0.9, 0.1, 0}}}], Red -> Green, 0]]", "{{{0.9, 0.1, 0.}}}"),
    # the first rule a pixel matches wins
    ("ImageData[ColorReplace[Image[{{{1, 0, 0}}}], {Red -> Blue, Blue -> Green}]]",
     "{{{0., 0., 1.}}}"),
])
def test_color_replace(session, text, expected):
    assert output_form(session.evaluate(text)) == expected


@pytest.mark.parametrize("text, tag", [
    ("ColorReplace[Image[{{0.5}}], x]", "rep"),
    ("ColorReplace[Image[{{0.5}}], Red, -1]", "dist"),
    ("ColorReplace[3, Red]", "imginv"),
])
def test_color_replace_messages(session, text, tag):
    session.messages.clear()
    out = output_form(session.evaluate(text))
    assert any(f"ColorReplace::{tag}" in m for m in session.messages), session.messages
    assert out.startswith("ColorReplace["), out


def test_lists_of_colours_and_catch_all_replacement():
    # (from the Q&A line's sweep: a mask recoloured for an overlay, distances of a palette)
    from tests.builtins._support import check, run
    check("Round[ColorDistance[{Black, White}, Black], 10.^-6]", "{0., 1.}")
    check("ColorDistance[GrayLevel[0.5], GrayLevel[0.5, 0.3]]", "0.")   # alpha ignored
    check("ImageData[ColorReplace[Image[{{0, 1}}], White -> Red]]",
          "{{{0., 0., 0.}, {1., 0., 0.}}}")
    check("ImageData[ColorReplace[Image[{{0, 1}}], White]]",        # transparent, colour kept
          "{{{0., 0., 0., 1.}, {1., 1., 1., 0.}}}")
    check("ImageData[ColorReplace[Image[{{0, 0.5, 1}}], {White -> Red, _ -> Blue}]]",
          "{{{0., 0., 1.}, {0., 0., 1.}, {1., 0., 0.}}}")
    assert run("ColorReplace[x, Red]").tags == ["ColorReplace::imginv"]
    assert run("ColorReplace[Image[{{0}}], Red -> Blue, -1]").tags == ["ColorReplace::dist"]
    assert run("ColorDistance[Red, 3]").tags == ["ColorDistance::col"]


def test_the_default_is_cie76_and_the_other_measures(session):
    default = to_python(session.evaluate("ColorDistance[Red, Blue]"))
    assert default == pytest.approx(to_python(session.evaluate(
        'ColorDistance[Red, Blue, DistanceFunction -> "CIE76"]')))
    assert default == pytest.approx(to_python(session.evaluate(
        "ColorDistance[Red, Blue, DistanceFunction -> EuclideanDistance]")))
    lightness = to_python(session.evaluate('ColorDistance[Red, Blue, DistanceFunction -> '
                                           '"DeltaL"]'))
    assert lightness == pytest.approx(to_python(session.evaluate(
        "ColorDistance[Red, Blue, DistanceFunction -> (Abs[#1[[1]] - #2[[1]]] &)]")))
    parts = [to_python(session.evaluate(f'ColorDistance[Red, Blue, DistanceFunction -> '
                                        f'"{p}"]')) for p in ("DeltaL", "DeltaC", "DeltaH")]
    assert sum(x * x for x in parts) == pytest.approx(default ** 2)
    # CMC l:c: larger l weighs lightness less
    one, two = (to_python(session.evaluate(f'ColorDistance[Gray, Black, DistanceFunction -> '
                                           f'{{"CMC", {{{l}, 1}}}}]')) for l in (1, 2))
    assert two == pytest.approx(one / 2)


def test_images_of_other_sizes_are_compared_where_they_overlap(session):
    out = session.evaluate("ColorDistance[Image[{{0., 1., 0.}}], Image[{{1.}}]]")
    assert (out.width, out.height) == (1, 1) and out.reals()[0, 0, 0] == pytest.approx(0)
