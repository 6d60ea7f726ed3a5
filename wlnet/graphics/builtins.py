"""The Wolfram Language face of graphics: ``Graphics`` and its directives (named colours
evaluate to ``RGBColor``), ``Show``, ``GraphicsRow``/``GraphicsColumn``/``GraphicsGrid``,
``Rasterize``, ``Lighter``/``Darker``; ``Export`` of a graphic to PNG, SVG, PDF or EPS,
``Image[g]`` and ``ImageDimensions[g]``; graphics print as ``-Graphics-``.
"""

from __future__ import annotations

import os

import numpy as np

from wlnet.core.files import atomic_write
from wlnet.core.registry import builtin, builtin_upvalue, declare
from wlnet.core.image import Image
from wlnet.core.expr import Expr, Integer, Rational, Real, S, String, Symbol
from wlnet.graphics import GRAPHIC_HEADS, MESSAGES, VECTOR_FORMATS, is_graphic
from wlnet.graphics.colour_data import blend_gradient
from wlnet.graphics.options import GRAPHICS_OPTION_NAMES
from wlnet.graphics.style import NAMED_COLOURS, colour_of, rgb_expr
from wlnet.graphics.values import (LAYOUT_HEADS, grid_graphics, is_list, is_picture, is_rule,
                                   number, option_name)

FAILED = S["$Failed"]
RASTER_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF"}
VECTOR_EXTENSIONS = {".svg": "SVG", ".pdf": "PDF", ".eps": "EPS"}


def _messages_of(symbol: str) -> dict:
    return {tag: text for (sym, tag), text in MESSAGES.items() if sym == symbol}


def warn_with(ev):
    """The ``warn`` callback of drawing, as messages of the session."""
    return lambda symbol, tag, *slots: ev.message(Symbol(symbol), tag, *slots)


# ---------------------------------------------------------------------------- declarations

declare("Graphics", attributes=("Protected", "ReadProtected"),
        usage="Graphics[primitives, options] is a two-dimensional picture: Point, Line, "
              "Polygon, Rectangle, Disk, Circle, Arrow, Text, Raster and Inset, drawn with "
              "directives such as Red, Thickness[t], PointSize[d], Opacity[a] and Dashed.",
        options={name: S.Automatic for name in GRAPHICS_OPTION_NAMES},
        messages=_messages_of("Graphics"))
declare("Legended", attributes=("Protected",),
        usage="Legended[expr, legend] shows expr with a legend (LineLegend, PointLegend, "
              "SwatchLegend).", messages=_messages_of("Legended"))


def _graphics_layout(name: str):
    def layout(ev, items, *options):
        if not is_list(items) or not all(is_rule(o) for o in options):
            return None
        return grid_graphics(name, items.args, options)
    return layout


for _name in ("GraphicsRow", "GraphicsColumn", "GraphicsGrid"):
    builtin(_name, attributes=("Protected",), argc=(1, None),
            usage=f"{_name}[{{g1, g2, …}}] is a Graphics showing graphics "
                  + {"GraphicsRow": "side by side in a row.",
                     "GraphicsColumn": "one above the other.",
                     "GraphicsGrid": "in a grid: GraphicsGrid[{{g11, g12, …}, …}]."}[_name]
                  + " (each an Inset in its cell)",
            examples=((f"Head[{_name}[{{Graphics[Disk[]]}}]]", "Graphics"),))(
        _graphics_layout(_name))
for _name in ("Point", "Line", "Polygon", "Rectangle", "Disk", "Circle", "Arrow", "Text",
              "Raster", "Inset", "LineLegend", "PointLegend",
              "SwatchLegend", "Placed", "Thickness", "AbsoluteThickness", "PointSize",
              "AbsolutePointSize", "Opacity", "Dashing", "AbsoluteDashing", "EdgeForm",
              "FaceForm", "Directive", "XYZColor", "LABColor", "LCHColor", "LUVColor", "Sphere", "Ball", "Cuboid",
              "Cylinder", "Cone"):
    declare(_name, attributes=("Protected",))
