"""Image processing scripts do before a net sees the data (augmentation, clean-up):
geometry (``ImageReflect``, ``ImageRotate``, ``ImagePad``, ``ImageTake``,
``ImagePartition``, ``Thumbnail``), filters (``Blur``, ``GaussianFilter``, ``Sharpen``,
``Dilation``, ``Erosion``, ``Opening``, ``Closing``), pixel arithmetic (``ImageAdd``,
``ImageSubtract``, ``ImageMultiply``, ``ImageApply``), alpha (``AlphaChannel``,
``SetAlphaChannel``, ``RemoveAlphaChannel``, ``ImageCompose``).  Binarize is in image_extra.py,
RandomImage in random_image.py.

Pixels are processed as float arrays by numpy and scipy.ndimage (well-kept filters and
resampling, one call per channel, no Python per pixel); results keep the image's type and
colour space, as WL's do.  ``GaussianFilter`` also filters numeric data (lists, matrices).
"""

from __future__ import annotations

import math

import numpy as np

from wlnet.builtins._listutil import float_value, is_list
from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.builtins.images import RESAMPLING_MESSAGE, crop_image, crop_size, resampling_method
from wlnet.core.image import (Image, convert, drop_alpha, keeps_display_options, larger_type,
                              resize, with_data, message_slots)
from wlnet.core.image3d import Image3D
from wlnet.core.packed import list_from_array, packed_array, to_packed
from wlnet.core.registry import builtin, builtin_upvalue
from wlnet.graphics import rasterize
from wlnet.graphics.builtins import warn_with
from wlnet.graphics.options import NAMED_IMAGE_SIZES
from wlnet.graphics.style import colour_of
from wlnet.graphics.values import is_picture

IMGINV = "Expecting an image instead of `1`."
_MESSAGES = {"imginv": IMGINV,
             "arg": "`1` is not a valid `2` specification.",
             "padding": "`1` is not a padding (\"Fixed\", \"Periodic\", \"Reflected\", "
                        "\"Reversed\", a value, a colour or a list of channel values).",
             "imgmerge": "The images `1` and `2` do not have the same dimensions.",
             "opacity": "`1` is not an opacity (a number from 0 to 1).",
             "operand": "`1` is not an image, a number, a colour or a list of one value per "
                        "channel of the image.",
             "mask": "`1` is not a mask of the image's size (All, an image or a matrix).",
             "resampling": RESAMPLING_MESSAGE}
_LEFT, _RIGHT, _TOP, _BOTTOM = (Symbol(n) for n in ("Left", "Right", "Top", "Bottom"))



def _image(ev, head, e) -> Image | None:
    if type(e) is Image:
        return e
    ev.message(head, "imginv", *message_slots(e))
    return None


def _options(args):
    positional = [a for a in args if not (type(a) is Expr and a.head in (S.Rule, S.RuleDelayed))]
    rules = {getattr(a.args[0], "name", getattr(a.args[0], "value", None)): a.args[1]
             for a in args if type(a) is Expr and a.head in (S.Rule, S.RuleDelayed)}
    return positional, rules


def _background(ev, image: Image, value) -> np.ndarray:
    """A Background (a grey level, a colour, Black/White/Transparent, a list of channel
    values) as channel values; black for anything else."""
    values = background_values(ev, image, value)
    return np.zeros(image.channels) if values is None else values


def background_values(ev, image: Image, value) -> np.ndarray | None:
    """The channel values of a grey level, a colour, Black/White/Transparent or a list of
    one value per channel (or per colour channel, alpha then opaque; or one value for
    all); None for anything else."""
    channels = image.channels
    if value is None:
        return np.zeros(channels)
    v = float_value(ev.evaluate(Expr(S.N, value)))
    if v is not None:
        return np.full(channels, v)
    name = getattr(value, "name", None)
    if name in ("White", "Black"):
        out = np.full(channels, 1.0 if name == "White" else 0.0)
        if image.has_alpha:
            out[-1] = 1.0
        return out
    if name == "Transparent":
        return np.zeros(channels)
    if type(value) is Expr and getattr(value.head, "name", None) in ("RGBColor", "GrayLevel"):
        parts = [float_value(ev.evaluate(Expr(S.N, a))) or 0.0 for a in value.args]
        if value.head.name == "GrayLevel" or channels < 3:
            grey = parts[0] if value.head.name == "GrayLevel" else sum(parts[:3]) / 3
            return np.full(channels, grey)
        out = np.ones(channels)
        out[:3] = parts[:3]
        return out
    if is_list(value) and value.args:
        parts = [float_value(ev.evaluate(Expr(S.N, a))) for a in value.args]
        if None in parts:
            return None
        if len(parts) == 1:
            return np.full(channels, parts[0])
        if len(parts) == channels:
            return np.array(parts)
        if image.has_alpha and len(parts) == channels - 1:
            return np.array(parts + [1.0])
    return None


# ---------------------------------------------------------------------------- geometry

# where each side of the image lies, as a counterclockwise angle from the top (quarter turns)
_SIDE_TURNS = {"Top": 0, "Left": 1, "Bottom": 2, "Right": 3}


def _sides(spec) -> tuple[str, str] | None:
    """(from, to) of ``side`` (the side opposite it) or ``side1 -> side2``; None if
    neither."""
    if type(spec) is Expr and spec.head is S.Rule and len(spec.args) == 2:
        names = tuple(getattr(a, "name", None) for a in spec.args)
    else:
        name = getattr(spec, "name", None)
        opposite = {"Top": "Bottom", "Bottom": "Top", "Left": "Right", "Right": "Left"}
        names = (name, opposite.get(name))
    return names if all(n in _SIDE_TURNS for n in names) else None


@builtin("ImageReflect", argc=(1, 2), messages=_MESSAGES,
         usage="ImageReflect[image] flips it top to bottom; ImageReflect[image, Left] (or "
               "Left -> Right) left to right; ImageReflect[image, Top -> Left] across the "
               "diagonal that takes the top to the left (Top -> Right: the other diagonal).",
         examples=(("ImageData[ImageReflect[Image[{{0, 1}, {1, 1}}]]]",
                    "{{1., 1.}, {0., 1.}}"),
                   ("ImageData[ImageReflect[Image[{{0, 1}}], Left]]", "{{1., 0.}}"),
                   ("ImageData[ImageReflect[Image[{{0, 1}}], Top -> Left]]", "{{0.}, {1.}}")))
@keeps_display_options
def image_reflect(ev, img, side=None):
    image = _image(ev, S.ImageReflect, img)
    if image is None:
        return None
    sides = ("Top", "Bottom") if side is None else _sides(side)
    if sides is None:
        ev.message(S.ImageReflect, "arg", side, "side")
        return None
    values = image.data if sides[0] == sides[1] else _reflected(image.data, *sides)
    return Image(values.copy(), image.image_type, image.color_space)


def _reflected(values: np.ndarray, side: str, to: str) -> np.ndarray:
    """The pixels mirrored so that ``side`` goes to ``to`` (two different sides)."""
    if (_SIDE_TURNS[to] - _SIDE_TURNS[side]) % 4 == 2:          # opposite sides
        return values[::-1] if side in ("Top", "Bottom") else values[:, ::-1]
    if {side, to} in ({"Top", "Left"}, {"Bottom", "Right"}):    # the main diagonal
        return values.transpose(1, 0, 2)
    return values[::-1, ::-1].transpose(1, 0, 2)                # the other diagonal


def _rotation_angle(ev, spec) -> float | None:
    """ImageRotate's angle: θ (radians), a side (where the top goes) or side1 -> side2."""
    if type(spec) is Symbol and spec.name in _SIDE_TURNS:
        spec = Expr(S.Rule, _TOP, spec)
    if type(spec) is Expr and spec.head is S.Rule:
        sides = _sides(spec)
        if sides is None:
            return None
        return (_SIDE_TURNS[sides[1]] - _SIDE_TURNS[sides[0]]) % 4 * math.pi / 2
    return float_value(ev.evaluate(Expr(S.N, spec)))


