"""``ImageCollage``: images tiled into one picture (the way scripts show a sample of a
data set or the images a net classified).

The images keep their order and aspect ratios; they are laid out in justified rows —
about √n rows, each scaled to the collage's full width — with ``Spacings`` pixels between
them on the ``Background`` (GrayLevel[0.2] by default, as WL's).  ``Method -> "Columns"``
lays them out in justified columns instead, ``"Grid"`` in equal cells of a grid about √n
wide (each image fitted inside its cell), ``"ClosestPacking"`` each as high and then as far
left as it fits under the ones before it (their areas in proportion to the weights: w, or
Scaled[s] for s times the image's own area; equal without), ``"Rows"`` (and Automatic) in
rows.  ``ImageSize -> w`` sets the width
(Automatic: the widest row with its images at their median height, at most 1200), as
does a third argument; ``{w, h}`` fits the collage, its proportions kept, into a w x h
picture on the background; ``ImagePadding -> m`` leaves a margin of m pixels around.  Weighted
forms ``{w1 -> im1, …}``, ``<|w1 -> im1, …|>``, ``<|im1 -> w1, …|>``, ``im1 -> w1, im2 -> w2,
…``, ``{w1, w2, …} -> {im1, im2, …}``, ``w -> {im1, …}`` and ``{{im1, w1}, …}`` are accepted;
only "ClosestPacking" sizes the images by the weights (every image of a row has the row's
height).
"""

from __future__ import annotations

import math

import numpy as np

from wlnet.core.expr import Expr, S, String, Symbol
from wlnet.core.image import Image, convert, drop_alpha, resize, message_slots
from wlnet.core.registry import builtin
from wlnet.graphics.options import NAMED_IMAGE_SIZES
from wlnet.graphics.style import colour_of
from wlnet.graphics.values import number

MAX_AUTOMATIC_WIDTH = 1200
_MESSAGES = {
    "imginv": "Expecting a list of images instead of `1`.",
    "optvg": "`2` is not a valid value for the option `1`.",
}


def _is_rule(e) -> bool:
    return type(e) is Expr and e.head in (S.Rule, S.RuleDelayed)


def _weighted_list(spec):
    """The list of images of ``{w1, …} -> {im1, …}`` or ``w -> {im1, …}`` (the weights
    dropped); ``spec`` itself otherwise."""
    if _is_rule(spec) and type(spec.args[1]) is Expr and spec.args[1].head is S.List:
        return spec.args[1]
    return spec


def _images(spec) -> tuple[list, list] | None:
    """(the images, their weights) of a list, of weight -> image rules, of {image, weight}
    pairs or an association; an image without a weight weighs 1, Scaled[s] weighs s times
    its own area (in pixels)."""
    shared = spec.args[0] if _is_rule(spec) else None
    spec = _weighted_list(spec)
    if type(spec) is not Expr or spec.head not in (S.List, S.Association) or not spec.args:
        return None
    weights_of = shared.args if type(shared) is Expr and shared.head is S.List \
        and len(shared.args) == len(spec.args) else [shared] * len(spec.args)
    images, weights = [], []
    for item, weight in zip(spec.args, weights_of):
        if _is_rule(item):
            # w -> image, or image -> w (an association keyed by the images)
            item, weight = (item.args[0], item.args[1]) if type(item.args[0]) is Image \
                else (item.args[1], item.args[0])
        elif type(item) is Expr and item.head is S.List and len(item.args) == 2 \
                and type(item.args[0]) is Image:                     # {image, w}
            item, weight = item.args
        if type(item) is not Image:
            return None
        images.append(drop_alpha(convert(item, "RGB")) if item.color_space != "RGB"
                      or item.has_alpha else item)
        weights.append(_weight(weight, item))
    return images, weights


def _weight(spec, image: Image) -> float:
    """A weight: a positive number, Scaled[s] (s times the image's area), or 1 (none or
    not a positive number)."""
    if type(spec) is Expr and spec.head is S.Scaled and len(spec.args) == 1:
        scale = number(spec.args[0])
        return scale * image.width * image.height if scale is not None and scale > 0 else 1.0
    value = number(spec) if spec is not None else None
    return float(value) if value is not None and value > 0 else 1.0


