"""Drawing Graphics expressions with matplotlib.

``figure_of(expr, warn)`` gives a matplotlib ``Figure`` whose pixel size is the graphic's
ImageSize at 72 dots per inch (so one printer's point is one pixel, as in the Wolfram
Language's default Rasterize and Export).  The axes box is placed so that the plot area
has the graphic's AspectRatio and everything around it (ticks, labels, legend, title)
fits in the image: a first pass measures the decorations, the second places the box.

matplotlib is imported here only, on the first drawing: a session that never draws
never loads it.  Figures are made with the Agg canvas directly (no pyplot, no GUI).
"""

from __future__ import annotations

import io
import math

import numpy as np

from wlnet.core.expr import Expr, Integer, Symbol
from wlnet.graphics.graphs import drawable
from wlnet.graphics.render3d import draw3d, is_graphic3d, size_of
from wlnet.graphics.options import (
    DEFAULT_WIDTH, NAMED_IMAGE_SIZES, GraphicsOptions, is_math, plain_text, read_options,
    two_d_text,
)
from wlnet.graphics.scene import Scene, collect
from wlnet.graphics.style import Style
from wlnet.graphics.values import (grid_of_graphics, is_grid, is_labeled_picture, is_list,
                                   is_picture, is_rule, layout_graphic, number, option_name,
                                   symbol_name)

__all__ = ["figure_of", "draw_graphic", "figure_bytes", "figure_pixels", "DPI",
           "natural_size"]

DPI = 72.0
AXIS_COLOUR = (0.4, 0.4, 0.4)
GRID_COLOUR = (0.85, 0.85, 0.85)
FONT_SIZE = 10.0


def _mpl():
    import matplotlib
    matplotlib.use("Agg", force=False)
    return matplotlib


def new_figure(width: float, height: float):
    _mpl()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def figure_bytes(fig, fmt: str, resolution: float = DPI) -> bytes:
    """The figure as PNG, SVG or PDF bytes (a PNG drawn at ``resolution`` dots per inch)."""
    buf = io.BytesIO()
    metadata = {"Software": None} if fmt == "png" else None
    if fmt in VECTOR_FORMATS:
        _images_unresampled(fig)
    fig.savefig(buf, format=fmt, dpi=resolution, facecolor=fig.get_facecolor(),
                metadata=metadata)
    return buf.getvalue()


VECTOR_FORMATS = ("svg", "pdf", "eps", "ps")


def _images_unresampled(fig) -> None:
    """In a vector file an image (Raster, an Inset or Show of an Image) goes in with its
    own pixels, for the viewer to scale, instead of resampled to the figure's dots per
    inch (a 5 x 5 Raster was written as 346 x 346 pixels, an image shown smaller lost its
    detail)."""
    from matplotlib.image import AxesImage
    for image in fig.findobj(AxesImage):
        image.set_interpolation("none")


def figure_pixels(fig, resolution: float = DPI) -> np.ndarray:
    """The figure as an h x w x 3 uint8 array (alpha composited over white), drawn at
    ``resolution`` dots per inch."""
    if resolution != fig.dpi:
        fig.set_dpi(resolution)
    fig.canvas.draw()
    rgba = np.asarray(fig.canvas.buffer_rgba(), dtype=np.float64) / 255.0
    rgb = rgba[..., :3] * rgba[..., 3:] + (1.0 - rgba[..., 3:])
    return np.round(rgb * 255.0).astype(np.uint8)


# ---------------------------------------------------------------------------- the figure

def figure_of(expr, warn):
    """A matplotlib Figure of ``expr``: a Graphics, Legended, GraphicsRow/Column/Grid, a
    Graph, an Image, a Labeled picture or a Grid/Row/Column of pictures."""
    warn = once(warn)
    expr = _drawn(expr)
    if is_grid(expr) or is_labeled_picture(expr):
        width, height = natural_size(expr, warn)
        fig = new_figure(width, height)
        draw_graphic(fig, expr, warn, width, height)
        return fig
    if is_graphic3d(expr):
        width, height = size_of(expr)
        fig = new_figure(width, height)
        draw3d(fig, expr, warn, width, height)
        return fig
    width, height = natural_size(expr, warn)
    fig = new_figure(width, height)
    draw_graphic(fig, expr, warn, width, height)
    return fig


def once(warn):
    """``warn`` passing each distinct message on once: the graphic is read twice (a
    measuring pass, then the drawing), its problems are reported once."""
    seen = set()

    def report(symbol, tag, *slots):
        key = (symbol, tag, tuple(repr(s) for s in slots))
        if key not in seen:
            seen.add(key)
            warn(symbol, tag, *slots)

    return report


def _drawn(expr):
    """``expr`` as the drawing functions take it: a Graph as the Graphics that draws it, a
    Grid, Row or Column of pictures as a GraphicsGrid, GraphicsRow or GraphicsColumn, an
    Image as a Graphics of its pixel size."""
    expr = drawable(expr)
    grid = grid_of_graphics(expr)               # GraphicsRow/Column/Grid, evaluated
    if grid is not None:
        return grid
    layout = layout_graphic(expr)
    if layout is not None:
        return layout
    if type(expr).__name__ == "Image":
        size = Expr(Symbol("List"), Integer(expr.width), Integer(expr.height))
        return Expr(Symbol("Graphics"), expr, Expr(Symbol("Rule"), Symbol("ImageSize"), size),
                    Expr(Symbol("Rule"), Symbol("PlotRangePadding"), Symbol("None")))
    return expr


