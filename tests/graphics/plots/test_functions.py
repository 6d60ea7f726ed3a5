"""Plot's exclusions (poles and steps found, or given) and its automatic y range measured
along x."""

import numpy as np

from tests.graphics.conftest import parts_with_head
from wlnet.graphics.plots.functions import automatic_y_range
from wlnet.graphics.values import numeric_array


def runs(g):
    """The point runs of the first curve's Line."""
    line = parts_with_head(g, "Line")[0]
    first = line.args[0].args[0]
    if numeric_array(first) is not None and numeric_array(first).ndim == 1:   # one run
        return [numeric_array(line.args[0])]
    return [numeric_array(r) for r in line.args[0].args]


def test_poles_and_steps_break_the_curve(session):
    tan = runs(session.evaluate("Plot[Tan[x], {x, -3, 3}]"))
    assert len(tan) == 3                                  # two poles: three pieces
    poles = sorted(r[-1, 0] for r in tan[:-1])
    assert np.allclose(poles, [-np.pi / 2, np.pi / 2], atol=0.03)
    assert len(runs(session.evaluate("Plot[Floor[x], {x, 0, 3.5}]"))) == 4
    assert len(runs(session.evaluate("Plot[Tanh[100 x], {x, -1, 1}]"))) == 1   # steep, whole
    assert len(runs(session.evaluate("Plot[Tan[x], {x, -3, 3}, Exclusions -> None]"))) == 1
    given = runs(session.evaluate("Plot[Sin[x], {x, 0, 10}, Exclusions -> {x == Pi}]"))
    assert len(given) == 2 and np.isclose(given[0][-1, 0], np.pi, atol=0.3)


def test_only_the_curve_with_a_pole_is_broken(session):
    g = session.evaluate("Plot[{Sin[x], Sec[x]}, {x, -3, 3}]")
    lines = parts_with_head(g, "Line")
    assert numeric_array(lines[0].args[0]).ndim == 2         # the sine: one run
    assert len(lines[1].args[0].args) == 3


def test_the_y_range_is_the_bulk_along_x():
    xs = np.concatenate([np.linspace(0, 1, 50), np.linspace(1, 1.001, 200)])
    ys = np.concatenate([np.sin(xs[:50]), np.linspace(1, 1000, 200)])   # a spike, finely
    lo, hi = automatic_y_range(ys, xs)
    assert hi < 20                                          # not flattened by the spike
    assert automatic_y_range(np.sin(np.linspace(0, 6, 100))) is None


def test_parametric_plot_of_two_parameters_fills_the_region(session):
    from wlnet.syntax.printer import input_form
    g = session.evaluate("ParametricPlot[{r Cos[t], r Sin[t]}, {r, 1, 2}, {t, 0, Pi/2}, "
                         "PlotPoints -> 5]")
    assert not session.messages
    (complex_,) = parts_with_head(g, "GraphicsComplex")
    points = numeric_array(complex_.args[0])
    quads = numeric_array(complex_.args[1].args[0]).astype(int)
    assert quads.shape == (16, 4)                     # 4 x 4 cells of the parameters
    radii = np.hypot(points[:, 0], points[:, 1])
    assert np.allclose(radii.min(), 1) and np.allclose(radii.max(), 2)
    assert (points[:, 0] >= -1e-12).all() and (points[:, 1] >= -1e-12).all()
    assert len(parts_with_head(g, "Line")) == 4       # the sides' images bound it
    assert "Opacity[0.3]" in input_form(g)


def test_parametric_plot_legends_name_the_curves(session):
    g = session.evaluate('ParametricPlot[{{2 Cos[t], 2 Sin[t]}, {Cos[t], Sin[t]}}, '
                         '{t, 0, 2 Pi}, PlotLegends -> "Expressions"]')
    from wlnet.syntax.printer import input_form
    legend = input_form(g.args[1])
    assert "2*Cos[t]" in legend and "{Cos[t], Sin[t]}" in legend


def test_polar_axes_and_grid_lines(session):
    from wlnet.syntax.printer import input_form
    g = session.evaluate("PolarPlot[Sin[3 t], {t, 0, Pi}, PolarAxes -> True, "
                         "PolarGridLines -> Automatic]")
    assert not session.messages and g.head.name == "Graphics"
    circles = parts_with_head(g, "Circle")
    radii = sorted(c.args[1].value for c in circles)
    assert radii[-1] == 1.0 and 0.5 in radii                # rings at 0.5, 1; the axis at 1
    texts = [input_form(t.args[0]) for t in parts_with_head(g, "Text")]
    degrees = [t for t in texts if "Degree" in t]
    assert len(degrees) == 12 and degrees[1].startswith("Row[{30, ")
    assert "Axes -> False" in input_form(g)
    plain = session.evaluate("PolarPlot[Sin[3 t], {t, 0, Pi}, PolarGridLines -> Automatic]")
    assert parts_with_head(plain, "Circle") and not parts_with_head(plain, "Text")


def test_parametric_plot_mesh_marks_points_evenly_in_the_parameter(session):
    g = session.evaluate("ParametricPlot[{Cos[t], Sin[t]}, {t, 0, 2 Pi}, Mesh -> 3, "
                         "MeshStyle -> Red]")
    assert not session.messages
    (points,) = parts_with_head(g, "Point")
    assert np.allclose(numeric_array(points.args[0]), [[0, 1], [-1, 0], [0, -1]], atol=1e-9)
    assert session.evaluate("Count[%, RGBColor[1, 0, 0], Infinity]").value == 1
    plain = session.evaluate("ParametricPlot[{Cos[t], Sin[t]}, {t, 0, 2 Pi}]")
    assert not parts_with_head(plain, "Point")


def test_parametric_plot_color_function_gets_x_y_and_the_parameter(session):
    g = session.evaluate("ParametricPlot[{Cos[t], Sin[t]}, {t, 0, Pi}, "
                         "ColorFunction -> Function[{x, y, u}, GrayLevel[u]], PlotPoints -> 20]")
    assert not session.messages
    greys = [c.args[0].value for c in parts_with_head(g, "RGBColor")][1:]   # (the style)
    assert len(greys) > 10 and greys == sorted(greys)       # darker at the start of t
    assert greys[0] < 0.1 and greys[-1] > 0.9
