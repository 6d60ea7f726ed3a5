"""Values over windows of a list: ``MovingAverage``, ``Ratios``, ``ListConvolve``,
``ListCorrelate``, ``BinCounts``.

Each is its defining sum over the window (``MovingAverage[list, r]`` is the mean of each run
of r elements, ``ListCorrelate[ker, list]`` the sum of ``ker[[k]] list[[s + k]]`` at every
position ``s`` where the kernel fits, ``ListConvolve`` the same with the kernel reversed), so
exact and symbolic lists work as in WL; a packed list of machine numbers is done by numpy.
"""

from __future__ import annotations

import math

import numpy as np

from wlnet.builtins._listutil import float_value, is_list
from wlnet.builtins.lists.structure import dimensions_of
from wlnet.core.expr import Expr, Integer, S
from wlnet.core.packed import pack, packed_array
from wlnet.core.registry import builtin

LIST = S.List
_MESSAGES = {
    "arg2": "The window `1` should be a positive integer not longer than the list.",
    "kernel": "The kernel `1` is longer than the list `2`.",
}


def _sum(ev, terms):
    return ev.evaluate(Expr.from_args(S.Plus, terms)) if terms else Integer(0)


@builtin("MovingAverage", argc=2, messages=_MESSAGES,
         usage="MovingAverage[list, r] is the list of the means of each run of r consecutive "
               "elements of list.",
         examples=(("MovingAverage[{1, 2, 3, 4}, 2]", "{3/2, 5/2, 7/2}"),))
def moving_average(ev, data, r):
    if not is_list(data):
        return None
    n = len(data.args)
    if type(r) is not Integer or not 1 <= r.value <= n:
        ev.message(S.MovingAverage, "arg2", r)
        return None
    k = r.value
    arr = packed_array(data)
    if arr is not None and arr.dtype.kind == "f" and arr.ndim == 1:
        sums = np.convolve(arr, np.ones(k), mode="valid")
        return pack(sums / k)
    return ev.evaluate(Expr.from_args(LIST, (Expr(S.Mean, Expr.from_args(LIST, data.args[i:i + k]))
                                             for i in range(n - k + 1))))


@builtin("Ratios", argc=1,
         usage="Ratios[list] is the list of the ratios of successive elements.",
         examples=(("Ratios[{1, 2, 6, 24}]", "{2, 3, 4}"),))
def ratios(ev, data):
    if not is_list(data):
        return None
    items = data.args
    return ev.evaluate(Expr.from_args(LIST, (Expr(S.Divide, b, a) for a, b in zip(items, items[1:]))))


def _correlate(ev, sym, kernel, data, reverse: bool):
    if not (is_list(kernel) and is_list(data)):
        return None
    kdims = dimensions_of(kernel)
    ddims = dimensions_of(data, len(kdims))
    if not kdims or 0 in kdims or len(ddims) < len(kdims) or any(k > n for k, n in zip(kdims, ddims)):
        ev.message(sym, "kernel", kernel, data)
        return None
    ka, da = packed_array(kernel), packed_array(data)
    if ka is not None and da is not None and ka.ndim == da.ndim and "f" in (ka.dtype.kind, da.dtype.kind):
        return pack(_correlate_numeric(ka.astype(np.float64), da.astype(np.float64), reverse))
    return ev.evaluate(_correlate_terms(kernel, data, len(kdims), reverse))


def _correlate_numeric(kernel: np.ndarray, data: np.ndarray, reverse: bool) -> np.ndarray:
    """The correlation at every position where the kernel fits, at all of the kernel's levels."""
    weights = kernel[(slice(None, None, -1),) * kernel.ndim] if reverse else kernel
    windows = np.lib.stride_tricks.sliding_window_view(data, weights.shape)
    axes = tuple(range(data.ndim, 2 * data.ndim))
    return np.tensordot(windows, weights, axes=(axes, tuple(range(weights.ndim))))


