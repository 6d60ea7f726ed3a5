"""The filters that replace each value by a statistic of the block of values around it:
MeanFilter, MedianFilter, MinFilter, MaxFilter, RangeFilter, StandardDeviationFilter,
GeometricMeanFilter, HarmonicMeanFilter, CommonestFilter and EntropyFilter; and MeanShiftFilter
(the mean of the values of the block within a distance d of the value) and WienerFilter
(the adaptive Wiener filter; its blocks whole, Padding "Fixed" by default as its page says)
and KuwaharaFilter (the mean of the least-varying of the blocks having the place as a
corner).

    F[data, r]              the block: 2r+1 values in every dimension, centred on the value
    F[data, {r1, r2, …}]    radius ri in the i-th dimension (0: no filtering along it)
    Padding -> p            the data padded with p ("Fixed", "Periodic", "Reflected",
        "Reversed", a value, or a colour for an image) so that every block is whole

As WL's pages say, at the edges the block is cut to the part inside the data (smaller
neighbourhoods) unless a Padding is given.  Data: numeric arrays of any rank and 2D images.
Per channel of an image: the mean, range, standard deviation, geometric and harmonic means
and the entropy; the minimum, maximum, median and commonest pick a whole pixel: the one of
least, greatest or median total intensity in the block, or the commonest pixel vector
(WL's pages for MinFilter, MedianFilter, CommonestFilter).  An alpha channel is kept.

Integer data give exact results where WL's functions do: integers for the minimum, maximum,
range and commonest, rationals for the mean and the median of an even count; the others,
and data with exact or symbolic entries, apply WL's function (Mean, Median, Entropy, …) to
each block through the evaluator (symbolic work, not a numeric hot path).  Machine-real
data and images are whole-array computations: sums over blocks by separable box filters,
the order statistics and counts by one sort of every block (in slabs of rows, to bound
memory).  Ties: the commonest value is the centre's when it is one of the commonest, else
the smallest of them (WL picks one at random).
"""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np

from wlnet.builtins._listutil import is_list, numeric_array
from wlnet.builtins.image_processing import filter_padding
from wlnet.core.expr import Expr, Integer, Rational, S, String, Symbol
from wlnet.core.image import Image, keeps_display_options, with_data, message_slots
from wlnet.core.image3d import Image3D
from wlnet.core.packed import list_from_array, packed_array, to_packed
from wlnet.core.registry import builtin
from wlnet.graphics.values import number

_MESSAGES = {
    "imginv": "Expecting an image or an array instead of `1`.",
    "arg": "`1` is not a radius (a nonnegative integer or a list of them, one for each "
           "dimension of the data).",
    "padding": "`1` is not a padding (\"Fixed\", \"Periodic\", \"Reflected\", \"Reversed\", "
               "a value or a colour).",
}

_SLAB = 1 << 22              # block elements sorted at once (rows of places per slab)
# ndimage's boundary modes (filter_padding's) as numpy.pad's
_PAD_MODES = {"nearest": "edge", "wrap": "wrap", "mirror": "reflect", "reflect": "symmetric"}


# ---------------------------------------------------------------------------- blocks

def _sizes(radii: tuple) -> tuple:
    return tuple(2 * r + 1 for r in radii)


def block_sums(values: np.ndarray, radii: tuple) -> np.ndarray:
    """The sum of the values in each place's block, cut at the edges."""
    from scipy import ndimage
    sizes = _sizes(radii)
    return ndimage.uniform_filter(values.astype(np.float64), size=sizes, mode="constant",
                                  cval=0.0) * float(np.prod(sizes))


def block_counts(shape: tuple, radii: tuple) -> np.ndarray:
    """How many places each block holds (fewer at the edges)."""
    return np.rint(block_sums(np.ones(shape), radii))


