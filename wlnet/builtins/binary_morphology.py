"""More morphology: reconstruction (GeodesicDilation, GeodesicErosion), the hit-or-miss
transform, pruning of lines, and binarization against the neighbourhood.

    GeodesicDilation[marker, mask]     marker dilated again and again (3 x 3) but never
        above mask, until nothing changes: the morphological reconstruction of mask from
        marker (images or matrices of one size)
    GeodesicErosion[marker, mask]      the same by erosion, never below mask
    HitMissTransform[image, ker]       1 where the neighbourhood fits ker: its 1s on
        foreground, its -1s on background (0s: either); HitMissTransform[image, {ker1, …}]
        where any fits
    Pruning[image, n]                  the end points of the foreground's lines (pixels with
        one foreground neighbour) removed n times (All: until none is left; 1 by default)
    LocalAdaptiveBinarize[image, r]    white where the value is above the mean of its
        (2r+1) x (2r+1) neighbourhood; LocalAdaptiveBinarize[image, r, {a, b, c}] above
        a mean + b standard deviation + c

Whole-image numpy/scipy steps; the loops run over repetitions until a fixed point.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import is_list
from wlnet.builtins.image_watershed import reconstruct_by_erosion
from wlnet.core.expr import Expr, Integer, S, Symbol
from wlnet.core.image import Image, keeps_display_options, message_slots
from wlnet.core.packed import list_from_array, packed_array, to_packed
from wlnet.core.registry import builtin
from wlnet.graphics.values import number

_MESSAGES = {
    "imginv": "Expecting an image or a numeric matrix instead of `1`.",
    "imgdim": "`1` and `2` do not have the same dimensions.",
    "ker": "`1` is not a hit-or-miss kernel (a matrix of 1, 0 and -1, or a list of them).",
    "steps": "`1` is not a number of steps (a nonnegative integer or All).",
    "rad": "`1` is not a radius (a nonnegative integer).",
    "coef": "`1` is not a list of three coefficients {a, b, c}.",
}
_SQUARE = np.ones((3, 3), bool)


def _plane(ev, e):
    """(grey values (h, w) float64, the Image or None) of an image or a numeric matrix."""
    if type(e) is Image:
        values = e.reals()
        values = values[:, :, :-1] if e.has_alpha else values
        return values.mean(axis=2), e
    arr = packed_array(to_packed(ev.evaluate(Expr(S.N, e)), coerce=True) or e) \
        if is_list(e) else None
    if arr is None or arr.ndim != 2 or arr.dtype.kind not in "iuf":
        return None
    return arr.astype(np.float64), None


def _like(values: np.ndarray, like, binary: bool = False):
    """values as an image of like's kind (a Bit image when binary), or as a matrix."""
    if like is None:
        return list_from_array(values.astype(np.int64) if binary else values)
    if binary:
        return Image(values.astype(bool), "Bit")
    return Image(values, like.image_type if like.channels == 1 else "Real32")


def reconstruct_by_dilation(marker: np.ndarray, mask: np.ndarray, footprint) -> np.ndarray:
    """Geodesic dilations of marker (≤ mask) under mask until nothing changes."""
    return -reconstruct_by_erosion(-marker, -mask, footprint)


def _geodesic(name: str, dilate: bool):
    def geodesic(ev, marker, mask):
        head = Symbol(name)
        a, b = _plane(ev, marker), _plane(ev, mask)
        if a is None or b is None:
            ev.message(head, "imginv", *message_slots(marker if a is None else mask))
            return None
        if a[0].shape != b[0].shape:
            ev.message(head, "imgdim", marker, mask)
            return None
        if dilate:
            out = reconstruct_by_dilation(np.minimum(a[0], b[0]), b[0], _SQUARE)
        else:
            out = reconstruct_by_erosion(np.maximum(a[0], b[0]), b[0], _SQUARE)
        return _like(out, a[1] or b[1])
    verb = "dilated" if dilate else "eroded"
    limit = "above" if dilate else "below"
    builtin(name, argc=2, messages=_MESSAGES,
            usage=f"{name}[marker, mask] is marker {verb} step by step (3 x 3) but never "
                  f"{limit} mask, until nothing changes (images or matrices of one size).",
            examples=((f"{name}[{{{{1, 0, 0, 0}}}}, {{{{1, 1, 0, 1}}}}]",
                       "{{1., 1., 0., 0.}}" if dilate else "{{1., 1., 0., 1.}}"),))(
        keeps_display_options(geodesic))


_geodesic("GeodesicDilation", True)
_geodesic("GeodesicErosion", False)


