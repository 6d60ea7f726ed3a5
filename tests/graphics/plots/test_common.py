"""The marks every list and function plot shares: Mesh points, PlotMarkers, PlotLabels,
and legends given in Placed."""

import numpy as np

from tests.graphics.conftest import parts_with_head
from wlnet.core.expr import Symbol, from_python
from wlnet.graphics.plots.common import mesh_points
from wlnet.graphics.values import numeric_array


def test_mesh_points():
    xs, ys = np.array([0.0, 1, 2, 3]), np.array([0.0, 2, 4, 6])
    assert mesh_points(Symbol("All"), xs, ys).tolist() == [[0, 0], [1, 2], [2, 4], [3, 6]]
    assert mesh_points(from_python(2), xs, ys).tolist() == [[1, 2], [2, 4]]    # evenly
    assert mesh_points(from_python([0.5, 9]), xs, ys).tolist() == [[0.5, 1]]
    assert mesh_points(None, xs, ys) is None


def test_mesh_and_markers_on_list_plots(session):
    g = session.evaluate("ListLinePlot[{1, 3, 2, 4}, Mesh -> All]")
    (points,) = [numeric_array(p.args[0]) for p in parts_with_head(g, "Point")]
    assert points.tolist() == [[1, 1], [2, 3], [3, 2], [4, 4]]
    g = session.evaluate("ListLinePlot[{{1, 3}, {2, 2}, {4, 1}}, PlotMarkers -> Automatic]")
    glyphs = [t.args[0].args[0].value for t in parts_with_head(g, "Text")]
    assert len(glyphs) == 3 and len(set(glyphs)) == 1              # a shape a data set
    g = session.evaluate("ListLinePlot[{{1, 3, 2}, {2, 2, 1}}, PlotMarkers -> Automatic]")
    glyphs = [t.args[0].args[0].value for t in parts_with_head(g, "Text")]
    assert len(glyphs) == 6 and glyphs[0] != glyphs[3]              # a shape a data set
    g = session.evaluate('ListPlot[{1, 3}, PlotMarkers -> {"x", 12}]')
    assert not parts_with_head(g, "Point")                          # markers replace dots
    assert [t.args[0].args[0].value for t in parts_with_head(g, "Text")] == ["x", "x"]


def test_mesh_on_a_function_plot_and_plot_labels(session):
    g = session.evaluate("Plot[Sin[x], {x, 0, 10}, Mesh -> 4, MeshStyle -> Red]")
    (points,) = [numeric_array(p.args[0]) for p in parts_with_head(g, "Point")]
    assert np.allclose(points[:, 0], [2, 4, 6, 8]) and np.allclose(points[:, 1],
                                                                   np.sin(points[:, 0]), atol=1e-3)
    g = session.evaluate('Plot[{Sin[x], Cos[x]}, {x, 0, 10}, PlotLabels -> "Expressions"]')
    assert [t.args[0].value for t in parts_with_head(g, "Text")] == ["Sin[x]", "Cos[x]"]
    g = session.evaluate('ListLinePlot[{{1, 2, 3}, {3, 2, 1}}, PlotLabels -> {"up", "down"}]')
    texts = parts_with_head(g, "Text")
    assert [t.args[0].value for t in texts] == ["up", "down"]
    assert numeric_array(texts[0].args[1]).tolist() == [3, 3]       # at the curve's end


def test_legends_in_placed(session):
    g = session.evaluate('Plot[Sin[x], {x, 0, 10}, PlotLegends -> Placed["sin", Above]]')
    (legend,) = parts_with_head(g, "LineLegend")
    assert [s.value for s in legend.args[1].args] == ["sin"]
    g = session.evaluate('BarChart[{1, 2}, ChartLegends -> Placed[{"a", "b"}, Below]]')
    (legend,) = parts_with_head(g, "SwatchLegend")
    assert [s.value for s in legend.args[1].args] == ["a", "b"]


def test_colour_bar_legends(session, export):
    from tests.graphics.conftest import png_pixels
    g = session.evaluate("MatrixPlot[{{1, -1}, {0, 2}}, PlotLegends -> Automatic]")
    (bar,) = parts_with_head(g, "BarLegend")
    assert numeric_array(bar.args[0].args[1]).tolist() == [-1, 2]
    colours = bar.args[0].args[0].args
    assert len(colours) > 2 and colours[0] != colours[-1]
    g = session.evaluate("ContourPlot[x y, {x, -1, 1}, {y, -1, 1}, Contours -> 4, "
                         "PlotLegends -> Automatic]")
    (bar,) = parts_with_head(g, "BarLegend")
    assert len(bar.args) == 2 and len(bar.args[1].args) == 4          # the contour values
    assert not parts_with_head(session.evaluate("DensityPlot[x, {x, 0, 1}, {y, 0, 1}]"),
                               "BarLegend")
    g = session.evaluate("Plot3D[x y, {x, -1, 1}, {y, -1, 1}, PlotLegends -> Automatic]")
    assert g.head.name == "Legended" and parts_with_head(g, "BarLegend")
    path, messages = export("DensityPlot[x, {x, 0, 1}, {y, 0, 1}, ColorFunction -> "
                            "GrayLevel, PlotLegends -> Automatic, ImageSize -> 300]")
    pixels = png_pixels(path)
    assert not messages and pixels.shape[1] == 300
    strip = pixels[:, 260:, :].mean(axis=2)                  # the bar: light at the top
    column = strip[:, np.argmin(strip.mean(axis=0))]
    assert column.min() < 60


