"""BubbleChart: bubbles at {x, y} sized by z on BubbleScale's measure, round on screen."""

import numpy as np

from tests.graphics.conftest import parts_with_head, png_pixels
from wlnet.graphics.plots.bubble_chart import bubble_diameters
from wlnet.graphics.plots.common import GOLDEN
from wlnet.graphics.values import numeric_array


def test_the_measure_grows_linearly_between_the_smallest_and_largest_size():
    z = np.array([1.0, 5.0, 9.0])
    area = bubble_diameters(z, 0.04, 0.16, 2, (1.0, 9.0))
    assert np.allclose(area ** 2, [0.04 ** 2, (0.04 ** 2 + 0.16 ** 2) / 2, 0.16 ** 2])
    diameter = bubble_diameters(z, 0.04, 0.16, 1, (1.0, 9.0))
    assert np.allclose(diameter, [0.04, 0.1, 0.16])
    assert np.allclose(bubble_diameters(np.array([3.0, 3.0]), 0.04, 0.16, 2, (3.0, 3.0)), 0.16)


def test_bubbles_are_circles_on_the_chart_and_inside_its_range(session):
    g = session.evaluate("BubbleChart[{{1, 2, 3}, {2, 3, 1}, {3, 1, 10}, {4, 4, 5}}]")
    assert not session.messages and g.head.name == "Graphics"
    disks = parts_with_head(g, "Disk")
    centres = np.array([numeric_array(d.args[0]) for d in disks])
    radii = np.array([numeric_array(d.args[1]) for d in disks])
    assert centres.tolist() == [[1, 2], [2, 3], [3, 1], [4, 4]]
    assert np.argmax(radii[:, 0]) == 2 and np.argmin(radii[:, 0]) == 1
    rule = [r for r in g.args[1:] if r.args[0].name == "PlotRange"][0]
    (x0, x1), (y0, y1) = numeric_array(rule.args[1])
    # equal on screen: rx / (x range) = ry / (y range) * aspect ratio
    assert np.allclose(radii[:, 0] / (x1 - x0), radii[:, 1] / (y1 - y0) * GOLDEN)
    assert np.all(centres[:, 0] + radii[:, 0] <= x1 + 1e-9)
    assert np.all(centres[:, 1] - radii[:, 1] >= y0 - 1e-9)


def test_several_data_sets_messages_and_drawing(session, export):
    g = session.evaluate('BubbleChart[{{{1, 2, 3}, {2, 3, 1}}, {{3, 1, 10}}}, '
                         'ChartLegends -> {"a", "b"}]')
    assert g.head.name == "Legended" and len(parts_with_head(g, "Disk")) == 3
    session.evaluate("BubbleChart[{{1, 2}}]")
    assert session.messages[-1].startswith("BubbleChart::ldata")
    session.evaluate('BubbleChart[{{1, 2, 3}}, BubbleScale -> "Foo"]')
    assert session.messages[-1].startswith("BubbleChart::bscale")
    session.evaluate('BubbleChart[{{1, 2, 3}}, BubbleSizes -> {0.5, 0.1}]')
    assert session.messages[-1].startswith("BubbleChart::bsizes")
    path, messages = export("BubbleChart[{{1, 2, 3}, {2, 3, 1}}, ImageSize -> 160]")
    assert png_pixels(path).shape[1] == 160 and not messages[3:]


def test_chart_style_list_colours_each_bubble_and_labels_sit_on_them(session):
    from tests.graphics.conftest import parts_with_head
    from wlnet.syntax.printer import input_form
    g = session.evaluate('BubbleChart[{{1, 2, 3}, {2, 3, 1}, {3, 1, 2}}, ChartLabels -> '
                         '{"a", "b", "c"}, ChartStyle -> {Red, Green, Blue}]')
    assert not session.messages
    text = input_form(g)
    assert all(c in text for c in ("RGBColor[1, 0, 0]", "RGBColor[0, 1, 0]",
                                   "RGBColor[0, 0, 1]"))
    labels = {t.args[0].value: tuple(t.args[1].args[k].value for k in (0, 1))
              for t in parts_with_head(g, "Text")}
    assert labels == {"a": (1.0, 2.0), "b": (2.0, 3.0), "c": (3.0, 1.0)}
