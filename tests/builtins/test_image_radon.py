"""Radon (wlnet.builtins.image_radon)."""

import numpy as np
import pytest

from wlnet.core.session import Session
from tests.builtins._support import check_example, declared_examples


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


@pytest.mark.parametrize("name, text, expected", declared_examples("image_radon"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def _peak(image):
    values = image.reals()[:, :, 0]
    return np.unravel_index(values.argmax(), values.shape), values


@pytest.mark.parametrize("method", ['"Radon"', '"Hough"'])
def test_a_vertical_line_peaks_at_angle_zero_through_the_centre(session, method):
    session.evaluate('line = Image[Table[If[j == 21, 1, 0], {i, 41}, {j, 41}]]')
    (row, col), values = _peak(session.evaluate(f'Radon[line, Method -> {method}]'))
    h, w = values.shape
    angle = -np.pi / 2 + (col + 0.5) * np.pi / w
    distance = h / 2 - (row + 0.5)
    assert abs(angle) < 0.05 and abs(distance) <= 1


def test_a_line_off_centre_is_at_its_distance_and_a_horizontal_line_at_right_angles(session):
    # a vertical line 10 pixels right of the centre: the peak 10 rows above the middle
    session.evaluate('right = Image[Table[If[j == 31, 1, 0], {i, 41}, {j, 41}]]')
    (row, _), values = _peak(session.evaluate('Radon[right, {91, 58}]'))
    assert abs(values.shape[0] / 2 - (row + 0.5) - 10) <= 1
    # a horizontal line: the normal is vertical, at an end of the angle range
    session.evaluate('flat = Image[Table[If[i == 21, 1, 0], {i, 41}, {j, 41}]]')
    (_, col), values = _peak(session.evaluate('Radon[flat]'))
    assert col in (0, values.shape[1] - 1)


def test_values_are_normalised_by_the_diagonal(session):
    out = session.evaluate('Radon[Image[ConstantArray[1, {50, 50}]]]')
    assert out.image_type == "Real32"
    assert 0.95 < out.reals().max() <= 1.0


def test_angle_and_distance_ranges_and_channels(session):
    session.evaluate('line = Image[Table[If[j == 21, 1, 0], {i, 41}, {j, 41}]]')
    out = session.evaluate('Radon[line, {20, 10}, {-0.1, 0.1}, Automatic, {-5, 5}]')
    assert (out.width, out.height) == (20, 10)
    assert out.reals()[:, :, 0].max() > 0.3          # the line is inside both ranges
    colour = session.evaluate('Radon[ColorCombine[{line, line, line}], {30, 20}]')
    assert colour.color_space == "RGB" and colour.channels == 3


@pytest.mark.parametrize("text, tag", [
    ('Radon[x]', "imginv"),
    ('Radon[Image[{{1}}], Method -> "Foo"]', "method"),
    ('Radon[Image[{{1}}], {0, 3}]', "arg"),
    ('Radon[Image[{{1}}], {2, 3}, {a, 1}]', "arg"),
])
def test_messages(session, text, tag):
    out = session.evaluate(text)
    assert out.head.name == "Radon"                       # returned unevaluated
    assert [m.split(":")[2] for m in session.messages] == [tag]
