"""Where an image's values are and how many there are of each: ImageValuePositions,
PixelValuePositions, ImageLevels, and their running sums: ImageAccumulate.

    ImageValuePositions[image, val]       {{x, y}, …}: the centres (image coordinates, the
        bottom-left pixel's at {0.5, 0.5}) of the pixels whose value is val: a number, a
        colour, a list of channel values, "Max" or "Min" (of the intensity, the mean of
        the channels); sorted by x, then y
    ImageValuePositions[image, val, d]    within the (Euclidean, over the channels) distance d
    PixelValuePositions[…]                the same in pixel coordinates (positions + 1/2)
    ImageLevels[image]                    {{level, count}, …} per channel: 256 levels
        (level k/255 counts the values from k/255 up to (k+1)/255, the last one all from 1
        up); a binary image {{0, n0}, {1, n1}}; ImageLevels[image, n] n equal bins of 0 … 1,
        ImageLevels[image, All] every distinct value, ImageLevels[image, spec, {min, max}]
        bins of that range (values outside counted in the first and last)
    ImageAccumulate[image]                the integral image: each pixel the sum of those
        below and to the left of it, one larger (zeros at the bottom and left); Real32, or
        Real64 with Method -> "CompensatedSummation" (the sums are float64 either way)

A colour image gives one list per channel.  All is numpy over the whole image.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import is_list
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.image import Image, message_slots
from wlnet.core.image3d import Image3D
from wlnet.core.packed import list_from_array, packed_array, to_packed
from wlnet.core.registry import builtin
from wlnet.graphics.style import colour_of
from wlnet.graphics.values import number

_MESSAGES = {
    "imginv": "Expecting an image instead of `1`.",
    "val": "`1` is not a pixel value (a number, a colour, a list of channel values, \"Max\" "
           "or \"Min\") for the image.",
    "dist": "`1` is not a distance (a nonnegative number).",
    "bins": "`1` is not a binning (a positive integer, All or Automatic).",
    "range": "`1` is not a range of values ({min, max}, either end All, All, Automatic, or "
             "one of those per channel).",
    "method": "`1` is not a method of ImageLevels (\"IncludeOutOfRange\" or "
              "\"ExcludeOutOfRange\").",
}


def _colour_values(image) -> np.ndarray:
    values = image.reals()
    return values[..., :-1] if image.has_alpha else values


def _target(ev, values: np.ndarray, val) -> np.ndarray | None:
    """The channel values to look for, or None."""
    channels = values.shape[2]
    if val in (String("Max"), String("Min")):
        return None
    x = number(ev.evaluate(Expr(S.N, val)))
    if x is not None:
        return np.full(channels, x)
    rgb = colour_of(val)
    if rgb is not None:
        grey = type(val) is Expr and getattr(val.head, "name", None) == "GrayLevel"
        parts = np.array(rgb[:1] if grey or channels == 1 else rgb[:3], dtype=np.float64)
        if channels == 1 and not grey:
            parts = np.array([np.mean(rgb[:3])])
        return parts if len(parts) == channels else None
    if is_list(val):
        arr = packed_array(to_packed(ev.evaluate(Expr(S.N, val)), coerce=True) or val)
        if arr is not None and arr.ndim == 1 and len(arr) == channels:
            return arr.astype(np.float64)
    return None


def value_positions(ev, head, img, val, d, shift: float):
    if type(img) is not Image:
        ev.message(head, "imginv", *message_slots(img))
        return None
    distance = 0.0 if d is None else number(ev.evaluate(Expr(S.N, d)))
    if distance is None or distance < 0:
        ev.message(head, "dist", d)
        return None
    values = _colour_values(img)
    if val in (String("Max"), String("Min")):
        intensity = values.mean(axis=2)
        extreme = intensity.max() if val == String("Max") else intensity.min()
        hit = np.abs(intensity - extreme) <= distance
    else:
        target = _target(ev, values, val)
        if target is None:
            ev.message(head, "val", val)
            return None
        # float32 pixels: "exactly" is to the pixels' own precision
        tolerance = max(distance, 1e-6)
        hit = np.sqrt(((values - target) ** 2).sum(axis=2)) <= tolerance
    rows, cols = np.nonzero(hit)
    points = np.stack([cols + 0.5 + shift, img.height - rows - 0.5 + shift], axis=1)
    order = np.lexsort((points[:, 1], points[:, 0]))
    return list_from_array(points[order]) if len(points) else Expr(S.List)


@builtin("ImageValuePositions", argc=(2, 3), messages=_MESSAGES,
         usage="ImageValuePositions[image, val] is {{x, y}, …}, the centres of the pixels of "
               "value val (a number, a colour, channel values, \"Max\" or \"Min\"); "
               "ImageValuePositions[image, val, d] within a distance d.",
         examples=(("ImageValuePositions[Image[{{0, 1}, {1, 0}}], 1]",
                    "{{0.5, 0.5}, {1.5, 1.5}}"),))
def image_value_positions(ev, img, val, d=None):
    return value_positions(ev, Symbol("ImageValuePositions"), img, val, d, 0.0)


@builtin("PixelValuePositions", argc=(2, 3), messages=_MESSAGES,
         usage="PixelValuePositions[image, val] is ImageValuePositions[image, val] in pixel "
               "coordinates (each position plus 1/2).",
         examples=(("PixelValuePositions[Image[{{0, 1}, {1, 0}}], 1]",
                    "{{1., 1.}, {2., 2.}}"),))
def pixel_value_positions(ev, img, val, d=None):
    return value_positions(ev, Symbol("PixelValuePositions"), img, val, d, 0.5)


def levels_of(plane: np.ndarray, bins, low: float, high: float, binary: bool,
              exclude: bool = False) -> np.ndarray:
    """(k, 2) rows {level, count} of one channel; the values beyond low .. high counted
    in the end bins, or left out if ``exclude``."""
    if exclude and not binary:
        plane = plane[(plane >= low) & (plane <= high)]
    if binary:
        ones = int((plane > 0.5).sum())
        return np.array([[0, plane.size - ones], [1, ones]], dtype=np.float64)
    if bins == "All":
        levels, counts = np.unique(plane, return_counts=True)
        return np.stack([levels, counts], axis=1)
    n = 256 if bins is None else bins
    step = (high - low) / (n - 1 if bins is None else n)
    index = np.clip(np.floor((plane - low) / step + 1e-9).astype(np.int64), 0, n - 1)
    counts = np.bincount(index.ravel(), minlength=n)
    return np.stack([low + step * np.arange(n), counts], axis=1)


@builtin("ImageLevels", argc=(1, None), messages=_MESSAGES,
         usage="ImageLevels[image] is {{level, count}, …} for each channel (256 levels; a "
               "binary image's 0 and 1; a 3D image too); ImageLevels[image, n] n bins, "
               "ImageLevels[image, All] every value; ImageLevels[image, bins, range] over "
               "{min, max} (All: the values' own range; {All, max}, {min, All}; a list of "
               "ranges, one per channel); Method -> \"IncludeOutOfRange\" (the default: "
               "values beyond the range count in the end bins) or \"ExcludeOutOfRange\".",
         examples=(("ImageLevels[Image[{{0, 1, 1}}, \"Bit\"]]", "{{0, 1}, {1, 2}}"),
                   ("ImageLevels[Image[{{0., 0.3, 0.6, 0.9}}], 2]",
                    "{{0., 2}, {0.5, 2}}"),
                   ("ImageLevels[Image[{{-0.5, 0.25, 1.5}}], 2, {0, 1}, "
                    "Method -> \"ExcludeOutOfRange\"]", "{{0., 1}, {0.5, 0}}")))
def image_levels(ev, img, *rest):
    head = Symbol("ImageLevels")
    if type(img) not in (Image, Image3D):
        ev.message(head, "imginv", *message_slots(img))
        return None
    positional = [r for r in rest if not (type(r) is Expr and r.head is S.Rule)]
    method = next((r.args[1] for r in rest if r not in positional
                   and r.args[0] == Symbol("Method")), String("IncludeOutOfRange"))
    if len(positional) > 2 or method not in (String("IncludeOutOfRange"),
                                              String("ExcludeOutOfRange"), S.Automatic):
        if len(positional) <= 2:
            ev.message(head, "method", method)
        return None
    spec = positional[0] if positional else None
    value_range = positional[1] if len(positional) > 1 else S.Automatic
    bins = None
    if spec in (S.All,):
        bins = "All"
    elif spec is not None and spec != S.Automatic and spec != String("Byte"):
        if type(spec) is not Integer or spec.value < 1:
            ev.message(head, "bins", spec)
            return None
        bins = spec.value
    values = _colour_values(img)
    channels = values.shape[-1]
    ranges = _level_ranges(ev, value_range, values)
    if ranges is None:
        ev.message(head, "range", value_range)
        return None
    binary = img.image_type == "Bit" and bins is None
    per_channel = []
    for c in range(channels):
        low, high = ranges[c]
        rows = levels_of(values[..., c], bins, low, high, binary,
                         method == String("ExcludeOutOfRange"))
        per_channel.append(Expr(S.List, *[
            Expr(S.List, Integer(int(level)) if binary else Real(float(level)),
                 Integer(int(count))) for level, count in rows]))
    return per_channel[0] if len(per_channel) == 1 else Expr(S.List, *per_channel)


def _level_ranges(ev, spec, values: np.ndarray) -> list | None:
    """(min, max) per channel of ImageLevels' range: Automatic 0 .. 1, All each channel's
    own values, {min, max} with All for either end, or a list of those per channel; None
    if invalid."""
    channels = values.shape[-1]
    if is_list(spec) and len(spec.args) == channels and channels > 1 \
            and all(is_list(a) or a in (S.All, S.Automatic) for a in spec.args):
        parts = [_level_range(ev, a, values[..., c]) for c, a in enumerate(spec.args)]
        return None if None in parts else parts
    parts = [_level_range(ev, spec, values[..., c]) for c in range(channels)]
    return None if None in parts else parts


def _level_range(ev, spec, plane: np.ndarray) -> tuple | None:
    if spec == S.Automatic:
        return 0.0, 1.0
    ends = [S.All, S.All] if spec == S.All else list(spec.args) \
        if is_list(spec) and len(spec.args) == 2 else None
    if ends is None:
        return None
    own = (float(plane.min()), float(plane.max()))
    bounds = [own[k] if e == S.All else number(ev.evaluate(Expr(S.N, e)))
              for k, e in enumerate(ends)]
    if None in bounds:
        return None
    if bounds[0] == bounds[1] and S.All in ends:          # one value: a unit around it
        bounds[1] = bounds[0] + 1.0
    return (bounds[0], bounds[1]) if bounds[0] < bounds[1] else None


@builtin("ImageAccumulate", argc=(1, None), messages=_MESSAGES,
         options={"Method": Symbol("Automatic")},
         usage="ImageAccumulate[image] is the image (one row and one column larger, a row of "
               "zeros at the bottom and a column at the left) whose pixel is the sum of the "
               "image's pixels below and to the left of it, channel by channel (an integral "
               "image, for the sum over any upright rectangle from its four corners).",
         examples=(("ImageData[ImageAccumulate[Image[{{1., 2.}, {3., 4.}}]]]",
                    "{{0., 4., 10.}, {0., 3., 7.}, {0., 0., 0.}}"),))
def image_accumulate(ev, img, *rest):
    if type(img) is not Image:
        ev.message(Symbol("ImageAccumulate"), "imginv", *message_slots(img))
        return None
    options = {r.args[0].name: r.args[1] for r in rest
               if type(r) is Expr and r.head is S.Rule and type(r.args[0]) is Symbol}
    values = img.reals()                       # summed in float64 whatever the method
    upward = values[::-1].cumsum(axis=0).cumsum(axis=1)[::-1]
    h, w, c = values.shape
    out = np.zeros((h + 1, w + 1, c))
    out[:h, 1:] = upward
    exact = options.get("Method") == String("CompensatedSummation")
    return Image(out, "Real64" if exact else "Real32", img.color_space, img.options)
