"""ListContourPlot: contour lines of gridded and scattered heights (ContourPlot and the
density plots are in test_plots.py)."""

import numpy as np

from tests.graphics.conftest import png_pixels
from tests.graphics.plots.test_plots import lines_of
from wlnet.core.expr import S
from wlnet.graphics.plots.arrays import gridded
from wlnet.graphics.values import numeric_array
from wlnet.core.session import Session
from wlnet.syntax.parser import parse
from wlnet.syntax.printer import input_form


def test_gridded_reads_heights_and_scattered_points():
    s = Session(echo=False)
    xs, ys, z = gridded(s.evaluate("{{1, 2, 3}, {4, 5, 6}}"), None)
    assert xs.tolist() == [1, 2, 3] and ys.tolist() == [1, 2] and z[1, 0] == 4
    xs, ys, z = gridded(s.evaluate("{{1, 2, 3}, {4, 5, 6}}"), parse("{{0, 1}, {0, 10}}"))
    assert xs.tolist() == [0, 0.5, 1] and ys.tolist() == [0, 10]
    xs, ys, z = gridded(s.evaluate("{{0, 0, 0}, {1, 0, 1}, {0, 1, 2}, {1, 1, 3}}"), None, 5)
    assert np.allclose(z, xs[None, :] + 2 * ys[:, None])      # the plane through them
    assert gridded(s.evaluate("{1, 2, 3}"), None) is None


def test_list_contour_plot_draws_lines_at_the_levels(session):
    g = session.evaluate("ListContourPlot[Table[i + j, {i, 5}, {j, 5}], Contours -> {5}]")
    assert not session.messages and g.head is S.Graphics
    (line,) = lines_of(g)
    assert np.allclose(line.sum(axis=1), 5)                   # x + y = 5 on the grid
    assert g.args[0].args[0].head is S.Raster
    session.evaluate("ListContourPlot[x]")
    assert session.messages[-1].startswith("ListContourPlot::arrayerr")


def test_list_contour_plot_renders(session, export):
    path, messages = export("ListContourPlot[Table[Sin[i/3] Cos[j/4], {i, 10}, {j, 12}], "
                            "ImageSize -> 200, PlotLabel -> \"z\"]")
    pixels = png_pixels(path)
    assert not messages and pixels.shape[1] == 200 and pixels.std() > 10


def test_list_density_plot_of_scattered_points(session):
    g = session.evaluate("ListDensityPlot[{{0, 0, 0}, {1, 0, 1}, {0, 1, 1}, {1, 1, 2}}]")
    assert not session.messages
    raster = g.args[0].args[0]
    assert raster.head is S.Raster
    extent = raster.args[1]
    assert input_form(extent) == "{{0., 0.}, {1., 1.}}"
    colours = numeric_array(raster.args[0])
    assert colours.shape[:2] == (120, 120)
    assert not np.allclose(colours[0, 0], colours[-1, -1])    # low and high corners differ
