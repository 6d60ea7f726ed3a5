"""Histogram bin and height specifications: explicit edges, named methods, heights."""

import numpy as np
import pytest

from tests.builtins._support import check
from wlnet.core.expr import Expr, S
from wlnet.graphics.plots.bins import histogram_heights
from wlnet.syntax.printer import input_form


def test_heights_from_counts():
    counts, edges = np.array([1, 3, 0, 1]), np.array([0.0, 1, 2, 4, 5])
    assert histogram_heights(counts, edges, None).tolist() == [1, 3, 0, 1]
    from wlnet.core.expr import String
    h = lambda name: histogram_heights(counts, edges, String(name)).tolist()  # noqa: E731
    assert h("CumulativeCount") == [1, 4, 4, 5]
    assert h("SurvivalCount") == [5, 4, 1, 1]
    assert h("Probability") == [0.2, 0.6, 0, 0.2]
    assert h("Intensity") == [1, 3, 0, 1]
    assert np.allclose(h("PDF"), [0.2, 0.6, 0, 0.2])           # widths 1, 1, 2, 1
    assert np.allclose(h("SF"), [1, 0.8, 0.2, 0.2])
    assert np.allclose(h("HF"), [0.2, 0.75, 0, 1])
    assert np.allclose(h("CHF"), -np.log([1, 0.8, 0.2, 0.2]))
    assert histogram_heights(counts, edges, String("Foo")) is None


def test_histogram_list_heights_are_exact_for_exact_data():
    check('HistogramList[{1, 2, 2, 3, 5}, {1}, "Probability"]',
          "{{1, 2, 3, 4, 5, 6}, {1/5, 2/5, 1/5, 0, 1/5}}", evaluate_expected=True)
    check('HistogramList[{1, 2, 2, 3, 5}, {0, 6, 2}, "PDF"]', "{{0, 2, 4, 6}, {1/10, 3/10, 1/10}}",
          evaluate_expected=True)
    check('HistogramList[{1, 2, 2, 3, 5}, {{0, 1, 3, 6}}, "CDF"]', "{{0, 1, 3, 6}, {0, 3/5, 1}}",
          evaluate_expected=True)
    check('HistogramList[{1, 2, 2, 3, 5}, {1}, "SurvivalCount"]',
          "{{1, 2, 3, 4, 5, 6}, {5, 4, 2, 1, 1}}", evaluate_expected=True)


def test_named_bin_methods(session):
    # Sturges: ceil(log2 5) + 1 = 4 bins over the data's range, the maximum in the last
    assert session.evaluate('Length[Last[HistogramList[{1, 2, 2, 3, 5}, "Sturges"]]]').value == 4
    assert session.evaluate('Total[Last[HistogramList[{1, 2, 2, 3, 5}, "Sturges"]]]').value == 5
    # Knuth on normal data: a handful of bins, every value counted
    n = session.evaluate('SeedRandom[3]; d = RandomVariate[NormalDistribution[], 500]; '
                         'Length[Last[HistogramList[d, "Knuth"]]]').value
    assert 5 <= n <= 30
    assert session.evaluate('Total[Last[HistogramList[d, "Knuth"]]]').value == 500
    width = session.evaluate('First[Differences[First[HistogramList[d, '
                             '"FreedmanDiaconis"]]]]').value
    iqr = session.evaluate('Subtract @@ Reverse[Quantile[d, {1/4, 3/4}]]').value
    assert abs(width - 2 * iqr * 500 ** (-1 / 3)) < 0.02
    session.evaluate('HistogramList[{1, 2}, "Foo"]')
    assert session.messages[-1].startswith("HistogramList::bspec")


def test_histogram_draws_the_heights_asked_for(session):
    g = session.evaluate('Histogram[{1, 2, 2, 3, 5}, {1}, "PDF"]')
    tops = sorted(r.args[1].args[1].value for r in g.args[0].args[0].args[2:])
    assert tops == [0.2, 0.2, 0.2, 0.4]
    session.evaluate('Histogram[{1, 2}, {1}, "Foo"]')
    assert session.messages[-1].startswith("Histogram::hspec")


def test_wand_width_is_the_normal_optimum_for_normal_data():
    """Wand's plug-in estimate of (6 / (n R(f')))^(1/3): for a normal sample close to the
    true optimum (24 sqrt(pi) / n)^(1/3); for two well separated modes much narrower than
    Scott's normal-reference width."""
    import math
    from wlnet.graphics.plots.bins import _scott_width, _wand_width
    rng = np.random.default_rng(3)
    n = 5000
    assert _wand_width(rng.normal(size=n)) == pytest.approx((24 * math.sqrt(math.pi) / n)
                                                            ** (1 / 3), rel=0.1)
    two = np.concatenate([rng.normal(-3, 0.5, 500), rng.normal(3, 0.5, 500)])
    assert _wand_width(two) < 0.5 * _scott_width(two)
    assert _wand_width(np.ones(5)) is None


def test_log_bins(session):
    from wlnet.core.expr import Integer, String
    from wlnet.graphics.plots.bins import histogram_edges
    values = np.array([1.0, 3, 10, 30, 100, 999])
    spec = Expr(S.List, String("Log"), Integer(3))
    assert np.allclose(histogram_edges(values, spec), 10 ** np.linspace(0, np.log10(999), 4))
    result = session.evaluate('HistogramList[{1, 3, 10, 30, 100, 999}, {"Log", {{0, 1, 2, 3}}}]')
    assert input_form(result) == "{{1., 10., 100., 1000.}, {2, 2, 2}}"
    g = session.evaluate('Histogram[{1, 3, 10, 30, 100, 999, -1}, {"Log", 3}]')
    assert not session.messages
    assert 'ScalingFunctions -> {"Log", None}' in input_form(g)
    session.evaluate('Histogram[RandomReal[1, 50], "Wand"]')
    assert not session.messages