def collage_rows(aspects: list[float]) -> list[list[int]]:
    """The indices of the images in each row: about √n rows, the images in order."""
    n = len(aspects)
    rows = max(1, round(math.sqrt(n)))
    per_row = math.ceil(n / rows)
    return [list(range(k, min(k + per_row, n))) for k in range(0, n, per_row)]


# the fittings WL names; every one lays the images out in justified rows here
FITTINGS = ("Fit", "Fill", "Stretch", "Center")


DEFAULT_BACKGROUND = (0.2, 0.2, 0.2)           # GrayLevel[0.2], WL's default
METHODS = ("Rows", "Columns", "Grid", "ClosestPacking")


def _options(ev, rules) -> tuple | None:
    width, spacing, background, margin = None, 0, DEFAULT_BACKGROUND, 0
    method = "Rows"
    for r in rules:
        name, value = r.args[0].name if type(r.args[0]) is Symbol else None, r.args[1]
        if name == "ImageSize" and not (type(value) is Symbol and value.name == "Automatic"):
            if type(value) is Expr and value.head is S.List and len(value.args) == 2:
                width = tuple(number(v) for v in value.args)      # {w, h}: fitted inside
                ok = all(v is not None and 8 <= v <= 8192 for v in width)
            else:
                width = NAMED_IMAGE_SIZES.get(value.name) if type(value) is Symbol \
                    else number(value)
                ok = width is not None and 8 <= width <= 8192
            if not ok:
                ev.message(Symbol("ImageCollage"), "optvg", r.args[0], value)
                return None
        elif name == "Spacings":
            spacing = number(value)
            if spacing is None or spacing < 0:
                ev.message(Symbol("ImageCollage"), "optvg", r.args[0], value)
                return None
        elif name == "ImagePadding":
            margin = number(value) if not (type(value) is Symbol and value.name in
                                           ("None", "Automatic")) else 0
            if margin is None or margin < 0:
                ev.message(Symbol("ImageCollage"), "optvg", r.args[0], value)
                return None
        elif name == "Background":
            background = colour_of(value)
            if background is None:
                ev.message(Symbol("ImageCollage"), "optvg", r.args[0], value)
                return None
        elif name == "Method":
            method = "Rows" if value == S.Automatic else getattr(value, "value", None)
            if method not in METHODS:
                ev.message(Symbol("ImageCollage"), "optvg", r.args[0], value)
                return None
        else:
            ev.message(Symbol("ImageCollage"), "optvg", r.args[0], value)
            return None
    return width, int(spacing), background[:3], int(margin), method


@builtin("ImageCollage", argc=(1, None), messages=_MESSAGES,
         usage="ImageCollage[{im1, im2, …}] tiles the images into one image, in rows of "
               "equal width, keeping their order and shapes (ImageSize, Spacings, "
               "Background (GrayLevel[0.2]), ImagePadding, Method -> \"Rows\" | \"Columns\" | "
               "\"Grid\" | \"ClosestPacking\"); ImageCollage[images, fitting, width]; "
               "weighted forms (w -> im, im -> w, {im, w}, {w1, …} -> {im1, …}; w or "
               "Scaled[s]) size the images' areas with \"ClosestPacking\".",
         examples=(("ImageDimensions[ImageCollage[{Image[ConstantArray[0, {10, 20}]], "
                    "Image[ConstantArray[1, {10, 20}]]}, ImageSize -> 80]]", "{80, 20}"),))