def natural_size(expr, warn, width: float | None = None) -> tuple[int, int]:
    """(width, height) in pixels that ``expr`` takes at its ImageSize (or ``width``)."""
    expr = _drawn(expr)
    if is_grid(expr):
        return grid_size(expr, warn, width)
    if is_labeled_picture(expr):
        return labeled_size(expr, warn, width)
    if is_graphic3d(expr):
        side = int(width) if width is not None else size_of(expr)[0]
        return side, side
    plan = _plan(expr, warn)
    w = width if width is not None else (plan.opts.width or DEFAULT_WIDTH)
    if plan.opts.height is not None and width is None:
        return int(w), int(plan.opts.height)
    fig = new_figure(w, w)
    margins = _draw_plan(fig, plan, w, w, measure=True)
    plot_w = max(w - margins[0] - margins[2], 1.0)
    h = plot_w * plan.aspect + margins[1] + margins[3]
    return int(round(w)), max(1, int(round(h)))


def draw_graphic(container, expr, warn, width: float, height: float) -> None:
    """Draw ``expr`` into a Figure or SubFigure of ``width`` x ``height`` pixels."""
    expr = _drawn(expr)
    if is_grid(expr):
        draw_grid(container, expr, warn, width)
        return
    if is_labeled_picture(expr):
        draw_labeled(container, expr, warn, width, height)
        return
    if is_graphic3d(expr):
        draw3d(container, expr, warn, width, height)
        return
    plan = _plan(expr, warn)
    _draw_plan(container, plan, width, height, measure=False)


class _Plan:
    """What is to be drawn: the scene, options, plot range, aspect, legend entries."""

    def __init__(self, scene: Scene, opts: GraphicsOptions, legend):
        self.scene = scene
        self.opts = opts
        self.legend = legend                   # [(label, kind, Style)] or None
        self.xlim, self.ylim = plot_range(scene, opts)
        self.aspect = _aspect(opts, self.xlim, self.ylim)


def _plan(expr, warn) -> _Plan:
    graphic, legend = _unwrap_legended(expr, warn)
    args = graphic.args if type(graphic) is Expr else ()
    primitives = args[0] if args else Expr(Symbol("List"))
    opts = read_options(args[1:], warn)
    scene = collect(Expr(Symbol("List"), *opts.prolog, primitives, *opts.epilog)
                    if opts.prolog or opts.epilog else primitives, warn)
    if legend is None and opts.legend:
        legend = _group_legend(scene, opts.legend)
    plan = _Plan(scene, opts, legend)
    plan.legend_place = _legend_place(expr)
    return plan


def _unwrap_legended(expr, warn):
    """(graphic, legend entries) of ``Legended[g, legend]``, else (expr, None)."""
    if type(expr) is Expr and expr.head is Symbol("Legended") and len(expr.args) == 2:
        from wlnet.graphics.legends import legend_entries
        graphic, legend = _unwrap_legended(expr.args[0], warn)
        return graphic, (legend or []) + legend_entries(expr.args[1], warn)
    return expr, None


def _legend_place(expr):
    """The Placed position of the outermost legend of ``expr``, or None."""
    from wlnet.graphics.legends import legend_position
    if type(expr) is Expr and expr.head is Symbol("Legended") and len(expr.args) == 2:
        return legend_position(expr.args[1])
    return None


def _group_legend(scene: Scene, labels) -> list:
    """PlotLegends -> {labels} on a Graphics: one entry per top-level group, in order."""
    entries = []
    groups = sorted(scene.group_styles)
    for label, group in zip(labels, groups):
        kind, style = scene.group_styles[group]
        entries.append((label, kind, style))
    return entries


# ---------------------------------------------------------------------------- range

def plot_range(scene: Scene, opts: GraphicsOptions):
    bounds = scene.bounds()
    limits = []
    for axis in (0, 1):
        data = bounds[axis]
        spec = opts.plot_range[axis]
        log = opts.scaling[axis] == "log"
        lo, hi = (data if data is not None else (0.0, 1.0))
        if spec is not None:
            lo = spec[0] if spec[0] is not None else lo
            hi = spec[1] if spec[1] is not None else hi
        explicit = spec is not None and spec[0] is not None and spec[1] is not None
        limits.append(_padded(lo, hi, 0.0 if explicit else opts.padding[axis], log))
    return limits


def _padded(lo: float, hi: float, padding: float, log: bool):
    if log:
        lo, hi = max(lo, 1e-300), max(hi, 1e-300)
        lo, hi = math.log10(lo), math.log10(hi)
    if hi - lo <= 1e-12 * max(abs(lo), abs(hi), 1.0):           # a single value
        half = abs(lo) * 0.1 if lo else 1.0
        lo, hi = lo - half, hi + half
    span = hi - lo
    lo, hi = lo - padding * span, hi + padding * span
    return (10.0 ** lo, 10.0 ** hi) if log else (lo, hi)


def _aspect(opts: GraphicsOptions, xlim, ylim) -> float:
    if isinstance(opts.aspect, float):
        return opts.aspect
    if opts.aspect == "Full" and opts.height and opts.width:
        return opts.height / opts.width
    if "log" in opts.scaling:
        return 1 / 1.618033988749895
    ratio = (ylim[1] - ylim[0]) / (xlim[1] - xlim[0])
    return float(min(max(ratio, 1e-3), 1e3))


# ---------------------------------------------------------------------------- drawing

