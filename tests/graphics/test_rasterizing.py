"""Rasterize's ImageSize, RasterSize, ImageResolution, Background and elements
(wlnet/graphics/rasterizing.py), as the Rasterize and RasterSize pages document them."""

import numpy as np

from wlnet.syntax.printer import input_form


def dims(session, code):
    return [a.value for a in session.evaluate(f"ImageDimensions[{code}]").args]


def test_raster_size_samples_text_and_pictures(session):
    # the digit idiom: Rasterize[Style["2", 18], RasterSize -> 28] is 28 pixels wide
    natural = dims(session, 'Rasterize[Style["2", 18]]')
    wide = dims(session, 'Rasterize[Style["2", 18], RasterSize -> 28]')
    assert wide[0] == 28 and abs(wide[1] - natural[1] * 28 / natural[0]) <= 1
    assert dims(session, 'Rasterize[Style["2", 18], RasterSize -> {28, 28}]') == [28, 28]
    assert dims(session, "Rasterize[Graphics[Disk[]], RasterSize -> {28, 40}]") == [28, 40]
    # {{wmax}, {hmax}}: as large as fits, no space; {{wmin, wmax}, …}: space up to wmin
    assert dims(session, "Rasterize[Graphics[Disk[]], RasterSize -> {{50}, {30}}]") == [30, 30]
    assert dims(session, "Rasterize[Graphics[Disk[]], RasterSize -> "
                         "{{40, 50}, {10, 30}}]") == [40, 30]
    # RasterSize overrides ImageResolution; ImageSize is the layout, sampled at the dpi
    assert dims(session, "Rasterize[Graphics[Disk[]], RasterSize -> 30, "
                         "ImageResolution -> 144]") == [30, 30]
    assert dims(session, "Rasterize[Graphics[Disk[]], ImageSize -> 100, "
                         "ImageResolution -> 144]") == [200, 200]
    assert not session.messages


def test_the_fitted_drawing_is_centred_and_sampled_not_laid_out_again(session):
    # a wide text fitted into a square: blank bands above and below, the ink in the middle
    img = session.evaluate('Rasterize[Style["wide text", 20], RasterSize -> {40, 40}]')
    ink = (img.pixels.mean(axis=2) < 128)
    rows = np.flatnonzero(ink.any(axis=1))
    assert rows.min() > 5 and rows.max() < 34
    # a plot sampled at 100 pixels keeps its layout (tick labels shrink with it): the same
    # share of ink as the full-size picture, not a plot laid out 100 points wide
    small = session.evaluate("Rasterize[Graphics[{Black, Disk[]}], RasterSize -> 100]")
    full = session.evaluate("Rasterize[Graphics[{Black, Disk[]}]]")
    share = [(p.pixels.mean(axis=2) < 128).mean() for p in (small, full)]
    assert abs(share[0] - share[1]) < 0.02


def test_background_overrides_and_none_is_transparent(session):
    red = session.evaluate("Rasterize[Graphics[{}, Background -> Blue], Background -> Red, "
                           "RasterSize -> 8]")
    assert red.pixels[0, 0].tolist() == [255, 0, 0]
    clear = session.evaluate("Rasterize[Graphics[Disk[]], Background -> None, RasterSize -> 20]")
    assert session.evaluate("ImageChannels[%]").value == 4
    alpha = np.asarray(session.evaluate("ImageData[%%]").args[0].args[0].args[3].value)
    assert alpha == 0.0 and clear.width == 20
    padded = session.evaluate('Rasterize["x", RasterSize -> {30, 30}, Background -> Black]')
    assert padded.pixels[0, 0].tolist() == [0, 0, 0]


def test_elements(session):
    r = session.evaluate('Rasterize[Graphics[Disk[]], {"RasterSize", "BoundingBox"}, '
                         'RasterSize -> 10]')
    assert input_form(r) == "{{10, 10}, {10, 10, 0}}"
    data = session.evaluate('Rasterize[Graphics[{Red, Rectangle[{0, 0}, {1, 0.5}]}, '
                            'PlotRange -> {{0, 1}, {0, 1}}], "Data", RasterSize -> 10]')
    values = np.array([[[c.value for c in px.args] for px in row.args] for row in data.args])
    assert values.shape == (10, 10, 3)
    assert values[0, 5].tolist() == [255, 0, 0]          # rows from the bottom, as a Raster
    assert values[-1, 5].tolist() == [255, 255, 255]
    g = session.evaluate('Rasterize[Graphics[{Red, Rectangle[{0, 0}, {1, 0.5}]}, '
                         'PlotRange -> {{0, 1}, {0, 1}}], "Graphics", RasterSize -> 10]')
    assert g.head.name == "Graphics"
    again = session.evaluate("Rasterize[%]")
    assert (again.width, again.height) == (10, 10)
    assert again.pixels[9, 5].tolist() == [255, 0, 0] and again.pixels[0, 5].tolist() == \
        [255, 255, 255]
    assert not session.messages


def test_bad_elements_and_settings_are_messages(session):
    for code, tag in (('Rasterize[x, "Foo"]', "Rasterize::elem"),
                      ("Rasterize[x, RasterSize -> -3]", "Rasterize::optvl"),
                      ("Rasterize[x, Background -> 7]", "Rasterize::optvl")):
        assert session.evaluate(code).head.name == "Rasterize"      # left unevaluated
        assert len(session.messages) == 1 and session.messages[0].startswith(tag)


def test_regions_of_annotations_in_raster_pixels(session):
    # pixels from the bottom left, 50 per unit: -1..3 across 200 points
    g = ('Graphics[{Annotation[Disk[], "a"], Red, Annotation[Rectangle[{2, 0}], "b", '
         '"Mouse"], Circle[{0, 0}, 0.2]}, PlotRange -> {{-1, 3}, {-1, 1}}, ImageSize -> 200]')
    got = session.evaluate(f'Rasterize[{g}, "Regions"]')
    assert input_form(got) == '{{"a", {{0., 0.}, {100., 100.}}}, {"b", {{150., 50.}, ' \
                              '{200., 100.}}}}'
    # a raster bigger than the drawing centres it: the regions move with it
    got = session.evaluate(f'Rasterize[{g}, {{"Regions", "RasterSize"}}, RasterSize -> '
                           '{400, 400}]')
    assert input_form(got) == '{{{"a", {{0., 100.}, {200., 300.}}}, {"b", {{300., 200.}, ' \
                              '{400., 300.}}}}, {400, 400}}'
    assert input_form(session.evaluate('Rasterize[Graphics[Disk[]], "Regions"]')) == "{}"
    assert not session.messages
