"""The separable resampler images are resized with (wlnet.core.resampling)."""

import numpy as np
import pytest

from wlnet.core.resampling import method_of, resample, sample_at, sample_axis


def column(values):
    return np.asarray(values, dtype=float)[:, None, None]          # (h, 1, 1)


@pytest.mark.parametrize("padding, left", [
    ("Fixed", 1.0), ("Reversed", 1.0), ("Reflected", 2.0), ("Periodic", 3.0)])
def test_taps_beyond_the_edge_read_the_padding(padding, left):
    # tripling with "Nearest" never leaves the raster; linear at the first output centre
    # (-1/3 of a pixel) reads one third of the element before the first
    out = resample(column([1, 2, 3]), 9, 1, "Linear", padding)[:, 0, 0]
    assert out[0] == pytest.approx(2 / 3 * 1 + 1 / 3 * left)
    assert out[4] == pytest.approx(2.0)


def test_constant_padding_and_its_share():
    out = resample(column([1.0]), 3, 1, "Linear", np.array([0.0]))[:, 0, 0]
    assert np.allclose(out, [2 / 3, 1, 2 / 3])


def test_shrinking_averages_and_constants_stay():
    out = resample(column([0, 0, 1, 1]), 2, 1, "Linear")[:, 0, 0]
    assert np.allclose(out, [0.125, 0.875])


def test_methods_by_name_and_parameters():
    assert method_of("Bilinear").radius == method_of("Linear").radius == 1.0
    assert method_of("Lanczos", 2).radius == 2.0 and method_of("Lanczos", 0) is None
    assert method_of("Sharp") is None and method_of("Nearest", 2) is None
    assert method_of("Spline", 3).spline == 3 and method_of("Spline", 2.5) is None
    assert method_of("Spline", 99) is None and method_of("BSpline").spline is None
    assert method_of("Gaussian").radius == 2.0 and method_of("Gaussian", 3, 0.5).radius == 3
    assert method_of("Hann", 4, 0.6).radius == 4.0 and method_of("Hamming", 4, 0.6) is None
    # the splines of degree 0 and 1 interpolate without solving for coefficients
    assert method_of("Linear").spline is None and method_of("Cubic").spline == 3


def test_keys_cubic_takes_its_parameter():
    # Catmull-Rom is Keys' a = -1/2; a = 0 is the smooth cubic 2|x|^3 - 3x^2 + 1
    x = np.array([0.0, 0.25, 0.75, 1.5, 2.5])
    catmull_rom = method_of("CatmullRom")
    keys_half = method_of("Keys", -0.5)
    assert keys_half.radius == 2.0 and np.allclose(keys_half.kernel(x), catmull_rom.kernel(x))
    assert np.allclose(method_of("Keys", 0.0).kernel(x), [1.0, 0.84375, 0.15625, 0.0, 0.0])
    # each output sample weighs the taps so that they sum to 1: a constant stays
    out = resample(column([0.5, 0.5, 0.5]), 7, 1, "Keys", "Reversed", (-0.75,))
    assert np.allclose(out, 0.5)


# WL's paddings as scipy.ndimage's modes, for scipy's spline interpolation as an oracle
SCIPY_MODES = {"Reversed": "reflect", "Reflected": "mirror", "Periodic": "grid-wrap"}


@pytest.mark.parametrize("name, degree", [("Quadratic", 2), ("Cubic", 3), ("Quartic", 4),
                                          ("Quintic", 5)])
@pytest.mark.parametrize("padding", sorted(SCIPY_MODES))
def test_interpolating_splines_match_an_independent_spline_interpolation(name, degree,
                                                                         padding):
    from scipy import ndimage
    rng = np.random.default_rng(degree)
    # (scipy's mirrored prefilter is exact only on rasters longer than its horizon)
    values = rng.random((16, 17, 1))
    rows, cols = rng.uniform(-2, 18, (2, 40))
    got = sample_at(values, rows, cols, name, padding)[:, 0]
    expected = ndimage.map_coordinates(values[:, :, 0], [rows, cols], order=degree,
                                       mode=SCIPY_MODES[padding])
    assert np.allclose(got, expected, atol=1e-9)
    assert np.allclose(sample_at(values, rows, cols, "Spline", padding, (degree,)), got[:, None])


