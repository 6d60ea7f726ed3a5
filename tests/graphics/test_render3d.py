"""render3d: a Graphics3D in Legended is drawn as 3-D with its legend; Axes one an axis."""

from tests.graphics.conftest import png_pixels
from wlnet.graphics.render3d import is_graphic3d, size_of
from wlnet.syntax.parser import parse


def test_legended_graphics3d_is_three_dimensional(session, export):
    e = session.evaluate('Legended[Graphics3D[Cuboid[], ImageSize -> 200], '
                         'SwatchLegend[{Red}, {"box"}]]')
    assert is_graphic3d(e) and size_of(e) == (200, 200)
    assert not is_graphic3d(parse("Legended[Graphics[{}], x]"))
    path, messages = export('Legended[Graphics3D[Cuboid[], ImageSize -> 200], '
                            'SwatchLegend[{Red}, {"box"}]]')
    pixels = png_pixels(path)
    assert pixels.shape[:2] == (200, 200) and not messages
    red = (pixels[..., 0] > 200) & (pixels[..., 1] < 60) & (pixels[..., 2] < 60)
    assert red[:, 150:].any()                                   # the swatch, at the right


def test_axes_may_be_set_for_each_axis(session, export):
    path, messages = export("Graphics3D[Cuboid[], Axes -> {False, False, True}]")
    assert not messages and png_pixels(path).shape[0] == 360


def test_background_of_3d_pictures(session):
    # Background -> colour: the picture and the box's panes (Plot3D passes it on)
    for code in ("Graphics3D[Sphere[], Background -> Black, ImageSize -> 100]",
                 "Plot3D[x y, {x, 0, 1}, {y, 0, 1}, Background -> Black, ImageSize -> 100]"):
        pixels = session.evaluate(f"Rasterize[{code}]").pixels
        assert pixels[0, 0].tolist() == [0, 0, 0], code
        assert not session.messages


def test_edge_forms_of_faces_and_mesh_none(session):
    # faces have thin edges unless EdgeForm[] (or Plot3D's Mesh -> None) removes them;
    # EdgeForm[Red] colours them; an edge or an opacity alone keeps the default face
    import numpy as np
    from wlnet.graphics.render import figure_of

    def collection(code):
        (ax,) = figure_of(session.evaluate(code), lambda *a: None).axes
        (faces,) = [c for c in ax.collections if c.get_facecolor().size]
        return faces

    plain = collection("Graphics3D[Cuboid[]]")
    assert (plain.get_edgecolor()[:, 3] > 0).all()
    bare = collection("Graphics3D[{EdgeForm[], Opacity[0.5], Cuboid[]}]")
    assert (bare.get_edgecolor()[:, 3] == 0).all()
    assert np.allclose(bare.get_facecolor()[:, 3], 0.5)
    assert np.allclose(bare.get_facecolor()[:, :3].max(axis=0),
                       plain.get_facecolor()[:, :3].max(axis=0))      # the default colour
    red = collection("Graphics3D[{EdgeForm[Red], Cuboid[]}]")
    assert np.allclose(red.get_edgecolor()[:, :3], [1, 0, 0])
    assert np.allclose(red.get_facecolor()[:, :3].max(axis=0),
                       plain.get_facecolor()[:, :3].max(axis=0))
    # no edges on opaque faces: each outlined in its own colour, so no seam shows
    meshless = collection("Plot3D[x y, {x, 0, 1}, {y, 0, 1}, Mesh -> None, PlotPoints -> 5]")
    assert np.allclose(meshless.get_edgecolor(), meshless.get_facecolor())


def test_lines_of_a_complex_are_sorted_with_the_faces(session):
    # a surface's mesh lines join the faces' collection as segments (degenerate quads,
    # no fill) keeping their own colour and width; free lines stay plain lines
    import numpy as np
    from wlnet.graphics.render import figure_of
    g = session.evaluate("Graphics3D[{GraphicsComplex[{{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, "
                         "{0, 1, 0}}, {Polygon[{{1, 2, 3, 4}}], Red, AbsoluteThickness[2], "
                         "Line[{{1, 3}}]}], Line[{{0, 0, 1}, {1, 1, 1}}]}]")
    fig = figure_of(g, lambda *a: None)
    fig.canvas.draw()
    (ax,) = fig.axes
    (faces,) = [c for c in ax.collections if c.get_facecolor().size]
    assert len(faces.get_paths()) == 2
    edges, fills, widths = faces.get_edgecolor(), faces.get_facecolor(), faces.get_linewidth()
    segment = int(np.argmax(fills[:, 3] == 0))             # the one with nothing to fill
    assert np.allclose(edges[segment], [1, 0, 0, 1]) and widths[segment] == 2.0
    assert widths[1 - segment] == 0.2
    assert len([line for line in ax.lines if line.get_zorder() < 10_000]) == 1   # not the box


