"""wlnet.core.color_spaces against values from independent sources: the CIE D50 white
(ASTM E308), the CIE L*a*b*/LCh values CSS Color 4 gives for the sRGB primaries, Python's
colorsys for HSB, Pillow for CMYK -> RGB, and the CIE L*u*v* formulas written out here."""

import colorsys

import numpy as np
import pytest
from PIL import Image as PILImage

from wlnet.core.color_spaces import CHANNELS, convert_values

RED, GREEN, BLUE, WHITE = np.eye(3)[0], np.eye(3)[1], np.eye(3)[2], np.ones(3)


def test_white_is_the_d50_white_in_xyz():
    np.testing.assert_allclose(convert_values(WHITE, "RGB", "XYZ"), [0.96422, 1.0, 0.82521],
                               atol=1e-4)


# CSS Color 4 (D50, Bradford): lab() of red, lime, blue; divided by 100 in WL's ranges
@pytest.mark.parametrize("rgb, lab", [
    (RED, [54.2917, 80.8125, 69.8851]),
    (GREEN, [87.8185, -79.2711, 80.9946]),
    (BLUE, [29.5683, 68.2986, -112.0294]),
    (WHITE, [100.0, 0.0, 0.0]),
])
def test_lab_of_the_primaries(rgb, lab):
    np.testing.assert_allclose(convert_values(rgb, "RGB", "LAB") * 100, lab, atol=0.05)


def test_lch_is_the_polar_form_with_the_hue_as_a_fraction_of_a_turn():
    # CSS Color 4: red is lch(54.29 106.84 40.85deg)
    l, c, h = convert_values(RED, "RGB", "LCH")
    assert abs(l - 0.5429) < 1e-3 and abs(c - 1.0684) < 1e-3 and abs(h * 360 - 40.85) < 0.05


def _luv_by_hand(rgb):
    """CIE 1976 L*u*v* (D50) from the XYZ the module gives, by the textbook formulas."""
    x, y, z = convert_values(rgb, "RGB", "XYZ")
    xn, yn, zn = convert_values(WHITE, "RGB", "XYZ")
    ratio = y / yn
    lightness = 116 * ratio ** (1 / 3) - 16 if ratio > (6 / 29) ** 3 else (29 / 3) ** 3 * ratio
    u, v = 4 * x / (x + 15 * y + 3 * z), 9 * y / (x + 15 * y + 3 * z)
    un, vn = 4 * xn / (xn + 15 * yn + 3 * zn), 9 * yn / (xn + 15 * yn + 3 * zn)
    return np.array([lightness, 13 * lightness * (u - un), 13 * lightness * (v - vn)]) / 100


@pytest.mark.parametrize("rgb", [RED, GREEN, BLUE, np.array([0.2, 0.5, 0.9]),
                                 np.array([0.01, 0.02, 0.005])])
def test_luv_follows_the_cie_formulas(rgb):
    np.testing.assert_allclose(convert_values(rgb, "RGB", "LUV"), _luv_by_hand(rgb),
                               atol=1e-12)


def test_luv_of_white_and_black():
    np.testing.assert_allclose(convert_values(WHITE, "RGB", "LUV"), [1, 0, 0], atol=1e-12)
    np.testing.assert_allclose(convert_values(np.zeros(3), "RGB", "LUV"), [0, 0, 0],
                               atol=1e-12)


def test_hsb_agrees_with_colorsys():
    rng = np.random.default_rng(0)
    for rgb in list(rng.random((20, 3))) + [RED, GREEN, BLUE, WHITE, np.full(3, 0.3)]:
        np.testing.assert_allclose(convert_values(rgb, "RGB", "HSB"),
                                   colorsys.rgb_to_hsv(*rgb), atol=1e-12)
        hsb = np.array(colorsys.rgb_to_hsv(*rgb))
        np.testing.assert_allclose(convert_values(hsb, "HSB", "RGB"), rgb, atol=1e-12)


def test_cmyk_extracts_black_and_converts_back_as_pillow_does():
    np.testing.assert_allclose(convert_values(np.full(3, 0.5), "RGB", "CMYK"), [0, 0, 0, 0.5])
    np.testing.assert_allclose(convert_values(RED, "RGB", "CMYK"), [0, 1, 1, 0])
    cmyk = np.array([[[10, 200, 30, 100], [255, 0, 128, 0], [0, 0, 0, 255]]], np.uint8)
    pillow = np.asarray(PILImage.fromarray(cmyk, "CMYK").convert("RGB"), dtype=np.float64)
    np.testing.assert_allclose(convert_values(cmyk / 255, "CMYK", "RGB") * 255, pillow,
                               atol=0.6)


def test_grayscale_uses_rec601_weights_and_repeats_back():
    np.testing.assert_allclose(convert_values(np.array([0.2, 0.4, 0.6]), "RGB", "Grayscale"),
                               [0.299 * 0.2 + 0.587 * 0.4 + 0.114 * 0.6])
    np.testing.assert_allclose(convert_values(np.array([0.3]), "Grayscale", "RGB"), [0.3] * 3)


@pytest.mark.parametrize("space", sorted(set(CHANNELS) - {"Grayscale"}))
def test_every_space_round_trips(space):
    rgb = np.random.default_rng(1).random((4, 5, 3))
    there = convert_values(rgb, "RGB", space)
    assert there.shape == (4, 5, CHANNELS[space])
    np.testing.assert_allclose(convert_values(there, space, "RGB"), rgb, atol=1e-12)
    for other in CHANNELS:                    # and through any other space with 3+ channels
        if other != "Grayscale":
            np.testing.assert_allclose(
                convert_values(convert_values(there, space, other), other, space), there,
                atol=1e-9)
