"""Histogram, HistogramList, quartiles as WL's Quartiles, chart legends (BarChart and
PieChart are also in test_plots.py, BoxWhiskerChart in test_box_whisker.py)."""

import numpy as np

from wlnet.core.expr import Expr, S
from wlnet.graphics.plots.charts import quartiles
from wlnet.graphics.values import numeric_array
from wlnet.syntax.printer import input_form


def shapes(g, head):
    found = []

    def walk(e):
        if getattr(e, "head", None) is head:
            found.append(numeric_array(e.args[0]) if head is S.Line
                         else np.concatenate([numeric_array(a) for a in e.args]))
        for a in getattr(e, "args", ()):
            walk(a)
    walk(g)
    return found


def test_quartiles_are_those_of_wl():
    # WL: Quartiles[{1, 2, 3, 4, 5}] is {7/4, 3, 17/4}; of {1, 2, 3, 4, 10, 12} {2, 7/2, 10}
    assert np.allclose(quartiles(np.array([1.0, 2, 3, 4, 5])), [7 / 4, 3, 17 / 4])
    assert np.allclose(quartiles(np.array([1.0, 2, 3, 4, 10, 12])), [2, 7 / 2, 10])


def test_histogram_list_bins_are_closed_on_the_left():
    from tests.builtins._support import check
    check("HistogramList[{1, 2, 2, 3, 3, 3}, {1}]", "{{1, 2, 3, 4}, {1, 2, 3}}")
    check("HistogramList[{0.1, 0.5, 0.7, 1.}, {0, 1, 0.25}]",
          "{{0., 0.25, 0.5, 0.75, 1.}, {1, 0, 2, 0}}")
    check("Total[Last[HistogramList[RandomReal[1, 100]]]]", "100")


def test_histogram_of_several_data_sets_shares_its_bins(session):
    g = session.evaluate("Histogram[{{1, 2, 2, 3}, {2, 3, 3, 3, 4}}, {1}]")
    groups = [a for a in g.args[0].args] if g.args[0].head is S.List else []
    bars = [[r for r in grp.args if type(r) is Expr and r.head is S.Rectangle] for grp in groups]
    assert len(bars) == 2
    tops = [sorted(numeric_array(r.args[1])[1] for r in b) for b in bars]
    assert tops == [[1.0, 1.0, 2.0], [1.0, 1.0, 3.0]]
    assert "Opacity[0.5]" in input_form(g)
    session.evaluate("Histogram[{{1, 2}, {a}}]")
    assert session.messages[-1].startswith("Histogram::ldata")


def test_histogram_list_gives_the_bins_histogram_draws(session):
    def run(text):
        return input_form(session.evaluate(text))
    # bins [a, b): the maximum gets a bin of its own with a width spec
    assert run("HistogramList[{1, 2, 2, 3, 5}, {1}]") == "{{1, 2, 3, 4, 5, 6}, {1, 2, 1, 0, 1}}"
    assert run("HistogramList[{1, 2, 2, 3, 5}, {0, 6, 2}]") == "{{0, 2, 4, 6}, {1, 3, 1}}"
    assert run("HistogramList[{1, 6}, {0, 6, 2}]") == "{{0, 2, 4, 6}, {1, 0, 0}}"
    # bins chosen from the data hold every value
    assert session.evaluate("Total[Last[HistogramList[Range[6]]]]").value == 6
    assert session.evaluate("Total[Last[HistogramList[Range[6], 3]]]").value == 6
    assert not session.messages


def test_chart_legends_give_a_swatch_per_coloured_element(session):
    # ChartLegends was accepted and dropped: Histogram of two error sets with a legend
    # came back as a bare Graphics
    two = session.evaluate('Histogram[{{1, 2, 2, 3}, {3, 4, 4, 5}}, 5, '
                           'ChartLegends -> {"normal", "odd"}]')
    assert two.head.name == "Legended"
    swatch = two.args[1].args[0]
    assert swatch.head.name == "SwatchLegend"
    assert [a.value for a in swatch.args[1].args] == ["normal", "odd"]
    bars = session.evaluate('BarChart[{1, 2, 3}, ChartLegends -> {"a", "b", "c"}]')
    colours = bars.args[1].args[0].args[0].args
    assert len(colours) == 3 and len(set(colours)) == 3     # each bar its own colour
    for code in ('PieChart[{1, 2}, ChartLegends -> {"a", "b"}]',
                 'BoxWhiskerChart[{{1, 2, 3}, {2, 3, 4}}, ChartLegends -> {"p", "q"}]'):
        assert session.evaluate(code).head.name == "Legended"
    assert session.evaluate("Histogram[{1, 2, 2, 3}]").head.name == "Graphics"


def test_histogram_legends_are_chart_legends_not_plot_legends(session):
    # PlotLegends is a plot's option, not a chart's: it was silently dropped
    text = 'Histogram[{{1, 2, 2, 3}, {3, 4, 4, 5}}, PlotLegends -> {"a", "b"}]'
    kept = session.evaluate(text)
    assert [m.split(": ", 1)[0] for m in session.messages] == ["Histogram::optx"]
    assert "PlotLegends" in session.messages[0]
    assert kept.head.name == "Histogram"


