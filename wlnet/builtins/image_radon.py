"""Radon: the discrete Radon transform of an image, each pixel of the result measuring how
much of a line the image holds.

    Radon[image]                                the transform, angles -π/2 … π/2 across,
        distances -d/2 … d/2 (d the image's diagonal) from the bottom row up
    Radon[image, {w, h}]                        of that size (Automatic: the default one)
    Radon[image, {w, h}, {θ1, θ2}]              the angles θ1 … θ2 only
    Radon[image, {w, h}, {θ1, θ2}, {x0, y0}]    lines measured from {x0, y0} (standard
        image coordinates, {0, 0} the bottom-left corner; default the centre)
    Radon[image, {w, h}, {θ1, θ2}, {x0, y0}, {d1, d2}]   distances d1 … d2
    Method -> "Radon" (default): each result pixel is the sum of the image along its line
        x cos θ + y sin θ = ρ, sampled a pixel apart with bilinear interpolation, divided by
        the number of pixels of the diagonal (a line of ones across the diagonal gives 1)
    Method -> "Hough": every pixel's value is added, for each angle, to the distance bin
        its centre falls in (the standard Hough accumulator), divided likewise

Columns and rows stand at the centres of equal steps of the two ranges.  The default size is
the diagonal's length high and π/2 times it wide, so that the result has about the image's
resolution along its outer circle (WL's page says only "about the same resolution").  The
result is a Real32 image with the image's colour channels, each transformed on its own (an
alpha channel is dropped).  The loop runs over the angles (one whole-image operation each),
never over pixels.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import is_list
from wlnet.core.expr import Expr, S, String, Symbol
from wlnet.core.image import Image, drop_alpha, message_slots
from wlnet.core.registry import builtin
from wlnet.graphics.values import number

_MESSAGES = {
    "imginv": "Expecting a two-dimensional image instead of `1`.",
    "arg": "`1` is not a valid `2` specification.",
    "method": "`1` is not a Radon method (\"Radon\" or \"Hough\").",
}


def _pair(ev, e, default: tuple) -> tuple | None:
    """{a, b} of numbers (Automatic for either: that of ``default``), or None."""
    if e is None or e == S.Automatic:
        return default
    if not (is_list(e) and len(e.args) == 2):
        return None
    out = []
    for part, fallback in zip(e.args, default):
        value = fallback if part == S.Automatic else number(ev.evaluate(Expr(S.N, part)))
        if value is None:
            return None
        out.append(float(value))
    return tuple(out)


def radon_lines(plane: np.ndarray, angles: np.ndarray, distances: np.ndarray,
                origin: tuple, diagonal: float) -> np.ndarray:
    """(len(distances), len(angles)): the plane summed along each line x cos θ + y sin θ
    = ρ (standard coordinates relative to ``origin``), sampled a pixel apart with bilinear
    interpolation (zero beyond the image), divided by the diagonal.  For each angle the
    samples form an affine grid (distance by step along the line), which scipy's
    affine_transform interpolates in one call."""
    from scipy import ndimage
    h, w = plane.shape
    # a ring of zeros: interpolation runs to zero at the edge ("constant" mode is much
    # faster than "grid-constant", which would do the same), coordinates shifted by one
    framed = np.pad(plane.astype(np.float64), 1)
    steps = np.arange(np.ceil(diagonal) + 1) - np.ceil(diagonal) / 2   # along the line
    d0 = distances[0]
    dd = distances[1] - distances[0] if len(distances) > 1 else 0.0
    out = np.empty((len(distances), len(angles)))
    for j, theta in enumerate(angles):
        nx, ny = np.cos(theta), np.sin(theta)
        # (row, column) of the sample at (distance index, step index): an affine map
        row0 = h + 0.5 - origin[1] - ny * d0 - nx * steps[0]
        col0 = origin[0] + 0.5 + nx * d0 - ny * steps[0]
        samples = ndimage.affine_transform(
            framed, np.array([[-ny * dd, -nx], [nx * dd, -ny]]), offset=(row0, col0),
            output_shape=(len(distances), len(steps)), order=1, mode="constant",
            cval=0.0, prefilter=False)
        out[:, j] = samples.sum(axis=1)
    return out / diagonal


def hough_lines(plane: np.ndarray, angles: np.ndarray, distances: np.ndarray,
                origin: tuple, diagonal: float) -> np.ndarray:
    """(len(distances), len(angles)): each pixel's value added to the distance bin of
    x cos θ + y sin θ at every angle, divided by the diagonal."""
    h, w = plane.shape
    rows, cols = np.nonzero(plane)
    values = plane[rows, cols]
    x, y = cols + 0.5 - origin[0], h - rows - 0.5 - origin[1]
    n = len(distances)
    low = distances[0]
    step = distances[1] - distances[0] if n > 1 else diagonal
    out = np.zeros((n, len(angles)))
    for j, theta in enumerate(angles):
        bins = np.rint((x * np.cos(theta) + y * np.sin(theta) - low) / step).astype(np.int64)
        inside = (bins >= 0) & (bins < n)
        out[:, j] = np.bincount(bins[inside], weights=values[inside], minlength=n)
    return out / diagonal


_METHODS = {"Radon": radon_lines, "Hough": hough_lines}


def _centres(low: float, high: float, n: int) -> np.ndarray:
    """The centres of n equal steps from low to high."""
    return low + (np.arange(n) + 0.5) * (high - low) / n


@builtin("Radon", argc=(1, 6), messages=_MESSAGES, options={"Method": String("Radon")},
         usage="Radon[image] is the Radon transform of the image: angles -π/2 … π/2 across, "
               "distances from the centre up; Radon[image, {w, h}, {θ1, θ2}, {x0, y0}, "
               "{d1, d2}] of that size, for those angles and distances, lines measured "
               "from {x0, y0}; Method -> \"Hough\" the Hough accumulator.",
         examples=(("ImageDimensions[Radon[Image[ConstantArray[1, {30, 40}]]]]", "{79, 50}"),))
def radon(ev, img, *rest):
    head = Symbol("Radon")
    positional = [a for a in rest if not (type(a) is Expr and a.head is S.Rule)]
    rules = {a.args[0]: a.args[1] for a in rest if a not in positional}
    if type(img) is not Image:
        ev.message(head, "imginv", *message_slots(img))
        return None
    method = rules.get(S.Method, String("Radon"))
    if not (type(method) is String and method.value in _METHODS):
        ev.message(head, "method", method)
        return None
    image = drop_alpha(img)
    h, w = image.height, image.width
    diagonal = float(np.hypot(w, h))
    specs = (("size", (float(round(np.pi / 2 * diagonal)), float(round(diagonal)))),
             ("angle range", (-np.pi / 2, np.pi / 2)),
             ("origin", (w / 2, h / 2)),
             ("distance range", (-diagonal / 2, diagonal / 2)))
    values = []
    for (what, default), given in zip(specs, positional + [None] * 4):
        value = _pair(ev, given, default)
        if value is None or what == "size" and (min(value) < 1 or value != tuple(
                map(round, value))):
            ev.message(head, "arg", given, what)
            return None
        values.append(value)
    (width, height), (theta1, theta2), origin, (d1, d2) = values
    angles = _centres(theta1, theta2, int(width))
    distances = _centres(d2, d1, int(height))          # the top row is the largest distance
    transform = _METHODS[method.value]
    planes = image.reals()
    out = np.stack([transform(planes[:, :, k], angles, distances, origin, diagonal)
                    for k in range(planes.shape[2])], axis=2)
    return Image(out.astype(np.float32), "Real32", image.color_space)
