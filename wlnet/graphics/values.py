"""Reading WL values for drawing: numbers, points, lists of points, numeric arrays.

Every reader gives None (not an exception) for a value that is not of its kind, so that
the drawing code can report a ``Graphics::gprim``-style message and go on.
"""

from __future__ import annotations

import math

import numpy as np

from wlnet.builtins._listutil import number_value
from wlnet.core.expr import Expr, S, String, Symbol

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
    """The name of an option rule's key (a symbol or a string)."""
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
