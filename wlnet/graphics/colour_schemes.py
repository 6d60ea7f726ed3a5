"""The Wolfram Language's colour schemes: named gradients ("Rainbow", "TemperatureMap",
"SunsetColors", …), the "Indexed" schemes (ColorData[97], the default plot colours) and
the "Physical" ones ("VisibleSpectrum", "BlackBodySpectrum"), as plain data:

    gradient_rgb(name, t)        RGB rows (…, 3) of a gradient at t (already in its range)
    GRADIENT_NAMES, PHYSICAL     the schemes ColorData["Gradients"] / ["Physical"] lists
    INDEXED                      {n: the colour list of ColorData[n]}

A gradient is its colour stops, evenly spaced over its range and blended linearly between
them, as WL blends its own.  The stops are of the same look as WL's gradients (its reference
pages show them as pictures), not WL's own numbers: see _SOURCES.
"""

from __future__ import annotations

import numpy as np

from wlnet.graphics.style import DEFAULT_PLOT_COLOURS

__all__ = ["GRADIENT_STOPS", "GRADIENT_NAMES", "PHYSICAL", "INDEXED", "gradient_rgb",
           "scheme_range"]

# Where each gradient's colours come from.  WL documents its gradients by name and picture
# only, so wlnet draws each with colours of the same look: a matplotlib colormap of that
# look sampled at 16 stops ("mpl"), or stops of our own choosing ("stops"); the physical
# schemes are computed from their parameter (_visible_spectrum, _black_body).
_SOURCES = {
    "Rainbow": ("mpl", "rainbow"),
    "SunsetColors": ("stops", ((0, 0, 0), (0.33, 0.11, 0.42), (0.72, 0.22, 0.3),
                               (0.95, 0.45, 0.08), (1, 0.75, 0.25), (1, 1, 1))),
    "TemperatureMap": ("stops", ((0.18, 0.3, 0.93), (0.5, 0.62, 0.96), (1, 1, 1),
                                 (0.98, 0.8, 0.35), (0.82, 0.14, 0.16))),
    "LightTemperatureMap": ("mpl", "RdYlBu_r"),
    "ThermometerColors": ("mpl", "coolwarm"),
    "DeepSeaColors": ("stops", ((0.17, 0, 0.3), (0.3, 0.06, 0.6), (0.24, 0.33, 0.83),
                                (0.28, 0.66, 0.97), (0.77, 0.93, 1))),
    "SolarColors": ("stops", ((0.47, 0, 0.02), (0.84, 0.16, 0.01), (0.98, 0.45, 0.05),
                              (1, 0.82, 0.13))),
    "AvocadoColors": ("stops", ((0, 0, 0), (0, 0.44, 0.08), (0.68, 0.83, 0.15),
                                (1, 0.98, 0.23))),
    "AlpineColors": ("mpl", "cividis"),
    "BrownCyanTones": ("mpl", "BrBG"),
    "Pastel": ("mpl", "Pastel1"),
    "FallColors": ("mpl", "YlOrBr_r"),
    "RoseColors": ("mpl", "RdYlGn_r"),
    "StarryNightColors": ("mpl", "cividis"),
    "MintColors": ("mpl", "PiYG_r"),
    "AuroraColors": ("mpl", "PRGn_r"),
    "BeachColors": ("mpl", "PuOr"),
    "NeonColors": ("mpl", "spring_r"),
    "PinkTones": ("mpl", "pink"),
    "GreenBrownTerrain": ("mpl", "gist_earth"),
    "SouthwestColors": ("mpl", "Spectral"),
    "FruitPunchColors": ("mpl", "autumn_r"),
    "BlueGreenYellow": ("mpl", "viridis"),
    "GrayTones": ("mpl", "gray"),
    "RedBlueTones": ("mpl", "RdBu"),
    "CherryTones": ("mpl", "Reds"),
    "VisibleSpectrum": ("physical", None),
    "BlackBodySpectrum": ("physical", None),
}


