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


def _raster(session, code):
    g = session.evaluate(code)
    assert not session.messages, session.messages
    (raster,) = [a for a in g.args[0].args if a.head is S.Raster]
    return numeric_array(raster.args[0])[::-1]            # rows top-down again


def test_array_plot_takes_a_pure_function_colour_function(session):
    colours = _raster(session, "ArrayPlot[{{1, 2}, {3, 4}}, "
                               "ColorFunction -> (RGBColor[#, 0, 0] &)]")
    assert np.allclose(colours[..., 0], [[0, 1 / 3], [2 / 3, 1]], atol=1e-6)   # scaled
    assert np.allclose(colours[..., 1:], 0)
    colours = _raster(session, "ArrayPlot[{{1, 2}}, ColorFunctionScaling -> False, "
                               "ColorFunction -> (ColorData[97][#] &)]")
    assert np.allclose(colours[0], session_colours(session, "ColorData[97, \"ColorList\"]")[:2])
    colours = _raster(session, "ArrayPlot[{{0, 1}}, ColorFunction -> Hue]")
    assert np.allclose(colours[0], [[1, 0, 0], [1, 0, 0]])                  # Hue[0] = Hue[1]
    colours = _raster(session, "ArrayPlot[{{0.2, 0.6}}, ColorFunctionScaling -> False, "
                               "ColorFunction -> (# &)]")
    assert np.allclose(colours[0, :, 0], [0.2, 0.6])                        # grey levels


def session_colours(session, code):
    return np.array([[c.value for c in colour.args] for colour in session.evaluate(code).args])


def test_array_plot_gradients_are_wl_colour_schemes(session):
    by_name = _raster(session, 'ArrayPlot[{{0, 1}}, ColorFunction -> "TemperatureMap"]')
    by_data = _raster(session, 'ArrayPlot[{{0, 1}}, ColorFunction -> ColorData["TemperatureMap"]]')
    assert np.allclose(by_name, by_data)
    # value 0 is the gradient's start (its blue end)
    from wlnet.graphics.colour_schemes import gradient_rgb
    assert np.allclose(by_name[0, 0], gradient_rgb("TemperatureMap", 0.0), atol=1 / 255)
    session.evaluate('ArrayPlot[{{0, 1}}, ColorFunction -> "NoSuchGradient"]')
    assert session.messages[-1].startswith("ArrayPlot::cfun")


def test_array_plot_options_of_the_documentation(session):
    # PlotRange -> {zmin, zmax}: the values the colours span (2 is clipped to black)
    assert np.allclose(_raster(session, "ArrayPlot[{{1, 0}, {0, 2}}, PlotRange -> {0, 1}]"),
                       [[[0] * 3, [1] * 3], [[1] * 3, [0] * 3]])
    assert np.allclose(_raster(session, "ArrayPlot[{{1, 0, 2}}, ColorRules -> {2 -> Green, "
                                        "0 -> Blue}]")[0], [[0.5] * 3, [0, 0, 1], [0, 1, 0]])
    assert np.allclose(_raster(session, "ArrayPlot[{{True, False}}]")[0], [[0] * 3, [1] * 3])
    assert np.allclose(_raster(session, "ArrayPlot[{{1, 0}, {0, 0}}, DataReversed -> True]"),
                       [[[1] * 3, [1] * 3], [[0] * 3, [1] * 3]])
    ragged = _raster(session, "ArrayPlot[{{1, 1}, {1}}]")
    assert ragged.shape == (2, 2, 3) and np.allclose(ragged[1, 1], 1)      # empty: white
    g = session.evaluate("ArrayPlot[{{1, 0, 1}}, PixelConstrained -> 10]")
    assert "ImageSize -> 30" in input_form(g)
    lighter = _raster(session, "MatrixPlot[{{1, -1}}, PlotRange -> {-2, 2}]")
    full = _raster(session, "MatrixPlot[{{1, -1}}]")
    assert (lighter.sum() > full.sum())                                    # half the scale


def _mesh_lines(session, text):
    g = session.evaluate(text)
    assert not session.messages, session.messages
    return [input_form(group) for group in g.args[0].args[1:]]


