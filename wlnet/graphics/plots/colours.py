"""Colour functions of the array and density plots: a value scaled to 0..1 → RGB.

A ColorFunction is ``Automatic`` (the plot's own colouring), a gradient name ("Rainbow":
its colour stops, ``colour_schemes``), a ``ColorData[…]`` function, or any function of
the value (``Hue``, ``RGBColor[#, 0, 0] &``, ``ColorData[97][#] &``), evaluated at each
distinct value.  MatrixPlot's default colouring (negative blue, zero white, positive red)
is a gradient over -1..1.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, Integer, Real, String, Symbol
from wlnet.graphics.colour_data import scheme_colouring
from wlnet.graphics.colour_schemes import GRADIENT_STOPS, gradient_rgb, scheme_range
from wlnet.graphics.style import colour_of
from wlnet.graphics.values import number

__all__ = ["matrix_colours", "gradient_colours", "colour_scheme",
           "grey_colours", "colour_result"]

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

def colour_scheme(spec, ev=None, scaled: bool = True):
    """The colouring a ColorFunction setting names: "Automatic" (the plot's own), a
    gradient name, or a function of an array of values giving RGB rows (a ColorData
    function; with ``ev``, any other function, evaluated at each distinct value, given
    reals when ``scaled``, integers as integers otherwise); None if it names none."""
    if spec is None or type(spec) is Symbol and spec.name == "Automatic":
        return "Automatic"
    if type(spec) is String:
        return spec.value if spec.value in GRADIENT_STOPS else None
    colouring = scheme_colouring(spec)
    if colouring is not None:
        return colouring
    if ev is not None and (type(spec) is Symbol or type(spec) is Expr):
        return _evaluated_colouring(ev, spec, scaled)
    return None


def _evaluated_colouring(ev, f, scaled: bool):
    def colouring(values):
        values = np.asarray(values, dtype=np.float64)
        distinct, where = np.unique(np.nan_to_num(values.ravel(), nan=0.0),
                                    return_inverse=True)
        rgb = np.array([colour_result(ev.evaluate(Expr(f, _argument(v, scaled))))
                        for v in distinct]).reshape(-1, 3)
        return rgb[where].reshape(values.shape + (3,))
    return colouring


def _argument(value: float, scaled: bool):
    return Integer(int(value)) if not scaled and float(value).is_integer() else Real(value)


def colour_result(colour) -> tuple:
    """RGB of what a colour function gave: a colour, a number taken as a grey level, else
    white (nothing drawn)."""
    rgb = colour_of(colour)
    if rgb is not None:
        return tuple(rgb[:3])
    grey = number(colour)
    return (grey, grey, grey) if grey is not None else (1.0, 1.0, 1.0)


def _stops(values, stops, colours) -> np.ndarray:
    return np.stack([np.interp(values, stops, colours[:, c]) for c in range(3)], axis=-1)


def matrix_colours(values: np.ndarray, scheme="Automatic", span=None) -> np.ndarray:
    """RGB (0..1) for each value, MatrixPlot's way: scaled by the largest magnitude (of
    the values, or of ``span``'s ends)."""
    values = np.asarray(values, dtype=np.float64)
    finite = np.isfinite(values)
    scale = max(abs(span[0]), abs(span[1])) if span else \
        (np.max(np.abs(values[finite])) if finite.any() else 0.0)
    scaled = np.where(finite, values / scale if scale > 0 else 0.0, 0.0)
    if scheme == "Automatic":
        return _stops(scaled, _MATRIX_STOPS, _MATRIX_COLOURS)
    return gradient_colours((scaled + 1.0) / 2.0, scheme)


def gradient_colours(scaled: np.ndarray, scheme) -> np.ndarray:
    """RGB for values already scaled to 0..1 (a function scheme gets them as they are);
    "Automatic" is the density gradient."""
    if callable(scheme):
        return scheme(np.asarray(scaled, float))
    scaled = np.clip(np.nan_to_num(np.asarray(scaled, float), nan=0.0), 0.0, 1.0)
    if scheme == "Automatic":
        return _stops(scaled, _DENSITY_STOPS, _DENSITY_COLOURS)
    lo, hi = scheme_range(scheme)                 # a physical scheme's range is its own
    return gradient_rgb(scheme, lo + scaled * (hi - lo))


def grey_colours(scaled: np.ndarray) -> np.ndarray:
    """ArrayPlot's default: 0 white, 1 black."""
    grey = 1.0 - np.clip(np.nan_to_num(scaled, nan=0.0), 0.0, 1.0)
    return np.repeat(grey[..., None], 3, axis=-1)
