"""Histogram3D: counts of {x, y} pairs in a grid of bins, a bar (a ``Cuboid``) per bin with
a count, as ``Graphics3D`` in the box WL gives charts of heights ({1, 1, 0.4}).

Bin specifications as Histogram's, for both coordinates or one each: ``n`` (about n bins
each way), ``{dw}`` (width dw), ``{min, max, dw}``; ``{xspec, yspec}`` for each coordinate.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, Real, S, Symbol, from_python
from wlnet.core.registry import builtin
from wlnet.graphics.plots.charts import CHART_MESSAGES, HISTOGRAM_FACE, histogram_edges
from wlnet.graphics.plots.surfaces import _split_options
from wlnet.graphics.style import rgb_expr
from wlnet.graphics.values import is_list, numeric_array

_BOX = Expr(S.Rule, Symbol("BoxRatios"), from_python([1, 1, 0.4]))


def _pairs(data) -> np.ndarray | None:
    arr = numeric_array(data)
    if arr is None or arr.ndim != 2 or arr.shape[1] != 2 or not len(arr) \
            or not np.isfinite(arr).all():
        return None
    return arr.astype(float)


def _per_axis(spec) -> tuple:
    """(x spec, y spec) of a bin specification."""
    if is_list(spec) and len(spec.args) == 2 and all(is_list(a) for a in spec.args):
        return spec.args[0], spec.args[1]
    return spec, spec


@builtin("Histogram3D", argc=(1, None), messages=CHART_MESSAGES,
         usage="Histogram3D[{{x1, y1}, {x2, y2}, …}] counts the pairs in a grid of bins and "
               "draws a bar of that height on each bin; Histogram3D[data, n] about n bins "
               "each way, Histogram3D[data, {dw}] bins of width dw, Histogram3D[data, "
               "{xspec, yspec}] each coordinate its own.",
         examples=(("Head[Histogram3D[{{1, 2}, {2, 1}, {2, 2}}]]", "Graphics3D"),))
def histogram3d(ev, data, *rest):
    head = Symbol("Histogram3D")
    positional, own, rules = _split_options(ev, head, (data, *rest))
    pairs = _pairs(data)
    if pairs is None:
        ev.message(head, "ldata", data)
        return None
    spec = positional[1] if len(positional) > 1 else None
    edges = [histogram_edges(pairs[:, k], s) for k, s in enumerate(_per_axis(spec))]
    if any(e is None or len(e) < 2 for e in edges):
        ev.message(head, "bspec", spec)
        return None
    counts, _, _ = np.histogram2d(pairs[:, 0], pairs[:, 1], bins=edges)
    xe, ye = edges
    bars = [Expr(Symbol("Cuboid"), from_python([float(xe[i]), float(ye[j]), 0.0]),
                 from_python([float(xe[i + 1]), float(ye[j + 1]), float(counts[i, j])]))
            for i, j in zip(*np.nonzero(counts))]
    colour = own.get("PlotStyle", rgb_expr(HISTOGRAM_FACE))
    box = () if any(r.args[0] == Symbol("BoxRatios") for r in rules) else (_BOX,)
    return Expr(S.Graphics3D, Expr(S.List, colour, *bars), *rules, *box,
                Expr(S.Rule, Symbol("Axes"), Symbol("True")))
