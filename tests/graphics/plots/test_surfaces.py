"""Plot3D and ListPlot3D: the Graphics3D they build, their attributes, options, messages,
and the drawn files."""

import numpy as np

from tests.graphics.conftest import png_pixels
from wlnet.core.expr import S
from wlnet.graphics.values import numeric_array
from wlnet.syntax.printer import input_form, output_form


def surface_of(g):
    """(points, faces) of the GraphicsComplex in a Graphics3D."""
    assert g.head is S.Graphics3D
    complex_ = g.args[0]
    assert complex_.head is S.GraphicsComplex
    return numeric_array(complex_.args[0]), numeric_array(complex_.args[1].args[0])


def test_plot3d_is_hold_all_and_samples_a_grid(session):
    session.evaluate("x = 7; f[a_?NumericQ, b_?NumericQ] := a + 2 b")
    g = session.evaluate("Plot3D[f[x, y], {x, 0, 1}, {y, -1, 1}, PlotPoints -> 11]")
    assert not session.messages
    points, faces = surface_of(g)
    assert points.shape == (121, 3) and faces.shape == (100, 4)
    assert np.allclose(points[:, 2], points[:, 0] + 2 * points[:, 1])
    assert points[:, 0].min() == 0 and points[:, 1].max() == 1
    assert session.evaluate("x").value == 7
    assert "HoldAll" in input_form(session.evaluate("Attributes[Plot3D]"))
    assert output_form(g) == "-Graphics3D-"


def test_points_where_the_function_is_not_real_are_holes(session):
    g = session.evaluate("Plot3D[Sqrt[x], {x, -1, 1}, {y, 0, 1}, PlotPoints -> 5]")
    points, faces = surface_of(g)
    assert (points[:, 0] >= 0).all() and len(points) == 15      # x = 0, 0.5, 1 kept
    assert faces.max() <= len(points) and len(faces) == 8


def test_list_plot3d_of_heights_and_of_points(session):
    g = session.evaluate("ListPlot3D[{{1, 2, 3}, {4, 5, 6}}]")
    points, faces = surface_of(g)
    assert points.tolist() == [[1, 1, 1], [2, 1, 2], [3, 1, 3], [1, 2, 4], [2, 2, 5], [3, 2, 6]]
    assert faces.tolist() == [[1, 2, 5, 4], [2, 3, 6, 5]]
    g = session.evaluate("ListPlot3D[{{1, 2, 3}, {4, 5, 6}}, DataRange -> {{0, 1}, {0, 10}}]")
    assert surface_of(g)[0][:, :2].tolist()[-1] == [1, 10]
    g = session.evaluate("ListPlot3D[{{0, 0, 1}, {1, 0, 2}, {0, 1, 3}, {1, 1, 4}}]")
    points, faces = surface_of(g)
    assert len(points) == 4 and faces.shape == (2, 3)              # two triangles


def test_bad_input_gives_messages(session):
    assert session.evaluate("ListPlot3D[{1, 2}]").head.name == "ListPlot3D"
    assert session.messages[0].startswith("ListPlot3D::arrayerr")
    g = session.evaluate("Plot3D[x y, {x, 0, 1}, {y, 0, 1}, Foo -> 1]")
    assert g.head is S.Graphics3D and session.messages[0].startswith("Plot3D::optx")
    assert session.evaluate("Plot3D[x, {x, 0}, {y, 0, 1}]").head.name == "Plot3D"
    assert session.messages[0].startswith("Plot3D::pllim")