def _inner_rectangle(w: float, h: float, angle: float, same_ratio: bool) -> tuple:
    """The largest axis-aligned rectangle (width, height), centred, inside a w x h
    rectangle turned by ``angle``: of the largest area, or of the ratio w : h."""
    sin, cos = abs(math.sin(angle)), abs(math.cos(angle))
    if same_ratio:
        # a centred (s w) x (s h) fits when its corners lie inside along both turned axes
        s = min(w / (w * cos + h * sin), h / (w * sin + h * cos))
        return w * s, h * s
    long_side, short_side = max(w, h), min(w, h)
    if short_side <= 2 * sin * cos * long_side or abs(sin - cos) < 1e-10:
        # two corners touch the long sides: a half of the short side sets it
        half = short_side / 2
        a, b = half / sin, half / cos
        return (a, b) if w >= h else (b, a)
    cos2 = cos * cos - sin * sin
    return (w * cos - h * sin) / cos2, (h * cos - w * sin) / cos2


def _rotated_size(ev, image: Image, rotated: Image, spec, angle: float):
    """The size ImageRotate's third argument asks for: Automatic (the whole rotated image),
    Full (the input's size), All (a square that holds any rotation), "MaxAreaCropping"
    (the largest rectangle of the image's pixels only), "SameRatioCropping" (the largest
    of the image's aspect ratio), width or {w, h}."""
    name = getattr(spec, "name", getattr(spec, "value", None))
    if spec is None or name == "Automatic":
        return rotated.width, rotated.height
    if name in ("Full", "Same"):
        return image.width, image.height
    if name in ("MaxAreaCropping", "SameRatioCropping"):
        w, h = _inner_rectangle(image.width, image.height, angle,
                                name == "SameRatioCropping")
        # off quarter turns the pixels on the rectangle's edge are resampled partly from
        # the background: one pixel less keeps the image's pixels only
        quarter = angle / (math.pi / 2)
        margin = 0 if abs(quarter - round(quarter)) < 1e-12 else 1
        return (max(1, int(math.floor(w + 1e-9)) - margin),
                max(1, int(math.floor(h + 1e-9)) - margin))
    if name == "All":
        side = int(math.ceil(math.hypot(image.width, image.height)))
        return side, side
    return crop_size(rotated, spec)


@builtin("ImageRotate", argc=(1, None), messages=_MESSAGES,
         usage="ImageRotate[image] rotates it 90° counterclockwise; ImageRotate[image, θ] by "
               "θ radians (θ Degree), enlarged to hold the whole image; ImageRotate[image, "
               "side] turns its top to that side (Left, Right, Bottom), side1 -> side2 "
               "likewise; a third argument gives the size: Full (the input's), All, "
               "\"MaxAreaCropping\", \"SameRatioCropping\", width, {w, h}; Background -> "
               "color fills the corners; Resampling -> Automatic (\"Linear\"), \"Cubic\", "
               "\"Nearest\", … (the Resampling methods).",
         examples=(("ImageDimensions[ImageRotate[Image[{{0, 1, 0}, {1, 1, 1}}]]]", "{2, 3}"),
                   ("ImageDimensions[ImageRotate[Image[ConstantArray[1, {4, 4}]], 45 Degree, "
                    "Full]]", "{4, 4}"),
                   ("ImageData[ImageRotate[Image[{{0, 1}}], Right]]", "{{0.}, {1.}}")))
@keeps_display_options
def image_rotate(ev, img, *rest):
    image = _image(ev, S.ImageRotate, img)
    if image is None:
        return None
    turn = [a for a in rest[:1] if _sides(a) is not None]       # side1 -> side2 is no option
    positional, rules = _options(rest[len(turn):])
    positional = turn + positional
    angle = math.pi / 2 if not positional else _rotation_angle(ev, positional[0])
    if angle is None or len(positional) > 2:
        ev.message(S.ImageRotate, "arg", positional[0] if angle is None else positional[2],
                   "angle" if angle is None else "size")
        return None
    method = resampling_method(rules.get("Resampling", S.Automatic), "Linear")
    if method is None:
        ev.message(S.ImageRotate, "resampling", rules["Resampling"])
        return None
    rotated = _rotated(ev, image, angle, rules.get("Background"), method)
    size = _rotated_size(ev, image, rotated, positional[1] if len(positional) > 1 else None,
                         angle)
    if size is None:
        ev.message(S.ImageRotate, "arg", positional[1], "size")
        return None
    return rotated if size == (rotated.width, rotated.height) else crop_image(rotated, *size)


def _rotated(ev, image: Image, angle: float, background, method: tuple) -> Image:
    """``image`` turned ``angle`` radians counterclockwise, on a canvas holding all of it
    (the corners the Background), resampled by ``method`` (name, parameters)."""
    from wlnet.core.resampling import sample_at
    quarter = angle / (math.pi / 2)
    if abs(quarter - round(quarter)) < 1e-12:          # exact quarter turns: no resampling
        turned = np.rot90(image.data, int(round(quarter)) % 4)
        return Image(turned.copy(), image.image_type, image.color_space)
    sin, cos = math.sin(angle), math.cos(angle)
    w, h = image.width, image.height
    width = int(w * abs(cos) + h * abs(sin) + 0.5)
    height = int(w * abs(sin) + h * abs(cos) + 0.5)
    # each output pixel centre, from the canvas centre (x right, rows down), turned back
    # by the angle onto the input (the rows point down: the turn's sign flips)
    dy, dx = np.meshgrid(np.arange(height) - (height - 1) / 2,
                         np.arange(width) - (width - 1) / 2, indexing="ij")
    rows = dx * sin + dy * cos + (h - 1) / 2
    cols = dx * cos - dy * sin + (w - 1) / 2
    fill = _background(ev, image, background)
    return with_data(image, sample_at(image.reals(), rows, cols, method[0], fill, method[1]))


def _is_colour(value) -> bool:
    """A colour that is not a grey (a grey image padded with it becomes RGB)."""
    rgb = colour_of(value) if type(value) is not String else None
    return rgb is not None and not (rgb[0] == rgb[1] == rgb[2])


def _pad_widths(ev, spec):
    """ImagePad's margins as ((top, bottom), (left, right)); None when malformed."""
    n = spec.value if type(spec) is Integer else None
    if n is not None:
        return (n, n), (n, n)
    if is_list(spec) and len(spec.args) == 2 and all(
            is_list(p) and len(p.args) == 2 and all(type(v) is Integer for v in p.args)
            for p in spec.args):
        (left, right), (bottom, top) = ((p.args[0].value, p.args[1].value) for p in spec.args)
        return (top, bottom), (left, right)
    return None


@builtin("ImagePad", argc=(2, 3), messages=_MESSAGES,
         usage="ImagePad[image, m] adds m pixels of padding on every side (negative m crops); "
               "ImagePad[image, {{left, right}, {bottom, top}}]; the padding is black, a "
               "value or colour (a grey image padded with a colour becomes RGB), or "
               "\"Reflected\", \"Reversed\", \"Periodic\", \"Fixed\".",
         examples=(("ImageDimensions[ImagePad[Image[{{0, 1}}], 1]]", "{4, 3}"),
                   ("ImageData[ImagePad[Image[{{0.5}}], 1, 1]][[1]]", "{1., 1., 1.}")))