def image_collage(ev, spec, *rest):
    if _is_rule(spec) and type(spec.args[0]) is Image:      # image1 -> w1, image2 -> w2, …
        count = 1 + next((k for k, r in enumerate(rest)
                          if not (_is_rule(r) and type(r.args[0]) is Image)), len(rest))
        spec, rest = Expr(S.List, spec, *rest[:count - 1]), rest[count - 1:]
    found = _images(spec)
    images, weights = found if found is not None else (None, None)
    positional = [a for a in rest if not (type(a) is Expr and a.head in (S.Rule, S.RuleDelayed))]
    rules = rest[len(positional):]
    fitting = positional[0] if positional else None
    if images is None or len(positional) > 2 or positional != list(rest[:len(positional)]) \
            or fitting is not None and not (fitting == S.Automatic or type(fitting) is String
                                            and fitting.value in FITTINGS):
        ev.message(Symbol("ImageCollage"), "imginv", *message_slots(spec))
        return None
    # ImageCollage[images, fitting, size]: the size is ImageSize's
    size_rule = [Expr(S.Rule, Symbol("ImageSize"), positional[1])] if len(positional) == 2 else []
    options = _options(ev, [*size_rule, *rules])
    if options is None:
        return None
    width, spacing, background, margin, method = options
    box = width if isinstance(width, tuple) else None
    if box is not None:
        width = box[0]
    if method == "Columns":             # justified columns: rows of the images turned
        turned = [Image(np.swapaxes(im.reals(), 0, 1), "Real32", im.color_space)
                  for im in images]
        canvas = np.swapaxes(_collage(turned, None, spacing, background, margin), 0, 1)
        if width is not None:
            canvas = resize(Image(canvas, "Real32"), int(round(width)), max(1, int(round(
                canvas.shape[0] * width / canvas.shape[1])))).reals()[:, :, :3]
    elif method == "Grid":
        canvas = _grid(images, width, spacing, background, margin)
    elif method == "ClosestPacking":
        canvas = _closest_packing(images, weights, width, spacing, background, margin)
    else:
        canvas = _collage(images, width, spacing, background, margin)
    return Image(np.clip(_fitted(canvas, box, background) if box else canvas, 0.0, 1.0),
                 "Real32")


def _fitted(canvas: np.ndarray, box: tuple, background) -> np.ndarray:
    """The collage scaled to fit a w x h box (its proportions kept), centred on the
    background."""
    w, h = int(round(box[0])), int(round(box[1]))
    scale = min(w / canvas.shape[1], h / canvas.shape[0])
    inner = resize(Image(canvas, "Real32"), max(1, int(round(canvas.shape[1] * scale))),
                   max(1, int(round(canvas.shape[0] * scale)))).reals()[:, :, :3]
    out = np.empty((h, w, 3))
    out[...] = background
    top, left = (h - inner.shape[0]) // 2, (w - inner.shape[1]) // 2
    out[top:top + inner.shape[0], left:left + inner.shape[1]] = inner
    return out


def _collage(images: list, width, spacing: int, background, margin: int) -> np.ndarray:
    """The (h, w, 3) canvas of the images in justified rows ``width`` wide (None: the
    widest row at the images' median height)."""
    aspects = [im.width / im.height for im in images]
    rows = collage_rows(aspects)
    if width is None:                   # the widest row at the images' median height
        median = float(np.median([im.height for im in images]))
        width = min(MAX_AUTOMATIC_WIDTH, max(sum(aspects[i] * median for i in row)
                                             + spacing * (len(row) - 1) for row in rows))
    width = int(round(width))
    placed, y = [], 0
    for row in rows:
        free = width - spacing * (len(row) - 1)
        height = max(1, int(round(free / sum(aspects[i] for i in row))))
        x = 0
        for k, i in enumerate(row):
            w = free - sum(int(round(aspects[j] * height)) for j in row[:k] + row[k + 1:]) \
                if k == len(row) - 1 else int(round(aspects[i] * height))
            placed.append((resize(images[i], max(1, w), height).reals()[:, :, :3], x, y))
            x += max(1, w) + spacing
        y += height + spacing
    canvas = np.empty((y - spacing + 2 * margin, width + 2 * margin, 3))
    canvas[...] = background
    for pixels, x, top in placed:
        h, w = pixels.shape[:2]
        canvas[margin + top:margin + top + h, margin + x:margin + x + w] = pixels
    return canvas


