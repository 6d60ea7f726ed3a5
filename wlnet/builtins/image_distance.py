"""``ImageDistance[image1, image2]``: a distance between two images' pixel values.

image2 is centred on image1 and the overlapping regions are compared (the same sizes: the
whole images).  A single-channel image is repeated to the other's channel count.  Alpha
channels are left out.  DistanceFunction (EuclideanDistance by default) can be
EuclideanDistance, SquaredEuclideanDistance, NormalizedSquaredEuclideanDistance,
ManhattanDistance, ChessboardDistance, CosineDistance, CorrelationDistance (of the
flattened values), "MeanEuclideanDistance", "MeanSquaredEuclideanDistance" (the mean over
pixels of the per-pixel distance across channels) or "RootMeanSquare".
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins.images import IMGINV
from wlnet.core.expr import Real, S, String, Symbol
from wlnet.core.image import Image, drop_alpha, message_slots
from wlnet.core.registry import builtin

_MESSAGES = {
    "imginv": IMGINV,
    "dfun": "`1` is not a distance function ImageDistance knows.",
    "imgnch": "The images `1` and `2` have different numbers of channels.",
}


def _flat_distance(a: np.ndarray, b: np.ndarray):
    x, y = a.ravel(), b.ravel()
    d = x - y
    return {
        "EuclideanDistance": lambda: float(np.sqrt(np.sum(d * d))),
        "SquaredEuclideanDistance": lambda: float(np.sum(d * d)),
        "ManhattanDistance": lambda: float(np.sum(np.abs(d))),
        "ChessboardDistance": lambda: float(np.max(np.abs(d))) if d.size else 0.0,
        "CosineDistance": lambda: float(1 - x @ y / (np.linalg.norm(x) * np.linalg.norm(y))),
        "CorrelationDistance": lambda: float(1 - np.dot(x - x.mean(), y - y.mean()) / (
            np.linalg.norm(x - x.mean()) * np.linalg.norm(y - y.mean()))),
        "NormalizedSquaredEuclideanDistance": lambda: float(
            0.5 * np.var(d) / (np.var(x) + np.var(y))),
        "MeanEuclideanDistance": lambda: float(np.mean(np.sqrt(np.sum(
            (a - b) ** 2, axis=-1)))),
        "MeanSquaredEuclideanDistance": lambda: float(np.mean(np.sum((a - b) ** 2, axis=-1))),
        "RootMeanSquare": lambda: float(np.sqrt(np.mean(d * d))),
    }


def _overlap(a: np.ndarray, b: np.ndarray):
    """The regions of a and b that overlap when b is centred on a."""
    (h1, w1), (h2, w2) = a.shape[:2], b.shape[:2]
    def window(n1, n2):
        off = (n1 - n2) // 2                 # b's first row/column on a's grid
        lo, hi = max(off, 0), min(off + n2, n1)
        return slice(lo, hi), slice(lo - off, hi - off)
    (ra, rb), (ca, cb) = window(h1, h2), window(w1, w2)
    return a[ra, ca], b[rb, cb]


def _channels(a: np.ndarray, b: np.ndarray):
    if a.shape[-1] == b.shape[-1]:
        return a, b
    if a.shape[-1] == 1:
        return np.repeat(a, b.shape[-1], axis=-1), b
    if b.shape[-1] == 1:
        return a, np.repeat(b, a.shape[-1], axis=-1)
    return None


@builtin("ImageDistance", argc=(2, None), messages=_MESSAGES,
         options={Symbol("DistanceFunction"): Symbol("EuclideanDistance")},
         usage="ImageDistance[image1, image2] is the Euclidean distance between the pixel "
               "values of image2 centred on image1 (their overlap); DistanceFunction -> f "
               "picks another distance (ManhattanDistance, \"MeanEuclideanDistance\", "
               "\"RootMeanSquare\"…).",
         examples=(("ImageDistance[Image[{{0, 1}}], Image[{{0, 0}}]]", "1."),))
def image_distance(ev, a, b, *rest):
    options = {getattr(r.args[0], "name", None): r.args[1] for r in rest
               if type(r) is not Image and getattr(r, "head", None) in (S.Rule, S.RuleDelayed)}
    if len(options) != len(rest):
        return None                       # a position argument: not available
    for img in (a, b):
        if type(img) is not Image:
            ev.message(S.ImageDistance, "imginv", *message_slots(img))
            return None
    f = options.get("DistanceFunction", Symbol("EuclideanDistance"))
    name = f.name if type(f) is Symbol else f.value if type(f) is String else None
    pa, pb = _overlap(drop_alpha(a).reals(), drop_alpha(b).reals())
    matched = _channels(pa, pb)
    if matched is None:
        ev.message(S.ImageDistance, "imgnch", a, b)
        return None
    table = _flat_distance(*(m.astype(np.float64) for m in matched))
    if name not in table:
        ev.message(S.ImageDistance, "dfun", f)
        return None
    return Real(table[name]())
