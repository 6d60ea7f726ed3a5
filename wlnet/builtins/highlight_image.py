"""HighlightImage: an image with regions of interest marked on it, as a Graphics.

    HighlightImage[image, roi]                     HighlightImage[image, {roi1, roi2, …}]
    HighlightImage[image, {…, style, roi, …}]      HighlightImage[image, fg, bgstyle]

A region of interest is a list of positions {{x1, y1}, …}, a geometric primitive (Point,
Line, Disk, Circle, Rectangle, Polygon, Triangle…), a Graphics (its primitives), a mask
image (its nonzero pixels), a label matrix (its components, one colour each) or an
association <|label -> roi, …|> (each region labelled).  Positions and primitives are in the
standard image coordinates: {0, 0} the bottom-left corner, a pixel one unit.  A region may
be wrapped: Labeled[roi, label] and Legended[roi, label] write the label at its centre,
Style[roi, style…] styles it, and the interactive wrappers (Tooltip, Annotation, Button,
Hyperlink, EventHandler, PopupWindow, StatusArea, ImageMarker) keep the region alone, as a
picture cannot act.

A style in a list applies to the regions after it up to the list's end: Automatic (red: a
translucent fill with an edge for areas, points and thick lines otherwise), a colour or any
graphics directive, "Blur" / {"Blur", r} (the pixels of the region blurred over radius r)
or "Boundary" / {"Boundary", t} (only its outline, t thick).  The background, every pixel
outside all regions, takes bgstyle: "Blur" / {"Blur", r}, "Darken" / {"Darken", a} (mixed
with black by a, 1/2 by default), "Lighten" / {"Lighten", a} (with white),
"Desaturate" / {"Desaturate", a} (towards its grey level), or a colour (mixed in by 1/2).

Pixel effects (masks, label matrices, blurs, the background) change the image's pixels;
primitives are drawn over it as graphics, so the result shows and exports as a picture.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import is_list
from wlnet.core.expr import Expr, S, String, Symbol
from wlnet.core.image import Image, convert, drop_alpha, message_slots
from wlnet.core.registry import builtin
from wlnet.graphics.style import colour_of
from wlnet.graphics.values import number

PRIMITIVES = ("Point", "Line", "Disk", "Circle", "Rectangle", "Polygon", "Triangle",
              "Annulus", "Arrow", "BezierCurve", "BSplineCurve", "Text", "Inset")
AREAS = ("Disk", "Rectangle", "Polygon", "Triangle", "Annulus")
# wrappers that give a picture nothing to show but their region
PLAIN_WRAPPERS = ("Tooltip", "Annotation", "Button", "Hyperlink", "EventHandler",
                  "PopupWindow", "StatusArea", "ImageMarker", "Mouseover")
DIRECTIVES = ("Opacity", "Thickness", "AbsoluteThickness", "PointSize", "AbsolutePointSize",
              "Dashing", "AbsoluteDashing", "EdgeForm", "FaceForm", "Directive", "Thick",
              "Thin", "Dashed", "Dotted", "DotDashed", "Large", "Small", "Medium", "Tiny")
HIGHLIGHT = (1.0, 0.0, 0.0)                     # Automatic: red
LABEL_COLOURS = ((0.368, 0.507, 0.710), (0.881, 0.611, 0.142), (0.560, 0.692, 0.195),
                 (0.923, 0.386, 0.209), (0.528, 0.471, 0.701), (0.772, 0.432, 0.102),
                 (0.364, 0.619, 0.782), (1.0, 0.75, 0.0), (0.647, 0.455, 0.286),
                 (0.572, 0.586, 0.0))
_MESSAGES = {"imginv": "Expecting an image or graphics instead of `1`.",
             "roi": "`1` is not a region of interest (positions, a geometric region, a mask "
                    "image, a label matrix, a Graphics or an association of them).",
             "bgstyle": "`1` is not a background style (\"Blur\", \"Darken\", \"Lighten\", "
                        "\"Desaturate\", with an amount, or a colour)."}


class _Style:
    """The style in force for the regions that follow it in a list."""
    __slots__ = ("colour", "directives", "effect", "amount")

    def __init__(self, colour=HIGHLIGHT, directives=(), effect=None, amount=None):
        self.colour, self.directives = colour, directives
        self.effect, self.amount = effect, amount      # "Blur" / "Boundary" and its size

    def with_(self, **changes):
        out = _Style(self.colour, self.directives, self.effect, self.amount)
        for k, v in changes.items():
            setattr(out, k, v)
        return out


def _style_change(e, style: _Style):
    """The style after the style element e, or None if e is not one."""
    if e == Symbol("Automatic"):
        return _Style()
    rgb = colour_of(e)
    if rgb is not None:
        return style.with_(colour=tuple(rgb[:3]))
    effect, amount = e, None
    if is_list(e) and len(e.args) == 2 and type(e.args[0]) is String:
        effect, amount = e.args[0], number(e.args[1])
    if type(effect) is String and effect.value in ("Blur", "Boundary"):
        return style.with_(effect=effect.value, amount=amount)
    head = e.head if type(e) is Expr else e
    if type(head) is Symbol and head.name in DIRECTIVES:
        return style.with_(directives=style.directives + (e,))
    return None


class _Region:
    """One region of interest: an Expr primitive (``shape``) or a pixel ``mask`` (or a
    label matrix's ``labels``), its style and label."""
    __slots__ = ("shape", "mask", "labels", "style", "label")

    def __init__(self, style, label=None, shape=None, mask=None, labels=None):
        self.shape, self.mask, self.labels = shape, mask, labels
        self.style, self.label = style, label


def _positions(e) -> bool:
    return is_list(e) and bool(e.args) and all(
        is_list(p) and len(p.args) == 2 and all(number(v) is not None for v in p.args)
        for p in e.args)


def _regions(e, style: _Style, size: tuple[int, int], out: list, label=None) -> bool:
    """Appends the regions of interest of e (styles in a list apply to what follows them
    there); False if some part of e is no region."""
    w, h = size
    head = e.head.name if type(e) is Expr and type(e.head) is Symbol else None
    if _positions(e):
        out.append(_Region(style, label, shape=Expr(Symbol("Point"), e)))
        return True
    if _positions(Expr(S.List, e)):                  # one position {x, y}
        out.append(_Region(style, label, shape=Expr(Symbol("Point"), Expr(S.List, e))))
        return True
    labels = _label_matrix(e, size)
    if labels is not None:
        out.append(_Region(style, label, labels=labels))
        return True
    if is_list(e):
        for part in e.args:
            changed = _style_change(part, style)
            if changed is not None:
                style = changed
            elif not _regions(part, style, size, out):
                return False
        return True
    if type(e) is Expr and e.head is S.Association:
        return all(_regions(rule.args[1], style, size, out, rule.args[0]) for rule in e.args)
    if type(e) is Image:
        mask = np.any(drop_alpha(e).reals() != 0, axis=2) if e.channels else None
        if mask.shape != (h, w):
            return False
        out.append(_Region(style, label, mask=mask))
        return True
    if head in PRIMITIVES:
        out.append(_Region(style, label, shape=e))
        return True
    if head == "Graphics" and e.args:
        return _regions(e.args[0] if is_list(e.args[0]) else Expr(S.List, e.args[0]), style,
                        size, out, label)
    if head in ("Labeled", "Legended") and len(e.args) >= 2:
        return _regions(e.args[0], style, size, out, e.args[1])
    if head == "Style" and e.args:
        for s in e.args[1:]:
            style = _style_change(s, style) or style
        return _regions(e.args[0], style, size, out, label)
    if head in PLAIN_WRAPPERS and e.args:
        return _regions(e.args[0], style, size, out, label)
    return False


def _label_matrix(e, size) -> np.ndarray | None:
    from wlnet.core.numeric_array import to_numpy_data
    arr = to_numpy_data(e) if is_list(e) else None
    if arr is None or arr.ndim != 2 or arr.shape != (size[1], size[0]) \
            or arr.dtype.kind not in "iu":
        return None
    return arr


# ---------------------------------------------------------------------------- masks

def _pixel_centres(w: int, h: int):
    """(x, y) of every pixel centre in image coordinates, rows from the top."""
    x = np.arange(w) + 0.5
    y = h - (np.arange(h) + 0.5)
    return np.meshgrid(x, y)


def _points(e) -> np.ndarray | None:
    from wlnet.core.numeric_array import to_numpy_data
    arr = to_numpy_data(e)
    if arr is None or arr.dtype.kind not in "iuf":
        return None
    arr = np.asarray(arr, dtype=float)
    return arr.reshape(-1, 2) if arr.size % 2 == 0 and arr.shape[-1] == 2 else None


def shape_mask(shape: Expr, w: int, h: int) -> np.ndarray:
    """The pixels (h x w booleans) whose centres a primitive covers; points and lines
    cover the pixels they pass through; a primitive of no area known here covers none."""
    from matplotlib.path import Path
    xs, ys = _pixel_centres(w, h)
    name, args = shape.head.name, shape.args
    mask = np.zeros((h, w), bool)
    if name == "Disk" and args:
        centre = _points(args[0])
        r = number(args[1]) if len(args) > 1 and number(args[1]) is not None else 1.0
        radii = _points(args[1]) if len(args) > 1 and number(args[1]) is None else None
        rx, ry = (radii[0] if radii is not None else (r, r))
        if centre is not None:
            mask = ((xs - centre[0, 0]) / rx) ** 2 + ((ys - centre[0, 1]) / ry) ** 2 <= 1
    elif name == "Circle" and args:
        centre = _points(args[0])
        r = number(args[1]) if len(args) > 1 and number(args[1]) is not None else 1.0
        if centre is not None:
            mask = np.abs(np.hypot(xs - centre[0, 0], ys - centre[0, 1]) - r) <= 0.5
    elif name == "Rectangle":
        corners = _points(Expr(S.List, *args)) if args else np.array([[0, 0], [1, 1]])
        if corners is not None and len(corners) == 2:
            (x0, y0), (x1, y1) = np.sort(corners, axis=0)
            mask = (xs >= x0) & (xs <= x1) & (ys >= y0) & (ys <= y1)
    elif name in ("Polygon", "Triangle") and args:
        vertices = _points(args[0])
        if vertices is not None and len(vertices) >= 3:
            inside = Path(vertices).contains_points(np.column_stack([xs.ravel(), ys.ravel()]))
            mask = inside.reshape(h, w)
    elif name in ("Point", "Line") and args:
        points = _points(args[0])
        if points is not None:
            if name == "Line" and len(points) > 1:       # sampled at a tenth of a pixel
                steps = [np.linspace(a, b, max(2, int(np.hypot(*(b - a)) * 10)))
                         for a, b in zip(points[:-1], points[1:])]
                points = np.concatenate(steps)
            cols = np.clip(np.floor(points[:, 0]).astype(int), 0, w - 1)
            rows = np.clip(h - 1 - np.floor(points[:, 1]).astype(int), 0, h - 1)
            keep = (points[:, 0] >= 0) & (points[:, 0] <= w) & (points[:, 1] >= 0) \
                & (points[:, 1] <= h)
            mask[rows[keep], cols[keep]] = True
    return mask


def _boundary(mask: np.ndarray, thickness: float) -> np.ndarray:
    """The pixels of a mask within ``thickness`` of its outside."""
    from scipy import ndimage
    inner = ndimage.binary_erosion(mask, iterations=max(1, int(round(thickness))))
    return mask & ~inner


# ---------------------------------------------------------------------------- drawing

def _blurred(values: np.ndarray, radius: float) -> np.ndarray:
    from scipy import ndimage
    sigma = max(radius, 0.5) / 2.0
    return np.stack([ndimage.gaussian_filter(values[:, :, k], sigma, mode="nearest")
                     for k in range(values.shape[2])], axis=2)


def _mixed(values, where, colour, amount):
    values[where] = values[where] * (1.0 - amount) + np.asarray(colour) * amount


def _background(values, outside, spec) -> bool:
    """Applies the background style to the pixels outside; False if spec is none."""
    name, amount = spec, None
    if is_list(spec) and len(spec.args) == 2 and type(spec.args[0]) is String:
        name, amount = spec.args[0], number(spec.args[1])
        if amount is None:
            return False
    rgb = colour_of(spec)
    if rgb is not None:
        _mixed(values, outside, rgb[:3], 0.5)
        return True
    if type(name) is not String:
        return False
    if name.value == "Blur":
        values[outside] = _blurred(values, amount or 5.0)[outside]
    elif name.value == "Darken":
        _mixed(values, outside, (0.0, 0.0, 0.0), 0.5 if amount is None else amount)
    elif name.value == "Lighten":
        _mixed(values, outside, (1.0, 1.0, 1.0), 0.5 if amount is None else amount)
    elif name.value == "Desaturate":
        grey = values @ np.array([0.299, 0.587, 0.114])
        a = 1.0 if amount is None else amount
        values[outside] = values[outside] * (1 - a) + grey[outside][:, None] * a
    else:
        return False
    return True


def _drawn(region: _Region) -> Expr:
    """The graphics of a primitive region in its style."""
    style = region.style
    colour = Expr(Symbol("RGBColor"), *[_real(c) for c in style.colour])
    name = region.shape.head.name
    if style.effect == "Boundary" and name in AREAS:
        thickness = style.amount or 2.0
        styling = [Expr(Symbol("FaceForm"), Symbol("None")),
                   Expr(Symbol("EdgeForm"), Expr(S.List, colour,
                                                 Expr(Symbol("AbsoluteThickness"),
                                                      _real(thickness))))]
    elif name in AREAS:
        styling = [Expr(Symbol("EdgeForm"), Expr(S.List, colour, Symbol("Thick"))),
                   colour, Expr(Symbol("Opacity"), _real(0.5))]
    elif name in ("Point",):
        styling = [colour, Expr(Symbol("AbsolutePointSize"), _real(5.0))]   # a visible marker
    else:
        styling = [colour, Symbol("Thick")]
    return Expr(S.List, *styling, *style.directives, region.shape)


def _real(x: float):
    from wlnet.core.expr import Real
    return Real(float(x))


def _label_text(region: _Region, mask: np.ndarray, w: int, h: int):
    """Text of a region's label at the centre of its pixels (or of the image)."""
    rows, cols = np.nonzero(mask)
    x, y = (cols.mean() + 0.5, h - rows.mean() - 0.5) if len(rows) else (w / 2, h / 2)
    colour = Expr(Symbol("RGBColor"), *[_real(c) for c in region.style.colour])
    return Expr(S.List, colour, Expr(Symbol("Text"), region.label,
                                     Expr(S.List, _real(x), _real(y))))


@builtin("HighlightImage", argc=(2, None), messages=_MESSAGES,
         usage="HighlightImage[image, roi] is the image with the region of interest roi "
               "marked (positions, a geometric region, a mask image, a label matrix, a "
               "Graphics, <|label -> roi, …|>); HighlightImage[image, {style, roi1, …}] "
               "styles the regions after a style (Automatic, a colour or directive, "
               "\"Blur\", \"Boundary\"); HighlightImage[image, fg, bgstyle] styles "
               "everything outside them (\"Blur\", \"Darken\", \"Lighten\", \"Desaturate\", a "
               "colour).  The result is a Graphics in image coordinates.")
def highlight_image(ev, img, spec, *rest):
    from wlnet.graphics.builtins import image_graphic
    if type(img) is not Image:
        ev.message(Symbol("HighlightImage"), "imginv", *message_slots(img))
        return None
    positional = [r for r in rest if not (type(r) is Expr and r.head in (S.Rule,
                                                                          S.RuleDelayed))]
    options = [r for r in rest if r not in positional]
    if len(positional) > 1:
        return None
    w, h = img.width, img.height
    regions: list[_Region] = []
    if not _regions(spec, _Style(), (w, h), regions):
        ev.message(Symbol("HighlightImage"), "roi", spec)
        return None
    base = drop_alpha(img)
    base = convert(base, "RGB") if base.color_space != "RGB" else base
    values = base.reals().copy()
    covered = np.zeros((h, w), bool)
    overlays = []
    for region in regions:
        mask = region.mask if region.mask is not None else (
            region.labels > 0 if region.labels is not None else shape_mask(region.shape, w, h))
        covered |= mask
        if region.style.effect == "Blur":
            values[mask] = _blurred(values, region.style.amount or 5.0)[mask]
        elif region.labels is not None:
            for k, value in enumerate(np.unique(region.labels[region.labels > 0])):
                where = region.labels == value
                if region.style.effect == "Boundary":
                    where = _boundary(where, region.style.amount or 1.0)
                _mixed(values, where, LABEL_COLOURS[k % len(LABEL_COLOURS)], 0.5)
        elif region.mask is not None:
            where = _boundary(mask, region.style.amount or 1.0) \
                if region.style.effect == "Boundary" else mask
            _mixed(values, where, region.style.colour, 0.5)
        else:
            overlays.append(_drawn(region))
        if region.label is not None:
            overlays.append(_label_text(region, mask, w, h))
    if positional and not _background(values, ~covered, positional[0]):
        ev.message(Symbol("HighlightImage"), "bgstyle", positional[0])
        return None
    picture = image_graphic(Image(values, "Real32" if base.image_type != "Byte" else "Byte"))
    return Expr(S.Graphics, Expr(S.List, picture.args[0], *overlays), *options,
                *picture.args[1:])