def test_the_drawn_surface(export):
    # seen from above, a plane rising along x: coloured, darker at one end than the other
    path, messages = export("Plot3D[x, {x, 0, 1}, {y, 0, 1}, ViewPoint -> {0, 0, 3}, "
                            "Axes -> False, Boxed -> False, ColorFunction -> \"Rainbow\", "
                            "ImageSize -> 300]")
    assert messages == []
    pixels = png_pixels(path).astype(float)
    assert pixels.shape == (300, 300, 3)
    centre = pixels[100:200, 100:200]
    assert (centre.sum(axis=2) < 3 * 250).mean() > 0.9               # the surface is there
    left, right = pixels[140:160, 60:110].mean(axis=(0, 1)), \
        pixels[140:160, 190:240].mean(axis=(0, 1))
    top, bottom = pixels[60:110, 140:160].mean(axis=(0, 1)), \
        pixels[190:240, 140:160].mean(axis=(0, 1))
    assert max(np.abs(left - right).max(), np.abs(top - bottom).max()) > 60
    path, _ = export("ListPlot3D[Table[i j, {i, 5}, {j, 5}], PlotLabel -> \"heights\", "
                     "AxesLabel -> {\"u\", \"v\", \"w\"}]", "svg")
    svg = path.read_text()
    assert svg.count("<path") > 16 and "heights" in svg


def test_bad_option_values_draw_with_a_message(export):
    path, messages = export("Plot3D[x, {x, 0, 1}, {y, 0, 1}, PlotRange -> foo]")
    assert png_pixels(path).shape[1] == 360
    assert messages and messages[0].startswith("Graphics3D::gopt")


def test_list_point_plot3d_points_and_styles(session, export):
    g = session.evaluate("ListPointPlot3D[{{{1, 2, 3}, {2, 3, 1}}, {{0, 0, 0}}}, "
                         "PlotStyle -> {Red, Blue}, AxesLabel -> {\"x\", \"y\", \"z\"}]")
    assert not session.messages and g.head is S.Graphics3D
    first, second = g.args[0].args
    assert numeric_array(first.args[1].args[0]).tolist() == [[1, 2, 3], [2, 3, 1]]
    assert "RGBColor[1, 0, 0]" in input_form(first.args[0])
    assert "RGBColor[0, 0, 1]" in input_form(second.args[0])
    heights = session.evaluate("ListPointPlot3D[{{1, 2}, {3, 4}}]")
    assert numeric_array(heights.args[0].args[0].args[1].args[0])[2].tolist() == [1, 2, 3]
    session.evaluate("ListPointPlot3D[x]")
    assert session.messages[-1].startswith("ListPointPlot3D::arrayerr")
    path, messages = export("ListPointPlot3D[{{0, 0, 0}, {1, 1, 1}}, PlotStyle -> Red, "
                            "ImageSize -> 200]")
    pixels = png_pixels(path).astype(int)
    assert not messages and pixels.shape[:2] == (200, 200)
    red = (pixels[..., 0] > 180) & (pixels[..., 1] < 80) & (pixels[..., 2] < 80)
    assert red.any()                                  # the directive colours the points


def test_list_point_plot3d_filling_ticks_and_aspect_ratio(session, export):
    g = session.evaluate("ListPointPlot3D[{{1, 2, 3}, {2, 3, 1}, {0, 0, 2}}, Filling -> Bottom, "
                         "Ticks -> None, AspectRatio -> 1/2]")
    assert not session.messages
    stems = g.args[0].args[0].args[-1]
    assert stems.head is S.Line
    assert numeric_array(stems.args[0]).tolist() == [
        [[1, 2, 3], [1, 2, 1]], [[2, 3, 1], [2, 3, 1]], [[0, 0, 2], [0, 0, 1]]]
    axis = session.evaluate("ListPointPlot3D[{{1, 2, 3}}, Filling -> Axis]")
    assert numeric_array(axis.args[0].args[0].args[-1].args[0]).tolist() == [[[1, 2, 3], [1, 2, 0]]]
    session.evaluate("ListPointPlot3D[{{1, 2, 3}}, Filling -> Sideways]")
    assert session.messages[-1].startswith("ListPointPlot3D::optx")
    path, messages = export("ListPointPlot3D[{{0, 0, 0}, {1, 1, 1}}, Ticks -> {None, Automatic, "
                            "{0, 1}}, AspectRatio -> 1/2, ImageSize -> 200]")
    assert not messages and png_pixels(path).shape[:2] == (100, 200)


