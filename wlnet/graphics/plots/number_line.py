"""NumberLinePlot: values, intervals and the solution sets of conditions on a number line.

    NumberLinePlot[{v1, v2, …}]            the values as points
    NumberLinePlot[Interval[{a, b}, …]]    the intervals as thick segments
    NumberLinePlot[pred, x]                the real x where pred holds (inequalities,
    NumberLinePlot[pred, {x, xmin, xmax}]  equations joined by And, Or, Not), over a range
    NumberLinePlot[{s1, s2, …}, …]         each on its own line, the first at the top

A segment's end is a filled dot when it belongs to the set and a hollow one when it does
not (x < 3 ends in a hollow dot at 3); a set reaching infinity ends in an arrow at the
plot's edge.  Conditions are solved exactly (SymPy's solveset through the bridge), so the
ends are exact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from wlnet.core.expr import FALSE, TRUE, Expr, Integer, Real, S, Symbol, from_python
from wlnet.core.registry import builtin
from wlnet.graphics.plots.common import dataset_style, graphics_result, legend_labels, \
    read_call, rule
from wlnet.graphics.values import is_list, number, numeric_array

_RELATIONS = ("Less", "LessEqual", "Greater", "GreaterEqual", "Equal", "Unequal")
_MESSAGES = {
    "ldata": "`1` is not a list of numbers, an Interval, a condition with its variable, or "
             "a list of these.",
    "nlvar": "`1` is not a variable or a range {x, xmin, xmax}.",
    "nsolv": "The real values satisfying `1` could not be found.",
    "optx": "Unknown option `1` in `2`.",
}


@dataclass
class Piece:
    """An interval [lo, hi] (a point when lo == hi); which ends belong to it."""

    lo: float
    hi: float
    lo_closed: bool = True
    hi_closed: bool = True


def _chains_split(e):
    """a < b < c as a < b && b < c (the bridge translates two-sided relations only)."""
    if type(e) is not Expr:
        return e
    args = [_chains_split(a) for a in e.args]
    name = e.head.name if type(e.head) is Symbol else None
    if name in _RELATIONS and len(args) > 2:
        return Expr(S.And, *(Expr(e.head, a, b) for a, b in zip(args[:-1], args[1:])))
    if name == "Inequality" and len(args) >= 3 and len(args) % 2 == 1:
        pairs = [Expr(args[i], args[i - 1], args[i + 1]) for i in range(1, len(args), 2)]
        return Expr(S.And, *pairs)
    return Expr.from_args(e.head, args)


def solution_pieces(condition, variable) -> list[Piece] | None:
    """The real ``variable`` satisfying ``condition``, as pieces; None when SymPy cannot
    give them as intervals and points."""
    from wlnet.builtins._sympy_bridge import Untranslatable, to_sympy
    try:
        sym_condition, translation = to_sympy(_chains_split(condition))
    except Untranslatable:
        return None
    sp = translation.sp
    x = translation.symbol(variable)
    try:
        found = _solve(sp, sym_condition, x)
    except (NotImplementedError, TypeError, ValueError):
        return None
    return _pieces_of(sp, found)


def _solve(sp, c, x):
    if c is sp.true or c is True:
        return sp.S.Reals
    if c is sp.false or c is False:
        return sp.S.EmptySet
    if isinstance(c, sp.And):
        return sp.Intersection(*(_solve(sp, a, x) for a in c.args))
    if isinstance(c, sp.Or):
        return sp.Union(*(_solve(sp, a, x) for a in c.args))
    if isinstance(c, sp.Not):
        return sp.Complement(sp.S.Reals, _solve(sp, c.args[0], x))
    return sp.solveset(c, x, sp.S.Reals)


def _pieces_of(sp, found) -> list[Piece] | None:
    parts = found.args if isinstance(found, sp.Union) else (found,)
    pieces = []
    for p in parts:
        if p is sp.S.EmptySet:
            continue
        if p == sp.S.Reals:
            pieces.append(Piece(-math.inf, math.inf, False, False))
        elif isinstance(p, sp.Interval):
            pieces.append(Piece(float(p.start), float(p.end), not p.left_open and
                                p.start.is_finite, not p.right_open and p.end.is_finite))
        elif isinstance(p, sp.FiniteSet) and all(v.is_real for v in p.args):
            pieces.extend(Piece(float(v), float(v)) for v in p.args)
        else:
            return None
    return sorted(pieces, key=lambda q: (q.lo, q.hi))


def _interval_pieces(e) -> list[Piece] | None:
    if not (type(e) is Expr and e.head is S.Interval and e.args):
        return None
    pieces = []
    for part in e.args:
        ends = numeric_array(part) if is_list(part) else None
        if ends is None or ends.shape != (2,):
            return None
        pieces.append(Piece(float(ends[0]), float(ends[1]), math.isfinite(ends[0]),
                            math.isfinite(ends[1])))
    return pieces


def _value_pieces(e) -> list[Piece] | None:
    arr = numeric_array(e) if is_list(e) else None
    if arr is None or arr.ndim != 1:
        return None
    return [Piece(float(v), float(v)) for v in arr[np.isfinite(arr)]]


def _one_set(ev, head, e, variable, range_) -> list[Piece] | None:
    """The pieces of one data set: values, an Interval, or a condition on ``variable``."""
    for read in (_value_pieces, _interval_pieces):
        pieces = read(e)
        if pieces is not None:
            return pieces
    if variable is None:
        return None
    pieces = solution_pieces(e, variable)
    if pieces is None:
        ev.message(head, "nsolv", e)
    return pieces


def _sets(ev, head, data, variable, range_) -> list | None:
    """The data sets: one, or a list of them (a list of lists, Intervals or conditions)."""
    if is_list(data) and data.args and _value_pieces(data) is None:
        return [_one_set(ev, head, d, variable, range_) for d in data.args]
    return [_one_set(ev, head, data, variable, range_)]


def _variable(ev, head, spec):
    """(variable, range or None) of x or {x, xmin, xmax}; None after a message."""
    if type(spec) is Symbol:
        return spec, None
    if is_list(spec) and len(spec.args) == 3 and type(spec.args[0]) is Symbol:
        lo, hi = (number(ev.evaluate(Expr(S.N, a))) for a in spec.args[1:])
        if lo is not None and hi is not None and lo < hi:
            return spec.args[0], (lo, hi)
    ev.message(head, "nlvar", spec)
    return None


def _auto_range(sets) -> tuple[float, float]:
    ends = [v for pieces in sets for p in pieces for v in (p.lo, p.hi) if math.isfinite(v)]
    if not ends:
        return -1.0, 1.0
    lo, hi = min(ends), max(ends)
    pad = (hi - lo) * 0.1 if hi > lo else 1.0
    if any(not math.isfinite(p.lo) for s in sets for p in s):
        lo -= max(pad, 1.0)
    if any(not math.isfinite(p.hi) for s in sets for p in s):
        hi += max(pad, 1.0)
    return lo - pad, hi + pad


def _draw_set(pieces, level: float, style, span) -> Expr:
    """Points, segments, end dots (hollow when open) and arrows of one set at ``level``."""
    lo_edge, hi_edge = span
    shapes, filled, hollow = [], [], []
    for p in pieces:
        if p.lo == p.hi:
            filled.append([p.lo, level])
            continue
        a, b = max(p.lo, lo_edge), min(p.hi, hi_edge)
        if math.isfinite(p.lo) and math.isfinite(p.hi):
            shapes.append(Expr(S.Line, from_python([[a, level], [b, level]])))
        else:           # an arrow from the finite end (or the middle) to each infinite one
            start = p.lo if math.isfinite(p.lo) else p.hi if math.isfinite(p.hi) \
                else (a + b) / 2
            for end, infinite in ((a, not math.isfinite(p.lo)), (b, not math.isfinite(p.hi))):
                if infinite:
                    shapes.append(Expr(S.Arrow, from_python([[start, level], [end, level]])))
        for end, closed in ((p.lo, p.lo_closed), (p.hi, p.hi_closed)):
            if math.isfinite(end):
                (filled if closed else hollow).append([end, level])
    parts = [style, Expr(Symbol("AbsoluteThickness"), Real(3.0)), *shapes,
             Expr(S.PointSize, Real(0.025))]
    if filled:
        parts.append(Expr(S.Point, from_python(filled)))
    if hollow:
        parts.extend([Expr(S.Point, from_python(hollow)),
                      Expr(S.List, Expr(S.GrayLevel, Integer(1)), Expr(S.PointSize, Real(0.014)),
                           Expr(S.Point, from_python(hollow)))])
    return Expr(S.List, *parts)


@builtin("NumberLinePlot", argc=(1, None), attributes=("HoldAll", "Protected"),
         messages=_MESSAGES,
         usage="NumberLinePlot[{v1, v2, …}] plots the values on a number line; "
               "NumberLinePlot[Interval[{a, b}]] the interval; NumberLinePlot[pred, x] the "
               "real x where pred holds; NumberLinePlot[{s1, s2, …}, …] each on its own line.",
         examples=(("Head[NumberLinePlot[{1, 2, 5}]]", "Graphics"),))
def number_line_plot(ev, data, *rest):
    head = Symbol("NumberLinePlot")
    rest = [ev.evaluate(r) for r in rest]      # HoldAll holds the condition, not the options
    call = read_call(ev, head, (data, *rest))
    if call is None:
        return None
    variable, span = None, None
    if len(call.positional) > 1:
        read = _variable(ev, head, ev.evaluate(call.positional[1]))
        if read is None:
            return None
        variable, span = read
    data = ev.evaluate(data) if variable is None else _evaluated_outside(ev, data, variable)
    sets = _sets(ev, head, data, variable, span)
    if any(s is None for s in sets):
        if variable is None:
            ev.message(head, "ldata", data)
        return None
    span = span or _auto_range(sets)
    styles = [dataset_style(call, k, None) for k in range(len(sets))]
    lines = [_draw_set(pieces, float(len(sets) - k), styles[k], span)
             for k, pieces in enumerate(sets)]
    defaults = [rule("AspectRatio", Real(0.08 + 0.06 * len(sets))),
                rule("Axes", Expr(S.List, TRUE, FALSE)),
                rule("AxesOrigin", from_python([span[0], 0.4])),
                rule("PlotRange", from_python([list(span), [0.4, len(sets) + 0.6]])),
                rule("PlotRangePadding", Symbol("None"))]
    labels = legend_labels(call, len(sets))
    return graphics_result(call, lines, defaults, ("points", styles, labels) if labels else None)


def _evaluated_outside(ev, data, variable):
    """The condition evaluated with ``variable`` kept symbolic (Block hides a value)."""
    return ev.evaluate(Expr(S.Block, Expr(S.List, variable), data))
