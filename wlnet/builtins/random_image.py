"""RandomImage: an image of uniformly random pixel values (what programs use as stand-in
or noise images).

    RandomImage[]                          150 x 150, grey levels in [0, 1]
    RandomImage[max], RandomImage[{min, max}]
    RandomImage[range, size]               size n (n x n) or {width, height}
    RandomImage[dist, size]                values drawn from a distribution (RandomVariate;
                                           a multivariate one gives one channel a dimension)
    RandomImage[range, size, "type"]       converted to "Bit", "Byte", "Bit16", "Real64"
    ColorSpace -> "RGB" (or another space)  one value per channel

The values come from the session's generator (``ev.rng``), so SeedRandom repeats them.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins.images import _split_rules
from wlnet.builtins.random import _real_range
from wlnet.core.color_spaces import CHANNELS as SPACE_CHANNELS
from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.core.image import IMAGE_TYPES, Image
from wlnet.core.packed import packed_array, to_packed
from wlnet.core.registry import builtin

_DEFAULT_SIZE = (150, 150)


def _size(spec) -> tuple[int, int] | None:
    """(width, height) of n or {w, h}."""
    if type(spec) is Integer and spec.value > 0:
        return spec.value, spec.value
    if type(spec) is Expr and spec.head is S.List and len(spec.args) == 2 \
            and all(type(d) is Integer and d.value > 0 for d in spec.args):
        return spec.args[0].value, spec.args[1].value
    return None


def _is_distribution(e) -> bool:
    return type(e) is Expr and type(e.head) is Symbol and e.head.name.endswith("Distribution")


def _drawn(ev, dist, shape) -> np.ndarray | None:
    """``shape`` values drawn from the distribution (None if RandomVariate gives no
    numbers); a multivariate distribution of k dimensions fills k channels of each pixel
    (``shape`` without its channel axis then)."""
    pixels = int(np.prod(shape[:2]))
    drawn = ev.evaluate(Expr(Symbol("RandomVariate"), dist, Integer(pixels)))
    values = packed_array(to_packed(ev.evaluate(Expr(S.N, drawn)), coerce=True) or drawn)
    if values is None or values.dtype.kind not in "iuf" or len(values) != pixels:
        return None
    if values.ndim == 2:                                     # one vector a pixel
        return values.reshape(shape[:2] + (values.shape[1],)).astype(np.float64)
    if len(shape) == 3:                                      # a value for each channel
        more = ev.evaluate(Expr(Symbol("RandomVariate"), dist,
                                Integer(pixels * (shape[2] - 1))))
        rest = packed_array(to_packed(ev.evaluate(Expr(S.N, more)), coerce=True) or more)
        if rest is None or rest.dtype.kind not in "iuf" or rest.ndim != 1:
            return None
        values = np.concatenate([values, rest])
    return values.reshape(shape).astype(np.float64)


@builtin(argc=(0, None), options={"ColorSpace": String("Grayscale")},
         usage="RandomImage[] is a 150 x 150 image of random grey levels between 0 and 1; "
               "RandomImage[max] or RandomImage[{min, max}] takes the levels from that range; "
               "RandomImage[range, size] gives an image of size n (n x n) or {width, height}; "
               "RandomImage[dist, size] draws the values from a distribution; "
               "RandomImage[…, size, \"type\"] converts to that pixel type; "
               "ColorSpace -> \"RGB\" draws every channel.",
         messages={"range": "`1` is not a valid range of pixel values.",
                   "size": "`1` is not a valid image size (n or {width, height}).",
                   "space": "`1` is not a known colour space.",
                   "type": "`1` is not an image type (\"Bit\", \"Byte\", \"Bit16\", "
                           "\"Real32\" or \"Real64\")."},
         examples=(("ImageDimensions[RandomImage[1, {4, 3}]]", "{4, 3}"),
                   ('ImageChannels[RandomImage[1, 5, ColorSpace -> "RGB"]]', "3")))
def RandomImage(ev, *args):
    positional, options = _split_rules(args)
    if len(positional) > 3:
        return None
    kind = positional[2] if len(positional) == 3 else String("Real32")
    if type(kind) is not String or kind.value not in IMAGE_TYPES:
        ev.message(S.RandomImage, "type", kind)
        return None
    positional = positional[:2]
    dist = positional[0] if positional and _is_distribution(positional[0]) else None
    bounds = (0.0, 1.0) if not positional or dist is not None else _real_range(positional[0])
    if bounds is None:
        ev.message(S.RandomImage, "range", positional[0])
        return None
    size = _size(positional[1]) if len(positional) == 2 else _DEFAULT_SIZE
    if size is None:
        ev.message(S.RandomImage, "size", positional[1])
        return None
    space = options.get("ColorSpace", String("Grayscale"))
    if type(space) is not String or space.value not in SPACE_CHANNELS:
        ev.message(S.RandomImage, "space", space)
        return None
    channels = SPACE_CHANNELS[space.value]
    width, height = size
    shape = (height, width) if channels == 1 else (height, width, channels)
    lo, hi = min(bounds), max(bounds)
    if dist is not None:
        values = _drawn(ev, dist, shape)
        if values is None:
            ev.message(S.RandomImage, "range", dist)
            return None
    else:
        values = ev.rng.uniform(lo, hi, size=shape)
    named = values.ndim == 2 or values.shape[2] == channels    # else a multivariate's count
    return Image(values, kind.value,
                 None if not named or space.value in ("Grayscale", "RGB") else space.value)