def _vertex_colours(g):
    complex_ = g.args[0]
    (rule,) = [a for a in complex_.args if a.head is S.Rule]
    return np.array([[c.value for c in colour.args] for colour in rule.args[1].args])


def test_a_pure_function_colour_function_gets_scaled_x_y_z(session):
    by_height = session.evaluate('Plot3D[Exp[-x^2 - y^2], {x, -2, 2}, {y, -2, 2}, '
                                 'PlotPoints -> 5, ColorFunction -> '
                                 '(ColorData["TemperatureMap"][#3] &)]')
    by_name = session.evaluate('Plot3D[Exp[-x^2 - y^2], {x, -2, 2}, {y, -2, 2}, '
                               'PlotPoints -> 5, ColorFunction -> "TemperatureMap"]')
    assert not session.messages
    assert np.allclose(_vertex_colours(by_height), _vertex_colours(by_name))
    by_x = _vertex_colours(session.evaluate(
        "Plot3D[x y, {x, 0, 1}, {y, 0, 1}, PlotPoints -> 4, ColorFunction -> "
        "(RGBColor[#1, #2, 0] &)]"))
    assert np.allclose(sorted(set(np.round(by_x[:, 0], 6))), [0, 1 / 3, 2 / 3, 1])
    assert np.allclose(by_x[:, 2], 0)


def test_list_point_plot3d_legends(session):
    from tests.graphics.conftest import parts_with_head
    g = session.evaluate('ListPointPlot3D[{{{0, 0, 0}, {1, 1, 1}}, {{0, 1, 0}, {1, 0, 1}}}, '
                         'PlotLegends -> {"a", "b"}]')
    assert g.head.name == "Legended"
    (box,) = parts_with_head(g, "PointLegend")
    assert [s.value for s in box.args[1].args] == ["a", "b"]


def test_a_function_never_numeric_draws_the_empty_box(session, export):
    g = session.evaluate("Plot3D[f[x, y], {x, 0, 2}, {y, -1, 1}]")
    assert not session.messages
    assert input_form(g) == ("Graphics3D[{}, Axes -> True, PlotRange -> {{0., 2.}, {-1., 1.}, "
                             "{-1., 1.}}, BoxRatios -> {1, 1, 0.4}]")
    own = session.evaluate("Plot3D[1/f, {x, 0, 1}, {y, 0, 1}, PlotRange -> {0, 3}, "
                           "PlotLegends -> Automatic]")
    assert input_form(own) == ("Graphics3D[{}, PlotRange -> {0, 3}, Axes -> True, "
                               "BoxRatios -> {1, 1, 0.4}]")
    path, messages = export("Plot3D[f[x, y], {x, 0, 1}, {y, 0, 1}]")
    assert not messages and png_pixels(path).std() > 0          # the box and its axes


def test_points_no_face_joins_and_a_flat_surface_with_its_legend(session, export):
    import warnings
    g = session.evaluate("Plot3D[If[x == 0 && y == 0, 1, f], {x, 0, 1}, {y, 0, 1}, "
                         "PlotPoints -> 3]")
    assert input_form(g).startswith("Graphics3D[{}, Axes -> True, PlotRange -> {{0., 1.}, "
                                    "{0., 1.}, {-1., 1.}}")
    with warnings.catch_warnings():
        warnings.simplefilter("error")                 # the bar of one value: no warning
        path, messages = export("Plot3D[1, {x, 0, 1}, {y, 0, 1}, PlotLegends -> Automatic]")
    assert not messages and png_pixels(path).std() > 0


