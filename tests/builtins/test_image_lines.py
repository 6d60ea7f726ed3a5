"""ImageLines (wlnet.builtins.image_lines): Hough lines from border to border."""

import numpy as np
import pytest

from wlnet.builtins.image_lines import border_points
from wlnet.core.expr import to_python
from wlnet.core.session import Session
from wlnet.syntax.printer import output_form
from tests.builtins._support import check_example, declared_examples

_GRID = ("Image[Table[If[i == 10 || j == 5 || i == j, 1, 0], {i, 30}, {j, 40}]]")


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


def _lines(session, text):
    out = session.evaluate(text)
    return [np.array(to_python(line.args[0])) for line in out.args]


@pytest.mark.parametrize("name, text, expected", declared_examples("image_lines"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_a_grid_of_lines_is_found_strongest_first(session):
    lines = _lines(session, f"ImageLines[{_GRID}]")
    assert len(lines) == 3
    np.testing.assert_allclose(lines[0], [[0, 20.5], [40, 20.5]])      # 40 pixels
    np.testing.assert_allclose(lines[2], [[4.5, 0], [4.5, 30]])        # 30 pixels
    # the diagonal y = 30 - x, give or take the pixels it shares with the others
    np.testing.assert_allclose(lines[1], [[0, 30], [30, 0]], atol=0.3)


def test_threshold_distinctness_and_max_features(session):
    assert len(_lines(session, f"ImageLines[{_GRID}, 0.3, 1]")) == 1      # only the strongest
    assert len(_lines(session, f"ImageLines[{_GRID}, 0.9]")) == 1         # the 40-pixel row
    assert len(_lines(session, f"ImageLines[{_GRID}, MaxFeatures -> 2]")) == 2
    assert output_form(session.evaluate("ImageLines[Image[ConstantArray[0, {4, 4}]]]")) == "{}"


def test_lines_through_an_edge_image(session):
    """Lines come back in image coordinates (y up): a slanted bar's edges are found."""
    lines = _lines(session, "ImageLines[EdgeDetect[Image[Table[If[Abs[i - j/2 - 10] < 2, 1, 0], "
                            "{i, 60}, {j, 80}]]], 0.5, MaxFeatures -> 1]")
    (x1, y1), (x2, y2) = lines[0]
    assert abs((y2 - y1) / (x2 - x1) + 0.5) < 0.05                       # slope -1/2


def test_border_points_clip_a_line_to_the_box():
    np.testing.assert_allclose(border_points(np.pi / 2, 2.5, 4, 3), [[0, 2.5], [4, 2.5]])
    np.testing.assert_allclose(border_points(0.0, 1.5, 4, 3), [[1.5, 0], [1.5, 3]])
    assert border_points(0.0, 9.0, 4, 3) is None                          # misses the box


@pytest.mark.parametrize("text, tag", [
    ("ImageLines[3]", "imginv"),
    (f"ImageLines[{_GRID}, 2]", "thresh"),
    (f"ImageLines[{_GRID}, 0.5, -1]", "dist"),
    (f"ImageLines[{_GRID}, MaxFeatures -> 0]", "maxf"),
    (f'ImageLines[{_GRID}, Method -> "RANSAC"]', "method"),
])
def test_bad_input_is_a_message_and_stays_unevaluated(session, text, tag):
    session.messages.clear()
    out = output_form(session.evaluate(text))
    assert any(f"ImageLines::{tag}:" in m for m in session.messages), session.messages
    assert out.startswith("ImageLines["), out
