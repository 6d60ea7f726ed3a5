"""PlotTheme: base themes built from axes, colour and label feature themes."""

from tests.graphics.conftest import parts_with_head
from wlnet.graphics.plots.themes import PALETTES
from wlnet.syntax.printer import input_form


def _colours(g) -> list:
    return [tuple(round(a.value, 6) for a in c.args) for c in parts_with_head(g, "RGBColor")]


def test_palettes_are_distinct_colours():
    for name, palette in PALETTES.items():
        assert len(set(palette)) == len(palette) >= 6, name
        assert all(0 <= c <= 1 for rgb in palette for c in rgb)


def test_axes_features_set_graphics_options(session):
    code = 'Plot[x, {x, 0, 1}, PlotTheme -> "%s"]'
    assert "GridLines -> Automatic" in input_form(session.evaluate(code % "FrameGrid"))
    assert "Frame -> True" in input_form(session.evaluate(code % "FrameGrid"))
    assert "Ticks -> None" in input_form(session.evaluate(code % "Minimal"))
    assert "Axes -> False" in input_form(session.evaluate(code % "NoAxes"))
    assert "GridLines -> {None, Automatic}" in input_form(session.evaluate(code % "Web"))
    # an explicit option wins over the theme's
    g = session.evaluate('Plot[x, {x, 0, 1}, PlotTheme -> "Frame", Frame -> False]')
    assert input_form(g).index("Frame -> False") < input_form(g).index("Frame -> True")


def test_colour_themes_recolour_curves_and_charts(session):
    g = session.evaluate('Plot[{x, 2 x}, {x, 0, 1}, PlotTheme -> "CoolColor"]')
    assert _colours(g)[:2] == list(PALETTES["CoolColor"][:2])
    g = session.evaluate('BarChart[{1, 2, 3}, PlotTheme -> "WarmColor"]')
    assert set(_colours(g)) == {PALETTES["WarmColor"][0]}           # one data set
    # combined: the later theme's palette; the base theme's frame stays
    g = session.evaluate('Plot[{x, 2 x}, {x, 0, 1}, PlotTheme -> {"Scientific", "PastelColor"}]')
    assert _colours(g)[0] == PALETTES["PastelColor"][0]
    assert "Frame -> True" in input_form(g)


def test_label_and_background_themes(session, export):
    from tests.graphics.conftest import png_pixels
    g = session.evaluate('Plot[x, {x, 0, 1}, PlotTheme -> {"BoldLabels", "LargeLabels"}]')
    assert "LabelStyle -> Directive[Bold, FontSize[14]]" in input_form(g)
    path, messages = export('Plot[x, {x, 0, 1}, PlotTheme -> "BlackBackground"]')
    pixels = png_pixels(path)
    assert not messages and (pixels.mean(axis=2) < 30).mean() > 0.8   # mostly black


def test_monochrome_list_plots_mark_the_sets_by_shape(session):
    g = session.evaluate('ListPlot[{{1, 2, 3}, {3, 1, 2}}, PlotTheme -> "Monochrome"]')
    glyphs = {t.args[0].args[0].value for t in parts_with_head(g, "Text")}
    assert len(glyphs) == 2                                   # a marker shape a data set
    g = session.evaluate('ListPlot[{{1, 2, 3}, {3, 1, 2}}]')
    assert not parts_with_head(g, "Text")


def test_three_dimensional_plots_take_a_theme(session):
    session.evaluate('Plot3D[x y, {x, 0, 1}, {y, 0, 1}, PlotTheme -> "Business", PlotPoints -> 5]')
    assert not session.messages                               # was optx
    g = session.evaluate('ListPointPlot3D[{{{0, 0, 0}}, {{1, 1, 1}}}, PlotTheme -> "CoolColor"]')
    assert _colours(g) == list(PALETTES["CoolColor"][:2])


def test_size_feature_themes(session):
    # the named image sizes; an explicit ImageSize wins; "Sparkline" a small strip
    sizes = session.evaluate(
        'ImageDimensions[Rasterize[Plot[Sin[x], {x, 0, 6}, PlotTheme -> #]]] & /@ '
        '{"SmallImage", "MediumImage", "LargeImage", "Sparkline", {"Detailed", "SmallImage"}}')
    widths = [row.args[0].value for row in sizes.args]
    assert widths == [180, 360, 576, 120, 180]
    strip = sizes.args[3]
    assert strip.args[1].value <= 30
    explicit = session.evaluate('ImageDimensions[Rasterize[Plot[Sin[x], {x, 0, 6}, '
                                'PlotTheme -> "SmallImage", ImageSize -> 300]]]')
    assert explicit.args[0].value == 300
