"""ListStepPlot, ErrorListPlot and ListPlot of Around values: the Graphics they build,
their messages and the drawn files (the other list plots are in test_plots.py)."""

import numpy as np
import pytest

from tests.graphics.conftest import png_pixels
from tests.graphics.plots.test_plots import lines_of
from wlnet.core.expr import S
from wlnet.graphics.plots.lists import step_points
from wlnet.graphics.values import numeric_array


def points_of(g):
    found = []

    def walk(e):
        if getattr(e, "head", None) is S.Point:
            found.append(numeric_array(e.args[0]))
        for a in getattr(e, "args", ()):
            walk(a)
    walk(g)
    return found


def test_step_points_hold_each_value_over_its_step():
    xs, ys = step_points(np.array([1.0, 2.0, 4.0]), np.array([5.0, 6.0, 7.0]), "Right")
    assert xs.tolist() == [1, 2, 2, 4, 4, 5.5] and ys.tolist() == [5, 5, 6, 6, 7, 7]
    xs, _ = step_points(np.array([1.0, 2.0, 3.0]), np.array([5.0, 6.0, 7.0]), "Left")
    assert xs.tolist() == [0, 1, 1, 2, 2, 3]
    xs, _ = step_points(np.array([1.0, 2.0, 3.0]), np.array([5.0, 6.0, 7.0]), "Center")
    assert xs.tolist() == [0.5, 1.5, 1.5, 2.5, 2.5, 3.5]


def test_list_step_plot_draws_a_step_line(session):
    g = session.evaluate("ListStepPlot[{1, 3, 2}, PlotStyle -> Red, PlotLabel -> \"s\"]")
    (line,) = lines_of(g)
    assert line.tolist() == [[1, 1], [2, 1], [2, 3], [3, 3], [3, 2], [4, 2]]
    assert "PlotLabel" in str(g.args[1:])
    (a, b) = lines_of(session.evaluate("ListStepPlot[{{{1, 1}, {2, 2}}, {{1, 3}, {3, 4}}}]"))
    assert a[-1].tolist() == [3, 2] and b[-1].tolist() == [5, 4]
    (left,) = lines_of(session.evaluate("ListStepPlot[{1, 3, 2}, Left]"))  # to the left
    assert left.tolist() == [[0, 1], [1, 1], [1, 3], [2, 3], [2, 2], [3, 2]]
    assert not session.messages
    session.evaluate("ListStepPlot[{1, 2}, Up]")
    assert session.messages[-1].startswith("ListStepPlot::stpos")
    session.evaluate("ListStepPlot[x]")
    assert session.messages[-1].startswith("ListStepPlot::lpn")


def test_list_plot_of_around_values_draws_error_bars(session):
    g = session.evaluate("ListPlot[{Around[1., 0.1], Around[2., 0.3], 3}]")
    (pts,) = points_of(g)
    assert pts.tolist() == [[1, 1], [2, 2], [3, 3]]
    bars = [line for line in lines_of(g) if line[0, 0] == line[1, 0]]     # vertical ones
    assert np.allclose(sorted((b[0, 1], b[1, 1]) for b in bars), [(0.9, 1.1), (1.7, 2.3)])
    assert not session.messages


def test_error_list_plot_forms(session):
    for data in ("{{1, 2, 0.5}, {2, 3, 0.2}}", "{{{1, 2}, ErrorBar[0.5]}, {{2, 3}, ErrorBar[0.2]}}"):
        g = session.evaluate(f"ErrorListPlot[{data}]")
        (pts,) = points_of(g)
        assert pts.tolist() == [[1, 2], [2, 3]]
        vertical = [line for line in lines_of(g) if line[0, 0] == line[1, 0]]
        assert sorted(v[1, 1] - v[0, 1] for v in vertical) == pytest.approx([0.4, 1.0])
    g = session.evaluate("ErrorListPlot[{{{1, 2}, ErrorBar[0.3, {-0.1, 0.2}]}}]")
    spans = sorted(tuple(line[:, k].tolist()) for line in lines_of(g)
                   for k in (0, 1) if line[0, 1 - k] == line[1, 1 - k] and
                   abs(line[1, k] - line[0, k]) > 0.1)
    assert np.allclose(spans, [(0.7, 1.3), (1.9, 2.2)])         # x bar, then y bar
    session.evaluate("ErrorListPlot[{1, 2}]")
    assert session.messages[-1].startswith("ErrorListPlot::edata")


