"""Values over windows of a list: ``MovingAverage``, ``MovingMedian``,
``ExponentialMovingAverage``, ``BlockMap``, ``ArrayFilter``, ``Ratios``, ``ListConvolve``,
``ListCorrelate`` (also with overhangs and padding), ``BinCounts``, ``BinLists``, and the
resampling ``Downsample`` and ``Upsample`` (of lists and arrays; images are not taken).

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
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.packed import maybe_pack, pack, packed_array
from wlnet.core.registry import builtin, read_options

LIST = S.List
_MESSAGES = {
    "arg2": "The window `1` should be a positive integer not longer than the list.",
    "kernel": "The kernel `1` is longer than the list `2`.",
    "kspec": "`1` is not an alignment: a kernel position k, {kL, kR}, or such positions "
             "for each level of the kernel (within its length, or negative from its end).",
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
    if is_list(r) and 1 <= len(r.args) <= n:
        return _weighted_moving_average(ev, data, r)
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


def _weighted_moving_average(ev, data, weights):
    """MovingAverage[list, {w1, …, wr}]: each run of r elements weighed by the w's, over
    their total."""
    k = len(weights.args)
    arr, w = packed_array(data), packed_array(weights)
    if arr is not None and w is not None and arr.ndim == 1 and "f" in (arr.dtype.kind, w.dtype.kind):
        w = w.astype(np.float64)
        return pack(np.correlate(arr.astype(np.float64), w, mode="valid") / w.sum())
    total = Expr.from_args(S.Plus, weights.args)
    runs = (Expr(S.Divide, Expr(S.Dot, weights, Expr.from_args(LIST, data.args[i:i + k])), total)
            for i in range(len(data.args) - k + 1))
    return ev.evaluate(Expr.from_args(LIST, runs))


# ArrayFilter's functions that numpy computes over all the blocks at once
_BLOCK_REDUCERS = {"Mean": np.mean, "Total": np.sum, "Max": np.max, "Min": np.min,
                   "Median": np.median}


# ArrayFilter's Padding methods as numpy's np.pad modes: "Fixed" repeats the edge element,
# "Periodic" wraps around, "Reflected" mirrors about the edge element, "Reversed" mirrors
# with the edge element repeated; any other value is a constant padding.
_PAD_MODES = {"Fixed": "edge", "Periodic": "wrap", "Reflected": "reflect",
              "Reversed": "symmetric"}


@builtin("ArrayFilter", argc=(3, None), options={"Padding": String("Fixed")},
         messages={"range": "The range `1` should be a non-negative integer or a list of "
                            "them, one per level of the array.",
                   "padding": "Value of option Padding -> `1` should be \"Fixed\", "
                              "\"Periodic\", \"Reflected\", \"Reversed\" or a value to "
                              "pad with."},
         usage="ArrayFilter[f, array, r] replaces each element by f applied to the block of "
               "radius r around it ({r1, r2, …}: a radius per level), the array extended at "
               "its edges by its edge values; Padding -> \"Periodic\", \"Reflected\", "
               "\"Reversed\" or a value extends it otherwise.",
         examples=(("ArrayFilter[Mean, {1, 2, 3, 4, 5}, 1]", "{4/3, 2, 3, 4, 14/3}"),
                   ("ArrayFilter[Max, {{1, 2}, {3, 4}}, 1]", "{{4, 4}, {4, 4}}"),
                   ("ArrayFilter[Total, {1, 2, 3}, 1, Padding -> 0]", "{3, 6, 5}")))
def array_filter(ev, f, data, r, *options):
    split = read_options(ev, Expr(S.ArrayFilter, f, data, r, *options), options,
                         {"Padding": String("Fixed")})
    if split is None or not is_list(data):
        return None
    padding = ev.evaluate(split[1]["Padding"])
    if type(padding) is String and padding.value not in _PAD_MODES:
        ev.message(S.ArrayFilter, "padding", padding)
        return None
    radii = [nonnegative(x) for x in r.args] if is_list(r) else None
    depth = len(radii) if radii is not None else len(dimensions_of(data))
    if radii is None:
        radius = nonnegative(r)
        radii = None if radius is None else [radius] * depth
    dims = dimensions_of(data, depth)
    if radii is None or None in radii or len(dims) < depth or depth == 0:
        ev.message(S.ArrayFilter, "range", r)
        return None
    arr = packed_array(data)
    reducer = _BLOCK_REDUCERS.get(f.name) if type(f) is Symbol else None
    # integers' means and medians are exact: those take the general path; of a block of
    # depth > 1, Mean, Median and Total work down its first level only (WL's own), so only
    # Max and Min reduce a whole block there
    exact = arr is not None and arr.dtype.kind == "i" and f.name in ("Mean", "Median")
    if depth > 1 and reducer is not None and f.name not in ("Max", "Min"):
        reducer = None
    # a constant of the array's own kind pads in numpy (another kind shows in the result:
    # Max[1., 10] is 10)
    same_kind = type(padding) is String or (arr is not None and (
        type(padding), arr.dtype.kind) in ((Real, "f"), (Integer, "i")))
    constant = None if type(padding) is String else float_value(padding)
    if arr is not None and arr.ndim == depth and arr.dtype.kind in "if" and reducer is not None \
            and not exact and same_kind:
        blocks = _blocks(arr, radii, padding.value if type(padding) is String else
                         (int(padding.value) if arr.dtype.kind == "i" else constant))
        return pack(reducer(blocks, axis=tuple(range(depth, 2 * depth))))
    flat = _flatten_to(data, depth)
    index = np.arange(len(flat)).reshape(dims)
    if type(padding) is not String:                 # the padding value: one more item
        flat.append(padding)
    pad = padding.value if type(padding) is String else len(flat) - 1
    out = [Expr(f, _nested(flat, block)) for block in _blocks(index, radii, pad).reshape(
        (-1,) + tuple(2 * k + 1 for k in radii))]
    return ev.evaluate(_nested(out, np.arange(len(out)).reshape(dims)))


def nonnegative(x):
    return x.value if type(x) is Integer and x.value >= 0 else None


def _blocks(arr: np.ndarray, radii, padding="Fixed") -> np.ndarray:
    """The blocks of radius ``radii`` around every element, the array extended at its
    edges by the Padding method named ``padding`` (a number: that constant): shape dims +
    block dims."""
    widths = [(k, k) for k in radii]
    if isinstance(padding, str):
        padded = arr
        for axis, width in enumerate(widths):
            padded = _pad_axis(padded, axis, width, _PAD_MODES[padding])
    else:
        padded = np.pad(arr, widths, mode="constant", constant_values=padding)
    return np.lib.stride_tricks.sliding_window_view(padded, [2 * k + 1 for k in radii])


def _pad_axis(arr, axis: int, width, mode):
    """np.pad along one axis by ``mode``, again while the width exceeds what one pad reaches
    (a block wider than the array wraps or mirrors again); a single element mirrors to
    itself."""
    reach = arr.shape[axis] - (1 if mode == "reflect" else 0)
    if mode == "edge" or reach == 0:
        mode, reach = "edge", max(width)
    left, right = width
    while left or right:
        step = [(0, 0)] * arr.ndim
        step[axis] = (min(left, reach), min(right, reach))
        arr = np.pad(arr, step, mode=mode)
        left, right = left - step[axis][0], right - step[axis][1]
        reach = arr.shape[axis] - (1 if mode == "reflect" else 0)
    return arr


def _flatten_to(e, depth: int) -> list:
    if depth == 0:
        return [e]
    return [x for a in e.args for x in _flatten_to(a, depth - 1)]


def _nested(items: list, index: np.ndarray):
    """The nested List of ``items`` laid out as the array of indices ``index``."""
    if index.ndim == 0:
        return items[int(index)]
    return Expr.from_args(LIST, (_nested(items, sub) for sub in index))


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


# ---------------------------------------------------------------------------- overhangs
#
# ListConvolve/ListCorrelate[ker, list, {kL, kR}, p]: the first result lines list[[1]] up
# with ker[[kL]], the last lines list[[-1]] up with ker[[kR]]; the list is padded as far as
# that needs (with p, cyclically when p is a list; with the list itself, cyclically, when p
# is not given; not at all for p = {}) and correlated where the kernel fits.  A convolution
# is a correlation with the kernel reversed, its positions counted from the other end.

def _alignments(spec, kdims: list) -> list | None:
    """(kL, kR) per kernel level, 0-based, from k, {kL, kR} or per-level lists."""
    def one(e, n):
        if type(e) is not Integer or e.value == 0 or abs(e.value) > n:
            return None
        return e.value - 1 if e.value > 0 else n + e.value

    depth = len(kdims)
    if type(spec) is Integer:
        lefts = rights = [spec] * depth
    elif is_list(spec) and len(spec.args) == 2:
        left, right = spec.args
        lefts = left.args if is_list(left) else [left] * depth
        rights = right.args if is_list(right) else [right] * depth
        if len(lefts) != depth or len(rights) != depth:
            return None
    else:
        return None
    out = [(one(a, n), one(b, n)) for a, b, n in zip(lefts, rights, kdims)]
    return None if any(a is None or b is None for a, b in out) else out


def _pad_level(e, level: int, pads: list, filler):
    """``e`` padded at each level from ``level`` on by pads[level] = (before, after): the
    new elements are filler(level, index) for index outside 0 … n-1 (None: the list's own
    element at that index, taken cyclically)."""
    if level == len(pads):
        return e
    before, after = pads[level]
    items = list(e.args)
    n = len(items)

    def element(i):
        if 0 <= i < n:
            return _pad_level(items[i], level + 1, pads, filler)
        made = filler(i, n)
        if made is None:                      # cyclic: the list's own element
            return _pad_level(items[i % n], level + 1, pads, filler)
        return _constant_block(made, items[0], level + 1, pads)

    return Expr.from_args(LIST, (element(i) for i in range(-before, n + after)))


def _constant_block(value, like, level: int, pads: list):
    """An element of ``like``'s shape (padded at the deeper levels) made of ``value``."""
    if level == len(pads):
        return value
    before, after = pads[level]
    inner = _constant_block(value, like.args[0], level + 1, pads)
    return Expr.from_args(LIST, [inner] * (len(like.args) + before + after))


