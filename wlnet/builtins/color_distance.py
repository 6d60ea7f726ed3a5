"""ColorDistance: how different two colours look, in the CIE L*a*b* space.

    ColorDistance[c1, c2]              a number (0 for the same colour)
    ColorDistance[image, c]            a grey Real32 image: each pixel's distance to c
    ColorDistance[image1, image2]      pixel by pixel (images of other sizes: where they
                                       overlap with their centres together)
    ColorReplace[image, c -> r], {c1 -> r1, …}, ColorReplace[image, c] (transparent),
        ColorReplace[image, rules, d]: the pixels within ColorDistance d (CIE76; 0.1, this
        implementation's default) of c take the colour r; the result is RGB
    DistanceFunction -> "CIE76" (Automatic, as WL's default: the Euclidean distance in
        L*a*b*), "CIE94" (graphic arts weights), "CIE2000", "CMC" or {"CMC", {l, c}} (l:c
        1:1 when not given: ours), "DeltaL", "DeltaC", "DeltaH" (the lightness, chroma and
        hue parts), or a function f[lab1, lab2] of two LABColor value lists (called once
        per pair)

The colours are taken to L*a*b* (D50, as ColorConvert's "LAB") and the distances are those
of the CIE formulas on L* of 0 … 100, divided by 100: the scale of WL's LABColor, whose
lightness runs from 0 to 1.  Images are done as whole arrays.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.color_spaces import convert_values
from wlnet.core.expr import Expr, Real, S, Symbol
from wlnet.core.image import Image, convert, message_slots
from wlnet.core.packed import list_from_array
from wlnet.core.registry import builtin
from wlnet.graphics.style import colour_of
from wlnet.graphics.values import number

_MESSAGES = {
    "col": "`1` is neither a colour nor an image.",
    "dfun": "`1` is not a colour distance (\"CIE76\", \"CIE94\", \"CIE2000\", \"CMC\", "
            "{\"CMC\", {l, c}}, \"DeltaL\", \"DeltaC\", \"DeltaH\" or a function).",
    "imgdim": "The images `1` and `2` do not have the same dimensions.",
    "imginv": "`1` is not an image.",
}


def ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> np.ndarray:
    """CIEDE2000 colour differences of L*a*b* values (..., 3), L* in 0 … 100."""
    l1, a1, b1 = np.moveaxis(lab1, -1, 0)
    l2, a2, b2 = np.moveaxis(lab2, -1, 0)
    c_mean = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_mean ** 7 / (c_mean ** 7 + 25.0 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    chromatic = c1p * c2p != 0
    dh = h2p - h1p
    dh = np.where(dh > 180, dh - 360, np.where(dh < -180, dh + 360, dh))
    dh = np.where(chromatic, dh, 0.0)
    d_l, d_c = l2 - l1, c2p - c1p
    d_h = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh) / 2)
    l_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    h_sum, h_gap = h1p + h2p, np.abs(h1p - h2p)
    h_mean = np.where(h_gap <= 180, h_sum / 2,
                      np.where(h_sum < 360, (h_sum + 360) / 2, (h_sum - 360) / 2))
    h_mean = np.where(chromatic, h_mean, h_sum)
    t = (1 - 0.17 * np.cos(np.radians(h_mean - 30)) + 0.24 * np.cos(np.radians(2 * h_mean))
         + 0.32 * np.cos(np.radians(3 * h_mean + 6)) - 0.20 * np.cos(np.radians(4 * h_mean - 63)))
    d_theta = 30 * np.exp(-((h_mean - 275) / 25) ** 2)
    r_c = 2 * np.sqrt(cp_mean ** 7 / (cp_mean ** 7 + 25.0 ** 7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / np.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * cp_mean
    s_h = 1 + 0.015 * cp_mean * t
    r_t = -np.sin(np.radians(2 * d_theta)) * r_c
    return np.sqrt((d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2
                   + r_t * (d_c / s_c) * (d_h / s_h))


def cie94(lab1: np.ndarray, lab2: np.ndarray) -> np.ndarray:
    """CIE94 differences (graphic arts: kL = 1, K1 = 0.045, K2 = 0.015), lab1 the
    reference."""
    d = lab1 - lab2
    c1, c2 = np.hypot(lab1[..., 1], lab1[..., 2]), np.hypot(lab2[..., 1], lab2[..., 2])
    d_c = c1 - c2
    d_h_squared = np.maximum(d[..., 1] ** 2 + d[..., 2] ** 2 - d_c ** 2, 0.0)
    return np.sqrt(d[..., 0] ** 2 + (d_c / (1 + 0.045 * c1)) ** 2
                   + d_h_squared / (1 + 0.015 * c1) ** 2)


def cmc(lab1: np.ndarray, lab2: np.ndarray, lightness: float = 1.0,
        chroma: float = 1.0) -> np.ndarray:
    """CMC l:c differences (the Colour Measurement Committee's), lab1 the reference."""
    l1, a1, b1 = np.moveaxis(lab1, -1, 0)
    l2, a2, b2 = np.moveaxis(lab2, -1, 0)
    c1, c2 = np.hypot(a1, b1), np.hypot(a2, b2)
    d_l, d_c = l1 - l2, c1 - c2
    d_h = np.sqrt(np.maximum((a1 - a2) ** 2 + (b1 - b2) ** 2 - d_c ** 2, 0.0))
    h1 = np.degrees(np.arctan2(b1, a1)) % 360
    t = np.where((h1 >= 164) & (h1 <= 345), 0.56 + np.abs(0.2 * np.cos(np.radians(h1 + 168))),
                 0.36 + np.abs(0.4 * np.cos(np.radians(h1 + 35))))
    f = np.sqrt(c1 ** 4 / (c1 ** 4 + 1900.0))
    s_l = np.where(l1 < 16, 0.511, 0.040975 * l1 / (1 + 0.01765 * l1))
    s_c = 0.0638 * c1 / (1 + 0.0131 * c1) + 0.638
    s_h = s_c * (f * t + 1 - f)
    return np.sqrt((d_l / (lightness * s_l)) ** 2 + (d_c / (chroma * s_c)) ** 2
                   + (d_h / s_h) ** 2)


def _delta(which: str):
    """The lightness, chroma or hue part of the difference (LCH's): |ΔL|, |ΔC| or
    ΔH = Sqrt[ΔE76² - ΔL² - ΔC²]."""
    def part(lab1, lab2):
        d_l = np.abs(lab1[..., 0] - lab2[..., 0])
        d_c = np.abs(np.hypot(lab1[..., 1], lab1[..., 2]) - np.hypot(lab2[..., 1], lab2[..., 2]))
        if which == "L":
            return d_l
        if which == "C":
            return d_c
        return np.sqrt(np.maximum(((lab1 - lab2) ** 2).sum(axis=-1) - d_l ** 2 - d_c ** 2, 0))
    return part


_FUNCTIONS = {"CIE2000": ciede2000, "CIE94": cie94,
              "CIE76": lambda p, q: np.linalg.norm(p - q, axis=-1),
              "CMC": cmc, "DeltaL": _delta("L"), "DeltaC": _delta("C"), "DeltaH": _delta("H")}


def _centre_overlap(lab1: np.ndarray, lab2: np.ndarray) -> list:
    """The parts of two (h, w, 3) arrays that overlap when their centres coincide."""
    h, w = min(lab1.shape[0], lab2.shape[0]), min(lab1.shape[1], lab2.shape[1])
    return [lab[(lab.shape[0] - h) // 2:(lab.shape[0] - h) // 2 + h,
                (lab.shape[1] - w) // 2:(lab.shape[1] - w) // 2 + w] for lab in (lab1, lab2)]


def _measure(ev, setting):
    """The difference function (of L*a*b* arrays on the 0 … 100 scale) a DistanceFunction
    setting names: Automatic ("CIE76", as WL's default), a name, {"CMC", {l, c}}, or a
    function f of the two colours' LABColor lists; None if it is none of those."""
    if setting == Symbol("Automatic"):
        return _FUNCTIONS["CIE76"]
    if type(setting) is Expr and setting.head is S.List and len(setting.args) == 2 \
            and getattr(setting.args[0], "value", None) == "CMC":
        weights = setting.args[1]
        pair = [number(w) for w in weights.args] if type(weights) is Expr \
            and weights.head is S.List and len(weights.args) == 2 else [None]
        if None in pair or min(pair) <= 0:
            return None
        return lambda p, q: cmc(p, q, *pair)
    name = getattr(setting, "value", None)
    if name in _FUNCTIONS:
        return _FUNCTIONS[name]
    if type(setting) is Expr and setting.head in (S.Function, Symbol("Composition")) or \
            type(setting) is Symbol and setting not in (Symbol("None"), Symbol("True")):
        return _custom(ev, setting)
    return None


def _custom(ev, f):
    """A user's distance f[lab1, lab2] of two LABColor lists (lightness 0 … 1), through
    the evaluator once per pair; its result × 100 on the formulas' scale."""
    def measure(lab1, lab2):
        flat1, flat2 = lab1.reshape(-1, 3) / 100.0, lab2.reshape(-1, 3) / 100.0
        out = np.empty(len(flat1))
        for k, (u, v) in enumerate(zip(flat1, flat2)):
            value = number(ev.evaluate(Expr(S.N, Expr(f, list_from_array(u),
                                                      list_from_array(v)))))
            out[k] = np.nan if value is None else value * 100.0
        return out.reshape(lab1.shape[:-1])
    return measure


def _lab_of(e) -> np.ndarray | None:
    """L*a*b* (0 … 100 scale) of a colour, or of every pixel of an image (h, w, 3)."""
    if type(e) is Image:
        rgb = convert(e if not e.has_alpha else Image(e.reals()[:, :, :-1], e.image_type,
                                                      e.color_space), "RGB").reals()
        return convert_values(rgb, "RGB", "LAB") * 100.0
    rgb = colour_of(e)
    if rgb is None:
        return None
    return convert_values(np.array(rgb[:3], dtype=np.float64).reshape(1, 1, 3),
                          "RGB", "LAB")[0, 0] * 100.0


@builtin("ColorDistance", argc=(2, None), messages=_MESSAGES,
         options={"DistanceFunction": Symbol("Automatic")},
         usage="ColorDistance[c1, c2] is how far apart two colours look (the Euclidean "
               "distance in L*a*b*, lightness 0 to 1); a list of colours gives each one's "
               "distance; ColorDistance[image, c] a grey image of each "
               "pixel's distance to c (or to the pixels of another image); "
               "DistanceFunction -> \"CIE76\", \"CIE94\", \"CIE2000\", {\"CMC\", {l, c}}, "
               "\"DeltaL\", \"DeltaC\", \"DeltaH\" or a function of two LABColor lists.",
         examples=(("ColorDistance[Red, Red]", "0."),
                   ('Round[100 ColorDistance[Black, White, DistanceFunction -> "CIE76"]]',
                    "100")))
def color_distance(ev, first, second, *rest):
    head = Symbol("ColorDistance")
    options = {r.args[0].name: r.args[1] for r in rest
               if type(r) is Expr and r.head is S.Rule and type(r.args[0]) is Symbol}
    if len(options) != len(rest):
        return None
    setting = options.get("DistanceFunction", Symbol("Automatic"))
    measure = _measure(ev, setting)
    if measure is None:
        ev.message(head, "dfun", setting)
        return None
    first, second = ev.evaluate(first), ev.evaluate(second)
    for side, other, swap in ((first, second, False), (second, first, True)):
        if type(side) is Expr and side.head is S.List and side.args and type(other) is not Image:
            # a list of colours: the distance of each (lists of equal length pair up)
            others = other.args if type(other) is Expr and other.head is S.List \
                and len(other.args) == len(side.args) and _lab_of(other) is None \
                else [other] * len(side.args)
            parts = [color_distance(ev, *((o, c) if swap else (c, o)), *rest)
                     for c, o in zip(side.args, others)]
            return None if any(p is None for p in parts) else Expr.from_args(S.List, parts)
    labs = []
    for e in (first, second):
        lab = _lab_of(ev.evaluate(e))
        if lab is None:
            ev.message(head, "col", e)
            return None
        labs.append(lab)
    if type(first) is Image and type(second) is Image and labs[0].shape != labs[1].shape:
        labs = _centre_overlap(*labs)           # images of other sizes: centred, overlap
    distance = measure(*np.broadcast_arrays(*labs)) / 100.0
    if np.ndim(distance) == 0:                       # two colours
        return Real(float(distance))
    return Image(distance.astype(np.float32), "Real32")


_REPLACE_DISTANCE = 0.1             # this implementation's default (the page gives none)
_ANY = Expr(S.Blank)


def _replacements(ev, spec) -> list | None:
    """[(colour, replacement or None for transparent)] of c, c -> r or {c1 -> r1, …}."""
    items = list(spec.args) if type(spec) is Expr and spec.head is S.List else [spec]
    out = []
    for item in items:
        if type(item) is Expr and item.head in (S.Rule, S.RuleDelayed):
            source, target = ev.evaluate(item.args[0]), ev.evaluate(item.args[1])
            if source == _ANY:                          # _ -> c: every pixel left over
                source = _ANY
            elif colour_of(source) is None:
                return None
            if colour_of(target) is None:
                return None
            out.append((source, colour_of(target)))
        elif colour_of(ev.evaluate(item)) is not None:
            out.append((ev.evaluate(item), None))
        else:
            return None
    return out


@builtin("ColorReplace", argc=(2, 3), messages={**_MESSAGES, "rep": "`1` is not a colour, "
                                                                     "a rule c -> r or a list "
                                                                     "of them.",
                                                  "dist": "`1` is not a colour distance "
                                                          "(a nonnegative number)."},
         usage="ColorReplace[image, c -> r] makes the pixels within a distance 0.1 of the "
               "colour c (ColorDistance) the colour r; ColorReplace[image, c] makes them "
               "transparent; {c1 -> r1, …} several (_ -> r: every pixel no rule took); "
               "ColorReplace[image, rules, d] within d.",
         examples=(('ImageData[ColorReplace[Image[{{{1, 0, 0}, {0, 0, 1}}}], Red -> Green]]',
                    "{{{0., 1., 0.}, {0., 0., 1.}}}"),))
def color_replace(ev, img, spec, distance=None):
    head = Symbol("ColorReplace")
    if type(img) is not Image:
        ev.message(head, "imginv", *message_slots(img))
        return None
    rules = _replacements(ev, spec)
    if rules is None:
        ev.message(head, "rep", spec)
        return None
    d = _REPLACE_DISTANCE if distance is None else number(ev.evaluate(Expr(S.N, distance)))
    if d is None or d < 0:
        ev.message(head, "dist", distance)
        return None
    transparent = any(r is None for _, r in rules)
    work = convert(img, "RGB") if img.color_space != "RGB" else img
    values = work.reals()
    colour = values[:, :, :3]
    alpha = values[:, :, 3:4] if work.has_alpha else np.ones(colour.shape[:2] + (1,))
    lab = _lab_of(Image(colour, "Real32", "RGB"))
    for source, target in rules:                     # the first rule a pixel matches wins
        if source is _ANY:
            near = ~np.isnan(lab[:, :, 0])
        else:
            with np.errstate(invalid="ignore"):      # NaN: a pixel already replaced
                near = _FUNCTIONS["CIE76"](lab, _lab_of(source)[None, None, :]) / 100.0 <= d
        if target is None:
            alpha[near] = 0.0
        else:
            colour[near] = np.array(target[:3])
            alpha[near] = target[3] if len(target) > 3 else alpha[near]
        lab[near] = np.nan                            # matched: no later rule applies
    out = np.concatenate([colour, alpha], axis=2) if (transparent or work.has_alpha) \
        else colour
    return Image(out, img.image_type if img.image_type != "Bit" else "Real32", "RGB",
                 img.options)