def test_region_function_cuts_a_hole(session):
    # RegionFunction[x, y, z]: the surface only where it holds (a disk of the square)
    g = session.evaluate("Plot3D[x y, {x, -1, 1}, {y, -1, 1}, PlotPoints -> 21, "
                         "RegionFunction -> Function[{x, y, z}, x^2 + y^2 < 1], "
                         "Exclusions -> None, ClippingStyle -> None]")
    assert not session.messages
    points = numeric_array(g.args[0].args[0])
    assert (points[:, 0] ** 2 + points[:, 1] ** 2 < 1).all()
    assert len(points) > 0.6 * 21 * 21 * np.pi / 4
    # a condition on the height, and a function SymPy cannot take (point by point)
    g = session.evaluate("f[x_?NumericQ, y_, z_] := z > 0; "
                         "Plot3D[x y, {x, -1, 1}, {y, -1, 1}, PlotPoints -> 9, "
                         "RegionFunction -> f]")
    assert (numeric_array(g.args[0].args[0])[:, 2] > 0).all()


def test_several_functions_are_several_surfaces(session, export):
    # Plot3D[{f1, f2}, …]: a surface each, in the plot colours (or PlotStyle's) in turn
    g = session.evaluate("Plot3D[{x^2, -x^2 - 1}, {x, -1, 1}, {y, -1, 1}, PlotPoints -> 5]")
    assert not session.messages and len(g.args[0].args) == 2
    first, second = (numeric_array(group.args[1].args[0]) for group in g.args[0].args)
    assert np.allclose(first[:, 2], first[:, 0] ** 2)
    assert np.allclose(second[:, 2], -second[:, 0] ** 2 - 1)
    assert g.args[0].args[0].args[0] != g.args[0].args[1].args[0]      # two colours
    styled = session.evaluate("Plot3D[{x, -x}, {x, 0, 1}, {y, 0, 1}, "
                              "PlotStyle -> {Red, Blue}]")
    assert [input_form(group.args[0].args[-1]) for group in styled.args[0].args] == \
        ["RGBColor[1, 0, 0]", "RGBColor[0, 0, 1]"]                 # (the last one wins)
    path, messages = export("Plot3D[{x^2, -x^2}, {x, -1, 1}, {y, -1, 1}]")
    assert not messages and png_pixels(path).std() > 0


def test_plot_style_of_one_surface(session):
    # PlotStyle -> colour: the surface in it (no height colours); -> Opacity: see-through,
    # the height colours kept
    from wlnet.graphics.render import figure_of
    g = session.evaluate("Plot3D[x y, {x, 0, 1}, {y, 0, 1}, PlotStyle -> Orange, "
                         "PlotPoints -> 5]")
    style, complex_ = g.args[0].args
    assert input_form(style) == "RGBColor[1, 0.5, 0]" and len(complex_.args) == 2
    g = session.evaluate("Plot3D[x y, {x, 0, 1}, {y, 0, 1}, PlotStyle -> Opacity[0.3], "
                         "PlotPoints -> 5]")
    assert len(g.args[0].args[1].args) == 3                         # VertexColors kept
    (ax,) = figure_of(g, lambda *a: None).axes
    faces = [c for c in ax.collections if c.get_facecolor().size]
    assert faces and np.allclose(faces[0].get_facecolor()[:, 3], 0.3)


def test_color_function_scaling_false_gives_the_values_as_they_are(session):
    # z = 2x: at x = 1/2 the height 1 is Hue[1] (red) unscaled, Hue[0.5] (cyan) scaled
    def colour(extra):
        g = session.evaluate("Plot3D[2 x, {x, 0, 1}, {y, 0, 1}, PlotPoints -> 3, "
                             f"ColorFunction -> {extra}]")
        return input_form(g.args[0].args[2].args[1].args[1])
    assert colour("(Hue[#3] &), ColorFunctionScaling -> False") == "RGBColor[1., 0., 0.]"
    assert colour("(Hue[#3] &)") == "RGBColor[0., 1., 1.]"
    assert colour('"Rainbow", ColorFunctionScaling -> False') == \
        input_form(session.evaluate('ColorData["Rainbow"][1]'))
    assert not session.messages


