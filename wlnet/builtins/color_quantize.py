"""ColorQuantize: an image drawn with few colours (what GIF files and posterised looks
use).

    ColorQuantize[image]               at most 256 colours (a GIF palette)
    ColorQuantize[image, n]            at most n colours, chosen from the image's own
    ColorQuantize[image, {col1, …}]    only the colours given
    Dithering -> True (the default)    the error of each pixel spread to its neighbours
        (Floyd-Steinberg), so areas keep their mean colour; False: each pixel takes its
        nearest palette colour.
    Method -> "MedianCut" (Automatic)  boxes of the colour cube split at the median;
        "Octree" merges the leaves of an octree of the pixels; "MinVariance" refines the
        median-cut palette by k-means, lowering the summed variance of the groups.

The palette is found on 8-bit RGB (median cut and k-means here, the octree by Pillow),
each pixel mapped to its nearest colour, or dithered by Pillow's Floyd-Steinberg (a grey
image as equal channels, a colour space other than RGB converted there and back); an
alpha channel is kept as it is; the image keeps its type and colour space.  An image of
no colour space (Automatic) is quantised on its intensity (the mean of its channels) and
comes back grey, as the documentation says.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import is_list
from wlnet.builtins.images import image_call
from wlnet.core.expr import Integer, String, Symbol
from wlnet.core.image import NO_SPACE, Image, convert
from wlnet.core.registry import builtin
from wlnet.graphics.style import colour_of

_MESSAGES = {
    "imginv": "Expecting an image instead of `1`.",
    "count": "`1` is neither a number of colours (an integer from 1 to 256) nor a list "
             "of colours.",
    "method": "`1` is not a quantisation method (\"MedianCut\", \"MinVariance\" or "
              "\"Octree\").",
    "dither": "The value of Dithering should be True or False, not `1`.",
}
_DEFAULT_COLOURS = 256
_METHODS = ("MedianCut", "MinVariance", "Octree")
_KMEANS_ROUNDS = 10


def _palette_image(colours: np.ndarray):
    """A Pillow "P" image whose palette holds the (k, 3) byte colours (the rest padded
    with the first, so no pixel maps to a colour not asked for)."""
    from PIL import Image as PILImage
    table = np.repeat(colours[:1], 256, axis=0)
    table[:len(colours)] = colours
    holder = PILImage.new("P", (1, 1))
    holder.putpalette(table.astype(np.uint8).ravel().tolist())
    return holder


def median_cut(pixels: np.ndarray, count: int) -> np.ndarray:
    """At most ``count`` colours for the (m, 3) pixels: the colour cube's box of the
    widest spread is split at the median of its longest side until there are ``count``
    boxes (or none can be split); each box gives its mean colour."""
    def spread(box):
        return float(np.ptp(box, axis=0).max()) if len(box) > 1 else -1.0
    boxes = [pixels.astype(np.float64)]
    spreads = [spread(boxes[0])]
    while len(boxes) < count:
        widest = int(np.argmax(spreads))
        if spreads[widest] <= 0:
            break
        box = boxes.pop(widest)
        spreads.pop(widest)
        side = int(np.argmax(np.ptp(box, axis=0)))
        ordered = box[np.argsort(box[:, side], kind="stable")]
        half = len(ordered) // 2
        boxes += [ordered[:half], ordered[half:]]
        spreads += [spread(ordered[:half]), spread(ordered[half:])]
    return np.array([b.mean(axis=0) for b in boxes])


def refined(pixels: np.ndarray, palette: np.ndarray) -> np.ndarray:
    """The palette after rounds of k-means (each colour moved to the mean of the pixels
    nearest to it), which lowers the summed variance of the groups."""
    pixels = pixels.astype(np.float64)
    for _ in range(_KMEANS_ROUNDS):
        nearest = nearest_colour(pixels, palette)
        sums = np.zeros_like(palette)
        np.add.at(sums, nearest, pixels)
        counts = np.bincount(nearest, minlength=len(palette))[:, None]
        moved = np.where(counts > 0, sums / np.maximum(counts, 1), palette)
        if np.allclose(moved, palette):
            break
        palette = moved
    return palette


def nearest_colour(pixels: np.ndarray, palette: np.ndarray) -> np.ndarray:
    """The index of each pixel's nearest palette colour (Euclidean, in 0..255), by a k-d
    tree of the palette (no pixels x colours table)."""
    from scipy.spatial import cKDTree
    return cKDTree(palette).query(pixels)[1]


def _own_palette(rgb: np.ndarray, count: int, method: str) -> np.ndarray:
    """The (k, 3) byte colours the method chooses for the image."""
    pixels = rgb.reshape(-1, 3)
    if method == "Octree":
        from PIL import Image as PILImage
        chosen = PILImage.fromarray(rgb, "RGB").quantize(count, PILImage.Quantize.FASTOCTREE)
        used = np.unique(np.asarray(chosen)).astype(np.int64)
        return np.asarray(chosen.getpalette()[:768], np.uint8).reshape(-1, 3)[used]
    palette = median_cut(pixels, count)
    if method == "MinVariance":
        palette = refined(pixels, palette)
    return np.unique(np.round(palette).astype(np.uint8), axis=0)


def quantized_rgb(rgb: np.ndarray, count: int | None, palette: np.ndarray | None,
                  method: str, dither: bool) -> np.ndarray:
    """(h, w, 3) bytes drawn with at most ``count`` colours of their own, or with the
    ``palette`` (k, 3) bytes; the dithered mapping is Pillow's."""
    from PIL import Image as PILImage
    if palette is None:
        palette = _own_palette(rgb, count, method)
    if not dither:
        nearest = nearest_colour(rgb.reshape(-1, 3).astype(np.float64),
                                 palette.astype(np.float64))
        return palette[nearest].reshape(rgb.shape)
    mapped = PILImage.fromarray(rgb, "RGB").quantize(palette=_palette_image(palette),
                                                     dither=PILImage.Dither.FLOYDSTEINBERG)
    return np.asarray(mapped.convert("RGB"))