@keeps_display_options
def image_pad(ev, img, spec, padding=None):
    image = _image(ev, S.ImagePad, img)
    if image is None:
        return None
    widths = _pad_widths(ev, spec)
    if widths is None:
        ev.message(S.ImagePad, "arg", spec, "padding")
        return None
    (top, bottom), (left, right) = widths
    if image.color_space == "Grayscale" and _is_colour(padding):
        image = convert(image, "RGB")
    values = image.reals()
    crop = [max(-top, 0), values.shape[0] - max(-bottom, 0),
            max(-left, 0), values.shape[1] - max(-right, 0)]
    values = values[crop[0]:crop[1], crop[2]:crop[3]]
    pads = ((max(top, 0), max(bottom, 0)), (max(left, 0), max(right, 0)), (0, 0))
    method = padding.value if type(padding) is String else None
    # WL's "Reflected" mirrors about the edge pixel, "Reversed" repeats it first
    modes = {"Reflected": "reflect", "Reversed": "symmetric", "Periodic": "wrap",
             "Fixed": "edge"}
    if method in modes:
        padded = np.pad(values, pads, mode=modes[method])
    else:
        fill = background_values(ev, image, padding)
        if fill is None:
            ev.message(S.ImagePad, "padding", padding)
            return None
        padded = np.stack([np.pad(values[:, :, k], pads[:2], constant_values=fill[k])
                           for k in range(values.shape[2])], axis=2)
    if 0 in padded.shape:
        ev.message(S.ImagePad, "arg", spec, "padding")
        return None
    return with_data(image, padded)


def _position(k: int, n: int) -> int:
    """A 1-based position of ImageTake (negative: from the end) as a 0-based index, held
    to the image (WL gives the elements that are present)."""
    return min(max(k - 1 if k > 0 else n + k, 0), n - 1)


def _span(spec, n: int) -> np.ndarray | None:
    """The 0-based rows/columns of an ImageTake range: k (first k), -k (last k), {k} (the
    k-th), {a, b} (1-based, inclusive), {a, b, s} (in steps of s; s < 0 runs backwards),
    UpTo[k] (the first k, or all there are), All."""
    if type(spec) is Integer:
        k = spec.value
        return np.arange(0, min(k, n)) if k >= 0 else np.arange(max(n + k, 0), n)
    if spec is S.All:
        return np.arange(n)
    if type(spec) is Expr and spec.head is Symbol("UpTo") and len(spec.args) == 1 \
            and type(spec.args[0]) is Integer and spec.args[0].value >= 0:
        return np.arange(0, min(spec.args[0].value, n))
    if not (is_list(spec) and 1 <= len(spec.args) <= 3
            and all(type(v) is Integer and v.value != 0 for v in spec.args)):
        return None
    if len(spec.args) == 1:
        k = spec.args[0].value
        return np.array([_position(k, n)]) if -n <= k <= n else None
    a, b = (_position(v.value, n) for v in spec.args[:2])
    if len(spec.args) == 2:                  # {a, b} with a after b: the same rows
        return np.arange(min(a, b), max(a, b) + 1)
    step = spec.args[2].value
    return np.arange(a, b + (1 if step > 0 else -1), step)


@builtin("ImageTake", argc=(2, 3), messages=_MESSAGES,
         usage="ImageTake[image, n] is its first n rows (-n: the last n, {n}: the n-th, "
               "UpTo[n]: at most n); ImageTake[image, {r1, r2}, {c1, c2}] rows r1 to r2, "
               "columns c1 to c2; {r1, r2, s} takes every s-th (s < 0: backwards).",
         examples=(("ImageDimensions[ImageTake[Image[ConstantArray[0, {4, 5}]], 2]]",
                    "{5, 2}"),
                   ("ImageDimensions[ImageTake[Image[ConstantArray[0, {4, 5}]], {2, 3}, "
                    "{1, 2}]]", "{2, 2}")))
@keeps_display_options
def image_take(ev, img, rows, cols=S.All):
    image = _image(ev, S.ImageTake, img)
    if image is None:
        return None
    r, c = _span(rows, image.height), _span(cols, image.width)
    if r is None or c is None or not r.size or not c.size:
        ev.message(S.ImageTake, "arg", Expr(S.List, rows, cols), "range")
        return None
    return Image(image.data[np.ix_(r, c)], image.image_type, image.color_space)


def _tile_side(spec, extent: int) -> tuple[int, int] | None:
    """(least, most) pixels of a tile side from ImagePartition's wspec or hspec: s only s,
    UpTo[s] or {s} any size up to s, Scaled[a] a times the image's side, {Scaled[a]} up to
    that, {smin, smax} from smin to smax; None if it is none of these."""
    def pixels(v):
        if type(v) is Integer and v.value > 0:
            return v.value
        if type(v) is Expr and v.head is S.Scaled and len(v.args) == 1:
            a = float_value(v.args[0])
            return max(1, round(a * extent)) if a is not None and a > 0 else None
        return None
    if type(spec) is Expr and (spec.head is Symbol("UpTo") or is_list(spec)) \
            and len(spec.args) == 1:
        most = pixels(spec.args[0])
        return None if most is None else (1, most)
    if is_list(spec) and len(spec.args) == 2:
        least, most = pixels(spec.args[0]), pixels(spec.args[1])
        return None if None in (least, most) or least > most else (least, most)
    exact = pixels(spec)
    return None if exact is None else (exact, exact)


def _tile_sides(image: Image, size):
    """((wmin, wmax), (hmin, hmax)) of ImagePartition's size: s, {s} (incomplete tiles
    kept), or {wspec, hspec}; None if invalid."""
    if is_list(size) and len(size.args) == 1:
        size = Expr(S.List, Expr(Symbol("UpTo"), size.args[0]),
                    Expr(Symbol("UpTo"), size.args[0]))
    if not (is_list(size) and len(size.args) == 2):
        size = Expr(S.List, size, size)
    sides = _tile_side(size.args[0], image.width), _tile_side(size.args[1], image.height)
    return None if None in sides else sides


def _tile_starts(extent: int, least: int, most: int, step: int) -> list[tuple[int, int]]:
    """(start, length) of the tiles along a side: every step pixels, most long or what is
    left, kept when at least least long."""
    return [(a, min(most, extent - a)) for a in range(0, extent, step)
            if min(most, extent - a) >= least]


@builtin("ImagePartition", argc=(2, None), messages=_MESSAGES,
         usage="ImagePartition[image, s] cuts it into s x s tiles, row by row: a matrix of "
               "images (incomplete tiles at the edges are dropped; ImagePartition[image, "
               "{s}] keeps them); ImagePartition[image, {wspec, hspec}] with each spec s, "
               "UpTo[s], Scaled[a], {Scaled[a]} or {smin, smax}; ImagePartition[image, "
               "size, {dw, dh}] steps dw, dh pixels; Padding -> value, colour or method "
               "fills the incomplete tiles at the edges to full size.",
         examples=(("Dimensions[ImagePartition[Image[ConstantArray[0, {4, 6}]], 2]]",
                    "{2, 3}"),
                   ("Dimensions[ImagePartition[Image[ConstantArray[0, {4, 5}]], {2}]]",
                    "{2, 3}")))
