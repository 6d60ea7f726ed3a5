"""ImageCooccurrence: how often pairs of grey levels occur side by side.

    ImageCooccurrence[image, n]          the n x n matrix m: m[[i, j]] the share of the
        pairs of pixels, the first left of or below the second, whose levels fall in bins i
        and j of n equal bins of 0 … 1
    ImageCooccurrence[image, n, ker]     pairs at the offsets where the kernel (centred on
        the first pixel) is nonzero, weighted by its values
    ImageCooccurrence[{image1, image2}, …]   the first pixel of image1, the second of image2
    Masking -> mask                       only pairs whose first pixel the mask marks

The default kernel pairs each pixel with its right and its upper neighbour (WL's page shows
its kernel as a picture; this is the "left or bottom" relation its text describes).  Colour
images count by their grey levels.  The counts are one bincount per kernel offset.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import is_list
from wlnet.core.expr import Expr, Integer, S, Symbol
from wlnet.core.image import Image, convert, message_slots
from wlnet.core.packed import list_from_array, packed_array, to_packed
from wlnet.core.registry import builtin

_MESSAGES = {
    "imginv": "Expecting an image or a pair of images of one size instead of `1`.",
    "bins": "`1` is not a number of bins (a positive integer).",
    "kernel": "`1` is not a kernel (a numeric matrix).",
    "mask": "`1` is not a mask of the image's size.",
}
_DEFAULT_KERNEL = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 0.0]])


def _levels(image: Image) -> np.ndarray:
    grey = image if image.color_space == "Grayscale" and not image.has_alpha \
        else convert(image, "Grayscale")
    return grey.reals()[:, :, 0]


def cooccurrence(first: np.ndarray, second: np.ndarray, n: int, kernel: np.ndarray,
                 mask: np.ndarray | None) -> np.ndarray:
    """The normalised co-occurrence counts of the binned levels of the two planes."""
    bins_a = np.clip((first * n).astype(np.int64), 0, n - 1)
    bins_b = np.clip((second * n).astype(np.int64), 0, n - 1)
    h, w = first.shape
    cy, cx = kernel.shape[0] // 2, kernel.shape[1] // 2
    counts = np.zeros(n * n)
    for dy, dx in zip(*np.nonzero(kernel)):
        oy, ox = dy - cy, dx - cx                   # the second pixel's offset
        rows = slice(max(0, -oy), min(h, h - oy))
        cols = slice(max(0, -ox), min(w, w - ox))
        a = bins_a[rows, cols]
        b = bins_b[rows.start + oy:rows.stop + oy, cols.start + ox:cols.stop + ox]
        keep = np.ones(a.shape, bool) if mask is None else mask[rows, cols]
        counts += kernel[dy, dx] * np.bincount((a * n + b)[keep], minlength=n * n)
    total = counts.sum()
    return (counts / total if total else counts).reshape(n, n)


@builtin("ImageCooccurrence", argc=(2, None), messages=_MESSAGES,
         options={"Masking": Symbol("All")},
         usage="ImageCooccurrence[image, n] is the n x n matrix of the shares of pairs of "
               "neighbouring pixels (the first left of or below the second) by their grey "
               "levels' bins; a kernel as third argument gives other offsets and weights; "
               "{image1, image2} pairs pixels of two images; Masking.",
         examples=(("ImageCooccurrence[Image[{{0, 1}, {0, 1}}], 2]",
                    "{{0.25, 0.5}, {0., 0.25}}"),))
def image_cooccurrence(ev, data, n, *rest):
    head = Symbol("ImageCooccurrence")
    positional = [a for a in rest if not (type(a) is Expr and a.head is S.Rule)]
    options = {a.args[0].name: a.args[1] for a in rest if a not in positional
               and type(a.args[0]) is Symbol}
    if len(positional) > 1:
        return None
    images = list(data.args) if is_list(data) else [data, data]
    if len(images) != 2 or any(type(i) is not Image for i in images) or \
            (images[0].width, images[0].height) != (images[1].width, images[1].height):
        ev.message(head, "imginv", *message_slots(data))
        return None
    if not (type(n) is Integer and n.value > 0):
        ev.message(head, "bins", n)
        return None
    kernel = _DEFAULT_KERNEL
    if positional:
        arr = packed_array(to_packed(ev.evaluate(Expr(S.N, positional[0])), coerce=True)
                           or positional[0]) if is_list(positional[0]) else None
        if arr is None or arr.ndim != 2 or arr.dtype.kind not in "iuf":
            ev.message(head, "kernel", positional[0])
            return None
        kernel = arr.astype(np.float64)
    mask = None
    spec = options.get("Masking", Symbol("All"))
    if spec != Symbol("All"):
        values = spec.reals().any(axis=2) if type(spec) is Image else None
        if values is None or values.shape != (images[0].height, images[0].width):
            ev.message(head, "mask", spec)
            return None
        mask = values
    return list_from_array(cooccurrence(_levels(images[0]), _levels(images[1]), n.value,
                                        kernel, mask))
