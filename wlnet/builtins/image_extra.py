"""Image operations that net programs use on their data: Binarize, ImageQ.

    Binarize[image]          black and white at a threshold found from the image (Otsu's:
                             the one that best separates two classes of grey levels)
    Binarize[image, t]       white where the grey level exceeds t
    Binarize[image, {t1, t2}] white where it lies within [t1, t2]

Colour images are binarized on their luminance.  The result is a one-channel "Bit" image of
0s and 1s (ImageData gives integers 0 and 1, as in WL).
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins.images import IMGINV
from wlnet.core.expr import Expr, Integer, Real, S, Symbol
from wlnet.core.image import Image, convert
from wlnet.core.registry import builtin


def otsu_threshold(grey: np.ndarray, bins: int = 256) -> float:
    """The threshold between 0 and 1 that maximises the variance between the levels below
    and above it."""
    counts, edges = np.histogram(np.clip(grey, 0, 1), bins=bins, range=(0.0, 1.0))
    centres = (edges[:-1] + edges[1:]) / 2
    weight_below = np.cumsum(counts)
    weight_above = weight_below[-1] - weight_below
    mass_below = np.cumsum(counts * centres)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_below = mass_below / weight_below
        mean_above = (mass_below[-1] - mass_below) / weight_above
        between = weight_below * weight_above * (mean_below - mean_above) ** 2
    between = np.nan_to_num(between[:-1], nan=-1.0)
    if not between.size or between.max() <= 0:
        return 0.5
    # every threshold in an empty gap between two populations separates them equally
    # well: take the middle of the best ones
    best = np.flatnonzero(between >= between.max() * (1 - 1e-9))
    return float(edges[1:][(best[0] + best[-1]) // 2])


def _number(e) -> float | None:
    return float(e.value) if type(e) in (Integer, Real) else None


@builtin(argc=(1, 2), attributes=("Protected",),
         messages={"imginv": IMGINV, "thr": "`1` is not a valid threshold (a number or "
                                            "{low, high})."},
         usage="Binarize[image] makes image black and white at a threshold found from its "
               "grey levels (Otsu's method); Binarize[image, t] at the grey level t; "
               "Binarize[image, {t1, t2}] white for levels from t1 to t2.",
         examples=(("ImageData[Binarize[Image[{{0.1, 0.9}, {0.4, 0.6}}], 0.5]]",
                    "{{0, 1}, {0, 1}}"),))
def Binarize(ev, img, *spec):
    if type(img) is not Image:
        ev.message(S.Binarize, "imginv", img)
        return None
    grey = img if img.color_space == "Grayscale" and not img.has_alpha else convert(img, "Grayscale")
    levels = grey.reals()
    levels = levels[..., 0] if levels.ndim == 3 else levels
    if not spec:
        white = levels > otsu_threshold(levels)
    elif _number(spec[0]) is not None:
        white = levels > _number(spec[0])
    elif type(spec[0]) is Expr and spec[0].head is S.List and len(spec[0].args) == 2 \
            and all(_number(t) is not None for t in spec[0].args):
        low, high = (_number(t) for t in spec[0].args)
        white = (levels >= low) & (levels <= high)
    else:
        ev.message(S.Binarize, "thr", spec[0])
        return None
    return Image(white, "Bit")


@builtin(argc=1, attributes=("Protected",),
         usage="ImageQ[expr] is True when expr is an image.",
         examples=(("ImageQ[Image[{{0, 1}}]]", "True"), ("ImageQ[{0.5, 0.5}]", "False")))
def ImageQ(ev, e):
    return Symbol("True") if type(e) is Image else Symbol("False")