for _name, _usage in (
        ("Rotate", "Rotate[g, θ] is the graphics primitives g rotated by θ radians about "
                   "the centre of their bounding box; Rotate[g, θ, {x, y}] about {x, y}; "
                   "Rotate[g, {u, v}] by the rotation taking direction u to v."),
        ("Translate", "Translate[g, {x, y}] is g moved by {x, y}; a list of vectors gives "
                      "one copy per vector."),
        ("Scale", "Scale[g, s] or Scale[g, {sx, sy}] is g scaled about the centre of its "
                  "bounding box; Scale[g, s, {x, y}] about {x, y}."),
        ("GeometricTransformation", "GeometricTransformation[g, m] is g under the matrix m, "
                                    "{m, v} (m . p + v) or a TransformationFunction; a list "
                                    "of them gives one copy each.")):
    declare(_name, attributes=("Protected",), usage=_usage)
# colour heads and the lengths of the list each also takes for its components (with
# opacity): RGBColor[{r, g, b}] is RGBColor[r, g, b], as their pages say
_LIST_FORM_LENGTHS = {"RGBColor": (3, 4), "Hue": (3, 4), "GrayLevel": (1, 2),
                      "CMYKColor": (4, 5)}


def _colour_head(head: str):
    def colour(ev, *args):
        if len(args) == 1 and type(args[0]) is Expr and args[0].head is S.List \
                and len(args[0].args) in _LIST_FORM_LENGTHS[head]:
            return Expr(Symbol(head), *args[0].args)
        return None                              # its components: it stays as it is
    colour.__name__ = head
    return colour


for _name in _LIST_FORM_LENGTHS:
    builtin(_name, attributes=("Protected",), argc=(0, None),
            usage=f"{_name}[…] is a colour (a graphics directive); {_name}[{{…}}] with its "
                  "components in a list is the same colour.",
            examples=((f"{_name}[{{{', '.join(['0.5'] * _LIST_FORM_LENGTHS[_name][0])}}}]",
                       f"{_name}[{', '.join(['0.5'] * _LIST_FORM_LENGTHS[_name][0])}]"),))(
        _colour_head(_name))


def _named_colour_expr(rgb) -> Expr:
    """A named colour's value as WL gives it: GrayLevel[g] for the greys (Black is
    GrayLevel[0]), else RGBColor with the exact components it has (Red is RGBColor[1, 0, 0])."""
    def component(c):
        return Integer(c) if isinstance(c, int) else Real(float(c))
    if rgb[0] == rgb[1] == rgb[2]:
        return Expr(S.GrayLevel, component(rgb[0]))
    return Expr(S.RGBColor, *(component(c) for c in rgb))


for _name, _rgb in NAMED_COLOURS.items():
    declare(_name, attributes=("Protected",), usage=f"{_name} is the colour {_name.lower()}.",
            value=_named_colour_expr(_rgb))


_COMPONENT_COLOURS = {"RGBColor": 3, "GrayLevel": 1}     # head: colour components before alpha


def _blend_components(ev, colour, fraction, toward):
    """An RGBColor or GrayLevel of numbers mixed component by component, keeping its head
    and exactness (Lighter[Red] is RGBColor[1, 1/3, 1/3], as in WL); None for other colours."""
    n = _COMPONENT_COLOURS.get(getattr(colour.head, "name", None)) \
        if type(colour) is Expr else None
    if n is None or not (n <= len(colour.args) <= n + 1) or not all(
            type(c) in (Integer, Rational, Real) for c in colour.args):
        return None
    f = Rational(1, 3) if fraction is None else fraction
    mixed = [ev.evaluate(Expr(S.Plus, c, Expr(S.Times, Expr(S.Subtract, toward, c), f)))
             for c in colour.args[:n]]
    return Expr.from_args(colour.head, mixed + list(colour.args[n:]))


def _blend_image(image, fraction, toward):
    """An image's (2D or 3D) colour channels mixed with white (toward 1) or black (0) by
    the fraction; alpha, type, colour space and display options kept."""
    from wlnet.core.image import Image, convert
    from wlnet.core.image3d import Image3D, convert3d
    f = 1 / 3 if fraction is None else number(fraction)
    if f is None:
        return None
    solid = type(image) is Image3D
    converted = convert3d if solid else convert
    working = image if image.color_space in ("Grayscale", "RGB", "Automatic") \
        else converted(image, "RGB")
    values = working.reals()
    colour = values.shape[-1] - int(working.has_alpha)
    values[..., :colour] += (toward - values[..., :colour]) * f
    out = Image3D(values, working.image_type, working.color_space) if solid \
        else Image(values, working.image_type, working.color_space, image.options)
    return out if out.color_space == image.color_space else converted(out, image.color_space)