def test_splines_pass_through_the_samples_and_bsplines_smooth():
    # tripling puts every third output centre on an input centre
    data = column([0.0, 1.0, 0.0, 0.0, 1.0, 1.0])
    for method, parameters in [("Cubic", ()), ("Quintic", ()), ("Spline", (7,)),
                               ("Dodgson", ()), ("Lanczos", ()), ("Blackman", (4,)),
                               ("Kaiser", (3, 5))]:
        out = resample(data, 18, 1, method, "Reversed", parameters)[1::3, 0, 0]
        assert np.allclose(out, data[:, 0, 0], atol=1e-9), method
    for method, parameters in [("BSpline", ()), ("Gaussian", ()), ("Gaussian", (3, 1))]:
        out = resample(data, 18, 1, method, "Reversed", parameters)[1::3, 0, 0]
        assert not np.allclose(out, data[:, 0, 0]), method
        assert np.all((out >= 0) & (out <= 1)), method     # positive kernels: no overshoot


def test_cubic_spline_is_closer_to_a_smooth_signal_than_linear():
    n = 16
    samples = np.sin(2 * np.pi * np.arange(n) / n)
    exact = np.sin(2 * np.pi * ((np.arange(4 * n) + 0.5) / 4 - 0.5) / n)
    error = {m: np.abs(resample(column(samples), 4 * n, 1, m, "Periodic")[:, 0, 0]
                       - exact).max() for m in ("Linear", "Cubic", "Quintic")}
    assert error["Quintic"] < error["Cubic"] < error["Linear"] / 10


@pytest.mark.parametrize("method", ["Constant", "Linear", "Quadratic", "Cubic", "Gaussian",
                                    "Lanczos", "Hann", "Welch", "Connes", "Cosine",
                                    "Parzen", "Bartlett", "Dodgson", "BSpline"])
def test_every_method_keeps_a_constant_with_every_padding(method):
    for padding in ("Reversed", "Reflected", "Periodic", "Fixed", np.array([0.25, 0.25])):
        flat = resample(np.full((5, 7, 2), 0.25), 11, 3, method, padding)
        assert flat.shape == (11, 3, 2) and np.allclose(flat, 0.25), (method, padding)
        moved = sample_at(np.full((5, 7, 2), 0.25), np.array([-3.0, 0.3, 2.5]),
                          np.array([1.2, 9.0, 3.0]), method, padding)
        assert np.allclose(moved, 0.25), (method, padding)


def test_sample_at_linear_and_nearest_with_a_constant_padding():
    from scipy import ndimage
    values = np.arange(12.0).reshape(3, 4, 1)
    rows, cols = np.array([0.0, 0.5, 1.25, -0.5, 2.0]), np.array([0.0, 1.5, 2.75, 1.0, 3.5])
    linear = sample_at(values, rows, cols, "Linear", np.array([-1.0]))[:, 0]
    assert np.allclose(linear, ndimage.map_coordinates(values[:, :, 0], [rows, cols], order=1,
                                                       mode="grid-constant", cval=-1.0))
    # a position on the border between two pixels takes their mean
    assert np.allclose(sample_at(values, np.array([1.0]), np.array([1.5]), "Nearest"),
                       [[5.5]])
    assert np.allclose(sample_at(values, np.array([1.0]), np.array([1.5]), "NearestLeft"),
                       [[5.0]])


@pytest.mark.parametrize("method, expected", [
    ("Nearest", [0.5, 0.5]),           # a centre on the border of two pixels: their mean
    ("NearestLeft", [0.0, 0.0]),
    ("NearestRight", [1.0, 1.0]),
])
def test_nearest_on_a_border_between_two_pixels(method, expected):
    # halving puts each output centre exactly between two input pixels
    out = resample(column([0, 1, 0, 1]), 2, 1, method)[:, 0, 0]
    assert np.allclose(out, expected)
    # off the borders every variant takes the one pixel (3 -> 2: centres 0.25, 1.75)
    assert np.allclose(resample(column([0, 1, 0.5]), 2, 1, method)[:, 0, 0], [0, 0.5])
    assert np.allclose(resample(column([0, 1]), 8, 1, method)[:, 0, 0], [0] * 4 + [1] * 4)


