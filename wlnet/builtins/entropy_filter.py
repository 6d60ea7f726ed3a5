"""EntropyFilter: each value replaced by the entropy of the values around it.

    EntropyFilter[data, r]              the neighbourhood: a block of 2r+1 values in every
        dimension, centred on the value
    EntropyFilter[data, {r1, r2, …}]    radius ri in the i-th dimension (0: no filtering
        along it)

The entropy is Entropy's, -Σ p Log[p] over the distinct values of the block (p: the share
of the block each has); at the data's edges the block is cut to the part inside (smaller
neighbourhoods, as WL's page says).  Numeric arrays of any rank and 2D images (each colour
channel on its own; the alpha channel kept) give machine reals, through one sort of every
block at once; arrays with exact or symbolic entries give Entropy's exact results.  A real
image whose values rarely repeat has the largest entropy everywhere (WL's page notes the
same and suggests ColorQuantize first).
"""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np

from wlnet.builtins._listutil import is_list
from wlnet.core.expr import Expr, Integer, Rational, S, Symbol
from wlnet.core.image import Image, keeps_display_options, with_data
from wlnet.core.packed import list_from_array, packed_array, to_packed
from wlnet.core.registry import builtin
from wlnet.graphics.values import number

_MESSAGES = {
    "imginv": "Expecting an image or an array instead of `1`.",
    "arg": "`1` is not a radius (a nonnegative integer or a list of them, one for each "
           "dimension of the data).",
}

_OUTSIDE = -1        # the label of the places beyond the data's edge


def _labels(values: np.ndarray) -> np.ndarray:
    """Each value's rank among the distinct values: equal values share a label."""
    return np.unique(values, return_inverse=True)[1].reshape(values.shape)


def entropy_of_blocks(labels: np.ndarray, radii: tuple) -> np.ndarray:
    """The entropy of the labels in the block around each place (cut at the edges).

    The blocks are sorted; in a sorted block the j-th copy of a value adds
    j log j - (j-1) log(j-1), so the sum of the copies of a value counted c times is
    c log c, and the entropy of n values is log n - Σ c log c / n."""
    padded = np.pad(labels, [(r, r) for r in radii], constant_values=_OUTSIDE)
    shape = tuple(2 * r + 1 for r in radii)
    blocks = np.lib.stride_tricks.sliding_window_view(padded, shape)
    blocks = np.sort(blocks.reshape(labels.shape + (-1,)), axis=-1)
    inside = blocks != _OUTSIDE
    position = np.arange(blocks.shape[-1])
    starts = np.concatenate([np.ones(labels.shape + (1,), dtype=bool),
                             blocks[..., 1:] != blocks[..., :-1]], axis=-1)
    run_start = np.maximum.accumulate(np.where(starts, position, 0), axis=-1)
    j = (position - run_start + 1).astype(np.float64)
    previous = j - 1
    with np.errstate(divide="ignore", invalid="ignore"):
        gain = j * np.log(j) - np.where(previous > 0, previous * np.log(previous), 0.0)
    n = inside.sum(axis=-1)
    return np.log(n) - np.where(inside, gain, 0.0).sum(axis=-1) / n


def _radii(ev, r, rank: int) -> tuple | None:
    items = list(r.args) if is_list(r) else [r] * rank
    if len(items) != rank:
        return None
    values = [number(ev.evaluate(Expr(S.N, item))) for item in items]
    if any(v is None or v < 0 for v in values):
        return None
    return tuple(int(round(v)) for v in values)


def _exact_entropy(values: list) -> Expr:
    """Entropy's exact form for a block: -Σ (c/n) Log[c/n]."""
    n = len(values)
    terms = [Expr(S.Times, Rational(-c, n) if c != n else Integer(-1),
                  Expr(S.Log, Rational(c, n) if c != n else Integer(1)))
             for c in Counter(values).values()]
    return Expr.from_args(S.Plus, terms)


def _exact_filter(ev, data: Expr, radii: tuple):
    """The filter on an array with exact or symbolic entries (a loop over its places:
    this is symbolic work, not a numeric hot path)."""
    array = np.empty(_dimensions(data), dtype=object)
    for index in itertools.product(*map(range, array.shape)):
        part = data
        for i in index:
            part = part.args[i]
        array[index] = part
    out = np.empty(array.shape, dtype=object)
    for index in itertools.product(*map(range, array.shape)):
        block = array[tuple(slice(max(i - r, 0), i + r + 1) for i, r in zip(index, radii))]
        out[index] = ev.evaluate(_exact_entropy(list(block.ravel())))
    return _nested(out)


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


@builtin("EntropyFilter", argc=(2, None), messages=_MESSAGES,
         usage="EntropyFilter[data, r] replaces each value (pixel) by the entropy of the "
               "values in its range-r block (smaller at the edges); {r1, r2, …} a radius "
               "per dimension.  Images and arrays of any rank.",
         examples=(("EntropyFilter[{1., 1., 1., 2., 2.}, 1] == "
                    "N[{0, 0, Log[3] - 2 Log[2]/3, Log[3] - 2 Log[2]/3, 0}]", "True"),
                   ("EntropyFilter[{a, a, b}, 1]", "{0, -(2 Log[2/3])/3 + Log[3]/3, Log[2]}")))
@keeps_display_options
def entropy_filter(ev, data, r):
    head = Symbol("EntropyFilter")
    if type(data) is Image:
        radii = _radii(ev, r, 2)
        if radii is None:
            ev.message(head, "arg", r)
            return None
        values = data.reals()
        colour = values.shape[2] - int(data.has_alpha)
        planes = [entropy_of_blocks(_labels(values[:, :, k]), radii) if k < colour
                  else values[:, :, k] for k in range(values.shape[2])]
        return Image(np.stack(planes, axis=2).astype(np.float32), "Real32",
                     data.color_space, data.options)
    dims = _dimensions(data) if is_list(data) else ()
    if not dims:
        ev.message(head, "imginv", data)
        return None
    radii = _radii(ev, r, len(dims))
    if radii is None:
        ev.message(head, "arg", r)
        return None
    arr = packed_array(to_packed(data, coerce=True) or data)
    if arr is not None and arr.dtype.kind == "f" and arr.shape == dims:
        return list_from_array(entropy_of_blocks(_labels(arr), radii))
    return _exact_filter(ev, data, radii)
