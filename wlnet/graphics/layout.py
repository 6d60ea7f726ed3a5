"""``GraphicsRow``, ``GraphicsColumn`` and ``GraphicsGrid``: graphics side by side.

Each cell is drawn into its own matplotlib SubFigure (vector output stays vector); every
column has the same width and each row the height of its tallest cell.  Cells may be
graphics, images, or ``None``/``Null`` (left empty).
"""

from __future__ import annotations

from wlnet.core.expr import Expr, Symbol
from wlnet.graphics.options import NAMED_IMAGE_SIZES
from wlnet.graphics.values import is_list, is_rule, number, option_name

__all__ = ["is_grid", "grid_size", "grid_figure", "picture_pixels", "grid_cells"]

GRID_HEADS = ("GraphicsRow", "GraphicsColumn", "GraphicsGrid")
CELL_WIDTH = 240                    # pixels per column when ImageSize is Automatic
MAX_AUTOMATIC_WIDTH = 960


def is_grid(e) -> bool:
    return (type(e) is Expr and type(e.head) is Symbol and e.head.name in GRID_HEADS
            and bool(e.args) and is_list(e.args[0]))


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
    if type(c).__name__ == "Image":
        return Expr(Symbol("Graphics"), c)
    return c


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


def _layout(e, warn, width):
    from wlnet.graphics.render import natural_size
    rows = grid_cells(e)
    cols = max(1, max((len(r) for r in rows), default=1))
    total = width or _image_width(e) or min(cols * CELL_WIDTH, MAX_AUTOMATIC_WIDTH)
    cell_w = total / cols
    heights = []
    for row in rows:
        sizes = [natural_size(c, warn, width=cell_w)[1] for c in row if c is not None]
        heights.append(max(sizes, default=1))
    return rows, cols, total, cell_w, heights


def grid_size(e, warn, width=None) -> tuple[int, int]:
    _, _, total, _, heights = _layout(e, warn, width)
    return int(round(total)), int(round(sum(heights)))


def grid_figure(e, warn):
    from wlnet.graphics.render import draw_graphic, new_figure
    rows, cols, total, cell_w, heights = _layout(e, warn, None)
    fig = new_figure(total, sum(heights))
    subfigures = fig.subfigures(len(rows), cols, height_ratios=heights, squeeze=False,
                                wspace=0, hspace=0)
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell is not None:
                draw_graphic(subfigures[r][c], cell, warn, cell_w, heights[r])
    return fig


def picture_pixels(content, warn):
    """The pixels of an Image, or of a graphic rasterised; None for anything else."""
    if type(content).__name__ == "Image":
        return content.pixels
    from wlnet.graphics import is_graphic, rasterize_pixels
    if is_graphic(content):
        return rasterize_pixels(content, warn)
    return None