def _draw_plan(container, plan: _Plan, width: float, height: float, measure: bool):
    """Draw into ``container``; returns the margins (left, bottom, right, top) in pixels
    that the decorations need."""
    mpl = _mpl()
    with mpl.rc_context(_RC):
        ax = container.add_axes((0, 0, 1, 1))
        opts = plan.opts
        if opts.background is not None:
            container.set_facecolor(opts.background)
            ax.set_facecolor(opts.background)
        _set_scales(ax, plan)
        # relative sizes (Thickness[0.01]) are fractions of the plot area's width; the
        # decorations around it take about a tenth of the image
        plot_w = width * (0.9 if _decorated(opts) else 1.0)
        plan.vector_insets = []
        for item in plan.scene.items:
            _DRAW[item.kind](ax, item, plot_w, plan)
        _decorate(ax, plan)
        margins = _fit(container, ax, plan, width, height, measure)
        if not measure:                 # where the plot area is final: its insets' places
            for item in plan.vector_insets:
                _draw_vector_inset(container, ax, item, plan)
            ax._wlnet_annotations = plan.scene.annotations     # Rasterize's "Regions"
        return margins


_RC = {"font.size": FONT_SIZE, "axes.linewidth": 0.8, "xtick.color": AXIS_COLOUR,
       "ytick.color": AXIS_COLOUR, "axes.edgecolor": AXIS_COLOUR, "xtick.labelcolor": "0.25",
       "ytick.labelcolor": "0.25", "svg.fonttype": "none", "axes.unicode_minus": True,
       "path.simplify": True}


_GENERIC_FAMILIES = ("serif", "sans-serif", "monospace", "cursive", "fantasy")


def font_family(style) -> str:
    """The font family to draw a style's text in: its FontFamily when this machine has
    it (or a generic family), sans-serif otherwise (no font-not-found warnings)."""
    name = style.font_family
    if not name or name in _GENERIC_FAMILIES:
        return name or "sans-serif"
    from matplotlib import font_manager
    known = {f.name for f in font_manager.fontManager.ttflist}
    return name if name in known else "sans-serif"


def _set_scales(ax, plan: _Plan) -> None:
    xscale, yscale = plan.opts.scaling
    for scale, axis, set_scale in ((xscale, ax.xaxis, ax.set_xscale),
                                   (yscale, ax.yaxis, ax.set_yscale)):
        if scale == "log":
            set_scale("log")
            axis.set_major_formatter(_log_formatter())
            axis.set_minor_formatter(_log_formatter())
    ax.set_xlim(*(plan.xlim[::-1] if xscale == "reverse" else plan.xlim))
    ax.set_ylim(*(plan.ylim[::-1] if yscale == "reverse" else plan.ylim))
    ax.set_autoscale_on(False)


def _log_formatter():
    """Labels of a log axis as WL writes them: plain numbers (0.01, 1.4, 500) where they
    are short, powers of ten beyond; matplotlib still chooses which ticks are labelled
    (the ones between powers of ten only on a short range)."""
    from matplotlib.ticker import LogFormatterSciNotation

    class Plain(LogFormatterSciNotation):
        def __call__(self, x, pos=None):
            label = super().__call__(x, pos)
            if not label or not 1e-3 <= abs(x) < 1e5:
                return label
            return f"{x:.6g}"
    return Plain(labelOnlyBase=False)


def _fit(container, ax, plan: _Plan, width: float, height: float, measure: bool):
    """Place the axes so the decorations fit; returns the margins used."""
    renderer = container.figure.canvas.get_renderer()       # the root figure's canvas
    margins = (0.0, 0.0, 0.0, 0.0)
    for _ in range(2):                      # tick labels may change with the box: twice
        box = _box(plan, width, height, margins)
        ax.set_position(_fractions(box, width, height))
        # never less than a box measured before needed: an axis inside the box (at the
        # data's edge, within the padding) needs more room as the box narrows
        margins = tuple(max(a, b) for a, b in zip(margins, _margins(ax, renderer)))
    if not measure:
        box = _box(plan, width, height, margins)
        if plan.opts.frame:
            box = _frame_inside(box, margins)
        ax.set_position(_fractions(box, width, height))
    return margins


def _frame_inside(box, margins):
    """A frame line on the image's bottom or right edge is drawn on the pixel outside it
    (matplotlib snaps lines to pixel centres, downwards and leftwards): where nothing lies
    outside the frame on those sides, the box comes one pixel in, so that the line is the
    image's last row or column, as the top and left lines are its first."""
    x0, y0, w, h = box
    if margins[2] == 0 and x0 + w >= 1:
        w -= 1.0
    if margins[1] == 0 and y0 < 1 and h > 1:
        y0, h = y0 + 1.0, h - 1.0
    return (x0, y0, w, h)


def _box(plan: _Plan, width, height, margins):
    """The plot area (x0, y0, w, h) in pixels, keeping the aspect ratio and centred."""
    left, bottom, right, top = margins
    avail_w = max(width - left - right, 1.0)
    avail_h = max(height - bottom - top, 1.0)
    w, h = avail_w, avail_w * plan.aspect
    if h > avail_h and plan.opts.aspect != "Full":
        h = avail_h
        w = h / plan.aspect
    elif plan.opts.aspect == "Full":
        h = avail_h
    x0 = left + (avail_w - w) / 2
    y0 = bottom + (avail_h - h) / 2
    return (x0, y0, w, h)


def _fractions(box, width, height):
    x0, y0, w, h = box
    return (x0 / width, y0 / height, w / width, h / height)


def _margins(ax, renderer):
    """How far the decorations reach out of the axes box, in pixels (each side)."""
    tight = ax.get_tightbbox(renderer)
    box = ax.get_window_extent(renderer)
    if tight is None:
        return (0.0, 0.0, 0.0, 0.0)
    out = (box.x0 - tight.x0, box.y0 - tight.y0, tight.x1 - box.x1, tight.y1 - box.y1)
    # a side the decorations reach gets 2 more pixels so that text is not cut at the edge;
    # half a pixel of frame line is not worth a margin (a framed 30-pixel MatrixPlot stays
    # 30 pixels wide)
    return tuple(math.floor(v + 0.5) + 2.0 if v > 0.5 else 0.0 for v in out)


