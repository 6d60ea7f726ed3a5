"""Colours and graphics directives: what a primitive is drawn with.

A ``Style`` is the directive state at one point of a primitives list: lists scope it
(``{Red, Line[…]}`` does not colour what follows the list), directives later in a list
override earlier ones.  Sizes given relative to the plot (``Thickness[0.01]``,
``PointSize[0.02]``, ``Dashing[{0.02, 0.01}]``) are kept relative and turned into
points when the plot's width is known (``Style.line_width(width)``).
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass, replace

from wlnet.core.expr import Expr, S, String, Symbol
from wlnet.graphics.values import is_list, number

__all__ = ["Style", "NAMED_COLOURS", "colour_of", "apply_directive", "rgb_expr",
           "DEFAULT_PLOT_COLOURS"]

# The Wolfram Language's named colours, as the RGBColor they evaluate to.
NAMED_COLOURS = {
    "Red": (1, 0, 0), "Green": (0, 1, 0), "Blue": (0, 0, 1), "Black": (0, 0, 0),
    "White": (1, 1, 1), "Gray": (0.5, 0.5, 0.5), "Cyan": (0, 1, 1), "Magenta": (1, 0, 1),
    "Yellow": (1, 1, 0), "Brown": (0.6, 0.4, 0.2), "Orange": (1, 0.5, 0),
    "Pink": (1, 0.5, 0.5), "Purple": (0.5, 0, 0.5), "LightGray": (0.85, 0.85, 0.85),
    "LightRed": (1, 0.85, 0.85), "LightBlue": (0.87, 0.94, 1), "LightGreen": (0.88, 1, 0.88),
    "LightYellow": (1, 1, 0.85), "LightOrange": (1, 0.9, 0.8), "LightPurple": (0.94, 0.88, 0.94),
    "LightPink": (1, 0.925, 0.925), "LightBrown": (0.94, 0.91, 0.88), "LightCyan": (0.9, 1, 1),
    "LightMagenta": (1, 0.9, 1), "DarkGray": (0.25, 0.25, 0.25),
}

# The default plot colours of the Wolfram Language ("DefaultPlotStyle", ColorData[97]).
DEFAULT_PLOT_COLOURS = (
    (0.368417, 0.506779, 0.709798), (0.880722, 0.611041, 0.142051),
    (0.560181, 0.691569, 0.194885), (0.922526, 0.385626, 0.209179),
    (0.528488, 0.470624, 0.701351), (0.772079, 0.431554, 0.102387),
    (0.363898, 0.618501, 0.782349), (1.0, 0.75, 0.0),
)

# Absolute sizes of the named thicknesses and point sizes, in printer's points.
THICK, THIN = 2.0, 0.5
NAMED_DASHES = {"Dashed": (4.0, 4.0), "Dotted": (0.5, 2.5), "DotDashed": (4.0, 2.5, 0.5, 2.5)}
NAMED_SIZE = {"Tiny": 0.004, "Small": 0.008, "Medium": 0.016, "Large": 0.032}


@dataclass(frozen=True)
class Style:
    """The directive state; sizes are (value, relative?) pairs."""

    colour: tuple = (0.0, 0.0, 0.0)
    opacity: float | None = None
    thickness: tuple = (0.5, False)          # Graphics' default lines: thin, absolute
    point_size: tuple = (0.012, True)
    dashes: tuple | None = None              # (on, off, …), relative?
    dashes_relative: bool = False
    edge: "Style | None" = None              # EdgeForm: None = no edge
    face: "Style | None" = None              # FaceForm: None = the colour
    font_size: float | None = None
    font_weight: str | None = None
    font_slant: str | None = None
    font_family: str | None = None           # a family name, or "serif"/"sans-serif"

    def rgba(self) -> tuple:
        r, g, b = self.colour[:3]
        alpha = self.colour[3] if len(self.colour) > 3 else 1.0
        if self.opacity is not None:
            alpha = self.opacity
        return (r, g, b, alpha)

    def face_rgba(self) -> tuple:
        return (self.face or self).rgba()

    def line_width(self, plot_width: float) -> float:
        value, relative = self.thickness
        return value * plot_width if relative else value

    def marker_size(self, plot_width: float) -> float:
        value, relative = self.point_size
        return value * plot_width if relative else value

    def dash_pattern(self, plot_width: float):
        if not self.dashes:
            return None
        scale = plot_width if self.dashes_relative else 1.0
        return (0, tuple(max(d * scale, 0.1) for d in self.dashes))


def colour_of(e) -> tuple | None:
    """An RGB or RGBA tuple (0..1) for a colour expression, None if ``e`` is no colour."""
    if type(e) is Symbol and e.name in NAMED_COLOURS:
        return tuple(float(c) for c in NAMED_COLOURS[e.name])
    if type(e) is not Expr or type(e.head) is not Symbol:
        return None
    head, args = e.head.name, e.args
    if len(args) == 1 and is_list(args[0]) and head in ("RGBColor", "Hue", "GrayLevel"):
        args = args[0].args
    values = [number(a) for a in args]
    if any(v is None for v in values):
        if head == "RGBColor" and len(args) == 1 and type(args[0]) is String:
            return _hex_colour(args[0].value)
        return None
    values = [min(max(v, 0.0), 1.0) if i else v for i, v in enumerate(values)]
    if head == "RGBColor" and len(values) in (3, 4):
        return tuple(min(max(v, 0.0), 1.0) for v in values)
    if head == "GrayLevel" and len(values) in (1, 2):
        g = min(max(values[0], 0.0), 1.0)
        return (g, g, g, *values[1:])
    if head == "Hue" and 1 <= len(values) <= 4:
        h = values[0] % 1.0
        s, v = (values[1:3] + [1.0, 1.0])[:2]
        return (*colorsys.hsv_to_rgb(h, s, v), *values[3:])
    if head == "CMYKColor" and len(values) in (4, 5):
        c, m, y, k = values[:4]
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k), *values[4:])
    return None


def _hex_colour(text: str) -> tuple | None:
    text = text.lstrip("#")
    if len(text) not in (6, 8):
        return None
    try:
        return tuple(int(text[i:i + 2], 16) / 255.0 for i in range(0, len(text), 2))
    except ValueError:
        return None


def rgb_expr(rgb) -> Expr:
    """``RGBColor[r, g, b]`` (or with alpha) for a tuple of floats."""
    from wlnet.core.expr import Real
    return Expr(S.RGBColor, *(Real(float(c)) for c in rgb))


def _size(e, named: dict) -> float | None:
    if type(e) is Symbol and e.name in named:
        return named[e.name]
    return number(e)


def apply_directive(style: Style, e) -> Style | None:
    """``style`` with the directive ``e`` applied, or None when ``e`` is not a directive."""
    colour = colour_of(e)
    if colour is not None:
        return replace(style, colour=colour, opacity=style.opacity if len(colour) == 3 else None)
    if type(e) is Symbol:
        name = e.name
        if name == "Thick":
            return replace(style, thickness=(THICK, False))
        if name == "Thin":
            return replace(style, thickness=(THIN, False))
        if name in NAMED_DASHES:
            return replace(style, dashes=NAMED_DASHES[name], dashes_relative=False)
        if name in ("Bold", "Italic", "Plain"):
            return replace(style, font_weight="bold" if name == "Bold" else style.font_weight,
                           font_slant="italic" if name == "Italic" else style.font_slant)
        return None
    if type(e) is not Expr or type(e.head) is not Symbol:
        return None
    head, args = e.head.name, e.args
    if head in ("Rule", "RuleDelayed") and len(args) == 2 and type(args[0]) is Symbol:
        return _font_option(style, args[0].name, args[1])
    handler = _DIRECTIVES.get(head)
    return handler(style, args) if handler is not None else None


def _opacity(style, args):
    a = number(args[0]) if args else None
    if a is None:
        return None
    out = replace(style, opacity=min(max(a, 0.0), 1.0))
    if len(args) == 2:
        colour = colour_of(args[1])
        if colour is None:
            return None
        out = replace(out, colour=colour[:3])
    return out


def _thickness(relative: bool):
    def apply(style, args):
        value = _size(args[0], NAMED_SIZE if relative else {}) if len(args) == 1 else None
        return None if value is None else replace(style, thickness=(value, relative))
    return apply


def _point_size(relative: bool):
    def apply(style, args):
        value = _size(args[0], NAMED_SIZE if relative else {}) if len(args) == 1 else None
        return None if value is None else replace(style, point_size=(value, relative))
    return apply


def _dashing(relative: bool):
    def apply(style, args):
        if len(args) != 1:
            return None
        spec = args[0]
        if is_list(spec):
            values = [_size(a, NAMED_SIZE if relative else {}) for a in spec.args]
        else:
            values = [_size(spec, NAMED_SIZE if relative else {})] * 2
        if any(v is None for v in values):
            return None
        return replace(style, dashes=tuple(values) or None, dashes_relative=relative)
    return apply


def _directive(style, args):
    for a in args:
        style = apply_directive(style, a)
        if style is None:
            return None
    return style


def _edge_form(style, args):
    if not args or len(args) == 1 and args[0] == Symbol("None"):
        return replace(style, edge=None)
    edge = _directive(Style(), args if not is_list(args[0]) else args[0].args)
    return None if edge is None else replace(style, edge=edge)


def _face_form(style, args):
    if not args or len(args) == 1 and args[0] == Symbol("None"):   # no faces: edges alone
        return replace(style, face=Style(colour=style.colour, opacity=0.0))
    face = _directive(Style(colour=style.colour), args if not (args and is_list(args[0]))
                      else args[0].args)
    return None if face is None else replace(style, face=face)


# WL's generic family names as matplotlib's (any other name is passed on as it is)
_FONT_FAMILIES = {"Times": "serif", "Times New Roman": "serif", "Serif": "serif",
                  "Helvetica": "sans-serif", "Arial": "sans-serif", "Sans": "sans-serif",
                  "Source Sans Pro": "sans-serif", "Courier": "monospace",
                  "Courier New": "monospace", "Monospace": "monospace"}


def _font_option(style, name: str, value):
    """Style's font options: FontSize -> n, FontWeight -> Bold | "Bold" | Plain,
    FontSlant -> Italic | "Italic" | Plain, FontFamily -> name, FontColor -> colour; None
    for others."""
    word = value.name if type(value) is Symbol else getattr(value, "value", None)
    if name == "FontSize":
        return _font_size(style, (value,))
    if name == "FontWeight" and isinstance(word, str):
        return replace(style, font_weight="bold" if word in ("Bold", "Heavy", "Black",
                                                             "SemiBold") else "normal")
    if name == "FontSlant" and isinstance(word, str):
        return replace(style, font_slant="italic" if word in ("Italic", "Oblique")
                       else "normal")
    if name == "FontFamily" and isinstance(word, str):
        return replace(style, font_family=_FONT_FAMILIES.get(word, word))
    if name == "FontColor":
        colour = colour_of(value)
        return None if colour is None else replace(style, colour=colour)
    return None


def _font_size(style, args):
    size = number(args[0]) if len(args) == 1 else None
    return None if size is None else replace(style, font_size=size)


_DIRECTIVES = {
    "Opacity": _opacity,
    "Thickness": _thickness(True), "AbsoluteThickness": _thickness(False),
    "PointSize": _point_size(True), "AbsolutePointSize": _point_size(False),
    "Dashing": _dashing(True), "AbsoluteDashing": _dashing(False),
    "Directive": _directive, "EdgeForm": _edge_form, "FaceForm": _face_form,
    "FontSize": _font_size,
}