def _blend(ev, colour, fraction, toward):
    if type(colour).__name__ in ("Image", "Image3D"):
        return _blend_image(colour, fraction, toward)
    if fraction is None or type(fraction) in (Integer, Rational, Real):
        mixed = _blend_components(ev, colour, fraction, Integer(toward))
        if mixed is not None:
            return mixed
    rgb = colour_of(colour)
    f = 1 / 3 if fraction is None else number(fraction)
    if rgb is None or f is None:
        return None
    mixed = [c + (toward - c) * f for c in rgb[:3]]
    return rgb_expr((*mixed, *rgb[3:]))


@builtin("Lighter", argc=(1, 2), usage="Lighter[colour, f] is colour mixed with white "
         "(a third of the way by default); Lighter[image, f] mixes each pixel so.")
def lighter(ev, colour, fraction=None):
    return _blend(ev, colour, fraction, 1)


@builtin("Darker", argc=(1, 2), usage="Darker[colour, f] is colour mixed with black "
         "(a third of the way by default); Darker[image, f] mixes each pixel so.")
def darker(ev, colour, fraction=None):
    return _blend(ev, colour, fraction, 0)


def _blend_weights(ev, colours: list, x) -> list | None:
    """Weights of the colours for Blend: equal without x; else x in 0..1 runs from the
    first colour to the last through the others, evenly spaced."""
    n = len(colours)
    if x is None:
        return [1.0 / n] * n
    t = number(x)
    if t is None:
        return None
    position = min(max(t, 0.0), 1.0) * (n - 1)
    k = min(int(position), n - 2) if n > 1 else 0
    weights = [0.0] * n
    if n == 1:
        return [1.0]
    weights[k], weights[k + 1] = 1.0 - (position - k), position - k
    return weights


@builtin("Blend", argc=(1, 2), usage="Blend[{c1, c2, …}] is the average of the colours; "
         "Blend[{c1, c2, …}, x] the colour a fraction x (0..1) of the way along them; "
         "Blend[{{x1, c1}, {x2, c2}, …}, x] with the colours placed at the xi; "
         "Blend[\"gradient\", x] the named gradient's colour at x (ColorData); "
         "Blend[{image1, image2, …}, x] blends images of one size pixel by pixel.",
         examples=(("Blend[{Red, Blue}]", "RGBColor[0.5, 0., 0.5]"),
                    ("Blend[{Black, White}, 0.25]", "RGBColor[0.25, 0.25, 0.25]")))
def blend(ev, colours, x=None):
    if type(colours) is String and x is not None:
        return blend_gradient(colours, x)
    if not (is_list(colours) and colours.args):
        return None
    items = list(colours.args)
    if all(is_list(c) and len(c.args) == 2 for c in items) and x is not None:
        places = [number(c.args[0]) for c in items]     # {{x1, c1}, …}: piecewise linear
        t = number(x)
        if t is None or None in places:
            return None
        rgbs = [colour_of(c.args[1]) for c in items]
        if None in rgbs:
            return None
        xs = sorted(range(len(items)), key=lambda i: places[i])
        mixed = [float(np.interp(t, [places[i] for i in xs], [rgbs[i][k] for i in xs]))
                 for k in range(3)]
        return rgb_expr(mixed)
    if any(type(c) is Image for c in items):    # images: pixel by pixel
        from wlnet.builtins.image_pixel_functions import blended_images
        weights = _blend_weights(ev, items, x)
        return None if weights is None else blended_images(items, weights)
    rgbs = [colour_of(c) for c in items]
    weights = _blend_weights(ev, items, x)
    if None in rgbs or weights is None:
        return None
    return rgb_expr([sum(w * c[k] for w, c in zip(weights, rgbs)) for k in range(3)])


@builtin("RandomColor", argc=(0, 1), usage="RandomColor[] is a colour of random red, green "
         "and blue components; RandomColor[n] a list of n.",
         examples=(("Head[RandomColor[]]", "RGBColor"), ("Length[RandomColor[3]]", "3")))
def random_color(ev, n=None):
    if n is None:
        return rgb_expr(ev.rng.random(3))
    if type(n) is not Integer or n.value < 0:
        return None
    return Expr(S.List, *[rgb_expr(c) for c in ev.rng.random((n.value, 3))])


