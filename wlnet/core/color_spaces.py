"""Colour spaces of images, in the Wolfram Language's channel ranges, and the conversions
between them (numpy, on (..., channels) arrays of reals).

    "Grayscale"  1 channel     grey level 0..1
    "RGB"        3 channels    sRGB, 0..1
    "CMYK"       4 channels    cyan, magenta, yellow, black, 0..1
    "HSB"        3 channels    hue (fraction of a turn, 0..1), saturation, brightness 0..1
    "XYZ"        3 channels    CIE 1931 XYZ, D50 white (white is {0.96422, 1, 0.82521})
    "LAB"        3 channels    CIE L*a*b* (D50) divided by 100: L 0..1, a and b about -1..1
    "LCH"        3 channels    L, chroma (both /100), hue as a fraction of a turn
    "LUV"        3 channels    CIE L*u*v* (D50) divided by 100

Every conversion goes through RGB: RGB <-> Grayscale (Rec. 601 weights, grey to RGB repeats
the level), RGB <-> CMYK (black extracted: K = 1 - max(R, G, B)), RGB <-> HSB (the hexcone),
RGB <-> XYZ (the sRGB transfer curve, then the sRGB primaries adapted to D50 by the Bradford
transform, as ICC profiles do), XYZ <-> LAB/LUV (CIE 15 formulas), LAB <-> LCH (polar form).
No result is clipped: a colour outside the sRGB gamut keeps values outside 0..1.
"""

from __future__ import annotations

import numpy as np

CHANNELS = {"Grayscale": 1, "RGB": 3, "CMYK": 4, "HSB": 3, "XYZ": 3, "LAB": 3, "LCH": 3,
            "LUV": 3}

GREY_WEIGHTS = np.array([0.299, 0.587, 0.114])

# linear sRGB -> XYZ relative to D50 (Bradford-adapted sRGB primaries) and the D50 white
RGB_TO_XYZ = np.array([[0.4360747, 0.3850649, 0.1430804],
                       [0.2225045, 0.7168786, 0.0606169],
                       [0.0139322, 0.0971045, 0.7141733]])
XYZ_TO_RGB = np.linalg.inv(RGB_TO_XYZ)
WHITE = RGB_TO_XYZ.sum(axis=1)                 # {0.9642, 1, 0.8251}

_EPSILON = 216 / 24389                         # CIE's (6/29)^3
_KAPPA = 24389 / 27


def convert_values(values: np.ndarray, source: str, target: str) -> np.ndarray:
    """(..., CHANNELS[source]) values in `target`'s channels (float64)."""
    values = np.asarray(values, dtype=np.float64)
    if source == target:
        return values
    return _from_rgb(_to_rgb(values, source), target)


def _to_rgb(v: np.ndarray, space: str) -> np.ndarray:
    if space == "RGB":
        return v
    if space == "Grayscale":
        return np.repeat(v, 3, axis=-1)
    if space == "CMYK":
        return (1.0 - v[..., :3]) * (1.0 - v[..., 3:4])
    if space == "HSB":
        return _hsb_to_rgb(v)
    if space == "XYZ":
        return _encoded(v @ XYZ_TO_RGB.T)
    if space == "LCH":
        v = _lch_to_lab(v)
        space = "LAB"
    xyz = _lab_to_xyz(v) if space == "LAB" else _luv_to_xyz(v)
    return _encoded(xyz @ XYZ_TO_RGB.T)


def _from_rgb(v: np.ndarray, space: str) -> np.ndarray:
    if space == "RGB":
        return v
    if space == "Grayscale":
        return (v @ GREY_WEIGHTS)[..., None]
    if space == "CMYK":
        k = 1.0 - v.max(axis=-1, keepdims=True)
        room = 1.0 - k
        cmy = np.divide(1.0 - v - k, room, out=np.zeros_like(v), where=room > 0)
        return np.concatenate([cmy, k], axis=-1)
    if space == "HSB":
        return _rgb_to_hsb(v)
    xyz = _linear(v) @ RGB_TO_XYZ.T
    if space == "XYZ":
        return xyz
    if space == "LUV":
        return _xyz_to_luv(xyz)
    lab = _xyz_to_lab(xyz)
    return _lab_to_lch(lab) if space == "LCH" else lab


# ---------------------------------------------------------------------------- sRGB curve

def _linear(v):
    """sRGB-encoded values -> linear light (odd-symmetric beyond 0..1)."""
    a = np.abs(v)
    return np.sign(v) * np.where(a <= 0.04045, a / 12.92, ((a + 0.055) / 1.055) ** 2.4)