def test_step_and_error_plots_render(session, export):
    for code in ("ListStepPlot[{1, 3, 2}, ImageSize -> 200]",
                 "ErrorListPlot[{{1, 2, 0.5}, {2, 3, 0.2}}, ImageSize -> 200]"):
        path, messages = export(code)
        assert not messages
        pixels = png_pixels(path)
        assert pixels.shape[1] == 200 and (pixels.mean(axis=2) < 200).any()


def test_around_in_x_draws_horizontal_bars(session):
    g = session.evaluate("ListPlot[{{Around[1., 0.2], 5}, {2, Around[6., 0.5]}}]")
    (pts,) = points_of(g)
    assert pts.tolist() == [[1, 5], [2, 6]]
    lines = lines_of(g)
    horizontal = [line for line in lines if line[0, 1] == line[1, 1] and
                  line[1, 0] - line[0, 0] > 0.1]
    vertical = [line for line in lines if line[0, 0] == line[1, 0] and
                line[1, 1] - line[0, 1] > 0.1]
    assert [h[:, 0].tolist() for h in horizontal] == [[0.8, 1.2]]
    assert [v[:, 1].tolist() for v in vertical] == [[5.5, 6.5]]
    assert not session.messages


def test_list_polar_plot_places_radii_by_angle(session):
    g = session.evaluate("ListPolarPlot[{1, 1, 1, 1, 1}]")
    (pts,) = points_of(g)
    assert np.allclose(pts, [[1, 0], [0, 1], [-1, 0], [0, -1], [1, 0]], atol=1e-12)
    assert "AspectRatio -> Automatic" in str(session.evaluate("ToString[InputForm[%]]").value)
    g = session.evaluate("ListPolarPlot[{{{0, 1}, {Pi/2, 2}}, Style[{3, 3}, Red]}]")
    first, second = points_of(g)
    assert np.allclose(first, [[1, 0], [0, 2]], atol=1e-12)
    assert np.allclose(second, [[3, 0], [3, 0]], atol=1e-12)
    assert not session.messages
    session.evaluate("ListPolarPlot[x]")
    assert session.messages[-1].startswith("ListPolarPlot::lpn")


def test_associations_of_data_sets_and_of_values(session):
    from tests.graphics.conftest import parts_with_head
    g = session.evaluate('ListLinePlot[<|"train" -> {1, 0.5}, "val" -> {2, 1}|>, '
                         'PlotLegends -> Automatic]')
    (legend,) = parts_with_head(g, "LineLegend")
    assert [s.value for s in legend.args[1].args] == ["train", "val"]
    assert len(parts_with_head(g, "Line")) == 2
    (points,) = [numeric_array(p.args[0]) for p in
                 parts_with_head(session.evaluate("ListPlot[<|1 -> 2, 3 -> 5|>]"), "Point")]
    assert points.tolist() == [[1, 2], [3, 5]]
    (points,) = [numeric_array(p.args[0]) for p in
                 parts_with_head(session.evaluate('ListPlot[<|"a" -> 2, "b" -> 5|>]'), "Point")]
    assert points.tolist() == [[1, 2], [2, 5]]