def _padding_filler(p):
    """The value for a padded position: None for the list's own (cyclic, p None), the
    constant p, or p's elements cyclically by position (p a list, for a 1-D list)."""
    if p is None:
        return lambda i, n: None
    if is_list(p):
        values = p.args
        return lambda i, n: values[i % len(values)]
    return lambda i, n: p


def _overhang(ev, sym, kernel, data, spec, p, reverse: bool):
    if not (is_list(kernel) and is_list(data)):
        return None
    kdims = dimensions_of(kernel)
    ddims = dimensions_of(data, len(kdims))
    if not kdims or 0 in kdims or len(ddims) < len(kdims):
        ev.message(sym, "kernel", kernel, data)
        return None
    aligned = _alignments(spec, kdims)
    if aligned is None:
        ev.message(sym, "kspec", spec)
        return None
    if reverse:          # a convolution's kernel positions count from the other end
        aligned = [(m - 1 - a, m - 1 - b) for (a, b), m in zip(aligned, kdims)]
    pads = [(a, m - 1 - b) for (a, b), m in zip(aligned, kdims)]
    if is_list(p) and not p.args:           # p = {}: no padding, only where it fits
        if any(len_ < m for len_, m in zip(ddims, kdims)):
            ev.message(sym, "kernel", kernel, data)
            return None
        pads = [(0, 0)] * len(kdims)
    if is_list(p) and p.args and len(kdims) > 1:
        return None            # cyclic padding lists of several levels are not taken here
    padded = _pad_level(data, 0, pads, _padding_filler(p))
    return _correlate(ev, sym, kernel, padded, reverse)


