"""SectorChart and SectorOrigin (shared with PieChart): angles, radii, sense, rings."""

import math

import numpy as np

from tests.graphics.conftest import parts_with_head
from wlnet.graphics.plots.charts import sector_origin
from wlnet.graphics.values import number, numeric_array
from wlnet.core.expr import String, Symbol, from_python


def test_sector_origin_settings():
    assert sector_origin(None) == (math.pi / 2, -1, 0.0)                  # top, clockwise
    assert sector_origin(Symbol("Left"))[:2] == (math.pi, -1)
    assert sector_origin(from_python([0, String("Counterclockwise")])) == (0.0, 1, 0.0)
    ring = sector_origin(from_python([[1.0, -1], 0.5]))
    assert ring == (1.0, -1, 0.5)
    assert sector_origin(Symbol("Foo")) is None
    assert sector_origin(from_python([0, 2])) is None


def test_sector_chart_angles_follow_x_and_radii_y(session):
    g = session.evaluate('SectorChart[{{1, 2}, {2, 1}, {1, 3}}, ChartLabels -> {"a", "b", "c"}]')
    assert not session.messages
    disks = parts_with_head(g, "Disk")
    radii = [number(d.args[1]) for d in disks]
    sweeps = [float(np.diff(numeric_array(d.args[2]))[0]) for d in disks]
    assert radii == [2.0, 1.0, 3.0]
    assert np.allclose(sweeps, [math.pi / 2, math.pi, math.pi / 2])
    assert numeric_array(disks[0].args[2]).tolist() == [0.0, math.pi / 2]  # from the top, clockwise
    assert len(parts_with_head(g, "Text")) == 3


def test_rings_and_pie_chart_sector_origin(session):
    g = session.evaluate("SectorChart[{{1, 2}, {1, 1}}, SectorOrigin -> {{0, 1}, 1}]")
    rings = [numeric_array(p.args[0]) for p in parts_with_head(g, "Polygon")]
    distances = [np.hypot(r[:, 0], r[:, 1]) for r in rings]
    assert np.isclose(distances[0].min(), 1) and np.isclose(distances[0].max(), 3)
    assert np.isclose(distances[1].max(), 2)
    pie = session.evaluate("PieChart[{1, 1}, SectorOrigin -> {Right, \"Counterclockwise\"}]")
    angles = [numeric_array(d.args[2]).tolist() for d in parts_with_head(pie, "Disk")]
    assert np.allclose(angles, [[0, math.pi], [math.pi, 2 * math.pi]])
    session.evaluate("PieChart[{1, 2}, SectorOrigin -> Foo]")
    assert session.messages[-1].startswith("PieChart::sorig")
    session.evaluate("SectorChart[{1, 2}]")
    assert session.messages[-1].startswith("SectorChart::ldata")