def sorted_blocks(values: np.ndarray, radii: tuple, outside, statistic) -> np.ndarray:
    """``statistic(sorted)`` of each place's block sorted (``outside`` beyond the edges,
    chosen to sort last), computed a slab of rows at a time; ``statistic`` maps
    (…, k) sorted blocks to (…) values."""
    padded = np.pad(values, [(r, r) for r in radii], constant_values=outside)
    view = np.lib.stride_tricks.sliding_window_view(padded, _sizes(radii))
    k = int(np.prod(_sizes(radii)))
    rows_per_slab = max(1, _SLAB // max(1, k * int(np.prod(values.shape[1:]))))
    parts = []
    for start in range(0, values.shape[0], rows_per_slab):
        slab = view[start:start + rows_per_slab].reshape(
            (-1,) + values.shape[1:] + (k,))
        parts.append(statistic(np.sort(slab, axis=-1)))
    return np.concatenate(parts, axis=0)


def _run_positions(blocks: np.ndarray) -> np.ndarray:
    """For sorted blocks, each element's 1-based position within its run of equal
    values."""
    position = np.arange(blocks.shape[-1])
    starts = np.concatenate([np.ones(blocks.shape[:-1] + (1,), dtype=bool),
                             blocks[..., 1:] != blocks[..., :-1]], axis=-1)
    return position - np.maximum.accumulate(np.where(starts, position, 0), axis=-1) + 1


def _labels(values: np.ndarray) -> np.ndarray:
    """Each value's rank among the distinct values (equal values share it), from 0."""
    return np.unique(values, return_inverse=True)[1].reshape(values.shape)


# ---------------------------------------------------------------------------- statistics

def block_mean(values, radii):
    return block_sums(values, radii) / block_counts(values.shape, radii)


def block_standard_deviation(values, radii):
    """With the divisor n - 1 (StandardDeviation's); 0 for a block of one value."""
    n = block_counts(values.shape, radii)
    total, squares = block_sums(values, radii), block_sums(values * values, radii)
    with np.errstate(divide="ignore", invalid="ignore"):
        variance = np.where(n > 1, (squares - total * total / n) / (n - 1), 0.0)
    return np.sqrt(np.maximum(variance, 0.0))


def block_geometric_mean(values, radii):
    zeros = block_sums(values == 0, radii) > 0.5
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.where(values > 0, np.log(np.where(values > 0, values, 1.0)), 0.0)
        out = np.exp(block_sums(logs, radii) / block_counts(values.shape, radii))
    return np.where(zeros, 0.0, out)


def block_harmonic_mean(values, radii):
    zeros = block_sums(values == 0, radii) > 0.5
    with np.errstate(divide="ignore", invalid="ignore"):
        inverse = np.where(values != 0, 1.0 / np.where(values != 0, values, 1.0), 0.0)
        out = block_counts(values.shape, radii) / block_sums(inverse, radii)
    return np.where(zeros, 0.0, out)


def block_extreme(values, radii, largest: bool):
    from scipy import ndimage
    # the edge repeated changes no block's extreme: the cut block's
    pick = ndimage.maximum_filter if largest else ndimage.minimum_filter
    return pick(values, size=_sizes(radii), mode="nearest")


def block_range(values, radii):
    return block_extreme(values, radii, True) - block_extreme(values, radii, False)


def block_median(values, radii):
    """Median's: the middle value, or the mean of the two middle ones."""
    def middle(blocks):
        n = np.isfinite(blocks).sum(axis=-1)
        low = np.take_along_axis(blocks, ((n - 1) // 2)[..., None], axis=-1)[..., 0]
        high = np.take_along_axis(blocks, (n // 2)[..., None], axis=-1)[..., 0]
        return (low + high) / 2
    return sorted_blocks(values.astype(np.float64), radii, np.inf, middle)


def block_entropy(labels, radii):
    """Entropy's -Σ p Log[p] over the distinct labels of each block: in a sorted block the
    j-th copy of a value adds j log j - (j-1) log(j-1), so the copies of a value counted
    c times add c log c, and the entropy of n values is log n - Σ c log c / n."""
    outside = int(labels.max()) + 1 if labels.size else 0

    def entropy(blocks):
        inside = blocks != outside
        j = _run_positions(blocks).astype(np.float64)
        previous = j - 1
        with np.errstate(divide="ignore", invalid="ignore"):
            gain = j * np.log(j) - np.where(previous > 0, previous * np.log(previous), 0.0)
        n = inside.sum(axis=-1)
        return np.log(n) - np.where(inside, gain, 0.0).sum(axis=-1) / n
    return sorted_blocks(labels, radii, outside, entropy)


def block_commonest(labels, radii):
    """The commonest label of each block: the centre's when it is one of the commonest,
    else the smallest of them."""
    outside = int(labels.max()) + 1 if labels.size else 0

    def commonest(blocks):
        j = np.where(blocks != outside, _run_positions(blocks), 0)
        most = j.max(axis=-1)
        first = np.take_along_axis(blocks, np.argmax(j == most[..., None], axis=-1)[..., None],
                                   axis=-1)[..., 0]
        return np.stack([first, most], axis=-1)
    found = sorted_blocks(labels, radii, outside, commonest)
    return np.where(_centre_counts(labels, radii) == found[..., 1], labels, found[..., 0])


def _centre_counts(labels, radii):
    """How often each place's own label occurs in its block."""
    padded = np.pad(labels, [(r, r) for r in radii], constant_values=-1)
    count = np.zeros(labels.shape, dtype=np.int64)
    for offset in itertools.product(*(range(size) for size in _sizes(radii))):
        count += padded[tuple(slice(o, o + n) for o, n in zip(offset, labels.shape))] == labels
    return count


# ---------------------------------------------------------------------------- pixels

def picked_pixels(values: np.ndarray, radii: tuple, choose) -> np.ndarray:
    """(…, c) pixels (2D or 3D): in each block the pixel ``choose`` points at, given the
    blocks' total intensities (inf beyond the edges) as (…, k) arrays; ``choose`` returns
    the index within the block."""
    intensity = values.mean(axis=-1)
    sizes = _sizes(radii)
    padded_intensity = np.pad(intensity, [(r, r) for r in radii], constant_values=np.inf)
    view = np.lib.stride_tricks.sliding_window_view(padded_intensity, sizes)
    chosen = choose(view.reshape(intensity.shape + (-1,)))
    offsets = np.unravel_index(chosen, sizes)          # within the block, per axis
    rank = intensity.ndim
    index = tuple(np.arange(n).reshape([-1 if a == axis else 1 for a in range(rank)]) + offset
                  for axis, (n, offset) in enumerate(zip(intensity.shape, offsets)))
    padded = np.pad(values, [(r, r) for r in radii] + [(0, 0)], mode="edge")
    return padded[index]


def _least(blocks):
    return np.argmin(blocks, axis=-1)


def _greatest(blocks):
    return np.argmax(np.where(np.isinf(blocks), -np.inf, blocks), axis=-1)


def _median_place(blocks):
    order = np.argsort(blocks, axis=-1, kind="stable")
    n = np.isfinite(blocks).sum(axis=-1)
    return np.take_along_axis(order, ((n - 1) // 2)[..., None], axis=-1)[..., 0]


def _commonest_pixels(values: np.ndarray, radii: tuple) -> np.ndarray:
    flat = values.reshape(-1, values.shape[-1])
    unique, inverse = np.unique(flat, axis=0, return_inverse=True)
    labels = inverse.reshape(values.shape[:-1])
    return unique[block_commonest(labels, radii)]


# ---------------------------------------------------------------------------- the filters

class BlockFilter:
    """One filter: its numeric statistic per plane, or its pixel picker; its WL function
    for exact data; whether integer data stay exact in the vectorised path."""

    def __init__(self, name, wl_function, verb, plane=None, pixel=None, integral=None,
                 example=("", "")):
        self.name, self.wl_function, self.verb = name, wl_function, verb
        self.plane, self.pixel, self.integral = plane, pixel, integral
        self.example = example


def image_or_array(ev, head, data):
    """What a filter runs on: (None, 2) for an image, (its numbers, their rank) for a
    numeric array; None after head::imginv for anything else."""
    if type(data) is Image:
        return None, 2
    arr = numeric_array(ev, data)
    if arr is None:
        ev.message(head, "imginv", *message_slots(data))
        return None
    return arr, arr.ndim


def _radii(ev, r, rank: int) -> tuple | None:
    items = list(r.args) if is_list(r) else [r] * rank
    if len(items) != rank:
        return None
    values = [number(ev.evaluate(Expr(S.N, item))) for item in items]
    if any(v is None or v < 0 for v in values):
        return None
    return tuple(int(round(v)) for v in values)


def _data_and_radii(ev, head, data, r):
    """(the array of ``data``, None for an image; the radius per dimension ``r`` gives),
    or None after ``head::imginv`` (from image_or_array) or ``head::arg``."""
    found = image_or_array(ev, head, data)
    if found is None:
        return None
    arr, rank = found
    radii = _radii(ev, r, rank)
    if radii is None:
        ev.message(head, "arg", r)
        return None
    return arr, radii


def _dimensions(e) -> tuple:
    """The dimensions of the full (rectangular) array ``e``; () if it is not a list."""
    dims, level = [], [e]
    while all(is_list(x) for x in level) and level[0].args \
            and len({len(x.args) for x in level}) == 1:
        dims.append(len(level[0].args))
        level = [a for x in level for a in x.args]
    return tuple(dims)


def _nested(array: np.ndarray) -> Expr:
    if array.ndim == 1:
        return Expr.from_args(S.List, list(array))
    return Expr.from_args(S.List, [_nested(a) for a in array])


def _object_array(data: Expr, dims: tuple) -> np.ndarray:
    array = np.empty(dims, dtype=object)
    for index in itertools.product(*map(range, dims)):
        part = data
        for i in index:
            part = part.args[i]
        array[index] = part
    return array


def _exact_entropy(values: list) -> Expr:
    """Entropy's exact form for a block: -Σ (c/n) Log[c/n]."""
    n = len(values)
    terms = [Expr(S.Times, Rational(-c, n) if c != n else Integer(-1),
                  Expr(S.Log, Rational(c, n) if c != n else Integer(1)))
             for c in Counter(values).values()]
    return Expr.from_args(S.Plus, terms)


def _exact_filter(ev, spec: BlockFilter, data: Expr, dims: tuple, radii: tuple):
    """The filter of an array with exact or symbolic entries: WL's function of each
    block (the commonest by labels of the entries)."""
    array = _object_array(data, dims)
    if spec.name == "CommonestFilter":
        distinct = {}
        labels = np.vectorize(lambda e: distinct.setdefault(e, len(distinct)),
                              otypes=[np.int64])(array)
        entries = np.empty(len(distinct), dtype=object)
        for e, k in distinct.items():
            entries[k] = e
        return _nested(entries[block_commonest(labels, radii)])
    out = np.empty(dims, dtype=object)
    for index in itertools.product(*map(range, dims)):
        block = array[tuple(slice(max(i - r, 0), i + r + 1) for i, r in zip(index, radii))]
        items = list(block.ravel())
        call = _exact_entropy(items) if spec.name == "EntropyFilter" else \
            Expr(Symbol(spec.wl_function), Expr.from_args(S.List, items))
        out[index] = ev.evaluate(call)
    return _nested(out)


def _integral(ev, spec: BlockFilter, ints: np.ndarray, radii: tuple):
    """The filter of integer data, exact, by whole-array arithmetic."""
    if spec.integral == "value":
        return list_from_array(np.rint(spec.plane(ints.astype(np.float64), radii))
                               .astype(np.int64))
    if spec.integral == "mean":
        sums = np.rint(block_sums(ints, radii)).astype(np.int64)
        counts = block_counts(ints.shape, radii).astype(np.int64)
        return ev.evaluate(Expr(S.Times, list_from_array(sums),
                                Expr(S.Power, list_from_array(counts), Integer(-1))))
    if spec.integral == "median":
        doubled = np.rint(2 * block_median(ints, radii)).astype(np.int64)
        return ev.evaluate(Expr(S.Times, Expr(S.Rational, Integer(1), Integer(2)),
                                list_from_array(doubled)))
    if spec.integral == "labels":
        unique, inverse = np.unique(ints, return_inverse=True)
        return list_from_array(unique[block_commonest(inverse.reshape(ints.shape), radii)])
    return None


def _padded_image(ev, head, image, rest, radii) -> tuple | None:
    """(values padded by the radii, True) when a Padding option is given; (values, False)
    when not; None after a message."""
    values = image.reals()
    if not rest:
        return values, False
    pads = filter_padding(ev, head, rest, image)
    if pads is None:
        return None
    planes = [_pad(values[..., k], radii, pad) for k, pad in enumerate(pads)]
    return np.stack(planes, axis=-1), True


def _pad(plane, radii, pad: dict):
    widths = [(r, r) for r in radii]
    if pad["mode"] == "constant":
        return np.pad(plane, widths, constant_values=pad.get("cval", 0.0))
    return np.pad(plane, widths, mode=_PAD_MODES[pad["mode"]])


def _crop(values, radii, padded: bool):
    if not padded:
        return values
    return values[tuple(slice(r, values.shape[i] - r) for i, r in enumerate(radii))]


def _filter_image(ev, spec: BlockFilter, image, radii: tuple, rest):
    """The filter on an Image or Image3D: each channel, or (colour, with a pixel picker)
    whole pixels; alpha kept."""
    head = Symbol(spec.name)
    got = _padded_image(ev, head, image, rest, radii)
    if got is None:
        return None
    values, padded = got
    colour = values.shape[-1] - int(image.has_alpha)
    if spec.pixel is not None and colour > 1:
        picked = spec.pixel(values[..., :colour], radii)
        out = np.concatenate([picked, values[..., colour:]], axis=-1)
    else:
        out = np.stack([spec.plane(values[..., k], radii) if k < colour else values[..., k]
                        for k in range(values.shape[-1])], axis=-1)
    out = _crop(out, radii + (0,), padded)
    real = spec.name == "EntropyFilter"
    if type(image) is Image3D:
        return Image3D(out.astype(np.float32) if real else out,
                       "Real32" if real else image.image_type, image.color_space)
    if real:
        return Image(out.astype(np.float32), "Real32", image.color_space, image.options)
    return with_data(image, out)


def _filter_data(ev, spec: BlockFilter, data, radii: tuple, dims: tuple, rest):
    head = Symbol(spec.name)
    arr = packed_array(to_packed(data, coerce=True) or data)
    numeric = arr is not None and arr.shape == dims and arr.dtype.kind in "iuf"
    if rest:                                    # a Padding: whole blocks everywhere
        if not numeric:
            ev.message(head, "imginv", *message_slots(data))
            return None
        pads = filter_padding(ev, head, rest, data)
        if pads is None:
            return None
        padded = _pad(arr.astype(np.float64), radii, pads[0])
        return list_from_array(_crop(spec.plane(padded, radii), radii, True))
    if numeric and arr.dtype.kind == "f":
        return list_from_array(spec.plane(arr, radii))
    if numeric and spec.integral is not None:
        return _integral(ev, spec, arr, radii)
    return _exact_filter(ev, spec, data, dims, radii)


def _declare(spec: BlockFilter) -> None:
    def apply(ev, data, r, *rest):
        head = Symbol(spec.name)
        if any(not (type(a) is Expr and a.head is S.Rule) for a in rest):
            return None
        if type(data) in (Image, Image3D):
            rank = 2 if type(data) is Image else 3
        else:
            dims = _dimensions(data) if is_list(data) else ()
            if not dims:
                ev.message(head, "imginv", *message_slots(data))
                return None
            rank = len(dims)
        radii = _radii(ev, r, rank)
        if radii is None:
            ev.message(head, "arg", r)
            return None
        if type(data) in (Image, Image3D):
            return _filter_image(ev, spec, data, radii, rest)
        return _filter_data(ev, spec, data, radii, dims, rest)
    builtin(spec.name, argc=(2, None), messages=_MESSAGES,
            usage=f"{spec.name}[data, r] replaces each value (pixel) by the {spec.verb} of "
                  f"the values in its range-r block, smaller at the edges; {{r1, r2, …}} a "
                  f"radius per dimension; Padding -> p pads the data instead.  Images and "
                  f"arrays of any rank.", examples=spec.example)(keeps_display_options(apply))


def _entropy_plane(values, radii):
    return block_entropy(_labels(values), radii)


def _commonest_plane(values, radii):
    unique, inverse = np.unique(values, return_inverse=True)
    return unique[block_commonest(inverse.reshape(values.shape), radii)]


FILTERS = (
    BlockFilter("MeanFilter", "Mean", "mean", block_mean, integral="mean",
                example=(("MeanFilter[{0, 0, 3, 1, 0}, 1]", "{0, 1, 4/3, 4/3, 1/2}"),)),
    BlockFilter("MedianFilter", "Median", "median (for a colour image the pixel of median "
                "intensity)", block_median,
                lambda v, r: picked_pixels(v, r, _median_place), integral="median",
                example=(("MedianFilter[{1, 9, 2, 8, 3}, 1]", "{5, 2, 8, 3, 11/2}"),)),
    BlockFilter("MinFilter", "Min", "minimum (for a colour image the pixel of least "
                "intensity)", lambda v, r: block_extreme(v, r, False),
                lambda v, r: picked_pixels(v, r, _least), integral="value",
                example=(("MinFilter[{5, 1, 4, 3, 2}, 1]", "{1, 1, 1, 2, 2}"),)),
    BlockFilter("MaxFilter", "Max", "maximum (for a colour image the pixel of greatest "
                "intensity)", lambda v, r: block_extreme(v, r, True),
                lambda v, r: picked_pixels(v, r, _greatest), integral="value",
                example=(("MaxFilter[{5., 1., 4., 3., 2.}, 1]", "{5., 5., 4., 4., 3.}"),)),
    BlockFilter("RangeFilter", "Range", "range (maximum minus minimum)", block_range,
                integral="value",
                example=(("RangeFilter[{5, 1, 4, 3, 2}, 1]", "{4, 4, 3, 2, 1}"),)),
    BlockFilter("StandardDeviationFilter", "StandardDeviation", "standard deviation",
                block_standard_deviation,
                example=(("StandardDeviationFilter[{3., 3., 3.}, 1]", "{0., 0., 0.}"),)),
    BlockFilter("GeometricMeanFilter", "GeometricMean", "geometric mean",
                block_geometric_mean,
                example=(("GeometricMeanFilter[{1., 4., 2.}, 1] == {2, 2, Sqrt[8]}", "True"),)),
    BlockFilter("HarmonicMeanFilter", "HarmonicMean", "harmonic mean", block_harmonic_mean,
                example=(("HarmonicMeanFilter[{1., 3., 1.5}, 1]", "{1.5, 1.5, 2.}"),)),
    BlockFilter("CommonestFilter", "Commonest", "commonest value (for a colour image the "
                "commonest pixel)", _commonest_plane, _commonest_pixels, integral="labels",
                example=(("CommonestFilter[{0, 1, -1, 1, 2, 1, 3, 3, 3, 1}, 1]",
                          "{0, 1, 1, 1, 1, 1, 3, 3, 3, 1}"),)),
    BlockFilter("EntropyFilter", "Entropy", "entropy (-Σ p Log[p] over its distinct values)",
                _entropy_plane,
                example=(("EntropyFilter[{1., 1., 1., 2., 2.}, 1] == "
                          "N[{0, 0, Log[3] - 2 Log[2]/3, Log[3] - 2 Log[2]/3, 0}]", "True"),
                         ("EntropyFilter[{a, a, b}, 1]",
                          "{0, -(2 Log[2/3])/3 + Log[3]/3, Log[2]}"))),
)

for _spec in FILTERS:
    _declare(_spec)


# ---------------------------------------------------------------------------- mean shift

_DISTANCES = {"EuclideanDistance": lambda diff: np.sqrt((diff ** 2).sum(axis=-1)),
              "SquaredEuclideanDistance": lambda diff: (diff ** 2).sum(axis=-1),
              "ManhattanDistance": lambda diff: np.abs(diff).sum(axis=-1),
              "ChessboardDistance": lambda diff: np.abs(diff).max(axis=-1)}


def mean_shift(values: np.ndarray, radii: tuple, d: float, distance, steps: int) -> np.ndarray:
    """values (…, c): each place's value moved, ``steps`` times, to the mean of the values
    of its block (cut at the edges) within distance d of where it is now.  One
    whole-array operation per offset of the block."""
    shape = values.shape[:-1]
    padded = np.pad(values, [(r, r) for r in radii] + [(0, 0)], constant_values=np.nan)
    current = values.astype(np.float64)
    for _ in range(steps):
        total = np.zeros_like(current)
        count = np.zeros(shape)
        for offset in itertools.product(*(range(size) for size in _sizes(radii))):
            other = padded[tuple(slice(o, o + n) for o, n in zip(offset, shape))]
            with np.errstate(invalid="ignore"):
                near = distance(other - current) <= d            # NaN (outside): False
            total += np.where(near[..., None], other, 0.0)
            count += near
        current = np.where(count[..., None] > 0, total / np.maximum(count, 1)[..., None],
                           current)
    return current


@builtin("MeanShiftFilter", argc=(3, None), messages={
    **_MESSAGES, "dist": "`1` is not a distance (a nonnegative number).",
    "dfun": "`1` is not a distance function here (EuclideanDistance, "
            "SquaredEuclideanDistance, ManhattanDistance or ChessboardDistance).",
    "iter": "`1` is not a number of iterations (a positive integer)."},
         options={"DistanceFunction": Symbol("EuclideanDistance"),
                  "MaxIterations": Integer(1)},
         usage="MeanShiftFilter[data, r, d] replaces each value by the mean of the values in "
               "its range-r block (smaller at the edges) that lie within distance d of it "
               "(channel vectors for a colour image); {r1, r2, …} a radius per dimension; "
               "DistanceFunction (EuclideanDistance), MaxIterations (1) shifts.",
         examples=(("MeanShiftFilter[{1., 1.2, 5., 5.2}, 1, 1]", "{1.1, 1.1, 5.1, 5.1}"),))
@keeps_display_options
def mean_shift_filter(ev, data, r, d, *rest):
    head = Symbol("MeanShiftFilter")
    options = {a.args[0].name: a.args[1] for a in rest if type(a) is Expr
               and a.head is S.Rule and type(a.args[0]) is Symbol}
    if len(options) != len(rest):
        return None
    name = options.get("DistanceFunction", Symbol("EuclideanDistance"))
    if type(name) is not Symbol or name.name not in _DISTANCES:
        ev.message(head, "dfun", name)
        return None
    steps = options.get("MaxIterations", Integer(1))
    if not (type(steps) is Integer and steps.value > 0):
        ev.message(head, "iter", steps)
        return None
    spread = number(ev.evaluate(Expr(S.N, d)))
    if spread is None or spread < 0:
        ev.message(head, "dist", d)
        return None
    found = _data_and_radii(ev, head, data, r)
    if found is None:
        return None
    arr, radii = found
    distance = _DISTANCES[name.name]
    if arr is not None:
        return list_from_array(mean_shift(arr.astype(np.float64)[..., None], radii, spread,
                                          distance, steps.value)[..., 0])
    values = data.reals()
    colour = values.shape[2] - int(data.has_alpha)
    shifted = mean_shift(values[:, :, :colour], radii, spread, distance, steps.value)
    return with_data(data, np.concatenate([shifted, values[:, :, colour:]], axis=2))


# ---------------------------------------------------------------------------- Wiener

def wiener(values: np.ndarray, radii: tuple, noise: float | None) -> np.ndarray:
    """The adaptive Wiener filter (Lim's) of data already padded by ``radii``, cropped back:
    each value pulled from its block's mean μ toward itself by max(σ² - ν, 0) / max(σ², ν),
    σ² the block's variance (divisor n) and ν the noise power (by default the mean of the
    blocks' variances)."""
    from scipy import ndimage
    sizes = _sizes(radii)
    mean = ndimage.uniform_filter(values, size=sizes, mode="constant")
    variance = np.maximum(ndimage.uniform_filter(values * values, size=sizes, mode="constant")
                          - mean * mean, 0.0)
    inner = tuple(slice(r, n - r) for r, n in zip(radii, values.shape))
    mean, variance, values = mean[inner], variance[inner], values[inner]
    nu = float(variance.mean()) if noise is None else noise
    with np.errstate(divide="ignore", invalid="ignore"):
        gain = np.where(np.maximum(variance, nu) > 0,
                        np.maximum(variance - nu, 0.0) / np.maximum(variance, nu), 0.0)
    return mean + gain * (values - mean)


@builtin("WienerFilter", argc=(2, None), messages={
    **_MESSAGES, "noise": "`1` is not a noise power (a nonnegative number)."},
         options={"Padding": String("Fixed")},
         usage="WienerFilter[data, r] removes noise by the range-r adaptive Wiener filter "
               "(each value pulled toward its block's mean as far as the block's variance is "
               "noise); WienerFilter[data, r, ns] with noise power ns (default: the mean "
               "local variance); channels separately; Padding (\"Fixed\"; None: the result "
               "is smaller by r at each end).",
         examples=(("WienerFilter[{1., 1., 1., 1.}, 1]", "{1., 1., 1., 1.}"),
                   ("Length[WienerFilter[{1., 2., 3., 4., 5.}, 1, Padding -> None]]", "3")))
@keeps_display_options
def wiener_filter(ev, data, r, *rest):
    head = Symbol("WienerFilter")
    positional = [a for a in rest if not (type(a) is Expr and a.head is S.Rule)]
    rules = [a for a in rest if a not in positional]
    if len(positional) > 1:
        return None
    noise = None
    if positional:
        noise = number(ev.evaluate(Expr(S.N, positional[0])))
        if noise is None or noise < 0:
            ev.message(head, "noise", positional[0])
            return None
    padding = [a.args[1] for a in rules if a.args[0] == Symbol("Padding")]
    no_padding = bool(padding) and padding[0] == Symbol("None")
    found = _data_and_radii(ev, head, data, r)
    if found is None:
        return None
    arr, radii = found
    pads = [dict(mode="nearest")] * (data.channels if arr is None else 1) if no_padding \
        else filter_padding(ev, head, [a for a in rules if a.args[0] == Symbol("Padding")],
                            data)
    if pads is None:
        return None

    def filtered(plane, pad):
        if no_padding:                          # only the places whose block is whole
            return wiener(np.pad(plane, [(r, r) for r in radii], mode="edge"), radii,
                          noise)[tuple(slice(r, n - r) for r, n in zip(radii, plane.shape))]
        return wiener(_pad(plane, radii, pad), radii, noise)
    if arr is not None:
        return list_from_array(filtered(arr.astype(np.float64), pads[0]))
    values = data.reals()
    colour = values.shape[2] - int(data.has_alpha)
    planes = [filtered(values[:, :, k], pads[k]) for k in range(colour)]
    if no_padding:
        inner = tuple(slice(r, n - r) for r, n in zip(radii, values.shape[:2]))
        planes += [values[inner + (k,)] for k in range(colour, values.shape[2])]
        return Image(np.stack(planes, axis=2), data.image_type, data.color_space, data.options)
    planes += [values[:, :, k] for k in range(colour, values.shape[2])]
    return with_data(data, np.stack(planes, axis=2))


# ---------------------------------------------------------------------------- Kuwahara

def _one_sided_sums(x: np.ndarray, axis: int, r: int, forward: bool) -> np.ndarray:
    """Along ``axis``, the sum of x over [p, p + r] (forward) or [p - r, p], cut at the
    ends."""
    n = x.shape[axis]
    pad = [(0, 0)] * x.ndim
    pad[axis] = (r + 1, r)                    # a zero first, then r zeros each side
    c = np.cumsum(np.pad(x, pad), axis=axis)
    index = np.arange(n) + r + 1              # position of p in the cumulative sums
    high, low = (index + r, index - 1) if forward else (index, index - r - 1)
    return np.take(c, high, axis=axis) - np.take(c, low, axis=axis)


def _corner_sums(x: np.ndarray, radii: tuple, corner: tuple) -> np.ndarray:
    """The sums of x over the block that has each place as the corner ``corner`` (a
    direction ±1 per dimension), (r+1) places along each dimension, cut at the edges."""
    out = x
    for axis, (r, direction) in enumerate(zip(radii, corner)):
        out = _one_sided_sums(out, axis, r, direction > 0)
    return out


def kuwahara(values: np.ndarray, radii: tuple) -> tuple:
    """values (…, c): for each place, (the sums, the count) of the corner block of least
    variance (the channels' variances summed)."""
    spatial = values.shape[:-1]
    best_variance, best_sums, best_count = None, None, None
    for corner in itertools.product((-1, 1), repeat=len(spatial)):
        count = _corner_sums(np.ones(spatial), radii, corner)
        sums = np.stack([_corner_sums(values[..., k], radii, corner)
                         for k in range(values.shape[-1])], axis=-1)
        squares = np.stack([_corner_sums(values[..., k] ** 2, radii, corner)
                            for k in range(values.shape[-1])], axis=-1)
        mean = sums / count[..., None]
        variance = np.maximum(squares / count[..., None] - mean * mean, 0.0).sum(axis=-1)
        if best_variance is None:
            best_variance, best_sums, best_count = variance, sums, count
            continue
        better = variance < best_variance - 1e-12      # ties: the first corner found
        best_variance = np.where(better, variance, best_variance)
        best_sums = np.where(better[..., None], sums, best_sums)
        best_count = np.where(better, count, best_count)
    return best_sums, best_count


@builtin("KuwaharaFilter", argc=2, messages=_MESSAGES,
         usage="KuwaharaFilter[data, r] replaces each value by the mean of the one, among "
               "the (r+1)-wide blocks having it as a corner, of least variance (for several "
               "channels the sum of their variances); {r1, r2, …} a radius per dimension; "
               "smaller blocks at the edges.  Images and arrays of any rank.",
         examples=(("KuwaharaFilter[{1, 1, 1, 5, 5, 5}, 1]", "{1, 1, 1, 5, 5, 5}"),
                   ("KuwaharaFilter[{1., 2., 9.}, 1]", "{1., 1.5, 9.}")))
@keeps_display_options
def kuwahara_filter(ev, data, r):
    head = Symbol("KuwaharaFilter")
    if type(data) is Image:
        radii = _radii(ev, r, 2)
        if radii is None:
            ev.message(head, "arg", r)
            return None
        values = data.reals()
        colour = values.shape[2] - int(data.has_alpha)
        sums, count = kuwahara(values[:, :, :colour], radii)
        out = np.concatenate([sums / count[..., None], values[:, :, colour:]], axis=2)
        return with_data(data, out)
    arr = packed_array(to_packed(ev.evaluate(data), coerce=True) or data) \
        if is_list(data) else None
    if arr is None or arr.dtype.kind not in "iuf" or arr.size == 0:
        ev.message(head, "imginv", *message_slots(data))
        return None
    radii = _radii(ev, r, arr.ndim)
    if radii is None:
        ev.message(head, "arg", r)
        return None
    sums, count = kuwahara(arr.astype(np.float64)[..., None], radii)
    if arr.dtype.kind == "f":
        return list_from_array(sums[..., 0] / count)
    return ev.evaluate(Expr(S.Times, list_from_array(np.rint(sums[..., 0]).astype(np.int64)),
                            Expr(S.Power, list_from_array(count.astype(np.int64)),
                                 Integer(-1))))
