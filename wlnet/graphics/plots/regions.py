"""RegionPlot: the region of the plane where a condition holds, filled, with its boundary.

RegionPlot is HoldAll: the condition is evaluated at the points of a grid (``PlotPoints``,
60 by default).  Where it is made of inequalities (``f < g``, ``f >= g``, joined by ``And``,
``Or``, ``Not``), each is evaluated as the margin ``g - f`` and the boundary is the zero
line of a smooth function, so it is found between grid points as precisely as the
functions are smooth; any other condition is sampled as true/false, and the cells the
boundary crosses are sampled again four times finer (the boundary then follows that finer
grid).  The region is ``Polygon``s (holes drawn in the background colour) and the
boundary ``Line``s, framed as in the Wolfram Language.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, Integer, S, Symbol, from_python
from wlnet.builtins.region_member import as_inequalities
from wlnet.core.registry import builtin
from wlnet.graphics.plots.arrays import contour_lines, framed_defaults
from wlnet.graphics.plots.common import (dataset_style, graphics_result, integer,
                                         legend_labels, opacity_of, read_call)
from wlnet.graphics.plots.functions import RANGE_MESSAGES, read_range
from wlnet.graphics.plots.sampling import evaluator_at, grid_sample

MAX_POINTS = 200
_INEQUALITIES = {"Less": -1, "LessEqual": -1, "Greater": 1, "GreaterEqual": 1}


def margin_expr(condition):
    """An expression positive where ``condition`` holds, for conditions made of
    inequalities (``Min`` for And, ``Max`` for Or, minus for Not); None for others."""
    head = condition.head.name if type(condition) is Expr and type(condition.head) is Symbol \
        else None
    if head in _INEQUALITIES and len(condition.args) >= 2:          # a < b < c: a chain
        sign, terms = _INEQUALITIES[head], condition.args
        steps = [Expr(S.Times, Integer(sign), Expr(S.Plus, lhs, Expr(S.Times, Integer(-1), rhs)))
                 for lhs, rhs in zip(terms[:-1], terms[1:])]
        return steps[0] if len(steps) == 1 else Expr(S.Min, *steps)
    if head in ("And", "Or") and condition.args:
        parts = [margin_expr(a) for a in condition.args]
        if any(p is None for p in parts):
            return None
        return Expr(S.Min if head == "And" else S.Max, *parts)
    if head == "Not" and len(condition.args) == 1:
        inner = margin_expr(condition.args[0])
        return None if inner is None else Expr(S.Times, Integer(-1), inner)
    return None


def _truth(condition):
    """1 where the condition is True, -1 where not."""
    return Expr(S.If, condition, Integer(1), Integer(-1), Integer(-1))


def filled_regions(xs, ys, z) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """(outer rings, holes) of the region where z > 0 (contourpy)."""
    import contourpy
    generator = contourpy.contour_generator(xs, ys, np.ma.masked_invalid(z),
                                            fill_type="OuterOffset")
    top = float(np.nanmax(z)) + 1.0 if np.isfinite(z).any() else 1.0
    outers, holes = [], []
    if top <= 1.0:                          # nowhere positive: an empty region
        return outers, holes
    for points, offsets in zip(*generator.filled(0.0, top)):
        rings = [points[a:b] for a, b in zip(offsets[:-1], offsets[1:])]
        outers.append(rings[0])
        holes.extend(rings[1:])
    return outers, holes


@builtin("RegionPlot", attributes=("HoldAll", "Protected"), argc=(3, None),
         messages=RANGE_MESSAGES,
         usage="RegionPlot[cond, {x, xmin, xmax}, {y, ymin, ymax}] fills the region where "
               "cond is True (RegionPlot[{cond1, cond2, …}, …] several regions); "
               "conditions made of inequalities get smooth boundaries.",
         examples=(("Head[RegionPlot[x^2 + y^2 < 1, {x, -1, 1}, {y, -1, 1}]]", "Graphics"),))
def region_plot(ev, conditions, xspec, yspec, *rest):
    head = Symbol("RegionPlot")
    call = read_call(ev, head, (conditions, xspec, yspec, *rest))
    xr = read_range(ev, head, xspec) if call is not None else None
    yr = read_range(ev, head, yspec) if xr is not None else None
    if yr is None:
        return None
    points = min(integer(call.get("PlotPoints"), 60), MAX_POINTS)
    variables = [xr[0], yr[0]]
    items = conditions.args if type(conditions) is Expr and conditions.head is S.List \
        else (conditions,)
    groups, styles = [], []
    for k, condition in enumerate(items):
        # x ∈ Disk[…]: its inequality, whose boundary is smooth
        margin = margin_expr(as_inequalities(condition))
        at = evaluator_at(ev, margin if margin is not None else _truth(condition), variables)
        xs, ys, z = grid_sample(at, xr[1:], yr[1:], points)
        if margin is None:                    # true/false: the boundary's cells refined
            xs, ys, z = refined_truth(at, xs, ys, z)
        style = dataset_style(call, k, 1.2)
        styles.append(style)
        groups.append(_region(style, xs, ys, z))
    xs, ys = np.array(xr[1:]), np.array(yr[1:])
    labels = legend_labels(call, len(groups), list(items))
    return graphics_result(call, groups, framed_defaults(xs, ys), ("swatch", styles, labels) if labels
                           else None)


REFINE = 4


def refined_truth(at, xs, ys, z, factor: int = REFINE):
    """A true/false sample (+1/-1) on a grid ``factor`` times finer: the condition is
    evaluated again only at the fine points of the cells whose corners disagree (where the
    boundary runs); every other cell is one value throughout, its corners'."""
    n_y, n_x = z.shape
    if n_x < 2 or n_y < 2:
        return xs, ys, z
    corners = np.stack([z[:-1, :-1], z[:-1, 1:], z[1:, :-1], z[1:, 1:]])
    mixed = ~(np.all(corners == corners[0], axis=0))          # (a NaN corner: mixed too)
    fine_x = np.linspace(xs[0], xs[-1], (n_x - 1) * factor + 1)
    fine_y = np.linspace(ys[0], ys[-1], (n_y - 1) * factor + 1)
    near_x = np.rint(np.arange(len(fine_x)) / factor).astype(int)
    near_y = np.rint(np.arange(len(fine_y)) / factor).astype(int)
    fine = z[near_y][:, near_x]

    def cells(count, n):                   # the cells a fine index lies in (1 or 2)
        index = np.arange(count)
        low = np.minimum(index // factor, n - 2)
        high = np.where(index % factor == 0, np.maximum(index // factor - 1, 0), low)
        return low, high

    (x_low, x_high), (y_low, y_high) = cells(len(fine_x), n_x), cells(len(fine_y), n_y)
    again = (mixed[y_low][:, x_low] | mixed[y_low][:, x_high] |
             mixed[y_high][:, x_low] | mixed[y_high][:, x_high])
    for j, i in zip(*np.nonzero(again)):
        if i % factor or j % factor:       # coarse points keep the value they had
            value = at(fine_x[i], fine_y[j])
            fine[j, i] = value[0] if value is not None and len(value) else np.nan
    return fine_x, fine_y, fine


def _region(style, xs, ys, z) -> Expr:
    outers, holes = filled_regions(xs, ys, z)
    fill = Expr(S.List, opacity_of(style, 0.3),
                *(Expr(S.Polygon, from_python(ring)) for ring in outers))
    background = Expr(S.List, Expr(S.GrayLevel, Integer(1)),
                      *(Expr(S.Polygon, from_python(ring)) for ring in holes))
    boundary = Expr(S.List, style, *(Expr(S.Line, from_python(line))
                                     for line in contour_lines(xs, ys, z, 0.0)))
    parts = [fill, background, boundary] if holes else [fill, boundary]
    return Expr(S.List, *parts)

