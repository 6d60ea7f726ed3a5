"""Reading WL values for drawing: numbers, points, lists of points, numeric arrays.

Every reader gives None (not an exception) for a value that is not of its kind, so that
the drawing code can report a ``Graphics::gprim``-style message and go on.
"""

from __future__ import annotations

import math

import numpy as np

from wlnet.builtins._listutil import number_value
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol

__all__ = ["number", "point", "points", "numeric_array", "is_list", "option_name",
           "is_rule", "symbol_name", "is_picture", "is_labeled_picture", "layout_graphic"]


_CONSTANTS = {"Pi": math.pi, "E": math.e, "Degree": math.pi / 180,
              "GoldenRatio": (1 + math.sqrt(5)) / 2}
_FUNCTIONS = {"Sin": math.sin, "Cos": math.cos, "Tan": math.tan, "Exp": math.exp,
              "Log": math.log, "Sqrt": math.sqrt}


def number(e) -> float | None:
    """A real number as a float; None otherwise.  Exact numeric expressions count too
    (``Pi/2``, ``Sqrt[3]/2``, ``2 Cos[Pi/5]``), as the front end computes coordinates."""
    value = number_value(e)
    if value is not None:
        return float(value)
    try:
        result = _exact(e)
    except (ValueError, OverflowError, ZeroDivisionError, TypeError):
        return None
    return result if result is not None and math.isfinite(result) else None


def _exact(e) -> float | None:
    value = number_value(e)
    if value is not None:
        return float(value)
    if type(e) is Symbol:
        return _CONSTANTS.get(e.name)
    if type(e) is not Expr or type(e.head) is not Symbol or not e.args:
        return None
    args = [_exact(a) for a in e.args]
    if any(a is None for a in args):
        return None
    name = e.head.name
    if name == "Plus":
        return math.fsum(args)
    if name == "Times":
        return math.prod(args)
    if name == "Power" and len(args) == 2:
        result = args[0] ** args[1]
        return result if isinstance(result, float) else None      # complex: not real
    if name in _FUNCTIONS and len(args) == 1:
        return _FUNCTIONS[name](args[0])
    return None


def is_list(e) -> bool:
    return type(e) is Expr and e.head is S.List


def point(e) -> tuple[float, float] | None:
    """``{x, y}`` as a pair of floats."""
    if is_list(e) and len(e.args) == 2:
        x, y = number(e.args[0]), number(e.args[1])
        if x is not None and y is not None:
            return x, y
    return None


def points(e) -> np.ndarray | None:
    """``{{x1, y1}, {x2, y2}, …}`` as an (n, 2) float array (n may be 0)."""
    arr = numeric_array(e)
    if arr is not None and arr.ndim == 2 and arr.shape[1] == 2:
        return arr
    if is_list(e) and not e.args:
        return np.zeros((0, 2))
    return None


