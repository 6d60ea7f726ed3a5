"""VectorPlot and StreamPlot: the arrows they build follow the field, held arguments,
messages, and the drawn files."""

import numpy as np

from tests.graphics.conftest import png_pixels
from wlnet.core.expr import S
from wlnet.graphics.plots.fields import streamlines
from wlnet.graphics.values import numeric_array
from wlnet.syntax.printer import input_form


def arrows_of(g):
    assert g.head is S.Graphics
    group = g.args[0].args[0]
    return [numeric_array(a.args[0]) for a in group.args if a.head is S.Arrow]


def test_vector_plot_arrows_point_along_the_field(session):
    g = session.evaluate("VectorPlot[{y, -x}, {x, -1, 1}, {y, -1, 1}, PlotPoints -> 5]")
    arrows = arrows_of(g)
    assert len(arrows) == 24                        # 25 grid points, none at the zero
    for a in arrows:
        middle, direction = a.mean(axis=0), a[1] - a[0]
        field = np.array([middle[1], -middle[0]])
        assert abs(direction[0] * field[1] - direction[1] * field[0]) < 1e-9
        assert np.dot(direction, field) > 0


def test_streamlines_of_a_rotation_stay_on_their_circles():
    n = 21
    grid = np.linspace(-1, 1, n)
    x, y = np.meshgrid(grid, grid)
    lines = streamlines(-y, x)                      # counter-clockwise rotation
    assert lines
    for line in lines:
        points = line / (n - 1) * 2 - 1             # grid coordinates -> -1..1
        radius = np.hypot(points[:, 0], points[:, 1])
        assert radius.max() - radius.min() < 0.05
        step = np.diff(points, axis=0)
        assert (step[:, 1] * points[:-1, 0] - step[:, 0] * points[:-1, 1] > 0).all()


def test_stream_plot_is_hold_all_and_ends_in_the_plot_range(session):
    session.evaluate("x = 5")
    g = session.evaluate("StreamPlot[{1, x}, {x, 0, 2}, {y, 0, 1}]")
    assert not session.messages
    arrows = arrows_of(g)
    assert arrows and all(a.shape[1] == 2 and len(a) >= 4 for a in arrows)
    points = np.vstack(arrows)
    assert points[:, 0].min() >= 0 and points[:, 0].max() <= 2
    assert points[:, 1].min() >= 0 and points[:, 1].max() <= 1
    for a in arrows:                                # direction {1, x}: x and y increase
        assert (np.diff(a[:, 0]) > 0).all() and (np.diff(a[:, 1]) >= -1e-9).all()
    assert session.evaluate("x").value == 5


def test_field_plots_of_no_field_are_left_unevaluated(session):
    got = session.evaluate("StreamPlot[{x}, {x, 0, 1}, {y, 0, 1}]")
    assert input_form(got).startswith("StreamPlot[")
    assert [m.split(":")[0] for m in session.messages] == ["StreamPlot"]


def test_stream_and_vector_plots_draw(session, export):
    for code in ("StreamPlot[{-1 - x^2 + y, 1 + x - y^2}, {x, -3, 3}, {y, -3, 3}]",
                 "VectorPlot[{y, -x}, {x, -3, 3}, {y, -3, 3}]"):
        path, messages = export(code)
        assert not messages
        pixels = png_pixels(path)
        assert pixels.shape[1] == 360 and (pixels < 200).any()
