"""Image functions that call a WL function at each pixel or on each pixel's neighbourhood.

    ImageFilter[f, image, r]           each pixel of each channel becomes f of the
        (2r+1) x (2r+1) matrix of values around it; {rrow, rcol} a radius per dimension;
        Padding -> "Fixed" (default: the edge pixels repeated), "Periodic", "Reflected",
        "Reversed" or a value beyond the edges; Interleaving -> True gives f the
        neighbourhood as a matrix of channel vectors and takes a vector back; Masking ->
        mask (an image or a matrix) changes only the pixels where it is nonzero
    ImageApplyIndexed[f, image]        f[value, {row, column}] at each pixel (the value a
        number for a one-channel image, else the list of channel values)
    ImageScan[f, image]                f[value] at each pixel, for what f does; Null
    Threshold[image, d], Threshold[image, {"Soft", d}]   the pixel values below d in
        absolute value set to 0 (Threshold's image case; its lists are statistics_extra's)

f runs through the evaluator as Map does (one call per pixel), except Max and Min, whose
result on a neighbourhood is its largest (smallest) value: scipy's maximum (minimum)
filter does those at once.  The result keeps the image's type, colour space and display
options when f gives one value per channel; other counts of values make an image of that
many channels.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import is_list
from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.core.image import Image, keeps_display_options, with_data, message_slots
from wlnet.core.image3d import Image3D
from wlnet.core.packed import list_from_array, packed_array, to_packed
from wlnet.core.registry import builtin
from wlnet.graphics.values import number

_MESSAGES = {
    "imginv": "Expecting an image instead of `1`.",
    "arg": "`1` is not a valid `2` specification.",
    "fres": "The function `1` does not give a number (or a list of channel values) for "
            "every pixel.",
    "padding": "`1` is not a padding (\"Fixed\", \"Periodic\", \"Reflected\", \"Reversed\" "
               "or a value).",
    "mask": "`1` is not a mask of the image's size (All, an image or a matrix).",
}

# WL's Padding methods as numpy.pad's modes ("Reflected" mirrors about the edge pixel,
# "Reversed" repeats it)
_PAD_MODES = {"Fixed": "edge", "Periodic": "wrap", "Reflected": "reflect",
              "Reversed": "symmetric"}
# functions whose value on a neighbourhood is a whole-array filter
_FILTERS = {"Max": "maximum_filter", "Min": "minimum_filter"}


def _split(rest) -> tuple[list, dict]:
    positional = [a for a in rest if not (type(a) is Expr and a.head is S.Rule)]
    options = {getattr(a.args[0], "name", getattr(a.args[0], "value", None)): a.args[1]
               for a in rest if a not in positional}
    return positional, options


def _radii(ev, r, dims: int = 2) -> tuple | None:
    """The radius along each of ``dims`` axes: r for all, or {r1, r2, …} one per axis."""
    items = list(r.args) if is_list(r) else [r] * dims
    if len(items) != dims:
        return None
    values = [number(ev.evaluate(Expr(S.N, item))) for item in items]
    if any(v is None or v < 0 for v in values):
        return None
    return tuple(int(round(v)) for v in values)


def _padded(ev, head, values: np.ndarray, radii: tuple, spec) -> np.ndarray | None:
    """``values`` (spatial axes, then channels) padded by the radii along the spatial
    axes as Padding says; None (no padding) leaves them: the result is smaller."""
    if spec == Symbol("None"):
        return values
    widths = tuple((r, r) for r in radii) + ((0, 0),)
    if type(spec) is String and spec.value in _PAD_MODES:
        return np.pad(values, widths, mode=_PAD_MODES[spec.value])
    value = number(ev.evaluate(Expr(S.N, spec))) if type(spec) is not String else None
    if value is None:
        ev.message(head, "padding", spec)
        return None
    return np.pad(values, widths, constant_values=value)


def _as_values(ev, head, f, result, shape: tuple) -> np.ndarray | None:
    """The (spatial…, c) values of f's results, one number or one list per pixel."""
    arr = packed_array(to_packed(ev.evaluate(Expr(S.N, result)), coerce=True) or result)
    if arr is None or arr.shape[:len(shape)] != shape or arr.dtype.kind not in "iuf" \
            or arr.ndim > len(shape) + 1:
        ev.message(head, "fres", f)
        return None
    arr = arr.astype(np.float64)
    return arr[..., None] if arr.ndim == len(shape) else arr