def test_array_plot_mesh(session, export):
    # True: a line between every two rows and every two columns, grey by default
    rows, cols = _mesh_lines(session, "ArrayPlot[{{0, 1, 0}, {1, 0, 1}}, Mesh -> True]")
    assert rows == "{GrayLevel[0.5], Line[{{{0, 1}, {3, 1}}}]}"
    assert cols == "{GrayLevel[0.5], Line[{{{1, 0}, {1, 2}}, {{2, 0}, {2, 2}}}]}"
    # All: the outer boundaries too; {rows, columns}; n equally spaced lines; positions
    # count cells from the top and from the left
    (rows,) = _mesh_lines(session, "ArrayPlot[{{0, 1}, {1, 0}}, Mesh -> {All, None}]")
    assert rows.count("{{0,") == 3
    rows, cols = _mesh_lines(session, "MatrixPlot[Table[i - j, {i, 4}, {j, 6}], Mesh -> 1]")
    assert "{{0, 2.}, {6, 2.}}" in rows and "{{3., 0}, {3., 4}}" in cols
    (rows,) = _mesh_lines(session, "ArrayPlot[{{1, 0}, {0, 1}, {1, 1}}, Mesh -> {{1}, None}]")
    assert "{{0, 2}, {2, 2}}" in rows
    # MeshStyle: one style, or one for the rows' lines and one for the columns'
    rows, cols = _mesh_lines(session, "ArrayPlot[{{0, 1}, {1, 0}}, Mesh -> True, "
                                      "MeshStyle -> {Red, Blue}]")
    assert rows.startswith("{RGBColor[1, 0, 0]") and cols.startswith("{RGBColor[0, 0, 1]")
    assert _mesh_lines(session, "ArrayPlot[{{0, 1}, {1, 0}}, Mesh -> False]") == []
    session.evaluate("ArrayPlot[{{1}}, Mesh -> x]")
    assert session.messages[-1].startswith("ArrayPlot::mesh")
    session.messages.clear()
    path, messages = export("ArrayPlot[RandomReal[1, {6, 8}], Mesh -> True]")
    assert not messages and png_pixels(path).shape[0] > 0


def test_array_plot_frame_ticks_are_cell_numbers():
    """ArrayPlot's frame has no ticks by default; given ones (and MatrixPlot's) number
    the cells, row 1 at the top."""
    from wlnet.graphics.render import figure_of
    s = Session(echo=False)

    def axes(code):
        return figure_of(s.evaluate(code), lambda *a: None).axes[0]

    ax = axes("ArrayPlot[{{0, 1}, {1, 0}, {1, 1}}]")
    assert not ax.get_xticks().size and not ax.get_yticks().size
    ax = axes("ArrayPlot[{{0, 1}, {1, 0}, {1, 1}}, FrameTicks -> Automatic]")
    assert ax.get_yticks().tolist() == [2.5, 1.5, 0.5]
    ax = axes('MatrixPlot[{{0, 1}, {1, 0}, {1, 1}}, '
              'FrameTicks -> {{{1, "a"}, {2, "b"}}, {{1, "top"}, {3, "bottom"}}}]')
    assert ax.get_xticks().tolist() == [0.5, 1.5]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b"]
    assert ax.get_yticks().tolist() == [2.5, 0.5]                 # row 1 at the top
    assert [t.get_text() for t in ax.get_yticklabels()] == ["top", "bottom"]


def test_confusion_matrix_plot_names_the_classes():
    from tests.graphics.conftest import parts_with_head
    s = Session(echo=False)
    g = s.evaluate('ClassifierMeasurements[{"cat", "dog", "cat", "bird"}, '
                   '{"cat", "dog", "dog", "bird"}, "ConfusionMatrixPlot"]')
    assert not s.messages and g.head == S.Graphics
    text = input_form(g)
    for name in ('"bird"', '"cat"', '"dog"', '"actual class"', '"predicted class"'):
        assert name in text
    counts = sorted(t.args[0].args[0].value for t in parts_with_head(g, "Text"))
    assert counts == [0, 0, 0, 0, 0, 1, 1, 1, 1]              # every cell's count