def _kernels(ev, spec) -> list | None:
    arr = packed_array(to_packed(spec) or spec) if is_list(spec) else None
    if arr is None or arr.dtype.kind not in "iu":
        return None
    stack = arr[None] if arr.ndim == 2 else arr
    if stack.ndim != 3 or not np.isin(stack, (-1, 0, 1)).all():
        return None
    return list(stack)


@builtin("HitMissTransform", argc=2, messages=_MESSAGES,
         usage="HitMissTransform[image, ker] is 1 where the image's neighbourhood fits ker "
               "(its 1s on foreground, its -1s on background, its 0s on either); a list of "
               "kernels: where any fits.",
         examples=(("HitMissTransform[{{0, 0, 0}, {0, 1, 0}, {0, 0, 0}}, "
                    "{{-1, -1, -1}, {-1, 1, -1}, {-1, -1, -1}}]",
                    "{{0, 0, 0}, {0, 1, 0}, {0, 0, 0}}"),))
@keeps_display_options
def hit_miss_transform(ev, img, ker):
    from scipy import ndimage
    head = Symbol("HitMissTransform")
    found = _plane(ev, img)
    if found is None:
        ev.message(head, "imginv", *message_slots(img))
        return None
    kernels = _kernels(ev, ker)
    if kernels is None:
        ev.message(head, "ker", ker)
        return None
    foreground = found[0] > 0.5 if found[1] is not None else found[0] > 0
    hit = np.zeros(foreground.shape, bool)
    for k in kernels:
        hit |= ndimage.binary_hit_or_miss(foreground, structure1=k == 1, structure2=k == -1)
    return _like(hit, found[1], binary=True)


def _end_points(mask: np.ndarray) -> np.ndarray:
    from scipy import ndimage
    neighbours = ndimage.convolve(mask.astype(np.int64), np.array([[1, 1, 1], [1, 0, 1],
                                                                  [1, 1, 1]]),
                                  mode="constant")
    return mask & (neighbours == 1)


@builtin("Pruning", argc=(1, 2), messages=_MESSAGES,
         usage="Pruning[image, n] removes the end points of the foreground's lines (pixels "
               "with one foreground neighbour) n times (1 by default; All: until none is "
               "left).",
         examples=(("Pruning[{{1, 1, 1, 1}}, 1]", "{{0, 1, 1, 0}}"),))
@keeps_display_options
def pruning(ev, img, steps=Integer(1)):
    head = Symbol("Pruning")
    found = _plane(ev, img)
    if found is None:
        ev.message(head, "imginv", *message_slots(img))
        return None
    if steps == S.All:
        limit = None
    elif type(steps) is Integer and steps.value >= 0:
        limit = steps.value
    else:
        ev.message(head, "steps", steps)
        return None
    mask = found[0] > (0.5 if found[1] is not None else 0)
    done = 0
    while limit is None or done < limit:
        ends = _end_points(mask)
        if not ends.any():
            break
        mask = mask & ~ends
        done += 1
    return _like(mask, found[1], binary=True)


@builtin("LocalAdaptiveBinarize", argc=(2, 3), messages=_MESSAGES,
         usage="LocalAdaptiveBinarize[image, r] is white where the value is above the mean "
               "of its (2r+1) x (2r+1) neighbourhood; LocalAdaptiveBinarize[image, r, {a, b, "
               "c}] above a mean + b standard deviation + c.",
         examples=(("ImageData[LocalAdaptiveBinarize[Image[{{0.1, 0.5, 0.1, 0.2, 0.6, 0.2}}], "
                    "1]]", "{{0, 1, 0, 0, 1, 0}}"),))
@keeps_display_options
def local_adaptive_binarize(ev, img, r, coefficients=None):
    from scipy import ndimage
    head = Symbol("LocalAdaptiveBinarize")
    found = _plane(ev, img)
    if found is None or found[1] is None:
        ev.message(head, "imginv", *message_slots(img))
        return None
    if type(r) is not Integer or r.value < 0:
        ev.message(head, "rad", r)
        return None
    a, b, c = 1.0, 0.0, 0.0
    if coefficients is not None:
        parts = [number(ev.evaluate(Expr(S.N, x))) for x in coefficients.args] \
            if is_list(coefficients) and len(coefficients.args) == 3 else [None]
        if None in parts:
            ev.message(head, "coef", coefficients)
            return None
        a, b, c = parts
    values, size = found[0], 2 * r.value + 1
    mean = ndimage.uniform_filter(values, size=size, mode="nearest")
    square = ndimage.uniform_filter(values * values, size=size, mode="nearest")
    deviation = np.sqrt(np.maximum(square - mean * mean, 0.0))
    return Image(values > a * mean + b * deviation + c, "Bit")