@builtin("ListConvolve", argc=(2, 4), messages=_MESSAGES,
         usage="ListConvolve[ker, list] is the convolution of list with the kernel ker at "
               "every position where the kernel fits: Sum[ker[[k]] list[[s - k]], …]; "
               "ListConvolve[ker, list, k] the cyclic convolution with ker[[k]] aligned with "
               "each element; {kL, kR}: list[[1]] at ker[[kL]] first, list[[-1]] at "
               "ker[[kR]] last; a fourth argument pads with that value (or list) instead of "
               "wrapping around.",
         examples=(("ListConvolve[{1, 2}, {a, b, c}]", "{2 a + b, 2 b + c}"),
                   ("ListConvolve[{1, 1}, {1, 2, 3}, 1]", "{4, 3, 5}"),
                   ("ListConvolve[{1, 1}, {1, 2, 3}, {1, -1}, 0]", "{1, 3, 5, 3}")))
def list_convolve(ev, kernel, data, spec=None, p=None):
    if spec is None:
        return _correlate(ev, S.ListConvolve, kernel, data, reverse=True)
    return _overhang(ev, S.ListConvolve, kernel, data, spec, p, reverse=True)


@builtin("ListCorrelate", argc=(2, 4), messages=_MESSAGES,
         usage="ListCorrelate[ker, list] is the correlation of the kernel ker with list at "
               "every position where the kernel fits: Sum[ker[[k]] list[[s + k]], …]; "
               "ListCorrelate[ker, list, k] the cyclic correlation with ker[[k]] aligned "
               "with each element; {kL, kR}: list[[1]] at ker[[kL]] first, list[[-1]] at "
               "ker[[kR]] last; a fourth argument pads with that value (or list).",
         examples=(("ListCorrelate[{1, 2}, {a, b, c}]", "{a + 2 b, b + 2 c}"),
                   ("ListCorrelate[{1, 2}, {a, b, c}, 1]", "{a + 2 b, b + 2 c, 2 a + c}"),
                   ("ListCorrelate[{1, 2}, {a, b, c}, {2, 1}, 0]", "{2 a, a + 2 b, b + 2 c, c}")))