def test_region_function_of_density_and_contour_plots(session):
    # left out (white) where RegionFunction fails: here below the diagonal
    for plot in ("DensityPlot", "ContourPlot"):
        pixels = session.evaluate(f"Rasterize[{plot}[x + y, {{x, 0, 1}}, {{y, 0, 1}}, "
                                  "RegionFunction -> (#1 < #2 &), Frame -> False, "
                                  "ImageSize -> 100]]").pixels.astype(int)
        h, w = pixels.shape[:2]
        assert (pixels[int(0.8 * h), int(0.8 * w)] >= 250).all(), plot   # x > y: blank
        assert (pixels[int(0.2 * h), int(0.2 * w)] < 250).any(), plot    # x < y: drawn
        assert not session.messages


def test_contour_shading_style_and_labels(session):
    from tests.graphics.conftest import parts_with_head
    from wlnet.syntax.printer import input_form
    plain = session.evaluate("ListContourPlot[Table[x + y, {x, 0, 4}, {y, 0, 4}], "
                             "Contours -> {2, 4}, ContourShading -> None, ContourLabels -> True]")
    assert not session.messages
    assert not parts_with_head(plain, "Raster")
    texts = parts_with_head(plain, "Text")
    assert sorted(t.args[0].value for t in texts) == [2, 4]
    styled = session.evaluate("ContourPlot[x^2 + y^2, {x, -2, 2}, {y, -2, 2}, Contours -> 2, "
                              "ContourStyle -> {Red, Blue}, ContourShading -> {White, Black}]")
    assert "RGBColor[1, 0, 0]" in input_form(styled) and "RGBColor[0, 0, 1]" in input_form(styled)
    (raster,) = parts_with_head(styled, "Raster")
    values = np.unique(np.round(numeric_array(raster.args[0]), 6).reshape(-1, 3), axis=0)
    assert len(values) <= 3 and {0.0, 1.0} <= set(values.ravel())   # white, black (and no data)
    bare = session.evaluate("ContourPlot[Sin[x y], {x, 0, 3}, {y, 0, 3}, ContourStyle -> None]")
    assert not parts_with_head(bare, "Line") and parts_with_head(bare, "Raster")


def test_contour_plot_color_function_colours_the_bands(session):
    from tests.graphics.conftest import parts_with_head
    grey = session.evaluate("ContourPlot[x, {x, 0, 1}, {y, 0, 1}, Contours -> 1, "
                            "ColorFunction -> (GrayLevel[#] &)]")
    assert not session.messages
    (raster,) = parts_with_head(grey, "Raster")
    rgb = numeric_array(raster.args[0])
    assert np.allclose(rgb[..., 0], rgb[..., 1])            # grey levels only
    assert rgb[:, 0, 0].mean() < rgb[:, -1, 0].mean()       # darker at low x
    rainbow = session.evaluate('ListContourPlot[{{1, 2}, {3, 4}}, ColorFunction -> "Rainbow"]')
    plain = session.evaluate('ListContourPlot[{{1, 2}, {3, 4}}]')
    assert parts_with_head(rainbow, "Raster") != parts_with_head(plain, "Raster")


def test_contour_labels_by_a_function_of_x_y_and_the_level(session):
    from tests.graphics.conftest import parts_with_head
    g = session.evaluate("ContourPlot[x + y, {x, 0, 1}, {y, 0, 1}, Contours -> {1}, "
                         "ContourLabels -> Function[{x, y, z}, Text[Framed[z], {x, y}]]]")
    assert not session.messages
    (text,) = parts_with_head(g, "Text")
    assert text.args[0].head.name == "Framed" and text.args[0].args[0].value == 1.0
    x, y = (a.value for a in text.args[1].args)
    assert abs(x + y - 1) < 0.02                       # on the line where x + y = 1
    g = session.evaluate("ContourPlot[x + y, {x, 0, 1}, {y, 0, 1}, Contours -> {1}, "
                         "ContourLabels -> (#3 &)]")
    (text,) = parts_with_head(g, "Text")
    assert text.args[0].value == 1.0
