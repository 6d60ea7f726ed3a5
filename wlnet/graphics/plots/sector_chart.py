"""SectorChart: sectors whose angles are proportional to the xi and whose radii are the yi.

``SectorChart[{{x1, y1}, {x2, y2}, …}]`` goes round the circle once; several data sets
``{data1, data2, …}`` follow each other round it, the sectors of each coloured in turn as
BarChart colours the bars of a group.  SectorOrigin (shared with PieChart) chooses the first
angle, the sense and an inner radius in the yi's units.  The yi are drawn at their own
scale: grid circles at round radii mark it, as WL's polar axes do.
"""

from __future__ import annotations

import math

import numpy as np

from wlnet.core.expr import Expr, Integer, Real, S, Symbol, from_python
from wlnet.core.registry import builtin
from wlnet.graphics.plots.charts import (CHART_MESSAGES, chart_colour, chart_labels,
                                         chart_legend, read_sector_origin, sector_shape)
from wlnet.graphics.plots.common import graphics_result, read_call, rule
from wlnet.graphics.style import DEFAULT_PLOT_COLOURS
from wlnet.graphics.values import is_list, numeric_array

_MESSAGES = {**CHART_MESSAGES, "sorig": "`1` is not a valid SectorOrigin setting."}


def _pairs(e) -> np.ndarray | None:
    arr = numeric_array(e)
    if arr is None or arr.ndim != 2 or arr.shape[1] != 2 or not arr.size:
        return None
    if not np.isfinite(arr).all() or (arr < 0).any():
        return None
    return arr


def _datasets(data) -> list | None:
    one = _pairs(data)
    if one is not None:
        return [one]
    if is_list(data) and data.args:
        many = [_pairs(d) for d in data.args]
        if all(m is not None for m in many):
            return many
    return None


def _radius_grid(outer: float) -> list:
    """Light circles at round radii up to the largest sector."""
    step = 10.0 ** math.floor(math.log10(outer)) if outer > 0 else 1.0
    if outer / step < 3:
        step /= 2
    radii = np.arange(step, outer * (1 + 1e-9), step)
    return [Expr(S.List, Expr(S.GrayLevel, Real(0.85)),
                 *(Expr(S.Circle, from_python([0.0, 0.0]), Real(float(r))) for r in radii))]


@builtin("SectorChart", argc=(1, None), messages=_MESSAGES,
         usage="SectorChart[{{x1, y1}, {x2, y2}, …}] draws sectors with angles proportional "
               "to the xi and radii yi; SectorChart[{data1, data2, …}] puts the data sets "
               "round the circle one after another.",
         examples=(("Head[SectorChart[{{1, 2}, {2, 1}, {1, 3}}]]", "Graphics"),))
def sector_chart(ev, data, *rest):
    head = Symbol("SectorChart")
    call = read_call(ev, head, (data, *rest))
    if call is None:
        return None
    sets = _datasets(data)
    if sets is None or sum(float(s[:, 0].sum()) for s in sets) <= 0:
        ev.message(head, "ldata", data)
        return None
    origin = read_sector_origin(ev, head, call)
    if origin is None:
        return None
    angle, sense, inner = origin
    total = sum(float(s[:, 0].sum()) for s in sets)
    outer = max(float(s[:, 1].max()) for s in sets)
    labels = chart_labels(call, max(len(s) for s in sets)) or []
    sectors, texts, colours = [], [], []
    for values in sets:
        for k, (x, y) in enumerate(values):
            sweep = sense * 2 * math.pi * x / total
            colour = chart_colour(call, k, DEFAULT_PLOT_COLOURS[k % len(DEFAULT_PLOT_COLOURS)])
            if len(colours) < len(values):
                colours.append(colour)
            sectors.append(Expr(S.List, colour, Expr(S.EdgeForm, Expr(S.GrayLevel, Integer(1))),
                                sector_shape(angle, sweep, inner, inner + y)))
            if k < len(labels) and len(sets) == 1:
                mid, at = angle + sweep / 2, inner + 0.6 * y
                texts.append(Expr(S.Text, from_python(labels[k]),
                                  from_python([at * math.cos(mid), at * math.sin(mid)])))
            angle += sweep
    grid = _radius_grid(inner + outer)
    return graphics_result(call, [*grid, *sectors, *texts],
                           [rule("AspectRatio", S.Automatic)], chart_legend(call, colours))
