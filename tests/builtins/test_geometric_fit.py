"""FindGeometricTransform (wlnet.builtins.geometric_fit)."""

import numpy as np
import pytest

from wlnet.builtins.geometric_fit import apply, fit
from wlnet.core.expr import to_python
from wlnet.core.session import Session
from wlnet.syntax.printer import output_form
from tests.builtins._support import check_example, declared_examples

RNG = np.random.default_rng(4)


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


def _value(session, text):
    return to_python(session.evaluate(text))


@pytest.mark.parametrize("name, text, expected", declared_examples("geometric_fit"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def _random_matrix(kind):
    angle, scale = 0.4, 1.7
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    m = np.eye(3)
    m[:2, 2] = [3.0, -2.0]
    if kind in ("Rigid", "Similarity"):
        m[:2, :2] = rotation * (scale if kind == "Similarity" else 1.0)
    if kind in ("Affine", "Perspective"):
        m[:2, :2] = [[1.2, 0.3], [-0.2, 0.8]]
    if kind == "Perspective":
        m[2, :2] = [0.01, -0.02]
    return m


@pytest.mark.parametrize("kind", ["Translation", "Rigid", "Similarity", "Affine", "Perspective"])
def test_each_class_recovers_its_transformation(kind):
    source = RNG.uniform(-5, 5, size=(12, 2))
    m = _random_matrix(kind)
    found = fit(kind, apply(m, source), source)
    np.testing.assert_allclose(found, m, atol=1e-8)


def test_from_wl_the_function_maps_the_second_set_onto_the_first(session):
    err, moved = _value(session, "{First[#], Last[#] /@ {{1, 0}, {0, 1}}} &["
                                 "FindGeometricTransform[{{0, 0}, {0, 2}, {-2, 0}}, "
                                 "{{0, 0}, {1, 0}, {0, 1}}]]")
    assert abs(err) < 1e-9
    np.testing.assert_allclose(moved, [[0, 2], [-2, 0]], atol=1e-9)
    # two points: a similarity (Automatic), a scale of 2 here
    np.testing.assert_allclose(_value(session, "Last[FindGeometricTransform[{{1, 1}, {1, 3}}, "
                                               "{{0, 0}, {1, 0}}]][{2, 0}]"), [1, 5], atol=1e-9)


def test_ransac_leaves_the_outliers_out(session):
    session.evaluate("src = Flatten[Table[{i, j}, {i, 0, 9}, {j, 0, 9}], 1]; "
                     "dst = (# + {5, -3}) & /@ src; dst[[1]] = {100, 100}; dst[[7]] = {-50, 3};")
    err, origin = _value(session, '{First[#], Last[#][{0, 0}]} &[FindGeometricTransform[dst, '
                                   'src, Method -> "RANSAC", TransformationClass -> "Rigid"]]')
    assert err < 1e-9
    np.testing.assert_allclose(origin, [5, -3], atol=1e-9)
    assert _value(session, 'First[FindGeometricTransform[dst, src, Method -> "Linear"]]') > 1


def test_several_sets_and_images(session):
    assert len(_value(session, "FindGeometricTransform[{{0, 0}, {1, 0}}, "
                               "{{{0, 0}, {1, 0}}, {{1, 1}, {2, 1}}}]")) == 2
    assert len(_value(session, "FindGeometricTransform[{{{0, 0}, {1, 0}}, "
                               "{{1, 1}, {2, 1}}, {{2, 2}, {3, 2}}}]")) == 3
    session.evaluate("SeedRandom[5]; tex = ImageAdjust[GaussianFilter[RandomImage[1, {90, 70}], "
                     "2]];")
    err, origin = _value(session, '{First[#], Last[#][{0, 0}]} &[FindGeometricTransform[tex, '
                                   'ImageTake[tex, {6, 70}, {11, 90}], '
                                   'TransformationClass -> "Translation"]]')
    assert err < 1
    np.testing.assert_allclose(origin, [10, 0], atol=0.5)      # the crop's offset


@pytest.mark.parametrize("text, tag", [
    ("FindGeometricTransform[{{0, 0}}, {{0, 0}, {1, 1}}]", "pts"),
    ("FindGeometricTransform[x, {{0, 0}}]", "pts"),
    ('FindGeometricTransform[{{0, 0}, {1, 0}}, {{0, 0}, {1, 0}}, TransformationClass -> "Foo"]',
     "class"),
    ('FindGeometricTransform[{{0, 0}, {1, 0}}, {{0, 0}, {1, 0}}, Method -> "FindFit"]', "method"),
    ('FindGeometricTransform[{{0, 0}}, {{1, 1}}, TransformationClass -> "Affine"]', "few"),
])
def test_bad_input_is_a_message_and_stays_unevaluated(session, text, tag):
    session.messages.clear()
    out = output_form(session.evaluate(text))
    assert any(f"::{tag}:" in m for m in session.messages), session.messages
    assert out.startswith("FindGeometricTransform["), out


def test_image_align_undoes_a_turn(session):
    session.evaluate("SeedRandom[5]; tex = ImageAdjust[GaussianFilter[RandomImage[1, {90, 70}], "
                     "2]]; al = ImageAlign[tex, ImageRotate[tex, 10 Degree, Full]];")
    assert output_form(session.evaluate("ImageDimensions[al]")) == "{90, 70}"   # ref's frame
    original = np.array(_value(session, "ImageData[tex]"))
    back = np.array(_value(session, "ImageData[al]"))
    assert np.abs(original - back)[15:-15, 15:-15].mean() < 0.05      # away from the corners
    assert _value(session, "Length[ImageAlign[tex, {tex, tex}]]") == 2
    session.messages.clear()
    session.evaluate("ImageAlign[tex, 3]")
    assert any("ImageAlign::imginv" in m for m in session.messages)
    session.messages.clear()
    session.evaluate("ImageAlign[tex, Image[{{0.5}}]]")                  # nothing in common
    assert any("ImageAlign::nopts" in m for m in session.messages)