def _encoded(v):
    a = np.abs(v)
    return np.sign(v) * np.where(a <= 0.0031308, 12.92 * a, 1.055 * a ** (1 / 2.4) - 0.055)


# ---------------------------------------------------------------------------- HSB

def _rgb_to_hsb(v):
    r, g, b = v[..., 0], v[..., 1], v[..., 2]
    high, low = v.max(axis=-1), v.min(axis=-1)
    delta = high - low
    safe = np.where(delta > 0, delta, 1.0)
    hue = np.where(high == r, ((g - b) / safe) % 6.0,
                   np.where(high == g, (b - r) / safe + 2.0, (r - g) / safe + 4.0)) / 6.0
    hue = np.where(delta > 0, hue, 0.0)
    saturation = np.where(high > 0, delta / np.where(high > 0, high, 1.0), 0.0)
    return np.stack([hue, saturation, high], axis=-1)


def _hsb_to_rgb(v):
    h, s, b = v[..., 0] % 1.0, v[..., 1], v[..., 2]

    def channel(n):                    # the hexcone as one formula per channel
        k = (n + 6.0 * h) % 6.0
        return b - b * s * np.clip(np.minimum(k, 4.0 - k), 0.0, 1.0)
    return np.stack([channel(5.0), channel(3.0), channel(1.0)], axis=-1)


# ---------------------------------------------------------------------------- CIE spaces

def _f(t):
    return np.where(t > _EPSILON, np.cbrt(t), (_KAPPA * t + 16.0) / 116.0)


def _f_inverse(f):
    cube = f ** 3
    return np.where(cube > _EPSILON, cube, (116.0 * f - 16.0) / _KAPPA)


def _xyz_to_lab(xyz):
    f = _f(xyz / WHITE)
    return np.stack([1.16 * f[..., 1] - 0.16, 5.0 * (f[..., 0] - f[..., 1]),
                     2.0 * (f[..., 1] - f[..., 2])], axis=-1)


def _lab_to_xyz(lab):
    fy = (lab[..., 0] + 0.16) / 1.16
    f = np.stack([fy + lab[..., 1] / 5.0, fy, fy - lab[..., 2] / 2.0], axis=-1)
    return _f_inverse(f) * WHITE


def _lab_to_lch(lab):
    chroma = np.hypot(lab[..., 1], lab[..., 2])
    hue = (np.arctan2(lab[..., 2], lab[..., 1]) / (2 * np.pi)) % 1.0
    return np.stack([lab[..., 0], chroma, hue], axis=-1)


def _lch_to_lab(lch):
    angle = 2 * np.pi * lch[..., 2]
    return np.stack([lch[..., 0], lch[..., 1] * np.cos(angle), lch[..., 1] * np.sin(angle)],
                    axis=-1)


def _uv(xyz):
    """CIE 1976 (u', v') chromaticity; black (X+15Y+3Z = 0) at the white's."""
    x, y, z = xyz[..., 0], xyz[..., 1], xyz[..., 2]
    d = x + 15.0 * y + 3.0 * z
    white_d = WHITE[0] + 15.0 * WHITE[1] + 3.0 * WHITE[2]
    safe = np.where(d != 0, d, 1.0)
    u = np.where(d != 0, 4.0 * x / safe, 4.0 * WHITE[0] / white_d)
    v = np.where(d != 0, 9.0 * y / safe, 9.0 * WHITE[1] / white_d)
    return u, v


def _white_uv():
    return _uv(WHITE)


def _xyz_to_luv(xyz):
    lightness = 1.16 * _f(xyz[..., 1] / WHITE[1]) - 0.16
    u, v = _uv(xyz)
    un, vn = _white_uv()
    return np.stack([lightness, 13.0 * lightness * (u - un), 13.0 * lightness * (v - vn)],
                    axis=-1)


def _luv_to_xyz(luv):
    lightness, u_star, v_star = luv[..., 0], luv[..., 1], luv[..., 2]
    y = _f_inverse((lightness + 0.16) / 1.16) * WHITE[1]
    un, vn = _white_uv()
    safe = np.where(lightness != 0, 13.0 * lightness, 1.0)
    u = np.where(lightness != 0, u_star / safe + un, un)
    v = np.where(lightness != 0, v_star / safe + vn, vn)
    v_safe = np.where(v != 0, v, 1.0)
    x = np.where(v != 0, y * 9.0 * u / (4.0 * v_safe), 0.0)
    z = np.where(v != 0, y * (12.0 - 3.0 * u - 20.0 * v) / (4.0 * v_safe), 0.0)
    return np.stack([x, y, z], axis=-1)