def _decorated(opts: GraphicsOptions) -> bool:
    return opts.frame or any(opts.axes)


# ---------------------------------------------------------------------------- items

def _line_kwargs(style: Style, plot_w: float) -> dict:
    kwargs = {"color": style.rgba(), "linewidth": style.line_width(plot_w),
              "solid_capstyle": "butt", "solid_joinstyle": "round"}
    dashes = style.dash_pattern(plot_w)
    if dashes is not None:
        kwargs["linestyle"] = dashes
    return kwargs


def _draw_line(ax, item, plot_w, plan):
    pts = item.data
    ax.plot(pts[:, 0], pts[:, 1], **_line_kwargs(item.style, plot_w))


def _draw_points(ax, item, plot_w, plan):
    pts = item.data
    size = item.style.marker_size(plot_w)
    ax.plot(pts[:, 0], pts[:, 1], linestyle="none", marker="o", markersize=size,
            markeredgewidth=0, color=item.style.rgba())


def _patch_kwargs(style: Style, plot_w: float) -> dict:
    kwargs = {"facecolor": style.face_rgba(), "linewidth": 0, "edgecolor": "none"}
    if style.edge is not None:
        kwargs.update(edgecolor=style.edge.rgba(), linewidth=style.edge.line_width(plot_w))
    return kwargs


def _draw_polygon(ax, item, plot_w, plan):
    from matplotlib.patches import Polygon
    if len(item.data) >= 2:
        ax.add_patch(Polygon(item.data, closed=True, **_patch_kwargs(item.style, plot_w)))


def _draw_rectangle(ax, item, plot_w, plan):
    from matplotlib.patches import Rectangle
    x0, y0, x1, y1 = item.data
    ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, **_patch_kwargs(item.style, plot_w)))


def _draw_disk(ax, item, plot_w, plan):
    from matplotlib.patches import Ellipse, Polygon
    cx, cy, rx, ry, angles = item.data
    kwargs = _patch_kwargs(item.style, plot_w)
    if angles is None:
        ax.add_patch(Ellipse((cx, cy), 2 * rx, 2 * ry, **kwargs))
        return
    t = np.linspace(angles[0], angles[1], 90)
    outline = np.column_stack([cx + rx * np.cos(t), cy + ry * np.sin(t)])
    ax.add_patch(Polygon(np.vstack([[cx, cy], outline]), closed=True, **kwargs))


def _draw_circle(ax, item, plot_w, plan):
    cx, cy, rx, ry, angles = item.data
    t0, t1 = angles if angles is not None else (0.0, 2 * math.pi)
    t = np.linspace(t0, t1, 180)
    ax.plot(cx + rx * np.cos(t), cy + ry * np.sin(t), **_line_kwargs(item.style, plot_w))


def _draw_arrow(ax, item, plot_w, plan):
    from matplotlib.patches import FancyArrowPatch
    from matplotlib.path import Path
    kwargs = _line_kwargs(item.style, plot_w)
    width = kwargs.pop("linewidth")
    kwargs.pop("solid_capstyle"), kwargs.pop("solid_joinstyle")
    ax.add_patch(FancyArrowPatch(path=Path(item.data), arrowstyle="-|>",
                                 mutation_scale=10 + 3 * width, linewidth=width, **kwargs))


def _draw_text(ax, item, plot_w, plan):
    content, (x, y), (ox, oy) = item.data
    style = item.style
    layered = two_d_text(content)
    text = layered or plain_text(content)
    size = style.font_size or FONT_SIZE
    # the offset names the point of the text's box (-1..1 across each way) placed at
    # (x, y): {-1, 0} its left end, {-1.5, 0} a quarter of its width further left; the
    # box is estimated from the characters (an average glyph 0.6 of the font size wide)
    lines = plain_text(content).split("\n")
    half_w = 0.3 * size * max(len(line) for line in lines)
    half_h = 0.6 * size * len(lines)
    ax.annotate(text, xy=(x, y), xytext=(-ox * half_w, -oy * half_h),
                textcoords="offset points", ha="center", va="center", color=style.rgba(),
                fontsize=size, fontweight=style.font_weight or "normal",
                fontstyle=style.font_slant or "normal", parse_math=layered is not None,
                fontfamily=font_family(style),
                annotation_clip=False)


def _draw_raster(ax, item, plot_w, plan):
    data, ((x0, y0), (x1, y1)) = item.data
    if data.ndim == 2:                          # grey levels
        data = np.repeat(data[:, :, None], 3, axis=2)
    ax.imshow(np.clip(data[::-1], 0.0, 1.0), extent=(x0, x1, y0, y1), origin="upper",
              interpolation="nearest", aspect="auto", zorder=0)
    ax.set_xlim(*plan.xlim)
    ax.set_ylim(*plan.ylim)


# a picture inset is drawn as vectors (a subfigure of its own: crisp in SVG and PDF) when a
# graphic has at most this many; more (picture plot markers at every point) are rasterised
_MAX_VECTOR_INSETS = 16


def _draw_inset(ax, item, plot_w, plan):
    content, (x, y), width = item.data
    if _vector_inset(content, plan):
        plan.vector_insets.append(item)          # drawn once the plot area is placed
        return
    pixels = picture_pixels(content, lambda *a: None)
    if pixels is None:
        return
    h, w = pixels.shape[:2]
    x_per_pixel = (plan.xlim[1] - plan.xlim[0]) / plot_w
    y_per_pixel = (plan.ylim[1] - plan.ylim[0]) / (plot_w * plan.aspect)
    width = width if width is not None else w * x_per_pixel
    height = h * (width / (w * x_per_pixel)) * y_per_pixel     # the picture keeps its shape
    ax.imshow(pixels, extent=(x - width / 2, x + width / 2, y - height / 2, y + height / 2),
              origin="upper", interpolation="antialiased", aspect="auto", zorder=1)
    ax.set_xlim(*plan.xlim)
    ax.set_ylim(*plan.ylim)