def list_correlate(ev, kernel, data, spec=None, p=None):
    if spec is None:
        return _correlate(ev, S.ListCorrelate, kernel, data, reverse=False)
    return _overhang(ev, S.ListCorrelate, kernel, data, spec, p, reverse=False)


def _binned(data, spec):
    """The elements of data in each bin of spec ({min, max, dx}, or dx: bins from a
    multiple of dx covering the data), as lists of elements; None for a bad spec."""
    pairs = [(x, float_value(x)) for x in data.args]
    pairs = [(x, v) for x, v in pairs if v is not None]
    values = [v for _, v in pairs]
    if is_list(spec) and len(spec.args) == 3:
        lo, hi, dx = (float_value(x) for x in spec.args)
    else:
        dx = float_value(spec)
        if dx is None or dx <= 0:
            return None
        if not values:
            return []
        lo = math.floor(min(values) / dx) * dx
        hi = (math.floor(max(values) / dx) + 1) * dx
    if None in (lo, hi, dx) or dx <= 0 or hi < lo:
        return None
    # bins of width dx from min until one reaches max: a last bin that max cuts short
    # still counts (the tolerance keeps a whole number of bins from gaining an empty one)
    count = max(0, math.ceil((hi - lo) / dx - 1e-10))
    bins = [[] for _ in range(count)]
    for x, v in pairs:
        if lo <= v < hi:
            bins[min(int((v - lo) // dx), count - 1)].append(x)
    return bins


@builtin("BinCounts", argc=(1, 2),
         usage="BinCounts[data, {min, max, dx}] counts the data in the bins [min, min + dx), "
               "…, up to max; BinCounts[data, dx] uses bins from a multiple of dx; "
               "BinCounts[data] bins of width 1.",
         examples=(("BinCounts[{1, 3, 2, 1, 4, 5, 6, 2}, {0, 10, 2}]", "{2, 3, 2, 1, 0}"),))
def bin_counts(ev, data, spec=Integer(1)):
    if not is_list(data):
        return None
    bins = _binned(data, spec)
    return None if bins is None else Expr.from_args(LIST, (Integer(len(b)) for b in bins))


@builtin("BinLists", argc=(1, 2),
         usage="BinLists[data, {min, max, dx}] gives the elements of data in each bin [min, "
               "min + dx), …; BinLists[data, dx] bins from a multiple of dx; BinLists[data] "
               "bins of width 1.",
         examples=(("BinLists[{1, 3, 2, 1, 4, 5, 6, 2}, {0, 10, 2}]",
                    "{{1, 1}, {3, 2, 2}, {4, 5}, {6}, {}}"),))
def bin_lists(ev, data, spec=Integer(1)):
    if not is_list(data):
        return None
    bins = _binned(data, spec)
    return None if bins is None else Expr.from_args(LIST, (Expr.from_args(LIST, b) for b in bins))


@builtin("MovingMedian", argc=2, messages=_MESSAGES,
         usage="MovingMedian[list, r] is the list of the medians of each run of r consecutive "
               "elements of list.",
         examples=(("MovingMedian[{1, 5, 2, 8, 3}, 3]", "{2, 5, 3}"),))
def moving_median(ev, data, r):
    if not is_list(data):
        return None
    n = len(data.args)
    if type(r) is not Integer or not 1 <= r.value <= n:
        ev.message(S.MovingMedian, "arg2", r)
        return None
    k = r.value
    return ev.evaluate(Expr.from_args(LIST, (Expr(S.Median, Expr.from_args(LIST, data.args[i:i + k]))
                                             for i in range(n - k + 1))))


@builtin("ExponentialMovingAverage", argc=2,
         messages={"alpha": "The smoothing constant `1` should be a number between 0 and 1."},
         usage="ExponentialMovingAverage[list, α] is the exponential moving average of list: "
               "y1 = x1, yk = yk-1 + α (xk - yk-1).",
         examples=(("ExponentialMovingAverage[{1, 3, 5}, 1/2]", "{1, 2, 7/2}"),))
def exponential_moving_average(ev, data, alpha):
    if not is_list(data) or not data.args:
        return None
    a = float_value(alpha)                  # a symbol stays symbolic: {a, a + α (b - a), …}
    if a is not None and not 0 <= a <= 1:
        ev.message(S.ExponentialMovingAverage, "alpha", alpha)
        return None
    arr = packed_array(data)
    if a is not None and arr is not None and arr.dtype.kind == "f":
        # the recurrence as a first-order filter: y[k] - (1 - a) y[k-1] = a x[k], from y0 = x0
        from scipy.signal import lfilter
        initial = np.asarray([(1 - a) * arr[0]]).reshape((1,) + arr.shape[1:])
        out, _ = lfilter([a], [1.0, -(1 - a)], arr, axis=0, zi=initial)
        out[0] = arr[0]
        return pack(out)
    out = [data.args[0]]
    for x in data.args[1:]:
        out.append(ev.evaluate(Expr(S.Plus, out[-1], Expr(S.Times, alpha,
                                                          Expr(S.Plus, x, Expr(S.Times, Integer(-1), out[-1]))))))
    return Expr.from_args(LIST, out)


@builtin("BlockMap", argc=(3, 4),
         usage="BlockMap[f, list, n] applies f to the non-overlapping blocks of n elements of "
               "list (a shorter block at the end is dropped); BlockMap[f, list, n, d] to blocks "
               "with offset d.",
         examples=(("BlockMap[Total, Range[7], 2]", "{3, 7, 11}"),
                   ("BlockMap[f, {a, b, c, d}, 2, 1]", "{f[{a, b}], f[{b, c}], f[{c, d}]}")))
def block_map(ev, f, data, n, d=None):
    blocks = ev.evaluate(Expr(S.Partition, data, n, *(() if d is None else (d,))))
    if not is_list(blocks):                # Partition said why, or left it unevaluated
        return None
    return ev.evaluate(Expr(S.Map, f, blocks))


# ---------------------------------------------------------------------------- resampling

def _per_level(spec, depth: int) -> list | None:
    """A factor or offset for each of the first ``depth`` levels: one integer for all of
    them, or a list of integers (as many as it names; the others 1)."""
    if type(spec) is Integer:
        return [spec.value] * depth
    if is_list(spec) and spec.args and all(type(a) is Integer for a in spec.args) \
            and len(spec.args) <= depth:
        return [a.value for a in spec.args] + [1] * (depth - len(spec.args))
    return None


def _resampling_specs(ev, sym, array, n, offset):
    """(factors, offsets) over the array's levels, or None after a message."""
    depth = len(dimensions_of(array))
    factors = _per_level(n, depth)
    if factors is None or any(f < 1 for f in factors):
        ev.message(sym, "factor", n)
        return None
    offsets = _per_level(offset, len(factors)) if offset is not None else [1] * len(factors)
    if offsets is None or any(not 1 <= o <= f for o, f in zip(offsets, factors)):
        ev.message(sym, "offset", offset if offset is not None else Integer(1), n)
        return None
    return factors, offsets


def _downsampled(e, level: int, factors, offsets):
    if level == len(factors):
        return e
    kept = e.args[offsets[level] - 1::factors[level]]
    return Expr.from_args(LIST, (_downsampled(x, level + 1, factors, offsets) for x in kept))


def _upsampled(e, level: int, factors, offsets, fill):
    if level == len(factors):
        return e
    inner = [_upsampled(x, level + 1, factors, offsets, fill) for x in e.args]
    blank = _filled_like(inner[0], fill) if inner else fill
    out = []
    for x in inner:
        block = [blank] * factors[level]
        block[offsets[level] - 1] = x
        out += block
    return Expr.from_args(LIST, out)


def _filled_like(e, fill):
    return Expr.from_args(LIST, [_filled_like(e.args[0], fill)] * len(e.args)) \
        if is_list(e) and e.args else fill


_RESAMPLE_MESSAGES = {
    "factor": "`1` is not a positive integer factor (or a list of them, one for each level).",
    "offset": "The offset `1` should be an integer from 1 to the factor `2` (or a list of them).",
}


@builtin("Downsample", argc=(2, 3), messages=_RESAMPLE_MESSAGES,
         usage="Downsample[array, n] keeps every n-th element of array from the first; "
               "Downsample[array, n, offset] from the offset-th; {n1, n2, …} gives a factor "
               "for each level.",
         examples=(("Downsample[{a, b, c, d, e}, 2]", "{a, c, e}"),
                   ("Downsample[Range[10], 3, 2]", "{2, 5, 8}")))
def downsample(ev, array, n, offset=None):
    if not is_list(array):
        return None
    specs = _resampling_specs(ev, Symbol("Downsample"), array, n, offset)
    if specs is None:
        return None
    arr = packed_array(maybe_pack(array, 1))
    if arr is not None:
        index = tuple(slice(o - 1, None, f) for f, o in zip(*specs))
        return pack(arr[index])
    return _downsampled(array, 0, *specs)


@builtin("Upsample", argc=(2, 4), messages=_RESAMPLE_MESSAGES,
         usage="Upsample[array, n] puts n - 1 zeros after each element of array; "
               "Upsample[array, n, offset] puts each element at position offset of its block "
               "of n; Upsample[array, n, offset, val] fills with val; {n1, n2, …} gives a "
               "factor for each level.",
         examples=(("Upsample[{a, b, c}, 2]", "{a, 0, b, 0, c, 0}"),
                   ("Upsample[{1, 2}, 3, 2, x]", "{x, 1, x, x, 2, x}")))
def upsample(ev, array, n, offset=None, fill=Integer(0)):
    if not is_list(array):
        return None
    specs = _resampling_specs(ev, Symbol("Upsample"), array, n, offset)
    if specs is None:
        return None
    factors, offsets = specs
    arr = packed_array(maybe_pack(array, 1))        # machine numbers: numpy, of their type
    value = float_value(fill) if type(fill) is not Expr else None
    if arr is not None and value is not None and (arr.dtype.kind == "f" or type(fill) is Integer):
        shape = tuple(d * f for d, f in zip(arr.shape, factors)) + arr.shape[len(factors):]
        out = np.full(shape, value, dtype=np.result_type(arr.dtype, type(fill.value)))
        out[tuple(slice(o - 1, None, f) for f, o in zip(factors, offsets))] = arr
        return pack(out)
    return _upsampled(array, 0, factors, offsets, fill)
