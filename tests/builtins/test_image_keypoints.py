"""ImageKeypoints and ImageCorrespondingPoints (wlnet.builtins.image_keypoints)."""

import numpy as np
import pytest

from wlnet.builtins.image_keypoints import matches
from wlnet.core.expr import to_python
from wlnet.core.session import Session
from wlnet.syntax.printer import output_form
from tests.builtins._support import check_example, declared_examples

_BLOB = "Image[Table[Exp[-((i - 20)^2 + (j - 30)^2)/20.], {i, 40}, {j, 60}]]"
_TEXTURE = "ImageAdjust[GaussianFilter[SeedRandom[5]; RandomImage[1, {90, 70}], 2]]"


@pytest.fixture(scope="module")
def session():
    s = Session(echo=False)
    s.evaluate(f"tex = {_TEXTURE};")
    return s


def _value(session, text):
    return to_python(session.evaluate(text))


@pytest.mark.parametrize("name, text, expected", declared_examples("image_keypoints"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_a_blob_its_position_scale_and_contrast(session):
    (position, pixel, scale, sign), = _value(
        session, f'ImageKeypoints[{_BLOB}, {{"Position", "PixelPosition", "Scale", '
                 f'"ContrastSign"}}, MaxFeatures -> 1]')
    assert position == [29.5, 20.5] and pixel == [29.0, 20.0]       # its centre, y up
    assert 3 < scale < 12                                            # about its size
    assert sign == 1                                                 # lighter than around
    assert _value(session, f'ImageKeypoints[ColorNegate[{_BLOB}], "ContrastSign", '
                           'MaxFeatures -> 1]') == [-1]


def test_strongest_first_descriptors_of_unit_length(session):
    strengths = np.array(_value(session, 'ImageKeypoints[tex, "Confidence"]'))
    assert len(strengths) > 5 and (np.diff(strengths) <= 0).all()
    descriptors = np.array(_value(session, 'ImageKeypoints[tex, "Descriptor", MaxFeatures -> 5]'))
    assert descriptors.shape == (5, 64)
    np.testing.assert_allclose(np.linalg.norm(descriptors, axis=1), 1.0)
    weak = len(_value(session, "ImageKeypoints[tex, KeypointStrength -> 0.01]"))
    assert weak < len(strengths)
    assert _value(session, "ImageKeypoints[Image[ConstantArray[0.3, {30, 30}]]]") == []


def test_corresponding_points_of_a_shifted_and_a_turned_image(session):
    """Matches are the same places: a crop shifts them by its offset, a quarter turn
    turns them about the centre."""
    first, second = (np.array(p) for p in _value(
        session, "ImageCorrespondingPoints[tex, ImageTake[tex, {6, 70}, {11, 90}]]"))
    assert len(first) > 5
    assert np.mean(np.linalg.norm(first - second - [10, 0], axis=1) < 1.0) > 0.9
    first, second = (np.array(p) for p in _value(
        session, "ImageCorrespondingPoints[tex, ImageRotate[tex]]"))     # 90° counterclockwise
    turned = np.stack([70 - first[:, 1], first[:, 0]], axis=1)           # w x h = 90 x 70
    assert len(first) > 5
    assert np.mean(np.linalg.norm(turned - second, axis=1) < 1.0) > 0.9


def test_matches_are_mutual_and_distinct():
    a = np.eye(4)[:3]
    b = np.eye(4)[[2, 0, 1, 3]]
    assert matches(a, b).tolist() == [[0, 1], [1, 2], [2, 0]]
    # an ambiguous descriptor (as near to two) is no match
    assert matches(np.array([[1.0, 1.0]]) / np.sqrt(2), np.eye(2)).tolist() == []


@pytest.mark.parametrize("text, tag", [
    ("ImageKeypoints[3]", "imginv"),
    ('ImageKeypoints[tex, "Foo"]', "prop"),
    ("ImageKeypoints[tex, KeypointStrength -> -1]", "strength"),
    ("ImageKeypoints[tex, MaxFeatures -> 0]", "maxf"),
    ('ImageKeypoints[tex, Method -> "ORB"]', "method"),
    ("ImageCorrespondingPoints[tex, 3]", "imginv"),
])
def test_bad_input_is_a_message_and_stays_unevaluated(session, text, tag):
    session.messages.clear()
    out = output_form(session.evaluate(text))
    assert any(f"::{tag}:" in m for m in session.messages), session.messages
    assert out.startswith(text.split("[")[0] + "["), out