# ---------------------------------------------------------------------------- Show

def image_graphic(image) -> Expr:
    """An Image as Show combines it: a Graphics of its pixels over {0, 0}..{width, height}
    (pixel coordinates, y up), as big as the image, so that graphics drawn in pixel
    coordinates lie on it."""
    def rule(name, value):
        return Expr(S.Rule, Symbol(name), value)
    w, h = Integer(image.width), Integer(image.height)
    return Expr(S.Graphics, image,
                rule("PlotRange", Expr(S.List, Expr(S.List, Integer(0), w),
                                       Expr(S.List, Integer(0), h))),
                rule("PlotRangePadding", Symbol("None")),
                rule("AspectRatio", Rational(image.height, image.width)),
                rule("ImageSize", w))


@builtin("Show", argc=(1, None),
         usage="Show[g1, g2, …, options] draws the graphics together (two-dimensional ones, "
               "or three-dimensional ones), with the options of the first unless given; an image among them is drawn over {0, 0}..{width, "
               "height} (graphics in pixel coordinates lie on it).",
         messages={"gtype": "`1` is not a type of graphics.",
                   "gcomb": "Two- and three-dimensional graphics cannot be combined in `1`."})
def show(ev, *args):
    graphics, options = [], []
    args = [image_graphic(a) if type(a).__name__ == "Image" else a for a in args]
    for a in args:
        if is_rule(a):
            options.append(a)
        elif is_list(a) and all(is_graphic(g) for g in a.args):
            graphics.extend(a.args)
        elif is_graphic(a) and a.head.name in ("Graphics", "Graphics3D", "Legended"):
            graphics.append(a)
        else:
            ev.message(S.Show, "gtype", a)
            return None
    if not graphics:
        return None
    dimensions = {_dimension(g) for g in graphics}
    if len(dimensions) > 1:                 # a 2D picture cannot join a 3D one
        ev.message(S.Show, "gcomb", Expr(S.Show, *args))
        return None
    legends, bodies = [], []
    for g in graphics:
        while g.head.name == "Legended":
            legends.append(g.args[1])
            g = g.args[0]
        bodies.append(g)
    first_options = [o for g in bodies for o in g.args[1:]]
    head = S.Graphics3D if dimensions == {3} else S.Graphics
    combined = Expr(head, Expr.from_args(S.List, (g.args[0] for g in bodies)),
                    *options, *first_options)
    for legend in legends:
        combined = Expr(S.Legended, combined, legend)
    return combined


def _dimension(g) -> int:
    while g.head.name == "Legended":
        g = g.args[0]
    return 3 if g.head.name == "Graphics3D" else 2


# ---------------------------------------------------------------------------- pictures

@builtin("Rasterize", argc=(1, None),
         usage="Rasterize[expr] is an Image of a picture (one pixel per printer's point) or "
               "of any other expression's text (Rasterize[Style[\"A\", 40]]); "
               "Rasterize[expr, elem] the element \"Image\", \"Data\", \"Graphics\", "
               "\"RasterSize\", \"BoundingBox\" or \"Regions\" (of its Annotation[g, data] "
               "parts) of it (a list of elements: each).  "
               "ImageSize -> w or {w, h} lays it out that big (points); RasterSize -> w, {w, "
               "h}, {{wmax}, {hmax}} or {{wmin, wmax}, {hmin, hmax}} samples that layout into "
               "so many pixels, ImageResolution -> dpi at dpi dots per inch (72 by default); "
               "Background -> colour or None (transparent).",
         messages={"elem": "`1` is not a Rasterize element: \"Image\", \"Data\", "
                           "\"Graphics\", \"RasterSize\", \"BoundingBox\" or \"Regions\" is "
                           "expected.",
                   "optvl": "`2` is not a valid setting of `1`."})
def rasterize_(ev, g, *rest):
    from wlnet.graphics.rasterizing import (ELEMENTS, RasterOptionError, raster_element,
                                            raster_pixels, raster_settings)
    options = [r for r in rest if is_rule(r)]
    wanted = [r for r in rest if not is_rule(r)]
    if len(wanted) > 1:
        return None
    names = wanted[0].args if wanted and is_list(wanted[0]) else wanted
    for name in names:
        if type(name) is not String or name.value not in ELEMENTS:
            ev.message(Symbol("Rasterize"), "elem", name)
            return None
    try:
        settings = raster_settings(options)
    except RasterOptionError as bad:
        ev.message(Symbol("Rasterize"), "optvl", Symbol(bad.args[0]), bad.args[1])
        return None
    regions = []
    if type(g) is Image and not options:
        pixels = g.pixels
    else:
        pixels = raster_pixels(g, settings, warn_with(ev), regions)
    if not wanted:
        return raster_element("Image", pixels)
    if is_list(wanted[0]):
        return Expr.from_args(S.List, (raster_element(n.value, pixels, regions)
                                       for n in names))
    return raster_element(names[0].value, pixels, regions)