def _option(ev, head, options, name, allowed, tag):
    value = options.get(name)
    if value is None:
        return allowed[0]
    key = getattr(value, "value", getattr(value, "name", None))
    if key not in allowed or (type(value) is String) != (name == "Method"):
        if not (name == "Method" and value == Symbol("Automatic")):
            ev.message(head, tag, value)
            return None
        return allowed[0]
    return key


def _colours(ev, head, spec) -> tuple | None:
    """(count, None) for a number of colours, (None, (k, 3) bytes) for a list of
    colours; None after a message."""
    if spec is None:
        return _DEFAULT_COLOURS, None
    if type(spec) is Integer and 1 <= spec.value <= 256:
        return spec.value, None
    if is_list(spec) and 0 < len(spec.args) <= 256:
        rgb = [colour_of(ev.evaluate(c)) for c in spec.args]
        if all(c is not None for c in rgb):
            return None, np.round(np.array([c[:3] for c in rgb]) * 255).astype(np.uint8)
    ev.message(head, "count", spec)
    return None


@builtin("ColorQuantize", argc=(1, None), messages=_MESSAGES,
         options={"Dithering": Symbol("True"), "Method": Symbol("Automatic")},
         usage="ColorQuantize[image, n] draws the image with at most n colours (256 without "
               "n); ColorQuantize[image, {col1, …}] with only the colours given.  "
               "Dithering -> False maps each pixel to its nearest colour; Method -> "
               "\"MedianCut\" (the default), \"MinVariance\" or \"Octree\".",
         examples=(('ImageData[ColorQuantize[Image[{{0., 0.1, 0.9, 1.}}], 2, '
                    'Dithering -> False], "Byte"]', "{{13, 13, 242, 242}}"),
                   ('ImageData[ColorQuantize[Image[{{0.2, 0.4, 0.6, 0.8}}], {Black, White}, '
                    'Dithering -> False]]', "{{0., 0., 1., 1.}}")))
def color_quantize(ev, img, *rest):
    head = Symbol("ColorQuantize")
    call = image_call(ev, head, img, rest, 1)
    if call is None:
        return None
    positional, options = call
    colours = _colours(ev, head, positional[0] if positional else None)
    method = _option(ev, head, options, "Method", list(_METHODS), "method")
    dither = _option(ev, head, options, "Dithering", ["True", "False"], "dither")
    if colours is None or method is None or dither is None:
        return None
    return _quantized_image(img, *colours, method, dither == "True")


def _quantized_image(img: Image, count, palette, method: str, dither: bool) -> Image:
    if img.color_space == NO_SPACE:
        grey = img.reals().mean(axis=2)
        img = Image(grey, img.image_type, "Grayscale", img.options)
    space = img.color_space
    working = img if space in ("Grayscale", "RGB") else convert(img, "RGB")
    values = working.reals()
    alpha = values[:, :, -1:] if working.has_alpha else None
    colour = values[:, :, :-1] if alpha is not None else values
    rgb = np.repeat(colour, 3, axis=2) if colour.shape[2] == 1 else colour
    quantized = quantized_rgb(stored_bytes(rgb), count, palette, method, dither) / 255.0
    if colour.shape[2] == 1:
        # a grey image keeps one channel; a colour palette drawn on it gives its grey levels
        quantized = quantized.mean(axis=2, keepdims=True)
    if alpha is not None:
        quantized = np.concatenate([quantized, alpha], axis=2)
    out = Image(quantized, working.image_type, working.color_space, img.options)
    return out if space == out.color_space else convert(out, space)


def stored_bytes(values: np.ndarray) -> np.ndarray:
    """Reals 0..1 as bytes (clipped, rounded)."""
    return np.round(np.clip(values, 0.0, 1.0) * 255.0).astype(np.uint8)