def test_automatic_bins_have_a_round_width_from_a_multiple_of_it(session):
    """Scott's width 3.5 sigma n^(-1/3) rounded to 1, 2 or 5 times a power of ten; edges at
    multiples of the width; exact data keep exact edges."""
    def run(text):
        return input_form(session.evaluate(text))
    # sigma = 1.22, n = 9: Scott's width 2.06 -> 2
    assert run("HistogramList[{1, 2, 2, 3, 3, 3, 4, 4, 5}]") == "{{0, 2, 4, 6}, {1, 5, 3}}"
    # sigma 0.22, n = 4: 0.49 -> 0.5
    assert run("HistogramList[{0.1, 0.25, 0.3, 0.7}]") == "{{0., 0.5, 1.}, {3, 1}}"
    assert run("HistogramList[{5, 5, 5}]") == "{{5, 6}, {3}}"
    widths = session.evaluate("SeedRandom[1]; Differences[First[HistogramList["
                              "RandomVariate[NormalDistribution[], 1000]]]]")
    assert {round(w.value, 12) for w in widths.args} == {0.5}


def test_histogram_axis_at_the_left_and_pie_chart_of_an_association(session):
    g = session.evaluate("Histogram[{-2, -1, 0, 1, 2}, {1}]")
    origin = [r for r in g.args[1:] if r.args[0].name == "AxesOrigin"][0]
    assert numeric_array(origin.args[1]).tolist() == [-2, 0]
    pie = session.evaluate('PieChart[<|"x" -> 1, "y" -> 3|>]')
    labels = [t.args[0].value for t in pie.args[0].args if t.head.name == "Text"]
    assert labels == ["x", "y"] and not session.messages


def test_chart_base_style_comes_over_the_defaults_and_under_chart_style(session):
    # ChartBaseStyle: the style of every element (EdgeForm[None]: no edges), an explicit
    # ChartStyle still over it
    h = session.evaluate("Histogram[{1, 2, 2, 3, 3, 3}, ChartBaseStyle -> EdgeForm[None]]")
    assert not session.messages
    (group,) = [g for g in h.args[0].args if g.args and g.args[-1].head.name == "Rectangle"]
    directives = [a for a in group.args if a.head.name != "Rectangle"]
    assert directives[-1].head.name == "EdgeForm" and directives[-1].args[0].name == "None"
    pixels = session.evaluate("Rasterize[BarChart[{1, 2}, ChartBaseStyle -> Opacity[0.3], "
                              "ChartStyle -> Red, ImageSize -> 100]]").pixels.astype(int)
    pink = (pixels[..., 0] > 240) & (abs(pixels[..., 1] - 178) < 8)
    assert pink.sum() > 50 and not ((pixels[..., 0] > 240) & (pixels[..., 1] < 60)).any()


def test_pie_chart_of_several_data_sets_draws_concentric_rings(session):
    from tests.graphics.conftest import parts_with_head
    from wlnet.graphics.values import numeric_array
    g = session.evaluate('PieChart[{{1, 2, 3}, {2, 2, 2}}, ChartLabels -> {"a", "b", "c"}]')
    assert not session.messages
    rings = parts_with_head(g, "Polygon")
    assert len(rings) == 3 and len(parts_with_head(g, "Disk")) == 3     # inner: a pie
    radii = np.hypot(*numeric_array(rings[0].args[0]).T)
    assert np.isclose(radii.min(), 0.5) and np.isclose(radii.max(), 1.0)
    texts = parts_with_head(g, "Text")                  # labels on the outer ring only
    assert [t.args[0].value for t in texts] == ["a", "b", "c"]
    session.evaluate("PieChart[{{1, 2}, {-1, 2}}]")
    assert session.messages[-1].startswith("PieChart::ldata")


def test_chart_style_gradient_name_colours_the_elements_end_to_end(session):
    from wlnet.syntax.printer import input_form
    bars = session.evaluate('Union[Cases[BarChart[{1, 2, 3}, ChartStyle -> "Rainbow"], '
                            '_RGBColor, Infinity]]')
    assert len(bars.args) == 3
    ends = session.evaluate('{ColorData["Rainbow"][0], ColorData["Rainbow"][1]}')
    pie = session.evaluate('Cases[PieChart[{1, 2, 3}, ChartStyle -> "Rainbow"], _RGBColor, '
                           'Infinity]')
    first, last = pie.args[0], pie.args[-1]
    assert np.allclose([a.value for a in first.args], [a.value for a in ends.args[0].args],
                       atol=1e-6)
    assert np.allclose([a.value for a in last.args], [a.value for a in ends.args[1].args],
                       atol=1e-6)
    assert not session.messages and "RGBColor" in input_form(bars)
