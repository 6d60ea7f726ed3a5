"""ColorData and ColorDataFunction: WL's named gradients, indexed and physical schemes."""

import numpy as np
import pytest

from wlnet.core.session import Session
from wlnet.graphics.colour_schemes import GRADIENT_STOPS, INDEXED, gradient_rgb
from wlnet.graphics.style import DEFAULT_PLOT_COLOURS
from wlnet.syntax.printer import input_form


@pytest.fixture
def session():
    return Session(echo=False)


def rgb(session, code):
    e = session.evaluate(code)
    assert e.head.name == "RGBColor", input_form(e)
    return np.array([a.value for a in e.args])


def test_collections_and_names(session):
    assert input_form(session.evaluate("ColorData[]")) == '{"Gradients", "Indexed", "Physical"}'
    names = [a.value for a in session.evaluate('ColorData["Gradients"]').args]
    assert {"Rainbow", "TemperatureMap", "SunsetColors"} <= set(names)
    assert "VisibleSpectrum" not in names
    assert 97 in [a.value for a in session.evaluate('ColorData["Indexed"]').args]


def test_gradient_function_and_its_colours(session):
    f = session.evaluate('ColorData["Rainbow"]')
    assert input_form(f) == 'ColorDataFunction["Rainbow", "Gradients", {0, 1}, ' \
                            'Blend["Rainbow", #1] & ]'
    # TemperatureMap: blue at 0, white in the middle, red at 1
    cold, hot = rgb(session, 'ColorData["TemperatureMap"][0]'), \
        rgb(session, 'ColorData["TemperatureMap"][1]')
    assert cold[2] > 0.8 > cold[0] and hot[0] > 0.7 > hot[2]
    assert np.allclose(rgb(session, 'ColorData["TemperatureMap", 1/2]'), 1.0)
    assert np.allclose(rgb(session, 'ColorData["SunsetColors"][0]'), 0.0)
    assert np.allclose(rgb(session, 'ColorData["SunsetColors"][1]'), 1.0)
    # between stops the colours are blended linearly; outside the range, clipped
    middle = rgb(session, 'ColorData["Rainbow"][0.5 / 15]')
    assert np.allclose(middle, np.mean(GRADIENT_STOPS["Rainbow"][:2], axis=0), atol=1e-6)
    assert np.allclose(rgb(session, 'ColorData["Rainbow"][7]'),
                       rgb(session, 'ColorData["Rainbow"][1]'))
    assert np.allclose(rgb(session, 'Blend["SunsetColors", 1]'), 1.0)
    assert session.evaluate('ColorData["Rainbow"][x]').head.head.name == "ColorDataFunction"


def test_reversed_and_rescaled_gradients(session):
    assert np.allclose(rgb(session, 'ColorData[{"TemperatureMap", "Reverse"}][0]'),
                       rgb(session, 'ColorData["TemperatureMap"][1]'))
    assert np.allclose(rgb(session, 'ColorData[{"Rainbow", {-2, 2}}][0]'),
                       rgb(session, 'ColorData["Rainbow"][0.5]'))
    assert input_form(session.evaluate('ColorData[{"Rainbow", {-2, 2}}, "Range"]')) == "{-2, 2}"


def test_indexed_schemes_cycle(session):
    assert np.allclose(rgb(session, "ColorData[97][1]"), DEFAULT_PLOT_COLOURS[0])
    assert np.allclose(rgb(session, "ColorData[97, 2]"), DEFAULT_PLOT_COLOURS[1])
    n = len(INDEXED[97])
    assert np.allclose(rgb(session, f"ColorData[97][{n + 3}]"), INDEXED[97][2])
    colours = session.evaluate('ColorData[97, "ColorList"]')
    assert len(colours.args) == n and colours.args[0].head.name == "RGBColor"
    assert input_form(session.evaluate("ColorData[97]")).startswith(
        'ColorDataFunction[97, "Indexed", {1, Infinity, 1}')


def test_properties(session):
    assert input_form(session.evaluate('ColorData["Rainbow", "ColorList"]')) == \
        'Missing["NotApplicable"]'
    assert input_form(session.evaluate('ColorData["VisibleSpectrum", "Range"]')) == "{380, 750}"
    assert session.evaluate('ColorData["Rainbow", "ParameterCount"]').value == 1
    assert session.evaluate('ColorData["Rainbow", "Name"]').value == "Rainbow"
    assert session.evaluate('ColorData["Rainbow", "ColorFunction"]') == \
        session.evaluate('ColorData["Rainbow"]')
    assert session.evaluate('ColorData["Rainbow", "Image"]').head.name == "Graphics"
    # the spectrum is green near 530 nm
    green = rgb(session, 'ColorData["VisibleSpectrum"][530]')
    assert green[1] > green[0] and green[1] > green[2]


def test_unknown_schemes_and_properties_give_messages(session):
    assert input_form(session.evaluate('ColorData["NoSuchScheme"]')) == \
        'ColorData["NoSuchScheme"]'
    assert session.messages[-1].startswith("ColorData::notent")
    session.evaluate('ColorData["Rainbow", "Colour"]')
    assert session.messages[-1].startswith("ColorData::prop")


def test_gradient_rgb_is_vectorised():
    out = gradient_rgb("Rainbow", np.array([[0.0, 1.0]]))
    assert out.shape == (1, 2, 3)
    assert np.allclose(out[0, 0], GRADIENT_STOPS["Rainbow"][0])