def masked(ev, head, image: Image, new: np.ndarray, spec) -> np.ndarray | None:
    """The Masking option: ``new`` (h, w, c) values where the mask (an image or a matrix of
    the image's size) is nonzero, the image's own elsewhere; All (or no mask) takes
    ``new`` everywhere.  None after head::mask."""
    if spec is None or spec == Symbol("All"):
        return new
    if type(spec) is Image:
        mask = np.any(spec.reals() != 0, axis=2) if (spec.height, spec.width) == \
            (image.height, image.width) else None
    else:
        arr = packed_array(to_packed(ev.evaluate(Expr(S.N, spec)), coerce=True) or spec) \
            if is_list(spec) else None
        mask = arr != 0 if arr is not None and arr.shape == (image.height, image.width) \
            and arr.dtype.kind in "iufb" else None
    if mask is None or new.shape[2] != image.channels:
        ev.message(head, "mask", spec)
        return None
    return np.where(mask[:, :, None], new, image.reals())


def _image_of(image: Image, values: np.ndarray) -> Image:
    if values.shape[2] == image.channels:
        return with_data(image, values)
    return Image(values.astype(np.float32), "Real32", None, image.options)


@builtin("ImageFilter", argc=(3, None), messages=_MESSAGES,
         usage="ImageFilter[f, image, r] makes each pixel of each channel f of the "
               "(2r+1) x (2r+1) matrix of values around it ({rrow, rcol}: a radius per "
               "dimension; a 3D image: (2r+1)^3 arrays); Padding (\"Fixed\"; None: the "
               "pixels with a whole neighbourhood only, a smaller image), Interleaving -> "
               "True (f gets channel vectors), Masking.",
         examples=(("ImageData[ImageFilter[Max, Image[{{0, 0.5, 0, 0}}], 1]]",
                    "{{0.5, 0.5, 0.5, 0.}}"),
                   ("ImageData[ImageFilter[Total[Flatten[#]] &, Image[{{0.25, 0.5, 0.125}}], "
                    "{0, 1}, Padding -> 0]]", "{{0.75, 0.875, 0.625}}"),
                   ("ImageData[ImageFilter[Total[Flatten[#]] &, Image[{{0, 0.25, 0.5, "
                    "0.125}}], {0, 1}, Padding -> None]]", "{{0.75, 0.875}}")))
@keeps_display_options
def image_filter(ev, f, img, r, *rest):
    head = Symbol("ImageFilter")
    if type(img) not in (Image, Image3D):
        ev.message(head, "imginv", *message_slots(img))
        return None
    positional, options = _split(rest)
    values = img.reals()
    dims = values.ndim - 1
    radii = _radii(ev, r, dims)
    if positional or radii is None:
        if radii is None:
            ev.message(head, "arg", r, "radius")
        return None
    padding = options.get("Padding", String("Fixed"))
    padded = _padded(ev, head, values, radii, padding)
    if padded is None:
        return None
    window = tuple(2 * q + 1 for q in radii)
    shape = tuple(n - w + 1 for n, w in zip(padded.shape, window))
    if min(shape) < 1:                      # no pixel has a whole neighbourhood
        ev.message(head, "arg", r, "radius")
        return None
    # every pixel's neighbourhood: (spatial…, channels, window…)
    blocks = np.lib.stride_tricks.sliding_window_view(padded, window, axis=tuple(range(dims)))
    if options.get("Interleaving") == Symbol("True"):
        blocks = np.moveaxis(blocks, dims, -1)            # (spatial…, window…, channels)
        out = _as_values(ev, head, f, ev.evaluate(Expr(S.Map, f, list_from_array(blocks),
                                                       Expr(S.List, Integer(dims)))), shape)
        return None if out is None else _filtered_image(img, out)
    planes = []
    for k in range(values.shape[-1]):
        if type(f) is Symbol and f.name in _FILTERS:
            from scipy import ndimage
            whole = getattr(ndimage, _FILTERS[f.name])(padded[..., k], size=window)
            planes.append(whole[tuple(slice(q, q + n) for q, n in zip(radii, shape))])
            continue
        result = ev.evaluate(Expr(S.Map, f, list_from_array(np.take(blocks, k, axis=dims)),
                                  Expr(S.List, Integer(dims))))
        out = _as_values(ev, head, f, result, shape)
        if out is None:
            return None
        if out.shape[-1] != 1:
            ev.message(head, "fres", f)
            return None
        planes.append(out[..., 0])
    new = np.stack(planes, axis=-1)
    mask = options.get("Masking")
    if type(img) is Image and new.shape == values.shape:
        new = masked(ev, head, img, new, mask)
    elif mask not in (None, Symbol("All")):     # a 3D mask, or one of the larger image
        ev.message(head, "mask", mask)
        return None
    return None if new is None else _filtered_image(img, new)