SIZE_OPTIONS = ("ImageSize", "ImageResolution")     # Export's


def _option_number(rest, names, low, high):
    for r in rest:
        if is_rule(r) and type(r.args[0]) is Symbol and r.args[0].name in names:
            value = r.args[1].args[0] if is_list(r.args[1]) and r.args[1].args else r.args[1]
            w = number(value)
            if w is not None and low <= w <= high:
                return w
    return None


def _sized(g, rest):
    """(g drawn at the width ImageSize gives, the ImageResolution): Export's sizes."""
    width = _option_number(rest, ("ImageSize",), 1, 8192)
    resolution = _option_number(rest, ("ImageResolution",), 1, 2400) or 72.0
    if width is not None and g.head.name in GRAPHIC_HEADS and g.head.name != "Legended":
        g = Expr(g.head, *g.args[:1], Expr(S.Rule, Symbol("ImageSize"), Integer(int(round(width)))),
                 *g.args[1:])
    return g, resolution


def text_picture(e):
    """A Graphics drawing ``e``'s text: how a picture format shows what is not a picture."""
    return Expr(S.Graphics, Expr(S.Text, e), Expr(S.Rule, S.AspectRatio, Real(1 / 3)))


def _text_size(e) -> tuple[int, int]:
    """(width, height) in pixels of a cell holding ``e``'s text: about 7 pixels a
    character and 18 a line, with a margin."""
    from wlnet.graphics.options import plain_text
    lines = plain_text(e).split("\n")
    return 7 * max(len(line) for line in lines) + 24, 18 * len(lines) + 10


def _text_cell(e, width: int):
    """A cell of a table of text (Grid[{{"epoch", "loss"}, {1, 0.25}}]): ``width`` (the
    widest cell's) wide and as high as its text, so that the table is compact."""
    height = _text_size(e)[1]
    return Expr(S.Graphics, Expr(S.Text, e), Expr(S.Rule, S.AspectRatio, Real(height / width)),
                Expr(S.Rule, Symbol("ImageSize"), Integer(width)))


def _exported_picture(g):
    """What a picture format draws for ``g``: a picture as it is, the picture inside a
    Style, and a Grid, Row or Column with some cells that are not pictures (numbers,
    text: a table beside a plot) as the layout of pictures, each such cell drawn as its
    text; None for anything else."""
    if type(g) is Expr and g.head is S.Style and g.args:
        g = g.args[0]
    if is_picture(g):
        return g
    g = _as_layout(g)
    if type(g) is not Expr or type(g.head) is not Symbol or g.head.name not in LAYOUT_HEADS \
            or not g.args or not is_list(g.args[0]):
        return None

    cells = [c for row in g.args[0].args for c in (row.args if is_list(row) else (row,))]
    texts_only = not any(is_picture(c) for c in cells)
    widest = max((_text_size(c)[0] for c in cells), default=1) if texts_only else None

    def cell(c):
        if is_picture(c) or type(c) is Symbol and c.name in ("None", "Null"):
            return c
        return _text_cell(c, widest) if texts_only else text_picture(c)

    rows = [Expr.from_args(S.List, [cell(c) for c in row.args]) if is_list(row) else cell(row)
            for row in g.args[0].args]
    return Expr(g.head, Expr.from_args(S.List, rows), *g.args[1:])


def _as_layout(g):
    """A list with pictures in it ({plot1, plot2}) as a Row of its elements, and an
    Association with pictures among its values (a NetTrain result's "FinalPlots") as a
    Grid of key and value rows: how they show, so that a picture format can draw them."""
    if is_list(g) and any(is_picture(a) for a in g.args):
        return Expr(S.Row, g)
    if type(g) is Expr and g.head is S.Association and any(
            is_rule(r) and is_picture(r.args[1]) for r in g.args):
        return Expr(S.Grid, Expr.from_args(S.List, (Expr(S.List, *r.args) for r in g.args
                                                    if is_rule(r))))
    return g


