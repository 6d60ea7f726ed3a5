"""SmoothHistogram: the kernel density estimate (Silverman's bandwidth), its curves,
options and messages."""

import math

import numpy as np
import pytest

from tests.graphics.conftest import png_pixels
from tests.graphics.plots.test_plots import lines_of
from wlnet.graphics.plots.densities import kernel_density, silverman_bandwidth


def test_silverman_bandwidth():
    values = np.array([1.0, 2, 2, 3, 7])
    sigma = np.std(values, ddof=1)
    iqr = 4.0 - 1.75                                   # WL's quartiles: 7/4, 2, 4
    assert silverman_bandwidth(values) == pytest.approx(0.9 * min(sigma, iqr / 1.34) * 5 ** -0.2)


def test_the_density_integrates_to_one_and_the_cdf_rises_to_one():
    values = np.array([0.0, 1.0, 1.5, 4.0])
    xs = np.linspace(-10, 15, 4001)
    density = kernel_density(values, xs, 0.7, False)
    assert np.trapezoid(density, xs) == pytest.approx(1.0, abs=1e-6)
    cdf = kernel_density(values, xs, 0.7, True)
    assert cdf[0] == pytest.approx(0.0, abs=1e-9) and cdf[-1] == pytest.approx(1.0)
    assert kernel_density(np.array([0.0]), np.array([0.0]), 2.0, False)[0] == \
        pytest.approx(1 / (2 * math.sqrt(2 * math.pi)))


def test_smooth_histogram_draws_a_curve_per_data_set(session):
    g = session.evaluate("SmoothHistogram[{{1, 2, 2, 3, 7}, {3, 4, 5}}, 0.5, "
                         "PlotLegends -> {\"a\", \"b\"}]")
    assert g.head.name == "Legended" and not session.messages
    a, b = lines_of(g)
    assert a[:, 0].min() == pytest.approx(1 - 1.5) and a[:, 0].max() == pytest.approx(7 + 1.5)
    peak = a[np.argmax(a[:, 1]), 0]
    assert 1.5 < peak < 2.5                                  # the mode of the first set
    assert np.allclose(b[:, 1], kernel_density(np.array([3.0, 4, 5]), b[:, 0], 0.5, False))
    (cdf,) = lines_of(session.evaluate('SmoothHistogram[{1, 2, 3}, Automatic, "CDF"]'))
    assert (np.diff(cdf[:, 1]) >= 0).all()


def test_messages_and_drawing(session, export):
    for code, tag in (("SmoothHistogram[x]", "ldata"), ("SmoothHistogram[{1, 2}, -1]", "bw"),
                      ('SmoothHistogram[{1, 2}, 1, "X"]', "dfun")):
        session.evaluate(code)
        assert session.messages[-1].startswith(f"SmoothHistogram::{tag}")
    path, messages = export("SmoothHistogram[{1, 2, 2, 3}, Filling -> Axis, ImageSize -> 240]")
    assert png_pixels(path).shape[1] == 240 and not messages