def test_legends_of_several_surfaces(session, export):
    g = session.evaluate("Plot3D[{x^2, -x^2}, {x, -1, 1}, {y, -1, 1}, PlotPoints -> 5, "
                         'PlotLegends -> Automatic]')
    assert g.head.name == "Legended"
    (box,) = [p for p in [g.args[1].args[0]] if p.head.name == "SwatchLegend"]
    # the expressions, held as the "Expressions" legends of Plot keep them
    assert input_form(box.args[1]) == "{HoldForm[x^2], HoldForm[-x^2]}" \
        and len(box.args[0].args) == 2
    g = session.evaluate('Plot3D[{x, -x}, {x, 0, 1}, {y, 0, 1}, PlotLegends -> {"up", "down"}]')
    assert [s.value for s in g.args[1].args[0].args[1].args] == ["up", "down"]
    path, messages = export("Plot3D[{x, -x}, {x, 0, 1}, {y, 0, 1}, PlotLegends -> Automatic]")
    assert not messages


def test_interpolation_order_of_list_plot3d(session):
    d = "{{1, 2, 3, 2}, {2, 4, 1, 1}, {3, 1, 2, 2}, {1, 1, 1, 3}}"
    # 0: a flat tile per entry at its height (and walls between), the heights only those
    steps = session.evaluate(f"ListPlot3D[{d}, InterpolationOrder -> 0]")
    heights = set(numeric_array(steps.args[0].args[0])[:, 2].tolist())
    assert heights == {1.0, 2.0, 3.0, 4.0}
    # 3: a spline through the entries on a finer grid, through the given values
    smooth = session.evaluate(f"ListPlot3D[{d}, InterpolationOrder -> 3]")
    points = numeric_array(smooth.args[0].args[0])
    assert len(points) == 13 * 13
    at = {(round(x, 9), round(y, 9)): z for x, y, z in points.tolist()}
    assert abs(at[(2.0, 2.0)] - 4.0) < 1e-6 and abs(at[(4.0, 1.0)] - 2.0) < 1e-6
    assert not session.messages
    session.evaluate(f"ListPlot3D[{d}, InterpolationOrder -> -1]")
    assert session.messages[0].startswith("ListPlot3D::intord")


def _mesh_lines(g):
    """The polylines ((m, 3) arrays) and styles of a surface's mesh complexes."""
    content = g.args[0]
    assert content.head is S.List
    out = []
    for part in content.args[1:]:
        assert part.head is S.GraphicsComplex
        points = numeric_array(part.args[0])
        style, line = part.args[1].args
        for indices in line.args[0].args:
            out.append((points[numeric_array(indices).astype(int) - 1], style))
    return out


def test_mesh_n_draws_lines_of_constant_x_and_y_on_the_surface(session):
    g = session.evaluate("Plot3D[x + 2 y, {x, 0, 3}, {y, 0, 1}, Mesh -> 2, PlotPoints -> 7]")
    assert not session.messages
    assert "EdgeForm[None]" in input_form(g)          # the lines are the mesh, not the edges
    lines = _mesh_lines(g)
    assert len(lines) == 4
    xs = sorted(round(float(p[:, 0].mean()), 9) for p, _ in lines if np.ptp(p[:, 0]) < 1e-9)
    ys = sorted(round(float(p[:, 1].mean()), 9) for p, _ in lines if np.ptp(p[:, 1]) < 1e-9)
    assert np.allclose(xs, [1, 2]) and np.allclose(ys, [1 / 3, 2 / 3])
    for points, _ in lines:                          # on the (bilinear) surface
        assert np.allclose(points[:, 2], points[:, 0] + 2 * points[:, 1])


def test_mesh_functions_levels_and_styles(session):
    g = session.evaluate("Plot3D[x + y, {x, 0, 1}, {y, 0, 1}, MeshFunctions -> {#3 &}, "
                         "Mesh -> {{0.5, {1.5, Red}}}, MeshStyle -> Blue, PlotPoints -> 5]")
    assert not session.messages
    lines = _mesh_lines(g)
    levels = {round(float(p[:, 2].mean()), 9): input_form(style) for p, style in lines}
    assert levels == {0.5: "RGBColor[0, 0, 1]", 1.5: "RGBColor[1, 0, 0]"}
    for points, _ in lines:
        assert np.allclose(points[:, 2], points[:, 2][0])
    # one count per function; 0: none of that function
    only_x = _mesh_lines(session.evaluate("Plot3D[x y, {x, 0, 1}, {y, 0, 1}, Mesh -> {3, 0}]"))
    assert len(only_x) == 3 and all(np.ptp(p[:, 0]) < 1e-9 for p, _ in only_x)
    # the faces' edges stay the mesh without a Mesh setting of its own
    plain = session.evaluate("Plot3D[x y, {x, 0, 1}, {y, 0, 1}]")
    assert plain.args[0].head is S.GraphicsComplex


