"""Graphics drawn with matplotlib: checked on the files produced (PNG decoded by Pillow,
SVG parsed as XML)."""

import xml.etree.ElementTree as ET

import numpy as np
import pytest

from tests.graphics.conftest import dark, png_pixels
from wlnet.core.expr import Expr, S
from wlnet.syntax.printer import input_form, output_form


def test_a_diagonal_line_darkens_the_diagonal(export):
    path, messages = export("Graphics[Line[{{0, 0}, {1, 1}}], ImageSize -> 200, "
                            "PlotRangePadding -> None]")
    assert not messages
    pixels = png_pixels(path)
    assert pixels.shape == (200, 200, 3)                 # AspectRatio Automatic: square
    ink = dark(pixels)
    for t in (0.2, 0.5, 0.8):                           # (x, y) → row 199 - y, column x
        x = int(t * 199)
        assert ink[199 - x - 2:199 - x + 3, x - 2:x + 3].any()
    assert not ink[20, 180] and not ink[180, 20]        # off the diagonal: white


def test_colours_and_directives(export):
    path, messages = export("Graphics[{Red, Disk[{0, 0}, 1], {Blue, Rectangle[{2, -1}, {4, 1}]},"
                            " Disk[{6, 0}, 1]}, ImageSize -> 400]")
    assert not messages
    pixels = png_pixels(path).astype(int)
    h, w = pixels.shape[:2]
    row = pixels[h // 2]
    # centres of the red disk (x=0), the blue square (x=3) and the second disk (x=6): the
    # list scopes Blue, so the last disk is red again
    xs = [int((x + 1) / 8 * (w - 1)) for x in (0, 3, 6)]
    assert list(row[xs[0]]) == [255, 0, 0]
    assert list(row[xs[1]]) == [0, 0, 255]
    assert list(row[xs[2]]) == [255, 0, 0]


@pytest.mark.parametrize("code, size", [
    ("Graphics[Circle[], ImageSize -> 150]", (150, 150)),
    ("Graphics[Rectangle[{0, 0}, {2, 1}], ImageSize -> 300, PlotRangePadding -> None]", (300, 150)),
    ("Graphics[Disk[], ImageSize -> {120, 80}]", (120, 80)),
    ("Graphics[Point[{0, 0}], ImageSize -> Small]", (180, 180)),
    ("Graphics[Line[{{0, 0}, {1, 2}}], AspectRatio -> 1/2, ImageSize -> 100]", (100, 50)),
])
def test_sizes(export, code, size):
    path, _ = export(code)
    assert png_pixels(path).shape[:2] == (size[1], size[0])


def test_svg_contains_the_elements(export):
    path, messages = export('Graphics[{Line[{{0, 0}, {1, 1}}], Text["hello", {0.5, 0.2}], '
                            'Disk[{0.2, 0.8}, 0.1]}, PlotLabel -> "title"]', "svg")
    assert not messages
    text = path.read_text()
    root = ET.fromstring(text)
    assert root.tag.endswith("svg")
    assert "hello" in text and "title" in text          # texts are kept as text
    assert len([e for e in root.iter() if e.tag.endswith("path")]) >= 2


def test_pdf(export):
    path, _ = export("Graphics[Circle[]]", "pdf")
    assert path.read_bytes().startswith(b"%PDF")


def test_unknown_primitive_is_reported_and_the_rest_drawn(export):
    path, messages = export("Graphics[{Foo[1], Black, Rectangle[{0, 0}, {1, 1}]}, ImageSize -> 50]")
    assert messages == ["Graphics::gprim: Foo[1] was encountered where a Graphics "
                        "primitive or directive was expected."]
    assert dark(png_pixels(path))[25, 25]


def test_bad_option_value_and_unknown_option(export):
    _, messages = export("Graphics[Circle[], ImageSize -> -3, Foo -> 1]")
    assert any(m.startswith("Graphics::gopt") for m in messages)
    assert any(m.startswith("Graphics::optx") for m in messages)


def test_prints_as_graphics_and_stays_an_expression(session):
    g = session.evaluate("Graphics[{Red, Point[{1, 2}]}, Axes -> True]")
    assert output_form(g) == "-Graphics-"
    assert output_form(Expr(S.List, g, g)) == "{-Graphics-, -Graphics-}"
    assert input_form(g) == "Graphics[{RGBColor[1, 0, 0], Point[{1, 2}]}, Axes -> True]"
    assert session.evaluate("Head[GraphicsRow[{Graphics[Circle[]]}]]").name == "Graphics"


def test_show_combines_primitives_and_options(session, export):
    g = session.evaluate("Show[Graphics[Line[{{0, 0}, {1, 1}}], Axes -> True], "
                         "Graphics[{Red, Point[{2, 2}]}], ImageSize -> 100]")
    assert input_form(g) == ("Graphics[{Line[{{0, 0}, {1, 1}}], {RGBColor[1, 0, 0], "
                             "Point[{2, 2}]}}, ImageSize -> 100, Axes -> True]")
    assert session.evaluate("Show[1]") is None or session.messages[-1].startswith("Show::gtype")


def test_show_combines_three_dimensional_graphics_but_not_with_two(session, export):
    # notebooks show a surface and points together: Show[plot3d, points3d]
    g = session.evaluate("Show[Graphics3D[Point[{0, 0, 0}], Axes -> True], "
                         "Graphics3D[{Red, Line[{{0, 0, 0}, {1, 1, 1}}]}]]")
    assert input_form(g) == ("Graphics3D[{Point[{0, 0, 0}], {RGBColor[1, 0, 0], "
                             "Line[{{0, 0, 0}, {1, 1, 1}}]}}, Axes -> True]")
    _, messages = export("Show[Graphics3D[Point[{0, 0, 0}]], Graphics3D[Point[{1, 1, 1}]]]")
    assert messages == []
    session.evaluate("Show[Graphics[Disk[]], Graphics3D[Point[{0, 0, 0}]]]")
    assert session.messages[-1].startswith("Show::gcomb")


def test_rasterize_and_image_dimensions(session):
    image = session.evaluate("Rasterize[Graphics[Disk[], ImageSize -> 64]]")
    assert type(image).__name__ == "Image" and (image.width, image.height) == (64, 64)
    dims = session.evaluate("ImageDimensions[Graphics[Disk[], ImageSize -> 64]]")
    assert [a.value for a in dims.args] == [64, 64]
    bigger = session.evaluate("Rasterize[Graphics[Disk[]], RasterSize -> 32]")
    assert bigger.width == 32


def test_graphics_rows_columns_and_grids_are_graphics_of_insets(session, export):
    g = session.evaluate("GraphicsGrid[{{Graphics[Disk[]], None}, {Graphics[Circle[]]}}, "
                         "Frame -> All]")
    assert input_form(g) == (
        "Graphics[{Inset[Graphics[Disk[]], {0.5, -0.5}, ImageScaled[{0.5, 0.5}], {1, 1}], "
        "Inset[Graphics[Circle[]], {0.5, -1.5}, ImageScaled[{0.5, 0.5}], {1, 1}]}, "
        "Frame -> All, PlotRange -> {{0, 2}, {-2, 0}}]")
    assert output_form(g) == "-Graphics-"
    column = session.evaluate("GraphicsColumn[{Graphics[Disk[]], Graphics[Disk[]]}]")
    assert input_form(column).endswith("PlotRange -> {{0, 1}, {-2, 0}}]")
    assert session.evaluate("Head[GraphicsRow[x]]").name == "GraphicsRow"     # not a list
    for code in ("GraphicsColumn[{Graphics[Disk[]], Graphics[Disk[]]}, ImageSize -> 100]",
                 "Show[GraphicsColumn[{Graphics[Disk[]], Graphics[Disk[]]}], ImageSize -> 100]"):
        tall, _ = export(code)
        assert png_pixels(tall).shape[:2] == (200, 100)                 # drawn as a column


def test_graphics_row_and_grid(export):
    path, _ = export("GraphicsRow[{Graphics[Disk[]], Graphics[Circle[]]}, ImageSize -> 200]")
    pixels = png_pixels(path)
    assert pixels.shape[1] == 200 and pixels.shape[0] == 100
    ink = dark(pixels)
    assert ink[50, 50]                                # the disk, filled, on the left
    assert not ink[50, 150] and dark(pixels, 230)[50, 100:200].any()   # the circle: an outline
    path, _ = export("GraphicsGrid[{{Graphics[Disk[]], None}, {None, Graphics[Disk[]]}}, "
                     "ImageSize -> 200]")
    ink = dark(png_pixels(path))
    assert ink[50, 50] and ink[150, 150] and not ink[50, 150] and not ink[150, 50]


def test_text_thickness_opacity_dashing_arrows_polygons(export):
    code = ('Graphics[{Thickness[0.02], Dashed, Line[{{0, 0}, {1, 0}}], Opacity[0.5], '
            'Polygon[{{0, 0.5}, {1, 0.5}, {0.5, 1}}], Arrow[{{0, 0.2}, {1, 0.2}}], '
            'Hue[0.6], GrayLevel[0.3], PointSize[0.05], Point[{0.5, 0.3}], '
            'EdgeForm[Red], FaceForm[Yellow], Rectangle[{0.8, 0.8}, {1, 1}], '
            'Style[Text["a", {0.1, 0.9}], 20], Inset[Graphics[Disk[]], {0.2, 0.8}, Center, 0.2], '
            'GraphicsComplex[{{0, 0}, {1, 1}}, Line[{1, 2}]]}, Frame -> True, '
            'GridLines -> Automatic, FrameLabel -> {"x", "y"}, Ticks -> None]')
    path, messages = export(code)
    assert not messages
    pixels = png_pixels(path)
    assert pixels.shape[1] == 360 and (pixels != 255).any()


def test_named_colours_are_what_wl_gives(session):
    # exact components, and the greys as GrayLevel, as WL evaluates them
    assert input_form(session.evaluate("{Red, Orange, Black, White, Gray}")) == \
        "{RGBColor[1, 0, 0], RGBColor[1, 0.5, 0], GrayLevel[0], GrayLevel[1], GrayLevel[0.5]}"


def test_colour_symbols_evaluate_to_rgb(session):
    assert input_form(session.evaluate("{Red, Lighter[Blue, 0.5], Darker[White]}")) == \
        "{RGBColor[1, 0, 0], RGBColor[0.5, 0.5, 1.], GrayLevel[2/3]}"


def test_lighter_and_darker_keep_the_colour_exact(session):
    # WL: Lighter[Red] is RGBColor[1, 1/3, 1/3]; the head and the alpha stay
    assert input_form(session.evaluate(
        "{Lighter[Red], Darker[Red], Darker[Red, 1/2], Lighter[GrayLevel[0]], "
        "Lighter[RGBColor[1, 0, 0, 0.5]]}")) == \
        "{RGBColor[1, 1/3, 1/3], RGBColor[2/3, 0, 0], RGBColor[1/2, 0, 0], GrayLevel[1/3], " \
        "RGBColor[1, 1/3, 1/3, 0.5]}"
    # other colour spaces are mixed in RGB
    assert input_form(session.evaluate("Darker[Hue[0.5]]")) == \
        "RGBColor[0., 0.6666666666666667, 0.6666666666666667]"


def test_lighter_and_darker_of_an_image_mix_each_pixel(session):
    assert output_form(session.evaluate("ImageData[Lighter[Image[{{0., 0.75}}]]]")) == \
        "{{0.333333, 0.833333}}"
    assert output_form(session.evaluate(
        "ImageData[Darker[Image[{{{0.4, 0.6, 0.8}}}], 0.5]]")) == "{{{0.2, 0.3, 0.4}}}"
    # alpha, type and colour space kept
    assert output_form(session.evaluate(
        "ImageData[Lighter[SetAlphaChannel[Image[{{0.}}], 0.5], 1]]")) == "{{{1., 0.5}}}"
    assert output_form(session.evaluate(
        '{ImageType[#], ImageColorSpace[#]} &[Darker[ColorConvert[Image[{{{255, 0, 0}}}, '
        '"Byte"], "HSB"]]]')) == "{Byte, HSB}"


def test_lighter_and_darker_of_a_3d_image_mix_each_voxel(session):
    assert output_form(session.evaluate("ImageData[Lighter[Image3D[{{{0., 0.75}}}]]]")) == \
        "{{{0.333333, 0.833333}}}"
    assert output_form(session.evaluate(
        "ImageData[Darker[Image3D[ConstantArray[{0.4, 0.6, 0.8}, {1, 1, 2}]], 0.5]]")) == \
        "{{{{0.2, 0.3, 0.4}, {0.2, 0.3, 0.4}}}}"
    assert output_form(session.evaluate(                 # alpha and type kept
        'ImageData[Lighter[Image3D[ConstantArray[{0., 0.5}, {1, 1, 1}]], 1]]')) == \
        "{{{{1., 0.5}}}}"
    assert output_form(session.evaluate(
        'ImageType[Darker[Image3D[ConstantArray[{255, 0, 0}, {1, 1, 1}], "Byte"]]]')) == "Byte"
    assert not session.messages


def test_colour_components_in_a_list_are_the_colour(session):
    # RGBColor[{r, g, b}] is RGBColor[r, g, b], and likewise the other colour heads
    assert input_form(session.evaluate(
        "{RGBColor[{1., 0., 0.}], RGBColor[{1, 0, 0, 1/2}], Hue[{0.1, 0.2, 0.3}], "
        "GrayLevel[{0.3}], GrayLevel[{0.3, 0.5}], CMYKColor[{0, 0, 1, 0}]}")) == \
        "{RGBColor[1., 0., 0.], RGBColor[1, 0, 0, 1/2], Hue[0.1, 0.2, 0.3], GrayLevel[0.3], " \
        "GrayLevel[0.3, 0.5], CMYKColor[0, 0, 1, 0]}"
    # a list of another length, and the components themselves, stay as they are
    assert input_form(session.evaluate("{RGBColor[{1, 0}], Hue[0.5], RGBColor[1, 0, 0]}")) \
        == "{RGBColor[{1, 0}], Hue[0.5], RGBColor[1, 0, 0]}"
    assert input_form(session.evaluate("Lighter[RGBColor[{1, 0, 0}]]")) == \
        "RGBColor[1, 1/3, 1/3]"
    assert not session.messages


def test_exact_coordinates_are_drawn(export):
    """Coordinates such as Pi/2 or Sqrt[3]/2 are numbers to the drawing, as in WL."""
    path, messages = export("Graphics[{Disk[{0, 0}, Sqrt[2]/2], Circle[{0, 0}, 1, {0, Pi}]}, "
                            "ImageSize -> 100, PlotRange -> {{-1, 1}, {-1, 1}}, "
                            "PlotRangePadding -> None]")
    assert not messages
    ink = dark(png_pixels(path))
    assert ink[50, 50] and not ink[95, 50]          # the disk at the centre; half a circle


def test_dollar_signs_in_labels_are_text(tmp_path, session):
    from wlnet.graphics import export_bytes
    g = session.evaluate('Plot[x, {x, 0, 1}, PlotLegends -> {"$a$ cost"}, '
                         'Ticks -> {{{0.5, "$x"}}, Automatic}]')
    svg = export_bytes(g, "SVG", pytest.fail).decode()
    assert "$a$ cost" in svg and "$x" in svg


def test_blend_mixes_colours_along_the_list(session):
    assert input_form(session.evaluate(
        "{Blend[{Red, Blue}], Blend[{Black, White}, 0.25], Blend[{Red, Green, Blue}, 0.75], "
        "Blend[{{0, Red}, {10, Blue}}, 5], Blend[{Red, Blue}, 2]}")) == \
        "{RGBColor[0.5, 0., 0.5], RGBColor[0.25, 0.25, 0.25], RGBColor[0., 0.5, 0.5], " \
        "RGBColor[0.5, 0., 0.5], RGBColor[0., 0., 1.]}"
    assert input_form(session.evaluate("Blend[{Red, x}]")) == "Blend[{RGBColor[1, 0, 0], x}]"


def test_random_colour_follows_seed_random(session):
    first = input_form(session.evaluate("SeedRandom[7]; RandomColor[3]"))
    again = input_form(session.evaluate("SeedRandom[7]; RandomColor[3]"))
    assert first == again and first.count("RGBColor") == 3
    components = session.evaluate("List @@@ RandomColor[50] // Flatten")
    values = [a.value for a in components.args]
    assert len(values) == 150 and all(0 <= v <= 1 for v in values) and len(set(values)) == 150


# ---------------------------------------------------------------------------- labelled pictures

def test_a_labeled_image_is_drawn_with_its_label_below(session, export):
    session.evaluate("img = Image[ConstantArray[0., {40, 60}]]")
    path, messages = export('Labeled[img, "a black square"]')
    pixels = png_pixels(path)
    assert not messages
    assert pixels.shape[:2] == (40 + 24, 60)
    assert dark(pixels[:40]).mean() > 0.95                 # the image, at its own size
    band = dark(pixels[40:])
    assert 0 < band.mean() < 0.3 and band[:, 20:40].any()  # text, centred below
    dims = session.evaluate('ImageDimensions[Labeled[img, "x", Right]]')
    assert dims.args[1].value == 40 and dims.args[0].value > 60


def test_labeled_images_in_graphics_grids_and_grids_of_images(session, export):
    session.evaluate("img = Image[ConstantArray[0., {30, 30}]]")
    path, messages = export('GraphicsGrid[{{Labeled[img, "a"], Labeled[img, "b"]}}]')
    assert not messages                                   # it gave Graphics::nonopt
    pixels = png_pixels(path)
    assert dark(pixels).any(axis=0)[: pixels.shape[1] // 2].any() \
        and dark(pixels).any(axis=0)[pixels.shape[1] // 2:].any()
    path, messages = export("Grid[{{img, img}, {None, img}}]")
    pixels = png_pixels(path)
    assert not messages
    h, w = pixels.shape[:2]
    assert not dark(pixels[h // 2:, : w // 2]).any()      # the empty cell
    assert dark(pixels[h // 2:, w // 2:]).any()
    dims = session.evaluate("ImageDimensions[Row[{img, img, img}]]")
    assert dims.args[0].value == 3 * 240
    assert session.evaluate("ImageDimensions[Rasterize[Column[{img, img}]]]").args[0].value == 240


def test_labels_and_grids_of_other_things_are_not_pictures(session):
    assert session.evaluate("ImageDimensions[Grid[{{1, 2}}]]").head.name == "ImageDimensions"
    assert session.evaluate("ImageDimensions[Labeled[x^2, \"x\"]]").head.name == \
        "ImageDimensions"


def test_rasterize_of_an_expression_draws_its_text(session):
    small = session.evaluate('Rasterize["hello"]')
    big = session.evaluate('Rasterize[Style["hello", 40]]')
    assert type(small).__name__ == "Image" and not session.messages
    assert big.width > 2 * small.width and big.height > 2 * small.height
    assert dark(small.pixels).any() and not dark(small.pixels)[0].any()   # a margin
    red = session.evaluate('Rasterize[Style["A", Red, 30]]').pixels.astype(int)
    assert ((red[..., 0] - red[..., 1]) > 100).any()                     # red letters
    assert input_form(session.evaluate('Rasterize["hello", "RasterSize"]')) == \
        f"{{{small.width}, {small.height}}}"


def test_show_draws_graphics_over_an_image_in_pixel_coordinates(session):
    s = session.evaluate("Show[Image[ConstantArray[0, {20, 30}]], "
                         "Graphics[{Red, Disk[{15, 10}, 5]}]]")
    assert s.head is S.Graphics and not session.messages
    pixels = session.evaluate("Rasterize[%]").pixels
    assert pixels.shape[:2] == (20, 30)
    assert pixels[10, 15].tolist() == [255, 0, 0] and pixels[0, 0].tolist() == [0, 0, 0]


# ---------------------------------------------------------------------------- resolution

def test_export_and_rasterize_at_an_image_resolution(session, tmp_path):
    from PIL import Image as PILImage
    g = "Graphics[{Black, Disk[]}, ImageSize -> 100]"
    for ext, resolution, side in (("png", 144, 200), ("jpg", 36, 50), ("png", 72, 100)):
        path = tmp_path / f"r{resolution}.{ext}"
        assert session.evaluate(f'Export["{path}", {g}, ImageResolution -> {resolution}]').value \
            == str(path)
        with PILImage.open(path) as img:
            assert img.size == (side, side)
            assert round(img.info["dpi"][0]) == resolution
    path = tmp_path / "named.png"
    session.evaluate(f'Export["{path}", {g}, "PNG", ImageResolution -> 144, ImageSize -> 50]')
    with PILImage.open(path) as img:
        assert img.size == (100, 100)
    image = session.evaluate(f"Rasterize[{g}, ImageResolution -> 144]")
    assert (image.width, image.height) == (200, 200)
    # drawn bigger, not blurred: the disk fills the same share of the picture
    small = session.evaluate(f"Rasterize[{g}]")
    assert abs(dark(image.pixels).mean() - dark(small.pixels).mean()) < 0.02
    assert not session.messages


def test_export_of_an_image_writes_its_resolution_and_resizes(session, tmp_path):
    from PIL import Image as PILImage
    path = tmp_path / "img.png"
    session.evaluate(f'Export["{path}", Image[RandomReal[1, {{4, 6}}]], '
                     f'ImageResolution -> 300]')
    with PILImage.open(path) as img:
        assert img.size == (6, 4) and round(img.info["dpi"][0]) == 300   # pixels unchanged
    session.evaluate(f'Export["{path}", Image[RandomReal[1, {{4, 6}}]], ImageSize -> 12]')
    with PILImage.open(path) as img:
        assert img.size == (12, 8)
    session.evaluate(f'Export["{path}", Image[{{{{0.5}}}}], ImageResolution -> -1]')
    assert session.messages[-1].startswith("Export::opttype")


def test_a_frame_with_nothing_outside_keeps_all_four_lines(session):
    for code in ("Graphics[{}, Frame -> True, FrameTicks -> None, ImageSize -> 50]",
                 "ArrayPlot[{{0, 0}, {0, 0}}, FrameTicks -> None, ImageSize -> 40]"):
        pixels = session.evaluate(f"Rasterize[{code}]").pixels.mean(axis=2)
        h, w = pixels.shape
        assert w == int(code.split("ImageSize -> ")[1].rstrip("]"))    # no margin added
        edges = [pixels[0, w // 2], pixels[-1, w // 2], pixels[h // 2, 0], pixels[h // 2, -1]]
        assert all(value < 200 for value in edges), edges        # top, bottom, left, right
        assert pixels[h // 2, w // 2] == 255


def _figure(session, code):
    from wlnet.graphics.render import figure_of
    return figure_of(session.evaluate(code), lambda *a: None)


def test_label_ticks_axes_and_frame_styles(session):
    fig = _figure(session, "Plot[x, {x, 0, 1}, LabelStyle -> Directive[Bold, 16]]")
    tick = fig.axes[0].get_xticklabels()[0]
    assert tick.get_fontsize() == 16 and tick.get_fontweight() == "bold"
    fig = _figure(session, "Plot[x, {x, 0, 1}, TicksStyle -> Red, AxesStyle -> Blue]")
    ax = fig.axes[0]
    assert ax.get_yticklabels()[0].get_color()[:3] == (1.0, 0.0, 0.0)
    assert ax.spines["left"].get_edgecolor()[:3] == (0.0, 0.0, 1.0)
    fig = _figure(session, "Graphics[Line[{{0, 0}, {1, 1}}], Frame -> True, FrameStyle -> Red]")
    assert fig.axes[0].spines["top"].get_edgecolor()[:3] == (1.0, 0.0, 0.0)


def test_frame_labels_on_all_four_sides_and_reversed_scales(session):
    fig = _figure(session, 'Graphics[Line[{{0, 0}, {1, 1}}], Frame -> True, FrameLabel -> '
                           '{{"left", "right"}, {"bottom", "top"}}]')
    ax = fig.axes[0]
    assert ax.yaxis.get_label_position() == "left" and ax.get_ylabel() == "left"
    assert [t.get_text() for t in ax.texts] == ["right"]
    fig = _figure(session, 'Plot[x, {x, 0, 2}, ScalingFunctions -> {None, "Reverse"}]')
    lo, hi = fig.axes[0].get_ylim()
    assert lo > hi                                                # drawn upside down


def test_legended_with_a_plain_label(session, export):
    path, messages = export('Legended[Plot[x, {x, 0, 1}], "line"]')
    assert not messages
    fig = _figure(session, 'Legended[Plot[x, {x, 0, 1}], "line"]')
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["line"]


def test_tick_labels_are_not_cut_when_a_legend_narrows_the_plot(export):
    # the y axis sits at the data's left edge inside the box; with a legend beside the
    # plot the margin measured for the wider box was too small and "3.0" lost its "3"
    path, _ = export('ListPlot[{{{1, 2}, {3, 1}}, {{2, 3}}}, PlotLegends -> {"a", "b"}]')
    pixels = png_pixels(path)
    assert not dark(pixels)[:, 0].any()                  # nothing drawn in the first column


def test_inset_text_up_to_sizes_and_the_scientific_theme(session):
    fig = _figure(session, 'Graphics[{Line[{{0, 0}, {1, 1}}], Inset[Style["peak", 14], '
                           '{0.5, 0.5}]}]')
    texts = [t for t in fig.axes[0].texts if t.get_text() == "peak"]
    assert texts and texts[0].get_fontsize() == 14
    from wlnet.graphics.render import natural_size
    assert natural_size(session.evaluate("Plot[x, {x, 0, 1}, ImageSize -> UpTo[250]]"),
                        lambda *a: None)[0] == 250
    g = session.evaluate('Plot[x, {x, 0, 1}, PlotTheme -> "Scientific"]')
    assert "Frame -> True" in input_form(g)


def test_grid_lines_with_their_own_styles(session):
    fig = _figure(session, "Plot[x, {x, 0, 3}, GridLines -> {{{1, Red}, {2, Dashed}}, None}]")
    lines = [ln for ln in fig.axes[0].lines if ln.get_xdata()[0] in (1, 2)]
    colours = {ln.get_xdata()[0]: ln.get_color() for ln in lines}
    assert colours[1][:3] == (1.0, 0.0, 0.0) and colours[2][:3] != (1.0, 0.0, 0.0)
    fig = _figure(session, "Plot[x, {x, 0, 3}, GridLines -> Automatic, "
                           "GridLinesStyle -> Directive[Orange]]")
    grid = fig.axes[0].xaxis.get_gridlines()[0]
    assert grid.get_color()[:3] == (1.0, 0.5, 0.0)


def test_a_styled_plot_label(session):
    fig = _figure(session, 'Plot[x, {x, 0, 1}, PlotLabel -> Style["Title", Bold, 18, Red]]')
    title = fig.axes[0].title
    assert title.get_text() == "Title" and title.get_fontsize() == 18
    assert title.get_fontweight() == "bold" and title.get_color()[:3] == (1.0, 0.0, 0.0)


def test_placed_legends_go_where_they_are_placed(session):
    def legend_box(code):
        fig = _figure(session, code)
        ax = fig.axes[0]
        renderer = fig.canvas.get_renderer()
        return ax.get_legend().get_window_extent(renderer), ax.get_window_extent(renderer)
    above, box = legend_box('Plot[{x, 2 x}, {x, 0, 1}, PlotLegends -> Placed[{"a", "b"}, Above]]')
    assert above.y0 >= box.y1 - 1
    below, box = legend_box('Plot[{x, 2 x}, {x, 0, 1}, PlotLegends -> Placed[{"a", "b"}, Below]]')
    assert below.y1 <= box.y0
    inside, box = legend_box('Plot[{x, 2 x}, {x, 0, 1}, PlotLegends -> Placed[{"a", "b"}, '
                             '{0.8, 0.3}]]')
    assert box.x0 < inside.x0 and inside.x1 < box.x1 + 40
    after, box = legend_box('Plot[{x, 2 x}, {x, 0, 1}, PlotLegends -> {"a", "b"}]')
    assert after.x0 >= box.x1


def test_axis_and_frame_labels_keep_their_own_style(session):
    fig = _figure(session, 'Plot[x, {x, 0, 1}, AxesLabel -> {Style["t", Bold, 15], "y"}]')
    (label,) = [t for t in fig.axes[0].texts if t.get_text() == "t"]
    assert label.get_fontsize() == 15 and label.get_fontweight() == "bold"
    fig = _figure(session, 'Plot[x, {x, 0, 1}, Frame -> True, FrameLabel -> '
                           '{Style["epoch", Red], "loss"}, LabelStyle -> 12]')
    ax = fig.axes[0]
    assert ax.xaxis.label.get_color()[:3] == (1.0, 0.0, 0.0)
    assert ax.xaxis.label.get_fontsize() == 12 and ax.yaxis.label.get_fontsize() == 12


def _labels(axis) -> list:
    return [t.get_text() for t in axis.get_ticklabels() if t.get_visible() and t.get_text()]


def test_frame_ticks_per_side(session):
    fig = _figure(session, 'Graphics[Circle[], Frame -> True, FrameTicks -> '
                           '{{{{-1, "L"}}, {{0.5, "R"}}}, {Automatic, {{0, "top"}}}}]')
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["L"]
    assert len(_labels(ax.xaxis)) >= 3                         # automatic at the bottom
    texts = sorted(t for a in ax.child_axes for t in _labels(a.xaxis) + _labels(a.yaxis))
    assert texts == ["R", "top"]
    fig = _figure(session, "Plot[x, {x, 0, 1}, Frame -> True, FrameTicks -> All]")
    ax = fig.axes[0]
    assert ax.xaxis.get_tick_params(which="major")["labeltop"]
    fig = _figure(session, "Plot[x, {x, 0, 1}, Frame -> True, FrameTicks -> None]")
    assert not _labels(fig.axes[0].xaxis) and not _labels(fig.axes[0].yaxis)
    # sides given as lists of positions (not read as one tick {x, label, length})
    fig = _figure(session, "Plot[x, {x, 0, 1}, Frame -> True, "
                           "FrameTicks -> {{{0, 0.5, 1}, None}, {{0, 1}, None}}]")
    assert fig.axes[0].get_yticks().tolist() == [0, 0.5, 1]
    assert fig.axes[0].get_xticks().tolist() == [0, 1]


def test_fractions_and_powers_are_drawn_in_two_dimensions(session):
    from wlnet.graphics.options import two_d_text
    held = lambda code: session.evaluate(f"Hold[{code}]").args[0]     # noqa: E731
    assert two_d_text(held("x^2/(1 + y)")) == "$\\dfrac{x^2}{y+1}$"
    assert two_d_text(held("Sqrt[2] a")) is not None
    for one_line in ("x + y", "f[x]^2", '"a/b"', "{1, 2}^2"):
        assert two_d_text(held(one_line)) is None, one_line
    tall = session.evaluate("ImageDimensions[Rasterize[x^2/(1 + y)]]").args[1].value
    flat = session.evaluate("ImageDimensions[Rasterize[x + y]]").args[1].value
    assert tall > 1.5 * flat                                   # stacked, not x^2/(1 + y)


def test_log_axes_label_plain_numbers(session):
    fig = _figure(session, "ListLogPlot[{1.48, 1.45, 1.42, 1.39}, Joined -> True]")
    ax = fig.axes[0]
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels(minor=True) + ax.get_yticklabels()
              if t.get_text()]
    assert labels and all("10^" not in t and "times" not in t for t in labels), labels
    assert "1.4" in labels
    fig = _figure(session, "ListLogPlot[Table[10^k, {k, -2, 6}]]")
    fig.canvas.draw()
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels() if t.get_text()]
    assert "0.01" in labels and "1000" in labels and any("10^" in t for t in labels)


def test_export_of_a_list_or_association_of_plots(session, export):
    from tests.graphics.conftest import png_pixels
    path, messages = export("{Plot[x, {x, 0, 1}], Plot[x^2, {x, 0, 1}]}")
    assert not messages
    row = png_pixels(path).shape
    one, _ = export("Plot[x, {x, 0, 1}]")                   # (the same file, rewritten)
    single = png_pixels(one).shape
    assert row[1] / row[0] > 1.5 * single[1] / single[0]                # side by side
    path, messages = export('<|"Loss" -> Plot[x, {x, 0, 1}], "ErrorRate" -> Plot[x^2, {x, 0, 1}]|>')
    grid = png_pixels(path).shape
    assert not messages and grid[0] > 1.2 * single[0]                  # rows


def test_grid_frame_all_draws_the_cell_lines(session, export):
    from tests.graphics.conftest import png_pixels
    path, messages = export('Grid[{{"epoch", "loss"}, {1, 0.5}, {2, 0.3}}, Frame -> All]')
    grey = png_pixels(path).mean(axis=2)
    h, w = grey.shape
    middle_column = grey[:, w // 2 - 2:w // 2 + 3].min(axis=1)
    assert not messages and (middle_column < 200).mean() > 0.9      # a line between columns
    path, _ = export('Grid[{{"epoch", "loss"}, {1, 0.5}}]')
    grey = png_pixels(path).mean(axis=2)
    assert grey[:, grey.shape[1] // 2].min() > 200                  # no frame: no line


def test_a_table_of_text_is_compact(session, export):
    from tests.graphics.conftest import png_pixels
    path, messages = export('Grid[{{"epoch", "loss"}, {1, 0.5}, {2, 0.3}}]')
    h, w = png_pixels(path).shape[:2]
    assert not messages and w < 200 and h < 120                # not 240 pixels a column


def test_subscripts_and_fractions_in_labels(session):
    fig = _figure(session, 'Plot[x, {x, 0, 1}, Frame -> True, '
                           'FrameLabel -> {Subscript[w, 1], "cost in $"}, PlotLabel -> x^2/y]')
    ax = fig.axes[0]
    assert ax.xaxis.label.get_text() == "$w_1$" and ax.xaxis.label._parse_math
    assert ax.yaxis.label.get_text() == "cost in $" and not ax.yaxis.label._parse_math
    assert ax.title.get_text() == "$\\dfrac{x^2}{y}$"
    fig = _figure(session, 'Plot[x, {x, 0, 1}, Ticks -> {{{0.5, Subscript[x, 0]}, {1, "$1"}}, '
                           'Automatic}]')
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["$x_0$", "\\$1"]


def test_grid_spacings_leave_gaps_between_the_cells(export):
    # two red squares side by side: with Spacings -> 40 a white band of about 40 pixels
    # separates them (the image keeps its width: the cells shrink)
    square = 'Graphics[{Red, Rectangle[]}, PlotRangePadding -> None, ImageSize -> 100]'
    path, messages = export(f'GraphicsRow[{{{square}, {square}}}, ImageSize -> 240, '
                            'Spacings -> 40]')
    assert not messages
    pixels = png_pixels(path).astype(int)
    row = pixels[pixels.shape[0] // 2]
    red = (row[:, 0] > 200) & (row[:, 1] < 80) & (row[:, 2] < 80)
    white = (row > 240).all(axis=1)
    middle = slice(pixels.shape[1] // 2 - 15, pixels.shape[1] // 2 + 15)
    assert white[middle].all() and red[:80].sum() > 50 and red[-80:].sum() > 50
    gap = np.flatnonzero(~red[pixels.shape[1] // 4: 3 * pixels.shape[1] // 4])
    assert 30 <= len(gap) <= 60
    # Scaled[f]: a share of a cell; {h, v} per direction; none by default
    from wlnet.graphics.render import grid_gaps
    from wlnet.syntax.parser import parse
    assert grid_gaps(parse("Scaled[0.1]"), 2, 200) == [0.0, 20.0, 0.0]
    assert grid_gaps(parse("{5, 10, 15}"), 2, 200) == [5.0, 10.0, 15.0]
    assert grid_gaps(parse("{{7}}"), 3, 200) == [0.0, 7.0, 7.0, 0.0]
    assert grid_gaps(None, 2, 200) == [0.0, 0.0, 0.0]


def test_vector_files_keep_images_at_their_own_pixels(export):
    # a 5 x 5 Raster and a 30 x 20 image inset go into SVG with their own pixels (the
    # viewer scales them), next to the vector circle; PNG output is unchanged
    import base64
    import re
    import struct
    for code, size in (('Graphics[{Raster[Table[Mod[i + j, 2], {i, 5}, {j, 5}]], Red, '
                        'Circle[{2.5, 2.5}, 2]}]', (5, 5)),
                       ('Graphics[{Inset[Image[Table[{i/20, 0, 0}, {i, 20}, {j, 30}]], '
                        '{0, 0}, Center, 1], Circle[]}]', (30, 20))):
        path, messages = export(code, "svg")
        assert not messages
        text = path.read_text()
        data = base64.b64decode("".join(re.search(r'base64,\s*([A-Za-z0-9+/=\s]+)"',
                                                  text).group(1).split()))
        assert struct.unpack(">II", data[16:24]) == size
        assert "<path" in text                                   # the circle: a path


def test_an_inset_graphic_is_drawn_as_vectors(session, export):
    # an Inset of a Graphics is drawn into its own subfigure: paths in SVG (no embedded
    # raster), at its place and size (here half the width, centred)
    code = ("Graphics[{Red, Rectangle[{0, 0}, {2, 2}], "
            "Inset[Graphics[{Blue, Disk[]}], {1, 1}, Center, 1]}]")
    path, messages = export(code, "svg")
    svg = path.read_text()
    assert not messages and "<image" not in svg and svg.count("<path") >= 2
    pixels = png_pixels(export(code)[0]).astype(int)
    h, w = pixels.shape[:2]
    assert pixels[h // 2, w // 2].tolist() == [0, 0, 255]
    assert pixels[h // 2, w // 8].tolist() == [255, 0, 0]          # outside the inset
    blue = np.flatnonzero((pixels[h // 2, :, 2] > 200) & (pixels[h // 2, :, 0] < 50))
    assert abs((blue.max() - blue.min() + 1) - w / 2) <= 0.06 * w
    # a plot inset at its natural size shows the parent's drawing round it (transparent)
    code = ("Graphics[{Red, Rectangle[{0, 0}, {10, 10}], "
            "Inset[Plot[x, {x, 0, 1}, ImageSize -> 100], {5, 5}]}, ImageSize -> 300]")
    pixels = png_pixels(export(code)[0]).astype(int)
    inside = pixels[140:160, 140:160]
    assert ((inside[..., 0] > 200) & (inside[..., 1] < 60)).mean() > 0.5
