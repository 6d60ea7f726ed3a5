"""Colour functions of the array and density plots: a value scaled to 0..1 → RGB.

Named gradients are the Wolfram Language's names, drawn with matplotlib colormaps of the
same look; MatrixPlot's default colouring (negative blue, zero white, positive red) is a
gradient over -1..1.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import String, Symbol

__all__ = ["matrix_colours", "gradient_colours", "GRADIENTS", "colour_function_name",
           "grey_colours"]

# Wolfram's default MatrixPlot colouring, as stops over the scaled value -1..1.
_MATRIX_STOPS = np.array([-1.0, -0.5, 0.0, 0.5, 1.0])
_MATRIX_COLOURS = np.array([
    [0.16, 0.25, 0.55],            # large negative: dark blue
    [0.50, 0.66, 0.88],
    [1.00, 1.00, 1.00],            # zero: white
    [0.96, 0.62, 0.30],
    [0.60, 0.14, 0.06],            # large positive: dark red
])

# The density plots' default: dark blue through light blue and orange to pale yellow.
_DENSITY_STOPS = np.array([0.0, 0.35, 0.7, 1.0])
_DENSITY_COLOURS = np.array([[0.19, 0.17, 0.45], [0.36, 0.55, 0.78], [0.93, 0.63, 0.30],
                             [1.00, 0.96, 0.75]])

GRADIENTS = {            # WL ColorData names → matplotlib colormaps of the same look
    "Rainbow": "rainbow", "TemperatureMap": "coolwarm", "ThermometerColors": "coolwarm",
    "SunsetColors": "inferno", "BlueGreenYellow": "viridis", "DeepSeaColors": "ocean",
    "SolarColors": "YlOrRd", "AvocadoColors": "YlGn", "GrayTones": "gray",
    "LightTemperatureMap": "RdYlBu_r", "Pastel": "Pastel1", "RedBlueTones": "RdBu",
    "BrownCyanTones": "BrBG", "CherryTones": "Reds", "AlpineColors": "cividis",
}


def colour_function_name(spec) -> str | None:
    """"Automatic" for the plot's own colouring, a gradient name, or None if unknown."""
    if spec is None or type(spec) is Symbol and spec.name == "Automatic":
        return "Automatic"
    if type(spec) is String and spec.value in GRADIENTS:
        return spec.value
    return None


def _stops(values, stops, colours) -> np.ndarray:
    return np.stack([np.interp(values, stops, colours[:, c]) for c in range(3)], axis=-1)


def matrix_colours(values: np.ndarray, scheme: str = "Automatic") -> np.ndarray:
    """RGB (0..1) for each value, MatrixPlot's way: scaled by the largest magnitude."""
    values = np.asarray(values, dtype=np.float64)
    finite = np.isfinite(values)
    scale = np.max(np.abs(values[finite])) if finite.any() else 0.0
    scaled = np.where(finite, values / scale if scale > 0 else 0.0, 0.0)
    if scheme == "Automatic":
        return _stops(scaled, _MATRIX_STOPS, _MATRIX_COLOURS)
    return gradient_colours((scaled + 1.0) / 2.0, scheme)


def gradient_colours(scaled: np.ndarray, scheme: str) -> np.ndarray:
    """RGB for values already scaled to 0..1; "Automatic" is the density gradient."""
    scaled = np.clip(np.nan_to_num(np.asarray(scaled, float), nan=0.0), 0.0, 1.0)
    if scheme == "Automatic":
        return _stops(scaled, _DENSITY_STOPS, _DENSITY_COLOURS)
    import matplotlib
    return matplotlib.colormaps[GRADIENTS[scheme]](scaled)[..., :3]


def grey_colours(scaled: np.ndarray) -> np.ndarray:
    """ArrayPlot's default: 0 white, 1 black."""
    grey = 1.0 - np.clip(np.nan_to_num(scaled, nan=0.0), 0.0, 1.0)
    return np.repeat(grey[..., None], 3, axis=-1)