def image_partition(ev, img, size, *rest):
    from wlnet.builtins.images import resize_padding
    image = _image(ev, S.ImagePartition, img)
    if image is None:
        return None
    positional, rules = _options(rest)
    if len(positional) > 1 or set(rules) - {"Padding"}:
        return None
    sides = _tile_sides(image, size)
    if sides is None:
        ev.message(S.ImagePartition, "arg", size, "tile size")
        return None
    (wmin, wmax), (hmin, hmax) = sides
    dw, dh = wmax, hmax
    offset = positional[0] if positional else None
    if offset is not None:
        if type(offset) is Integer and offset.value > 0:
            dw = dh = offset.value
        elif is_list(offset) and len(offset.args) == 2 and all(
                type(v) is Integer and v.value > 0 for v in offset.args):
            dw, dh = offset.args[0].value, offset.args[1].value
        else:
            ev.message(S.ImagePartition, "arg", offset, "offset")
            return None
    padding = rules.get("Padding", Symbol("None"))
    padded = padding != Symbol("None")
    if padded:
        fill = resize_padding(image, padding)
        if fill is None:
            ev.message(S.ImagePartition, "padding", padding)
            return None
        wmin = hmin = 1      # every tile started is kept, the incomplete ones padded
    rows = []
    for top, height in _tile_starts(image.height, hmin, hmax, dh):
        tiles = []
        for left, width in _tile_starts(image.width, wmin, wmax, dw):
            tile = Image(image.data[top:top + height, left:left + width].copy(),
                         image.image_type, image.color_space)
            if padded and (width, height) != (wmax, hmax):
                tile = crop_image(tile, wmax, hmax, 1.0, -1.0, padding=fill)
            tiles.append(tile)
        rows.append(Expr(S.List, *tiles))
    return Expr(S.List, *rows)


@builtin("Thumbnail", argc=(1, 2), messages=_MESSAGES,
         usage="Thumbnail[image] is a small copy of it (at most 150 pixels wide or high; "
               "a graphic is rasterized first); Thumbnail[image, n] at most n (or a named "
               "size: Tiny, Small…).",
         examples=(("ImageDimensions[Thumbnail[Image[ConstantArray[0, {300, 600}]]]]",
                    "{150, 75}"),))
def thumbnail(ev, img, size=None):
    if type(img) is not Image and is_picture(img):            # a graphic: its picture
        img = rasterize(img, warn_with(ev))
    image = _image(ev, S.Thumbnail, img)
    if image is None:
        return None
    limit = size.value if type(size) is Integer and size.value > 0 else \
        NAMED_IMAGE_SIZES.get(getattr(size, "name", None), 150)
    scale = min(1.0, limit / max(image.width, image.height))
    return resize(image, max(1, round(image.width * scale)), max(1, round(image.height * scale)))


# ---------------------------------------------------------------------------- filters

def _filtered(image, each, pads=None, extent=None):
    """``each(plane)`` on every channel but alpha, which is kept; with ``pads`` (one dict
    per channel, ``filter_padding``), ``each(plane, **pads[k])``.  An Image or Image3D
    (each plane 2D or 3D) of the same type; ``extent`` ((before, after) per axis) cut
    off at the edges (Padding -> None)."""
    values = image.reals()
    colour = values.shape[-1] - (1 if image.has_alpha else 0)
    planes = [(each(values[..., k], **pads[k]) if pads else each(values[..., k]))
              if k < colour else values[..., k] for k in range(values.shape[-1])]
    if extent is not None:
        planes = [covered(p, extent) for p in planes]
    if type(image) is Image3D:
        return Image3D(np.stack(planes, axis=-1), image.image_type, image.color_space)
    return with_data(image, np.stack(planes, axis=2))


# WL's Padding methods as scipy.ndimage's boundary modes ("Reversed" repeats the edge
# element, ndimage's "reflect"; "Reflected" mirrors about it, ndimage's "mirror")
PADDING_MODES = {"Fixed": "nearest", "Periodic": "wrap", "Reflected": "mirror",
                 "Reversed": "reflect"}


def filter_padding(ev, head, rest, data) -> list | None:
    """The boundary handling a filter's Padding option asks for (default "Fixed"): a dict
    of ndimage's ``mode`` and ``cval`` per channel of ``data`` (one for numeric data); a
    value pads every channel with it, a colour with its values in the image's colour
    space.  None (with head::padding) if the setting is none of those."""
    from wlnet.core.color_spaces import convert_values
    from wlnet.graphics.style import colour_of
    _, rules = _options(rest)
    spec = rules.get("Padding", String("Fixed"))
    channels = data.channels if type(data) in (Image, Image3D) else 1
    if type(spec) is String and spec.value in PADDING_MODES:
        return [dict(mode=PADDING_MODES[spec.value])] * channels
    value = float_value(ev.evaluate(Expr(S.N, spec))) if type(spec) is not String else None
    if value is not None:
        return [dict(mode="constant", cval=value)] * channels
    rgb = colour_of(spec) if type(data) is Image else None
    if rgb is None:
        ev.message(head, "padding", spec)
        return None
    space = data.color_space if data.color_space in ("Grayscale", "RGB") else "RGB"
    values = np.atleast_1d(convert_values(np.asarray(rgb[:3], dtype=float), "RGB", space))
    return [dict(mode="constant", cval=float(values[min(k, len(values) - 1)]))
            for k in range(channels)]


def _radius(ev, head, r, default: float) -> float | None:
    if r is None:
        return default
    v = float_value(ev.evaluate(Expr(S.N, r)))
    if v is None or v < 0:
        ev.message(head, "arg", r, "radius")
        return None
    return v


def numeric_array(ev, e):
    """The numeric data ``e`` (a list, a matrix…) as a numpy array, N applied; None when it
    is not numeric data."""
    arr = packed_array(to_packed(ev.evaluate(Expr(S.N, e)), coerce=True) or e)
    return arr if arr is not None and arr.dtype.kind in "iuf" else None


def _data_or_image(ev, head, data, r, each, rest=(), reach=None):
    """A filter on an image (2D or 3D), or on numeric data (a list or matrix) as WL's
    filters also take; ``each(plane, mode=…, cval=…)`` gets the boundary handling of the
    Padding option in ``rest``.  With Padding -> None the result keeps only the elements
    whose whole neighbourhood is inside: ``reach(rank)`` gives the (before, after) extent
    of the neighbourhood along each axis of data of that rank."""
    arr = None
    if type(data) not in (Image, Image3D):
        arr = numeric_array(ev, data)
        if arr is None:
            ev.message(head, "imginv", *message_slots(data))
            return None
    rest, unpadded = without_padding_none(rest) if reach is not None else (rest, False)
    pads = filter_padding(ev, head, rest, data)
    if pads is None:
        return None
    rank = arr.ndim if arr is not None else (3 if type(data) is Image3D else 2)
    extent = reach(rank) if unpadded else None
    if extent is not None and any(b + a >= n for (b, a), n in zip(
            extent, arr.shape if arr is not None else data.reals().shape)):
        ev.message(head, "arg", r, "radius")        # no element has a whole neighbourhood
        return None
    if type(data) in (Image, Image3D):
        return _filtered(data, each, pads, extent)
    out = each(arr.astype(float), **pads[0])
    return list_from_array(covered(out, extent) if extent else out)


def without_padding_none(rest) -> tuple[list, bool]:
    """(the arguments without a Padding -> None rule, whether there was one)."""
    kept = [a for a in rest if not (type(a) is Expr and a.head is S.Rule and
                                    a.args[0] == Symbol("Padding")
                                    and a.args[1] == Symbol("None"))]
    return kept, len(kept) < len(rest)


def covered(values: np.ndarray, extent) -> np.ndarray:
    """``values`` less ``extent`` ((before, after) per leading axis) at their edges."""
    return values[tuple(slice(b, n - a) for (b, a), n in zip(extent, values.shape))]


def _gaussian_spec(ev, r, rank: int) -> list | None:
    """GaussianFilter's radius forms as (radius, σ) per axis of data of that rank: r,
    {r, σ}, {{r1, r2, …}}, {{r1, r2, …}, σ} or {{r1, …}, {σ1, …}} (σ = r/2 by default;
    radii rounded to integers); None if malformed."""
    def numbers(e, count):
        items = list(e.args) if is_list(e) else [e] * count
        values = [float_value(ev.evaluate(Expr(S.N, a))) for a in items]
        return values if len(values) == count and None not in values \
            and min(values) >= 0 else None
    if is_list(r) and 1 <= len(r.args) <= 2 and (is_list(r.args[0]) or len(r.args) == 2):
        radii = numbers(r.args[0], rank)
        sigmas = numbers(r.args[1], rank) if len(r.args) == 2 else None
        if radii is None or len(r.args) == 2 and sigmas is None:
            return None
    else:
        radii, sigmas = numbers(r, rank), None
        if radii is None:
            return None
    radii = [int(np.floor(q + 0.5)) for q in radii]
    return [(q, s if sigmas is not None else q / 2) for q, s in
            zip(radii, sigmas if sigmas is not None else radii)]


