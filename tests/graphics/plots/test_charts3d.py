"""BarChart3D and PieChart3D: bars as cuboids laid out as BarChart's, sectors as slabs;
a Legended Graphics3D drawn with its legend."""

import math

import numpy as np

from tests.graphics.conftest import parts_with_head, png_pixels
from wlnet.graphics.values import numeric_array


def cuboids(g):
    return [np.concatenate([numeric_array(a) for a in c.args])
            for c in parts_with_head(g, "Cuboid")]


def test_bar_chart3d_layouts(session):
    g = session.evaluate("BarChart3D[{1, 2, 3}]")
    assert not session.messages and g.head.name == "Graphics3D"
    boxes = cuboids(g)
    assert [b[5] for b in boxes] == [1, 2, 3] and all(b[2] == 0 for b in boxes)
    assert boxes[1][0] > boxes[0][3]                                   # side by side
    stacked = cuboids(session.evaluate('BarChart3D[{{1, 2}, {3, 1}}, ChartLayout -> "Stacked"]'))
    assert [(b[2], b[5]) for b in stacked[:2]] == [(0, 1), (1, 3)]
    grid = cuboids(session.evaluate('BarChart3D[{{1, 2}, {3, 1}}, ChartLayout -> "Grid"]'))
    assert grid[0][0] == grid[1][0] and grid[1][1] > grid[0][4]        # one behind the other
    session.evaluate('BarChart3D[{1, 2}, ChartLayout -> "Foo"]')
    assert session.messages[-1].startswith("BarChart3D::layout")


def test_pie_chart3d_sectors_and_rings(session, export):
    g = session.evaluate("PieChart3D[{1, 3}]")
    groups = g.args[0].args
    assert len(groups) == 2
    tops = [numeric_array(parts_with_head(grp, "Polygon")[1].args[0]) for grp in groups]
    assert all(np.allclose(t[:, 2], 0.2) for t in tops)
    angles = np.arctan2(tops[0][:-1, 1], tops[0][:-1, 0])          # the first: a quarter
    assert np.isclose(np.ptp(np.unwrap(angles)), math.pi / 2)
    ring = session.evaluate("PieChart3D[{1, 1}, SectorOrigin -> {{Automatic, -1}, 0.5}]")
    top = numeric_array(parts_with_head(ring.args[0].args[0], "Polygon")[1].args[0])
    assert np.isclose(np.hypot(top[:, 0], top[:, 1]).min(), 0.5)
    path, messages = export('PieChart3D[{1, 2, 3}, ChartLegends -> {"a", "b", "c"}]')
    assert png_pixels(path).shape[0] > 100 and not messages


def test_bar_chart3d_chart_labels(session):
    from tests.graphics.conftest import parts_with_head
    from matplotlib.figure import Figure
    from wlnet.graphics.render3d import draw3d
    g = session.evaluate('BarChart3D[{1, 2, 3}, ChartLabels -> {"a", "b", "c"}]')
    texts = parts_with_head(g, "Text")
    assert [t.args[0].value for t in texts] == ["a", "b", "c"]
    xs = [t.args[1].args[0].value for t in texts]
    assert xs == sorted(xs)                                   # under their bars, in order
    g = session.evaluate('BarChart3D[{{1, 2}, {3, 2}}, ChartLabels -> {{"g1", "g2"}, {"x", "y"}}]')
    assert sorted(t.args[0].value for t in parts_with_head(g, "Text")) == \
        ["g1", "g2", "x", "x", "y", "y"]
    fig, warnings = Figure(), []
    draw3d(fig, session.evaluate('Graphics3D[{Cuboid[], Text["hi", {0, 0, 1}]}]'),
           lambda *a: warnings.append(a), 300, 300)
    assert [t.get_text() for ax in fig.axes for t in ax.texts] == ["hi"] and not warnings
