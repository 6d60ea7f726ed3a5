"""The separable resampler images are resized with (wlnet.core.resampling)."""

import numpy as np
import pytest

from wlnet.core.resampling import kernel_of, resample


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
    for method in ("Nearest", "Linear", "Cubic", "Lanczos"):
        flat = resample(np.full((5, 7, 2), 0.25), 11, 3, method)
        assert flat.shape == (11, 3, 2) and np.allclose(flat, 0.25), method


def test_kernels_by_name():
    assert kernel_of("Bilinear") == kernel_of("Linear")
    assert kernel_of("Lanczos", 2)[1] == 2.0 and kernel_of("Lanczos", 0) is None
    assert kernel_of("Sharp") is None


def test_keys_cubic_takes_its_parameter():
    # Catmull-Rom is Keys' a = -1/2; a = 0 is the smooth cubic 2|x|^3 - 3x^2 + 1
    assert kernel_of("CatmullRom") == kernel_of("Cubic")
    x = np.array([0.0, 0.25, 0.75, 1.5, 2.5])
    default, _ = kernel_of("Cubic")
    keys_half, radius = kernel_of("Keys", -0.5)
    assert radius == 2.0 and np.allclose(keys_half(x), default(x))
    keys_zero, _ = kernel_of("Keys", 0.0)
    assert np.allclose(keys_zero(x), [1.0, 0.84375, 0.15625, 0.0, 0.0])
    # each output sample weighs the taps so that they sum to 1: a constant stays
    out = resample(column([0.5, 0.5, 0.5]), 7, 1, "Keys", "Reversed", -0.75)
    assert np.allclose(out, 0.5)


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
