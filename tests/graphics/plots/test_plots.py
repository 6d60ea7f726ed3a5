"""The plotting functions: the Graphics they build, their attributes, options, messages,
and the drawn files."""

import numpy as np
import pytest

from tests.graphics.conftest import png_pixels
from wlnet.core.expr import Expr, S
from wlnet.graphics.values import numeric_array
from wlnet.syntax.printer import input_form


def lines_of(g):
    """The point arrays of every Line in a graphic (Legended unwrapped)."""
    while g.head.name == "Legended":
        g = g.args[0]
    found = []

    def walk(e):
        if type(e) is Expr:
            if e.head is S.Line:
                arr = numeric_array(e.args[0])               # one line, or several
                found.extend([arr] if arr is not None and arr.ndim == 2
                             else [numeric_array(a) for a in e.args[0].args])
            for a in e.args:
                walk(a)
    walk(g.args[0])
    return found


def test_plot_is_hold_all_and_samples_numbers(session):
    session.evaluate("x = 7; f[t_?NumericQ] := t^2")
    g = session.evaluate("Plot[f[x], {x, 0, 1}]")
    assert not session.messages and g.head.name == "Graphics"
    (line,) = lines_of(g)
    assert line[0, 0] == 0.0 and line[-1, 0] == 1.0
    assert np.allclose(line[:, 1], line[:, 0] ** 2)        # x bound to each sample
    assert session.evaluate("x").value == 7                 # and restored
    assert "HoldAll" in input_form(session.evaluate("Attributes[Plot]"))


def test_plot_samples_more_where_the_curve_bends(session):
    (line,) = lines_of(session.evaluate("Plot[Sin[1/x], {x, 0.05, 1}]"))
    xs = line[:, 0]
    steps = np.diff(xs)
    assert steps[:20].mean() < steps[-20:].mean() / 3       # denser near 0


def test_failing_points_leave_gaps(session):
    lines = lines_of(session.evaluate("Plot[Sqrt[x], {x, -1, 1}]"))
    assert len(lines) == 1 and lines[0][:, 0].min() >= -0.05   # nothing for x < 0
    lines = lines_of(session.evaluate("Plot[If[Abs[x] < 0.2, Indeterminate, x], {x, -1, 1}]"))
    assert len(lines) == 2                                      # a gap in the middle
    assert not session.messages


def test_several_functions_and_a_legend(session):
    g = session.evaluate('Plot[{Sin[x], Cos[x]}, {x, 0, 3}, PlotLegends -> {"s", "c"}]')
    assert g.head.name == "Legended" and len(lines_of(g)) == 2
    assert '"s", "c"' in input_form(g.args[1])


def test_plot_messages(session):
    assert session.evaluate("Plot[x, {x, 0, a}]").head is S.Plot
    assert session.messages[-1].startswith("Plot::plln")
    session.evaluate("Plot[x, x]")
    assert session.messages[-1].startswith("Plot::pllim")
    session.evaluate("Plot[x, {x, 0, 1}, Foo -> 2]")
    assert session.messages[-1].startswith("Plot::optx")


def test_plot_draws_the_line_where_expected(session, export):
    path, messages = export("Plot[x, {x, 0, 1}, Axes -> False, PlotRange -> {{0, 1}, {0, 1}}, "
                            "AspectRatio -> 1, ImageSize -> 100, PlotRangePadding -> None]")
    assert not messages
    pixels = png_pixels(path).astype(int)
    blue = (pixels[..., 2] - pixels[..., 0]) > 60             # the default first colour
    for x in (20, 50, 80):
        assert blue[99 - x - 3:99 - x + 4, x].any()
    assert not blue[10, 90] and not blue[90, 10]