_DRAW = {"line": _draw_line, "points": _draw_points, "polygon": _draw_polygon,
         "rectangle": _draw_rectangle, "disk": _draw_disk, "circle": _draw_circle,
         "arrow": _draw_arrow, "text": _draw_text, "raster": _draw_raster,
         "inset": _draw_inset}


# ---------------------------------------------------------------------------- decorations

def _vector_inset(content, plan: _Plan) -> bool:
    """Whether an inset of ``content`` is drawn as vectors: a two-dimensional graphic
    (not an image, a grid or a 3-D one) among a few such insets."""
    if type(content) is not Expr or content.head is not Symbol("Graphics"):
        return False
    count = getattr(plan, "picture_insets", None)
    if count is None:
        count = plan.picture_insets = sum(
            1 for i in plan.scene.items if i.kind == "inset" and type(i.data[0]) is Expr
            and i.data[0].head is Symbol("Graphics"))
    return count <= _MAX_VECTOR_INSETS


def _draw_vector_inset(container, ax, item, plan) -> None:
    """An Inset of a graphic drawn into a subfigure over its place: centred at its
    position, ``width`` plot units wide (else its natural size), its own shape kept; one
    that would reach out of the picture is rasterised instead (a subfigure lies inside)."""
    content, (x, y), width = item.data
    warn = lambda *a: None                                        # noqa: E731
    natural_w, natural_h = natural_size(content, warn)
    scale = container.figure.dpi / DPI                            # display pixels a point
    cx, cy = ax.transData.transform((x, y))
    if width is not None:
        w = abs(ax.transData.transform((x + width / 2, y))[0] -
                ax.transData.transform((x - width / 2, y))[0])
    else:
        w = natural_w * scale
    h = w * natural_h / max(natural_w, 1)
    box = container.bbox
    left, bottom = (cx - w / 2 - box.x0) / box.width, (cy - h / 2 - box.y0) / box.height
    right, top = left + w / box.width, bottom + h / box.height
    if w < 1 or h < 1 or left < 0 or bottom < 0 or right > 1 or top > 1:
        pixels = picture_pixels(content, warn)
        ax.imshow(pixels, extent=tuple(ax.transData.inverted().transform(
            [(cx - w / 2, cy - h / 2), (cx + w / 2, cy + h / 2)]).T.ravel()),
            origin="upper", interpolation="antialiased", aspect="auto", zorder=1)
        ax.set_xlim(*plan.xlim)
        ax.set_ylim(*plan.ylim)
        return
    # a subfigure is placed by a grid's ratios only: the middle cell of a 3 x 3 grid
    tiny = 1e-9
    cells = container.add_gridspec(3, 3, width_ratios=[left + tiny, right - left,
                                                       1 - right + tiny],
                                   height_ratios=[1 - top + tiny, top - bottom, bottom + tiny],
                                   wspace=0, hspace=0)
    sub = container.add_subfigure(cells[1, 1], facecolor="none")
    draw_graphic(sub, content, warn, w / scale, h / scale)
    for inner in sub.axes:                    # the parent's drawing shows round the inset
        if inner.get_facecolor() == (1.0, 1.0, 1.0, 1.0):
            inner.patch.set_alpha(0.0)


def _decorate(ax, plan: _Plan) -> None:
    opts = plan.opts
    if opts.frame:
        _frame(ax, opts)
    elif any(opts.axes):
        _axes(ax, plan)
    else:
        ax.set_axis_off()
    if opts.grid != (None, None):
        _grid(ax, opts)
    if opts.plot_label:
        ax.set_title(opts.plot_label, fontsize=FONT_SIZE + 1,
                     parse_math=is_math(opts.plot_label))
    _styles(ax, opts)
    if opts.plot_label and opts.plot_label_style is not None:     # over LabelStyle
        _own(ax, ax.title, opts.plot_label_style)
    for text, style in getattr(ax, "_wlnet_own_styles", []):
        for key, value in _text_kwargs(style).items():
            getattr(text, f"set_{key}")(value)
    if plan.legend:
        from wlnet.graphics.legends import draw_legend
        draw_legend(ax, plan.legend, where=plan.legend_place)


def _text_kwargs(style) -> dict:
    out = {"color": style.rgba()}
    if style.font_size:
        out["fontsize"] = style.font_size
    if style.font_weight:
        out["fontweight"] = style.font_weight
    if style.font_slant:
        out["fontstyle"] = style.font_slant
    if style.font_family:
        out["fontfamily"] = font_family(style)
    return out


def _styles(ax, opts: GraphicsOptions) -> None:
    """LabelStyle (every label: ticks, axes and frame labels, the plot label), then
    TicksStyle (tick labels and marks), AxesStyle / FrameStyle (the lines)."""
    texts = [*ax.get_xticklabels(), *ax.get_yticklabels(), ax.xaxis.label, ax.yaxis.label,
             ax.title, *[t for t in ax.texts]]
    for style, which in ((opts.label_style, texts),
                         (opts.ticks_style, [*ax.get_xticklabels(), *ax.get_yticklabels()])):
        if style is not None:
            for text in which:
                for key, value in _text_kwargs(style).items():
                    getattr(text, f"set_{key}")(value)
    if opts.ticks_style is not None:
        ax.tick_params(colors=opts.ticks_style.rgba())
    line_style = opts.frame_style if opts.frame else opts.axes_style
    if line_style is not None:
        for spine in ax.spines.values():
            spine.set_color(line_style.rgba())
            if line_style.thickness != (0.5, False):      # a thickness was given
                spine.set_linewidth(line_style.line_width(ax.bbox.width))
        if opts.ticks_style is None:
            ax.tick_params(color=line_style.rgba())


