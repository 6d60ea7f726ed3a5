"""HistogramTransform: an image's values remapped so that their histogram takes a given
shape (histogram equalisation and matching).

    HistogramTransform[image]          each channel's values spread so that its histogram
        is about flat over 0 … 1 (equalisation)
    HistogramTransform[image, ref]     so that it is about the histogram of the image ref
        (channel by channel; a grey ref serves every channel), or of a list of values
    HistogramTransform[image, dist]    so that the values follow the distribution dist
        (through its InverseCDF, where wlnet knows it)

Each value is replaced by the value of the same rank (its empirical cumulative fraction)
in the target: a sorted-array interpolation per channel, no loop over pixels.  An alpha
channel is kept; the image keeps its type, colour space and display options.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import is_list
from wlnet.core.expr import Expr, Integer, Real, S, Symbol
from wlnet.core.image import Image, keeps_display_options, message_slots
from wlnet.core.packed import packed_array, to_packed
from wlnet.core.registry import builtin

_LEVELS = 1024                      # the quantiles a distribution is read at
_MESSAGES = {
    "imginv": "Expecting an image instead of `1`.",
    "ref": "`1` is not a reference image, a list of values or a distribution.",
}


def _ranks(values: np.ndarray) -> np.ndarray:
    """Each value's cumulative fraction in (0, 1): ties share the mean of their ranks."""
    flat = values.ravel()
    order = np.argsort(flat, kind="stable")
    sorted_values = flat[order]
    # ties: the midpoint of the run of equal values
    starts = np.searchsorted(sorted_values, flat, side="left")
    ends = np.searchsorted(sorted_values, flat, side="right")
    return ((starts + ends) / 2.0 / len(flat)).reshape(values.shape)


def matched(values: np.ndarray, target_quantiles: np.ndarray) -> np.ndarray:
    """``values`` mapped to the target values of the same cumulative fraction
    (``target_quantiles``: the target's sorted values)."""
    positions = np.linspace(0.0, 1.0, len(target_quantiles))
    return np.interp(_ranks(values), positions, target_quantiles)


def _targets(ev, head, ref, channels: int) -> list | None:
    """The sorted target values per channel, or None after a message."""
    if ref is None:
        return [np.linspace(0.0, 1.0, _LEVELS)] * channels
    if type(ref) is Image:
        values = ref.reals()
        values = values[:, :, :-1] if ref.has_alpha else values
        planes = [np.sort(values[:, :, min(c, values.shape[2] - 1)].ravel())
                  for c in range(channels)]
        return planes
    if is_list(ref):
        arr = packed_array(to_packed(ev.evaluate(Expr(S.N, ref)), coerce=True) or ref)
        if arr is not None and arr.dtype.kind in "iuf" and arr.size:
            return [np.sort(arr.astype(np.float64).ravel())] * channels
    # a distribution: its InverseCDF at the fractions 1/(L+1) … L/(L+1)
    fractions = [Real(i / (_LEVELS + 1)) for i in range(1, _LEVELS + 1)]
    inverse = Expr(S.Function, Expr(Symbol("InverseCDF"), ref, Expr(S.Slot, Integer(1))))
    quantiles = ev.evaluate(Expr(S.N, Expr(S.Map, inverse, Expr(S.List, *fractions))))
    arr = packed_array(to_packed(quantiles, coerce=True) or quantiles) if is_list(quantiles) \
        else None
    if arr is None or arr.dtype.kind not in "if" or arr.size != _LEVELS:
        ev.message(head, "ref", ref)
        return None
    return [arr.astype(np.float64)] * channels


@builtin("HistogramTransform", argc=(1, 2), messages=_MESSAGES,
         usage="HistogramTransform[image] equalises the histogram of each channel; "
               "HistogramTransform[image, ref] matches it to that of the image ref, of a "
               "list of values, or of a distribution.",
         examples=(("ImageData[HistogramTransform[Image[{{0.1, 0.12, 0.14, 0.9}}]]]",
                    "{{0.125, 0.375, 0.625, 0.875}}"),))
@keeps_display_options
def histogram_transform(ev, img, ref=None):
    head = Symbol("HistogramTransform")
    if type(img) is not Image:
        ev.message(head, "imginv", *message_slots(img))
        return None
    values = img.reals()
    colour = values.shape[2] - int(img.has_alpha)
    targets = _targets(ev, head, ref, colour)
    if targets is None:
        return None
    out = values.copy()
    for c in range(colour):
        out[:, :, c] = matched(values[:, :, c], targets[c])
    return Image(out, img.image_type, img.color_space)