def _grid(images: list, width, spacing: int, background, margin: int) -> np.ndarray:
    """The (h, w, 3) canvas of the images in equal cells of a grid about √n wide, each
    fitted inside its cell (its proportions kept, centred); the cells have the images'
    median size, scaled to ``width`` when it is given."""
    n = len(images)
    columns = max(1, math.ceil(math.sqrt(n)))
    rows = math.ceil(n / columns)
    cell_w = float(np.median([im.width for im in images]))
    cell_h = float(np.median([im.height for im in images]))
    if width is not None:
        scale = (width - spacing * (columns - 1)) / (cell_w * columns)
        cell_w, cell_h = cell_w * scale, cell_h * scale
    cell_w, cell_h = max(1, int(round(cell_w))), max(1, int(round(cell_h)))
    canvas = np.empty((rows * cell_h + spacing * (rows - 1) + 2 * margin,
                       columns * cell_w + spacing * (columns - 1) + 2 * margin, 3))
    canvas[...] = background
    for k, im in enumerate(images):
        scale = min(cell_w / im.width, cell_h / im.height)
        w, h = max(1, int(round(im.width * scale))), max(1, int(round(im.height * scale)))
        top = margin + (k // columns) * (cell_h + spacing) + (cell_h - h) // 2
        left = margin + (k % columns) * (cell_w + spacing) + (cell_w - w) // 2
        canvas[top:top + h, left:left + w] = resize(im, w, h).reals()[:, :, :3]
    return canvas


def packed_sizes(images: list, weights: list, width: int, fill: float) -> list[tuple]:
    """The (w, h) of each image in a closely packed collage ``width`` wide: areas in
    proportion to the weights, together ``fill`` of a width x width square, their
    proportions kept (and none wider than the collage)."""
    total = fill * width * width
    sizes = []
    for im, weight in zip(images, weights):
        aspect = im.width / im.height
        h = math.sqrt(total * weight / sum(weights) / aspect)
        w = min(aspect * h, width)
        sizes.append((max(1, int(round(w))), max(1, int(round(w / aspect)))))
    return sizes


def packed_places(sizes: list, width: int, spacing: int) -> list[tuple[int, int]]:
    """The (x, y) of each rectangle, in order, each as high up as it fits under those
    before it and then as far left (a skyline: the row below the lowest rectangle of every
    column, and the spacing), ``spacing`` apart from the others."""
    skyline = np.zeros(width, dtype=np.int64)
    places = []
    for w, h in sizes:
        # a rectangle at x keeps the spacing from those on either side: its top is the
        # lowest of the columns x - spacing .. x + w + spacing (within the collage)
        around = np.pad(skyline, spacing)
        tops = np.lib.stride_tricks.sliding_window_view(around, w + 2 * spacing).max(axis=1)
        x = int(np.argmin(tops))                          # the first of the highest places
        y = int(tops[x])
        skyline[x:x + w] = y + h + spacing
        places.append((x, y))
    return places


def _closest_packing(images: list, weights: list, width, spacing: int, background,
                     margin: int) -> np.ndarray:
    """The (h, w, 3) canvas of the images packed from the top left, in order, each where
    it sits highest and then leftmost; their areas in proportion to the weights, as large
    as lets the packing be no higher than wide (a bisection of their share of the square).
    The width: ``width``, or (None) that of a square of the images' own total area."""
    if width is None:
        width = min(MAX_AUTOMATIC_WIDTH, math.sqrt(sum(im.width * im.height for im in images)))
    width = max(1, int(round(width)))

    def packed(fill):
        sizes = packed_sizes(images, weights, width, fill)
        places = packed_places(sizes, width, spacing)
        return sizes, places, max(y + h for (w, h), (x, y) in zip(sizes, places))

    low, high = 0.0, 1.0
    best = packed(high)
    if best[2] > width:
        for _ in range(14):
            middle = (low + high) / 2
            trial = packed(middle)
            if trial[2] <= width:
                low, best = middle, trial
            else:
                high = middle
        if low == 0.0:                    # even the smallest share is higher than wide
            best = packed(high)
    sizes, places, height = best
    canvas = np.empty((height + 2 * margin, width + 2 * margin, 3))
    canvas[...] = background
    for im, (w, h), (x, y) in zip(images, sizes, places):
        canvas[margin + y:margin + y + h, margin + x:margin + x + w] = \
            resize(im, w, h).reals()[:, :, :3]
    return canvas