@pytest.mark.parametrize("code", [
    "ListPlot[{1, 4, 9, 16}]", "ListPlot[{{1, 2}, {3, 1}}, Joined -> True]",
    "ListLinePlot[{{1, 2, 3}, {3, 2, 1}}, Filling -> Axis]", "ListLogPlot[{1, 10, 100}]",
    "ListLogLogPlot[{{1, 1}, {10, 100}}]", "LogPlot[Exp[x], {x, 0, 5}]",
    "ParametricPlot[{Cos[t], Sin[t]}, {t, 0, 2 Pi}]", "LogLogPlot[x^2, {x, 1, 100}]",
    "LogLinearPlot[Log[x], {x, 1, 10}]", "PolarPlot[1 + Cos[t], {t, 0, 2 Pi}]",
    "DensityPlot[x y, {x, 0, 1}, {y, 0, 1}, PlotPoints -> 10]",
    "ContourPlot[x^2 - y^2, {x, -1, 1}, {y, -1, 1}, PlotPoints -> 15]",
    "ContourPlot[x^2 + y^2 == 1, {x, -1, 1}, {y, -1, 1}, PlotPoints -> 15]",
    "ListDensityPlot[{{1, 2}, {3, 4}}]", "ArrayPlot[{{0, 1}, {1, 0}}]",
    "MatrixPlot[{{1, -1}, {0, 2}}]", "Histogram[{1, 2, 2, 3, 3, 3}]",
    "Histogram[RandomReal[1, 100], {0.1}]", "BarChart[{1, 3, 2}, ChartLabels -> {a, b, c}]",
    "BarChart[{{1, 2}, {3, 4}}]", "PieChart[{1, 2, 3}]",
    'Plot[Sin[x], {x, 0, 6}, PlotTheme -> "Detailed", PlotStyle -> Dashed]',
    "Plot[x^2, {x, -1, 1}, Filling -> Axis, ScalingFunctions -> None]",
    "DiscretePlot[k^2, {k, 0, 5}]", "DiscretePlot[{k, 10 - k}, {k, 0, 10, 2}]",
])
def test_every_plot_draws(session, export, code):
    g = session.evaluate(code)
    assert g.head.name in ("Graphics", "Legended"), input_form(g)[:200]
    path, messages = export(code)
    assert not messages
    pixels = png_pixels(path)
    assert pixels.shape[1] == 360 and (pixels < 200).any()


def test_list_plot_points_and_log_scales(session):
    g = session.evaluate("ListPlot[{1, None, 3}]")
    assert "Point[{{1., 1.}, {3., 3.}}]" in input_form(g)        # None is left out
    g = session.evaluate("ListLogPlot[{1, 10, 100}]")
    assert 'ScalingFunctions -> {None, "Log"}' in input_form(g)
    g = session.evaluate("ListLogLinearPlot[{{1, 1}, {10, 2}, {100, 3}}, Joined -> True]")
    assert 'ScalingFunctions -> {"Log", None}' in input_form(g) and not session.messages
    session.evaluate("ListPlot[x]")
    assert session.messages[-1].startswith("ListPlot::lpn")


def test_log_log_and_polar_plots(session):
    g = session.evaluate("LogLogPlot[x^2, {x, 1, 100}]")
    assert 'ScalingFunctions -> {"Log", "Log"}' in input_form(g)
    points = lines_of(g)[0]
    assert points[0, 0] == 1 and abs(points[-1, 0] - 100) < 1e-9
    assert np.allclose(points[:, 1], points[:, 0] ** 2)
    # sampled evenly in log x: [1, 10] gets about half the first 50 points (sampled evenly
    # in x it would get five)
    assert (points[:, 0] <= 10).sum() >= 20
    g = session.evaluate("PolarPlot[2, {t, 0, 2 Pi}]")
    assert "AspectRatio -> Automatic" in input_form(g)
    points = lines_of(g)[0]
    assert np.allclose(np.hypot(points[:, 0], points[:, 1]), 2)
    session.evaluate("LogLogPlot[x, {x, 0, 1}]")
    assert session.messages[-1].startswith("LogLogPlot::plln")


def test_points_filled_to_the_axis_get_stems(session):
    # unjoined points are filled by a line from each point to the axis, not a polygon
    g = session.evaluate("ListPlot[{1, 3, 2}, Filling -> Axis]")
    stems = lines_of(g)
    assert len(stems) == 3 and "Polygon" not in input_form(g)
    assert [tuple(s[:, 1]) for s in stems] == [(0., 1.), (0., 3.), (0., 2.)]