def test_mesh_of_list_plot3d_and_bad_settings(session, export):
    g = session.evaluate("ListPlot3D[{{1, 2, 3, 4}, {2, 3, 4, 5}, {3, 4, 5, 6}}, Mesh -> 1]")
    lines = _mesh_lines(g)
    assert sorted(round(float(np.mean(p[:, k])), 9) for p, _ in lines
                  for k in (0, 1) if np.ptp(p[:, k]) < 1e-9) == [2.0, 2.5]
    session.evaluate('Plot3D[x y, {x, 0, 1}, {y, 0, 1}, Mesh -> "lots"]')
    assert [m.split(":")[0] for m in session.messages] == ["Plot3D"]
    assert "Plot3D::mesh" in session.messages[0]
    path, messages = export("Plot3D[Sin[x y], {x, 0, 3}, {y, 0, 3}, Mesh -> 4, "
                             "MeshFunctions -> {#1 &, #3 &}]", "png")
    assert not messages and png_pixels(path).shape[0] > 100


def test_filling_walls_the_boundary_down_to_the_level_and_floors_it(session):
    g = session.evaluate("ListPlot3D[{{1, 2, 3, 4}, {2, 3, 4, 5}, {3, 4, 5, 6}}, "
                         "Filling -> Bottom]")
    assert not session.messages
    (filling,) = g.args[0].args[1:]
    points = numeric_array(filling.args[0])
    style, edges, walls, floor = filling.args[1].args
    assert input_form(style) == "Opacity[0.5]" and input_form(edges) == "EdgeForm[None]"
    walls, floor = numeric_array(walls.args[0]), numeric_array(floor.args[0])
    assert walls.shape == (10, 4) and floor.shape == (6, 4)     # 2 x 3 cells: 10 sides
    assert np.allclose(points[floor.astype(int) - 1][..., 2], 1)
    wall_points = points[walls.astype(int) - 1]
    assert np.allclose(wall_points[:, 2:, 2], 1)                # each wall reaches the floor
    # a level of its own and the FillingStyle; holes keep out of the floor
    g = session.evaluate("Plot3D[If[x > 0.5, x y, Indeterminate], {x, 0, 1}, {y, 0, 1}, "
                         "PlotPoints -> 6, Filling -> 0.25, FillingStyle -> Red]")
    (filling,) = g.args[0].args[1:]
    points = numeric_array(filling.args[0])
    assert input_form(filling.args[1].args[0]) == "RGBColor[1, 0, 0]"
    floor = points[numeric_array(filling.args[1].args[3].args[0]).astype(int) - 1]
    assert np.allclose(floor[..., 2], 0.25) and floor[..., 0].min() >= 0.6 - 1e-9


def test_list_point_plot3d_color_function_colours_each_point(session, export):
    g = session.evaluate('ListPointPlot3D[{{0, 0, 0}, {1, 0, 1}, {0, 1, 2}}, '
                         'ColorFunction -> "Rainbow"]')
    assert not session.messages
    text = input_form(g)
    assert "VertexColors -> {RGBColor[" in text
    # lowest and highest points take the gradient's ends
    low = session.evaluate('ColorData["Rainbow"][0]')
    assert input_form(low).replace(" ", "")[:12] in text.replace(" ", "")
    path, messages = export('ListPointPlot3D[{{0, 0, 0}, {1, 0, 1}}, ColorFunction -> '
                            '"Rainbow"]', "png")
    assert not messages
