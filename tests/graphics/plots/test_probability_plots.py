"""QuantilePlot and ProbabilityPlot: the points against the reference, references given as
data or distributions, the reference line, messages."""

import numpy as np
from scipy.stats import norm

from tests.graphics.conftest import parts_with_head
from tests.graphics.plots.test_lists import points_of
from wlnet.graphics.values import numeric_array


def lines_of(g):
    """Every Line in the graphic, its Prolog (the reference line) included."""
    return [numeric_array(line.args[0]) for line in parts_with_head(g, "Line")]


def test_quantile_plot_against_the_fitted_normal(session):
    g = session.evaluate("QuantilePlot[{1, 2, 3, 4, 5}]")
    assert not session.messages
    (pts,) = points_of(g)
    expected = norm.ppf((np.arange(1, 6) - 0.5) / 5, 3, np.std([1, 2, 3, 4, 5], ddof=1))
    assert np.allclose(pts[:, 0], expected) and pts[:, 1].tolist() == [1, 2, 3, 4, 5]
    (line,) = lines_of(g)
    assert line[0, 0] == line[0, 1] and line[1, 0] == line[1, 1]      # the diagonal
    g = session.evaluate("QuantilePlot[{3, 1, 2}, ReferenceLineStyle -> None]")
    assert not lines_of(g) and points_of(g)[0][:, 1].tolist() == [1, 2, 3]


def test_quantile_plot_references(session):
    (pts,) = points_of(session.evaluate("QuantilePlot[{1., 2., 3.}, ExponentialDistribution[1]]"))
    assert np.allclose(pts[:, 0], -np.log(1 - (np.arange(1, 4) - 0.5) / 3))
    (pts,) = points_of(session.evaluate("QuantilePlot[{1, 2, 3}, {10, 20, 30}]"))
    assert np.allclose(pts[:, 0], np.quantile([10, 20, 30], (np.arange(1, 4) - 0.5) / 3))
    sets = points_of(session.evaluate("QuantilePlot[{{1, 2, 3}, {2, 4, 6, 8}}]"))
    assert [len(s) for s in sets] == [3, 4]


def test_probability_plot(session):
    (pts,) = points_of(session.evaluate("ProbabilityPlot[{1, 2, 3}, {1, 2, 3, 4}]"))
    assert np.allclose(pts, [[0.25, 1 / 6], [0.5, 0.5], [0.75, 5 / 6]])
    (pts,) = points_of(session.evaluate("ProbabilityPlot[{-1., 0., 1.}]"))
    assert np.allclose(pts[:, 0], norm.cdf([-1, 0, 1], 0, 1))


def test_messages(session):
    session.evaluate("QuantilePlot[{1, 2}, foo]")
    assert session.messages == [session.messages[-1]] and \
        session.messages[-1].startswith("QuantilePlot::ref")
    session.evaluate("ProbabilityPlot[x]")
    assert session.messages[-1].startswith("ProbabilityPlot::ldata")
