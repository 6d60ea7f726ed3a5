"""VectorPlot and StreamPlot: arrows of a field on a grid, and streamlines along it."""

import numpy as np
import pytest

from tests.graphics.conftest import png_pixels
from wlnet.core.expr import S
from wlnet.graphics.plots.vectors import streamlines
from wlnet.graphics.values import numeric_array
from wlnet.syntax.printer import input_form


def arrows_of(g):
    found = []

    def walk(e):
        if getattr(e, "head", None) is S.Arrow:
            found.append(numeric_array(e.args[0]))
        for a in getattr(e, "args", ()):
            walk(a)
    walk(g)
    return found


def test_vector_plot_arrows_follow_the_field(session):
    session.evaluate("x = 3")
    g = session.evaluate("VectorPlot[{1, y}, {x, 0, 1}, {y, 0, 1}, VectorPoints -> 5]")
    assert not session.messages
    arrows = arrows_of(g)
    assert len(arrows) == 25
    for a in arrows:
        middle, d = a.mean(axis=0), a[1] - a[0]
        assert np.isclose(d[1] / d[0], middle[1])           # along {1, y} at the point
    longest = max(np.hypot(*(a[1] - a[0])) for a in arrows)
    assert np.isclose(longest, 0.9 * 0.25)                   # the longest spans most of a cell


def test_streamlines_of_a_rotation_are_circles():
    n = 25
    c = np.linspace(-1, 1, n)
    gx, gy = np.meshgrid(c, c)
    lines = streamlines(-gy, gx)
    assert len(lines) > 3
    for line in lines:
        radius = np.hypot(*(line * 2 / (n - 1) - 1).T)
        assert radius.std() < 0.03 * max(radius.mean(), 0.1)


def test_stream_plot_and_messages(session, export):
    g = session.evaluate("StreamPlot[{-y, x}, {x, -1, 1}, {y, -1, 1}]")
    first = arrows_of(g)[0]
    (ax, ay), (bx, by) = first[1] - first[0], first[2] - first[1]
    turn = ax * by - ay * bx
    assert turn > 0                                           # counter-clockwise flow
    session.evaluate("VectorPlot[foo, {x, -1, 1}, {y, -1, 1}]")
    assert session.messages[-1].startswith("VectorPlot::vfun")
    path, messages = export("StreamPlot[{1, y}, {x, 0, 1}, {y, 0, 1}, ImageSize -> 180]")
    assert not messages and png_pixels(path).shape[1] == 180


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


def test_list_vector_plot_of_an_array_and_of_points(session):
    g = session.evaluate("ListVectorPlot[{{{1, 0}, {0, 1}, {1, 1}}, {{-1, 0}, {0, -2}, "
                         "{0, 0}}}]")
    assert not session.messages
    arrows = session.evaluate("Cases[%, Arrow[p_] :> p, Infinity]")
    ends = [numeric_array(a) for a in arrows.args]
    assert len(ends) == 5                                  # the zero vector draws nothing
    centres = sorted(tuple(e.mean(axis=0)) for e in ends)
    assert centres == [(1, 1), (1, 2), (2, 1), (2, 2), (3, 1)]
    longest = max(np.linalg.norm(e[1] - e[0]) for e in ends)
    assert longest == pytest.approx(0.9)                   # 0.9 of a cell
    g = session.evaluate("ListVectorPlot[{{{0, 0}, {1, 1}}, {{2, 0}, {0, 1}}}]")
    ends = [numeric_array(a) for a in session.evaluate(
        "Cases[%, Arrow[p_] :> p, Infinity]").args]
    assert sorted(tuple(e.mean(axis=0)) for e in ends) == [(0, 0), (2, 0)]
    session.evaluate("ListVectorPlot[x]")
    assert session.messages[-1].startswith("ListVectorPlot::vdata")


def _arrow_lengths(session, code):
    session.evaluate(code)
    ends = [numeric_array(a) for a in session.evaluate("Cases[%, Arrow[p_] :> p, Infinity]").args]
    return sorted(float(np.linalg.norm(e[1] - e[0])) for e in ends)


def test_vector_scaling(session):
    data = "{{{0, 0}, {1, 0}}, {{2, 0}, {0, 4}}, {{4, 0}, {0, 16}}}"         # cell 2
    same = _arrow_lengths(session, f"ListVectorPlot[{data}]")
    assert same == pytest.approx([1.8, 1.8, 1.8])                   # None: all one length
    assert _arrow_lengths(session, f"ListVectorPlot[{data}, VectorScaling -> None]") == same
    linear = [1.8 / 16, 1.8 / 4, 1.8]
    assert _arrow_lengths(session, f"ListVectorPlot[{data}, VectorScaling -> Automatic]") \
        == pytest.approx(linear)
    assert _arrow_lengths(session, f'ListVectorPlot[{data}, VectorScaling -> "Linear"]') \
        == pytest.approx(linear)
    assert _arrow_lengths(session, f'ListVectorPlot[{data}, VectorScaling -> "Sqrt"]') \
        == pytest.approx([1.8 / 4, 1.8 / 2, 1.8])
    logs = _arrow_lengths(session, f'ListVectorPlot[{data}, VectorScaling -> "Log"]')
    assert logs == pytest.approx([1.8 * np.log(2) / np.log(17), 1.8 * np.log(5) / np.log(17),
                                  1.8])
    assert not session.messages
    field = _arrow_lengths(session, "VectorPlot[{x, 0}, {x, 1, 2}, {y, 0, 1}, "
                                    "VectorPoints -> 2, VectorScaling -> Automatic]")
    assert field == pytest.approx([0.45, 0.45, 0.9, 0.9])
    session.evaluate(f"ListVectorPlot[{data}, VectorScaling -> Foo]")
    assert session.messages[-1].startswith("ListVectorPlot::vscale")
    assert _arrow_lengths(session, "%") == same
