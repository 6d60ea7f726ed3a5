"""BilateralFilter: smoothing that keeps edges.

    BilateralFilter[image, σ, μ]    each pixel the weighted mean of its neighbours within
        2σ, a neighbour weighted by a Gaussian of its distance (spread σ, in pixels) times
        a Gaussian of its difference in value (spread μ; the colour distance for a colour
        image), so that values across an edge hardly mix

Also numeric matrices.  One whole-image operation per offset in the window: the loop is
over the (4σ+1)² offsets, never over pixels.  The image keeps its type, colour space and
display options; an alpha channel is filtered with the weights of the colours.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import numeric_array
from wlnet.core.expr import Expr, S, Symbol
from wlnet.core.image import Image, keeps_display_options, message_slots
from wlnet.core.packed import list_from_array
from wlnet.core.registry import builtin
from wlnet.graphics.values import number

_MESSAGES = {
    "imginv": "Expecting an image or a numeric matrix instead of `1`.",
    "spread": "`1` is not a spread (a positive number).",
}


def bilateral(values: np.ndarray, sigma: float, mu: float, colour: int) -> np.ndarray:
    """The bilateral filter of (h, w, c) values; the value differences are measured over
    the first ``colour`` channels."""
    reach = max(1, int(np.ceil(2 * sigma)))
    padded = np.pad(values, ((reach, reach), (reach, reach), (0, 0)), mode="edge")
    h, w = values.shape[:2]
    total = np.zeros_like(values)
    weights = np.zeros(values.shape[:2] + (1,))
    for dy in range(-reach, reach + 1):
        for dx in range(-reach, reach + 1):
            if dy * dy + dx * dx > reach * reach:
                continue
            shifted = padded[reach + dy:reach + dy + h, reach + dx:reach + dx + w]
            difference = ((shifted[:, :, :colour] - values[:, :, :colour]) ** 2).sum(
                axis=2, keepdims=True)
            weight = np.exp(-(dy * dy + dx * dx) / (2 * sigma * sigma)
                            - difference / (2 * mu * mu))
            total += weight * shifted
            weights += weight
    return total / weights


def _spread(ev, head, e) -> float | None:
    value = number(ev.evaluate(Expr(S.N, e)))
    if value is None or value <= 0:
        ev.message(head, "spread", e)
        return None
    return value


@builtin("BilateralFilter", argc=3, messages=_MESSAGES,
         usage="BilateralFilter[image, σ, μ] smooths the image over a spatial spread σ "
               "(pixels) while keeping edges: neighbours whose values differ by much more "
               "than μ hardly count.  Numeric matrices too.",
         examples=(("BilateralFilter[{{0, 0, 1, 1}}, 1, 0.01]", "{{0., 0., 1., 1.}}"),))
@keeps_display_options
def bilateral_filter(ev, data, sigma, mu):
    head = Symbol("BilateralFilter")
    if type(data) is Image:
        values = data.reals()
        colour = values.shape[2] - int(data.has_alpha)
    else:
        arr = numeric_array(ev, data)
        if arr is None or arr.ndim != 2:
            ev.message(head, "imginv", *message_slots(data))
            return None
        values, colour = arr.astype(np.float64)[:, :, None], 1
    s, m = _spread(ev, head, sigma), _spread(ev, head, mu)
    if s is None or m is None:
        return None
    out = bilateral(values, s, m, colour)
    if type(data) is Image:
        return Image(out, data.image_type, data.color_space)
    return list_from_array(out[:, :, 0])