def test_colour_functions_colour_curves_and_points(session):
    g = session.evaluate('Plot[x, {x, 0, 1}, ColorFunction -> "Rainbow", PlotPoints -> 5, '
                         'MaxRecursion -> 0]')
    segments = [grp for grp in parts_with_head(g, "List")
                if grp.args and grp.args[0].head.name == "RGBColor"]
    assert len(segments) == 4
    reds = [grp.args[0].args[0].value for grp in segments]
    assert reds[-1] > reds[0]                           # Rainbow: from purple to red in y
    g = session.evaluate("ListPlot[{1, 2, 3}, ColorFunction -> Function[{x, y}, "
                         "GrayLevel[y]]]")
    points = [grp for grp in parts_with_head(g, "List")
              if len(grp.args) == 2 and grp.args[1].head.name == "Point"]
    greys = [grp.args[0].args[0].value for grp in points]
    assert greys == [0.0, 0.5, 1.0]


def test_filling_rules_between_curves_and_to_levels(session):
    g = session.evaluate("Plot[{x, 2 x}, {x, 0, 1}, Filling -> {1 -> {2}}]")
    (region,) = [numeric_array(p.args[0]) for p in parts_with_head(g, "Polygon")]
    top = region[len(region) // 2:]                       # back along the second curve
    assert np.allclose(top[:, 1], 2 * top[:, 0])
    g = session.evaluate("Plot[x, {x, 0, 1}, Filling -> {1 -> {Axis, Yellow}}]")
    fills = [grp for grp in parts_with_head(g, "List") if parts_with_head(grp, "Polygon")
             and grp.args[0].head.name == "Directive"]
    assert "RGBColor[1, 1, 0]" in str(fills[0].args[0]) or "Yellow" in str(fills[0].args[0])
    g = session.evaluate("ListLinePlot[{{1, 2, 3}, {0, 1, 1}}, Filling -> {1 -> {{2}, Red}}]")
    (region,) = [numeric_array(p.args[0]) for p in parts_with_head(g, "Polygon")]
    assert region[:, 1].min() == 0 and region[:, 1].max() == 3
    assert not parts_with_head(session.evaluate("Plot[x, {x, 0, 1}, Filling -> {2 -> Axis}]"),
                               "Polygon")


def test_a_plot_style_list_per_curve(session):
    g = session.evaluate("Plot[{x, 2 x}, {x, 0, 1}, PlotStyle -> {{Red, Thick}, {Blue}}]")
    directives = [grp.args[0] for grp in g.args[0].args]
    assert "RGBColor[1, 0, 0]" in str(directives[0]) and "Thick" in str(directives[0])
    assert all(d.head.name == "Directive" and not any(a.head.name == "List"
                                                        for a in d.args if hasattr(a, "head"))
               for d in directives)


def test_monochrome_theme_greys_and_dashes(session):
    g = session.evaluate('Plot[{x, 2 x}, {x, 0, 1}, PlotTheme -> "Monochrome"]')
    first, second = (grp.args[0] for grp in g.args[0].args)
    assert first.args[0].head.name == "GrayLevel" and second.args[0].head.name == "GrayLevel"
    assert "AbsoluteDashing" not in str(first) and "AbsoluteDashing" in str(second)


def test_legends_show_the_plot_markers(session):
    from wlnet.graphics.render import figure_of
    g = session.evaluate('ListPlot[{{1, 2, 3}, {3, 2, 1}}, PlotMarkers -> {"x", "+"}, '
                         'PlotLegends -> {"a", "b"}]')
    (legend,) = parts_with_head(g, "PointLegend")
    assert "LegendMarkers" in str(legend)
    handles = figure_of(g, lambda *a: None).axes[0].get_legend().legend_handles
    assert [h.get_marker() for h in handles] == ["$x$", "$+$"]
    g = session.evaluate('ListPlot[{{1, 2, 3}, {3, 2, 1}}, PlotLegends -> {"a", "b"}]')
    handles = figure_of(g, lambda *a: None).axes[0].get_legend().legend_handles
    assert [h.get_marker() for h in handles] == ["o", "o"]        # plain points: dots


def test_legend_functions_with_options(session):
    """PlotLegends -> LineLegend[labels, LegendLabel -> title] and LineLegend["Expressions"]
    (options after the labels) label the curves; the title heads the legend."""
    from wlnet.graphics.render import figure_of
    g = session.evaluate('ListLinePlot[{{1, 2, 3}, {2, 1, 3}}, '
                         'PlotLegends -> LineLegend[{"x", "y"}, LegendLabel -> "curves"]]')
    legend = figure_of(g, lambda *a: None).axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["x", "y"]
    assert legend.get_title().get_text() == "curves"
    g = session.evaluate('Plot[{Sin[x], Cos[x]}, {x, 0, 6}, '
                         'PlotLegends -> LineLegend["Expressions", LegendFunction -> Frame]]')
    (box,) = parts_with_head(g, "LineLegend")
    assert box.args[1] == session.evaluate("{HoldForm[Sin[x]], HoldForm[Cos[x]]}")


def test_legends_keep_the_labels_as_expressions(session):
    # PlotLegends -> "Expressions": each function held, as WL's legend shows it; labels
    # given are kept as given (a symbol stays a symbol), keys of data sets as they are
    from wlnet.syntax.printer import input_form
    x = session.evaluate("x = 5; Plot[{Sin[x], x^2 + 1}, {x, 0, 1}, "
                         'PlotLegends -> "Expressions"]')
    (box,) = parts_with_head(x, "LineLegend")
    assert input_form(box.args[1]) == "{HoldForm[Sin[x]], HoldForm[x^2 + 1]}"
    g = session.evaluate('ListLinePlot[{{1, 2, 3}, {3, 2, 1}}, PlotLegends -> {a, "b", c}]')
    (box,) = parts_with_head(g, "LineLegend")
    assert input_form(box.args[1]) == '{a, "b"}'
    g = session.evaluate('ListPlot[<|"u" -> {1, 2}, "v" -> {2, 1}|>, PlotLegends -> Automatic]')
    (box,) = parts_with_head(g, "PointLegend")
    assert input_form(box.args[1]) == '{"u", "v"}'


def test_face_form_without_arguments_draws_no_faces(session):
    pixels = session.evaluate('Rasterize[Graphics[{EdgeForm[Red], FaceForm[], '
                              'Rectangle[{0, 0}, {1, 1}]}, ImageSize -> 60]]').pixels
    h, w = pixels.shape[:2]
    assert pixels[h // 2, w // 2][:3].tolist() == [255, 255, 255]      # inside: not filled


def test_picture_plot_markers(session):
    g = session.evaluate('ListPlot[{1, 2, 3}, PlotMarkers -> {Graphics[{Red, Disk[]}], 0.05}]')
    insets = parts_with_head(g, "Inset")
    assert len(insets) == 3 and insets[0].args[0].head.name == "Graphics"
    assert abs(insets[0].args[3].value - 0.1) < 1e-9           # 0.05 of the width 2
    assert not any("Graphics" in str(t.args[0]) for t in parts_with_head(g, "Text"))


def test_legends_placed_at_named_positions(session):
    from wlnet.graphics.render import figure_of
    for where, corner in (("{Right, Top}", "upper right"), ("{Left, Bottom}", "lower left"),
                          ("{Center, Center}", "center"), ("{After, Top}", "upper left")):
        g = session.evaluate('ListLinePlot[{{1, 2, 3}, {2, 1, 3}}, '
                             f'PlotLegends -> Placed[{{"x", "y"}}, {where}]]')
        legend = figure_of(g, lambda *a: None).axes[0].get_legend()
        assert legend._loc == legend.codes[corner], where


def test_legend_labels_of_powers_and_subscripts_are_mathematics(session):
    from wlnet.graphics.render import figure_of
    g = session.evaluate('Plot[{x^2, Sin[x]}, {x, 0, 1}, PlotLegends -> "Expressions"]')
    (box,) = parts_with_head(g, "LineLegend")
    assert box.args[1].args[0] == session.evaluate("HoldForm[x^2]")   # the expression kept
    texts = [t.get_text() for t in figure_of(g, lambda *a: None).axes[0].get_legend().get_texts()]
    assert texts == ["$x^2$", "Sin[x]"]
    g = session.evaluate('ListLinePlot[{{1, 2, 3}, {3, 2, 1}}, '
                         'PlotLegends -> {Subscript[w, 1], "costs $"}]')
    texts = [t.get_text() for t in figure_of(g, lambda *a: None).axes[0].get_legend().get_texts()]
    assert texts == ["$w_1$", "costs \\$"]