def export_graphic(ev, file, g=None, *rest):
    """Export[file, g] and Export[file, g, "fmt"] for the picture formats (g a graphic, a
    labelled picture or a Grid of pictures, text cells drawn as text), with ImageSize and
    ImageResolution; None lets Export handle any other format (InputForm to a .wl file…),
    option or argument count (Export[{}])."""
    if g is None or type(file) is not String or type(g).__name__ == "Image":
        return None
    fmt = rest[0] if rest and not is_rule(rest[0]) else None
    animation = (fmt.value.upper() if type(fmt) is String else
                 os.path.splitext(file.value)[1].lower().lstrip(".").upper()) == "GIF"
    if animation and type(g) is Expr and g.head in (S.List, S.Association):
        return None                              # a list of frames: Export's animation
    g = _exported_picture(g)
    if g is None:
        return None
    options = rest[1:] if fmt is not None else rest
    if not all(is_rule(o) and option_name(o) in SIZE_OPTIONS for o in options):
        return None
    name = fmt.value.upper() if type(fmt) is String else None
    if name is None:
        ext = os.path.splitext(file.value)[1].lower()
        name = RASTER_FORMATS.get(ext) or VECTOR_EXTENSIONS.get(ext)
    if name not in ("PNG", "JPEG", "GIF", *VECTOR_FORMATS):
        return None
    from wlnet.graphics import export_bytes, rasterize_pixels
    warn = warn_with(ev)
    g, resolution = _sized(g, options)
    if name == "JPEG":
        data = _jpeg(rasterize_pixels(g, warn, resolution), resolution)
    elif name == "GIF":
        from wlnet.core.image import Image, gif_file_bytes
        data = gif_file_bytes([Image(rasterize_pixels(g, warn, resolution))])
    else:
        data = export_bytes(g, name, warn, resolution)
    try:
        atomic_write(os.path.expanduser(file.value), data)
    except OSError:
        ev.message(S.Export, "noopen", file)
        return FAILED
    return file


def _jpeg(pixels, resolution) -> bytes:
    import io
    from PIL import Image as PILImage            # matplotlib's own image dependency
    buf = io.BytesIO()
    PILImage.fromarray(pixels).save(buf, format="JPEG", quality=92,
                                    dpi=(resolution, resolution))
    return buf.getvalue()


def image_of_graphic(ev, g, *rest):
    from wlnet.graphics import rasterize
    return rasterize(g, warn_with(ev)) if is_picture(g) else None


def image_dimensions_of_graphic(ev, g, *rest):
    from wlnet.graphics.render import natural_size
    if not is_picture(g) or rest:
        return None
    w, h = natural_size(g, warn_with(ev))
    return Expr(S.List, Integer(w), Integer(h))


def _graphics_text(e):
    if not is_graphic(e):
        return None
    return "-Graphics3D-" if e.head.name == "Graphics3D" else "-Graphics-"


# Labeled pictures and Grid, Row, Column of pictures are drawn too (other Labeled, Grid…
# are left to Export's other formats)
for _head in (*GRAPHIC_HEADS, "Labeled", "Grid", "Row", "Column", "Style"):
    builtin_upvalue("Export", _head)(export_graphic)
    builtin_upvalue("Image", _head)(image_of_graphic)
    builtin_upvalue("ImageDimensions", _head)(image_dimensions_of_graphic)

# a list or association holding pictures is exported as it shows (_as_layout)
for _head in ("List", "Association"):
    builtin_upvalue("Export", _head)(export_graphic)

from wlnet.syntax.printer import register_output_format  # noqa: E402  (after the builtins)

for _head in GRAPHIC_HEADS:
    register_output_format(_head, _graphics_text)

# a Graph is drawn (and exported, rasterized) as the Graphics wlnet.graphics.graphs makes of
# it; OutputForm shows Graph[<vertices>, <edges>]
from wlnet.graphics.graphs import graph_text  # noqa: E402

for _outer, _handler in (("Export", export_graphic), ("Image", image_of_graphic),
                         ("ImageDimensions", image_dimensions_of_graphic)):
    builtin_upvalue(_outer, "Graph")(_handler)
register_output_format("Graph", graph_text)