def test_schaum_and_omoms():
    # Lagrange interpolation of degree n reproduces polynomials of degree n; the cubic
    # o-MOMS (after its prefilter) too, away from the edges
    t = (np.arange(180) + 0.5) / 3 - 0.5
    cubic = column((np.arange(60.0) / 10) ** 3)
    for method, parameters in [("Schaum", ()), ("Schaum", (3,)), ("OMOMS", ())]:
        out = resample(cubic, 180, 1, method, "Fixed", parameters)[:, 0, 0]
        assert np.allclose(out[60:-60], (t[60:-60] / 10) ** 3, atol=1e-8), method
    # Schaum's kernel of degree 1 is the triangle; of even degree it jumps where the
    # nearest samples change (half a pixel out)
    x = np.linspace(-1.5, 1.5, 7)
    assert np.allclose(method_of("Schaum", 1).kernel(x), np.maximum(0, 1 - np.abs(x)))
    quadratic = method_of("Schaum", 2).kernel
    assert abs(quadratic(np.array([0.5 - 1e-9]))[0] - quadratic(np.array([0.5 + 1e-9]))[0]) > 0.1
    assert method_of("OMOMS", 5) is None and method_of("Schaum", 0) is None


@pytest.mark.parametrize("method, padding", [("Cubic", "Reversed"), ("Quintic", 0.5),
                                             (("Lanczos", 2.0), "Periodic"), ("Linear", "Fixed")])
def test_sample_axis_at_the_resize_centres_is_resample(method, padding):
    # sampling one axis at an image resize's centres ((i + 1/2) n_in / n_out - 1/2) is
    # that resize, splines' prefilter and a constant padding included
    name, parameters = (method, ()) if isinstance(method, str) else (method[0], method[1:])
    values = np.random.default_rng(3).random((7, 2))
    centres = (np.arange(12) + 0.5) * 7 / 12 - 0.5
    got = sample_axis(values, centres, name, padding, parameters=parameters)
    want = resample(values[:, None, :], 12, 1, name, padding if isinstance(padding, str)
                    else (padding, padding), parameters)[:, 0, :]
    np.testing.assert_allclose(got, want, atol=1e-12)
    # at the samples themselves an interpolating method gives them back
    np.testing.assert_allclose(sample_axis(values, np.arange(7), name, padding,
                                           parameters=parameters), values, atol=1e-9)


def test_hermite_of_odd_orders():
    # order 3 is Catmull-Rom's cubic (Keys a = -1/2, also {"Meijering", 3}); order 1 the
    # triangle; every order interpolates, is symmetric and keeps constants
    x = np.linspace(-4, 4, 801)
    keys = method_of("Keys").kernel(x)
    assert np.allclose(method_of("Hermite").kernel(x), keys)
    assert np.allclose(method_of("Hermite", 3).kernel(x), keys)
    assert np.allclose(method_of("Meijering", 3).kernel(x), keys)
    assert np.allclose(method_of("Hermite", 1).kernel(x), np.maximum(0, 1 - np.abs(x)))
    for order in (5, 7):
        kernel = method_of("Hermite", order).kernel
        assert np.allclose(kernel(x), kernel(-x))
        assert np.allclose(kernel(np.arange(-4.0, 5.0)), np.arange(-4, 5) == 0)
        t = 0.37                      # reproduces polynomials up to degree order - 2
        js = np.arange(-5, 6)
        for degree in range(order - 1):
            assert np.isclose(sum(kernel(np.array([t - j]))[0] * j ** degree for j in js),
                              t ** degree)
    # a resize keeps a cubic ramp exact away from the edges
    t = (np.arange(180) + 0.5) / 3 - 0.5
    out = resample(column((np.arange(60.0) / 10) ** 3), 180, 1, "Hermite", "Fixed", (5,))
    assert np.allclose(out[60:-60, 0, 0], (t[60:-60] / 10) ** 3, atol=1e-8)
    assert method_of("Hermite", 4) is None and method_of("Meijering", 5) is None
