"""ImageRecolor: the pixels of a region of an image given another colour, keeping their
shading.

    ImageRecolor[image, region -> colour], ImageRecolor[image, {region1 -> colour1, …}]
        region: a colour (the pixels within MaxColorDistance of it), ColorsNear[c] or
        ColorsNear[c, d] (within d of c; a list of colours: near any), ImageMarker[m]
        (near the mean colour of the pixels the marker image m marks), a mask image
        (grey levels blend the new colour in, 1 fully) or _ (every pixel no earlier rule
        took); the first rule a pixel matches recolours it
    ImageRecolor[image, c1 <-> c2]      the two colours swapped
    MaxColorDistance -> 0.1 (the page's default), DistanceFunction -> Automatic (the
        Euclidean distance in L*a*b*, lightness 0 … 1: "CIE76"), "CIE94" or "CIE2000"
    Method -> "BrightnessPreserving" (default: the new colour's hue and saturation, the
        pixel's brightness), "SaturationPreserving", "HuePreserving" (the pixel keeps that
        one), "Brightness", "Saturation", "Hue" (only that one replaced)

Hue, saturation and brightness are those of the HSB colour space.  The result is an RGB
image (a grey image stays grey when every new colour is a grey), of the image's type (a
Bit image becomes Real32), its alpha channel kept.  Whole-array operations only.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins.color_distance import _FUNCTIONS, _lab_of
from wlnet.core.color_spaces import convert_values
from wlnet.core.expr import Expr, Real, S, String, Symbol
from wlnet.core.image import Image, convert, message_slots
from wlnet.core.registry import builtin
from wlnet.graphics.style import colour_of
from wlnet.graphics.values import number

_MESSAGES = {
    "imginv": "Expecting an image instead of `1`.",
    "spec": "`1` is not a recolouring (region -> colour, c1 <-> c2 or a list of rules; a "
            "region is a colour, ColorsNear[…], a mask image of the image's size or _).",
    "dist": "`1` is not a colour distance (a nonnegative number).",
    "dfun": "`1` is not a colour distance function (Automatic, \"CIE76\", \"CIE94\" or "
            "\"CIE2000\").",
    "method": "`1` is not a recolouring method (\"BrightnessPreserving\", "
              "\"SaturationPreserving\", \"HuePreserving\", \"Brightness\", \"Saturation\" "
              "or \"Hue\").",
}

_DEFAULT_DISTANCE = 0.1
# for each method, which HSB channels come from the new colour (True) or stay the pixel's
_REPLACED = {"BrightnessPreserving": (True, True, False),
             "SaturationPreserving": (True, False, True),
             "HuePreserving": (False, True, True),
             "Brightness": (False, False, True),
             "Saturation": (False, True, False),
             "Hue": (True, False, False)}
_ANY = Expr(S.Blank)


def _cie76(lab1: np.ndarray, lab2: np.ndarray) -> np.ndarray:
    return np.sqrt(((lab1 - lab2) ** 2).sum(axis=-1))


def _region_weight(region, lab: np.ndarray, shape: tuple, distance: float, measure):
    """(h, w) weights in 0 … 1 of the pixels a region takes; None if it is no region."""
    if region == _ANY:
        return np.ones(shape)
    if type(region) is Image:
        if (region.height, region.width) != shape:
            return None
        mask = region.reals()
        mask = mask[:, :, :-1] if region.has_alpha else mask
        return np.clip(mask.mean(axis=2), 0.0, 1.0)
    colours, d = [region], distance
    if type(region) is Expr and region.head == Symbol("ImageMarker") and region.args \
            and type(region.args[0]) is Image:
        # the colour to replace: the mean of the pixels the marker image marks
        marker = region.args[0]
        if (marker.height, marker.width) != shape:
            return None
        marked = np.any(marker.reals()[:, :, :marker.channels - int(marker.has_alpha)] != 0,
                        axis=2)
        if not marked.any():
            return np.zeros(shape)
        near = measure(lab, lab[marked].mean(axis=0)[None, None, :]) / 100.0 <= d
        return near.astype(np.float64)
    if type(region) is Expr and region.head == Symbol("ColorsNear") and region.args:
        first = region.args[0]
        colours = list(first.args) if type(first) is Expr and first.head is S.List \
            else [first]
        if len(region.args) > 1:
            d = number(region.args[1])
            if d is None or d < 0:
                return None
    near = np.zeros(shape, dtype=bool)
    for colour in colours:
        target = _lab_of(colour) if colour_of(colour) is not None else None
        if target is None:
            return None
        near |= measure(lab, target[None, None, :]) / 100.0 <= d
    return near.astype(np.float64)


def _rules(spec) -> list | None:
    """[(region, new colour RGBA)] of the recolouring specification."""
    items = list(spec.args) if type(spec) is Expr and spec.head is S.List else [spec]
    out = []
    for item in items:
        if type(item) is not Expr or len(item.args) != 2:
            return None
        first, second = item.args
        if item.head is S.Rule and colour_of(second) is not None:
            out.append((first, colour_of(second)))
        elif item.head == Symbol("TwoWayRule") and colour_of(first) is not None \
                and colour_of(second) is not None:
            out += [(first, colour_of(second)), (second, colour_of(first))]
        else:
            return None
    return out


@builtin("ImageMarker", argc=(1, None),
         usage="ImageMarker[markerimage] marks the pixels of an image where markerimage is "
               "nonzero, for ImageRecolor and HighlightImage; it stays as it is.",
         examples=(("Head[ImageMarker[Image[{{1}}]]]", "ImageMarker"),))
def image_marker(ev, *args):
    return None                               # a specification: it evaluates to itself


def recoloured(hsb: np.ndarray, target_rgb, replaced: tuple) -> np.ndarray:
    """(h, w, 3) HSB pixels with the channels ``replaced`` says taken from the colour."""
    target = convert_values(np.asarray(target_rgb[:3], dtype=float), "RGB", "HSB")
    return np.where(np.array(replaced), target, hsb)


@builtin("ImageRecolor", argc=(2, None), messages=_MESSAGES,
         options={"MaxColorDistance": Real(_DEFAULT_DISTANCE), "DistanceFunction": S.Automatic,
                  "Method": String("BrightnessPreserving")},
         usage="ImageRecolor[image, region -> colour] gives the pixels of the region (a "
               "colour and those near it, ColorsNear[c, d], a mask image, _) the colour's "
               "hue and saturation, keeping their brightness; {rules} several; c1 <-> c2 "
               "swaps two colours; MaxColorDistance (0.1), DistanceFunction, Method "
               "(\"BrightnessPreserving\", \"Hue\", …).",
         examples=(('ImageData[ImageRecolor[Image[{{{1, 0, 0}, {0, 0, 1}}}], Red -> Green]]',
                    "{{{0., 1., 0.}, {0., 0., 1.}}}"),
                   ('ImageData[ImageRecolor[Image[{{{0.5, 0, 0}}}], Red -> Blue, '
                    'MaxColorDistance -> 0.6]]', "{{{0., 0., 0.5}}}")))
def image_recolor(ev, img, spec, *rest):
    head = Symbol("ImageRecolor")
    if type(img) is not Image:
        ev.message(head, "imginv", *message_slots(img))
        return None
    options = {r.args[0].name: r.args[1] for r in rest
               if type(r) is Expr and r.head is S.Rule and type(r.args[0]) is Symbol}
    if len(options) != len(rest):
        return None
    rules = _rules(spec)
    if rules is None:
        ev.message(head, "spec", spec)
        return None
    given = options.get("MaxColorDistance", S.Automatic)
    distance = _DEFAULT_DISTANCE if given == S.Automatic else number(ev.evaluate(given))
    if distance is None or distance < 0:
        ev.message(head, "dist", given)
        return None
    measure_spec = options.get("DistanceFunction", S.Automatic)
    name = "CIE76" if measure_spec == S.Automatic else getattr(measure_spec, "value", None)
    measure = _cie76 if name == "CIE76" else _FUNCTIONS.get(name)
    if measure is None:
        ev.message(head, "dfun", measure_spec)
        return None
    method = options.get("Method", String("BrightnessPreserving"))
    if not (type(method) is String and method.value in _REPLACED):
        ev.message(head, "method", method)
        return None
    return _recolor(ev, head, img, spec, rules, distance, measure, _REPLACED[method.value])


def _recolor(ev, head, img: Image, spec, rules, distance, measure, replaced):
    work = convert(img, "RGB") if img.color_space != "RGB" else img
    values = work.reals()
    rgb, alpha = values[:, :, :3], values[:, :, 3:] if work.has_alpha else None
    lab = _lab_of(Image(rgb, "Real32", "RGB"))
    hsb = convert_values(rgb, "RGB", "HSB")
    out, left = rgb.copy(), np.ones(rgb.shape[:2])       # left: the share no rule took yet
    for region, target in rules:
        weight = _region_weight(ev.evaluate(region), lab, rgb.shape[:2], distance, measure)
        if weight is None:
            ev.message(head, "spec", spec)
            return None
        weight = weight * left
        new = convert_values(recoloured(hsb, target, replaced), "HSB", "RGB")
        out += weight[:, :, None] * (new - rgb)
        left -= weight
    grey = img.color_space == "Grayscale" and all(
        t[0] == t[1] == t[2] for _, t in rules)
    if grey:
        out = out[:, :, :1]
    data = out if alpha is None else np.concatenate([out, alpha], axis=2)
    image_type = img.image_type if img.image_type != "Bit" else "Real32"
    return Image(np.clip(data, 0.0, 1.0), image_type, "Grayscale" if grey else "RGB",
                 img.options)