def test_lighting_none_draws_faces_flat(session):
    import numpy as np
    from wlnet.graphics.render import figure_of

    def face_colours(code):
        (ax,) = figure_of(session.evaluate(code), lambda *a: None).axes
        (faces,) = [c for c in ax.collections if c.get_facecolor().size]
        return faces.get_facecolor()[:, :3]

    flat = face_colours("Graphics3D[{Red, Cuboid[]}, Lighting -> None]")
    assert np.allclose(flat, [1, 0, 0])
    shaded = face_colours('Graphics3D[{Red, Cuboid[]}, Lighting -> "Neutral"]')
    assert len(np.unique(np.round(shaded[:, 0], 6))) > 1          # the light shades them
    assert not session.messages


def test_label_and_ticks_styles_in_3d(session):
    from wlnet.graphics.render import figure_of
    g = session.evaluate('Plot3D[x y, {x, 0, 1}, {y, 0, 1}, AxesLabel -> {"x", "y", "z"}, '
                         'LabelStyle -> Directive[Red, 14], TicksStyle -> Blue]')
    assert not session.messages
    (ax,) = figure_of(g, lambda *a: None).axes
    assert ax.xaxis.label.get_color() == (1.0, 0.0, 0.0, 1.0)
    assert ax.xaxis.label.get_fontsize() == 14
    ticks = [t for t in ax.xaxis.get_ticklabels() if t.get_text()]
    assert ticks and all(t.get_color() == (0.0, 0.0, 1.0, 1.0) for t in ticks)


def test_box_style(session):
    from wlnet.graphics.render import figure_of
    g = session.evaluate("Plot3D[x y, {x, 0, 1}, {y, 0, 1}, BoxStyle -> Red]")
    assert not session.messages
    (ax,) = figure_of(g, lambda *a: None).axes
    assert tuple(ax.xaxis.line.get_color()) == (1.0, 0.0, 0.0, 1.0)


def test_the_box_has_clear_faces_twelve_edges_and_face_grids_only_when_asked(session):
    from wlnet.graphics.render import figure_of

    def axes(code):
        (ax,) = figure_of(session.evaluate(code), lambda *a: None).axes
        return ax
    ax = axes("Graphics3D[Sphere[]]")
    panes = [a.pane for a in (ax.xaxis, ax.yaxis, ax.zaxis)]
    assert all(p.get_facecolor()[3] == 0 and p.get_edgecolor()[3] == 1 for p in panes)
    front = [line for line in ax.lines if line.get_zorder() >= 10_000]
    assert len(front) == 3                     # the back faces' edges draw the other nine
    assert not ax._draw_grid
    assert axes("Graphics3D[Sphere[], FaceGrids -> All]")._draw_grid
    unboxed = axes("Graphics3D[Sphere[], Boxed -> False]")
    assert not [line for line in unboxed.lines if line.get_zorder() >= 10_000]
    assert unboxed.xaxis.pane.get_edgecolor()[3] == 0
    assert not session.messages


def test_graphics3d_has_no_axes_by_default_and_plots_have_them(session):
    from wlnet.graphics.render import figure_of

    def ticks(code):
        (ax,) = figure_of(session.evaluate(code), lambda *a: None).axes
        return [len(a.get_ticklocs()) for a in (ax.xaxis, ax.yaxis, ax.zaxis)]
    assert ticks("Graphics3D[Sphere[]]") == [0, 0, 0]
    assert all(ticks("Graphics3D[Sphere[], Axes -> True]"))
    assert all(ticks("Plot3D[x y, {x, 0, 1}, {y, 0, 1}]"))
    assert ticks("Plot3D[x y, {x, 0, 1}, {y, 0, 1}, Axes -> {False, False, True}]")[:2] == [0, 0]
    from wlnet.syntax.printer import input_form
    assert "Axes -> True" in input_form(session.evaluate(
        "ParametricPlot3D[{t, t, t}, {t, 0, 1}]"))
