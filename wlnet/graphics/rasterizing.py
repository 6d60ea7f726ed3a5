"""Rasterize's sizes, background and elements.

The Rasterize page: ImageSize is the size the expression is laid out at (printer's points;
a picture's own ImageSize overridden, text keeps its font size in a box that big);
RasterSize and ImageResolution only set how coarsely that layout is sampled (an explicit
RasterSize overrides ImageResolution; 72 dots per inch, a pixel a point, by default):

    RasterSize -> w                          w pixels wide, the height in proportion
    RasterSize -> {w, h}                     exactly w x h, the drawing fitted inside and
                                             centred, the rest background
    RasterSize -> {{wmax}, {hmax}}           as large as fits, no space added
    RasterSize -> {{wmin, wmax}, {hmin, hmax}}  as large as fits the maximums, space added
                                             up to the minimums

Background -> colour replaces the expression's own background, Background -> None gives a
transparent raster (an RGBA image).  Elements: "Image" (the default), "Data" (the pixel
values 0..255, rows from the bottom as in a Raster), "Graphics" (a Graphics of that
Raster), "RasterSize" ({w, h}), "BoundingBox" ({w, h, baseline offset}), "Regions" (of
each Annotation[g, data] in a 2-D graphic, {data, {{xmin, ymin}, {xmax, ymax}}}: the box of
g's coordinates in raster pixels from the bottom left; other expressions have none).
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, Integer, S, Symbol, from_python
from wlnet.graphics import GRAPHIC_HEADS
from wlnet.graphics.style import colour_of
from wlnet.graphics.values import is_list, is_picture, number, option_name

ELEMENTS = ("Image", "Data", "Graphics", "RasterSize", "BoundingBox", "Regions")
DEFAULT_RESOLUTION = 72.0
_MAX_PIXELS = 8192               # a side of the raster (a typo of RasterSize -> 10^6)


class RasterOptionError(ValueError):
    """An option setting Rasterize cannot use: (option name, value)."""


def raster_settings(options: list) -> dict:
    """The options' settings Rasterize uses, checked: "size" ((w, h), either None) of
    ImageSize, "raster" (a RasterSize form, see the module docstring), "resolution" (dots
    per inch), "background" (None: the expression's own, "transparent", or an RGBA)."""
    found = {}
    for rule in options:
        name, value = option_name(rule), rule.args[1]
        if name in found or value is S.Automatic:
            continue
        if name == "ImageSize":
            found[name] = _pair(value, name)
        elif name == "RasterSize":
            found[name] = _raster_form(value)
        elif name == "ImageResolution":
            dpi = number(value)
            if dpi is None or not 1 <= dpi <= 2400:
                raise RasterOptionError(name, value)
            found[name] = float(dpi)
        elif name == "Background":
            if value is Symbol("None"):
                found[name] = "transparent"
            else:
                rgba = colour_of(value)
                if rgba is None:
                    raise RasterOptionError(name, value)
                found[name] = (*rgba[:3], rgba[3] if len(rgba) > 3 else 1.0)
    return {"size": found.get("ImageSize"), "raster": found.get("RasterSize"),
            "resolution": found.get("ImageResolution", DEFAULT_RESOLUTION),
            "background": found.get("Background")}


def _side(value, name) -> float:
    v = number(value)
    if v is None or not 1 <= v <= _MAX_PIXELS:
        raise RasterOptionError(name, value)
    return float(v)


def _pair(value, name) -> tuple:
    """(w, h) of a size w or {w, h} (h None for a width alone)."""
    if is_list(value) and len(value.args) == 2:
        return tuple(None if a is S.Automatic else _side(a, name) for a in value.args)
    return _side(value, name), None


def _raster_form(value):
    """("width", w), ("exact", w, h), or ("range", (wmin, wmax), (hmin, hmax)) of a
    RasterSize setting."""
    if not is_list(value):
        return "width", _side(value, "RasterSize")
    if len(value.args) == 2 and all(is_list(a) and len(a.args) in (1, 2) for a in value.args):
        (w, h) = ([_side(b, "RasterSize") for b in a.args] for a in value.args)
        return "range", (w[0] if len(w) == 2 else 1.0, w[-1]), (h[0] if len(h) == 2 else 1.0,
                                                                h[-1])
    if len(value.args) == 2:
        return "exact", _side(value.args[0], "RasterSize"), _side(value.args[1], "RasterSize")
    raise RasterOptionError("RasterSize", value)


# ---------------------------------------------------------------------------- drawing

def raster_pixels(expr, settings: dict, warn, regions: list | None = None) -> np.ndarray:
    """``expr`` (a picture, else its text) drawn as the settings ask: an h x w x 3 uint8
    array (x 4 with Background -> None).  ``regions``: a list to receive the annotated
    regions, (data, (xmin, ymin, xmax, ymax)) in the raster's pixels from the bottom left."""
    from wlnet.graphics.render import figure_of, text_figure
    if is_picture(expr):
        fig = figure_of(_laid_out(expr, settings["size"]), warn)
    else:
        fig = text_figure(expr, warn, settings["size"])
    _set_background(fig, settings["background"])
    width, height = (float(v) * 72.0 for v in fig.get_size_inches())
    dpi, box = _resolution(settings, width, height)
    pixels = _canvas_rgba(fig, dpi)
    target = box or (round(width * dpi / 72.0), round(height * dpi / 72.0))
    if regions is not None:
        regions.extend(_annotated_regions(fig, pixels.shape, target))
    return _framed(pixels, target, settings["background"])


def _annotated_regions(fig, canvas_shape, target) -> list:
    """(data, box) of the drawn graphics' annotations, the boxes moved as _framed moves
    the canvas into the target raster."""
    canvas_h, canvas_w = canvas_shape[:2]
    w, h = int(target[0]), int(target[1])
    ch, cw = min(h, canvas_h), min(w, canvas_w)
    dx = (w - cw) // 2 - (canvas_w - cw) // 2
    dy = (h - (h - ch) // 2) - (canvas_h - (canvas_h - ch) // 2)    # bottom-up rows
    out = []
    for ax in fig.axes:
        for data, ((x0, x1), (y0, y1)) in getattr(ax, "_wlnet_annotations", ()):
            corners = ax.transData.transform([[x0, y0], [x1, y1]])
            (a, b), (c, d) = corners + [dx, dy]
            out.append((data, (min(a, c), min(b, d), max(a, c), max(b, d))))
    return out


def _laid_out(expr, size):
    """A picture with Rasterize's ImageSize in place of its own."""
    if size is None or type(expr) is not Expr or expr.head.name not in GRAPHIC_HEADS \
            or expr.head.name == "Legended":
        return expr
    value = Integer(int(round(size[0]))) if size[1] is None else \
        from_python([int(round(v)) if v is not None else S.Automatic for v in size])
    return Expr(expr.head, *expr.args[:1], Expr(S.Rule, Symbol("ImageSize"), value),
                *expr.args[1:])


def _resolution(settings: dict, width: float, height: float):
    """(dots per inch, exact (w, h) of the raster or None) for a layout width x height
    points."""
    raster = settings["raster"]
    if raster is None:
        return settings["resolution"], None
    if raster[0] == "width":
        return 72.0 * raster[1] / width, None
    if raster[0] == "exact":
        w, h = raster[1], raster[2]
        return 72.0 * min(w / width, h / height), (int(w), int(h))
    (w_lo, w_hi), (h_lo, h_hi) = raster[1], raster[2]
    scale = min(w_hi / width, h_hi / height)
    w, h = round(width * scale), round(height * scale)
    return 72.0 * scale, (int(max(w, w_lo)), int(max(h, h_lo)))


def _set_background(fig, background):
    """Rasterize's Background over the figure's and its plots' own."""
    if background is None:
        return
    colour = (0.0, 0.0, 0.0, 0.0) if background == "transparent" else background
    fig.patch.set_facecolor(colour)
    for ax in fig.axes:
        ax.patch.set_facecolor(colour)


def _canvas_rgba(fig, dpi: float) -> np.ndarray:
    fig.set_dpi(dpi)
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba(), dtype=np.uint8).copy()


def _framed(rgba: np.ndarray, target: tuple, background) -> np.ndarray:
    """The drawing centred in a target (w, h) raster (the canvas's own rounding trimmed,
    space around filled with the background); RGB unless the background is transparent."""
    w, h = int(target[0]), int(target[1])
    fill = (0.0, 0.0, 0.0, 0.0) if background == "transparent" else \
        background if background is not None else (1.0, 1.0, 1.0, 1.0)
    out = np.empty((h, w, 4), dtype=np.uint8)
    out[...] = np.round(np.asarray(fill) * 255).astype(np.uint8)
    ch, cw = min(h, rgba.shape[0]), min(w, rgba.shape[1])
    top, left = (h - ch) // 2, (w - cw) // 2
    src_top, src_left = (rgba.shape[0] - ch) // 2, (rgba.shape[1] - cw) // 2
    out[top:top + ch, left:left + cw] = rgba[src_top:src_top + ch, src_left:src_left + cw]
    if background == "transparent":
        return out
    alpha = out[..., 3:].astype(np.float64) / 255.0
    rgb = out[..., :3] * alpha + 255.0 * (1.0 - alpha)            # over white
    return np.round(rgb).astype(np.uint8)


# ---------------------------------------------------------------------------- elements

def raster_element(name: str, pixels: np.ndarray, regions: list | None = None):
    """One element of the raster (see ELEMENTS)."""
    from wlnet.core.image import Image
    h, w = pixels.shape[:2]
    if name == "Regions":
        return Expr.from_args(S.List, (
            Expr(S.List, data, from_python([[round(float(box[0]), 2), round(float(box[1]), 2)],
                                            [round(float(box[2]), 2), round(float(box[3]), 2)]]))
            for data, box in regions or ()))
    if name == "Image":
        return Image(pixels)
    if name == "RasterSize":
        return Expr(S.List, Integer(w), Integer(h))
    if name == "BoundingBox":           # no text baseline: the bottom
        return Expr(S.List, Integer(w), Integer(h), Integer(0))
    data = from_python(pixels[::-1].astype(np.int64))            # a Raster's rows: bottom up
    if name == "Data":
        return data
    raster = Expr(Symbol("Raster"), data, from_python([[0, 0], [w, h]]), from_python([0, 255]))
    return Expr(S.Graphics, raster,
                Expr(S.Rule, Symbol("ImageSize"), Integer(w)),
                Expr(S.Rule, Symbol("PlotRange"), from_python([[0, w], [0, h]])))


__all__ = ["ELEMENTS", "RasterOptionError", "raster_settings", "raster_pixels",
           "raster_element"]
