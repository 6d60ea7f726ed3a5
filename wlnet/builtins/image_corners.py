"""Corners of images: CornerFilter (a corner measure at every pixel) and ImageCorners (the
peaks of that measure).

    CornerFilter[image, r]          r = 2: a Real32 grey image of the corner measure of the
        structure tensor (the products of the image's Gaussian derivatives of scale r/2,
        summed over the channels and smoothed with a Gaussian of radius r): Method
        "ShiTomasi" (the default: its smaller eigenvalue), "HarrisStephens" (det - k tr²,
        k = 0.04; {"HarrisStephens", k}) or "HarmonicMean" (det / tr)
    ImageCorners[image, r, t, d]    (2, 0, 1): {{x1, y1}, …}, the pixel centres (image
        coordinates) where the measure is a local maximum above t, strongest first, at
        least d + 1 pixels apart; MaxFeatures -> n keeps the n strongest
        Method as CornerFilter's (and {method, "StrengthFraction" -> f}: only maxima whose
        neighbours are all below f times their value).

A radius r is a Gaussian of standard deviation r/2, as GaussianFilter's.  Corners are
kept strongest first, each clearing the pixels within d of it; the loop is over the corners
kept, the measure itself whole-image numpy/scipy operations.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import is_list
from wlnet.builtins.images import image_call
from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.core.image import Image, keeps_display_options
from wlnet.core.packed import list_from_array
from wlnet.core.registry import builtin
from wlnet.graphics.values import number

_HARRIS_K = 0.04
_MESSAGES = {
    "imginv": "Expecting an image instead of `1`.",
    "rad": "`1` is not a radius (a positive number).",
    "thresh": "`1` is not a threshold of the corner measure (a number).",
    "dist": "`1` is not a distance between corners (a nonnegative integer).",
    "method": "`1` is not a corner method (\"ShiTomasi\", \"HarrisStephens\", "
              "{\"HarrisStephens\", k} or \"HarmonicMean\", with \"StrengthFraction\" -> f).",
    "maxf": "The value of MaxFeatures should be All or a positive integer, not `1`.",
    "disp": "Only MaxFeatureDisplacement -> 0 (corners at pixel centres) is available, "
            "not `1`.",
}


def _method(e) -> tuple | None:
    """(name, Harris k, strength fraction or None) of a Method setting, or None."""
    fraction = None
    if is_list(e) and e.args and all(type(a) is Expr and a.head is S.Rule for a in e.args[1:]):
        rules = {getattr(r.args[0], "value", None): number(r.args[1]) for r in e.args[1:]}
        if set(rules) - {"StrengthFraction"} or None in rules.values():
            return None
        fraction = rules.get("StrengthFraction")
        e = e.args[0] if len(e.args) > 1 else e
    k = _HARRIS_K
    if is_list(e) and len(e.args) == 2 and e.args[0] == String("HarrisStephens"):
        k = number(e.args[1])
        if k is None:
            return None
        e = e.args[0]
    if e == Symbol("Automatic"):
        return "ShiTomasi", k, fraction
    if type(e) is String and e.value in ("ShiTomasi", "HarrisStephens", "HarmonicMean"):
        return e.value, k, fraction
    return None


def corner_measure(values: np.ndarray, radius: float, method: str, k: float) -> np.ndarray:
    """The corner measure (h, w) of the channels (h, w, c) at pixel range ``radius``."""
    from scipy import ndimage
    inner, outer = radius / 4, radius / 2          # σ of the derivatives, of the window
    xx = yy = xy = 0.0
    for c in range(values.shape[2]):
        plane = values[:, :, c]
        dy = ndimage.gaussian_filter(plane, inner, order=(1, 0), mode="nearest")
        dx = ndimage.gaussian_filter(plane, inner, order=(0, 1), mode="nearest")
        xx, yy, xy = xx + dx * dx, yy + dy * dy, xy + dx * dy
    xx, yy, xy = (ndimage.gaussian_filter(a, outer, mode="nearest") for a in (xx, yy, xy))
    trace, det = xx + yy, xx * yy - xy * xy
    if method == "HarrisStephens":
        return det - k * trace * trace
    if method == "HarmonicMean":
        return np.where(trace > 1e-12, det / np.where(trace > 1e-12, trace, 1.0), 0.0)
    # the smaller eigenvalue of [[xx, xy], [xy, yy]]
    return np.maximum(trace / 2 - np.sqrt(np.maximum((xx - yy) ** 2 / 4 + xy * xy, 0.0)),
                      0.0)


def _channels(image: Image) -> np.ndarray:
    values = image.reals()
    return values[:, :, :-1] if image.has_alpha else values


def _radius(ev, head, e, default: float) -> float | None:
    if e is None:
        return default
    r = number(ev.evaluate(Expr(S.N, e)))
    if r is None or r <= 0:
        ev.message(head, "rad", e)
        return None
    return r


def _method_option(ev, head, options):
    found = _method(options.get("Method", Symbol("Automatic")))
    if found is None:
        ev.message(head, "method", options["Method"])
    return found


@builtin("CornerFilter", argc=(1, None), messages=_MESSAGES,
         options={"Method": Symbol("Automatic")},
         usage="CornerFilter[image, r] is a grey image of the measure of a corner at each "
               "pixel (range r, 2 by default): the smaller eigenvalue of the structure "
               "tensor (Method \"ShiTomasi\"), or \"HarrisStephens\", \"HarmonicMean\".",
         examples=(("ImageDimensions[CornerFilter[Image[ConstantArray[0., {5, 7}]]]]",
                    "{7, 5}"),))
@keeps_display_options
def corner_filter(ev, img, *rest):
    head = Symbol("CornerFilter")
    call = image_call(ev, head, img, rest, 1)
    if call is None:
        return None
    positional, options = call
    radius = _radius(ev, head, positional[0] if positional else None, 2.0)
    method = _method_option(ev, head, options)
    if radius is None or method is None:
        return None
    return Image(corner_measure(_channels(img), radius, method[0], method[1]).astype(np.float32),
                 "Real32")


def corner_peaks(measure: np.ndarray, threshold: float, distance: int,
                 fraction: float | None, most: int | None) -> list:
    """(row, col) of the local maxima of the measure above the threshold, strongest
    first, each at least distance + 1 pixels (in rows and columns) from a stronger one."""
    from scipy import ndimage
    peak = (measure == ndimage.maximum_filter(measure, size=3, mode="nearest")) \
        & (measure > threshold)
    if fraction is not None:
        # every neighbour below the fraction of the peak's value
        neighbours = ndimage.maximum_filter(
            measure, footprint=np.array([[1, 1, 1], [1, 0, 1], [1, 1, 1]], bool),
            mode="nearest")
        peak &= neighbours < fraction * measure
    rows, cols = np.nonzero(peak)
    order = np.argsort(-measure[rows, cols], kind="stable")
    taken = np.zeros(measure.shape, bool)
    kept = []
    for r, c in zip(rows[order], cols[order]):
        if taken[r, c]:
            continue
        kept.append((r, c))
        if most is not None and len(kept) == most:
            break
        taken[max(r - distance, 0):r + distance + 1, max(c - distance, 0):c + distance + 1] = True
    return kept


@builtin("ImageCorners", argc=(1, None), messages=_MESSAGES,
         options={"MaxFeatureDisplacement": Integer(0), "MaxFeatures": Symbol("All"),
                  "Method": Symbol("Automatic")},
         usage="ImageCorners[image, r, t, d] is {{x1, y1}, …}, the corners of the image "
               "(image coordinates of pixel centres), strongest first: the peaks above t "
               "(0) of CornerFilter[image, r] (r = 2), at least d + 1 (2) pixels apart; "
               "MaxFeatures -> n keeps the n strongest.",
         examples=(("ImageCorners[Image[Table[If[i <= 10 && j <= 10, 1, 0], {i, 20}, "
                    "{j, 20}]], 2, 0.001, 3]", "{{9.5, 10.5}}"),))
def image_corners(ev, img, *rest):
    head = Symbol("ImageCorners")
    call = image_call(ev, head, img, rest, 3)
    if call is None:
        return None
    positional, options = call
    radius = _radius(ev, head, positional[0] if positional else None, 2.0)
    if radius is None:
        return None
    threshold = 0.0 if len(positional) < 2 else number(ev.evaluate(Expr(S.N, positional[1])))
    if threshold is None:
        ev.message(head, "thresh", positional[1])
        return None
    distance = Integer(1) if len(positional) < 3 else positional[2]
    if type(distance) is not Integer or distance.value < 0:
        ev.message(head, "dist", distance)
        return None
    most = options.get("MaxFeatures", Symbol("All"))
    if most != Symbol("All") and not (type(most) is Integer and most.value > 0):
        ev.message(head, "maxf", most)
        return None
    shift = options.get("MaxFeatureDisplacement", Integer(0))
    if number(shift) != 0:
        ev.message(head, "disp", shift)
        return None
    method = _method_option(ev, head, options)
    if method is None:
        return None
    measure = corner_measure(_channels(img), radius, method[0], method[1])
    peaks = corner_peaks(measure, threshold, distance.value, method[2],
                         None if most == Symbol("All") else most.value)
    h = measure.shape[0]
    points = np.array([[c + 0.5, h - r - 0.5] for r, c in peaks]).reshape(-1, 2)
    return list_from_array(points) if len(points) else Expr(S.List)