def numeric_array(e) -> np.ndarray | None:
    """A rectangular array of real numbers (nested Lists, or a NumericArray atom) as
    float64; None when ``e`` is not one."""
    held = getattr(e, "array", None)                     # NumericArray atoms
    if isinstance(held, np.ndarray):
        return held.astype(np.float64) if held.dtype.kind in "iuf" else None
    try:
        arr = np.array(_nested(e), dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return arr


def listed(e):
    """A NumericArray or a SparseArray as the nested List of its elements (data a plot
    reads as lists, such as a net's weights from NetExtract); anything else as it is."""
    held = getattr(e, "array", None)
    if isinstance(held, np.ndarray) and held.dtype.kind in "iuf":
        from wlnet.core.expr import from_python
        return from_python(held.tolist())
    if type(e) is Expr and type(e.head) is Symbol and e.head.name == "SparseArray":
        from wlnet.builtins.sparse_arrays import read_sparse
        sparse = read_sparse(e)
        return e if sparse is None else sparse.dense()
    return e


def _nested(e):
    if is_list(e):
        return [_nested(a) for a in e.args]
    value = number(e)
    if value is None:
        raise TypeError("not a number")
    return value


def is_rule(e) -> bool:
    return type(e) is Expr and e.head in (S.Rule, S.RuleDelayed) and len(e.args) == 2


def option_name(rule) -> str | None:
    """The name of an option rule's key (a symbol or a string); None for anything else,
    a rule or not (a positional argument: MandelbrotSetPlot[x])."""
    if not is_rule(rule):
        return None
    key = rule.args[0]
    if type(key) is Symbol:
        return key.name
    if type(key) is String:
        return key.value
    return None


def symbol_name(e) -> str | None:
    return e.name if type(e) is Symbol else None


# ---------------------------------------------------------------------------- what is a picture

GRAPHIC_HEADS = ("Graphics", "Legended", "GraphicsRow", "GraphicsColumn", "GraphicsGrid",
                 "Graphics3D")
GRID_HEADS = ("GraphicsRow", "GraphicsColumn", "GraphicsGrid")


def is_grid(e) -> bool:
    return (type(e) is Expr and type(e.head) is Symbol and e.head.name in GRID_HEADS
            and bool(e.args) and is_list(e.args[0]))


def is_graphic(e) -> bool:
    """A picture the graphics package draws: Graphics, Legended, a row, column or grid, a
    Graph."""
    if type(e).__name__ == "Graph":
        return True
    if type(e) is not Expr or type(e.head) is not Symbol or e.head.name not in GRAPHIC_HEADS:
        return False
    if e.head.name == "Legended":
        return len(e.args) == 2 and is_graphic(e.args[0])
    if e.head.name in ("Graphics", "Graphics3D"):
        return len(e.args) >= 1
    return is_grid(e)


# Layouts of the language that hold pictures: drawn as the graphics layouts are
LAYOUT_HEADS = {"Grid": "GraphicsGrid", "Row": "GraphicsRow", "Column": "GraphicsColumn"}
LABEL_SIDES = ("Bottom", "Top", "Left", "Right")


def is_labeled_picture(e) -> bool:
    """``Labeled[picture, label]`` or ``Labeled[picture, label, side]``."""
    return (type(e) is Expr and e.head is Symbol("Labeled") and len(e.args) in (2, 3)
            and is_picture(e.args[0])
            and (len(e.args) == 2 or symbol_name(e.args[2]) in LABEL_SIDES))


def is_picture(e) -> bool:
    """What can be drawn: a graphic, an Image, a labelled picture, or a Grid, Row or
    Column whose items are pictures (None and Null leave a cell empty)."""
    if is_graphic(e) or type(e).__name__ == "Image" or is_labeled_picture(e):
        return True
    return layout_graphic(e) is not None


def layout_graphic(e):
    """``Grid[{{p11, …}, …}]``, ``Row[{p1, …}]`` or ``Column[{p1, …}]`` of pictures as the
    GraphicsGrid, GraphicsRow or GraphicsColumn that draws them; None otherwise."""
    if type(e) is not Expr or type(e.head) is not Symbol or e.head.name not in LAYOUT_HEADS \
            or not e.args or not is_list(e.args[0]) or not e.args[0].args:
        return None
    items = e.args[0].args
    cells = [c for row in items for c in (row.args if is_list(row) else (row,))] \
        if e.head.name == "Grid" else items
    if not all(is_picture(c) or symbol_name(c) in ("None", "Null") for c in cells) \
            or all(symbol_name(c) in ("None", "Null") for c in cells):
        return None
    return Expr(Symbol(LAYOUT_HEADS[e.head.name]), *e.args)      # (its options: Frame…)


# ---------------------------------------------------------------------------- grids as Graphics
#
# GraphicsRow, GraphicsColumn and GraphicsGrid evaluate, as in the Wolfram Language, to a
# Graphics of Insets: cell (r, c) is the unit square centred at {c - 1/2, 1/2 - r}, each
# picture inset at its centre, the PlotRange the whole grid.  Drawing turns such a Graphics
# back into the GraphicsGrid it came from, so that each cell is drawn as its own picture
# (vector output stays vector, each cell keeps its shape, Frame draws the grid's lines).

_CENTRE = Expr(Symbol("ImageScaled"), Expr(S.List, Real(0.5), Real(0.5)))
_UNIT = Expr(S.List, Integer(1), Integer(1))


def grid_rows(head_name: str, items) -> list[list]:
    """The cells of GraphicsRow/Column/Grid's list as rows of equal length (None pads)."""
    if head_name == "GraphicsRow":
        rows = [list(items)]
    elif head_name == "GraphicsColumn":
        rows = [[a] for a in items]
    else:
        rows = [list(r.args) if is_list(r) else [r] for r in items]
    width = max((len(r) for r in rows), default=0)
    return [r + [Symbol("None")] * (width - len(r)) for r in rows]


def grid_graphics(head_name: str, items, options) -> Expr:
    """``head_name[{…}, options]`` as the Graphics it evaluates to."""
    rows = grid_rows(head_name, items)
    cols = len(rows[0]) if rows else 0
    insets = [Expr(Symbol("Inset"), cell, Expr(S.List, Real(c + 0.5), Real(-r - 0.5)),
                   _CENTRE, _UNIT)
              for r, row in enumerate(rows) for c, cell in enumerate(row)
              if symbol_name(cell) not in ("None", "Null")]
    extent = Expr(S.List, Expr(S.List, Integer(0), Integer(cols)),
                  Expr(S.List, Integer(-len(rows)), Integer(0)))
    own = [o for o in options if not (is_rule(o) and option_name(o) == "PlotRange")]
    return Expr(Symbol("Graphics"), Expr.from_args(S.List, insets), *own,
                Expr(S.Rule, Symbol("PlotRange"), extent))


def _flattened(primitives) -> list:
    """The primitives of nested lists (Show wraps a graphic's primitives in one more)."""
    out = []
    for p in primitives.args:
        out.extend(_flattened(p) if is_list(p) else (p,))
    return out


def grid_of_graphics(e):
    """The GraphicsGrid a Graphics made by ``grid_graphics`` draws as; None for any other."""
    if type(e) is not Expr or e.head is not Symbol("Graphics") or not e.args \
            or not is_list(e.args[0]):
        return None
    extent = next((o.args[1] for o in e.args[1:] if is_rule(o)
                   and option_name(o) == "PlotRange"), None)
    corners = [number(v) for pair in (extent.args if is_list(extent) else ())
               for v in (pair.args if is_list(pair) else (None,))]
    if len(corners) != 4 or corners[0] != 0 or corners[3] != 0 or None in corners:
        return None
    cols, rows = int(corners[1]), int(-corners[2])
    if cols != corners[1] or rows != -corners[2] or cols < 1 or rows < 1:
        return None
    cells = [[Symbol("None")] * cols for _ in range(rows)]
    for inset in _flattened(e.args[0]):
        if type(inset) is not Expr or inset.head is not Symbol("Inset") or \
                len(inset.args) != 4 or inset.args[2] != _CENTRE or inset.args[3] != _UNIT:
            return None
        centre = point(inset.args[1])
        if centre is None:
            return None
        c, r = centre[0] - 0.5, -centre[1] - 0.5
        if c != int(c) or r != int(r) or not (0 <= c < cols and 0 <= r < rows):
            return None
        cells[int(r)][int(c)] = inset.args[0]
    own = [o for o in e.args[1:] if not (is_rule(o) and option_name(o) == "PlotRange")]
    return Expr(Symbol("GraphicsGrid"),
                Expr.from_args(S.List, (Expr.from_args(S.List, row) for row in cells)), *own)
