"""MandelbrotSetPlot (wlnet/graphics/plots/fractals.py)."""

import numpy as np

from wlnet.core.expr import TRUE, S
from wlnet.graphics.plots import fractals as F
from wlnet.graphics.values import numeric_array


def _raster(g):
    raster = g.args[0].args[0]
    assert raster.head is S.Raster
    return np.asarray(numeric_array(raster.args[0]), float), raster


def test_escape_counts_agree_with_the_iteration():
    c = np.array([0, -1, 0.25, 0.2501, 1, 1j, -2, 0.5 + 0.5j, -0.75 + 0.1j])
    counts, last = F.escape_counts(c, 1000, 2.0)
    for point, count in zip(c, counts):
        z, n = 0j, 0
        while abs(z) <= 2 and n < 1000:
            z, n = z * z + point, n + 1
        expected = n if abs(z) > 2 else 1001
        assert count == expected, point
    assert np.isnan(last[0]) and last[4] > 2


def test_plot_is_a_framed_raster_of_the_rectangle(session):
    g = session.evaluate('MandelbrotSetPlot[{-0.75 + 0.05 I, -0.7 + 0.12 I}, '
                         'ImageResolution -> 60, MaxIterations -> 200]')
    assert not session.messages and g.head is S.Graphics
    pixels, raster = _raster(g)
    assert pixels.shape == (60, 43, 3)           # the taller side has the resolution
    corners = np.asarray(numeric_array(raster.args[1]), float)
    assert np.allclose(corners, [[-0.75, 0.05], [-0.7, 0.12]])
    options = {r.args[0].name: r.args[1] for r in g.args[1:]}
    assert options["Frame"] is TRUE


def test_the_set_is_black_and_the_default_view_square(session):
    g = session.evaluate('MandelbrotSetPlot[ImageResolution -> 41]')
    pixels, raster = _raster(g)
    assert pixels.shape == (41, 41, 3)
    # the centre column crosses -0.5 (inside the cardioid): black; the corners escape
    centre = pixels[20, int((-0.5 + 2) / 3 * 41)]
    assert np.allclose(centre, 0) and not np.allclose(pixels[0, 0], 0)


def test_colour_function_and_messages(session):
    g = session.evaluate('MandelbrotSetPlot[{-2 - I, 1 + I}, ImageResolution -> 30, '
                         'ColorFunction -> (RGBColor[#, 0, 0] &), MaxIterations -> 50]')
    pixels, _ = _raster(g)
    # the function gets 1 in the set and the count / MaxIterations outside
    assert np.isclose(pixels[:, :, 0].max(), 1) and np.allclose(pixels[:, :, 1:], 0)
    for code, tag in (('MandelbrotSetPlot[{1, 1}]', "MandelbrotSetPlot::rect"),
                      ('MandelbrotSetPlot[EscapeRadius -> 1]', "MandelbrotSetPlot::escr"),
                      ('MandelbrotSetPlot[MaxIterations -> 0]', "MandelbrotSetPlot::iter"),
                      ('MandelbrotSetPlot[Foo -> 1]', "MandelbrotSetPlot::optx")):
        session.evaluate(code)
        assert [m.split(":")[0] + "::" + m.split("::")[1].split(":")[0]
                for m in session.messages] == [tag], code