def test_labels_given_by_rules(session):
    """ListPlot[data -> labels] labels the points (or the sets); an element point -> label
    labels that point."""
    from tests.graphics.conftest import parts_with_head
    g = session.evaluate('ListPlot[{1, 2, 3} -> {"a", "b", "c"}]')
    assert not session.messages
    texts = parts_with_head(g, "Text")
    assert [t.args[0].value for t in texts] == ["a", "b", "c"]
    assert [t.args[1].args[1].value for t in texts] == [1, 2, 3]        # at the points
    g = session.evaluate('ListPlot[{{1, 2} -> "p", {2, 3}, {3, 1} -> "q"}]')
    assert [t.args[0].value for t in parts_with_head(g, "Text")] == ["p", "q"]
    g = session.evaluate('ListLinePlot[{{1, 2, 3}, {3, 2, 1}} -> {"up", "down"}]')
    texts = parts_with_head(g, "Text")
    assert [t.args[0].value for t in texts] == ["up", "down"]
    assert [t.args[1].args[1].value for t in texts] == [3, 1]           # at the ends


def test_text_offsets_place_the_box(session):
    from wlnet.graphics.render import figure_of
    fig = figure_of(session.evaluate('Graphics[{Text["ab", {0, 0}, {-1, 0}], '
                                     'Text["ab", {0, 0}, {1, 1}]}]'), lambda *a: None)
    left, corner = fig.axes[0].texts
    assert left.xyann[0] > 0 and left.xyann[1] == 0          # moved right: left end at the point
    assert corner.xyann[0] < 0 and corner.xyann[1] < 0       # top right corner at the point


def test_numeric_arrays_are_plotted_as_their_lists(session):
    """A net's weights (NumericArray) and SparseArrays plot as their lists."""
    from tests.graphics.conftest import parts_with_head
    from wlnet.graphics.values import numeric_array
    g = session.evaluate('ListLinePlot[NumericArray[{1., 3., 2.}]]')
    (line,) = parts_with_head(g, "Line")
    assert numeric_array(line.args[0]).tolist() == [[1, 1], [2, 3], [3, 2]]
    g = session.evaluate('ListLinePlot[SparseArray[{1 -> 1, 3 -> 2}]]')
    (line,) = parts_with_head(g, "Line")
    assert numeric_array(line.args[0]).tolist() == [[1, 1], [2, 0], [3, 2]]
    for code in ('Histogram[NumericArray[{{1., 2., 3.}, {2., 2., 1.}}]]',
                 'BarChart[NumericArray[{1, 2}, "Integer8"]]'):
        assert session.evaluate(code).head.name == "Graphics" and not session.messages, code


def test_plot_style_point_size_wins(session):
    from wlnet.graphics.render import figure_of
    def size(code):
        fig = figure_of(session.evaluate(code), lambda *a: None)
        return max(line.get_markersize() for line in fig.axes[0].lines)
    assert size("ListPlot[{1, 2, 3}, PlotStyle -> PointSize[Large]]") > \
        2 * size("ListPlot[{1, 2, 3}]")


def test_automatic_legends_of_plain_lists_have_placeholder_labels(session, export):
    # WL: PlotLegends -> Automatic without names to show gives a legend with placeholder
    # labels, the legend constructors' LineLegend[{col…}, Automatic]
    from tests.graphics.conftest import parts_with_head, png_pixels
    g = session.evaluate("ListLinePlot[{{1, 2, 3}, {3, 2, 1}}, PlotLegends -> Automatic]")
    (legend,) = parts_with_head(g, "LineLegend")
    assert len(legend.args[0].args) == 2 and legend.args[1].name == "Automatic"
    g = session.evaluate("ListPlot[{1, 2}, PlotLegends -> Automatic]")
    (legend,) = parts_with_head(g, "PointLegend")
    assert len(legend.args[0].args) == 1 and legend.args[1].name == "Automatic"
    plain = png_pixels(export("ListLinePlot[{{1, 2, 3}, {3, 2, 1}}]")[0])
    legended, messages = export("ListLinePlot[{{1, 2, 3}, {3, 2, 1}}, "
                                "PlotLegends -> Automatic]")
    assert not messages and not np.array_equal(png_pixels(legended), plain)
    drawn, messages = export("Legended[Graphics[Disk[]], LineLegend[{Red, Blue}, Automatic]]")
    assert not messages and (png_pixels(drawn)[..., 0] > 200).any()
