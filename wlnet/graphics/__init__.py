"""Graphics expressions and plots, drawn with matplotlib.

A graphic is an ordinary, inert expression, as in the Wolfram Language:
``Graphics[{primitives…}, options…]``, ``Legended[graphic, legend]`` (plots with
PlotLegends); ``GraphicsRow``/``GraphicsColumn``/``GraphicsGrid[{…}]`` evaluate to a
Graphics of Insets, one a cell, drawn cell by cell (``values.grid_of_graphics``).  It prints as
``-Graphics-``; it is drawn only when it is shown or exported:

    is_graphic(expr)                 a picture this package draws?
    export_bytes(expr, fmt, warn)    PNG, SVG or PDF bytes
    rasterize(expr, warn)            an ``Image`` atom of its pixels

``warn(symbol_name, tag, *slots)`` receives the messages met while drawing
(``Graphics::gprim`` for an unknown primitive, ``Graphics::gopt`` for a bad option
value): a builtin passes ``ev.message``; front ends print them (``message_text``).

Modules: ``values`` (reading numbers and points), ``style`` (colours, directives),
``options`` (Graphics options), ``scene`` (primitives → draw items), ``render``
(matplotlib; rows and grids too), ``legends``, ``builtins`` (the WL functions:
Graphics, Show, Rasterize, colours…), ``plots`` (Plot, ListPlot, … ), ``netgraph``
(pictures of nets).
"""

from __future__ import annotations

from wlnet.graphics.values import GRAPHIC_HEADS, is_graphic

__all__ = ["GRAPHIC_HEADS", "is_graphic", "export_bytes", "rasterize", "rasterize_pixels",
           "message_text", "MESSAGES", "VECTOR_FORMATS"]

VECTOR_FORMATS = {"SVG": "svg", "PDF": "pdf", "EPS": "eps"}

# The messages of drawing, by (symbol, tag), as the Wolfram Language words them.
MESSAGES = {
    ("Graphics", "gprim"): "`1` was encountered where a Graphics primitive or directive "
                           "was expected.",
    ("Graphics", "optx"): "Unknown option `1` in Graphics.",
    ("Graphics", "gopt"): "`1` is not a valid setting for option `2`; the default is used.",
    ("Graphics", "nonopt"): "Options expected (instead of `1`) beyond position 1 in Graphics.",
    ("Legended", "nolgd"): "`1` is not a legend.",
    ("Graphics3D", "gprim"): "`1` was encountered where a Graphics3D primitive was expected.",
    ("Graphics3D", "gopt"): "`1` is not a valid setting for option `2`; the default is used.",
}


def export_bytes(e, fmt: str, warn, resolution: float = 72.0) -> bytes:
    """``e`` drawn as "PNG", "SVG", "PDF" or "EPS" file contents (a PNG at ``resolution``
    dots per inch: at 144, twice as many pixels each way)."""
    from wlnet.graphics.render import figure_bytes, figure_of
    return figure_bytes(figure_of(e, warn), VECTOR_FORMATS.get(fmt, "png"), resolution)


def rasterize_pixels(e, warn, resolution: float = 72.0):
    from wlnet.graphics.render import figure_of, figure_pixels
    return figure_pixels(figure_of(e, warn), resolution)


def rasterize(e, warn, resolution: float = 72.0):
    from wlnet.core.image import Image
    return Image(rasterize_pixels(e, warn, resolution))


def message_text(symbol: str, tag: str, *slots) -> str:
    """``Symbol::tag: text`` of a drawing message, for front ends that have no evaluator
    at hand when they draw."""
    from wlnet.core.messages import render
    template = MESSAGES.get((symbol, tag), "`1`")
    return f"{symbol}::{tag}: " + render(template, slots)