def _apply_ticks(ax, opts: GraphicsOptions, shown=(True, True)) -> None:
    from wlnet.graphics.legends import literal
    for axis, spec, show in ((ax.xaxis, opts.ticks[0], shown[0]),
                             (ax.yaxis, opts.ticks[1], shown[1])):
        if spec is None or not show:
            axis.set_ticks([])
        elif spec != "auto":
            axis.set_ticks([p for p, _ in spec], [literal(label) for _, label in spec])
            for text, (_, label) in zip(axis.get_ticklabels(), spec):
                if getattr(label, "degrees", 0):              # Rotate[label, angle]
                    text.set_rotation(label.degrees)


def _frame_ticks(ax, opts: GraphicsOptions) -> None:
    """FrameTicks per side: the bottom and left ones are the axes' own ticks (their
    automatic setting is the Ticks one, which array plots fill with cell numbers); the
    top and right mirror them (marks, or labelled) or have a list of their own."""
    from wlnet.graphics.legends import literal
    bottom, left, top, right = opts.frame_ticks
    shown = [side is not None for side in (bottom, left)]
    _apply_ticks(ax, opts.with_changes(ticks=tuple(
        opts.ticks[k] if side == "auto" or side == "marks" else side
        for k, side in enumerate((bottom, left)))), shown=shown)
    ax.tick_params(labelbottom=bottom not in (None, "marks"),
                   labelleft=left not in (None, "marks"))
    for axis, side, place in ((ax.xaxis, top, "top"), (ax.yaxis, right, "right")):
        own = isinstance(side, list)
        mirrored = side is not None and not own
        ax.tick_params(**{place: mirrored, f"label{place}": side == "auto"})
        if own:
            extra = (ax.secondary_xaxis if place == "top" else ax.secondary_yaxis)(place)
            extra.tick_params(direction="in", length=4)
            (extra.xaxis if place == "top" else extra.yaxis).set_ticks(
                [p for p, _ in side], [literal(label) for _, label in side])


def _frame(ax, opts: GraphicsOptions) -> None:
    for spine in ax.spines.values():
        spine.set_visible(True)
    ax.tick_params(direction="in", length=4)
    _frame_ticks(ax, opts)
    bottom, left, top, right = opts.frame_label
    styles = opts.label_styles
    if bottom:
        _own(ax, ax.set_xlabel(bottom, parse_math=is_math(bottom)), styles.get("bottom"))
    if left:
        _own(ax, ax.set_ylabel(left, parse_math=is_math(left)), styles.get("left"))
    if top:
        _own(ax, ax.set_title(top, fontsize=FONT_SIZE, parse_math=is_math(top)),
             styles.get("top"))
    if right:                  # beside the right frame line, read from top to bottom
        _own(ax, ax.annotate(right, xy=(1, 0.5), xycoords="axes fraction", xytext=(6, 0),
                             textcoords="offset points", rotation=-90, ha="left",
                             va="center", annotation_clip=False, parse_math=is_math(right)),
             styles.get("right"))


def _axes(ax, plan: _Plan) -> None:
    """Axes crossing at AxesOrigin (0 where it is in the range, else the range's end)."""
    opts = plan.opts
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    origin = opts.axes_origin or (_origin(plan.xlim, opts.scaling[0]),
                                  _origin(plan.ylim, opts.scaling[1]))
    ax.spines["bottom"].set_position(("data", origin[1]))
    ax.spines["left"].set_position(("data", origin[0]))
    ax.spines["bottom"].set_visible(opts.axes[0])
    ax.spines["left"].set_visible(opts.axes[1])
    ax.tick_params(direction="in", length=4)
    _apply_ticks(ax, opts, shown=opts.axes)
    xlabel, ylabel = opts.axes_label
    if xlabel and opts.axes[0]:
        _own(ax, ax.annotate(xlabel, xy=(1, origin[1]), xycoords=("axes fraction", "data"),
                             xytext=(6, 0), textcoords="offset points", ha="left",
                             va="center", annotation_clip=False, parse_math=is_math(xlabel)),
             opts.label_styles.get("x"))
    if ylabel and opts.axes[1]:
        _own(ax, ax.annotate(ylabel, xy=(origin[0], 1), xycoords=("data", "axes fraction"),
                             xytext=(0, 6), textcoords="offset points", ha="center",
                             va="bottom", annotation_clip=False, parse_math=is_math(ylabel)),
             opts.label_styles.get("y"))


def _own(ax, text, style) -> None:
    """Remember a label's own Style, applied after LabelStyle (which it overrides)."""
    if style is not None:
        ax._wlnet_own_styles = [*getattr(ax, "_wlnet_own_styles", []), (text, style)]


def _origin(limits, scale: str) -> float:
    lo, hi = limits
    if scale == "log":
        return lo
    return 0.0 if lo <= 0.0 <= hi else (lo if lo > 0 else hi)


def _grid(ax, opts: GraphicsOptions) -> None:
    for which, spec in (("x", opts.grid[0]), ("y", opts.grid[1])):
        if spec is None:
            continue
        base = _grid_kwargs(opts.grid_style, ax)
        if spec == "auto":
            ax.grid(True, axis=which, **base)
            ax.set_axisbelow(True)
            continue
        draw = ax.axvline if which == "x" else ax.axhline
        for value, style in spec:
            draw(value, zorder=0, **{**base, **_grid_kwargs(style, ax, {})})


