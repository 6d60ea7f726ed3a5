"""RemoveBackground: the image with an alpha channel that makes its background transparent.

    RemoveBackground[image]                  the background taken as "Uniform"
    RemoveBackground[image, spec]            a background specification:
        col                the region of nearly the colour col
        markerimage        the regions of nearly uniform colour the marker's nonzero
                           pixels touch (an image of the image's size)
        pos, {pos1, …}     the region of nearly uniform colour holding the positions
                           (standard image coordinates)
        "Uniform"          the region of nearly uniform colour around the image's border;
        {"Uniform", d}     colours within distance d; {"Uniform", col} of the colour col
        "Bright", "Dark"   the brighter (darker) of two levels of intensity
        "Blurred", {"Blurred", r}   the regions with little detail at scale r (default 2)
    RemoveBackground[image, {"Background", spec}]   the same
    RemoveBackground[image, {"Foreground", spec}]   spec describes what to keep instead

This implementation decides every region by colour distances (CIE76 in L*a*b*, as
ColorDistance's lightness scale 0 … 1), intensities or local detail, each split in two by
Otsu's threshold unless a distance is given; a "region" is what is connected to its seed
(the border, the positions, the marker).  WL's learned models ("Salient", "Object",
"People", Rectangle[…]) are not here: a message says so.  An image that has an alpha
channel keeps it multiplied by the new one, as WL's page says.  The result is RGB or grey
with alpha, of the image's type.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import is_list
from wlnet.builtins.color_distance import _lab_of
from wlnet.builtins.image_extra import otsu_threshold
from wlnet.core.expr import Expr, S, String, Symbol
from wlnet.core.image import Image, convert, keeps_display_options, message_slots
from wlnet.core.packed import packed_array, to_packed
from wlnet.core.registry import builtin
from wlnet.graphics.style import colour_of
from wlnet.graphics.values import number

_MESSAGES = {
    "imginv": "Expecting a two-dimensional image instead of `1`.",
    "model": "`1` is not a background or foreground specification available here (a colour, "
             "a marker image, positions, \"Uniform\", \"Bright\", \"Dark\", \"Blurred\", or "
             "{\"Background\" | \"Foreground\", spec}; the learned models \"Salient\", "
             "\"Object\", \"People\" and Rectangle[...] are not).",
}
_LEARNED = ("Salient", "Object", "People")


def _split(values: np.ndarray) -> float:
    """Otsu's threshold of values scaled onto 0 … 1, back in their own scale."""
    low, high = float(values.min()), float(values.max())
    if high <= low:
        return high
    return low + otsu_threshold((values - low) / (high - low)) * (high - low)


def _near(lab: np.ndarray, colour_lab: np.ndarray, d: float | None) -> np.ndarray:
    distance = np.sqrt(((lab - colour_lab) ** 2).sum(axis=2)) / 100.0
    return distance <= (_split(distance) if d is None else d)


def _connected_to(mask: np.ndarray, seeds: np.ndarray) -> np.ndarray:
    """The parts of mask (8-connected) that hold a seed."""
    from scipy import ndimage
    labels, _ = ndimage.label(mask, np.ones((3, 3)))
    chosen = np.unique(labels[seeds & mask])
    return np.isin(labels, chosen[chosen > 0])


def _border(shape: tuple) -> np.ndarray:
    edge = np.zeros(shape, bool)
    edge[0, :] = edge[-1, :] = edge[:, 0] = edge[:, -1] = True
    return edge


def _uniform(lab: np.ndarray, colour, d: float | None) -> np.ndarray:
    """The region of nearly uniform colour around the border (of the colour given, else of
    the border's median colour)."""
    border = _border(lab.shape[:2])
    target = np.median(lab[border], axis=0) if colour is None else _lab_of(colour)
    return _connected_to(_near(lab, target, d), border)


def _seeded(lab: np.ndarray, seeds: np.ndarray) -> np.ndarray:
    """The regions of nearly the seeds' colours that hold the seeds."""
    near = np.zeros(lab.shape[:2], bool)
    for target in np.unique(lab[seeds].round(6), axis=0):
        near |= _connected_to(_near(lab, target, None), seeds)
    return near