def _correlate_terms(kernel, data, depth: int, reverse: bool):
    """The sums Sum[ker[[k]] list[[s + k]]] as expressions; the kernel spans the first
    ``depth`` levels of the list, whose deeper elements are multiplied as they are."""
    kernel_cells = _cells(kernel, depth)
    if reverse:
        kernel_cells = [(tuple(-i for i in pos), w) for pos, w in kernel_cells]
        shift = tuple(n - 1 for n in dimensions_of(kernel, depth))
        kernel_cells = [(tuple(i + d for i, d in zip(pos, shift)), w) for pos, w in kernel_cells]
    kdims = dimensions_of(kernel, depth)

    def at(e, pos):
        for i in pos:
            e = e.args[i]
        return e

    def build(level: int, start: tuple):
        if level == depth:
            return Expr.from_args(S.Plus, (
                Expr(S.Times, w, at(data, tuple(s + i for s, i in zip(start, pos))))
                for pos, w in kernel_cells))
        count = dimensions_of(data, level + 1)[level] - kdims[level] + 1
        return Expr.from_args(LIST, (build(level + 1, start + (s,)) for s in range(count)))

    return build(0, ())


def _cells(kernel, depth: int, pos: tuple = ()):
    """(position, element) of every element of ``kernel`` at level ``depth``."""
    if len(pos) == depth:
        return [(pos, kernel)]
    return [cell for i, part in enumerate(kernel.args) for cell in _cells(part, depth, pos + (i,))]


@builtin("ListConvolve", argc=2, messages=_MESSAGES,
         usage="ListConvolve[ker, list] is the convolution of list with the kernel ker at "
               "every position where the kernel fits: Sum[ker[[k]] list[[s - k]], …].",
         examples=(("ListConvolve[{1, 2}, {a, b, c}]", "{2 a + b, 2 b + c}"),))
def list_convolve(ev, kernel, data):
    return _correlate(ev, S.ListConvolve, kernel, data, reverse=True)


@builtin("ListCorrelate", argc=2, messages=_MESSAGES,
         usage="ListCorrelate[ker, list] is the correlation of the kernel ker with list at "
               "every position where the kernel fits: Sum[ker[[k]] list[[s + k]], …].",
         examples=(("ListCorrelate[{1, 2}, {a, b, c}]", "{a + 2 b, b + 2 c}"),))
def list_correlate(ev, kernel, data):
    return _correlate(ev, S.ListCorrelate, kernel, data, reverse=False)


@builtin("BinCounts", argc=(1, 2),
         usage="BinCounts[data, {min, max, dx}] counts the data in the bins [min, min + dx), "
               "…, up to max; BinCounts[data, dx] uses bins from a multiple of dx; "
               "BinCounts[data] bins of width 1.",
         examples=(("BinCounts[{1, 3, 2, 1, 4, 5, 6, 2}, {0, 10, 2}]", "{2, 3, 2, 1, 0}"),))