def _grid_kwargs(style, ax, default=None) -> dict:
    """matplotlib settings of a grid line style (GridLinesStyle, or one line's own)."""
    out = dict(color=GRID_COLOUR, linewidth=0.8) if default is None else dict(default)
    if style is None:
        return out
    if style.colour != (0.25, 0.25, 0.25):                # a colour was given
        out["color"] = style.rgba()
    if style.thickness != (0.5, False):
        out["linewidth"] = style.line_width(ax.bbox.width)
    if style.dashes:
        out["dashes"] = style.dash_pattern(ax.bbox.width)[1]
    return out


# ---------------------------------------------------------------------------- rows and grids
#
# ``GraphicsRow``, ``GraphicsColumn`` and ``GraphicsGrid``: graphics side by side.
# 
# Each cell is drawn into its own matplotlib SubFigure (vector output stays vector); every
# column has the same width and each row the height of its tallest cell.  Cells may be
# graphics, images, or ``None``/``Null`` (left empty).

CELL_WIDTH = 240                    # pixels per column when ImageSize is Automatic
MAX_AUTOMATIC_WIDTH = 960


def grid_cells(e) -> list[list]:
    """The cells as rows of expressions (None for an empty cell)."""
    items = e.args[0].args
    name = e.head.name
    if name == "GraphicsRow":
        rows = [list(items)]
    elif name == "GraphicsColumn":
        rows = [[a] for a in items]
    else:
        rows = [list(r.args) if is_list(r) else [r] for r in items]
    width = max((len(r) for r in rows), default=0)
    return [[_cell(c) for c in r] + [None] * (width - len(r)) for r in rows]


def _cell(c):
    if type(c) is Symbol and c.name in ("None", "Null"):
        return None
    return _drawn(c)


def _image_width(e) -> float | None:
    for rule in e.args[1:]:
        if is_rule(rule) and option_name(rule) == "ImageSize":
            value = rule.args[1]
            if type(value) is Symbol and value.name in NAMED_IMAGE_SIZES:
                return NAMED_IMAGE_SIZES[value.name]
            if is_list(value) and value.args:
                value = value.args[0]
            return number(value)
    return None


def _is_text_cell(c) -> bool:
    return type(c) is Expr and c.head is Symbol("Graphics") and bool(c.args) \
        and type(c.args[0]) is Expr and c.args[0].head is Symbol("Text")


def _layout(e, warn, width):
    """(rows, columns, total width, cell width, row heights, column gaps, row gaps): the
    gaps in pixels, n + 1 per direction (before the first item … after the last), from
    the Spacings option."""
    rows = grid_cells(e)
    cols = max(1, max((len(r) for r in rows), default=1))
    # a table of text (cells each a Text with its width): columns as wide as the widest
    sizes = [_image_width(c) if _is_text_cell(c) else None for row in rows for c in row
             if c is not None]
    own = max(sizes) * cols if sizes and None not in sizes else None
    total = width or _image_width(e) or own or min(cols * CELL_WIDTH, MAX_AUTOMATIC_WIDTH)
    spacings = _option(e, "Spacings")
    across, down = spacings.args if is_list(spacings) and len(spacings.args) == 2 \
        else (spacings, spacings)                         # {horizontal, vertical}
    # Scaled[s] is a share of an item: of the cell's width before the gaps are known
    column_gaps = grid_gaps(across, cols, total / cols)
    cell_w = max(total - sum(column_gaps), cols) / cols
    heights = []
    for row in rows:
        sizes = [natural_size(c, warn, width=cell_w)[1] for c in row if c is not None]
        heights.append(max(sizes, default=1))
    row_gaps = grid_gaps(down, len(rows), sum(heights) / max(len(heights), 1))
    return rows, cols, total, cell_w, heights, column_gaps, row_gaps


def _option(e, name: str):
    return next((r.args[1] for r in e.args[1:] if is_rule(r) and option_name(r) == name),
                None)


def grid_gaps(spec, items: int, item_size: float) -> list[float]:
    """The n + 1 gaps (pixels) a Spacings setting in one direction gives n items: s (or
    Scaled[f], a share of an item's size) between items; {s1, s2, …} gap by gap from
    before the first item (the rest 0); {{c}} c between all items; None or Automatic no
    extra space."""
    gaps = [0.0] * (items + 1)
    if spec is None or type(spec) is Symbol:
        return gaps
    if is_list(spec):
        cyclic = [a for a in spec.args if is_list(a)]
        if len(spec.args) == 1 and cyclic:               # {{c…}}: between every item
            values = [_gap(c, item_size) for c in cyclic[0].args] or [0.0]
            for k in range(1, items):
                gaps[k] = values[(k - 1) % len(values)]
            return gaps
        for k, a in enumerate(spec.args[:items + 1]):
            if not is_list(a):
                gaps[k] = _gap(a, item_size)
        return gaps
    value = _gap(spec, item_size)
    return [0.0] + [value] * (items - 1) + [0.0]


def _gap(e, item_size: float) -> float:
    if type(e) is Expr and e.head is Symbol("Scaled") and len(e.args) == 1:
        scale = number(e.args[0])
        return max(0.0, scale * item_size) if scale is not None else 0.0
    value = number(e)
    return max(0.0, value) if value is not None else 0.0


def grid_size(e, warn, width=None) -> tuple[int, int]:
    _, _, total, _, heights, _, row_gaps = _layout(e, warn, width)
    return int(round(total)), int(round(sum(heights) + sum(row_gaps)))