def _derivative_orders(ev, spec, rank: int) -> list | None:
    """GaussianFilter's derivative orders {n1, n2, …}, one per axis; None if malformed."""
    items = list(spec.args) if is_list(spec) else [spec]
    orders = [a.value if type(a) is Integer else None for a in items]
    return orders if len(orders) == rank and None not in orders and min(orders) >= 0 \
        else None


def gaussian_kernel(radius: int, sigma: float, order: int = 0, method: str = "Bessel",
                    standardized: bool = True) -> np.ndarray:
    """The 1D kernel of GaussianFilter on one axis: the Gaussian (GaussianMatrix's
    elements, "Bessel" the discrete Gaussian or "Gaussian" sampled) of that radius and σ,
    summing to 1 if ``standardized``; its ``order``-th derivative by central differences,
    scaled so that the kernel gives the exact derivative of a polynomial of that degree."""
    from wlnet.builtins.kernel_matrices import _gaussian_1d
    if sigma <= 0 or radius == 0:
        return np.ones(1) if order == 0 else np.zeros(1)
    kernel = _gaussian_1d(radius + order, sigma, method)
    if standardized:
        kernel = kernel / kernel.sum()
    for _ in range(order):                  # one central difference: radius shrinks by 1
        kernel = (kernel[:-2] - kernel[2:]) / 2.0
    if order and standardized:
        kernel = _exact_on_polynomials(kernel, order, _gaussian_1d(radius, sigma, method))
    return kernel


def _exact_on_polynomials(kernel: np.ndarray, order: int, smooth: np.ndarray) -> np.ndarray:
    """A derivative kernel of that order corrected for its truncation (shifted by
    Gaussians times powers, then scaled): convolved with a polynomial of degree up to the
    order it gives the polynomial's derivative exactly (moments t^j below the order 0,
    that of t^order / order! 1)."""
    t = np.arange(kernel.size, dtype=np.float64) - kernel.size // 2
    # the moments of the other parity vanish already (the kernel is (anti)symmetric)
    powers = [j for j in range(order) if (order - j) % 2 == 0]
    if powers:
        basis = np.stack([t ** j * smooth for j in powers])
        moments = np.array([[np.sum((-t) ** i * b) for b in basis] for i in powers])
        wanted = np.array([np.sum((-t) ** i * kernel) for i in powers])
        kernel = kernel - np.linalg.solve(moments, wanted) @ basis
    moment = float(np.sum((-t) ** order * kernel)) / math.factorial(order)
    return kernel / moment if abs(moment) > 1e-300 else kernel


@builtin("GaussianFilter", argc=(2, None), messages=_MESSAGES,
         usage="GaussianFilter[data, r] convolves an image (2D or 3D) or numeric data with a "
               "Gaussian kernel of pixel radius r (standard deviation r/2); GaussianFilter["
               "data, {r, σ}] with standard deviation σ; {{r1, r2, …}, …} a radius per level "
               "of the data (0: that direction untouched); GaussianFilter[data, r, {n1, n2, "
               "…}] the ni-th derivative along level i.  Method -> \"Bessel\" (the discrete "
               "Gaussian, as GaussianMatrix) or \"Gaussian\"; Padding (\"Fixed\"; None: a "
               "smaller result); Standardized.",
         examples=(("GaussianFilter[{0, 0, 1, 0, 0}, 1] // Total // Round", "1"),
                   ("Round[GaussianFilter[N[Range[10]], 2, {1}][[5]], 0.001]", "1.")))
