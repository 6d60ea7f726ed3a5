"""CornerFilter and ImageCorners (wlnet.builtins.image_corners)."""

import numpy as np
import pytest

from wlnet.core.expr import to_python
from wlnet.core.session import Session
from wlnet.syntax.printer import output_form
from tests.builtins._support import check_example, declared_examples

_BOX = "Image[Table[If[5 <= i <= 25 && 8 <= j <= 30, 1, 0], {i, 32}, {j, 40}]]"
_BOX_CORNERS = {(7.5, 27.5), (29.5, 27.5), (7.5, 7.5), (29.5, 7.5)}


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


def _points(session, text):
    return [tuple(p) for p in to_python(session.evaluate(text))]


@pytest.mark.parametrize("name, text, expected", declared_examples("image_corners"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("method", ['"ShiTomasi"', '"HarrisStephens"', '{"HarrisStephens", 0.1}',
                                    '"HarmonicMean"'])
def test_the_four_corners_of_a_box_in_image_coordinates(session, method):
    got = _points(session, f"ImageCorners[{_BOX}, 2, 0.001, 3, Method -> {method}]")
    assert set(got) == _BOX_CORNERS


def test_max_features_threshold_and_a_flat_image(session):
    assert len(_points(session, f"ImageCorners[{_BOX}, MaxFeatures -> 2]")) == 2
    assert _points(session, f"ImageCorners[{_BOX}, 2, 10]") == []          # above every peak
    assert _points(session, "ImageCorners[Image[ConstantArray[0.5, {6, 6}]]]") == []


def test_distinct_corners_are_at_least_d_plus_one_apart(session):
    got = np.array(_points(session, "SeedRandom[3]; ImageCorners[RandomImage[1, 30], 1, 0, 4]"))
    assert len(got) > 1
    gaps = np.abs(got[:, None, :] - got[None, :, :]).max(axis=2)
    assert gaps[~np.eye(len(got), dtype=bool)].min() >= 5


def test_corner_filter_is_an_intensity_image_peaking_at_corners(session):
    session.evaluate(f"cf = CornerFilter[{_BOX}];")
    assert output_form(session.evaluate("{ImageType[cf], ImageDimensions[cf]}")) == \
        "{Real32, {40, 32}}"
    values = np.array(to_python(session.evaluate("ImageData[cf]")))
    row, col = np.unravel_index(values.argmax(), values.shape)
    assert (col + 0.5, 32 - row - 0.5) in _BOX_CORNERS


@pytest.mark.parametrize("text, tag", [
    ("ImageCorners[3]", "imginv"),
    (f"ImageCorners[{_BOX}, -1]", "rad"),
    (f"ImageCorners[{_BOX}, 2, x]", "thresh"),
    (f"ImageCorners[{_BOX}, 2, 0, 1.5]", "dist"),
    (f'ImageCorners[{_BOX}, Method -> "Foo"]', "method"),
    (f"ImageCorners[{_BOX}, MaxFeatures -> 0]", "maxf"),
    (f"ImageCorners[{_BOX}, MaxFeatureDisplacement -> 2]", "disp"),
    (f'CornerFilter[{_BOX}, Method -> "Foo"]', "method"),
])
def test_bad_input_is_a_message_and_stays_unevaluated(session, text, tag):
    session.messages.clear()
    out = output_form(session.evaluate(text))
    assert any(f"::{tag}:" in m for m in session.messages), session.messages
    assert out.startswith(text.split("[")[0] + "["), out