def _filtered_image(image, values: np.ndarray):
    """An image of ``image``'s kind from filtered values: its type and colour space when
    they are one value per channel, a Real32 image of that many channels otherwise."""
    if type(image) is Image3D:
        if values.shape[-1] == image.channels:
            return Image3D(values, image.image_type, image.color_space)
        return Image3D(values.astype(np.float32), "Real32")
    return _image_of(image, values)


def _pixel_values(image: Image) -> Expr:
    values = image.reals()
    return list_from_array(values[:, :, 0] if image.channels == 1 else values)


@builtin("ImageApplyIndexed", argc=(2, None), messages=_MESSAGES,
         usage="ImageApplyIndexed[f, image] makes each pixel f[value, {row, column}] (the "
               "value a number for a one-channel image, else the channel values).",
         examples=(("ImageData[ImageApplyIndexed[#2[[2]]/4 &, Image[{{0, 0}, {0, 0}}]]]",
                    "{{0.25, 0.5}, {0.25, 0.5}}"),))
@keeps_display_options
def image_apply_indexed(ev, f, img, *rest):
    head = Symbol("ImageApplyIndexed")
    if type(img) is not Image:
        ev.message(head, "imginv", *message_slots(img))
        return None
    if rest:
        return None
    result = ev.evaluate(Expr(S.MapIndexed, f, _pixel_values(img), Expr(S.List, Integer(2))))
    out = _as_values(ev, head, f, result, (img.height, img.width))
    return None if out is None else _image_of(img, out)


@builtin("ImageScan", argc=2, messages=_MESSAGES,
         usage="ImageScan[f, image] evaluates f[value] at each pixel, row by row (the value "
               "a number for a one-channel image, else the channel values), for what f "
               "does; the result is Null.",
         examples=(("s = 0; ImageScan[(s += #) &, Image[{{0.25, 0.5}}]]; s", "0.75"),))
def image_scan(ev, f, img):
    if type(img) is not Image:
        ev.message(Symbol("ImageScan"), "imginv", *message_slots(img))
        return None
    ev.evaluate(Expr(S.Scan, f, _pixel_values(img), Expr(S.List, Integer(2))))
    return Symbol("Null")


def thresholded(ev, image: Image, kind: str, delta) -> Image | None:
    """Threshold[image, d] (kind "Hard") and Threshold[image, {"Soft", d}]: pixel values
    smaller than d in absolute value become 0; "Soft" moves the others d toward 0.  The
    alpha channel is kept.  (Threshold itself, for lists, is in statistics_extra.py.)"""
    d = number(ev.evaluate(Expr(S.N, delta)))
    if d is None:
        return None
    values = image.reals()
    colour = values.shape[2] - int(image.has_alpha)
    part = values[:, :, :colour]
    small = np.abs(part) < d
    kept = part if kind == "Hard" else np.sign(part) * (np.abs(part) - d)
    out = values.copy()
    out[:, :, :colour] = np.where(small, 0.0, kept)
    return with_data(image, out)


def blended_images(items: list, weights: list) -> Image | None:
    """Blend[{image1, image2, …}, x] (images of one size, colours among them standing for
    images of that colour): the weighted sum of their pixels, in RGB unless all are grey;
    None when the sizes differ or an item is neither.  (Blend itself, for colours, is in
    graphics/builtins.py.)"""
    from wlnet.core.image import convert, drop_alpha
    from wlnet.graphics.style import colour_of
    images = [i for i in items if type(i) is Image]
    if len({(i.width, i.height) for i in images}) != 1:
        return None
    h, w = images[0].height, images[0].width
    grey = all(i.color_space == "Grayscale" for i in images) and all(
        type(i) is Image or (colour_of(i) is not None and len(set(colour_of(i)[:3])) == 1)
        for i in items)
    total = np.zeros((h, w, 1 if grey else 3))
    for item, weight in zip(items, weights):
        if type(item) is Image:
            opaque = drop_alpha(item)
            values = opaque.reals() if grey else (
                opaque.reals() if opaque.color_space == "RGB" else
                convert(opaque, "RGB").reals())
        else:
            rgb = colour_of(item)
            if rgb is None:
                return None
            values = np.asarray(rgb[:1] if grey else rgb[:3], dtype=float)[None, None, :]
        total += weight * values
    return Image(total.astype(np.float32), "Real32", "Grayscale" if grey else "RGB",
                 images[0].options)