@keeps_display_options
def gaussian_filter(ev, data, r, *rest):
    from scipy import ndimage
    positional, rules = _options(rest)
    rank = 3 if type(data) is Image3D else 2 if type(data) is Image else \
        getattr(numeric_array(ev, data), "ndim", None)
    if rank is None:
        ev.message(S.GaussianFilter, "imginv", *message_slots(data))
        return None
    spec = _gaussian_spec(ev, r, rank)
    if spec is None:
        ev.message(S.GaussianFilter, "arg", r, "radius")
        return None
    orders = _derivative_orders(ev, positional[0], rank) if positional else [0] * rank
    if orders is None or len(positional) > 1:
        ev.message(S.GaussianFilter, "arg", positional[0], "derivative")
        return None
    method = rules.get("Method", String("Bessel"))
    if not (type(method) is String and method.value in ("Bessel", "Gaussian")):
        ev.message(S.GaussianFilter, "arg", method, "method")
        return None
    standardized = rules.get("Standardized") != Symbol("False")
    kernels = [gaussian_kernel(q, sigma, n, method.value, standardized)
               for (q, sigma), n in zip(spec, orders)]

    def each(plane, **pad):
        for axis, kernel in enumerate(kernels):
            if kernel.size > 1 or kernel[0] != 1.0:
                plane = ndimage.convolve1d(plane, kernel, axis=axis, **pad)
        return plane
    options = [a for a in rest if a not in positional and not (
        type(a) is Expr and a.args[0] in (Symbol("Method"), Symbol("Standardized")))]
    return _data_or_image(ev, S.GaussianFilter, real_image(data) if any(orders) else data,
                          r, each, options, reach=lambda _: [(k.size // 2,) * 2 for k in kernels])


def real_image(data):
    """An image in a real type (its pixels as Real32 unless already real), for a filter
    whose values leave 0 .. 1 (a derivative, a convolution); anything else as it is."""
    if type(data) in (Image, Image3D) and data.image_type not in ("Real32", "Real64"):
        values = data.reals().astype(np.float32)
        if type(data) is Image:
            return Image(values, "Real32", data.color_space, data.options)
        return Image3D(values, "Real32", data.color_space)
    return data


@builtin("Blur", argc=(1, None), messages=_MESSAGES,
         usage="Blur[image, r] blurs it by averaging over a disk of pixel radius r "
               "(default 2); Padding -> \"Fixed\" (the default), \"Periodic\", "
               "\"Reflected\", \"Reversed\", a value or a colour beyond the edges.",
         examples=(("ImageData[Blur[Image[{{0, 1, 0}}], 1]][[1, 2]] < 1", "True"),))
@keeps_display_options
def blur(ev, img, *rest):
    positional, _ = _options(rest)
    if len(positional) > 1:
        return None
    image = _image(ev, S.Blur, img)
    radius = _radius(ev, S.Blur, positional[0] if positional else None, 2.0)
    if image is None or radius is None:
        return None
    kernel = _disk(radius)
    pads = filter_padding(ev, S.Blur, rest, image)
    return None if pads is None else _filtered(
        image, lambda p, **pad: _convolve(p, kernel, **pad), pads)


def _disk(radius: float) -> np.ndarray:
    n = int(math.ceil(radius))
    y, x = np.mgrid[-n:n + 1, -n:n + 1]
    kernel = (x * x + y * y <= radius * radius + 1e-9).astype(float)
    return kernel / kernel.sum()


def _convolve(plane, kernel, mode="nearest", cval=0.0):
    from scipy import ndimage
    return ndimage.convolve(plane, kernel, mode=mode, cval=cval)


@builtin("Sharpen", argc=(1, 2), messages=_MESSAGES,
         usage="Sharpen[image, r] sharpens it (unsharp masking with a Gaussian of radius r, "
               "default 1); a 3D image too.",
         examples=(("ImageDimensions[Sharpen[Image[{{0, 1, 0}}]]]", "{3, 1}"),))
@keeps_display_options
def sharpen(ev, img, r=None):
    from scipy import ndimage
    image = img if type(img) is Image3D else _image(ev, S.Sharpen, img)
    radius = _radius(ev, S.Sharpen, r, 1.0)
    if image is None or radius is None:
        return None
    return _filtered(image, lambda p: 2 * p - ndimage.gaussian_filter(
        p, max(radius / 2, 1e-6), mode="nearest", truncate=2.0))


def _structuring_element(ev, head, r, dims: int = 2) -> np.ndarray | None:
    """The neighbourhood of a morphological operation: a (2r+1) x (2r+1) square (a cube
    for ``dims`` 3) for a radius r (1 by default), or the nonzero entries of an array of
    that rank (DiskMatrix[2], BallMatrix[1], …)."""
    if is_list(r):
        arr = numeric_array(ev, r)
        if arr is None or arr.ndim != dims or not arr.any():
            ev.message(head, "arg", r, "structuring element")
            return None
        return arr != 0
    radius = _radius(ev, head, r, 1.0)
    if radius is None:
        return None
    size = 2 * int(round(radius)) + 1
    return np.ones((size,) * dims, bool)


def _morphology_of_data(ev, head, data, r, operation: str, pad: dict):
    """The operation on numeric data (a vector or a matrix, as WL's morphology also
    takes): a window of 2r+1 elements (a square of them), or the nonzero entries of ker;
    integers stay integers.  ``pad``: ndimage's boundary handling (Padding)."""
    from scipy import ndimage
    exact = packed_array(to_packed(data) or data)
    arr = exact if exact is not None and exact.dtype.kind in "iu" else numeric_array(ev, data)
    if arr is None or arr.ndim not in (1, 2):
        ev.message(head, "imginv", *message_slots(data))
        return None
    footprint = _structuring_element(ev, head, r)
    if footprint is None:
        return None
    if arr.ndim == 1:
        footprint = footprint[footprint.shape[0] // 2] if not is_list(r) or \
            footprint.shape[0] == 1 else None
        if footprint is None:
            ev.message(head, "arg", r, "structuring element")
            return None
    return list_from_array(getattr(ndimage, operation)(arr, footprint=footprint, **pad))


def _morphology(name: str, operation: str, verb: str):
    def morphology(ev, img, *rest):
        from scipy import ndimage
        positional, _ = _options(rest)
        if len(positional) > 1:
            return None
        r = positional[0] if positional else None
        pads = filter_padding(ev, Symbol(name), rest, img) if type(img) in (Image, Image3D) \
            or is_list(img) else [dict(mode="nearest")]
        if pads is None:
            return None
        if type(img) not in (Image, Image3D) and is_list(img):
            return _morphology_of_data(ev, Symbol(name), img, r, operation, pads[0])
        image = img if type(img) is Image3D else _image(ev, Symbol(name), img)
        footprint = _structuring_element(ev, Symbol(name), r, 3 if type(img) is Image3D else 2)
        if image is None or footprint is None:
            return None
        return _filtered(image, lambda p, **pad: getattr(ndimage, operation)(
            p, footprint=footprint, **pad), pads)
    builtin(name, argc=(1, None), messages=_MESSAGES,
            usage=f"{name}[image, r] {verb} with a (2r+1) x (2r+1) square (r default 1; a "
                  f"cube for a 3D image); {name}[image, ker] with the nonzero entries of the "
                  "matrix ker as the neighbourhood (DiskMatrix[r], …); numeric vectors and "
                  "matrices too; "
                  "Padding -> \"Fixed\" (the default: the edge repeated), a value, "
                  "\"Periodic\", \"Reflected\" or \"Reversed\" beyond the edges.",
            examples=((f"ImageDimensions[{name}[Image[{{{{0, 1, 0}}}}], 1]]", "{3, 1}"),))(
        keeps_display_options(morphology))


def _hat_transform(name: str, operation: str, verb: str, sign: float):
    """TopHatTransform (the image less its opening: bright details smaller than the
    element) and BottomHatTransform (the closing less the image: dark ones)."""
    def hat(ev, img, r=None):
        from scipy import ndimage
        if type(img) is not Image and is_list(img):
            smoothed = _morphology_of_data(ev, Symbol(name), img, r, operation,
                                           dict(mode="nearest"))
            data = numeric_array(ev, img) if smoothed is not None else None
            if data is None:
                return None
            return list_from_array(sign * (data - packed_array(to_packed(smoothed) or smoothed)))
        image = _image(ev, Symbol(name), img)
        footprint = _structuring_element(ev, Symbol(name), r)
        if image is None or footprint is None:
            return None
        return _filtered(image, lambda p: sign * (p - getattr(ndimage, operation)(
            p, footprint=footprint, mode="nearest")))
    builtin(name, argc=(1, 2), messages=_MESSAGES,
            usage=f"{name}[image, r] {verb} with a (2r+1) x (2r+1) square (r default 1), "
                  "or the nonzero entries of a matrix ker; numeric data too.",
            examples=((f"{name}[{{0, 0, 1, 0, 0}}, 1]",
                       "{0., 0., 1., 0., 0.}" if sign > 0 else "{0., 0., 0., 0., 0.}"),))(
        keeps_display_options(hat))


_hat_transform("TopHatTransform", "grey_opening",
               "is the image less its opening: the bright details smaller than the element", 1.0)
_hat_transform("BottomHatTransform", "grey_closing",
               "is the image's closing less the image: the dark details smaller than the "
               "element", -1.0)
_morphology("Dilation", "grey_dilation", "is the maximum over the neighbourhood of each pixel")
_morphology("Erosion", "grey_erosion", "is the minimum over the neighbourhood of each pixel")
_morphology("Opening", "grey_opening", "is the erosion then dilation of the image")
_morphology("Closing", "grey_closing", "is the dilation then erosion of the image")


# ---------------------------------------------------------------------------- pixel values

def _centred(values: np.ndarray, height: int, width: int, neutral: float) -> np.ndarray:
    """``values`` (h, w, c) placed at the centre of a height x width canvas of ``neutral``
    (cropped where larger): how an image of other dimensions meets the first."""
    out = np.full((height, width, values.shape[2]), neutral)
    h, w = values.shape[:2]
    top, left = (height - h) // 2, (width - w) // 2
    ty, tx = max(top, 0), max(left, 0)
    sy, sx = max(-top, 0), max(-left, 0)
    rows, cols = min(h - sy, height - ty), min(w - sx, width - tx)
    out[ty:ty + rows, tx:tx + cols] = values[sy:sy + rows, sx:sx + cols]
    return out


def _colour_channels(ev, other) -> np.ndarray | None:
    """A colour (RGBColor[…], GrayLevel[…], Red…) or a list of channel values as
    channel values, or None."""
    rgb = colour_of(other)
    if rgb is not None:
        grey = type(other) is Expr and getattr(other.head, "name", None) == "GrayLevel"
        return np.array(rgb[:1] if grey else rgb[:3], dtype=np.float64)
    if is_list(other) and other.args:
        values = [float_value(ev.evaluate(Expr(S.N, a))) for a in other.args]
        if None not in values:
            return np.array(values)
    return None


def _operand(ev, head, image: Image, other, neutral: float):
    """(the image's values, possibly made colour, and the second argument of ImageAdd &
    co as values broadcasting against them): a number, a colour or channel list, or an
    image (of other dimensions: placed at the centre, ``neutral`` around it)."""
    values = image.reals()
    if type(other) is Image:
        theirs = other.reals()
        if (other.width, other.height) != (image.width, image.height):
            theirs = _centred(theirs, image.height, image.width, neutral)
        if theirs.shape[2] != values.shape[2]:
            theirs = theirs.mean(axis=2, keepdims=True) if theirs.shape[2] > values.shape[2] \
                else np.repeat(theirs, values.shape[2], axis=2)
        return values, theirs
    v = float_value(ev.evaluate(Expr(S.N, other)))
    if v is not None:
        return values, v
    channels = _colour_channels(ev, other)
    if channels is None:
        ev.message(head, "operand", other)
        return None
    colour = values.shape[2] - int(image.has_alpha)
    if len(channels) == 3 and colour == 1:           # a grey image meets a colour: RGB
        values = np.concatenate([np.repeat(values[:, :, :1], 3, axis=2), values[:, :, 1:]],
                                axis=2)
        colour = 3
    if len(channels) == 1:
        channels = np.repeat(channels, colour)
    if len(channels) != colour:
        ev.message(head, "operand", other)
        return None
    # the alpha channel is left as it is (neutral)
    return values, np.concatenate([channels, np.full(values.shape[2] - colour, neutral)])


def _arithmetic(name: str, op, neutral: float, verb: str, example):
    def arithmetic(ev, img, *others):
        if not others and is_list(img) and img.args:        # ImageAdd[{image, x, …}]
            img, others = img.args[0], img.args[1:]
        image = _image(ev, Symbol(name), img)
        if image is None or not others:
            return None
        values, space, kind = image.reals(), image.color_space, image.image_type
        for other in others:
            found = _operand(ev, Symbol(name), Image(values, image.image_type, space), other,
                             neutral)
            if found is None:
                return None
            values, operand = found
            if values.shape[2] != image.channels:
                space = "RGB"
            if type(other) is Image:
                kind = larger_type(kind, other.image_type)
            values = op(values, operand)
        return Image(values, kind, space)
    builtin(name, argc=(1, None), messages=_MESSAGES,
            usage=f"{name}[image, x] {verb} x (a number, a colour, a list of channel values, "
                  "or an image: of other dimensions, at the centre) channel by channel; "
                  f"{name}[image, x, y, …] folds over the arguments, as {name}[{{image, x, "
                  "…}].", examples=(example,))(keeps_display_options(arithmetic))


def _image_terms(ev, terms):
    """The channel values of Plus's or Times's terms, images and numbers mixed (None when
    a term is neither, or the images differ in size); the image with the most channels
    gives the result's colour space, one-channel images broadcast over the others'."""
    images = [t for t in terms if type(t) is Image]
    if len({(i.width, i.height) for i in images}) != 1:
        return None
    widest = max(images, key=lambda i: i.channels)
    values = []
    for t in terms:
        if type(t) is Image:
            v = t.reals()
            if v.shape[2] != widest.channels:
                if v.shape[2] != 1:
                    return None
                v = np.repeat(v, widest.channels, axis=2)
            values.append(v)
        else:
            number = float_value(ev.evaluate(Expr(S.N, t)))
            if number is None:
                return None
            values.append(number)
    return widest, values


def _image_arithmetic(ev, terms, op):
    found = _image_terms(ev, terms)
    if found is None:
        return None
    widest, values = found
    result = values[0]
    for v in values[1:]:
        result = op(result, v)
    # the values as they are (a difference may be negative): a real image
    return Image(np.asarray(result, np.float32), "Real32", widest.color_space)


@builtin_upvalue("Plus", "Image")
@keeps_display_options
def _image_plus(ev, *terms):
    """``img1 + img2``, ``img + x``, ``img1 - img2`` (a preprocessing step: an image minus
    itself shifted by a pixel): the sum of the channel values."""
    return _image_arithmetic(ev, terms, np.add)


@builtin_upvalue("Times", "Image")
@keeps_display_options
def _image_times(ev, *factors):
    """``2 img``, ``-img``, ``img1 img2``: the product of the channel values."""
    return _image_arithmetic(ev, factors, np.multiply)


_arithmetic("ImageAdd", np.add, 0.0, "adds to each pixel",
            ("ImageData[ImageAdd[Image[{{0.25}}], 0.5]]", "{{0.75}}"))
_arithmetic("ImageSubtract", np.subtract, 0.0, "subtracts from each pixel",
            ("ImageData[ImageSubtract[Image[{{0.75}}], 0.5]]", "{{0.25}}"))
_arithmetic("ImageMultiply", np.multiply, 1.0, "multiplies each pixel by",
            ("ImageData[ImageMultiply[Image[{{0.5}}], 0.5]]", "{{0.25}}"))


@builtin("ImageApply", argc=(2, None), messages=_MESSAGES,
         usage="ImageApply[f, image] applies f to each pixel's value (a number for one "
               "channel, the list of channel values otherwise) and makes an image of the "
               "results; ImageApply[f, {image1, image2, …}] gives f the values of each "
               "image's pixel at that place (images of one size); Masking -> mask changes "
               "only the pixels where the mask (an image or a matrix) is nonzero.",
         examples=(("ImageData[ImageApply[1 - # &, Image[{{0.25, 1}}]]]", "{{0.75, 0.}}"),
                   ("ImageData[ImageApply[Plus, {Image[{{0.25}}], Image[{{0.5}}]}]]",
                    "{{0.75}}")))
@keeps_display_options
def image_apply(ev, f, img, *rest):
    several = is_list(img) and img.args and all(type(i) is Image for i in img.args)
    image = img.args[0] if several else _image(ev, S.ImageApply, img)
    if image is None:
        return None
    if several and len({(i.width, i.height) for i in img.args}) > 1:
        ev.message(S.ImageApply, "imgmerge", *message_slots(img.args[0], img.args[1]))
        return None
    values = image.reals()
    if several:            # f[v1, v2, …] at each pixel: MapThread over the images' values
        planes = [list_from_array(i.reals()[:, :, 0] if i.channels == 1 else i.reals())
                  for i in img.args]
        result = ev.evaluate(Expr(S.MapThread, f, Expr(S.List, *planes), Integer(2)))
    else:
        data = list_from_array(values[:, :, 0] if image.channels == 1 else values)
        result = ev.evaluate(Expr(S.Map, f, data, Expr(S.List, Integer(2))))
    arr = packed_array(to_packed(ev.evaluate(Expr(S.N, result)), coerce=True) or result)
    if arr is None or arr.shape[:2] != values.shape[:2] or arr.dtype.kind not in "iuf":
        ev.message(S.ImageApply, "arg", f, "pixel function")
        return None
    arr = arr.astype(float)
    if arr.ndim == 2:
        arr = arr[:, :, None]
    masking = [r.args[1] for r in rest if type(r) is Expr and r.head is S.Rule
               and r.args[0] == Symbol("Masking")]
    if masking and not several:
        from wlnet.builtins.image_pixel_functions import masked
        arr = masked(ev, S.ImageApply, image, arr, masking[0])
        if arr is None:
            return None
    if arr.shape[2] == image.channels:
        return with_data(image, arr)
    return Image(arr.astype(np.float32), image.image_type)


# ---------------------------------------------------------------------------- alpha

@builtin("AlphaChannel", argc=1, messages=_MESSAGES,
         usage="AlphaChannel[image] is its alpha channel as a grey image (all 1 without one).",
         examples=(("ImageData[AlphaChannel[Image[{{0.5}}]]]", "{{1.}}"),))
def alpha_channel(ev, img):
    image = _image(ev, S.AlphaChannel, img)
    if image is None:
        return None
    alpha = image.reals()[:, :, -1] if image.has_alpha else np.ones((image.height,
                                                                      image.width))
    return Image(alpha.astype(np.float32), "Real32")


@builtin("SetAlphaChannel", argc=(1, 2), messages=_MESSAGES,
         usage="SetAlphaChannel[image, a] gives it the alpha channel a (a grey image of its "
               "size or a number); SetAlphaChannel[image] an opaque one.",
         examples=(("ImageChannels[SetAlphaChannel[Image[{{0.5}}], 0.3]]", "2"),))
@keeps_display_options
def set_alpha_channel(ev, img, alpha=None):
    image = _image(ev, S.SetAlphaChannel, img)
    if image is None:
        return None
    values = image.reals()
    colour = values[:, :, :-1] if image.has_alpha else values
    if alpha is None:
        a = np.ones(colour.shape[:2])
    elif type(alpha) is Image:
        if (alpha.width, alpha.height) != (image.width, image.height):
            ev.message(S.SetAlphaChannel, "imgmerge", *message_slots(image, alpha))
            return None
        a = alpha.reals().mean(axis=2)
    else:
        v = float_value(ev.evaluate(Expr(S.N, alpha)))
        if v is None:
            ev.message(S.SetAlphaChannel, "imginv", *message_slots(alpha))
            return None
        a = np.full(colour.shape[:2], v)
    return Image(np.concatenate([colour, a[:, :, None]], axis=2).astype(np.float32)
                 if image.image_type != "Byte" else
                 np.concatenate([colour, a[:, :, None]], axis=2),
                 image.image_type, image.color_space)


@builtin("RemoveAlphaChannel", argc=(1, 2), messages=_MESSAGES,
         usage="RemoveAlphaChannel[image] drops its alpha channel, compositing over white "
               "(RemoveAlphaChannel[image, color] over color).",
         examples=(("ImageChannels[RemoveAlphaChannel[Image[{{{0.5, 0.5}}}]]]", "1"),))
@keeps_display_options
def remove_alpha_channel(ev, img, background=None):
    image = _image(ev, S.RemoveAlphaChannel, img)
    if image is None or not image.has_alpha:
        return image
    if background is None:
        return drop_alpha(image)
    values = image.reals()
    alpha = np.clip(values[:, :, -1:], 0.0, 1.0)
    fill = _background(ev, image, background)[:-1]
    return Image(values[:, :, :-1] * alpha + fill * (1.0 - alpha), image.image_type,
                 image.color_space)


@builtin("ImageCompose", argc=(2, 4), messages=_MESSAGES,
         usage="ImageCompose[image, overlay] lays overlay over the image's centre (its alpha "
               "blending it in); ImageCompose[image, {overlay, α}] with its opacity times "
               "α; ImageCompose[image, overlay, pos] puts the overlay's centre at pos ({x, y} "
               "pixels from the bottom left, Scaled[{sx, sy}], or a side or corner such as "
               "{Left, Top}, which puts the overlay's same side or corner there); "
               "ImageCompose[image, overlay, pos, opos] puts the overlay's point opos at pos.",
         examples=(("ImageData[ImageCompose[Image[{{0, 0, 0}}], Image[{{1}}]]]",
                    "{{0., 1., 0.}}"),
                   ("ImageData[ImageCompose[Image[{{0, 0, 0, 0}}], Image[{{1, 1}}], "
                    "{Left, Center}]]", "{{1., 1., 0., 0.}}"),
                   ("ImageData[ImageCompose[Image[{{0, 0, 0, 0}}], Image[{{1, 1}}], {4, 0.5}, "
                    "{2, 0.5}]]", "{{0., 0., 1., 1.}}")))
@keeps_display_options
def image_compose(ev, img, overlay, position=None, overlay_position=None):
    image = _image(ev, S.ImageCompose, img)
    opacity = 1.0
    if is_list(overlay) and len(overlay.args) == 2:      # {overlay, α}: α times its alpha
        opacity = float_value(ev.evaluate(Expr(S.N, overlay.args[1])))
        if opacity is None or not 0 <= opacity <= 1:
            ev.message(S.ImageCompose, "opacity", *message_slots(overlay.args[1]))
            return None
        overlay = overlay.args[0]
    top = _image(ev, S.ImageCompose, overlay) if image is not None else None
    if image is None or top is None:
        return None
    place = _compose_place(ev, image, top, position, overlay_position)
    if place is None:
        return None
    left, row = place
    base = image.reals()
    over = top.reals()
    over_alpha = (over[:, :, -1:] if top.has_alpha else np.ones(over.shape[:2] + (1,))) * opacity
    over_colour = over[:, :, :-1] if top.has_alpha else over
    colour_channels = base.shape[2] - (1 if image.has_alpha else 0)
    if over_colour.shape[2] != colour_channels:
        over_colour = np.repeat(over_colour.mean(axis=2, keepdims=True), colour_channels, 2)
    out = base.copy()
    r0, r1 = max(row, 0), min(row + top.height, image.height)
    c0, c1 = max(left, 0), min(left + top.width, image.width)
    if r0 < r1 and c0 < c1:                  # the overlay's part inside the image
        a = over_alpha[r0 - row:r1 - row, c0 - left:c1 - left]
        under = out[r0:r1, c0:c1, :colour_channels]
        out[r0:r1, c0:c1, :colour_channels] = (
            over_colour[r0 - row:r1 - row, c0 - left:c1 - left] * a + under * (1 - a))
    return with_data(image, out)


# where a side names a point of a w x h rectangle, as fractions of its width and height
_SIDE_FRACTIONS = {"Left": (0.0, None), "Right": (1.0, None), "Bottom": (None, 0.0),
                   "Top": (None, 1.0), "Center": (0.5, 0.5)}


def _point_in(ev, spec, width: int, height: int):
    """(x, y, named) of a position in a width x height image, from its bottom left: {x, y}
    pixels, Scaled[{sx, sy}], a side or corner ({Left, Top}, Center, Bottom, {Left, 10},
    …; named True: the overlay's own same point goes there); None if invalid."""
    if type(spec) is Symbol and spec.name in _SIDE_FRACTIONS:
        fx, fy = _SIDE_FRACTIONS[spec.name]
        return (0.5 if fx is None else fx) * width, (0.5 if fy is None else fy) * height, True
    if type(spec) is Expr and spec.head is S.Scaled and len(spec.args) == 1 \
            and is_list(spec.args[0]) and len(spec.args[0].args) == 2:
        fx, fy = (float_value(ev.evaluate(Expr(S.N, a))) for a in spec.args[0].args)
        return None if None in (fx, fy) else (fx * width, fy * height, False)
    if not (is_list(spec) and len(spec.args) == 2):
        return None
    coordinates, named = [], False
    for k, (a, size) in enumerate(zip(spec.args, (width, height))):
        fraction = _SIDE_FRACTIONS.get(a.name)[k] if type(a) is Symbol \
            and a.name in _SIDE_FRACTIONS else None
        if fraction is not None:
            coordinates.append(fraction * size)
            named = True
            continue
        value = float_value(ev.evaluate(Expr(S.N, a)))
        if value is None:
            return None
        coordinates.append(value)
    return coordinates[0], coordinates[1], named


def _compose_place(ev, image: Image, top: Image, position, overlay_position):
    """(left column, top row) of the overlay in the image: its point overlay_position
    (the centre, or for a named position the same named point) at position (the
    centre by default); None after ImageCompose::arg."""
    at = (image.width / 2, image.height / 2, False) if position is None else \
        _point_in(ev, position, image.width, image.height)
    if at is None:
        ev.message(S.ImageCompose, "arg", *message_slots(position), "position")
        return None
    if overlay_position is not None:
        own = _point_in(ev, overlay_position, top.width, top.height)
        if own is None:
            ev.message(S.ImageCompose, "arg", *message_slots(overlay_position), "position")
            return None
    else:
        own = _point_in(ev, position, top.width, top.height) if at[2] else None
        own = own or (top.width / 2, top.height / 2, False)
    left = at[0] - own[0]
    bottom = at[1] - own[1]
    return int(round(left)), int(round(image.height - bottom - top.height))