def test_discrete_plot_holds_its_variable_and_plots_each_step(session):
    session.evaluate("k = 7; v = {0.1, 0.5, 0.2}")
    g = session.evaluate("DiscretePlot[v[[k + 1]], {k, 0, 2}, PlotRange -> All]")
    assert not session.messages and g.head.name == "Graphics"
    assert "Point[{{0., 0.1}, {1., 0.5}, {2., 0.2}}]" in input_form(g)
    assert len(lines_of(g)) == 3                                # stems to the axis
    assert session.evaluate("k").value == 7
    g = session.evaluate("DiscretePlot[{k, -k}, {k, 1, 3}]")    # two sets
    assert input_form(g).count("Point[") == 2


def test_matrix_plot_cells_and_size(session, export):
    g = session.evaluate("MatrixPlot[{{1, 2}, {3, 4}, {5, 6}, {7, 8}}, ImageSize -> 30, "
                         "FrameTicks -> None]")
    path, _ = export("MatrixPlot[{{1, 2}, {3, 4}, {5, 6}, {7, 8}}, ImageSize -> 30, "
                     "FrameTicks -> None]")
    assert png_pixels(path).shape[:2] == (60, 30)
    assert input_form(g).startswith("Graphics[{Raster[{{{")
    path, _ = export("MatrixPlot[{{-1, 1}}, FrameTicks -> None, ImageSize -> 100]")
    pixels = png_pixels(path).astype(int)
    left, right = pixels[25, 25], pixels[25, 75]
    assert left[2] > left[0] and right[0] > right[2]           # negative blue, positive red
    session.evaluate("MatrixPlot[{1, 2}]")
    assert session.messages[-1].startswith("MatrixPlot::mat")


def test_histogram_counts(session):
    g = session.evaluate("Histogram[{1, 1.5, 2.5}, {0, 3, 1}]")
    text = input_form(g)
    assert "Rectangle[{0., 0.}, {1., 0.}]" not in text            # empty bins are not drawn
    assert "Rectangle[{1., 0.}, {2., 2.}]" in text and "Rectangle[{2., 0.}, {3., 1.}]" in text


def test_plot_of_a_net_is_evaluated_at_numbers(session):
    """The issue's example: Plot[net[x], …] with a net of a scalar."""
    session.evaluate('net = NetInitialize[NetChain[{LinearLayer[1]}, "Input" -> 1, '
                     '"Output" -> "Scalar"], RandomSeeding -> 1]')
    g = session.evaluate("Plot[net[{x}], {x, 0, 1}, PlotPoints -> 5, MaxRecursion -> 0]")
    assert not session.messages
    (line,) = lines_of(g)
    assert len(line) == 5
    assert np.allclose(np.diff(line[:, 1], 2), 0, atol=1e-4)     # a linear layer: a line


def test_options_of_the_plots_are_wl_defaults(session):
    """Options[Plot, name] as WL lists them (the x range in full, y chosen; a list plot's
    range automatic, a line plot joined)."""
    def option(f, name):
        return input_form(session.evaluate(f"Options[{f}, {name}]"))
    assert option("Plot", "PlotRange") == "{PlotRange -> {Full, Automatic}}"
    assert option("Plot", "AspectRatio") == "{AspectRatio -> GoldenRatio^(-1)}"
    assert option("ListPlot", "PlotRange") == "{PlotRange -> Automatic}"
    assert option("ListLinePlot", "Joined") == "{Joined -> True}"
    assert option("ParametricPlot", "AspectRatio") == "{AspectRatio -> Automatic}"
    assert session.evaluate("Length[Options[Plot]] > 20").name == "True"
    # the options still read as options in a call
    assert session.evaluate("Head[Plot[x, {x, 0, 1}, PlotRange -> All]]").name == "Graphics"
    assert not session.messages
