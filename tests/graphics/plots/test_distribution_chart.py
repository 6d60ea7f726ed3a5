"""DistributionChart: a violin per data set, as wide as the data are dense, its element
functions and markers."""

import numpy as np

from tests.graphics.conftest import parts_with_head
from wlnet.graphics.values import numeric_array


def outlines(g):
    return [numeric_array(p.args[0]) for p in parts_with_head(g, "Polygon")]


def test_smooth_violins_are_symmetric_and_widest_where_the_data_are_dense(session):
    g = session.evaluate("DistributionChart[{{1, 2, 2, 3, 3, 3, 4, 9}, {2, 4, 4, 5, 6}}]")
    assert not session.messages and g.head.name == "Graphics"
    first, second = outlines(g)
    assert np.allclose(first[:, 0] - 1, -(first[::-1, 0] - 1))        # mirrored about x = 1
    widest = first[np.argmax(first[:, 0]), 1]
    assert 2 < widest < 4                                              # the dense part
    assert np.isclose(first[:, 0].max(), 1.4) and np.isclose(second[:, 0].max(), 2.4)
    medians = [numeric_array(line.args[0]) for line in parts_with_head(g, "Line")]
    assert [m[0, 1] for m in medians] == [3.0, 4.0]                   # a median line each
    origin = [r for r in g.args[1:] if r.args[0].name == "AxesOrigin"][0]
    assert numeric_array(origin.args[1])[1] == first[:, 1].min()      # axis under the shapes


def test_histogram_density_steps_follow_the_bin_counts(session):
    g = session.evaluate('DistributionChart[{{1, 1, 1, 2, 3, 3}}, "Mean", '
                         'ChartElementFunction -> "HistogramDensity"]')
    (outline,) = outlines(g)
    half = outline[:, 0] - 1
    assert np.isclose(half.max(), 0.4)                                # the fullest bin
    (mean_line,) = [numeric_array(line.args[0]) for line in parts_with_head(g, "Line")]
    assert np.allclose(mean_line[:, 1], 11 / 6)


def test_point_density_and_messages(session):
    g = session.evaluate('SeedRandom[2]; DistributionChart[RandomReal[1, {2, 30}], '
                         'ChartElementFunction -> "PointDensity"]')
    points = [numeric_array(p.args[0]) for p in parts_with_head(g, "Point")]
    assert [len(p) for p in points] == [30, 30]
    assert np.all(np.abs(points[1][:, 0] - 2) <= 0.4)
    session.evaluate('DistributionChart[{{1, 2}}, ChartElementFunction -> "Foo"]')
    assert session.messages[-1].startswith("DistributionChart::cfun")
    session.evaluate('DistributionChart[{{1, 2}}, "Foo"]')
    assert session.messages[-1].startswith("DistributionChart::bwspec")


def test_groups_of_data_sets(session):
    g = session.evaluate('DistributionChart[{{{1, 2, 2, 3}, {2, 3, 5}}, {{3, 4, 4, 5}}}, '
                         'ChartLabels -> {"g1", "g2"}]')
    assert not session.messages
    centres = [round(float(np.mean(o[:, 0])), 6) for o in outlines(g)]
    assert centres == [1, 2, 4]                                      # a gap before group 2
    ticks = [r for r in g.args[1:] if r.args[0].name == "Ticks"][0]
    assert [numeric_array(t.args[0]) for t in ticks.args[1].args[0].args] == [1.5, 4]
