"""Colours by distance: ``ColorDistance`` and ``ColorReplace``.

    ColorDistance[c1, c2]          the CIE76 distance: Euclidean in LABColor (L from 0 to 1,
                                   as WL scales it), the alpha ignored
    ColorDistance[{c1, …}, c], ColorDistance[list1, list2]     elementwise
    ColorDistance[image, c]        a real image of each pixel's distance to c
    ColorReplace[image, color]               pixels within 0.1 of color made transparent
    ColorReplace[image, color -> new]        … replaced by new
    ColorReplace[image, color -> new, d]     … within distance d
    ColorReplace[image, {c1 -> new1, …, _ -> default}, {d1, …}]
        several replacements: a pixel takes the first rule it is close enough to; ``_``
        stands for every pixel no other rule took

The result is an RGB image (a grey one replaced with colours becomes a colour image, as the
ColorReplace page shows), with an alpha channel when a replacement is transparent or the
image had one.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins.images import IMGINV
from wlnet.core.color_spaces import convert_values
from wlnet.core.expr import Expr, Real, S, Symbol
from wlnet.core.image import Image, convert
from wlnet.core.packed import list_from_array
from wlnet.core.registry import builtin
from wlnet.graphics.style import colour_of
from wlnet.graphics.values import is_list, number

_MESSAGES = {
    "imginv": IMGINV,
    "col": "`1` is not a colour.",
    "rspec": "`1` is not a colour replacement (color, color -> new, or a list of them).",
    "dist": "`1` is not a distance (a non-negative number, or one per replacement).",
}
_DEFAULT_DISTANCE = 0.1
_BLANK = Symbol("Blank")


def _lab(rgb: np.ndarray) -> np.ndarray:
    return convert_values(np.asarray(rgb, float)[..., :3], "RGB", "LAB")


def _rgba(e):
    """(r, g, b, a) of a colour expression, or None."""
    c = colour_of(e)
    if c is None:
        return None
    return tuple(c) if len(c) == 4 else (*c, 1.0)


# ---------------------------------------------------------------------------- ColorDistance

def _colour_list(e):
    """An (n, 4) array of the colours in a list, or None."""
    if not is_list(e) or not e.args:
        return None
    rows = [_rgba(a) for a in e.args]
    return None if any(r is None for r in rows) else np.array(rows)


@builtin("ColorDistance", argc=2, messages=_MESSAGES,
         usage="ColorDistance[c1, c2] is the perceptual distance of two colours (Euclidean "
               "in LABColor, L from 0 to 1); lists give distances elementwise, an image the "
               "image of its pixels' distances.",
         examples=(("ColorDistance[Red, Red]", "0."),
                   ("ColorDistance[Black, White] > 0.99", "True")))
def colour_distance(ev, a, b):
    if type(a) is Image:
        c = _rgba(b)
        if c is None:
            ev.message(S.ColorDistance, "col", b)
            return None
        rgb = convert(a, "RGB").reals()[:, :, :3]
        d = np.linalg.norm(_lab(rgb) - _lab(np.array(c)), axis=-1)
        return Image(d.astype(np.float32), "Real32", "Grayscale")
    left = _rgba(a)
    left = np.array([left]) if left is not None else _colour_list(a)
    right = _rgba(b)
    right = np.array([right]) if right is not None else _colour_list(b)
    if left is None or right is None or (len(left) > 1 and len(right) > 1
                                         and len(left) != len(right)):
        ev.message(S.ColorDistance, "col", a if left is None else b)
        return None
    d = np.linalg.norm(_lab(left) - _lab(right), axis=-1)
    if _rgba(a) is not None and _rgba(b) is not None:
        return Real(float(d[0]))
    return list_from_array(d)


# ---------------------------------------------------------------------------- ColorReplace

def _rules(spec):
    """[(target rgba or None for "_", replacement rgba or None for transparent)] of a
    replacement spec, or None."""
    items = spec.args if is_list(spec) else (spec,)
    rules = []
    for item in items:
        if type(item) is Expr and item.head in (S.Rule, S.RuleDelayed) and len(item.args) == 2:
            lhs, rhs = item.args
            target = None if type(lhs) is Expr and lhs.head is _BLANK else _rgba(lhs)
            new = _rgba(rhs)
            if (target is None and lhs.head is not _BLANK) or new is None:
                return None
            rules.append((target, new))
        else:
            target = _rgba(item)
            if target is None:
                return None
            rules.append((target, None))        # transparent, its colour kept
    return rules or None


def _distances(d, count: int):
    if d is None:
        return [_DEFAULT_DISTANCE] * count
    one = number(d)
    if one is not None and one >= 0:
        return [one] * count
    if is_list(d) and d.args:
        values = [number(x) for x in d.args]
        if all(v is not None and v >= 0 for v in values):
            return [values[min(k, len(values) - 1)] for k in range(count)]
    return None


@builtin("ColorReplace", argc=(2, 3), messages=_MESSAGES,
         usage="ColorReplace[image, color -> new] replaces the pixels within distance 0.1 "
               "of color (ColorDistance) by new; ColorReplace[image, color] makes them "
               "transparent; ColorReplace[image, rules, d] uses the distance d (one per rule "
               "in a list); a rule _ -> c colours every pixel no other rule took.",
         examples=(("ImageData[ColorReplace[Image[{{0, 1}}], White -> Black]]",
                    "{{{0., 0., 0.}, {0., 0., 0.}}}"),))
def colour_replace(ev, img, spec, d=None):
    if type(img) is not Image:
        ev.message(S.ColorReplace, "imginv", img)
        return None
    rules = _rules(spec)
    if rules is None:
        ev.message(S.ColorReplace, "rspec", spec)
        return None
    limits = _distances(d, len(rules))
    if limits is None:
        ev.message(S.ColorReplace, "dist", d)
        return None
    rgb = convert(img, "RGB").reals()
    colour = rgb[:, :, :3]
    alpha = rgb[:, :, 3] if img.has_alpha else np.ones(colour.shape[:2])
    lab = _lab(colour)
    taken = np.zeros(colour.shape[:2], bool)
    out_colour, out_alpha = colour.copy(), alpha.copy()
    for (target, new), limit in zip(rules, limits):
        if target is None:
            hit = ~taken
        else:
            hit = ~taken & (np.linalg.norm(lab - _lab(np.array(target)), axis=-1) <= limit)
        if new is None:
            out_alpha[hit] = 0.0
        else:
            out_colour[hit] = new[:3]
            out_alpha[hit] = new[3]
        taken |= hit
    keep_alpha = img.has_alpha or any(new is None or new[3] < 1 for _, new in rules)
    values = np.concatenate([out_colour, out_alpha[:, :, None]], axis=2) if keep_alpha \
        else out_colour
    return Image(values.astype(np.float32), "Real32", "RGB")
