"""Histogram3D and DensityHistogram: counts in a grid of bins, bin specifications, messages."""

import numpy as np

from tests.graphics.conftest import png_pixels
from wlnet.core.expr import S, Symbol
from wlnet.graphics.values import numeric_array


def bars(g):
    return [c for c in g.args[0].args if getattr(c, "head", None) is Symbol("Cuboid")]


def test_counts_in_a_grid_of_bins(session):
    g = session.evaluate("Histogram3D[{{0.5, 0.5}, {0.6, 0.5}, {1.5, 0.5}, {1.5, 1.5}}, "
                         "{{0, 2, 1}, {0, 2, 1}}]")
    assert g.head is S.Graphics3D and not session.messages
    cells = sorted((c.args[0].args[0].value, c.args[0].args[1].value, c.args[1].args[2].value)
                   for c in bars(g))
    assert cells == [(0.0, 0.0, 2.0), (1.0, 0.0, 1.0), (1.0, 1.0, 1.0)]
    assert "BoxRatios" in str(g.args[1:])


def test_bin_specs_and_totals(session):
    session.evaluate("SeedRandom[3]; data = RandomReal[1, {200, 2}];")
    for spec in ("", ", 4", ", {0.25}", ", {{0.5}, {0.25}}"):
        total = session.evaluate(f"Total[Cases[Histogram3D[data{spec}], "
                                 "Cuboid[_, {_, _, c_}] :> c, Infinity]]")
        assert total.value == 200, spec
    n = session.evaluate("Length[Cases[Histogram3D[data, {{0, 1, 0.5}, {0, 1, 0.25}}], "
                         "_Cuboid, Infinity]]")
    assert n.value <= 8


def test_messages(session):
    session.evaluate("Histogram3D[{1, 2, 3}]")
    assert session.messages[-1].startswith("Histogram3D::ldata")
    session.evaluate("Histogram3D[{{1, 2}, {2, 3}}, foo]")
    assert session.messages[-1].startswith("Histogram3D::bspec")


def test_renders(session, export):
    path, messages = export("Histogram3D[RandomReal[1, {50, 2}], ImageSize -> 200]")
    assert not messages and png_pixels(path).shape[1] == 200


def raster_of(g):
    (raster,) = [e for e in g.args[0].args if getattr(e, "head", None) is S.Raster]
    return raster


def test_density_histogram_colours_the_bins_with_counts(session):
    g = session.evaluate("DensityHistogram[{{0.5, 0.5}, {0.6, 0.5}, {1.5, 1.5}}, "
                         "{{0, 2, 1}, {0, 2, 1}}]")
    assert g.head is S.Graphics and not session.messages
    raster = raster_of(g)
    cells = numeric_array(raster.args[0])            # rows from the bottom: y bins
    assert cells.shape[:2] == (2, 2)
    white = np.all(cells == 1.0, axis=-1)
    assert white.tolist() == [[False, True], [True, False]]      # empty bins left blank
    assert not np.allclose(cells[0, 0], cells[1, 1])             # 2 and 1: other colours
    assert numeric_array(raster.args[1]).tolist() == [[0, 0], [2, 2]]
    session.evaluate('DensityHistogram[{{1, 2}, {2, 3}}, 2, ColorFunction -> "Nope"]')
    assert session.messages[-1].startswith("DensityHistogram::cfun")
    session.evaluate("DensityHistogram[{1, 2}]")
    assert session.messages[-1].startswith("DensityHistogram::ldata")


def test_histogram3d_heights_styles_and_several_data_sets(session):
    from tests.graphics.conftest import parts_with_head
    from wlnet.graphics.values import numeric_array
    from wlnet.syntax.printer import input_form
    data = "{{0.5, 0.5}, {0.5, 0.5}, {1.5, 0.5}, {1.5, 1.5}}"
    pdf = session.evaluate(f"Histogram3D[{data}, {{0, 2, 1}}, \"PDF\", ChartStyle -> Red]")
    assert not session.messages
    tops = sorted(numeric_array(c.args[1])[2] for c in parts_with_head(pdf, "Cuboid"))
    assert np.allclose(tops, [0.25, 0.25, 0.5])           # shares over unit bins
    assert "RGBColor[1, 0, 0]" in input_form(pdf)
    probability = session.evaluate(f"Histogram3D[{data}, {{0, 2, 1}}, \"Probability\"]")
    assert sorted(numeric_array(c.args[1])[2] for c in
                  parts_with_head(probability, "Cuboid")) == [0.25, 0.25, 0.5]
    two = session.evaluate(f'Histogram3D[{{{data}, {{{{1.5, 1.5}}}}}}, {{0, 2, 1}}, '
                           'ChartLegends -> {"a", "b"}]')
    assert two.head.name == "Legended" and len(parts_with_head(two, "Cuboid")) == 4
    assert "SwatchLegend" in input_form(two)
    session.evaluate(f'Histogram3D[{data}, 2, "Heights"]')
    assert session.messages[-1].startswith("Histogram3D::hspec")