def _visible_spectrum(nm):
    """The colour of light of wavelength ``nm`` (380-750): the usual piecewise-linear
    approximation of the spectral hues, dimmed towards both ends of vision."""
    nm = np.asarray(nm, dtype=np.float64)
    r = np.select([nm < 440, nm < 490, nm < 580, nm < 645],
                  [(440 - nm) / 60, 0 * nm, (nm - 510).clip(0) / 70, 1 + 0 * nm], 1)
    g = np.select([nm < 440, nm < 490, nm < 580, nm < 645],
                  [0 * nm, (nm - 440) / 50, 1 + 0 * nm, (645 - nm) / 65], 0)
    b = np.select([nm < 490, nm < 510], [1 + 0 * nm, (510 - nm) / 20], 0)
    dim = np.select([nm < 420, nm > 700], [0.3 + 0.7 * (nm - 380) / 40,
                                           0.3 + 0.7 * (750 - nm) / 50], 1)
    return np.clip(np.stack([r, g, b], axis=-1), 0, 1) * np.clip(dim, 0, 1)[..., None]


# a black body's colour: deep orange when cool, white near 6500 K, pale blue when hot
_BLACK_BODY_STOPS = ((1000, (1, 0.22, 0)), (2000, (1, 0.54, 0.16)), (3000, (1, 0.71, 0.42)),
                     (4000, (1, 0.82, 0.63)), (5000, (1, 0.9, 0.8)), (6500, (1, 1, 1)),
                     (8000, (0.87, 0.9, 1)), (10000, (0.79, 0.85, 1)))


def _black_body(kelvins):
    k = np.asarray(kelvins, dtype=np.float64)
    temps = [t for t, _ in _BLACK_BODY_STOPS]
    colours = np.array([c for _, c in _BLACK_BODY_STOPS])
    return np.stack([np.interp(k, temps, colours[:, c]) for c in range(3)], axis=-1)


class _Stops(dict):
    """name -> colour stops (r, g, b), evenly spaced over the scheme's range, made when a
    scheme is first used (matplotlib is imported only then)."""

    def __missing__(self, name):
        kind, source = _SOURCES[name]
        if kind == "stops":
            stops = source
        elif kind == "mpl":
            from matplotlib import colormaps
            stops = tuple(map(tuple, colormaps[source](np.linspace(0, 1, 16))[:, :3]))
        else:
            lo, hi = PHYSICAL[name]
            at = np.linspace(lo, hi, 64)
            rows = _visible_spectrum(at) if name == "VisibleSpectrum" else _black_body(at)
            stops = tuple(map(tuple, rows))
        self[name] = stops
        return stops

    def __contains__(self, name):
        return name in _SOURCES

    def __iter__(self):
        return iter(_SOURCES)

    def __len__(self):
        return len(_SOURCES)


GRADIENT_STOPS = _Stops()

# The physical schemes: their parameter's range (nanometres, kelvins); the rest run 0..1.
PHYSICAL = {"VisibleSpectrum": (380.0, 750.0), "BlackBodySpectrum": (1000.0, 10000.0)}
GRADIENT_NAMES = tuple(name for name in GRADIENT_STOPS if name not in PHYSICAL)

# ColorData[n, "ColorList"]: 97 is the default plot colours (WL 10 on)
INDEXED = {97: DEFAULT_PLOT_COLOURS}


def scheme_range(name: str) -> tuple[float, float]:
    return PHYSICAL.get(name, (0.0, 1.0))


def gradient_rgb(name: str, t) -> np.ndarray:
    """RGB (0..1) of the gradient ``name`` at the values ``t`` of its range (clipped to it,
    as WL's gradients clip), shape t.shape + (3,)."""
    stops = np.asarray(GRADIENT_STOPS[name], dtype=np.float64)
    lo, hi = scheme_range(name)
    t = np.clip(np.nan_to_num(np.asarray(t, dtype=np.float64), nan=lo), lo, hi)
    places = np.linspace(lo, hi, len(stops))
    return np.stack([np.interp(t, places, stops[:, c]) for c in range(3)], axis=-1)
