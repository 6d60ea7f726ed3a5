"""PairedHistogram and PairedBarChart: two charts back to back about a vertical axis."""

import numpy as np

from tests.graphics.conftest import parts_with_head
from wlnet.graphics.values import numeric_array


def rects(g):
    return [np.concatenate([numeric_array(a) for a in r.args])
            for r in parts_with_head(g, "Rectangle")]


def test_paired_histogram_shares_bins_and_goes_both_ways(session):
    g = session.evaluate("PairedHistogram[{1, 2, 2, 3}, {2, 3, 3, 3}, {1}]")
    assert not session.messages and g.head.name == "Graphics"
    bars = rects(g)
    left = sorted((b[1], -b[2]) for b in bars if b[2] < 0)       # (bin start, length)
    right = sorted((b[1], b[2]) for b in bars if b[2] > 0)
    assert left == [(1, 1), (2, 2), (3, 1)]
    assert right == [(2, 1), (3, 3)]
    ticks = [r for r in g.args[1:] if r.args[0].name == "Ticks"][0]
    labels = [t.args[1].value for t in ticks.args[1].args[0].args]
    assert "2" in labels and "-2" not in labels                   # lengths, not signs


def test_paired_histogram_heights_and_several_sets(session):
    g = session.evaluate('PairedHistogram[{1, 2, 2, 3}, {2, 3}, {1}, "Probability"]')
    assert max(-b[2] for b in rects(g)) == 0.5 and max(b[2] for b in rects(g)) == 0.5
    g = session.evaluate("PairedHistogram[{{1, 2}, {2, 3}}, {{1}, {3}}, {1}]")
    assert "Opacity" in str(g.args[0])
    session.evaluate("PairedHistogram[{1, 2}, x]")
    assert session.messages[-1].startswith("PairedHistogram::ldata")
    session.evaluate('PairedHistogram[{1, 2}, {2}, {1}, "Foo"]')
    assert session.messages[-1].startswith("PairedHistogram::hspec")


def test_paired_bar_chart(session):
    g = session.evaluate('PairedBarChart[{1, 2, 3}, {3, 2, 1}, ChartLabels -> {"x", "y", "z"}]')
    bars = rects(g)
    assert sorted((b[1], b[2]) for b in bars if b[2] < 0) == [(0.6, -1), (1.6, -2), (2.6, -3)]
    assert sorted((b[1], b[2]) for b in bars if b[2] > 0) == [(0.6, 3), (1.6, 2), (2.6, 1)]
    assert "\"z\"" in str(g.args[1:]) or "z" in str(g.args[1:])