def _positions(ev, spec, shape: tuple) -> np.ndarray | None:
    """Seeds at positions {x, y} (or a list of them) in standard image coordinates."""
    arr = packed_array(to_packed(ev.evaluate(Expr(S.N, spec)), coerce=True) or spec) \
        if is_list(spec) else None
    if arr is None or arr.dtype.kind not in "iuf" or arr.shape[-1] != 2 or arr.ndim > 2:
        return None
    h, w = shape
    seeds = np.zeros(shape, bool)
    for x, y in arr.reshape(-1, 2):
        row, col = int(np.clip(h - np.ceil(y), 0, h - 1)), int(np.clip(np.ceil(x) - 1, 0, w - 1))
        seeds[row, col] = True
    return seeds


def _blurred(values: np.ndarray, r: float) -> np.ndarray:
    """The pixels with little detail: low local energy of the Laplacian at scale r."""
    from scipy import ndimage
    grey = values.mean(axis=2)
    detail = ndimage.gaussian_filter(ndimage.laplace(grey) ** 2, max(r, 0.5))
    return detail <= _split(detail)


def region(ev, image: Image, spec) -> np.ndarray | None:
    """The mask a (background-style) specification picks, or None if it is not one."""
    values = image.reals()[:, :, :image.channels - int(image.has_alpha)]
    lab = _lab_of(image)                        # (h, w, 3), the alpha channel dropped
    shape = lab.shape[:2]
    if type(spec) is String:
        if spec.value == "Uniform":
            return _uniform(lab, None, None)
        if spec.value in ("Bright", "Dark"):
            grey = values.mean(axis=2)
            cut = _split(grey)
            return grey > cut if spec.value == "Bright" else grey <= cut
        if spec.value == "Blurred":
            return _blurred(values, 2.0)
        return None
    if is_list(spec) and len(spec.args) == 2 and type(spec.args[0]) is String:
        kind, param = spec.args[0].value, spec.args[1]
        if kind == "Uniform":
            if colour_of(param) is not None:
                return _uniform(lab, param, None)
            d = number(ev.evaluate(Expr(S.N, param)))
            return None if d is None or d < 0 else _uniform(lab, None, d)
        if kind == "Blurred":
            r = number(ev.evaluate(Expr(S.N, param)))
            return None if r is None or r < 0 else _blurred(values, r)
        return None
    if type(spec) is Image:
        if (spec.height, spec.width) != shape:
            return None
        return _seeded(lab, np.any(spec.reals() != 0, axis=2))
    if colour_of(spec) is not None:
        return _near(lab, _lab_of(spec), None)
    seeds = _positions(ev, spec, shape)
    return None if seeds is None else _seeded(lab, seeds)


@builtin("RemoveBackground", argc=(1, 2), messages=_MESSAGES,
         usage="RemoveBackground[image] gives the image an alpha channel that makes its "
               "background (the region of nearly uniform colour around its border) "
               "transparent; RemoveBackground[image, spec] with a background given as a "
               "colour, a marker image, positions, \"Uniform\", \"Bright\", \"Dark\" or "
               "\"Blurred\", or {\"Foreground\", spec} for what to keep.",
         examples=(('ImageData[AlphaChannel[RemoveBackground[Image[{{0, 0, 0}, {0, 1, 0}, '
                    '{0, 0, 0}}]]]]', "{{0., 0., 0.}, {0., 1., 0.}, {0., 0., 0.}}"),))
@keeps_display_options
def remove_background(ev, img, model=None):
    head = Symbol("RemoveBackground")
    if type(img) is not Image:
        ev.message(head, "imginv", *message_slots(img))
        return None
    keep_foreground = False
    spec = String("Uniform") if model is None else model
    if is_list(spec) and len(spec.args) == 2 and spec.args[0] in (String("Background"),
                                                                   String("Foreground")):
        keep_foreground = spec.args[0] == String("Foreground")
        spec = spec.args[1]
    if type(spec) is String and spec.value in _LEARNED or \
            type(spec) is Expr and spec.head == Symbol("Rectangle"):
        ev.message(head, "model", model)
        return None
    mask = region(ev, img, spec)
    if mask is None:
        ev.message(head, "model", model)
        return None
    foreground = mask if keep_foreground else ~mask
    values = img.reals()
    colour = values[:, :, :img.channels - int(img.has_alpha)]
    alpha = foreground.astype(np.float64)
    if img.has_alpha:
        alpha = alpha * values[:, :, -1]
    space = img.color_space if img.color_space in ("Grayscale", "RGB") else "RGB"
    if space != img.color_space:
        colour = convert(Image(colour, "Real32", img.color_space), "RGB").reals()
    return Image(np.concatenate([colour, alpha[:, :, None]], axis=2),
                 img.image_type if img.image_type != "Bit" else "Byte", space, img.options)