def bin_counts(ev, data, spec=Integer(1)):
    if not is_list(data):
        return None
    values = [float_value(x) for x in data.args]
    values = [v for v in values if v is not None]
    if is_list(spec) and len(spec.args) == 3:
        lo, hi, dx = (float_value(x) for x in spec.args)
    else:
        dx = float_value(spec)
        if dx is None or dx <= 0 or not values:
            return None if dx is None or dx <= 0 else Expr(LIST)
        lo = math.floor(min(values) / dx) * dx
        hi = (math.floor(max(values) / dx) + 1) * dx
    if None in (lo, hi, dx) or dx <= 0 or hi < lo:
        return None
    count = max(0, int(round((hi - lo) / dx)))
    bins = [0] * count
    for v in values:
        if lo <= v < hi:
            i = min(int((v - lo) // dx), count - 1)
            bins[i] += 1
    return Expr.from_args(LIST, (Integer(c) for c in bins))


@builtin("BlockMap", argc=(3, 4),
         usage="BlockMap[f, list, n] applies f to the blocks of n elements of list; "
               "BlockMap[f, list, n, d] to blocks that start every d elements.",
         examples=(("BlockMap[Total, {1, 2, 3, 4, 5, 6}, 2]", "{3, 7, 11}"),
                   ("BlockMap[f, {a, b, c}, 2, 1]", "{f[{a, b}], f[{b, c}]}")))
def block_map(ev, f, data, n, d=None):
    blocks = ev.evaluate(Expr(S.Partition, data, n) if d is None
                         else Expr(S.Partition, data, n, d))
    if type(blocks) is not Expr or blocks.head is S.Partition:
        return None
    return Expr(S.Map, f, blocks)


@builtin("MovingMap", argc=(3, 4),
         usage="MovingMap[f, list, w] applies f to each window of w + 1 consecutive elements "
               "of list (a window of length w + 1 is how WL counts the span w).",
         examples=(("MovingMap[Total, {1, 2, 3, 4}, 1]", "{3, 5, 7}"),
                   ("MovingMap[Mean, {1, 3, 5, 7}, 2]", "{3, 5}")))
def moving_map(ev, f, data, w, *rest):
    if rest or type(w) is not Integer or w.value < 0:
        return None
    return Expr(S.Map, f, Expr(S.Partition, data, Integer(w.value + 1), Integer(1)))


@builtin("BinLists", argc=(1, 2),
         usage="BinLists[data, {min, max, dx}] is the list of the data in each bin "
               "[min, min + dx), …, up to max; BinLists[data, dx] bins from a multiple of dx.",
         examples=(("BinLists[{1, 3, 2, 1, 4, 5, 6, 2}, {0, 10, 2}]",
                    "{{1, 1}, {3, 2, 2}, {4, 5}, {6}, {}}"),))
def bin_lists(ev, data, spec=Integer(1)):
    if not is_list(data):
        return None
    values = [(x, float_value(x)) for x in data.args]
    values = [(x, v) for x, v in values if v is not None]
    if is_list(spec) and len(spec.args) == 3:
        lo, hi, dx = (float_value(x) for x in spec.args)
    else:
        dx = float_value(spec)
        if dx is None or dx <= 0 or not values:
            return None if dx is None or dx <= 0 else Expr(LIST)
        lo = math.floor(min(v for _, v in values) / dx) * dx
        hi = (math.floor(max(v for _, v in values) / dx) + 1) * dx
    if None in (lo, hi, dx) or dx <= 0 or hi < lo:
        return None
    count = max(0, int(round((hi - lo) / dx)))
    bins = [[] for _ in range(count)]
    for x, v in values:
        if lo <= v < hi:
            bins[min(int((v - lo) // dx), count - 1)].append(x)
    return Expr.from_args(LIST, (Expr.from_args(LIST, b) for b in bins))


@builtin("MovingMedian", argc=2,
         usage="MovingMedian[list, r] is the list of the medians of each run of r consecutive "
               "elements.",
         examples=(("MovingMedian[{1, 5, 2, 8, 3}, 3]", "{2, 5, 3}"),))
def moving_median(ev, data, r):
    if type(r) is not Integer or r.value < 1:
        return None
    return Expr(S.Map, S.Median, Expr(S.Partition, data, r, Integer(1)))


@builtin("ExponentialMovingAverage", argc=2,
         usage="ExponentialMovingAverage[list, a] is the exponential moving average of list "
               "with smoothing a: y1 = x1, yk = y(k-1) + a (xk - y(k-1)).",
         examples=(("ExponentialMovingAverage[{1, 2, 3, 4}, 1/2]", "{1, 3/2, 9/4, 25/8}"),))
def exponential_moving_average(ev, data, a):
    if not is_list(data) or not data.args:
        return None
    y = S["y"]
    x = S["x"]
    step = Expr(S.Function, Expr(S.List, y, x),
                Expr(S.Plus, y, Expr(S.Times, a, Expr(S.Subtract, x, y))))
    return Expr(S.FoldList, step, data.args[0], Expr.from_args(LIST, data.args[1:]))