def draw_grid(container, e, warn, width=None):
    """Draw the cells of a GraphicsRow, GraphicsColumn or GraphicsGrid into ``container``
    (a Figure or a SubFigure ``width`` pixels wide): a grid of subfigures whose even
    rows and columns are the Spacings' gaps, left empty."""
    rows, cols, total, cell_w, heights, column_gaps, row_gaps = _layout(e, warn, width)
    tiny = 1e-6                                  # (a ratio of 0: a gap of nothing)
    widths = [w for k in range(cols) for w in (column_gaps[k] + tiny, cell_w)] + \
        [column_gaps[cols] + tiny]
    tall = [h for k, height in enumerate(heights) for h in (row_gaps[k] + tiny, height)] + \
        [row_gaps[len(heights)] + tiny]
    subfigures = container.subfigures(len(tall), len(widths), height_ratios=tall,
                                      width_ratios=widths, squeeze=False, wspace=0,
                                      hspace=0)
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell is not None:
                draw_graphic(subfigures[2 * r + 1][2 * c + 1], cell, warn, cell_w, heights[r])
    _grid_frame(container, e, _edges(widths), _edges(tall))


def _edges(sizes: list) -> list[float]:
    """The dividing lines of a direction laid out as gap, item, gap, …, gap: each at the
    middle of its gap, as fractions of the whole (from the start)."""
    total = sum(sizes) or 1.0
    starts = np.cumsum([0.0] + sizes) / total
    return [float((starts[k] + starts[k + 1]) / 2) for k in range(0, len(sizes), 2)]


def _grid_frame(container, e, xs: list, ys_from_top: list) -> None:
    """Grid's Frame: All a line round every cell, True round the whole grid (the lines
    in the middle of the Spacings' gaps)."""
    from matplotlib.lines import Line2D
    frame = _option(e, "Frame")
    every = frame == Symbol("All")
    if not every and frame != Symbol("True"):
        return
    ys = [1.0 - y for y in ys_from_top]
    inset = 0.002                                # the outer lines just inside the image
    lines = [([x, x], [0, 1]) for x in (xs if every else [xs[0], xs[-1]])] + \
        [([0, 1], [y, y]) for y in (ys if every else [ys[0], ys[-1]])]
    for x, y in lines:
        x = [min(max(v, inset), 1 - inset) for v in x]
        y = [min(max(v, inset), 1 - inset) for v in y]
        container.add_artist(Line2D(x, y, transform=container.transSubfigure
                                    if hasattr(container, "transSubfigure")
                                    else container.transFigure,
                                    color="0.5", linewidth=0.8, zorder=100))


# ---------------------------------------------------------------------------- labels
#
# ``Labeled[picture, label]`` (and ``Labeled[picture, label, side]``, side Bottom, Top,
# Left or Right): the picture with one line of text beside it, centred.

LABEL_BAND = 24                     # pixels of the line of text below or above
CHARACTER_WIDTH = 7                 # pixels per character of a label beside the picture


def _label_parts(e):
    side = symbol_name(e.args[2]) if len(e.args) == 3 else "Bottom"
    return e.args[0], plain_text(e.args[1]), side


def _label_band(text: str, side: str) -> float:
    return LABEL_BAND if side in ("Bottom", "Top") else CHARACTER_WIDTH * len(text) + 12


def labeled_size(e, warn, width=None) -> tuple[int, int]:
    picture, text, side = _label_parts(e)
    band = _label_band(text, side)
    if side in ("Bottom", "Top"):
        w, h = natural_size(picture, warn, width)
        return w, int(h + band)
    w, h = natural_size(picture, warn, None if width is None else max(width - band, 1))
    return int(w + band), h


def draw_labeled(container, e, warn, width, height) -> None:
    picture, text, side = _label_parts(e)
    band = _label_band(text, side)
    vertical = side in ("Bottom", "Top")
    picture_first = side in ("Bottom", "Right")
    sizes = [height - band if vertical else width - band, band]
    if not picture_first:
        sizes.reverse()
    parts = container.subfigures(2, 1, height_ratios=sizes, hspace=0) if vertical else \
        container.subfigures(1, 2, width_ratios=sizes, wspace=0)
    picture_part, label_part = parts if picture_first else parts[::-1]
    draw_graphic(picture_part, picture, warn, width if vertical else width - band,
                 height - band if vertical else height)
    label_part.text(0.5, 0.5, text, ha="center", va="center", fontsize=FONT_SIZE,
                    color="0.2", parse_math=False)


# ---------------------------------------------------------------------------- text

TEXT_SIZE = 12.0                    # points of an expression rasterized as text


def text_figure(expr, warn, size=None):
    """A figure just big enough for ``expr`` written as text (its OutputForm; Style's
    size, weight, slant and colour kept): what Rasterize makes of an expression that is
    not a picture; ``size`` (w, h) in points, either None, sets the box the text is
    centred in (the font keeps its size)."""
    item = collect(Expr(Symbol("Text"), expr), warn).items[0]
    layered = two_d_text(item.data[0])               # fractions and powers in 2-D
    content, style = layered or plain_text(item.data[0]), item.style
    font = {"fontsize": style.font_size or TEXT_SIZE, "fontweight": style.font_weight or "normal",
            "fontstyle": style.font_slant or "normal", "color": style.rgba(),
            "fontfamily": font_family(style),
            "parse_math": layered is not None}
    probe = new_figure(10, 10)
    box = probe.text(0, 0, content, **font).get_window_extent(probe.canvas.get_renderer())
    width, height = math.ceil(box.width) + 4, math.ceil(box.height) + 4
    if size is not None:
        width, height = (round(s) if s is not None else n for s, n in zip(size, (width, height)))
    fig = new_figure(width, height)
    fig.text(0.5, 0.5, content, ha="center", va="center", **font)
    return fig


def picture_pixels(content, warn):
    """The pixels of an Image, or of a picture rasterised; None for anything else."""
    if type(content).__name__ == "Image":
        return content.pixels
    if is_picture(content):
        return figure_pixels(figure_of(content, warn))
    return None
